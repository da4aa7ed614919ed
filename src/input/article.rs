//! The input record: an [`Article`].

use serde::{Deserialize, Serialize};

use crate::text::Lang;
use crate::util::date::parse_day;

/// A news article to analyse: an id, a title, a body and, when known, its language and
/// publication date.
///
/// ```
/// use bilingual_dedup::{Article, Lang};
/// let a = Article::new("fr-1", "Un titre", "Le corps du texte.").lang(Lang::Fr).published("2024-03-12");
/// assert_eq!(a.id, "fr-1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Caller's identifier, echoed in results. In JSON, a number is accepted too (`"id": 42`
    /// is the id `"42"`).
    #[serde(deserialize_with = "id_from_string_or_number")]
    pub id: String,
    /// Headline; may be empty (in JSON, missing or `null`).
    #[serde(default, deserialize_with = "string_or_null")]
    pub title: String,
    /// Body text; paragraphs separated by newlines.
    #[serde(alias = "text")]
    pub body: String,
    /// Language, if the caller knows it; detected otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// Publication date as `YYYY-MM-DD`, if known. Used to keep apart reports of the same
    /// story on distant days; a malformed date is ignored. A timestamp in ISO 8601 with time
    /// and zone (`2024-03-12T23:30:00+01:00`) counts by its date as written, the day where
    /// the article was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

impl Article {
    /// A new article with unknown language and date.
    pub fn new(id: impl Into<String>, title: impl Into<String>, body: impl Into<String>) -> Self {
        Article {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            lang: None,
            published: None,
        }
    }

    /// Sets the language (skips detection).
    #[must_use]
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = Some(lang);
        self
    }

    /// Sets the publication date (`YYYY-MM-DD`).
    #[must_use]
    pub fn published(mut self, date: impl Into<String>) -> Self {
        self.published = Some(date.into());
        self
    }

    /// The publication date as days since 1970-01-01, if it parses as `YYYY-MM-DD`
    /// (a longer timestamp such as `2024-03-12T08:00:00Z` is read by its date part).
    pub fn published_day(&self) -> Option<i32> {
        self.published.as_deref().and_then(parse_day)
    }
}

/// An id written as a JSON string or number.
fn id_from_string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Id;
    impl serde::de::Visitor<'_> for Id {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string or an integer")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(Id)
}

/// A string, with `null` read as empty.
fn string_or_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_accepts_text_alias() {
        let a: Article = serde_json::from_str(r#"{"id":"x","text":"body","lang":"fr"}"#).unwrap();
        assert_eq!(a.body, "body");
        assert_eq!(a.lang, Some(Lang::Fr));
        assert_eq!(a.title, "");
        let b: Article = serde_json::from_str(
            r#"{"id":17,"title":null,"body":"b","published":"2024-03-12T23:30:00+01:00"}"#,
        )
        .unwrap();
        assert_eq!((b.id.as_str(), b.title.as_str()), ("17", ""));
        assert_eq!(
            b.published_day(),
            Article::new("x", "", "")
                .published("2024-03-12")
                .published_day()
        );
        assert!(serde_json::from_str::<Article>(r#"{"id":1.5,"text":"x"}"#).is_err());
        assert!(serde_json::from_str::<Article>(r#"{"id":"x","text":"x","lang":"de"}"#).is_err());
    }
}
