//! The input layer: the [`Article`] record and reading articles from JSON Lines
//! ([`jsonl`]).

mod article;
pub mod jsonl;

pub use article::Article;
