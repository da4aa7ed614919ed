//! A compact multimap from 32-bit keys to 32-bit slots, the storage behind the index's LSH
//! bands and postings.
//!
//! Links live in a sorted array of `(key, slot)` pairs (8 bytes a link) and a small hash-map
//! overlay that takes new links. When the overlay grows past an eighth of the array (and at
//! least 4,096 links) it is merged in, so an insert costs amortised O(log n) and memory stays
//! close to 8 bytes a link. Removal is lazy: the index drops dead slots at lookup time and the
//! next [`LinkStore::compact`] removes their links.

use crate::hash::FastMap;

#[derive(Clone, Debug, Default)]
pub(crate) struct LinkStore {
    base: Vec<(u32, u32)>,
    overlay: FastMap<u32, Vec<u32>>,
    overlay_links: usize,
}

impl LinkStore {
    pub(crate) fn insert(&mut self, key: u32, slot: u32) {
        self.overlay.entry(key).or_default().push(slot);
        self.overlay_links += 1;
    }

    /// Merges the overlay when it has grown past its share.
    pub(crate) fn maybe_merge(&mut self, live: impl Fn(u32) -> bool) {
        if self.overlay_links > 4_096.max(self.base.len() / 8) {
            self.compact(live);
        }
    }

    /// Merges the overlay into the sorted array and drops links to dead slots.
    pub(crate) fn compact(&mut self, live: impl Fn(u32) -> bool) {
        let mut add: Vec<(u32, u32)> = Vec::with_capacity(self.overlay_links);
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
        self.base = out;
    }

    /// Calls `f` with every slot linked to `key` (dead ones included).
    pub(crate) fn for_each(&self, key: u32, mut f: impl FnMut(u32)) {
        let start = self.base.partition_point(|&(k, _)| k < key);
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
        let start = self.base.partition_point(|&(k, _)| k < key);
        let end = self.base[start..].partition_point(|&(k, _)| k == key) + start;
        end - start + self.overlay.get(&key).map_or(0, Vec::len)
    }

    /// Number of stored links (dead ones included until compaction).
    pub(crate) fn len(&self) -> usize {
        self.base.len() + self.overlay_links
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.base.capacity() * 8
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
}
