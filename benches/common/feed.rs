//! A generated news feed of real-length articles (about 3–4 KB each, French and English) with
//! planted duplicates, as JSON Lines: the input of the whole-job bench (`benches/job.rs`), the
//! scale run (`benches/scale.rs`) and the job tests (`tests/job.rs`).
//!
//! Each **event** has a day, a topic (40 words of the project's lexicon, each a French/English
//! pair: half drawn for the event, half from the feed's common vocabulary, where a word's
//! frequency follows Zipf's law), two to four people (one of them often from a pool of recurring public figures), an
//! organisation, a place and three figures. It is reported by:
//! - one article (55% of events), in French or English;
//! - an article and its **translation** into the other language (25%): the same sentences,
//!   word for word through the lexicon, with a tenth of the content words dropped and some
//!   neighbours swapped;
//! - **independent** reports in both languages (10%): sentences drawn again from the same
//!   topic and facts, written separately;
//! - an article, its translation and an independent rewrite in the first language (10%).
//!
//! Sentences mix the topic's words, words from the whole lexicon (Zipf-distributed) and each
//! language's function words; names and figures are written as each language writes them
//! (`1.500` / `1,500`, `2,5 %` / `2.5%`, `Londres` / `London`). Article ids are
//! `g{event}-{report}-{lang}`, so a report's event is its id's first field.
//!
//! Everything is a fixed function of the seed: event `e` draws from its own generator, so the
//! feed can be generated in parallel and any prefix of it is the same.
#![allow(dead_code)]

use bilingual_dedup::Lang;
use rayon::prelude::*;

use super::{Rng, LEXICON};

/// Function words, French and English side by side (a French word is "translated" into the
/// English word beside it).
const FUNCTION: &[(&str, &str)] = &[
    ("le", "the"),
    ("la", "the"),
    ("les", "the"),
    ("de", "of"),
    ("des", "of"),
    ("du", "of"),
    ("et", "and"),
    ("à", "to"),
    ("en", "in"),
    ("pour", "for"),
    ("sur", "on"),
    ("dans", "in"),
    ("avec", "with"),
    ("par", "by"),
    ("un", "a"),
    ("une", "a"),
    ("qui", "who"),
    ("que", "that"),
    ("a", "has"),
    ("est", "is"),
    ("sont", "are"),
    ("plus", "more"),
    ("cette", "this"),
    ("leur", "their"),
    ("selon", "according to"),
];

/// Places as each language writes them.
const PLACES: &[(&str, &str)] = &[
    ("Paris", "Paris"),
    ("Londres", "London"),
    ("Bruxelles", "Brussels"),
    ("Genève", "Geneva"),
    ("Berlin", "Berlin"),
    ("Rabat", "Rabat"),
    ("Casablanca", "Casablanca"),
    ("Lyon", "Lyon"),
    ("Marseille", "Marseille"),
    ("Varsovie", "Warsaw"),
    ("Moscou", "Moscow"),
    ("Pékin", "Beijing"),
    ("Montréal", "Montreal"),
    ("Québec", "Quebec"),
    ("Maroc", "Morocco"),
    ("Allemagne", "Germany"),
    ("Espagne", "Spain"),
    ("Italie", "Italy"),
    ("Belgique", "Belgium"),
    ("Japon", "Japan"),
    ("Brésil", "Brazil"),
    ("Tunisie", "Tunisia"),
    ("Sénégal", "Senegal"),
    ("Grèce", "Greece"),
];

const SYLLABLES: &[&str] = &[
    "ka", "ro", "vel", "min", "dra", "sto", "len", "bar", "tis", "mon", "gar", "ul", "pe", "zan",
    "qui", "lor", "bes", "tra", "nu", "fal", "dor", "mik", "sa", "jov", "ren", "pol", "du", "vik",
    "al", "sor",
];

/// Recurring public figures: one of an event's people is drawn from them, Zipf-distributed,
/// two times in three.
const FIGURES: usize = 3_000;

/// What the generator asks of a language: the other one, and its word of a pair.
trait Side {
    fn other(self) -> Self;
    fn pick<'a>(self, pair: (&'a str, &'a str)) -> &'a str;
}

impl Side for Lang {
    fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }
    fn pick<'a>(self, pair: (&'a str, &'a str)) -> &'a str {
        match self {
            Lang::Fr => pair.0,
            Lang::En => pair.1,
        }
    }
}

/// One token of a sentence plan, rendered in either language.
#[derive(Clone, Copy)]
enum Tok {
    Word(u32),
    Function(u8),
    Person(u8),
    Org,
    Place,
    Figure(u8),
}

struct Event {
    day: u32,
    topic: Vec<u32>,
    people: Vec<String>,
    org: String,
    place: usize,
    /// A count, a money amount in millions (tenths), a percentage (tenths).
    figures: [u64; 3],
}

/// The generator of one feed.
pub struct Feed {
    seed: u64,
    words: Vec<(&'static str, &'static str)>,
    /// The words in a fixed random order: the Zipf ranks of the whole feed's vocabulary.
    ranks: Vec<u32>,
    figures: Vec<String>,
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn name(rng: &mut Rng, syllables: usize) -> String {
    let mut s = String::new();
    for _ in 0..syllables {
        s.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    capitalized(&s)
}

fn person(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    let first = name(rng, n);
    let n = 2 + rng.below(3);
    let last = name(rng, n);
    format!("{first} {last}")
}

impl Feed {
    pub fn new(seed: u64) -> Self {
        let words: Vec<(&str, &str)> = LEXICON
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .filter(|(fr, en)| !fr.is_empty() && !en.is_empty())
            .collect();
        let mut rng = Rng::mixed(seed ^ 0xf1);
        let figures = (0..FIGURES).map(|_| person(&mut rng)).collect();
        let mut ranks: Vec<u32> = (0..words.len() as u32).collect();
        for i in (1..ranks.len()).rev() {
            ranks.swap(i, rng.below(i + 1));
        }
        Feed {
            seed,
            words,
            ranks,
            figures,
        }
    }

    /// A word of the whole feed's vocabulary, Zipf-distributed.
    fn common(&self, rng: &mut Rng) -> u32 {
        self.ranks[rng.zipf(self.ranks.len())]
    }

    /// How many articles event `e` has, and the generator its reports draw from.
    fn reports(&self, e: u64) -> (usize, Rng) {
        let mut rng = Rng::mixed(self.seed.wrapping_mul(0x100_0000_01b3) ^ e);
        let n = match rng.below(100) {
            0..=54 => 1,
            55..=89 => 2,
            _ => 3,
        };
        (n, rng)
    }

    fn event(&self, e: u64, events: u64, rng: &mut Rng) -> Event {
        // Events spread evenly over the days, about 300 a day.
        let days = (events / 300).max(1);
        let day = (e * days / events.max(1)) as u32;
        // Half of the topic is the event's own, half common news vocabulary.
        let topic = (0..40)
            .map(|i| {
                if i % 2 == 0 {
                    rng.below(self.words.len()) as u32
                } else {
                    self.common(rng)
                }
            })
            .collect();
        let mut people: Vec<String> = (0..2 + rng.below(3)).map(|_| person(rng)).collect();
        if rng.chance(67) {
            people[0] = self.figures[rng.zipf(FIGURES)].clone();
        }
        Event {
            day,
            topic,
            people,
            org: format!("{} {}", name(rng, 2), name(rng, 3)),
            place: rng.below(PLACES.len()),
            figures: [
                1_000 + rng.below(998_000) as u64,
                10 + rng.below(9_990) as u64,
                1 + rng.below(400) as u64,
            ],
        }
    }

    /// A report's sentence plan: about 3.5 KB once written.
    fn plan(&self, ev: &Event, rng: &mut Rng) -> Vec<Vec<Tok>> {
        (0..26)
            .map(|_| {
                let len = 12 + rng.below(12);
                (0..len)
                    .map(|_| match rng.below(100) {
                        0..=39 => Tok::Word(ev.topic[rng.below(ev.topic.len())]),
                        40..=59 => Tok::Word(self.common(rng)),
                        60..=89 => Tok::Function(rng.below(FUNCTION.len()) as u8),
                        90..=94 => Tok::Person(rng.below(ev.people.len()) as u8),
                        95 => Tok::Org,
                        96 => Tok::Place,
                        _ => Tok::Figure(rng.below(3) as u8),
                    })
                    .collect()
            })
            .collect()
    }

    /// The plan as a translator would render it: a tenth of the content words dropped, some
    /// neighbours swapped.
    fn translated(plan: &[Vec<Tok>], rng: &mut Rng) -> Vec<Vec<Tok>> {
        plan.iter()
            .map(|s| {
                let mut t: Vec<Tok> = s
                    .iter()
                    .copied()
                    .filter(|t| !matches!(t, Tok::Word(_)) || !rng.chance(10))
                    .collect();
                for i in 1..t.len() {
                    if rng.chance(5) {
                        t.swap(i - 1, i);
                    }
                }
                t
            })
            .collect()
    }

    fn figure(ev: &Event, k: u8, lang: Lang) -> String {
        let v = ev.figures[k as usize];
        match (k, lang) {
            (0, Lang::Fr) if v >= 1_000 => format!("{}.{:03} emplois", v / 1_000, v % 1_000),
            (0, Lang::En) if v >= 1_000 => format!("{},{:03} jobs", v / 1_000, v % 1_000),
            (0, Lang::Fr) => format!("{v} emplois"),
            (0, Lang::En) => format!("{v} jobs"),
            (1, Lang::Fr) => format!("{},{} millions d'euros", v / 10, v % 10),
            (1, Lang::En) => format!("{}.{} million euros", v / 10, v % 10),
            (_, Lang::Fr) => format!("{},{} %", v / 10, v % 10),
            (_, Lang::En) => format!("{}.{}%", v / 10, v % 10),
        }
    }

    fn render(&self, ev: &Event, plan: &[Vec<Tok>], lang: Lang, out: &mut String) {
        for (i, sentence) in plan.iter().enumerate() {
            if i > 0 {
                out.push_str(if i % 4 == 0 { "\n" } else { " " });
            }
            let start = out.len();
            for (j, t) in sentence.iter().enumerate() {
                if j > 0 {
                    out.push(' ');
                }
                match *t {
                    Tok::Word(w) => out.push_str(lang.pick(self.words[w as usize])),
                    Tok::Function(f) => out.push_str(lang.pick(FUNCTION[f as usize])),
                    Tok::Person(p) => out.push_str(&ev.people[p as usize]),
                    Tok::Org => out.push_str(&ev.org),
                    Tok::Place => out.push_str(lang.pick(PLACES[ev.place])),
                    Tok::Figure(k) => out.push_str(&Self::figure(ev, k, lang)),
                }
            }
            // A capital opens the sentence.
            if let Some(c) = out[start..].chars().next() {
                if c.is_lowercase() {
                    let up: String = c.to_uppercase().collect();
                    out.replace_range(start..start + c.len_utf8(), &up);
                }
            }
            out.push('.');
        }
    }

    /// The JSON lines of event `e` (of `events` in the feed), appended to `out`.
    fn event_lines(&self, e: u64, events: u64, out: &mut String) {
        let (n, mut rng) = self.reports(e);
        let ev = self.event(e, events, &mut rng);
        let first = if rng.chance(50) { Lang::Fr } else { Lang::En };
        let plan = self.plan(&ev, &mut rng);
        let mut reports: Vec<(Lang, Vec<Vec<Tok>>)> = vec![(first, plan)];
        if n >= 2 {
            if rng.chance(72) || n == 3 {
                let t = Self::translated(&reports[0].1, &mut rng);
                reports.push((first.other(), t));
            } else {
                let p = self.plan(&ev, &mut rng);
                reports.push((first.other(), p));
            }
        }
        if n == 3 {
            let p = self.plan(&ev, &mut rng);
            reports.push((first, p));
        }
        let mut text = String::with_capacity(4_096);
        for (k, (lang, plan)) in reports.iter().enumerate() {
            text.clear();
            self.render(&ev, plan, *lang, &mut text);
            let title = format!(
                "{} : {} {}",
                lang.pick(PLACES[ev.place]),
                ev.people[0],
                lang.pick(self.words[ev.topic[0] as usize])
            );
            let day = ev.day + (k as u32 % 2);
            let line = serde_json::json!({
                "id": format!("g{e}-{k}-{}", lang.code()),
                "lang": lang.code(),
                "title": title,
                "text": text,
                "published": date(day),
            });
            out.push_str(&line.to_string());
            out.push('\n');
        }
    }

    /// Events `0..events` give at least `n` articles: the number of events for `n` articles.
    pub fn events_for(&self, n: usize) -> u64 {
        let mut total = 0;
        let mut e = 0;
        while total < n {
            total += self.reports(e).0;
            e += 1;
        }
        e
    }

    /// The JSON lines of events `from..to` (of `events` in the feed), generated in parallel.
    pub fn lines(&self, from: u64, to: u64, events: u64) -> String {
        let parts: Vec<String> = (from..to)
            .into_par_iter()
            .map(|e| {
                let mut s = String::with_capacity(8_192);
                self.event_lines(e, events, &mut s);
                s
            })
            .collect();
        parts.concat()
    }

    /// A feed of about `n` articles (all the reports of the events needed), as JSON Lines.
    pub fn jsonl(&self, n: usize) -> String {
        let events = self.events_for(n);
        self.lines(0, events, events)
    }
}

/// `YYYY-MM-DD` of day `d` after 2020-01-01.
fn date(d: u32) -> String {
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = 18_262 + d as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{:04}-{m:02}-{day:02}", if m <= 2 { y + 1 } else { y })
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(super::date(0), "2020-01-01");
        assert_eq!(super::date(59), "2020-02-29");
        assert_eq!(super::date(366), "2021-01-01");
    }
}
