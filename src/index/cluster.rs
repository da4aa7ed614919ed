//! Clustering into events: the rule on scored same-event links ([`Dedup::cluster_links`]), and
//! the index's clustering, which finds those links among its candidates and applies the rule
//! ([`Index::par_cluster`], [`Index::cluster`]).

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Cluster, Index};
use crate::compare::{Thresholds, Verdict};
use crate::engine::Dedup;
use crate::error::{Error, Result};
use crate::fingerprint::Fingerprint;
use crate::text::Lang;
use crate::util::hash::{FastMap, FastSet};
use crate::util::union_find::UnionFind;

/// A same-event link between two articles of a batch, given by their positions in it, with the
/// pair's score (see [`Dedup::cluster_links`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Position of one article.
    pub a: usize,
    /// Position of the other.
    pub b: usize,
    /// The pair's score ([`crate::Match::score`]).
    pub score: f32,
}

/// The clustering rule (see [`Dedup::cluster_links`]) on `langs.len()` articles and their
/// same-event links, already checked: groups of positions, each in increasing order, ordered by
/// their first member. `parallel` only sorts the link lists on rayon.
fn clusters_of(langs: &[Lang], links: &[Link], t: &Thresholds, parallel: bool) -> Vec<Vec<usize>> {
    let n = langs.len();
    // Midpoint between the pair's same-event threshold and 1.
    let strong = |same_language: bool| {
        let same = t.same_event_for(same_language);
        same + (1.0 - same) / 2.0
    };
    // For each article: its same-event links (position, score), best first.
    let mut adj: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n];
    for l in links {
        adj[l.a].push((l.b, l.score));
        adj[l.b].push((l.a, l.score));
    }
    let by_score = |v: &mut Vec<(usize, f32)>| {
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    };
    if parallel {
        adj.par_iter_mut().for_each(by_score);
    } else {
        adj.iter_mut().for_each(by_score);
    }
    // Best same-event partner per language.
    let best = |i: usize, lang: Lang| -> Option<usize> {
        adj[i].iter().find(|(c, _)| langs[*c] == lang).map(|l| l.0)
    };
    let mut uf = UnionFind::new(n);
    for (i, l) in adj.iter().enumerate() {
        for &(j, score) in l {
            let mutual = best(i, langs[j]) == Some(j) && best(j, langs[i]) == Some(i);
            if score >= strong(langs[i] == langs[j]) || mutual {
                uf.union(i, j);
            }
        }
    }
    // Majority linkage: two clusters merge when at least half of the article pairs between
    // them are same-event links (the two French and two English reports of one event that
    // paired off as two mutual-best pairs). One ambiguous article linking to two events does
    // not reach half, so it does not chain them.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (i, l) in adj.iter().enumerate() {
        for &(j, _) in l {
            pairs.push((i.min(j), i.max(j)));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    // Each round merges every disjoint qualifying pair of clusters; a few rounds settle real
    // data, and the bound keeps a pathological batch linear.
    for _round in 0..Index::MAJORITY_ROUNDS {
        let mut size: FastMap<usize, usize> = FastMap::default();
        for i in 0..n {
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
    // Roots are smallest members, so groups come out ordered by their first member.
    let mut group_of: Vec<usize> = vec![usize::MAX; n];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..n {
        let r = uf.find(i);
        if group_of[r] == usize::MAX {
            group_of[r] = groups.len();
            groups.push(Vec::new());
        }
        groups[group_of[r]].push(i);
    }
    groups
}

impl Dedup {
    /// Groups articles into events by the rule of [`Index::par_cluster`], given their
    /// languages (`langs[i]` is the language of the article at position `i`) and their scored
    /// same-event links: the pairs whose comparison is [`Verdict::SameEvent`], each once, with
    /// its score. The rule, with this engine's thresholds:
    /// 1. an article joins a cluster through its **mutual best** same-event link in a language
    ///    (ties go to the lower position), or through a link scoring at least the midpoint
    ///    between the pair's same-event threshold (cross- or same-language) and 1;
    /// 2. then two clusters merge when at least half of the article pairs between them are
    ///    linked (**majority linkage**, up to [`Index::MAJORITY_ROUNDS`] rounds): two French
    ///    and two English reports of one event that paired off into two mutual-best pairs come
    ///    together, while one article linked to two events does not join them.
    ///
    /// Returns every position once, in groups (singletons included), each in increasing order,
    /// the groups ordered by their first member.
    ///
    /// A cluster never spans two connected components of the links, and only the order of the
    /// positions matters, not their values: the rule applied to each connected component on its
    /// own (its articles renumbered in the same order) gives the same clusters, so a
    /// distributed job can find the components first and cluster each one apart.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when a link names a
    /// position outside `langs`, links an article to itself, has a score that is not a number
    /// in [0, 1], or when one pair is linked twice. Nothing is clustered then.
    pub fn cluster_links(&self, langs: &[Lang], links: &[Link]) -> Result<Vec<Vec<usize>>> {
        let mut seen: FastSet<(usize, usize)> = FastSet::default();
        for l in links {
            if l.a >= langs.len() || l.b >= langs.len() {
                return Err(Error::param(
                    "links",
                    format!(
                        "link ({}, {}) names a position outside the {} articles",
                        l.a,
                        l.b,
                        langs.len()
                    ),
                ));
            }
            if l.a == l.b {
                return Err(Error::param(
                    "links",
                    format!("link ({}, {}) joins an article to itself", l.a, l.b),
                ));
            }
            if !(0.0..=1.0).contains(&l.score) {
                return Err(Error::param(
                    "links",
                    format!(
                        "link ({}, {}) has score {}, not in [0, 1]",
                        l.a, l.b, l.score
                    ),
                ));
            }
            if !seen.insert((l.a.min(l.b), l.a.max(l.b))) {
                return Err(Error::param(
                    "links",
                    format!("the pair ({}, {}) is linked twice", l.a, l.b),
                ));
            }
        }
        Ok(clusters_of(langs, links, &self.thresholds(), false))
    }

    /// Groups fingerprints the caller holds into events: indexes them in a new index
    /// ([`Index::par_insert`], positions in input order) and clusters it
    /// ([`Index::par_cluster`]), on rayon.
    ///
    /// # Errors
    /// As [`Index::par_insert`]: [`ErrorKind::Incompatible`](crate::ErrorKind::Incompatible)
    /// for a fingerprint of another version or configuration,
    /// [`ErrorKind::DuplicateId`](crate::ErrorKind::DuplicateId) when two share an id.
    pub fn par_cluster(&self, fps: &[Fingerprint]) -> Result<Vec<Cluster>> {
        let mut index = self.index();
        index.par_insert(fps)?;
        Ok(index.par_cluster())
    }
}

impl Index {
    /// Groups the indexed articles into events, in parallel.
    ///
    /// Each article links to the candidates it calls [`Verdict::SameEvent`] (each pair scored
    /// once, from its lower slot); the links go through the rule of [`Dedup::cluster_links`]
    /// (mutual best per language, strong links, then majority linkage), the articles in slot
    /// order.
    ///
    /// Clusters are sorted by their first id; results do not depend on the number of threads.
    pub fn par_cluster(&self) -> Vec<Cluster> {
        self.cluster_in(true)
    }

    /// [`Index::par_cluster`] on the calling thread only: the same clusters.
    pub fn cluster(&self) -> Vec<Cluster> {
        self.cluster_in(false)
    }

    fn cluster_in(&self, parallel: bool) -> Vec<Cluster> {
        let slots: Vec<u32> = (0..self.slots.len() as u32)
            .filter(|&s| self.slots[s as usize].is_some())
            .collect();
        // Same-event links found from each slot towards higher slots: the score is symmetric,
        // so each pair is scored once, from its lower slot.
        let forward_of = |&s: &u32| -> Vec<(u32, f32)> {
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
        };
        let forward: Vec<Vec<(u32, f32)>> = if parallel {
            slots.par_iter().map(forward_of).collect()
        } else {
            slots.iter().map(forward_of).collect()
        };
        let pos: FastMap<u32, usize> = slots.iter().enumerate().map(|(i, &s)| (s, i)).collect();
        let mut links: Vec<Link> = Vec::new();
        for (i, f) in forward.iter().enumerate() {
            links.extend(f.iter().map(|&(c, score)| Link {
                a: i,
                b: pos[&c],
                score,
            }));
        }
        self.clusters_from_links(&slots, &links, parallel)
    }

    /// The clusters of the live `slots` (increasing) and their same-event `links` (by
    /// position in `slots`, each pair once, scored from its lower slot), as
    /// [`Index::par_cluster`] gives them.
    pub(super) fn clusters_from_links(
        &self,
        slots: &[u32],
        links: &[Link],
        parallel: bool,
    ) -> Vec<Cluster> {
        let entry = |i: usize| self.slots[slots[i] as usize].as_ref().expect("live slot");
        let langs: Vec<Lang> = (0..slots.len()).map(|i| entry(i).lang).collect();
        let mut clusters: Vec<Cluster> =
            clusters_of(&langs, links, &self.dedup.thresholds(), parallel)
                .into_iter()
                .map(|members| {
                    let mut ids: Vec<String> = members
                        .into_iter()
                        .map(|i| entry(i).id.to_string())
                        .collect();
                    ids.sort();
                    Cluster { ids }
                })
                .collect();
        clusters.sort_by(|a, b| a.ids[0].cmp(&b.ids[0]));
        clusters
    }
}
