//! Comparison of two fingerprints: [`Match`], [`Verdict`], [`Explanation`].
//!
//! # Signals
//! - **Concept overlap** `J`: the MinHash estimate of the Jaccard similarity of the two feature
//!   sets (concepts, entity keys, number keys).
//! - **Entity overlap** `E`: weighted Dice coefficient of the entity keys, each entity weighted
//!   by its kind ([`EntityKind::weight`]: a person or organisation counts more than a country).
//!   Persons, organisations and other names that differ only slightly (Jaro–Winkler ≥ 0.92 on
//!   keys of five letters or more, e.g. transliterations) count as shared.
//! - **Number agreement** `N`: weighted Dice coefficient of the number keys (counts and money
//!   weigh more than years; numbers under ten weigh little).
//! - **Number conflict** `C`: among counted units and currencies that both articles quantify,
//!   the share whose values disagree completely (1,500 jobs against 800 jobs).
//! - **Days apart** `D`: when both publication dates are known and more than three days apart.
//!
//! The score is a logistic combination `σ(b + wJ·J + wE·E + wN·N − wC·C − wD·[D > 3])` whose
//! weights were fitted on the dev set by `cargo run --release --example tune` ([`crate::eval::fit`]),
//! with every signal's weight constrained to be non-negative so that more overlap never lowers
//! the score. It judges a single pair without any batch statistics, so its threshold transfers
//! between batches. On the dev set, `N` and `C` add nothing once the number keys are inside the
//! MinHash features (`J`), and their fitted weights are 0: they are computed, shown in the
//! [`Explanation`] for a person to check, and kept in [`Components`] so a refit on other data
//! can use them.
//!
//! # Verdict
//! [`Verdict::SameEvent`] when the score reaches the same-event threshold of the pair's group
//! (0.65 for two languages, 0.99 for one: see
//! [`crate::DedupBuilder::same_language_threshold`]) and the publication
//! dates (when both are known) are within the event window
//! ([`crate::DedupBuilder::event_window_days`], 7 days by default); otherwise
//! [`Verdict::Related`] when the score reaches the related threshold, the concept overlap is at
//! least 0.15, or a person or organisation is shared; otherwise [`Verdict::Different`].

mod explain;
mod score;
mod signals;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use explain::{Conflict, Explanation, SharedEntity};
pub use score::{Weights, MAX_DAYS_APART};
pub use signals::Components;

#[cfg(feature = "eval")]
pub(crate) use score::INPUTS;
pub(crate) use score::{outside_window, verdict};
pub(crate) use signals::{components, NumFeat, Sig, View};

use crate::extract::{fmt_value, NumberKind};
use crate::fingerprint::{Fingerprint, NumberKey};
use crate::util::hash::hash_key;

/// The decision for a pair of articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Both articles report the same event.
    SameEvent,
    /// They share names or topic, but not the event (another day, another deal).
    Related,
    /// Nothing meaningful in common.
    Different,
}

impl Verdict {
    /// `same_event`, `related` or `different`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::SameEvent => "same_event",
            Verdict::Related => "related",
            Verdict::Different => "different",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The result of comparing two fingerprints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Match {
    pub(crate) score: f32,
    pub(crate) verdict: Verdict,
    pub(crate) explanation: Explanation,
}

impl Match {
    /// Score in [0, 1]; higher means more likely the same event.
    pub fn score(&self) -> f32 {
        self.score
    }
    /// The verdict.
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }
    /// The evidence.
    pub fn explanation(&self) -> &Explanation {
        &self.explanation
    }
}

impl fmt::Display for Match {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (score {:.3}): {}",
            self.verdict, self.score, self.explanation
        )
    }
}

/// Thresholds turning a score into a verdict.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Scores of two articles in different languages at or above are [`Verdict::SameEvent`].
    pub same_event: f32,
    /// Scores of two articles in the same language at or above are [`Verdict::SameEvent`]
    /// (see [`crate::DedupBuilder::same_language_threshold`]).
    #[serde(default = "default_same_language")]
    pub same_event_same_language: f32,
    /// Scores at or above (or any shared person or organisation) are at least
    /// [`Verdict::Related`].
    pub related: f32,
    /// Publication dates further apart than this many days cap the verdict at
    /// [`Verdict::Related`] (see [`crate::DedupBuilder::event_window_days`]).
    #[serde(default)]
    pub event_window_days: Option<u32>,
}

fn default_same_language() -> f32 {
    DEFAULT_SAME_EVENT_SAME_LANGUAGE
}

/// Default score at or above which two articles in different languages are the same event.
pub const DEFAULT_SAME_EVENT: f32 = 0.65;
/// Default score at or above which two articles in the same language are the same event
/// (see [`DedupBuilder::same_language_threshold`](crate::DedupBuilder::same_language_threshold)).
pub const DEFAULT_SAME_EVENT_SAME_LANGUAGE: f32 = 0.99;
/// Default score at or above which a pair is related.
pub const DEFAULT_RELATED: f32 = 0.1;
/// Default event window: reports published more than this many days apart are at most
/// [`Verdict::Related`].
pub const DEFAULT_EVENT_WINDOW_DAYS: u32 = 7;

impl Default for Thresholds {
    /// The library's defaults: [`DEFAULT_SAME_EVENT`], [`DEFAULT_SAME_EVENT_SAME_LANGUAGE`],
    /// [`DEFAULT_RELATED`] and an event window of [`DEFAULT_EVENT_WINDOW_DAYS`].
    fn default() -> Self {
        Thresholds {
            same_event: DEFAULT_SAME_EVENT,
            same_event_same_language: DEFAULT_SAME_EVENT_SAME_LANGUAGE,
            related: DEFAULT_RELATED,
            event_window_days: Some(DEFAULT_EVENT_WINDOW_DAYS),
        }
    }
}

impl Thresholds {
    /// The same-event threshold of a pair in the same language (`true`) or in two languages.
    pub fn same_event_for(&self, same_language: bool) -> f32 {
        if same_language {
            self.same_event_same_language
        } else {
            self.same_event
        }
    }
}

/// Full comparison with explanation.
pub(crate) fn compare(a: &Fingerprint, b: &Fingerprint, t: &Thresholds) -> Match {
    let (va, vb) = (View::of(a), View::of(b));
    let (components, pairs) = components(&va, &vb);
    let score = components.score();
    let verdict = verdict(score, &va, &vb, &pairs, &components, t);

    let mut shared_entities: Vec<SharedEntity> = pairs
        .iter()
        .map(|&(i, j, fuzzy)| SharedEntity {
            a: a.entities[i].text.clone(),
            b: b.entities[j].text.clone(),
            kind: a.entities[i].kind,
            fuzzy,
        })
        .collect();
    shared_entities.sort_by(|x, y| y.kind.weight().total_cmp(&x.kind.weight()));
    let mut shared_numbers = Vec::new();
    for (x, nx) in va.numbers.iter().zip(&a.numbers) {
        if vb.numbers.iter().any(|y| x.same_number(y)) {
            shared_numbers.push(nx.display());
        }
    }
    let empty_count = hash_key(NumberKind::Count as u8, "") as u32;
    let mut conflicts: Vec<Conflict> = Vec::new();
    for (x, nx) in va.numbers.iter().zip(&a.numbers) {
        if !x.conflictable(empty_count)
            || conflicts.iter().any(|c| {
                c.unit == nx.unit || (x.kind == NumberKind::Weekday && c.unit == "weekday")
            })
        {
            continue;
        }
        let ours: Vec<&NumFeat> = va.numbers.iter().filter(|y| y.unit == x.unit).collect();
        let theirs: Vec<usize> = (0..vb.numbers.len())
            .filter(|&j| vb.numbers[j].unit == x.unit)
            .collect();
        if theirs.is_empty()
            || ours
                .iter()
                .any(|o| theirs.iter().any(|&j| vb.numbers[j].value == o.value))
        {
            continue;
        }
        let value = |n: &NumberKey| match n.kind {
            NumberKind::Weekday => n.display(),
            _ => fmt_value(n.value),
        };
        conflicts.push(Conflict {
            unit: if x.kind == NumberKind::Weekday {
                "weekday".to_owned()
            } else {
                nx.unit.clone()
            },
            a: a.numbers
                .iter()
                .zip(va.numbers.iter())
                .filter(|(_, f)| f.unit == x.unit)
                .map(|(n, _)| value(n))
                .collect(),
            b: theirs.iter().map(|&j| value(&b.numbers[j])).collect(),
        });
    }
    Match {
        score,
        verdict,
        explanation: Explanation {
            components,
            shared_entities,
            shared_numbers,
            conflicts,
            outside_event_window: outside_window(&components, t),
        },
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_stored_without_the_same_language_field_get_its_default() {
        let t: Thresholds =
            serde_json::from_str(r#"{"same_event":0.7,"related":0.2,"event_window_days":3}"#)
                .unwrap();
        assert_eq!(t.same_event_for(false), 0.7);
        assert_eq!(t.same_event_for(true), DEFAULT_SAME_EVENT_SAME_LANGUAGE);
    }
}
