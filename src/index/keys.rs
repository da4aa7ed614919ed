//! The keys the index links articles under, and the bounds it follows them with, as public API:
//! a job that finds candidates elsewhere (a Spark job grouping rows by key, say) calls these and
//! finds the candidates [`Index::par_cluster`] finds, without re-implementing them.
//!
//! # The candidates of an article
//! An indexed article is linked under
//! - one **band key** per LSH band ([`Dedup::band_keys`]): every other article with the same
//!   band key is a candidate, however many there are;
//! - one **posting key** per telling name or number, and one per kind of happening its lead
//!   names and place or country it names ([`Dedup::posting_keys`]). Of all the
//!   articles that hold a posting key, an article follows those [`Index::posting_pairs`] gives
//!   (none when more than [`Index::MAX_POSTING`] articles hold it, the
//!   [`Index::MAX_FOLLOW`] nearest when more than that many do), each with the evidence the key
//!   carries ([`Index::key_weight`]). Of all the articles it reached that way, it keeps those
//!   [`Index::key_candidates`] keeps: those reached with at least [`Index::telling_weight`] in
//!   total, at most [`Index::MAX_KEY_CANDIDATES`] of them.
//!
//! Band keys and posting keys are 32-bit hashes in two separate key spaces: group them apart.
//! [`Index::par_cluster`] scores each pair once, from its lower position: the pair `(q, c)` is
//! scored when `c` is a candidate of `q` and `c > q`.
//!
//! # Positions
//! The bounds on long posting lists prefer the articles nearest in the order they were indexed
//! (in a feed, those published closest in time), so they take positions in that order: the
//! `i`-th fingerprint given to [`Index::par_insert`] (or [`Dedup::par_cluster`]) of an empty
//! index is at position `i`. A job that numbers the articles it fingerprinted `0, 1, 2, …` in
//! the order it would insert them finds the same candidates as that index.

use super::Index;
use crate::compare::{NumFeat, View};
use crate::engine::Dedup;
use crate::error::Result;
use crate::extract::{EntityKind, NumberKind};
use crate::fingerprint::Fingerprint;
use crate::util::hash::{hash_key, mix64};

pub(super) fn telling_entity(kind: EntityKind) -> bool {
    !matches!(kind, EntityKind::Country)
}

pub(super) fn telling_number(n: &NumFeat) -> bool {
    match n.kind {
        NumberKind::Year | NumberKind::Percent | NumberKind::Weekday => false,
        NumberKind::Count => !n.small,
        _ => true,
    }
}

/// A place or a country: where a happening took place, for the what-and-where keys.
fn where_entity(kind: EntityKind) -> bool {
    matches!(kind, EntityKind::Place | EntityKind::Country)
}

/// The what-and-where key of one kind of happening (its bit in [`Fingerprint::lead_kinds`])
/// and one place's entity key hash.
fn kind_place_key(kind_bit: u32, place: u64) -> u32 {
    (mix64(place ^ (u64::from(kind_bit) + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 32) as u32
}

/// The posting keys of an article's entity keys, numbers and lead kinds: sorted, without
/// duplicates. Besides one key per telling name and number, one per kind of happening its lead
/// names and place or country it names ("quake" × "Palu"): independent reports of one
/// happening often share a single place name, which many articles of the same days hold, but
/// few of those also report the same kind of happening there.
pub(super) fn posting_keys<'s>(
    ents: impl Iterator<Item = (&'s str, EntityKind)>,
    nums: &[NumFeat],
    lead_kinds: u64,
) -> Vec<u32> {
    let mut keys: Vec<u32> = Vec::new();
    for (s, k) in ents {
        let h = hash_key(b'E', s);
        if telling_entity(k) {
            keys.push(h as u32);
        }
        if where_entity(k) {
            let mut bits = lead_kinds;
            while bits != 0 {
                keys.push(kind_place_key(bits.trailing_zeros(), h));
                bits &= bits - 1;
            }
        }
    }
    keys.extend(
        nums.iter()
            .filter(|n| telling_number(n))
            .map(|n| (mix64(u64::from(n.value) << 8 | n.kind as u64) >> 32) as u32),
    );
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The band keys of a 16-bit signature cut into bands of `rows` values.
pub(super) fn band_keys(sig16: &[u16], rows: usize) -> Vec<u32> {
    sig16
        .chunks_exact(rows)
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

/// Evidence carried by a key held by `held` articles, in 1/256 bits: `log2(MAX_POSTING / held)`.
pub(super) fn key_weight(held: usize) -> u32 {
    let ratio = Index::MAX_POSTING as f32 / held.max(1) as f32;
    (ratio.log2().max(0.0) * 256.0) as u32
}

/// A position in the order articles were indexed: an index slot, or a job's row number.
pub(super) trait Position: Copy + Ord {
    fn wide(self) -> u64;
}

impl Position for u32 {
    fn wide(self) -> u64 {
        u64::from(self)
    }
}

impl Position for u64 {
    fn wide(self) -> u64 {
        self
    }
}

/// Nearness to `anchor` in index order; ties go to the lower position, so the order is total.
fn nearness<T: Position>(anchor: u64) -> impl Fn(T) -> (u64, T) + Copy {
    move |s: T| (s.wide().abs_diff(anchor), s)
}

/// The [`Index::MAX_FOLLOW`] entries of a longer posting list nearest to `anchor` (the query
/// among them when it holds the key), reordered in place; a list that is not longer is
/// returned whole.
pub(super) fn nearest<T: Position>(run: &mut [T], anchor: u64) -> &[T] {
    if run.len() <= Index::MAX_FOLLOW {
        return run;
    }
    let near = nearness(anchor);
    run.select_nth_unstable_by_key(Index::MAX_FOLLOW - 1, |&s| near(s));
    &run[..Index::MAX_FOLLOW]
}

/// Of the articles a query reached through its posting keys (`shared`: the article and the
/// weight of the key, once per shared key; sorted in place), appends to `out` those other than
/// `skip` whose keys add up to at least [`Index::telling_weight`]: all of them, or of more than
/// [`Index::MAX_KEY_CANDIDATES`] the heaviest, then the nearest to `anchor`.
pub(super) fn pick_key_candidates<T: Position>(
    shared: &mut [(T, u32)],
    skip: Option<T>,
    anchor: u64,
    out: &mut Vec<T>,
) {
    shared.sort_unstable();
    let floor = key_weight(Index::TELLING_HOLDERS);
    // (weight of the keys shared, position) of the articles found through names and numbers.
    let mut by_keys: Vec<(u32, T)> = Vec::new();
    let mut i = 0;
    while i < shared.len() {
        let mut j = i;
        let mut w = 0;
        while j < shared.len() && shared[j].0 == shared[i].0 {
            w += shared[j].1;
            j += 1;
        }
        if w >= floor && Some(shared[i].0) != skip {
            by_keys.push((w, shared[i].0));
        }
        i = j;
    }
    if by_keys.len() > Index::MAX_KEY_CANDIDATES {
        // Heaviest first, then the nearest: deterministic.
        let near = nearness(anchor);
        let order =
            |x: &(u32, T), y: &(u32, T)| y.0.cmp(&x.0).then_with(|| near(x.1).cmp(&near(y.1)));
        by_keys.select_nth_unstable_by(Index::MAX_KEY_CANDIDATES - 1, order);
        by_keys.truncate(Index::MAX_KEY_CANDIDATES);
    }
    out.extend(by_keys.into_iter().map(|(_, s)| s));
}

impl Dedup {
    /// The LSH band keys of a fingerprint, as an index of this engine stores them: one per
    /// band ([`Dedup::bands`]), in band order. Two articles with the same key in any band are
    /// candidates of each other ([`Index::candidate_probability`]; how a job finds the index's
    /// candidates: [`Index::posting_pairs`]).
    ///
    /// # Errors
    /// [`ErrorKind::Incompatible`](crate::ErrorKind::Incompatible) for a fingerprint of another
    /// version or configuration.
    pub fn band_keys(&self, fp: &Fingerprint) -> Result<Vec<u32>> {
        self.check(fp)?;
        let sig16: Vec<u16> = fp.signature.iter().map(|&v| v as u16).collect();
        Ok(band_keys(
            &sig16,
            usize::from(self.params().num_hashes) / self.bands(),
        ))
    }

    /// The posting keys of a fingerprint, as an index stores them: one per telling name or
    /// number (persons, organisations, other names and places, not countries; money amounts,
    /// dates and counts of ten or more or with decimals), and one per kind of happening its
    /// lead names ([`Fingerprint::lead_kinds`]) and place or country it names, a
    /// what-and-where key ("quake" in "Palu"), so that independent reports of one happening
    /// which share only a place name many other articles hold still meet; sorted, without
    /// duplicates. How far the index follows a key depends on how many articles hold it
    /// ([`Index::posting_pairs`]).
    ///
    /// # Errors
    /// [`ErrorKind::Incompatible`](crate::ErrorKind::Incompatible) for a fingerprint of another
    /// version or configuration.
    pub fn posting_keys(&self, fp: &Fingerprint) -> Result<Vec<u32>> {
        self.check(fp)?;
        let view = View::of(fp);
        Ok(posting_keys(
            view.entities.iter().copied(),
            &view.numbers,
            fp.lead_kinds,
        ))
    }
}

impl Index {
    /// Evidence carried by a posting key that `holders` articles hold, in 1/256 bits:
    /// `log2(MAX_POSTING / holders)`, 0 from [`Index::MAX_POSTING`] holders on.
    pub fn key_weight(holders: usize) -> u32 {
        key_weight(holders)
    }

    /// The evidence that makes two articles candidates through their shared posting keys: as
    /// much as one key held by [`Index::TELLING_HOLDERS`] articles carries.
    pub fn telling_weight() -> u32 {
        key_weight(Self::TELLING_HOLDERS)
    }

    /// What one posting list gives: for each article holding the key (by position; duplicates
    /// count once), the other holders it follows,
    /// as `(query, holder, weight)` with the key's [`Index::key_weight`]: all of them when at
    /// most [`Index::MAX_FOLLOW`] articles hold the key; of a longer list, those among the
    /// `MAX_FOLLOW` holders nearest to the query (the query included); nothing when more than
    /// [`Index::MAX_POSTING`] do. Sorted by query, then holder.
    ///
    /// The index applies the same rule to the lists it stores; [`Index::key_candidates`] takes
    /// what an article gathered from all its keys.
    ///
    /// # Finding the index's candidates elsewhere
    /// With [`Dedup::band_keys`], [`Dedup::posting_keys`], this and [`Index::key_candidates`],
    /// a job that cannot hold one index (a Spark job grouping rows by key, say) finds the
    /// candidates [`Index::par_cluster`] finds:
    /// - every article sharing a band key with an article is its candidate, however many there
    ///   are;
    /// - for each posting key, the holders' positions go through `posting_pairs`; each article
    ///   gathers the `(holder, weight)` of the rows where it is the query, over all its keys,
    ///   and keeps what [`Index::key_candidates`] keeps;
    /// - band keys and posting keys are 32-bit hashes in two separate key spaces: group them
    ///   apart.
    ///
    /// The bounds prefer the holders nearest in the order the articles were indexed (in a
    /// feed, those published closest in time), so they take positions in that order: the
    /// `i`-th fingerprint given to [`Index::par_insert`] (or [`Dedup::par_cluster`]) on an empty
    /// index is at position `i`. [`Index::par_cluster`] scores each pair once, from its lower
    /// position: `(q, c)` when `c` is a candidate of `q` and `c > q`; its links then go
    /// through [`Dedup::cluster_links`].
    pub fn posting_pairs(holders: &[u64]) -> Vec<(u64, u64, u32)> {
        let mut run = holders.to_vec();
        run.sort_unstable();
        run.dedup();
        if run.len() > Self::MAX_POSTING {
            return Vec::new();
        }
        let w = key_weight(run.len());
        let mut out = Vec::new();
        let mut scratch = run.clone();
        for &q in &run {
            let mut followed: Vec<u64> = nearest(&mut scratch, q)
                .iter()
                .copied()
                .filter(|&h| h != q)
                .collect();
            followed.sort_unstable();
            out.extend(followed.into_iter().map(|h| (q, h, w)));
        }
        out
    }

    /// The articles an article at position `query` re-scores among those it reached through
    /// its posting keys: `reached` lists `(holder, weight)` once per shared key, as
    /// [`Index::posting_pairs`] gives them for `query` over all its keys, in any order. Keeps
    /// the holders other than `query` reached with at least [`Index::telling_weight`] in
    /// total; of more than [`Index::MAX_KEY_CANDIDATES`], the heaviest, then the nearest to
    /// `query`. Sorted by position.
    ///
    /// An article's candidates are these plus every article sharing one of its band keys
    /// ([`Dedup::band_keys`]), which are never bounded.
    pub fn key_candidates(query: u64, reached: &[(u64, u32)]) -> Vec<u64> {
        let mut shared = reached.to_vec();
        let mut out = Vec::new();
        pick_key_candidates(&mut shared, Some(query), query, &mut out);
        out.sort_unstable();
        out
    }
}
