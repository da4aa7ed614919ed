//! Kinds of happening (an earthquake, a strike, a trial, a takeover) named by words of either
//! language: `data/kinds/event_kinds.tsv`, stemmed on first use with the crate's own stemmer so
//! its keys match the stem keys the tokenizer produces.
//!
//! A kind is a bit of a `u64` (bit `i` for the `i`-th kind of the file, in order of first
//! appearance); [`kind_of`] gives a stem's bit number plus one (0 for none).

use std::sync::OnceLock;

use crate::text::{lower, stem, Lang};
use crate::util::hash::FastMap;

const DATA: &str = include_str!("../../data/kinds/event_kinds.tsv");

/// At most this many kinds (bits of a `u64`, bit 63 unused so a count fits).
pub(crate) const MAX_KINDS: usize = 63;

pub(crate) struct Kinds {
    /// Kind names, in bit order.
    pub(crate) names: Vec<&'static str>,
    /// Stem key → kind number + 1, one map per language ([`Lang::index`]).
    by_stem: [FastMap<String, u8>; 2],
    /// Stems listed under two kinds (the first kind wins; a test keeps this empty).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) conflicts: Vec<(Lang, String)>,
}

pub(crate) fn kinds() -> &'static Kinds {
    static KINDS: OnceLock<Kinds> = OnceLock::new();
    KINDS.get_or_init(|| {
        let mut names: Vec<&'static str> = Vec::new();
        let mut by_stem: [FastMap<String, u8>; 2] = Default::default();
        let mut conflicts = Vec::new();
        for (_, line) in super::data_lines(DATA) {
            let mut it = line.split('\t');
            let (Some(kind), Some(lang), Some(words), None) =
                (it.next(), it.next(), it.next(), it.next())
            else {
                continue;
            };
            let lang = match lang.trim() {
                "fr" => Lang::Fr,
                "en" => Lang::En,
                _ => continue,
            };
            let kind = kind.trim();
            let n = match names.iter().position(|k| *k == kind) {
                Some(n) => n,
                None if names.len() < MAX_KINDS => {
                    names.push(kind);
                    names.len() - 1
                }
                None => continue,
            };
            for w in words.split_whitespace() {
                let key = stem(lang, &lower(w));
                match by_stem[lang.index()].get(&key) {
                    Some(&k) if usize::from(k) != n + 1 => conflicts.push((lang, key)),
                    Some(_) => {}
                    None => {
                        by_stem[lang.index()].insert(key, (n + 1) as u8);
                    }
                }
            }
        }
        Kinds {
            names,
            by_stem,
            conflicts,
        }
    })
}

/// The kind a stem key of `lang` names: its bit number plus one, 0 for none.
pub(crate) fn kind_of(lang: Lang, stem_key: &str) -> u8 {
    kinds().by_stem[lang.index()]
        .get(stem_key)
        .copied()
        .unwrap_or(0)
}

/// The names of the kinds whose bits are set in `bits`, in bit order.
pub(crate) fn kind_names(bits: u64) -> impl Iterator<Item = &'static str> {
    let names = &kinds().names;
    (0..names.len())
        .filter(move |&i| bits & (1u64 << i) != 0)
        .map(move |i| names[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        let k = kinds();
        assert!(k.names.len() >= 30 && k.names.len() <= MAX_KINDS);
        assert!(k.conflicts.is_empty(), "{:?}", k.conflicts);
        // Every kind has words in both languages: a kind one side cannot name never agrees.
        for (i, name) in k.names.iter().enumerate() {
            for m in &k.by_stem {
                assert!(
                    m.values().any(|&v| usize::from(v) == i + 1),
                    "kind {name} lacks a language"
                );
            }
        }
    }

    #[test]
    fn words_of_both_languages_meet() {
        let fr = kind_of(Lang::Fr, &stem(Lang::Fr, "séismes"));
        let en = kind_of(Lang::En, &stem(Lang::En, "earthquake"));
        assert_ne!(fr, 0);
        assert_eq!(fr, en);
        assert_eq!(
            kind_names(1u64 << (fr - 1)).collect::<Vec<_>>(),
            vec!["quake"]
        );
        assert_eq!(
            kind_of(Lang::Fr, &stem(Lang::Fr, "grève")),
            kind_of(Lang::En, &stem(Lang::En, "strikes"))
        );
        assert_eq!(kind_of(Lang::En, &stem(Lang::En, "table")), 0);
    }
}
