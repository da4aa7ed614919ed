//! Tokenization: UAX #29 words (`unicode-segmentation`) with the adjustments news text needs.
//!
//! - **French elisions** are split: `l'emploi` gives `l` and `emploi`; the list is
//!   l' d' j' m' n' s' t' c' qu' jusqu' lorsqu' puisqu' quoiqu'. Other apostrophes stay inside
//!   the word (`aujourd'hui`, `O'Brien`).
//! - **English possessives** lose `'s`: `Inetum's` gives `inetum`.
//! - **Hyphenated compounds** are split into their parts (UAX #29 breaks at hyphens):
//!   `États-Unis` gives `états`, `unis`, and the gazetteer matches the part sequence; the
//!   [`Gap`] of the second part records the hyphen, so name runs (`Jean-Pierre`) stay joined.
//! - **Numbers** stay whole in both conventions: `1.500`, `1,500`, `2,5`, `2.5` are single
//!   tokens (UAX #29 keeps digit groups joined by `.` or `,`), and French groups separated by a
//!   space, a no-break space or a narrow no-break space (`1 500`, `1 500 000`) are merged when
//!   every following group has exactly three digits.
//! - `%` and currency signs (`€ $ £ ¥`) are kept as [`TokenKind::Symbol`] for the number stage;
//!   other punctuation only shapes the [`Gap`]s.
//!
//! A fast path handles whitespace-separated chunks whose core (after leading `(`/quotes and
//! trailing `, . ; : ! ? ) "` are set aside) is made of Latin letters and digits, with at most
//! apostrophes between letters: UAX #29 keeps such a run whole (rules WB5–WB10), so the result
//! is the same. Every other chunk goes through `split_word_bound_indices`.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use std::sync::Arc;

use super::lang::Lang;
use super::vocab::{with_vocab, Form, Split, Vocab};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (possibly with digits: `G20`, `1er`).
    Word,
    /// Digits, possibly grouped (`1.500`, `1 500`, `2,5`).
    Number,
    /// `%` or a currency sign.
    Symbol,
}

/// What separates a token from the one before it in the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gap {
    /// Start of a kept line or of a sentence (after `.`, `!`, `?`, `…`, `:` or a line break),
    /// or the first token.
    Sentence,
    /// Only horizontal white space.
    Space,
    /// White space and a single hyphen (compound parts: `Jean-Pierre`, `États-Unis`).
    Hyphen,
    /// An elided article or possessive split off the same UAX #29 word (`l'` + `emploi`).
    Elision,
    /// Other punctuation (`,`, `;`, quotes, brackets).
    Punct,
}

/// A token with its byte range in the source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the text given to [`tokenize`]; always on char boundaries.
    pub span: Range<usize>,
    /// Normalised text: NFKC, one apostrophe, lowercase; number groups joined by one space.
    /// Shared between the tokens of one form.
    pub norm: Arc<str>,
    /// Word, number or symbol.
    pub kind: TokenKind,
    /// What precedes the token.
    pub gap: Gap,
    /// The first character is uppercase in the source.
    pub capitalized: bool,
    /// Every letter is uppercase and there are at least two (`UE`, `NATO`, `G20`).
    pub all_caps: bool,
}

impl Token {
    /// True when the token starts a sentence (or a line): its capital says little.
    pub fn sentence_start(&self) -> bool {
        self.gap == Gap::Sentence
    }
}

/// French elided forms, without their apostrophe.
pub(crate) const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Abbreviations whose final dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "mr", "mrs", "ms", "dr", "pr", "st", "ste", "jr", "sr",
    "gen", "gén", "col", "lt", "sgt", "gov", "sen", "rep", "no", "n°", "vs", "etc", "inc", "corp",
    "co", "ltd", "av", "bd", "mgr", "p", "pp", "vol", "art",
];

/// Tokenizes all of `text` (no cleaning). See the module docs for the rules.
///
/// Every token's span slices `text` on char boundaries.
///
/// # Panics
/// Only on a text with more than 2^32 − 1 distinct word forms (more than 8 GB of text).
///
/// ```
/// use bilingual_dedup::{text::tokenize, Lang};
/// let words: Vec<String> = tokenize("L’État créera 1 500 emplois.", Lang::Fr)
///     .into_iter().map(|t| t.norm.to_string()).collect();
/// assert_eq!(words, ["l", "état", "créera", "1 500", "emplois"]);
/// ```
pub fn tokenize(text: &str, lang: Lang) -> Vec<Token> {
    with_vocab(lang, |v| tokenize_with(text, v))
}

/// The tokens of all of `text`, with the forms of `vocab`.
pub(crate) fn tokenize_with(text: &str, vocab: &mut Vocab) -> Vec<Token> {
    let mut toks = Vec::new();
    tokenize_span(text, 0..text.len(), vocab, &mut toks);
    toks.iter().map(|t| t.to_token(vocab)).collect()
}

/// A token whose text is a form of a [`Vocab`] (by form id): what the pipeline passes around,
/// 24 bytes with no string of its own.
#[derive(Clone, Debug)]
pub(crate) struct FormToken {
    pub(crate) span: Range<usize>,
    pub(crate) form: u32,
    pub(crate) gap: Gap,
    pub(crate) capitalized: bool,
    pub(crate) all_caps: bool,
}

impl FormToken {
    pub(crate) fn to_token(&self, v: &Vocab) -> Token {
        let f = v.form(self.form);
        Token {
            span: self.span.clone(),
            norm: f.norm.clone(),
            kind: f.kind,
            gap: self.gap,
            capitalized: self.capitalized,
            all_caps: self.all_caps,
        }
    }
}

/// Appends the tokens of `text[span]` to `out`, with spans relative to `text`. The first token
/// of the span starts a sentence.
pub(crate) fn tokenize_span(
    text: &str,
    span: Range<usize>,
    vocab: &mut Vocab,
    out: &mut Vec<FormToken>,
) {
    out.reserve(span.len() / 7);
    let mut st = State {
        text,
        prev_end: span.start,
        first: out.len(),
    };
    let bytes = text.as_bytes();
    let mut i = span.start;
    while i < span.end {
        // Skip ASCII white space.
        while i < span.end && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while i < span.end && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if start == i {
            break;
        }
        let chunk = &text[start..i];
        if let Some(core) = simple_core(chunk) {
            st.push_segment(start + core.start..start + core.end, vocab, out);
        } else {
            for (off, seg) in chunk.split_word_bound_indices() {
                let s = start + off;
                st.push_segment(s..s + seg.len(), vocab, out);
            }
        }
    }
}

/// Latin letters (ASCII, Latin-1 Supplement, Latin Extended-A and -B): UAX #29 `ALetter`.
#[inline]
fn latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (('\u{C0}'..='\u{24F}').contains(&c) && c != '×' && c != '÷')
}

/// The byte range of a chunk's word when UAX #29 would give exactly one word there and
/// punctuation only around it: Latin letters and digits, apostrophes only between letters.
/// `None` sends the chunk to the full segmenter.
#[inline]
fn simple_core(chunk: &str) -> Option<Range<usize>> {
    let b = chunk.as_bytes();
    let mut s = 0;
    while s < b.len() && matches!(b[s], b'(' | b'"' | b'[') {
        s += 1;
    }
    let mut e = b.len();
    while e > s
        && matches!(
            b[e - 1],
            b',' | b'.' | b';' | b':' | b'!' | b'?' | b')' | b'"' | b']'
        )
    {
        e -= 1;
    }
    if s == e {
        return None;
    }
    let core = &chunk[s..e];
    if core.bytes().all(|x| x.is_ascii_alphanumeric()) {
        return Some(s..e);
    }
    let mut prev_letter = false;
    let mut chars = core.chars().peekable();
    while let Some(c) = chars.next() {
        if latin_letter(c) || c.is_ascii_digit() {
            prev_letter = !c.is_ascii_digit();
        } else if (c == '\'' || c == '\u{2019}')
            && prev_letter
            && chars.peek().is_some_and(|&n| latin_letter(n))
        {
            prev_letter = false;
        } else {
            return None;
        }
    }
    Some(s..e)
}

/// A UAX #29 segment that is one number: digits with `.` or `,`, and possibly three-digit groups
/// after a no-break space (U+00A0, U+202F, U+2009), which UAX #29 keeps inside the word.
fn is_number_segment(seg: &str) -> bool {
    let mut groups = seg.split(['\u{a0}', '\u{202f}', '\u{2009}']);
    let first = groups.next().unwrap_or_default();
    let digits_or_marks = first
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
    let mut rest = groups.peekable();
    if rest.peek().is_none() {
        return digits_or_marks;
    }
    first.bytes().all(|b| b.is_ascii_digit())
        && (1..=3).contains(&first.len())
        && rest.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

fn classify_gap(gap: &str, prev: Option<(&FormToken, &Form)>, text: &str) -> Gap {
    let mut kind = Gap::Space;
    let mut hyphens = 0;
    for c in gap.chars() {
        match c {
            '\n' | '\r' | '!' | '?' | '…' | ':' => return Gap::Sentence,
            '.' => {
                let abbrev = prev.is_some_and(|(p, f)| {
                    f.kind == TokenKind::Word
                        && (ABBREVIATIONS.contains(&&*f.norm)
                            || (f.norm.chars().count() == 1
                                && text[p.span.clone()].chars().all(char::is_uppercase)))
                });
                if !abbrev {
                    return Gap::Sentence;
                }
                kind = Gap::Punct;
            }
            '-' | '\u{2010}' | '\u{2011}' => hyphens += 1,
            c if c.is_whitespace() => {}
            _ => kind = Gap::Punct,
        }
    }
    match (kind, hyphens) {
        (Gap::Space, 0) => Gap::Space,
        (Gap::Space, 1) => Gap::Hyphen,
        _ => Gap::Punct,
    }
}

/// The kind of a UAX #29 segment, `None` for punctuation and white space.
pub(super) fn segment_kind(seg: &str) -> Option<TokenKind> {
    let c0 = seg.chars().next()?;
    if c0.is_ascii_digit() && is_number_segment(seg) {
        Some(TokenKind::Number)
    } else if seg.chars().any(char::is_alphanumeric) {
        Some(TokenKind::Word)
    } else if seg.chars().count() == 1 && matches!(c0, '%' | '€' | '$' | '£' | '¥') {
        Some(TokenKind::Symbol)
    } else {
        None
    }
}

struct State<'t> {
    text: &'t str,
    /// End of the last token, start of the next gap.
    prev_end: usize,
    /// Index in `out` of the first token of this span.
    first: usize,
}

impl State<'_> {
    fn push_segment(&mut self, span: Range<usize>, vocab: &mut Vocab, out: &mut Vec<FormToken>) {
        let text = self.text;
        let seg = &text[span.clone()];
        let id = match vocab.lookup(seg) {
            Some(id) => id,
            None => match segment_kind(seg) {
                Some(kind) => vocab.intern(seg, kind),
                None => return, // punctuation and white space: part of the next gap
            },
        };
        let has_prev = out.len() > self.first;
        let gap = if !has_prev {
            Gap::Sentence
        } else {
            let between = &text[self.prev_end..span.start];
            if between == " " {
                Gap::Space
            } else {
                let prev = out.last().map(|t| (t, vocab.form(t.form)));
                classify_gap(between, prev, text)
            }
        };
        let f = vocab.form(id);
        let (kind, split, caps) = (f.kind, f.split, (f.capitalized, f.all_caps));

        // French thousands groups: "1 500", "1 500 000".
        if kind == TokenKind::Number && seg.len() == 3 && seg.bytes().all(|b| b.is_ascii_digit()) {
            if let Some(p) = out.last_mut().filter(|_| has_prev) {
                let between = &text[p.span.end..span.start];
                let spacey = matches!(between, " " | "\u{a0}" | "\u{202f}" | "\u{2009}");
                let pf = vocab.form(p.form);
                let pn = &pf.norm;
                let groupable = pf.kind == TokenKind::Number
                    && pn.bytes().all(|b| b.is_ascii_digit() || b == b' ')
                    && pn
                        .split(' ')
                        .next()
                        .is_some_and(|g| (1..=3).contains(&g.len()))
                    && pn.split(' ').skip(1).all(|g| g.len() == 3);
                if spacey && groupable {
                    let norm = format!("{pn} {seg}");
                    p.form = vocab.intern(&norm, TokenKind::Number);
                    p.span.end = span.end;
                    self.prev_end = span.end;
                    return;
                }
            }
        }
        self.prev_end = span.end;

        let tok = |form, span, gap, (capitalized, all_caps)| FormToken {
            span,
            form,
            gap,
            capitalized,
            all_caps,
        };
        match split {
            Split::Whole => out.push(tok(id, span, gap, caps)),
            Split::Elision {
                head,
                head_len,
                rest,
                rest_off,
            } => {
                let s = span.start;
                out.push(tok(head, s..s + head_len as usize, gap, (caps.0, false)));
                let r = vocab.form(rest);
                out.push(tok(
                    rest,
                    s + rest_off as usize..span.end,
                    Gap::Elision,
                    (r.capitalized, r.all_caps),
                ));
            }
            Split::Possessive { word, len } => {
                out.push(tok(word, span.start..span.start + len as usize, gap, caps))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str, lang: Lang) -> Vec<String> {
        tokenize(text, lang)
            .into_iter()
            .map(|t| t.norm.to_string())
            .collect()
    }

    #[test]
    fn elisions_table() {
        let cases: &[(&str, &[&str])] = &[
            ("l'emploi", &["l", "emploi"]),
            ("L’État", &["l", "état"]),
            ("d'Inetum", &["d", "inetum"]),
            ("qu'il", &["qu", "il"]),
            ("jusqu'à", &["jusqu", "à"]),
            ("lorsqu'elle", &["lorsqu", "elle"]),
            ("puisqu'on", &["puisqu", "on"]),
            ("quoiqu'il", &["quoiqu", "il"]),
            ("n'a", &["n", "a"]),
            ("s'est", &["s", "est"]),
            ("c'est", &["c", "est"]),
            ("j'ai", &["j", "ai"]),
            ("m'a", &["m", "a"]),
            ("t'a", &["t", "a"]),
            ("aujourd'hui", &["aujourd'hui"]),
            ("O'Brien", &["o'brien"]),
        ];
        for (text, want) in cases {
            assert_eq!(norms(text, Lang::Fr), *want, "{text}");
        }
        let toks = tokenize("l’Inetum", Lang::Fr);
        assert_eq!(toks[1].gap, Gap::Elision);
        assert!(toks[1].capitalized);
        assert_eq!(&"l’Inetum"[toks[1].span.clone()], "Inetum");
    }

    #[test]
    fn english_possessive() {
        assert_eq!(
            norms("Inetum's plan, the workers' union", Lang::En),
            ["inetum", "plan", "the", "workers", "union"]
        );
        assert_eq!(norms("Inetum’s", Lang::En), ["inetum"]);
        assert_eq!(norms("don't", Lang::En), ["don't"]);
    }

    #[test]
    fn no_break_space_groups_are_one_number() {
        for text in [
            "1\u{202f}500",
            "1\u{a0}500",
            "1\u{202f}500\u{202f}000",
            "1 500",
        ] {
            let toks = tokenize(text, Lang::Fr);
            assert_eq!(toks.len(), 1, "{text:?}");
            assert_eq!(toks[0].kind, TokenKind::Number, "{text:?}");
        }
        // Not a valid grouping: stays a word rather than a wrong number.
        assert_eq!(
            tokenize("2003\u{202f}50", Lang::Fr)[0].kind,
            TokenKind::Word
        );
    }

    #[test]
    fn numbers_table() {
        let cases: &[(&str, &[&str])] = &[
            ("1.500 emplois", &["1.500", "emplois"]),
            ("1,500 jobs", &["1,500", "jobs"]),
            ("1 500 emplois", &["1 500", "emplois"]),
            ("1\u{a0}500", &["1 500"]),
            ("1\u{202f}500\u{202f}000", &["1 500 000"]),
            ("2,5 %", &["2,5", "%"]),
            ("2.5%", &["2.5", "%"]),
            ("en 2003 500 salariés", &["en", "2003", "500", "salariés"]),
            ("12 34 56", &["12", "34", "56"]),
            ("50 MDH", &["50", "mdh"]),
            ("€50m", &["€", "50m"]),
            ("$1.2 billion", &["$", "1.2", "billion"]),
        ];
        for (text, want) in cases {
            assert_eq!(norms(text, Lang::Fr), *want, "{text}");
        }
        let t = tokenize("1 500", Lang::Fr);
        assert_eq!(t[0].kind, TokenKind::Number);
        assert_eq!(t[0].span, 0..5);
    }

    #[test]
    fn hyphens_and_gaps() {
        let t = tokenize("Les États-Unis. M. Pommeraud, PDG d'Inetum: oui", Lang::Fr);
        let g: Vec<(String, Gap)> = t.iter().map(|t| (t.norm.to_string(), t.gap)).collect();
        assert_eq!(
            g,
            [
                ("les".into(), Gap::Sentence),
                ("états".into(), Gap::Space),
                ("unis".into(), Gap::Hyphen),
                ("m".into(), Gap::Sentence),
                ("pommeraud".into(), Gap::Punct),
                ("pdg".into(), Gap::Punct),
                ("d".into(), Gap::Space),
                ("inetum".into(), Gap::Elision),
                ("oui".into(), Gap::Sentence),
            ]
        );
        assert!(t[5].all_caps && t[4].capitalized && !t[4].all_caps);
    }

    #[test]
    fn mixed_scripts_emoji_empty() {
        assert!(tokenize("", Lang::En).is_empty());
        assert!(tokenize("  \n\t ", Lang::En).is_empty());
        assert_eq!(
            norms("Tokyo 東京 🙂 café", Lang::En),
            ["tokyo", "東", "京", "café"]
        );
        assert_eq!(norms("Москва и Киев", Lang::Fr), ["москва", "и", "киев"]);
    }

    #[test]
    fn spans_slice_original() {
        let text = "L’Élysée a annoncé 1 500 emplois — à Nice.";
        for t in tokenize(text, Lang::Fr) {
            assert!(text.get(t.span.clone()).is_some());
        }
    }
}
