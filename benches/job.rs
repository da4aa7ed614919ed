//! The whole job from raw JSON Lines bytes to clusters and predictions
//! (`Dedup::run_jsonl` + `Batch::write_predictions`), on a generated feed of real-length
//! articles (3–4 KB, French and English, planted translated and independent duplicates:
//! `common/feed.rs`), on all the cores rayon finds.
//!
//! ```text
//! cargo bench --bench job                 # 10k articles (about 37 MB)
//! JOB_BENCH_100K=1 cargo bench --bench job  # 10k and 100k (about 370 MB; several minutes)
//! ```
//!
//! Criterion reports bytes per second of JSON Lines input; each size also prints the phases of
//! one run (articles per second per phase, the `--timings` table) before it is measured.

mod common;

use std::time::Duration;

use bilingual_dedup::{Dedup, JobOptions};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn job(c: &mut Criterion) {
    let dedup = Dedup::builder().build().unwrap();
    let mut sizes = vec![10_000usize];
    if std::env::var_os("JOB_BENCH_100K").is_some() {
        sizes.push(100_000);
    }
    let feed = common::feed::Feed::new(42);
    let mut g = c.benchmark_group("job");
    g.sample_size(10);
    for n in sizes {
        let input = feed.jsonl(n);
        let run = || {
            let batch = dedup.run_jsonl(input.as_bytes(), JobOptions::default());
            let write = batch.write_predictions(std::io::sink()).unwrap();
            (batch, write)
        };
        let (batch, write) = run();
        let mut timings = batch.timings().clone();
        timings.push(write);
        let secs = timings.total().as_secs_f64();
        eprintln!(
            "job of {} articles ({:.1} MB): {:.2} s, {:.0} articles/s, {:.1} MB/s, {} clusters, \
             {} threads\n{timings}",
            batch.len(),
            input.len() as f64 / 1e6,
            secs,
            batch.len() as f64 / secs,
            input.len() as f64 / 1e6 / secs,
            batch.clusters().len(),
            rayon::current_num_threads(),
        );
        drop(batch);
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.measurement_time(Duration::from_secs_f64((secs * 12.0).max(5.0)));
        g.bench_with_input(BenchmarkId::new("jsonl_to_clusters", n), &input, |b, _| {
            b.iter(|| black_box(run()))
        });
    }
    g.finish();
}

criterion_group!(benches, job);
criterion_main!(benches);
