//! The library's promise on the project's own fixture articles: the French and English reports
//! of one event are the same event, with an explanation naming what they share; stories that
//! share a company, a country or a topic are not.

mod common;

use bilingual_dedup::{Dedup, Verdict};
use common::{fixtures, fp};

fn dedup() -> Dedup {
    Dedup::builder().build().unwrap()
}

#[test]
fn seed_event_is_same_event_with_a_checkable_explanation() {
    let d = dedup();
    let m = d
        .compare(&fp(&d, "inetum-fr"), &fp(&d, "inetum-en"))
        .unwrap();
    assert_eq!(m.verdict(), Verdict::SameEvent, "{m}");
    let text = m.to_string();
    for needle in [
        "Inetum",
        "Pommeraud",
        "Jazouli",
        "Mezzour",
        "Casablanca",
        "1500",
        "2027",
    ] {
        assert!(text.contains(needle), "explanation lacks {needle}: {text}");
    }
    assert!(m.explanation().conflicts.is_empty(), "{m}");
}

#[test]
fn machine_translated_copy_is_same_event() {
    let d = dedup();
    for other in ["inetum-fr", "inetum-en"] {
        let m = d.compare(&fp(&d, "inetum-en-mt"), &fp(&d, other)).unwrap();
        assert_eq!(m.verdict(), Verdict::SameEvent, "{other}: {m}");
    }
}

#[test]
fn same_company_or_country_is_not_same_event() {
    let d = dedup();
    for (a, b) in [
        ("inetum-fr", "inetum-spain-fr"),
        ("inetum-en", "inetum-spain-fr"),
        ("inetum-fr", "novatek-morocco-en"),
        ("inetum-en", "novatek-morocco-en"),
        ("storm-en", "storm-followup-en"),
        ("storm-fr", "storm-followup-en"),
        ("ecb-fr", "ecb-cut-en"),
        ("ecb-en", "ecb-cut-en"),
    ] {
        let m = d.compare(&fp(&d, a), &fp(&d, b)).unwrap();
        assert_ne!(m.verdict(), Verdict::SameEvent, "{a} ~ {b}: {m}");
    }
}

#[test]
fn shared_company_is_at_least_related() {
    let d = dedup();
    let m = d
        .compare(&fp(&d, "inetum-fr"), &fp(&d, "inetum-spain-fr"))
        .unwrap();
    assert_eq!(m.verdict(), Verdict::Related, "{m}");
}

#[test]
fn every_fixture_pair_follows_its_event_labels() {
    let d = dedup();
    let fx = fixtures();
    let fps: Vec<_> = fx
        .iter()
        .map(|f| d.fingerprint(&f.article).unwrap())
        .collect();
    let mut errors = Vec::new();
    for i in 0..fx.len() {
        for j in i + 1..fx.len() {
            let m = d.compare(&fps[i], &fps[j]).unwrap();
            let same = fx[i].event == fx[j].event;
            if same != (m.verdict() == Verdict::SameEvent) {
                errors.push(format!(
                    "{} ~ {}: expected same={same}, got {m}",
                    fx[i].article.id, fx[j].article.id
                ));
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn language_is_detected_for_every_fixture() {
    let d = dedup();
    for f in fixtures() {
        let mut a = f.article.clone();
        let want = a.lang.take();
        assert_eq!(d.analyze(&a).unwrap().lang(), want.unwrap(), "{}", a.id);
    }
}

#[test]
fn noise_lines_do_not_reach_the_features() {
    let d = dedup();
    for id in ["inetum-fr", "inetum-en"] {
        let a = d.analyze(&common::article(id)).unwrap();
        for e in a.entities() {
            assert!(!["PREV", "NEXT"].contains(&e.text.as_str()), "{id}: {e}");
        }
        assert!(!a.concepts().iter().any(|(k, _)| &**k == "prev"), "{id}");
    }
}

#[test]
fn event_window_caps_far_apart_reports() {
    let d = dedup();
    // ecb-en and ecb-cut-en: the same bank, president and city, seven months apart.
    let m = d.compare(&fp(&d, "ecb-en"), &fp(&d, "ecb-cut-en")).unwrap();
    assert!(m.explanation().outside_event_window, "{m}");
    assert_eq!(m.verdict(), Verdict::Related, "{m}");
    assert!(m.to_string().contains("outside the event window"), "{m}");

    // Without a window only the score decides; the flag is never set.
    let open = Dedup::builder().event_window_days(None).build().unwrap();
    let m2 = open
        .compare(&fp(&open, "ecb-en"), &fp(&open, "ecb-cut-en"))
        .unwrap();
    assert!(!m2.explanation().outside_event_window);
    assert_eq!(m2.score(), m.score());

    // Undated articles are never affected.
    let mut a = common::article("ecb-en");
    let mut b = common::article("ecb-cut-en");
    a.published = None;
    b.published = None;
    let m3 = d
        .compare(&d.fingerprint(&a).unwrap(), &d.fingerprint(&b).unwrap())
        .unwrap();
    assert!(!m3.explanation().outside_event_window);
    assert_eq!(m3.explanation().components.days_apart, None);
}

#[test]
fn each_language_group_uses_its_own_threshold() {
    // Thresholds far from the defaults, so the test checks the rule rather than the fixtures.
    let (cross, same) = (0.3, 0.8);
    let d = Dedup::builder()
        .same_event_threshold(cross)
        .same_language_threshold(same)
        .event_window_days(None)
        .build()
        .unwrap();
    assert_eq!(d.thresholds().same_event_for(false), cross);
    assert_eq!(d.thresholds().same_event_for(true), same);
    let fx = fixtures();
    let fps: Vec<_> = fx
        .iter()
        .map(|f| d.fingerprint(&f.article).unwrap())
        .collect();
    let mut seen = [false; 2];
    for i in 0..fps.len() {
        for j in i + 1..fps.len() {
            let m = d.compare(&fps[i], &fps[j]).unwrap();
            let same_language = fps[i].lang() == fps[j].lang();
            let t = if same_language { same } else { cross };
            assert_eq!(
                m.verdict() == Verdict::SameEvent,
                m.score() >= t,
                "{} ~ {}: {m}",
                fx[i].article.id,
                fx[j].article.id
            );
            seen[usize::from(same_language)] |= m.verdict() == Verdict::SameEvent;
        }
    }
    assert_eq!(seen, [true, true], "both groups have same-event pairs");
}

#[test]
fn same_language_copy_and_rewrite_are_same_event_at_the_strict_default() {
    // Pairs in one language: the English rewrite of the Inetum report and a word-for-word
    // machine translation of the French one (near-identical names and numbers), and two
    // English reports of the storm written independently with the same facts. Both clear the stricter
    // same-language threshold; the storm's follow-up four days later does not.
    let d = dedup();
    for (a, b) in [
        ("inetum-en", "inetum-en-mt"),
        ("storm-en", "storm-en-rewrite"),
    ] {
        let m = d.compare(&fp(&d, a), &fp(&d, b)).unwrap();
        assert!(
            m.score() >= d.thresholds().same_event_same_language,
            "{a} ~ {b}: {m}"
        );
        assert_eq!(m.verdict(), Verdict::SameEvent, "{a} ~ {b}: {m}");
        // The explanation says which threshold applied.
        assert!(m.to_string().contains("same language"), "{m}");
    }
    let m = d
        .compare(&fp(&d, "storm-en-rewrite"), &fp(&d, "storm-followup-en"))
        .unwrap();
    assert_ne!(m.verdict(), Verdict::SameEvent, "{m}");
    let cross = d
        .compare(&fp(&d, "inetum-en"), &fp(&d, "inetum-fr"))
        .unwrap();
    assert!(!cross.to_string().contains("same language"), "{cross}");
}
