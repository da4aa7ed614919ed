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
//! weights were fitted on the dev set by `cargo run --release --example tune` (see its docs),
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

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::extract::{fmt_value, EntityKind, NumberKind};
use crate::fingerprint::{Fingerprint, NumberKey};
use crate::hash::hash_key;
use crate::minhash::similarity;

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

/// Weights of the score (see the module docs). Fitted by `examples/tune.rs`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Weights {
    pub bias: f32,
    pub concept: f32,
    pub entity: f32,
    pub number: f32,
    pub conflict: f32,
    pub days: f32,
}

/// Weights for pairs in different languages (`WEIGHTS[0]`) and in the same language
/// (`WEIGHTS[1]`): two articles in one language share far more vocabulary, so the same concept
/// overlap means less.
pub(crate) const WEIGHTS: [Weights; 2] = [CROSS, SAME];

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

/// The weights of the score for pairs in different languages (`same_language == false`) or
/// in the same language, in the order bias, concepts, entities, numbers, conflict, days apart
/// (see the module docs and `examples/tune.rs`).
pub fn score_weights(same_language: bool) -> [f32; 6] {
    let w = WEIGHTS[usize::from(same_language)];
    [w.bias, w.concept, w.entity, w.number, w.conflict, w.days]
}

/// Publication dates further apart than this many days count as a signal against.
pub const MAX_DAYS_APART: i32 = 3;

/// The component signals of a comparison, each in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Components {
    /// Estimated Jaccard similarity of the feature sets.
    pub concepts: f32,
    /// Weighted overlap of entities.
    pub entities: f32,
    /// Weighted overlap of numbers.
    pub numbers: f32,
    /// Share of commonly quantified units whose values disagree.
    pub conflict: f32,
    /// Days between publication dates, when both are known.
    pub days_apart: Option<i32>,
    /// Both articles are in the same language (scored with their own weights).
    pub same_language: bool,
}

impl Components {
    /// The score of these components.
    pub fn score(&self) -> f32 {
        self.score_with(&WEIGHTS[usize::from(self.same_language)])
    }

    pub(crate) fn score_with(&self, w: &Weights) -> f32 {
        let far = self.days_apart.is_some_and(|d| d > MAX_DAYS_APART);
        let z =
            w.bias + w.concept * self.concepts + w.entity * self.entities + w.number * self.numbers
                - w.conflict * self.conflict
                - if far { w.days } else { 0.0 };
        1.0 / (1.0 + (-z).exp())
    }
}

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
    crate::DEFAULT_SAME_EVENT_SAME_LANGUAGE
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

/// Number features: a unit id (kind + unit) and a value id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NumFeat {
    pub unit: u32,
    pub value: u32,
    pub kind: NumberKind,
    pub small: bool,
}

impl NumFeat {
    pub(crate) fn of(n: &NumberKey) -> Self {
        let unit = hash_key(n.kind as u8, &n.unit) as u32;
        NumFeat {
            unit,
            value: value_id(n.value),
            kind: n.kind,
            small: n.kind == NumberKind::Count && n.value < 10.0,
        }
    }
    /// The same number: same kind and value, and for money the same currency. (The counted
    /// unit of a count is not required to agree: it depends on how the noun was translated.)
    pub(crate) fn same_number(&self, y: &NumFeat) -> bool {
        self.kind == y.kind
            && self.value == y.value
            && (self.kind != NumberKind::Money || self.unit == y.unit)
    }

    fn weight(&self) -> f32 {
        match self.kind {
            NumberKind::Year | NumberKind::Weekday => 0.3,
            NumberKind::Percent => 0.7,
            _ if self.small => 0.3,
            _ => 1.0,
        }
    }
    /// Counts with a unit, money and weekdays can conflict; percentages, years and dates
    /// recur too often within one story.
    fn conflictable(&self, empty_unit: u32) -> bool {
        self.kind == NumberKind::Weekday
            || (matches!(self.kind, NumberKind::Count | NumberKind::Money)
                && self.unit != empty_unit)
    }
}

/// A 32-bit id of a number's value: the value rounded to 1/10,000 (so `1.2 × 10^6` computed
/// two ways meets), mixed.
pub(crate) fn value_id(v: f64) -> u32 {
    let fixed = (v * 10_000.0)
        .round()
        .clamp(i64::MIN as f64, i64::MAX as f64) as i64;
    (crate::hash::mix64(fixed as u64) >> 32) as u32
}

/// What the scorer needs of one side.
pub(crate) struct View<'a> {
    pub sig: Sig<'a>,
    pub features: u32,
    pub entities: Vec<(&'a str, EntityKind)>,
    pub numbers: std::borrow::Cow<'a, [NumFeat]>,
    pub published: Option<i32>,
    pub lang: crate::Lang,
}

/// A signature as a fingerprint holds it, or as the index stores it (low 16 bits).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Sig<'a> {
    Full(&'a [u32]),
    Low16(&'a [u16]),
}

impl Sig<'_> {
    /// Share of equal positions; compares the low 16 bits when either side has only those.
    fn similarity(self, other: Sig<'_>) -> f32 {
        let (n, equal) = match (self, other) {
            (Sig::Full(a), Sig::Full(b)) => return similarity(a, b),
            (Sig::Low16(a), Sig::Low16(b)) => (
                a.len().min(b.len()),
                a.iter().zip(b).filter(|(x, y)| x == y).count(),
            ),
            (Sig::Full(a), Sig::Low16(b)) | (Sig::Low16(b), Sig::Full(a)) => (
                a.len().min(b.len()),
                a.iter().zip(b).filter(|(x, y)| **x as u16 == **y).count(),
            ),
        };
        if n == 0 {
            0.0
        } else {
            equal as f32 / n as f32
        }
    }
}

impl<'a> View<'a> {
    pub(crate) fn of(fp: &'a Fingerprint) -> Self {
        View {
            sig: Sig::Full(&fp.signature),
            features: fp.features,
            entities: fp
                .entities
                .iter()
                .map(|e| (e.key.as_str(), e.kind))
                .collect(),
            numbers: fp
                .numbers
                .iter()
                .map(NumFeat::of)
                .collect::<Vec<_>>()
                .into(),
            published: fp.published,
            lang: fp.lang,
        }
    }
}

/// Small spelling variants of one name (transliterations: "kadhafi"/"kadafi"). Keys must start
/// alike and differ in length by at most three bytes before Jaro–Winkler is computed.
fn fuzzy_eq(a: &str, b: &str) -> bool {
    if a.contains(' ') || b.contains(' ') {
        return token_overlap(a, b);
    }
    a.len() >= 5
        && b.len() >= 5
        && a.len().abs_diff(b.len()) <= 3
        && a.as_bytes()[0] == b.as_bytes()[0]
        && strsim::jaro_winkler(a, b) >= 0.92
}

/// Multi-word names of different extent ("societe generale" / "generale", "agenc european
/// space" / "agenc european express space"): at least half of the shorter name's words, one of
/// them of four letters or more, appear in the other.
fn token_overlap(a: &str, b: &str) -> bool {
    let (short, long) = if a.split(' ').count() <= b.split(' ').count() {
        (a, b)
    } else {
        (b, a)
    };
    let long: Vec<&str> = long.split(' ').collect();
    let words: Vec<&str> = short.split(' ').collect();
    let shared: Vec<&&str> = words.iter().filter(|w| long.contains(w)).collect();
    2 * shared.len() >= words.len() && shared.iter().any(|w| w.len() >= 4)
}

/// Entity pairs `(i, j, fuzzy)` matched between two views; each entity at most once.
fn entity_pairs(a: &View<'_>, b: &View<'_>) -> Vec<(usize, usize, bool)> {
    let mut used = vec![false; b.entities.len()];
    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    for (i, (ka, _)) in a.entities.iter().enumerate() {
        match b
            .entities
            .iter()
            .enumerate()
            .position(|(j, (kb, _))| !used[j] && ka == kb)
        {
            Some(j) => {
                used[j] = true;
                pairs.push((i, j, false));
            }
            None => unmatched.push(i),
        }
    }
    for i in unmatched {
        let (ka, kind) = a.entities[i];
        if matches!(kind, EntityKind::Country | EntityKind::Place) {
            continue;
        }
        if let Some(j) = (0..b.entities.len()).find(|&j| {
            !used[j]
                && !matches!(b.entities[j].1, EntityKind::Country | EntityKind::Place)
                && fuzzy_eq(ka, b.entities[j].0)
        }) {
            used[j] = true;
            pairs.push((i, j, true));
        }
    }
    pairs
}

/// Computes the components of a comparison (no explanation strings).
pub(crate) fn components(a: &View<'_>, b: &View<'_>) -> (Components, Vec<(usize, usize, bool)>) {
    let concepts = if a.features == 0 || b.features == 0 {
        0.0
    } else {
        a.sig.similarity(b.sig)
    };
    let pairs = entity_pairs(a, b);
    let wa: f32 = a.entities.iter().map(|e| e.1.weight()).sum();
    let wb: f32 = b.entities.iter().map(|e| e.1.weight()).sum();
    let shared: f32 = pairs
        .iter()
        .map(|&(i, j, fuzzy)| {
            let w = a.entities[i].1.weight().min(b.entities[j].1.weight());
            if fuzzy {
                0.8 * w
            } else {
                w
            }
        })
        .sum();
    let entities = if wa + wb > 0.0 {
        (2.0 * shared / (wa + wb)).min(1.0)
    } else {
        0.0
    };

    let na: f32 = a.numbers.iter().map(NumFeat::weight).sum();
    let nb: f32 = b.numbers.iter().map(NumFeat::weight).sum();
    let ns: f32 = a
        .numbers
        .iter()
        .filter(|x| b.numbers.iter().any(|y| x.same_number(y)))
        .map(NumFeat::weight)
        .sum();
    let numbers = if na + nb > 0.0 {
        (2.0 * ns / (na + nb)).min(1.0)
    } else {
        0.0
    };

    let empty_count = hash_key(NumberKind::Count as u8, "") as u32;
    let mut units: Vec<u32> = a
        .numbers
        .iter()
        .filter(|x| x.conflictable(empty_count) && b.numbers.iter().any(|y| y.unit == x.unit))
        .map(|x| x.unit)
        .collect();
    units.sort_unstable();
    units.dedup();
    let conflicting = units
        .iter()
        .filter(|&&u| {
            !a.numbers
                .iter()
                .filter(|x| x.unit == u)
                .any(|x| b.numbers.iter().any(|y| y.value == x.value))
        })
        .count();
    let conflict = if units.is_empty() {
        0.0
    } else {
        conflicting as f32 / units.len() as f32
    };
    let days_apart = match (a.published, b.published) {
        (Some(x), Some(y)) => Some((x - y).abs()),
        _ => None,
    };
    (
        Components {
            concepts,
            entities,
            numbers,
            conflict,
            days_apart,
            same_language: a.lang == b.lang,
        },
        pairs,
    )
}

/// True when both dates are known and further apart than the event window.
pub(crate) fn outside_window(c: &Components, t: &Thresholds) -> bool {
    match (c.days_apart, t.event_window_days) {
        (Some(d), Some(w)) => d.unsigned_abs() > w,
        _ => false,
    }
}

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

impl NumberKey {
    /// Display form: `1500 (job)`, `50000000 MAD`, `2.5%`, `2027`, `2023-11-02`.
    pub fn display(&self) -> String {
        crate::extract::Number {
            kind: self.kind,
            value: self.value,
            unit: self.unit.clone(),
            text: String::new(),
        }
        .to_string()
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
        assert_eq!(
            t.same_event_for(true),
            crate::DEFAULT_SAME_EVENT_SAME_LANGUAGE
        );
    }
}
