//! [`Analysis`]: the language-neutral features of one article.

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

use crate::bridge::GazHits;
use crate::extract::{extract_entities, extract_numbers, Entity, Field, Number};
use crate::fingerprint::{Fingerprint, Params};
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
        let concepts = f.concepts.iter().map(|&(k, _)| vocab.concept_hash(k));
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

    with_scratch(|Scratch { marks, toks, gaz }| {
        with_vocab(lang, |vocab| {
            for (src, toks) in [&article.title, &article.body].into_iter().zip(&mut *toks) {
                toks.clear();
                analyze_into(src, vocab, toks);
            }
            let f = features(article, lang, toks, vocab, marks, gaz)?;
            Ok(finish(f, vocab))
        })
    })
}

/// An [`Analysis`] whose concepts are still key ids of the thread's [`Vocab`].
struct Features {
    id: String,
    lang: Lang,
    published: Option<i32>,
    /// Concept key ids and their counts.
    concepts: Vec<(u32, u32)>,
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
    marks: &mut KeyMarks,
    gaz: &mut GazHits,
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
    marks.start(vocab.key_count());
    for t in &fields[1].terms {
        if t.token.kind != TokenKind::Word {
            continue;
        }
        if t.token.capitalized && !t.token.sentence_start() {
            marks.mark_cap_mid(t.form.fid);
        } else if !t.token.capitalized {
            marks.mark_lower(t.form.fid);
        }
    }

    let mut entities = Vec::new();
    let mut numbers = Vec::new();
    // Body first so the title's entities merge into the body's surface forms.
    for f in fields.iter().rev() {
        gaz.find(&f.terms, lang);
        extract_entities(&f.terms, gaz, lang, f.field, f.src, marks, &mut entities);
        extract_numbers(&f.terms, gaz, lang, f.src, &mut numbers);
        for t in &f.terms {
            if t.stop || t.token.kind != TokenKind::Word || t.key.len() < 2 {
                continue;
            }
            // Names are not stemmed: French and English Snowball cut "Fischer" differently.
            let name = (t.token.capitalized || t.token.all_caps)
                && !t.token.sentence_start()
                && !t.form.common;
            let key = if name { t.form.fid } else { t.form.cid };
            marks.count_concept(key);
        }
    }
    let concepts = marks.concepts().collect();
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

/// Marks of one article on vocabulary key ids (`Form::fid`, `Form::cid`): words seen
/// capitalised mid-sentence or in lowercase, and concept counts.
///
/// Kept per thread and reused instead of three hash tables per article: a mark is set when
/// its stamp equals the current article's number, so starting an article clears every mark
/// at once, and a mark is one indexed load (key ids are dense).
#[derive(Default)]
pub(crate) struct KeyMarks {
    /// Number of the current article (from 1; 0 in a stamp means never).
    article: u32,
    /// By key id.
    keys: Vec<KeyMark>,
    /// Concept key ids counted in this article, in order of first count.
    concepts: Vec<u32>,
}

/// The stamps (article numbers) and concept count of one key id.
#[derive(Clone, Copy, Default)]
struct KeyMark {
    cap_mid: u32,
    lower: u32,
    concept: u32,
    count: u32,
}

/// What [`with_features`] keeps per thread between articles instead of allocating it again.
#[derive(Default)]
struct Scratch {
    marks: KeyMarks,
    /// Tokens of the title and the body.
    toks: [Vec<Tok>; 2],
    /// Gazetteer hits of a field.
    gaz: GazHits,
}

/// Marks kept between articles for at most this many key ids (16 bytes each: 2 MB; a warm
/// vocabulary of both languages has fewer keys).
const MARKS_LIMIT: usize = 1 << 17;

/// Token and gazetteer buffers kept between articles for at most this many tokens (about 30
/// bytes each: 2 MB; a long news article has a few thousand): an enormous article must not pin
/// its memory.
const TOKENS_LIMIT: usize = 1 << 16;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch buffers (fresh ones if they are already in use).
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => {
            let r = f(&mut s);
            if s.marks.keys.len() > MARKS_LIMIT {
                s.marks = KeyMarks::default();
            }
            for t in &mut s.toks {
                if t.capacity() > TOKENS_LIMIT {
                    *t = Vec::new();
                }
            }
            if s.gaz.capacity() > TOKENS_LIMIT {
                s.gaz = GazHits::default();
            }
            r
        }
        Err(_) => f(&mut Scratch::default()),
    })
}

impl KeyMarks {
    /// Starts a new article whose key ids are below `key_count`, with no marks.
    fn start(&mut self, key_count: usize) {
        if self.article == u32::MAX {
            self.keys.fill(KeyMark::default());
            self.article = 0;
        }
        self.article += 1;
        if self.keys.len() < key_count {
            self.keys.resize(key_count, KeyMark::default());
        }
        self.concepts.clear();
    }

    fn mark_cap_mid(&mut self, id: u32) {
        self.keys[id as usize].cap_mid = self.article;
    }

    fn mark_lower(&mut self, id: u32) {
        self.keys[id as usize].lower = self.article;
    }

    /// The key was seen capitalised mid-sentence in the body.
    pub(crate) fn cap_mid(&self, id: u32) -> bool {
        self.keys[id as usize].cap_mid == self.article
    }

    /// The key was seen in lowercase in the body.
    pub(crate) fn lower_seen(&self, id: u32) -> bool {
        self.keys[id as usize].lower == self.article
    }

    fn count_concept(&mut self, id: u32) {
        let m = &mut self.keys[id as usize];
        if m.concept == self.article {
            m.count += 1;
        } else {
            m.concept = self.article;
            m.count = 1;
            self.concepts.push(id);
        }
    }

    /// The concepts counted in this article and their counts.
    fn concepts(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.concepts
            .iter()
            .map(|&id| (id, self.keys[id as usize].count))
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
    fn key_marks_clear_per_article_and_survive_wrapping() {
        let mut m = KeyMarks {
            article: u32::MAX - 1,
            ..KeyMarks::default()
        };
        m.start(3);
        m.mark_cap_mid(1);
        m.count_concept(2);
        m.count_concept(2);
        assert!(m.cap_mid(1) && !m.lower_seen(1) && !m.cap_mid(0));
        assert_eq!(m.concepts().collect::<Vec<_>>(), [(2, 2)]);
        for _ in 0..2 {
            // The first start wraps the article number around (all stamps cleared).
            m.start(4);
            assert!(!m.cap_mid(1) && m.concepts().next().is_none());
            m.mark_lower(3);
            m.count_concept(2);
            assert!(m.lower_seen(3));
            assert_eq!(m.concepts().collect::<Vec<_>>(), [(2, 1)]);
        }
        assert_eq!(m.article, 2);
    }

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
