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
