//! The score: a logistic model over the [`Components`] of a pair, and the verdict thresholds
//! applied to it.

use serde::{Deserialize, Serialize};

use super::explain::Contribution;
use super::signals::{Components, View};
use super::{Thresholds, Verdict};
use crate::extract::EntityKind;

/// The weights of the score's logistic model: the score is `σ(z)` with `z = bias + Σ wᵢ·xᵢ`
/// over the signals of [`Components`], signals of agreement added and signals of
/// disagreement (conflicts, dates far apart) subtracted (see [`Components`]).
///
/// The library's own are [`Weights::for_pair`]: one set for pairs in two languages, one for
/// pairs in one language, where two articles share far more vocabulary, so the same concept
/// overlap means less. They were fitted by the evaluation harness (`examples/tune.rs`,
/// `bilingual_dedup::eval::fit`) with every signal weight non-negative, so more agreement never
/// lowers the score; a refit on other data gives a `Weights` to score with through
/// [`Components::score_with`].
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Weights {
    /// Constant term.
    pub bias: f32,
    /// Weight of [`Components::concepts`].
    pub concept: f32,
    /// Weight of [`Components::containment`].
    #[serde(default)]
    pub containment: f32,
    /// Weight of [`Components::entities`].
    pub entity: f32,
    /// Weight of [`Components::entity_overlap`].
    #[serde(default)]
    pub entity_overlap: f32,
    /// Weight of [`Components::telling_numbers`].
    #[serde(default)]
    pub telling_numbers: f32,
    /// Weight of [`Components::shared_numbers`] / 3.
    #[serde(default)]
    pub shared_numbers: f32,
    /// Weight of [`Components::weekday_agree`].
    #[serde(default)]
    pub weekday_agree: f32,
    /// Weight (subtracted) of [`Components::weekday_conflict`].
    #[serde(default)]
    pub weekday_conflict: f32,
    /// Weight (subtracted) of [`Components::date_conflict`].
    #[serde(default)]
    pub date_conflict: f32,
    /// Weight (subtracted) of [`Components::conflict`].
    pub conflict: f32,
    /// Weight (subtracted) of publication dates more than [`MAX_DAYS_APART`] days apart.
    pub days: f32,
    /// Weight of [`Components::salient_entities`].
    #[serde(default)]
    pub salient_entities: f32,
    /// Weight of [`Components::lead_kinds`] / 3.
    #[serde(default)]
    pub lead_kinds: f32,
    /// Weight of [`Components::lead_entities`].
    #[serde(default)]
    pub lead_entities: f32,
}

impl Weights {
    /// The library's weights for a pair in one language (`true`) or in two.
    pub fn for_pair(same_language: bool) -> Weights {
        if same_language {
            SAME
        } else {
            CROSS
        }
    }
}

// Fitted by `examples/tune.rs` on the pooled tuning data (both dev files and the tuning part
// of eval/independent), rounded; see the CHANGELOG for the command and the figures. The
// same-language weights are the fit with `lead_entities`. The cross-language ones are the fit
// before it (its weight 0): refitted with it, held out by data source, cross-language F1 rose
// from 0.933 to 0.937 but precision fell below 0.95 (0.949) and judged related pairs called
// the same event rose from 16 to 18 of 130.
const SAME: Weights = Weights {
    bias: -10.11,
    concept: 0.0,
    containment: 5.74,
    entity: 0.0,
    entity_overlap: 0.0,
    telling_numbers: 0.66,
    shared_numbers: 2.84,
    weekday_agree: 0.0,
    weekday_conflict: 1.13,
    date_conflict: 5.75,
    conflict: 0.79,
    days: 11.55,
    salient_entities: 12.72,
    lead_kinds: 8.29,
    lead_entities: 4.04,
};

const CROSS: Weights = Weights {
    bias: -10.34,
    concept: 9.45,
    containment: 6.79,
    entity: 0.0,
    entity_overlap: 0.45,
    telling_numbers: 0.0,
    shared_numbers: 3.78,
    weekday_agree: 0.0,
    weekday_conflict: 2.65,
    date_conflict: 1.19,
    conflict: 0.0,
    days: 13.56,
    salient_entities: 17.52,
    lead_kinds: 7.32,
    lead_entities: 0.0,
};

/// Publication dates further apart than this many days count as a signal against.
pub const MAX_DAYS_APART: i32 = 3;

/// Number of inputs of the score's linear part (the bias's constant 1 included).
pub(crate) const INPUTS: usize = 15;

/// The names of the inputs, in order (for the fit's reports).
#[cfg_attr(not(feature = "eval"), allow(dead_code))]
pub(crate) const INPUT_NAMES: [&str; INPUTS] = [
    "bias",
    "concept",
    "containment",
    "entity",
    "entity_overlap",
    "telling_numbers",
    "shared_numbers",
    "weekday_agree",
    "weekday_conflict",
    "date_conflict",
    "conflict",
    "days",
    "salient_entities",
    "lead_kinds",
    "lead_entities",
];

impl Weights {
    /// The weights in input order ([`Components::inputs`], [`INPUT_NAMES`]).
    pub(crate) fn to_vector(self) -> [f64; INPUTS] {
        [
            self.bias,
            self.concept,
            self.containment,
            self.entity,
            self.entity_overlap,
            self.telling_numbers,
            self.shared_numbers,
            self.weekday_agree,
            self.weekday_conflict,
            self.date_conflict,
            self.conflict,
            self.days,
            self.salient_entities,
            self.lead_kinds,
            self.lead_entities,
        ]
        .map(f64::from)
    }

    /// Weights from a vector in input order.
    #[cfg_attr(not(feature = "eval"), allow(dead_code))]
    pub(crate) fn from_vector(v: [f64; INPUTS]) -> Self {
        let [bias, concept, containment, entity, entity_overlap, telling_numbers, shared_numbers, weekday_agree, weekday_conflict, date_conflict, conflict, days, salient_entities, lead_kinds, lead_entities] =
            v.map(|x| x as f32);
        Weights {
            bias,
            concept,
            containment,
            entity,
            entity_overlap,
            telling_numbers,
            shared_numbers,
            weekday_agree,
            weekday_conflict,
            date_conflict,
            conflict,
            days,
            salient_entities,
            lead_kinds,
            lead_entities,
        }
    }
}

impl Components {
    /// The inputs of the score's linear part, signed so that every weight is non-negative:
    /// 1 (bias), the agreement signals, then minus each disagreement signal (weekday
    /// conflict, date conflict, number conflict, [days apart > [`MAX_DAYS_APART`]]).
    pub(crate) fn inputs(&self) -> [f64; INPUTS] {
        let far = self.days_apart.is_some_and(|d| d > MAX_DAYS_APART);
        let flag = |b: bool| f64::from(u8::from(b));
        [
            1.0,
            f64::from(self.concepts),
            f64::from(self.containment),
            f64::from(self.entities),
            f64::from(self.entity_overlap),
            f64::from(self.telling_numbers),
            f64::from(self.shared_numbers) / 3.0,
            flag(self.weekday_agree),
            -flag(self.weekday_conflict),
            -flag(self.date_conflict),
            -f64::from(self.conflict),
            -flag(far),
            f64::from(self.salient_entities),
            f64::from(self.lead_kinds) / 3.0,
            f64::from(self.lead_entities),
        ]
    }

    /// The score of these components: the probability, under the library's fitted model, that
    /// a pair with these signals reports one event (see the crate docs, "Verdicts", for how it
    /// was calibrated).
    pub fn score(&self) -> f32 {
        self.score_with(&Weights::for_pair(self.same_language))
    }

    /// The score of these components under weights `w`.
    pub fn score_with(&self, w: &Weights) -> f32 {
        sigmoid(self.logit_with(w))
    }

    /// The score on the logit scale, `ln(score / (1 − score))`: the same order as
    /// [`Components::score`], but it keeps ranking pairs whose score rounds to 1.0 (strong
    /// evidence adds logits without bound).
    pub fn logit(&self) -> f32 {
        self.logit_with(&Weights::for_pair(self.same_language))
    }

    /// [`Components::logit`] under weights `w`.
    pub fn logit_with(&self, w: &Weights) -> f32 {
        let z: f64 = self
            .inputs()
            .iter()
            .zip(w.to_vector())
            .map(|(x, w)| x * w)
            .sum();
        z as f32
    }

    /// Each input's contribution to the score's linear part under the library's weights, by
    /// input name, strongest first (positive: for the same event; negative: against), as the
    /// explanation's [`Contribution`]s. Sorted on the stack, then moved into a vector of the
    /// exact length (a comparison with explanation builds this for every pair).
    pub(crate) fn contributions(&self) -> Vec<Contribution> {
        let w = Weights::for_pair(self.same_language).to_vector();
        let x = self.inputs();
        let mut c = [("", 0.0f32); INPUTS - 1];
        let mut n = 0;
        for i in 1..INPUTS {
            let v = (x[i] * w[i]) as f32;
            if v != 0.0 {
                c[n] = (INPUT_NAMES[i], v);
                n += 1;
            }
        }
        let c = &mut c[..n];
        // The names are distinct, so this order is total and any sort gives the same result.
        c.sort_unstable_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then_with(|| a.0.cmp(b.0)));
        c.iter()
            .map(|&(signal, logit)| Contribution {
                signal: signal.into(),
                logit,
            })
            .collect()
    }
}

/// The logistic function, the score of a logit.
pub(crate) fn sigmoid(z: f32) -> f32 {
    (1.0 / (1.0 + (-f64::from(z)).exp())) as f32
}

/// True when both dates are known and further apart than the event window.
pub(crate) fn outside_window(c: &Components, t: &Thresholds) -> bool {
    match (c.days_apart, t.event_window_days) {
        (Some(d), Some(w)) => d.unsigned_abs() > w,
        _ => false,
    }
}

/// The verdict of a pair from its score and components (see [`Components`]).
pub(crate) fn verdict(
    score: f32,
    a: &View<'_>,
    b: &View<'_>,
    pairs: &[(usize, usize, bool)],
    c: &Components,
    t: &Thresholds,
) -> Verdict {
    if score >= t.same_event_for(c.same_language) && !outside_window(c, t) {
        Verdict::SameEvent
    } else if score >= t.related
        || c.concepts >= 0.15
        || pairs.iter().any(|&(i, j, _)| {
            [a.entities[i].1, b.entities[j].1]
                .iter()
                .any(|k| matches!(k, EntityKind::Person | EntityKind::Org))
        })
    {
        Verdict::Related
    } else {
        Verdict::Different
    }
}
