"""Type stubs of the Rust extension ``bilingual_dedup._native`` (re-exported by the package)."""

from os import PathLike
from typing import Any, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, Union

Verdict = Literal["same_event", "related", "different"]
LangCode = str  # "fr", "en", or any code the crate accepts ("fr-CA", "en_GB", "english")
Article = Mapping[str, Any]  # id (str | int), text (or body), title?, lang?, published?

FORMAT_VERSION: int
MAX_POSTING: int
MAX_FOLLOW: int
MAX_KEY_CANDIDATES: int
TELLING_WEIGHT: int

class DedupError(Exception):
    """An error of bilingual-dedup, with the crate's message."""

    kind: str
    """The crate's error kind: "empty_text", "unsupported_language", "too_large",
    "invalid_parameter", "incompatible", "duplicate_id", "format", "json", "io"."""
    article_id: Optional[str]
    """The article the error is about, when there is one."""

class EmptyTextError(DedupError): ...
class UnsupportedLanguageError(DedupError): ...
class TooLargeError(DedupError): ...
class InvalidParameterError(DedupError): ...
class IncompatibleError(DedupError): ...
class DuplicateIdError(DedupError): ...
class FormatError(DedupError): ...
class StorageError(DedupError): ...

class Fingerprint:
    """The fingerprint of one article (immutable, picklable)."""

    @property
    def id(self) -> str: ...
    @property
    def lang(self) -> Literal["fr", "en"]: ...
    @property
    def published(self) -> Optional[int]:
        """Publication day (days since 1970-01-01), or None."""
    @property
    def lead_kinds(self) -> List[str]:
        """Kinds of happening its title and lead name ("quake", "strike", "trial", ...)."""
    @property
    def version(self) -> int: ...
    @property
    def signature(self) -> List[int]: ...
    @property
    def feature_count(self) -> int: ...
    @property
    def entities(self) -> List[Dict[str, Any]]:
        """Dicts with key, kind, text."""
    @property
    def numbers(self) -> List[Dict[str, Any]]:
        """Dicts with kind, value, unit, text."""
    @property
    def params(self) -> Dict[str, int]:
        """num_hashes, seed, data."""
    def to_bytes(self) -> bytes:
        """The crate's checksummed binary form."""
    @staticmethod
    def from_bytes(data: bytes) -> "Fingerprint":
        """Raises FormatError (corrupt, truncated, foreign) or IncompatibleError (version)."""
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(text: str) -> "Fingerprint": ...
    def __eq__(self, other: object) -> bool: ...

class Match:
    """The result of comparing two fingerprints."""

    @property
    def score(self) -> float: ...
    @property
    def verdict(self) -> Verdict: ...
    @property
    def same_event(self) -> bool: ...
    @property
    def explanation(self) -> Dict[str, Any]:
        """components, shared_entities, shared_numbers, conflicts, shared_kinds, outside_event_window, carried_by."""
    @property
    def text(self) -> str:
        """Verdict, score and evidence for a person to read (also ``str(match)``)."""

class Hit:
    """A scored hit of an index query."""

    @property
    def id(self) -> str: ...
    @property
    def lang(self) -> Literal["fr", "en"]: ...
    @property
    def score(self) -> float: ...
    @property
    def verdict(self) -> Verdict: ...

class Dedup:
    """The configured engine; keyword arguments are the crate's builder options.

    Raises InvalidParameterError for an option out of range.
    """

    def __init__(
        self,
        *,
        num_hashes: int = 128,
        seed: int = ...,
        bands: int = 16,
        same_event_threshold: float = 0.45,
        same_language_threshold: float = 0.96,
        related_threshold: float = 0.1,
        event_window_days: Optional[int] = 7,
        max_article_bytes: int = 16 << 20,
    ) -> None: ...
    @property
    def bands(self) -> int: ...
    @property
    def params(self) -> Dict[str, int]: ...
    @property
    def thresholds(self) -> Dict[str, Any]: ...
    def fingerprint(
        self,
        id: str,
        text: str,
        title: str = "",
        *,
        lang: Optional[LangCode] = None,
        published: Optional[str] = None,
    ) -> Fingerprint:
        """Raises EmptyTextError, UnsupportedLanguageError, TooLargeError."""
    def fingerprint_many(
        self, articles: Sequence[Article], *, errors: Literal["raise", "return"] = "raise"
    ) -> List[Union[Fingerprint, DedupError]]:
        """In parallel, GIL released; with errors="return" an exception takes a failed
        article's place."""
    def compare(self, a: Fingerprint, b: Fingerprint) -> Match:
        """Raises IncompatibleError."""
    def cluster(self, fingerprints: Sequence[Fingerprint]) -> List[List[str]]:
        """Events as lists of ids (parallel, GIL released). Raises IncompatibleError,
        DuplicateIdError."""
    def run(self, articles: Sequence[Article], *, top_k: int = 5) -> "Job":
        """The whole job (fingerprint, index, best matches, clusters), GIL released; articles
        that fail are in Job.failed. Raises TypeError, ValueError for a malformed article."""
    def run_jsonl(self, path: Union[str, "PathLike[str]"], *, top_k: int = 5) -> "Job":
        """The whole job from a JSON Lines file read in Rust. Raises StorageError when the
        file cannot be opened."""
    def index(self) -> "Index": ...
    def band_keys(self, fp: Fingerprint) -> List[int]: ...
    def posting_keys(self, fp: Fingerprint) -> List[int]: ...
    def cluster_links(
        self, langs: Sequence[LangCode], links: Sequence[Tuple[int, int, float]]
    ) -> List[List[int]]:
        """The index's clustering rule on scored same-event links (positions). Raises
        InvalidParameterError."""

class Job:
    """The result of Dedup.run / Dedup.run_jsonl."""

    @property
    def clusters(self) -> List[List[str]]: ...
    @property
    def ids(self) -> List[str]: ...
    def matches(self) -> Dict[str, List[Hit]]: ...
    def cluster_of(self, id: str) -> Optional[str]: ...
    @property
    def failed(self) -> List[Tuple[int, DedupError]]: ...
    @property
    def bad_lines(self) -> List[Tuple[int, str]]: ...
    @property
    def timings(self) -> List[Tuple[str, float]]: ...
    def __len__(self) -> int: ...

class Index:
    """An incremental LSH index of fingerprints."""

    def insert(self, fp: Fingerprint) -> None: ...
    def insert_many(self, fingerprints: Sequence[Fingerprint]) -> None: ...
    def query(self, fp: Fingerprint, top_k: int = 10, min_score: float = 0.0) -> List[Hit]: ...
    def query_many(
        self, fingerprints: Sequence[Fingerprint], top_k: int = 10, min_score: float = 0.0
    ) -> List[List[Hit]]: ...
    def remove(self, id: str) -> bool: ...
    def expire_before(self, day: Union[int, str]) -> int: ...
    def cluster(self) -> List[List[str]]: ...
    def save(self, path: Union[str, PathLike]) -> None: ...
    @classmethod
    def load(cls, dedup: Dedup, path: Union[str, PathLike]) -> "Index": ...
    def stats(self) -> Dict[str, int]: ...
    def __len__(self) -> int: ...
    def __contains__(self, id: str) -> bool: ...

def posting_pairs(holders: Sequence[int]) -> List[Tuple[int, int, int]]:
    """(query, holder, weight) rows of one posting list, bounded as the index bounds them."""

def key_candidates(query: int, reached: Sequence[Tuple[int, int]]) -> List[int]:
    """The articles a query re-scores among those reached through posting keys."""

def key_weight(holders: int) -> int:
    """Evidence of a key held by `holders` articles, in 1/256 bits."""
