//! How a query finds its candidates: LSH band keys of the signature, and posting keys of its
//! telling names and numbers weighed by how many articles hold them (see the [index
//! docs](super)).

use super::entry::Q;
use super::Index;
use crate::compare::NumFeat;
use crate::extract::{EntityKind, NumberKind};
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

pub(super) fn posting_keys<'s>(
    ents: impl Iterator<Item = (&'s str, EntityKind)>,
    nums: &[NumFeat],
) -> Vec<u32> {
    let mut keys: Vec<u32> = ents
        .filter(|(_, k)| telling_entity(*k))
        .map(|(s, _)| hash_key(b'E', s) as u32)
        .chain(
            nums.iter()
                .filter(|n| telling_number(n))
                .map(|n| (mix64(u64::from(n.value) << 8 | n.kind as u64) >> 32) as u32),
        )
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Evidence carried by a key held by `held` articles, in 1/256 bits: `log2(MAX_POSTING / held)`.
pub(super) fn key_weight(held: usize) -> u32 {
    let ratio = Index::MAX_POSTING as f32 / held.max(1) as f32;
    (ratio.log2().max(0.0) * 256.0) as u32
}

impl Index {
    pub(super) fn band_keys(&self, sig16: &[u16]) -> Vec<u32> {
        sig16
            .chunks_exact(self.rows)
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

    /// Candidate slots of a query side, sorted, excluding `skip`.
    pub(super) fn candidates(&self, q: &Q<'_>, skip: Option<u32>) -> Vec<u32> {
        let band_keys = self.band_keys(&q.sig16);
        self.bands.touch(&band_keys);
        self.postings.touch(&q.posting_keys);
        let mut out: Vec<u32> = Vec::new();
        for k in band_keys {
            out.extend(self.bands.get(k).slots());
        }
        // Nearness to the query in slot order: an indexed article's own slot, or the newest
        // slots for an outside query. Ties go to the lower slot, so the order is total.
        let anchor = skip.unwrap_or(u32::MAX);
        let near = |s: u32| (s.abs_diff(anchor), s);
        // (slot, weight of the key it was found through).
        let mut shared: Vec<(u32, u32)> = Vec::new();
        let mut run_slots: Vec<u32> = Vec::new();
        for &k in &q.posting_keys {
            let run = self.postings.get(k);
            let held = run.len();
            if held > Self::MAX_POSTING {
                continue;
            }
            let w = key_weight(held);
            if held <= Self::MAX_FOLLOW {
                shared.extend(run.slots().map(|s| (s, w)));
            } else {
                run_slots.clear();
                run.nearest(anchor, Self::MAX_FOLLOW, &mut run_slots);
                shared.extend(run_slots.iter().map(|&s| (s, w)));
            }
        }
        shared.sort_unstable();
        let floor = key_weight(Self::TELLING_HOLDERS);
        // (weight of the keys shared, slot) of the articles found through names and numbers.
        let mut by_keys: Vec<(u32, u32)> = Vec::new();
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
        if by_keys.len() > Self::MAX_KEY_CANDIDATES {
            // Heaviest first, then the nearest: deterministic.
            let order = |x: &(u32, u32), y: &(u32, u32)| {
                y.0.cmp(&x.0).then_with(|| near(x.1).cmp(&near(y.1)))
            };
            by_keys.select_nth_unstable_by(Self::MAX_KEY_CANDIDATES - 1, order);
            by_keys.truncate(Self::MAX_KEY_CANDIDATES);
        }
        out.extend(by_keys.into_iter().map(|(_, s)| s));
        out.sort_unstable();
        out.dedup();
        out.retain(|&c| Some(c) != skip && self.slots[c as usize].is_some());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Dedup;
    use crate::fingerprint::Fingerprint;
    use crate::input::Article;
    use crate::text::Lang;

    #[test]
    fn key_evidence_follows_the_documented_examples() {
        let floor = key_weight(Index::TELLING_HOLDERS);
        assert!(key_weight(Index::TELLING_HOLDERS - 1) >= floor);
        assert!(key_weight(Index::TELLING_HOLDERS + 1) < floor);
        assert!(key_weight(10) < floor, "one name held by 10 articles");
        assert!(2 * key_weight(60) >= floor, "two names held by 60 articles");
        assert_eq!(key_weight(Index::MAX_POSTING), 0);
    }

    /// `n` unrelated articles (no word in common) that all name the same person, and one
    /// more article naming the person and a rare second name, `n` ≥ 1.
    fn sharing_a_name(n: usize) -> Vec<Fingerprint> {
        let dedup = Dedup::builder().build().unwrap();
        (0..=n)
            .map(|i| {
                let words: Vec<String> = (0..40).map(|j| format!("zorv{i}q{j}")).collect();
                let extra = if i + 1 >= n { "Octave Plimsoll" } else { "" };
                let body = format!(
                    "Le ministre Marcel Vandertramp a parlé. {extra} {}.",
                    words.join(" ")
                );
                let a = Article::new(format!("a{i}"), "Titre", body).lang(Lang::Fr);
                dedup.fingerprint(&a).unwrap()
            })
            .collect()
    }

    #[test]
    fn long_lists_are_followed_near_the_query_and_candidates_capped() {
        // 70 unrelated articles naming the same two people: two keys held by 70 articles are
        // enough together, the lists are longer than MAX_FOLLOW and the candidates more than
        // MAX_KEY_CANDIDATES, so each query keeps the nearest ones in slot order.
        let dedup = Dedup::builder().build().unwrap();
        let fps: Vec<Fingerprint> = (0..71)
            .map(|i| {
                let words: Vec<String> = (0..40).map(|j| format!("zorv{i}q{j}")).collect();
                let body = format!(
                    "Marcel Vandertramp et Octave Plimsoll ont parlé. {}.",
                    words.join(" ")
                );
                let a = Article::new(format!("a{i:02}"), "Titre", body).lang(Lang::Fr);
                dedup.fingerprint(&a).unwrap()
            })
            .collect();
        let mut index = dedup.index();
        index.par_insert(&fps[..70]).unwrap();
        let found = |id: &str| {
            let slot = index.ids[id];
            let e = index.slots[slot as usize].as_ref().unwrap();
            index.candidates(&index.entry_side(e), Some(slot))
        };
        let cap = Index::MAX_KEY_CANDIDATES as u32;
        assert_eq!(found("a00"), (1..=cap).collect::<Vec<u32>>());
        let mid: Vec<u32> = (35 - cap / 2..=35 + cap / 2).filter(|&s| s != 35).collect();
        assert_eq!(found("a35"), mid);
        // An outside query prefers the newest articles.
        let q = Index::query_side(&fps[70]);
        assert_eq!(
            index.candidates(&q, None),
            (70 - cap..70).collect::<Vec<u32>>()
        );
    }

    #[test]
    fn a_name_held_by_many_articles_alone_finds_nothing() {
        for n in [2, 12] {
            let fps = sharing_a_name(n);
            let dedup = Dedup::builder().build().unwrap();
            let mut index = dedup.index();
            index.par_insert(&fps).unwrap();
            let slot = index.ids["a0"];
            let e = index.slots[slot as usize].as_ref().unwrap();
            let found = index.candidates(&index.entry_side(e), Some(slot));
            // n + 1 articles hold the shared name (the query included): telling for 3, not 13.
            let holders = n + 1;
            assert_eq!(
                found.len(),
                if holders <= Index::TELLING_HOLDERS {
                    n
                } else {
                    0
                }
            );
            // The last two also share a rare name, which is enough.
            let slot = index.ids[format!("a{n}").as_str()];
            let e = index.slots[slot as usize].as_ref().unwrap();
            let found = index.candidates(&index.entry_side(e), Some(slot));
            assert!(found.contains(&index.ids[format!("a{}", n - 1).as_str()]));
        }
    }
}
