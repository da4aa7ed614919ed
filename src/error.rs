//! The crate's error type: an opaque [`Error`] wrapping a `#[non_exhaustive]` [`ErrorKind`].

use std::fmt;
use std::path::{Path, PathBuf};

/// A specialised `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from analysing, fingerprinting, comparing or indexing articles.
///
/// The error is a small opaque box (one pointer wide, so `Result`s stay cheap); inspect it with
/// [`Error::kind`] and [`Error::path`].
///
/// Its `Display` is one sentence about this crate's part (naming the file when a file was
/// involved); the cause below it, an I/O or JSON error, is its [`source`](std::error::Error::source),
/// never repeated in the message, so reporters that print the chain (anyhow, eyre) show each
/// message once. Its `Debug` is meant for people too: the message, then the chain of causes,
/// which is what `fn main() -> Result<(), Box<dyn std::error::Error>>` prints on failure
/// (`{:#?}` gives the structure).
///
/// ```
/// use bilingual_dedup::{Dedup, ErrorKind, Index};
/// let dedup = Dedup::builder().build()?;
/// let e = Index::load(&dedup, "no/such/index.bdix").unwrap_err();
/// assert!(matches!(e.kind(), ErrorKind::Io(_)));
/// assert_eq!(e.path().unwrap().to_str(), Some("no/such/index.bdix"));
/// assert_eq!(e.to_string(), "no/such/index.bdix: I/O error");
/// assert!(std::error::Error::source(&e).is_some()); // "No such file or directory (os error 2)"
/// # Ok::<(), bilingual_dedup::Error>(())
/// ```
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    path: Option<PathBuf>,
}

/// What went wrong. New variants may be added in minor releases.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The article has no words at all after cleaning (empty text, punctuation, binary junk).
    #[error("article {id:?} has no words to analyse")]
    EmptyText {
        /// Id of the offending article.
        id: String,
    },
    /// The article is not French or English, or its language could not be told.
    #[error("article {id:?}: unsupported or undetermined language ({detail})")]
    UnsupportedLanguage {
        /// Id of the offending article.
        id: String,
        /// What the detector saw, for a person to read.
        detail: String,
    },
    /// The article exceeds the configured maximum size.
    #[error("article {id:?} is {len} bytes, above the limit of {max} bytes")]
    TooLarge {
        /// Id of the offending article.
        id: String,
        /// Size of its title and body in bytes.
        len: usize,
        /// The configured limit ([`crate::DedupBuilder::max_article_bytes`]).
        max: usize,
    },
    /// A builder parameter is out of range.
    #[error("invalid parameter {name}: {reason}")]
    InvalidParameter {
        /// The parameter's name.
        name: &'static str,
        /// Why it was refused.
        reason: String,
    },
    /// Two fingerprints (or a fingerprint and an index) were made by different format versions
    /// or configurations and cannot be compared meaningfully.
    #[error("incompatible fingerprints: {0}")]
    Incompatible(String),
    /// An id is already present in an index.
    #[error("id {0:?} is already in the index")]
    DuplicateId(String),
    /// Serialized data (a fingerprint, an index file) is malformed, truncated or corrupt.
    #[error("malformed data: {0}")]
    Format(String),
    /// JSON (de)serialization failed; the serde error (with its line and column) is the
    /// error's source.
    #[error("malformed JSON")]
    Json(#[source] serde_json::Error),
    /// An I/O operation failed; the I/O error is the error's source, and [`Error::path`] names
    /// the file when there was one.
    #[error("I/O error")]
    Io(#[source] std::io::Error),
}

impl Error {
    /// The kind of error.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Unwraps the kind of error.
    pub fn into_kind(self) -> ErrorKind {
        self.0.kind
    }

    /// The file the error concerns, if any (index files, labelled data).
    pub fn path(&self) -> Option<&Path> {
        self.0.path.as_deref()
    }

    /// The error, naming `path` as the file concerned.
    pub(crate) fn at(mut self, path: &Path) -> Self {
        self.0.path = Some(path.to_owned());
        self
    }

    pub(crate) fn format(msg: impl Into<String>) -> Self {
        ErrorKind::Format(msg.into()).into()
    }

    pub(crate) fn param(name: &'static str, reason: impl Into<String>) -> Self {
        ErrorKind::InvalidParameter {
            name,
            reason: reason.into(),
        }
        .into()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.0.path {
            write!(f, "{}: ", p.display())?;
        }
        fmt::Display::fmt(&self.0.kind, f)
    }
}

impl fmt::Debug for Error {
    /// The message and its causes, for a person (`{:#?}`: the structure).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return f
                .debug_struct("Error")
                .field("kind", &self.0.kind)
                .field("path", &self.0.path)
                .finish();
        }
        write!(f, "{self}")?;
        let mut cause = std::error::Error::source(self);
        if cause.is_some() {
            f.write_str("\n\nCaused by:")?;
        }
        while let Some(c) = cause {
            write!(f, "\n    {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0.kind)
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error(Box::new(Inner { kind, path: None }))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        ErrorKind::Io(e).into()
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        ErrorKind::Json(e).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_one_pointer() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn the_chain_never_repeats_a_message() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let e = Error::from(io).at(Path::new("x/index.bdix"));
        let mut chain = vec![e.to_string()];
        let mut c = std::error::Error::source(&e);
        while let Some(x) = c {
            chain.push(x.to_string());
            c = x.source();
        }
        assert_eq!(chain, ["x/index.bdix: I/O error", "no such file"]);
        for (i, a) in chain.iter().enumerate() {
            for b in &chain[i + 1..] {
                assert!(!a.contains(b.as_str()), "{a:?} repeats {b:?}");
            }
        }
        assert_eq!(
            format!("{e:?}"),
            "x/index.bdix: I/O error\n\nCaused by:\n    no such file"
        );
        assert!(format!("{e:#?}").contains("NotFound"));
        let j: Error = serde_json::from_str::<u8>("[").unwrap_err().into();
        assert_eq!(j.to_string(), "malformed JSON");
        assert!(std::error::Error::source(&j)
            .unwrap()
            .to_string()
            .contains("line 1"));
    }

    #[test]
    fn display_names_the_article() {
        let e: Error = ErrorKind::EmptyText { id: "a1".into() }.into();
        assert_eq!(e.to_string(), "article \"a1\" has no words to analyse");
        assert!(matches!(e.kind(), ErrorKind::EmptyText { .. }));
    }
}
