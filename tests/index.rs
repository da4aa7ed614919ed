//! The index: insert, query, remove, expiry, persistence, clustering, thread independence.

mod common;

use bilingual_dedup::{Dedup, Fingerprint, Index, Verdict};

fn setup() -> (Dedup, Vec<Fingerprint>) {
    let d = Dedup::builder().build().unwrap();
    let fps = common::fixtures()
        .iter()
        .map(|f| d.fingerprint(&f.article).unwrap())
        .collect();
    (d, fps)
}

#[test]
fn query_finds_the_other_language_report_first() {
    let (d, fps) = setup();
    let mut index = d.index();
    for fp in &fps {
        if fp.id() != "inetum-fr" {
            index.insert(fp).unwrap();
        }
    }
    let fr = fps.iter().find(|f| f.id() == "inetum-fr").unwrap();
    let hits = index.query(fr, 5, 0.0).unwrap();
    assert!(!hits.is_empty());
    assert!(hits[0].id.starts_with("inetum-en"), "{hits:?}");
    assert_eq!(hits[0].verdict, Verdict::SameEvent);
    assert!(
        hits.windows(2).all(|w| w[0].score >= w[1].score),
        "best first"
    );
    // Scores agree with compare (up to the 16-bit signature storage).
    let en = fps.iter().find(|f| f.id() == hits[0].id).unwrap();
    let m = d.compare(fr, en).unwrap();
    assert!(
        (m.score() - hits[0].score).abs() < 0.02,
        "{} vs {}",
        m.score(),
        hits[0].score
    );
    // Threshold filtering.
    let all = index.query(fr, 20, 0.0).unwrap();
    let cut = all[all.len() / 2].score;
    let above = index.query(fr, 20, cut).unwrap();
    assert!(above.iter().all(|h| h.score >= cut));
    assert_eq!(above.len(), all.iter().filter(|h| h.score >= cut).count());
    // Top-k keeps the k best.
    assert_eq!(index.query(fr, 1, 0.0).unwrap()[0], all[0]);
}

#[test]
fn remove_and_expire() {
    let (d, fps) = setup();
    let mut index = d.index();
    index.par_insert(&fps).unwrap();
    assert_eq!(index.len(), fps.len());
    assert!(index.remove("inetum-en"));
    assert!(!index.remove("inetum-en"));
    assert!(!index.contains("inetum-en"));
    let fr = fps.iter().find(|f| f.id() == "inetum-fr").unwrap();
    assert!(index
        .query(fr, 10, 0.0)
        .unwrap()
        .iter()
        .all(|h| h.id != "inetum-en"));
    // Re-insert after removal reuses the slot.
    let en = fps.iter().find(|f| f.id() == "inetum-en").unwrap();
    index.insert(en).unwrap();
    assert_eq!(index.len(), fps.len());
    // Expire everything dated before 2100: undated articles stay.
    let undated = fps.iter().filter(|f| f.published().is_none()).count();
    let removed = index.expire_before(bilingual_dedup_day("2100-01-01"));
    assert_eq!(removed + undated, fps.len());
    assert_eq!(index.len(), undated);
}

fn bilingual_dedup_day(s: &str) -> i32 {
    bilingual_dedup::Article::new("x", "", "")
        .published(s)
        .published_day()
        .unwrap()
}

#[test]
fn save_and_load_preserve_results() {
    let (d, fps) = setup();
    let mut index = d.index();
    index.par_insert(&fps).unwrap();
    let dir = std::env::temp_dir().join(format!("bdix-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("index.bdix");
    index.save(&path).unwrap();
    let loaded = Index::load(&d, &path).unwrap();
    assert_eq!(loaded.len(), index.len());
    for fp in &fps {
        assert_eq!(
            index.query(fp, 5, 0.0).unwrap(),
            loaded.query(fp, 5, 0.0).unwrap(),
            "{}",
            fp.id()
        );
    }
    assert_eq!(index.par_cluster(), loaded.par_cluster());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn clusters_group_events() {
    let (d, fps) = setup();
    let mut index = d.index();
    index.par_insert(&fps).unwrap();
    let clusters = index.par_cluster();
    let total: usize = clusters.iter().map(|c| c.ids.len()).sum();
    assert_eq!(total, fps.len());
    let of = |id: &str| {
        clusters
            .iter()
            .position(|c| c.ids.iter().any(|i| i == id))
            .unwrap()
    };
    assert_eq!(of("inetum-fr"), of("inetum-en"));
    assert_ne!(of("inetum-fr"), of("inetum-spain-fr"));
    assert_ne!(of("inetum-fr"), of("novatek-morocco-en"));
    // The clusters are exactly the fixture events.
    let fx = common::fixtures();
    for a in &fx {
        for b in &fx {
            assert_eq!(
                of(&a.article.id) == of(&b.article.id),
                a.event == b.event,
                "{} / {}",
                a.article.id,
                b.article.id
            );
        }
    }
}

#[test]
fn second_reports_in_each_language_join_one_cluster() {
    // Two French and two English reports of the seed event: shortened copies made by dropping
    // the last paragraphs, so the pairs are not all equally close.
    let d = Dedup::builder().build().unwrap();
    let mut arts = Vec::new();
    for id in ["inetum-fr", "inetum-en"] {
        let a = common::article(id);
        let mut short = a.clone();
        short.id = format!("{id}-short");
        let paras: Vec<&str> = a.body.split('\n').filter(|p| p.len() > 40).collect();
        short.body = paras[..paras.len() - 2].join("\n");
        arts.push(a);
        arts.push(short);
    }
    let fps: Vec<Fingerprint> = d
        .par_fingerprint(&arts)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let mut index = d.index();
    index.par_insert(&fps).unwrap();
    let clusters = index.par_cluster();
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    assert_eq!(clusters[0].ids.len(), 4);
}

#[test]
fn results_do_not_depend_on_thread_count() {
    let (d, fps) = setup();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let arts: Vec<_> = common::fixtures().into_iter().map(|f| f.article).collect();
            let fp2: Vec<Fingerprint> = d
                .par_fingerprint(&arts)
                .into_iter()
                .map(Result::unwrap)
                .collect();
            let mut index = d.index();
            index.par_insert(&fp2).unwrap();
            (
                fp2,
                index.par_query(&fps, 5, 0.0).unwrap(),
                index.par_cluster(),
            )
        })
    };
    assert_eq!(run(1), run(4));
}

#[test]
fn band_helpers() {
    assert!((Index::candidate_probability(0.5, 32, 4) - 0.874).abs() < 0.01);
    assert_eq!(Index::candidate_probability(1.0, 32, 4), 1.0);
    let mid = |b: usize, r: usize| (1.0 / b as f64).powf(1.0 / r as f64);
    for (n, t) in [(128, 0.3), (128, 0.7), (64, 0.5), (120, 0.45)] {
        let (b, r) = Index::bands_for_threshold(n, t);
        assert_eq!(b * r, n);
        // No other split of n puts the S-curve midpoint closer to t.
        for b2 in (1..=n).filter(|b2| n % b2 == 0) {
            assert!(
                (mid(b, r) - t).abs() <= (mid(b2, n / b2) - t).abs() + 1e-12,
                "{n} at {t}: {b}x{r} but {b2}x{}",
                n / b2
            );
        }
    }
    // The default 16 x 8 split of 128 hashes is the one for a threshold near 0.7.
    assert_eq!(Index::bands_for_threshold(128, 0.7), (16, 8));
}
