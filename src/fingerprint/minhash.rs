//! MinHash signatures with a frozen specification.
//!
//! Features are 64-bit keys ([`crate::hash::hash_key`]: FNV-1a 64 + SplitMix64). Permutation
//! `i` is the multiply-shift hash `h_i(x) = (a_i · x + b_i) mod 2^64 >> 32`, with `a_i` (forced
//! odd) and `b_i` the `2i`-th and `2i+1`-th outputs of SplitMix64 started at the seed. The
//! signature keeps, for each `i`, the minimum `h_i` over the features (`u32`). The fraction of
//! equal positions in two signatures estimates the Jaccard similarity of the feature sets with
//! standard error `sqrt(J(1-J)/k)` (0.04 at J = 0.3 with k = 128).

use crate::util::hash::SplitMix64;

/// MinHash permutations for one configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MinHasher {
    a: Vec<u64>,
    b: Vec<u64>,
}

impl MinHasher {
    pub(crate) fn new(num_hashes: usize, seed: u64) -> Self {
        let mut g = SplitMix64(seed);
        let mut a = Vec::with_capacity(num_hashes);
        let mut b = Vec::with_capacity(num_hashes);
        for _ in 0..num_hashes {
            a.push(g.next_u64() | 1);
            b.push(g.next_u64());
        }
        MinHasher { a, b }
    }

    /// The signature of a set of feature hashes (duplicates are harmless). An empty set gives
    /// all `u32::MAX`.
    pub(crate) fn signature(&self, features: &[u64]) -> Vec<u32> {
        let mut sig = vec![u32::MAX; self.a.len()];
        signature_into(&self.a, &self.b, features, &mut sig);
        sig
    }
}

/// The MinHash kernel: `sig[i] = min(sig[i], min over x of (a[i]·x + b[i]) mod 2^64 >> 32)`.
///
/// With the `simd` feature (on by default) it is compiled for several instruction sets and the
/// best one for the CPU is chosen at run time (AVX-512 multiplies eight 64-bit lanes at once);
/// every version computes the same integers. Four permutations go together over all features,
/// so their minima stay in registers (twice as fast as one pass per feature in scalar code).
#[cfg_attr(
    feature = "simd",
    multiversion::multiversion(targets("x86_64+avx512f+avx512dq", "x86_64+avx2"))
)]
fn signature_into(a: &[u64], b: &[u64], features: &[u64], sig: &mut [u32]) {
    #[inline(always)]
    fn h(a: u64, b: u64, x: u64) -> u32 {
        (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32
    }
    let mut s4 = sig.chunks_exact_mut(4);
    let mut a4 = a.chunks_exact(4);
    let mut b4 = b.chunks_exact(4);
    for ((s, a), b) in (&mut s4).zip(&mut a4).zip(&mut b4) {
        let mut m = [s[0], s[1], s[2], s[3]];
        for &x in features {
            for j in 0..4 {
                m[j] = m[j].min(h(a[j], b[j], x));
            }
        }
        s.copy_from_slice(&m);
    }
    let rest = s4.into_remainder().iter_mut();
    for ((s, &a), &b) in rest.zip(a4.remainder()).zip(b4.remainder()) {
        for &x in features {
            *s = (*s).min(h(a, b, x));
        }
    }
}

/// Fraction of equal positions: the Jaccard estimate. Signatures of different lengths compare
/// over the shorter (callers check parameters first).
#[inline]
pub(crate) fn similarity(a: &[u32], b: &[u32]) -> f32 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f32 / n as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::hash::hash_key;

    #[test]
    fn estimates_jaccard() {
        let m = MinHasher::new(256, 7);
        let a: Vec<u64> = (0..200).map(|i| hash_key(b'c', &format!("w{i}"))).collect();
        let b: Vec<u64> = (100..300)
            .map(|i| hash_key(b'c', &format!("w{i}")))
            .collect();
        // True Jaccard = 100 / 300.
        let s = similarity(&m.signature(&a), &m.signature(&b));
        assert!((s - 1.0 / 3.0).abs() < 0.1, "{s}");
        assert_eq!(similarity(&m.signature(&a), &m.signature(&a)), 1.0);
    }

    #[test]
    fn blocked_loop_is_the_specification() {
        // Any number of hashes (blocks of four and a remainder) gives the textbook minimum.
        let feats: Vec<u64> = (0..37).map(|i| hash_key(b'c', &format!("w{i}"))).collect();
        for k in [1, 4, 6, 128, 131] {
            let m = MinHasher::new(k, 9);
            let want: Vec<u32> = (0..k)
                .map(|i| {
                    feats
                        .iter()
                        .map(|&x| (m.a[i].wrapping_mul(x).wrapping_add(m.b[i]) >> 32) as u32)
                        .min()
                        .unwrap()
                })
                .collect();
            assert_eq!(m.signature(&feats), want, "{k}");
            assert_eq!(m.signature(&[]), vec![u32::MAX; k]);
        }
    }

    #[test]
    fn reproducible() {
        let m = MinHasher::new(4, 42);
        let sig = m.signature(&[hash_key(b'c', "job"), hash_key(b'c', "morocco")]);
        assert_eq!(
            sig,
            MinHasher::new(4, 42).signature(&[hash_key(b'c', "morocco"), hash_key(b'c', "job")])
        );
    }
}
