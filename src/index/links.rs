//! A compact multimap from 32-bit keys to 32-bit slots, the storage behind the index's LSH
//! bands and postings.
//!
//! Links live in a sorted array of `(key, slot)` pairs (8 bytes a link) and a small hash-map
//! overlay that takes new links. When the overlay grows past an eighth of the array (and at
//! least 4,096 links) it is merged in, so an insert costs amortised O(log n) and memory stays
//! close to 8 bytes a link. Removal is lazy: the index drops dead slots at lookup time and the
//! next [`LinkStore::compact`] removes their links.
//!
//! Keys are hashes, spread evenly over `u32`, so a lookup goes straight to its place in the
//! array through a radix directory (the start of every range of keys sharing their top bits,
//! one entry per [`LINKS_PER_BUCKET`] links): a lookup reads one directory entry and one or two
//! cache lines of the array, however large the store. A binary search would instead touch
//! some twenty cache lines spread over the whole array, which costs a miss each once the
//! store no longer fits in cache.

use rayon::slice::ParallelSliceMut;

use crate::util::hash::FastMap;

/// Links per directory bucket, on average (the directory costs 4 / this bytes a link).
const LINKS_PER_BUCKET: usize = 8;

#[derive(Clone, Debug, Default)]
pub(crate) struct LinkStore {
    base: Vec<(u32, u32)>,
    /// `dir[b]` is the index in `base` of the first link whose key's top `bits` bits are at
    /// least `b`; it has `2^bits + 1` entries (empty until the first compaction).
    dir: Vec<u32>,
    bits: u32,
    overlay: FastMap<u32, Vec<u32>>,
    overlay_links: usize,
    /// Links of a bulk insert, invisible to lookups until the next [`LinkStore::compact`].
    pending: Vec<(u32, u32)>,
}

/// The links of one key: a run of the sorted array and the overlay's.
pub(crate) struct Run<'a> {
    base: &'a [(u32, u32)],
    overlay: &'a [u32],
}

impl Run<'_> {
    /// Number of links (dead ones included).
    pub(crate) fn len(&self) -> usize {
        self.base.len() + self.overlay.len()
    }

    /// The linked slots: those of the sorted array in increasing order, then the overlay's in
    /// insertion order.
    pub(crate) fn slots(&self) -> impl Iterator<Item = u32> + '_ {
        self.base
            .iter()
            .map(|&(_, s)| s)
            .chain(self.overlay.iter().copied())
    }
}

impl Run<'_> {
    /// Appends to `out` the `k` linked slots nearest to `anchor`, by distance then slot (all
    /// of them when there are at most `k`), in no particular order. The sorted array's part is
    /// searched from the anchor outwards, so a long run costs `O(log len + k)`, not `O(len)`.
    pub(crate) fn nearest(&self, anchor: u32, k: usize, out: &mut Vec<u32>) {
        let near = |s: u32| (s.abs_diff(anchor), s);
        let start = out.len();
        // The array's slots increase within a key: walk both ways from the anchor, taking the
        // nearer side each time (the lower slot on a tie, as `near` orders them).
        let base = self.base;
        let mid = base.partition_point(|&(_, s)| s < anchor);
        let (mut lo, mut hi) = (mid, mid);
        while out.len() - start < k && (lo > 0 || hi < base.len()) {
            let take_low = hi == base.len() || (lo > 0 && near(base[lo - 1].1) < near(base[hi].1));
            if take_low {
                lo -= 1;
                out.push(base[lo].1);
            } else {
                out.push(base[hi].1);
                hi += 1;
            }
        }
        // The overlay's slots are in insertion order: select among them and the array's best.
        if !self.overlay.is_empty() {
            out.extend_from_slice(self.overlay);
            let mine = &mut out[start..];
            if mine.len() > k {
                if k == 0 {
                    out.truncate(start);
                    return;
                }
                mine.select_nth_unstable_by_key(k - 1, |&s| near(s));
                out.truncate(start + k);
            }
        }
    }
}

impl LinkStore {
    pub(crate) fn insert(&mut self, key: u32, slot: u32) {
        self.overlay.entry(key).or_default().push(slot);
        self.overlay_links += 1;
    }

    /// Adds a link that lookups see only after the next [`LinkStore::compact`]: the cheap path
    /// of a bulk insert that compacts at its end.
    pub(crate) fn insert_pending(&mut self, key: u32, slot: u32) {
        self.pending.push((key, slot));
    }

    /// Merges the overlay when it has grown past its share.
    pub(crate) fn maybe_merge(&mut self, live: impl Fn(u32) -> bool) {
        if self.overlay_links > 4_096.max(self.base.len() / 8) {
            self.compact(live);
        }
    }

    /// Merges the overlay into the sorted array and drops links to dead slots.
    pub(crate) fn compact(&mut self, live: impl Fn(u32) -> bool) {
        let mut add: Vec<(u32, u32)> = std::mem::take(&mut self.pending);
        add.reserve(self.overlay_links);
        for (k, v) in self.overlay.drain() {
            add.extend(v.into_iter().map(|s| (k, s)));
        }
        self.overlay_links = 0;
        self.overlay.shrink_to_fit();
        // Links are (key, slot) pairs, equal only when identical: any sort gives one order.
        if add.len() >= 1 << 16 {
            add.par_sort_unstable();
        } else {
            add.sort_unstable();
        }
        let old = std::mem::take(&mut self.base);
        let mut out = Vec::with_capacity(old.len() + add.len());
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < add.len() {
            let x = if j == add.len() || (i < old.len() && old[i] <= add[j]) {
                i += 1;
                old[i - 1]
            } else {
                j += 1;
                add[j - 1]
            };
            if live(x.1) {
                out.push(x);
            }
        }
        out.shrink_to_fit();
        self.bits = (out.len() / LINKS_PER_BUCKET).max(1).ilog2().min(31);
        let buckets = 1usize << self.bits;
        let mut dir = Vec::with_capacity(buckets + 1);
        let mut at = 0;
        for b in 0..buckets {
            while at < out.len() && self.bucket(out[at].0) < b {
                at += 1;
            }
            dir.push(at as u32);
        }
        dir.push(out.len() as u32);
        self.dir = dir;
        self.base = out;
    }

    fn bucket(&self, key: u32) -> usize {
        (u64::from(key) >> (32 - self.bits)) as usize
    }

    /// Loads the parts of the store that looking up `keys` will read, for all the keys at once:
    /// first their directory entries, then their buckets. Each lookup of a large store misses
    /// cache twice; loaded this way the misses of the different keys overlap instead of
    /// following one another, and the lookups that follow find their data in cache.
    pub(crate) fn touch(&self, keys: &[u32]) {
        if self.dir.is_empty() {
            return;
        }
        let mut buckets = [(0u32, 0u32); 32];
        for chunk in keys.chunks(buckets.len()) {
            for (r, &k) in buckets.iter_mut().zip(chunk) {
                let b = self.bucket(k);
                *r = (self.dir[b], self.dir[b + 1]);
            }
            let mut sum = 0u32;
            for &(lo, hi) in &buckets[..chunk.len()] {
                if lo < hi {
                    sum ^= self.base[lo as usize].0 ^ self.base[hi as usize - 1].0;
                }
            }
            std::hint::black_box(sum);
        }
    }

    /// The links of `key` (dead ones included).
    pub(crate) fn get(&self, key: u32) -> Run<'_> {
        let base = if self.dir.is_empty() {
            &[][..]
        } else {
            let b = self.bucket(key);
            let bucket = &self.base[self.dir[b] as usize..self.dir[b + 1] as usize];
            let start = bucket.partition_point(|&(k, _)| k < key);
            let len = bucket[start..].partition_point(|&(k, _)| k == key);
            &bucket[start..start + len]
        };
        let overlay = self.overlay.get(&key).map_or(&[][..], Vec::as_slice);
        Run { base, overlay }
    }

    /// Number of stored links (dead ones included until compaction).
    pub(crate) fn len(&self) -> usize {
        self.base.len() + self.overlay_links + self.pending.len()
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.base.capacity() * 8
            + self.dir.capacity() * 4
            + self.pending.capacity() * 8
            + self.overlay.capacity() * (4 + std::mem::size_of::<Vec<u32>>() + 1)
            + self
                .overlay
                .values()
                .map(|v| v.capacity() * 4)
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots(s: &LinkStore, key: u32) -> Vec<u32> {
        s.get(key).slots().collect()
    }

    #[test]
    fn insert_merge_lookup() {
        let mut s = LinkStore::default();
        for i in 0..10_000u32 {
            s.insert(i % 100, i);
        }
        s.maybe_merge(|_| true);
        for i in 10_000..10_050u32 {
            s.insert(i % 100, i);
        }
        assert_eq!(slots(&s, 7).len(), 101);
        assert_eq!(s.get(7).len(), 101);
        s.compact(|slot| slot % 2 == 0);
        assert_eq!(s.get(7).len(), 0, "7 + 100k are all odd");
        assert_eq!(s.get(8).len(), 101);
        assert_eq!(s.get(1_000).len(), 0);
    }

    #[test]
    fn directory_lookup_agrees_with_a_plain_scan() {
        // Keys with runs of every length around the bucket size, and gaps between them: small
        // keys (all in the first buckets) and keys spread over the whole range.
        for spread in [1u32, 0x9e37_79b9] {
            let mut s = LinkStore::default();
            let mut model: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
            let mut slot = 0u32;
            for k in 0..400u32 {
                let key = (k * 3).wrapping_mul(spread);
                for _ in 0..(k * 3 * 7919 % 150) {
                    s.insert(key, slot);
                    model.entry(key).or_default().push(slot);
                    slot += 1;
                }
            }
            let three = 3u32.wrapping_mul(spread);
            assert_eq!(s.get(three).len(), model[&three].len(), "overlay");
            s.compact(|_| true);
            for k in 0..1_300u32 {
                let key = k.wrapping_mul(spread);
                let want = model.get(&key).cloned().unwrap_or_default();
                assert_eq!(slots(&s, key), want, "key {key}");
                assert_eq!(s.get(key).len(), want.len(), "key {key}");
            }
            assert_eq!(s.get(u32::MAX).len(), 0);
            assert_eq!(s.get(0).len(), 0);
        }
    }

    #[test]
    fn nearest_slots_are_those_a_full_selection_keeps() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for round in 0..300 {
            let mut s = LinkStore::default();
            let len = next(200) as u32;
            let spread = 1 + next(1_000) as u32;
            let mut slots: Vec<u32> = (0..len).map(|_| next(u64::from(spread)) as u32).collect();
            slots.sort_unstable();
            slots.dedup();
            for &slot in &slots {
                s.insert(7, slot);
            }
            s.compact(|_| true);
            // Some links still in the overlay, in insertion order, in half of the rounds.
            if round % 2 == 1 {
                for _ in 0..next(20) {
                    s.insert(7, spread + next(50) as u32);
                }
            }
            let run = s.get(7);
            for anchor in [
                0,
                spread / 2,
                spread,
                u32::MAX,
                next(u64::from(spread) + 60) as u32,
            ] {
                for k in [0, 1, 5, 64, 500] {
                    let mut all: Vec<u32> = run.slots().collect();
                    let near = |s: u32| (s.abs_diff(anchor), s);
                    if all.len() > k {
                        if k == 0 {
                            all.clear();
                        } else {
                            all.select_nth_unstable_by_key(k - 1, |&s| near(s));
                            all.truncate(k);
                        }
                    }
                    all.sort_unstable();
                    let mut got = vec![42];
                    run.nearest(anchor, k, &mut got);
                    assert_eq!(got[0], 42, "appends");
                    let mut got = got.split_off(1);
                    got.sort_unstable();
                    assert_eq!(got, all, "anchor {anchor}, k {k}");
                }
            }
        }
    }

    #[test]
    fn empty_and_tiny_stores() {
        let mut s = LinkStore::default();
        assert_eq!(s.get(5).len(), 0);
        s.compact(|_| true);
        assert_eq!(s.get(5).len(), 0);
        s.insert(u32::MAX, 1);
        s.insert(0, 2);
        s.compact(|_| true);
        assert_eq!(slots(&s, u32::MAX), [1]);
        assert_eq!(slots(&s, 0), [2]);
        assert_eq!(s.get(1).len(), 0);
    }
}
