//! # bilingual-dedup
//!
//! Tells when a French and an English news article describe the **same event**, and keeps apart
//! stories that merely share a topic or a name.
//!
//! ```text
//! Article ─ clean ─ detect ─ normalise ─ tokenize ─ stopwords ─ stem        (text)
//!         ─ concepts (fr→en lexicon) · entities (gazetteer) · numbers        (bridge, extract)
//!         ─ Fingerprint { MinHash signature, entity keys, number keys }      (versioned, serde)
//!         ─ compare → Match { score, verdict, explanation }
//!         ─ Index (LSH bands + entity postings) → query, cluster, save/load
//! ```
//!
//! ## Primary types
//! - [`Dedup`], built by [`Dedup::builder`]: the configured engine. It analyses
//!   ([`Dedup::analyze`]), fingerprints ([`Dedup::fingerprint`], [`Dedup::par_fingerprint`]) and
//!   compares ([`Dedup::compare`]).
//! - [`Article`]: id, title, body, optional [`Lang`] and publication date.
//! - [`Fingerprint`]: what to store per article; [`Match`] with a [`Verdict`] and an
//!   [`Explanation`] a person can check.
//! - [`Index`]: incremental LSH index with insert, query, remove, expiry, clustering and
//!   persistence.
//!
//! ## Example
//! ```
//! use bilingual_dedup::{Article, Dedup, Lang, Verdict};
//!
//! let dedup = Dedup::builder().build()?;
//! let fr = dedup.fingerprint(&Article::new(
//!     "fr-1",
//!     "Inetum va créer 1.500 emplois au Maroc",
//!     "Le groupe Inetum a signé jeudi à Rabat un protocole d'accord avec le gouvernement \
//!      marocain pour créer 1.500 emplois d'ici 2027, a annoncé son PDG Jacques Pommeraud.",
//! ).lang(Lang::Fr))?;
//! let en = dedup.fingerprint(&Article::new(
//!     "en-1",
//!     "Inetum to create 1,500 jobs in Morocco",
//!     "The Inetum group signed a memorandum of understanding with the Moroccan government \
//!      in Rabat on Thursday to create 1,500 jobs by 2027, CEO Jacques Pommeraud said.",
//! ))?; // language detected
//! let m = dedup.compare(&fr, &en)?;
//! assert_eq!(m.verdict(), Verdict::SameEvent);
//! println!("{m}");
//! # Ok::<(), bilingual_dedup::Error>(())
//! ```
//!
//! ## Verdicts
//! A pair is [`Verdict::SameEvent`] when its score reaches the threshold of its group: 0.45 for
//! a French and an English article, 0.96 for two articles in one language, whose score tells
//! independent reports of one event from follow-ups less well than it tells copies, rewrites
//! and translations of one report ([`DedupBuilder::same_language_threshold`]). Both
//! were chosen by one rule on the pooled tuning data, printed by `examples/tune.rs`. The score
//! is a probability fitted on such data; [`Match::logit`] ranks pairs whose score rounds to 1,
//! and [`Explanation::carried_by`] says which signals carried it.
//!
//! ## Bad input
//! Empty or wordless text gives [`ErrorKind::EmptyText`]; text in neither French nor English
//! [`ErrorKind::UnsupportedLanguage`]; an article over the size limit
//! ([`DedupBuilder::max_article_bytes`], 16 MiB by default) [`ErrorKind::TooLarge`]; fingerprints
//! of another format version or configuration [`ErrorKind::Incompatible`]. Nothing panics on
//! any input string.
//!
//! ## Cargo features
//! - `simd` (default): the MinHash kernel is also compiled for AVX2 and AVX-512 and the best
//!   version for the CPU is chosen at run time (the `multiversion` crate); every version gives
//!   the same signature, so fingerprints do not depend on the machine. This crate's own code
//!   has no `unsafe` (`#![forbid(unsafe_code)]`), but the dispatch the `multiversion` macro
//!   generates calls the CPU-specific version through `unsafe` after detecting the CPU's
//!   features. Without the feature the kernel is portable scalar code (fingerprinting is then
//!   roughly 15% slower).
//!
//! Everything else, data included, is always compiled in.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

// The layers, lowest first; each module imports only from the ones above it in this list (see
// ARCHITECTURE.md and tests/layers.rs).
mod analysis;
mod bridge;
mod compare;
mod engine;
mod error;
#[cfg(feature = "eval")]
pub mod eval;
mod extract;
mod fingerprint;
mod index;
mod input;
pub mod text;
mod util;

pub use analysis::Analysis;
pub use compare::{
    Components, Conflict, Contribution, Explanation, Match, SharedEntity, Thresholds, Verdict,
    Weights, DEFAULT_EVENT_WINDOW_DAYS, DEFAULT_RELATED, DEFAULT_SAME_EVENT,
    DEFAULT_SAME_EVENT_SAME_LANGUAGE, MAX_DAYS_APART,
};
pub use engine::{
    Dedup, DedupBuilder, DEFAULT_BANDS, DEFAULT_MAX_ARTICLE_BYTES, DEFAULT_NUM_HASHES, DEFAULT_SEED,
};
pub use error::{Error, ErrorKind, Result};
pub use extract::{Entity, EntityKind, Field, Number, NumberKind};
pub use fingerprint::{
    EntityKey, Fingerprint, NumberKey, Params, FORMAT_VERSION, MAX_ENTITIES, MAX_NUMBERS,
};
pub use index::{
    Batch, Cluster, Hit, Index, IndexStats, JobOptions, Link, Phase, PhaseTime, Timings,
    INDEX_FORMAT_VERSION,
};
pub use input::{jsonl, Article};
pub use text::{detect, Detection, Lang};

/// The README's code, compiled and run as a doc-test so the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
