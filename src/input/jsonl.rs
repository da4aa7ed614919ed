//! Reading records from JSON Lines as scraped feeds really write them.
//!
//! [`JsonLines`] reads one JSON object a line into any `T: Deserialize` (an [`Article`] by
//! default) and never stops at a bad line: each line gives either a [`Record`] with its line
//! number or a [`BadLine`] saying which line and why, and reading goes on. What it accepts:
//!
//! - `\n` or `\r\n` line ends, blank lines (skipped, not reported), a UTF-8 byte-order mark at
//!   the start of a line (files concatenated from several exports carry one each);
//! - lines of any length up to [`ReadOptions::max_line_bytes`] (64 MiB by default); a longer
//!   line is skipped without being held in memory whole;
//! - invalid UTF-8: the line is reported, or decoded with U+FFFD replacements when
//!   [`ReadOptions::lossy`] is set;
//! - for articles, an `id` given as a number, a `null` title, `text` or `body` for the body,
//!   and a `published` date with a time and zone (`2024-03-12T23:30:00+01:00` is read as
//!   2024-03-12, the date where it was published).
//!
//! Duplicate ids are the caller's to judge (the first is usually kept): see
//! [`unique_by_id`].
//!
//! ```
//! use bilingual_dedup::jsonl::JsonLines;
//! let feed = "\u{feff}{\"id\": 1, \"text\": \"Le gouvernement a signé.\"}\r\n\nnot json\n";
//! let mut lines = JsonLines::articles(feed.as_bytes());
//! let first = lines.next().unwrap().unwrap();
//! assert_eq!((first.line, first.value.id.as_str()), (1, "1"));
//! let bad = lines.next().unwrap().unwrap_err();
//! assert_eq!(bad.line, 3);
//! assert!(lines.next().is_none());
//! ```

use std::collections::HashSet;
use std::fmt;
use std::io::{self, BufRead};
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::Article;

/// How [`JsonLines`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// Decode invalid UTF-8 with U+FFFD replacements instead of reporting the line.
    pub lossy: bool,
    /// Longest line read (bytes, line end excluded); longer lines are reported and skipped.
    pub max_line_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            lossy: false,
            max_line_bytes: 64 << 20,
        }
    }
}

/// A record read from one line.
#[derive(Clone, Debug, PartialEq)]
pub struct Record<T> {
    /// 1-based line number.
    pub line: usize,
    /// The record.
    pub value: T,
    /// True when the line held invalid UTF-8 that was replaced ([`ReadOptions::lossy`]).
    pub lossy: bool,
}

/// Why a line gave no record.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BadLineKind {
    /// The line is not valid UTF-8 (and [`ReadOptions::lossy`] is off).
    InvalidUtf8,
    /// The line is longer than [`ReadOptions::max_line_bytes`].
    TooLong,
    /// The line is not a JSON object of the expected shape.
    Json,
    /// The line was read, but the caller refused it (for instance a duplicate id).
    Refused,
    /// Reading failed (the message says how); reading stops after this line.
    Io,
}

/// A line that gave no record: its number and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based line number.
    pub line: usize,
    /// The class of problem.
    pub kind: BadLineKind,
    /// What was wrong, for a person to read.
    pub reason: String,
}

impl fmt::Display for BadLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// An iterator over the records of a JSON Lines input (see the [module docs](self)).
pub struct JsonLines<R, T = Article> {
    reader: R,
    opts: ReadOptions,
    line: usize,
    buf: Vec<u8>,
    done: bool,
    _t: PhantomData<fn() -> T>,
}

impl<R: BufRead> JsonLines<R, Article> {
    /// Reads articles from `reader` with the default options.
    pub fn articles(reader: R) -> Self {
        Self::new(reader)
    }
}

impl<R: BufRead, T: DeserializeOwned> JsonLines<R, T> {
    /// Reads `reader` with the default options.
    pub fn new(reader: R) -> Self {
        Self::with_options(reader, ReadOptions::default())
    }

    /// Reads `reader` with `opts`.
    pub fn with_options(reader: R, opts: ReadOptions) -> Self {
        JsonLines {
            reader,
            opts,
            line: 0,
            buf: Vec::new(),
            done: false,
            _t: PhantomData,
        }
    }

    /// Reads the next line into `buf`, at most `max_line_bytes` of it kept. Returns the line's
    /// full length, or `None` at the end of the input.
    fn read_line(&mut self) -> io::Result<Option<usize>> {
        self.buf.clear();
        let mut len = 0;
        let mut any = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok(any.then_some(len));
            }
            any = true;
            let (part, end) = match find_newline(chunk) {
                Some(i) => (&chunk[..i], Some(i + 1)),
                None => (chunk, None),
            };
            let room = (self.opts.max_line_bytes + 1).saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&part[..part.len().min(room)]);
            len += part.len();
            let used = end.unwrap_or(chunk.len());
            self.reader.consume(used);
            if end.is_some() {
                return Ok(Some(len));
            }
        }
    }
}

impl<R: BufRead, T: DeserializeOwned> JsonLines<R, T> {
    /// The next line that is not blank, undecoded: its number and its bytes (line end, `\r`
    /// and byte-order mark removed), or the [`BadLine`] of an over-long line or a read error;
    /// `None` at the end of the input. The bytes are decoded by [`decode_line`], which may
    /// run on another thread (the whole job decodes the lines of a chunk in parallel).
    pub(crate) fn next_raw(&mut self) -> Option<Result<(usize, &[u8]), BadLine>> {
        loop {
            if self.done {
                return None;
            }
            let len = match self.read_line() {
                Ok(Some(len)) => len,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    self.line += 1;
                    return Some(Err(BadLine {
                        line: self.line,
                        kind: BadLineKind::Io,
                        reason: format!("reading stopped: {e}"),
                    }));
                }
            };
            self.line += 1;
            if len > self.opts.max_line_bytes {
                return Some(Err(BadLine {
                    line: self.line,
                    kind: BadLineKind::TooLong,
                    reason: format!(
                        "{len} bytes, longer than the limit of {} bytes",
                        self.opts.max_line_bytes
                    ),
                }));
            }
            // Without the line end's `\r` and the byte-order mark; blank lines are skipped.
            let b = self.buf.as_slice();
            let end = b.len() - usize::from(b.ends_with(b"\r"));
            let start = if b[..end].starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                0
            };
            if !b[start..end].iter().all(u8::is_ascii_whitespace) {
                return Some(Ok((self.line, &self.buf[start..end])));
            }
        }
    }
}

/// The position of the first `\n` in `bytes`: eight bytes at a time (a word has a zero byte
/// where it equals `\n` after an XOR; the classic test `(x - 0x01..01) & !x & 0x80..80` flags
/// the first of them exactly), about four times fewer instructions than a byte loop, on a path
/// the whole job runs once per input byte on one thread.
fn find_newline(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const NL: u64 = ONES * b'\n' as u64;
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().expect("8 bytes")) ^ NL;
        let zero = x.wrapping_sub(ONES) & !x & HIGH;
        if zero != 0 {
            return Some(at + (zero.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| at + i)
}

/// Decodes one line given by [`JsonLines::next_raw`] (number `line`, not blank).
pub(crate) fn decode_line<T: DeserializeOwned>(
    bytes: &[u8],
    line: usize,
    opts: ReadOptions,
) -> Result<Record<T>, BadLine> {
    let (text, lossy) = match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), false),
        Err(e) if !opts.lossy => {
            return Err(BadLine {
                line,
                kind: BadLineKind::InvalidUtf8,
                reason: format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()),
            });
        }
        Err(_) => (String::from_utf8_lossy(bytes), true),
    };
    match serde_json::from_str::<T>(&text) {
        Ok(value) => Ok(Record { line, value, lossy }),
        Err(e) => Err(BadLine {
            line,
            kind: BadLineKind::Json,
            reason: format!("not an article: {e}"),
        }),
    }
}

impl<R: BufRead, T: DeserializeOwned> Iterator for JsonLines<R, T> {
    type Item = Result<Record<T>, BadLine>;

    fn next(&mut self) -> Option<Self::Item> {
        let opts = self.opts;
        Some(match self.next_raw()? {
            Ok((line, bytes)) => decode_line(bytes, line, opts),
            Err(bad) => Err(bad),
        })
    }
}

/// Splits records into those whose id (`id(record)`) is seen first and the later ones, which
/// become [`BadLineKind::Refused`] lines naming the line of the first.
pub fn unique_by_id<T>(
    records: impl IntoIterator<Item = Record<T>>,
    id: impl Fn(&T) -> &str,
) -> (Vec<Record<T>>, Vec<BadLine>) {
    let mut first: std::collections::HashMap<String, usize> = Default::default();
    let mut kept = Vec::new();
    let mut refused = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for r in records {
        let key = id(&r.value);
        if seen.contains(key) {
            refused.push(BadLine {
                line: r.line,
                kind: BadLineKind::Refused,
                reason: format!(
                    "duplicate id {key:?} (first on line {}, which is kept)",
                    first[key]
                ),
            });
            continue;
        }
        seen.insert(key.to_owned());
        first.insert(key.to_owned(), r.line);
        kept.push(r);
    }
    (kept, refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &[u8], opts: ReadOptions) -> Vec<Result<(usize, String), (usize, BadLineKind)>> {
        JsonLines::<_, Article>::with_options(input, opts)
            .map(|r| {
                r.map(|r| (r.line, r.value.id))
                    .map_err(|b| (b.line, b.kind))
            })
            .collect()
    }

    #[test]
    fn newlines_are_found_where_a_byte_loop_finds_them() {
        // Every position in and around a word, with bytes that look like `\n` to a sloppy
        // test (0x8a, 0x0b, 0x09) before and after it.
        for len in 0..40 {
            for nl in (0..len).map(Some).chain([None]) {
                let mut b: Vec<u8> = (0..len)
                    .map(|i| [b'a', 0x8a, 0x0b, 0x09, 0xff][i % 5])
                    .collect();
                if let Some(i) = nl {
                    b[i] = b'\n';
                    if i + 1 < len {
                        b[i + 1] = b'\n';
                    }
                }
                assert_eq!(
                    find_newline(&b),
                    b.iter().position(|&x| x == b'\n'),
                    "{b:?}"
                );
            }
        }
    }

    #[test]
    fn every_good_line_survives_the_bad_ones() {
        let mut input = Vec::new();
        input.extend_from_slice(b"{\"id\":\"a\",\"text\":\"x\"}\r\n");
        input.extend_from_slice(b"{\"id\":\"b\",\"text\":\"\xff\xfe\"}\n");
        input.extend_from_slice(b"\xEF\xBB\xBF{\"id\":\"c\",\"text\":\"x\"}\n");
        input.extend_from_slice(b"   \n\n");
        input.extend_from_slice(b"{\"id\": 42, \"title\": null, \"body\":\"x\"}\n");
        input.extend_from_slice(b"[1, 2]\n");
        input.extend_from_slice(b"{\"id\":\"d\",\"text\":\"no line end\"}");
        let got = read(&input, ReadOptions::default());
        assert_eq!(
            got,
            [
                Ok((1, "a".into())),
                Err((2, BadLineKind::InvalidUtf8)),
                Ok((3, "c".into())),
                Ok((6, "42".into())),
                Err((7, BadLineKind::Json)),
                Ok((8, "d".into())),
            ]
        );
        let lossy = read(
            &input,
            ReadOptions {
                lossy: true,
                ..ReadOptions::default()
            },
        );
        assert_eq!(lossy[1], Ok((2, "b".into())));
    }

    #[test]
    fn long_lines_are_refused_without_being_kept() {
        let body = "x".repeat(5_000);
        let input =
            format!("{{\"id\":\"long\",\"text\":\"{body}\"}}\n{{\"id\":\"ok\",\"text\":\"y\"}}\n");
        let opts = ReadOptions {
            max_line_bytes: 1_000,
            ..ReadOptions::default()
        };
        // A small buffer makes the long line arrive in many chunks.
        let reader = std::io::BufReader::with_capacity(64, input.as_bytes());
        let got: Vec<_> = JsonLines::<_, Article>::with_options(reader, opts)
            .map(|r| r.map(|r| r.value.id).map_err(|b| b.kind))
            .collect();
        assert_eq!(got, [Err(BadLineKind::TooLong), Ok("ok".to_owned())]);
        let big = read(input.as_bytes(), ReadOptions::default());
        assert_eq!(big[0], Ok((1, "long".into())));
    }

    #[test]
    fn duplicates_are_refused_and_name_the_first() {
        let input = b"{\"id\":\"a\",\"text\":\"1\"}\n{\"id\":\"b\",\"text\":\"2\"}\n{\"id\":\"a\",\"text\":\"3\"}\n";
        let records: Vec<Record<Article>> =
            JsonLines::new(&input[..]).map(Result::unwrap).collect();
        let (kept, refused) = unique_by_id(records, |a| &a.id);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].value.body, "1");
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].line, 3);
        assert!(refused[0].reason.contains("line 1"), "{}", refused[0]);
    }
}
