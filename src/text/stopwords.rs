//! Stopword lists for French and English, and other-language function words for detection.
//!
//! The lists are hand-written by the project (`data/stopwords/`, see its README for provenance)
//! and compiled into the crate. Lookups accept the lowercase form with or without accents.

use std::sync::OnceLock;

use super::lang::Lang;
use super::normalize::fold;
use crate::util::hash::FastSet;

const FR: &str = include_str!("../../data/stopwords/fr.txt");
const EN: &str = include_str!("../../data/stopwords/en.txt");
const OTHER: &str = include_str!("../../data/stopwords/other.txt");

fn words(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
}

fn build(data: &str) -> FastSet<String> {
    let mut set = FastSet::default();
    for w in words(data) {
        let w = w.rsplit('\t').next().unwrap_or(w).trim().to_lowercase();
        set.insert(fold(&w));
        set.insert(w);
    }
    set
}

fn sets() -> &'static [FastSet<String>; 3] {
    static SETS: OnceLock<[FastSet<String>; 3]> = OnceLock::new();
    SETS.get_or_init(|| {
        let fr = build(FR);
        let en = build(EN);
        let other = build(OTHER);
        [fr, en, other]
    })
}

/// True when `word` (lowercase, as produced by [`crate::text::lower`]) is a stopword of `lang`.
///
/// ```
/// use bilingual_dedup::{text::is_stopword, Lang};
/// assert!(is_stopword(Lang::Fr, "les"));
/// assert!(is_stopword(Lang::Fr, "où"));
/// assert!(is_stopword(Lang::En, "the"));
/// assert!(!is_stopword(Lang::En, "jobs"));
/// ```
pub fn is_stopword(lang: Lang, word: &str) -> bool {
    sets()[lang.index()].contains(word)
}

/// True when `word` is a frequent function word of Spanish, Italian, Portuguese, German or
/// Dutch (some, such as `de` or `la`, are French too).
pub(crate) fn is_other_language_word(word: &str) -> bool {
    sets()[2].contains(word)
}

/// Number of distinct entries (with and without accents) in the list of `lang`.
#[cfg(test)]
fn stopword_count(lang: Lang) -> usize {
    sets()[lang.index()].len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_loaded_and_lowercase() {
        for (lang, data) in [(Lang::Fr, FR), (Lang::En, EN)] {
            assert!(stopword_count(lang) > 100);
            for w in words(data) {
                assert_eq!(w, w.to_lowercase(), "{w}");
                assert!(!w.contains(' '), "{w:?}");
            }
        }
        for w in ["l", "d", "qu", "jusqu", "le", "de", "et", "été", "ete"] {
            assert!(is_stopword(Lang::Fr, w), "{w}");
        }
        for w in ["emploi", "maroc", "investir", "gouvernement"] {
            assert!(!is_stopword(Lang::Fr, w), "{w}");
        }
        for w in ["job", "morocco", "invest", "government", "million"] {
            assert!(!is_stopword(Lang::En, w), "{w}");
        }
        assert!(is_other_language_word("und"));
        assert!(is_other_language_word("los"));
        assert!(!is_other_language_word("the"));
    }
}
