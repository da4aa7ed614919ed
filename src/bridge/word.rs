//! What the bridge knows about one word form ([`Lexical`]), and the view of a token that the
//! bridge and extraction stages read ([`Word`]).

use std::ops::Range;

use super::gazetteer::{first_aliases, is_common_word, Alias};
use super::kinds::kind_of;
use super::lexicon::concept_of;
use super::roles::{roles, weekday_of};
use crate::text::{Form, FormToken, Gap, Lang, TokenKind, Vocab};

/// The bridge's lookups for one word form: made once per form and cached by the analysis, so
/// every later token of the form reads them instead of searching the tables again.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Lexical {
    /// The English concept of a French stem found in the lexicon.
    pub(crate) concept: Option<&'static str>,
    /// The form is a word common in either language ([`is_common_word`]).
    pub(crate) common: bool,
    /// Its roles in names ([`super::roles::roles`]: title, particle, organisation word,
    /// weekday), as bits.
    pub(crate) roles: u8,
    /// The weekday it names in its language (1 = Monday … 7 = Sunday), 0 for none.
    pub(crate) weekday: u8,
    /// Gazetteer aliases whose first token is the form's folded text.
    pub(crate) aliases: Option<&'static [Alias]>,
    /// The kind of happening the word names (`data/kinds/`): its bit number plus one, 0 for
    /// none.
    pub(crate) kind: u8,
}

impl Lexical {
    /// Looks a form of `lang` up in the lexicon, the gazetteer and the role lists.
    pub(crate) fn of(lang: Lang, form: &Form) -> Self {
        let word = form.kind == TokenKind::Word;
        Lexical {
            concept: concept_of(lang, &form.key),
            common: word && is_common_word(&form.norm),
            roles: roles(&form.norm),
            weekday: if word {
                weekday_of(lang, &form.norm)
            } else {
                0
            },
            aliases: first_aliases(&form.folded),
            kind: if word { kind_of(lang, &form.key) } else { 0 },
        }
    }
}

/// One token as the bridge and extraction stages see it: where it is, how it is written, and
/// its form's text and lexical data, borrowed (no copy, no reference count).
#[derive(Clone, Debug)]
pub(crate) struct Word<'v> {
    /// Byte range in the field's text.
    pub(crate) span: Range<usize>,
    pub(crate) gap: Gap,
    pub(crate) capitalized: bool,
    pub(crate) all_caps: bool,
    /// The form's id in its vocabulary.
    pub(crate) id: u32,
    pub(crate) form: &'v Form,
    pub(crate) lex: &'v Lexical,
}

impl<'v> Word<'v> {
    /// The view of token `t`, whose form's lexical data is `lex`.
    #[inline]
    pub(crate) fn new(t: &FormToken, vocab: &'v Vocab, lex: &'v Lexical) -> Self {
        Word {
            span: t.span.clone(),
            gap: t.gap,
            capitalized: t.capitalized,
            all_caps: t.all_caps,
            id: t.form,
            form: vocab.form(t.form),
            lex,
        }
    }

    /// Normalised text (lowercase).
    #[inline]
    pub(crate) fn norm(&self) -> &'v str {
        &self.form.norm
    }

    /// Accent-folded normalised text.
    #[inline]
    pub(crate) fn folded(&self) -> &'v str {
        &self.form.folded
    }

    /// Stem key (words), digits (numbers), empty for stopwords and symbols.
    #[inline]
    pub(crate) fn key(&self) -> &'v str {
        &self.form.key
    }

    #[inline]
    pub(crate) fn kind(&self) -> TokenKind {
        self.form.kind
    }

    /// A stopword or a symbol.
    #[inline]
    pub(crate) fn stop(&self) -> bool {
        self.form.stop
    }

    /// True when the token starts a sentence (or a line): its capital says little.
    #[inline]
    pub(crate) fn sentence_start(&self) -> bool {
        self.gap == Gap::Sentence
    }
}

/// Runs `f` on the words of `text` (tokenized and looked up with fresh tables): for tests of
/// the stages that read words.
#[cfg(test)]
pub(crate) fn with_words<R>(text: &str, lang: Lang, f: impl FnOnce(&[Word<'_>]) -> R) -> R {
    let mut vocab = Vocab::new(lang);
    let mut toks = Vec::new();
    crate::text::analyze_into(text, &mut vocab, &mut toks);
    let lex: Vec<Lexical> = (0..vocab.form_count() as u32)
        .map(|id| Lexical::of(lang, vocab.form(id)))
        .collect();
    let words: Vec<Word<'_>> = toks
        .iter()
        .map(|t| Word::new(t, &vocab, &lex[t.form as usize]))
        .collect();
    f(&words)
}
