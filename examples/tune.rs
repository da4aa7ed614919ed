//! Fits the weights of the score and prints the threshold curve: the documented, re-runnable
//! procedure behind `compare::WEIGHTS`, `DEFAULT_SAME_EVENT` and
//! `DEFAULT_SAME_EVENT_SAME_LANGUAGE`.
//!
//! ```text
//! cargo run --release --example tune -- --gold ../shared/data/dev/wmt-2008-2011.jsonl \
//!     --judgments ../shared/data/dev/wmt-2008-2011.judgments.jsonl [--cross-validate]
//! ```
//!
//! 1. Fingerprint every article and compare every pair (no index), keeping the component
//!    signals of each pair ([`Components`]).
//! 2. Label each pair from the gold events (judged `same_event` pairs merged, `ambiguous`
//!    pairs left out).
//! 3. Separately for pairs in different languages and in the same language, fit a logistic
//!    regression of the label on the signals (concepts, entities, numbers,
//!    conflict, days apart > 3) by Newton's method (IRLS) with a small L2 penalty, keeping
//!    every signal's weight non-negative (a signal fitted negative is dropped and the rest
//!    refitted) so that the score is monotone in the signals. The score
//!    is then the probability that a pair drawn from a batch like the dev set's (a few hundred
//!    articles of the same days) reports one event; it needs no statistics of the batch at hand.
//! 4. Print the fitted weights and, for thresholds 0.05…0.95 (then 0.96…0.99), precision,
//!    recall, F1 and the rate of judged `related`/`topic` pairs called the same event. The
//!    library's weights are these rounded. Its default thresholds, one per group
//!    (`DEFAULT_SAME_EVENT` for pairs in two languages, `DEFAULT_SAME_EVENT_SAME_LANGUAGE` for
//!    pairs in one), are the points it prints as chosen: precision ≥ 0.97 with the best F1,
//!    then the fewest hard negatives. Same-language pairs only reach that precision at 0.99:
//!    below it, their score cannot tell independent reports of one event from reports of
//!    neighbouring ones.
//! 5. With `--cross-validate`, estimate how the procedure does on articles it was not fitted
//!    on: for each test set of the dev file (events are named `wmt:<set>:<document>`), fit the
//!    weights and choose the threshold on the pairs of the other sets, then count the held-out
//!    set's pairs; print each set and the pooled counts.

#[path = "common/mod.rs"]
mod common;

use std::collections::{HashMap, HashSet};
use std::io::BufReader;

use bilingual_dedup::{Components, Dedup, MAX_DAYS_APART};
use rayon::prelude::*;

fn main() -> Result<(), String> {
    let mut gold_path = None;
    let mut judg_path = None;
    let mut cross_validate = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--gold" => gold_path = it.next(),
            "--judgments" => judg_path = it.next(),
            "--cross-validate" => cross_validate = true,
            o => return Err(format!("unknown argument {o}")),
        }
    }
    let gold_path = gold_path.ok_or("--gold FILE is required")?;
    let f = std::fs::File::open(&gold_path).map_err(|e| e.to_string())?;
    let inputs = common::read_jsonl(BufReader::new(f), &gold_path, false)?;
    let mut merge: Vec<(String, String)> = Vec::new();
    let mut excluded = HashSet::new();
    let mut hard = HashSet::new();
    if let Some(p) = judg_path {
        for line in std::fs::read_to_string(p)
            .map_err(|e| e.to_string())?
            .lines()
        {
            let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            let (a, b) = (
                v["event_a"].as_str().unwrap_or_default().to_owned(),
                v["event_b"].as_str().unwrap_or_default().to_owned(),
            );
            let k = if a < b {
                (a.clone(), b.clone())
            } else {
                (b.clone(), a.clone())
            };
            match v["label"].as_str() {
                Some("same_event") => merge.push((a, b)),
                Some("ambiguous") => {
                    excluded.insert(k);
                }
                Some("related") | Some("topic") => {
                    hard.insert(k);
                }
                _ => {}
            }
        }
    }
    // Gold event per article, with judged merges (tiny union-find by relabelling).
    let mut canon: HashMap<String, String> = HashMap::new();
    let find = |canon: &HashMap<String, String>, mut e: String| {
        while let Some(p) = canon.get(&e) {
            e = p.clone();
        }
        e
    };
    for (a, b) in merge {
        let (ra, rb) = (find(&canon, a), find(&canon, b));
        if ra != rb {
            canon.insert(ra, rb);
        }
    }
    let dedup = Dedup::builder().build().map_err(|e| e.to_string())?;
    let mut fps = Vec::new();
    let mut sets: Vec<String> = Vec::new();
    for i in &inputs {
        let Ok(fp) = dedup.fingerprint(&i.article) else {
            continue;
        };
        let ev = i.event.clone().unwrap_or_default();
        let g = find(&canon, ev.clone());
        // Fold of the article for --cross-validate: its test set (`wmt:<set>:<doc>` events).
        let set = ev.split(':').nth(1).unwrap_or_default().to_owned();
        let fold = match sets.iter().position(|s| *s == set) {
            Some(f) => f,
            None => {
                sets.push(set);
                sets.len() - 1
            }
        };
        fps.push((fp, ev, g, fold));
    }
    // Every pair once.
    let rows: Vec<Row> = (0..fps.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            let (dedup, excluded, hard, fps) = (&dedup, &excluded, &hard, &fps);
            (i + 1..fps.len()).filter_map(move |j| {
                let ((a, ea, ga, fa), (b, eb, gb, fb)) = (&fps[i], &fps[j]);
                let k = if ea < eb {
                    (ea.clone(), eb.clone())
                } else {
                    (eb.clone(), ea.clone())
                };
                if excluded.contains(&k) {
                    return None;
                }
                let m = dedup.compare(a, b).ok()?;
                Some(Row {
                    c: m.explanation().components,
                    same: ga == gb,
                    hard: hard.contains(&k) && ga != gb,
                    folds: (*fa, *fb),
                })
            })
        })
        .collect();
    for same_language in [false, true] {
        let group: Vec<&Row> = rows
            .iter()
            .filter(|r| r.c.same_language == same_language)
            .collect();
        report(&group, same_language);
        if cross_validate {
            cross_validation(&group, &sets, same_language);
        }
    }
    Ok(())
}

/// One compared pair.
struct Row {
    c: Components,
    /// Same gold event.
    same: bool,
    /// Judged `related`/`topic`.
    hard: bool,
    /// Folds (test sets) of the two articles.
    folds: (usize, usize),
}

/// Thresholds 0.05..0.95 by 0.05, then 0.96..0.99 by 0.01 for groups whose precision only
/// reaches the target near certainty.
fn grid() -> Vec<f64> {
    (1..20)
        .map(|s| s as f64 * 0.05)
        .chain((96..100).map(|s| s as f64 * 0.01))
        .collect()
}

fn logistic(xi: &[f64; 6], w: &[f64; 6]) -> f64 {
    let z: f64 = xi.iter().zip(w).map(|(a, b)| a * b).sum();
    1.0 / (1.0 + (-z).exp())
}

/// (true positives, false positives, judged hard negatives called same) at threshold `t`.
fn counts(x: &[[f64; 6]], rows: &[&Row], w: &[f64; 6], t: f64) -> (usize, usize, usize) {
    let (mut tp, mut fp, mut hfp) = (0, 0, 0);
    for (xi, r) in x.iter().zip(rows) {
        if logistic(xi, w) >= t {
            if r.same {
                tp += 1
            } else {
                fp += 1
            }
            hfp += r.hard as usize;
        }
    }
    (tp, fp, hfp)
}

/// The rule for the default threshold: on the grid, precision ≥ [`TARGET_PRECISION`] with the
/// best F1, then the fewest hard negatives. Prints the curve when `print`.
fn choose(x: &[[f64; 6]], rows: &[&Row], w: &[f64; 6], print: bool) -> Option<f64> {
    let pos = rows.iter().filter(|r| r.same).count();
    let hn = rows.iter().filter(|r| r.hard).count();
    if print {
        println!("threshold  precision  recall  f1      hard-neg-fp");
    }
    // (threshold, f1, hard negatives) of the best point meeting the target.
    let mut chosen: Option<(f64, f64, usize)> = None;
    for t in grid() {
        let (tp, fp, hfp) = counts(x, rows, w, t);
        let (p, rc, f) = common::prf(tp, fp, pos);
        if print {
            println!("{t:9.2}  {p:9.4}  {rc:6.4}  {f:.4}  {hfp}/{hn}");
        }
        let better = chosen.is_none_or(|(_, bf, bh)| f > bf + 1e-9 || (f > bf - 1e-9 && hfp < bh));
        if tp > 0 && p >= TARGET_PRECISION && better {
            chosen = Some((t, f, hfp));
        }
    }
    chosen.map(|c| c.0)
}

/// Leave-one-test-set-out: for each set, fit the weights and choose the threshold on the pairs
/// of the other sets, then count the held-out set's pairs. Estimates how the procedure does on
/// articles it was not fitted on.
fn cross_validation(rows: &[&Row], sets: &[String], same_language: bool) {
    if sets.len() < 2 {
        println!("cross-validation needs articles from two test sets or more");
        return;
    }
    let kind = if same_language { "same" } else { "cross" };
    println!("\nleave-one-set-out ({kind}-language pairs; fitted and chosen on the other sets)");
    println!(
        "held-out set        threshold  tp    fp  fn   precision  recall  f1      hard-neg-fp"
    );
    let (mut tp_all, mut fp_all, mut pos_all, mut h_all, mut hn_all) = (0, 0, 0, 0, 0);
    for (k, set) in sets.iter().enumerate() {
        let train: Vec<&Row> = rows
            .iter()
            .copied()
            .filter(|r| r.folds.0 != k && r.folds.1 != k)
            .collect();
        let test: Vec<&Row> = rows.iter().copied().filter(|r| r.folds == (k, k)).collect();
        let xtr: Vec<[f64; 6]> = train.iter().map(|r| feats(&r.c)).collect();
        let w = fit_non_negative(&xtr, &train.iter().map(|r| r.same).collect::<Vec<_>>());
        let t = choose(&xtr, &train, &w, false).unwrap_or(1.0);
        let xte: Vec<[f64; 6]> = test.iter().map(|r| feats(&r.c)).collect();
        let (tp, fp, hfp) = counts(&xte, &test, &w, t);
        let pos = test.iter().filter(|r| r.same).count();
        let hn = test.iter().filter(|r| r.hard).count();
        let (p, rc, f) = common::prf(tp, fp, pos);
        println!(
            "{set:<18}  {t:9.2}  {tp:<4}  {fp:<2}  {:<3}  {p:9.4}  {rc:6.4}  {f:.4}  {hfp}/{hn}",
            pos - tp
        );
        (tp_all, fp_all, pos_all, h_all, hn_all) = (
            tp_all + tp,
            fp_all + fp,
            pos_all + pos,
            h_all + hfp,
            hn_all + hn,
        );
    }
    let (p, rc, f) = common::prf(tp_all, fp_all, pos_all);
    println!(
        "{:<18}  {:>9}  {tp_all:<4}  {fp_all:<2}  {:<3}  {p:9.4}  {rc:6.4}  {f:.4}  {h_all}/{hn_all}",
        "pooled",
        "",
        pos_all - tp_all
    );
}

/// The precision a same-event verdict must keep in each group of pairs (the issue's target for
/// cross-language pairs, applied to same-language pairs too).
const TARGET_PRECISION: f64 = 0.97;

fn feats(c: &Components) -> [f64; 6] {
    let far = c.days_apart.is_some_and(|d| d > MAX_DAYS_APART);
    [
        1.0,
        c.concepts as f64,
        c.entities as f64,
        c.numbers as f64,
        -(c.conflict as f64),
        -(far as u8 as f64),
    ]
}

fn report(rows: &[&Row], same_language: bool) {
    let pos = rows.iter().filter(|r| r.same).count();
    let hn = rows.iter().filter(|r| r.hard).count();
    let x: Vec<[f64; 6]> = rows.iter().map(|r| feats(&r.c)).collect();
    let w = fit_non_negative(&x, &rows.iter().map(|r| r.same).collect::<Vec<_>>());
    let kind = if same_language {
        "same-language"
    } else {
        "cross-language"
    };
    println!(
        "\n=== {kind} pairs: {} ({pos} positive, {hn} judged hard negatives)",
        rows.len()
    );
    println!(
        "fitted weights: bias {:.2}, concept {:.2}, entity {:.2}, number {:.2}, conflict {:.2}, days {:.2}",
        w[0], w[1], w[2], w[3], w[4], w[5]
    );
    let lw = bilingual_dedup::Weights::for_pair(same_language);
    let lib = [
        lw.bias,
        lw.concept,
        lw.entity,
        lw.number,
        lw.conflict,
        lw.days,
    ]
    .map(f64::from);
    for (name, ww) in [("fitted", w), ("library", lib)] {
        println!("{name} weights");
        match choose(&x, rows, &ww, true) {
            Some(t) => {
                let (tp, fp, h) = counts(&x, rows, &ww, t);
                let (p, _, f) = common::prf(tp, fp, pos);
                println!(
                    "chosen same-event threshold: {t:.2} (precision {p:.4}, F1 {f:.4}, {h}/{hn} hard negatives)"
                )
            }
            None => println!("no threshold reaches precision {TARGET_PRECISION}"),
        }
    }
}

/// Logistic regression whose signal weights are all `>= 0` (more overlap never lowers the
/// score, a conflict or a date gap never raises it), by active set: fit, drop the signals whose
/// weight came out negative, refit. Keeps the score monotone, so an article compared with itself
/// scores at least as high as with any other article of its language.
fn fit_non_negative(x: &[[f64; 6]], y: &[bool]) -> [f64; 6] {
    let mut active = [true; 6];
    loop {
        let masked: Vec<[f64; 6]> = x
            .iter()
            .map(|xi| std::array::from_fn(|a| if active[a] { xi[a] } else { 0.0 }))
            .collect();
        let mut w = fit_logistic(&masked, y, 1.0);
        let negative: Vec<usize> = (1..6).filter(|&a| active[a] && w[a] < 0.0).collect();
        if negative.is_empty() {
            for a in 0..6 {
                if !active[a] {
                    w[a] = 0.0;
                }
            }
            return w;
        }
        for a in negative {
            active[a] = false;
        }
    }
}

/// Weighted logistic regression by Newton's method: positives weigh 1, negatives `wneg`;
/// L2 penalty 1e-3 on every weight but the bias.
#[allow(clippy::needless_range_loop)]
fn fit_logistic(x: &[[f64; 6]], y: &[bool], wneg: f64) -> [f64; 6] {
    let mut w = [0.0f64; 6];
    for _ in 0..50 {
        let mut g = [0.0f64; 6];
        let mut h = [[0.0f64; 6]; 6];
        for (xi, &yi) in x.iter().zip(y) {
            let z: f64 = xi.iter().zip(&w).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let sw = if yi { 1.0 } else { wneg };
            let t = if yi { 1.0 } else { 0.0 };
            for a in 0..6 {
                g[a] += sw * (p - t) * xi[a];
                for b in 0..6 {
                    h[a][b] += sw * p * (1.0 - p) * xi[a] * xi[b];
                }
            }
        }
        for a in 1..6 {
            g[a] += 1e-3 * w[a];
            h[a][a] += 1e-3;
        }
        let step = solve(h, g);
        let mut delta = 0.0;
        for a in 0..6 {
            w[a] -= step[a];
            delta += step[a].abs();
        }
        if delta < 1e-9 {
            break;
        }
    }
    w
}

/// Solves `h · s = g` by Gaussian elimination with partial pivoting.
#[allow(clippy::needless_range_loop)] // index arithmetic reads best as in the textbook
fn solve(mut h: [[f64; 6]; 6], mut g: [f64; 6]) -> [f64; 6] {
    for c in 0..6 {
        let p = (c..6)
            .max_by(|&i, &j| h[i][c].abs().total_cmp(&h[j][c].abs()))
            .unwrap_or(c);
        h.swap(c, p);
        g.swap(c, p);
        if h[c][c].abs() < 1e-12 {
            continue;
        }
        for r in c + 1..6 {
            let f = h[r][c] / h[c][c];
            for k in c..6 {
                h[r][k] -= f * h[c][k];
            }
            g[r] -= f * g[c];
        }
    }
    let mut s = [0.0f64; 6];
    for c in (0..6).rev() {
        let acc: f64 = (c + 1..6).map(|k| h[c][k] * s[k]).sum();
        s[c] = if h[c][c].abs() < 1e-12 {
            0.0
        } else {
            (g[c] - acc) / h[c][c]
        };
    }
    s
}
