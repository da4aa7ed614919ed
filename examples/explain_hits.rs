//! Explaining what an index returns: the index keeps about 1 KB per article (signature bits,
//! entity keys, hashed numbers), not the fingerprints, whose names and numbers an explanation
//! quotes (2.5 KB each in memory, 1.3 KB in binary form on the dev set). So keep the
//! fingerprints where you keep your articles, by id, and compare the query with a hit's
//! fingerprint when a person asks why:
//!
//! ```text
//! cargo run --release --example explain_hits
//! ```

use std::collections::HashMap;

use bilingual_dedup::{Article, Dedup, Fingerprint, Lang};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dedup = Dedup::builder().build()?;
    let articles = [
        Article::new(
            "fr-1",
            "Inetum va créer 1.500 emplois au Maroc",
            "Le groupe Inetum a signé mardi à Rabat un accord avec le gouvernement pour créer \
             1.500 emplois d'ici 2027, a annoncé son PDG Jacques Pommeraud.",
        )
        .lang(Lang::Fr)
        .published("2024-03-12"),
        Article::new(
            "fr-2",
            "Inetum ouvre un centre à Madrid",
            "Inetum a inauguré jeudi à Madrid un centre de services de 300 ingénieurs, a \
             indiqué le groupe.",
        )
        .lang(Lang::Fr)
        .published("2024-03-14"),
    ];
    // Index the fingerprints, and keep their binary form by id (a database column would do).
    let mut index = dedup.index();
    let mut stored: HashMap<String, Vec<u8>> = HashMap::new();
    for a in &articles {
        let fp = dedup.fingerprint(a)?;
        index.insert(&fp)?;
        stored.insert(fp.id().to_owned(), fp.to_bytes());
    }
    let query = dedup.fingerprint(
        &Article::new(
            "en-1",
            "Inetum to create 1,500 jobs in Morocco",
            "IT services firm Inetum signed an agreement in Rabat on Tuesday to create 1,500 \
             jobs in Morocco by 2027, chief executive Jacques Pommeraud said.",
        )
        .published("2024-03-12"),
    )?;
    for hit in index.query(&query, 5, 0.0)? {
        let theirs = Fingerprint::from_bytes(&stored[&hit.id])?;
        let m = index.dedup().compare(&query, &theirs)?;
        println!("{} ~ {}:\n{m:2}\n", query.id(), hit.id);
    }
    Ok(())
}
