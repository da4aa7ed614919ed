//! The scale run: a generated feed of real-length articles (`common/feed.rs`) through the whole
//! job, as the `dedup` job runs it (`Dedup::run_jsonl` from the file, predictions written to a
//! file), with the wall time, the phases and the peak memory. `scripts/scale_run.sh` runs it at
//! 10k, 100k and 1M articles.
//!
//! ```text
//! cargo bench --bench scale -- gen 1000000 /tmp/feed-1m.jsonl    # write the feed (3.7 GB)
//! cargo bench --bench scale -- run /tmp/feed-1m.jsonl /tmp/pred-1m.jsonl
//! ```
//!
//! `run` prints one `key=value` line for scripts (`wall_s`, `peak_rss_mb`, `articles`, ...),
//! the phase table, and how well the clusters recover the planted events (pairwise precision
//! and recall; a report's event is its id's first field).

mod common;

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::time::Instant;

use bilingual_dedup::{Dedup, JobOptions};

fn main() {
    // `cargo bench` adds `--bench`.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["gen", n, path] => generate(n.parse().expect("a number of articles"), path),
        ["run", input, output] => run(input, output),
        _ => {
            eprintln!("usage: scale gen N FILE | scale run FILE OUT");
            std::process::exit(2);
        }
    }
}

fn generate(n: usize, path: &str) {
    let start = Instant::now();
    let feed = common::feed::Feed::new(2026);
    let events = feed.events_for(n);
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path).expect("create the feed"));
    let mut bytes = 0;
    let step = 20_000;
    for from in (0..events).step_by(step) {
        let text = feed.lines(from, (from + step as u64).min(events), events);
        bytes += text.len();
        out.write_all(text.as_bytes()).expect("write the feed");
    }
    out.flush().expect("write the feed");
    eprintln!(
        "{path}: {events} events, {:.1} MB in {:.1} s",
        bytes as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
}

/// Peak resident memory of this process (`VmHWM`), in MB.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn run(input: &str, output: &str) {
    let start = Instant::now();
    let bytes = std::fs::metadata(input).expect("the feed").len();
    let reader = BufReader::with_capacity(1 << 20, File::open(input).expect("open the feed"));
    let dedup = Dedup::builder().build().expect("default engine");
    let batch = dedup.run_jsonl(reader, JobOptions::default());
    let out = BufWriter::with_capacity(1 << 20, File::create(output).expect("create the output"));
    let write = batch.write_predictions(out).expect("write the predictions");
    let wall = start.elapsed().as_secs_f64();
    let peak = peak_rss_mb();
    let mut timings = batch.timings().clone();
    timings.push(write);

    // Planted events against the clusters, by pairs.
    let event = |id: &str| id.split('-').next().unwrap_or(id).to_owned();
    let mut sizes: HashMap<String, usize> = HashMap::new();
    for (id, _) in batch.articles() {
        *sizes.entry(event(id)).or_default() += 1;
    }
    let pairs = |n: usize| n * n.saturating_sub(1) / 2;
    let gold: usize = sizes.values().map(|&n| pairs(n)).sum();
    let (mut found, mut right) = (0, 0);
    for c in batch.clusters() {
        found += pairs(c.ids.len());
        let mut by_event: HashMap<String, usize> = HashMap::new();
        for id in &c.ids {
            *by_event.entry(event(id)).or_default() += 1;
        }
        right += by_event.values().map(|&n| pairs(n)).sum::<usize>();
    }
    let stats = batch.index().stats();
    println!(
        "articles={} bytes={bytes} wall_s={wall:.2} mb_per_s={:.1} articles_per_s={:.0} \
         peak_rss_mb={peak:.0} index_mb={:.0} clusters={} failed={} bad_lines={} \
         pair_precision={:.4} pair_recall={:.4} threads={}",
        batch.len(),
        bytes as f64 / 1e6 / wall,
        batch.len() as f64 / wall,
        stats.memory_bytes as f64 / 1e6,
        batch.clusters().len(),
        batch.failed().len(),
        batch.bad_lines().len(),
        right as f64 / found.max(1) as f64,
        right as f64 / gold.max(1) as f64,
        rayon::current_num_threads(),
    );
    println!("{timings}");
}
