//! The fuzz targets' checks (`fuzz/src/lib.rs`) on stable Rust: the committed corpus of each
//! target (`fuzz/corpus/NAME/`), then mutations of it from a fixed-seed generator. The long
//! runs are cargo-fuzz's (`fuzz/README.md`); this keeps every check running in `cargo test`.

mod common;
#[path = "../fuzz/src/lib.rs"]
mod targets;

use std::path::{Path, PathBuf};

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target)
}

/// A few byte-level edits of the kinds a fuzzer makes: flip, overwrite, insert, delete, cut,
/// duplicate a span, write an interesting integer.
fn mutate(rng: &mut common::Rng, input: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = v.len();
        let at = rng.below(len + 1);
        match rng.below(7) {
            0 if len > 0 => v[at.min(len - 1)] ^= 1 << rng.below(8),
            1 if len > 0 => v[at.min(len - 1)] = rng.next() as u8,
            2 => v.insert(at, rng.next() as u8),
            3 if at < len => {
                v.remove(at);
            }
            4 => v.truncate(at),
            5 if at < len => {
                let end = (at + 1 + rng.below(64)).min(len);
                let span = v[at..end].to_vec();
                let to = rng.below(v.len() + 1);
                v.splice(to..to, span);
            }
            _ if len >= 4 => {
                let word: u32 = [0, 1, 0xff, 0xffff, 0x7fff_ffff, u32::MAX][rng.below(6)];
                let at = at.min(len - 4);
                v[at..at + 4].copy_from_slice(&word.to_le_bytes());
            }
            _ => v.push(b'\n'),
        }
    }
    v
}

#[test]
fn every_target_has_seeds_and_they_pass() {
    for (name, check) in targets::TARGETS {
        let seeds = targets::corpus(&corpus_dir(name));
        assert!(seeds.len() >= 3, "{name}: only {} seeds", seeds.len());
        for (file, bytes) in &seeds {
            eprintln!("{name}/{file}");
            check(bytes);
        }
    }
}

#[test]
fn mutations_of_the_seeds_pass() {
    // Fewer rounds for the pipeline, which is slow in the dev profile.
    let rounds = |name: &str| if name == "text" { 300 } else { 2_000 };
    for (t, (name, check)) in targets::TARGETS.iter().enumerate() {
        let seeds = targets::corpus(&corpus_dir(name));
        let mut rng = common::Rng(0x5eed_0000 + t as u64);
        for _ in 0..rounds(name) {
            let (_, seed) = &seeds[rng.below(seeds.len())];
            let input = mutate(&mut rng, seed);
            check(&input);
        }
        // And bytes that owe nothing to the seeds.
        for _ in 0..50 {
            let n = rng.below(300);
            let input: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            check(&input);
        }
    }
}

/// Found by the fuzz targets with overflow checks on (`fingerprint_json`, `fingerprint_binary`):
/// a decoded fingerprint whose weekday number has the value 0 panicked when it was displayed
/// (in a comparison's explanation, `NumberKey::display`), `value as usize - 1` underflowing.
/// Fixed in `src/extract/numbers.rs` on main.
#[test]
fn a_decoded_weekday_of_zero_displays_without_panic() {
    let json = std::fs::read_to_string(corpus_dir("fingerprint_json").join("inetum-fr")).unwrap();
    let json = json.replace(
        "\"kind\":\"weekday\",\"value\":2.0",
        "\"kind\":\"weekday\",\"value\":0.0",
    );
    let fp = bilingual_dedup::Fingerprint::from_json(&json).expect("still a fingerprint");
    let n = fp
        .numbers()
        .iter()
        .find(|n| n.value == 0.0)
        .expect("the weekday");
    assert_eq!(n.display(), "?");
    let m = targets::dedup().compare(&fp, &fp).unwrap();
    assert!(m.to_string().contains("shared numbers"));
}

/// Writes the seeds of every target from the fixture articles (run by hand:
/// `cargo test --test fuzz -- --ignored write_seeds`); the files are committed.
#[test]
#[ignore]
fn write_seeds() {
    let d = targets::dedup();
    let put = |target: &str, name: &str, bytes: &[u8]| {
        let dir = corpus_dir(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    };
    let fixtures = common::fixtures();
    let ids = ["inetum-fr", "inetum-en", "storm-en-rewrite"];
    let mut fps = Vec::new();
    for f in &fixtures {
        let fp = d.fingerprint(&f.article).unwrap();
        if ids.contains(&fp.id()) {
            put("fingerprint_binary", fp.id(), &fp.to_bytes());
            put(
                "fingerprint_json",
                fp.id(),
                fp.to_json().unwrap().as_bytes(),
            );
            // Lang given (first byte 1 or 2, title split off: +4), dated (+8).
            let lang = if fp.lang() == bilingual_dedup::Lang::Fr {
                1
            } else {
                2
            };
            let mut text = vec![lang + 4];
            text.extend_from_slice(f.article.title.as_bytes());
            text.push(b'\n');
            text.extend_from_slice(f.article.body.as_bytes());
            put("text", fp.id(), &text);
        }
        fps.push(fp);
    }
    put(
        "text",
        "detect",
        "\0Le gouvernement a signé un accord avec 1.500 emplois.".as_bytes(),
    );
    put(
        "text",
        "dated",
        b"\x092024-03-12T23:30:00+01:00 The government signed.",
    );
    for (name, n) in [("one", 1), ("three", 3), ("all", fps.len())] {
        let mut index = d.index();
        index.par_insert(&fps[..n]).unwrap();
        let mut file = Vec::new();
        index.write_to(&mut file).unwrap();
        put("index_file", name, &file);
    }
    let mut feed = Vec::new();
    for f in fixtures.iter().take(2) {
        feed.extend_from_slice(serde_json::to_string(&f.article).unwrap().as_bytes());
        feed.extend_from_slice(b"\r\n");
    }
    let jsonl = |name: &str, opts: u8, body: &[u8]| {
        let mut v = vec![opts];
        v.extend_from_slice(body);
        put("jsonl", name, &v);
    };
    jsonl("fixtures", 0, &feed);
    jsonl(
        "scraper",
        1,
        b"\xEF\xBB\xBF{\"id\": 7, \"title\": null, \"text\": \"Le gouvernement.\", \
          \"published\": \"2024-03-12T23:30:00+01:00\"}\r\n\n   \n\
          {\"id\":\"b\",\"text\":\"caf\xe9\"}\n{\"id\":\"7\",\"body\":\"dup\",\"lang\":\"en\"}\n[1]\n\
          {\"id\":\"c\",\"text\":\"no end\"}",
    );
    jsonl("short-lines", 2 | (20 << 2), b"{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"long\",\"text\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n");
}
