//! Named entities: gazetteer hits, proper-name runs and acronyms, typed and canonicalised.
//!
//! A **name run** is a sequence of capitalised words joined by spaces or hyphens, with particles
//! (`de`, `du`, `la`, `al`, `el`, `ben`, `van`, `von`, ...) allowed inside. A capital at the
//! start of a sentence (or in a headline) says little, so a word there joins a run only when
//! the same word is capitalised mid-sentence elsewhere in the body and never appears in
//! lowercase ("Pourtant", "Moreover" and Title Case headline words stay out).
//!
//! **Types**: gazetteer hits are places or organisations; a run after a title (`M.`, `Mme`,
//! `Mr`, `ministre`, `CEO`, ...) or of two or three plain capitalised words is a person; a run
//! with an organisation word (`groupe`, `Bank`, `université`, ...) or an acronym is an
//! organisation; anything else is `Other`.
//!
//! **Keys** are accent-folded and lowercase. A person's key is the surname (last word), so
//! "Jacques Pommeraud" and later "M. Pommeraud" meet. A multi-word organisation's key is the
//! sorted set of its words mapped through the concept lexicon, without generic words such as
//! "group", so "Banque centrale européenne" and "European Central Bank" can meet even where the
//! gazetteer lacks them.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::analysis::KeyMarks;
use crate::bridge::{concept, GazHits, GazKind};
use std::sync::OnceLock;

use crate::hash::{FastMap, FastSet};
use crate::text::{stem, Form, Gap, TermRef, TokenKind};
use crate::Lang;

/// The type of a named entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation: company, institution, party, agency.
    Org,
    /// A city, region or sub-national place.
    Place,
    /// A country (or a demonym of one): common across stories, so it weighs less.
    Country,
    /// A name of unknown type.
    Other,
}

impl EntityKind {
    /// How telling a shared entity of this kind is that two articles report the same event.
    pub fn weight(self) -> f32 {
        match self {
            EntityKind::Person => 1.0,
            EntityKind::Org => 1.0,
            EntityKind::Other => 0.7,
            EntityKind::Place => 0.6,
            EntityKind::Country => 0.3,
        }
    }
}

/// Which part of the article a span points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The headline.
    Title,
    /// The body text.
    Body,
}

/// A named entity of one article, merged over its mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical key (see the module docs).
    pub key: String,
    /// Type.
    pub kind: EntityKind,
    /// Surface form of the first (longest, for persons) mention.
    pub text: String,
    /// Field and byte span of that mention.
    pub field: Field,
    /// Byte span of that mention in its field.
    pub span: Range<usize>,
    /// Number of mentions.
    pub mentions: u32,
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{:?}]", self.text, self.kind)
    }
}

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

/// Bits of [`list_flags`].
pub(crate) const TITLE: u8 = 1;
pub(crate) const PARTICLE: u8 = 2;
pub(crate) const ORG: u8 = 4;
pub(crate) const GENERIC_ORG: u8 = 8;
pub(crate) const WEEKDAY: u8 = 16;

/// The word lists a lowercase word belongs to (person titles, name particles, organisation
/// words, weekdays), as bits: computed once per word form by the text pipeline's vocabulary.
pub(crate) fn list_flags(norm: &str) -> u8 {
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

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| Lists {
        particles: PARTICLES.iter().copied().collect(),
        titles: PERSON_TITLES.iter().copied().collect(),
        org: ORG_WORDS.iter().chain(GENERIC_ORG_WORDS).copied().collect(),
        generic_org: GENERIC_ORG_WORDS.iter().copied().collect(),
    })
}

struct Run {
    start: usize,
    end: usize,
}

/// Extracts the entities of one field into `out` (merging by key with what is there).
#[allow(clippy::too_many_arguments)]
pub(crate) fn extract<'v>(
    terms: &[TermRef<'v>],
    gaz: &GazHits,
    lang: Lang,
    field: Field,
    src: &str,
    marks: &KeyMarks,
    out: &mut Vec<Entity>,
) {
    let n = terms.len();
    // Keys are borrowed (gazetteer, vocabulary) where they can be: most mentions merge into an
    // entity already found, and only a new entity needs its own copy.
    let mut found: Vec<(Cow<'v, str>, EntityKind, Range<usize>, usize)> = Vec::new();
    for m in &gaz.matches {
        let kind = match m.kind {
            GazKind::Country | GazKind::Demonym => EntityKind::Country,
            GazKind::City | GazKind::Region => EntityKind::Place,
            GazKind::Org => EntityKind::Org,
            GazKind::Currency | GazKind::Month => continue,
        };
        let span = terms[m.start].token.span.start..terms[m.end - 1].token.span.end;
        found.push((Cow::Borrowed(m.key), kind, span, m.end - m.start));
    }

    let name_word = |i: usize| -> bool {
        let t = &terms[i].token;
        if gaz.covers(i) || t.kind != TokenKind::Word || !(t.capitalized || t.all_caps) {
            return false;
        }
        if !t.norm.chars().next().is_some_and(char::is_alphabetic) {
            return false;
        }
        let f = terms[i].form.fid;
        if terms[i].stop || (t.all_caps && terms[i].form.common) {
            return false;
        }
        let flags = terms[i].form.lists;
        if (flags & TITLE != 0 && !t.all_caps) || flags & WEEKDAY != 0 {
            return false;
        }
        if t.sentence_start() || field == Field::Title {
            // A capital there proves nothing: require the word capitalised mid-sentence in
            // the body, and never seen in lowercase.
            return marks.cap_mid(f) && !marks.lower_seen(f);
        }
        true
    };

    // The words of the current run, particles left out (one buffer for all runs).
    let mut words: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < n {
        if !name_word(i) {
            i += 1;
            continue;
        }
        let mut run = Run {
            start: i,
            end: i + 1,
        };
        let mut j = i + 1;
        while j < n {
            let g = terms[j].token.gap;
            if !matches!(g, Gap::Space | Gap::Hyphen) {
                break;
            }
            if name_word(j) && !terms[j].token.sentence_start() {
                run.end = j + 1;
                j += 1;
            } else if terms[j].form.lists & PARTICLE != 0
                && !terms[j].token.capitalized
                && j + 1 < n
                && matches!(
                    terms[j + 1].token.gap,
                    Gap::Space | Gap::Hyphen | Gap::Elision
                )
                && name_word(j + 1)
            {
                j += 1;
            } else {
                break;
            }
        }
        i = run.end;
        words.clear();
        words.extend(
            (run.start..run.end)
                .filter(|&k| terms[k].form.lists & PARTICLE == 0 || terms[k].token.capitalized),
        );
        let title_before =
            (run.start.saturating_sub(3)..run.start).any(|k| terms[k].form.lists & TITLE != 0);
        let has_org_word = words.iter().any(|&k| terms[k].form.lists & ORG != 0);
        let kind = if has_org_word {
            EntityKind::Org
        } else if title_before {
            EntityKind::Person
        } else if words.len() == 1 && terms[words[0]].token.all_caps {
            EntityKind::Org
        } else if (2..=3).contains(&words.len())
            && !terms[words[0]].form.common
            && !terms[*words.last().unwrap_or(&run.start)].form.common
        {
            // "Jan Fischer", not "Budget Act" or "Chamber of Deputies".
            EntityKind::Person
        } else {
            EntityKind::Other
        };
        let folded = |k: usize| -> &'v str {
            let form: &'v Form = terms[k].form;
            &form.folded
        };
        let key: Cow<'v, str> = match kind {
            EntityKind::Person => Cow::Borrowed(folded(*words.last().unwrap_or(&run.start))),
            EntityKind::Org if words.len() > 1 => {
                let mut parts: Vec<String> = words
                    .iter()
                    .filter(|&&k| terms[k].form.lists & GENERIC_ORG == 0)
                    .map(|&k| {
                        let t = &terms[k].token;
                        if terms[k].form.common {
                            concept(lang, &stem(lang, t.norm)).to_owned()
                        } else {
                            terms[k].form.folded.to_string()
                        }
                    })
                    .collect();
                parts.sort();
                parts.dedup();
                Cow::Owned(parts.join(" "))
            }
            _ if words.len() == 1 => Cow::Borrowed(folded(words[0])),
            _ => Cow::Owned(
                words
                    .iter()
                    .map(|&k| folded(k))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        };
        if key.is_empty() {
            continue;
        }
        let span = terms[run.start].token.span.start..terms[run.end - 1].token.span.end;
        found.push((key, kind, span, words.len()));
    }

    // Merge: single words that are a known person's surname are that person.
    let is_person: Vec<bool> = {
        let persons: FastSet<&str> = found
            .iter()
            .filter(|f| f.1 == EntityKind::Person)
            .map(|f| &*f.0)
            .chain(
                out.iter()
                    .filter(|e| e.kind == EntityKind::Person)
                    .map(|e| e.key.as_str()),
            )
            .collect();
        found
            .iter()
            .map(|f| f.3 == 1 && persons.contains(&*f.0))
            .collect()
    };
    // Entities already in `out`, by a hash of their key (checked on a hit).
    let hash = |k: &str| crate::hash::hash_key(b'e', k);
    let mut pos: FastMap<u64, usize> = out
        .iter()
        .enumerate()
        .map(|(i, e)| (hash(&e.key), i))
        .collect();
    for ((key, mut kind, span, _), person) in found.into_iter().zip(is_person) {
        if person && matches!(kind, EntityKind::Other | EntityKind::Org) {
            kind = EntityKind::Person;
        }
        let h = hash(&key);
        let at = match pos.get(&h) {
            Some(&p) if out[p].key == *key => Some(p),
            Some(_) => out.iter().position(|e| e.key == *key),
            None => None,
        };
        match at {
            Some(p) => {
                let e = &mut out[p];
                e.mentions += 1;
                // Prefer the more specific type and the longer mention.
                if e.kind == EntityKind::Other && kind != EntityKind::Other {
                    e.kind = kind;
                }
                if span.len() > e.span.len() && e.field == field {
                    e.text = src[span.clone()].to_owned();
                    e.span = span;
                }
            }
            None => {
                pos.entry(h).or_insert(out.len());
                out.push(Entity {
                    key: key.into_owned(),
                    kind,
                    text: src[span.clone()].to_owned(),
                    field,
                    span,
                    mentions: 1,
                });
            }
        }
    }
}
