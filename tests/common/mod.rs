//! Fixture articles written by the project (see `fixtures/README.md`).
#![allow(dead_code)]

use bilingual_dedup::{Article, Dedup, Fingerprint, Lang};

pub const FIXTURES: &str = include_str!("../../fixtures/articles.jsonl");

pub struct Fixture {
    pub article: Article,
    pub event: String,
}

pub fn fixtures() -> Vec<Fixture> {
    FIXTURES
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("fixture line is JSON");
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
            let mut a = Article::new(s("id"), s("title"), s("text"));
            a.lang = Some(s("lang").parse::<Lang>().expect("fixture language"));
            a.published = v["published"].as_str().map(str::to_owned);
            Fixture {
                article: a,
                event: s("event"),
            }
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
