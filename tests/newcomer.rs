//! What a new user does first, through the public API only: fingerprint three articles,
//! compare them, build an index, save it, load it, query it, explain a hit, cluster, and
//! handle the errors a first program meets. If this test needs a change, so does the README.

use std::collections::HashMap;

use bilingual_dedup::{Article, Dedup, ErrorKind, Fingerprint, Index, Lang, Verdict};

fn articles() -> [Article; 3] {
    [
        Article::new(
            "fr-1",
            "Tempête : 1,2 million de foyers privés d'électricité en Bretagne",
            "Une tempête a balayé la Bretagne dans la nuit de mercredi à jeudi. Enedis indique \
             que 1,2 million de foyers étaient privés d'électricité jeudi matin, surtout dans le \
             Finistère et le Morbihan. Des rafales de 180 km/h ont été mesurées à Brest.",
        )
        .lang(Lang::Fr)
        .published("2023-11-02"),
        Article::new(
            "en-1",
            "Storm leaves 1.2 million Brittany homes without power",
            "A violent storm swept across Brittany overnight into Thursday, leaving 1.2 million \
             homes without electricity, grid operator Enedis said. Gusts of 180 km/h were \
             recorded in Brest; Finistère and Morbihan were the worst hit.",
        )
        .published("2023-11-02"),
        Article::new(
            "en-2",
            "Central bank holds rates",
            "The central bank left its main interest rate unchanged at 4.5% on Thursday, \
             saying inflation was easing but remained too high.",
        )
        .published("2023-11-02"),
    ]
}

#[test]
fn a_first_program_works_end_to_end() -> Result<(), Box<dyn std::error::Error>> {
    let dedup = Dedup::builder().build()?;
    let fps: Vec<Fingerprint> = articles()
        .iter()
        .map(|a| dedup.fingerprint(a))
        .collect::<Result<_, _>>()?;
    assert_eq!(fps[1].lang(), Lang::En, "language detected");

    // Compare: the two storm reports are one event, and the explanation says why.
    let m = dedup.compare(&fps[0], &fps[1])?;
    assert_eq!(m.verdict(), Verdict::SameEvent, "{m}");
    let text = m.to_string();
    assert!(
        text.contains("Brest") && text.contains("carried by"),
        "{text}"
    );
    assert!(m.logit() > 0.0 && m.score() > 0.5);
    assert_ne!(
        dedup.compare(&fps[0], &fps[2])?.verdict(),
        Verdict::SameEvent
    );

    // Index, save, load, query.
    let mut index = dedup.index();
    index.par_insert(&fps[..2])?;
    let dir = std::env::temp_dir().join(format!("bdd-newcomer-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("feed.bdix");
    index.save(&path)?;
    let loaded = Index::load(&dedup, &path)?;
    assert_eq!(loaded.len(), 2);
    let hits = loaded.query(&fps[1], 5, 0.0)?;
    assert_eq!(hits[0].id, "fr-1");
    assert_eq!(hits[0].verdict, Verdict::SameEvent);

    // Explain a hit: the caller keeps the fingerprints by id.
    let stored: HashMap<&str, &Fingerprint> = fps.iter().map(|f| (f.id(), f)).collect();
    let why = loaded
        .dedup()
        .compare(&fps[1], stored[hits[0].id.as_str()])?;
    assert_eq!(why.score(), hits[0].score);

    // Cluster.
    let clusters = loaded.par_cluster();
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].ids, ["en-1", "fr-1"]);

    // The errors a first program meets are sentences, and the kinds are the documented ones.
    let e = dedup
        .fingerprint(&Article::new("blank", "", ""))
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::EmptyText { .. }), "{e}");
    assert_eq!(e.to_string(), "article \"blank\" has no words to analyse");
    let e = Index::load(&dedup, dir.join("missing.bdix")).unwrap_err();
    assert!(e.to_string().ends_with("missing.bdix: I/O error"), "{e}");
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
