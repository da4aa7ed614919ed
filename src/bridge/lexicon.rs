//! French → English concept lexicon at the stem level.
//!
//! `data/lexicon/fr_en.tsv` holds word pairs (`french<TAB>english`); on first use both sides are
//! stemmed with the crate's own pipeline ([`crate::text::stem`]) so keys always match what the
//! tokenizer produces. French stems missing from the lexicon pass through unchanged, so
//! cognates that Snowball reduces to the same stem in both languages still meet
//! ("technologie"/"technology" → `technolog`).

use std::sync::OnceLock;

use crate::text::{lower, stem, Lang};
use crate::util::hash::FastMap;

const DATA: &str = include_str!("../../data/lexicon/fr_en.tsv");

pub(crate) struct Lexicon {
    pub(crate) map: FastMap<String, String>,
    /// French keys that two lines map to different English keys (first line wins).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) conflicts: Vec<(String, String, String)>,
}

pub(crate) fn pairs() -> impl Iterator<Item = (usize, &'static str, &'static str)> {
    super::data_lines(DATA).filter_map(|(n, l)| {
        let mut it = l.split('\t');
        match (it.next(), it.next(), it.next()) {
            (Some(fr), Some(en), None) if !fr.trim().is_empty() && !en.trim().is_empty() => {
                Some((n, fr.trim(), en.trim()))
            }
            _ => None,
        }
    })
}

pub(crate) fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut map: FastMap<String, String> = FastMap::default();
        let mut conflicts = Vec::new();
        for (_, fr, en) in pairs() {
            let (fr, en) = (lower(fr), lower(en));
            let (fk, ek) = (stem(Lang::Fr, &fr), stem(Lang::En, &en));
            match map.get(&fk) {
                Some(prev) if *prev != ek => conflicts.push((fk, prev.clone(), ek)),
                Some(_) => {}
                None => {
                    map.insert(fk, ek);
                }
            }
        }
        Lexicon { map, conflicts }
    })
}

/// The language-neutral concept key of a stem key of `lang`: the English stem for a French
/// stem found in the lexicon, the stem itself otherwise.
pub(crate) fn concept(lang: Lang, stem_key: &str) -> &str {
    concept_of(lang, stem_key).unwrap_or(stem_key)
}

/// The English concept of a French stem key found in the lexicon (`None` for English, or
/// when the stem passes through).
pub(crate) fn concept_of(lang: Lang, stem_key: &str) -> Option<&'static str> {
    match lang {
        Lang::En => None,
        Lang::Fr => lexicon().map.get(stem_key).map(String::as_str),
    }
}

/// Number of distinct French stem keys in the lexicon.
#[cfg(test)]
fn lexicon_len() -> usize {
    lexicon().map.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::key;

    #[test]
    fn at_least_3000_french_stems() {
        assert!(lexicon_len() >= 3000, "{}", lexicon_len());
    }

    #[test]
    fn keys_are_unique_and_normalized() {
        let lex = lexicon();
        assert!(
            lex.conflicts.is_empty(),
            "conflicting lines: {:?}",
            &lex.conflicts[..lex.conflicts.len().min(20)]
        );
        for (fk, ek) in &lex.map {
            assert_eq!(*fk, key(fk), "French key not normalised");
            assert_eq!(*ek, key(ek), "English key not normalised");
            assert!(!fk.contains(char::is_whitespace) && !fk.is_empty());
        }
        for (line, fr, en) in pairs() {
            assert_eq!(fr, fr.to_lowercase(), "line {line}");
            assert_eq!(en, en.to_lowercase(), "line {line}");
        }
    }

    #[test]
    fn news_words_meet() {
        for (fr, en) in [
            ("emplois", "jobs"),
            ("entreprise", "company"),
            ("chômage", "unemployment"),
            ("gouvernement", "government"),
            ("signé", "signed"),
        ] {
            assert_eq!(
                concept(Lang::Fr, &stem(Lang::Fr, fr)),
                concept(Lang::En, &stem(Lang::En, en)),
                "{fr} / {en}"
            );
        }
    }
}
