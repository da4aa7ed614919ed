//! Normalisation of words: Unicode NFKC, one apostrophe, case folding, and (for keys only)
//! accent folding.
//!
//! Accent folding is **lossy** by design: "maïs" (maize) and "mais" (but) become the same key,
//! as do "côte" and "cote". Keys only have to meet their counterparts in the other language, and
//! the accents a French writer omits on capitals ("Etats-Unis") or an English writer drops
//! ("Francois") matter more than these rare collisions. Display text keeps the original.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// True for the apostrophes news text uses: `'` `’` `‘` `ʼ` `´` and the prime `′`.
#[inline]
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '\u{2032}'
    )
}

/// Appends `word` to `out` in normal form: NFKC, every apostrophe as `'`, lowercase.
///
/// ASCII input takes a fast path (NFKC is the identity on ASCII).
pub(crate) fn lower_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        return;
    }
    if unicode_normalization::is_nfkc_quick(word.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        push_lowered(word.chars(), out);
    } else {
        push_lowered(word.nfkc(), out);
    }
}

/// Appends `chars` lowercased, every apostrophe as `'`.
fn push_lowered(chars: impl Iterator<Item = char>, out: &mut String) {
    for c in chars {
        if is_apostrophe(c) {
            out.push('\'');
        } else if c.is_lowercase() || !c.is_alphabetic() {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// `word` in normal form: NFKC, every apostrophe as `'`, lowercase (ASCII takes a fast
/// path: NFKC is the identity on ASCII).
pub fn lower(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    lower_into(word, &mut s);
    s
}

/// Appends `s` to `out` with accents and ligatures folded: NFD, combining marks removed,
/// `œ`→`oe`, `æ`→`ae`, `ß`→`ss`, `ø`→`o`, `ł`→`l`, `đ`→`d`. Case is kept.
pub(crate) fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.push_str(s);
        return;
    }
    for c in s.nfd() {
        match c {
            c if c.is_ascii() => out.push(c),
            c if is_combining_mark(c) => {}
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'ß' => out.push_str("ss"),
            'ø' => out.push('o'),
            'Ø' => out.push('O'),
            'ł' => out.push('l'),
            'Ł' => out.push('L'),
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            c => out.push(c),
        }
    }
}

/// `s` with accents and ligatures folded: NFD, combining marks removed, `œ`→`oe`, `æ`→`ae`,
/// `ß`→`ss`, `ø`→`o`, `ł`→`l`, `đ`→`d`. Case is kept.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// `s` with accents folded, borrowed when there is nothing to fold (ASCII).
pub(crate) fn fold_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(fold(s))
    }
}

/// The key form of a word: [`lower`] then [`fold`].
#[cfg(test)]
pub(crate) fn key(word: &str) -> String {
    fold(&lower(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_table() {
        let cases = [
            ("Maroc", "maroc"),
            ("ÉTATS", "états"),
            ("l’emploi", "l'emploi"),
            ("aujourd‘hui", "aujourd'hui"),
            ("ﬁnance", "finance"),    // NFKC ligature
            ("ＡＢＣ", "abc"),        // full width
            ("İstanbul", "i̇stanbul"), // dotted capital I keeps its dot as a mark
            ("1.500", "1.500"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(lower(input), want, "{input}");
        }
    }

    #[test]
    fn fold_table() {
        let cases = [
            ("économie", "economie"),
            ("maïs", "mais"),
            ("Façade", "Facade"),
            ("cœur", "coeur"),
            ("naïve café", "naive cafe"),
            ("Łódź", "Lodz"),
            ("straße", "strasse"),
            ("日本", "日本"),
            ("🙂", "🙂"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input}");
        }
        assert_eq!(key("Élysée"), "elysee");
    }
}
