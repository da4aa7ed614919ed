"""The Python package against the Rust API: fixture verdicts, keys and clusters equal the
reference the Rust test suite freezes (tests/python_reference.rs), bytes round-trip, bad input
raises with the crate's kind and message, batch calls equal one-by-one calls."""

import json
import pathlib
import pickle
import struct
import sys
import threading
import time

import pytest

import bilingual_dedup as bd


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def test_the_installed_wheel_is_under_test():
    # The compiled module comes from the installed wheel (site-packages), not the source tree.
    native = pathlib.Path(bd._native.__file__).resolve()
    assert "site-packages" in native.parts, native
    assert native.name.endswith(".abi3.so") or native.suffix == ".pyd", native


def test_fixture_verdicts_scores_keys_and_clusters_match_the_rust_api(dedup, fps, reference):
    by_id = {f.id: f for f in fps}
    assert len(reference["pairs"]) == len(fps) * (len(fps) - 1) // 2
    for p in reference["pairs"]:
        m = dedup.compare(by_id[p["a"]], by_id[p["b"]])
        assert m.verdict == p["verdict"], p
        assert struct.unpack("<I", struct.pack("<f", m.score))[0] == p["score_bits"], p
        assert m.score == f32(p["score"])
    for k in reference["keys"]:
        assert dedup.band_keys(by_id[k["id"]]) == k["band_keys"]
        assert dedup.posting_keys(by_id[k["id"]]) == k["posting_keys"]
    assert dedup.cluster(fps) == reference["clusters"]


def test_fingerprints_equal_the_golden_ones(fps):
    root = pathlib.Path(__file__).resolve().parents[2]
    lines = (root / "tests" / "golden" / "fingerprints.jsonl").read_text("utf-8").splitlines()
    frozen = [bd.Fingerprint.from_json(line) for line in lines if line]
    assert frozen == list(fps)


def test_match_explains_as_data_and_text(dedup, fps):
    by_id = {f.id: f for f in fps}
    m = dedup.compare(by_id["inetum-fr"], by_id["inetum-en"])
    assert m.same_event and m.verdict == "same_event"
    e = m.explanation
    assert set(e) == {
        "components",
        "shared_entities",
        "shared_numbers",
        "conflicts",
        "shared_kinds",
        "outside_event_window",
        "carried_by",
    }
    assert 0.0 <= e["components"]["concepts"] <= 1.0
    carried = e["carried_by"]
    assert carried and all(set(c) == {"signal", "logit"} for c in carried)
    assert carried[0]["logit"] > 0.0  # a same-event verdict is carried by a positive signal
    assert any(s["a"] == "Inetum" for s in e["shared_entities"])
    assert str(m) == m.text and m.text.startswith("same_event (score ")
    assert "shared names" in m.text
    far = dedup.compare(by_id["inetum-fr"], by_id["election-en"])
    assert far.verdict == "different" and not far.same_event
    # Both storm reports' leads name a storm, and the explanation says so.
    assert "storm" in by_id["storm-fr"].lead_kinds and "storm" in by_id["storm-en"].lead_kinds
    storm = dedup.compare(by_id["storm-fr"], by_id["storm-en"])
    assert "storm" in storm.explanation["shared_kinds"]


def test_bytes_and_pickle_round_trip(dedup, fps):
    for fp in fps:
        data = fp.to_bytes()
        assert isinstance(data, bytes) and data[:4] == b"BDFP"
        back = bd.Fingerprint.from_bytes(data)
        assert back == fp and back.to_bytes() == data
        assert pickle.loads(pickle.dumps(fp)) == fp
        assert bd.Fingerprint.from_json(fp.to_json()) == fp
    a, b = bd.Fingerprint.from_bytes(fps[0].to_bytes()), bd.Fingerprint.from_bytes(fps[1].to_bytes())
    assert dedup.compare(a, b).score == dedup.compare(fps[0], fps[1]).score
    fp = fps[0]
    assert fp.lang in ("fr", "en") and fp.version == bd.FORMAT_VERSION
    assert len(fp.signature) == fp.params["num_hashes"] == 128
    assert fp.entities and {"key", "kind", "text"} <= set(fp.entities[0])


def test_bad_input_raises_with_the_crates_kind_and_message(dedup, fps):
    with pytest.raises(bd.EmptyTextError) as e:
        dedup.fingerprint("e1", "  ... !!! ", lang="fr")
    assert e.value.kind == "empty_text" and e.value.article_id == "e1"
    assert str(e.value) == 'article "e1" has no words to analyse'
    with pytest.raises(bd.UnsupportedLanguageError) as e:
        dedup.fingerprint("de1", "Der Hund und die Katze sind nicht mit dem Auto gefahren.")
    assert e.value.kind == "unsupported_language" and isinstance(e.value, bd.DedupError)
    small = bd.Dedup(max_article_bytes=10)
    with pytest.raises(bd.TooLargeError) as e:
        small.fingerprint("big", "Le gouvernement a annoncé un plan.", lang="fr")
    assert e.value.kind == "too_large" and "above the limit of 10 bytes" in str(e.value)
    for kwargs in ({"num_hashes": 8}, {"bands": 5}, {"same_event_threshold": 1.5},
                   {"max_article_bytes": 0}):
        with pytest.raises(bd.InvalidParameterError) as e:
            bd.Dedup(**kwargs)
        assert e.value.kind == "invalid_parameter"
    with pytest.raises(bd.UnsupportedLanguageError) as e:
        dedup.fingerprint("x", "Le texte.", lang="de")
    assert 'language code "de"' in str(e.value)
    data = fps[0].to_bytes()
    for bad in (b"", b"BDFP", data[:-1], data[:20], data[:40] + bytes([data[40] ^ 1]) + data[41:]):
        with pytest.raises(bd.FormatError) as e:
            bd.Fingerprint.from_bytes(bad)
        assert e.value.kind == "format"
    with pytest.raises(bd.FormatError) as e:
        bd.Fingerprint.from_json("{not json")
    assert e.value.kind == "json"
    other = bd.Dedup(num_hashes=64)
    fp64 = other.fingerprint("o", "Le groupe Inetum va créer des emplois au Maroc.", lang="fr")
    with pytest.raises(bd.IncompatibleError) as e:
        dedup.compare(fps[0], fp64)
    assert e.value.kind == "incompatible"
    with pytest.raises(bd.IncompatibleError):
        dedup.cluster([fps[0], fp64])
    with pytest.raises(bd.IncompatibleError):
        dedup.band_keys(fp64)
    with pytest.raises(bd.DuplicateIdError) as e:
        dedup.cluster([fps[0], fps[0]])
    assert e.value.kind == "duplicate_id" and e.value.article_id == fps[0].id
    with pytest.raises(TypeError):
        dedup.fingerprint_many(["not a dict"])
    with pytest.raises(ValueError):
        dedup.fingerprint_many([{"title": "no id"}])
    with pytest.raises(ValueError):
        dedup.fingerprint_many([], errors="ignore")
    with pytest.raises(bd.InvalidParameterError):
        dedup.cluster_links(["fr", "en"], [(0, 2, 0.9)])
    with pytest.raises(bd.InvalidParameterError):
        dedup.cluster_links(["fr", "en"], [(0, 1, 0.9), (1, 0, 0.9)])


def test_batch_results_equal_one_by_one(dedup, articles, fps):
    one = [
        dedup.fingerprint(a["id"], a["text"], a.get("title") or "", lang=a.get("lang"),
                          published=a.get("published"))
        for a in articles
    ]
    assert one == list(fps)
    # Errors in place, in input order, or raised for the first one.
    mixed = [articles[0], {"id": "empty", "text": ""}, articles[1]]
    out = dedup.fingerprint_many(mixed, errors="return")
    assert out[0] == fps[0] and out[2] == fps[1]
    assert isinstance(out[1], bd.DedupError) and out[1].article_id == "empty"
    with pytest.raises(bd.DedupError) as e:
        dedup.fingerprint_many(mixed)
    assert e.value.article_id == "empty"
    # Ids given as numbers, bodies under "body".
    n = dedup.fingerprint_many([{"id": 7, "body": articles[0]["text"], "lang": "fr"}])[0]
    assert n.id == "7"
    # Index: one by one against many at once.
    a, b = dedup.index(), dedup.index()
    for fp in fps:
        a.insert(fp)
    b.insert_many(fps)
    assert len(a) == len(b) == len(fps)
    many = b.query_many(fps, 5)
    for fp, hits in zip(fps, many):
        single = a.query(fp, 5)
        assert [(h.id, h.score, h.verdict) for h in single] == [
            (h.id, h.score, h.verdict) for h in hits
        ]
    assert a.cluster() == b.cluster() == dedup.cluster(fps)


def test_the_whole_job_equals_its_parts(dedup, articles, fps, tmp_path):
    from conftest import FIXTURES

    job = dedup.run(articles)
    assert len(job) == len(articles) and job.failed == [] and job.bad_lines == []
    assert job.ids == [fp.id for fp in fps]
    # The job's clusters are those of fingerprint_many + cluster; its matches the index's.
    assert job.clusters == dedup.cluster(fps)
    index = dedup.index()
    index.insert_many(fps)
    matches = job.matches()
    for fp, hits in zip(fps, index.query_many(fps, 5)):
        assert [(h.id, h.verdict) for h in matches[fp.id]] == [(h.id, h.verdict) for h in hits]
        assert [h.score for h in matches[fp.id]] == pytest.approx([h.score for h in hits], abs=1e-6)
    for c in job.clusters:
        assert {job.cluster_of(i) for i in c} == {c[0]}
    assert job.cluster_of("no such id") is None
    assert [p for p, _ in job.timings][:2] == ["fingerprint", "index"]
    # From the file, read in Rust: the same job.
    from_file = dedup.run_jsonl(FIXTURES)
    assert from_file.clusters == job.clusters and from_file.ids == job.ids
    assert [p for p, _ in from_file.timings][:2] == ["read", "fingerprint"]
    # Failures are listed, not raised, and lose nothing else.
    bad = tmp_path / "bad.jsonl"
    lines = [json.dumps(articles[0]), "{not json", json.dumps({"id": "empty", "text": ""}),
             json.dumps(articles[1])]
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    partial = dedup.run_jsonl(bad)
    assert partial.ids == [articles[0]["id"], articles[1]["id"]]
    assert [line for line, _ in partial.bad_lines] == [2]
    [(line, err)] = partial.failed
    assert line == 3 and isinstance(err, bd.EmptyTextError) and err.article_id == "empty"
    failed = dedup.run([articles[0], {"id": "empty", "text": ""}]).failed
    assert [(p, type(e)) for p, e in failed] == [(1, bd.EmptyTextError)]
    with pytest.raises(bd.StorageError) as e:
        dedup.run_jsonl(tmp_path / "missing.jsonl")
    assert e.value.kind == "io" and "missing.jsonl" in str(e.value)
    with pytest.raises(TypeError):
        dedup.run([42])


def test_index_insert_query_remove_expire_save_load(dedup, fps, tmp_path):
    index = dedup.index()
    index.insert_many([f for f in fps if f.id != "inetum-fr"])
    fr = next(f for f in fps if f.id == "inetum-fr")
    hits = index.query(fr, 5)
    assert hits[0].id.startswith("inetum-en") and hits[0].verdict == "same_event"
    assert all(x.score >= y.score for x, y in zip(hits, hits[1:]))
    assert "inetum-en" in index and "inetum-fr" not in index
    with pytest.raises(bd.DuplicateIdError):
        index.insert(hits and next(f for f in fps if f.id == "inetum-en"))
    path = tmp_path / "fixtures.bdix"
    index.save(path)
    loaded = bd.Index.load(dedup, str(path))
    assert len(loaded) == len(index)
    assert [(h.id, h.score) for h in loaded.query(fr, 5)] == [(h.id, h.score) for h in hits]
    assert loaded.cluster() == index.cluster()
    assert index.remove("inetum-en") and not index.remove("inetum-en")
    assert all(h.id != "inetum-en" for h in index.query(fr, 20))
    undated = sum(1 for f in fps if f.published is None and f.id != "inetum-fr")
    removed = index.expire_before("2100-01-01")
    assert len(index) == undated and removed == len(fps) - 2 - undated
    assert index.stats()["len"] == len(index)
    with pytest.raises(bd.StorageError) as e:
        bd.Index.load(dedup, tmp_path / "missing.bdix")
    assert e.value.kind == "io"
    (tmp_path / "junk.bdix").write_bytes(b"not an index")
    with pytest.raises(bd.FormatError):
        bd.Index.load(dedup, tmp_path / "junk.bdix")
    with pytest.raises(ValueError):
        index.expire_before("yesterday")


def test_key_functions_are_the_crates(dedup):
    t = bd.TELLING_WEIGHT
    assert bd.key_weight(4) == t and bd.key_weight(bd.MAX_POSTING) == 0
    assert bd.posting_pairs([5, 3]) == [(3, 5, bd.key_weight(2)), (5, 3, bd.key_weight(2))]
    assert len(bd.posting_pairs(list(range(100)))) == 100 * (bd.MAX_FOLLOW - 1)
    assert bd.posting_pairs(list(range(bd.MAX_POSTING + 1))) == []
    assert bd.key_candidates(1, [(2, t), (3, t - 1), (1, t)]) == [2]
    assert dedup.cluster_links(["fr", "en", "en"], [(0, 1, 0.7)]) == [[0, 1], [2]]


def test_batch_calls_release_the_gil(dedup, articles):
    # While a long batch call runs in another thread, this thread keeps running Python code:
    # the largest pause it sees is a small part of the call's duration. (With the GIL held,
    # it would be stalled for the whole native part of the call.)
    batch = [dict(a, id=f"{a['id']}-{i}") for i in range(300) for a in articles]
    done = threading.Event()
    span = {}

    def work():
        span["start"] = time.perf_counter()
        fps = dedup.fingerprint_many(batch)
        dedup.cluster(fps)
        span["end"] = time.perf_counter()
        done.set()

    old = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    try:
        t = threading.Thread(target=work)
        ticks = []
        t.start()
        while not done.is_set():
            ticks.append(time.perf_counter())
        t.join()
    finally:
        sys.setswitchinterval(old)
    inside = [x for x in ticks if span["start"] <= x <= span["end"]]
    duration = span["end"] - span["start"]
    gaps = [b - a for a, b in zip(inside, inside[1:])]
    assert duration > 0.2, duration
    assert inside and max(gaps) < 0.5 * duration, (max(gaps), duration)


def test_the_readme_python_example_runs(capsys):
    readme = (pathlib.Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    start = readme.index("```python\n") + len("```python\n")
    code = readme[start : readme.index("```", start)]
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("same_event (score ") and "empty_text x " in out
