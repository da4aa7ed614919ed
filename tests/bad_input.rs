//! Bad input gets a clear error, never a panic, and never damages an index.

mod common;

use bilingual_dedup::{Article, Dedup, ErrorKind, Fingerprint, Index, Lang};

fn dedup() -> Dedup {
    Dedup::builder().build().unwrap()
}

#[test]
fn empty_and_wordless_text() {
    let d = dedup();
    for body in [
        "",
        "   \n\t",
        "!!! ... ---",
        "1234 5678",
        "Read also | x\nPREV y",
    ] {
        let e = d
            .fingerprint(&Article::new("x", "", body).lang(Lang::Fr))
            .unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::EmptyText { .. }),
            "{body:?}: {e}"
        );
    }
}

#[test]
fn other_languages_are_refused_when_not_declared() {
    let d = dedup();
    for body in [
        "El presidente del Gobierno anunció ayer que los salarios de los funcionarios subirán un dos por ciento.",
        "Die Bundesregierung hat am Mittwoch beschlossen, dass die Steuern für kleine Unternehmen sinken.",
        "Il presidente del consiglio ha detto che il governo non cambierà la legge sulle pensioni.",
        "Москва и Киев договорились о новых переговорах.",
        "東京で大きな地震がありました。",
    ] {
        let e = d.fingerprint(&Article::new("x", "", body)).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::UnsupportedLanguage { .. }), "{body}: {e}");
        assert!(e.to_string().contains("\"x\""));
    }
}

#[test]
fn binary_junk_does_not_panic() {
    let d = dedup();
    let junk: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let text = String::from_utf8_lossy(&junk).into_owned();
    for lang in [None, Some(Lang::Fr), Some(Lang::En)] {
        let mut a = Article::new("junk", "", text.clone());
        a.lang = lang;
        let _ = d.fingerprint(&a); // an error or a fingerprint, never a panic
    }
}

#[test]
fn enormous_articles_are_bounded() {
    let d = Dedup::builder().max_article_bytes(1 << 20).build().unwrap();
    let big = "Le gouvernement a annoncé un plan. ".repeat(40_000);
    let e = d
        .fingerprint(&Article::new("big", "", big).lang(Lang::Fr))
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::TooLarge { .. }), "{e}");
}

#[test]
fn ten_megabyte_article_is_analysed() {
    let d = dedup();
    let body = common::article("inetum-fr").body;
    let big = body.repeat((10 << 20) / body.len() + 1);
    assert!(big.len() >= 10 << 20);
    let fp = d
        .fingerprint(&Article::new("big", "", big).lang(Lang::Fr))
        .unwrap();
    assert!(fp.feature_count() > 0);
}

#[test]
fn malformed_fingerprints_are_refused() {
    let d = dedup();
    let fp = common::fp(&d, "inetum-fr");
    assert!(matches!(
        Fingerprint::from_json("{").unwrap_err().kind(),
        ErrorKind::Json(_)
    ));
    assert!(matches!(
        Fingerprint::from_json("[1,2]").unwrap_err().kind(),
        ErrorKind::Json(_)
    ));
    let mut v: serde_json::Value = serde_json::from_str(&fp.to_json().unwrap()).unwrap();
    v["version"] = serde_json::json!(999);
    let e = Fingerprint::from_json(&v.to_string()).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Incompatible(_)), "{e}");
    let bytes = fp.to_bytes();
    for cut in [0, 3, 10, bytes.len() / 2, bytes.len() - 1] {
        let e = Fingerprint::from_bytes(&bytes[..cut]).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Format(_)), "cut {cut}: {e}");
    }
    let mut corrupt = bytes.clone();
    corrupt[40] ^= 0x55;
    assert!(matches!(
        Fingerprint::from_bytes(&corrupt).unwrap_err().kind(),
        ErrorKind::Format(_)
    ));
}

#[test]
fn fingerprints_of_another_configuration_are_refused() {
    let a = dedup();
    let b = Dedup::builder().num_hashes(64).bands(16).build().unwrap();
    let c = Dedup::builder().seed(1).build().unwrap();
    let fa = common::fp(&a, "inetum-fr");
    for other in [&b, &c] {
        let fo = common::fp(other, "inetum-en");
        let e = a.compare(&fa, &fo).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Incompatible(_)), "{e}");
        let mut index = a.index();
        index.insert(&fa).unwrap();
        assert!(index.insert(&fo).is_err());
        assert!(index.query(&fo, 5, 0.0).is_err());
        assert_eq!(index.len(), 1, "nothing lost, nothing half-added");
    }
}

#[test]
fn corrupt_index_files_are_refused_whole() {
    let d = dedup();
    let mut index = d.index();
    for f in common::fixtures() {
        index.insert(&d.fingerprint(&f.article).unwrap()).unwrap();
    }
    let mut bytes = Vec::new();
    index.write_to(&mut bytes).unwrap();
    assert_eq!(Index::read_from(&d, &bytes[..]).unwrap().len(), index.len());
    for cut in [0, 8, bytes.len() / 3, bytes.len() - 1] {
        let e = Index::read_from(&d, &bytes[..cut]).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Format(_)), "cut {cut}: {e}");
    }
    let mut corrupt = bytes.clone();
    let mid = corrupt.len() / 2;
    corrupt[mid] ^= 1;
    assert!(matches!(
        Index::read_from(&d, &corrupt[..]).unwrap_err().kind(),
        ErrorKind::Format(_)
    ));
    let other = Dedup::builder().seed(9).build().unwrap();
    assert!(matches!(
        Index::read_from(&other, &bytes[..]).unwrap_err().kind(),
        ErrorKind::Incompatible(_)
    ));
    assert!(Index::load(&d, "/nonexistent/dir/index.bdix").is_err());
}

#[test]
fn duplicate_ids_leave_the_index_unchanged() {
    let d = dedup();
    let mut index = d.index();
    let a = common::fp(&d, "inetum-fr");
    index.insert(&a).unwrap();
    assert!(matches!(
        index.insert(&a).unwrap_err().kind(),
        ErrorKind::DuplicateId(_)
    ));
    let b = common::fp(&d, "inetum-en");
    assert!(index.par_insert(&[b.clone(), a.clone()]).is_err());
    assert_eq!(index.len(), 1);
    assert!(!index.contains("inetum-en"));
}
