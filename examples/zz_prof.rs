#[path = "common/mod.rs"]
mod common;
use bilingual_dedup::Dedup;
use std::io::BufReader;
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let mode = std::env::args().nth(2).unwrap_or("fp".into());
    let f = std::fs::File::open(&path).unwrap();
    let inputs = common::read_jsonl(BufReader::new(f), &path, false).unwrap();
    let arts: Vec<_> = inputs.into_iter().map(|i| i.article).collect();
    let bytes: usize = arts.iter().map(|a| a.title.len() + a.body.len()).sum();
    let d = Dedup::builder().build().unwrap();
    let t = Instant::now();
    let reps = 5;
    let mut n = 0usize;
    for _ in 0..reps {
        for a in &arts {
            match mode.as_str() {
                "text" => {
                    n += bilingual_dedup::text::analyze(
                        &a.body,
                        a.lang.unwrap_or(bilingual_dedup::Lang::En),
                    )
                    .len()
                }
                "an" => n += d.analyze(a).map(|x| x.tokens).unwrap_or(0),
                _ => n += d.fingerprint(a).map(|f| f.size_bytes()).unwrap_or(0),
            }
        }
    }
    let s = t.elapsed().as_secs_f64();
    eprintln!("{mode}: {:.1} MB/s ({n})", (bytes * reps) as f64 / s / 1e6);
}
