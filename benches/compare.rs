//! Comparison throughput: the MinHash part (signature agreement, the part the index runs on
//! every candidate) and the full comparison with explanation, in pairs per second: on every
//! pair of the fixture articles, and on 10,000 pairs of generated real-length articles
//! (3–4 KB, up to the fingerprint's 32 names and 32 numbers a side: `common/feed.rs`), which
//! cost more per pair than the short fixtures.

mod common;

use bilingual_dedup::{jsonl::JsonLines, Dedup, Fingerprint};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn compare(c: &mut Criterion) {
    let dedup = Dedup::builder().build().unwrap();
    let fps: Vec<Fingerprint> = common::fixture_articles()
        .iter()
        .map(|a| dedup.fingerprint(a).unwrap())
        .collect();
    let pairs: Vec<(usize, usize)> = (0..fps.len())
        .flat_map(|i| (0..fps.len()).map(move |j| (i, j)))
        .collect();
    let mut g = c.benchmark_group("compare");
    g.throughput(Throughput::Elements(pairs.len() as u64));
    g.bench_function("minhash_similarity", |b| {
        b.iter(|| {
            let mut acc = 0u32;
            for &(i, j) in &pairs {
                let (x, y) = (fps[i].signature(), fps[j].signature());
                acc += x.iter().zip(y).filter(|(a, b)| a == b).count() as u32;
            }
            black_box(acc)
        })
    });
    g.bench_function("full_with_explanation", |b| {
        b.iter(|| {
            for &(i, j) in &pairs {
                black_box(dedup.compare(&fps[i], &fps[j]).unwrap());
            }
        })
    });
    g.finish();

    // Real-length articles: the first 100 of a generated feed against the next 100.
    let feed = common::feed::Feed::new(7).jsonl(200);
    let long: Vec<Fingerprint> = JsonLines::articles(feed.as_bytes())
        .filter_map(|r| r.ok())
        .map(|r| dedup.fingerprint(&r.value).unwrap())
        .take(200)
        .collect();
    let half = long.len() / 2;
    let long_pairs: Vec<(usize, usize)> = (0..half)
        .flat_map(|i| (half..2 * half).map(move |j| (i, j)))
        .collect();
    let mut g = c.benchmark_group("compare_real_length");
    g.throughput(Throughput::Elements(long_pairs.len() as u64));
    g.bench_function("full_with_explanation", |b| {
        b.iter(|| {
            for &(i, j) in &long_pairs {
                black_box(dedup.compare(&long[i], &long[j]).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, compare);
criterion_main!(benches);
