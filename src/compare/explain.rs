//! The explanation of a comparison: the components and the evidence behind them (shared
//! names, shared numbers, conflicting numbers), built only when a [`Match`](super::Match) is
//! asked for.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::signals::Components;
use crate::extract::EntityKind;

/// An entity found in both articles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedEntity {
    /// Surface form in the first article.
    pub a: String,
    /// Surface form in the second article.
    pub b: String,
    /// Type (from the first article).
    pub kind: EntityKind,
    /// True when the keys matched only approximately.
    pub fuzzy: bool,
}

/// Numbers of one unit on which the articles disagree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// The counted concept or currency.
    pub unit: String,
    /// Values in the first article.
    pub a: Vec<String>,
    /// Values in the second article.
    pub b: Vec<String>,
}

/// Why a comparison came out as it did: the components and the evidence behind them.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Explanation {
    /// The component signals.
    pub components: Components,
    /// Entities in both articles, most telling first.
    pub shared_entities: Vec<SharedEntity>,
    /// Numbers in both articles (display form).
    pub shared_numbers: Vec<String>,
    /// Units quantified differently.
    pub conflicts: Vec<Conflict>,
    /// The kinds of happening both leads name (`"quake"`, `"strike"`, `"trial"` …; see
    /// [`Components::lead_kinds`]).
    #[serde(default)]
    pub shared_kinds: Vec<String>,
    /// The publication dates are further apart than the event window, which caps the
    /// verdict at [`Verdict::Related`](crate::Verdict::Related).
    #[serde(default)]
    pub outside_event_window: bool,
    /// What carried the score: each signal's contribution to the score's linear part under
    /// the library's weights (positive for the same event, negative against), strongest
    /// first; signals that contributed nothing are left out.
    #[serde(default)]
    pub carried_by: Vec<Contribution>,
}

/// One signal's part in a score (see [`Explanation::carried_by`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// The signal: `concept`, `containment`, `entity`, `entity_overlap`, `telling_numbers`,
    /// `shared_numbers`, `weekday_agree`, `weekday_conflict`, `date_conflict`, `conflict`,
    /// `days`, `salient_entities`, `lead_kinds`, `lead_entities`.
    pub signal: std::borrow::Cow<'static, str>,
    /// Its weight times its value, in logits: +2 raises the odds of the same event about
    /// sevenfold.
    pub logit: f32,
}

/// A signal's name as a person reads it.
fn signal_label(signal: &str) -> &str {
    match signal {
        "concept" => "concepts",
        "containment" => "concept containment",
        "entity" => "names",
        "entity_overlap" => "the shorter report's names",
        "telling_numbers" => "telling numbers",
        "shared_numbers" => "shared numbers",
        "weekday_agree" => "same weekday",
        "weekday_conflict" => "different weekdays",
        "date_conflict" => "different dates",
        "conflict" => "conflicting numbers",
        "days" => "days apart",
        "salient_entities" => "the main names",
        "lead_kinds" => "same kind of happening in the leads",
        "lead_entities" => "the same names in the leads",
        other => other,
    }
}

impl Explanation {
    /// Writes the explanation, every line after the first indented by `indent` spaces.
    pub(crate) fn write_indented(&self, f: &mut fmt::Formatter<'_>, indent: usize) -> fmt::Result {
        let c = &self.components;
        let nl = |f: &mut fmt::Formatter<'_>| write!(f, "\n{:indent$}  ", "");
        write!(
            f,
            "concepts {:.2} (containment {:.2}), entities {:.2} (overlap {:.2}), numbers {:.2}, conflict {:.2}",
            c.concepts.max(0.0),
            c.containment.max(0.0),
            c.entities.max(0.0),
            c.entity_overlap.max(0.0),
            c.numbers.max(0.0),
            c.conflict.max(0.0)
        )?;
        if let Some(d) = c.days_apart {
            let days = if d == 1 { "day" } else { "days" };
            write!(f, ", {d} {days} apart")?;
            if self.outside_event_window {
                f.write_str(" (outside the event window)")?;
            }
        }
        if c.same_language {
            // Scored against the stricter same-language threshold.
            f.write_str(", same language")?;
        }
        let carried: Vec<String> = self
            .carried_by
            .iter()
            .filter(|c| c.logit.abs() >= 0.5)
            .take(4)
            .map(|c| format!("{} {:+.1}", signal_label(&c.signal), c.logit))
            .collect();
        if !carried.is_empty() {
            nl(f)?;
            write!(f, "carried by: {}", carried.join(", "))?;
        }
        if !self.shared_entities.is_empty() {
            nl(f)?;
            f.write_str("shared names: ")?;
            for (i, e) in self.shared_entities.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                if e.a == e.b {
                    write!(f, "{}", e.a)?;
                } else {
                    write!(f, "{} = {}", e.a, e.b)?;
                }
            }
        }
        if !self.shared_kinds.is_empty() {
            nl(f)?;
            write!(f, "both leads report: {}", self.shared_kinds.join(", "))?;
        }
        if !self.shared_numbers.is_empty() {
            nl(f)?;
            write!(f, "shared numbers: {}", self.shared_numbers.join(", "))?;
        }
        for k in &self.conflicts {
            nl(f)?;
            write!(
                f,
                "conflicting {}: {} vs {}",
                k.unit,
                k.a.join("/"),
                k.b.join("/")
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for Explanation {
    /// The components on the first line, then what carried the score, the shared names and
    /// numbers and the conflicts, one kind a line. A width (`{:4}`) indents every line after
    /// the first by that many spaces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_indented(f, f.width().unwrap_or(0))
    }
}
