//! What the index stores per article ([`Entry`]), the two sides of a lookup ([`Q`]), and what
//! it all costs in memory.

use std::mem::size_of;

use super::candidates::posting_keys;
use super::{Index, IndexStats};
use crate::compare::{NumFeat, View};
use crate::extract::EntityKind;
use crate::fingerprint::Fingerprint;
use crate::text::Lang;

/// One indexed article: what scoring and persistence need of its fingerprint.
#[derive(Clone, Debug)]
pub(super) struct Entry {
    pub(super) id: Box<str>,
    pub(super) lang: Lang,
    pub(super) published: Option<i32>,
    pub(super) lead_kinds: u64,
    pub(super) lead_entities: u32,
    pub(super) features: u32,
    pub(super) sig: Box<[u16]>,
    pub(super) ents: EntKeys,
    pub(super) nums: Box<[NumFeat]>,
}

/// The entity keys of one entry: the keys joined by U+001F in one allocation, and their kinds.
#[derive(Clone, Debug)]
pub(super) struct EntKeys {
    pub(super) text: Box<str>,
    pub(super) kinds: Box<[EntityKind]>,
}

impl EntKeys {
    pub(super) const SEP: char = '\u{1f}';

    pub(super) fn new<'s>(ents: impl IntoIterator<Item = (&'s str, EntityKind)>) -> Self {
        let mut text = String::new();
        let mut kinds = Vec::new();
        for (key, kind) in ents {
            if !kinds.is_empty() {
                text.push(Self::SEP);
            }
            text.extend(key.chars().filter(|&c| c != Self::SEP));
            kinds.push(kind);
        }
        EntKeys {
            text: text.into(),
            kinds: kinds.into(),
        }
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, EntityKind)> + '_ {
        let keys = (!self.kinds.is_empty()).then(|| self.text.split(Self::SEP));
        keys.into_iter().flatten().zip(self.kinds.iter().copied())
    }

    pub(super) fn len(&self) -> usize {
        self.kinds.len()
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.text.len() + self.kinds.len() * std::mem::size_of::<EntityKind>()
    }
}

/// A query side, borrowed either from a fingerprint or from an entry.
pub(super) struct Q<'a> {
    pub(super) sig16: Vec<u16>,
    pub(super) view_ents: Vec<(&'a str, EntityKind)>,
    pub(super) nums: Vec<NumFeat>,
    pub(super) published: Option<i32>,
    pub(super) lead_kinds: u64,
    pub(super) lead_entities: u32,
    pub(super) features: u32,
    pub(super) lang: Lang,
    pub(super) posting_keys: Vec<u32>,
}

impl Index {
    pub(super) fn query_side<'a>(fp: &'a Fingerprint) -> Q<'a> {
        let view = View::of(fp);
        let posting = posting_keys(view.entities.iter().copied(), &view.numbers, fp.lead_kinds);
        Q {
            sig16: fp.signature.iter().map(|&v| v as u16).collect(),
            view_ents: view.entities.into_owned(),
            nums: view.numbers.into_owned(),
            published: fp.published,
            lead_kinds: fp.lead_kinds,
            lead_entities: fp.lead_entities,
            features: fp.features,
            lang: fp.lang,
            posting_keys: posting,
        }
    }

    /// The stored entry of a fingerprint, and its posting keys.
    pub(super) fn entry_of(fp: &Fingerprint, q: Q<'_>) -> (Entry, Vec<u32>) {
        let entry = Entry {
            id: fp.id().into(),
            lang: fp.lang,
            published: fp.published,
            lead_kinds: fp.lead_kinds,
            lead_entities: fp.lead_entities,
            features: fp.features,
            sig: q.sig16.into_boxed_slice(),
            ents: EntKeys::new(q.view_ents.iter().copied()),
            nums: q.nums.into_boxed_slice(),
        };
        (entry, q.posting_keys)
    }

    pub(super) fn entry_side<'a>(&'a self, e: &'a Entry) -> Q<'a> {
        let view_ents: Vec<(&str, EntityKind)> = e.ents.iter().collect();
        let posting_keys = posting_keys(view_ents.iter().copied(), &e.nums, e.lead_kinds);
        Q {
            sig16: e.sig.to_vec(),
            view_ents,
            nums: e.nums.to_vec(),
            published: e.published,
            lead_kinds: e.lead_kinds,
            lead_entities: e.lead_entities,
            features: e.features,
            lang: e.lang,
            posting_keys,
        }
    }

    /// Approximate heap memory of the index in bytes.
    pub fn memory_bytes(&self) -> usize {
        let entries: usize = self
            .slots
            .iter()
            .flatten()
            .map(|e| {
                e.id.len() * 2 // in the entry and as the id map's key
                    + e.sig.len() * 2
                    + e.ents.heap_bytes()
                    + e.nums.len() * size_of::<NumFeat>()
            })
            .sum();
        entries
            + self.slots.capacity() * size_of::<Option<Entry>>()
            + self.ids.capacity() * (size_of::<Box<str>>() + 4 + 1)
            + self.bands.memory_bytes()
            + self.postings.memory_bytes()
            + (self.free.capacity() + self.dead.capacity()) * 4
    }

    /// Size and memory counters.
    pub fn stats(&self) -> IndexStats {
        IndexStats {
            len: self.len(),
            entity_keys: self.slots.iter().flatten().map(|e| e.ents.len()).sum(),
            links: self.bands.len() + self.postings.len(),
            memory_bytes: self.memory_bytes(),
            id_bytes: self.slots.iter().flatten().map(|e| e.id.len() * 2).sum(),
        }
    }
}
