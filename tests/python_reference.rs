//! The Rust API's results on the fixtures, frozen in `python/tests/data/fixture_reference.json`
//! for the Python package's tests to compare against: every pair's score and verdict
//! (`Dedup::compare`), each article's band and posting keys, and the clusters
//! (`Dedup::par_cluster`). This test keeps the file equal to what the Rust API gives; the
//! pytest suite checks the bindings against the same file. After an intended change,
//! regenerate with `BLESS=1 cargo test --test python_reference` and review the diff.

mod common;

use bilingual_dedup::{Dedup, Fingerprint};
use serde_json::{json, Value};

const REFERENCE: &str = "python/tests/data/fixture_reference.json";

fn reference() -> Value {
    let d = Dedup::builder().build().unwrap();
    let fps: Vec<Fingerprint> = common::fixtures()
        .iter()
        .map(|f| d.fingerprint(&f.article).unwrap())
        .collect();
    let mut pairs = Vec::new();
    for (i, a) in fps.iter().enumerate() {
        for b in &fps[i + 1..] {
            let m = d.compare(a, b).unwrap();
            pairs.push(json!({
                "a": a.id(),
                "b": b.id(),
                "score": m.score(),
                "score_bits": m.score().to_bits(),
                "verdict": m.verdict().as_str(),
            }));
        }
    }
    let keys: Vec<Value> = fps
        .iter()
        .map(|f| {
            json!({
                "id": f.id(),
                "band_keys": d.band_keys(f).unwrap(),
                "posting_keys": d.posting_keys(f).unwrap(),
            })
        })
        .collect();
    let clusters: Vec<Vec<String>> = d
        .par_cluster(&fps)
        .unwrap()
        .into_iter()
        .map(|c| c.ids)
        .collect();
    json!({ "pairs": pairs, "keys": keys, "clusters": clusters })
}

#[test]
fn the_python_reference_is_what_the_rust_api_gives() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(REFERENCE);
    let current = reference();
    if std::env::var_os("BLESS").is_some() {
        let text = serde_json::to_string_pretty(&current).unwrap();
        std::fs::write(&path, text + "\n").unwrap();
        return;
    }
    let frozen: Value = serde_json::from_str(
        &std::fs::read_to_string(&path).expect("reference file exists (BLESS=1 creates it)"),
    )
    .unwrap();
    // The readable `score` may not survive a JSON round trip to the last bit; `score_bits`
    // (the f32's bits) is compared exactly.
    let without_scores = |mut v: Value| {
        for p in v["pairs"].as_array_mut().unwrap() {
            p.as_object_mut().unwrap().remove("score");
        }
        v
    };
    assert_eq!(
        without_scores(frozen),
        without_scores(current),
        "the Rust API's fixture results changed: if intended, BLESS=1 and review"
    );
}
