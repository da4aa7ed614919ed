//! Fixed, documented hash functions. Fingerprints are a stored format, so every hash that
//! reaches one is specified here and frozen: FNV-1a 64 over UTF-8 bytes, finished with the
//! SplitMix64 mixer. Never replace these with `DefaultHasher` or a seeded RNG.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Namespace tags of the fingerprint's features ([`hash_key`]): a concept, an entity key and a
/// number key with the same text hash differently. Part of the frozen specification.
pub(crate) const TAG_CONCEPT: u8 = b'c';
/// Tag of entity keys (see [`TAG_CONCEPT`]).
pub(crate) const TAG_ENTITY: u8 = b'e';
/// Tag of number keys (see [`TAG_CONCEPT`]).
pub(crate) const TAG_NUMBER: u8 = b'n';

/// SplitMix64 finaliser: a bijection on `u64` with good avalanche.
#[inline]
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The frozen key hash: FNV-1a 64 of the bytes, then [`mix64`].
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    mix64(h)
}

/// [`hash_bytes`] fed one byte at a time, for a caller that scans the bytes anyway:
/// `Fnv::new()`, [`Fnv::push`] each byte, [`Fnv::finish`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fnv(u64);

impl Fnv {
    /// The hash of no bytes yet.
    #[inline]
    pub(crate) fn new() -> Self {
        Fnv(FNV_OFFSET)
    }
    /// Adds one byte.
    #[inline]
    pub(crate) fn push(&mut self, b: u8) {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    /// [`hash_bytes`] of the bytes pushed.
    #[inline]
    pub(crate) fn finish(self) -> u64 {
        mix64(self.0)
    }
}

/// Hash of a string key with a one-byte namespace tag, so "e:paris" and "c:paris" differ.
#[inline]
pub(crate) fn hash_key(tag: u8, key: &str) -> u64 {
    let mut h = FNV_OFFSET;
    h ^= u64::from(tag);
    h = h.wrapping_mul(FNV_PRIME);
    for &b in key.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    mix64(h)
}

/// A SplitMix64 generator, used to derive MinHash coefficients from a seed.
pub(crate) struct SplitMix64(pub(crate) u64);

impl SplitMix64 {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix64(self.0)
    }
}

/// A fast non-cryptographic hasher for in-memory tables (never for stored data).
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl Hasher for FastHasher {
    #[inline]
    fn finish(&self) -> u64 {
        mix64(self.0)
    }
    /// Eight bytes at a time (in-memory tables only: this is not part of any stored format).
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            h = (h ^ w).wrapping_mul(K).rotate_left(29);
        }
        let rem = chunks.remainder();
        if !rem.is_empty() {
            // The 1-7 tail bytes read without copying them to a buffer first (that copy is a
            // library call, and the load of the buffer stalls on it): 4-7 bytes as two
            // overlapping 4-byte words, 1-3 bytes as their first, middle and last byte. With
            // the length mixed in, equal tails give equal words and the hash stays a function
            // of the bytes.
            let n = rem.len();
            let w = if n >= 4 {
                let lo = u32::from_le_bytes(rem[..4].try_into().expect("4 bytes"));
                let hi = u32::from_le_bytes(rem[n - 4..].try_into().expect("4 bytes"));
                u64::from(lo) | u64::from(hi) << 32
            } else {
                u64::from(rem[0]) | u64::from(rem[n / 2]) << 8 | u64::from(rem[n - 1]) << 16
            };
            h = (h ^ w ^ ((n as u64) << 59)).wrapping_mul(K).rotate_left(29);
        }
        self.0 = h;
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0 ^ u64::from(i)).wrapping_mul(FNV_PRIME);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0 ^ i)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(26);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored format depends on these exact values: changing them is a format change.
    /// They were computed independently (a few lines of Python following the specification in
    /// the module docs).
    #[test]
    fn frozen_values() {
        assert_eq!(hash_bytes(b""), mix64(FNV_OFFSET));
        assert_eq!(hash_bytes(b""), 0xf52a_15e9_a9b5_e89b);
        assert_eq!(hash_bytes(b"morocco"), 0xf4ac_f04f_8204_59ae);
        assert_eq!(hash_key(b'c', "job"), 0xc586_6331_bc78_c85f);
        let mut g = SplitMix64(0);
        assert_eq!(g.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(g.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    }

    #[test]
    fn fast_hasher_tails_tell_bytes_apart() {
        use std::hash::BuildHasher;
        let b = BuildHasherDefault::<FastHasher>::default();
        let words: Vec<String> = (1..=17)
            .flat_map(|n| {
                ["a", "b", "ab", "ba"]
                    .into_iter()
                    .map(move |p| format!("{p}{}", "x".repeat(n)))
            })
            .collect();
        let hashes: HashSet<u64> = words.iter().map(|w| b.hash_one(w.as_str())).collect();
        assert_eq!(hashes.len(), words.len());
        assert_eq!(
            b.hash_one("abcdefg"),
            b.hash_one(String::from("abcdefg").as_str())
        );
    }

    #[test]
    fn tags_separate_namespaces() {
        assert_ne!(hash_key(b'e', "paris"), hash_key(b'c', "paris"));
    }
}
