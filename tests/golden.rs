//! Golden fingerprints: the fixture articles' fingerprints are frozen in
//! `tests/golden/fingerprints.jsonl`, so any change to the stored format, the hashing, the
//! pipeline or the shipped data is noticed. After an intended change (bump
//! `FORMAT_VERSION` when old fingerprints can no longer be compared), regenerate with
//! `BLESS=1 cargo test --test golden` and review the diff.

mod common;

use bilingual_dedup::{Dedup, Fingerprint, FORMAT_VERSION};

const GOLDEN: &str = "tests/golden/fingerprints.jsonl";

#[test]
fn fingerprints_match_the_frozen_ones() {
    let d = Dedup::builder().build().unwrap();
    let current: Vec<Fingerprint> = common::fixtures()
        .iter()
        .map(|f| d.fingerprint(&f.article).unwrap())
        .collect();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(GOLDEN);
    if std::env::var_os("BLESS").is_some() {
        let lines: Vec<String> = current.iter().map(|f| f.to_json().unwrap()).collect();
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        return;
    }
    let frozen = std::fs::read_to_string(&path).expect("golden file exists (BLESS=1 creates it)");
    let frozen: Vec<Fingerprint> = frozen
        .lines()
        .map(|l| Fingerprint::from_json(l).unwrap())
        .collect();
    assert_eq!(frozen.len(), current.len(), "fixture set changed: re-bless");
    for (f, c) in frozen.iter().zip(&current) {
        assert_eq!(f.version(), FORMAT_VERSION);
        assert_eq!(
            f,
            c,
            "fingerprint of {} changed: if intended, BLESS=1 and review",
            c.id()
        );
        // The binary form is stable too.
        assert_eq!(Fingerprint::from_bytes(&c.to_bytes()).unwrap(), *f);
    }
}
