//! Words with a role in names and dates, in both languages: person titles (`M.`, `ministre`,
//! `CEO`), name particles (`de`, `al`, `van`), organisation words (`groupe`, `Bank`,
//! `université`) and weekdays. Hand-written for this crate.
//!
//! The entity stage types a run of capitalised words by the roles of the words around and
//! inside it; the number stage turns weekdays into keys. Both read the roles from the per-form
//! lookup ([`super::Lexical`]), never from these lists directly.

use std::sync::OnceLock;

use crate::text::Lang;
use crate::util::hash::FastSet;

const PARTICLES: &[&str] = &[
    "de", "du", "des", "la", "le", "al", "el", "ben", "bin", "ibn", "van", "von", "der", "den",
    "di", "da", "dos", "das", "del", "y", "of", "abu", "bou",
];

const PERSON_TITLES: &[&str] = &[
    "m",
    "mme",
    "mlle",
    "mr",
    "mrs",
    "ms",
    "dr",
    "pr",
    "sir",
    "lady",
    "lord",
    "président",
    "présidente",
    "president",
    "ministre",
    "minister",
    "premier",
    "pdg",
    "ceo",
    "chancelier",
    "chancelière",
    "chancellor",
    "sénateur",
    "sénatrice",
    "senator",
    "sen",
    "juge",
    "judge",
    "général",
    "general",
    "gen",
    "prince",
    "princesse",
    "princess",
    "roi",
    "king",
    "reine",
    "queen",
    "pape",
    "pope",
    "secrétaire",
    "secretary",
    "maire",
    "mayor",
    "gouverneur",
    "governor",
    "député",
    "députée",
    "rep",
    "porte-parole",
    "spokesman",
    "spokeswoman",
    "directeur",
    "directrice",
    "director",
    "chairman",
    "chairwoman",
    "entraîneur",
    "coach",
    "attaquant",
    "striker",
    "défenseur",
    "defender",
    "milieu",
    "midfielder",
    "gardien",
    "goalkeeper",
    "capitaine",
    "captain",
    "professeur",
    "professor",
    "docteur",
    "doctor",
    "avocat",
    "avocate",
    "lawyer",
    "procureur",
    "prosecutor",
    "inspecteur",
    "inspector",
    "cardinal",
    "archevêque",
    "archbishop",
    "évêque",
    "bishop",
    "ambassadeur",
    "ambassador",
    "délégué",
    "déléguée",
    "delegate",
    "commissaire",
    "commissioner",
    "patron",
    "boss",
    "économiste",
    "economist",
    "analyste",
    "analyst",
    "journaliste",
    "journalist",
    "dirigeant",
    "leader",
    "chef",
    "candidat",
    "candidate",
    "sélectionneur",
    "manager",
    "fondateur",
    "founder",
    "prime",
    "vice",
    "deputy",
    "adjoint",
    "adjointe",
    "ex",
];

/// Weekday names: capitalised in English, never names.
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
];

/// Generic company words: they make a run an organisation but are left out of its key.
const GENERIC_ORG_WORDS: &[&str] = &[
    "groupe",
    "group",
    "société",
    "company",
    "compagnie",
    "corp",
    "corporation",
    "inc",
    "sa",
    "sas",
    "ltd",
    "plc",
    "llc",
    "ag",
    "gmbh",
    "holding",
    "holdings",
];

/// Further words that make a run an organisation (besides [`GENERIC_ORG_WORDS`]); they stay
/// in its key.
const ORG_WORDS: &[&str] = &[
    "banque",
    "bank",
    "fonds",
    "fund",
    "université",
    "university",
    "institut",
    "institute",
    "ministère",
    "ministry",
    "parti",
    "party",
    "union",
    "agence",
    "agency",
    "conseil",
    "council",
    "cour",
    "court",
    "tribunal",
    "fondation",
    "foundation",
    "association",
    "commission",
    "committee",
    "comité",
    "fédération",
    "federation",
    "club",
    "fc",
    "airlines",
    "airways",
    "motors",
    "systems",
    "technologies",
    "services",
    "bourse",
    "exchange",
    "assemblée",
    "assembly",
    "parlement",
    "parliament",
    "department",
    "département",
    "office",
    "organisation",
    "organization",
    "network",
    "réseau",
    "hôpital",
    "hospital",
    "école",
    "school",
    "church",
    "église",
    "police",
    "army",
    "armée",
    "force",
    "forces",
    "times",
    "post",
    "journal",
];

/// The word lists above as hash sets (built once).
struct Lists {
    particles: FastSet<&'static str>,
    titles: FastSet<&'static str>,
    org: FastSet<&'static str>,
    generic_org: FastSet<&'static str>,
}

/// Bits of [`roles`].
pub(crate) const TITLE: u8 = 1;
pub(crate) const PARTICLE: u8 = 2;
pub(crate) const ORG: u8 = 4;
pub(crate) const GENERIC_ORG: u8 = 8;
pub(crate) const WEEKDAY: u8 = 16;

/// The word lists a lowercase word belongs to (person titles, name particles, organisation
/// words, weekdays), as bits: looked up once per word form ([`super::Lexical`]).
pub(crate) fn roles(norm: &str) -> u8 {
    let l = lists();
    let mut f = 0;
    for (set, bit) in [
        (&l.titles, TITLE),
        (&l.particles, PARTICLE),
        (&l.org, ORG),
        (&l.generic_org, GENERIC_ORG),
    ] {
        if set.contains(norm) {
            f |= bit;
        }
    }
    if WEEKDAYS.contains(&norm) {
        f |= WEEKDAY;
    }
    f
}

/// Builds the lists now if they are not built yet (see [`super::warm_up`]).
pub(super) fn warm() {
    lists();
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| Lists {
        particles: PARTICLES.iter().copied().collect(),
        titles: PERSON_TITLES.iter().copied().collect(),
        org: ORG_WORDS.iter().chain(GENERIC_ORG_WORDS).copied().collect(),
        generic_org: GENERIC_ORG_WORDS.iter().copied().collect(),
    })
}

/// English weekday names, Monday first.
pub(crate) const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const WEEKDAYS_FR: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// The weekday (1 = Monday … 7 = Sunday) a lowercase word of `lang` names, 0 for none: looked
/// up once per word form ([`super::Lexical`]).
pub(crate) fn weekday_of(lang: Lang, norm: &str) -> u8 {
    let pos = match lang {
        Lang::Fr => WEEKDAYS_FR.iter().position(|d| *d == norm),
        Lang::En => WEEKDAYS_EN
            .iter()
            .position(|d| d.eq_ignore_ascii_case(norm)),
    };
    pos.map_or(0, |p| p as u8 + 1)
}
