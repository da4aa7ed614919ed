//! The analysis layer: the pipeline from an [`Article`](crate::Article) to its language-neutral
//! keys, and the per-form cache that makes it fast.
//!
//! It runs the text layer, looks each new form up in the bridge once (the cache, keyed by the
//! text layer's form ids), marks the words the body shows as names, and runs the entity and
//! number stages. [`Analysis`] is the result as owned data; the fingerprint layer reads the
//! same keys without building their strings ([`with_article_keys`]).

mod cache;
mod marks;
mod pipeline;

use std::fmt;
use std::sync::Arc;

pub(crate) use cache::Keys;
pub(crate) use pipeline::{with_article_keys, ArticleKeys};

use crate::error::Error;
use crate::extract::{Entity, Number};
use crate::input::Article;
use crate::text::Lang;

/// The features of one article: concepts, entities and numbers, all language-neutral keys.
///
/// Made by [`Dedup::analyze`](crate::Dedup::analyze); holds no state shared between articles.
/// Turn it into a [`Fingerprint`](crate::Fingerprint) with
/// [`Dedup::fingerprint_analysis`](crate::Dedup::fingerprint_analysis).
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    id: String,
    lang: Lang,
    published: Option<i32>,
    concepts: Vec<(Arc<str>, u32)>,
    entities: Vec<Entity>,
    numbers: Vec<Number>,
    lead_kinds: u64,
    tokens: usize,
}

impl Analysis {
    /// The article's id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Its language (given or detected).
    pub fn lang(&self) -> Lang {
        self.lang
    }
    /// Publication day (days since 1970-01-01), if known.
    pub fn published(&self) -> Option<i32> {
        self.published
    }
    /// Concept keys with their counts, sorted by key: stems of content words, French ones
    /// mapped to English concepts through the lexicon, and names (accent-folded, unstemmed).
    /// The strings are shared with the pipeline's cache (no copy per article).
    pub fn concepts(&self) -> &[(Arc<str>, u32)] {
        &self.concepts
    }
    /// Named entities, in order of first mention (the body's before the title's).
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }
    /// Numbers, in order of appearance (the body's before the title's).
    pub fn numbers(&self) -> &[Number] {
        &self.numbers
    }
    /// The kinds of happening (an earthquake, a strike, a trial …) the title and the first 60
    /// words of the body name, as bits in the order of `data/kinds/event_kinds.tsv`; see
    /// [`Fingerprint::lead_kinds`](crate::Fingerprint::lead_kinds).
    pub fn lead_kinds(&self) -> u64 {
        self.lead_kinds
    }
    /// Word and number tokens after cleaning (stopwords included).
    pub fn token_count(&self) -> usize {
        self.tokens
    }

    /// The parts, moved out: id, language, publication day, lead kinds, concepts, entities,
    /// numbers.
    #[allow(clippy::type_complexity)]
    pub(crate) fn into_parts(
        self,
    ) -> (
        String,
        Lang,
        Option<i32>,
        u64,
        Vec<(Arc<str>, u32)>,
        Vec<Entity>,
        Vec<Number>,
    ) {
        (
            self.id,
            self.lang,
            self.published,
            self.lead_kinds,
            self.concepts,
            self.entities,
            self.numbers,
        )
    }
}

/// Analyses one article.
///
/// # Errors
/// As [`with_article_keys`].
pub(crate) fn analyze(article: &Article, max_bytes: usize) -> Result<Analysis, Error> {
    with_article_keys(article, max_bytes, into_analysis)
}

fn into_analysis(k: ArticleKeys, keys: &Keys) -> Analysis {
    // Sorted by key: by the first eight bytes as one number, then (rarely) the whole string.
    let mut sorted: Vec<(u64, u32, u32)> = k
        .concepts
        .into_iter()
        .map(|(id, c)| (prefix_u64(keys.str(id)), id, c))
        .collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| keys.str(a.1).cmp(keys.str(b.1))));
    let concepts: Vec<(Arc<str>, u32)> = sorted
        .into_iter()
        .map(|(_, id, c)| (keys.arc(id), c))
        .collect();
    Analysis {
        id: k.id,
        lang: k.lang,
        published: k.published,
        concepts,
        entities: k.entities,
        numbers: k.numbers,
        lead_kinds: k.lead_kinds,
        tokens: k.tokens,
    }
}

/// The first eight bytes of `s`, zero-padded, as a big-endian number: ordering these orders
/// the strings, except between strings equal in their first eight bytes.
fn prefix_u64(s: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = s.len().min(8);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

impl fmt::Display for Analysis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} ({}, {} tokens)", self.id, self.lang, self.tokens)?;
        let mut top: Vec<&(Arc<str>, u32)> = self.concepts.iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        write!(f, "  concepts ({}):", self.concepts.len())?;
        for (k, c) in top.iter().take(15) {
            write!(f, " {k}×{c}")?;
        }
        writeln!(f)?;
        write!(f, "  entities ({}):", self.entities.len())?;
        for e in &self.entities {
            write!(f, " {} [{:?} {}]", e.text, e.kind, e.key)?;
        }
        writeln!(f)?;
        write!(f, "  numbers ({}):", self.numbers.len())?;
        for n in &self.numbers {
            write!(f, " {n} «{}»", n.text)?;
        }
        writeln!(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concepts_sorted_by_key() {
        let a = Article::new(
            "t",
            "",
            "International internationalists met. The internationalisation of trade \
             and international trading grew; trade, interna, trader.",
        )
        .lang(Lang::En);
        let an = analyze(&a, usize::MAX).unwrap();
        let keys: Vec<&str> = an.concepts.iter().map(|(k, _)| &**k).collect();
        let mut want = keys.clone();
        want.sort_unstable();
        want.dedup();
        assert_eq!(keys, want);
        assert!(keys.len() >= 4, "{keys:?}");
        assert!(prefix_u64("ab") < prefix_u64("abc") && prefix_u64("b") > prefix_u64("abcdefghij"));
    }
}
