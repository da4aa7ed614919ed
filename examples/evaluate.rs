//! Evaluation harness: precision, recall and F1 of same-event decisions on labelled articles.
//!
//! ```text
//! cargo run --release --example evaluate -- --gold ../shared/data/dev/wmt-2008-2011.jsonl \
//!     --judgments ../shared/data/dev/wmt-2008-2011.judgments.jsonl [--pred-out pred.jsonl] [--all-pairs] \
//!     [--threshold T] [--same-language-threshold T] [--show-hard-negatives]
//! ```
//!
//! A command line over `bilingual_dedup::eval` (see its docs for the data format and the
//! metrics, those of `shared/tools/score_pairs.py`). With no `--gold`, runs on the embedded
//! fixture articles. `--threshold` replaces the default same-event threshold of pairs in two
//! languages, `--same-language-threshold` that of pairs in one language; `--all-pairs` also
//! measures the index's candidate recall against an all-pairs comparison;
//! `--show-hard-negatives` prints, on stderr, the explanation of every judged related/topic
//! pair that was marked same event.

use std::path::PathBuf;
use std::process::ExitCode;

use bilingual_dedup::eval::{evaluate, Gold, LabelledArticle, Options};
use bilingual_dedup::jsonl::JsonLines;
use bilingual_dedup::Dedup;

const FIXTURES: &str = include_str!("../fixtures/articles.jsonl");

#[derive(Default)]
struct Args {
    gold: Option<PathBuf>,
    judgments: Option<PathBuf>,
    show_hard_negatives: bool,
    pred_out: Option<PathBuf>,
    all_pairs: bool,
    threshold: Option<f32>,
    same_language_threshold: Option<f32>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args::default();
    let mut it = std::env::args().skip(1);
    let score = |v: Option<String>, flag: &str| -> Result<f32, String> {
        let v = v.ok_or(format!("{flag} needs a score"))?;
        v.parse().map_err(|_| format!("bad threshold {v:?}"))
    };
    while let Some(x) = it.next() {
        match x.as_str() {
            "--gold" => a.gold = Some(it.next().ok_or("--gold needs a file")?.into()),
            "--judgments" => {
                a.judgments = Some(it.next().ok_or("--judgments needs a file")?.into())
            }
            "--pred-out" => a.pred_out = Some(it.next().ok_or("--pred-out needs a file")?.into()),
            "--all-pairs" => a.all_pairs = true,
            "--show-hard-negatives" => a.show_hard_negatives = true,
            "--threshold" => a.threshold = Some(score(it.next(), "--threshold")?),
            "--same-language-threshold" => {
                a.same_language_threshold = Some(score(it.next(), "--same-language-threshold")?)
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(a)
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

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args()?;
    let gold = match &args.gold {
        Some(p) => Gold::read(p, args.judgments.as_deref())?,
        None => {
            let fixtures = JsonLines::<_, LabelledArticle>::new(FIXTURES.as_bytes())
                .map(|r| r.map(|r| r.value))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|b| format!("fixtures: {b}"))?;
            Gold::new(fixtures, &[])
        }
    };
    for b in gold.bad_lines() {
        eprintln!("skipped {b}");
    }
    let mut builder = Dedup::builder();
    if let Some(t) = args.threshold {
        builder = builder.same_event_threshold(t);
    }
    if let Some(t) = args.same_language_threshold {
        builder = builder.same_language_threshold(t);
    }
    let dedup = builder.build()?;
    let opts = Options {
        all_pairs: args.all_pairs,
    };
    let (report, batch) = evaluate(&dedup, &gold, opts);
    if let Some(p) = &args.pred_out {
        let f = std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()))?;
        batch.write_predictions(std::io::BufWriter::new(f))?;
    }
    if args.show_hard_negatives {
        let fp = |id: &str| batch.fingerprints().iter().find(|f| f.id() == id);
        for (x, y) in &report.hard_negative_errors {
            if let (Some(a), Some(b)) = (fp(x), fp(y)) {
                eprintln!(
                    "hard negative marked same event: {x} / {y}\n{}\n",
                    dedup.compare(a, b)?
                );
            }
        }
    }
    println!("{report}");
    Ok(())
}
