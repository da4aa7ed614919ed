//! The main job: find which articles describe the same event.
//!
//! ```text
//! cargo run --release --example dedup                      # the embedded fixture articles
//! cargo run --release --example dedup -- --input feed.jsonl --output matches.jsonl [--top 5] [--strict]
//! ```
//!
//! Input: one JSON object a line with `id`, `text`, optional `title`, `lang` (`fr`/`en`) and
//! `published` (`YYYY-MM-DD`); other fields are ignored. Output: one line per article,
//! `{"id", "cluster", "matches": [{"id", "score", "verdict"}]}`, best first, up to `--top`
//! matches (including the best non-matching ones). Bad lines are reported on stderr with their
//! line number and skipped; `--strict` makes them fatal. A progress bar shows on stderr when it
//! is a terminal and the input is large.

#[path = "common/mod.rs"]
mod common;

use std::io::{BufReader, IsTerminal};
use std::process::ExitCode;
use std::time::Instant;

use bilingual_dedup::{Dedup, Verdict};
use indicatif::{ProgressBar, ProgressStyle};

struct Args {
    input: Option<String>,
    output: Option<String>,
    top: usize,
    strict: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        input: None,
        output: None,
        top: 5,
        strict: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--input" => args.input = Some(it.next().ok_or("--input needs a file")?),
            "--output" => args.output = Some(it.next().ok_or("--output needs a file")?),
            "--top" => {
                args.top = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&k| k > 0)
                    .ok_or("--top needs a positive number")?
            }
            "--strict" => args.strict = true,
            "-h" | "--help" => {
                println!(
                    "usage: dedup [--input FILE.jsonl] [--output FILE.jsonl] [--top K] [--strict]"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other:?} (try --help)")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let start = Instant::now();
    let dedup = Dedup::builder().build().map_err(|e| e.to_string())?;
    let inputs = match &args.input {
        Some(path) => {
            let f = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
            common::read_jsonl(BufReader::new(f), path, args.strict)?
        }
        None => common::read_jsonl(common::FIXTURES.as_bytes(), "fixtures/articles.jsonl", true)?,
    };
    let bar = if std::io::stderr().is_terminal() && inputs.len() >= 2_000 {
        let b = ProgressBar::new(inputs.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{msg:12} [{bar:40}] {pos}/{len} {elapsed}")
                .expect("valid template"),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let progress = |stage: &str, pos: u64, len: u64| {
        bar.set_message(stage.to_owned());
        bar.set_length(len);
        bar.set_position(pos);
    };
    let batch = common::run_batch(&dedup, &inputs, args.top, &progress);
    bar.finish_and_clear();

    if let Some(path) = &args.output {
        let f = std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?;
        common::write_predictions(&batch, std::io::BufWriter::new(f))
            .map_err(|e| format!("{path}: {e}"))?;
    }
    if args.input.is_none() {
        print_fixture_report(&dedup, &batch)?;
    }
    let mut sizes: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for fp in &batch.fingerprints {
        let c = batch.cluster.get(fp.id()).map_or(fp.id(), String::as_str);
        sizes.entry(c).or_default().push(fp.id());
    }
    let lang_of: std::collections::HashMap<&str, _> = batch
        .fingerprints
        .iter()
        .map(|f| (f.id(), f.lang()))
        .collect();
    let cross = sizes
        .values()
        .filter(|ids| {
            let mut langs: Vec<_> = ids.iter().map(|i| lang_of[i]).collect();
            langs.dedup();
            langs.len() > 1
        })
        .count();
    eprintln!(
        "{} articles read, {} fingerprinted, {} events ({} reported in both languages), {:.2?}",
        inputs.len(),
        batch.fingerprints.len(),
        sizes.len(),
        cross,
        start.elapsed()
    );
    Ok(())
}

/// Prints, for the embedded articles, the events found and the explanation of each same-event
/// pair.
fn print_fixture_report(dedup: &Dedup, batch: &common::Batch) -> Result<(), String> {
    let by_id: std::collections::HashMap<&str, &bilingual_dedup::Fingerprint> =
        batch.fingerprints.iter().map(|f| (f.id(), f)).collect();
    let mut clusters: Vec<(&String, Vec<&str>)> = Vec::new();
    for fp in &batch.fingerprints {
        let c = &batch.cluster[fp.id()];
        match clusters.iter_mut().find(|(k, _)| *k == c) {
            Some((_, v)) => v.push(fp.id()),
            None => clusters.push((c, vec![fp.id()])),
        }
    }
    println!("== Events ==");
    for (_, ids) in &clusters {
        let langs: Vec<String> = ids
            .iter()
            .map(|i| format!("{} ({})", i, by_id[i].lang()))
            .collect();
        println!("- {}", langs.join(", "));
    }
    println!("\n== Why ==");
    for (fp, hits) in batch.fingerprints.iter().zip(&batch.hits) {
        for h in hits
            .iter()
            .filter(|h| h.id.as_str() > fp.id() && h.verdict != Verdict::Different)
        {
            let m = dedup
                .compare(fp, by_id[h.id.as_str()])
                .map_err(|e| e.to_string())?;
            println!("{} ~ {}: {m}\n", fp.id(), h.id);
        }
    }
    Ok(())
}
