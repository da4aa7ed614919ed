//! The analysis's per-form cache: for every form of the thread's text vocabulary, its bridge
//! lookups ([`Lexical`]) and the ids of its key strings.
//!
//! The text layer's vocabulary makes each form once per thread; this cache adds what the
//! layers above text know about the form, once per form too, so a token costs indexed loads
//! instead of table searches. It is keyed by the vocabulary's form ids and its
//! [`Vocab::instance`]: when the vocabulary is replaced (it is dropped once it holds too many
//! forms), the cache starts again with it, which also bounds its memory.
//!
//! **Keys** are the strings concepts and names are counted by: a form's accent-folded text
//! (names are not stemmed) and its concept (the lexicon's English stem for a French stem, the
//! stem itself otherwise). Equal strings get one id, so the marks of an article can be kept in
//! arrays indexed by key id, and each key's feature hash is computed once
//! ([`Keys::concept_hash`]).

use std::sync::Arc;

use crate::bridge::Lexical;
use crate::text::{TokenKind, Vocab};
use crate::util::hash::{hash_key, FastMap, TAG_CONCEPT};

/// Per-form data of one language's vocabulary, by form id.
#[derive(Debug, Default)]
pub(crate) struct FormCache {
    /// The vocabulary instance the entries were made for.
    instance: Option<u64>,
    lex: Vec<Lexical>,
    /// Key id of the form's folded text.
    folded: Vec<u32>,
    /// Key id of the concept of a content word; `u32::MAX` for stopwords, numbers, symbols.
    concept: Vec<u32>,
    keys: Keys,
}

/// Key strings by id, and their ids.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    strings: Vec<Arc<str>>,
    /// The fingerprint feature hash of each key as a concept (`hash_key(TAG_CONCEPT, key)`).
    concept_hashes: Vec<u64>,
    ids: FastMap<Arc<str>, u32>,
}

impl FormCache {
    /// Brings the cache up to date with `vocab`: a new instance starts it again, and forms
    /// made since the last call are looked up.
    pub(crate) fn sync(&mut self, vocab: &Vocab) {
        if self.instance != Some(vocab.instance()) {
            *self = FormCache {
                instance: Some(vocab.instance()),
                ..FormCache::default()
            };
        }
        let lang = vocab.lang();
        for id in self.lex.len() as u32..vocab.form_count() as u32 {
            let form = vocab.form(id);
            let lex = Lexical::of(lang, form);
            let folded = self.keys.id(&form.folded);
            let concept = if form.kind == TokenKind::Word && !form.stop {
                match lex.concept {
                    Some(c) => self.keys.id_of_str(c),
                    None => self.keys.id(&form.key),
                }
            } else {
                u32::MAX
            };
            self.lex.push(lex);
            self.folded.push(folded);
            self.concept.push(concept);
        }
    }

    /// The lexical data of form `id`.
    #[inline]
    pub(crate) fn lex(&self, id: u32) -> &Lexical {
        &self.lex[id as usize]
    }

    /// The key id of form `id`'s folded text.
    #[inline]
    pub(crate) fn folded_key(&self, id: u32) -> u32 {
        self.folded[id as usize]
    }

    /// The key id of form `id`'s concept (`u32::MAX` when it has none).
    #[inline]
    pub(crate) fn concept_key(&self, id: u32) -> u32 {
        self.concept[id as usize]
    }

    /// The key strings.
    #[inline]
    pub(crate) fn keys(&self) -> &Keys {
        &self.keys
    }

    /// Number of forms cached.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.lex.len()
    }
}

impl Keys {
    /// The id of `s`, shared with every form whose key has that text.
    fn id(&mut self, s: &Arc<str>) -> u32 {
        match self.ids.get(&**s) {
            Some(&id) => id,
            None => self.push(s.clone()),
        }
    }

    /// [`Keys::id`] of a string not yet shared.
    fn id_of_str(&mut self, s: &str) -> u32 {
        match self.ids.get(s) {
            Some(&id) => id,
            None => self.push(Arc::from(s)),
        }
    }

    fn push(&mut self, s: Arc<str>) -> u32 {
        let id = u32::try_from(self.strings.len())
            .expect("fewer than 2^32 key strings (texts under 8 GB)");
        self.concept_hashes.push(hash_key(TAG_CONCEPT, &s));
        self.ids.insert(s.clone(), id);
        self.strings.push(s);
        id
    }

    /// The number of key ids (all ids are below it).
    #[inline]
    pub(crate) fn count(&self) -> usize {
        self.strings.len()
    }

    /// The string of a key id.
    #[inline]
    pub(crate) fn str(&self, id: u32) -> &str {
        &self.strings[id as usize]
    }

    /// The shared string of a key id.
    #[inline]
    pub(crate) fn arc(&self, id: u32) -> Arc<str> {
        self.strings[id as usize].clone()
    }

    /// The concept feature hash of a key id (`hash_key(TAG_CONCEPT, str(id))`).
    #[inline]
    pub(crate) fn concept_hash(&self, id: u32) -> u64 {
        self.concept_hashes[id as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{analyze_into, Lang};

    #[test]
    fn follows_its_vocabulary_and_starts_again_with_a_new_one() {
        let mut vocab = Vocab::new(Lang::Fr);
        let mut toks = Vec::new();
        analyze_into("Le Maroc et le maroc, l'Emploi.", &mut vocab, &mut toks);
        let mut cache = FormCache::default();
        cache.sync(&vocab);
        assert_eq!(cache.len(), vocab.form_count());
        // "Maroc" and "maroc" are two forms with one folded key.
        let ids: Vec<u32> = toks.iter().map(|t| t.form).collect();
        assert_ne!(ids[1], ids[4]);
        assert_eq!(cache.folded_key(ids[1]), cache.folded_key(ids[4]));
        assert_eq!(cache.keys().str(cache.folded_key(ids[1])), "maroc");
        assert_eq!(
            cache.concept_key(ids[0]),
            u32::MAX,
            "a stopword has no concept"
        );
        let k = cache.folded_key(ids[1]);
        assert_eq!(cache.keys().concept_hash(k), hash_key(TAG_CONCEPT, "maroc"));

        analyze_into("nouveau mot", &mut vocab, &mut toks);
        cache.sync(&vocab);
        assert_eq!(cache.len(), vocab.form_count());
        let fresh = Vocab::new(Lang::Fr);
        cache.sync(&fresh);
        assert_eq!(cache.len(), 0);
    }
}
