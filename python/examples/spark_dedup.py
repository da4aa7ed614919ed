"""Deduplicate a news corpus on Spark with the bilingual_dedup bindings.

    python examples/spark_dedup.py --input corpus.jsonl [more.jsonl | dir/ | x.parquet ...] \
        --output clusters/ [--master local[2]] [--partitions N] [--stats stats.json]

The job finds what ``Dedup.cluster`` (the crate's ``Index::par_cluster``) finds on one machine,
with every rule taken from the crate through the bindings; this file only moves rows:

1. **Read** JSON Lines or Parquet records (``id``, ``text`` or ``body``, optional ``title``,
   ``lang``, ``published``), files in the order given (a directory's files by name), rows in
   file order.
2. **Fingerprint** each partition (``Dedup.fingerprint_many``: rayon inside each Python
   worker). Articles that cannot be analysed, and later articles with an id already seen, are
   left out and counted. The kept articles are numbered 0, 1, 2, ... in input order: the
   positions an index built from them in that order gives them, which the crate's bounds on
   long posting lists use.
3. **Keys as rows**: each article's LSH band keys (``Dedup.band_keys``) and telling posting
   keys (``Dedup.posting_keys``), one row each.
4. **Candidates**: articles sharing a band key are candidates (unbounded, as in the index);
   each posting key's holders go through ``posting_pairs`` (keys held by more than
   ``MAX_POSTING`` articles are dropped without collecting their holders, the ``MAX_FOLLOW``
   nearest of longer lists are followed) and each article keeps what ``key_candidates`` keeps
   of what it reached (at most ``MAX_KEY_CANDIDATES``). A pair is scored once, from its lower
   position, as the index scores it.
5. **Score** each candidate pair with ``Dedup.compare`` on the fingerprints' binary form;
   same-event pairs become links.
6. **Connected components** of the links by iterative min-label propagation (a distributed
   step: each round every article takes the smallest label among its own and its neighbours').
7. **Cluster** each component with the crate's rule (``Dedup.cluster_links``: mutual best per
   language, strong links, majority linkage), which gives the same clusters on each component
   alone as on the whole batch. Articles without links are clusters of one.

The output directory holds one line per cluster, ``{"cluster": <first id>, "ids": [...]}``,
ordered by first id, in Spark part files (``cat OUT/part-*``).
"""

import argparse
import json
import os
import sys
import time
from operator import add

import bilingual_dedup as bd

# One engine per Python worker process, keyed by its options.
_ENGINES = {}


def engine(options):
    key = json.dumps(options, sort_keys=True)
    if key not in _ENGINES:
        _ENGINES[key] = bd.Dedup(**options)
    return _ENGINES[key]


def expand(paths):
    """Input files in the order given; a directory's .jsonl and .parquet files by name."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            out.extend(
                os.path.join(p, f)
                for f in sorted(os.listdir(p))
                if f.endswith((".jsonl", ".parquet")) and not f.endswith(".judgments.jsonl")
            )
        else:
            out.append(p)
    return out


def _parse_lines(lines):
    for line in lines:
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as e:
            yield {"_error": f"not JSON: {e}"}
            continue
        yield rec if isinstance(rec, dict) else {"_error": "not a JSON object"}


def read_articles(spark, paths, partitions=None):
    """An RDD of article dicts in input order (files as given, rows in file order)."""
    sc = spark.sparkContext
    rdds = []
    for p in expand(paths):
        if p.endswith(".parquet"):
            df = spark.read.parquet(p)
            rdds.append(df.rdd.map(lambda r: r.asDict(recursive=True)))
        else:
            lines = sc.textFile(p, minPartitions=partitions or sc.defaultParallelism)
            rdds.append(lines.mapPartitions(_parse_lines))
    if not rdds:
        raise SystemExit("no input files")
    return sc.union(rdds)


def _fingerprint_partition(options, chunk=2048):
    def run(records):
        dedup = engine(options)
        batch = []

        def flush():
            arts = []
            for r in batch:
                if "_error" in r:
                    yield ("error", None, "format", r["_error"])
                    continue
                arts.append(r)
            try:
                results = dedup.fingerprint_many(arts, errors="return") if arts else []
            except (TypeError, ValueError):
                # A record that is not an article: find it one by one.
                results = []
                for a in arts:
                    try:
                        results.append(dedup.fingerprint_many([a], errors="return")[0])
                    except (TypeError, ValueError) as e:
                        results.append(e)
            for a, fp in zip(arts, results):
                if isinstance(fp, bd.Fingerprint):
                    yield ("ok", fp.id, fp.lang, fp.to_bytes(), dedup.band_keys(fp),
                           dedup.posting_keys(fp))
                else:
                    kind = getattr(fp, "kind", "input")
                    yield ("error", str(a.get("id")), kind, str(fp))

        for r in records:
            batch.append(r)
            if len(batch) >= chunk:
                yield from flush()
                batch = []
        if batch:
            yield from flush()

    return run


def _bounded_holders(limit):
    """combineByKey functions that keep at most `limit` + 1 holders of a key: a longer list is
    dropped whole by posting_pairs, so the rest need not be collected."""

    def create(v):
        return [v]

    def merge_value(acc, v):
        if len(acc) <= limit:
            acc.append(v)
        return acc

    def merge_combiners(a, b):
        a.extend(b[: max(0, limit + 1 - len(a))])
        return a

    return create, merge_value, merge_combiners


def _band_pairs(holders):
    hs = sorted(set(holders))
    for i, a in enumerate(hs):
        for b in hs[i + 1 :]:
            yield (a, b)


def _compare_partition(options):
    def run(rows):
        dedup = engine(options)
        for (a, b), (fa, fb) in rows:
            m = dedup.compare(bd.Fingerprint.from_bytes(fa), bd.Fingerprint.from_bytes(fb))
            yield (a, b, m.score, m.verdict)

    return run


def _cluster_component(options):
    def run(item):
        label, (members, links) = item
        dedup = engine(options)
        members = sorted(members)  # (slot, id, lang), in slot order
        local = {slot: i for i, (slot, _, _) in enumerate(members)}
        groups = dedup.cluster_links(
            [lang for _, _, lang in members],
            [(local[a], local[b], score) for a, b, score in links],
        )
        return [(label, sorted(members[i][1] for i in g)) for g in groups]

    return run


def connected_components(edges, checkpoint_every=5):
    """Min-label propagation: returns an RDD of (vertex, label) for every vertex of `edges`
    (label = smallest vertex of its component) and the number of rounds."""
    adj = edges.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])]).persist()
    labels = adj.map(lambda x: (x[0], x[0])).reduceByKey(min).persist()
    rounds = 0
    while True:
        rounds += 1
        sent = adj.join(labels).map(lambda x: (x[1][0], x[1][1]))
        new = labels.union(sent).reduceByKey(min).persist()
        if rounds % checkpoint_every == 0:
            new.localCheckpoint()
        changed = new.join(labels).filter(lambda x: x[1][0] != x[1][1]).count()
        labels.unpersist()
        labels = new
        if changed == 0:
            break
    adj.unpersist()
    return labels, rounds


def run(
    spark, paths, options=None, partitions=None, output=None, collect_candidates=False,
    detailed=True,
):
    """Runs the job; returns (clusters, links, stats), `stats` holding counts and timings.

    With `output` (a directory), the clusters are written there as JSON lines (Spark part
    files, ordered by first id) and nothing else comes back to the driver: `clusters` and
    `links` are None. Without it (small inputs, tests), `clusters` are the sorted id lists
    ordered by first id and `links` the same-event (id_a, id_b, score) triples; with
    `collect_candidates`, `stats["candidates"]` also lists the candidate pairs (ids, from the
    lower position). `detailed` counts the rows of each step (one Spark job each; the stage
    timings then mean what they say, else later stages run earlier ones lazily)."""
    options = dict(options or {})
    sc = spark.sparkContext
    if __name__ != "__main__":
        # Imported (by a test, a notebook): the workers import this module by name.
        sc.addPyFile(os.path.abspath(__file__))
    stats = {"timings_s": {}}
    t0 = time.perf_counter()

    def lap(name, t):
        now = time.perf_counter()
        stats["timings_s"][name] = round(now - t, 3)
        return now

    t = time.perf_counter()
    records = read_articles(spark, paths, partitions)
    rows = records.mapPartitions(_fingerprint_partition(options)).persist()
    failed = rows.filter(lambda r: r[0] == "error")
    # Per kind of failure: how many, and the first few (id, message).
    by_kind = (
        failed.map(lambda r: (r[2], (1, [(r[1], r[3])])))
        .reduceByKey(lambda a, b: (a[0] + b[0], (a[1] + b[1])[:3]))
        .collect()
    )
    failures_by_kind = {kind: c for kind, (c, _) in by_kind}
    stats["failure_samples"] = {kind: samples for kind, (_, samples) in by_kind}
    ok = rows.filter(lambda r: r[0] == "ok").zipWithIndex()  # ((...), input position)
    # Later articles with an id already seen are left out (the index refuses duplicates).
    dup_positions = set(
        ok.map(lambda x: (x[0][1], x[1]))
        .groupByKey()
        .flatMap(lambda kv: sorted(kv[1])[1:])
        .collect()
    )
    kept = ok.filter(lambda x: x[1] not in dup_positions).map(lambda x: x[0])
    # slot -> (id, lang, bytes, band keys, posting keys); slots are dense, in input order.
    fps = kept.zipWithIndex().map(lambda x: (x[1], x[0][1:])).persist()
    n, fp_bytes, posting_count = fps.map(lambda x: (1, len(x[1][2]), len(x[1][4]))).fold(
        (0, 0, 0), lambda a, b: (a[0] + b[0], a[1] + b[1], a[2] + b[2])
    )
    stats.update(
        articles=n + sum(failures_by_kind.values()) + len(dup_positions),
        fingerprinted=n,
        failed=sum(failures_by_kind.values()),
        duplicate_ids=len(dup_positions),
        fingerprint_bytes_mean=fp_bytes / n if n else 0.0,
        band_rows=n * bd.Dedup(**options).bands,
        posting_rows=posting_count,
    )
    stats["failures_by_kind"] = failures_by_kind
    t = lap("read_and_fingerprint", t)

    band_rows = fps.flatMap(lambda x: [(k, x[0]) for k in x[1][3]])
    posting_rows = fps.flatMap(lambda x: [(k, x[0]) for k in x[1][4]])
    band_pairs = band_rows.groupByKey().flatMap(lambda kv: _band_pairs(kv[1])).persist()
    create, merge_value, merge_combiners = _bounded_holders(bd.MAX_POSTING)
    followed = (
        posting_rows.combineByKey(create, merge_value, merge_combiners)
        .flatMap(lambda kv: bd.posting_pairs(kv[1]))
        .map(lambda r: (r[0], (r[1], r[2])))
        .persist()
    )
    key_pairs = followed.groupByKey().flatMap(
        lambda kv: [(kv[0], c) for c in bd.key_candidates(kv[0], list(kv[1])) if c > kv[0]]
    )
    pairs = band_pairs.union(key_pairs).distinct().persist()
    if detailed:
        stats.update(
            candidate_pairs=pairs.count(),
            band_pairs=band_pairs.count(),
            followed_rows=followed.count(),
        )
    band_pairs.unpersist()
    followed.unpersist()
    t = lap("keys_and_candidates", t)

    by_slot = fps.map(lambda x: (x[0], x[1][2]))
    scored = (
        pairs.join(by_slot)  # a -> (b, fa)
        .map(lambda x: (x[1][0], (x[0], x[1][1])))
        .join(by_slot)  # b -> ((a, fa), fb)
        .map(lambda x: ((x[1][0][0], x[0]), (x[1][0][1], x[1][1])))
        .mapPartitions(_compare_partition(options))
    )
    links = scored.filter(lambda r: r[3] == "same_event").map(lambda r: (r[0], r[1], r[2]))
    links = links.persist()
    if detailed:
        stats["same_event_links"] = links.count()
    t = lap("compare", t)

    labels, rounds = connected_components(links.map(lambda l: (l[0], l[1])))
    stats["cc_rounds"] = rounds
    if detailed:
        stats["linked_components"] = labels.values().distinct().count()
    meta = fps.map(lambda x: (x[0], (x[1][0], x[1][1])))  # slot -> (id, lang)
    # Each component's members (slot, id, lang) and links, together under its label.
    member_rows = labels.join(meta).map(lambda x: (x[1][0], (x[0],) + x[1][1]))
    link_rows = links.map(lambda l: (l[0], l)).join(labels).map(lambda x: (x[1][1], x[1][0]))
    linked = member_rows.cogroup(link_rows).flatMap(_cluster_component(options))
    singles = meta.subtractByKey(labels).map(lambda x: (None, [x[1][0]]))
    found = linked.union(singles).map(lambda x: x[1])
    if output is not None:
        found = found.persist()
        (
            found.sortBy(lambda ids: ids[0])
            .map(lambda ids: json.dumps({"cluster": ids[0], "ids": ids}, ensure_ascii=False))
            .saveAsTextFile(output)
        )
        stats["clusters"], stats["clusters_of_two_or_more"] = found.map(
            lambda ids: (1, int(len(ids) > 1))
        ).fold((0, 0), lambda a, b: (a[0] + b[0], a[1] + b[1]))
        clusters = link_ids = None
    else:
        clusters = sorted(found.collect(), key=lambda ids: ids[0])
        stats["clusters"] = len(clusters)
        stats["clusters_of_two_or_more"] = sum(1 for c in clusters if len(c) > 1)
        id_of = dict(meta.map(lambda x: (x[0], x[1][0])).collect())
        link_ids = [(id_of[a], id_of[b], s) for a, b, s in links.collect()]
        if collect_candidates:
            stats["candidates"] = [(id_of[a], id_of[b]) for a, b in pairs.collect()]
    t = lap("components_and_clusters", t)
    stats["timings_s"]["total"] = round(time.perf_counter() - t0, 3)
    for r in (rows, fps, pairs, links, labels):
        r.unpersist()
    return clusters, link_ids, stats


def spark_session(master="local[2]", app="bilingual-dedup", partitions=2):
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .getOrCreate()
    )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", nargs="+", required=True, help="JSONL or Parquet files or dirs")
    ap.add_argument("--output", required=True, help="directory for the clusters (JSON lines)")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=2, help="input and shuffle partitions")
    ap.add_argument("--stats", help="write counts and timings as JSON here")
    ap.add_argument("--options", default="{}", help='Dedup options as JSON, e.g. {"bands": 32}')
    args = ap.parse_args(argv)
    spark = spark_session(args.master, partitions=args.partitions)
    spark.sparkContext.setLogLevel("ERROR")
    try:
        _, _, stats = run(
            spark, args.input, json.loads(args.options), args.partitions, output=args.output
        )
    finally:
        spark.stop()
    if args.stats:
        with open(args.stats, "w", encoding="utf-8") as f:
            json.dump(stats, f, indent=2)
    print(json.dumps(stats, indent=2), file=sys.stderr)


if __name__ == "__main__":
    main()
