//! The main job: find which articles describe the same event.
//!
//! ```text
//! cargo run --release --example dedup                      # the embedded fixture articles
//! cargo run --release --example dedup -- --input feed.jsonl --output matches.jsonl [--top 5] [--strict]
//! ```
//!
//! With no arguments it runs on the fixture articles written for this crate and prints the
//! events found and why each pair matched. With `--input` it is the `dedup` command of the
//! installable `bilingual-dedup` program, which has more options (`bilingual-dedup dedup
//! --help`): this example runs the same code (`src/bin/bilingual-dedup/jobs.rs`), only with
//! its own few arguments.

use std::collections::HashMap;
use std::process::ExitCode;

use bilingual_dedup::{Batch, Dedup, Fingerprint, Verdict};

#[path = "../src/bin/bilingual-dedup/jobs.rs"]
#[allow(dead_code)] // the `run` and `compare` jobs are the program's only
mod jobs;

use jobs::{DedupJob, Failure, FeedOptions, Sink, Source};

const FIXTURES: &str = include_str!("../fixtures/articles.jsonl");

fn main() -> ExitCode {
    match run() {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<u8, Failure> {
    let mut job = DedupJob {
        input: Source::Bytes(FIXTURES.as_bytes(), "fixtures/articles.jsonl"),
        output: Sink::None,
        top: 5,
        feed: FeedOptions::default(),
        timings: false,
        progress: true,
    };
    let mut fixtures = true;
    let mut it = std::env::args().skip(1);
    let needs = |flag: &str| Failure(format!("{flag} needs a value (try --help)"));
    while let Some(a) = it.next() {
        match a.as_str() {
            "--input" => {
                job.input = Source::parse(&it.next().ok_or_else(|| needs("--input"))?);
                fixtures = false;
            }
            "--output" => job.output = Sink::parse(&it.next().ok_or_else(|| needs("--output"))?),
            "--top" => {
                job.top = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&k| k > 0)
                    .ok_or_else(|| Failure("--top needs a positive number".into()))?
            }
            "--strict" => job.feed.strict = true,
            "-h" | "--help" => {
                println!(
                    "usage: dedup [--input FILE.jsonl] [--output FILE.jsonl] [--top K] [--strict]\n\
                     (the bilingual-dedup program does the same with more options)"
                );
                return Ok(0);
            }
            other => return Err(Failure(format!("unknown argument {other:?} (try --help)"))),
        }
    }
    let dedup = Dedup::builder()
        .build()
        .map_err(|e| Failure::from_error("", &e))?;
    let (batch, _, outcome) = jobs::dedup(&dedup, &job)?;
    if fixtures {
        print_fixture_report(&dedup, &batch).map_err(|e| Failure::from_error("", &e))?;
    }
    Ok(outcome.exit_code())
}

/// Prints the events found and the explanation of each pair at least related.
fn print_fixture_report(dedup: &Dedup, batch: &Batch) -> Result<(), bilingual_dedup::Error> {
    let by_id: HashMap<&str, &Fingerprint> =
        batch.fingerprints().iter().map(|f| (f.id(), f)).collect();
    println!("== Events ==");
    for c in batch.clusters() {
        let members: Vec<String> = c
            .ids
            .iter()
            .map(|i| format!("{i} ({})", by_id[i.as_str()].lang()))
            .collect();
        println!("- {}", members.join(", "));
    }
    for (title, same) in [("Same event", true), ("Related, not the same event", false)] {
        println!("\n== Why: {title} ==");
        for (fp, hits) in batch.fingerprints().iter().zip(batch.hits()) {
            for h in hits.iter().filter(|h| {
                h.id.as_str() > fp.id()
                    && (h.verdict == Verdict::SameEvent) == same
                    && h.verdict != Verdict::Different
            }) {
                let m = dedup.compare(fp, by_id[h.id.as_str()])?;
                println!("{} ~ {}: {m}\n", fp.id(), h.id);
            }
        }
    }
    Ok(())
}
