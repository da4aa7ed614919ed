//! Gazetteer: names of places, organisations, demonyms, currencies and months in French and
//! English, unified to one key (`Maroc`, `Morocco`, `marocain`, `Moroccan` → `morocco`).
//!
//! Data: `data/gazetteer/cldr.tsv` (generated from Unicode CLDR by `scripts/gen_gazetteer.py`)
//! and `data/gazetteer/extra.tsv` (hand-written). Lines are `kind<TAB>key<TAB>lang<TAB>alias`.
//!
//! Matching is on token sequences (accent-folded, lowercase), longest alias first, with a case
//! rule taken from how the alias is written:
//! - an all-capitals alias (`US`, `UE`, `NATO`) matches only all-capitals text, so "us" is not
//!   the United States;
//! - a capitalised alias (`Nice`, `Morocco`) matches only capitalised text, and a one-word alias
//!   that is also a common word is not matched at the start of a sentence ("Nice weather...");
//! - a lowercase alias (`marocain`, `dirhams`, `mars`) matches in any case.

use std::sync::OnceLock;

use super::word::Word;
use crate::text::{fold, is_stopword, lower, tokenize_with, Lang, TokenKind, Vocab};
use crate::util::hash::{FastMap, FastSet};

const CLDR: &str = include_str!("../../data/gazetteer/cldr.tsv");
const EXTRA: &str = include_str!("../../data/gazetteer/extra.tsv");

/// Kinds of gazetteer entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum GazKind {
    /// A country or territory.
    Country,
    /// A city.
    City,
    /// A region, continent or sub-national area.
    Region,
    /// An organisation (institution, company, party, agency).
    Org,
    /// A demonym or adjective of a place; its key is the place's key.
    Demonym,
    /// A currency; its key is the ISO 4217 code.
    Currency,
    /// A month; its key is `01`..`12`.
    Month,
}

impl GazKind {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "country" => GazKind::Country,
            "city" => GazKind::City,
            "region" => GazKind::Region,
            "org" => GazKind::Org,
            "demonym" => GazKind::Demonym,
            "currency" => GazKind::Currency,
            "month" => GazKind::Month,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CaseRule {
    Any,
    Capitalized,
    AllCaps,
}

/// One alias of a gazetteer entry, as folded tokens.
#[derive(Debug)]
pub(crate) struct Alias {
    tokens: Vec<String>,
    kind: GazKind,
    key: u32,
    lang: Option<Lang>,
    case: CaseRule,
}

struct Gazetteer {
    by_first: FastMap<String, Vec<Alias>>,
    keys: Vec<String>,
    /// Folded one-token aliases of places, organisations and demonyms.
    name_words: FastSet<String>,
}

/// A gazetteer hit over tokens `start..end`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GazMatch {
    pub start: usize,
    pub end: usize,
    pub kind: GazKind,
    pub key: &'static str,
}

impl CaseRule {
    /// The more permissive of two rules: `Any` accepts every case, `Capitalized` also accepts
    /// all-capital text, `AllCaps` only that.
    fn widest(self, other: CaseRule) -> CaseRule {
        match (self, other) {
            (CaseRule::Any, _) | (_, CaseRule::Any) => CaseRule::Any,
            (CaseRule::Capitalized, _) | (_, CaseRule::Capitalized) => CaseRule::Capitalized,
            _ => CaseRule::AllCaps,
        }
    }
}

fn case_rule(alias: &str) -> CaseRule {
    let letters: Vec<char> = alias.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        CaseRule::AllCaps
    } else if alias.chars().next().is_some_and(char::is_uppercase) {
        CaseRule::Capitalized
    } else {
        CaseRule::Any
    }
}

fn alias_tokens(alias: &str, vocab: &mut Vocab) -> Vec<String> {
    tokenize_with(alias, vocab)
        .into_iter()
        .filter(|t| t.kind != TokenKind::Symbol || alias.chars().count() <= 3)
        .map(|t| fold(&t.norm))
        .collect()
}

fn gazetteer() -> &'static Gazetteer {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    GAZ.get_or_init(|| {
        let mut by_first: FastMap<String, Vec<Alias>> = FastMap::default();
        let mut keys: Vec<String> = Vec::new();
        let mut key_ids: FastMap<(GazKind, String), u32> = FastMap::default();
        let mut seen: FastSet<(Vec<String>, GazKind, Option<Lang>, u32)> = FastSet::default();
        let mut name_words = FastSet::default();
        // The aliases' own vocabularies: the tables are built before any article is read.
        let mut vocabs = [Vocab::new(Lang::Fr), Vocab::new(Lang::En)];
        for (_, line) in super::data_lines(CLDR).chain(super::data_lines(EXTRA)) {
            let f: Vec<&str> = line.split('\t').collect();
            let [kind, key, lang, alias] = f[..] else {
                continue;
            };
            let Some(kind) = GazKind::parse(kind) else {
                continue;
            };
            let lang = match lang {
                "fr" => Some(Lang::Fr),
                "en" => Some(Lang::En),
                _ => None,
            };
            // Demonyms point at places: share the place's key id.
            let key_kind = match kind {
                GazKind::Demonym | GazKind::Country | GazKind::City | GazKind::Region => {
                    GazKind::Country
                }
                k => k,
            };
            let next = keys.len() as u32;
            let id = *key_ids
                .entry((key_kind, key.to_owned()))
                .or_insert_with(|| {
                    keys.push(key.to_owned());
                    next
                });
            let case = case_rule(alias);
            let langs: &[Lang] = match lang {
                Some(Lang::Fr) => &[Lang::Fr],
                Some(Lang::En) => &[Lang::En],
                None => &[Lang::Fr, Lang::En],
            };
            for &tl in langs {
                let tokens = alias_tokens(alias, &mut vocabs[tl.index()]);
                if tokens.is_empty() {
                    continue;
                }
                if !seen.insert((tokens.clone(), kind, lang, id)) {
                    // One alias written in two cases ("NATO", "Nato"): it matches as the more
                    // permissive of them, whichever line comes first.
                    if let Some(a) = by_first.get_mut(&tokens[0]).and_then(|v| {
                        v.iter_mut().find(|a| {
                            a.tokens == tokens && a.kind == kind && a.lang == lang && a.key == id
                        })
                    }) {
                        a.case = a.case.widest(case);
                    }
                    continue;
                }
                if tokens.len() == 1 && !matches!(kind, GazKind::Currency | GazKind::Month) {
                    name_words.insert(tokens[0].clone());
                }
                by_first.entry(tokens[0].clone()).or_default().push(Alias {
                    tokens,
                    kind,
                    key: id,
                    lang,
                    case,
                });
            }
        }
        for v in by_first.values_mut() {
            v.sort_by(|a, b| {
                b.tokens
                    .len()
                    .cmp(&a.tokens.len())
                    .then(a.kind.cmp(&b.kind))
            });
        }
        Gazetteer {
            by_first,
            keys,
            name_words,
        }
    })
}

/// Number of aliases in the gazetteer.
#[cfg(test)]
fn gazetteer_len() -> usize {
    gazetteer().by_first.values().map(Vec::len).sum()
}

/// True when `word` (lowercase) is a common word of either language: a stopword or a word of
/// the concept lexicon. Used to distrust capitals at sentence starts.
///
/// Lexicon lines that translate one name into another (`maroc`/`morocco`, `otan`/`nato`) do not
/// count: their words are names, so "Maroc" or "Germany" opening a sentence is still a place.
pub(crate) fn is_common_word(word: &str) -> bool {
    is_stopword(Lang::Fr, word) || is_stopword(Lang::En, word) || common_words().contains(word)
}

/// Builds the gazetteer now if it is not built yet (see [`super::warm_up`]).
pub(super) fn warm_gazetteer() {
    gazetteer();
}

/// Builds the common words now if they are not built yet (see [`super::warm_up`]).
pub(super) fn warm_common_words() {
    common_words();
}

fn common_words() -> &'static FastSet<String> {
    static WORDS: OnceLock<FastSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let names = &gazetteer().name_words;
        let is_name = |w: &str| names.contains(&fold(w));
        let mut words = FastSet::default();
        for (_, fr, en) in super::lexicon::pairs() {
            let (fr, en) = (lower(fr), lower(en));
            if is_name(&fr) && (is_name(&en) || fr == en) {
                continue;
            }
            words.insert(fr);
            words.insert(en);
        }
        words
    })
}

/// The aliases whose first folded token is `folded`.
pub(crate) fn first_aliases(folded: &str) -> Option<&'static [Alias]> {
    gazetteer().by_first.get(folded).map(Vec::as_slice)
}

fn case_ok(rule: CaseRule, t: &Word<'_>) -> bool {
    match rule {
        CaseRule::Any => true,
        CaseRule::Capitalized => t.capitalized,
        CaseRule::AllCaps => t.all_caps || (t.capitalized && t.norm().chars().count() == 1),
    }
}

/// [`find_matches_into`] a new vector.
#[cfg(test)]
pub(crate) fn find_matches(terms: &[Word<'_>], lang: Lang) -> Vec<GazMatch> {
    let mut out = Vec::new();
    find_matches_into(terms, lang, &mut out);
    out
}

/// The gazetteer matches of one field's terms, and the match covering each term: made once
/// per field for the entity and number stages, and reused from field to field.
#[derive(Debug, Default)]
pub(crate) struct GazHits {
    /// Leftmost-longest, not overlapping ([`find_matches_into`]).
    pub(crate) matches: Vec<GazMatch>,
    /// By term: index in `matches` of the match covering it, or [`GazHits::NONE`].
    at: Vec<u32>,
}

impl GazHits {
    const NONE: u32 = u32::MAX;

    /// Finds the matches of `terms` (forgetting the previous field's).
    pub(crate) fn find(&mut self, terms: &[Word<'_>], lang: Lang) {
        find_matches_into(terms, lang, &mut self.matches);
        self.at.clear();
        self.at.resize(terms.len(), Self::NONE);
        for (k, m) in self.matches.iter().enumerate() {
            self.at[m.start..m.end].fill(k as u32);
        }
    }

    /// The number of terms (or matches) the buffers hold room for.
    pub(crate) fn capacity(&self) -> usize {
        self.at.capacity().max(self.matches.capacity())
    }

    /// Term `i` is part of a match.
    #[inline]
    pub(crate) fn covers(&self, i: usize) -> bool {
        self.at[i] != Self::NONE
    }

    /// The match starting at term `i`.
    #[inline]
    pub(crate) fn starting_at(&self, i: usize) -> Option<&GazMatch> {
        let k = *self.at.get(i)?;
        let m = self.matches.get(k as usize)?;
        (m.start == i).then_some(m)
    }
}

/// All gazetteer hits in `terms` (compared by folded form), leftmost-longest, not overlapping,
/// into `out` (cleared first).
fn find_matches_into(terms: &[Word<'_>], lang: Lang, out: &mut Vec<GazMatch>) {
    let gaz = gazetteer();
    out.clear();
    let mut i = 0;
    let tokens = |k: usize| &terms[k];
    while i < terms.len() {
        let mut matched = None;
        if let Some(cands) = terms[i].lex.aliases {
            for a in cands {
                let n = a.tokens.len();
                if i + n > terms.len() || a.lang.is_some_and(|l| l != lang) {
                    continue;
                }
                if !(0..n).all(|k| terms[i + k].folded() == a.tokens[k]) {
                    continue;
                }
                // Parts of a multi-token alias must be adjacent (no sentence break inside).
                if (1..n).any(|k| tokens(i + k).sentence_start()) {
                    continue;
                }
                if !case_ok(a.case, tokens(i)) {
                    continue;
                }
                if a.case == CaseRule::Capitalized
                    && n == 1
                    && tokens(i).sentence_start()
                    && terms[i].lex.common
                {
                    continue;
                }
                matched = Some(GazMatch {
                    start: i,
                    end: i + n,
                    kind: a.kind,
                    key: gaz.keys[a.key as usize].as_str(),
                });
                break;
            }
        }
        match matched {
            Some(m) => {
                i = m.end;
                out.push(m);
            }
            None => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_cover_their_terms() {
        let text = "Le Maroc et les États-Unis ont signé à Rabat, selon la Banque mondiale.";
        crate::bridge::with_words(text, Lang::Fr, |terms| {
            let mut hits = GazHits::default();
            hits.find(&terms[..2], Lang::Fr); // a shorter field first: nothing may linger
            hits.find(terms, Lang::Fr);
            let ms = find_matches(terms, Lang::Fr);
            assert!(ms.len() >= 3, "{ms:?}");
            assert_eq!(hits.matches.len(), ms.len());
            for i in 0..terms.len() {
                let inside = ms.iter().find(|m| (m.start..m.end).contains(&i));
                assert_eq!(hits.covers(i), inside.is_some(), "{i}");
                let starts = ms.iter().find(|m| m.start == i).map(|m| (m.start, m.end));
                assert_eq!(hits.starting_at(i).map(|m| (m.start, m.end)), starts, "{i}");
            }
            assert!(hits.starting_at(terms.len()).is_none());
        });
    }

    fn keys(text: &str, lang: Lang) -> Vec<(GazKind, &'static str)> {
        crate::bridge::with_words(text, lang, |terms| {
            find_matches(terms, lang)
                .into_iter()
                .map(|m| (m.kind, m.key))
                .collect()
        })
    }

    #[test]
    fn thousands_of_aliases() {
        assert!(gazetteer_len() > 3000, "{}", gazetteer_len());
    }

    #[test]
    fn exonyms_meet() {
        assert_eq!(keys("au Maroc", Lang::Fr), keys("in Morocco", Lang::En));
        assert_eq!(keys("à Londres", Lang::Fr), keys("in London", Lang::En));
        assert_eq!(
            keys("les États-Unis", Lang::Fr),
            keys("the United States", Lang::En)
        );
        assert_eq!(keys("les Etats-Unis", Lang::Fr), keys("the US", Lang::En));
        assert_eq!(
            keys("l'Union européenne", Lang::Fr),
            keys("the EU", Lang::En)
        );
        assert_eq!(keys("l'OMS", Lang::Fr), keys("the WHO", Lang::En));
        assert_eq!(keys("le FMI", Lang::Fr), keys("the IMF", Lang::En));
        assert_eq!(keys("l'OTAN", Lang::Fr), keys("NATO", Lang::En));
        assert_eq!(keys("l'ONU", Lang::Fr), keys("the UN", Lang::En));
        assert_eq!(keys("l'Allemagne", Lang::Fr), keys("Germany", Lang::En));
    }

    #[test]
    fn demonyms_point_at_places() {
        let fr = keys("le gouvernement marocain", Lang::Fr);
        let en = keys("the Moroccan government", Lang::En);
        assert_eq!(fr.len(), 1);
        assert_eq!(fr[0].1, en[0].1);
        assert_eq!(fr[0].1, keys("Maroc", Lang::Fr)[0].1);
    }

    #[test]
    fn case_traps() {
        assert!(keys("let us go", Lang::En).is_empty());
        assert_eq!(keys("the US said", Lang::En).len(), 1);
        assert!(keys("a nice day in town", Lang::En).is_empty());
        assert_eq!(keys("he moved to Nice last year", Lang::En).len(), 1);
    }

    #[test]
    fn an_alias_in_two_cases_matches_as_the_wider() {
        use CaseRule::{AllCaps, Any, Capitalized};
        for (a, b, wide) in [
            (AllCaps, Capitalized, Capitalized),
            (Capitalized, AllCaps, Capitalized),
            (AllCaps, Any, Any),
            (Any, Capitalized, Any),
            (AllCaps, AllCaps, AllCaps),
        ] {
            assert_eq!(a.widest(b), wide);
        }
        // `NATO` and `Nato` are both listed: both spellings match, and so does all-caps text.
        for text in ["talks at Nato on Monday", "talks at NATO on Monday"] {
            assert_eq!(keys(text, Lang::En).len(), 1, "{text}");
        }
    }
}
