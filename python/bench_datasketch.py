"""Whole job from raw text, in one process on the same input: this package's fingerprint +
cluster against datasketch's MinHash + LSH, alternating runs; prints the median of each and
their ratio.

    python bench_datasketch.py [--input FILE.jsonl ...] [--runs 5] [--repeat 1]

- bilingual_dedup: ``Dedup.run`` (the crate's whole job, ``Dedup::run_batch``: the pipeline of
  cleaning, language detection, tokenizing, stemming, the French-English bridge, entities,
  numbers and MinHash, then LSH bands and postings, each candidate pair scored once, each
  article's best matches and the clustering rule), on rayon (``RAYON_NUM_THREADS`` sets the
  threads; default: all cores). ``--parts`` times ``Dedup.fingerprint_many`` then
  ``Dedup.cluster`` instead (fingerprints come back to Python, then go back to be indexed and
  every candidate scored again).
- datasketch: lowercased word unigrams (``\\w+``), ``MinHash.bulk(num_perm=128)`` (its batch
  path: permutations made once, ``update_batch`` per article),
  ``MinHashLSH(threshold=0.5, num_perm=128)`` insert (an insertion session) and query of every
  article, and
  connected components of the candidate pairs (union-find): the usual datasketch
  deduplication, single-threaded as datasketch is.

Default input: the dev set (``../../shared/data/dev/*.jsonl``) when beside the checkout, else
the fixtures; ``--repeat K`` makes K copies of each article (ids suffixed) for a larger input.
"""

import json
import os
import re
import statistics
import time

import bench_args
import bilingual_dedup as bd
from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+", re.UNICODE)


def load(paths, repeat):
    arts = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            arts.extend(json.loads(line) for line in f if line.strip())
    out = []
    for k in range(repeat):
        for a in arts:
            b = {key: a[key] for key in ("id", "title", "text", "lang", "published") if key in a}
            b["id"] = f"{a['id']}#{k}" if repeat > 1 else str(a["id"])
            out.append(b)
    return out


def ours(dedup, articles):
    return dedup.run(articles).clusters


def ours_parts(dedup, articles):
    fps = [f for f in dedup.fingerprint_many(articles, errors="return")
           if isinstance(f, bd.Fingerprint)]
    return dedup.cluster(fps)


def theirs(articles, num_perm=128, threshold=0.5):
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    words = [
        list({w.encode("utf-8") for w in WORD.findall(((a.get("title") or "") + "\n" + a["text"]).lower())})
        for a in articles
    ]
    # MinHash.bulk: datasketch's batch path (permutations made once, update_batch per set).
    hashes = list(zip((a["id"] for a in articles), MinHash.bulk(words, num_perm=num_perm)))
    with lsh.insertion_session() as session:
        for key, m in hashes:
            session.insert(key, m)
    parent = {a["id"]: a["id"] for a in articles}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for key, m in hashes:
        for other in lsh.query(m):
            ra, rb = find(key), find(other)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups = {}
    for key in parent:
        groups.setdefault(find(key), []).append(key)
    return sorted(sorted(g) for g in groups.values())


def main():
    ap = bench_args.parser(__doc__)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--parts", action="store_true", help="fingerprint_many + cluster")
    args = ap.parse_args()
    run = ours_parts if args.parts else ours
    articles = load(args.input, args.repeat)
    mb = sum(len((a.get("title") or "").encode()) + len(a["text"].encode()) for a in articles) / 1e6
    dedup = bd.Dedup()
    run(dedup, articles[:50])  # warm up: per-thread vocabularies, rayon pool
    theirs(articles[:50])
    times = {"bilingual_dedup": [], "datasketch": []}
    results = {}
    for r in range(args.runs):
        order = ["bilingual_dedup", "datasketch"] if r % 2 == 0 else ["datasketch", "bilingual_dedup"]
        for name in order:
            t = time.perf_counter()
            results[name] = run(dedup, articles) if name == "bilingual_dedup" else theirs(articles)
            times[name].append(time.perf_counter() - t)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"input: {len(articles)} articles, {mb:.2f} MB ({', '.join(args.input)}, x{args.repeat})")
    print(f"bilingual_dedup: {'fingerprint_many + cluster' if args.parts else 'Dedup.run'}")
    print(f"threads (bilingual_dedup): {os.environ.get('RAYON_NUM_THREADS', os.cpu_count())}")
    for name, v in times.items():
        print(
            f"{name:16} median {med[name]:.3f} s  ({len(articles) / med[name]:,.0f} articles/s, "
            f"{mb / med[name]:.1f} MB/s)  runs {' '.join(f'{x:.3f}' for x in v)}  "
            f"clusters {len(results[name])}, of 2+: {sum(1 for c in results[name] if len(c) > 1)}"
        )
    print(f"ratio (datasketch / bilingual_dedup, medians): {med['datasketch'] / med['bilingual_dedup']:.1f}x")


if __name__ == "__main__":
    main()
