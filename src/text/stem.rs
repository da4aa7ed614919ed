//! Snowball stemming through `rust-stemmers`, behind a per-thread cache.
//!
//! News vocabulary is Zipfian, so a small cache of word → key answers most lookups; it is
//! cleared when it reaches 64k entries, which bounds memory on pathological input.

use std::cell::RefCell;

use rust_stemmers::Stemmer;

use super::lang::Lang;
use super::normalize::fold_into;
use crate::util::hash::FastMap;

const CACHE_LIMIT: usize = 1 << 16;

thread_local! {
    static CACHE: RefCell<[FastMap<Box<str>, Box<str>>; 2]> = RefCell::new([FastMap::default(), FastMap::default()]);
    static STEMMERS: [Stemmer; 2] = [Stemmer::create(Lang::Fr.algorithm()), Stemmer::create(Lang::En.algorithm())];
}

/// The stem key of a lowercase `word`: its Snowball stem (computed with accents, as the French
/// algorithm needs), then accent-folded.
///
/// ```
/// use bilingual_dedup::{text::stem, Lang};
/// assert_eq!(stem(Lang::Fr, "économiques"), "econom");
/// assert_eq!(stem(Lang::En, "economics"), "econom");
/// assert_eq!(stem(Lang::Fr, "annoncées"), stem(Lang::Fr, "annoncé"));
/// ```
pub fn stem(lang: Lang, word: &str) -> String {
    let mut out = String::new();
    stem_into(lang, word, &mut out);
    out
}

/// Appends the stem key of `word` to `out` (see [`stem`]).
pub(crate) fn stem_into(lang: Lang, word: &str, out: &mut String) {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let map = &mut cache[lang.index()];
        if let Some(s) = map.get(word) {
            out.push_str(s);
            return;
        }
        let start = out.len();
        stem_uncached(lang, word, out);
        if map.len() >= CACHE_LIMIT {
            map.clear();
        }
        map.insert(word.into(), out[start..].into());
    });
}

/// For the pipeline: `None` when `word` is a stopword of `lang`, its stem key otherwise
/// (uncached: the vocabulary caches it).
pub(crate) fn stem_key(lang: Lang, word: &str) -> Option<String> {
    if super::is_stopword(lang, word) {
        return None;
    }
    let mut out = String::new();
    stem_uncached(lang, word, &mut out);
    Some(out)
}

/// Appends the Snowball stem of `word`, accent-folded, to `out`.
fn stem_uncached(lang: Lang, word: &str, out: &mut String) {
    STEMMERS.with(|s| fold_into(&s[lang.index()].stem(word), out));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stem_table() {
        let cases = [
            (Lang::Fr, "investissements", "invest"),
            (Lang::Fr, "création", "creation"),
            (Lang::Fr, "créations", "creation"),
            (Lang::Fr, "technologique", "technolog"),
            (Lang::En, "technologies", "technolog"),
            (Lang::En, "jobs", "job"),
            (Lang::En, "transformation", "transform"),
        ];
        for (lang, w, want) in cases {
            assert_eq!(stem(lang, w), want, "{w}");
            assert_eq!(stem(lang, w), want, "cached {w}");
        }
    }
}
