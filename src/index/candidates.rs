//! How a query finds its candidates in the index: the articles under its LSH band keys, and
//! those under its posting keys, bounded as `keys.rs` says (see the [index docs](super)).

use super::entry::Q;
use super::keys::{band_keys, key_weight, pick_key_candidates};
use super::Index;

// The posting keys moved to `keys.rs`; entries and the file format reach them from here.
pub(super) use super::keys::posting_keys;

impl Index {
    pub(super) fn band_keys(&self, sig16: &[u16]) -> Vec<u32> {
        band_keys(sig16, self.rows)
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
        // slots for an outside query.
        let slot_anchor = skip.unwrap_or(u32::MAX);
        let anchor = u64::from(slot_anchor);
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
                // The same slots as `keys::nearest` keeps, found from the anchor outwards.
                run.nearest(slot_anchor, Self::MAX_FOLLOW, &mut run_slots);
                shared.extend(run_slots.iter().map(|&s| (s, w)));
            }
        }
        pick_key_candidates(&mut shared, skip, anchor, &mut out);
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
