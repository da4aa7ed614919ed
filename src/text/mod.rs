//! The text layer: language, clean → normalise → tokenize → stopwords → stem.
//!
//! Each step lives in its own file; [`analyze`] runs them all on one text and returns
//! [`Term`]s that keep byte offsets into the text the caller passed. Nothing here knows the
//! lexicon, the gazetteer or entities: those layers build on the forms this one makes.
//!
//! Each distinct word form is normalised, classified, stemmed and folded once per thread and
//! then shared: a per-thread vocabulary maps the form as written to its results, and terms
//! share its strings (`Arc<str>`). News vocabulary is Zipfian, so most tokens cost one hash
//! lookup. The vocabulary is dropped once it holds 32,768 forms of a language, which bounds the
//! memory it keeps between calls.
//!
//! What a user of the crate may want from here, besides [`Lang`] and [`detect`] (re-exported at
//! the root): [`clean`] to strip scraped boilerplate, [`tokenize`] and [`analyze`] to see what
//! the pipeline sees, [`stem`], [`fold`] and [`is_stopword`] to build keys that match it.
//!
//! ```
//! use bilingual_dedup::{text, Lang};
//! let terms = text::analyze("Lire aussi : autre chose\nL’entreprise créera 1.500 emplois.", Lang::Fr);
//! let keys: Vec<&str> = terms.iter().filter(|t| !t.stop).map(|t| &*t.key).collect();
//! assert_eq!(keys, ["entrepris", "cre", "1.500", "emplois"]);
//! ```

mod clean;
mod lang;
mod normalize;
mod stem;
mod stopwords;
mod tokenize;
mod vocab;

pub use clean::{clean, is_boilerplate_line};
pub use lang::{detect, Detection, Lang};
pub use normalize::{fold, lower};
pub use stem::stem;
pub use stopwords::is_stopword;
pub use tokenize::{tokenize, Gap, Token, TokenKind};

pub(crate) use clean::kept_line_spans;
pub(crate) use lang::detect_or_err;
#[cfg(test)]
pub(crate) use normalize::key;
pub(crate) use tokenize::FormToken;
pub(crate) use vocab::{with_vocab, Form, Vocab};

use std::sync::Arc;

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

/// Runs the whole text pipeline on `text`: drops boilerplate lines (see
/// [`is_boilerplate_line`]), tokenizes ([`tokenize`]), flags stopwords and stems the other
/// words.
///
/// Input of any size is processed in linear time.
///
/// # Panics
/// Only on a text with more than 2^32 − 1 distinct word forms, which takes more than 8 GB of
/// text (the engine refuses articles above its size limit long before).
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

/// Tokenizes all of `text` (no cleaning) with `vocab`.
pub(crate) fn tokenize_with(text: &str, vocab: &mut Vocab) -> Vec<Token> {
    tokenize::tokenize_with(text, vocab)
}

/// Appends the tokens of the kept lines of `text` to `out`.
pub(crate) fn analyze_into(text: &str, vocab: &mut Vocab, out: &mut Vec<FormToken>) {
    for span in clean::kept_line_spans(text) {
        tokenize::tokenize_span(text, span, vocab, out);
    }
}
