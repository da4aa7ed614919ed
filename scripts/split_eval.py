#!/usr/bin/env python3
"""Split the drafted labelled data (eval/independent/parts/part*.jsonl) into a tuning part and a held-out
part, by story group, so that an event, its reports and its hard negatives are always on the
same side.

Rule (fixed before any result was looked at): within each part, groups linked by a judgment are
joined into one unit (named by its smallest group); order the units by the SHA-256 of their name
and send the first third (rounded up) to the held-out part. Tuning (examples/tune.rs,
any threshold or weight choice) reads only eval/independent/tune*.jsonl.

    python3 scripts/split_eval.py        # writes eval/independent/{tune,heldout}{,.judgments}.jsonl
"""
import glob
import hashlib
import json
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DRAFTS = os.path.join(ROOT, "eval", "independent", "parts")
OUT = os.path.join(ROOT, "eval", "independent")


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    os.makedirs(OUT, exist_ok=True)
    split = {"tune": ([], []), "heldout": ([], [])}
    for part in sorted(glob.glob(os.path.join(DRAFTS, "part*.jsonl"))):
        if part.endswith(".judgments.jsonl"):
            continue
        arts = read(part)
        judg = read(part[: -len(".jsonl")] + ".judgments.jsonl")
        group_of_event = {a["event"]: a["meta"]["group"] for a in arts}
        # Units: groups joined through judgments (union-find by smallest name).
        parent = {g: g for g in group_of_event.values()}

        def find(g):
            while parent[g] != g:
                g = parent[g]
            return g

        for j in judg:
            a, b = find(group_of_event[j["event_a"]]), find(group_of_event[j["event_b"]])
            if a != b:
                parent[max(a, b)] = min(a, b)
        units = sorted({find(g) for g in parent},
                       key=lambda g: hashlib.sha256(g.encode()).hexdigest())
        held = set(units[: math.ceil(len(units) / 3)])
        side = lambda event: "heldout" if find(group_of_event[event]) in held else "tune"
        for a in arts:
            split[side(a["event"])][0].append(a)
        for j in judg:
            if side(j["event_a"]) != side(j["event_b"]):
                sys.exit(f"{part}: judgment {j} crosses the split")
            split[side(j["event_a"])][1].append(j)
    for name, (arts, judg) in split.items():
        with open(os.path.join(OUT, f"{name}.jsonl"), "w", encoding="utf-8") as f:
            for a in arts:
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
        with open(os.path.join(OUT, f"{name}.judgments.jsonl"), "w", encoding="utf-8") as f:
            for j in judg:
                f.write(json.dumps(j, ensure_ascii=False) + "\n")
        events = {a["event"] for a in arts if a["meta"]["kind"] == "report"}
        print(f"{name}: {len(arts)} articles, {len(events)} events, "
              f"{sum(1 for a in arts if a['meta']['kind'] != 'report')} hard negatives, "
              f"{len(judg)} judgments")


if __name__ == "__main__":
    main()
