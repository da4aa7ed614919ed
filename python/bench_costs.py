"""Per-article costs of the Spark job's steps, measured in one process with the package, and
what they come to for 1 M, 100 M and 1 B articles (the README's "scale on paper" table).

    RAYON_NUM_THREADS=1 python bench_costs.py [--input FILE.jsonl ...] [--runs 5]

Each step is the Spark job's (``examples/spark_dedup.py``), run on one machine with the same
calls: ``fingerprint_many``; band and posting keys; the candidates from grouping the key rows
(``posting_pairs``, ``key_candidates``); ``compare`` of each candidate pair from the binary
form (what a Spark task does per pair); the clustering rule (``cluster_links``). Times are CPU
seconds of one core (run with ``RAYON_NUM_THREADS=1``), median of ``--runs``. Row sizes are
those of the rows the job shuffles, pickled as PySpark pickles them.

What the projection leaves out: Spark's scheduling, serialization and network. The job in
local mode on the dev set gives a reference for those (its stage timings, printed by
``examples/spark_dedup.py --stats``); on 1,054 articles they are dominated by fixed costs.
The projection assumes the rows per article stay as measured, which the index's bounds on
posting lists are there to ensure (keys held by many articles are followed to at most
``MAX_FOLLOW`` holders, at most ``MAX_KEY_CANDIDATES`` key candidates per article); band keys
are not bounded, so a corpus with many identical copies makes more pairs.
"""

import json
import os
import pickle
import statistics
import time
from collections import defaultdict

import bench_args
import bilingual_dedup as bd



def timed(f, runs):
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def candidates(dedup, fps):
    """The Spark job's candidate step on one machine: rows grouped by key with dicts."""
    bands, postings = defaultdict(list), defaultdict(list)
    for slot, fp in enumerate(fps):
        for k in dedup.band_keys(fp):
            bands[k].append(slot)
        for k in dedup.posting_keys(fp):
            postings[k].append(slot)
    pairs = set()
    for holders in bands.values():
        hs = sorted(holders)
        pairs.update((a, b) for i, a in enumerate(hs) for b in hs[i + 1 :])
    reached = defaultdict(list)
    followed = 0
    for holders in postings.values():
        if len(holders) > bd.MAX_POSTING:
            continue
        for q, h, w in bd.posting_pairs(holders):
            reached[q].append((h, w))
            followed += 1
    for q, r in reached.items():
        pairs.update((q, c) for c in bd.key_candidates(q, r) if c > q)
    band_rows = sum(len(v) for v in bands.values())
    posting_rows = sum(len(v) for v in postings.values())
    return sorted(pairs), band_rows, posting_rows, followed


def main():
    ap = bench_args.parser(__doc__)
    args = ap.parse_args()
    arts = []
    for p in args.input:
        with open(p, encoding="utf-8") as f:
            arts.extend(json.loads(line) for line in f if line.strip())
    n = len(arts)
    mb = sum(len((a.get("title") or "").encode()) + len(a["text"].encode()) for a in arts) / 1e6
    dedup = bd.Dedup()
    dedup.fingerprint_many(arts[:100])  # warm up

    t_fp, fps = timed(lambda: dedup.fingerprint_many(arts), args.runs)
    fps = [f for f in fps if isinstance(f, bd.Fingerprint)]
    t_keys, _ = timed(lambda: [(dedup.band_keys(f), dedup.posting_keys(f)) for f in fps], args.runs)
    t_cand, (pairs, band_rows, posting_rows, followed) = timed(lambda: candidates(dedup, fps), args.runs)
    blobs = [f.to_bytes() for f in fps]

    def compare_all():
        out = []
        for a, b in pairs:
            m = dedup.compare(bd.Fingerprint.from_bytes(blobs[a]), bd.Fingerprint.from_bytes(blobs[b]))
            if m.verdict == "same_event":
                out.append((a, b, m.score))
        return out

    t_cmp, links = timed(compare_all, args.runs)
    langs = [f.lang for f in fps]
    t_rule, _ = timed(lambda: dedup.cluster_links(langs, links), args.runs)
    t_whole, _ = timed(lambda: dedup.cluster(fps), args.runs)

    k = len(fps)
    fp_bytes = sum(map(len, blobs)) / k
    row = {
        "band": len(pickle.dumps((3_000_000_000, 123_456_789))),
        "posting": len(pickle.dumps((3_000_000_000, 123_456_789))),
        "followed": len(pickle.dumps((123_456_789, (123_456_790, 1234)))),
        "pair": len(pickle.dumps((123_456_789, 123_456_790))),
        "fingerprint": len(pickle.dumps((123_456_789, blobs[0]))) - len(blobs[0]),
    }
    per = {
        "band_rows": band_rows / k,
        "posting_rows": posting_rows / k,
        "followed_rows": followed / k,
        "candidate_pairs": len(pairs) / k,
        "links": len(links) / k,
    }
    # Shuffled per article: key rows, followed rows, candidate pairs; the fingerprint table
    # twice (the two joins that bring both fingerprints to a pair) and each pair's first
    # fingerprint once more (carried into the second join).
    shuffled_rows = per["band_rows"] + per["posting_rows"] + per["followed_rows"] + 3 * per["candidate_pairs"] + 2
    shuffled_bytes = (
        per["band_rows"] * row["band"]
        + per["posting_rows"] * row["posting"]
        + per["followed_rows"] * row["followed"]
        + per["candidate_pairs"] * (3 * row["pair"] + fp_bytes + row["fingerprint"])
        + 2 * (fp_bytes + row["fingerprint"])
    )
    cpu = {
        "fingerprint": t_fp / n,
        "keys": t_keys / k,
        "candidates": t_cand / k,
        "compare": t_cmp / k,
        "cluster rule": t_rule / k,
    }
    total = sum(cpu.values())
    print(f"input: {n} articles, {mb:.2f} MB ({', '.join(args.input)}); "
          f"threads: {os.environ.get('RAYON_NUM_THREADS', os.cpu_count())}; median of {args.runs}")
    print(f"fingerprint: {1e6 * t_fp / n:.0f} us/article ({mb / t_fp:.1f} MB/s), "
          f"{fp_bytes:.0f} bytes each (binary form)")
    for name, v in per.items():
        print(f"{name} per article: {v:.2f}")
    print(f"compare from bytes: {1e6 * t_cmp / max(1, len(pairs)):.1f} us/pair")
    print(f"one-machine Dedup.cluster (index, candidates, scoring, rule): {1e6 * t_whole / k:.0f} us/article")
    for name, v in cpu.items():
        print(f"cpu {name}: {1e6 * v:.0f} us/article")
    print(f"cpu total: {1e6 * total:.0f} us/article; shuffled {shuffled_rows:.0f} rows, "
          f"{shuffled_bytes / 1e3:.1f} KB per article")
    print()
    def si(x, unit):
        for scale, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
            if x >= scale:
                return f"{x / scale:.3g} {prefix}{unit}"
        return f"{x:.3g} {unit}"

    print("| articles | rows shuffled | bytes shuffled | fingerprints (binary) | core-hours (CPU of the steps) |")
    print("|---|---|---|---|---|")
    for label, count in (("1 M", 1e6), ("100 M", 1e8), ("1 B", 1e9)):
        print(
            f"| {label} | {si(shuffled_rows * count, 'rows')} | {si(shuffled_bytes * count, 'B')} | "
            f"{si(fp_bytes * count, 'B')} | {total * count / 3600:.3g} |"
        )

if __name__ == "__main__":
    main()
