//! A per-thread vocabulary of the word forms seen in source text.
//!
//! News vocabulary is Zipfian: a few thousand forms make most tokens. The first time a form is
//! met it is normalised ([`super::lower_into`]), classified, split (elisions, possessives),
//! checked against the stopwords, stemmed and accent-folded; every later token of that form is
//! one hash lookup, and its strings are shared (`Arc<str>`) instead of allocated again.
//!
//! The vocabulary knows only text. Layers above that cache their own per-form results (the
//! analysis caches lexicon and gazetteer lookups) key them by form id and by
//! [`Vocab::instance`], which changes whenever a vocabulary is replaced.
//!
//! The vocabulary is dropped after a call that leaves it with [`LIMIT`] forms or more, which
//! bounds what it keeps between calls (about 9 MB per language and thread together with the
//! analysis's per-form cache, which is dropped with it: a form costs about 280 bytes with its
//! strings and table entries in both); within one call it grows with the
//! distinct words of the text, as the tokens themselves do. Nothing in it is visible to
//! callers: results are the same as running each step on each token.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::lang::Lang;
use super::normalize::{fold_cow, is_apostrophe, lower_into};
use super::stem::stem_key;
use super::tokenize::{segment_kind, TokenKind, ELISIONS};
use crate::util::hash::FastMap;

/// Forms kept per language and thread before the vocabulary is cleared.
pub(crate) const LIMIT: usize = 1 << 15;

/// How a source form becomes tokens.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Split {
    /// One token.
    Whole,
    /// A French elision: `head` (`l`, `qu`, ...) then `rest` after the apostrophe, which starts
    /// `rest_off` bytes into the form; the head is `head_len` bytes long.
    Elision {
        head: u32,
        head_len: u32,
        rest: u32,
        rest_off: u32,
    },
    /// An English possessive: the form without its final `'s`, `len` bytes long.
    Possessive { word: u32, len: u32 },
}

/// What the text pipeline knows about one source form.
#[derive(Debug)]
pub(crate) struct Form {
    /// Normalised text: NFKC, one apostrophe, lowercase.
    pub(crate) norm: Arc<str>,
    /// Stem key (words), the digits (numbers), empty for stopwords and symbols.
    pub(crate) key: Arc<str>,
    /// `norm` with accents folded.
    pub(crate) folded: Arc<str>,
    pub(crate) kind: TokenKind,
    pub(crate) stop: bool,
    pub(crate) capitalized: bool,
    pub(crate) all_caps: bool,
    pub(crate) split: Split,
}

/// The forms of one language, by source text.
#[derive(Debug)]
pub(crate) struct Vocab {
    lang: Lang,
    /// Unique in the process: a new vocabulary never reuses an old one's number.
    instance: u64,
    ids: FastMap<Arc<str>, u32>,
    forms: Vec<Form>,
    empty: Arc<str>,
}

thread_local! {
    static VOCABS: RefCell<[Vocab; 2]> = RefCell::new([Vocab::new(Lang::Fr), Vocab::new(Lang::En)]);
}

/// Runs `f` with this thread's vocabulary of `lang` (a fresh one if it is already in use, as
/// when building a static table calls the tokenizer from inside the pipeline).
pub(crate) fn with_vocab<R>(lang: Lang, f: impl FnOnce(&mut Vocab) -> R) -> R {
    VOCABS.with(|v| match v.try_borrow_mut() {
        Ok(mut v) => {
            let vocab = &mut v[lang.index()];
            let r = f(vocab);
            if vocab.forms.len() >= LIMIT {
                // Drop it all, capacity included: one huge text must not pin its memory.
                *vocab = Vocab::new(lang);
            }
            r
        }
        Err(_) => f(&mut Vocab::new(lang)),
    })
}

impl Vocab {
    pub(crate) fn new(lang: Lang) -> Self {
        static INSTANCES: AtomicU64 = AtomicU64::new(0);
        Vocab {
            lang,
            instance: INSTANCES.fetch_add(1, Ordering::Relaxed),
            ids: FastMap::default(),
            forms: Vec::new(),
            empty: Arc::from(""),
        }
    }

    /// The language of the forms.
    #[inline]
    pub(crate) fn lang(&self) -> Lang {
        self.lang
    }

    /// A number no other vocabulary of this process has: per-form data cached by an upper
    /// layer is valid while the instance it was made for is the same.
    #[inline]
    pub(crate) fn instance(&self) -> u64 {
        self.instance
    }

    /// The number of forms (all form ids are below it; ids are handed out in order and never
    /// change while the instance lives).
    #[inline]
    pub(crate) fn form_count(&self) -> usize {
        self.forms.len()
    }

    #[inline]
    pub(crate) fn form(&self, id: u32) -> &Form {
        &self.forms[id as usize]
    }

    /// The id of source form `src` when it was seen as a whole segment.
    #[inline]
    pub(crate) fn lookup(&self, src: &str) -> Option<u32> {
        self.ids.get(src).copied()
    }

    /// The id of source form `src` (one UAX #29 segment, or part of one) of token kind `kind`.
    /// Only forms whose kind is the one their text has as a whole segment are cached, so
    /// [`Vocab::lookup`] never returns another kind (a merged French number such as `1 500` is a
    /// number, though its text alone would segment as a word).
    pub(crate) fn intern(&mut self, src: &str, kind: TokenKind) -> u32 {
        if let Some(id) = self.lookup(src) {
            if self.forms[id as usize].kind == kind {
                return id;
            }
        }
        let form = self.make(src, kind);
        // Most forms are written in their normal form: share that string.
        let key = (*form.norm == *src).then(|| form.norm.clone());
        let id =
            u32::try_from(self.forms.len()).expect("fewer than 2^32 word forms (texts under 8 GB)");
        self.forms.push(form);
        if segment_kind(src) == Some(kind) {
            self.ids.insert(key.unwrap_or_else(|| Arc::from(src)), id);
        }
        id
    }

    fn make(&mut self, src: &str, kind: TokenKind) -> Form {
        let mut norm = String::with_capacity(src.len());
        lower_into(src, &mut norm);
        let c0 = src.chars().next();
        let capitalized = c0.is_some_and(char::is_uppercase);
        // A word starting with a lowercase letter is not all capitals: skip the scan.
        let all_caps = kind == TokenKind::Word && !c0.is_some_and(char::is_lowercase) && {
            let mut n = 0;
            let mut all = true;
            for c in src.chars().filter(|c| c.is_alphabetic()) {
                n += 1;
                all &= c.is_uppercase();
            }
            all && n >= 2
        };
        let split = if kind == TokenKind::Word {
            self.split_of(src, &norm)
        } else {
            Split::Whole
        };
        // Strings are shared wherever they are equal: the folded form of an ASCII word is its
        // normal form, a number's key is its text, a stem is often the word itself.
        let norm_arc: Arc<str> = Arc::from(norm.as_str());
        let (stop, key) = match kind {
            TokenKind::Symbol => (true, self.empty.clone()),
            TokenKind::Number => (false, norm_arc.clone()),
            TokenKind::Word => match stem_key(self.lang, &norm) {
                None => (true, self.empty.clone()),
                Some(k) if k == norm => (false, norm_arc.clone()),
                Some(k) => (false, Arc::from(k)),
            },
        };
        let folded = match fold_cow(&norm) {
            Cow::Borrowed(_) => norm_arc.clone(),
            Cow::Owned(f) => Arc::from(f),
        };
        Form {
            norm: norm_arc,
            key,
            folded,
            kind,
            stop,
            capitalized,
            all_caps,
            split,
        }
    }

    /// Elision and possessive splits of a word (see the tokenizer's docs).
    fn split_of(&mut self, src: &str, norm: &str) -> Split {
        let Some(ap) = norm.bytes().position(|b| b == b'\'') else {
            return Split::Whole;
        };
        let head = &norm[..ap];
        let Some((src_i, ap_len)) = src
            .char_indices()
            .find(|&(_, c)| is_apostrophe(c))
            .map(|(i, c)| (i, c.len_utf8()))
        else {
            return Split::Whole;
        };
        if self.lang == Lang::Fr && ELISIONS.contains(&head) && norm.len() > ap + 1 {
            let head = self.intern(&src[..src_i], TokenKind::Word);
            let rest_off = src_i + ap_len;
            let rest = self.intern(&src[rest_off..], TokenKind::Word);
            return Split::Elision {
                head,
                head_len: src_i as u32,
                rest,
                rest_off: rest_off as u32,
            };
        }
        if self.lang == Lang::En && &norm[ap..] == "'s" && ap > 0 {
            let word = self.intern(&src[..src_i], TokenKind::Word);
            return Split::Possessive {
                word,
                len: src_i as u32,
            };
        }
        Split::Whole
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    #[test]
    fn results_survive_a_dropped_vocabulary() {
        let text = "L'entreprise Inetum créera 1 500 emplois au Maroc d'ici 2027.";
        let before = analyze(text, Lang::Fr);
        let instance = with_vocab(Lang::Fr, |v| v.instance());
        // More distinct forms than the limit: the vocabulary is dropped after this call.
        let many: String = (0..LIMIT + 10).map(|i| format!("mot{i:x}q ")).collect();
        let terms = analyze(&many, Lang::Fr);
        assert_eq!(terms.len(), LIMIT + 10);
        VOCABS.with(|v| assert!(v.borrow()[Lang::Fr.index()].forms.len() < LIMIT));
        assert_ne!(with_vocab(Lang::Fr, |v| v.instance()), instance);
        assert_eq!(analyze(text, Lang::Fr), before);
    }

    #[test]
    fn merged_numbers_are_numbers_every_time() {
        // "1 500" is interned as a number, though its text alone would segment as a word.
        let t = analyze("1 500 puis 1 500, 1\u{a0}500", Lang::Fr);
        let got: Vec<_> = t.iter().map(|t| (&*t.token.norm, t.token.kind)).collect();
        assert_eq!(
            got,
            [
                ("1 500", TokenKind::Number),
                ("puis", TokenKind::Word),
                ("1 500", TokenKind::Number),
                ("1 500", TokenKind::Number)
            ]
        );
    }
}
