//! Fingerprint throughput from raw text (articles/s and MB/s), one core.

mod common;

use bilingual_dedup::Dedup;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn fingerprint(c: &mut Criterion) {
    let dedup = Dedup::builder().build().unwrap();
    let fixtures = common::fixture_articles();
    let synthetic = common::synthetic(2_000, 7);
    let mut g = c.benchmark_group("fingerprint");
    for (name, arts) in [("fixtures", &fixtures), ("synthetic2k", &synthetic)] {
        g.throughput(Throughput::Bytes(common::bytes(arts)));
        g.bench_function(format!("{name}/bytes"), |b| {
            b.iter(|| {
                for a in arts.iter() {
                    black_box(dedup.fingerprint(a).unwrap());
                }
            })
        });
        g.throughput(Throughput::Elements(arts.len() as u64));
        g.bench_function(format!("{name}/articles"), |b| {
            b.iter(|| {
                for a in arts.iter() {
                    black_box(dedup.fingerprint(a).unwrap());
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, fingerprint);
criterion_main!(benches);
