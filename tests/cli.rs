//! The `bilingual-dedup` program, run as a user runs it: one test per class of bad input a
//! scraper produces (each checks that stderr names the line and why, and that the output keeps
//! every good line), the exit codes, the `run` daily job and `compare`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

const FIXTURES: &str = include_str!("../fixtures/articles.jsonl");

/// A fixture article's line, with its `event` label left in (the reader ignores it).
fn fixture(id: &str) -> String {
    FIXTURES
        .lines()
        .find(|l| l.contains(&format!("\"id\": \"{id}\"")))
        .unwrap_or_else(|| panic!("no fixture {id}"))
        .to_owned()
}

/// The fixture line with another id.
fn renamed(id: &str, new: &str) -> String {
    fixture(id).replacen(
        &format!("\"id\": \"{id}\""),
        &format!("\"id\": \"{new}\""),
        1,
    )
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The output lines as JSON, in order.
    fn lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).expect("an output line is JSON"))
            .collect()
    }
    fn ids(&self) -> Vec<String> {
        self.lines()
            .iter()
            .map(|v| v["id"].as_str().expect("id").to_owned())
            .collect()
    }
    /// The stderr lines naming `name:line:`.
    fn named(&self, name: &str, line: usize) -> Vec<&str> {
        let prefix = format!("{name}:{line}: ");
        self.stderr
            .lines()
            .filter(|l| l.starts_with(&prefix))
            .collect()
    }
}

fn run(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bilingual-dedup"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program starts");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("the program ends");
    writer.join().unwrap();
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bdcli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn feed(lines: &[&[u8]]) -> Vec<u8> {
    let mut v = Vec::new();
    for l in lines {
        v.extend_from_slice(l);
        v.push(b'\n');
    }
    v
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn invalid_utf8_skips_the_line_and_keeps_the_others() {
    let fr = fixture("inetum-fr");
    let en = fixture("inetum-en");
    let input = feed(&[
        fr.as_bytes(),
        b"{\"id\": \"broken\", \"lang\": \"fr\", \"text\": \"Le caf\xe9 du gouvernement a ferm\xe9.\"}",
        en.as_bytes(),
    ]);
    let dir = scratch("utf8");
    let path = dir.join("feed.jsonl");
    std::fs::write(&path, &input).unwrap();
    let r = run(&["dedup", "--input", s(&path)], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.ids(), ["inetum-fr", "inetum-en"]);
    let named = r.named(s(&path), 2);
    assert_eq!(named.len(), 1, "{}", r.stderr);
    assert!(named[0].contains("skipped: invalid UTF-8"), "{}", named[0]);
    assert!(
        r.stderr.contains("1 line skipped (1 invalid UTF-8)"),
        "{}",
        r.stderr
    );
    // The pair around the bad line is still found.
    assert_eq!(r.lines()[0]["matches"][0]["id"], "inetum-en");

    // --strict: the same output, exit status 1.
    let strict = run(&["dedup", "--input", s(&path), "--strict"], b"");
    assert_eq!(strict.code, 1);
    assert_eq!(strict.stdout, r.stdout);

    // --lossy keeps the line, and says so.
    let lossy = run(&["dedup", "--input", s(&path), "--lossy"], b"");
    assert_eq!(lossy.code, 0, "{}", lossy.stderr);
    assert_eq!(lossy.ids(), ["inetum-fr", "broken", "inetum-en"]);
    assert!(
        lossy.named(s(&path), 2)[0].contains("replaced by U+FFFD"),
        "{}",
        lossy.stderr
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn byte_order_marks_crlf_and_blank_lines_are_read() {
    let mut input = Vec::new();
    input.extend_from_slice(b"\xEF\xBB\xBF");
    input.extend_from_slice(fixture("storm-fr").as_bytes());
    input.extend_from_slice(b"\r\n\r\n   \r\n\n");
    // A second export concatenated to the first: its own byte-order mark.
    input.extend_from_slice(b"\xEF\xBB\xBF");
    input.extend_from_slice(fixture("storm-en").as_bytes());
    input.extend_from_slice(b"\r\nnot json\r\n");
    let r = run(&["dedup"], &input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.ids(), ["storm-fr", "storm-en"]);
    assert_eq!(r.lines()[0]["matches"][0]["verdict"], "same_event");
    // Blank lines are not reported, but count: the bad line is line 6.
    let named = r.named("<stdin>", 6);
    assert_eq!(named.len(), 1, "{}", r.stderr);
    assert!(named[0].contains("not an article"), "{}", named[0]);
    assert_eq!(r.stderr.matches("skipped:").count(), 1, "{}", r.stderr);
}

#[test]
fn a_line_of_several_megabytes_is_kept() {
    let body = "Le gouvernement marocain a signé mardi à Rabat un accord avec Inetum pour créer \
                1.500 emplois. "
        .repeat(40_000);
    assert!(body.len() > 3 << 20);
    let big = serde_json::json!({"id": "big", "lang": "fr", "text": body}).to_string();
    let input = feed(&[
        fixture("ecb-en").as_bytes(),
        big.as_bytes(),
        fixture("ecb-fr").as_bytes(),
    ]);
    let r = run(&["dedup"], &input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.ids(), ["ecb-en", "big", "ecb-fr"]);
    assert!(!r.stderr.contains("skipped:"), "{}", r.stderr);
}

#[test]
fn ids_given_as_numbers_are_ids() {
    let input = feed(&[
        renamed("football-fr", "x")
            .replace("\"id\": \"x\"", "\"id\": 1001")
            .as_bytes(),
        renamed("football-en", "x")
            .replace("\"id\": \"x\"", "\"id\": 1002")
            .as_bytes(),
        br#"{"id": 1.5, "text": "Le gouvernement a sign\xc3\xa9."}"#,
    ]);
    let r = run(&["dedup"], &input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.ids(), ["1001", "1002"]);
    assert_eq!(r.lines()[0]["matches"][0]["id"], "1002");
    // A fractional id is not an id: named, skipped.
    assert_eq!(r.named("<stdin>", 3).len(), 1, "{}", r.stderr);
}

#[test]
fn duplicate_ids_keep_the_first_and_name_the_later_ones() {
    let first = fixture("vaccine-fr");
    let again = renamed("election-en", "vaccine-fr");
    let input = feed(&[
        first.as_bytes(),
        fixture("ecb-en").as_bytes(),
        again.as_bytes(),
    ]);
    let r = run(&["dedup", "--strict"], &input);
    assert_eq!(r.code, 1);
    assert_eq!(r.ids(), ["vaccine-fr", "ecb-en"]);
    let named = r.named("<stdin>", 3);
    assert_eq!(named.len(), 1, "{}", r.stderr);
    assert!(
        named[0].contains("duplicate id \"vaccine-fr\" (first on line 1"),
        "{}",
        named[0]
    );
    assert!(r.stderr.contains("1 duplicate id"), "{}", r.stderr);
}

#[test]
fn published_timestamps_with_time_and_zone_are_dates() {
    let with_date = |id: &str, date: &str| {
        let mut v: Value = serde_json::from_str(&fixture(id)).unwrap();
        v["published"] = Value::from(date);
        v.to_string()
    };
    // One day apart in the timestamps: the same event.
    let close = feed(&[
        with_date("inetum-fr", "2024-03-12T23:30:00+01:00").as_bytes(),
        with_date("inetum-en", "2024-03-13T08:00:00Z").as_bytes(),
    ]);
    let r = run(&["dedup"], &close);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.lines()[0]["matches"][0]["verdict"], "same_event");
    // A month apart: outside the event window, so the dates were read.
    let far = feed(&[
        with_date("inetum-fr", "2024-03-12T23:30:00+01:00").as_bytes(),
        with_date("inetum-en", "2024-04-20T08:00:00.123-05:00").as_bytes(),
    ]);
    let r = run(&["dedup"], &far);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.lines()[0]["matches"][0]["verdict"], "related");
}

#[test]
fn articles_that_cannot_be_analysed_are_named_by_line() {
    let input = feed(&[
        fixture("storm-fr").as_bytes(),
        br#"{"id": "empty", "text": "!!! ... ---"}"#,
        br#"{"id": "de", "text": "Die Bundesregierung hat am Mittwoch beschlossen, dass die Steuern sinken."}"#,
        fixture("storm-en").as_bytes(),
    ]);
    let r = run(&["dedup"], &input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.ids(), ["storm-fr", "storm-en"]);
    assert!(
        r.named("<stdin>", 2)[0].contains("\"empty\""),
        "{}",
        r.stderr
    );
    assert!(
        r.named("<stdin>", 3)[0].contains("language"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("2 not analysable"), "{}", r.stderr);
}

#[test]
fn files_timings_and_thresholds() {
    let dir = scratch("files");
    let input = dir.join("feed.jsonl");
    std::fs::write(&input, FIXTURES).unwrap();
    let output = dir.join("out.jsonl");
    let r = run(
        &[
            "dedup",
            "-i",
            s(&input),
            "-o",
            s(&output),
            "--timings",
            "--top",
            "2",
        ],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let out = std::fs::read_to_string(&output).unwrap();
    assert_eq!(out.lines().count(), FIXTURES.lines().count());
    for line in out.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert!(v["matches"].as_array().unwrap().len() <= 2);
    }
    for phase in [
        "read/parse",
        "fingerprint",
        "index",
        "candidates",
        "compare",
        "cluster",
        "write",
    ] {
        assert!(
            r.stderr.lines().any(|l| l.starts_with(phase)),
            "no {phase} in\n{}",
            r.stderr
        );
    }
    // A stricter threshold turns the machine translation's pair into "related".
    let count = |r: &Run| r.stdout.matches("same_event").count();
    let default = run(&["dedup", "-i", s(&input)], b"");
    let strict = run(
        &[
            "dedup",
            "-i",
            s(&input),
            "--threshold",
            "0.9999",
            "--same-language-threshold",
            "1",
        ],
        b"",
    );
    assert_eq!(strict.code, 0, "{}", strict.stderr);
    assert!(count(&strict) < count(&default), "{}", strict.stdout);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_and_io_errors_exit_2_with_a_sentence() {
    let r = run(&["dedup", "--input", "/no/such/feed.jsonl"], b"");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: cannot read /no/such/feed.jsonl: "),
        "{}",
        r.stderr
    );
    let r = run(&["dedup", "--output", "/no/such/dir/out.jsonl"], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("/no/such/dir/out.jsonl"), "{}", r.stderr);
    let r = run(&["dedup", "--threshold", "1.5"], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("same_event_threshold"), "{}", r.stderr);
    for args in [
        &["dedup", "--top", "0"][..],
        &["frobnicate"],
        &["run"],
        &["compare", "a"],
    ] {
        assert_eq!(run(args, b"").code, 2, "{args:?}");
    }
    // No Debug formatting in messages.
    assert!(!r.stderr.contains("Error {"), "{}", r.stderr);
}

#[test]
fn an_earlier_output_survives_a_failed_run_and_is_replaced_by_a_good_one() {
    let dir = scratch("output");
    let output = dir.join("out.jsonl");
    std::fs::write(&output, "earlier results\n".repeat(1000)).unwrap();
    let r = run(
        &["dedup", "-i", "/no/such/feed.jsonl", "-o", s(&output)],
        b"",
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "earlier results\n".repeat(1000)
    );
    let r = run(&["dedup", "-o", s(&output)], fixture("ecb-fr").as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = std::fs::read_to_string(&output).unwrap();
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("{\"cluster\":\"ecb-fr\""), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn help_has_an_example_and_the_exit_codes() {
    for cmd in ["dedup", "run", "compare"] {
        let r = run(&[cmd, "--help"], b"");
        assert_eq!(r.code, 0);
        assert!(r.stdout.contains("Example:"), "{cmd}: {}", r.stdout);
        assert!(
            r.stdout.contains(&format!("bilingual-dedup {cmd} ")),
            "{cmd}"
        );
        assert!(r.stdout.contains("Exit status"), "{cmd}");
    }
    let r = run(&["--help"], b"");
    assert!(r.stdout.contains("1 when --strict"), "{}", r.stdout);
}

#[test]
fn run_keeps_an_index_from_day_to_day() {
    let dir = scratch("run");
    let state = dir.join("feed.bdix");
    let day1 = dir.join("day1.jsonl");
    let day2 = dir.join("day2.jsonl");
    std::fs::write(
        &day1,
        feed(&[
            fixture("inetum-fr").as_bytes(),
            fixture("novatek-morocco-en").as_bytes(),
        ]),
    )
    .unwrap();
    std::fs::write(
        &day2,
        feed(&[
            fixture("inetum-en").as_bytes(),
            fixture("inetum-en-mt").as_bytes(),
            b"\xff\xfe not a line",
            fixture("novatek-morocco-en").as_bytes(),
        ]),
    )
    .unwrap();
    let r1 = run(&["run", "--index", s(&state), "--input", s(&day1)], b"");
    assert_eq!(r1.code, 0, "{}", r1.stderr);
    assert_eq!(r1.ids(), ["inetum-fr", "novatek-morocco-en"]);
    assert!(r1.stderr.contains("no index yet"), "{}", r1.stderr);
    assert!(state.exists());

    let r2 = run(
        &["run", "--index", s(&state), "--input", s(&day2), "--strict"],
        b"",
    );
    assert_eq!(r2.code, 1, "{}", r2.stderr);
    // Today's articles are matched with yesterday's.
    assert_eq!(r2.ids(), ["inetum-en", "inetum-en-mt"]);
    let lines = r2.lines();
    let ids: Vec<&str> = lines[0]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"inetum-fr"), "{}", r2.stdout);
    assert!(
        r2.named(s(&day2), 3)[0].contains("invalid UTF-8"),
        "{}",
        r2.stderr
    );
    assert!(
        r2.named(s(&day2), 4)[0].contains("already in"),
        "{}",
        r2.stderr
    );
    assert!(
        r2.stderr
            .contains("2 articles before, 0 expired, 2 added, 4 now"),
        "{}",
        r2.stderr
    );

    // A day months later expires everything older than the event window before it.
    let later = dir.join("later.jsonl");
    std::fs::write(&later, feed(&[fixture("election-en").as_bytes()])).unwrap();
    let r3 = run(&["run", "--index", s(&state), "--input", s(&later)], b"");
    assert_eq!(r3.code, 0, "{}", r3.stderr);
    assert!(
        r3.stderr
            .contains("4 articles before, 4 expired, 1 added, 1 now"),
        "{}",
        r3.stderr
    );
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn run_leaves_an_index_that_does_not_load_untouched() {
    let dir = scratch("corrupt");
    let state = dir.join("feed.bdix");
    let day = dir.join("day.jsonl");
    std::fs::write(&day, feed(&[fixture("ecb-fr").as_bytes()])).unwrap();
    assert_eq!(
        run(&["run", "--index", s(&state), "--input", s(&day)], b"").code,
        0
    );
    let mut bytes = std::fs::read(&state).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&state, &bytes).unwrap();
    std::fs::write(&day, feed(&[fixture("ecb-en").as_bytes()])).unwrap();
    let r = run(&["run", "--index", s(&state), "--input", s(&day)], b"");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(&format!("error: {}: ", s(&state))),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("the index file is left as it is"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
    assert_eq!(
        std::fs::read(&state).unwrap(),
        bytes,
        "the index file was changed"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn compare_explains_two_files() {
    let dir = scratch("compare");
    let fr: Value = serde_json::from_str(&fixture("inetum-fr")).unwrap();
    let en: Value = serde_json::from_str(&fixture("inetum-en")).unwrap();
    let a = dir.join("inetum-fr.txt");
    std::fs::write(
        &a,
        format!(
            "{}\n\n{}",
            fr["title"].as_str().unwrap(),
            fr["text"].as_str().unwrap()
        ),
    )
    .unwrap();
    // A JSON article laid out over several lines, with a byte-order mark.
    let b = dir.join("inetum-en.json");
    let mut json = b"\xEF\xBB\xBF".to_vec();
    json.extend_from_slice(serde_json::to_string_pretty(&en).unwrap().as_bytes());
    std::fs::write(&b, json).unwrap();
    let r = run(&["compare", s(&a), s(&b)], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("inetum-fr.txt (fr) ~ inetum-en (en): same_event (score "),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("shared names: Inetum"), "{}", r.stdout);
    let c = dir.join("ecb-en.json");
    std::fs::write(&c, fixture("ecb-en")).unwrap();
    let r = run(&["compare", s(&a), s(&c)], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(": different (score"), "{}", r.stdout);
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "...").unwrap();
    let r = run(&["compare", s(&a), s(&empty)], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(s(&empty)), "{}", r.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}
