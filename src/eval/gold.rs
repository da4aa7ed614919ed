//! Labelled data: articles with their `event`, and judgments of pairs of events.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;
#[cfg(doc)]
use crate::error::ErrorKind;
use crate::input::jsonl::{unique_by_id, BadLine, JsonLines};
use crate::input::Article;
use crate::util::union_find::UnionFind;

/// An article with the label of the event it reports (`event`); articles with equal labels
/// report the same event. Extra fields of the line (`source`, `meta`, ...) are ignored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabelledArticle {
    /// The article.
    #[serde(flatten)]
    pub article: Article,
    /// Its event label (`None`: an event of its own).
    #[serde(default)]
    pub event: Option<String>,
}

/// The label of a judged pair of events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// Independently written reports of one happening: the two events are merged.
    SameEvent,
    /// Left out of scoring.
    Ambiguous,
    /// Same story thread or names, another event: a hard negative.
    Related,
    /// Same broad topic only: a hard negative.
    Topic,
}

/// A judgment of a pair of events: `{"event_a", "event_b", "label", "note"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgment {
    /// One event label.
    pub event_a: String,
    /// The other.
    pub event_b: String,
    /// The judgment.
    pub label: Label,
    /// Why, for a person.
    #[serde(default)]
    pub note: String,
}

/// A labelled set ready to score: the articles, each one's gold event (judged `same_event`
/// pairs merged), and the judged pairs left out or counted as hard negatives.
#[derive(Clone, Debug)]
pub struct Gold {
    articles: Vec<Article>,
    /// Event label of each article, as written.
    events: Vec<String>,
    /// Gold event (merged) of each article, as a number.
    gold: Vec<usize>,
    by_id: HashMap<String, usize>,
    /// Pairs of event labels (sorted) judged ambiguous.
    excluded: HashSet<(String, String)>,
    /// Pairs of event labels (sorted) judged related or topic.
    hard: HashSet<(String, String)>,
    /// Lines of the inputs that gave no article or judgment.
    bad_lines: Vec<BadLine>,
    /// The judgments, as read.
    judgments: Vec<Judgment>,
}

/// Both labels of a pair, smaller first.
pub(crate) fn sorted_pair(a: &str, b: &str) -> (String, String) {
    if a < b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

impl Gold {
    /// A set from its parts. Articles with an id already seen are dropped (the first is
    /// kept).
    pub fn new(articles: Vec<LabelledArticle>, judgments: &[Judgment]) -> Self {
        let mut events = Vec::with_capacity(articles.len());
        let mut arts = Vec::with_capacity(articles.len());
        let mut by_id = HashMap::new();
        for a in articles {
            if by_id.contains_key(&a.article.id) {
                continue;
            }
            by_id.insert(a.article.id.clone(), arts.len());
            events.push(a.event.unwrap_or_else(|| a.article.id.clone()));
            arts.push(a.article);
        }
        // Event labels as numbers, then judged same-event pairs merged.
        let mut label_ids: HashMap<&str, usize> = HashMap::new();
        for e in events.iter().map(String::as_str).chain(
            judgments
                .iter()
                .flat_map(|j| [j.event_a.as_str(), j.event_b.as_str()]),
        ) {
            let next = label_ids.len();
            label_ids.entry(e).or_insert(next);
        }
        let mut uf = UnionFind::new(label_ids.len());
        let mut excluded = HashSet::new();
        let mut hard = HashSet::new();
        for j in judgments {
            match j.label {
                Label::SameEvent => {
                    uf.union(label_ids[j.event_a.as_str()], label_ids[j.event_b.as_str()]);
                }
                Label::Ambiguous => {
                    excluded.insert(sorted_pair(&j.event_a, &j.event_b));
                }
                Label::Related | Label::Topic => {
                    hard.insert(sorted_pair(&j.event_a, &j.event_b));
                }
            }
        }
        let gold = events
            .iter()
            .map(|e| uf.find(label_ids[e.as_str()]))
            .collect();
        Gold {
            articles: arts,
            events,
            gold,
            by_id,
            excluded,
            hard,
            bad_lines: Vec::new(),
            judgments: judgments.to_vec(),
        }
    }

    /// Reads labelled articles (JSON Lines, one [`LabelledArticle`] a line) and, optionally,
    /// judgments (one [`Judgment`] a line). Lines that give neither are kept in
    /// [`Gold::bad_lines`], not fatal.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when a file cannot be opened or read (naming it: [`Error::path`]).
    pub fn read(articles: impl AsRef<Path>, judgments: Option<&Path>) -> Result<Self, Error> {
        let open = |p: &Path| {
            std::fs::File::open(p)
                .map(std::io::BufReader::new)
                .map_err(|e| Error::from(e).at(p))
        };
        let (arts, mut bad) = read_lines::<_, LabelledArticle>(open(articles.as_ref())?);
        let (arts, dups) = unique_by_id(arts, |a| &a.article.id);
        bad.extend(dups);
        let judged = match judgments {
            Some(p) => {
                let (j, b) = read_lines::<_, Judgment>(open(p)?);
                bad.extend(b);
                j
            }
            None => Vec::new(),
        };
        let judged: Vec<Judgment> = judged.into_iter().map(|r| r.value).collect();
        let mut gold = Gold::new(arts.into_iter().map(|r| r.value).collect(), &judged);
        gold.bad_lines = bad;
        Ok(gold)
    }

    /// Reads several labelled sets (articles, optional judgments) as one: for fitting and
    /// evaluating on pooled data sources. Event labels must not collide between sets (they
    /// carry their source as a prefix: `wmt:...`, `ntrex:...`).
    ///
    /// # Errors
    /// As [`Gold::read`].
    pub fn read_sets<P: AsRef<Path>>(sets: &[(P, Option<P>)]) -> Result<Self, Error> {
        let mut arts = Vec::new();
        let mut judged = Vec::new();
        let mut bad = Vec::new();
        for (a, j) in sets {
            let g = Gold::read(a, j.as_ref().map(AsRef::as_ref))?;
            bad.extend(g.bad_lines.iter().cloned());
            judged.extend(g.judgments.iter().cloned());
            arts.extend(
                g.articles
                    .into_iter()
                    .zip(g.events)
                    .map(|(article, e)| LabelledArticle {
                        article,
                        event: Some(e),
                    }),
            );
        }
        let mut gold = Gold::new(arts, &judged);
        gold.bad_lines = bad;
        Ok(gold)
    }

    /// The articles, in input order.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }
    /// The lines of the inputs that gave no article or judgment.
    pub fn bad_lines(&self) -> &[BadLine] {
        &self.bad_lines
    }
    /// The event label of article `id`, as written.
    pub fn event(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(|&i| self.events[i].as_str())
    }
    /// The gold event of article `id` (merged through judgments), as a number: two articles
    /// report the same event exactly when their numbers are equal.
    pub fn gold(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).map(|&i| self.gold[i])
    }
    /// The data source of article `id`: its event label up to the last `:` (`wmt:newstest2010`,
    /// `ntrex`, or the label itself when it has no `:`). Cross-validation holds sources out.
    pub fn source(&self, id: &str) -> Option<&str> {
        self.event(id)
            .map(|e| e.rsplit_once(':').map_or(e, |(s, _)| s))
    }
    /// True when the events of `a` and `b` were judged ambiguous (left out of scoring).
    pub fn excluded(&self, a: &str, b: &str) -> bool {
        match (self.event(a), self.event(b)) {
            (Some(x), Some(y)) => self.excluded.contains(&sorted_pair(x, y)),
            _ => false,
        }
    }
    /// True when the events of `a` and `b` were judged related or topic and are not merged:
    /// a hard negative.
    pub fn hard_negative(&self, a: &str, b: &str) -> bool {
        match (self.event(a), self.event(b)) {
            (Some(x), Some(y)) => {
                self.gold(a) != self.gold(b) && self.hard.contains(&sorted_pair(x, y))
            }
            _ => false,
        }
    }
    /// The judged related/topic pairs of event labels.
    pub(crate) fn hard_pairs(&self) -> &HashSet<(String, String)> {
        &self.hard
    }
}

/// The records of a JSON Lines input, and its bad lines.
fn read_lines<R: BufRead, T: serde::de::DeserializeOwned>(
    r: R,
) -> (Vec<crate::input::jsonl::Record<T>>, Vec<BadLine>) {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for line in JsonLines::<R, T>::new(r) {
        match line {
            Ok(rec) => ok.push(rec),
            Err(b) => bad.push(b),
        }
    }
    (ok, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, event: &str) -> LabelledArticle {
        LabelledArticle {
            article: Article::new(id, "", "x"),
            event: Some(event.to_owned()),
        }
    }

    #[test]
    fn judgments_merge_exclude_and_mark_hard_negatives() {
        let arts = vec![
            art("a", "s:e1"),
            art("b", "s:e2"),
            art("c", "s:e3"),
            art("d", "t:e4"),
            art("a", "s:e4"),
        ];
        let j = |a: &str, b: &str, label| Judgment {
            event_a: a.into(),
            event_b: b.into(),
            label,
            note: String::new(),
        };
        let g = Gold::new(
            arts,
            &[
                j("s:e1", "s:e2", Label::SameEvent),
                j("s:e2", "s:e3", Label::Ambiguous),
                j("s:e1", "t:e4", Label::Related),
                j("s:e2", "s:e1", Label::Topic),
            ],
        );
        assert_eq!(g.articles().len(), 4, "the second \"a\" is dropped");
        assert_eq!(g.gold("a"), g.gold("b"));
        assert_ne!(g.gold("a"), g.gold("c"));
        assert!(g.excluded("c", "b") && !g.excluded("a", "c"));
        assert!(g.hard_negative("d", "a"));
        assert!(
            !g.hard_negative("a", "b"),
            "merged events are not a hard negative"
        );
        assert_eq!((g.source("a"), g.source("d")), (Some("s"), Some("t")));
    }

    #[test]
    fn labelled_lines_parse_with_extra_fields() {
        let line = r#"{"id": 7, "lang": "fr", "title": "T", "text": "Corps.", "event": "x:1", "meta": {"a": 1}}"#;
        let a: LabelledArticle = serde_json::from_str(line).unwrap();
        assert_eq!(
            (a.article.id.as_str(), a.event.as_deref()),
            ("7", Some("x:1"))
        );
        let j: Judgment =
            serde_json::from_str(r#"{"event_a":"a","event_b":"b","label":"same_event"}"#).unwrap();
        assert_eq!(j.label, Label::SameEvent);
    }
}
