//! Removal of scraped-page noise: "Read also | …" links, "PREV"/"NEXT" headline links, share
//! buttons, placeholder captions, lone punctuation and bylines.
//!
//! Cleaning works on whole lines and is conservative: a line is dropped only when it *starts*
//! with a link marker followed by a separator (`|`, `:`, `-`, `–`, `—`, `»`, `>`) or nothing,
//! when it is one of a short list of known button/caption texts, or when it has no letter or
//! digit at all. A real sentence such as "Lire aussi le rapport de la Cour des comptes." has no
//! separator after the marker and is kept. Kept lines are returned as byte ranges into the
//! original text, so later stages keep offsets into what the caller passed.

use std::ops::Range;

/// Link markers that introduce a headline of another article.
const LINK_MARKERS: &[&str] = &[
    "read also",
    "read more",
    "also read",
    "see also",
    "related",
    "related article",
    "related articles",
    "more on this story",
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "à lire également",
    "lire également",
    "voir aussi",
    "à voir aussi",
    "à voir",
    "sur le même sujet",
    "lire la suite",
    "prev",
    "next",
    "previous",
    "previous article",
    "next article",
    "article précédent",
    "article suivant",
];

/// Whole lines that are page furniture (compared case-insensitively, trailing punctuation and
/// spaces ignored).
const FURNITURE: &[&str] = &[
    "share this article",
    "share",
    "share on facebook",
    "share on twitter",
    "tweet",
    "advertisement",
    "sponsored",
    "subscribe",
    "subscribe to our newsletter",
    "descriptive text here",
    "image",
    "photo",
    "illustration",
    "video",
    "partager",
    "partager cet article",
    "partager sur facebook",
    "partager sur twitter",
    "publicité",
    "texte descriptif ici",
    "abonnez-vous",
    "abonnez-vous à notre newsletter",
    "vidéo",
];

/// Bytes of a line compared with the furniture and link markers: longer than any of them.
const PREFIX_BYTES: usize = 64;

/// Prefixes of bylines: "By Jane Smith", "Par Jean Dupont".
const BYLINE: &[&str] = &["by ", "par "];

/// True when `line` is page furniture rather than article text (see the module docs).
///
/// ```
/// use bilingual_dedup::text::is_boilerplate_line;
/// assert!(is_boilerplate_line("Read also | Why the balance of power has changed"));
/// assert!(is_boilerplate_line("Lire aussi : la réforme des retraites"));
/// assert!(is_boilerplate_line("PREV Another headline"));
/// assert!(!is_boilerplate_line("Lire aussi le rapport publié mardi."));
/// assert!(!is_boilerplate_line("Par ailleurs, le ministre a démenti."));
/// ```
pub fn is_boilerplate_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || !t.chars().any(char::is_alphanumeric) {
        return true;
    }
    // Uppercase PREV/NEXT links are matched case-sensitively: "Next year, ..." is prose.
    for marker in ["PREV", "NEXT", "PREVIOUS", "NEXT ARTICLE"] {
        if let Some(rest) = t.strip_prefix(marker) {
            if rest.is_empty() || rest.starts_with([' ', '\u{a0}', ':', '|', '-', '>', '»']) {
                return true;
            }
        }
    }
    // Markers are short: lowercase only the start of a long line (a paragraph of prose).
    let mut cut = t.len().min(PREFIX_BYTES);
    while !t.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut buf = [0u8; PREFIX_BYTES * 2];
    let lower = lower_prefix(&t[..cut], &mut buf);
    let lower = lower.trim_end_matches(|c: char| c.is_whitespace() || ".:!…".contains(c));
    if cut == t.len() && FURNITURE.contains(&lower) {
        return true;
    }
    let first = lower.as_bytes().first().copied();
    for marker in LINK_MARKERS {
        // Most lines share no first byte with any marker: skip the comparisons.
        if marker.as_bytes().first().copied() != first
            || matches!(*marker, "prev" | "next" | "previous")
        {
            continue; // "prev"/"next" are handled above, case-sensitively
        }
        if let Some(rest) = lower.strip_prefix(marker) {
            let rest = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
            // An empty rest of a cut prefix is not the end of the line.
            if (rest.is_empty() && cut == t.len())
                || rest.starts_with(['|', ':', '-', '–', '—', '»', '>', '/'])
            {
                return true;
            }
        }
    }
    is_byline(t)
}

/// `s` lowercased into `buf` (no allocation; a char whose lowercase does not fit ends it).
fn lower_prefix<'b>(s: &str, buf: &'b mut [u8]) -> &'b str {
    let mut n = 0;
    'chars: for c in s.chars() {
        if c.is_ascii() {
            if n == buf.len() {
                break;
            }
            buf[n] = (c as u8).to_ascii_lowercase();
            n += 1;
            continue;
        }
        for l in c.to_lowercase() {
            if n + l.len_utf8() > buf.len() {
                break 'chars;
            }
            n += l.encode_utf8(&mut buf[n..]).len();
        }
    }
    std::str::from_utf8(&buf[..n]).unwrap_or_default()
}

/// "By Jane Smith" / "Par Jean Dupont, à Rabat": at most six words, every word after the
/// prefix capitalised (or a short particle), no sentence punctuation.
fn is_byline(t: &str) -> bool {
    let b = t.as_bytes();
    let Some(prefix) = BYLINE
        .iter()
        .find(|p| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
    else {
        return false;
    };
    let rest = &t[prefix.len()..];
    let words: Vec<&str> = rest.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && !t.ends_with('.')
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(
                    *w,
                    "de" | "du" | "la" | "le" | "van" | "von" | "à" | "in" | "and" | "et"
                )
        })
        && words[0].chars().next().is_some_and(char::is_uppercase)
}

/// Byte ranges of the lines of `text` that are article text, in order.
///
/// Line ends (`\n`, `\r\n`) are excluded from the ranges. Never panics; every range slices
/// `text` on char boundaries.
pub(crate) fn kept_line_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let line_start = start;
        start += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        (!is_boilerplate_line(body)).then(|| line_start..line_start + body.len())
    })
}

/// `text` with boilerplate lines removed, kept lines joined by `\n`.
pub fn clean(text: &str) -> String {
    kept_line_spans(text)
        .map(|r| &text[r])
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_fit_in_the_compared_prefix() {
        for m in FURNITURE.iter().chain(LINK_MARKERS) {
            assert!(m.len() + 16 < PREFIX_BYTES, "{m}");
        }
        let long = format!("Lire aussi : {}", "un titre très long ".repeat(40));
        assert!(is_boilerplate_line(&long));
        let spaced = format!("Lire aussi{}le rapport publié mardi.", " ".repeat(80));
        assert!(!is_boilerplate_line(&spaced));
        let prose = format!("{} publicité", "Une phrase de prose. ".repeat(20));
        assert!(!is_boilerplate_line(&prose));
    }

    #[test]
    fn boilerplate_table() {
        let dropped = [
            "Read also | What does the partnership plan for hydrogen?",
            "READ ALSO: the budget",
            "Lire aussi : Le plan de relance",
            "À lire aussi - La réforme",
            "À LIRE AUSSI : la réforme des retraites expliquée",
            "ARTICLE PRÉCÉDENT | Le budget",
            "A lire aussi » la réforme",
            "Voir aussi",
            "PREV Born five weeks too late, a victim wins her case",
            "NEXT The group sold 121 stores",
            "Share this article",
            "Partager cet article",
            "Descriptive text here",
            "Texte descriptif ici",
            "-",
            "—",
            "   ",
            "* * *",
            "By Jane Smith",
            "Par Jean-Pierre Martin",
            "Publicité",
        ];
        for line in dropped {
            assert!(is_boilerplate_line(line), "should drop {line:?}");
        }
        let kept = [
            "Lire aussi le rapport publié mardi par la Cour des comptes.",
            "Read also the minutes of the meeting, the chairman said.",
            "Next year, the company will hire 500 engineers.",
            "Par ailleurs, le ministre a démenti.",
            "By the end of 2027 the group expects 1,500 jobs.",
            "Partager les richesses est son objectif, a-t-il dit.",
            "Previously, the bank had raised rates.",
            "Related companies also gained.",
            "Photo finish in the final race.",
            "2,300",
        ];
        for line in kept {
            assert!(!is_boilerplate_line(line), "should keep {line:?}");
        }
    }

    #[test]
    fn kept_lines_slice_the_original() {
        let text = "Titre\r\nRead also | x\nLe texte.\n-\nFin";
        let kept: Vec<&str> = kept_line_spans(text).map(|r| &text[r]).collect();
        assert_eq!(kept, ["Titre", "Le texte.", "Fin"]);
        assert_eq!(clean(text), "Titre\nLe texte.\nFin");
        assert!(kept_line_spans("").next().is_none());
    }
}
