//! Feature extraction from the words of an article: named entities ([`Entity`]) and numbers
//! ([`Number`]), both normalised to language-neutral keys.
//!
//! Both stages read [`crate::bridge::Word`]s, so they see each form's lexicon, gazetteer and
//! role lookups without searching those tables again.

mod entities;
mod numbers;
mod parse;

pub use entities::{Entity, EntityKind, Field};
pub use numbers::{Number, NumberKind};

pub(crate) use entities::extract as extract_entities;
pub(crate) use numbers::{extract as extract_numbers, fmt_value, write_number};
