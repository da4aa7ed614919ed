//! Languages the crate handles, and French/English detection.
//!
//! The detector counts function words: French and English ones from the crate's stopword lists
//! and, to recognise text in neither language, the most frequent function words of Spanish,
//! Italian, Portuguese, German and Dutch (`data/stopwords/other.txt`). Function words survive
//! in short, name-heavy news text where character n-gram models hesitate, and the lists ship
//! with the crate.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::normalize::lower_into;
use super::stopwords::{is_other_language_word, is_stopword};
use crate::error::{Error, ErrorKind};

/// A language the pipeline supports.
///
/// Serialised as `"fr"` or `"en"`; read from any code [`Lang::from_str`] accepts (`"FR"`,
/// `"fr-CA"`, `"en_GB"`, `"english"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The ISO 639-1 code: `"fr"` or `"en"`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub(crate) fn algorithm(self) -> rust_stemmers::Algorithm {
        match self {
            Lang::Fr => rust_stemmers::Algorithm::French,
            Lang::En => rust_stemmers::Algorithm::English,
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = Error;

    /// Parses `fr`/`en` in any case, also `fra`/`fre`/`french`, `eng`/`english`, with or
    /// without a region or script (`fr-CA`, `fr_FR`, `en-GB`): the part before the first `-` or
    /// `_` decides.
    ///
    /// # Errors
    /// [`ErrorKind::UnsupportedLanguage`] for any other code.
    fn from_str(s: &str) -> Result<Self, Error> {
        let primary = s.trim().split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "fr" | "fra" | "fre" | "french" | "français" | "francais" => Ok(Lang::Fr),
            "en" | "eng" | "english" | "anglais" => Ok(Lang::En),
            _ => Err(ErrorKind::UnsupportedLanguage {
                id: String::new(),
                detail: format!("language code {:?}", s.trim()),
            }
            .into()),
        }
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        code.parse().map_err(|_| {
            serde::de::Error::custom(format!(
                "unsupported language {code:?} (not French or English)"
            ))
        })
    }
}

/// What [`detect`] saw in a text: counts of function words per language family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Detection {
    /// Words considered (letters only), capped at the detector's sample size.
    pub words: usize,
    /// French function words among them.
    pub fr: usize,
    /// English function words among them.
    pub en: usize,
    /// Function words of other Latin-script languages (es, it, pt, de, nl).
    pub other: usize,
}

/// How many words [`detect`] looks at: enough for a verdict, bounded for huge inputs.
const SAMPLE_WORDS: usize = 2_000;

impl Detection {
    /// The language, if the counts decide one.
    ///
    /// French or English wins when it has at least two function words (one for texts under ten
    /// words), more than the other of the two, and more than the other languages (whose lists
    /// include the words they share with French, such as `de` and `la`).
    pub fn lang(&self) -> Option<Lang> {
        let (best, lang, second) = if self.fr >= self.en {
            (self.fr, Lang::Fr, self.en)
        } else {
            (self.en, Lang::En, self.fr)
        };
        let min = if self.words < 10 { 1 } else { 2 };
        (best >= min && best > second && best > self.other).then_some(lang)
    }
}

impl fmt::Display for Detection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} words: {} French, {} English, {} other-language function words",
            self.words, self.fr, self.en, self.other
        )
    }
}

/// Counts French, English and other-language function words in `text` (up to 2,000 words).
///
/// Use [`Detection::lang`] for the decision. Never panics; empty input gives all zeros.
///
/// ```
/// use bilingual_dedup::{detect, Lang};
/// assert_eq!(detect("Le gouvernement a signé un accord avec la société.").lang(), Some(Lang::Fr));
/// assert_eq!(detect("The government signed an agreement with the company.").lang(), Some(Lang::En));
/// assert_eq!(detect("Die Regierung hat mit dem Unternehmen einen Vertrag unterzeichnet.").lang(), None);
/// ```
pub fn detect(text: &str) -> Detection {
    let mut d = Detection::default();
    let mut buf = String::new();
    for word in text
        .split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
    {
        if d.words == SAMPLE_WORDS {
            break;
        }
        d.words += 1;
        buf.clear();
        lower_into(word, &mut buf);
        // French elisions: l'état counts "l" as French.
        let head = match buf.find('\'') {
            Some(i) if i > 0 => &buf[..i],
            _ => &buf[..],
        };
        let fr = is_stopword(Lang::Fr, head);
        let en = is_stopword(Lang::En, &buf);
        if fr && !en {
            d.fr += 1;
        } else if en && !fr {
            d.en += 1;
        }
        if is_other_language_word(&buf) {
            d.other += 1;
        }
    }
    d
}

/// Detects the language of an article's text, with the article id for the error.
pub(crate) fn detect_or_err(id: &str, text: &str) -> Result<Lang, Error> {
    let d = detect(text);
    d.lang().ok_or_else(|| {
        ErrorKind::UnsupportedLanguage {
            id: id.to_owned(),
            detail: d.to_string(),
        }
        .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes() {
        assert_eq!("FR".parse::<Lang>().unwrap(), Lang::Fr);
        assert_eq!("english".parse::<Lang>().unwrap(), Lang::En);
        assert!("de".parse::<Lang>().is_err());
        for code in ["fr-CA", "fr_FR", "FR", "français"] {
            assert_eq!(code.parse::<Lang>().unwrap(), Lang::Fr, "{code}");
        }
        assert_eq!("en-GB".parse::<Lang>().unwrap(), Lang::En);
        assert!("-fr".parse::<Lang>().is_err() && "".parse::<Lang>().is_err());
        let l: Lang = serde_json::from_str("\"fr-CA\"").unwrap();
        assert_eq!(
            (l, serde_json::to_string(&l).unwrap().as_str()),
            (Lang::Fr, "\"fr\"")
        );
        assert!(serde_json::from_str::<Lang>("\"de\"").is_err());
    }

    #[test]
    fn detection_table() {
        let cases: &[(&str, Option<Lang>)] = &[
            (
                "Les syndicats ont appelé à la grève lundi dans les transports.",
                Some(Lang::Fr),
            ),
            (
                "L'entreprise n'a pas confirmé qu'elle fermerait l'usine.",
                Some(Lang::Fr),
            ),
            (
                "Inflation rose in the euro zone, the statistics office said.",
                Some(Lang::En),
            ),
            (
                "Shares of the bank fell after it reported a loss.",
                Some(Lang::En),
            ),
            (
                "El gobierno anunció que los precios de la energía bajarán.",
                None,
            ),
            (
                "Der Präsident sagte, dass die Wirtschaft wachsen wird.",
                None,
            ),
            (
                "Il governo ha detto che gli stipendi aumenteranno nel prossimo anno.",
                None,
            ),
            ("", None),
            ("1234 5678 !!!", None),
            ("Paris Londres Berlin", None),
        ];
        for (text, want) in cases {
            assert_eq!(detect(text).lang(), *want, "{text:?}: {}", detect(text));
        }
    }

    #[test]
    fn stemmer_mapping_is_per_language() {
        assert_ne!(Lang::Fr.algorithm() as u8, Lang::En.algorithm() as u8);
        assert_eq!(Lang::Fr.to_string(), "fr");
    }
}
