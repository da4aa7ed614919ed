//! The glue between the index and the comparison layer's scorer: both sides of a lookup as
//! [`View`]s, scored with the engine's thresholds, ranked best first.

use std::borrow::Cow;

use super::entry::{Entry, Q};
use super::{Hit, Index};
use crate::compare::{components, sigmoid, verdict, Sig, Verdict, View};
use crate::extract::EntityKind;
use crate::fingerprint::MAX_ENTITIES;

impl Index {
    /// The query side of a comparison. Both sides use 16-bit signatures, so scores do not
    /// depend on which side is stored.
    pub(super) fn query_view<'q>(q: &'q Q<'_>) -> View<'q> {
        View {
            sig: Sig::Low16(&q.sig16),
            features: q.features,
            entities: Cow::Borrowed(&q.view_ents),
            numbers: Cow::Borrowed(&q.nums),
            published: q.published,
            lead_kinds: q.lead_kinds,
            lead_entities: q.lead_entities,
            lang: q.lang,
        }
    }

    pub(super) fn score(&self, a: &View<'_>, e: &Entry) -> (f32, Verdict) {
        let (_, score, verdict) = self.score_with_logit(a, e);
        (score, verdict)
    }

    /// The logit, score and verdict of a query side against an entry.
    pub(super) fn score_with_logit(&self, a: &View<'_>, e: &Entry) -> (f32, f32, Verdict) {
        // The entry's entity keys split into a buffer on the stack when they fit (they do for
        // entries made from this library's fingerprints): one allocation less per candidate.
        let mut buf = [("", EntityKind::Other); MAX_ENTITIES];
        let entities: Cow<'_, [(&str, EntityKind)]> = match buf.get_mut(..e.ents.len()) {
            Some(out) => {
                for (o, x) in out.iter_mut().zip(e.ents.iter()) {
                    *o = x;
                }
                Cow::Borrowed(&*out)
            }
            None => e.ents.iter().collect(),
        };
        let b = View {
            sig: Sig::Low16(&e.sig),
            features: e.features,
            entities,
            numbers: Cow::Borrowed(&e.nums),
            published: e.published,
            lead_kinds: e.lead_kinds,
            lead_entities: e.lead_entities,
            lang: e.lang,
        };
        let (c, pairs) = components(a, &b);
        let logit = c.logit();
        let score = sigmoid(logit);
        (
            logit,
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
                let (logit, score, verdict) = self.score_with_logit(&a, e);
                Hit {
                    id: e.id.to_string(),
                    lang: e.lang,
                    score,
                    logit,
                    verdict,
                }
            })
            .filter(|h| h.score >= min_score)
            .collect();
        // By logit: the score rounds to 1.0 for many same-event pairs; the logit still ranks them.
        hits.sort_by(|a, b| b.logit.total_cmp(&a.logit).then_with(|| a.id.cmp(&b.id)));
        hits.truncate(top_k);
        hits
    }
}
