//! The score: a logistic model over the [`Components`] of a pair, and the verdict thresholds
//! applied to it.

use serde::{Deserialize, Serialize};

use super::signals::{Components, View};
use super::{Thresholds, Verdict};
use crate::extract::EntityKind;

/// The weights of the score's logistic model `σ(bias + concept·J + entity·E + number·N −
/// conflict·C − days·[D > MAX_DAYS_APART])` (see the [module docs](self)).
///
/// The library's own are [`Weights::for_pair`]: one set for pairs in two languages, one for
/// pairs in one language, where two articles share far more vocabulary, so the same concept
/// overlap means less. They were fitted by the evaluation harness (`examples/tune.rs`); a refit
/// on other data gives a `Weights` to score with through [`Components::score_with`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// Constant term.
    pub bias: f32,
    /// Weight of the concept overlap [`Components::concepts`].
    pub concept: f32,
    /// Weight of the entity overlap [`Components::entities`].
    pub entity: f32,
    /// Weight of the number agreement [`Components::numbers`].
    pub number: f32,
    /// Weight (subtracted) of the number conflict [`Components::conflict`].
    pub conflict: f32,
    /// Weight (subtracted) of publication dates more than [`MAX_DAYS_APART`] days apart.
    pub days: f32,
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

const SAME: Weights = Weights {
    bias: -9.57,
    concept: 12.52,
    entity: 17.30,
    number: 0.0,
    conflict: 0.0,
    days: 8.38,
};

const CROSS: Weights = Weights {
    bias: -10.10,
    concept: 36.21,
    entity: 14.14,
    number: 0.0,
    conflict: 0.0,
    days: 8.55,
};

/// Publication dates further apart than this many days count as a signal against.
pub const MAX_DAYS_APART: i32 = 3;

/// Number of inputs of the score's linear part (the bias's constant 1 included).
// The vector forms below serve the fit of the evaluation harness.
#[cfg_attr(not(feature = "eval"), allow(dead_code))]
pub(crate) const INPUTS: usize = 6;

#[cfg_attr(not(feature = "eval"), allow(dead_code))]
impl Weights {
    /// The weights in input order ([`Components::inputs`]): bias, concept, entity, number,
    /// conflict, days.
    pub(crate) fn to_vector(self) -> [f64; INPUTS] {
        [
            self.bias,
            self.concept,
            self.entity,
            self.number,
            self.conflict,
            self.days,
        ]
        .map(f64::from)
    }

    /// Weights from a vector in input order.
    pub(crate) fn from_vector(v: [f64; INPUTS]) -> Self {
        let [bias, concept, entity, number, conflict, days] = v.map(|x| x as f32);
        Weights {
            bias,
            concept,
            entity,
            number,
            conflict,
            days,
        }
    }
}

impl Components {
    #[cfg_attr(not(feature = "eval"), allow(dead_code))]
    /// The inputs of the score's linear part, signed so that every weight is non-negative: 1
    /// (bias), concepts, entities, numbers, −conflict, −[days apart > [`MAX_DAYS_APART`]].
    pub(crate) fn inputs(&self) -> [f64; INPUTS] {
        let far = self.days_apart.is_some_and(|d| d > MAX_DAYS_APART);
        [
            1.0,
            f64::from(self.concepts),
            f64::from(self.entities),
            f64::from(self.numbers),
            -f64::from(self.conflict),
            -f64::from(u8::from(far)),
        ]
    }

    /// The score of these components.
    pub fn score(&self) -> f32 {
        self.score_with(&Weights::for_pair(self.same_language))
    }

    /// The score of these components under weights `w`.
    pub fn score_with(&self, w: &Weights) -> f32 {
        let far = self.days_apart.is_some_and(|d| d > MAX_DAYS_APART);
        let z =
            w.bias + w.concept * self.concepts + w.entity * self.entities + w.number * self.numbers
                - w.conflict * self.conflict
                - if far { w.days } else { 0.0 };
        1.0 / (1.0 + (-z).exp())
    }
}

/// True when both dates are known and further apart than the event window.
pub(crate) fn outside_window(c: &Components, t: &Thresholds) -> bool {
    match (c.days_apart, t.event_window_days) {
        (Some(d), Some(w)) => d.unsigned_abs() > w,
        _ => false,
    }
}

/// The verdict of a pair from its score and components (see the [module docs](super)).
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
