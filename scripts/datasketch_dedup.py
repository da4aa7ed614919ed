#!/usr/bin/env python3
"""The near-duplicate job a Python user would write with datasketch, for speed comparisons.

Reads a JSON Lines file of articles (`id`, `title`, `text`), and for each article:
lowercase, split into word unigrams (`\\w+`), a 128-permutation MinHash of the set of
words; all signatures go into a MinHashLSH index (Jaccard threshold 0.5); each article is
queried, its candidates are ranked by estimated Jaccard similarity, and the candidate pairs
become clusters through union-find. Writes one line per article,
`{"id", "cluster", "matches": [{"id", "score"}]}` (best 5 first), like the crate's `dedup`
job, minus the language analysis and the explanations.

    python3 scripts/datasketch_dedup.py INPUT.jsonl OUTPUT.jsonl

Prints the seconds spent after the imports (`job_seconds=...`) on stderr, so the import time
of numpy and datasketch can be told apart from the job.

Used by `scripts/vs_datasketch.sh`, which installs datasketch into a virtual environment.
"""
import json
import re
import sys
import time

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
THRESHOLD = 0.5
TOP_K = 5
WORD = re.compile(r"\w+")


def main() -> None:
    src, dst = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    ids, sigs = [], []
    with open(src, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            a = json.loads(line)
            words = set(WORD.findall(((a.get("title") or "") + "\n" + a["text"]).lower()))
            m = MinHash(num_perm=NUM_PERM)
            m.update_batch([w.encode("utf-8") for w in words])
            ids.append(str(a["id"]))
            sigs.append(m)

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    for i, m in enumerate(sigs):
        lsh.insert(i, m)

    parent = list(range(len(ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    matches = []
    for i, m in enumerate(sigs):
        scored = []
        for j in lsh.query(m):
            if j == i:
                continue
            s = m.jaccard(sigs[j])
            scored.append((s, j))
            if s >= THRESHOLD:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
        scored.sort(key=lambda x: (-x[0], ids[x[1]]))
        matches.append(scored[:TOP_K])

    with open(dst, "w", encoding="utf-8") as out:
        for i, best in enumerate(matches):
            line = {
                "id": ids[i],
                "cluster": ids[find(i)],
                "matches": [{"id": ids[j], "score": round(s, 4)} for s, j in best],
            }
            out.write(json.dumps(line) + "\n")
    print(f"job_seconds={time.perf_counter() - start:.4f}", file=sys.stderr)


if __name__ == "__main__":
    main()
