//! Python bindings of `bilingual-dedup` (module `bilingual_dedup._native`, re-exported by the
//! `bilingual_dedup` package). Every call goes to the crate: nothing here tokenizes, hashes,
//! scores or clusters. Batch calls (`run`, `run_jsonl`, `fingerprint_many`, `cluster`, `Index.insert_many`,
//! `Index.query_many`, `Index.cluster`) release the GIL and run on rayon.

use std::str::FromStr;

use bilingual_dedup as bd;
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyType};

create_exception!(
    bilingual_dedup,
    DedupError,
    PyException,
    "An error of bilingual-dedup; `kind` names the crate's error kind, `article_id` the article when there is one."
);
create_exception!(
    bilingual_dedup,
    EmptyTextError,
    DedupError,
    "The article has no words to analyse."
);
create_exception!(
    bilingual_dedup,
    UnsupportedLanguageError,
    DedupError,
    "The article is neither French nor English, or its language could not be told."
);
create_exception!(
    bilingual_dedup,
    TooLargeError,
    DedupError,
    "The article exceeds the size limit."
);
create_exception!(
    bilingual_dedup,
    InvalidParameterError,
    DedupError,
    "A parameter is out of range."
);
create_exception!(
    bilingual_dedup,
    IncompatibleError,
    DedupError,
    "Fingerprints or an index of another format version or configuration."
);
create_exception!(
    bilingual_dedup,
    DuplicateIdError,
    DedupError,
    "An id is already in the index."
);
create_exception!(
    bilingual_dedup,
    FormatError,
    DedupError,
    "Malformed, truncated or corrupt data (binary fingerprint, index file, JSON)."
);
create_exception!(
    bilingual_dedup,
    StorageError,
    DedupError,
    "An I/O operation failed."
);

/// The crate's error as a Python exception of the matching class, with the crate's message,
/// `kind` (`"empty_text"`, `"unsupported_language"`, `"too_large"`, `"invalid_parameter"`,
/// `"incompatible"`, `"duplicate_id"`, `"format"`, `"json"`, `"io"`) and `article_id`.
fn py_err(py: Python<'_>, e: bd::Error) -> PyErr {
    py_err_of(py, &e)
}

/// [`py_err`] of a borrowed error.
fn py_err_of(py: Python<'_>, e: &bd::Error) -> PyErr {
    let msg = e.to_string();
    let (err, kind, id) = match e.kind() {
        bd::ErrorKind::EmptyText { id } => {
            (EmptyTextError::new_err(msg), "empty_text", Some(id.clone()))
        }
        bd::ErrorKind::UnsupportedLanguage { id, .. } => (
            UnsupportedLanguageError::new_err(msg),
            "unsupported_language",
            Some(id.clone()),
        ),
        bd::ErrorKind::TooLarge { id, .. } => {
            (TooLargeError::new_err(msg), "too_large", Some(id.clone()))
        }
        bd::ErrorKind::InvalidParameter { .. } => (
            InvalidParameterError::new_err(msg),
            "invalid_parameter",
            None,
        ),
        bd::ErrorKind::Incompatible(_) => (IncompatibleError::new_err(msg), "incompatible", None),
        bd::ErrorKind::DuplicateId(id) => (
            DuplicateIdError::new_err(msg),
            "duplicate_id",
            Some(id.clone()),
        ),
        bd::ErrorKind::Format(_) => (FormatError::new_err(msg), "format", None),
        bd::ErrorKind::Json(_) => (FormatError::new_err(msg), "json", None),
        bd::ErrorKind::Io(_) => (StorageError::new_err(msg), "io", None),
        _ => (DedupError::new_err(msg), "other", None),
    };
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail in practice; if it did,
    // the exception would still carry the class and message.
    let _ = value.setattr("kind", kind);
    let _ = value.setattr("article_id", id);
    err
}

/// `Result<T, bd::Error>` into `PyResult<T>`.
trait OrRaise<T> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrRaise<T> for bd::Result<T> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| py_err(py, e))
    }
}

/// A JSON value (from the crate's serde types) as Python data.
fn to_py(py: Python<'_>, v: &serde_json::Value) -> PyResult<Py<PyAny>> {
    Ok(match v {
        serde_json::Value::Null => py.None(),
        serde_json::Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any().unbind(),
            (None, Some(f)) => f.into_pyobject(py)?.into_any().unbind(),
            (None, None) => py.None(),
        },
        serde_json::Value::String(s) => s.into_pyobject(py)?.into_any().unbind(),
        serde_json::Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        serde_json::Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, item) in map {
                dict.set_item(k, to_py(py, item)?)?;
            }
            dict.into_any().unbind()
        }
    })
}

fn serde_to_py<T: serde::Serialize>(py: Python<'_>, v: &T) -> PyResult<Py<PyAny>> {
    let json = serde_json::to_value(v).map_err(|e| py_err(py, e.into()))?;
    to_py(py, &json)
}

fn parse_lang(py: Python<'_>, code: &str) -> PyResult<bd::Lang> {
    bd::Lang::from_str(code).or_raise(py)
}

/// An article from a mapping with `id` (str or int), `text` (or `body`), and optional `title`,
/// `lang` and `published` (`YYYY-MM-DD`); other keys are ignored.
fn article_of(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<bd::Article> {
    let d = obj
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err("an article is a dict with 'id' and 'text'"))?;
    let get = |key: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        Ok(d.get_item(key)?.filter(|v| !v.is_none()))
    };
    let id: String = match get("id")? {
        Some(v) if v.is_instance_of::<pyo3::types::PyInt>() => v.extract::<i128>()?.to_string(),
        Some(v) => v
            .extract()
            .map_err(|_| PyTypeError::new_err("article 'id' must be a str or an int"))?,
        None => return Err(PyValueError::new_err("article has no 'id'")),
    };
    let body: String = match get("text")?.or(get("body")?) {
        Some(v) => v
            .extract()
            .map_err(|_| PyTypeError::new_err(format!("article {id:?}: 'text' must be a str")))?,
        None => {
            return Err(PyValueError::new_err(format!(
                "article {id:?} has no 'text'"
            )))
        }
    };
    let title: String = match get("title")? {
        Some(v) => v.extract()?,
        None => String::new(),
    };
    let mut a = bd::Article::new(id, title, body);
    if let Some(v) = get("lang")? {
        a = a.lang(parse_lang(py, &v.extract::<String>()?)?);
    }
    if let Some(v) = get("published")? {
        a = a.published(v.extract::<String>()?);
    }
    Ok(a)
}

/// Days since 1970-01-01 of a date given as a day number or as `YYYY-MM-DD`.
fn day_of(obj: &Bound<'_, PyAny>) -> PyResult<i32> {
    if let Ok(day) = obj.extract::<i32>() {
        return Ok(day);
    }
    let s: String = obj.extract().map_err(|_| {
        PyTypeError::new_err("a day is an int (days since 1970-01-01) or 'YYYY-MM-DD'")
    })?;
    bd::Article::new("", "", "")
        .published(s.clone())
        .published_day()
        .ok_or_else(|| PyValueError::new_err(format!("{s:?} is not a YYYY-MM-DD date")))
}

/// The fingerprint of one article (immutable). `to_bytes()` / `from_bytes()` give the
/// crate's checksummed binary form, so fingerprints can travel between processes and
/// machines; pickling uses it too.
#[pyclass(frozen, module = "bilingual_dedup", name = "Fingerprint")]
struct PyFingerprint {
    inner: bd::Fingerprint,
}

#[pymethods]
impl PyFingerprint {
    /// The article id.
    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }
    /// The article language: "fr" or "en".
    #[getter]
    fn lang(&self) -> &'static str {
        self.inner.lang().code()
    }
    /// Publication day (days since 1970-01-01), or None.
    #[getter]
    fn published(&self) -> Option<i32> {
        self.inner.published()
    }
    /// The kinds of happening its title and lead name ("quake", "strike", "trial", ...).
    #[getter]
    fn lead_kinds(&self) -> Vec<&'static str> {
        self.inner.lead_kind_names()
    }
    /// The format version.
    #[getter]
    fn version(&self) -> u32 {
        self.inner.version()
    }
    /// The MinHash signature.
    #[getter]
    fn signature(&self) -> Vec<u32> {
        self.inner.signature().to_vec()
    }
    /// Number of distinct features hashed into the signature.
    #[getter]
    fn feature_count(&self) -> u32 {
        self.inner.feature_count()
    }
    /// The entities kept: dicts with `key`, `kind`, `text`.
    #[getter]
    fn entities(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        serde_to_py(py, &self.inner.entities())
    }
    /// The numbers kept: dicts with `kind`, `value`, `unit`, `text`.
    #[getter]
    fn numbers(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        serde_to_py(py, &self.inner.numbers())
    }
    /// The parameters it was made with: dict with `num_hashes`, `seed`, `data`.
    #[getter]
    fn params(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        serde_to_py(py, &self.inner.params())
    }

    /// The crate's binary form (magic `BDFP`, version, parameters, fields, checksum).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_bytes())
    }

    /// Parses the binary form made by `to_bytes()`.
    ///
    /// Raises FormatError for truncated, corrupt or foreign data, IncompatibleError for
    /// another format version.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &[u8]) -> PyResult<Self> {
        Ok(PyFingerprint {
            inner: bd::Fingerprint::from_bytes(data).or_raise(py)?,
        })
    }

    /// JSON text of the fingerprint.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        self.inner.to_json().or_raise(py)
    }

    /// Parses a fingerprint from JSON (FormatError when malformed).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        Ok(PyFingerprint {
            inner: bd::Fingerprint::from_json(text).or_raise(py)?,
        })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyFingerprint>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Fingerprint(id={:?}, lang={:?}, features={})",
            self.inner.id(),
            self.inner.lang().code(),
            self.inner.feature_count()
        )
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let py = slf.py();
        let from_bytes = slf.get_type().getattr("from_bytes")?;
        Ok((from_bytes, (PyBytes::new(py, &slf.get().inner.to_bytes()),)))
    }
}

/// The result of comparing two fingerprints: `score`, `verdict`, and the `explanation` as data
/// (a dict) and as text (`str(match)` or `text`).
#[pyclass(frozen, module = "bilingual_dedup", name = "Match")]
struct PyMatch {
    inner: bd::Match,
}

#[pymethods]
impl PyMatch {
    /// Score in [0, 1].
    #[getter]
    fn score(&self) -> f32 {
        self.inner.score()
    }
    /// "same_event", "related" or "different".
    #[getter]
    fn verdict(&self) -> &'static str {
        self.inner.verdict().as_str()
    }
    /// True when the verdict is "same_event".
    #[getter]
    fn same_event(&self) -> bool {
        self.inner.verdict() == bd::Verdict::SameEvent
    }
    /// The evidence as data: `components` (the signals, see `compare::Components`),
    /// `shared_entities`, `shared_numbers`, `conflicts`, `shared_kinds` (kinds of happening
    /// both leads name), `outside_event_window`, and
    /// `carried_by` (the signals that moved the score most, each `{signal, logit}`).
    #[getter]
    fn explanation(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        serde_to_py(py, self.inner.explanation())
    }
    /// The verdict, score and evidence as text for a person to read.
    #[getter]
    fn text(&self) -> String {
        self.inner.to_string()
    }
    fn __str__(&self) -> String {
        self.inner.to_string()
    }
    fn __repr__(&self) -> String {
        format!(
            "Match(verdict={:?}, score={:.4})",
            self.inner.verdict().as_str(),
            self.inner.score()
        )
    }
}

/// A scored hit of an index query.
#[pyclass(frozen, module = "bilingual_dedup", name = "Hit")]
struct PyHit {
    /// Id of the indexed article.
    #[pyo3(get)]
    id: String,
    /// Its language.
    #[pyo3(get)]
    lang: &'static str,
    /// Score in [0, 1].
    #[pyo3(get)]
    score: f32,
    /// "same_event", "related" or "different".
    #[pyo3(get)]
    verdict: &'static str,
}

#[pymethods]
impl PyHit {
    fn __repr__(&self) -> String {
        format!(
            "Hit(id={:?}, lang={:?}, score={:.4}, verdict={:?})",
            self.id, self.lang, self.score, self.verdict
        )
    }
}

impl From<bd::Hit> for PyHit {
    fn from(h: bd::Hit) -> Self {
        PyHit {
            id: h.id,
            lang: h.lang.code(),
            score: h.score,
            verdict: h.verdict.as_str(),
        }
    }
}

fn clusters_to_py(clusters: Vec<bd::Cluster>) -> Vec<Vec<String>> {
    clusters.into_iter().map(|c| c.ids).collect()
}

fn fingerprints_of(fps: &[Bound<'_, PyFingerprint>]) -> Vec<bd::Fingerprint> {
    fps.iter().map(|f| f.get().inner.clone()).collect()
}

/// The result of `Dedup.run` or `Dedup.run_jsonl`: clusters, each article's best matches,
/// what failed, and the time of each phase.
#[pyclass(frozen, module = "bilingual_dedup", name = "Job")]
struct PyJob {
    batch: bd::Batch,
}

#[pymethods]
impl PyJob {
    /// The events: lists of ids (each sorted), ordered by their first id, as `Dedup.cluster`
    /// gives them.
    #[getter]
    fn clusters(&self) -> Vec<Vec<String>> {
        self.batch
            .clusters()
            .iter()
            .map(|c| c.ids.clone())
            .collect()
    }

    /// The ids of the articles indexed, in input order.
    #[getter]
    fn ids(&self) -> Vec<String> {
        self.batch.articles().map(|(id, _)| id.to_owned()).collect()
    }

    /// Each article's best matches among the others (`Hit`s, best first), by id.
    fn matches<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for ((id, _), hits) in self.batch.articles().zip(self.batch.hits()) {
            let hits: Vec<PyHit> = hits.iter().cloned().map(PyHit::from).collect();
            out.set_item(id, hits)?;
        }
        Ok(out)
    }

    /// The label of an article's cluster (its smallest id), or None when it was not indexed.
    fn cluster_of(&self, id: &str) -> Option<String> {
        self.batch.cluster_label(id).map(str::to_owned)
    }

    /// The articles left out: `(position, exception)`, the position being the index in the
    /// list given to `Dedup.run` or the 1-based line number for `Dedup.run_jsonl`.
    #[getter]
    fn failed(&self, py: Python<'_>) -> Vec<(usize, Py<PyAny>)> {
        self.batch
            .failed()
            .iter()
            .map(|(at, e)| (*at, py_err_of(py, e).into_value(py).into_any()))
            .collect()
    }

    /// The lines of a JSON Lines input that gave no article: `(line, reason)`.
    #[getter]
    fn bad_lines(&self) -> Vec<(usize, String)> {
        self.batch
            .bad_lines()
            .iter()
            .map(|b| (b.line, b.reason.clone()))
            .collect()
    }

    /// Wall time of each phase in seconds, by phase name (`read`, `fingerprint`, `index`,
    /// `candidates`, `compare`, `cluster`).
    #[getter]
    fn timings(&self) -> Vec<(&'static str, f64)> {
        self.batch
            .timings()
            .iter()
            .map(|t| (t.phase.name(), t.elapsed.as_secs_f64()))
            .collect()
    }

    fn __len__(&self) -> usize {
        self.batch.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Job(articles={}, clusters={}, failed={})",
            self.batch.len(),
            self.batch.clusters().len(),
            self.batch.failed().len()
        )
    }
}

/// The configured engine. Keyword arguments are the crate's builder options.
#[pyclass(frozen, module = "bilingual_dedup", name = "Dedup")]
struct PyDedup {
    inner: bd::Dedup,
}

#[pymethods]
impl PyDedup {
    #[new]
    #[pyo3(signature = (
        *,
        num_hashes = bd::DEFAULT_NUM_HASHES,
        seed = bd::DEFAULT_SEED,
        bands = bd::DEFAULT_BANDS,
        same_event_threshold = bd::DEFAULT_SAME_EVENT,
        same_language_threshold = bd::DEFAULT_SAME_EVENT_SAME_LANGUAGE,
        related_threshold = bd::DEFAULT_RELATED,
        event_window_days = Some(bd::DEFAULT_EVENT_WINDOW_DAYS),
        max_article_bytes = bd::DEFAULT_MAX_ARTICLE_BYTES,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        num_hashes: usize,
        seed: u64,
        bands: usize,
        same_event_threshold: f32,
        same_language_threshold: f32,
        related_threshold: f32,
        event_window_days: Option<u32>,
        max_article_bytes: usize,
    ) -> PyResult<Self> {
        let inner = bd::Dedup::builder()
            .num_hashes(num_hashes)
            .seed(seed)
            .bands(bands)
            .same_event_threshold(same_event_threshold)
            .same_language_threshold(same_language_threshold)
            .related_threshold(related_threshold)
            .event_window_days(event_window_days)
            .max_article_bytes(max_article_bytes)
            .build()
            .or_raise(py)?;
        Ok(PyDedup { inner })
    }

    /// Number of LSH bands of the index.
    #[getter]
    fn bands(&self) -> usize {
        self.inner.bands()
    }
    /// The parameters fingerprints made by this engine carry (`num_hashes`, `seed`, `data`).
    #[getter]
    fn params(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        serde_to_py(py, &self.inner.params())
    }
    /// The verdict thresholds (`same_event`, `same_event_same_language`, `related`,
    /// `event_window_days`).
    #[getter]
    fn thresholds(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        serde_to_py(py, &self.inner.thresholds())
    }

    /// Fingerprints one article. `lang` ("fr", "en", "fr-CA", ...) skips detection;
    /// `published` is `YYYY-MM-DD`.
    ///
    /// Raises EmptyTextError, UnsupportedLanguageError or TooLargeError.
    #[pyo3(signature = (id, text, title = "", *, lang = None, published = None))]
    fn fingerprint(
        &self,
        py: Python<'_>,
        id: String,
        text: String,
        title: &str,
        lang: Option<&str>,
        published: Option<String>,
    ) -> PyResult<PyFingerprint> {
        let mut a = bd::Article::new(id, title, text);
        if let Some(l) = lang {
            a = a.lang(parse_lang(py, l)?);
        }
        if let Some(p) = published {
            a = a.published(p);
        }
        let inner = py.detach(|| self.inner.fingerprint(&a)).or_raise(py)?;
        Ok(PyFingerprint { inner })
    }

    /// Fingerprints many articles in parallel (rayon, GIL released); results in input order.
    /// Each article is a dict with `id`, `text` (or `body`) and optional `title`, `lang`,
    /// `published`. With `errors="raise"` (default) the first failing article (in input order)
    /// raises; with `errors="return"` its exception takes its place in the list.
    #[pyo3(signature = (articles, *, errors = "raise"))]
    fn fingerprint_many(
        &self,
        py: Python<'_>,
        articles: Vec<Bound<'_, PyAny>>,
        errors: &str,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let raise = match errors {
            "raise" => true,
            "return" => false,
            other => {
                return Err(PyValueError::new_err(format!(
                    "errors must be 'raise' or 'return', not {other:?}"
                )))
            }
        };
        let arts = articles
            .iter()
            .map(|a| article_of(py, a))
            .collect::<PyResult<Vec<_>>>()?;
        let results = py.detach(|| self.inner.par_fingerprint(&arts));
        let mut out = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(inner) => out.push(Py::new(py, PyFingerprint { inner })?.into_any()),
                Err(e) if raise => return Err(py_err(py, e)),
                Err(e) => out.push(py_err(py, e).into_value(py).into_any()),
            }
        }
        Ok(out)
    }

    /// Compares two fingerprints.
    ///
    /// Raises IncompatibleError for a fingerprint of another version or configuration.
    fn compare(
        &self,
        py: Python<'_>,
        a: &Bound<'_, PyFingerprint>,
        b: &Bound<'_, PyFingerprint>,
    ) -> PyResult<PyMatch> {
        let inner = self
            .inner
            .compare(&a.get().inner, &b.get().inner)
            .or_raise(py)?;
        Ok(PyMatch { inner })
    }

    /// Groups fingerprints into events: a new index of them, clustered (rayon, GIL released).
    /// Returns lists of ids (each sorted), ordered by their first id.
    ///
    /// Raises IncompatibleError, or DuplicateIdError when two share an id.
    fn cluster(
        &self,
        py: Python<'_>,
        fingerprints: Vec<Bound<'_, PyFingerprint>>,
    ) -> PyResult<Vec<Vec<String>>> {
        let fps = fingerprints_of(&fingerprints);
        let clusters = py.detach(|| self.inner.par_cluster(&fps)).or_raise(py)?;
        Ok(clusters_to_py(clusters))
    }

    /// The whole job on a batch (the crate's `Dedup::run_batch`, GIL released): fingerprints
    /// the articles (dicts as for `fingerprint_many`), indexes them, keeps each one's `top_k`
    /// best matches among the others and clusters them, scoring each candidate pair once.
    /// Returns a `Job`. Articles that cannot be analysed, and later articles with an id already
    /// seen, are left out and listed in `Job.failed`; nothing raises for them.
    ///
    /// Raises TypeError or ValueError when an article is not a dict of the expected fields.
    #[pyo3(signature = (articles, *, top_k = 5))]
    fn run(
        &self,
        py: Python<'_>,
        articles: Vec<Bound<'_, PyAny>>,
        top_k: usize,
    ) -> PyResult<PyJob> {
        let arts = articles
            .iter()
            .map(|a| article_of(py, a))
            .collect::<PyResult<Vec<_>>>()?;
        let batch = py.detach(|| self.inner.run_batch(&arts, top_k));
        Ok(PyJob { batch })
    }

    /// The whole job from a JSON Lines file (the crate's `Dedup::run_jsonl`, GIL released):
    /// the file is read and decoded in Rust, in parallel chunks, and only the index is kept
    /// (about 1 KB an article), not the text. Lines that give no article are in
    /// `Job.bad_lines`; articles that cannot be analysed in `Job.failed` (with their line
    /// number).
    ///
    /// Raises StorageError when the file cannot be opened. (A read error part way is not
    /// raised: the job keeps what it read, and the failed line is in `Job.bad_lines`.)
    #[pyo3(signature = (path, *, top_k = 5))]
    fn run_jsonl(&self, py: Python<'_>, path: std::path::PathBuf, top_k: usize) -> PyResult<PyJob> {
        let file = std::fs::File::open(&path).map_err(|e| {
            let err = StorageError::new_err(format!("{}: {e}", path.display()));
            let _ = err.value(py).setattr("kind", "io");
            let _ = err.value(py).setattr("article_id", py.None());
            err
        })?;
        let mut opts = bd::JobOptions::default();
        opts.top_k = top_k;
        let batch = py.detach(|| self.inner.run_jsonl(std::io::BufReader::new(file), opts));
        Ok(PyJob { batch })
    }

    /// A new, empty index using this engine's configuration.
    fn index(&self) -> PyIndex {
        PyIndex {
            inner: self.inner.index(),
        }
    }

    /// The LSH band keys of a fingerprint, one per band, as the index stores them.
    ///
    /// Raises IncompatibleError.
    fn band_keys(&self, py: Python<'_>, fp: &Bound<'_, PyFingerprint>) -> PyResult<Vec<u32>> {
        self.inner.band_keys(&fp.get().inner).or_raise(py)
    }

    /// The posting keys of a fingerprint's telling names and numbers, sorted.
    ///
    /// Raises IncompatibleError.
    fn posting_keys(&self, py: Python<'_>, fp: &Bound<'_, PyFingerprint>) -> PyResult<Vec<u32>> {
        self.inner.posting_keys(&fp.get().inner).or_raise(py)
    }

    /// The clustering rule of the index on scored same-event links: `langs[i]` is the
    /// language of article `i`, `links` are `(i, j, score)` same-event pairs, each once.
    /// Returns groups of positions (singletons included), each sorted, ordered by first member.
    ///
    /// Raises InvalidParameterError for a position out of range, a self-link, a score outside
    /// [0, 1] or a pair given twice.
    fn cluster_links(
        &self,
        py: Python<'_>,
        langs: Vec<String>,
        links: Vec<(usize, usize, f32)>,
    ) -> PyResult<Vec<Vec<usize>>> {
        let langs = langs
            .iter()
            .map(|l| parse_lang(py, l))
            .collect::<PyResult<Vec<_>>>()?;
        let links: Vec<bd::Link> = links
            .into_iter()
            .map(|(a, b, score)| bd::Link { a, b, score })
            .collect();
        self.inner.cluster_links(&langs, &links).or_raise(py)
    }

    fn __repr__(&self) -> String {
        let p = self.inner.params();
        format!(
            "Dedup(num_hashes={}, bands={})",
            p.num_hashes,
            self.inner.bands()
        )
    }
}

/// An incremental LSH index of fingerprints (from `Dedup.index()` or `Index.load`).
#[pyclass(module = "bilingual_dedup", name = "Index")]
struct PyIndex {
    inner: bd::Index,
}

#[pymethods]
impl PyIndex {
    /// Adds a fingerprint. Raises IncompatibleError or DuplicateIdError (index unchanged).
    fn insert(&mut self, py: Python<'_>, fp: &Bound<'_, PyFingerprint>) -> PyResult<()> {
        self.inner.insert(&fp.get().inner).or_raise(py)
    }

    /// Adds many fingerprints (preparation on rayon, GIL released); all or nothing.
    fn insert_many(
        &mut self,
        py: Python<'_>,
        fingerprints: Vec<Bound<'_, PyFingerprint>>,
    ) -> PyResult<()> {
        let fps = fingerprints_of(&fingerprints);
        let inner = &mut self.inner;
        py.detach(|| inner.par_insert(&fps)).or_raise(py)
    }

    /// The indexed articles most similar to `fp`, best first (at most `top_k`, score at
    /// least `min_score`). Raises IncompatibleError.
    #[pyo3(signature = (fp, top_k = 10, min_score = 0.0))]
    fn query(
        &self,
        py: Python<'_>,
        fp: &Bound<'_, PyFingerprint>,
        top_k: usize,
        min_score: f32,
    ) -> PyResult<Vec<PyHit>> {
        let hits = self
            .inner
            .query(&fp.get().inner, top_k, min_score)
            .or_raise(py)?;
        Ok(hits.into_iter().map(PyHit::from).collect())
    }

    /// `query` for many fingerprints (rayon, GIL released); results in input order.
    #[pyo3(signature = (fingerprints, top_k = 10, min_score = 0.0))]
    fn query_many(
        &self,
        py: Python<'_>,
        fingerprints: Vec<Bound<'_, PyFingerprint>>,
        top_k: usize,
        min_score: f32,
    ) -> PyResult<Vec<Vec<PyHit>>> {
        let fps = fingerprints_of(&fingerprints);
        let inner = &self.inner;
        let hits = py
            .detach(|| inner.par_query(&fps, top_k, min_score))
            .or_raise(py)?;
        Ok(hits
            .into_iter()
            .map(|h| h.into_iter().map(PyHit::from).collect())
            .collect())
    }

    /// Removes an article; returns whether it was indexed.
    fn remove(&mut self, id: &str) -> bool {
        self.inner.remove(id)
    }

    /// Removes every article published before `day` (days since 1970-01-01, or
    /// `YYYY-MM-DD`); undated articles stay. Returns how many were removed.
    fn expire_before(&mut self, day: &Bound<'_, PyAny>) -> PyResult<usize> {
        Ok(self.inner.expire_before(day_of(day)?))
    }

    /// Groups the indexed articles into events (rayon, GIL released): lists of ids.
    fn cluster(&self, py: Python<'_>) -> Vec<Vec<String>> {
        let inner = &self.inner;
        clusters_to_py(py.detach(|| inner.par_cluster()))
    }

    /// Saves the index (through a temporary file). Raises StorageError.
    fn save(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<()> {
        let inner = &self.inner;
        py.detach(|| inner.save(&path)).or_raise(py)
    }

    /// Loads an index saved by `save`, for this engine's configuration.
    ///
    /// Raises StorageError, FormatError or IncompatibleError.
    #[classmethod]
    fn load(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        dedup: &Bound<'_, PyDedup>,
        path: std::path::PathBuf,
    ) -> PyResult<Self> {
        let d = &dedup.get().inner;
        let inner = py.detach(|| bd::Index::load(d, &path)).or_raise(py)?;
        Ok(PyIndex { inner })
    }

    /// Counters: `len`, `entity_keys`, `links`, `memory_bytes`, `id_bytes`.
    fn stats(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        serde_to_py(py, &self.inner.stats())
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __contains__(&self, id: &str) -> bool {
        self.inner.contains(id)
    }

    fn __repr__(&self) -> String {
        format!("Index(len={})", self.inner.len())
    }
}

/// What one posting list gives (the crate's `Index::posting_pairs`): for the positions of the
/// articles holding a key, `(query, holder, weight)` rows, bounded as the index bounds long
/// lists.
#[pyfunction]
fn posting_pairs(py: Python<'_>, holders: Vec<u64>) -> Vec<(u64, u64, u32)> {
    py.detach(|| bd::Index::posting_pairs(&holders))
}

/// The articles a query at position `query` re-scores among those it reached through its
/// posting keys (the crate's `Index::key_candidates`): `reached` is `(holder, weight)` rows.
#[pyfunction]
fn key_candidates(query: u64, reached: Vec<(u64, u32)>) -> Vec<u64> {
    bd::Index::key_candidates(query, &reached)
}

/// Evidence carried by a posting key held by `holders` articles, in 1/256 bits.
#[pyfunction]
fn key_weight(holders: usize) -> u32 {
    bd::Index::key_weight(holders)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyDedup>()?;
    m.add_class::<PyFingerprint>()?;
    m.add_class::<PyMatch>()?;
    m.add_class::<PyHit>()?;
    m.add_class::<PyIndex>()?;
    m.add_class::<PyJob>()?;
    m.add_function(wrap_pyfunction!(posting_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(key_candidates, m)?)?;
    m.add_function(wrap_pyfunction!(key_weight, m)?)?;
    m.add("DedupError", py.get_type::<DedupError>())?;
    m.add("EmptyTextError", py.get_type::<EmptyTextError>())?;
    m.add(
        "UnsupportedLanguageError",
        py.get_type::<UnsupportedLanguageError>(),
    )?;
    m.add("TooLargeError", py.get_type::<TooLargeError>())?;
    m.add(
        "InvalidParameterError",
        py.get_type::<InvalidParameterError>(),
    )?;
    m.add("IncompatibleError", py.get_type::<IncompatibleError>())?;
    m.add("DuplicateIdError", py.get_type::<DuplicateIdError>())?;
    m.add("FormatError", py.get_type::<FormatError>())?;
    m.add("StorageError", py.get_type::<StorageError>())?;
    m.add("FORMAT_VERSION", bd::FORMAT_VERSION)?;
    m.add("MAX_POSTING", bd::Index::MAX_POSTING)?;
    m.add("MAX_FOLLOW", bd::Index::MAX_FOLLOW)?;
    m.add("MAX_KEY_CANDIDATES", bd::Index::MAX_KEY_CANDIDATES)?;
    m.add("TELLING_WEIGHT", bd::Index::telling_weight())?;
    Ok(())
}
