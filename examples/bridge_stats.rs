//! How well the language bridge carries features across languages, on labelled data:
//!
//! - the share of French content-word tokens whose concept key also appears among the English
//!   article's keys of the same event (lexicon + cognate coverage);
//! - per event pair, the overlap (Jaccard) of entity keys and of number keys between the French
//!   and the English article (median and 10th percentile), and the same for pairs of different
//!   events published the same day: the signal the scorer separates.
//!
//! ```text
//! cargo run --release --example bridge_stats -- ../shared/data/dev/wmt-2008-2011.jsonl
//! ```

use std::collections::{HashMap, HashSet};

use bilingual_dedup::eval::Gold;
use bilingual_dedup::{Analysis, Dedup, Lang};

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    a.intersection(b).count() as f64 / a.union(b).count() as f64
}

fn quantiles(mut v: Vec<f64>) -> String {
    if v.is_empty() {
        return "n/a".into();
    }
    v.sort_by(f64::total_cmp);
    format!(
        "median {:.3}, p10 {:.3}, n = {}",
        v[v.len() / 2],
        v[v.len() / 10],
        v.len()
    )
}

fn main() -> Result<(), String> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: bridge_stats FILE.jsonl")?;
    let gold = Gold::read(&path, None).map_err(|e| format!("{path}: {e}"))?;
    let dedup = Dedup::builder().build().map_err(|e| e.to_string())?;
    let mut by_event: HashMap<String, Vec<(Analysis, Option<i32>)>> = HashMap::new();
    for article in gold.articles() {
        let Ok(a) = dedup.analyze(article) else {
            continue;
        };
        let day = a.published();
        by_event
            .entry(gold.event(&article.id).unwrap_or_default().to_owned())
            .or_default()
            .push((a, day));
    }
    let ents = |a: &Analysis| {
        a.entities()
            .iter()
            .map(|e| e.key.clone())
            .collect::<HashSet<_>>()
    };
    let nums = |a: &Analysis| a.numbers().iter().map(|n| n.key()).collect::<HashSet<_>>();
    let concepts = |a: &Analysis| {
        a.concepts()
            .iter()
            .map(|c| c.0.clone())
            .collect::<HashSet<_>>()
    };

    let mut covered = 0u64;
    let mut total = 0u64;
    let (mut e_same, mut n_same) = (Vec::new(), Vec::new());
    let mut pairs = Vec::new();
    for v in by_event.values() {
        let fr: Vec<&Analysis> = v
            .iter()
            .filter(|x| x.0.lang() == Lang::Fr)
            .map(|x| &x.0)
            .collect();
        let en: Vec<&Analysis> = v
            .iter()
            .filter(|x| x.0.lang() == Lang::En)
            .map(|x| &x.0)
            .collect();
        for a in &fr {
            for b in &en {
                let keys = concepts(b);
                for (k, c) in a.concepts() {
                    total += u64::from(*c);
                    if keys.contains(k) {
                        covered += u64::from(*c);
                    }
                }
                e_same.push(jaccard(&ents(a), &ents(b)));
                n_same.push(jaccard(&nums(a), &nums(b)));
                pairs.push((*a, *b));
            }
        }
    }
    // Different events, same publication day.
    let all: Vec<&(Analysis, Option<i32>)> = by_event.values().flatten().collect();
    let (mut e_diff, mut n_diff) = (Vec::new(), Vec::new());
    let event_of: HashMap<&str, &String> = by_event
        .iter()
        .flat_map(|(e, v)| v.iter().map(move |x| (x.0.id(), e)))
        .collect();
    for a in all.iter().filter(|x| x.0.lang() == Lang::Fr) {
        for b in all.iter().filter(|x| x.0.lang() == Lang::En) {
            if a.1.is_some() && a.1 == b.1 && event_of[a.0.id()] != event_of[b.0.id()] {
                e_diff.push(jaccard(&ents(&a.0), &ents(&b.0)));
                n_diff.push(jaccard(&nums(&a.0), &nums(&b.0)));
            }
        }
    }
    println!(
        "French content-word tokens whose concept key appears on the English side of the same event: {:.1}% ({covered} of {total})",
        100.0 * covered as f64 / total.max(1) as f64
    );
    println!(
        "entity-key Jaccard, same event:             {}",
        quantiles(e_same)
    );
    println!(
        "entity-key Jaccard, different events, same day: {}",
        quantiles(e_diff)
    );
    println!(
        "number-key Jaccard, same event:             {}",
        quantiles(n_same)
    );
    println!(
        "number-key Jaccard, different events, same day: {}",
        quantiles(n_diff)
    );
    Ok(())
}
