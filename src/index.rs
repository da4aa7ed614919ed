//! [`Index`]: an incremental LSH index of fingerprints, with entity/number postings,
//! clustering, time-window expiry and versioned persistence.
//!
//! # How candidates are found
//! - **LSH bands.** The signature is cut into `bands` bands of `rows = num_hashes / bands`
//!   values; two articles become candidates when any band is identical. For Jaccard
//!   similarity `J` that happens with probability `1 − (1 − J^rows)^bands`
//!   ([`Index::candidate_probability`]). More bands (fewer rows) find less similar pairs and
//!   produce more candidates: at the default 16 × 8, `J = 0.5` is found 6% of the time,
//!   `J = 0.7` 61% and `J = 0.8` 95%, so bands catch near-copies (same-language rewrites,
//!   machine translations that kept the names and numbers) cheaply;
//!   [`Index::bands_for_threshold`] picks the split for a target `J`.
//! - **Postings.** Across languages many true pairs share few words, so the index also keeps
//!   posting lists of *telling* keys: persons, organisations, other names and places, money
//!   amounts, dates and counts of ten or more. How telling a key is depends on how many
//!   articles hold it (think inverse document frequency, measured in articles rather than as a
//!   share of the index): a key held by `h` articles carries `log2(MAX_POSTING / h)` bits, and
//!   articles become candidates when the keys they share carry at least as much as one key
//!   held by [`Index::TELLING_HOLDERS`] articles. Keys held by more than
//!   [`Index::MAX_POSTING`] articles tell nothing and are not followed; of a longer list a
//!   query follows the [`Index::MAX_FOLLOW`] entries nearest to it in insertion order; at most
//!   [`Index::MAX_KEY_CANDIDATES`] articles found this way are re-scored per query (the best
//!   supported ones).
//!
//!   These bounds hold whatever the size of the index, so the work per query does not grow
//!   with it: as a feed grows, a name is held by more and more articles, but one event is
//!   still told by a handful of them, so a name shared with ten other articles picks out none
//!   of them, while a name held by three, or two names held by sixty, still do.
//!
//! Every candidate is re-scored with the same scorer as [`crate::Dedup::compare`], and results
//! come back best first.
//!
//! # Memory
//! An entry keeps the low 16 bits of each signature value (a false match between two 16-bit
//! values has probability 2^-16, which moves a Jaccard estimate by less than 0.0001), its own
//! entity keys packed in one string (nothing is shared between entries, so removing an article
//! frees all it used) and hashed number keys. [`Index::memory_bytes`] reports the total and
//! [`IndexStats::id_bytes`] the part holding ids. At default settings an article takes about
//! 960 bytes besides its id on the dev set of real news articles (`examples/evaluate.rs`) and
//! 655 bytes on the synthetic corpus of the `index` benchmark, within the 1 KiB budget.
//!
//! # Concurrency
//! `query` takes `&self`: share the index between threads (`Index: Sync`) for parallel
//! queries, or use [`Index::par_query`]. Results never depend on the number of threads.

use std::io::{Read, Write};
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::codec::{Reader, Writer};
use crate::compare::{components, verdict, NumFeat, Sig, View};
use crate::extract::{EntityKind, NumberKind};
use crate::fingerprint::Fingerprint;
use crate::hash::{hash_key, mix64, FastMap};
use crate::links::LinkStore;
use crate::{Dedup, Error, ErrorKind, Lang, Verdict};
use std::borrow::Cow;

/// Version of the index file format.
pub const INDEX_FORMAT_VERSION: u32 = 1;

/// A scored hit of a query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Id of the indexed article.
    pub id: String,
    /// Its language.
    pub lang: Lang,
    /// Score in [0, 1] (as [`crate::Match::score`]).
    pub score: f32,
    /// Verdict (as [`crate::Match::verdict`]).
    pub verdict: Verdict,
}

/// One event: the ids of the articles that report it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    /// Member ids, sorted.
    pub ids: Vec<String>,
}

/// Counters describing an index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IndexStats {
    /// Articles indexed.
    pub len: usize,
    /// Entity keys stored (over all articles).
    pub entity_keys: usize,
    /// Stored links (LSH band and posting entries, 8 bytes each).
    pub links: usize,
    /// Approximate heap memory in bytes.
    pub memory_bytes: usize,
    /// The part of `memory_bytes` that holds the article ids (each stored in its entry and as
    /// the key of the id lookup), which depends only on how long the caller's ids are.
    pub id_bytes: usize,
}

#[derive(Clone, Debug)]
struct Entry {
    id: Box<str>,
    lang: Lang,
    published: Option<i32>,
    features: u32,
    sig: Box<[u16]>,
    ents: EntKeys,
    nums: Box<[NumFeat]>,
}

/// The entity keys of one entry: the keys joined by U+001F in one allocation, and their kinds.
#[derive(Clone, Debug)]
struct EntKeys {
    text: Box<str>,
    kinds: Box<[EntityKind]>,
}

impl EntKeys {
    const SEP: char = '\u{1f}';

    fn new<'s>(ents: impl IntoIterator<Item = (&'s str, EntityKind)>) -> Self {
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

    fn iter(&self) -> impl Iterator<Item = (&str, EntityKind)> + '_ {
        let keys = (!self.kinds.is_empty()).then(|| self.text.split(Self::SEP));
        keys.into_iter().flatten().zip(self.kinds.iter().copied())
    }

    fn len(&self) -> usize {
        self.kinds.len()
    }

    fn heap_bytes(&self) -> usize {
        self.text.len() + self.kinds.len() * std::mem::size_of::<EntityKind>()
    }
}

/// An incremental index of fingerprints. See the module docs.
#[derive(Clone, Debug)]
pub struct Index {
    dedup: Dedup,
    rows: usize,
    slots: Vec<Option<Entry>>,
    /// Slots free for reuse (their links are gone).
    free: Vec<u32>,
    /// Removed slots whose links are still stored (dropped at the next compaction).
    dead: Vec<u32>,
    ids: FastMap<Box<str>, u32>,
    /// Band key (band index and its rows) → slots.
    bands: LinkStore,
    /// Telling key → slots.
    postings: LinkStore,
}

/// A query side, borrowed either from a fingerprint or from an entry.
struct Q<'a> {
    sig16: Vec<u16>,
    view_ents: Vec<(&'a str, EntityKind)>,
    nums: Vec<NumFeat>,
    published: Option<i32>,
    features: u32,
    lang: Lang,
    posting_keys: Vec<u32>,
}

fn telling_entity(kind: EntityKind) -> bool {
    !matches!(kind, EntityKind::Country)
}

fn telling_number(n: &NumFeat) -> bool {
    match n.kind {
        NumberKind::Year | NumberKind::Percent | NumberKind::Weekday => false,
        NumberKind::Count => !n.small,
        _ => true,
    }
}

fn posting_keys<'s>(
    ents: impl Iterator<Item = (&'s str, EntityKind)>,
    nums: &[NumFeat],
) -> Vec<u32> {
    let mut keys: Vec<u32> = ents
        .filter(|(_, k)| telling_entity(*k))
        .map(|(s, _)| hash_key(b'E', s) as u32)
        .chain(
            nums.iter()
                .filter(|n| telling_number(n))
                .map(|n| (mix64(u64::from(n.value) << 8 | n.kind as u64) >> 32) as u32),
        )
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Evidence carried by a key held by `held` articles, in 1/256 bits: `log2(MAX_POSTING / held)`.
fn key_weight(held: usize) -> u32 {
    let ratio = Index::MAX_POSTING as f32 / held.max(1) as f32;
    (ratio.log2().max(0.0) * 256.0) as u32
}

impl Index {
    /// Keys held by more articles than this are too common to tell anything and are not
    /// followed at query time; a key held by `h` articles carries `log2(MAX_POSTING / h)` bits
    /// of evidence.
    pub const MAX_POSTING: usize = 2_000;
    /// Telling keys two articles must share to become candidates through postings.
    pub const MIN_SHARED_KEYS: usize = 1;
    /// A key held by at most this many articles (about as many as report one event, the query
    /// included when it is indexed) is enough on its own to make its holders candidates. Keys
    /// held by more must add up to as much evidence (see [`Index::MAX_POSTING`]): two names
    /// held by 60 articles each do, one name held by 10 articles does not. How many articles
    /// hold a key grows with the index, but how many report one event does not, so this keeps
    /// the candidates of a query from growing with the index.
    pub const TELLING_HOLDERS: usize = 4;
    /// Most entries of one posting list that a query follows: those nearest to it in slot order
    /// (an indexed article's own slot; the newest slots for an outside query). Slots are handed
    /// out in insertion order, except that the slots of removed articles are reused, so in a
    /// feed indexed as it arrives these are the reports published closest in time. Bounds the
    /// work of a query on the common keys of a large index.
    pub const MAX_FOLLOW: usize = 64;
    /// Largest number of articles found only through shared names and numbers that one query
    /// re-scores: those whose shared keys carry the most evidence, then the nearest. Bounds the
    /// work per query when a feed holds many articles about the same actors. Articles sharing
    /// an LSH band are always re-scored.
    pub const MAX_KEY_CANDIDATES: usize = 32;
    /// Rounds of majority-linkage merging in [`Index::par_cluster`].
    pub const MAJORITY_ROUNDS: usize = 8;

    pub(crate) fn new(dedup: Dedup) -> Self {
        let rows = usize::from(dedup.params().num_hashes) / dedup.bands();
        Index {
            dedup,
            rows,
            slots: Vec::new(),
            free: Vec::new(),
            dead: Vec::new(),
            ids: FastMap::default(),
            bands: LinkStore::default(),
            postings: LinkStore::default(),
        }
    }

    /// Probability that two articles of Jaccard similarity `j` share an LSH band with `bands`
    /// bands of `rows` rows: `1 − (1 − j^rows)^bands`.
    pub fn candidate_probability(j: f64, bands: usize, rows: usize) -> f64 {
        1.0 - (1.0 - j.clamp(0.0, 1.0).powi(rows as i32)).powi(bands as i32)
    }

    /// The `(bands, rows)` split of `num_hashes` whose S-curve midpoint `(1/bands)^(1/rows)` is
    /// closest to `threshold` (the similarity found half of the time).
    pub fn bands_for_threshold(num_hashes: usize, threshold: f64) -> (usize, usize) {
        (1..=num_hashes)
            .filter(|b| num_hashes.is_multiple_of(*b))
            .map(|b| (b, num_hashes / b))
            .min_by(|x, y| {
                let mx = (1.0 / x.0 as f64).powf(1.0 / x.1 as f64);
                let my = (1.0 / y.0 as f64).powf(1.0 / y.1 as f64);
                (mx - threshold).abs().total_cmp(&(my - threshold).abs())
            })
            .unwrap_or((1, num_hashes))
    }

    /// Number of indexed articles.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// True when `id` is indexed.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains_key(id)
    }

    /// The engine the index scores with.
    pub fn dedup(&self) -> &Dedup {
        &self.dedup
    }

    fn band_keys(&self, sig16: &[u16]) -> Vec<u32> {
        sig16
            .chunks_exact(self.rows)
            .enumerate()
            .map(|(b, rows)| {
                let mut h = mix64(b as u64 + 1);
                for &v in rows {
                    h = mix64(h ^ u64::from(v));
                }
                (h >> 32) as u32
            })
            .collect()
    }

    fn query_side<'a>(fp: &'a Fingerprint) -> Q<'a> {
        let view = View::of(fp);
        let posting = posting_keys(view.entities.iter().copied(), &view.numbers);
        Q {
            sig16: fp.signature.iter().map(|&v| v as u16).collect(),
            view_ents: view.entities,
            nums: view.numbers.into_owned(),
            published: fp.published,
            features: fp.features,
            lang: fp.lang,
            posting_keys: posting,
        }
    }

    /// Adds a fingerprint.
    ///
    /// # Errors
    /// [`ErrorKind::Incompatible`] for a fingerprint of another version or configuration,
    /// [`ErrorKind::DuplicateId`] when its id is already indexed. The index is unchanged on
    /// error.
    pub fn insert(&mut self, fp: &Fingerprint) -> Result<(), Error> {
        self.dedup.check(fp)?;
        if self.ids.contains_key(fp.id()) {
            return Err(ErrorKind::DuplicateId(fp.id().to_owned()).into());
        }
        let (entry, posting_keys) = Self::entry_of(fp, Self::query_side(fp));
        self.put(entry, &posting_keys, false);
        let slots = &self.slots;
        self.bands.maybe_merge(|s| slots[s as usize].is_some());
        self.postings.maybe_merge(|s| slots[s as usize].is_some());
        Ok(())
    }

    /// The stored entry of a fingerprint, and its posting keys.
    fn entry_of(fp: &Fingerprint, q: Q<'_>) -> (Entry, Vec<u32>) {
        let entry = Entry {
            id: fp.id().into(),
            lang: fp.lang,
            published: fp.published,
            features: fp.features,
            sig: q.sig16.into_boxed_slice(),
            ents: EntKeys::new(q.view_ents.iter().copied()),
            nums: q.nums.into_boxed_slice(),
        };
        (entry, q.posting_keys)
    }

    /// Stores an entry and its links. With `bulk`, the links become visible only at the next
    /// [`Index::compact`], which the caller must run before any lookup.
    fn put(&mut self, entry: Entry, posting_keys: &[u32], bulk: bool) {
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.slots.push(None);
                (self.slots.len() - 1) as u32
            }
        };
        let link: fn(&mut LinkStore, u32, u32) = if bulk {
            LinkStore::insert_pending
        } else {
            LinkStore::insert
        };
        for k in self.band_keys(&entry.sig) {
            link(&mut self.bands, k, slot);
        }
        for &k in posting_keys {
            link(&mut self.postings, k, slot);
        }
        self.ids.insert(entry.id.clone(), slot);
        self.slots[slot as usize] = Some(entry);
    }

    /// Merges pending links and drops those of removed articles; their slots become reusable.
    fn compact(&mut self) {
        let slots = &self.slots;
        self.bands.compact(|s| slots[s as usize].is_some());
        self.postings.compact(|s| slots[s as usize].is_some());
        self.free.append(&mut self.dead);
    }

    /// Adds many fingerprints: checks them all first, so on error nothing is inserted.
    /// Fingerprint preparation runs in parallel; insertion order is the input order.
    ///
    /// # Errors
    /// As [`Index::insert`], for the first offending fingerprint (also a duplicate id within
    /// the batch).
    pub fn par_insert(&mut self, fps: &[Fingerprint]) -> Result<(), Error> {
        let mut seen = crate::hash::FastSet::default();
        for fp in fps {
            self.dedup.check(fp)?;
            if self.ids.contains_key(fp.id()) || !seen.insert(fp.id()) {
                return Err(ErrorKind::DuplicateId(fp.id().to_owned()).into());
            }
        }
        let prepared: Vec<Q<'_>> = fps.par_iter().map(Self::query_side).collect();
        for (fp, q) in fps.iter().zip(prepared) {
            let (entry, posting_keys) = Self::entry_of(fp, q);
            self.put(entry, &posting_keys, true);
        }
        self.compact();
        Ok(())
    }

    /// Removes an article; returns whether it was indexed.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(slot) = self.ids.remove(id) else {
            return false;
        };
        if self.slots[slot as usize].take().is_none() {
            return false;
        }
        self.dead.push(slot);
        if self.dead.len() > 1_024.max(self.ids.len() / 4) {
            self.compact();
        }
        true
    }

    /// Removes every article published before `day` (days since 1970-01-01); articles without
    /// a date are kept. Returns how many were removed.
    pub fn expire_before(&mut self, day: i32) -> usize {
        let old: Vec<Box<str>> = self
            .slots
            .iter()
            .flatten()
            .filter(|e| e.published.is_some_and(|p| p < day))
            .map(|e| e.id.clone())
            .collect();
        for id in &old {
            self.remove(id);
        }
        old.len()
    }

    /// Candidate slots of a query side, sorted, excluding `skip`.
    fn candidates(&self, q: &Q<'_>, skip: Option<u32>) -> Vec<u32> {
        let band_keys = self.band_keys(&q.sig16);
        self.bands.touch(&band_keys);
        self.postings.touch(&q.posting_keys);
        let mut out: Vec<u32> = Vec::new();
        for k in band_keys {
            out.extend(self.bands.get(k).slots());
        }
        // Nearness to the query in slot order: an indexed article's own slot, or the newest
        // slots for an outside query. Ties go to the lower slot, so the order is total.
        let anchor = skip.unwrap_or(u32::MAX);
        let near = |s: u32| (s.abs_diff(anchor), s);
        // (slot, weight of the key it was found through).
        let mut shared: Vec<(u32, u32)> = Vec::new();
        let mut run_slots: Vec<u32> = Vec::new();
        for &k in &q.posting_keys {
            let run = self.postings.get(k);
            let held = run.len();
            if held > Self::MAX_POSTING {
                continue;
            }
            let w = key_weight(held);
            if held <= Self::MAX_FOLLOW {
                shared.extend(run.slots().map(|s| (s, w)));
            } else {
                run_slots.clear();
                run_slots.extend(run.slots());
                run_slots.select_nth_unstable_by_key(Self::MAX_FOLLOW - 1, |&s| near(s));
                shared.extend(run_slots[..Self::MAX_FOLLOW].iter().map(|&s| (s, w)));
            }
        }
        shared.sort_unstable();
        let floor = key_weight(Self::TELLING_HOLDERS);
        // (weight of the keys shared, slot) of the articles found through names and numbers.
        let mut by_keys: Vec<(u32, u32)> = Vec::new();
        let mut i = 0;
        while i < shared.len() {
            let mut j = i;
            let mut w = 0;
            while j < shared.len() && shared[j].0 == shared[i].0 {
                w += shared[j].1;
                j += 1;
            }
            if j - i >= Self::MIN_SHARED_KEYS && w >= floor && Some(shared[i].0) != skip {
                by_keys.push((w, shared[i].0));
            }
            i = j;
        }
        if by_keys.len() > Self::MAX_KEY_CANDIDATES {
            // Heaviest first, then the nearest: deterministic.
            let order = |x: &(u32, u32), y: &(u32, u32)| {
                y.0.cmp(&x.0).then_with(|| near(x.1).cmp(&near(y.1)))
            };
            by_keys.select_nth_unstable_by(Self::MAX_KEY_CANDIDATES - 1, order);
            by_keys.truncate(Self::MAX_KEY_CANDIDATES);
        }
        out.extend(by_keys.into_iter().map(|(_, s)| s));
        out.sort_unstable();
        out.dedup();
        out.retain(|&c| Some(c) != skip && self.slots[c as usize].is_some());
        out
    }

    /// The query side of a comparison. Both sides use 16-bit signatures, so scores do not
    /// depend on which side is stored.
    fn query_view<'q>(q: &'q Q<'_>) -> View<'q> {
        View {
            sig: Sig::Low16(&q.sig16),
            features: q.features,
            entities: q.view_ents.clone(),
            numbers: Cow::Borrowed(&q.nums),
            published: q.published,
            lang: q.lang,
        }
    }

    fn score(&self, a: &View<'_>, e: &Entry) -> (f32, Verdict) {
        let b = View {
            sig: Sig::Low16(&e.sig),
            features: e.features,
            entities: e.ents.iter().collect(),
            numbers: Cow::Borrowed(&e.nums),
            published: e.published,
            lang: e.lang,
        };
        let (c, pairs) = components(a, &b);
        let score = c.score();
        (
            score,
            verdict(score, a, &b, &pairs, &c, &self.dedup.thresholds()),
        )
    }

    fn ranked(&self, q: &Q<'_>, skip: Option<u32>, top_k: usize, min_score: f32) -> Vec<Hit> {
        let a = Self::query_view(q);
        let mut hits: Vec<Hit> = self
            .candidates(q, skip)
            .into_iter()
            .filter_map(|s| self.slots[s as usize].as_ref())
            .map(|e| {
                let (score, verdict) = self.score(&a, e);
                Hit {
                    id: e.id.to_string(),
                    lang: e.lang,
                    score,
                    verdict,
                }
            })
            .filter(|h| h.score >= min_score)
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        hits.truncate(top_k);
        hits
    }

    /// The indexed articles most similar to `fp`, best first: at most `top_k` hits with a
    /// score of at least `min_score`. An indexed article with the same id as `fp` is skipped.
    ///
    /// # Errors
    /// [`ErrorKind::Incompatible`] for a fingerprint of another version or configuration.
    pub fn query(&self, fp: &Fingerprint, top_k: usize, min_score: f32) -> Result<Vec<Hit>, Error> {
        self.dedup.check(fp)?;
        let q = Self::query_side(fp);
        let skip = self.ids.get(fp.id()).copied();
        Ok(self.ranked(&q, skip, top_k, min_score))
    }

    /// [`Index::query`] for many fingerprints in parallel; results in input order.
    ///
    /// # Errors
    /// As [`Index::query`], for the first incompatible fingerprint.
    pub fn par_query(
        &self,
        fps: &[Fingerprint],
        top_k: usize,
        min_score: f32,
    ) -> Result<Vec<Vec<Hit>>, Error> {
        for fp in fps {
            self.dedup.check(fp)?;
        }
        fps.par_iter()
            .map(|fp| self.query(fp, top_k, min_score))
            .collect()
    }

    /// The best matches of an indexed article among the others (as [`Index::query`]).
    /// `None` when `id` is not indexed.
    pub fn neighbours(&self, id: &str, top_k: usize, min_score: f32) -> Option<Vec<Hit>> {
        let slot = *self.ids.get(id)?;
        let e = self.slots[slot as usize].as_ref()?;
        let q = self.entry_side(e);
        Some(self.ranked(&q, Some(slot), top_k, min_score))
    }

    fn entry_side<'a>(&'a self, e: &'a Entry) -> Q<'a> {
        let view_ents: Vec<(&str, EntityKind)> = e.ents.iter().collect();
        let posting_keys = posting_keys(view_ents.iter().copied(), &e.nums);
        Q {
            sig16: e.sig.to_vec(),
            view_ents,
            nums: e.nums.to_vec(),
            published: e.published,
            features: e.features,
            lang: e.lang,
            posting_keys,
        }
    }

    /// Groups the indexed articles into events, in parallel.
    ///
    /// Each article links to the candidates it calls [`Verdict::SameEvent`]. Clusters grow
    /// from those links (union–find) with a guard against chaining two events through one
    /// ambiguous article:
    /// 1. an article joins a cluster through its **mutual best** same-event match in a language,
    ///    or through a same-event match scoring at least the midpoint between the pair's
    ///    same-event threshold (cross- or same-language) and 1;
    /// 2. then two clusters merge when at least half of the article pairs between them are
    ///    same-event links (**majority linkage**, up to [`Index::MAJORITY_ROUNDS`] rounds):
    ///    two French and two English reports of one event that paired off into two mutual-best
    ///    pairs come together, while one article linked to two events does not join them.
    ///
    /// Clusters are sorted by their first id; results do not depend on the number of threads.
    pub fn par_cluster(&self) -> Vec<Cluster> {
        let slots: Vec<u32> = (0..self.slots.len() as u32)
            .filter(|&s| self.slots[s as usize].is_some())
            .collect();
        let t = self.dedup.thresholds();
        // Midpoint between the pair's same-event threshold and 1.
        let strong = |same_language: bool| {
            let same = t.same_event_for(same_language);
            same + (1.0 - same) / 2.0
        };
        // Same-event links found from each slot towards higher slots: the score is symmetric,
        // so each pair is scored once, from its lower slot.
        let forward: Vec<Vec<(u32, f32)>> = slots
            .par_iter()
            .map(|&s| {
                let e = self.slots[s as usize].as_ref().expect("live slot");
                let q = self.entry_side(e);
                let a = Self::query_view(&q);
                self.candidates(&q, Some(s))
                    .into_iter()
                    .filter(|&c| c > s)
                    .filter_map(|c| {
                        let other = self.slots[c as usize].as_ref()?;
                        let (score, verdict) = self.score(&a, other);
                        (verdict == Verdict::SameEvent).then_some((c, score))
                    })
                    .collect()
            })
            .collect();
        let pos: FastMap<u32, usize> = slots.iter().enumerate().map(|(i, &s)| (s, i)).collect();
        // For each slot: its same-event links (slot, score), best first.
        let mut links: Vec<Vec<(u32, f32)>> = vec![Vec::new(); slots.len()];
        for (i, f) in forward.iter().enumerate() {
            for &(c, score) in f {
                links[i].push((c, score));
                links[pos[&c]].push((slots[i], score));
            }
        }
        links.par_iter_mut().for_each(|v| {
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        });
        // Best same-event partner per language.
        let best = |i: usize, lang: Lang| -> Option<u32> {
            links[i]
                .iter()
                .find(|(c, _)| {
                    self.slots[*c as usize]
                        .as_ref()
                        .is_some_and(|e| e.lang == lang)
                })
                .map(|l| l.0)
        };
        let mut parent: Vec<usize> = (0..slots.len()).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        for (i, &s) in slots.iter().enumerate() {
            for &(c, score) in &links[i] {
                let j = pos[&c];
                let lang_c = self.slots[c as usize].as_ref().map(|e| e.lang);
                let lang_s = self.slots[s as usize].as_ref().map(|e| e.lang);
                let mutual = lang_c.is_some_and(|lc| best(i, lc) == Some(c))
                    && lang_s.is_some_and(|ls| best(j, ls) == Some(s));
                if score >= strong(lang_c == lang_s) || mutual {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
            }
        }
        // Majority linkage: two clusters merge when at least half of the article pairs
        // between them are same-event links (the two French and two English reports of one
        // event that paired off as two mutual-best pairs). One ambiguous article linking to
        // two events does not reach half, so it does not chain them.
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for (i, l) in links.iter().enumerate() {
            for &(c, _) in l {
                let j = pos[&c];
                pairs.push((i.min(j), i.max(j)));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        // Each round merges every disjoint qualifying pair of clusters; a few rounds settle
        // real data, and the bound keeps a pathological batch linear.
        for _round in 0..Self::MAJORITY_ROUNDS {
            let mut size: FastMap<usize, usize> = FastMap::default();
            for i in 0..slots.len() {
                *size.entry(find(&mut parent, i)).or_default() += 1;
            }
            let mut between: FastMap<(usize, usize), usize> = FastMap::default();
            for &(i, j) in &pairs {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                if a != b {
                    *between.entry((a.min(b), a.max(b))).or_default() += 1;
                }
            }
            let mut merge: Vec<(usize, usize)> = between
                .into_iter()
                .filter(|&((a, b), n)| 2 * n >= size[&a] * size[&b])
                .map(|(k, _)| k)
                .collect();
            merge.sort_unstable();
            let mut touched = crate::hash::FastSet::default();
            let mut merged = false;
            for (a, b) in merge {
                if touched.contains(&a) || touched.contains(&b) {
                    continue;
                }
                touched.insert(a);
                touched.insert(b);
                parent[a.max(b)] = a.min(b);
                merged = true;
            }
            if !merged {
                break;
            }
        }
        let mut groups: FastMap<usize, Vec<String>> = FastMap::default();
        for (i, &slot) in slots.iter().enumerate() {
            let r = find(&mut parent, i);
            let e = self.slots[slot as usize].as_ref().expect("live slot");
            groups.entry(r).or_default().push(e.id.to_string());
        }
        let mut clusters: Vec<Cluster> = groups
            .into_values()
            .map(|mut ids| {
                ids.sort();
                Cluster { ids }
            })
            .collect();
        clusters.sort_by(|a, b| a.ids[0].cmp(&b.ids[0]));
        clusters
    }

    /// Approximate heap memory of the index in bytes.
    pub fn memory_bytes(&self) -> usize {
        use std::mem::size_of;
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

    /// Writes the index in its versioned binary format (magic `BDIX`, format version, the
    /// engine's parameters, the entries, a checksum).
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when writing fails.
    pub fn write_to<W: Write>(&self, mut w: W) -> Result<(), Error> {
        let p = self.dedup.params();
        let mut out = Writer::new(b"BDIX", INDEX_FORMAT_VERSION);
        out.u32(crate::FORMAT_VERSION);
        out.u16(p.num_hashes);
        out.u64(p.seed);
        out.u32(p.data);
        out.u32(self.dedup.bands() as u32);
        out.u32(self.len() as u32);
        let mut live: Vec<&Entry> = self.slots.iter().flatten().collect();
        live.sort_by(|a, b| a.id.cmp(&b.id));
        for e in live {
            out.str(&e.id);
            out.u8(e.lang as u8);
            out.i32(e.published.unwrap_or(i32::MIN));
            out.u32(e.features);
            out.u32(e.sig.len() as u32);
            for &v in e.sig.iter() {
                out.u16(v);
            }
            out.u32(e.ents.len() as u32);
            for (s, k) in e.ents.iter() {
                out.str(s);
                out.u8(k as u8);
            }
            out.u32(e.nums.len() as u32);
            for n in e.nums.iter() {
                out.u32(n.unit);
                out.u32(n.value);
                out.u8(n.kind as u8);
                out.u8(u8::from(n.small));
            }
        }
        w.write_all(&out.finish())?;
        w.flush()?;
        Ok(())
    }

    /// Saves the index to a file (written to a temporary file first, then renamed, so an
    /// interrupted save never leaves a half-written index under `path`).
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when the file cannot be written.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let tmp = path.with_extension("tmp-bdix");
        {
            let f = std::fs::File::create(&tmp)?;
            self.write_to(std::io::BufWriter::new(f))?;
        }
        std::fs::rename(&tmp, path)?;
        Ok(())
    }

    /// Reads an index written by [`Index::write_to`], for use with `dedup`.
    ///
    /// # Errors
    /// [`ErrorKind::Format`] for a truncated, corrupt or foreign file;
    /// [`ErrorKind::Incompatible`] when the file's format version, fingerprint version or
    /// parameters differ from `dedup`'s; [`ErrorKind::Io`] when reading fails. Nothing is
    /// half-loaded: either the whole index comes back or an error.
    pub fn read_from<R: Read>(dedup: &Dedup, mut r: R) -> Result<Index, Error> {
        let mut data = Vec::new();
        r.read_to_end(&mut data)?;
        let mut r = Reader::open(&data, b"BDIX", "index file", INDEX_FORMAT_VERSION)?;
        let fp_version = r.u32()?;
        let p = crate::Params {
            num_hashes: r.u16()?,
            seed: r.u64()?,
            data: r.u32()?,
        };
        let bands = r.u32()? as usize;
        if fp_version != crate::FORMAT_VERSION || p != dedup.params() || bands != dedup.bands() {
            return Err(ErrorKind::Incompatible(format!(
                "index file made with fingerprint version {fp_version}, {p:?} and {bands} bands; \
                 this engine uses version {}, {:?} and {} bands",
                crate::FORMAT_VERSION,
                dedup.params(),
                dedup.bands()
            ))
            .into());
        }
        let n = r.len(16)?;
        let mut index = dedup.index();
        for _ in 0..n {
            let id = r.str()?;
            let lang = match r.u8()? {
                0 => Lang::Fr,
                1 => Lang::En,
                l => return Err(Error::format(format!("unknown language tag {l}"))),
            };
            let published = Some(r.i32()?).filter(|&d| d != i32::MIN);
            let features = r.u32()?;
            let k = r.len(2)?;
            if k != usize::from(p.num_hashes) {
                return Err(Error::format(
                    "signature length disagrees with the parameters",
                ));
            }
            let sig = (0..k).map(|_| r.u16()).collect::<Result<Box<[u16]>, _>>()?;
            let k = r.len(5)?;
            let mut ents = Vec::with_capacity(k);
            for _ in 0..k {
                let s = r.str()?;
                let kind = match r.u8()? {
                    0 => EntityKind::Person,
                    1 => EntityKind::Org,
                    2 => EntityKind::Place,
                    3 => EntityKind::Country,
                    4 => EntityKind::Other,
                    b => return Err(Error::format(format!("unknown entity kind {b}"))),
                };
                ents.push((s, kind));
            }
            let k = r.len(10)?;
            let mut nums = Vec::with_capacity(k);
            for _ in 0..k {
                let unit = r.u32()?;
                let value = r.u32()?;
                let kind = match r.u8()? {
                    0 => NumberKind::Count,
                    1 => NumberKind::Money,
                    2 => NumberKind::Percent,
                    3 => NumberKind::Year,
                    4 => NumberKind::Date,
                    5 => NumberKind::Weekday,
                    b => return Err(Error::format(format!("unknown number kind {b}"))),
                };
                let small = r.u8()? != 0;
                nums.push(NumFeat {
                    unit,
                    value,
                    kind,
                    small,
                });
            }
            if index.ids.contains_key(id.as_str()) {
                return Err(Error::format(format!("duplicate id {id:?} in index file")));
            }
            let posted = posting_keys(ents.iter().map(|(s, k)| (s.as_str(), *k)), &nums);
            index.put(
                Entry {
                    id: id.into(),
                    lang,
                    published,
                    features,
                    sig,
                    ents: EntKeys::new(ents.iter().map(|(s, k)| (s.as_str(), *k))),
                    nums: nums.into_boxed_slice(),
                },
                &posted,
                true,
            );
        }
        r.done()?;
        index.compact();
        Ok(index)
    }

    /// Loads an index saved by [`Index::save`].
    ///
    /// # Errors
    /// As [`Index::read_from`].
    pub fn load(dedup: &Dedup, path: impl AsRef<Path>) -> Result<Index, Error> {
        let f = std::fs::File::open(path)?;
        Self::read_from(dedup, std::io::BufReader::new(f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Article;

    #[test]
    fn key_evidence_follows_the_documented_examples() {
        let floor = key_weight(Index::TELLING_HOLDERS);
        assert!(key_weight(Index::TELLING_HOLDERS - 1) >= floor);
        assert!(key_weight(Index::TELLING_HOLDERS + 1) < floor);
        assert!(key_weight(10) < floor, "one name held by 10 articles");
        assert!(2 * key_weight(60) >= floor, "two names held by 60 articles");
        assert_eq!(key_weight(Index::MAX_POSTING), 0);
    }

    /// `n` unrelated articles (no word in common) that all name the same person, and one
    /// more article naming the person and a rare second name, `n` ≥ 1.
    fn sharing_a_name(n: usize) -> Vec<Fingerprint> {
        let dedup = Dedup::builder().build().unwrap();
        (0..=n)
            .map(|i| {
                let words: Vec<String> = (0..40).map(|j| format!("zorv{i}q{j}")).collect();
                let extra = if i + 1 >= n { "Octave Plimsoll" } else { "" };
                let body = format!(
                    "Le ministre Marcel Vandertramp a parlé. {extra} {}.",
                    words.join(" ")
                );
                let a = Article::new(format!("a{i}"), "Titre", body).lang(Lang::Fr);
                dedup.fingerprint(&a).unwrap()
            })
            .collect()
    }

    #[test]
    fn long_lists_are_followed_near_the_query_and_candidates_capped() {
        // 70 unrelated articles naming the same two people: two keys held by 70 articles are
        // enough together, the lists are longer than MAX_FOLLOW and the candidates more than
        // MAX_KEY_CANDIDATES, so each query keeps the nearest ones in slot order.
        let dedup = Dedup::builder().build().unwrap();
        let fps: Vec<Fingerprint> = (0..71)
            .map(|i| {
                let words: Vec<String> = (0..40).map(|j| format!("zorv{i}q{j}")).collect();
                let body = format!(
                    "Marcel Vandertramp et Octave Plimsoll ont parlé. {}.",
                    words.join(" ")
                );
                let a = Article::new(format!("a{i:02}"), "Titre", body).lang(Lang::Fr);
                dedup.fingerprint(&a).unwrap()
            })
            .collect();
        let mut index = dedup.index();
        index.par_insert(&fps[..70]).unwrap();
        let found = |id: &str| {
            let slot = index.ids[id];
            let e = index.slots[slot as usize].as_ref().unwrap();
            index.candidates(&index.entry_side(e), Some(slot))
        };
        let cap = Index::MAX_KEY_CANDIDATES as u32;
        assert_eq!(found("a00"), (1..=cap).collect::<Vec<u32>>());
        let mid: Vec<u32> = (35 - cap / 2..=35 + cap / 2).filter(|&s| s != 35).collect();
        assert_eq!(found("a35"), mid);
        // An outside query prefers the newest articles.
        let q = Index::query_side(&fps[70]);
        assert_eq!(
            index.candidates(&q, None),
            (70 - cap..70).collect::<Vec<u32>>()
        );
    }

    #[test]
    fn a_name_held_by_many_articles_alone_finds_nothing() {
        for n in [2, 12] {
            let fps = sharing_a_name(n);
            let dedup = Dedup::builder().build().unwrap();
            let mut index = dedup.index();
            index.par_insert(&fps).unwrap();
            let slot = index.ids["a0"];
            let e = index.slots[slot as usize].as_ref().unwrap();
            let found = index.candidates(&index.entry_side(e), Some(slot));
            // n + 1 articles hold the shared name (the query included): telling for 3, not 13.
            let holders = n + 1;
            assert_eq!(
                found.len(),
                if holders <= Index::TELLING_HOLDERS {
                    n
                } else {
                    0
                }
            );
            // The last two also share a rare name, which is enough.
            let slot = index.ids[format!("a{n}").as_str()];
            let e = index.slots[slot as usize].as_ref().unwrap();
            let found = index.candidates(&index.entry_side(e), Some(slot));
            assert!(found.contains(&index.ids[format!("a{}", n - 1).as_str()]));
        }
    }
}
