"""Tell when a French and an English news article describe the same event.

Python bindings of the Rust crate ``bilingual-dedup``: every call runs the crate's code
(cleaning, language detection, tokenizing, stemming, the French-English bridge, MinHash
fingerprints, comparison, the LSH index and clustering). Batch calls (``Dedup.run``,
``Dedup.run_jsonl``, ``Dedup.fingerprint_many``, ``Dedup.cluster``, ``Index.insert_many``, ``Index.query_many``, ``Index.cluster``) release the
GIL and run on all cores.

>>> from bilingual_dedup import Dedup
>>> dedup = Dedup()
>>> fr = dedup.fingerprint("fr-1", "Le groupe Inetum a signé à Rabat un accord pour créer "
...     "1.500 emplois d'ici 2027.", "Inetum va créer 1.500 emplois au Maroc", lang="fr")
>>> en = dedup.fingerprint("en-1", "Inetum signed an agreement in Rabat to create 1,500 jobs "
...     "by 2027.", "Inetum to create 1,500 jobs in Morocco")
>>> dedup.compare(fr, en).verdict
'same_event'
"""

from ._native import (
    FORMAT_VERSION,
    MAX_FOLLOW,
    MAX_KEY_CANDIDATES,
    MAX_POSTING,
    TELLING_WEIGHT,
    Dedup,
    DedupError,
    DuplicateIdError,
    EmptyTextError,
    Fingerprint,
    FormatError,
    Hit,
    IncompatibleError,
    Index,
    InvalidParameterError,
    Job,
    Match,
    StorageError,
    TooLargeError,
    UnsupportedLanguageError,
    key_candidates,
    key_weight,
    posting_pairs,
)

__all__ = [
    "FORMAT_VERSION",
    "MAX_FOLLOW",
    "MAX_KEY_CANDIDATES",
    "MAX_POSTING",
    "TELLING_WEIGHT",
    "Dedup",
    "DedupError",
    "DuplicateIdError",
    "EmptyTextError",
    "Fingerprint",
    "FormatError",
    "Hit",
    "IncompatibleError",
    "Index",
    "InvalidParameterError",
    "Job",
    "Match",
    "StorageError",
    "TooLargeError",
    "UnsupportedLanguageError",
    "key_candidates",
    "key_weight",
    "posting_pairs",
]
