//! Fixture articles written by the project (see `fixtures/README.md`).
#![allow(dead_code)]

use bilingual_dedup::jsonl::JsonLines;
use bilingual_dedup::{Article, Dedup, Fingerprint};

pub const FIXTURES: &str = include_str!("../../fixtures/articles.jsonl");

/// A fixture article and the label of its event.
#[derive(serde::Deserialize)]
pub struct Fixture {
    #[serde(flatten)]
    pub article: Article,
    pub event: String,
}

pub fn fixtures() -> Vec<Fixture> {
    JsonLines::<_, Fixture>::new(FIXTURES.as_bytes())
        .map(|r| {
            let f = r.expect("fixture line is an article").value;
            assert!(
                f.article.lang.is_some(),
                "fixture {} has a language",
                f.article.id
            );
            f
        })
        .collect()
}

pub fn article(id: &str) -> Article {
    fixtures()
        .into_iter()
        .find(|f| f.article.id == id)
        .unwrap_or_else(|| panic!("no fixture {id}"))
        .article
}

pub fn fp(dedup: &Dedup, id: &str) -> Fingerprint {
    dedup
        .fingerprint(&article(id))
        .expect("fixture fingerprints")
}

/// SplitMix64: reproducible random choices for the tests (mutations, kill times).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// In `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// In `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}
