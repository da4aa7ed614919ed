//! The glue between the index and the comparison layer's scorer: both sides of a lookup as
//! [`View`]s, scored with the engine's thresholds, ranked best first.

use std::borrow::Cow;

use super::entry::{Entry, Q};
use super::{Hit, Index};
use crate::compare::{components, verdict, Sig, Verdict, View};

impl Index {
    /// The query side of a comparison. Both sides use 16-bit signatures, so scores do not
    /// depend on which side is stored.
    pub(super) fn query_view<'q>(q: &'q Q<'_>) -> View<'q> {
        View {
            sig: Sig::Low16(&q.sig16),
            features: q.features,
            entities: q.view_ents.clone(),
            numbers: Cow::Borrowed(&q.nums),
            published: q.published,
            lang: q.lang,
        }
    }

    pub(super) fn score(&self, a: &View<'_>, e: &Entry) -> (f32, Verdict) {
        let b = View {
            sig: Sig::Low16(&e.sig),
            features: e.features,
            entities: e.ents.iter().collect(),
            numbers: Cow::Borrowed(&e.nums),
            published: e.published,
            lang: e.lang,
        };
        let (c, pairs) = components(a, &b);
        let score = c.score();
        (
            score,
            verdict(score, a, &b, &pairs, &c, &self.dedup.thresholds()),
        )
    }

    pub(super) fn ranked(
        &self,
        q: &Q<'_>,
        skip: Option<u32>,
        top_k: usize,
        min_score: f32,
    ) -> Vec<Hit> {
        let a = Self::query_view(q);
        let mut hits: Vec<Hit> = self
            .candidates(q, skip)
            .into_iter()
            .filter_map(|s| self.slots[s as usize].as_ref())
            .map(|e| {
                let (score, verdict) = self.score(&a, e);
                Hit {
                    id: e.id.to_string(),
                    lang: e.lang,
                    score,
                    verdict,
                }
            })
            .filter(|h| h.score >= min_score)
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        hits.truncate(top_k);
        hits
    }
}
