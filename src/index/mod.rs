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
//!   amounts, dates and counts of ten or more or with decimals. How telling a key is depends on
//!   how many articles hold it (think inverse document frequency, measured in articles rather
//!   than as a share of the index): a key held by `h` articles carries `log2(MAX_POSTING / h)`
//!   bits, and articles become candidates when the keys they share carry at least as much as one key
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
//!
//! # Layout
//! `entry.rs` holds what is stored per article and what it costs, `keys.rs` the band and
//! posting keys and the bounds on following them (public, for jobs that find candidates
//! elsewhere), `candidates.rs` how the index finds a query's candidates with them,
//! `scoring.rs` the glue to the comparison layer's scorer, `cluster.rs` the clustering rule
//! (public as [`Dedup::cluster_links`]) and the index's clustering, `persist.rs` the file format, `links.rs` the
//! multimap behind bands and postings.

mod batch;
mod candidates;
mod cluster;
mod entry;
mod keys;
mod links;
mod persist;
mod scoring;

pub use batch::{Batch, JobOptions, Phase, PhaseTime, Timings};
pub use cluster::Link;
pub use persist::INDEX_FORMAT_VERSION;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::compare::Verdict;
use crate::engine::Dedup;
use crate::error::{Error, ErrorKind};
use crate::fingerprint::Fingerprint;
use crate::text::Lang;
use crate::util::hash::{FastMap, FastSet};
use entry::{Entry, Q};
use links::LinkStore;

/// A scored hit of a query.
///
/// The index keeps no fingerprints (about 1 KB per article instead of 3.5 KB with them), so
/// a hit carries no explanation. To show a person why it matched, keep each fingerprint with
/// your article, by id (its binary form is 1.3 KB on average on the dev set), and compare:
/// `index.dedup().compare(&query, &stored_fingerprint)` (`examples/explain_hits.rs`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Id of the indexed article.
    pub id: String,
    /// Its language.
    pub lang: Lang,
    /// Score in [0, 1] (as [`crate::Match::score`]).
    pub score: f32,
    /// The score on the logit scale (as [`crate::Match::logit`]); hits are ranked by it.
    #[serde(default)]
    pub logit: f32,
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

impl Index {
    /// Keys held by more articles than this are too common to tell anything and are not
    /// followed at query time; a key held by `h` articles carries `log2(MAX_POSTING / h)` bits
    /// of evidence.
    pub const MAX_POSTING: usize = 2_000;
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
    /// Rounds of majority-linkage merging in [`Index::par_cluster`] and
    /// [`Dedup::cluster_links`].
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
        let mut seen = FastSet::default();
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
}

impl Dedup {
    /// A new, empty index using this engine's configuration.
    pub fn index(&self) -> Index {
        Index::new(self.clone())
    }
}
