//! The text pipeline: clean → normalise → tokenize → stopwords → stem.
//!
//! Each step lives in its own file and can be used alone; [`analyze`] runs them all on one
//! text and returns [`Term`]s that keep byte offsets into the text the caller passed.
//!
//! ```
//! use bilingual_dedup::{text, Lang};
//! let terms = text::analyze("Lire aussi : autre chose\nL’entreprise créera 1.500 emplois.", Lang::Fr);
//! let keys: Vec<&str> = terms.iter().filter(|t| !t.stop).map(|t| t.key.as_str()).collect();
//! assert_eq!(keys, ["entrepris", "cre", "1.500", "emplois"]);
//! ```

mod clean;
mod normalize;
mod stem;
mod stopwords;
mod tokenize;

pub use clean::{clean, is_boilerplate_line, kept_lines};
pub(crate) use normalize::fold_cow;
pub use normalize::{fold, fold_into, is_apostrophe, key, lower, lower_into};
pub use stem::{stem, stem_into};
pub(crate) use stopwords::is_other_language_word;
pub use stopwords::{is_stopword, stopword_count};
pub use tokenize::{tokenize, Gap, Token, TokenKind};

use crate::Lang;

/// A token with its stopword flag and stem key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The token, with its span in the analysed text.
    pub token: Token,
    /// True for stopwords (and symbols); their `key` is empty.
    pub stop: bool,
    /// Stem key of a word (see [`stem`]), the normalised digits of a number.
    pub key: String,
}

/// Runs the whole pipeline on `text`: drops boilerplate lines ([`kept_lines`]), tokenizes
/// ([`tokenize`]), flags stopwords and stems the other words.
///
/// Never panics; input of any size is processed in linear time.
pub fn analyze(text: &str, lang: Lang) -> Vec<Term> {
    let mut tokens = Vec::new();
    tokenize_clean(text, lang, &mut tokens);
    tokens.into_iter().map(|t| term(lang, t)).collect()
}

/// Tokenizes the kept lines of `text` into `out`.
pub(crate) fn tokenize_clean(text: &str, lang: Lang, out: &mut Vec<Token>) {
    for span in kept_lines(text) {
        tokenize::tokenize_span(text, span, lang, out);
    }
}

pub(crate) fn term(lang: Lang, token: Token) -> Term {
    let (stop, key) = match token.kind {
        TokenKind::Symbol => (true, String::new()),
        TokenKind::Number => (false, token.norm.clone()),
        TokenKind::Word => match stem::term_key(lang, &token.norm) {
            None => (true, String::new()),
            Some(k) => (false, k),
        },
    };
    Term { token, stop, key }
}
