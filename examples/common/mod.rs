//! Code shared by the examples: JSONL input, batch matching through the index, predictions.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, Write};

use bilingual_dedup::{Article, Dedup, Fingerprint, Hit, Index, Lang, Verdict};

/// The fixture articles written for this project, embedded in the examples.
pub const FIXTURES: &str = include_str!("../../fixtures/articles.jsonl");

/// One parsed input line.
pub struct Input {
    pub article: Article,
    /// Extra string fields kept for evaluation (`event`).
    pub event: Option<String>,
}

/// Reads JSONL articles. Bad lines are reported with their line number on stderr and skipped,
/// or returned as an error when `strict`.
pub fn read_jsonl(reader: impl BufRead, source: &str, strict: bool) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, line) in reader.lines().enumerate() {
        let n = i + 1;
        let line = line.map_err(|e| format!("{source}:{n}: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(&line) {
            Ok(input) if !seen.insert(input.article.id.clone()) => {
                let msg = format!("{source}:{n}: duplicate id {:?}", input.article.id);
                if strict {
                    return Err(msg);
                }
                eprintln!("skipped {msg}");
            }
            Ok(input) => out.push(input),
            Err(e) => {
                let msg = format!("{source}:{n}: {e}");
                if strict {
                    return Err(msg);
                }
                eprintln!("skipped {msg}");
            }
        }
    }
    Ok(out)
}

fn parse_line(line: &str) -> Result<Input, String> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("malformed JSON: {e}"))?;
    let obj = v.as_object().ok_or("not a JSON object")?;
    let get = |k: &str| -> Result<Option<String>, String> {
        match obj.get(k) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!("field {k:?} must be a string, got {other}")),
        }
    };
    let id = get("id")?.ok_or("missing \"id\"")?;
    let text = get("text")?.or(get("body")?).ok_or("missing \"text\"")?;
    let mut article = Article::new(id, get("title")?.unwrap_or_default(), text);
    if let Some(l) = get("lang")? {
        article.lang = Some(
            l.parse::<Lang>()
                .map_err(|_| format!("unsupported language {l:?}"))?,
        );
    }
    article.published = get("published")?;
    Ok(Input {
        article,
        event: get("event")?,
    })
}

/// Everything the examples compute for a batch.
pub struct Batch {
    pub fingerprints: Vec<Fingerprint>,
    pub index: Index,
    /// Per fingerprint: hits best first.
    pub hits: Vec<Vec<Hit>>,
    /// Cluster label per fingerprint id.
    pub cluster: HashMap<String, String>,
}

/// Fingerprints, indexes, queries and clusters a batch. Articles that cannot be analysed are
/// reported on stderr and left out.
pub fn run_batch(
    dedup: &Dedup,
    inputs: &[Input],
    top_k: usize,
    progress: &dyn Fn(&str, u64, u64),
) -> Batch {
    let articles: Vec<Article> = inputs.iter().map(|i| i.article.clone()).collect();
    progress("fingerprint", 0, articles.len() as u64);
    let mut fingerprints = Vec::with_capacity(articles.len());
    for (a, r) in articles.iter().zip(dedup.par_fingerprint(&articles)) {
        match r {
            Ok(fp) => fingerprints.push(fp),
            Err(e) => eprintln!("skipped article {:?}: {e}", a.id),
        }
    }
    progress("fingerprint", articles.len() as u64, articles.len() as u64);
    let mut index = dedup.index();
    index
        .par_insert(&fingerprints)
        .expect("ids are unique and fingerprints come from this engine");
    progress("query", 0, fingerprints.len() as u64);
    let hits = index
        .par_query(&fingerprints, top_k, 0.0)
        .expect("same engine");
    progress("cluster", 0, 1);
    let mut cluster = HashMap::new();
    for c in index.par_cluster() {
        let label = c.ids[0].clone();
        for id in c.ids {
            cluster.insert(id, label.clone());
        }
    }
    progress("done", 1, 1);
    Batch {
        fingerprints,
        index,
        hits,
        cluster,
    }
}

/// Writes one prediction line per fingerprint: `{"id","cluster","matches":[{"id","score","verdict"}]}`.
pub fn write_predictions(batch: &Batch, mut w: impl Write) -> std::io::Result<()> {
    for (fp, hits) in batch.fingerprints.iter().zip(&batch.hits) {
        let matches: Vec<serde_json::Value> = hits
            .iter()
            .map(|h| {
                serde_json::json!({
                    "id": h.id,
                    "score": (h.score as f64 * 10_000.0).round() / 10_000.0,
                    "verdict": h.verdict.as_str(),
                })
            })
            .collect();
        let line = serde_json::json!({
            "id": fp.id(),
            "cluster": batch.cluster.get(fp.id()).cloned().unwrap_or_else(|| fp.id().to_owned()),
            "matches": matches,
        });
        writeln!(w, "{line}")?;
    }
    Ok(())
}

/// True when a hit is a same-event verdict.
pub fn is_same(h: &Hit) -> bool {
    h.verdict == Verdict::SameEvent
}

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
