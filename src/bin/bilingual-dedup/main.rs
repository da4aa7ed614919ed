//! `bilingual-dedup`: tell which French and English news articles report the same event,
//! from the command line. Install with `cargo install --path .` (feature `cli`, on by default).
//! The jobs themselves are in `jobs.rs`; this file parses the arguments.

mod jobs;

use std::path::PathBuf;
use std::process::ExitCode;

use bilingual_dedup::Dedup;
use clap::{Args, Parser, Subcommand};

use jobs::{DedupJob, FeedOptions, RunJob, Sink, Source};

const EXIT_CODES: &str = "\
Examples:
  bilingual-dedup dedup --input feed.jsonl --output matches.jsonl
  bilingual-dedup run --index feed.bdix --input today.jsonl --output today-matches.jsonl
  bilingual-dedup compare article-fr.txt article-en.txt

Exit status: 0 when the job ran (bad lines, if any, were skipped and named on stderr);
1 when --strict was given and a line was skipped (the good lines are still processed and
written); 2 for a usage error or a file that cannot be read or written (messages on stderr).";

/// Tell which French and English news articles report the same event.
///
/// Articles are JSON Lines: one object a line with `id` (string or number), `text` (or
/// `body`), and optionally `title`, `lang` (`fr`, `en`) and `published` (`YYYY-MM-DD`, or
/// ISO 8601 with time and zone). Bad lines (invalid UTF-8, not JSON, duplicate ids, articles
/// with no words or in another language) are skipped, each named on stderr with its line
/// number and reason, and counted in the summary; every good line is kept.
#[derive(Parser, Debug)]
#[command(name = "bilingual-dedup", version, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Find each article's best matches in a feed and group the articles into events.
    ///
    /// Writes one line per article: {"id", "cluster", "matches": [{"id", "score",
    /// "verdict"}]}, best matches first; `cluster` is the smallest id of the article's event.
    #[command(after_help = concat!(
        "Example:\n  bilingual-dedup dedup --input feed.jsonl --output matches.jsonl --top 5\n",
        "  cat feed.jsonl | bilingual-dedup dedup --timings > matches.jsonl\n\n",
        "Exit status: 0 ok; 1 a line was skipped under --strict; 2 usage or I/O error."
    ))]
    Dedup(DedupArgs),
    /// The daily job of a feed: update an index file with today's articles and write their
    /// matches against everything indexed.
    ///
    /// Loads the index (a new one when the file does not exist), removes the articles
    /// published more than the event window before the newest article read, inserts the new
    /// articles (an id already indexed is skipped), writes each new article's matches with
    /// the earlier days' articles ({"id", "matches": [...]} a line), then saves the index atomically: a crash
    /// or kill at any moment leaves either the old or the new index.
    #[command(after_help = concat!(
        "Example:\n  bilingual-dedup run --index feed.bdix --input today.jsonl --output today-matches.jsonl\n\n",
        "Exit status: 0 ok; 1 a line was skipped under --strict; 2 usage or I/O error, or an\n",
        "index file that does not load (it is then left untouched)."
    ))]
    Run(RunArgs),
    /// Compare two articles and explain the verdict.
    ///
    /// Each file is a JSON article (an object with `id`, `text`, ...) or plain text (its
    /// language is detected, its file name is the id).
    #[command(after_help = concat!(
        "Example:\n  bilingual-dedup compare article-fr.txt article-en.json\n\n",
        "Exit status: 0 ok; 2 usage or I/O error, or an article that cannot be analysed."
    ))]
    Compare(CompareArgs),
}

#[derive(Args, Debug)]
struct Engine {
    /// Score at which two articles in different languages are the same event.
    #[arg(long, value_name = "T", default_value_t = bilingual_dedup::DEFAULT_SAME_EVENT)]
    threshold: f32,
    /// Score at which two articles in the same language are the same event.
    #[arg(long, value_name = "T", default_value_t = bilingual_dedup::DEFAULT_SAME_EVENT_SAME_LANGUAGE)]
    same_language_threshold: f32,
}

impl Engine {
    fn build(&self) -> Result<Dedup, jobs::Failure> {
        Dedup::builder()
            .same_event_threshold(self.threshold)
            .same_language_threshold(self.same_language_threshold)
            .build()
            .map_err(|e| jobs::Failure::from_error("", &e))
    }
}

#[derive(Args, Debug)]
struct Feed {
    /// Exit with status 1 when a line is skipped (all good lines are still processed).
    #[arg(long)]
    strict: bool,
    /// Keep lines with invalid UTF-8, replacing the bad bytes by U+FFFD, instead of skipping
    /// them.
    #[arg(long)]
    lossy: bool,
    /// Matches written per article.
    #[arg(long, value_name = "K", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    top: u32,
    /// No progress bar (it is shown on stderr only when stderr is a terminal).
    #[arg(long)]
    quiet: bool,
}

impl Feed {
    fn options(&self) -> FeedOptions {
        FeedOptions {
            lossy: self.lossy,
            strict: self.strict,
        }
    }
}

#[derive(Args, Debug)]
struct DedupArgs {
    /// Articles, one JSON object a line (`-`: standard input).
    #[arg(long, short, value_name = "FILE", default_value = "-")]
    input: String,
    /// Where the matches go (`-`: standard output).
    #[arg(long, short, value_name = "FILE", default_value = "-")]
    output: String,
    /// Print the time of each phase on stderr (read/parse, fingerprint, index, candidates,
    /// compare, cluster, write), with items/s and MiB/s.
    #[arg(long)]
    timings: bool,
    #[command(flatten)]
    feed: Feed,
    #[command(flatten)]
    engine: Engine,
}

#[derive(Args, Debug)]
struct RunArgs {
    /// The index file: loaded when it exists, saved back atomically.
    #[arg(long, value_name = "STATE")]
    index: PathBuf,
    /// Today's articles, one JSON object a line (`-`: standard input).
    #[arg(long, short, value_name = "FILE")]
    input: String,
    /// Where the new articles' matches go (`-`: standard output).
    #[arg(long, short, value_name = "FILE", default_value = "-")]
    output: String,
    #[command(flatten)]
    feed: Feed,
    #[command(flatten)]
    engine: Engine,
}

#[derive(Args, Debug)]
struct CompareArgs {
    /// The first article (JSON or plain text).
    a: PathBuf,
    /// The second article (JSON or plain text).
    b: PathBuf,
    #[command(flatten)]
    engine: Engine,
}

fn main() -> ExitCode {
    let cli = Cli::parse(); // usage errors exit with status 2
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<u8, jobs::Failure> {
    match cli.command {
        Command::Dedup(a) => {
            let engine = a.engine.build()?;
            let job = DedupJob {
                input: Source::parse(&a.input),
                output: Sink::parse(&a.output),
                top: a.feed.top as usize,
                feed: a.feed.options(),
                timings: a.timings,
                progress: !a.feed.quiet,
            };
            let (_, _, outcome) = jobs::dedup(&engine, &job)?;
            Ok(outcome.exit_code())
        }
        Command::Run(a) => {
            let engine = a.engine.build()?;
            let job = RunJob {
                index: a.index,
                input: Source::parse(&a.input),
                output: Sink::parse(&a.output),
                top: a.feed.top as usize,
                feed: a.feed.options(),
                progress: !a.feed.quiet,
            };
            Ok(jobs::run(&engine, &job)?.exit_code())
        }
        Command::Compare(a) => {
            let engine = a.engine.build()?;
            jobs::compare(&engine, &a.a, &a.b, std::io::stdout().lock())?;
            Ok(0)
        }
    }
}
