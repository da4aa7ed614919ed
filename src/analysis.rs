//! [`Analysis`]: the language-neutral features of one article.

use std::fmt;
use std::sync::Arc;

use crate::bridge::find_matches;
use crate::extract::{extract_entities, extract_numbers, Entity, Field, Number};
use crate::fingerprint::{Fingerprint, Params};
use crate::hash::{FastMap, FastSet};
use crate::minhash::MinHasher;
use crate::text::{analyze_into, with_vocab, TermRef, Tok, TokenKind, Vocab};
use crate::{lang, Article, Error, ErrorKind, Lang};

/// The features of one article: concepts, entities and numbers, all language-neutral keys.
///
/// Made by [`crate::Dedup::analyze`]; holds no state shared between articles.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// The article's id.
    pub id: String,
    /// Its language (given or detected).
    pub lang: Lang,
    /// Publication day (days since 1970-01-01), if known.
    pub published: Option<i32>,
    /// Concept keys with their counts, sorted by key: stems of content words, French ones
    /// mapped to English concepts through the lexicon. The strings are shared with the text
    /// pipeline's vocabulary (no copy per article).
    pub concepts: Vec<(Arc<str>, u32)>,
    /// Named entities, in order of first mention.
    pub entities: Vec<Entity>,
    /// Numbers, in order of appearance.
    pub numbers: Vec<Number>,
    /// Word and number tokens after cleaning (stopwords included).
    pub tokens: usize,
}

struct Field_<'a, 'v> {
    field: Field,
    src: &'a str,
    terms: Vec<TermRef<'v>>,
}

pub(crate) fn analyze(article: &Article, max_bytes: usize) -> Result<Analysis, Error> {
    with_features(article, max_bytes, |f, vocab| f.into_analysis(vocab))
}

/// The fingerprint of an article: as [`analyze`] then [`Fingerprint::from_owned_analysis`],
/// without building the concept strings the fingerprint would only hash (each concept's
/// hash is kept by the vocabulary).
pub(crate) fn fingerprint(
    article: &Article,
    max_bytes: usize,
    params: Params,
    hasher: &MinHasher,
) -> Result<Fingerprint, Error> {
    with_features(article, max_bytes, |f, vocab| {
        let concepts = f.concepts.keys().map(|&k| vocab.concept_hash(k));
        Fingerprint::from_parts(
            f.id,
            f.lang,
            f.published,
            concepts,
            f.entities,
            f.numbers,
            params,
            hasher,
        )
    })
}

/// Runs `finish` on the features of `article`, with the vocabulary they refer to.
fn with_features<R>(
    article: &Article,
    max_bytes: usize,
    finish: impl FnOnce(Features, &Vocab) -> R,
) -> Result<R, Error> {
    let len = article.title.len() + article.body.len();
    if len > max_bytes {
        return Err(ErrorKind::TooLarge {
            id: article.id.clone(),
            len,
            max: max_bytes,
        }
        .into());
    }
    let lang = match article.lang {
        Some(l) => l,
        None => {
            // Detect on the body (the title is often Title Case and name-heavy), falling back
            // to both.
            let mut sample = String::with_capacity(article.title.len() + 4096);
            sample.push_str(&article.title);
            sample.push('\n');
            let cut = floor_char_boundary(&article.body, 64 * 1024);
            sample.push_str(&article.body[..cut]);
            lang::detect_or_err(&article.id, &sample)?
        }
    };

    with_vocab(lang, |vocab| {
        let mut toks: [Vec<Tok>; 2] = Default::default();
        for (src, toks) in [&article.title, &article.body].into_iter().zip(&mut toks) {
            analyze_into(src, vocab, toks);
        }
        let f = features(article, lang, &toks, vocab)?;
        Ok(finish(f, vocab))
    })
}

/// An [`Analysis`] whose concepts are still key ids of the thread's [`Vocab`].
struct Features {
    id: String,
    lang: Lang,
    published: Option<i32>,
    /// Concept counts by key id.
    concepts: FastMap<u32, u32>,
    entities: Vec<Entity>,
    numbers: Vec<Number>,
    tokens: usize,
}

impl Features {
    fn into_analysis(self, vocab: &Vocab) -> Analysis {
        // Sorted by key: by the first eight bytes as one number, then (rarely) the whole
        // string.
        let mut sorted: Vec<(u64, u32, u32)> = self
            .concepts
            .into_iter()
            .map(|(k, c)| (prefix_u64(vocab.key_str(k)), k, c))
            .collect();
        sorted.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| vocab.key_str(a.1).cmp(vocab.key_str(b.1)))
        });
        let concepts: Vec<(Arc<str>, u32)> = sorted
            .into_iter()
            .map(|(_, k, c)| (vocab.key_arc(k), c))
            .collect();
        Analysis {
            id: self.id,
            lang: self.lang,
            published: self.published,
            concepts,
            entities: self.entities,
            numbers: self.numbers,
            tokens: self.tokens,
        }
    }
}

/// The features of an article from its tokens (title, body).
fn features(
    article: &Article,
    lang: Lang,
    toks: &[Vec<Tok>; 2],
    vocab: &Vocab,
) -> Result<Features, Error> {
    let fields: Vec<Field_<'_, '_>> = [
        (Field::Title, article.title.as_str()),
        (Field::Body, article.body.as_str()),
    ]
    .into_iter()
    .zip(toks)
    .map(|((field, src), toks)| Field_ {
        field,
        src,
        terms: toks.iter().map(|t| TermRef::new(t, vocab)).collect(),
    })
    .collect();
    let tokens: usize = fields
        .iter()
        .map(|f| {
            f.terms
                .iter()
                .filter(|t| t.token.kind != TokenKind::Symbol)
                .count()
        })
        .sum();
    if fields
        .iter()
        .all(|f| f.terms.iter().all(|t| t.token.kind != TokenKind::Word))
    {
        return Err(ErrorKind::EmptyText {
            id: article.id.clone(),
        }
        .into());
    }
    // Words seen capitalised mid-sentence, and seen in lowercase, in the body.
    let body_len = fields[1].terms.len();
    // Folded forms by key id (`Form::fid`).
    let mut cap_mid: FastSet<u32> =
        FastSet::with_capacity_and_hasher(body_len / 8, Default::default());
    let mut lower_seen: FastSet<u32> =
        FastSet::with_capacity_and_hasher(body_len / 2, Default::default());
    for t in &fields[1].terms {
        if t.token.kind != TokenKind::Word {
            continue;
        }
        if t.token.capitalized && !t.token.sentence_start() {
            cap_mid.insert(t.form.fid);
        } else if !t.token.capitalized {
            lower_seen.insert(t.form.fid);
        }
    }

    // Concept counts by key id.
    let mut concepts: FastMap<u32, u32> =
        FastMap::with_capacity_and_hasher(body_len / 2, Default::default());
    let mut entities = Vec::new();
    let mut numbers = Vec::new();
    // Body first so the title's entities merge into the body's surface forms.
    for f in fields.iter().rev() {
        let gaz = find_matches(&f.terms, lang);
        extract_entities(
            &f.terms,
            &gaz,
            lang,
            f.field,
            f.src,
            &cap_mid,
            &lower_seen,
            &mut entities,
        );
        extract_numbers(&f.terms, &gaz, lang, f.src, &mut numbers);
        for t in &f.terms {
            if t.stop || t.token.kind != TokenKind::Word || t.key.len() < 2 {
                continue;
            }
            // Names are not stemmed: French and English Snowball cut "Fischer" differently.
            let name = (t.token.capitalized || t.token.all_caps)
                && !t.token.sentence_start()
                && !t.form.common;
            let key = if name { t.form.fid } else { t.form.cid };
            *concepts.entry(key).or_insert(0) += 1;
        }
    }
    Ok(Features {
        id: article.id.clone(),
        lang,
        published: article.published_day(),
        concepts,
        entities,
        numbers,
        tokens,
    })
}

/// The first eight bytes of `s`, zero-padded, as a big-endian number: ordering these orders
/// the strings, except between strings equal in their first eight bytes.
fn prefix_u64(s: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = s.len().min(8);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
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
