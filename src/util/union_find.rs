//! Disjoint sets over `0..n` (union–find), the one used by clustering and by the evaluation's
//! merging of judged events.
//!
//! The root of a set is always its smallest element: [`UnionFind::union`] hangs the larger
//! root under the smaller. Code that iterates over roots therefore sees the same roots whatever
//! order the unions came in, which keeps clustering independent of the number of threads.

/// Disjoint sets of `0..n`, with path halving.
#[derive(Clone, Debug)]
pub(crate) struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    /// `n` singletons.
    pub(crate) fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    /// The root (smallest element) of `x`'s set.
    ///
    /// # Panics
    /// When `x` is not below the `n` the sets were made with.
    pub(crate) fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Merges the sets of `a` and `b`; returns false when they were one set already.
    pub(crate) fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        self.parent[ra.max(rb)] = ra.min(rb);
        true
    }

    /// Merges two sets given by their roots (as returned by [`UnionFind::find`]).
    pub(crate) fn link_roots(&mut self, ra: usize, rb: usize) {
        debug_assert!(self.parent[ra] == ra && self.parent[rb] == rb);
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_are_the_smallest_members_whatever_the_order() {
        for order in [[(4, 2), (2, 0), (5, 4)], [(5, 4), (4, 2), (2, 0)]] {
            let mut uf = UnionFind::new(6);
            for (a, b) in order {
                assert!(uf.union(a, b));
            }
            assert!(!uf.union(0, 5));
            for x in [0, 2, 4, 5] {
                assert_eq!(uf.find(x), 0);
            }
            assert_eq!((uf.find(1), uf.find(3)), (1, 3));
        }
    }
}
