//! The engine: [`Dedup`], configured by a validating [`DedupBuilder`]. It analyses,
//! fingerprints and compares; the index layer adds [`Dedup::index`] on top.

use rayon::prelude::*;

use crate::analysis::{analyze, Analysis};
#[cfg(doc)]
use crate::compare::Verdict;
use crate::compare::{compare, Match, Thresholds};
#[cfg(doc)]
use crate::error::ErrorKind;
use crate::error::{Error, Result};
use crate::fingerprint::{data_checksum, fingerprint_article, Fingerprint, MinHasher, Params};
use crate::input::Article;

/// Default number of MinHash permutations.
pub const DEFAULT_NUM_HASHES: usize = 128;
/// Default seed of the MinHash permutations (part of the stored format).
pub const DEFAULT_SEED: u64 = 0x6269_6c69_6e67_7561; // "bilingua"
/// Default number of LSH bands (rows = hashes / bands).
pub const DEFAULT_BANDS: usize = 16;
/// Default size limit of one article (title + body), in bytes.
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 16 << 20;

/// Builder of a [`Dedup`]; validates its parameters in [`DedupBuilder::build`].
#[derive(Clone, Debug)]
pub struct DedupBuilder {
    num_hashes: usize,
    seed: u64,
    bands: usize,
    thresholds: Thresholds,
    max_article_bytes: usize,
}

impl Default for DedupBuilder {
    fn default() -> Self {
        DedupBuilder {
            num_hashes: DEFAULT_NUM_HASHES,
            seed: DEFAULT_SEED,
            bands: DEFAULT_BANDS,
            thresholds: Thresholds::default(),
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
        }
    }
}

impl DedupBuilder {
    /// MinHash signature length (default 128; 16 to 1024, a multiple of `bands`).
    pub fn num_hashes(mut self, n: usize) -> Self {
        self.num_hashes = n;
        self
    }
    /// Seed of the MinHash permutations (default [`DEFAULT_SEED`]).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Number of LSH bands of the index (default 16; must divide `num_hashes`). More bands
    /// find pairs of lower similarity at the cost of more candidates; see
    /// [`Index::candidate_probability`](crate::Index::candidate_probability).
    pub fn bands(mut self, bands: usize) -> Self {
        self.bands = bands;
        self
    }
    /// Score threshold of [`Verdict::SameEvent`] for two articles in different languages
    /// (default [`DEFAULT_SAME_EVENT`](crate::DEFAULT_SAME_EVENT), 0.45, in (0, 1]).
    ///
    /// 0.45 is the point the fit's rule chooses (precision at least 0.95 on the pooled tuning
    /// data, then the best F1). Raise it for fewer false merges of neighbouring events: at 0.8
    /// the dev set's judged related pairs called the same event fall from 9.8% to 6.8%, and
    /// independent reports found in the held-out part from 69% to 46% (README, "Measured").
    pub fn same_event_threshold(mut self, t: f32) -> Self {
        self.thresholds.same_event = t;
        self
    }
    /// Score threshold of [`Verdict::SameEvent`] for two articles in the same language
    /// (default 0.96, in (0, 1]).
    ///
    /// Stricter than the cross-language threshold because two reports in one language share
    /// much of their wording whatever they report, and the same-language score still tells
    /// independently written reports of one event from reports of neighbouring events (the
    /// same budget debate, the next day's market close, a follow-up) less well: on the pooled
    /// tuning data (both dev files and the project's labelled independent reports), precision
    /// first reaches 0.95 at 0.96, the point the fit's rule chooses (`examples/tune.rs`
    /// prints the curve; 0.99 before the names-in-the-lead signal,
    /// [`Components::lead_entities`](crate::Components::lead_entities)). Lower it to group
    /// more independent same-language reports, at the cost of grouping follow-ups with them
    /// (0.90: precision 0.90 on that data).
    pub fn same_language_threshold(mut self, t: f32) -> Self {
        self.thresholds.same_event_same_language = t;
        self
    }
    /// Score threshold of [`Verdict::Related`] (default 0.1, at most both same-event thresholds).
    pub fn related_threshold(mut self, t: f32) -> Self {
        self.thresholds.related = t;
        self
    }
    /// Event window in days (default 7; `None` turns it off): two articles whose publication
    /// dates are both known and more than this many days apart are at most
    /// [`Verdict::Related`], whatever their score. Reports of one news event in two languages
    /// appear within days of each other; the same actors weeks later (the central bank's next
    /// rate decision, the trial after the arrest) are another event. Turn it off for archives
    /// whose dates are unreliable. Articles without a date are never affected.
    pub fn event_window_days(mut self, days: Option<u32>) -> Self {
        self.thresholds.event_window_days = days;
        self
    }
    /// Largest article (title + body bytes) accepted (default 16 MiB).
    ///
    /// # Memory
    /// Analysis is linear in the article's size. Measured peaks for one 10 MB article: 201 MB
    /// for text made of a few repeated words, 487 MB (and 4.2 s) for text in which nearly
    /// every word is different (random letters), the worst case for the per-thread vocabulary.
    /// Lower the limit where such input can arrive and memory is tight. Between calls, each
    /// thread that has analysed articles keeps at most about 9 MB of vocabulary per language
    /// and 8 MB of buffers, whatever the size of the articles it saw.
    pub fn max_article_bytes(mut self, n: usize) -> Self {
        self.max_article_bytes = n;
        self
    }

    /// Validates the parameters and builds the engine.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidParameter`] when `num_hashes` is outside 16..=1024, `bands` is zero
    /// or does not divide `num_hashes`, a threshold is outside (0, 1] or `related` exceeds
    /// one of the same-event thresholds, or `max_article_bytes` is zero.
    pub fn build(self) -> Result<Dedup> {
        if !(16..=1024).contains(&self.num_hashes) {
            return Err(Error::param(
                "num_hashes",
                format!("{} is outside 16..=1024", self.num_hashes),
            ));
        }
        if self.bands == 0 || !self.num_hashes.is_multiple_of(self.bands) {
            return Err(Error::param(
                "bands",
                format!(
                    "{} must be positive and divide num_hashes ({})",
                    self.bands, self.num_hashes
                ),
            ));
        }
        let t = self.thresholds;
        for (name, v) in [
            ("same_event_threshold", t.same_event),
            ("same_language_threshold", t.same_event_same_language),
            ("related_threshold", t.related),
        ] {
            if !(v > 0.0 && v <= 1.0) {
                return Err(Error::param(name, format!("{v} is outside (0, 1]")));
            }
        }
        if t.related > t.same_event.min(t.same_event_same_language) {
            return Err(Error::param(
                "related_threshold",
                "exceeds a same-event threshold",
            ));
        }
        if self.max_article_bytes == 0 {
            return Err(Error::param("max_article_bytes", "must be positive"));
        }
        Ok(Dedup {
            hasher: MinHasher::new(self.num_hashes, self.seed),
            params: Params {
                num_hashes: self.num_hashes as u16,
                seed: self.seed,
                data: data_checksum(),
            },
            bands: self.bands,
            thresholds: t,
            max_article_bytes: self.max_article_bytes,
        })
    }
}

/// The configured engine: analyses, fingerprints and compares articles.
///
/// Cheap to clone, `Send + Sync`: share one across threads.
#[derive(Clone, Debug)]
pub struct Dedup {
    hasher: MinHasher,
    params: Params,
    bands: usize,
    thresholds: Thresholds,
    max_article_bytes: usize,
}

impl Dedup {
    /// A builder with the default configuration.
    pub fn builder() -> DedupBuilder {
        DedupBuilder::default()
    }

    /// The parameters fingerprints made by this engine carry.
    pub fn params(&self) -> Params {
        self.params
    }

    /// The verdict thresholds.
    pub fn thresholds(&self) -> Thresholds {
        self.thresholds
    }

    /// Number of LSH bands used by [`Dedup::index`].
    pub fn bands(&self) -> usize {
        self.bands
    }

    /// Runs the pipeline on one article: cleaning, language detection (unless given),
    /// normalisation, tokenization, stemming, concept mapping, entity and number extraction.
    ///
    /// # Errors
    /// [`ErrorKind::TooLarge`], [`ErrorKind::UnsupportedLanguage`] (language not given and not
    /// detected as French or English), [`ErrorKind::EmptyText`] (no word left after cleaning).
    pub fn analyze(&self, article: &Article) -> Result<Analysis> {
        analyze(article, self.max_article_bytes)
    }

    /// Fingerprints one article.
    ///
    /// # Errors
    /// As [`Dedup::analyze`].
    ///
    /// # Performance
    /// Linear in the article's length; see the `fingerprint` benchmark for throughput.
    pub fn fingerprint(&self, article: &Article) -> Result<Fingerprint> {
        fingerprint_article(article, self.max_article_bytes, self.params, &self.hasher)
    }

    /// Fingerprints an existing analysis (the same fingerprint [`Dedup::fingerprint`] makes
    /// of the article).
    pub fn fingerprint_analysis(&self, analysis: &Analysis) -> Fingerprint {
        Fingerprint::from_analysis(analysis.clone(), self.params, &self.hasher)
    }

    /// Fingerprints a batch in parallel (rayon). Results are in input order and identical
    /// whatever the number of threads.
    pub fn par_fingerprint(&self, articles: &[Article]) -> Vec<Result<Fingerprint>> {
        articles.par_iter().map(|a| self.fingerprint(a)).collect()
    }

    /// Checks that a fingerprint was made with this engine's version and parameters.
    ///
    /// # Errors
    /// [`ErrorKind::Incompatible`] otherwise.
    pub fn check(&self, fp: &Fingerprint) -> Result<()> {
        fp.check_compatible(self.params)
    }

    /// Compares two fingerprints. Symmetric in score and verdict; a fingerprint compared with
    /// itself scores its maximum.
    ///
    /// # Errors
    /// [`ErrorKind::Incompatible`] when either fingerprint comes from another format version or
    /// configuration.
    pub fn compare(&self, a: &Fingerprint, b: &Fingerprint) -> Result<Match> {
        self.check(a)?;
        self.check(b)?;
        Ok(compare(a, b, &self.thresholds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_types_are_send_sync() {
        fn ok<T: Send + Sync>() {}
        ok::<Dedup>();
        ok::<Fingerprint>();
        ok::<Match>();
        ok::<Error>();
        ok::<Analysis>();
    }

    #[test]
    fn builder_validates() {
        assert!(Dedup::builder().build().is_ok());
        assert!(Dedup::builder().num_hashes(8).build().is_err());
        assert!(Dedup::builder().bands(5).build().is_err());
        assert!(Dedup::builder().bands(0).build().is_err());
        assert!(Dedup::builder().same_event_threshold(1.5).build().is_err());
        assert!(Dedup::builder()
            .same_language_threshold(0.0)
            .build()
            .is_err());
        assert!(Dedup::builder()
            .related_threshold(0.5)
            .same_language_threshold(0.4)
            .build()
            .is_err());
        assert!(Dedup::builder()
            .related_threshold(0.9)
            .same_event_threshold(0.5)
            .build()
            .is_err());
        assert!(Dedup::builder().max_article_bytes(0).build().is_err());
        assert!(Dedup::builder().num_hashes(64).bands(16).build().is_ok());
    }
}
