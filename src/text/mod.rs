//! The text pipeline: clean → normalise → tokenize → stopwords → stem.
//!
//! Each step lives in its own file and can be used alone; [`analyze`] runs them all on one
//! text and returns [`Term`]s that keep byte offsets into the text the caller passed.
//!
//! Each distinct word form is normalised, classified, stemmed and folded once per thread and
//! then shared: a per-thread vocabulary maps the form as written to its results, and terms
//! share its strings (`Arc<str>`). News vocabulary is Zipfian, so most tokens cost one hash
//! lookup. The vocabulary is dropped once it holds 32,768 forms of a language, which bounds the
//! memory it keeps between calls (about 9 MB per language and thread).
//!
//! ```
//! use bilingual_dedup::{text, Lang};
//! let terms = text::analyze("Lire aussi : autre chose\nL’entreprise créera 1.500 emplois.", Lang::Fr);
//! let keys: Vec<&str> = terms.iter().filter(|t| !t.stop).map(|t| &*t.key).collect();
//! assert_eq!(keys, ["entrepris", "cre", "1.500", "emplois"]);
//! ```

mod clean;
mod normalize;
mod stem;
mod stopwords;
mod tokenize;
mod vocab;

pub use clean::{clean, is_boilerplate_line, kept_lines};

pub use normalize::{fold, fold_into, is_apostrophe, key, lower, lower_into};
pub use stem::{stem, stem_into};
pub(crate) use stopwords::is_other_language_word;
pub use stopwords::{is_stopword, stopword_count};
pub use tokenize::{tokenize, Gap, Token, TokenKind};

use std::ops::Range;
use std::sync::Arc;

pub(crate) use tokenize::Tok;
pub(crate) use vocab::{with_vocab, Form, Vocab};

use crate::Lang;

/// A token with its stopword flag and stem key.
///
/// The strings are shared (`Arc<str>`) between the terms of one word form, so a term costs
/// no allocation of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The token, with its span in the analysed text.
    pub token: Token,
    /// True for stopwords (and symbols); their `key` is empty.
    pub stop: bool,
    /// Stem key of a word (see [`stem`]), the normalised digits of a number.
    pub key: Arc<str>,
}

/// Runs the whole pipeline on `text`: drops boilerplate lines ([`kept_lines`]), tokenizes
/// ([`tokenize`]), flags stopwords and stems the other words.
///
/// Input of any size is processed in linear time.
///
/// # Panics
/// Only on a text with more than 2^32 − 1 distinct word forms, which takes more than 8 GB of
/// text ([`crate::Dedup`] refuses articles above its size limit long before).
pub fn analyze(text: &str, lang: Lang) -> Vec<Term> {
    with_vocab(lang, |v| {
        let mut toks = Vec::new();
        analyze_into(text, v, &mut toks);
        toks.iter()
            .map(|t| {
                let f = v.form(t.form);
                Term {
                    token: t.to_token(v),
                    stop: f.stop,
                    key: f.key.clone(),
                }
            })
            .collect()
    })
}

/// Tokenizes `text` (no cleaning) with a vocabulary of its own that does not consult the
/// bridge: for the bridge's tables.
pub(crate) fn tokenize_plain(text: &str, lang: Lang) -> Vec<Token> {
    vocab::with_plain_vocab(lang, |v| tokenize::tokenize_with(text, v))
}

/// Runs the pipeline on `text` and `f` on its terms.
#[cfg(test)]
pub(crate) fn with_term_refs<R>(text: &str, lang: Lang, f: impl FnOnce(&[TermRef<'_>]) -> R) -> R {
    with_vocab(lang, |v| {
        let mut toks = Vec::new();
        analyze_into(text, v, &mut toks);
        let v = &*v;
        let terms: Vec<TermRef<'_>> = toks.iter().map(|t| TermRef::new(t, v)).collect();
        f(&terms)
    })
}

/// Appends the tokens of the kept lines of `text` to `out`.
pub(crate) fn analyze_into(text: &str, vocab: &mut Vocab, out: &mut Vec<Tok>) {
    for span in clean::kept_line_spans(text) {
        tokenize::tokenize_span(text, span, vocab, out);
    }
}

/// The pipeline's view of a term: its token and its form's strings, borrowed from the
/// [`Vocab`] (no copy, no reference count).
#[derive(Clone, Debug)]
pub(crate) struct TermRef<'v> {
    pub(crate) token: TokenRef<'v>,
    pub(crate) stop: bool,
    pub(crate) key: &'v str,
    pub(crate) form: &'v Form,
}

/// A token whose text is borrowed from a [`Vocab`].
#[derive(Clone, Debug)]
pub(crate) struct TokenRef<'v> {
    pub(crate) span: Range<usize>,
    pub(crate) norm: &'v str,
    pub(crate) kind: TokenKind,
    pub(crate) gap: Gap,
    pub(crate) capitalized: bool,
    pub(crate) all_caps: bool,
}

impl TokenRef<'_> {
    /// True when the token starts a sentence (or a line).
    pub(crate) fn sentence_start(&self) -> bool {
        self.gap == Gap::Sentence
    }
}

impl<'v> TermRef<'v> {
    pub(crate) fn new(t: &Tok, v: &'v Vocab) -> Self {
        let form = v.form(t.form);
        TermRef {
            token: TokenRef {
                span: t.span.clone(),
                norm: &form.norm,
                kind: form.kind,
                gap: t.gap,
                capitalized: t.capitalized,
                all_caps: t.all_caps,
            },
            stop: form.stop,
            key: &form.key,
            form,
        }
    }
}
