//! The bridge between the two vocabularies: a French → English concept lexicon and a gazetteer
//! of places, organisations, demonyms, currencies and months in both languages.
//!
//! Both are data files shipped in the crate (`data/lexicon/`, `data/gazetteer/`; provenance and
//! licences in their READMEs), parsed once on first use.

mod gazetteer;
mod lexicon;

pub(crate) use gazetteer::{find_matches, is_common_word, GazMatch};
pub use gazetteer::{gazetteer_len, GazKind};
pub use lexicon::{concept, lexicon_len};
