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

use super::parse::{code_currency, dollar_prefix, prefixed_amount};
use crate::bridge::roles::{GENERIC_ORG, ORG, PARTICLE, TITLE, WEEKDAY};
use crate::bridge::{concept, GazHits, GazKind, Word};
use crate::text::{stem, Gap, Lang, TokenKind};
use crate::util::hash::{hash_key, FastMap, FastSet};

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
    /// Named in the lead: the title or the first 60 words of the body (set by the analysis
    /// pipeline, [`Dedup::analyze`](crate::Dedup::analyze), from the names the lead alone yields).
    pub lead: bool,
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{:?}]", self.text, self.kind)
    }
}

struct Run {
    start: usize,
    end: usize,
}

/// Extracts the entities of one field into `out` (merging by key with what is there).
///
/// Word `i` is part of an amount the number extractor reads (`CHF1.5bn`, `318 MDH`, the `C` of
/// `C$40`, the `CAD` of `CAD 40`), not a name.
fn is_amount_part(terms: &[Word<'_>], i: usize) -> bool {
    let t = &terms[i];
    let norm = t.norm();
    if prefixed_amount(norm).is_some() || matches!(norm, "mdh" | "mmdh") {
        return true;
    }
    let Some(next) = terms.get(i + 1) else {
        return false;
    };
    (next.kind() == TokenKind::Symbol
        && next.norm() == "$"
        && next.span.start == t.span.end
        && dollar_prefix(norm).is_some())
        || (next.kind() == TokenKind::Number
            && next.gap == Gap::Space
            && t.all_caps
            && code_currency(norm).is_some())
}

/// `named_in_body(word)` tells whether the article's body shows the word as a name: written
/// with a capital in mid-sentence somewhere and never in lowercase. It decides for words whose
/// own capital proves nothing (at a sentence start, in the title).
#[allow(clippy::too_many_arguments)]
pub(crate) fn extract<'v>(
    terms: &[Word<'v>],
    gaz: &GazHits,
    lang: Lang,
    field: Field,
    src: &str,
    named_in_body: impl Fn(&Word<'v>) -> bool,
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
        let span = terms[m.start].span.start..terms[m.end - 1].span.end;
        found.push((Cow::Borrowed(m.key), kind, span, m.end - m.start));
    }

    let name_word = |i: usize| -> bool {
        let t = &terms[i];
        if gaz.covers(i) || t.kind() != TokenKind::Word || !(t.capitalized || t.all_caps) {
            return false;
        }
        if !t.norm().chars().next().is_some_and(char::is_alphabetic) {
            return false;
        }
        if t.stop() || (t.all_caps && t.lex.common) {
            return false;
        }
        if is_amount_part(terms, i) {
            return false;
        }
        let flags = t.lex.roles;
        if (flags & TITLE != 0 && !t.all_caps) || flags & WEEKDAY != 0 {
            return false;
        }
        if t.sentence_start() || field == Field::Title {
            // A capital there proves nothing: require the word capitalised mid-sentence in
            // the body, and never seen in lowercase.
            return named_in_body(t);
        }
        true
    };

    // The words of the current run, particles left out (one buffer for all runs).
    let mut words: Vec<usize> = Vec::new();
    // Where gazetteer hits taken into a person's name start (their place entity is dropped).
    let mut absorbed: Vec<usize> = Vec::new();
    let mut absorbed_keys: Vec<&str> = Vec::new();
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
            let g = terms[j].gap;
            if !matches!(g, Gap::Space | Gap::Hyphen) {
                break;
            }
            if name_word(j) && !terms[j].sentence_start() {
                run.end = j + 1;
                j += 1;
            } else if terms[j].lex.roles & PARTICLE != 0
                && !terms[j].capitalized
                && j + 1 < n
                && matches!(terms[j + 1].gap, Gap::Space | Gap::Hyphen | Gap::Elision)
                && name_word(j + 1)
            {
                j += 1;
            } else {
                break;
            }
        }
        let title_before =
            (run.start.saturating_sub(3)..run.start).any(|k| terms[k].lex.roles & TITLE != 0);
        // "Prime Minister Theresa May", "SNB chairman Thomas Jordan": after a title and a first
        // name, a capitalised word the gazetteer knows as a place or a month is the surname.
        if title_before && run.end == run.start + 1 && run.end < n {
            let t = &terms[run.end];
            if let Some(m) = gaz.starting_at(run.end) {
                if m.end == run.end + 1
                    && matches!(
                        m.kind,
                        GazKind::Country | GazKind::City | GazKind::Region | GazKind::Month
                    )
                    && t.capitalized
                    && !t.all_caps
                    && t.gap == Gap::Space
                    && !t.sentence_start()
                {
                    absorbed.push(t.span.start);
                    absorbed_keys.push(t.folded());
                    run.end += 1;
                }
            }
        }
        i = run.end;
        words.clear();
        words.extend(
            (run.start..run.end)
                .filter(|&k| terms[k].lex.roles & PARTICLE == 0 || terms[k].capitalized),
        );
        let has_org_word = words.iter().any(|&k| terms[k].lex.roles & ORG != 0);
        let kind = if has_org_word {
            EntityKind::Org
        } else if title_before && !(words.len() == 1 && terms[words[0]].all_caps) {
            // (An acronym after a title is what the title heads: "président de la BNS".)
            EntityKind::Person
        } else if words.len() == 1 && terms[words[0]].all_caps {
            EntityKind::Org
        } else if (2..=3).contains(&words.len())
            && !terms[words[0]].lex.common
            && !terms[*words.last().unwrap_or(&run.start)].lex.common
        {
            // "Jan Fischer", not "Budget Act" or "Chamber of Deputies".
            EntityKind::Person
        } else {
            EntityKind::Other
        };
        let folded = |k: usize| -> &'v str { terms[k].folded() };
        let key: Cow<'v, str> = match kind {
            EntityKind::Person => Cow::Borrowed(folded(*words.last().unwrap_or(&run.start))),
            EntityKind::Org if words.len() > 1 => {
                let mut parts: Vec<String> = words
                    .iter()
                    .filter(|&&k| terms[k].lex.roles & GENERIC_ORG == 0)
                    .map(|&k| {
                        let t = &terms[k];
                        if t.lex.common {
                            concept(lang, &stem(lang, t.norm())).to_owned()
                        } else {
                            terms[k].folded().to_string()
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
        let span = terms[run.start].span.start..terms[run.end - 1].span.end;
        found.push((key, kind, span, words.len()));
    }

    if !absorbed.is_empty() {
        found.retain(|f| !(f.1 != EntityKind::Person && absorbed.contains(&f.2.start)));
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
    let hash = |k: &str| hash_key(b'e', k);
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
                    lead: false,
                });
            }
        }
    }
    // The surname's other mentions ("Jordan added") are the person, not the place.
    for e in out.iter_mut() {
        if absorbed_keys.contains(&e.key.as_str()) {
            e.kind = EntityKind::Person;
        }
    }
}
