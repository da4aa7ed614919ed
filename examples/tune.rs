//! Fits the weights of the score and prints the threshold curve: the re-runnable procedure
//! behind the library's `Weights`, `DEFAULT_SAME_EVENT` and `DEFAULT_SAME_EVENT_SAME_LANGUAGE`
//! (`bilingual_dedup::eval::fit` documents each step).
//!
//! ```text
//! cargo run --release --example tune -- \
//!     --gold ../shared/data/dev/wmt-2008-2011.jsonl --judgments ../shared/data/dev/wmt-2008-2011.judgments.jsonl \
//!     --gold ../shared/data/dev/ntrex-2018-dev.jsonl --judgments ../shared/data/dev/ntrex-2018-dev.judgments.jsonl \
//!     --gold eval/independent/tune.jsonl --judgments eval/independent/tune.judgments.jsonl \
//!     [--cross-validate] [--target P] [--same-language-target P]
//! ```
//!
//! Each `--gold` may be followed by its `--judgments`; the sets are pooled (never pass the
//! held-out part, `eval/independent/heldout.jsonl`: tuning must not read it).
//!
//! For pairs in two languages and pairs in one, it prints the fitted weights, the curve of
//! precision, recall, F1 and hard negatives under the fitted and the library's weights, and
//! the threshold the rule chooses (precision ≥ 0.97, best F1, then fewest hard negatives).
//! `--target` sets the precision the rule must keep (both groups; `--same-language-target`
//! sets it apart for pairs in one language). With `--cross-validate`, each data source (`wmt:<set>`, `ntrex`, ...) is held out in turn:
//! fitted and chosen on the others, counted on it.

use std::path::PathBuf;

use bilingual_dedup::eval::fit::{choose, cross_validate, curve, samples, Model, Point, Sample};
use bilingual_dedup::eval::Gold;
use bilingual_dedup::Dedup;

/// The precision a same-event verdict must keep in each group of pairs.
const TARGET_PRECISION: f64 = 0.97;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut sets: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    let mut cross = false;
    let mut target = TARGET_PRECISION;
    let mut same_language_target = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--gold" => sets.push((it.next().ok_or("--gold needs a file")?.into(), None)),
            "--judgments" => {
                let last = sets
                    .last_mut()
                    .ok_or("--judgments comes after its --gold")?;
                last.1 = Some(it.next().ok_or("--judgments needs a file")?.into());
            }
            "--cross-validate" => cross = true,
            "--target" => {
                target = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--target needs a precision")?
            }
            "--same-language-target" => {
                same_language_target = Some(
                    it.next()
                        .and_then(|v| v.parse().ok())
                        .ok_or("--same-language-target needs a precision")?,
                )
            }
            o => return Err(format!("unknown argument {o}").into()),
        }
    }
    if sets.is_empty() {
        return Err("--gold FILE is required".into());
    }
    let gold = Gold::read_sets(&sets)?;
    let dedup = Dedup::builder().build()?;
    let all = samples(&dedup, &gold);
    for same_language in [false, true] {
        let rows: Vec<&Sample> = all
            .rows
            .iter()
            .filter(|r| r.components.same_language == same_language)
            .collect();
        let target = if same_language {
            same_language_target.unwrap_or(target)
        } else {
            target
        };
        report(&rows, same_language, target);
        if cross {
            print_cross_validation(&rows, &all.sources, same_language, target);
        }
    }
    Ok(())
}

fn report(rows: &[&Sample], same_language: bool, target: f64) {
    let pos = rows.iter().filter(|r| r.same).count();
    let hn = rows.iter().filter(|r| r.hard).count();
    let fitted = Model::fit(rows);
    let kind = if same_language {
        "same-language"
    } else {
        "cross-language"
    };
    println!(
        "\n=== {kind} pairs: {} ({pos} positive, {hn} judged hard negatives)",
        rows.len()
    );
    let named: Vec<String> = fitted
        .named()
        .iter()
        .map(|(n, w)| format!("{n} {w:.2}"))
        .collect();
    println!("fitted weights: {}", named.join(", "));
    for (name, model) in [
        ("fitted", fitted),
        ("library", Model::library(same_language)),
    ] {
        println!("{name} weights");
        println!("threshold  precision  recall  f1      hard-neg-fp");
        let c = curve(rows, &model);
        for p in &c {
            let (pr, rc, f) = p.prf();
            println!(
                "{:9.2}  {pr:9.4}  {rc:6.4}  {f:.4}  {}/{}",
                p.threshold, p.hard, p.hard_negatives
            );
        }
        match choose(&c, target) {
            Some(p) => {
                let (pr, _, f) = p.prf();
                println!(
                    "chosen same-event threshold: {:.2} (precision {pr:.4}, F1 {f:.4}, {}/{hn} hard negatives)",
                    p.threshold, p.hard
                )
            }
            None => println!("no threshold reaches precision {target}"),
        }
        calibration(rows, &model);
    }
}

/// Pairs by score decile and the share of them that are the same event.
fn calibration(rows: &[&Sample], model: &Model) {
    let mut bins = [(0usize, 0usize); 10];
    for r in rows {
        let b = ((model.score(&r.components) * 10.0) as usize).min(9);
        bins[b].0 += 1;
        bins[b].1 += r.same as usize;
    }
    println!("calibration: score bin, pairs, share same event");
    for (i, (n, same)) in bins.iter().enumerate().filter(|(_, b)| b.0 > 0) {
        println!(
            "  [{:.1}, {:.1})  {n:7}  {:.3}",
            i as f64 / 10.0,
            (i + 1) as f64 / 10.0,
            *same as f64 / *n as f64
        );
    }
}

fn print_cross_validation(rows: &[&Sample], sources: &[String], same_language: bool, target: f64) {
    let folds = cross_validate(rows, sources, target);
    if folds.is_empty() {
        println!("cross-validation needs articles from two data sources or more");
        return;
    }
    let kind = if same_language { "same" } else { "cross" };
    println!(
        "\nleave-one-source-out ({kind}-language pairs; fitted and chosen on the other sources)"
    );
    println!(
        "held-out source       threshold  tp    fp  fn   precision  recall  f1      hard-neg-fp"
    );
    let line = |name: &str, t: String, p: &Point| {
        let (pr, rc, f) = p.prf();
        println!(
            "{name:<20}  {t:>9}  {:<4}  {:<2}  {:<3}  {pr:9.4}  {rc:6.4}  {f:.4}  {}/{}",
            p.tp,
            p.fp,
            p.positives - p.tp,
            p.hard,
            p.hard_negatives
        );
    };
    let mut pooled = Point {
        threshold: 0.0,
        tp: 0,
        fp: 0,
        hard: 0,
        positives: 0,
        hard_negatives: 0,
    };
    for f in &folds {
        line(&f.source, format!("{:.2}", f.threshold), &f.point);
        pooled.tp += f.point.tp;
        pooled.fp += f.point.fp;
        pooled.hard += f.point.hard;
        pooled.positives += f.point.positives;
        pooled.hard_negatives += f.point.hard_negatives;
    }
    line("pooled", String::new(), &pooled);
}
