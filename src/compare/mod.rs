//! The comparison layer: two fingerprints become a [`Match`] with a [`Verdict`], a score and
//! an [`Explanation`].
//!
//! # Signals ([`Components`])
//! Agreement:
//! - **concepts** `J`: the MinHash estimate of the Jaccard similarity of the two feature sets
//!   (concepts, entity keys, number keys), and its **containment** `J(|A|+|B|)/((1+J)·min)`,
//!   which stays high when a short report's features are found in a long one;
//! - **entities**: weighted Dice coefficient of the entity keys, each weighted by its kind
//!   ([`EntityKind::weight`]: a person or organisation counts more than a country), and the
//!   weighted **overlap coefficient** (shared weight over the smaller side's). Names that
//!   differ only slightly (Jaro–Winkler ≥ 0.92 on keys of five letters or more, e.g.
//!   transliterations) count as shared;
//! - **telling numbers**: counts of ten or more or with decimals, money, percentages and dates
//!   that both give (how many, up to three, and their overlap coefficient): independently
//!   written reports of one event repeat its figures;
//! - **same weekday**: both name a day of the week, and one in common.
//!
//! Disagreement, the marks of a follow-up or a neighbouring event:
//! - **different weekdays** and **different dates**: both name days, none in common;
//! - **number conflict**: among units both quantify, the share whose values disagree
//!   (1,500 jobs against 800 jobs);
//! - **days apart**: publication dates more than [`MAX_DAYS_APART`] days apart.
//!
//! # Score
//! A logistic model over these signals ([`Weights`]), one for pairs in two languages and one
//! for pairs in one, fitted by the evaluation harness ([`crate::eval::fit`],
//! `examples/tune.rs`) on the dev sets and the project's own labelled independent reports, with
//! every signal's weight non-negative (more agreement never lowers the score). It judges a
//! single pair without any batch statistics, so its threshold transfers between batches, and it
//! is roughly calibrated on the pairs the index scores: of the pairs scoring 0.9 or more, about
//! 98% report one event (the evaluation prints the table). [`Match::logit`] is the same score
//! on the logit scale, which keeps ranking pairs whose score rounds to 1.0. The
//! [`Explanation`] lists the signals that carried it ([`Explanation::carried_by`]).
//!
//! # Verdict
//! [`Verdict::SameEvent`] when the score reaches the same-event threshold of the pair's group
//! (0.45 for two languages, 0.96 for one: see
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

pub use explain::{Conflict, Contribution, Explanation, SharedEntity};
pub use score::{Weights, MAX_DAYS_APART};
pub use signals::Components;

pub(crate) use score::{outside_window, sigmoid, verdict};
#[cfg(feature = "eval")]
pub(crate) use score::{INPUTS, INPUT_NAMES};
use signals::ViewBuf;
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
    pub(crate) logit: f32,
    pub(crate) verdict: Verdict,
    pub(crate) explanation: Explanation,
}

impl Match {
    /// Score in [0, 1]; higher means more likely the same event.
    pub fn score(&self) -> f32 {
        self.score
    }
    /// The score on the logit scale ([`Components::logit`]): ranks pairs whose score rounds to
    /// 1.0, as many same-event pairs' does.
    pub fn logit(&self) -> f32 {
        self.logit
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
    /// `verdict (score s): ` and the [`Explanation`]. A width (`{:4}`) indents every line by
    /// that many spaces (the explanation's further lines by two more).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let indent = f.width().unwrap_or(0);
        write!(
            f,
            "{:indent$}{} (score {:.3}, logit {:.1}): ",
            "", self.verdict, self.score, self.logit
        )?;
        self.explanation.write_indented(f, indent)
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
pub const DEFAULT_SAME_EVENT: f32 = 0.45;
/// Default score at or above which two articles in the same language are the same event
/// (see [`DedupBuilder::same_language_threshold`](crate::DedupBuilder::same_language_threshold)).
pub const DEFAULT_SAME_EVENT_SAME_LANGUAGE: f32 = 0.96;
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
    let (mut buf_a, mut buf_b) = (ViewBuf::new(), ViewBuf::new());
    let (va, vb) = (View::of_in(a, &mut buf_a), View::of_in(b, &mut buf_b));
    let (components, pairs) = components(&va, &vb);
    let logit = components.logit();
    let score = sigmoid(logit);
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
        // Their numbers of this unit; a conflict when none equals one of ours.
        let theirs = || (0..vb.numbers.len()).filter(|&j| vb.numbers[j].unit == x.unit);
        if theirs().next().is_none()
            || va
                .numbers
                .iter()
                .filter(|y| y.unit == x.unit)
                .any(|o| theirs().any(|j| vb.numbers[j].value == o.value))
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
            b: theirs().map(|j| value(&b.numbers[j])).collect(),
        });
    }
    Match {
        score,
        logit,
        verdict,
        explanation: Explanation {
            components,
            shared_entities,
            shared_numbers,
            conflicts,
            shared_kinds: crate::bridge::kind_names(a.lead_kinds & b.lead_kinds)
                .map(str::to_owned)
                .collect(),
            outside_event_window: outside_window(&components, t),
            carried_by: components.contributions(),
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
