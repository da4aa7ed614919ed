//! A compact multimap from 32-bit keys to 32-bit slots, the storage behind the index's LSH
//! bands and postings.
//!
//! Links live in a sorted array of `(key, slot)` pairs (8 bytes a link) and a small hash-map
//! overlay that takes new links. When the overlay grows past an eighth of the array (and at
//! least 4,096 links) it is merged in, so an insert costs amortised O(log n) and memory stays
//! close to 8 bytes a link. Removal is lazy: the index drops dead slots at lookup time and the
//! next [`LinkStore::compact`] removes their links.

use crate::hash::FastMap;

/// Links per directory entry.
const BLOCK: usize = 64;

#[derive(Clone, Debug, Default)]
pub(crate) struct LinkStore {
    base: Vec<(u32, u32)>,
    /// The key of every [`BLOCK`]-th link of `base`: a small directory that stays in cache, so
    /// a lookup touches a block or two of `base` instead of binary-searching all of it.
    dir: Vec<u32>,
    overlay: FastMap<u32, Vec<u32>>,
    overlay_links: usize,
    /// Links of a bulk insert, invisible to lookups until the next [`LinkStore::compact`].
    pending: Vec<(u32, u32)>,
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
        add.sort_unstable();
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
        self.dir = out.iter().step_by(BLOCK).map(|&(k, _)| k).collect();
        self.base = out;
    }

    /// Index of the first link of `key` in `base` (or where it would be).
    fn first(&self, key: u32) -> usize {
        // dir[b - 1] < key <= dir[b]: the first link of `key` is in block b - 1 or starts b.
        let b = self.dir.partition_point(|&k| k < key);
        let lo = b.saturating_sub(1) * BLOCK;
        let hi = (b * BLOCK).min(self.base.len());
        lo + self.base[lo..hi].partition_point(|&(k, _)| k < key)
    }

    /// Calls `f` with every slot linked to `key` (dead ones included).
    pub(crate) fn for_each(&self, key: u32, mut f: impl FnMut(u32)) {
        let start = self.first(key);
        for &(k, s) in &self.base[start..] {
            if k != key {
                break;
            }
            f(s);
        }
        if let Some(v) = self.overlay.get(&key) {
            v.iter().copied().for_each(f);
        }
    }

    /// Number of links of `key` (dead ones included).
    pub(crate) fn count(&self, key: u32) -> usize {
        let start = self.first(key);
        // Gallop from the start: cost grows with the run of `key`, not with the array.
        let rest = &self.base[start..];
        let mut hi = rest.len().min(1);
        while hi < rest.len() && rest[hi - 1].0 == key {
            hi = (hi * 2).min(rest.len());
        }
        let lo = hi / 2;
        let end = lo + rest[lo..hi].partition_point(|&(k, _)| k == key);
        end + self.overlay.get(&key).map_or(0, Vec::len)
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
        let mut got = Vec::new();
        s.for_each(7, |x| got.push(x));
        assert_eq!(got.len(), 101);
        assert_eq!(s.count(7), 101);
        s.compact(|slot| slot % 2 == 0);
        assert_eq!(s.count(7), 0, "7 + 100k are all odd");
        assert_eq!(s.count(8), 101);
        assert_eq!(s.count(1_000), 0);
    }

    #[test]
    fn directory_lookup_agrees_with_a_plain_scan() {
        // Keys with runs of every length around the block size, and gaps between them.
        let mut s = LinkStore::default();
        let mut model: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
        let mut slot = 0u32;
        for key in (0..400u32).map(|k| k * 3) {
            for _ in 0..(key * 7919 % 150) {
                s.insert(key, slot);
                model.entry(key).or_default().push(slot);
                slot += 1;
            }
        }
        s.compact(|_| true);
        for key in 0..1_300u32 {
            let mut got = Vec::new();
            s.for_each(key, |x| got.push(x));
            got.sort_unstable();
            let want = model.get(&key).cloned().unwrap_or_default();
            assert_eq!(got, want, "key {key}");
            assert_eq!(s.count(key), want.len(), "key {key}");
        }
        assert_eq!(s.count(u32::MAX), 0);
    }
}
