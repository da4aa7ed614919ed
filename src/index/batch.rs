//! The whole job on a batch of articles ([`Dedup::run_batch`]): fingerprint them, index them,
//! find each one's best matches and group them into events, in parallel, with the time each
//! phase took.

use std::collections::HashSet;
use std::io::{self, Write};
use std::time::{Duration, Instant};

use super::{Cluster, Hit, Index};
use crate::engine::Dedup;
use crate::error::{Error, ErrorKind};
use crate::fingerprint::Fingerprint;
use crate::input::Article;
use crate::util::hash::FastMap;

/// A phase of [`Dedup::run_batch`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Phase {
    /// Analysing and fingerprinting the articles.
    Fingerprint,
    /// Building the index.
    Index,
    /// Finding and scoring each article's candidates.
    Query,
    /// Grouping the articles into events.
    Cluster,
}

impl Phase {
    /// A short lowercase name: `fingerprint`, `index`, `query`, `cluster`.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Fingerprint => "fingerprint",
            Phase::Index => "index",
            Phase::Query => "query",
            Phase::Cluster => "cluster",
        }
    }
}

/// How long one phase took, and on how many items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhaseTime {
    /// The phase.
    pub phase: Phase,
    /// Wall time.
    pub elapsed: Duration,
    /// Articles (or fingerprints) it handled.
    pub items: usize,
}

/// What [`Dedup::run_batch`] found.
#[derive(Debug)]
pub struct Batch {
    fingerprints: Vec<Fingerprint>,
    failed: Vec<(usize, Error)>,
    index: Index,
    hits: Vec<Vec<Hit>>,
    clusters: Vec<Cluster>,
    cluster_of: FastMap<String, usize>,
    timings: Vec<PhaseTime>,
}

impl Batch {
    /// The fingerprints of the articles that could be analysed, in input order.
    pub fn fingerprints(&self) -> &[Fingerprint] {
        &self.fingerprints
    }
    /// The articles that could not be analysed or indexed: their position in the input and
    /// the error (a duplicate id is [`ErrorKind::DuplicateId`]; the first article with an id
    /// is kept).
    pub fn failed(&self) -> &[(usize, Error)] {
        &self.failed
    }
    /// The index of all fingerprints.
    pub fn index(&self) -> &Index {
        &self.index
    }
    /// Takes the index out of the batch.
    pub fn into_index(self) -> Index {
        self.index
    }
    /// Per fingerprint (as [`Batch::fingerprints`]): its best matches among the others, best
    /// first.
    pub fn hits(&self) -> &[Vec<Hit>] {
        &self.hits
    }
    /// The events, as [`Index::par_cluster`] gives them.
    pub fn clusters(&self) -> &[Cluster] {
        &self.clusters
    }
    /// The label of the cluster of article `id` (its smallest id), if it was indexed.
    pub fn cluster_label(&self, id: &str) -> Option<&str> {
        self.cluster_of
            .get(id)
            .map(|&c| self.clusters[c].ids[0].as_str())
    }
    /// Wall time of each phase, in order.
    pub fn timings(&self) -> &[PhaseTime] {
        &self.timings
    }

    /// Writes one line per fingerprint, in input order:
    /// `{"id", "cluster", "matches": [{"id", "score", "verdict"}, ...]}`, matches best first
    /// (scores rounded to four decimals), the format `shared/tools/score_pairs.py` reads.
    ///
    /// # Errors
    /// The writer's.
    pub fn write_predictions<W: Write>(&self, mut w: W) -> io::Result<()> {
        for (fp, hits) in self.fingerprints.iter().zip(&self.hits) {
            let matches: Vec<serde_json::Value> = hits
                .iter()
                .map(|h| {
                    serde_json::json!({
                        "id": h.id,
                        "score": (f64::from(h.score) * 10_000.0).round() / 10_000.0,
                        "verdict": h.verdict.as_str(),
                    })
                })
                .collect();
            let line = serde_json::json!({
                "id": fp.id(),
                "cluster": self.cluster_label(fp.id()).unwrap_or(fp.id()),
                "matches": matches,
            });
            writeln!(w, "{line}")?;
        }
        w.flush()
    }
}

impl Dedup {
    /// The whole job on a batch: fingerprints the articles ([`Dedup::par_fingerprint`]),
    /// indexes them, queries each one's `top_k` best matches among the others and clusters
    /// them ([`Index::par_cluster`]). Articles that cannot be analysed, and later articles
    /// with an id already seen, are left out and listed in [`Batch::failed`]; the others are
    /// never lost.
    ///
    /// Results do not depend on the number of threads.
    pub fn run_batch(&self, articles: &[Article], top_k: usize) -> Batch {
        self.run_batch_with(articles, top_k, &mut |_| {})
    }

    /// [`Dedup::run_batch`], calling `progress` as each phase starts.
    pub fn run_batch_with(
        &self,
        articles: &[Article],
        top_k: usize,
        progress: &mut dyn FnMut(Phase),
    ) -> Batch {
        let mut timings = Vec::with_capacity(4);
        let mut timed = |phase: Phase, items: usize, start: Instant| {
            timings.push(PhaseTime {
                phase,
                elapsed: start.elapsed(),
                items,
            })
        };
        progress(Phase::Fingerprint);
        let t = Instant::now();
        let mut fingerprints = Vec::with_capacity(articles.len());
        let mut failed = Vec::new();
        let mut seen: HashSet<&str> = HashSet::with_capacity(articles.len());
        for (i, (a, r)) in articles
            .iter()
            .zip(self.par_fingerprint(articles))
            .enumerate()
        {
            if !seen.insert(a.id.as_str()) {
                failed.push((i, ErrorKind::DuplicateId(a.id.clone()).into()));
                continue;
            }
            match r {
                Ok(fp) => fingerprints.push(fp),
                Err(e) => failed.push((i, e)),
            }
        }
        timed(Phase::Fingerprint, articles.len(), t);

        progress(Phase::Index);
        let t = Instant::now();
        let mut index = self.index();
        index
            .par_insert(&fingerprints)
            .expect("ids are unique and the fingerprints come from this engine");
        timed(Phase::Index, fingerprints.len(), t);

        progress(Phase::Query);
        let t = Instant::now();
        let hits = index
            .par_query(&fingerprints, top_k, 0.0)
            .expect("the fingerprints come from this engine");
        timed(Phase::Query, fingerprints.len(), t);

        progress(Phase::Cluster);
        let t = Instant::now();
        let clusters = index.par_cluster();
        let mut cluster_of = FastMap::default();
        for (c, cl) in clusters.iter().enumerate() {
            for id in &cl.ids {
                cluster_of.insert(id.clone(), c);
            }
        }
        timed(Phase::Cluster, fingerprints.len(), t);
        Batch {
            fingerprints,
            failed,
            index,
            hits,
            clusters,
            cluster_of,
            timings,
        }
    }
}
