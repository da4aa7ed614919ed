//! Numbers, amounts, percentages, years and dates, normalised to typed keys.
//!
//! - Grouping: a single `.` or `,` followed by exactly three digits groups thousands in both
//!   languages (`1.500` = `1,500` = `1 500` = 1500), because translated news keeps the source's
//!   convention (`£650,000` in a French text, `28.500 millions` in an English one) and
//!   three-decimal values are rare; followed by one, two or four-plus digits it is a decimal
//!   point (`2,5` = `2.5`). Before a scale word (`1.125 billion`, `28,500 millions`) the
//!   article's own convention decides. Several separators of one kind always group
//!   (`1.500.000`); with both kinds the last one is the decimal point.
//! - Scale words multiply: `million(s)`, `milliard(s)` (10^9), French `billion(s)` (10^12),
//!   English `billion` (10^9), `trillion`, `mille`/`thousand`, and `MDH` (million dirhams).
//! - Money takes its currency from a sign (`€`, `$`, `£`; a dollar with its country glued on,
//!   `C$`, `A$`, `HK$`, is that country's), a currency code before the number, in capitals or
//!   glued to it (`USD 10 million`, `CHF1.5bn`, `CFA8.5 billion`, `Dh318m`), or a currency word
//!   from the gazetteer after the number (`50 millions de dirhams`, `50 million dirhams`,
//!   `50 MDH`).
//! - Percentages: `%`, `pour cent`, `percent`, `per cent`.
//! - Years: plain integers 1800–2100 with no unit. Dates: `12 mars 2024`, `March 12, 2024`,
//!   `12 March 2024` (a date without year keeps only month and day).
//! - Plain counts take as unit the concept of the next content word (`1.500 emplois` and
//!   `1,500 jobs` both count `job`s), which is what lets two reports disagree on a number.
//! - Weekdays (`jeudi`, `Thursday`) become [`NumberKind::Weekday`] keys.
//! - Phone numbers (three or more space-separated two-digit groups) and street numbers
//!   (`12 rue ...`, `10 Downing Street`) are skipped.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::parse::{
    code_currency, dollar_prefix, parse_number_with, prefixed_amount, scale, sign_currency,
    suffixed_amount,
};
use crate::bridge::roles::WEEKDAYS_EN;
use crate::bridge::{concept, GazHits, GazKind, Word};
use crate::text::{Gap, Lang, TokenKind};

/// What a number measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberKind {
    /// A count of something (`1.500 emplois`), unit = concept of the counted noun.
    Count,
    /// An amount of money, unit = ISO 4217 code.
    Money,
    /// A percentage.
    Percent,
    /// A calendar year.
    Year,
    /// A date (`2024-03-12`, or `--03-12` without year).
    Date,
    /// A day of the week (1 = Monday … 7 = Sunday): "jeudi", "Thursday". Two reports of one
    /// story thread on different days ("Wall Street on Thursday" / "on Friday") disagree here.
    Weekday,
}

impl NumberKind {
    pub(crate) fn tag(self) -> &'static str {
        match self {
            NumberKind::Count => "count",
            NumberKind::Money => "money",
            NumberKind::Percent => "pct",
            NumberKind::Year => "year",
            NumberKind::Date => "date",
            NumberKind::Weekday => "weekday",
        }
    }
}

/// A number found in an article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Number {
    /// What it measures.
    pub kind: NumberKind,
    /// The value (a date is encoded as `yyyymmdd`).
    pub value: f64,
    /// Currency code for money, counted concept for counts, empty otherwise.
    pub unit: String,
    /// The source text of the number, as written.
    pub text: String,
}

impl Number {
    /// The normalised key: kind and value, e.g. `count:1500`, `money:50000000:mad`, `pct:2.5`,
    /// `year:2027`, `date:2023-11-02`. Units of counts are not part of the key (they depend on
    /// translation); currencies are.
    pub fn key(&self) -> String {
        let mut s = String::with_capacity(24);
        self.push_key(&mut s);
        s
    }

    /// Appends [`Number::key`] to `s`.
    pub(crate) fn push_key(&self, s: &mut String) {
        match self.kind {
            NumberKind::Money => {
                s.push_str("money:");
                push_value(s, self.value);
                s.push(':');
                s.push_str(&self.unit);
            }
            NumberKind::Date => {
                s.push_str("date:");
                push_date_key(s, self.value);
            }
            k => {
                s.push_str(k.tag());
                s.push(':');
                push_value(s, self.value);
            }
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_number(f, self.kind, self.value, &self.unit)
    }
}

/// Writes a number's display form (`1500 (job)`, `50000000 MAD`, `2.5%`, `2023-11-02`,
/// `Tuesday`), the one [`Number`]'s `Display` gives, from its parts.
pub(crate) fn write_number(
    f: &mut impl fmt::Write,
    kind: NumberKind,
    value: f64,
    unit: &str,
) -> fmt::Result {
    match kind {
        NumberKind::Date => return write_date_key(f, value),
        NumberKind::Weekday => {
            return f.write_str(
                (value as usize)
                    .checked_sub(1)
                    .and_then(|d| WEEKDAYS_EN.get(d))
                    .unwrap_or(&"?"),
            )
        }
        _ => write_value(f, value)?,
    }
    match kind {
        NumberKind::Count if !unit.is_empty() => {
            f.write_str(" (")?;
            f.write_str(unit)?;
            f.write_char(')')
        }
        NumberKind::Money => {
            f.write_char(' ')?;
            unit.chars()
                .flat_map(char::to_uppercase)
                .try_for_each(|c| f.write_char(c))
        }
        NumberKind::Percent => f.write_char('%'),
        _ => Ok(()),
    }
}

/// Shortest decimal form with at most 4 decimals: `1500`, `2.5`, `0.0001`.
pub(crate) fn fmt_value(v: f64) -> String {
    let mut s = String::new();
    push_value(&mut s, v);
    s
}

/// True when [`fmt_value`] writes `v` as an integer.
fn integral(v: f64) -> bool {
    v.fract() == 0.0 && v.abs() < 1e18
}

/// Appends [`fmt_value`]`(v)` to `s`.
fn push_value(s: &mut String, v: f64) {
    use std::fmt::Write;
    if integral(v) {
        let _ = write_int(s, v as i64);
    } else {
        let start = s.len();
        let _ = write!(s, "{v:.4}");
        let keep = s[start..].trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(start + keep);
    }
}

/// Writes [`fmt_value`]`(v)`: integers straight to `f`, other values through a string (their
/// trailing zeros are trimmed).
fn write_value(f: &mut impl fmt::Write, v: f64) -> fmt::Result {
    if integral(v) {
        write_int(f, v as i64)
    } else {
        let mut s = String::new();
        push_value(&mut s, v);
        f.write_str(&s)
    }
}

/// Writes `n` in decimal exactly as its `Display` does, digit by digit: explanations and keys
/// format numbers by the thousand, and the formatting machinery costs more than the digits.
fn write_int(f: &mut impl fmt::Write, n: i64) -> fmt::Result {
    // 19 digits and a sign at most.
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut m = n.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    if n < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    buf[i..]
        .iter()
        .try_for_each(|&b| f.write_char(char::from(b)))
}

#[cfg(test)]
fn fmt_date(v: f64) -> String {
    let mut s = String::with_capacity(10);
    push_date_key(&mut s, v);
    s
}

/// Appends [`fmt_date`]`(v)` to `s`.
fn push_date_key(s: &mut String, v: f64) {
    let _ = write_date_key(s, v);
}

/// Writes [`fmt_date`]`(v)`: `2023-11-02`, or `--11-02` without a year.
fn write_date_key(f: &mut impl fmt::Write, v: f64) -> fmt::Result {
    let v = v as i64;
    let (y, m, d) = (v / 10_000, (v / 100) % 100, v % 100);
    if y == 0 {
        write!(f, "--{m:02}-{d:02}")
    } else {
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

const STREET: &[&str] = &[
    "rue",
    "avenue",
    "av",
    "boulevard",
    "bd",
    "chemin",
    "allée",
    "impasse",
    "quai",
    "street",
    "st",
    "road",
    "rd",
    "lane",
    "drive",
    "downing",
];

/// Extracts the numbers of one field. `gaz` are the field's gazetteer hits (for currencies and
/// months); `terms` its analysed tokens.
pub(crate) fn extract(
    terms: &[Word<'_>],
    gaz: &GazHits,
    lang: Lang,
    src: &str,
    out: &mut Vec<Number>,
) {
    let n = terms.len();
    let month_at = |i: usize| -> Option<u32> {
        gaz.starting_at(i)
            .filter(|m| m.kind == GazKind::Month)
            .and_then(|m| m.key.parse().ok())
    };
    let is_num = |i: usize| i < n && terms[i].kind() == TokenKind::Number;
    let plain_int = |i: usize| -> Option<u32> {
        (is_num(i) && terms[i].norm().bytes().all(|b| b.is_ascii_digit()))
            .then(|| terms[i].norm().parse().ok())
            .flatten()
    };
    weekdays(terms, lang, src, out);
    let mut skip_until = 0;
    let mut i = 0;
    while i < n {
        let word = terms[i].kind() == TokenKind::Word;
        let suffixed = word.then(|| suffixed_amount(terms[i].norm())).flatten();
        let prefixed = word.then(|| prefixed_amount(terms[i].norm())).flatten();
        if i < skip_until || !(is_num(i) || suffixed.is_some() || prefixed.is_some()) {
            i += 1;
            continue;
        }
        let tok = &terms[i];
        if let Some((currency, rest)) = prefixed {
            // "CHF1.5bn", "CFA8.5 billion", "MAD318m".
            let (digits, mut mult) = suffixed_amount(rest).unwrap_or((rest, 1.0));
            let mut end = i + 1;
            if digits.len() == rest.len() {
                if let Some(s) = terms
                    .get(end)
                    .filter(|t| t.kind() == TokenKind::Word)
                    .and_then(|t| scale(t.norm(), lang))
                {
                    mult = s;
                    end += 1;
                }
            }
            let scaled = digits.len() < rest.len() || end > i + 1;
            if let Some(v) = parse_number_with(digits, lang, scaled) {
                out.push(Number {
                    kind: NumberKind::Money,
                    value: v * mult,
                    unit: currency.to_owned(),
                    text: src[tok.span.start..terms[end - 1].span.end].to_owned(),
                });
            }
            i = end;
            continue;
        }
        if let Some((digits, mult)) = suffixed {
            // "$1.3m", "€10bn", "250k".
            if let Some(v) = parse_number_with(digits, lang, true) {
                let sign = currency_before(terms, i);
                out.push(Number {
                    kind: if sign.is_some() {
                        NumberKind::Money
                    } else {
                        NumberKind::Count
                    },
                    value: v * mult,
                    unit: sign.unwrap_or_default().to_owned(),
                    text: src[tok.span.clone()].to_owned(),
                });
            }
            i += 1;
            continue;
        }
        // Phone numbers: 3+ consecutive two-digit groups.
        let mut j = i;
        while j < n
            && is_num(j)
            && terms[j].norm().len() == 2
            && (j == i || terms[j].gap == Gap::Space)
        {
            j += 1;
        }
        if j - i >= 3 {
            skip_until = j;
            i = j;
            continue;
        }
        // Dates: "12 mars 2024", "12 March 2024".
        if let (Some(d), Some(m)) = (plain_int(i), month_at(i + 1)) {
            if (1..=31).contains(&d) {
                let y = plain_int(i + 2).filter(|y| (1800..=2100).contains(y));
                let end = if y.is_some() { i + 3 } else { i + 2 };
                push_date(out, y, m, d, &src[tok.span.start..terms[end - 1].span.end]);
                i = end;
                continue;
            }
        }
        let before_scale = terms
            .get(i + 1)
            .is_some_and(|t| t.kind() == TokenKind::Word && scale(t.norm(), lang).is_some());
        let Some(mut value) = parse_number_with(tok.norm(), lang, before_scale) else {
            i += 1;
            continue;
        };
        let start_span = tok.span.start;
        let mut end = i + 1;
        let mut kind = NumberKind::Count;
        let mut unit = String::new();
        // Currency before: "$1.2 billion", "€50", "C$40", "USD 10 million".
        if let Some(c) = currency_before(terms, i) {
            kind = NumberKind::Money;
            unit = c.to_owned();
        }
        // Scale word.
        if end < n && terms[end].kind() == TokenKind::Word {
            let w = terms[end].norm();
            if let Some(s) = scale(w, lang) {
                value *= s;
                end += 1;
            } else if w == "mdh" || w == "mmdh" {
                value *= if w == "mdh" { 1e6 } else { 1e9 };
                kind = NumberKind::Money;
                unit = "mad".into();
                end += 1;
            }
        }
        // Percent, currency sign or word after.
        if end < n {
            let t = &terms[end];
            if t.kind() == TokenKind::Symbol {
                if t.norm() == "%" {
                    kind = NumberKind::Percent;
                    end += 1;
                } else if let Some(c) = sign_currency(t.norm()) {
                    kind = NumberKind::Money;
                    unit = c.to_owned();
                    end += 1;
                }
            } else if matches!(t.norm(), "percent" | "pourcent" | "pc") {
                kind = NumberKind::Percent;
                end += 1;
            } else if end + 1 < n
                && matches!(
                    (t.norm(), terms[end + 1].norm()),
                    ("pour", "cent") | ("per", "cent")
                )
            {
                kind = NumberKind::Percent;
                end += 2;
            } else if kind == NumberKind::Count {
                // "50 millions de dirhams", "50 million dirhams", "20 euros".
                let k = if matches!(t.norm(), "de" | "d" | "of") {
                    end + 1
                } else {
                    end
                };
                if let Some(m) = gaz.starting_at(k).filter(|m| m.kind == GazKind::Currency) {
                    kind = NumberKind::Money;
                    unit = m.key.to_owned();
                    end = m.end;
                }
            }
        }
        // Street numbers are not facts of the story.
        if kind == NumberKind::Count && end < n && STREET.contains(&terms[end].norm()) {
            i = end;
            continue;
        }
        if kind == NumberKind::Count
            && !tok.norm().contains([',', '.', ' '])
            && (1800.0..=2100.0).contains(&value)
            && end == i + 1
        {
            // "March 12, 2024" was handled when we met the day; "mars 2024" is a month.
            let month = i >= 1 && month_at(i - 1).is_some();
            let day_before = i >= 2 && month_at(i - 2).is_some() && plain_int(i - 1).is_some();
            if !month && !day_before {
                kind = NumberKind::Year;
            }
        }
        // English "March 12, 2024" / "March 12".
        if kind == NumberKind::Count && i >= 1 {
            if let (Some(m), Some(d)) = (
                month_at(i - 1),
                plain_int(i).filter(|d| (1..=31).contains(d)),
            ) {
                let y = plain_int(i + 1).filter(|y| (1800..=2100).contains(y));
                let last = if y.is_some() { i + 1 } else { i };
                push_date(
                    out,
                    y,
                    m,
                    d,
                    &src[terms[i - 1].span.start..terms[last].span.end],
                );
                i = last + 1;
                continue;
            }
        }
        if kind == NumberKind::Count {
            // The counted noun: the next content word within three tokens.
            if let Some(t) = terms[end..n.min(end + 3)]
                .iter()
                .find(|t| !t.stop() && t.kind() == TokenKind::Word)
            {
                unit = concept(lang, t.key()).to_owned();
            }
        }
        let text_end = terms[end - 1].span.end;
        out.push(Number {
            kind,
            value,
            unit,
            text: src[start_span..text_end].to_owned(),
        });
        i = end;
    }
}

/// The currency written just before term `i`: a sign (`$1.2bn`, `€50`), a dollar with its
/// country glued on (`C$`, `HK$`: the word ends where the sign starts), or a currency code in
/// capitals (or `Dh`) one space before (`USD 10 million`, `CHF 1.5bn`).
fn currency_before(terms: &[Word<'_>], i: usize) -> Option<&'static str> {
    let prev = terms.get(i.checked_sub(1)?)?;
    if prev.kind() == TokenKind::Symbol {
        let sign = sign_currency(prev.norm())?;
        if sign == "usd" && i >= 2 {
            let w = &terms[i - 2];
            if w.kind() == TokenKind::Word && w.span.end == prev.span.start {
                if let Some(c) = dollar_prefix(w.norm()) {
                    return Some(c);
                }
            }
        }
        return Some(sign);
    }
    (prev.kind() == TokenKind::Word
        && terms[i].gap == Gap::Space
        && (prev.all_caps || matches!(prev.norm(), "dh" | "dhs")))
    .then(|| code_currency(prev.norm()))
    .flatten()
}

/// Weekday mentions: French in any case, English capitalised ("Sunday Times" and "Black
/// Friday" are accepted noise).
fn weekdays(terms: &[Word<'_>], lang: Lang, src: &str, out: &mut Vec<Number>) {
    for t in terms {
        let d = t.lex.weekday;
        if d == 0 || t.kind() != TokenKind::Word || (lang == Lang::En && !t.capitalized) {
            continue;
        }
        out.push(Number {
            kind: NumberKind::Weekday,
            value: f64::from(d),
            unit: String::new(),
            text: src[t.span.clone()].to_owned(),
        });
    }
}

fn push_date(out: &mut Vec<Number>, y: Option<u32>, m: u32, d: u32, text: &str) {
    out.push(Number {
        kind: NumberKind::Date,
        value: f64::from(y.unwrap_or(0) * 10_000 + m * 100 + d),
        unit: String::new(),
        text: text.to_owned(),
    });
    if let Some(y) = y {
        out.push(Number {
            kind: NumberKind::Year,
            value: f64::from(y),
            unit: String::new(),
            text: y.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_weekday_out_of_range_displays_as_unknown() {
        // Decoded from a corrupt or foreign fingerprint: no panic.
        for value in [0.0, 8.0, -3.0, f64::NAN] {
            let n = Number {
                kind: NumberKind::Weekday,
                value,
                unit: String::new(),
                text: String::new(),
            };
            assert_eq!(n.to_string(), "?");
        }
    }

    #[test]
    fn formatting() {
        assert_eq!(fmt_value(1500.0), "1500");
        assert_eq!(fmt_value(2.5), "2.5");
        assert_eq!(fmt_date(20_231_102.0), "2023-11-02");
        assert_eq!(fmt_date(1_102.0), "--11-02");
        // Integers are written as `Display` writes them.
        for n in [
            0,
            7,
            -7,
            10,
            1500,
            -1500,
            999_999_999_999_999_999,
            i64::MAX,
            i64::MIN,
        ] {
            let mut s = String::new();
            write_int(&mut s, n).unwrap();
            assert_eq!(s, n.to_string());
        }
        assert_eq!(fmt_value(-0.0), "0");
        assert_eq!(fmt_value(-2.5), "-2.5");
    }
}
