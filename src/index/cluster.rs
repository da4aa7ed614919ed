//! Clustering the indexed articles into events (see [`Index::par_cluster`]).

use rayon::prelude::*;

use super::{Cluster, Index};
use crate::compare::Verdict;
use crate::text::Lang;
use crate::util::hash::{FastMap, FastSet};
use crate::util::union_find::UnionFind;

impl Index {
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
        let mut uf = UnionFind::new(slots.len());
        for (i, &s) in slots.iter().enumerate() {
            for &(c, score) in &links[i] {
                let j = pos[&c];
                let lang_c = self.slots[c as usize].as_ref().map(|e| e.lang);
                let lang_s = self.slots[s as usize].as_ref().map(|e| e.lang);
                let mutual = lang_c.is_some_and(|lc| best(i, lc) == Some(c))
                    && lang_s.is_some_and(|ls| best(j, ls) == Some(s));
                if score >= strong(lang_c == lang_s) || mutual {
                    uf.union(i, j);
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
                *size.entry(uf.find(i)).or_default() += 1;
            }
            let mut between: FastMap<(usize, usize), usize> = FastMap::default();
            for &(i, j) in &pairs {
                let (a, b) = (uf.find(i), uf.find(j));
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
            let mut touched = FastSet::default();
            let mut merged = false;
            for (a, b) in merge {
                if touched.contains(&a) || touched.contains(&b) {
                    continue;
                }
                touched.insert(a);
                touched.insert(b);
                uf.link_roots(a, b);
                merged = true;
            }
            if !merged {
                break;
            }
        }
        let mut groups: FastMap<usize, Vec<String>> = FastMap::default();
        for (i, &slot) in slots.iter().enumerate() {
            let r = uf.find(i);
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
}
