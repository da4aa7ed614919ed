//! The crate's error type: an opaque [`Error`] wrapping a `#[non_exhaustive]` [`ErrorKind`].

use std::fmt;

/// A specialised `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from analysing, fingerprinting, comparing or indexing articles.
///
/// The error is a small opaque box (one pointer wide, so `Result`s stay cheap); inspect it with
/// [`Error::kind`].
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

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
    /// JSON (de)serialization failed.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// An I/O operation failed.
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// The kind of error.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// Unwraps the kind of error.
    pub fn into_kind(self) -> ErrorKind {
        *self.0
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
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.0 {
            ErrorKind::Json(e) => Some(e),
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl<E: Into<ErrorKind>> From<E> for Error {
    fn from(e: E) -> Self {
        Error(Box::new(e.into()))
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
    fn display_names_the_article() {
        let e: Error = ErrorKind::EmptyText { id: "a1".into() }.into();
        assert_eq!(e.to_string(), "article \"a1\" has no words to analyse");
        assert!(matches!(e.kind(), ErrorKind::EmptyText { .. }));
    }
}
