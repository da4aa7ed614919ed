//! Every documented error kind is the one returned, by every path into it: one table row per
//! `# Errors` promise of the public API (language given or detected, title only, body only).

use std::mem::discriminant;

use bilingual_dedup::{Article, Dedup, ErrorKind, Fingerprint, Lang};

/// The kind an input is documented to give, by name.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Want {
    EmptyText,
    Unsupported,
    TooLarge,
}

fn kind_of(e: &ErrorKind) -> Option<Want> {
    match e {
        ErrorKind::EmptyText { .. } => Some(Want::EmptyText),
        ErrorKind::UnsupportedLanguage { .. } => Some(Want::Unsupported),
        ErrorKind::TooLarge { .. } => Some(Want::TooLarge),
        _ => None,
    }
}

#[test]
fn analysis_errors_follow_their_docs_on_every_path() {
    let small = Dedup::builder().max_article_bytes(64).build().unwrap();
    let d = Dedup::builder().build().unwrap();
    let german = "Die Regierung hat mit dem Unternehmen einen Vertrag unterzeichnet.";
    let long = "Le gouvernement a signé un accord avec la société pour créer des emplois.";
    // (title, body, language given, engine, expected kind)
    let cases: &[(&str, &str, Option<Lang>, &Dedup, Want)] = &[
        ("", "", None, &d, Want::EmptyText),
        ("", "", Some(Lang::Fr), &d, Want::EmptyText),
        ("   ", "\n\t ", None, &d, Want::EmptyText),
        ("!!! ...", "", None, &d, Want::EmptyText),
        ("", "1234 5678 — 2024", None, &d, Want::EmptyText),
        ("", "1234 5678 — 2024", Some(Lang::En), &d, Want::EmptyText),
        (
            "",
            "Lire aussi : un autre article\nPartager",
            Some(Lang::Fr),
            &d,
            Want::EmptyText,
        ),
        ("", "\u{0}\u{1}\u{fffd}\u{7f}", None, &d, Want::EmptyText),
        (german, "", None, &d, Want::Unsupported),
        ("", german, None, &d, Want::Unsupported),
        (
            "Москва",
            "Правительство подписало соглашение.",
            None,
            &d,
            Want::Unsupported,
        ),
        (long, "", None, &small, Want::TooLarge),
        ("", long, Some(Lang::Fr), &small, Want::TooLarge),
        ("", long, None, &small, Want::TooLarge),
    ];
    for (i, &(title, body, lang, dedup, want)) in cases.iter().enumerate() {
        let mut a = Article::new(format!("case-{i}"), title, body);
        a.lang = lang;
        for (what, r) in [
            ("analyze", dedup.analyze(&a).map(|_| ())),
            ("fingerprint", dedup.fingerprint(&a).map(|_| ())),
        ] {
            let e = r.expect_err(&format!("case {i} ({what}) must fail"));
            assert_eq!(kind_of(e.kind()), Some(want), "case {i} ({what}): {e}");
            assert!(
                e.to_string().contains(&format!("case-{i}")),
                "names the article: {e}"
            );
        }
    }
    // And the valid ones in each language, title only and body only, pass.
    for (t, b) in [(long, ""), ("", long)] {
        d.fingerprint(&Article::new("ok", t, b)).unwrap();
    }
}

#[test]
fn builder_errors_name_the_parameter() {
    let cases: Vec<(Result<Dedup, bilingual_dedup::Error>, &str)> = vec![
        (Dedup::builder().num_hashes(8).build(), "num_hashes"),
        (Dedup::builder().num_hashes(2048).build(), "num_hashes"),
        (Dedup::builder().bands(0).build(), "bands"),
        (Dedup::builder().bands(5).build(), "bands"),
        (
            Dedup::builder().same_event_threshold(0.0).build(),
            "same_event_threshold",
        ),
        (
            Dedup::builder().same_event_threshold(f32::NAN).build(),
            "same_event_threshold",
        ),
        (
            Dedup::builder().same_language_threshold(1.5).build(),
            "same_language_threshold",
        ),
        (
            Dedup::builder().related_threshold(0.7).build(),
            "related_threshold",
        ),
        (
            Dedup::builder().max_article_bytes(0).build(),
            "max_article_bytes",
        ),
    ];
    for (r, name) in cases {
        let e = r.expect_err(name);
        match e.kind() {
            ErrorKind::InvalidParameter { name: n, .. } => assert_eq!(*n, name, "{e}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn stored_format_errors_follow_their_docs() {
    let d = Dedup::builder().build().unwrap();
    let fp = d
        .fingerprint(
            &Article::new("a", "Titre", "Le gouvernement a signé un accord.").lang(Lang::Fr),
        )
        .unwrap();
    let other = Dedup::builder().seed(1).build().unwrap();
    let fo = other
        .fingerprint(
            &Article::new("b", "Titre", "Le gouvernement a signé un accord.").lang(Lang::Fr),
        )
        .unwrap();
    let incompatible = discriminant(&ErrorKind::Incompatible(String::new()));
    let format = discriminant(&ErrorKind::Format(String::new()));
    // compare, check, insert, query: Incompatible for another configuration.
    let mut index = d.index();
    for e in [
        d.compare(&fp, &fo).unwrap_err(),
        d.check(&fo).unwrap_err(),
        index.insert(&fo).unwrap_err(),
        index.query(&fo, 5, 0.0).unwrap_err(),
    ] {
        assert_eq!(discriminant(e.kind()), incompatible, "{e}");
    }
    // insert: DuplicateId, the index unchanged.
    index.insert(&fp).unwrap();
    let e = index.insert(&fp).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::DuplicateId(id) if id == "a"),
        "{e}"
    );
    assert_eq!(index.len(), 1);
    // from_json: Json for malformed text, Format for a signature of the wrong length.
    let e = Fingerprint::from_json("{not json").unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Json(_)), "{e}");
    assert!(std::error::Error::source(&e).is_some());
    let mut v: serde_json::Value = serde_json::from_str(&fp.to_json().unwrap()).unwrap();
    v["signature"] = serde_json::json!([1, 2, 3]);
    let e = Fingerprint::from_json(&v.to_string()).unwrap_err();
    assert_eq!(discriminant(e.kind()), format, "{e}");
    // from_bytes: Format for truncated data.
    let bytes = fp.to_bytes();
    let e = Fingerprint::from_bytes(&bytes[..bytes.len() / 2]).unwrap_err();
    assert_eq!(discriminant(e.kind()), format, "{e}");
    // Lang::from_str: UnsupportedLanguage.
    let e = "de".parse::<Lang>().unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::UnsupportedLanguage { .. }),
        "{e}"
    );
}

#[test]
fn file_errors_name_the_file_and_keep_the_cause_apart() {
    let d = Dedup::builder().build().unwrap();
    let dir = std::env::temp_dir().join(format!("bdd-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let missing = dir.join("missing.bdix");
    let e = bilingual_dedup::Index::load(&d, &missing).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Io(_)), "{e}");
    assert_eq!(e.path(), Some(missing.as_path()));
    let corrupt = dir.join("corrupt.bdix");
    std::fs::write(&corrupt, b"BDIX not an index at all, really").unwrap();
    let e = bilingual_dedup::Index::load(&d, &corrupt).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Format(_)), "{e}");
    assert!(
        e.to_string().starts_with(&corrupt.display().to_string()),
        "{e}"
    );
    let e = d.index().save(dir.join("no/such/dir/x.bdix")).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::Io(_)) && e.path().is_some(),
        "{e}"
    );
    // What a reporter that prints the chain shows: each message once.
    let mut chain = vec![e.to_string()];
    let mut c = std::error::Error::source(&e);
    while let Some(x) = c {
        chain.push(x.to_string());
        c = x.source();
    }
    assert!(chain.len() >= 2, "{chain:?}");
    assert!(!chain[0].contains(&chain[1]), "{chain:?}");
    // What `fn main() -> Result<(), Box<dyn Error>>` prints: the message, then the cause.
    let shown = format!("{e:?}");
    assert!(
        shown.contains(&chain[0]) && shown.contains("Caused by:"),
        "{shown}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
