//! The whole job on a batch of articles: fingerprint them, index them, find each one's best
//! matches and group them into events, in parallel, with the time each phase took
//! ([`Dedup::run_batch`] on articles in memory, [`Dedup::run_jsonl`] from JSON Lines read as a
//! stream). [`Batch`] says how the job runs.

use std::fmt;
use std::io::{self, BufRead, Write};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::entry::Entry;
use super::{Cluster, Hit, Index, Link};
use crate::compare::{sigmoid, Verdict};
use crate::engine::Dedup;
use crate::error::{Error, ErrorKind};
use crate::fingerprint::Fingerprint;
use crate::input::jsonl::{decode_line, BadLine, JsonLines, ReadOptions};
use crate::input::Article;
use crate::text::Lang;
use crate::util::hash::FastSet;

/// A phase of the whole job ([`Dedup::run_batch`], [`Dedup::run_jsonl`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Phase {
    /// Reading and decoding JSON Lines ([`Dedup::run_jsonl`] only). Items: lines that gave an
    /// article; bytes: the lines read. It overlaps the fingerprint and index phases (the next
    /// chunk is read while one is fingerprinted), so the phases' sum exceeds the wall time.
    Read,
    /// Analysing and fingerprinting the articles. Items: articles; bytes: their titles and
    /// bodies.
    Fingerprint,
    /// Building the index. Items: articles indexed.
    Index,
    /// Finding every indexed article's candidates. Items: articles.
    Candidates,
    /// Scoring the candidate pairs and ranking each article's best matches. Items: pairs
    /// scored (each once, whichever side found it).
    Compare,
    /// Grouping the articles into events. Items: articles.
    Cluster,
    /// Writing the predictions ([`Batch::write_predictions`]). Items: lines; bytes: written.
    Write,
}

impl Phase {
    /// A short lowercase name: `read`, `fingerprint`, `index`, `candidates`, `compare`,
    /// `cluster`, `write`.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Read => "read",
            Phase::Fingerprint => "fingerprint",
            Phase::Index => "index",
            Phase::Candidates => "candidates",
            Phase::Compare => "compare",
            Phase::Cluster => "cluster",
            Phase::Write => "write",
        }
    }
}

/// How long one phase took, and on how much.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhaseTime {
    /// The phase.
    pub phase: Phase,
    /// Wall time (summed over the chunks of a streamed input).
    pub elapsed: Duration,
    /// Items it handled (see [`Phase`] for what an item is).
    pub items: usize,
    /// Bytes it handled, where that means something (see [`Phase`]); 0 otherwise.
    pub bytes: u64,
}

impl PhaseTime {
    /// Items per second of wall time.
    pub fn items_per_sec(&self) -> f64 {
        self.items as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
    /// Bytes per second of wall time.
    pub fn bytes_per_sec(&self) -> f64 {
        self.bytes as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// The phases of a job, in order; `Display` prints them as a table (the `--timings` view).
///
/// ```
/// # use bilingual_dedup::{Article, Dedup, Lang};
/// let dedup = Dedup::builder().build()?;
/// let articles = [Article::new("a", "Titre", "Le gouvernement a signé un accord.").lang(Lang::Fr)];
/// let batch = dedup.run_batch(&articles, 5);
/// let mut timings = batch.timings().clone();
/// timings.push(batch.write_predictions(std::io::sink())?);
/// eprintln!("{timings}");
/// assert_eq!(timings.iter().last().map(|p| p.items), Some(1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timings {
    phases: Vec<PhaseTime>,
}

impl Timings {
    /// The phases, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, PhaseTime> {
        self.phases.iter()
    }
    /// The time of `phase`, if it ran.
    pub fn get(&self, phase: Phase) -> Option<&PhaseTime> {
        self.phases.iter().find(|p| p.phase == phase)
    }
    /// Adds a phase, or adds to it when it is already there.
    pub fn push(&mut self, t: PhaseTime) {
        match self.phases.iter_mut().find(|p| p.phase == t.phase) {
            Some(p) => {
                p.elapsed += t.elapsed;
                p.items += t.items;
                p.bytes += t.bytes;
            }
            None => self.phases.push(t),
        }
    }
    /// Sum of the phases' wall times (more than the job's wall time for [`Dedup::run_jsonl`],
    /// whose reading overlaps fingerprinting).
    pub fn total(&self) -> Duration {
        self.phases.iter().map(|p| p.elapsed).sum()
    }
}

impl<'a> IntoIterator for &'a Timings {
    type Item = &'a PhaseTime;
    type IntoIter = std::slice::Iter<'a, PhaseTime>;
    fn into_iter(self) -> Self::IntoIter {
        self.phases.iter()
    }
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<12} {:>10} {:>6} {:>11} {:>13} {:>9}",
            "phase", "seconds", "share", "items", "items/s", "MB/s"
        )?;
        let total = self.total().as_secs_f64().max(1e-9);
        for p in &self.phases {
            let secs = p.elapsed.as_secs_f64();
            write!(
                f,
                "{:<12} {secs:>10.4} {:>5.1}% {:>11} {:>13.0}",
                p.phase.name(),
                100.0 * secs / total,
                p.items,
                p.items_per_sec()
            )?;
            if p.bytes > 0 {
                write!(f, " {:>9.1}", p.bytes_per_sec() / 1e6)?;
            }
            writeln!(f)?;
        }
        write!(f, "{:<12} {:>10.4}", "total", self.total().as_secs_f64())?;
        if self.get(Phase::Read).is_some() {
            write!(
                f,
                " (read overlaps fingerprint and index: the sum exceeds the wall time)"
            )?;
        }
        Ok(())
    }
}

/// Options of [`Dedup::run_jsonl`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct JobOptions {
    /// Best matches kept per article (5 by default).
    pub top_k: usize,
    /// How lines are read (lossy UTF-8, longest line).
    pub read: ReadOptions,
    /// Keep the fingerprints in the [`Batch`] (off by default: a fingerprint takes a few KB, an
    /// index entry about 1 KB, so a large feed fits in memory only without them).
    pub keep_fingerprints: bool,
    /// Lines read, decoded and fingerprinted together (8,192 by default). Results do not
    /// depend on it; memory holds the articles of two chunks (one being read, one being
    /// fingerprinted).
    pub chunk_lines: usize,
}

impl Default for JobOptions {
    fn default() -> Self {
        JobOptions {
            top_k: 5,
            read: ReadOptions::default(),
            keep_fingerprints: false,
            chunk_lines: 8_192,
        }
    }
}

impl JobOptions {
    /// Sets [`JobOptions::top_k`].
    #[must_use]
    pub fn top_k(mut self, k: usize) -> Self {
        self.top_k = k;
        self
    }
    /// Sets [`JobOptions::read`].
    #[must_use]
    pub fn read(mut self, read: ReadOptions) -> Self {
        self.read = read;
        self
    }
    /// Sets [`JobOptions::keep_fingerprints`].
    #[must_use]
    pub fn keep_fingerprints(mut self, keep: bool) -> Self {
        self.keep_fingerprints = keep;
        self
    }
    /// Sets [`JobOptions::chunk_lines`] (at least 1).
    #[must_use]
    pub fn chunk_lines(mut self, n: usize) -> Self {
        self.chunk_lines = n.max(1);
        self
    }
}

/// What the whole job found ([`Dedup::run_batch`], [`Dedup::run_jsonl`]).
///
/// Articles are numbered in input order among those indexed: article `i` is the `i`-th
/// fingerprint of [`Batch::fingerprints`] (when kept), `hits()[i]` its matches and
/// [`Batch::articles`] gives its id and language.
///
/// # How the job runs
/// 1. **read** (JSON Lines only): lines are read in chunks and decoded in parallel; the text of
///    a chunk is dropped once it is fingerprinted, so memory holds fingerprints (or only index
///    entries) rather than articles. The next chunk is read while the previous one is
///    fingerprinted and indexed (at most two chunks in memory), so a file read from disk costs
///    little more than the cores' work; its phase time then includes waiting for the cores;
/// 2. **fingerprint** the chunk in parallel; later articles with an id already seen are left
///    out;
/// 3. **index**: the chunk's entries are stored, their links merged once at the end;
/// 4. **candidates** of every indexed article, in parallel (as [`Index::neighbours`] finds
///    them);
/// 5. **compare**: every pair that either side found is scored **once**, from the article
///    indexed first, and each article's best `top_k` are ranked from those scores; ids are
///    copied only for the matches kept;
/// 6. **cluster**: the clusters [`Index::par_cluster`] gives, from the scores of step 5 (no
///    pair is scored again);
/// 7. **write** ([`Batch::write_predictions`], lines formatted in parallel without building
///    JSON values).
///
/// Results do not depend on the number of threads or on the chunk size.
#[derive(Debug)]
pub struct Batch {
    fingerprints: Vec<Fingerprint>,
    failed: Vec<(usize, Error)>,
    bad_lines: Vec<BadLine>,
    index: Index,
    /// Best matches of article `i`: `best[best_start[i]..best_start[i + 1]]`, as
    /// (article, logit, verdict), best first (the score is the logit's sigmoid).
    best_start: Vec<usize>,
    best: Vec<(u32, f32, Verdict)>,
    hits: OnceLock<Vec<Vec<Hit>>>,
    clusters: Vec<Cluster>,
    /// By article: its cluster in `clusters`.
    cluster_of: Vec<u32>,
    timings: Timings,
}

impl Batch {
    /// The fingerprints of the articles indexed, in input order. [`Dedup::run_batch`] keeps
    /// them; [`Dedup::run_jsonl`] only with [`JobOptions::keep_fingerprints`] (empty
    /// otherwise).
    pub fn fingerprints(&self) -> &[Fingerprint] {
        &self.fingerprints
    }
    /// The articles that could not be analysed or indexed: their position in the input (the
    /// index in the slice given to [`Dedup::run_batch`], the 1-based line number for
    /// [`Dedup::run_jsonl`]) and the error (a duplicate id is [`ErrorKind::DuplicateId`]; the
    /// first article with an id is kept).
    pub fn failed(&self) -> &[(usize, Error)] {
        &self.failed
    }
    /// The lines of a JSON Lines input that gave no article (see
    /// [`jsonl`](crate::jsonl)), in line order; empty for [`Dedup::run_batch`].
    pub fn bad_lines(&self) -> &[BadLine] {
        &self.bad_lines
    }
    /// Number of articles indexed.
    pub fn len(&self) -> usize {
        self.cluster_of.len()
    }
    /// True when no article was indexed.
    pub fn is_empty(&self) -> bool {
        self.cluster_of.is_empty()
    }
    /// The id and language of each article indexed, in input order.
    pub fn articles(&self) -> impl ExactSizeIterator<Item = (&str, Lang)> + '_ {
        (0..self.len()).map(|i| {
            let e = self.entry(i as u32);
            (&*e.id, e.lang)
        })
    }
    /// The index of all fingerprints.
    pub fn index(&self) -> &Index {
        &self.index
    }
    /// Takes the index out of the batch.
    pub fn into_index(self) -> Index {
        self.index
    }
    /// Per article (in input order, as [`Batch::articles`]): its best matches among the
    /// others, best first. Built on first call (the job itself keeps them compactly).
    pub fn hits(&self) -> &[Vec<Hit>] {
        self.hits.get_or_init(|| {
            (0..self.len())
                .into_par_iter()
                .map(|i| {
                    self.best_of(i)
                        .iter()
                        .map(|&(c, logit, verdict)| {
                            let e = self.entry(c);
                            Hit {
                                id: e.id.to_string(),
                                lang: e.lang,
                                score: sigmoid(logit),
                                logit,
                                verdict,
                            }
                        })
                        .collect()
                })
                .collect()
        })
    }
    /// The events, as [`Index::par_cluster`] gives them.
    pub fn clusters(&self) -> &[Cluster] {
        &self.clusters
    }
    /// The label of the cluster of article `id` (its smallest id), if it was indexed.
    pub fn cluster_label(&self, id: &str) -> Option<&str> {
        let slot = *self.index.ids.get(id)?;
        Some(self.label(slot as usize))
    }
    /// Wall time of each phase, in order (without the write, which
    /// [`Batch::write_predictions`] returns).
    pub fn timings(&self) -> &Timings {
        &self.timings
    }

    fn entry(&self, slot: u32) -> &Entry {
        self.index.slots[slot as usize]
            .as_ref()
            .expect("a batch's index has every article it numbers")
    }

    fn best_of(&self, i: usize) -> &[(u32, f32, Verdict)] {
        &self.best[self.best_start[i]..self.best_start[i + 1]]
    }

    fn label(&self, i: usize) -> &str {
        self.clusters[self.cluster_of[i] as usize].ids[0].as_str()
    }

    /// Writes one line per article, in input order:
    /// `{"cluster", "id", "matches": [{"id", "score", "verdict"}, ...]}`, matches best first
    /// (scores rounded to four decimals), the format `shared/tools/score_pairs.py` reads.
    /// Lines are formatted in parallel and written in order. Returns the time it took, with the
    /// lines and bytes written.
    ///
    /// # Errors
    /// The writer's.
    pub fn write_predictions<W: Write>(&self, mut w: W) -> io::Result<PhaseTime> {
        let start = Instant::now();
        let mut bytes = 0u64;
        const LINES: usize = 2_048;
        let chunks: Vec<usize> = (0..self.len()).step_by(LINES).collect();
        // A few chunks at a time, so the text waiting to be written stays small.
        for group in chunks.chunks(2 * rayon::current_num_threads().max(1)) {
            let texts: Vec<Vec<u8>> = group
                .par_iter()
                .map(|&from| {
                    let mut out = Vec::with_capacity(LINES * 512);
                    for i in from..(from + LINES).min(self.len()) {
                        self.prediction_line(i, &mut out);
                    }
                    out
                })
                .collect();
            for t in texts {
                bytes += t.len() as u64;
                w.write_all(&t)?;
            }
        }
        w.flush()?;
        Ok(PhaseTime {
            phase: Phase::Write,
            elapsed: start.elapsed(),
            items: self.len(),
            bytes,
        })
    }

    /// Appends article `i`'s prediction line: the bytes `serde_json` writes for the object
    /// with keys in sorted order, without building it.
    fn prediction_line(&self, i: usize, out: &mut Vec<u8>) {
        fn string(out: &mut Vec<u8>, s: &str) {
            serde_json::to_writer(&mut *out, s).expect("writing to a Vec does not fail");
        }
        out.extend_from_slice(b"{\"cluster\":");
        string(out, self.label(i));
        out.extend_from_slice(b",\"id\":");
        string(out, &self.entry(i as u32).id);
        out.extend_from_slice(b",\"matches\":[");
        for (k, &(c, logit, verdict)) in self.best_of(i).iter().enumerate() {
            let score = sigmoid(logit);
            if k > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"id\":");
            string(out, &self.entry(c).id);
            out.extend_from_slice(b",\"score\":");
            let rounded = (f64::from(score) * 10_000.0).round() / 10_000.0;
            serde_json::to_writer(&mut *out, &rounded).expect("writing to a Vec does not fail");
            out.extend_from_slice(b",\"verdict\":\"");
            out.extend_from_slice(verdict.as_str().as_bytes());
            out.extend_from_slice(b"\"}");
        }
        out.extend_from_slice(b"]}\n");
    }
}

/// What the job accumulates: everything but the caller's progress callback, so that a chunk's
/// work can run on another thread while the next chunk is read ([`Dedup::run_jsonl`]).
struct Work<'d> {
    dedup: &'d Dedup,
    index: Index,
    keep: bool,
    fingerprints: Vec<Fingerprint>,
    failed: Vec<(usize, Error)>,
    bad_lines: Vec<BadLine>,
    /// Every id read, indexed or not (the first article with an id is the one kept).
    seen: FastSet<Box<str>>,
    timings: Timings,
}

struct Job<'d, 'p> {
    work: Work<'d>,
    progress: &'p mut dyn FnMut(Phase),
    started: Vec<Phase>,
}

impl<'d> std::ops::Deref for Job<'d, '_> {
    type Target = Work<'d>;
    fn deref(&self) -> &Work<'d> {
        &self.work
    }
}

impl<'d> std::ops::DerefMut for Job<'d, '_> {
    fn deref_mut(&mut self) -> &mut Work<'d> {
        &mut self.work
    }
}

impl<'d, 'p> Job<'d, 'p> {
    fn new(dedup: &'d Dedup, keep: bool, progress: &'p mut dyn FnMut(Phase)) -> Self {
        Job {
            work: Work {
                dedup,
                index: dedup.index(),
                keep,
                fingerprints: Vec::new(),
                failed: Vec::new(),
                bad_lines: Vec::new(),
                seen: FastSet::default(),
                timings: Timings::default(),
            },
            progress,
            started: Vec::new(),
        }
    }

    /// Tells the caller when a phase starts for the first time.
    fn announce(&mut self, phase: Phase) {
        if !self.started.contains(&phase) {
            self.started.push(phase);
            (self.progress)(phase);
        }
    }

    /// [`Job::announce`], and the phase's start time.
    fn start(&mut self, phase: Phase) -> Instant {
        self.announce(phase);
        Instant::now()
    }

    /// [`Work::add`], announcing its phases.
    fn add(&mut self, articles: &[Article], positions: &[usize]) {
        self.announce(Phase::Fingerprint);
        self.announce(Phase::Index);
        self.work.add(articles, positions);
    }
}

impl Work<'_> {
    fn record(&mut self, phase: Phase, start: Instant, items: usize, bytes: u64) {
        self.timings.push(PhaseTime {
            phase,
            elapsed: start.elapsed(),
            items,
            bytes,
        });
    }

    /// Fingerprints `articles` (at `positions` in the input) and stores them in the index;
    /// their links become visible at [`Job::finish`].
    fn add(&mut self, articles: &[Article], positions: &[usize]) {
        let t = Instant::now();
        let dedup = self.dedup;
        // The tables, built once per process, in parallel where they are independent.
        crate::bridge::warm_up();
        let results = fingerprint_by_language(dedup, articles);
        let mut fps = Vec::with_capacity(articles.len());
        for ((a, r), &pos) in articles.iter().zip(results).zip(positions) {
            if self.seen.contains(a.id.as_str()) {
                self.failed
                    .push((pos, ErrorKind::DuplicateId(a.id.clone()).into()));
                continue;
            }
            self.seen.insert(a.id.as_str().into());
            match r {
                Ok(fp) => fps.push(fp),
                Err(e) => self.failed.push((pos, e)),
            }
        }
        let bytes = articles
            .iter()
            .map(|a| (a.title.len() + a.body.len()) as u64)
            .sum();
        self.record(Phase::Fingerprint, t, articles.len(), bytes);

        let t = Instant::now();
        let indexed = fps.len();
        let entries: Vec<_> = fps
            .par_iter()
            .map(|fp| Index::entry_of(fp, Index::query_side(fp)))
            .collect();
        for (entry, posting_keys) in entries {
            self.index.put(entry, &posting_keys, true);
        }
        if self.keep {
            self.fingerprints.append(&mut fps);
        }
        self.record(Phase::Index, t, indexed, 0);
    }
}

impl Job<'_, '_> {
    /// Merges the links, finds and scores the candidates, ranks and clusters.
    fn finish(mut self, top_k: usize) -> Batch {
        // The ids are in the index now (and the failed ones in `failed`).
        drop(std::mem::take(&mut self.seen));
        let t = self.start(Phase::Index);
        self.index.compact();
        self.record(Phase::Index, t, 0, 0);

        let n = self.index.slots.len();

        // Every article's candidates, as `Index::neighbours` finds them (sorted).
        let t = self.start(Phase::Candidates);
        let index = &self.index;
        let entry = |s: u32| index.slots[s as usize].as_ref().expect("live slot");
        let cands: Vec<Vec<u32>> = (0..n as u32)
            .into_par_iter()
            .map(|s| index.candidates(&index.entry_side(entry(s)), Some(s)))
            .collect();
        self.record(Phase::Candidates, t, n, 0);

        // Each pair found by either side, scored once from its lower slot: `later[s]` are the
        // higher slots paired with `s`, sorted, and `scores[s]` their scores.
        let t = self.start(Phase::Compare);
        let index = &self.index;
        let entry = |s: u32| index.slots[s as usize].as_ref().expect("live slot");
        let mut found_by_later: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (c, list) in cands.iter().enumerate() {
            for &s in list.iter().take_while(|&&s| (s as usize) < c) {
                found_by_later[s as usize].push(c as u32);
            }
        }
        let pairs: Vec<Later> = found_by_later
            .into_par_iter()
            .enumerate()
            .map(|(s, by_later)| {
                let later = merge_sorted(
                    cands[s].iter().copied().skip_while(|&c| c as usize <= s),
                    by_later,
                );
                let q = index.entry_side(entry(s as u32));
                let a = Index::query_view(&q);
                let scores = later
                    .iter()
                    .map(|&c| {
                        let (logit, _, verdict) = index.score_with_logit(&a, entry(c));
                        (logit, verdict)
                    })
                    .collect();
                (later, scores)
            })
            .collect();
        let scored: usize = pairs.iter().map(|p| p.0.len()).sum();
        let score_of = |s: u32, c: u32| -> (f32, Verdict) {
            let (lo, hi) = if s < c { (s, c) } else { (c, s) };
            let (later, scores) = &pairs[lo as usize];
            let k = later
                .binary_search(&hi)
                .expect("every candidate pair was scored");
            scores[k]
        };
        // Each article's best matches among its own candidates, ranked as `Index::query` ranks
        // them (logit, then id; the score, the logit's sigmoid, rounds to 1.0 for many).
        let best: Vec<Vec<(u32, f32, Verdict)>> = cands
            .par_iter()
            .enumerate()
            .map(|(s, list)| {
                let mut hits: Vec<(u32, f32, Verdict)> = list
                    .iter()
                    .map(|&c| {
                        let (logit, verdict) = score_of(s as u32, c);
                        (c, logit, verdict)
                    })
                    // `Index::query`'s `score >= 0.0`: false only for a NaN score.
                    .filter(|h| !h.1.is_nan())
                    .collect();
                hits.sort_by(|x, y| {
                    y.1.total_cmp(&x.1)
                        .then_with(|| entry(x.0).id.cmp(&entry(y.0).id))
                });
                hits.truncate(top_k);
                hits
            })
            .collect();
        let mut best_start = Vec::with_capacity(n + 1);
        best_start.push(0);
        let mut flat = Vec::with_capacity(best.iter().map(Vec::len).sum());
        for b in best {
            flat.extend(b);
            best_start.push(flat.len());
        }
        self.record(Phase::Compare, t, scored, 0);

        // The clustering's links are the pairs `Index::par_cluster` would score (each article's
        // candidates above it, scored from it), already scored above.
        let t = self.start(Phase::Cluster);
        let links: Vec<Link> = cands
            .iter()
            .enumerate()
            .flat_map(|(s, list)| {
                let s32 = s as u32;
                list.iter()
                    .filter(move |&&c| c > s32)
                    .filter_map(move |&c| {
                        let (logit, verdict) = score_of(s32, c);
                        (verdict == Verdict::SameEvent).then(|| Link {
                            a: s,
                            b: c as usize,
                            score: sigmoid(logit),
                        })
                    })
            })
            .collect();
        drop(pairs);
        drop(cands);
        let slots: Vec<u32> = (0..n as u32).collect();
        let clusters = self.index.clusters_from_links(&slots, &links, true);
        drop(links);
        let mut cluster_of = vec![0u32; n];
        for (c, cl) in clusters.iter().enumerate() {
            for id in &cl.ids {
                cluster_of[self.index.ids[id.as_str()] as usize] = c as u32;
            }
        }
        self.record(Phase::Cluster, t, n, 0);
        self.bad_lines.sort_by_key(|b| b.line);
        let work = self.work;
        Batch {
            fingerprints: work.fingerprints,
            failed: work.failed,
            bad_lines: work.bad_lines,
            index: work.index,
            best_start,
            best: flat,
            hits: OnceLock::new(),
            clusters,
            cluster_of,
            timings: work.timings,
        }
    }
}

/// [`Dedup::par_fingerprint`], with the articles of each declared language together: rayon
/// hands each thread contiguous runs of the input, so a thread then mostly fills one language's
/// vocabulary (computing each form once instead of once per thread) and works in a smaller
/// cache footprint. Results are in input order, and the same as in any other order.
fn fingerprint_by_language(dedup: &Dedup, articles: &[Article]) -> Vec<Result<Fingerprint, Error>> {
    let group = |a: &Article| match a.lang {
        Some(Lang::Fr) => 0u8,
        Some(Lang::En) => 1,
        None => 2,
    };
    let mut order: Vec<u32> = (0..articles.len() as u32).collect();
    order.sort_by_key(|&i| group(&articles[i as usize]));
    let done: Vec<Result<Fingerprint, Error>> = order
        .par_iter()
        .map(|&i| dedup.fingerprint(&articles[i as usize]))
        .collect();
    let mut out: Vec<Option<Result<Fingerprint, Error>>> =
        (0..articles.len()).map(|_| None).collect();
    for (&i, r) in order.iter().zip(done) {
        out[i as usize] = Some(r);
    }
    out.into_iter()
        .map(|r| r.expect("every article fingerprinted"))
        .collect()
}

/// The higher slots paired with a slot, sorted, and their (logit, verdict).
type Later = (Vec<u32>, Vec<(f32, Verdict)>);

/// The union of two increasing sequences, increasing, without repeats.
fn merge_sorted(a: impl Iterator<Item = u32>, b: Vec<u32>) -> Vec<u32> {
    let mut out = Vec::with_capacity(b.len() + 8);
    let mut b = b.into_iter().peekable();
    for x in a {
        while let Some(&y) = b.peek() {
            if y >= x {
                break;
            }
            out.push(y);
            b.next();
        }
        if b.peek() == Some(&x) {
            b.next();
        }
        out.push(x);
    }
    out.extend(b);
    out
}

impl Dedup {
    /// The whole job on a batch: fingerprints the articles, indexes them, finds each one's
    /// `top_k` best matches among the others (the matches [`Index::neighbours`] gives) and
    /// clusters them ([`Index::par_cluster`]). Articles that cannot be analysed, and later
    /// articles with an id already seen, are left out and listed in [`Batch::failed`]; the
    /// others are never lost. The fingerprints are kept ([`Batch::fingerprints`]).
    ///
    /// Results do not depend on the number of threads. A pair's score is computed once, from
    /// the article that comes first; [`Batch`] says how the job runs.
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
        let mut job = Job::new(self, true, progress);
        let positions: Vec<usize> = (0..articles.len()).collect();
        job.add(articles, &positions);
        job.finish(top_k)
    }

    /// The whole job from JSON Lines (one article a line, read as
    /// [`jsonl`](crate::jsonl) reads them): lines are read and decoded in chunks of
    /// [`JobOptions::chunk_lines`], in parallel, and each chunk's text is dropped once it is
    /// fingerprinted, so memory holds the index (about 1 KB an article) rather than the
    /// feed. Called from outside a rayon pool, the next chunk is read on the calling thread
    /// while the previous one is fingerprinted and indexed (on the global pool; two chunks in
    /// memory at most), so `input` need not be `Send`; called on a pool's thread
    /// (`ThreadPool::install`), the job stays on that pool and reads in turn with the work. Then as [`Dedup::run_batch`]. Lines that give no article are in
    /// [`Batch::bad_lines`]; articles that cannot be analysed, and later articles with an id
    /// already seen, in [`Batch::failed`] with their line number.
    ///
    /// The results are those of [`Dedup::run_batch`] on the articles read, whatever the
    /// chunk size and the number of threads.
    pub fn run_jsonl<R: BufRead>(&self, input: R, opts: JobOptions) -> Batch {
        self.run_jsonl_with(input, opts, &mut |_| {})
    }

    /// [`Dedup::run_jsonl`], calling `progress` as each phase starts.
    pub fn run_jsonl_with<R: BufRead>(
        &self,
        input: R,
        opts: JobOptions,
        progress: &mut dyn FnMut(Phase),
    ) -> Batch {
        let mut job = Job::new(self, opts.keep_fingerprints, progress);
        let mut lines = JsonLines::<R, Article>::with_options(input, opts.read);
        let chunk = opts.chunk_lines.max(1);
        let mut text: Vec<u8> = Vec::new();
        let mut spans: Vec<(usize, usize, usize)> = Vec::with_capacity(chunk);
        // Chunk k is fingerprinted and indexed while chunk k + 1 is read
        // (and decoded) here: reading a large file is often bound by the disk, not the cores.
        // Each chunk's work ends before the next one's starts, so results are those of a
        // sequential run.
        let mut pending: Option<Chunk> = None;
        let inside_pool = rayon::current_thread_index().is_some();
        job.announce(Phase::Read);
        loop {
            if pending.is_some() {
                job.announce(Phase::Fingerprint);
                job.announce(Phase::Index);
            }
            let work = &mut job.work;
            let mut next = if inside_pool {
                // On a pool's thread (`ThreadPool::install`): the work stays on that pool, in
                // turn with the reading.
                if let Some(c) = pending.take() {
                    if !c.articles.is_empty() {
                        work.add(&c.articles, &c.positions);
                    }
                }
                read_chunk(&mut lines, chunk, opts.read, &mut text, &mut spans)
            } else {
                // The work runs on a scoped thread (its parallel parts on the global pool, as
                // the caller's would) while this thread reads.
                std::thread::scope(|s| {
                    let busy = pending.take().map(|c| {
                        s.spawn(move || {
                            if !c.articles.is_empty() {
                                work.add(&c.articles, &c.positions);
                            }
                        })
                    });
                    let next = read_chunk(&mut lines, chunk, opts.read, &mut text, &mut spans);
                    if let Some(Err(panic)) = busy.map(|b| b.join()) {
                        std::panic::resume_unwind(panic);
                    }
                    next
                })
            };
            job.bad_lines.append(&mut next.bad_lines);
            job.timings.push(next.read);
            let end = next.end;
            pending = Some(next);
            if end {
                break;
            }
        }
        if let Some(last) = pending.take() {
            if !last.articles.is_empty() {
                job.add(&last.articles, &last.positions);
            }
        }
        job.finish(opts.top_k)
    }
}

/// One chunk of a JSON Lines input, read and decoded.
struct Chunk {
    articles: Vec<Article>,
    /// The line of each article.
    positions: Vec<usize>,
    bad_lines: Vec<BadLine>,
    /// The time it took, its articles and bytes.
    read: PhaseTime,
    /// Whether the input ended with it.
    end: bool,
}

/// Reads up to `chunk` non-blank lines and decodes them in parallel (`text` and `spans` are
/// reused buffers).
fn read_chunk<R: BufRead>(
    lines: &mut JsonLines<R, Article>,
    chunk: usize,
    opts: ReadOptions,
    text: &mut Vec<u8>,
    spans: &mut Vec<(usize, usize, usize)>,
) -> Chunk {
    let t = Instant::now();
    text.clear();
    spans.clear();
    let mut bad_lines = Vec::new();
    let mut end = false;
    while spans.len() < chunk {
        match lines.next_raw() {
            None => {
                end = true;
                break;
            }
            Some(Err(bad)) => bad_lines.push(bad),
            Some(Ok((line, bytes))) => {
                let from = text.len();
                text.extend_from_slice(bytes);
                spans.push((line, from, text.len()));
            }
        }
    }
    let decoded: Vec<_> = spans
        .par_iter()
        .map(|&(line, from, to)| decode_line::<Article>(&text[from..to], line, opts))
        .collect();
    let mut articles = Vec::with_capacity(decoded.len());
    let mut positions = Vec::with_capacity(decoded.len());
    for d in decoded {
        match d {
            Ok(r) => {
                positions.push(r.line);
                articles.push(r.value);
            }
            Err(bad) => bad_lines.push(bad),
        }
    }
    let bytes = spans.iter().map(|&(_, f, t)| (t - f + 1) as u64).sum();
    Chunk {
        read: PhaseTime {
            phase: Phase::Read,
            elapsed: t.elapsed(),
            items: articles.len(),
            bytes,
        },
        articles,
        positions,
        bad_lines,
        end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_is_a_sorted_union() {
        let got = merge_sorted([2u32, 5, 7, 9].into_iter(), vec![1, 5, 8, 9, 12]);
        assert_eq!(got, [1, 2, 5, 7, 8, 9, 12]);
        assert_eq!(merge_sorted([3u32].into_iter(), vec![]), [3]);
        assert_eq!(merge_sorted(std::iter::empty(), vec![4]), [4]);
    }
}
