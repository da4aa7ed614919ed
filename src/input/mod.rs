//! The input layer: the [`Article`] record and reading articles from JSON Lines.

mod article;

pub use article::Article;
