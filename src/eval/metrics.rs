//! Scoring a batch against gold labels: the metrics of `shared/tools/score_pairs.py`, plus the
//! curve of cross-language F1 over thresholds and the index's candidate recall.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::time::Duration;

use super::gold::{sorted_pair, Gold};
use crate::compare::Verdict;
use crate::engine::Dedup;
use crate::index::Batch;
use crate::text::Lang;

/// Precision, recall and F1 from true positives, false positives and gold positives (each 0
/// when its denominator is).
pub fn prf(tp: usize, fp: usize, pos: usize) -> (f64, f64, f64) {
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    };
    let r = if pos > 0 { tp as f64 / pos as f64 } else { 0.0 };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Counts of a pairwise decision against gold pairs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PairCounts {
    /// Predicted pairs that are gold pairs.
    pub tp: usize,
    /// Predicted pairs that are not.
    pub fp: usize,
    /// Gold pairs.
    pub gold: usize,
}

impl PairCounts {
    /// Precision, recall and F1 ([`prf`]).
    pub fn prf(&self) -> (f64, f64, f64) {
        prf(self.tp, self.fp, self.gold)
    }
}

/// One point of the threshold curve (cross-language pairs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvePoint {
    /// Same-event threshold.
    pub threshold: f32,
    /// Pairs at or above it, against the gold pairs.
    pub counts: PairCounts,
}

/// The evaluation of one batch.
#[derive(Clone, Debug)]
pub struct Report {
    /// Articles read.
    pub articles: usize,
    /// Articles fingerprinted.
    pub fingerprinted: usize,
    /// Articles whose language was not given.
    pub undeclared_lang: usize,
    /// Cross-language same-event pairs.
    pub cross: PairCounts,
    /// Same-language same-event pairs.
    pub same_language: PairCounts,
    /// Judged related/topic pairs called the same event, of all judged ones.
    pub hard_negatives: (usize, usize),
    /// The judged related/topic pairs called the same event.
    pub hard_negative_errors: Vec<(String, String)>,
    /// Articles whose best match in the other language is right, of those with one.
    pub recall_at_1: (usize, usize),
    /// Pairs in one cluster.
    pub cluster: PairCounts,
    /// Cross-language pairs at thresholds 0.95, 0.90, ..., 0.05, among the scored candidates.
    pub curve: Vec<CurvePoint>,
    /// The default cross-language threshold.
    pub threshold: f32,
    /// Scored candidate pairs by score decile, in two languages (`[0]`) and in one (`[1]`):
    /// (pairs, same-event pairs). A calibrated score puts about 80% same-event pairs in the
    /// 0.8 bin.
    pub calibration: [[(usize, usize); 10]; 2],
    /// With [`Options::all_pairs`]: same-event pairs found by the index, of those an
    /// all-pairs comparison finds.
    pub candidate_recall: Option<(usize, usize)>,
    /// Index memory: total and the part holding ids.
    pub memory: (usize, usize),
    /// Indexed articles.
    pub indexed: usize,
    /// Wall time of the batch.
    pub time: Duration,
}

/// What [`evaluate`] computes besides the metrics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Also compare every pair to measure the index's candidate recall (quadratic).
    pub all_pairs: bool,
}

/// Runs the whole job on the gold articles with `dedup` and scores it.
pub fn evaluate(dedup: &Dedup, gold: &Gold, opts: Options) -> (Report, Batch) {
    let t0 = std::time::Instant::now();
    let batch = dedup.run_batch(gold.articles(), 50);
    let time = t0.elapsed();
    let report = score(dedup, gold, &batch, opts, time);
    (report, batch)
}

/// Scores a batch made from the gold articles.
pub fn score(dedup: &Dedup, gold: &Gold, batch: &Batch, opts: Options, time: Duration) -> Report {
    let fps = batch.fingerprints();
    let lang_of: HashMap<&str, Lang> = fps.iter().map(|f| (f.id(), f.lang())).collect();
    let g = |id: &str| {
        gold.gold(id)
            .expect("batch articles come from the gold set")
    };
    let excl = |a: &str, b: &str| gold.excluded(a, b);

    // Predicted same-event pairs, and the best score of every scored pair.
    let mut same: HashSet<(String, String)> = HashSet::new();
    let mut scored: HashMap<(String, String), f32> = HashMap::new();
    for (fp, hits) in fps.iter().zip(batch.hits()) {
        for h in hits {
            let k = sorted_pair(fp.id(), &h.id);
            if h.verdict == Verdict::SameEvent {
                same.insert(k.clone());
            }
            let s = scored.entry(k).or_insert(0.0);
            *s = s.max(h.score);
        }
    }
    let ids: Vec<&str> = fps.iter().map(|f| f.id()).collect();
    // Gold articles per event and language.
    let mut by_ev: HashMap<usize, [Vec<&str>; 2]> = HashMap::new();
    for &id in &ids {
        by_ev.entry(g(id)).or_default()[(lang_of[id] == Lang::En) as usize].push(id);
    }
    let gold_pos: usize = by_ev.values().map(|v| v[0].len() * v[1].len()).sum();
    let sl_pos: usize = by_ev
        .values()
        .map(|v| {
            v.iter()
                .map(|l| l.len() * l.len().saturating_sub(1) / 2)
                .sum::<usize>()
        })
        .sum();
    let mut cross = PairCounts {
        gold: gold_pos,
        ..PairCounts::default()
    };
    let mut same_language = PairCounts {
        gold: sl_pos,
        ..PairCounts::default()
    };
    for (a, b) in &same {
        if excl(a, b) {
            continue;
        }
        let ok = g(a) == g(b);
        let c = if lang_of[a.as_str()] != lang_of[b.as_str()] {
            &mut cross
        } else {
            &mut same_language
        };
        if ok {
            c.tp += 1
        } else {
            c.fp += 1
        }
    }

    // Hard negatives: every article pair of every judged related/topic pair of events.
    let mut ev_ids: HashMap<&str, Vec<&str>> = HashMap::new();
    for &id in &ids {
        ev_ids
            .entry(gold.event(id).expect("gold article"))
            .or_default()
            .push(id);
    }
    let mut hard_pairs: Vec<&(String, String)> = gold.hard_pairs().iter().collect();
    hard_pairs.sort();
    let (mut hn, mut hn_fp) = (0, 0);
    let mut hard_negative_errors = Vec::new();
    for (ea, eb) in hard_pairs {
        for x in ev_ids.get(ea.as_str()).into_iter().flatten() {
            for y in ev_ids.get(eb.as_str()).into_iter().flatten() {
                if g(x) == g(y) {
                    continue;
                }
                hn += 1;
                if same.contains(&sorted_pair(x, y)) {
                    hn_fp += 1;
                    hard_negative_errors.push(((*x).to_owned(), (*y).to_owned()));
                }
            }
        }
    }

    // Recall@1: the best match in the other language.
    let (mut r1, mut r1n) = (0, 0);
    for (fp, hits) in fps.iter().zip(batch.hits()) {
        let l = fp.lang();
        let other = (l == Lang::Fr) as usize;
        if by_ev[&g(fp.id())][other].is_empty() {
            continue;
        }
        r1n += 1;
        if let Some(h) = hits
            .iter()
            .find(|h| lang_of.get(h.id.as_str()).is_some_and(|&x| x != l))
        {
            r1 += (g(&h.id) == g(fp.id())) as usize;
        }
    }

    // Clusters.
    let mut cluster = PairCounts::default();
    for c in batch.clusters() {
        let m = &c.ids;
        for i in 0..m.len() {
            for j in i + 1..m.len() {
                if excl(&m[i], &m[j]) {
                    continue;
                }
                if g(&m[i]) == g(&m[j]) {
                    cluster.tp += 1
                } else {
                    cluster.fp += 1
                }
            }
        }
    }
    let mut gsize: HashMap<usize, usize> = HashMap::new();
    for &id in &ids {
        *gsize.entry(g(id)).or_default() += 1;
    }
    cluster.gold = gsize.values().map(|n| n * (n - 1) / 2).sum();

    // Curve over thresholds (cross-language, non-excluded pairs among scored candidates).
    let mut xs: Vec<(f32, bool)> = scored
        .iter()
        .filter(|((a, b), _)| lang_of[a.as_str()] != lang_of[b.as_str()] && !excl(a, b))
        .map(|((a, b), &s)| (s, g(a) == g(b)))
        .collect();
    xs.sort_by(|x, y| y.0.total_cmp(&x.0));
    let mut curve = Vec::new();
    let (mut ctp, mut cfp, mut k) = (0usize, 0usize, 0usize);
    for step in (1..20).rev() {
        let t = step as f32 * 0.05;
        while k < xs.len() && xs[k].0 >= t {
            if xs[k].1 {
                ctp += 1
            } else {
                cfp += 1
            }
            k += 1;
        }
        curve.push(CurvePoint {
            threshold: t,
            counts: PairCounts {
                tp: ctp,
                fp: cfp,
                gold: gold_pos,
            },
        });
    }

    let mut calibration = [[(0usize, 0usize); 10]; 2];
    for ((a, b), &s) in &scored {
        if excl(a, b) {
            continue;
        }
        let group = usize::from(lang_of[a.as_str()] == lang_of[b.as_str()]);
        let bin = &mut calibration[group][((s * 10.0) as usize).min(9)];
        bin.0 += 1;
        bin.1 += usize::from(g(a) == g(b));
    }

    let candidate_recall = opts.all_pairs.then(|| {
        let mut all_same = 0;
        let mut found = 0;
        for i in 0..fps.len() {
            for j in i + 1..fps.len() {
                let m = dedup
                    .compare(&fps[i], &fps[j])
                    .expect("fingerprints of one engine");
                if m.verdict() == Verdict::SameEvent {
                    all_same += 1;
                    found += same.contains(&sorted_pair(fps[i].id(), fps[j].id())) as usize;
                }
            }
        }
        (found, all_same)
    });
    let st = batch.index().stats();
    Report {
        articles: gold.articles().len(),
        fingerprinted: fps.len(),
        undeclared_lang: gold.articles().iter().filter(|a| a.lang.is_none()).count(),
        cross,
        same_language,
        hard_negatives: (hn_fp, hn),
        hard_negative_errors,
        recall_at_1: (r1, r1n),
        cluster,
        curve,
        threshold: dedup.thresholds().same_event,
        calibration,
        candidate_recall,
        memory: (st.memory_bytes, st.id_bytes),
        indexed: st.len,
        time,
    }
}

impl Report {
    /// The best cross-language F1 on the curve, and its threshold.
    pub fn best_f1(&self) -> (f64, f32) {
        let mut best = (0.0, 0.0f32);
        for p in &self.curve {
            let f = p.counts.prf().2;
            if f > best.0 {
                best = (f, p.threshold);
            }
        }
        best
    }
}

fn ratio(n: usize, d: usize) -> String {
    if d > 0 {
        format!("{:.4}", n as f64 / d as f64)
    } else {
        "n/a".into()
    }
}

impl fmt::Display for Report {
    /// The report as `examples/evaluate.rs` prints it, one metric a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (p, r, f1) = self.cross.prf();
        writeln!(
            f,
            "articles                 {} ({} fingerprinted, {} without a declared language)",
            self.articles, self.fingerprinted, self.undeclared_lang
        )?;
        writeln!(f, "xling_pairs_gold         {}", self.cross.gold)?;
        writeln!(
            f,
            "xling_tp / fp / fn       {} / {} / {}",
            self.cross.tp,
            self.cross.fp,
            self.cross.gold - self.cross.tp
        )?;
        writeln!(f, "xling_precision          {p:.4}")?;
        writeln!(f, "xling_recall             {r:.4}")?;
        writeln!(f, "xling_f1                 {f1:.4}")?;
        let (hfp, hn) = self.hard_negatives;
        writeln!(
            f,
            "hard_neg_fp_rate         {} ({hfp} of {hn})",
            ratio(hfp, hn)
        )?;
        let (r1, r1n) = self.recall_at_1;
        writeln!(
            f,
            "recall_at_1              {:.4} (n = {r1n})",
            if r1n > 0 { r1 as f64 / r1n as f64 } else { 0.0 }
        )?;
        let s = &self.same_language;
        writeln!(
            f,
            "same_lang tp / fp / gold {} / {} / {}",
            s.tp, s.fp, s.gold
        )?;
        let (cp, cr, cf) = self.cluster.prf();
        writeln!(f, "cluster p / r / f1       {cp:.4} / {cr:.4} / {cf:.4}")?;
        writeln!(
            f,
            "time                     {:.2?} (the job: fingerprint to cluster)",
            self.time
        )?;
        writeln!(f, "\nthreshold  precision  recall  f1")?;
        for pt in &self.curve {
            let (p, r, f1) = pt.counts.prf();
            writeln!(f, "{:9.2}  {p:9.4}  {r:6.4}  {f1:.4}", pt.threshold)?;
        }
        let (bf, bt) = self.best_f1();
        writeln!(
            f,
            "best xling F1 over thresholds: {bf:.4} at {bt:.2} (default threshold {:.2})",
            self.threshold
        )?;
        writeln!(
            f,
            "\ncalibration (scored candidate pairs): score bin, pairs, share same event"
        )?;
        for (group, name) in self
            .calibration
            .iter()
            .zip(["two languages", "one language"])
        {
            let cells: Vec<String> = group
                .iter()
                .enumerate()
                .filter(|(_, b)| b.0 > 0)
                .map(|(i, (n, same))| {
                    format!(
                        "{:.1}: {n} {:.2}",
                        i as f32 / 10.0,
                        *same as f64 / *n as f64
                    )
                })
                .collect();
            writeln!(f, "  {name:13} {}", cells.join(" | "))?;
        }
        if let Some((found, all)) = self.candidate_recall {
            writeln!(
                f,
                "index candidate recall vs all pairs: {found} of {all} same-event pairs ({})",
                if all > 0 {
                    format!("{:.4}", found as f64 / all as f64)
                } else {
                    "1.0000".into()
                }
            )?;
        }
        let (mem, idb) = self.memory;
        let n = self.indexed.max(1) as f64;
        write!(
            f,
            "index memory: {mem} bytes for {} articles ({:.0} bytes per article, {:.0} besides ids)",
            self.indexed,
            mem as f64 / n,
            (mem - idb) as f64 / n
        )
    }
}
