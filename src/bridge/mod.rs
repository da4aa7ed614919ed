//! The bridge between the two vocabularies: a French → English concept lexicon and a gazetteer
//! of places, organisations, demonyms, currencies and months in both languages.
//!
//! Both are data files shipped in the crate (`data/lexicon/`, `data/gazetteer/`; provenance and
//! licences in their READMEs), parsed once on first use.

mod gazetteer;
mod lexicon;

pub(crate) use gazetteer::{first_aliases, is_common_word, Alias, GazHits};
pub use gazetteer::{gazetteer_len, GazKind};
pub(crate) use lexicon::concept_of;
pub use lexicon::{concept, lexicon_len};
