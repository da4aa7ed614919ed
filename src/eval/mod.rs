//! The evaluation harness (Cargo feature `eval`, on by default): labelled data, the metrics
//! of `shared/tools/score_pairs.py`, and the fit of the score.
//!
//! - [`Gold`] reads labelled articles (JSON Lines with an `event` label) and judgments of
//!   pairs of events (`same_event` merged, `ambiguous` left out, `related`/`topic` counted as
//!   hard negatives);
//! - [`evaluate`] runs the whole job ([`Dedup::run_batch`](crate::Dedup::run_batch)) on them
//!   and returns a [`Report`]: cross-language pairwise precision, recall and F1, the rate of
//!   hard negatives called the same event, recall@1, same-language pairs, cluster precision,
//!   recall and F1, the curve over thresholds and, optionally, the index's candidate recall;
//! - [`fit`] is the procedure that produced the library's weights and thresholds.
//!
//! `examples/evaluate.rs` and `examples/tune.rs` are thin command lines over this module.
//!
//! ```
//! use bilingual_dedup::eval::{evaluate, Gold, LabelledArticle, Options};
//! use bilingual_dedup::{Article, Dedup, Lang};
//!
//! let art = |id: &str, lang, title: &str, body: &str, event: &str| LabelledArticle {
//!     article: Article::new(id, title, body).lang(lang),
//!     event: Some(event.into()),
//! };
//! let gold = Gold::new(vec![
//!     art("fr", Lang::Fr, "Inetum va créer 1.500 emplois au Maroc",
//!         "Le groupe Inetum a signé à Rabat un accord pour créer 1.500 emplois d'ici 2027.", "e1"),
//!     art("en", Lang::En, "Inetum to create 1,500 jobs in Morocco",
//!         "Inetum signed an agreement in Rabat to create 1,500 jobs by 2027.", "e1"),
//! ], &[]);
//! let (report, _batch) = evaluate(&Dedup::builder().build()?, &gold, Options::default());
//! assert_eq!((report.cross.tp, report.cross.gold), (1, 1));
//! # Ok::<(), bilingual_dedup::Error>(())
//! ```

pub mod fit;
mod gold;
mod metrics;

pub use gold::{Gold, Judgment, Label, LabelledArticle};
pub use metrics::{evaluate, prf, score, CurvePoint, Options, PairCounts, Report};
