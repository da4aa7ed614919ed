//! The jobs of the `bilingual-dedup` program, without its argument parsing, so that
//! `examples/dedup.rs` runs the same code (it includes this file by path). Everything here
//! calls the library's public API; reading a feed is `bilingual_dedup::jsonl`.
//!
//! Messages go to stderr as sentences naming the file (and line) concerned; results go to the
//! output. A job returns a [`Failure`] only for what stops it (a usage error, a file that
//! cannot be read or written, an index file that does not load); bad lines never do.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use bilingual_dedup::jsonl::{unique_by_id, BadLine, BadLineKind, JsonLines, ReadOptions};
use bilingual_dedup::{Article, Batch, Dedup, Fingerprint, Hit, Index, Lang, Phase};
use indicatif::{ProgressBar, ProgressStyle};

/// What stops a job: printed as `error: ...`, exit status 2.
#[derive(Debug)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Failure {
    /// A library error as a sentence: its message, then its causes (the library's `Display`
    /// leaves an I/O or JSON cause to `source`).
    pub fn from_error(context: &str, e: &dyn std::error::Error) -> Self {
        let mut msg = format!("{context}{e}");
        let mut cause = e.source();
        while let Some(c) = cause {
            let text = c.to_string();
            if !msg.ends_with(&text) {
                msg.push_str(": ");
                msg.push_str(&text);
            }
            cause = c.source();
        }
        Failure(msg)
    }

    fn io(what: &str, name: &str, e: &dyn fmt::Display) -> Self {
        Failure(format!("cannot {what} {name}: {e}"))
    }
}

/// Where a feed comes from.
#[derive(Clone, Debug)]
pub enum Source {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
    /// Bytes in memory, with the name to report them by (the example's embedded fixtures).
    #[allow(dead_code)] // constructed by examples/dedup.rs only
    Bytes(&'static [u8], &'static str),
}

impl Source {
    /// `-` is standard input, anything else a file.
    pub fn parse(arg: &str) -> Self {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::File(arg.into())
        }
    }

    /// The name messages use: the path, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_owned(),
            Source::File(p) => p.display().to_string(),
            Source::Bytes(_, name) => (*name).to_owned(),
        }
    }
}

/// Where results go: standard output (`-`) or a file.
#[derive(Clone, Debug)]
pub enum Sink {
    /// Standard output.
    Stdout,
    /// A file (created or truncated).
    File(PathBuf),
    /// Nowhere (the example's fixture run, which prints a report instead).
    #[allow(dead_code)] // constructed by examples/dedup.rs only
    None,
}

impl Sink {
    /// `-` is standard output, anything else a file.
    pub fn parse(arg: &str) -> Self {
        if arg == "-" {
            Sink::Stdout
        } else {
            Sink::File(arg.into())
        }
    }

    fn name(&self) -> String {
        match self {
            Sink::Stdout | Sink::None => "<stdout>".to_owned(),
            Sink::File(p) => p.display().to_string(),
        }
    }

    /// Opens the output before the work starts, so a bad path fails at once; a file is
    /// created if missing but emptied only when [`Output::begin`] is called, so a run that
    /// fails before writing leaves an earlier output as it was.
    fn open(&self) -> Result<Output, Failure> {
        let (w, file): (Box<dyn Write>, _) = match self {
            Sink::Stdout => (Box::new(BufWriter::new(io::stdout().lock())), None),
            Sink::File(p) => {
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(false)
                    .open(p)
                    .map_err(|e| Failure::io("create", &self.name(), &e))?;
                let handle = f
                    .try_clone()
                    .map_err(|e| Failure::io("open", &self.name(), &e))?;
                (Box::new(BufWriter::new(f)), Some(handle))
            }
            Sink::None => (Box::new(io::sink()), None),
        };
        Ok(Output {
            w: Counted { inner: w, bytes: 0 },
            file,
            name: self.name(),
        })
    }
}

/// An open output (see [`Sink::open`]).
struct Output {
    w: Counted<Box<dyn Write>>,
    file: Option<File>,
    name: String,
}

impl Output {
    /// Empties the file (if the output is one) before the results are written.
    fn begin(&mut self) -> Result<&mut Counted<Box<dyn Write>>, Failure> {
        if let Some(f) = &self.file {
            // Only a regular file is emptied (not /dev/null or a pipe).
            let regular = f.metadata().is_ok_and(|m| m.is_file());
            if regular {
                f.set_len(0)
                    .map_err(|e| Failure::io("write", &self.name, &e))?;
            }
        }
        Ok(&mut self.w)
    }
}

/// A writer that counts the bytes through it.
struct Counted<T> {
    inner: T,
    bytes: u64,
}

/// A reader that counts the bytes through it into a cell the caller keeps.
struct CountedReader<R> {
    inner: R,
    bytes: Rc<Cell<u64>>,
}

impl<R: Read> Read for CountedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.set(self.bytes.get() + n as u64);
        Ok(n)
    }
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// How feeds are read and judged.
#[derive(Clone, Copy, Debug, Default)]
pub struct FeedOptions {
    /// Decode invalid UTF-8 lossily instead of skipping the line.
    pub lossy: bool,
    /// Bad lines make the exit status 1 (they are skipped all the same).
    pub strict: bool,
}

/// Why lines were skipped, counted for the summary.
#[derive(Clone, Debug, Default)]
pub struct Skipped {
    invalid_utf8: usize,
    not_json: usize,
    too_long: usize,
    duplicate: usize,
    not_analysed: usize,
    /// Lines kept after replacing invalid UTF-8 (`--lossy`); not skipped.
    pub lossy: usize,
}

impl Skipped {
    /// Lines skipped, all reasons together.
    pub fn total(&self) -> usize {
        self.invalid_utf8 + self.not_json + self.too_long + self.duplicate + self.not_analysed
    }

    fn count(&mut self, kind: &BadLineKind) {
        match kind {
            BadLineKind::InvalidUtf8 => self.invalid_utf8 += 1,
            BadLineKind::TooLong => self.too_long += 1,
            BadLineKind::Refused => self.duplicate += 1,
            _ => self.not_json += 1,
        }
    }
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} skipped", lines(self.total()))?;
        let parts: Vec<String> = [
            (self.invalid_utf8, "invalid UTF-8"),
            (self.not_json, "not a JSON article"),
            (self.too_long, "too long"),
            (self.duplicate, "duplicate id"),
            (self.not_analysed, "not analysable"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, why)| format!("{n} {why}"))
        .collect();
        if !parts.is_empty() {
            write!(f, " ({})", parts.join(", "))?;
        }
        if self.lossy > 0 {
            write!(
                f,
                "; {} kept with invalid UTF-8 replaced",
                lines(self.lossy)
            )?;
        }
        Ok(())
    }
}

/// `1 line`, `2 lines`.
fn lines(n: usize) -> String {
    format!("{n} line{}", if n == 1 { "" } else { "s" })
}

/// `1 article`, `2 articles`.
fn articles(n: usize) -> String {
    format!("{n} article{}", if n == 1 { "" } else { "s" })
}

/// The articles of a feed, each with its line.
pub struct Feed {
    /// The name messages use.
    pub name: String,
    /// Articles with unique ids, in input order.
    pub articles: Vec<Article>,
    /// The line of each article.
    pub lines: Vec<usize>,
    /// Bytes read.
    pub bytes: u64,
    /// What was skipped.
    pub skipped: Skipped,
}

impl Feed {
    /// Names a skipped line on stderr and counts it.
    fn skip(&mut self, bad: &BadLine) {
        let hint = match bad.kind {
            BadLineKind::InvalidUtf8 => " (--lossy keeps it)",
            _ => "",
        };
        eprintln!("{}:{}: skipped: {}{hint}", self.name, bad.line, bad.reason);
        self.skipped.count(&bad.kind);
    }

    /// Names an article the library could not analyse, and counts it.
    fn not_analysed(&mut self, i: usize, e: &dyn fmt::Display) {
        eprintln!("{}:{}: skipped: {e}", self.name, self.lines[i]);
        self.skipped.not_analysed += 1;
    }

    /// Text bytes (titles and bodies) of the articles.
    fn text_bytes(&self) -> u64 {
        self.articles
            .iter()
            .map(|a| (a.title.len() + a.body.len()) as u64)
            .sum()
    }
}

/// Reads a JSON Lines feed: every good line is kept, every bad one named on stderr with its
/// reason and counted, later duplicates of an id refused. Stops only when the input cannot be
/// read at all.
pub fn read_feed(source: &Source, opts: FeedOptions, bar: &ProgressBar) -> Result<Feed, Failure> {
    let name = source.name();
    let reader: Box<dyn Read> = match source {
        Source::Stdin => Box::new(io::stdin().lock()),
        Source::File(p) => Box::new(File::open(p).map_err(|e| Failure::io("read", &name, &e))?),
        Source::Bytes(b, _) => Box::new(*b),
    };
    let bytes = Rc::new(Cell::new(0));
    let counted = BufReader::with_capacity(
        1 << 16,
        CountedReader {
            inner: reader,
            bytes: Rc::clone(&bytes),
        },
    );
    let read_opts = ReadOptions {
        lossy: opts.lossy,
        ..ReadOptions::default()
    };
    let mut feed = Feed {
        name,
        articles: Vec::new(),
        lines: Vec::new(),
        bytes: 0,
        skipped: Skipped::default(),
    };
    let mut records = Vec::new();
    let mut bad_lines = Vec::new();
    let lines = JsonLines::<_, Article>::with_options(counted, read_opts);
    for line in lines {
        match line {
            Ok(r) => {
                if r.lossy {
                    eprintln!(
                        "{}:{}: invalid UTF-8 replaced by U+FFFD (--lossy)",
                        feed.name, r.line
                    );
                    feed.skipped.lossy += 1;
                }
                records.push(r);
            }
            Err(bad) if bad.kind == BadLineKind::Io => {
                return Err(Failure(format!(
                    "cannot read {} after line {}: {}",
                    feed.name,
                    bad.line - 1,
                    bad.reason
                )));
            }
            Err(bad) => bad_lines.push(bad),
        }
        if records.len() % 1024 == 0 {
            bar.set_message(format!(
                "reading {}: {:.1} MiB",
                feed.name,
                bytes.get() as f64 / f64::from(1 << 20)
            ));
        }
    }
    feed.bytes = bytes.get();
    let (records, duplicates) = unique_by_id(records, |a| &a.id);
    bad_lines.extend(duplicates);
    bad_lines.sort_by_key(|b| b.line);
    for bad in &bad_lines {
        feed.skip(bad);
    }
    for r in records {
        feed.lines.push(r.line);
        feed.articles.push(r.value);
    }
    Ok(feed)
}

/// A progress bar on stderr when stderr is a terminal (hidden otherwise).
pub fn progress_bar(show: bool) -> ProgressBar {
    if !show || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// One line of the `--timings` table.
struct Timing {
    phase: &'static str,
    elapsed: Duration,
    items: usize,
    bytes: u64,
}

fn print_timings(rows: &[Timing]) {
    eprintln!(
        "{:<12} {:>10} {:>10} {:>14} {:>12}",
        "phase", "wall", "items", "items/s", "MiB/s"
    );
    let total: Duration = rows.iter().map(|r| r.elapsed).sum();
    for r in rows {
        let s = r.elapsed.as_secs_f64().max(1e-9);
        eprintln!(
            "{:<12} {:>9.3}s {:>10} {:>14.0} {:>12.2}",
            r.phase,
            r.elapsed.as_secs_f64(),
            r.items,
            r.items as f64 / s,
            r.bytes as f64 / s / f64::from(1 << 20),
        );
    }
    eprintln!("{:<12} {:>9.3}s", "total", total.as_secs_f64());
}

/// The `dedup` job.
#[derive(Clone, Debug)]
pub struct DedupJob {
    /// The feed.
    pub input: Source,
    /// Where the predictions go.
    pub output: Sink,
    /// Matches kept per article.
    pub top: usize,
    /// Reading options.
    pub feed: FeedOptions,
    /// Print the phase breakdown on stderr.
    pub timings: bool,
    /// Show a progress bar (when stderr is a terminal).
    pub progress: bool,
}

/// What a job did, for its exit status.
pub struct Outcome {
    /// Lines skipped.
    pub skipped: usize,
    /// Whether skipped lines fail the run.
    pub strict: bool,
}

impl Outcome {
    /// 1 when `--strict` and a line was skipped, else 0.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.strict && self.skipped > 0)
    }
}

/// Reads a feed, finds each article's matches and the events (`Dedup::run_batch_with`) and
/// writes one prediction line per article (`Batch::write_predictions`).
pub fn dedup(engine: &Dedup, job: &DedupJob) -> Result<(Batch, Feed, Outcome), Failure> {
    let start = Instant::now();
    let mut out = job.output.open()?;
    let bar = progress_bar(job.progress);
    bar.set_message(format!("reading {}", job.input.name()));
    let t = Instant::now();
    let mut feed = read_feed(&job.input, job.feed, &bar)?;
    let read = Timing {
        phase: "read/parse",
        elapsed: t.elapsed(),
        items: feed.articles.len(),
        bytes: feed.bytes,
    };
    let batch = engine.run_batch_with(&feed.articles, job.top, &mut |phase: Phase| {
        bar.set_message(format!(
            "{} ({} articles)",
            phase.name(),
            feed.articles.len()
        ));
    });
    for (i, e) in batch.failed() {
        feed.not_analysed(*i, e);
    }
    bar.set_message(format!("writing {}", job.output.name()));
    let t = Instant::now();
    batch
        .write_predictions(out.begin()?)
        .map_err(|e| Failure::io("write", &job.output.name(), &e))?;
    let write = Timing {
        phase: "write",
        elapsed: t.elapsed(),
        items: batch.fingerprints().len(),
        bytes: out.w.bytes,
    };
    bar.finish_and_clear();

    if job.timings {
        let text = feed.text_bytes();
        let mut rows = vec![read];
        rows.extend(batch.timings().iter().map(|p| Timing {
            phase: p.phase.name(),
            elapsed: p.elapsed,
            items: p.items,
            bytes: text,
        }));
        rows.push(write);
        print_timings(&rows);
        eprintln!("(MiB/s: of the input for read/parse, of the output for write, of the articles' text otherwise)");
    }
    eprintln!(
        "{}: {} read, {}; {} fingerprinted, {} event{} ({} reported in both languages); {:.2?}",
        feed.name,
        articles(feed.articles.len()),
        feed.skipped,
        batch.fingerprints().len(),
        batch.clusters().len(),
        if batch.clusters().len() == 1 { "" } else { "s" },
        cross_language_events(&batch),
        start.elapsed()
    );
    let outcome = Outcome {
        skipped: feed.skipped.total(),
        strict: job.feed.strict,
    };
    Ok((batch, feed, outcome))
}

/// Events with articles in both languages.
fn cross_language_events(batch: &Batch) -> usize {
    let lang: HashMap<&str, Lang> = batch
        .fingerprints()
        .iter()
        .map(|f| (f.id(), f.lang()))
        .collect();
    batch
        .clusters()
        .iter()
        .filter(|c| {
            let first = lang.get(c.ids[0].as_str());
            c.ids.iter().any(|id| lang.get(id.as_str()) != first)
        })
        .count()
}

/// The `run` job: the daily update of a feed's index.
#[derive(Clone, Debug)]
pub struct RunJob {
    /// The index file (created when missing).
    pub index: PathBuf,
    /// Today's articles.
    pub input: Source,
    /// Where each new article's matches go.
    pub output: Sink,
    /// Matches kept per article.
    pub top: usize,
    /// Reading options.
    pub feed: FeedOptions,
    /// Show a progress bar (when stderr is a terminal).
    pub progress: bool,
}

/// Loads the index (or starts one), expires what is older than the event window before the
/// newest article read, inserts the new articles, writes each one's matches against
/// everything indexed, and saves the index atomically (`Index::save`).
///
/// The matches are written before the index is saved: a run stopped in between has written
/// them but not indexed the articles, and running it again gives them again; a run stopped
/// earlier leaves the old index.
pub fn run(engine: &Dedup, job: &RunJob) -> Result<Outcome, Failure> {
    let start = Instant::now();
    let index_name = job.index.display().to_string();
    let mut out = job.output.open()?;
    let bar = progress_bar(job.progress);
    bar.set_message(format!("loading {index_name}"));
    let mut index = load_or_new(engine, &job.index)?;
    let before = index.len();

    bar.set_message(format!("reading {}", job.input.name()));
    let mut feed = read_feed(&job.input, job.feed, &bar)?;
    bar.set_message(format!("fingerprinting {} articles", feed.articles.len()));
    let mut fps: Vec<Fingerprint> = Vec::with_capacity(feed.articles.len());
    for (i, r) in engine
        .par_fingerprint(&feed.articles)
        .into_iter()
        .enumerate()
    {
        match r {
            Ok(fp) if index.contains(fp.id()) => {
                eprintln!(
                    "{}:{}: skipped: id {:?} is already in {index_name} (from an earlier run)",
                    feed.name,
                    feed.lines[i],
                    fp.id()
                );
                feed.skipped.duplicate += 1;
            }
            Ok(fp) => fps.push(fp),
            Err(e) => feed.not_analysed(i, &e),
        }
    }

    let newest = fps.iter().filter_map(Fingerprint::published).max();
    let window = engine.thresholds().event_window_days;
    let expired = match (newest, window) {
        (Some(day), Some(w)) => index.expire_before(day.saturating_sub(w as i32)),
        _ => 0,
    };

    bar.set_message(format!("indexing {} articles", fps.len()));
    index.par_insert(&fps).map_err(|e| {
        Failure::from_error(&format!("cannot index the articles of {}: ", feed.name), &e)
    })?;
    bar.set_message(format!("matching {} articles", fps.len()));
    let hits = index
        .par_query(&fps, job.top, 0.0)
        .map_err(|e| Failure::from_error(&format!("cannot query {index_name}: "), &e))?;
    bar.set_message(format!("writing {}", job.output.name()));
    write_matches(out.begin()?, &fps, &hits)
        .map_err(|e| Failure::io("write", &job.output.name(), &e))?;
    bar.set_message(format!("saving {index_name}"));
    index
        .save(&job.index)
        .map_err(|e| Failure::from_error("cannot save the index: ", &e))?;
    bar.finish_and_clear();
    eprintln!(
        "{index_name}: {} before, {expired} expired, {} added, {} now; {}: {} read, {}; {:.2?}",
        articles(before),
        fps.len(),
        index.len(),
        feed.name,
        articles(feed.articles.len()),
        feed.skipped,
        start.elapsed()
    );
    Ok(Outcome {
        skipped: feed.skipped.total(),
        strict: job.feed.strict,
    })
}

/// The index at `path`, or a new one when there is no file. A file that does not load stops
/// the run (it is never overwritten).
fn load_or_new(engine: &Dedup, path: &Path) -> Result<Index, Failure> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            eprintln!("{}: no index yet, starting a new one", path.display());
            Ok(engine.index())
        }
        Err(e) => Err(Failure::io("read", &path.display().to_string(), &e)),
        Ok(_) => Index::load(engine, path).map_err(|e| {
            let f = Failure::from_error("", &e);
            Failure(format!("{}; the index file is left as it is", f.0))
        }),
    }
}

/// One line per new article: `{"id", "matches": [{"id", "score", "verdict"}]}`, matches as
/// `Batch::write_predictions` writes them. No cluster: grouping the whole index would cost as
/// much as querying every article in it, every day.
fn write_matches(mut w: impl Write, fps: &[Fingerprint], hits: &[Vec<Hit>]) -> io::Result<()> {
    for (fp, hits) in fps.iter().zip(hits) {
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
        let line = serde_json::json!({"id": fp.id(), "matches": matches});
        writeln!(w, "{line}")?;
    }
    w.flush()
}

/// Reads one article for `compare`: a JSON article (the file's first non-blank character is
/// `{`), or plain text whose file name becomes the id. Invalid UTF-8 in plain text is replaced
/// (with a warning).
pub fn read_article(path: &Path) -> Result<Article, Failure> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Failure::io("read", &name, &e))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        let mut lines = JsonLines::<_, Article>::new(bytes);
        // One JSON object on one line is a JSON Lines file of one record; a JSON object laid
        // out over several lines is read whole.
        if let Some(Ok(first)) = lines.next() {
            if lines.next().is_none() {
                return Ok(first.value);
            }
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|e| Failure(format!("{name} is not valid UTF-8 JSON: {e}")))?;
        return serde_json::from_str(text).map_err(|e| {
            Failure(format!(
                "{name} is not one JSON article (an object with `id` and `text`): {e}"
            ))
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(e) => {
            eprintln!(
                "{name}: invalid UTF-8 at byte {} replaced by U+FFFD",
                e.valid_up_to()
            );
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    let id = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or(name);
    Ok(Article::new(id, "", text))
}

/// Compares two articles and prints the verdict with its explanation.
pub fn compare(engine: &Dedup, a: &Path, b: &Path, mut out: impl Write) -> Result<(), Failure> {
    let mut fps = Vec::with_capacity(2);
    for path in [a, b] {
        let article = read_article(path)?;
        let fp = engine
            .fingerprint(&article)
            .map_err(|e| Failure::from_error(&format!("{}: ", path.display()), &e))?;
        fps.push(fp);
    }
    let m = engine
        .compare(&fps[0], &fps[1])
        .map_err(|e| Failure::from_error("cannot compare the two articles: ", &e))?;
    writeln!(
        out,
        "{} ({}) ~ {} ({}): {m}",
        fps[0].id(),
        fps[0].lang(),
        fps[1].id(),
        fps[1].lang()
    )
    .map_err(|e| Failure::io("write", "<stdout>", &e))?;
    Ok(())
}
