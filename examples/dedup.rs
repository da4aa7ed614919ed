//! The main job: find which articles describe the same event.
//!
//! ```text
//! cargo run --release --example dedup                      # the embedded fixture articles
//! cargo run --release --example dedup -- --input feed.jsonl --output matches.jsonl [--top 5]
//! ```
//!
//! With no arguments it runs on the fixture articles written for this crate and prints the
//! events found and why each pair matched. With `--input` it reads one article a line (`id`,
//! `text`, optional `title`, `lang`, `published`; see `bilingual_dedup::jsonl` for what is
//! accepted) and writes `{"id", "cluster", "matches": [{"id", "score", "verdict"}]}` lines to
//! `--output`, best matches first. Bad lines are named on stderr and skipped. The installable
//! `bilingual-dedup` program does the same job with more options.

use std::collections::HashMap;
use std::process::ExitCode;

use bilingual_dedup::jsonl::{unique_by_id, JsonLines};
use bilingual_dedup::{Article, Batch, Dedup, Fingerprint, Verdict};

const FIXTURES: &str = include_str!("../fixtures/articles.jsonl");

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let (mut input, mut output, mut top) = (None, None, 5);
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--input" => input = Some(it.next().ok_or("--input needs a file")?),
            "--output" => output = Some(it.next().ok_or("--output needs a file")?),
            "--top" => {
                top = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&k| k > 0)
                    .ok_or("--top needs a positive number")?
            }
            "-h" | "--help" => {
                println!("usage: dedup [--input FILE.jsonl] [--output FILE.jsonl] [--top K]");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?} (try --help)").into()),
        }
    }
    let start = std::time::Instant::now();
    let text = match &input {
        Some(path) => std::fs::read(path).map_err(|e| format!("{path}: {e}"))?,
        None => FIXTURES.as_bytes().to_vec(),
    };
    let name = input.as_deref().unwrap_or("fixtures/articles.jsonl");
    let mut records = Vec::new();
    for line in JsonLines::<_, Article>::new(&text[..]) {
        match line {
            Ok(r) => records.push(r),
            Err(bad) => eprintln!("skipped {name}:{bad}"),
        }
    }
    let (records, dups) = unique_by_id(records, |a| &a.id);
    for bad in dups {
        eprintln!("skipped {name}:{bad}");
    }
    let articles: Vec<Article> = records.into_iter().map(|r| r.value).collect();

    let dedup = Dedup::builder().build()?;
    let batch = dedup.run_batch(&articles, top);
    for (i, e) in batch.failed() {
        eprintln!("skipped article {:?}: {e}", articles[*i].id);
    }
    if let Some(path) = &output {
        let f = std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?;
        batch.write_predictions(std::io::BufWriter::new(f))?;
    }
    if input.is_none() {
        print_fixture_report(&dedup, &batch)?;
    }
    let lang: HashMap<&str, _> = batch
        .fingerprints()
        .iter()
        .map(|f| (f.id(), f.lang()))
        .collect();
    let cross = batch
        .clusters()
        .iter()
        .filter(|c| {
            c.ids
                .iter()
                .any(|id| lang[id.as_str()] != lang[c.ids[0].as_str()])
        })
        .count();
    eprintln!(
        "{} articles read, {} fingerprinted, {} events ({cross} reported in both languages), {:.2?}",
        articles.len(),
        batch.fingerprints().len(),
        batch.clusters().len(),
        start.elapsed()
    );
    Ok(())
}

/// Prints the events found and the explanation of each pair at least related.
fn print_fixture_report(dedup: &Dedup, batch: &Batch) -> Result<(), Box<dyn std::error::Error>> {
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
