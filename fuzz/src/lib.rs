//! The checks behind the fuzz targets, one function per decoder or pipeline entry point.
//!
//! Each function takes arbitrary bytes, feeds them to the library and asserts what must hold
//! for every input: no panic, no unbounded allocation (libFuzzer's `-malloc_limit_mb` and
//! `-rss_limit_mb` catch those), and round trips of whatever decodes. The cargo-fuzz targets
//! in `fuzz_targets/` call them (nightly, `cargo fuzz run NAME`), and so does the stable test
//! `tests/fuzz.rs` (`#[path]` include), which replays the committed corpus in `corpus/` and
//! mutations of it in `cargo test`.
//!
//! Binary inputs (fingerprints, index files) end in a checksum, so random mutations would
//! almost never get past it: [`fingerprint_binary`] and [`index_file`] try each input twice,
//! as given and with its checksum recomputed, so the fuzzer also reaches the field decoders.
#![forbid(unsafe_code)]

use std::io::BufReader;
use std::sync::OnceLock;

use bilingual_dedup::jsonl::{unique_by_id, BadLineKind, JsonLines, ReadOptions};
use bilingual_dedup::{Article, Dedup, Fingerprint, Index, Lang};

/// The engine every check uses (default configuration).
pub fn dedup() -> &'static Dedup {
    static DEDUP: OnceLock<Dedup> = OnceLock::new();
    DEDUP.get_or_init(|| Dedup::builder().build().expect("default engine"))
}

/// The checksum the library's binary formats end with: FNV-1a 64 of the bytes before it,
/// finished with SplitMix64 (the frozen specification of `src/util/hash.rs`).
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// `data` with its last 8 bytes replaced by the checksum of the rest (`None` when too short to
/// hold one).
pub fn with_checksum(data: &[u8]) -> Option<Vec<u8>> {
    let body = data.len().checked_sub(8)?;
    let mut out = data[..body].to_vec();
    out.extend_from_slice(&checksum(&out).to_le_bytes());
    Some(out)
}

/// Checks on a fingerprint that decoded: its binary form decodes to the same bytes again, and
/// it can be compared and indexed without a panic.
fn decoded_fingerprint(fp: &Fingerprint) {
    let bytes = fp.to_bytes();
    let again = Fingerprint::from_bytes(&bytes).expect("a fingerprint's own bytes decode");
    assert_eq!(
        again.to_bytes(),
        bytes,
        "binary round trip changed the bytes"
    );
    let d = dedup();
    if d.check(fp).is_ok() {
        let m = d.compare(fp, fp).expect("compatible with itself");
        assert!((0.0..=1.0).contains(&m.score()), "score {}", m.score());
        let _ = m.to_string();
        let mut index = d.index();
        index
            .insert(fp)
            .expect("a compatible fingerprint is indexed");
        let hits = index.query(fp, 5, 0.0).expect("compatible");
        assert!(hits.iter().all(|h| h.id != fp.id()), "a query skips itself");
        let mut file = Vec::new();
        index.write_to(&mut file).expect("writes to memory");
        let back = Index::read_from(d, &file[..]).expect("an index's own file loads");
        assert_eq!(back.len(), 1);
        assert!(back.contains(fp.id()));
    }
}

/// `Fingerprint::from_bytes` on `data`, as given and with its checksum repaired.
pub fn fingerprint_binary(data: &[u8]) {
    for input in [Some(data.to_vec()), with_checksum(data)]
        .into_iter()
        .flatten()
    {
        if let Ok(fp) = Fingerprint::from_bytes(&input) {
            decoded_fingerprint(&fp);
        }
    }
}

/// `Fingerprint::from_json` on `data` (decoded lossily when not UTF-8).
pub fn fingerprint_json(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(fp) = Fingerprint::from_json(&text) {
        decoded_fingerprint(&fp);
        // JSON has no NaN or infinity: a fingerprint read from JSON writes and reads back.
        let json = fp.to_json().expect("serialises");
        let again = Fingerprint::from_json(&json).expect("a fingerprint's own JSON decodes");
        assert_eq!(
            again.to_json().expect("serialises"),
            json,
            "JSON round trip"
        );
    }
}

/// `Index::read_from` on `data`, as given and with its checksum repaired. What loads writes
/// back to a file that loads to the same bytes.
pub fn index_file(data: &[u8]) {
    let d = dedup();
    for input in [Some(data.to_vec()), with_checksum(data)]
        .into_iter()
        .flatten()
    {
        if let Ok(index) = Index::read_from(d, &input[..]) {
            let mut file = Vec::new();
            index.write_to(&mut file).expect("writes to memory");
            let back = Index::read_from(d, &file[..]).expect("an index's own file loads");
            assert_eq!(back.len(), index.len());
            let mut again = Vec::new();
            back.write_to(&mut again).expect("writes to memory");
            assert_eq!(again, file, "index file round trip changed the bytes");
        }
    }
}

/// Everything [`JsonLines`] gives for `data`, read through a buffer of `capacity` bytes.
fn read_lines(
    data: &[u8],
    opts: ReadOptions,
    capacity: usize,
) -> Vec<Result<bilingual_dedup::jsonl::Record<Article>, bilingual_dedup::jsonl::BadLine>> {
    let reader = BufReader::with_capacity(capacity, data);
    JsonLines::<_, Article>::with_options(reader, opts).collect()
}

/// `JsonLines` over `data`: the first byte picks the options (lossy or not, a small or the
/// default line limit) and a read buffer size. Checks that the result does not depend on the
/// buffer size, that line numbers rise and stay within the input's lines, that a bad line is
/// of a kind the options allow, that records serialise and read back, and that
/// `unique_by_id` keeps each id once and accounts for every record.
pub fn jsonl(data: &[u8]) {
    let (&first, rest) = match data.split_first() {
        Some(s) => s,
        None => (&0, data),
    };
    let opts = ReadOptions {
        lossy: first & 1 != 0,
        max_line_bytes: if first & 2 != 0 {
            usize::from(first >> 2) + 1
        } else {
            ReadOptions::default().max_line_bytes
        },
    };
    let small = usize::from(first >> 4) + 1;
    let got = read_lines(rest, opts, small);
    assert_eq!(
        got,
        read_lines(rest, opts, 8 << 10),
        "results depend on the read buffer's size"
    );
    let lines = rest.split(|&b| b == b'\n').count();
    let mut last = 0;
    let mut records = Vec::new();
    for r in got {
        let line = match &r {
            Ok(rec) => rec.line,
            Err(bad) => bad.line,
        };
        assert!(
            line > last && line <= lines,
            "line {line} after {last} of {lines}"
        );
        last = line;
        match r {
            Ok(rec) => {
                assert!(opts.lossy || !rec.lossy, "lossy record without --lossy");
                let json = serde_json::to_string(&rec.value).expect("an article serialises");
                let back: Article = serde_json::from_str(&json).expect("and reads back");
                assert_eq!(back, rec.value);
                records.push(rec);
            }
            Err(bad) => {
                assert!(!bad.reason.is_empty());
                match bad.kind {
                    BadLineKind::InvalidUtf8 => assert!(!opts.lossy),
                    BadLineKind::TooLong | BadLineKind::Json => {}
                    k => panic!("unexpected bad line kind {k:?} from memory"),
                }
            }
        }
    }
    let n = records.len();
    let (kept, refused) = unique_by_id(records, |a| &a.id);
    assert_eq!(kept.len() + refused.len(), n);
    let mut ids: Vec<&str> = kept.iter().map(|r| r.value.id.as_str()).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), before, "unique_by_id kept an id twice");
}

/// The text pipeline on an article made of `data`: the first byte picks the language (given
/// or detected) and where the title ends; the rest, decoded lossily, is the title and body.
/// Whatever fingerprints is checked as a decoded fingerprint is (binary and JSON round
/// trips, compare, index).
pub fn text(data: &[u8]) {
    let (&first, rest) = match data.split_first() {
        Some(s) => s,
        None => (&0, data),
    };
    let lang = match first % 3 {
        0 => None,
        1 => Some(Lang::Fr),
        _ => Some(Lang::En),
    };
    let split = rest
        .iter()
        .position(|&b| b == b'\n')
        .filter(|_| first & 4 != 0)
        .unwrap_or(0);
    let title = String::from_utf8_lossy(&rest[..split]).into_owned();
    let body = String::from_utf8_lossy(&rest[split..]).into_owned();
    let mut article = Article::new("fuzz", title, body);
    article.lang = lang;
    if first & 8 != 0 {
        article.published = Some(String::from_utf8_lossy(&rest[..rest.len().min(25)]).into());
    }
    let d = dedup();
    let analysed = d.analyze(&article);
    match d.fingerprint(&article) {
        Ok(fp) => {
            assert!(analysed.is_ok(), "fingerprinted but not analysed");
            assert_eq!(fp.id(), "fuzz");
            if let Some(l) = lang {
                assert_eq!(fp.lang(), l, "the given language is kept");
            }
            decoded_fingerprint(&fp);
            let json = fp.to_json().expect("serialises");
            let back = Fingerprint::from_json(&json).expect("its own JSON decodes");
            assert_eq!(back, fp, "JSON round trip of a pipeline fingerprint");
        }
        Err(e) => {
            assert!(analysed.is_err(), "analysed but not fingerprinted: {e}");
            assert!(!e.to_string().is_empty());
        }
    }
}

/// A check: panics when an input breaks what must hold.
pub type Check = fn(&[u8]);

/// The names of the targets and their checks, for the stable replay.
pub const TARGETS: &[(&str, Check)] = &[
    ("fingerprint_binary", fingerprint_binary),
    ("fingerprint_json", fingerprint_json),
    ("index_file", index_file),
    ("jsonl", jsonl),
    ("text", text),
];

/// Reads every file of a corpus folder (sorted by name; none when the folder is missing).
pub fn corpus(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.path().is_file() {
                let bytes = std::fs::read(e.path()).expect("readable corpus file");
                out.push((e.file_name().to_string_lossy().into_owned(), bytes));
            }
        }
    }
    out.sort();
    out
}
