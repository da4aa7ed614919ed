//! Table tests of the language bridge: exonyms, entities, numbers and dates in both languages,
//! with the classic traps.

use bilingual_dedup::{Analysis, Article, Dedup, Lang};
use bilingual_dedup::{EntityKind, NumberKind};

fn analyze(text: &str, lang: Lang) -> Analysis {
    Dedup::builder()
        .build()
        .unwrap()
        .analyze(&Article::new("t", "", text).lang(lang))
        .unwrap()
}

fn entity_keys(text: &str, lang: Lang) -> Vec<(String, EntityKind)> {
    analyze(text, lang)
        .entities()
        .iter()
        .map(|e| (e.key.clone(), e.kind))
        .collect()
}

fn number_keys(text: &str, lang: Lang) -> Vec<String> {
    analyze(text, lang)
        .numbers()
        .iter()
        .map(|n| n.key())
        .collect()
}

fn has_key(text: &str, lang: Lang, key: &str) -> bool {
    entity_keys(text, lang).iter().any(|(k, _)| k == key)
}

#[test]
fn exonyms_meet_across_languages() {
    let pairs = [
        (
            "Le ministre est arrivé au Maroc mardi.",
            "The minister arrived in Morocco on Tuesday.",
        ),
        (
            "Il vit à Londres depuis dix ans.",
            "He has lived in London for ten years.",
        ),
        ("L'Allemagne a voté contre.", "Germany voted against it."),
        ("Les États-Unis ont réagi.", "The United States reacted."),
        ("Les Etats-Unis ont réagi.", "The US reacted."),
        ("L'Union européenne a tranché.", "The EU decided."),
        ("L'ONU a publié un rapport.", "The UN published a report."),
        ("L'OMS a publié un rapport.", "The WHO published a report."),
        ("Le FMI a publié un rapport.", "The IMF published a report."),
        ("L'OTAN a publié un rapport.", "NATO published a report."),
    ];
    for (fr, en) in pairs {
        let a: Vec<String> = entity_keys(fr, Lang::Fr).into_iter().map(|e| e.0).collect();
        let b: Vec<String> = entity_keys(en, Lang::En).into_iter().map(|e| e.0).collect();
        assert!(
            !a.is_empty() && a.iter().any(|k| b.contains(k)),
            "{fr:?} {a:?} / {en:?} {b:?}"
        );
    }
}

#[test]
fn demonyms_point_at_their_country() {
    let fr = entity_keys(
        "Le gouvernement marocain a signé l'accord franco-marocain.",
        Lang::Fr,
    );
    let en = entity_keys("The Moroccan government signed the deal.", Lang::En);
    let maroc = entity_keys("Il est au Maroc depuis lundi.", Lang::Fr);
    assert_eq!(fr[0].0, en[0].0);
    assert_eq!(fr[0].0, maroc[0].0);
    assert_eq!(fr[0].1, EntityKind::Country);
}

#[test]
fn name_traps() {
    // A capitalised sentence start is not a name.
    assert!(entity_keys("Pourtant, rien n'a changé depuis des mois.", Lang::Fr).is_empty());
    assert!(entity_keys("Moreover, nothing has changed for months.", Lang::En).is_empty());
    // "Le Monde" is an organisation.
    assert!(
        entity_keys("Selon Le Monde, la réforme est reportée.", Lang::Fr)
            .iter()
            .any(|(_, k)| *k == EntityKind::Org)
    );
    // Nice the city, nice the adjective.
    assert!(has_key("Le maire de Nice a démissionné.", Lang::Fr, "nice"));
    assert!(entity_keys("It was a nice day for the families.", Lang::En).is_empty());
    // US the country, us the pronoun.
    assert!(!entity_keys("The US imposed new tariffs.", Lang::En).is_empty());
    assert!(entity_keys("He told us the plan had failed.", Lang::En).is_empty());
    // A person is keyed by surname, so a later "M. Pommeraud" meets "Jacques Pommeraud".
    let e = entity_keys(
        "Le PDG Jacques Pommeraud a parlé. Selon M. Pommeraud, tout va bien.",
        Lang::Fr,
    );
    assert!(
        e.contains(&("pommeraud".to_owned(), EntityKind::Person)),
        "{e:?}"
    );
    assert_eq!(e.iter().filter(|(k, _)| k == "pommeraud").count(), 1);
    // Possessives and accents do not split a name.
    assert!(has_key(
        "Inetum's chief executive, Jacques Pommeraud, spoke.",
        Lang::En,
        "inetum"
    ));
    assert!(has_key(
        "Le groupe a nommé Hélène Dupré.",
        Lang::Fr,
        "dupre"
    ));
    assert!(has_key("The group named Helene Dupre.", Lang::En, "dupre"));
}

#[test]
fn numbers_in_both_conventions() {
    let cases: &[(&str, Lang, &str)] = &[
        ("Le plan prévoit 1.500 emplois.", Lang::Fr, "count:1500"),
        ("Le plan prévoit 1 500 emplois.", Lang::Fr, "count:1500"),
        (
            "Le plan prévoit 1\u{202f}500 emplois.",
            Lang::Fr,
            "count:1500",
        ),
        ("The plan creates 1,500 jobs.", Lang::En, "count:1500"),
        (
            "La croissance atteint 2,5 % cette année.",
            Lang::Fr,
            "pct:2.5",
        ),
        ("Growth reached 2.5% this year.", Lang::En, "pct:2.5"),
        (
            "Growth reached 2.5 per cent this year.",
            Lang::En,
            "pct:2.5",
        ),
        ("La croissance atteint 2,5 pour cent.", Lang::Fr, "pct:2.5"),
        (
            "Un investissement de 50 millions de dirhams.",
            Lang::Fr,
            "money:50000000:mad",
        ),
        (
            "An investment of 50 million dirhams.",
            Lang::En,
            "money:50000000:mad",
        ),
        (
            "Un investissement de 50 MDH.",
            Lang::Fr,
            "money:50000000:mad",
        ),
        (
            "Il a levé 2,5 milliards d'euros.",
            Lang::Fr,
            "money:2500000000:eur",
        ),
        (
            "It raised 2.5 billion euros.",
            Lang::En,
            "money:2500000000:eur",
        ),
        ("It raised €2.5bn.", Lang::En, "money:2500000000:eur"),
        ("It raised $1.2 billion.", Lang::En, "money:1200000000:usd"),
        (
            "La dette atteint 3 billions d'euros.",
            Lang::Fr,
            "money:3000000000000:eur",
        ),
        (
            "Le texte a été signé le 12 mars 2024.",
            Lang::Fr,
            "date:2024-03-12",
        ),
        (
            "The text was signed on March 12, 2024.",
            Lang::En,
            "date:2024-03-12",
        ),
        (
            "The text was signed on 12 March 2024.",
            Lang::En,
            "date:2024-03-12",
        ),
        ("Le groupe vise 2027 pour ce plan.", Lang::Fr, "year:2027"),
        (
            "Inetum is present in Morocco since 2003.",
            Lang::En,
            "year:2003",
        ),
    ];
    for &(text, lang, key) in cases {
        let keys = number_keys(text, lang);
        assert!(
            keys.iter().any(|k| k == key),
            "{text:?}: {keys:?} lacks {key}"
        );
    }
}

#[test]
fn number_traps() {
    // A year is not a count, and 2027 jobs would be a count.
    assert!(number_keys("Le plan court jusqu'en 2027.", Lang::Fr).contains(&"year:2027".to_owned()));
    assert!(
        number_keys("The plan creates 2,027 jobs.", Lang::En).contains(&"count:2027".to_owned())
    );
    // Phone numbers and street numbers are not facts of the story.
    assert!(number_keys("Appelez le 01 23 45 67 89 pour vous inscrire.", Lang::Fr).is_empty());
    assert!(number_keys("Le siège est au 12 rue de la Paix.", Lang::Fr).is_empty());
    assert!(number_keys("He lives at 10 Downing Street.", Lang::En).is_empty());
    // Counts carry their counted concept, which is what lets two reports disagree.
    let a = analyze("Le groupe va créer 1.500 emplois.", Lang::Fr);
    let b = analyze("The group will create 800 jobs.", Lang::En);
    assert_eq!(a.numbers()[0].unit, b.numbers()[0].unit);
    assert_eq!(a.numbers()[0].kind, NumberKind::Count);
}

#[test]
fn currency_codes_before_the_amount_are_money_not_names() {
    // Business English writes the code before the amount, glued or spaced; French after it.
    let cases = [
        (
            "The port paid CFA8.5bn in duties.",
            Lang::En,
            "money:8500000000:xof",
        ),
        (
            "It paid CFA8.5 billion in duties.",
            Lang::En,
            "money:8500000000:xof",
        ),
        (
            "Il a payé 8,5 milliards de francs CFA.",
            Lang::Fr,
            "money:8500000000:xof",
        ),
        (
            "The developer raised MAD318m.",
            Lang::En,
            "money:318000000:mad",
        ),
        (
            "The developer raised Dh318m.",
            Lang::En,
            "money:318000000:mad",
        ),
        (
            "Le promoteur a levé 318 MDH.",
            Lang::Fr,
            "money:318000000:mad",
        ),
        ("The bank lost CHF1.5bn.", Lang::En, "money:1500000000:chf"),
        (
            "The bank lost CHF 1.5 billion.",
            Lang::En,
            "money:1500000000:chf",
        ),
        ("It costs USD 10 million.", Lang::En, "money:10000000:usd"),
        ("Sales reached C$1.2bn.", Lang::En, "money:1200000000:cad"),
        (
            "Sales reached HK$40 million.",
            Lang::En,
            "money:40000000:hkd",
        ),
        ("Sales reached $40 million.", Lang::En, "money:40000000:usd"),
    ];
    for (text, lang, key) in cases {
        let keys = number_keys(text, lang);
        assert!(
            keys.contains(&key.to_owned()),
            "{text:?}: {keys:?} lacks {key}"
        );
        let names = entity_keys(text, lang);
        assert!(
            names.is_empty(),
            "{text:?}: amounts taken for names: {names:?}"
        );
    }
    // Names with digits stay names.
    assert!(has_key("Le sommet du G20 s'ouvre à Rome.", Lang::Fr, "g20"));
    assert!(number_keys("The A380 landed.", Lang::En)
        .iter()
        .all(|k| !k.starts_with("money")));
}

#[test]
fn a_surname_that_is_a_place_or_a_month_stays_a_surname() {
    // After a title and a first name, the word is the person's surname, in both languages.
    let en = entity_keys(
        "Prime Minister Theresa May said on Monday that talks would go on.",
        Lang::En,
    );
    let fr = entity_keys(
        "La Première ministre Theresa May a déclaré lundi que les discussions continueraient.",
        Lang::Fr,
    );
    for keys in [&en, &fr] {
        assert!(
            keys.contains(&("may".to_owned(), EntityKind::Person)),
            "{keys:?}"
        );
        assert!(!keys.iter().any(|(k, _)| k == "theresa"), "{keys:?}");
    }
    // Its later mentions are the person, not the country; the country alone stays a country.
    let keys = entity_keys(
        "The SNB chairman Thomas Jordan said rates would fall. Jordan added that the franc was strong.",
        Lang::En,
    );
    assert!(
        keys.contains(&("jordan".to_owned(), EntityKind::Person)),
        "{keys:?}"
    );
    assert!(!keys.iter().any(|(k, _)| k == "thomas"), "{keys:?}");
    let keys = entity_keys("Jordan and Egypt signed a deal on Monday.", Lang::En);
    assert!(
        keys.contains(&("jordan".to_owned(), EntityKind::Country)),
        "{keys:?}"
    );
    // Without a title, a club is not a person.
    assert!(has_key(
        "Real Madrid won in Madrid on Tuesday.",
        Lang::En,
        "madrid"
    ));
    // An acronym after a title is what the title heads.
    let keys = entity_keys("Le président de la BNS a parlé jeudi.", Lang::Fr);
    assert!(
        keys.iter().all(|(_, k)| *k != EntityKind::Person),
        "{keys:?}"
    );
}

#[test]
fn weekdays_are_typed() {
    let k = number_keys("Wall Street a clôturé jeudi en baisse.", Lang::Fr);
    assert!(k.contains(&"weekday:4".to_owned()), "{k:?}");
    let k = number_keys("Wall Street closed lower on Thursday.", Lang::En);
    assert!(k.contains(&"weekday:4".to_owned()), "{k:?}");
}

/// The names of the title and the first 60 words of the body are the lead's; a name met only
/// further down is not, however often it comes back.
#[test]
fn the_lead_names_are_those_of_the_title_and_the_first_sixty_words() {
    let d = bilingual_dedup::Dedup::builder().build().unwrap();
    let filler = "the council met again and the talks went on late into the evening. ".repeat(8);
    let body = format!(
        "The mayor of Lyon, Gregory Doucet, opened the new bridge on Monday. {filler} \
         Later, Martine Aubry spoke. Martine Aubry said the works had taken long. \
         Martine Aubry praised the workers."
    );
    let a = bilingual_dedup::Article::new("lead", "Lyon opens its new bridge", body)
        .lang(bilingual_dedup::Lang::En);
    let fp = d.fingerprint(&a).unwrap();
    let in_lead = |key_part: &str| {
        let r = fp
            .entities()
            .iter()
            .position(|e| e.key.contains(key_part))
            .unwrap_or_else(|| panic!("{key_part} in {:?}", fp.entities()));
        fp.lead_entities() >> r & 1 == 1
    };
    assert!(in_lead("lyon"));
    assert!(in_lead("doucet"));
    assert!(!in_lead("aubry"));
    let analysis = d.analyze(&a).unwrap();
    assert!(analysis
        .entities()
        .iter()
        .any(|e| e.key.contains("doucet") && e.lead));
}
