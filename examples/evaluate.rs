//! Evaluation harness: precision, recall and F1 of same-event decisions on labelled articles.
//!
//! ```text
//! cargo run --release --example evaluate -- --gold ../shared/data/dev/wmt-2008-2011.jsonl \
//!     --judgments ../shared/data/dev/wmt-2008-2011.judgments.jsonl [--pred-out pred.jsonl] [--all-pairs] \
//!     [--threshold T] [--same-language-threshold T] [--show-hard-negatives]
//! ```
//!
//! Gold: JSONL articles with an `event` label (articles of one event describe the same
//! happening); judgments (optional): `{"event_a","event_b","label"}` with `same_event` (merged),
//! `ambiguous` (left out), `related`/`topic` (hard negatives). The metrics are those of
//! `shared/tools/score_pairs.py` (the reference scorer, which agrees with this harness on the
//! dev set), plus the curve of cross-lingual F1 over score thresholds and, with `--all-pairs`,
//! the index's candidate recall against an all-pairs comparison. With no `--gold`, runs on the
//! embedded fixture articles. `--threshold` replaces the default same-event threshold of pairs
//! in two languages, `--same-language-threshold` that of pairs in one language;
//! `--show-hard-negatives` prints, on stderr, the explanation of every judged related/topic
//! pair that was marked same event.

#[path = "common/mod.rs"]
mod common;

use std::collections::{HashMap, HashSet};
use std::io::BufReader;
use std::process::ExitCode;
use std::time::Instant;

use bilingual_dedup::{Dedup, Fingerprint, Lang, Verdict};

#[derive(Default)]
struct Args {
    gold: Option<String>,
    judgments: Option<String>,
    /// Print the explanation of every judged related/topic pair marked same event.
    show_hard_negatives: bool,
    pred_out: Option<String>,
    all_pairs: bool,
    threshold: Option<f32>,
    same_language_threshold: Option<f32>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args::default();
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        match x.as_str() {
            "--gold" => a.gold = Some(it.next().ok_or("--gold needs a file")?),
            "--judgments" => a.judgments = Some(it.next().ok_or("--judgments needs a file")?),
            "--pred-out" => a.pred_out = Some(it.next().ok_or("--pred-out needs a file")?),
            "--all-pairs" => a.all_pairs = true,
            "--show-hard-negatives" => a.show_hard_negatives = true,
            "--threshold" => {
                let t = it.next().ok_or("--threshold needs a score")?;
                a.threshold = Some(t.parse().map_err(|_| format!("bad threshold {t:?}"))?);
            }
            "--same-language-threshold" => {
                let t = it.next().ok_or("--same-language-threshold needs a score")?;
                a.same_language_threshold =
                    Some(t.parse().map_err(|_| format!("bad threshold {t:?}"))?);
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(a)
}

struct Uf(HashMap<String, String>);
impl Uf {
    fn find(&mut self, x: &str) -> String {
        let mut cur = x.to_owned();
        loop {
            let p = self
                .0
                .entry(cur.clone())
                .or_insert_with(|| cur.clone())
                .clone();
            if p == cur {
                return cur;
            }
            cur = p;
        }
    }
    fn union(&mut self, a: &str, b: &str) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0.insert(ra, rb);
        }
    }
}

fn pair(a: &str, b: &str) -> (String, String) {
    if a < b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
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
    let t0 = Instant::now();
    let inputs = match &args.gold {
        Some(p) => common::read_jsonl(
            BufReader::new(std::fs::File::open(p).map_err(|e| format!("{p}: {e}"))?),
            p,
            false,
        )?,
        None => common::read_jsonl(common::FIXTURES.as_bytes(), "fixtures", true)?,
    };
    let mut uf = Uf(HashMap::new());
    let mut excluded = HashSet::new();
    let mut hard = HashSet::new();
    if let Some(p) = &args.judgments {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"))?;
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{p}:{}: {e}", n + 1))?;
            let (a, b, l) = (
                v["event_a"].as_str(),
                v["event_b"].as_str(),
                v["label"].as_str(),
            );
            let (Some(a), Some(b), Some(l)) = (a, b, l) else {
                continue;
            };
            match l {
                "same_event" => uf.union(a, b),
                "ambiguous" => {
                    excluded.insert(pair(a, b));
                }
                "related" | "topic" => {
                    hard.insert(pair(a, b));
                }
                _ => {}
            }
        }
    }
    let event: HashMap<String, String> = inputs
        .iter()
        .map(|i| {
            (
                i.article.id.clone(),
                i.event.clone().unwrap_or_else(|| i.article.id.clone()),
            )
        })
        .collect();
    let gold: HashMap<String, String> = event
        .iter()
        .map(|(id, e)| (id.clone(), uf.find(e)))
        .collect();
    let lang: HashMap<String, Option<Lang>> = inputs
        .iter()
        .map(|i| (i.article.id.clone(), i.article.lang))
        .collect();

    let mut builder = Dedup::builder();
    if let Some(t) = args.threshold {
        builder = builder.same_event_threshold(t);
    }
    if let Some(t) = args.same_language_threshold {
        builder = builder.same_language_threshold(t);
    }
    let dedup = builder.build().map_err(|e| e.to_string())?;
    let batch = common::run_batch(&dedup, &inputs, 50, &|_, _, _| {});
    let t_batch = t0.elapsed();
    if let Some(p) = &args.pred_out {
        let f = std::fs::File::create(p).map_err(|e| format!("{p}: {e}"))?;
        common::write_predictions(&batch, std::io::BufWriter::new(f)).map_err(|e| e.to_string())?;
    }
    // Languages as analysed (given or detected).
    let lang_of: HashMap<&str, Lang> = batch
        .fingerprints
        .iter()
        .map(|f| (f.id(), f.lang()))
        .collect();
    let excl = |a: &str, b: &str| excluded.contains(&pair(&event[a], &event[b]));

    // Predicted same-event pairs and best scores of all scored pairs.
    let mut same: HashSet<(String, String)> = HashSet::new();
    let mut scored: HashMap<(String, String), f32> = HashMap::new();
    for (fp, hits) in batch.fingerprints.iter().zip(&batch.hits) {
        for h in hits {
            let k = pair(fp.id(), &h.id);
            if h.verdict == Verdict::SameEvent {
                same.insert(k.clone());
            }
            let s = scored.entry(k).or_insert(0.0);
            *s = s.max(h.score);
        }
    }
    let ids: Vec<&str> = batch.fingerprints.iter().map(|f| f.id()).collect();
    // Gold cross-lingual positives.
    let mut by_ev: HashMap<&str, [Vec<&str>; 2]> = HashMap::new();
    for &id in &ids {
        by_ev.entry(gold[id].as_str()).or_default()[(lang_of[id] == Lang::En) as usize].push(id);
    }
    let gold_pos: usize = by_ev.values().map(|v| v[0].len() * v[1].len()).sum();
    let (mut tp, mut fp_) = (0, 0);
    let (mut sl_tp, mut sl_fp) = (0, 0);
    for (a, b) in &same {
        if excl(a, b) {
            continue;
        }
        let ok = gold[a] == gold[b];
        if lang_of[a.as_str()] != lang_of[b.as_str()] {
            if ok {
                tp += 1
            } else {
                fp_ += 1
            }
        } else if ok {
            sl_tp += 1
        } else {
            sl_fp += 1
        }
    }
    let (p, r, f) = common::prf(tp, fp_, gold_pos);
    let sl_pos: usize = by_ev
        .values()
        .map(|v| {
            v.iter()
                .map(|l| l.len() * l.len().saturating_sub(1) / 2)
                .sum::<usize>()
        })
        .sum();

    // Hard negatives.
    let mut ev_ids: HashMap<&str, Vec<&str>> = HashMap::new();
    for &id in &ids {
        ev_ids.entry(event[id].as_str()).or_default().push(id);
    }
    let fp_of: HashMap<&str, &Fingerprint> =
        batch.fingerprints.iter().map(|f| (f.id(), f)).collect();
    let (mut hn, mut hn_fp) = (0, 0);
    for (ea, eb) in &hard {
        for x in ev_ids.get(ea.as_str()).into_iter().flatten() {
            for y in ev_ids.get(eb.as_str()).into_iter().flatten() {
                if gold[*x] == gold[*y] {
                    continue;
                }
                hn += 1;
                let wrong = same.contains(&pair(x, y));
                hn_fp += wrong as usize;
                if wrong && args.show_hard_negatives {
                    let (fx, fy) = (fp_of[*x], fp_of[*y]);
                    if let Ok(m) = dedup.compare(fx, fy) {
                        eprintln!("hard negative marked same event: {x} / {y}\n{m}\n");
                    }
                }
            }
        }
    }
    // Recall@1.
    let (mut r1, mut r1n) = (0, 0);
    for (fp, hits) in batch.fingerprints.iter().zip(&batch.hits) {
        let l = fp.lang();
        let other = (l == Lang::Fr) as usize;
        if by_ev[gold[fp.id()].as_str()][other].is_empty() {
            continue;
        }
        r1n += 1;
        if let Some(h) = hits
            .iter()
            .find(|h| lang_of.get(h.id.as_str()).is_some_and(|&x| x != l))
        {
            r1 += (gold[h.id.as_str()] == gold[fp.id()]) as usize;
        }
    }
    // Clusters.
    let mut groups: HashMap<&str, Vec<&str>> = HashMap::new();
    for &id in &ids {
        groups
            .entry(batch.cluster.get(id).map_or(id, String::as_str))
            .or_default()
            .push(id);
    }
    let (mut ctp, mut cfp) = (0, 0);
    for g in groups.values() {
        for i in 0..g.len() {
            for j in i + 1..g.len() {
                if excl(g[i], g[j]) {
                    continue;
                }
                if gold[g[i]] == gold[g[j]] {
                    ctp += 1
                } else {
                    cfp += 1
                }
            }
        }
    }
    let mut gsize: HashMap<&str, usize> = HashMap::new();
    for &id in &ids {
        *gsize.entry(gold[id].as_str()).or_default() += 1;
    }
    let cpos: usize = gsize.values().map(|n| n * (n - 1) / 2).sum();
    let (cp, cr, cf) = common::prf(ctp, cfp, cpos);

    println!(
        "articles                 {} ({} fingerprinted, {} without a declared language)",
        inputs.len(),
        ids.len(),
        lang.values().filter(|l| l.is_none()).count()
    );
    println!("xling_pairs_gold         {gold_pos}");
    println!("xling_tp / fp / fn       {tp} / {fp_} / {}", gold_pos - tp);
    println!("xling_precision          {p:.4}");
    println!("xling_recall             {r:.4}");
    println!("xling_f1                 {f:.4}");
    println!(
        "hard_neg_fp_rate         {} ({hn_fp} of {hn})",
        if hn > 0 {
            format!("{:.4}", hn_fp as f64 / hn as f64)
        } else {
            "n/a".into()
        }
    );
    println!(
        "recall_at_1              {:.4} (n = {r1n})",
        if r1n > 0 { r1 as f64 / r1n as f64 } else { 0.0 }
    );
    println!("same_lang tp / fp / gold {sl_tp} / {sl_fp} / {sl_pos}");
    println!("cluster p / r / f1       {cp:.4} / {cr:.4} / {cf:.4}");
    println!(
        "time                     {:.2?} (fingerprint + index + query + cluster)",
        t_batch
    );

    // Curve over thresholds (cross-lingual, non-excluded pairs among scored candidates).
    let mut xs: Vec<(f32, bool)> = scored
        .iter()
        .filter(|((a, b), _)| lang_of[a.as_str()] != lang_of[b.as_str()] && !excl(a, b))
        .map(|((a, b), &s)| (s, gold[a] == gold[b]))
        .collect();
    xs.sort_by(|x, y| y.0.total_cmp(&x.0));
    println!("\nthreshold  precision  recall  f1");
    let mut best = (0.0, 0.0f32);
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
        let (p, r, f) = common::prf(ctp, cfp, gold_pos);
        println!("{t:9.2}  {p:9.4}  {r:6.4}  {f:.4}");
        if f > best.0 {
            best = (f, t);
        }
    }
    println!(
        "best xling F1 over thresholds: {:.4} at {:.2} (default threshold {:.2})",
        best.0,
        best.1,
        dedup.thresholds().same_event
    );

    if args.all_pairs {
        // Candidate recall: pairs all-pairs comparison calls same-event, found by the index.
        let fps = &batch.fingerprints;
        let mut all_same = 0;
        let mut found = 0;
        for i in 0..fps.len() {
            for j in i + 1..fps.len() {
                let m = dedup.compare(&fps[i], &fps[j]).map_err(|e| e.to_string())?;
                if m.verdict() == Verdict::SameEvent {
                    all_same += 1;
                    found += same.contains(&pair(fps[i].id(), fps[j].id())) as usize;
                }
            }
        }
        println!(
            "index candidate recall vs all pairs: {found} of {all_same} same-event pairs ({:.4})",
            if all_same > 0 {
                found as f64 / all_same as f64
            } else {
                1.0
            }
        );
    }
    let st = batch.index.stats();
    println!(
        "index memory: {} bytes for {} articles ({:.0} bytes per article, {:.0} besides ids)",
        st.memory_bytes,
        st.len,
        st.memory_bytes as f64 / st.len.max(1) as f64,
        (st.memory_bytes - st.id_bytes) as f64 / st.len.max(1) as f64
    );
    Ok(())
}
