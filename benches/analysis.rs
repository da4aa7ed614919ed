//! Analysis throughput: clean + normalise + tokenize + stopwords + stem (`text`), and the whole
//! feature extraction (`features`: plus lexicon, gazetteer, entities and numbers), in MB/s on the
//! fixture corpus, beside a baseline loop (UAX #29 words, lowercase, Snowball stem); and scaling
//! with article size (10 KB to 10 MB) to show linear behaviour.

mod common;

use bilingual_dedup::{text, Article, Dedup, Lang};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn corpus(c: &mut Criterion) {
    let arts = common::fixture_articles();
    let dedup = Dedup::builder().build().unwrap();
    let mut g = c.benchmark_group("analysis");
    g.throughput(Throughput::Bytes(common::bytes(&arts)));
    g.bench_function("text_pipeline/fixtures", |b| {
        b.iter(|| {
            for a in &arts {
                let lang = a.lang.unwrap_or(Lang::En);
                black_box(text::analyze(&a.title, lang));
                black_box(text::analyze(&a.body, lang));
            }
        })
    });
    // The issue's yardstick ("a plain loop of UAX #29 words, lowercase and Snowball stem runs at
    // about 11 MB/s on this machine"), run beside the pipeline so the ratio can be read even
    // when the machine's speed drifts.
    g.bench_function("baseline_uax29_lower_stem/fixtures", |b| {
        use unicode_segmentation::UnicodeSegmentation;
        let fr = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::French);
        let en = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        b.iter(|| {
            for a in &arts {
                let st = if a.lang == Some(Lang::Fr) { &fr } else { &en };
                for text in [&a.title, &a.body] {
                    let stems: Vec<String> = text
                        .unicode_words()
                        .map(|w| st.stem(&w.to_lowercase()).into_owned())
                        .collect();
                    black_box(stems);
                }
            }
        })
    });
    g.bench_function("features/fixtures", |b| {
        b.iter(|| {
            for a in &arts {
                black_box(dedup.analyze(a).unwrap());
            }
        })
    });
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let dedup = Dedup::builder().build().unwrap();
    let base: String = common::fixture_articles()
        .iter()
        .filter(|a| a.lang == Some(Lang::Fr))
        .map(|a| a.body.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut g = c.benchmark_group("analysis_scaling");
    g.sample_size(10);
    for size in [10_000usize, 100_000, 1_000_000, 10_000_000] {
        let mut body = base.repeat(size / base.len() + 1);
        let mut cut = size;
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        body.truncate(cut);
        let a = Article::new("big", "", body).lang(Lang::Fr);
        g.throughput(Throughput::Bytes(size as u64));
        g.bench_with_input(BenchmarkId::new("features", size), &a, |b, a| {
            b.iter(|| black_box(dedup.analyze(a).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, corpus, scaling);
criterion_main!(benches);
