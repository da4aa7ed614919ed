//! The component signals of a comparison ([`Components`]), computed from the two sides'
//! [`View`]s: what the scorer needs of a fingerprint or of an index entry.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::extract::{EntityKind, NumberKind};
use crate::fingerprint::{similarity, Fingerprint, NumberKey, MAX_ENTITIES, MAX_NUMBERS};
use crate::text::Lang;
#[cfg(test)]
use crate::util::hash::hash_bytes;
use crate::util::hash::{hash_key, mix64, Fnv};

/// The component signals of a comparison (each field says what it measures).
///
/// New signals may be added in minor releases (the struct is `#[non_exhaustive]`); stored
/// components without them read as 0 / false.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Components {
    /// Estimated Jaccard similarity of the feature sets (MinHash), in [0, 1].
    pub concepts: f32,
    /// Estimated containment of the smaller feature set in the larger one,
    /// `J (|A| + |B|) / ((1 + J) min(|A|, |B|))`, in [0, 1]: high when a short report's
    /// features are found in a long one, where the Jaccard estimate stays low.
    #[serde(default)]
    pub containment: f32,
    /// Weighted Dice overlap of entities, in [0, 1].
    pub entities: f32,
    /// Weighted overlap coefficient of entities (shared weight over the smaller side's), in
    /// [0, 1]: the names of a brief found in a long report.
    #[serde(default)]
    pub entity_overlap: f32,
    /// Weighted Dice overlap of all numbers, in [0, 1] (shown, not scored).
    pub numbers: f32,
    /// Overlap coefficient of the telling numbers (counts of ten or more or with decimals, money,
    /// percentages, dates), in [0, 1].
    #[serde(default)]
    pub telling_numbers: f32,
    /// How many telling numbers both articles give (capped at 3).
    #[serde(default)]
    pub shared_numbers: u8,
    /// Both name a weekday, and one of them in common.
    #[serde(default)]
    pub weekday_agree: bool,
    /// Both name weekdays, none in common: the happenings they report fall on different days.
    #[serde(default)]
    pub weekday_conflict: bool,
    /// Both give calendar dates, none in common.
    #[serde(default)]
    pub date_conflict: bool,
    /// Share of commonly quantified units whose values disagree, in [0, 1].
    pub conflict: f32,
    /// Days between publication dates, when both are known.
    pub days_apart: Option<i32>,
    /// Both articles are in the same language (scored with their own weights).
    pub same_language: bool,
    /// Dice overlap of the entities weighted by prominence, in [0, 1]: as
    /// [`Components::entities`], but the entity at rank `r` of a side's list (most telling
    /// first: by type and mentions) weighs its type's weight × `4 / (4 + r)`. High when the
    /// names both reports are mainly about agree, even where the many names of a long report's
    /// background do not.
    #[serde(default)]
    pub salient_entities: f32,
    /// How many kinds of happening (an earthquake, a strike, a trial, a takeover …) both
    /// leads name (title and first 60 words of the body; capped at 3): two reports of one
    /// happening say what happened first, whatever else they tell.
    #[serde(default)]
    pub lead_kinds: u8,
    /// Weighted Dice overlap of the entities the two leads name (title and first 60 words of
    /// the body), in [0, 1]: as [`Components::entities`], over the names each report puts
    /// first. Who and where a report is about are named in its lead; the background names
    /// of the body are not.
    #[serde(default)]
    pub lead_entities: f32,
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
            small: n.kind == NumberKind::Count && n.value < 10.0 && n.value.fract() == 0.0,
        }
    }
    /// The same number: same kind and value, and for money the same currency. (The counted
    /// unit of a count is not required to agree: it depends on how the noun was translated.)
    pub(crate) fn same_number(&self, y: &NumFeat) -> bool {
        self.kind == y.kind
            && self.value == y.value
            && (self.kind != NumberKind::Money || self.unit == y.unit)
    }

    pub(crate) fn weight(&self) -> f32 {
        match self.kind {
            NumberKind::Year | NumberKind::Weekday => 0.3,
            NumberKind::Percent => 0.7,
            _ if self.small => 0.3,
            _ => 1.0,
        }
    }
    /// A number specific enough to tell one event from another: a count of ten or more or with
    /// decimals (a magnitude 7.5), money, a percentage or a date (not a year, a weekday or a
    /// small whole count: three, 5).
    pub(crate) fn telling(&self) -> bool {
        match self.kind {
            NumberKind::Count => !self.small,
            NumberKind::Money | NumberKind::Percent | NumberKind::Date => true,
            NumberKind::Year | NumberKind::Weekday => false,
        }
    }

    /// Counts with a unit, money and weekdays can conflict; percentages, years and dates
    /// recur too often within one story.
    pub(crate) fn conflictable(&self, empty_unit: u32) -> bool {
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
    (mix64(fixed as u64) >> 32) as u32
}

/// What the scorer needs of one side.
pub(crate) struct View<'a> {
    pub sig: Sig<'a>,
    pub features: u32,
    pub entities: Cow<'a, [(&'a str, EntityKind)]>,
    pub numbers: Cow<'a, [NumFeat]>,
    pub published: Option<i32>,
    /// Kinds of happening its lead names (bits).
    pub lead_kinds: u64,
    /// Which of `entities` its lead names (bit `r` for rank `r`).
    pub lead_entities: u32,
    pub lang: Lang,
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

/// Room on the caller's stack for a [`View`]'s entities and numbers ([`View::of_in`]): a
/// full comparison builds two views per pair, and two allocations each cost about as much as
/// filling them.
pub(crate) struct ViewBuf<'a> {
    entities: [(&'a str, EntityKind); MAX_ENTITIES],
    numbers: [NumFeat; MAX_NUMBERS],
}

impl ViewBuf<'_> {
    pub(crate) fn new() -> Self {
        ViewBuf {
            entities: [("", EntityKind::Other); MAX_ENTITIES],
            numbers: [NumFeat {
                unit: 0,
                value: 0,
                kind: NumberKind::Count,
                small: false,
            }; MAX_NUMBERS],
        }
    }
}

impl<'a> View<'a> {
    /// The view of a fingerprint, its entities and numbers in vectors of their own.
    pub(crate) fn of(fp: &'a Fingerprint) -> Self {
        View {
            sig: Sig::Full(&fp.signature),
            features: fp.features,
            entities: fp
                .entities
                .iter()
                .map(|e| (e.key.as_str(), e.kind))
                .collect(),
            numbers: fp.numbers.iter().map(NumFeat::of).collect(),
            published: fp.published,
            lead_kinds: fp.lead_kinds,
            lead_entities: fp.lead_entities,
            lang: fp.lang,
        }
    }

    /// The same view as [`View::of`], its entities and numbers in `buf` when they fit (as a
    /// fingerprint made by this library's do: at most [`MAX_ENTITIES`] and [`MAX_NUMBERS`]),
    /// else in vectors.
    pub(crate) fn of_in<'b>(fp: &'a Fingerprint, buf: &'b mut ViewBuf<'a>) -> View<'b>
    where
        'a: 'b,
    {
        let entities = match buf.entities.get_mut(..fp.entities.len()) {
            Some(out) => {
                for (o, e) in out.iter_mut().zip(&fp.entities) {
                    *o = (e.key.as_str(), e.kind);
                }
                Cow::Borrowed(&*out)
            }
            None => fp
                .entities
                .iter()
                .map(|e| (e.key.as_str(), e.kind))
                .collect(),
        };
        let numbers = match buf.numbers.get_mut(..fp.numbers.len()) {
            Some(out) => {
                for (o, n) in out.iter_mut().zip(&fp.numbers) {
                    *o = NumFeat::of(n);
                }
                Cow::Borrowed(&*out)
            }
            None => fp.numbers.iter().map(NumFeat::of).collect(),
        };
        View {
            sig: Sig::Full(&fp.signature),
            features: fp.features,
            entities,
            numbers,
            published: fp.published,
            lead_kinds: fp.lead_kinds,
            lead_entities: fp.lead_entities,
            lang: fp.lang,
        }
    }
}

/// The distinct values of a sorted slice, moved to its front.
fn dedup_sorted(v: &mut [u32]) -> &[u32] {
    let mut n = 0;
    for i in 0..v.len() {
        if n == 0 || v[i] != v[n - 1] {
            v[n] = v[i];
            n += 1;
        }
    }
    &v[..n]
}

/// A key's length, first and last bytes in one integer: equal keys have equal tags, so
/// unequal tags rule a pair of keys out without comparing the strings.
#[inline]
fn key_tag(key: &str) -> u32 {
    let b = key.as_bytes();
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) => (b.len().min(0xffff) as u32) << 16 | (f as u32) << 8 | l as u32,
        _ => 0,
    }
}

/// Small spelling variants of one name (transliterations: "kadhafi"/"kadafi"). Keys must start
/// alike and differ in length by at most three bytes before Jaro–Winkler is computed.
///
/// Keys of several words are compared by [`token_overlap`] instead.
fn fuzzy_eq(a: &str, b: &str) -> bool {
    a.len() >= 5
        && b.len() >= 5
        && a.len().abs_diff(b.len()) <= 3
        && a.as_bytes()[0] == b.as_bytes()[0]
        && jaro_winkler(a, b) >= 0.92
}

/// `strsim::jaro_winkler`, on the bytes when both keys are ASCII (the same value: a byte is a
/// character there), which spares decoding the characters on each of its passes.
fn jaro_winkler(a: &str, b: &str) -> f64 {
    if a.is_ascii() && b.is_ascii() {
        strsim::generic_jaro_winkler(&Bytes(a.as_bytes()), &Bytes(b.as_bytes()))
    } else {
        strsim::jaro_winkler(a, b)
    }
}

/// A byte string as `strsim`'s generic functions read it.
struct Bytes<'a>(&'a [u8]);

impl<'a> IntoIterator for &Bytes<'a> {
    type Item = u8;
    type IntoIter = std::iter::Copied<std::slice::Iter<'a, u8>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().copied()
    }
}

/// Multi-word names of different extent ("societe generale" / "generale", "agenc european
/// space" / "agenc european express space"): at least half of the shorter name's words, one of
/// them of four letters or more, appear in the other.
fn token_overlap(a: &str, b: &str) -> bool {
    let words = |s: &str| s.split(' ').count();
    let (short, long) = if words(a) <= words(b) { (a, b) } else { (b, a) };
    let (mut n, mut shared, mut long_word) = (0, 0, false);
    for w in short.split(' ') {
        n += 1;
        if long.split(' ').any(|x| x == w) {
            shared += 1;
            long_word |= w.len() >= 4;
        }
    }
    2 * shared >= n && long_word
}

/// A 64-bit mask with one bit per word of four letters or more of a key: two keys share such a
/// word only if their masks intersect (the converse may fail), so the mask rules out most pairs
/// of names before [`token_overlap`] splits them. (The definition; [`words_of`] computes it.)
#[cfg(test)]
fn long_word_mask(key: &str) -> u64 {
    key.split(' ')
        .filter(|w| w.len() >= 4)
        .fold(0, |m, w| m | 1 << (hash_bytes(w.as_bytes()) & 63))
}

/// Whether a key has several words (contains a space), and its [`long_word_mask`], in one
/// pass over its bytes.
fn words_of(key: &str) -> (bool, u64) {
    let (mut multi, mut mask) = (false, 0u64);
    let (mut h, mut len) = (Fnv::new(), 0usize);
    for &b in key.as_bytes() {
        if b == b' ' {
            multi = true;
            if len >= 4 {
                mask |= 1 << (h.finish() & 63);
            }
            (h, len) = (Fnv::new(), 0);
        } else {
            h.push(b);
            len += 1;
        }
    }
    if len >= 4 {
        mask |= 1 << (h.finish() & 63);
    }
    (multi, mask)
}

/// A set of small indexes, without allocating for the first 64.
struct Marks {
    inline: u64,
    spill: Vec<bool>,
}

impl Marks {
    fn new(n: usize) -> Self {
        Marks {
            inline: 0,
            spill: if n > 64 { vec![false; n] } else { Vec::new() },
        }
    }
    #[inline]
    fn get(&self, i: usize) -> bool {
        if self.spill.is_empty() {
            self.inline >> i & 1 == 1
        } else {
            self.spill[i]
        }
    }
    #[inline]
    fn set(&mut self, i: usize) {
        if self.spill.is_empty() {
            self.inline |= 1 << i;
        } else {
            self.spill[i] = true;
        }
    }
}

/// Entity pairs `(i, j, fuzzy)` matched between two views; each entity at most once: exact
/// key matches in `a`'s order, then approximate ones.
pub(crate) fn entity_pairs(a: &View<'_>, b: &View<'_>) -> Vec<(usize, usize, bool)> {
    let mut used = Marks::new(b.entities.len());
    let mut matched = Marks::new(a.entities.len());
    let mut pairs = Vec::with_capacity(a.entities.len().min(b.entities.len()));
    // Exact matches: `b`'s key tags once (on the stack for up to `MAX_ENTITIES`), so most
    // keys of `a` are told apart from `b`'s by one integer comparison instead of a string
    // comparison.
    let nb = b.entities.len();
    let mut tags_b_inline = [0u32; MAX_ENTITIES];
    let mut tags_b_spill = Vec::new();
    let tags_b: &[u32] = if nb <= MAX_ENTITIES {
        for (t, (k, _)) in tags_b_inline.iter_mut().zip(b.entities.iter()) {
            *t = key_tag(k);
        }
        &tags_b_inline[..nb]
    } else {
        tags_b_spill.extend(b.entities.iter().map(|(k, _)| key_tag(k)));
        &tags_b_spill
    };
    for (i, (ka, _)) in a.entities.iter().enumerate() {
        let ta = key_tag(ka);
        if let Some(j) =
            (0..nb).find(|&j| tags_b[j] == ta && !used.get(j) && *ka == b.entities[j].0)
        {
            used.set(j);
            matched.set(i);
            pairs.push((i, j, false));
        }
    }
    let fuzzy_kind = |k: EntityKind| !matches!(k, EntityKind::Country | EntityKind::Place);
    // Per entity of `b`, computed once per pair when first needed: whether it has several
    // words, and the mask of its long words (on the stack for up to `MAX_ENTITIES`).
    let mut multi_b = Marks::new(nb);
    let mut long_b_inline = [0u64; MAX_ENTITIES];
    let mut long_b_spill = Vec::new();
    let mut b_words = false;
    for (i, &(ka, kind)) in a.entities.iter().enumerate() {
        if matched.get(i) || !fuzzy_kind(kind) {
            continue;
        }
        if !b_words {
            b_words = true;
            let masks = if nb <= MAX_ENTITIES {
                &mut long_b_inline[..nb]
            } else {
                long_b_spill.resize(nb, 0);
                &mut long_b_spill[..]
            };
            for (j, (kb, _)) in b.entities.iter().enumerate() {
                let (multi, mask) = words_of(kb);
                if multi {
                    multi_b.set(j);
                }
                masks[j] = mask;
            }
        }
        let long_b = if nb <= MAX_ENTITIES {
            &long_b_inline[..nb]
        } else {
            &long_b_spill[..]
        };
        let (multi_a, long_a) = words_of(ka);
        if let Some(j) = (0..b.entities.len()).find(|&j| {
            !used.get(j)
                && fuzzy_kind(b.entities[j].1)
                && if multi_a || multi_b.get(j) {
                    // `token_overlap` needs a shared word of four letters or more.
                    long_a & long_b[j] != 0 && token_overlap(ka, b.entities[j].0)
                } else {
                    fuzzy_eq(ka, b.entities[j].0)
                }
        }) {
            used.set(j);
            pairs.push((i, j, true));
        }
    }
    pairs
}

/// Entities at rank `PROMINENCE_RANKS` weigh half as much as the first one in
/// [`Components::salient_entities`].
const PROMINENCE_RANKS: f32 = 4.0;

/// The prominence weight of the entity at `rank` of a view's list.
fn prominence(kind: EntityKind, rank: usize) -> f32 {
    kind.weight() * PROMINENCE_RANKS / (PROMINENCE_RANKS + rank as f32)
}

/// The sum of `parts` added smallest first, so that it does not depend on their order (pairs
/// come in the first side's order, and float addition is not associative): sorted on the
/// stack when there are at most [`MAX_ENTITIES`] of them, as for pairs of entities of this
/// library's fingerprints.
fn sum_smallest_first(parts: impl Iterator<Item = f32>) -> f32 {
    let mut inline = [0f32; MAX_ENTITIES];
    let mut spill = Vec::new();
    let mut n = 0;
    for x in parts {
        if n < MAX_ENTITIES {
            inline[n] = x;
            n += 1;
        } else {
            if spill.is_empty() {
                spill.extend_from_slice(&inline);
            }
            spill.push(x);
        }
    }
    let parts: &mut [f32] = if spill.is_empty() {
        &mut inline[..n]
    } else {
        &mut spill
    };
    parts.sort_unstable_by(f32::total_cmp);
    parts.iter().sum()
}

/// The Dice overlap of two views' entities under per-entity weights: `side(v, r)` weighs the
/// entity at rank `r` of `v` (`None`: left out), `part(pair)` a matched pair (`None`: left out);
/// 0 when either side weighs nothing.
fn weighted_dice(
    a: &View<'_>,
    b: &View<'_>,
    pairs: &[(usize, usize, bool)],
    side: impl Fn(&View<'_>, usize) -> Option<f32>,
    part: impl Fn(&(usize, usize, bool)) -> Option<f32>,
) -> f32 {
    let total = |v: &View<'_>| -> f32 { (0..v.entities.len()).filter_map(|r| side(v, r)).sum() };
    let (wa, wb) = (total(a), total(b));
    if wa <= 0.0 || wb <= 0.0 {
        return 0.0;
    }
    let shared = sum_smallest_first(pairs.iter().filter_map(part));
    (2.0 * shared / (wa + wb)).min(1.0)
}

/// [`Components::salient_entities`] of two views and their matched entity pairs.
fn salient_overlap(a: &View<'_>, b: &View<'_>, pairs: &[(usize, usize, bool)]) -> f32 {
    weighted_dice(
        a,
        b,
        pairs,
        |v, r| Some(prominence(v.entities[r].1, r)),
        |&(i, j, _)| Some(prominence(a.entities[i].1, i).min(prominence(b.entities[j].1, j))),
    )
}

/// The weight of a matched entity pair: the lighter type's, less for a fuzzy match.
fn pair_weight(a: &View<'_>, b: &View<'_>, &(i, j, fuzzy): &(usize, usize, bool)) -> f32 {
    let w = a.entities[i].1.weight().min(b.entities[j].1.weight());
    if fuzzy {
        0.8 * w
    } else {
        w
    }
}

/// True when the lead of `v` names its entity at rank `r`.
fn in_lead(v: &View<'_>, r: usize) -> bool {
    r < u32::BITS as usize && v.lead_entities >> r & 1 == 1
}

/// [`Components::lead_entities`] of two views and their matched entity pairs.
fn lead_overlap(a: &View<'_>, b: &View<'_>, pairs: &[(usize, usize, bool)]) -> f32 {
    weighted_dice(
        a,
        b,
        pairs,
        |v, r| in_lead(v, r).then(|| v.entities[r].1.weight()),
        |p| (in_lead(a, p.0) && in_lead(b, p.1)).then(|| pair_weight(a, b, p)),
    )
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
    let shared: f32 = pairs.iter().map(|p| pair_weight(a, b, p)).sum();
    let entities = if wa + wb > 0.0 {
        (2.0 * shared / (wa + wb)).min(1.0)
    } else {
        0.0
    };
    let entity_overlap = if wa > 0.0 && wb > 0.0 {
        (shared / wa.min(wb)).min(1.0)
    } else {
        0.0
    };
    let containment = if concepts > 0.0 {
        let (fa, fb) = (a.features as f32, b.features as f32);
        (concepts * (fa + fb) / ((1.0 + concepts) * fa.min(fb))).min(1.0)
    } else {
        0.0
    };

    let na: f32 = a.numbers.iter().map(NumFeat::weight).sum();
    let nb: f32 = b.numbers.iter().map(NumFeat::weight).sum();
    // Which numbers of `a` `b` also gives: found once, read by the overlap of all numbers
    // and by that of the telling ones.
    let mut in_b = Marks::new(a.numbers.len());
    for (i, x) in a.numbers.iter().enumerate() {
        if b.numbers.iter().any(|y| x.same_number(y)) {
            in_b.set(i);
        }
    }
    let ns: f32 = a
        .numbers
        .iter()
        .enumerate()
        .filter(|&(i, _)| in_b.get(i))
        .map(|(_, x)| x.weight())
        .sum();
    let numbers = if na + nb > 0.0 {
        (2.0 * ns / (na + nb)).min(1.0)
    } else {
        0.0
    };

    // Telling numbers: the stored numbers are distinct keys already.
    let telling_a = a.numbers.iter().filter(|x| x.telling()).count();
    let telling_b = b.numbers.iter().filter(|x| x.telling()).count();
    let shared_telling = a
        .numbers
        .iter()
        .enumerate()
        .filter(|&(i, x)| x.telling() && in_b.get(i))
        .count();
    let telling_numbers = if telling_a > 0 && telling_b > 0 {
        (shared_telling as f32 / telling_a.min(telling_b) as f32).min(1.0)
    } else {
        0.0
    };
    // Weekdays and dates: agreement and disagreement of the days the reports name.
    let of_kind = |v: &View<'_>, k: NumberKind| -> bool { v.numbers.iter().any(|x| x.kind == k) };
    let common = |k: NumberKind| {
        a.numbers
            .iter()
            .any(|x| x.kind == k && b.numbers.iter().any(|y| y.kind == k && y.value == x.value))
    };
    let both = |k: NumberKind| of_kind(a, k) && of_kind(b, k);
    let weekday_agree = both(NumberKind::Weekday) && common(NumberKind::Weekday);
    let weekday_conflict = both(NumberKind::Weekday) && !weekday_agree;
    let date_conflict = both(NumberKind::Date) && !common(NumberKind::Date);

    let empty_count = hash_key(NumberKind::Count as u8, "") as u32;
    // The units both give (on the stack for up to `MAX_NUMBERS` numbers).
    let mut units_inline = [0u32; MAX_NUMBERS];
    let mut units_spill = Vec::new();
    let shared_units = a
        .numbers
        .iter()
        .filter(|x| x.conflictable(empty_count) && b.numbers.iter().any(|y| y.unit == x.unit))
        .map(|x| x.unit);
    let units: &mut [u32] = if a.numbers.len() <= MAX_NUMBERS {
        let mut n = 0;
        for u in shared_units {
            units_inline[n] = u;
            n += 1;
        }
        &mut units_inline[..n]
    } else {
        units_spill.extend(shared_units);
        &mut units_spill
    };
    units.sort_unstable();
    let units = dedup_sorted(units);
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
            containment,
            entities,
            entity_overlap,
            numbers,
            telling_numbers,
            shared_numbers: shared_telling.min(3) as u8,
            weekday_agree,
            weekday_conflict,
            date_conflict,
            conflict,
            days_apart,
            same_language: a.lang == b.lang,
            salient_entities: salient_overlap(a, b, &pairs),
            lead_kinds: (a.lead_kinds & b.lead_kinds).count_ones().min(3) as u8,
            lead_entities: lead_overlap(a, b, &pairs),
        },
        pairs,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaro_winkler_on_bytes_is_strsims() {
        let words = [
            "kadhafi",
            "kadafi",
            "gaddafi",
            "qaddafi",
            "inetum",
            "inetums",
            "cheeseburger",
            "cheese fries",
            "abcde",
            "edcba",
            "martha",
            "marhta",
            "dixon",
            "dicksonx",
            "a",
            "",
            "zelensky",
            "zelenskyy",
            "zelenski",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    jaro_winkler(a, b).to_bits(),
                    strsim::jaro_winkler(a, b).to_bits(),
                    "{a} / {b}"
                );
            }
        }
    }
    use crate::fingerprint::{data_checksum, fingerprint_article, MinHasher, Params};
    use crate::input::Article;

    #[test]
    fn the_long_word_mask_never_rules_out_an_overlap() {
        let names = [
            "societe generale",
            "generale",
            "agenc european space",
            "agenc european express space",
            "jean pierre raffarin",
            "raffarin",
            "pierre",
            "el baradei",
            "mohamed el baradei",
            "new york times",
            "york",
            "banque central europeen",
            "central bank",
            "a b c",
            "",
        ];
        let mut overlaps = 0;
        for a in names {
            // One pass gives what the definitions say.
            assert_eq!(words_of(a), (a.contains(' '), long_word_mask(a)), "{a:?}");
            for b in names {
                if token_overlap(a, b) {
                    overlaps += 1;
                    assert_ne!(long_word_mask(a) & long_word_mask(b), 0, "{a:?} ~ {b:?}");
                }
            }
        }
        assert!(
            overlaps > names.len(),
            "the list has overlapping names: {overlaps}"
        );
        // Names without a common long word are ruled out whatever the mask.
        assert!(!token_overlap("el baradei", "el said"));
    }

    fn comps(a: (&str, Lang), b: (&str, Lang)) -> Components {
        let params = Params {
            num_hashes: 128,
            seed: 7,
            data: data_checksum(),
        };
        let hasher = MinHasher::new(128, 7);
        let fp = |id: &str, (text, lang): (&str, Lang)| {
            let a = Article::new(id, "", text).lang(lang);
            fingerprint_article(&a, usize::MAX, params, &hasher).unwrap()
        };
        let (fa, fb) = (fp("a", a), fp("b", b));
        components(&View::of(&fa), &View::of(&fb)).0
    }

    #[test]
    fn containment_sees_a_brief_inside_a_long_report() {
        let brief = "Le groupe Vantor ferme son usine de Cholet, 1.254 emplois supprimés mardi.";
        let long = format!(
            "{brief} La direction invoque la concurrence asiatique et la baisse des ventes. \
             Les syndicats dénoncent une décision brutale et appellent à la grève. Le maire \
             de Cholet demande un plan de revitalisation du site. La région promet une aide \
             aux salariés et aux sous-traitants, nombreux dans le bassin d'emploi."
        );
        let c = comps((brief, Lang::Fr), (&long, Lang::Fr));
        assert!(c.containment > c.concepts, "{c:?}");
        assert!(c.containment > 0.5, "{c:?}");
        assert!(c.entity_overlap >= c.entities, "{c:?}");
    }

    #[test]
    fn days_and_numbers_agree_or_conflict() {
        let c = comps(
            ("Mardi, l'usine a licencié 1.254 salariés.", Lang::Fr),
            ("On Tuesday the plant laid off 1,254 workers.", Lang::En),
        );
        assert!(c.weekday_agree && !c.weekday_conflict, "{c:?}");
        assert_eq!((c.shared_numbers, c.telling_numbers), (1, 1.0), "{c:?}");
        let c = comps(
            ("Mardi, l'usine a licencié 1.254 salariés.", Lang::Fr),
            ("On Friday the plant laid off 300 more workers.", Lang::En),
        );
        assert!(c.weekday_conflict && !c.weekday_agree, "{c:?}");
        assert_eq!(c.shared_numbers, 0, "{c:?}");
        let c = comps(
            ("Le sommet aura lieu le 12 mars 2024 à Rabat.", Lang::Fr),
            (
                "The summit takes place on 14 March 2024 in Rabat.",
                Lang::En,
            ),
        );
        assert!(c.date_conflict, "{c:?}");
        // Years and small counts are not telling.
        let c = comps(
            ("En 2024, trois usines ont fermé.", Lang::Fr),
            ("In 2024, three plants closed.", Lang::En),
        );
        assert_eq!((c.shared_numbers, c.telling_numbers), (0, 0.0), "{c:?}");
        // A count with decimals is specific, however small: a magnitude, a rate.
        let c = comps(
            ("Un séisme de magnitude 7,5 a frappé la côte.", Lang::Fr),
            ("A magnitude 7.5 earthquake struck the coast.", Lang::En),
        );
        assert_eq!((c.shared_numbers, c.telling_numbers), (1, 1.0), "{c:?}");
    }

    #[test]
    fn disagreement_lowers_the_score_and_agreement_raises_it() {
        let base = Components {
            concepts: 0.2,
            containment: 0.3,
            entities: 0.4,
            entity_overlap: 0.5,
            ..Components::default()
        };
        for same_language in [false, true] {
            let b = Components {
                same_language,
                ..base
            };
            let agree = Components {
                weekday_agree: true,
                shared_numbers: 2,
                telling_numbers: 0.5,
                ..b
            };
            let conflict = Components {
                weekday_conflict: true,
                date_conflict: true,
                days_apart: Some(5),
                ..b
            };
            assert!(agree.score() >= b.score() && b.score() > conflict.score());
            assert!(agree.logit() >= b.logit());
        }
    }

    fn view<'a>(entities: &[(&'a str, EntityKind)]) -> View<'a> {
        View {
            sig: Sig::Full(&[]),
            features: 0,
            entities: entities.to_vec().into(),
            numbers: Vec::new().into(),
            published: None,
            lead_kinds: 0,
            lead_entities: 0,
            lang: Lang::En,
        }
    }

    #[test]
    fn names_count_in_the_lead_signal_only_when_both_leads_name_them() {
        use EntityKind::{Org, Person, Place};
        let a_ents = [
            ("tata steel", Org),
            ("port talbot", Place),
            ("jo stevens", Person),
        ];
        let b_ents = [
            ("port talbot", Place),
            ("tata steel", Org),
            ("alun davies", Person),
        ];
        let with_lead = |ents: &[(&'static str, EntityKind)], mask: u32| View {
            lead_entities: mask,
            ..view(ents)
        };
        let lead = |x: &View<'_>, y: &View<'_>| components(x, y).0.lead_entities;
        // Both leads name the company and the town.
        let (a, b) = (with_lead(&a_ents, 0b011), with_lead(&b_ents, 0b011));
        assert!(lead(&a, &b) > 0.99, "{}", lead(&a, &b));
        assert_eq!(lead(&a, &b), lead(&b, &a));
        // One lead names only the town, the other only the company: nothing shared there.
        let (a, b) = (with_lead(&a_ents, 0b010), with_lead(&b_ents, 0b010));
        assert_eq!(lead(&a, &b), 0.0);
        // No lead names anything: no signal, whatever the bodies share.
        let (a, b) = (with_lead(&a_ents, 0), with_lead(&b_ents, 0));
        assert_eq!(lead(&a, &b), 0.0);
        assert!(components(&a, &b).0.entities > 0.5);
    }

    #[test]
    fn prominent_names_agreeing_weigh_more_than_background_names() {
        use EntityKind::{Org, Person, Place};
        let report = view(&[
            ("palu", Place),
            ("nugroho", Person),
            ("bnpb", Org),
            ("reuters", Org),
            ("jakarta", Place),
        ]);
        // The other report is about the same main names, in another order of prominence.
        let main = view(&[("nugroho", Person), ("palu", Place), ("haris", Person)]);
        // Or it shares only names from the first report's background.
        let background = view(&[("haris", Person), ("lombok", Place), ("jakarta", Place)]);
        let c_main = components(&report, &main).0;
        let c_background = components(&report, &background).0;
        assert!(c_main.salient_entities > c_background.salient_entities);
        for (x, y) in [
            (&report, &main),
            (&report, &background),
            (&main, &background),
        ] {
            let (xy, yx) = (components(x, y).0, components(y, x).0);
            assert!((0.0..=1.0).contains(&xy.salient_entities), "{xy:?}");
            assert!((xy.salient_entities - yx.salient_entities).abs() < 1e-6);
        }
        assert_eq!(components(&report, &report).0.salient_entities, 1.0);
        assert_eq!(components(&report, &view(&[])).0.salient_entities, 0.0);
    }
}
