//! Property tests of the invariants: no panic on arbitrary input, spans on char boundaries,
//! compare symmetric, self-compare perfect, serialisation exact.

mod common;

use bilingual_dedup::{text, Article, Dedup, Fingerprint, Lang, Verdict};
use proptest::prelude::*;

fn dedup() -> Dedup {
    Dedup::builder().build().unwrap()
}

/// Text mixing news-like fragments, digits, separators, apostrophes and arbitrary characters.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Le ".to_owned()),
        Just("l’".to_owned()),
        Just("d'".to_owned()),
        Just("1.500 ".to_owned()),
        Just("1\u{202f}500 ".to_owned()),
        Just("2,5 % ".to_owned()),
        Just("Maroc ".to_owned()),
        Just("the United States ".to_owned()),
        Just("Read also | ".to_owned()),
        Just("\n".to_owned()),
        Just("M. Pommeraud ".to_owned()),
        Just("50 millions de dirhams ".to_owned()),
        Just("12 mars 2024 ".to_owned()),
        "[a-zA-Zéèàç0-9 ,.'’-]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn tokenize_never_panics_and_spans_slice(s in newsish()) {
        for lang in [Lang::Fr, Lang::En] {
            for t in text::tokenize(&s, lang) {
                prop_assert!(s.is_char_boundary(t.span.start) && s.is_char_boundary(t.span.end));
                prop_assert!(t.span.start < t.span.end);
            }
            for t in text::analyze(&s, lang) {
                prop_assert!(s.get(t.token.span.clone()).is_some());
            }
        }
    }

    /// The per-thread vocabulary is a cache: what it holds from earlier texts never changes a
    /// result. A fresh thread starts with an empty one.
    #[test]
    fn warm_and_fresh_vocabularies_agree(warm in newsish(), s in newsish()) {
        let d = dedup();
        for lang in [Lang::Fr, Lang::En] {
            let _ = text::analyze(&warm, lang);
            let _ = d.analyze(&Article::new("w", "", warm.clone()).lang(lang));
            let here = (text::analyze(&s, lang), d.analyze(&Article::new("s", "", s.clone()).lang(lang)).ok());
            let s2 = s.clone();
            let d2 = d.clone();
            let fresh = std::thread::spawn(move || {
                (text::analyze(&s2, lang), d2.analyze(&Article::new("s", "", s2.clone()).lang(lang)).ok())
            })
            .join()
            .expect("no panic");
            prop_assert_eq!(here, fresh);
        }
    }

    /// `Dedup::fingerprint` (which hashes the vocabulary's concept keys without building the
    /// analysis) and fingerprinting the analysis give the same fingerprint.
    #[test]
    fn fingerprint_of_text_and_of_analysis_agree(title in newsish(), body in newsish()) {
        let d = dedup();
        for lang in [None, Some(Lang::Fr), Some(Lang::En)] {
            let mut a = Article::new("p", title.clone(), body.clone());
            a.lang = lang;
            let direct = d.fingerprint(&a).ok();
            let via = d.analyze(&a).ok().map(|an| d.fingerprint_analysis(&an));
            prop_assert_eq!(direct, via);
        }
    }

    #[test]
    fn arbitrary_articles_never_panic(title in any::<String>(), body in newsish()) {
        let d = dedup();
        for lang in [None, Some(Lang::Fr), Some(Lang::En)] {
            let mut a = Article::new("p", title.clone(), body.clone());
            a.lang = lang;
            if let Ok(an) = d.analyze(&a) {
                for e in an.entities() {
                    let src = match e.field {
                        bilingual_dedup::Field::Title => &a.title,
                        bilingual_dedup::Field::Body => &a.body,
                    };
                    prop_assert!(src.get(e.span.clone()).is_some());
                }
            }
        }
    }

    #[test]
    fn compare_is_symmetric_and_self_is_perfect(a in newsish(), b in newsish()) {
        let d = dedup();
        let fa = d.fingerprint(&Article::new("a", "", format!("Le gouvernement annonce {a}")).lang(Lang::Fr));
        let fb = d.fingerprint(&Article::new("b", "", format!("The government says {b}")).lang(Lang::En));
        if let (Ok(fa), Ok(fb)) = (fa, fb) {
            let ab = d.compare(&fa, &fb).unwrap();
            let ba = d.compare(&fb, &fa).unwrap();
            prop_assert_eq!(ab.score(), ba.score());
            prop_assert_eq!(ab.verdict(), ba.verdict());
            let aa = d.compare(&fa, &fa).unwrap();
            let c = aa.explanation().components;
            prop_assert_eq!(c.concepts, 1.0);
            prop_assert_eq!(c.conflict, 0.0);
            prop_assert!(aa.explanation().conflicts.is_empty());
            // The score is monotone in the signals, so no other article of the same language
            // scores higher against `fa` than `fa` itself.
            let fb_fr = d.fingerprint(&Article::new("c", "", format!("Le gouvernement annonce {b}")).lang(Lang::Fr));
            if let Ok(fb_fr) = fb_fr {
                prop_assert!(aa.score() >= d.compare(&fa, &fb_fr).unwrap().score());
            }
        }
    }

    #[test]
    fn serialisation_round_trips_exactly(body in newsish()) {
        let d = dedup();
        if let Ok(fp) = d.fingerprint(&Article::new("s", "Titre", format!("Le Maroc {body}")).lang(Lang::Fr)) {
            let json = fp.to_json().unwrap();
            prop_assert_eq!(&Fingerprint::from_json(&json).unwrap(), &fp);
            prop_assert_eq!(&Fingerprint::from_bytes(&fp.to_bytes()).unwrap(), &fp);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_decoders(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = Fingerprint::from_bytes(&bytes);
        let _ = bilingual_dedup::Index::read_from(&dedup(), &bytes[..]);
        let _ = Fingerprint::from_json(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn fixtures_compare_perfectly_with_themselves() {
    let d = dedup();
    for f in common::fixtures() {
        let fp = d.fingerprint(&f.article).unwrap();
        assert_eq!(
            fp,
            d.fingerprint_analysis(&d.analyze(&f.article).unwrap()),
            "{}",
            f.article.id
        );
        let m = d.compare(&fp, &fp).unwrap();
        assert_eq!(m.verdict(), Verdict::SameEvent, "{}", f.article.id);
        assert_eq!(m.explanation().components.concepts, 1.0);
        assert_eq!(
            m.explanation().components.entities,
            if fp.entities().is_empty() { 0.0 } else { 1.0 }
        );
    }
}
