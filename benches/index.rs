//! Index build + clustering of synthetic bilingual corpora (10k, 30k and 100k articles with
//! planted cross-language duplicates), from fingerprints, in articles per second; and query
//! throughput. Fingerprints are computed once per size, outside the measurement. The memory
//! per indexed article is printed once per size.

mod common;

use bilingual_dedup::{Dedup, Fingerprint};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn build_and_cluster(c: &mut Criterion) {
    let dedup = Dedup::builder().build().unwrap();
    let mut g = c.benchmark_group("index");
    g.sample_size(10);
    for n in [10_000usize, 30_000, 100_000] {
        let arts = common::synthetic(n, 42);
        let fps: Vec<Fingerprint> = dedup
            .par_fingerprint(&arts)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        {
            let mut index = dedup.index();
            index.par_insert(&fps).unwrap();
            let st = index.stats();
            eprintln!(
                "index of {n}: {} bytes, {:.0} bytes per article ({:.0} besides ids), {} clusters",
                st.memory_bytes,
                st.memory_bytes as f64 / n as f64,
                (st.memory_bytes - st.id_bytes) as f64 / n as f64,
                index.par_cluster().len()
            );
        }
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("build_and_cluster", n), &fps, |b, fps| {
            b.iter(|| {
                let mut index = dedup.index();
                index.par_insert(fps).unwrap();
                black_box(index.par_cluster())
            })
        });
        if n == 10_000 {
            let mut index = dedup.index();
            index.par_insert(&fps).unwrap();
            g.bench_with_input(BenchmarkId::new("par_query", n), &fps, |b, fps| {
                b.iter(|| black_box(index.par_query(fps, 5, 0.0).unwrap()))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, build_and_cluster);
criterion_main!(benches);
