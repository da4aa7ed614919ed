//! The pipeline from an [`Article`] to its keys: size check, language, text layer, bridge
//! lookups (through the per-form cache), entities, numbers and concept counts.

use std::cell::RefCell;

use super::cache::{FormCache, Keys};
use super::marks::KeyMarks;
use crate::bridge::{GazHits, Word};
use crate::error::{Error, ErrorKind};
use crate::extract::{extract_entities, extract_numbers, Entity, Field, Number};
use crate::input::Article;
use crate::text::{
    analyze_into, detect_or_err, kept_line_spans, with_vocab, FormToken, Lang, TokenKind,
};

/// The keys of one article as the pipeline leaves them: concepts still as key ids of the
/// thread's [`Keys`] (see [`with_article_keys`]).
pub(crate) struct ArticleKeys {
    pub(crate) id: String,
    pub(crate) lang: Lang,
    pub(crate) published: Option<i32>,
    /// Concept key ids and their counts, in order of first count.
    pub(crate) concepts: Vec<(u32, u32)>,
    pub(crate) entities: Vec<Entity>,
    pub(crate) numbers: Vec<Number>,
    /// The kinds of happening the lead names (see [`lead_kinds`]).
    pub(crate) lead_kinds: u64,
    /// Word and number tokens after cleaning (stopwords included).
    pub(crate) tokens: usize,
}

/// One field's words.
struct FieldWords<'a, 'v> {
    field: Field,
    src: &'a str,
    words: Vec<Word<'v>>,
}

/// What [`with_article_keys`] keeps per thread between articles instead of allocating it again.
#[derive(Default)]
struct Scratch {
    marks: KeyMarks,
    /// Tokens of the title and the body.
    toks: [Vec<FormToken>; 2],
    /// Gazetteer hits of a field.
    gaz: GazHits,
    /// Per-form data of the thread's French and English vocabularies.
    forms: [FormCache; 2],
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
            if s.marks.key_capacity() > MARKS_LIMIT {
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

/// Runs `finish` on the keys of `article`, with the key strings they refer to.
///
/// # Errors
/// [`ErrorKind::TooLarge`] above `max_bytes`, [`ErrorKind::UnsupportedLanguage`] when the
/// language is not given and not detected, [`ErrorKind::EmptyText`] when no word is left.
pub(crate) fn with_article_keys<R>(
    article: &Article,
    max_bytes: usize,
    finish: impl FnOnce(ArticleKeys, &Keys) -> R,
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
            match detect_or_err(&article.id, &sample) {
                Ok(l) => l,
                // No language can be told from no words: that is empty text, as it is when
                // the language is given.
                Err(_) if !has_words(&article.title) && !has_words(&article.body) => {
                    return Err(ErrorKind::EmptyText {
                        id: article.id.clone(),
                    }
                    .into());
                }
                Err(e) => return Err(e),
            }
        }
    };

    with_scratch(
        |Scratch {
             marks,
             toks,
             gaz,
             forms,
         }| {
            with_vocab(lang, |vocab| {
                for (src, toks) in [&article.title, &article.body].into_iter().zip(&mut *toks) {
                    toks.clear();
                    analyze_into(src, vocab, toks);
                }
                let cache = &mut forms[lang.index()];
                cache.sync(vocab);
                let cache = &*cache;
                let fields: Vec<FieldWords<'_, '_>> = [
                    (Field::Title, article.title.as_str()),
                    (Field::Body, article.body.as_str()),
                ]
                .into_iter()
                .zip(&*toks)
                .map(|((field, src), toks)| FieldWords {
                    field,
                    src,
                    words: toks
                        .iter()
                        .map(|t| Word::new(t, vocab, cache.lex(t.form)))
                        .collect(),
                })
                .collect();
                let keys = article_keys(article, lang, &fields, cache, marks, gaz)?;
                Ok(finish(keys, cache.keys()))
            })
        },
    )
}

/// The keys of an article from its fields' words (title, body).
fn article_keys(
    article: &Article,
    lang: Lang,
    fields: &[FieldWords<'_, '_>],
    cache: &FormCache,
    marks: &mut KeyMarks,
    gaz: &mut GazHits,
) -> Result<ArticleKeys, Error> {
    let tokens: usize = fields
        .iter()
        .map(|f| {
            f.words
                .iter()
                .filter(|w| w.kind() != TokenKind::Symbol)
                .count()
        })
        .sum();
    if fields
        .iter()
        .all(|f| f.words.iter().all(|w| w.kind() != TokenKind::Word))
    {
        return Err(ErrorKind::EmptyText {
            id: article.id.clone(),
        }
        .into());
    }
    // Words seen capitalised mid-sentence, and seen in lowercase, in the body.
    marks.start(cache.keys().count());
    for w in &fields[1].words {
        if w.kind() != TokenKind::Word {
            continue;
        }
        if w.capitalized && !w.sentence_start() {
            marks.mark_cap_mid(cache.folded_key(w.id));
        } else if !w.capitalized {
            marks.mark_lower(cache.folded_key(w.id));
        }
    }

    let mut entities = Vec::new();
    let mut numbers = Vec::new();
    // Body first so the title's entities merge into the body's surface forms.
    for f in fields.iter().rev() {
        gaz.find(&f.words, lang);
        extract_entities(
            &f.words,
            gaz,
            lang,
            f.field,
            f.src,
            named_in_body(cache, marks),
            &mut entities,
        );
        extract_numbers(&f.words, gaz, lang, f.src, &mut numbers);
        for w in &f.words {
            if w.stop() || w.kind() != TokenKind::Word || w.key().len() < 2 {
                continue;
            }
            // Names are not stemmed: French and English Snowball cut "Fischer" differently.
            let name = (w.capitalized || w.all_caps) && !w.sentence_start() && !w.lex.common;
            let key = if name {
                cache.folded_key(w.id)
            } else {
                cache.concept_key(w.id)
            };
            marks.count_concept(key);
        }
    }
    let concepts = marks.concepts().collect();
    let lead_body = &fields[1].words[..lead_end(&fields[1].words)];
    let lead_kinds = lead_kinds(&fields[0].words, lead_body);
    mark_lead_entities(lang, fields, lead_body, cache, marks, gaz, &mut entities);
    Ok(ArticleKeys {
        id: article.id.clone(),
        lang,
        published: article.published_day(),
        concepts,
        entities,
        numbers,
        lead_kinds,
        tokens,
    })
}

/// The body words read as the lead with the title: the first paragraph of a wire story, and
/// about the first two sentences of a report written without paragraphs.
const LEAD_WORDS: usize = 60;

/// How many of the body's tokens the lead holds: those before its word number
/// [`LEAD_WORDS`] + 1 (all of them in a shorter body).
fn lead_end(body: &[Word<'_>]) -> usize {
    body.iter()
        .enumerate()
        .filter(|(_, w)| w.kind() == TokenKind::Word)
        .nth(LEAD_WORDS)
        .map_or(body.len(), |(i, _)| i)
}

/// Whether a word is capitalised mid-sentence in the body and never seen there in lowercase:
/// what the entity extractor needs to know of the whole body.
fn named_in_body<'c>(cache: &'c FormCache, marks: &'c KeyMarks) -> impl Fn(&Word<'_>) -> bool + 'c {
    move |w| {
        let k = cache.folded_key(w.id);
        marks.cap_mid(k) && !marks.lower_seen(k)
    }
}

/// The kinds of happening (bits, `data/kinds/`) the title and the lead's body words
/// (`lead_body`, the body up to [`lead_end`]) name.
fn lead_kinds(title: &[Word<'_>], lead_body: &[Word<'_>]) -> u64 {
    title
        .iter()
        .chain(lead_body)
        .filter(|w| w.kind() == TokenKind::Word && w.lex.kind != 0)
        .fold(0u64, |bits, w| bits | 1u64 << (w.lex.kind - 1))
}

/// Marks the entities the lead names (the title and `lead_body`, the body up to
/// [`lead_end`]): the names found when the lead alone goes through the entity extractor (with
/// what the whole body says about capitalised words), so that a name keeps its key and type.
fn mark_lead_entities(
    lang: Lang,
    fields: &[FieldWords<'_, '_>],
    lead_body: &[Word<'_>],
    cache: &FormCache,
    marks: &KeyMarks,
    gaz: &mut GazHits,
    entities: &mut [Entity],
) {
    let mut lead = Vec::new();
    for (f, words) in [(&fields[1], lead_body), (&fields[0], &fields[0].words[..])] {
        gaz.find(words, lang);
        extract_entities(
            words,
            gaz,
            lang,
            f.field,
            f.src,
            named_in_body(cache, marks),
            &mut lead,
        );
    }
    for e in entities.iter_mut() {
        e.lead = lead.iter().any(|l| l.key == e.key);
    }
}

/// True when a kept (non-boilerplate) line of `text` holds a letter.
fn has_words(text: &str) -> bool {
    kept_line_spans(text).any(|r| text[r].chars().any(char::is_alphabetic))
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
