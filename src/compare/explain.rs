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
    /// The publication dates are further apart than the event window, which caps the
    /// verdict at [`Verdict::Related`].
    #[serde(default)]
    pub outside_event_window: bool,
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.components;
        write!(
            f,
            "concepts {:.2}, entities {:.2}, numbers {:.2}, conflict {:.2}",
            c.concepts.max(0.0),
            c.entities.max(0.0),
            c.numbers.max(0.0),
            c.conflict.max(0.0)
        )?;
        if let Some(d) = c.days_apart {
            write!(f, ", {d} days apart")?;
            if self.outside_event_window {
                f.write_str(" (outside the event window)")?;
            }
        }
        if c.same_language {
            // Scored against the stricter same-language threshold.
            f.write_str(", same language")?;
        }
        if !self.shared_entities.is_empty() {
            f.write_str("\n  shared names: ")?;
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
        if !self.shared_numbers.is_empty() {
            write!(f, "\n  shared numbers: {}", self.shared_numbers.join(", "))?;
        }
        for k in &self.conflicts {
            write!(
                f,
                "\n  conflicting {}: {} vs {}",
                k.unit,
                k.a.join("/"),
                k.b.join("/")
            )?;
        }
        Ok(())
    }
}
