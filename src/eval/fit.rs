//! Fitting the score: the documented, re-runnable procedure behind the library's
//! [`Weights`] and default thresholds.
//!
//! 1. [`samples`]: fingerprint every gold article and compare every pair (no index), keeping
//!    each pair's [`Components`], its label (same gold event or not; judged ambiguous pairs
//!    left out), whether it is a judged hard negative, and the data sources of its articles.
//! 2. [`Model::fit`]: for one group of pairs (two languages, or one), a logistic regression of
//!    the label on the components by Newton's method (IRLS) with a small L2 penalty, keeping
//!    every signal's weight non-negative (a signal fitted negative is dropped and the rest
//!    refitted) so that more overlap never lowers the score.
//! 3. [`curve`] and [`choose`]: precision, recall, F1 and hard negatives at thresholds 0.05 …
//!    0.95, then 0.96 … 0.99; the chosen threshold is the best F1 with precision at least the
//!    target, ties broken by fewer hard negatives.
//! 4. [`cross_validate`]: for each data source, fit and choose on the other sources, then
//!    count the held-out source's pairs: how the procedure does on data it was not fitted on.

use rayon::prelude::*;

use super::gold::Gold;
use super::metrics::prf;
use crate::compare::{Components, Weights, INPUTS, INPUT_NAMES};
use crate::engine::Dedup;

/// One compared pair of gold articles.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// The pair's signals.
    pub components: Components,
    /// Same gold event.
    pub same: bool,
    /// A judged related/topic pair of different events.
    pub hard: bool,
    /// The data sources of the two articles (indexes into [`Samples::sources`]).
    pub sources: (usize, usize),
}

/// Every pair of a gold set, and the names of its data sources ([`Gold::source`]).
#[derive(Clone, Debug)]
pub struct Samples {
    /// The pairs.
    pub rows: Vec<Sample>,
    /// Data source names, in order of first appearance.
    pub sources: Vec<String>,
}

/// Compares every pair of gold articles that `dedup` can fingerprint (in parallel; the order
/// of the rows does not depend on the number of threads).
pub fn samples(dedup: &Dedup, gold: &Gold) -> Samples {
    let mut sources: Vec<String> = Vec::new();
    let mut fps = Vec::new();
    for a in gold.articles() {
        let Ok(fp) = dedup.fingerprint(a) else {
            continue;
        };
        let src = gold.source(&a.id).unwrap_or_default();
        let s = match sources.iter().position(|x| x == src) {
            Some(s) => s,
            None => {
                sources.push(src.to_owned());
                sources.len() - 1
            }
        };
        fps.push((fp, s));
    }
    let rows = (0..fps.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            let fps = &fps;
            (i + 1..fps.len()).filter_map(move |j| {
                let ((a, sa), (b, sb)) = (&fps[i], &fps[j]);
                if gold.excluded(a.id(), b.id()) {
                    return None;
                }
                let m = dedup.compare(a, b).ok()?;
                Some(Sample {
                    components: m.explanation().components,
                    same: gold.gold(a.id()) == gold.gold(b.id()),
                    hard: gold.hard_negative(a.id(), b.id()),
                    sources: (*sa, *sb),
                })
            })
        })
        .collect();
    Samples { rows, sources }
}

/// A logistic score model: weights in the order of the score's inputs, in full precision.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Model {
    w: [f64; INPUTS],
}

impl Model {
    /// The model of the library's weights for a pair in one language (`true`) or in two.
    pub fn library(same_language: bool) -> Self {
        Model {
            w: Weights::for_pair(same_language).to_vector(),
        }
    }

    /// Fits the model with non-negative signal weights (see the [module docs](self)).
    pub fn fit(rows: &[&Sample]) -> Self {
        let x: Vec<[f64; INPUTS]> = rows.iter().map(|r| r.components.inputs()).collect();
        let y: Vec<bool> = rows.iter().map(|r| r.same).collect();
        Model {
            w: fit_non_negative(&x, &y),
        }
    }

    /// The weights by input name (`bias`, `concept`, `containment`, ...), in input order.
    pub fn named(&self) -> Vec<(&'static str, f64)> {
        INPUT_NAMES.iter().copied().zip(self.w).collect()
    }

    /// The weights, as the library scores with them.
    pub fn weights(&self) -> Weights {
        Weights::from_vector(self.w)
    }

    /// The score of `c` under this model.
    pub fn score(&self, c: &Components) -> f64 {
        logistic(&c.inputs(), &self.w)
    }
}

/// One point of a threshold curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// The threshold.
    pub threshold: f64,
    /// Positive pairs at or above it.
    pub tp: usize,
    /// Negative pairs at or above it.
    pub fp: usize,
    /// Judged hard negatives at or above it.
    pub hard: usize,
    /// Positive pairs in all.
    pub positives: usize,
    /// Judged hard negatives in all.
    pub hard_negatives: usize,
}

impl Point {
    /// Precision, recall and F1.
    pub fn prf(&self) -> (f64, f64, f64) {
        prf(self.tp, self.fp, self.positives)
    }
}

/// Thresholds 0.05..0.95 by 0.05, then 0.96..0.99 by 0.01 for groups whose precision only
/// reaches the target near certainty.
pub fn grid() -> Vec<f64> {
    (1..20)
        .map(|s| s as f64 * 0.05)
        .chain((96..100).map(|s| s as f64 * 0.01))
        .collect()
}

/// The counts of `rows` under `model` at every threshold of the [`grid`].
pub fn curve(rows: &[&Sample], model: &Model) -> Vec<Point> {
    let scores: Vec<f64> = rows.iter().map(|r| model.score(&r.components)).collect();
    let positives = rows.iter().filter(|r| r.same).count();
    let hard_negatives = rows.iter().filter(|r| r.hard).count();
    grid()
        .into_iter()
        .map(|t| {
            let mut p = Point {
                threshold: t,
                tp: 0,
                fp: 0,
                hard: 0,
                positives,
                hard_negatives,
            };
            for (s, r) in scores.iter().zip(rows) {
                if *s >= t {
                    if r.same {
                        p.tp += 1
                    } else {
                        p.fp += 1
                    }
                    p.hard += r.hard as usize;
                }
            }
            p
        })
        .collect()
}

/// The rule for a default threshold: the point of `curve` with precision at least
/// `target_precision` and the best F1, ties broken by fewer hard negatives.
pub fn choose(curve: &[Point], target_precision: f64) -> Option<Point> {
    let mut chosen: Option<(Point, f64)> = None;
    for p in curve {
        let (precision, _, f) = p.prf();
        let better =
            chosen.is_none_or(|(b, bf)| f > bf + 1e-9 || (f > bf - 1e-9 && p.hard < b.hard));
        if p.tp > 0 && precision >= target_precision && better {
            chosen = Some((*p, f));
        }
    }
    chosen.map(|c| c.0)
}

/// The result on one held-out data source.
#[derive(Clone, Debug, PartialEq)]
pub struct Fold {
    /// The held-out source.
    pub source: String,
    /// The threshold chosen on the other sources (1.0 when none reached the target).
    pub threshold: f64,
    /// The held-out pairs counted at that threshold.
    pub point: Point,
}

/// Leave-one-source-out: for each source, fit the model and choose the threshold on the pairs
/// whose articles both come from other sources, then count the pairs within the held-out
/// source. Needs two sources or more (otherwise empty).
pub fn cross_validate(rows: &[&Sample], sources: &[String], target_precision: f64) -> Vec<Fold> {
    if sources.len() < 2 {
        return Vec::new();
    }
    (0..sources.len())
        .map(|k| {
            let train: Vec<&Sample> = rows
                .iter()
                .copied()
                .filter(|r| r.sources.0 != k && r.sources.1 != k)
                .collect();
            let test: Vec<&Sample> = rows
                .iter()
                .copied()
                .filter(|r| r.sources == (k, k))
                .collect();
            let model = Model::fit(&train);
            let t = choose(&curve(&train, &model), target_precision).map_or(1.0, |p| p.threshold);
            let scores = test.iter().map(|r| model.score(&r.components));
            let mut point = Point {
                threshold: t,
                tp: 0,
                fp: 0,
                hard: 0,
                positives: test.iter().filter(|r| r.same).count(),
                hard_negatives: test.iter().filter(|r| r.hard).count(),
            };
            for (s, r) in scores.zip(&test) {
                if s >= t {
                    if r.same {
                        point.tp += 1
                    } else {
                        point.fp += 1
                    }
                    point.hard += r.hard as usize;
                }
            }
            Fold {
                source: sources[k].clone(),
                threshold: t,
                point,
            }
        })
        .collect()
}

fn logistic(x: &[f64; INPUTS], w: &[f64; INPUTS]) -> f64 {
    let z: f64 = x.iter().zip(w).map(|(a, b)| a * b).sum();
    1.0 / (1.0 + (-z).exp())
}

/// Logistic regression whose signal weights are all `>= 0`, by active set: fit, drop the
/// signals whose weight came out negative, refit.
fn fit_non_negative(x: &[[f64; INPUTS]], y: &[bool]) -> [f64; INPUTS] {
    let mut active = [true; INPUTS];
    loop {
        let masked: Vec<[f64; INPUTS]> = x
            .iter()
            .map(|xi| std::array::from_fn(|a| if active[a] { xi[a] } else { 0.0 }))
            .collect();
        let mut w = fit_logistic(&masked, y);
        let negative: Vec<usize> = (1..INPUTS).filter(|&a| active[a] && w[a] < 0.0).collect();
        if negative.is_empty() {
            for a in 0..INPUTS {
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

/// Logistic regression by Newton's method, L2 penalty 1e-3 on every weight but the bias.
#[allow(clippy::needless_range_loop)] // index arithmetic reads best as in the textbook
fn fit_logistic(x: &[[f64; INPUTS]], y: &[bool]) -> [f64; INPUTS] {
    let mut w = [0.0f64; INPUTS];
    for _ in 0..50 {
        let mut g = [0.0f64; INPUTS];
        let mut h = [[0.0f64; INPUTS]; INPUTS];
        for (xi, &yi) in x.iter().zip(y) {
            let p = logistic(xi, &w);
            let t = if yi { 1.0 } else { 0.0 };
            for a in 0..INPUTS {
                g[a] += (p - t) * xi[a];
                for b in 0..INPUTS {
                    h[a][b] += p * (1.0 - p) * xi[a] * xi[b];
                }
            }
        }
        for a in 1..INPUTS {
            g[a] += 1e-3 * w[a];
            h[a][a] += 1e-3;
        }
        let step = solve(h, g);
        let mut delta = 0.0;
        for a in 0..INPUTS {
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
#[allow(clippy::needless_range_loop)]
fn solve(mut h: [[f64; INPUTS]; INPUTS], mut g: [f64; INPUTS]) -> [f64; INPUTS] {
    for c in 0..INPUTS {
        let p = (c..INPUTS)
            .max_by(|&i, &j| h[i][c].abs().total_cmp(&h[j][c].abs()))
            .unwrap_or(c);
        h.swap(c, p);
        g.swap(c, p);
        if h[c][c].abs() < 1e-12 {
            continue;
        }
        for r in c + 1..INPUTS {
            let f = h[r][c] / h[c][c];
            for k in c..INPUTS {
                h[r][k] -= f * h[c][k];
            }
            g[r] -= f * g[c];
        }
    }
    let mut s = [0.0f64; INPUTS];
    for c in (0..INPUTS).rev() {
        let acc: f64 = (c + 1..INPUTS).map(|k| h[c][k] * s[k]).sum();
        s[c] = if h[c][c].abs() < 1e-12 {
            0.0
        } else {
            (g[c] - acc) / h[c][c]
        };
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(concepts: f32, entities: f32, same: bool) -> Sample {
        Sample {
            components: Components {
                concepts,
                entities,
                ..Components::default()
            },
            same,
            hard: false,
            sources: (0, 0),
        }
    }

    #[test]
    fn the_fit_separates_and_keeps_weights_non_negative() {
        // Positives have high concept overlap; entities are noise that leans negative.
        let mut rows = Vec::new();
        for i in 0..40 {
            let x = i as f32 / 40.0;
            rows.push(sample(0.5 + x / 2.0, 0.6 - x / 2.0, true));
            rows.push(sample(x / 3.0, 0.5 + x / 4.0, false));
        }
        let refs: Vec<&Sample> = rows.iter().collect();
        let m = Model::fit(&refs);
        let w = m.weights();
        assert!(w.concept > 0.0, "{w:?}");
        assert!(
            w.entity >= 0.0 && w.conflict == 0.0 && w.days == 0.0,
            "{w:?}"
        );
        assert!(
            m.named().iter().skip(1).all(|(_, x)| *x >= 0.0),
            "{:?}",
            m.named()
        );
        let c = curve(&refs, &m);
        let best = choose(&c, 0.97).expect("separable data reaches the target");
        assert_eq!((best.tp, best.fp), (40, 0), "{best:?}");
        assert!(m.score(&rows[0].components) > m.score(&rows[1].components));
    }

    #[test]
    fn the_library_model_scores_as_the_library() {
        let c = Components {
            concepts: 0.3,
            entities: 0.4,
            days_apart: Some(5),
            ..Components::default()
        };
        let lib = Model::library(false).score(&c);
        assert!(
            (lib - f64::from(c.score())).abs() < 1e-5,
            "{lib} / {}",
            c.score()
        );
    }

    #[test]
    fn cross_validation_holds_each_source_out() {
        let mut rows = Vec::new();
        for s in 0..3 {
            for i in 0..20 {
                let x = i as f32 / 20.0;
                let mut p = sample(0.6 + x / 3.0, 0.5, true);
                let mut n = sample(x / 4.0, 0.1, false);
                p.sources = (s, s);
                n.sources = (s, s);
                rows.push(p);
                rows.push(n);
            }
        }
        let refs: Vec<&Sample> = rows.iter().collect();
        let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let folds = cross_validate(&refs, &names, 0.97);
        assert_eq!(folds.len(), 3);
        for f in &folds {
            assert_eq!(
                (f.point.positives, f.point.tp, f.point.fp),
                (20, 20, 0),
                "{f:?}"
            );
        }
        assert!(cross_validate(&refs, &names[..1], 0.97).is_empty());
    }
}
