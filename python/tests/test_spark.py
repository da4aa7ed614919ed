"""The Spark job in local mode against the one-machine clustering (``Dedup.cluster``, the
crate's ``Index::par_cluster``), on the dev set when ``../shared/data/dev`` is beside the
checkout, else on the fixtures.

What must be equal, exactly: the candidate pairs (the crate's keys and bounds, applied by
grouping rows) and the clusters the crate's rule gives on the job's links (connected
components, then the rule per component). What may differ, and is counted: the job scores a
candidate with ``Dedup.compare`` on the full 32-bit signatures, the index on the 16 low bits it
stores, so a pair right at a threshold can get another verdict; every link difference must be
such a pair. The counts go to ``target/spark-equivalence.json``."""

import json
import pathlib
import sys

import pytest

import bilingual_dedup as bd

from conftest import DEV, FIXTURES, read_jsonl

pyspark = pytest.importorskip("pyspark")
EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"
sys.path.insert(0, str(EXAMPLES))
import spark_dedup  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "target" / "spark-equivalence.json"


def inputs(spark, tmp):
    """The dev set's files (else the fixtures), the first as Parquet (one partition, rows in
    file order) so that one run reads both formats; returns the job's paths, the JSON Lines
    they hold (in order) and a name."""
    dev = sorted(str(p) for p in DEV.glob("*.jsonl") if not p.name.endswith(".judgments.jsonl"))
    if dev:
        first, rest, name = read_jsonl(dev[0]), dev[1:], "dev set"
        rest_rows = [a for p in rest for a in read_jsonl(p)]
    else:
        rows = read_jsonl(FIXTURES)
        first, rest_rows, name = rows[:8], rows[8:], "fixtures"
        rest = [str(tmp / "rest.jsonl")]
        with open(rest[0], "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rest_rows)
    path = str(tmp / "first.parquet")
    spark.createDataFrame(
        [(str(r["id"]), r.get("lang"), r.get("title"), r["text"], r.get("published"))
         for r in first],
        "id string, lang string, title string, text string, published string",
    ).coalesce(1).write.parquet(path)
    parquet = sorted(str(p) for p in pathlib.Path(path).glob("*.parquet"))
    return parquet + rest, first + rest_rows, name


@pytest.fixture(scope="module")
def spark():
    session = spark_dedup.spark_session("local[2]", "bilingual-dedup-test", partitions=2)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def one_machine(dedup, arts):
    """Fingerprints in the job's order (files as given, rows in order; failures and later
    duplicate ids left out), the index's candidate pairs and same-event links (its own
    16-bit scoring), and its clusters."""
    fps, seen = [], set()
    for fp in dedup.fingerprint_many(arts, errors="return"):
        if isinstance(fp, bd.Fingerprint) and fp.id not in seen:
            seen.add(fp.id)
            fps.append(fp)
    pos = {f.id: i for i, f in enumerate(fps)}
    index = dedup.index()
    index.insert_many(fps)
    scores, links = {}, {}
    # Each indexed article's query skips itself and sees every candidate with no top-k limit.
    for fp, hits in zip(fps, index.query_many(fps, len(fps), 0.0)):
        for h in hits:
            if pos[h.id] > pos[fp.id]:
                scores[(fp.id, h.id)] = h.score
                if h.verdict == "same_event":
                    links[(fp.id, h.id)] = h.score
    return fps, pos, scores, links, dedup.cluster(fps)


def test_spark_job_finds_the_index_candidates_and_clusters(spark, tmp_path):
    paths, arts, name = inputs(spark, tmp_path)
    dedup = bd.Dedup()
    clusters, links, stats = spark_dedup.run(
        spark, paths, collect_candidates=True, detailed=False
    )
    fps, pos, index_scores, index_links, expected = one_machine(dedup, arts)
    candidates = set(index_scores)
    by_id = {f.id: f for f in fps}

    assert stats["fingerprinted"] == len(fps)
    assert sorted(sum(clusters, [])) == sorted(pos), "every article in exactly one cluster"
    # 1. The same candidate pairs, from the crate's keys and bounds.
    spark_candidates = set(map(tuple, stats["candidates"]))
    assert spark_candidates == candidates

    # 2. Links: the job's compare verdicts against the index's.
    job_links = {(a, b): s for a, b, s in links}
    differ = set(job_links) ^ set(index_links)
    t = dedup.thresholds
    for a, b in differ:
        m = dedup.compare(by_id[a], by_id[b])
        same_language = by_id[a].lang == by_id[b].lang
        threshold = t["same_event_same_language"] if same_language else t["same_event"]
        # Explained: the two scorings of the pair fall on the two sides of its threshold.
        assert (m.score >= threshold) != (index_scores[(a, b)] >= threshold), (a, b)
        assert ((a, b) in job_links) == (m.verdict == "same_event")

    # 3. The job's clusters are the crate's rule on its links.
    ids = [f.id for f in fps]
    langs = [f.lang for f in fps]
    groups = dedup.cluster_links(langs, [(pos[a], pos[b], s) for (a, b), s in job_links.items()])
    ruled = sorted((sorted(ids[i] for i in g) for g in groups), key=lambda c: c[0])
    assert clusters == ruled

    # 4. Against the one-machine clusters: equal when the links are; otherwise counted.
    def member_of(cs):
        return {i: tuple(c) for c in cs for i in c}

    job_of, expected_of = member_of(clusters), member_of(expected)
    moved = [i for i in ids if job_of[i] != expected_of[i]]
    rescored = [k for k, v in job_links.items() if k in index_links and index_links[k] != v]
    if not differ and not rescored:
        assert clusters == expected
    summary = {
        "input": name,
        "articles": len(ids),
        "candidate_pairs": len(candidates),
        "spark_candidate_pairs": len(spark_candidates),
        "index_links": len(index_links),
        "spark_links": len(job_links),
        "links_differing": len(differ),
        "links_scored_differently": len(rescored),
        "clusters_index": len(expected),
        "clusters_spark": len(clusters),
        "clusters_identical": clusters == expected,
        "articles_in_a_different_cluster": len(moved),
        "cc_rounds": stats["cc_rounds"],
        "spark_stats": {k: v for k, v in stats.items() if k != "candidates"},
        "formats": "first file as Parquet, the others JSON Lines",
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary), file=sys.stderr)

