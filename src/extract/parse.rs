//! Parsing the text of a number token: digit grouping and decimal conventions, scale words,
//! suffixed amounts (`$1.3m`) and currency signs (the rules are in the [numbers module
//! docs](super::numbers)).

use crate::text::Lang;

/// Parses a number token's normalised text (digits with `.`, `,` or single spaces) under the
/// grouping convention of `lang`. `None` for malformed input: `1.500` = `1,500` = `1 500` =
/// 1500, `2,5` = `2.5` (see the module docs).
#[cfg(test)]
fn parse_number(s: &str, lang: Lang) -> Option<f64> {
    parse_number_with(s, lang, false)
}

/// [`parse_number`], with the language's convention deciding a three-digit group when
/// `before_scale` (the number is followed by `million`, `milliard`, ...).
pub(crate) fn parse_number_with(s: &str, lang: Lang, before_scale: bool) -> Option<f64> {
    // Plain digits (most numbers: years, days, small counts): exact as an integer.
    if (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<u64>().ok().map(|v| v as f64);
    }
    let s: String = s.chars().filter(|c| *c != ' ').collect();
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_digit()) || s.ends_with(['.', ',']) {
        return None;
    }
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let grouped = |sep: char| {
        let mut parts = s.split(sep);
        let first = parts.next().unwrap_or("");
        (1..=3).contains(&first.len()) && parts.all(|p| p.len() == 3)
    };
    let (thousands, decimal) = match (dots, commas) {
        (0, 0) => (None, None),
        (_, 0) if dots > 1 => (Some(grouped('.').then_some('.')?), None),
        (0, _) if commas > 1 => (Some(grouped(',').then_some(',')?), None),
        (1, 0) => match lang {
            _ if grouped('.') && !s.starts_with("0.") && !(before_scale && lang == Lang::En) => {
                (Some('.'), None)
            }
            _ => (None, Some('.')),
        },
        (0, 1) => match lang {
            _ if grouped(',') && !s.starts_with("0,") && !(before_scale && lang == Lang::Fr) => {
                (Some(','), None)
            }
            _ => (None, Some(',')),
        },
        _ => {
            // Both: the last one is the decimal separator.
            let last_dot = s.rfind('.')?;
            let last_comma = s.rfind(',')?;
            if last_dot > last_comma {
                (Some(','), Some('.'))
            } else {
                (Some('.'), Some(','))
            }
        }
    };
    let mut clean = String::with_capacity(s.len());
    for c in s.chars() {
        if Some(c) == thousands {
            continue;
        }
        clean.push(if Some(c) == decimal { '.' } else { c });
    }
    if clean.matches('.').count() > 1 {
        return None;
    }
    clean.parse::<f64>().ok().filter(|v| v.is_finite())
}

pub(super) fn scale(word: &str, lang: Lang) -> Option<f64> {
    Some(match word {
        "mille" | "thousand" | "thousands" => 1e3,
        "million" | "millions" | "mn" | "mln" => 1e6,
        "milliard" | "milliards" | "md" | "mds" | "mrd" | "mrds" | "bn" => 1e9,
        "billion" | "billions" => match lang {
            Lang::Fr => 1e12,
            Lang::En => 1e9,
        },
        "trillion" | "trillions" => 1e12,
        _ => return None,
    })
}

/// `1.3m` → ("1.3", 10^6); `10bn` → ("10", 10^9); `250k` → ("250", 10^3).
pub(super) fn suffixed_amount(norm: &str) -> Option<(&str, f64)> {
    if !norm.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    let split = norm.find(|c: char| c.is_alphabetic())?;
    let (digits, suffix) = norm.split_at(split);
    let mult = match suffix {
        "k" => 1e3,
        "m" | "mn" | "mln" => 1e6,
        "bn" | "md" | "mrd" => 1e9,
        "tn" => 1e12,
        _ => return None,
    };
    (digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b','))
    .then_some((digits, mult))
}

/// The ISO 4217 code of a currency code or short form written before an amount, lowercase:
/// `CHF1.5bn`, `USD 10 million`, `CFA8.5bn` (the CFA franc is keyed `xof`, as the gazetteer
/// keys "franc CFA"), `Dh318m`.
pub(super) fn code_currency(code: &str) -> Option<&'static str> {
    Some(match code {
        "usd" => "usd",
        "eur" => "eur",
        "gbp" => "gbp",
        "chf" | "sfr" => "chf",
        "cad" => "cad",
        "aud" => "aud",
        "nzd" => "nzd",
        "hkd" => "hkd",
        "sgd" => "sgd",
        "jpy" => "jpy",
        "cny" | "rmb" => "cny",
        "inr" => "inr",
        "brl" => "brl",
        "mxn" => "mxn",
        "zar" => "zar",
        "ngn" => "ngn",
        "kes" => "kes",
        "ghs" => "ghs",
        "egp" => "egp",
        "mad" | "dh" | "dhs" => "mad",
        "tnd" => "tnd",
        "dzd" => "dzd",
        "xof" | "cfa" | "fcfa" => "xof",
        "xaf" => "xaf",
        "sek" => "sek",
        "nok" => "nok",
        "dkk" => "dkk",
        _ => return None,
    })
}

/// The currency of a dollar written with a country prefix glued to the sign: `C$`, `A$`,
/// `US$`, `HK$`, `NZ$`, `S$`, `R$` (the prefix, lowercase).
pub(super) fn dollar_prefix(prefix: &str) -> Option<&'static str> {
    Some(match prefix {
        "us" => "usd",
        "c" | "ca" | "can" => "cad",
        "a" | "au" => "aud",
        "nz" => "nzd",
        "hk" => "hkd",
        "s" => "sgd",
        "r" => "brl",
        "mx" => "mxn",
        _ => return None,
    })
}

/// An amount with its currency code glued before it, as one word: `chf1.5bn` →
/// (`chf`, `1.5bn`), `cfa8.5` → (`xof`, `8.5`), `mad318m` → (`mad`, `318m`). The rest is
/// digits with `.` or `,`, and may end in a suffix of [`suffixed_amount`].
pub(super) fn prefixed_amount(norm: &str) -> Option<(&'static str, &str)> {
    let split = norm.find(|c: char| c.is_ascii_digit())?;
    let (code, rest) = norm.split_at(split);
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let currency = code_currency(code)?;
    let plain = rest
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
    (plain || suffixed_amount(rest).is_some()).then_some((currency, rest))
}

pub(super) fn sign_currency(s: &str) -> Option<&'static str> {
    Some(match s {
        "€" => "eur",
        "$" => "usd",
        "£" => "gbp",
        "¥" => "jpy",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let cases: &[(&str, Lang, Option<f64>)] = &[
            ("1.500", Lang::Fr, Some(1500.0)),
            ("1.500", Lang::En, Some(1500.0)),
            ("1,500", Lang::En, Some(1500.0)),
            ("1,500", Lang::Fr, Some(1500.0)),
            ("1 500", Lang::Fr, Some(1500.0)),
            ("1 500 000", Lang::Fr, Some(1_500_000.0)),
            ("2,5", Lang::Fr, Some(2.5)),
            ("2,5", Lang::En, Some(2.5)),
            ("2.5", Lang::En, Some(2.5)),
            ("2.75", Lang::Fr, Some(2.75)),
            ("0.125", Lang::En, Some(0.125)),
            ("1,234.5", Lang::En, Some(1234.5)),
            ("1.234,5", Lang::Fr, Some(1234.5)),
            ("1.500.000", Lang::Fr, Some(1_500_000.0)),
            ("2027", Lang::Fr, Some(2027.0)),
            ("1.2.3", Lang::Fr, None),
            ("", Lang::Fr, None),
            ("1.", Lang::Fr, None),
        ];
        for &(s, lang, want) in cases {
            assert_eq!(parse_number(s, lang), want, "{s} {lang}");
        }
        // Before a scale word the article's convention decides.
        assert_eq!(parse_number_with("1.125", Lang::En, true), Some(1.125));
        assert_eq!(parse_number_with("28.500", Lang::Fr, true), Some(28_500.0));
        assert_eq!(parse_number_with("2,125", Lang::Fr, true), Some(2.125));
    }

    #[test]
    fn suffixes() {
        assert_eq!(suffixed_amount("1.3m"), Some(("1.3", 1e6)));
        assert_eq!(suffixed_amount("10bn"), Some(("10", 1e9)));
        assert_eq!(suffixed_amount("g20"), None);
        assert_eq!(suffixed_amount("3e"), None);
    }

    #[test]
    fn prefixed_amounts() {
        assert_eq!(prefixed_amount("chf1.5bn"), Some(("chf", "1.5bn")));
        assert_eq!(prefixed_amount("cfa8.5"), Some(("xof", "8.5")));
        assert_eq!(prefixed_amount("mad318m"), Some(("mad", "318m")));
        assert_eq!(prefixed_amount("dh318m"), Some(("mad", "318m")));
        assert_eq!(prefixed_amount("usd10"), Some(("usd", "10")));
        // Not amounts: names with digits, unknown codes, words after the digits.
        for w in [
            "g20", "cop28", "a380", "f16", "eur5x", "mad", "1.5bn", "abc10",
        ] {
            assert_eq!(prefixed_amount(w), None, "{w}");
        }
        assert_eq!(dollar_prefix("c"), Some("cad"));
        assert_eq!(dollar_prefix("hk"), Some("hkd"));
        assert_eq!(dollar_prefix("x"), None);
    }
}
