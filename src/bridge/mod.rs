//! The bridge between the two vocabularies: a French → English concept lexicon, a gazetteer of
//! places, organisations, demonyms, currencies and months in both languages, the words that
//! have a role in names (titles, particles, organisation words, weekdays), and the words that
//! name a kind of happening (`data/kinds/`).
//!
//! The data ships in the crate (`data/lexicon/`, `data/gazetteer/`; provenance and licences in
//! their READMEs) and is parsed once on first use. A form's lookups are gathered in one
//! [`Lexical`], which the analysis caches per form.

mod gazetteer;
mod kinds;
mod lexicon;
pub(crate) mod roles;
mod word;

pub(crate) use gazetteer::{GazHits, GazKind};
pub(crate) use kinds::kind_names;
pub(crate) use lexicon::concept;
pub(crate) use word::{Lexical, Word};

#[cfg(test)]
pub(crate) use word::with_words;

/// The rows of a shipped data file, with their 1-based line numbers: lines without a trailing
/// `\r`, blank lines and `#` comments left out (the format every file under `data/` shares).
fn data_lines(text: &'static str) -> impl Iterator<Item = (usize, &'static str)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        (!l.trim().is_empty() && !l.starts_with('#')).then_some((i + 1, l))
    })
}

/// Builds the tables now if they are not built yet, the independent ones on two rayon threads
/// (the lexicon, and the gazetteer with the name-role lists; then the common words, which need
/// both), instead of one after the other on the first thread that needs them while the others
/// wait: about 30 ms of instructions at the start of a process, cut to the longer branch.
pub(crate) fn warm_up() {
    rayon::join(
        || {
            lexicon::lexicon();
            kinds::kinds();
        },
        || {
            gazetteer::warm_gazetteer();
            roles::warm();
        },
    );
    gazetteer::warm_common_words();
}
