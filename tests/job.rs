//! The whole job: from JSON Lines (`Dedup::run_jsonl`) or articles in memory
//! (`Dedup::run_batch`), the same results whatever the chunk size and the thread count; the
//! matches are the index's own; predictions are the JSON the reference scorer reads; bad lines
//! and failed articles are reported by line.

// The benches' inputs: the fixtures and the generated feed.
#[path = "../benches/common/mod.rs"]
mod common;

use common::feed;

use bilingual_dedup::jsonl::{BadLineKind, JsonLines};
use bilingual_dedup::{Article, Batch, Dedup, ErrorKind, JobOptions, Phase};

/// Fixture articles and a generated feed of real-length articles with planted duplicates.
fn input() -> String {
    let mut s = common::FIXTURES.to_owned();
    s.push_str(&feed::Feed::new(3).jsonl(150));
    s
}

fn articles(jsonl: &str) -> Vec<Article> {
    JsonLines::<_, Article>::new(jsonl.as_bytes())
        .map(|r| r.unwrap().value)
        .collect()
}

fn predictions(b: &Batch) -> String {
    let mut out = Vec::new();
    b.write_predictions(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_streamed_feed_gives_the_results_of_the_batch() {
    let dedup = Dedup::builder().build().unwrap();
    let text = input();
    let whole = dedup.run_batch(&articles(&text), 5);
    assert!(whole.len() > 150 && whole.failed().is_empty());
    let want = predictions(&whole);
    for chunk in [1, 7, 100_000] {
        let opts = JobOptions::default().chunk_lines(chunk);
        let got = dedup.run_jsonl(text.as_bytes(), opts);
        assert_eq!(predictions(&got), want, "chunks of {chunk}");
        assert_eq!(got.clusters(), whole.clusters());
        assert_eq!(got.hits(), whole.hits());
        assert!(got.fingerprints().is_empty(), "not kept by default");
    }
    let kept = dedup.run_jsonl(
        text.as_bytes(),
        JobOptions::default().keep_fingerprints(true),
    );
    assert_eq!(kept.fingerprints(), whole.fingerprints());
    let ids: Vec<&str> = whole.articles().map(|(id, _)| id).collect();
    let fp_ids: Vec<&str> = whole.fingerprints().iter().map(|f| f.id()).collect();
    assert_eq!(ids, fp_ids);
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let dedup = Dedup::builder().build().unwrap();
    let text = input();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let b = dedup.run_jsonl(text.as_bytes(), JobOptions::default().chunk_lines(64));
            (predictions(&b), b.clusters().to_vec())
        })
    };
    assert_eq!(run(1), run(4));
}

#[test]
fn matches_are_the_indexs_neighbours() {
    // A pair is scored once, from the article that comes first; from the other side the
    // index scores it itself, which may differ in the last bits of the float sums.
    let dedup = Dedup::builder().build().unwrap();
    let b = dedup.run_batch(&articles(&input()), 5);
    let mut exact = 0;
    for ((id, _), hits) in b.articles().zip(b.hits()) {
        let want = b.index().neighbours(id, 5, 0.0).unwrap();
        assert_eq!(hits.len(), want.len(), "{id}");
        for (h, w) in hits.iter().zip(&want) {
            assert_eq!(
                (&h.id, h.lang, h.verdict),
                (&w.id, w.lang, w.verdict),
                "{id}"
            );
            assert!((h.score - w.score).abs() <= 1e-6, "{id}: {h:?} {w:?}");
            exact += usize::from(h.score.to_bits() == w.score.to_bits());
        }
    }
    assert!(exact > 0);
    // The job clusters from the scores it already has: the index's own clustering.
    assert_eq!(b.clusters(), b.index().par_cluster().as_slice());
}

#[test]
fn predictions_are_the_json_the_scorer_reads() {
    // The lines serde_json writes for the objects, keys in sorted order.
    let dedup = Dedup::builder().build().unwrap();
    let mut arts = articles(common::FIXTURES);
    let mut odd = arts[0].clone();
    odd.id = "quote \" back \\ tab \t é \u{1}".to_owned();
    arts.push(odd);
    let b = dedup.run_batch(&arts, 3);
    let mut want = String::new();
    for ((id, _), hits) in b.articles().zip(b.hits()) {
        let matches: Vec<serde_json::Value> = hits
            .iter()
            .map(|h| {
                serde_json::json!({
                    "id": h.id,
                    "score": (f64::from(h.score) * 10_000.0).round() / 10_000.0,
                    "verdict": h.verdict.as_str(),
                })
            })
            .collect();
        let line = serde_json::json!({
            "id": id,
            "cluster": b.cluster_label(id).unwrap(),
            "matches": matches,
        });
        want.push_str(&line.to_string());
        want.push('\n');
    }
    let mut out = Vec::new();
    let w = b.write_predictions(&mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), want);
    assert_eq!(
        (w.phase, w.items, w.bytes),
        (Phase::Write, arts.len(), want.len() as u64)
    );
}

#[test]
fn bad_lines_and_failed_articles_are_reported_by_line() {
    let dedup = Dedup::builder().build().unwrap();
    let mut input = Vec::new();
    let lines = common::FIXTURES.lines().collect::<Vec<_>>();
    input.extend_from_slice(lines[0].as_bytes()); // 1
    input.extend_from_slice(b"\nnot json\n"); // 2
    input.extend_from_slice(b"{\"id\": \"empty\", \"text\": \"   \"}\n"); // 3
    input.extend_from_slice(b"{\"id\": \"bytes\", \"text\": \"\xff\"}\n"); // 4
    input.extend_from_slice(b"\n"); // 5, blank: skipped
    input.extend_from_slice(lines[0].as_bytes()); // 6, a duplicate
    input.push(b'\n');
    input.extend_from_slice(lines[1].as_bytes()); // 7
    for chunk in [1, 2, 100] {
        let b = dedup.run_jsonl(&input[..], JobOptions::default().chunk_lines(chunk));
        let bad: Vec<(usize, BadLineKind)> = b
            .bad_lines()
            .iter()
            .map(|l| (l.line, l.kind.clone()))
            .collect();
        assert_eq!(bad, [(2, BadLineKind::Json), (4, BadLineKind::InvalidUtf8)]);
        let failed: Vec<(usize, bool)> = b
            .failed()
            .iter()
            .map(|(line, e)| (*line, matches!(e.kind(), ErrorKind::DuplicateId(_))))
            .collect();
        assert_eq!(failed, [(3, false), (6, true)], "chunks of {chunk}");
        assert_eq!(b.len(), 2);
    }
}

#[test]
fn timings_cover_every_phase() {
    let dedup = Dedup::builder().build().unwrap();
    let text = input();
    let n = articles(&text).len();
    let mut started = Vec::new();
    let b = dedup.run_jsonl_with(
        text.as_bytes(),
        JobOptions::default().chunk_lines(50),
        &mut |p| started.push(p),
    );
    let phases: Vec<Phase> = b.timings().iter().map(|p| p.phase).collect();
    let order = [
        Phase::Read,
        Phase::Fingerprint,
        Phase::Index,
        Phase::Candidates,
        Phase::Compare,
        Phase::Cluster,
    ];
    assert_eq!(phases, order);
    assert_eq!(started, order);
    let t = b.timings();
    for p in [
        Phase::Read,
        Phase::Fingerprint,
        Phase::Index,
        Phase::Candidates,
    ] {
        assert_eq!(t.get(p).unwrap().items, n, "{p:?}");
    }
    assert!(t.get(Phase::Read).unwrap().bytes >= text.len() as u64 - 1);
    let body: u64 = articles(&text)
        .iter()
        .map(|a| (a.title.len() + a.body.len()) as u64)
        .sum();
    assert_eq!(t.get(Phase::Fingerprint).unwrap().bytes, body);
    assert!(
        t.get(Phase::Compare).unwrap().items >= n / 3,
        "pairs scored"
    );
    let table = t.to_string();
    assert!(
        table.contains("fingerprint") && table.contains("total"),
        "{table}"
    );
}
