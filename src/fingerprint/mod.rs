//! The fingerprint layer: [`Fingerprint`], the stored, versioned summary of one article, made
//! from the analysis's keys, with its MinHash signature and its JSON and binary forms.
//!
//! - `build.rs`: from an article's keys (or an [`Analysis`](crate::Analysis)) to a fingerprint;
//! - `minhash.rs`: the frozen MinHash specification;
//! - `codec.rs`: the binary form, and the byte tags of [`Lang`], [`EntityKind`] and
//!   [`NumberKind`] shared with the index file format.

mod build;
pub(crate) mod codec;
mod minhash;

pub(crate) use build::{data_checksum, fingerprint_article};
pub(crate) use minhash::{similarity, MinHasher};

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::extract::{write_number, EntityKind, Number, NumberKind};
use crate::text::Lang;

/// Version of the fingerprint format and feature extraction. Fingerprints of another version
/// are refused by [`Dedup::compare`](crate::Dedup::compare) and the index.
pub const FORMAT_VERSION: u32 = 4;

/// Most entities kept in a fingerprint (the most telling ones).
pub const MAX_ENTITIES: usize = 32;
/// Most numbers kept in a fingerprint (the first ones).
pub const MAX_NUMBERS: usize = 32;

/// The configuration a fingerprint was made with. Two fingerprints are comparable only when
/// their parameters are equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Params {
    /// Number of MinHash permutations (signature length).
    pub num_hashes: u16,
    /// Seed of the MinHash permutations.
    pub seed: u64,
    /// Checksum of the shipped data (stopwords, lexicon, gazetteer) the features came from.
    pub data: u32,
}

/// An entity kept in a fingerprint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityKey {
    /// Canonical key.
    pub key: String,
    /// Type.
    pub kind: EntityKind,
    /// Surface form, for explanations.
    pub text: String,
}

/// A number kept in a fingerprint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NumberKey {
    /// What it measures.
    pub kind: NumberKind,
    /// Normalised value (dates as `yyyymmdd`).
    pub value: f64,
    /// Currency code, counted concept, or empty.
    pub unit: String,
    /// Surface form, for explanations.
    pub text: String,
}

impl NumberKey {
    fn as_number(&self) -> Number {
        Number {
            kind: self.kind,
            value: self.value,
            unit: self.unit.clone(),
            text: String::new(),
        }
    }

    /// The normalised key (see [`Number::key`]): `count:1500`, `money:50000000:mad`, ...
    pub fn key(&self) -> String {
        self.as_number().key()
    }

    /// Display form: `1500 (job)`, `50000000 MAD`, `2.5%`, `2027`, `2023-11-02`.
    pub fn display(&self) -> String {
        let mut s = String::with_capacity(16);
        // Writing to a String cannot fail.
        let _ = write_number(&mut s, self.kind, self.value, &self.unit);
        s
    }
}

/// The fingerprint of one article: a MinHash signature of its language-neutral features plus
/// the entity and number keys used to score and explain a comparison.
///
/// Serialise it with `serde` (e.g. JSON via [`Fingerprint::to_json`]) or the compact binary
/// form ([`Fingerprint::to_bytes`]). Both carry [`FORMAT_VERSION`] and [`Params`].
///
/// # Performance
/// About 0.6–1 KB in memory at the default 128 hashes ([`Fingerprint::size_bytes`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fingerprint {
    pub(crate) version: u32,
    pub(crate) params: Params,
    pub(crate) id: String,
    pub(crate) lang: Lang,
    pub(crate) published: Option<i32>,
    /// Kinds of happening the lead names (bits); absent in JSON of older versions, which
    /// are refused by version anyway.
    #[serde(default)]
    pub(crate) lead_kinds: u64,
    /// Which of `entities` the lead names (bit `r` for rank `r`).
    #[serde(default)]
    pub(crate) lead_entities: u32,
    pub(crate) features: u32,
    pub(crate) signature: Vec<u32>,
    pub(crate) entities: Vec<EntityKey>,
    pub(crate) numbers: Vec<NumberKey>,
}

impl Fingerprint {
    /// The article id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The article language.
    pub fn lang(&self) -> Lang {
        self.lang
    }
    /// Publication day (days since 1970-01-01), if known.
    pub fn published(&self) -> Option<i32> {
        self.published
    }
    /// The kinds of happening (an earthquake, a strike, a trial, a takeover …) its title and
    /// the first 60 words of its body name, as bits: bit `i` for the `i`-th kind of the
    /// shipped table (`data/kinds/event_kinds.tsv`). Names: [`Fingerprint::lead_kind_names`].
    pub fn lead_kinds(&self) -> u64 {
        self.lead_kinds
    }
    /// The names of [`Fingerprint::lead_kinds`] (`"quake"`, `"strike"`, …), in table order.
    pub fn lead_kind_names(&self) -> Vec<&'static str> {
        crate::bridge::kind_names(self.lead_kinds).collect()
    }
    /// Which of its [`Fingerprint::entities`] the lead names (its title or the first 60 words
    /// of its body), as bits: bit `r` for the entity at rank `r` of the list (at most
    /// [`MAX_ENTITIES`], which is below 32).
    pub fn lead_entities(&self) -> u32 {
        self.lead_entities
    }
    /// Format version ([`FORMAT_VERSION`] for fingerprints made by this library).
    pub fn version(&self) -> u32 {
        self.version
    }
    /// The configuration the fingerprint was made with.
    pub fn params(&self) -> Params {
        self.params
    }
    /// The MinHash signature.
    pub fn signature(&self) -> &[u32] {
        &self.signature
    }
    /// Number of distinct features hashed into the signature (0 when the article had none).
    pub fn feature_count(&self) -> u32 {
        self.features
    }
    /// The entities kept (most telling first, at most [`MAX_ENTITIES`]).
    pub fn entities(&self) -> &[EntityKey] {
        &self.entities
    }
    /// The numbers kept (in order, at most [`MAX_NUMBERS`]).
    pub fn numbers(&self) -> &[NumberKey] {
        &self.numbers
    }

    /// Approximate memory footprint in bytes (struct, signature and strings).
    pub fn size_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.id.capacity()
            + self.signature.capacity() * 4
            + self
                .entities
                .iter()
                .map(|e| std::mem::size_of::<EntityKey>() + e.key.capacity() + e.text.capacity())
                .sum::<usize>()
            + self
                .numbers
                .iter()
                .map(|n| std::mem::size_of::<NumberKey>() + n.unit.capacity() + n.text.capacity())
                .sum::<usize>()
    }

    /// JSON text of the fingerprint.
    ///
    /// # Errors
    /// Never in practice (all fields serialise); returns [`ErrorKind::Json`] if serde fails.
    pub fn to_json(&self) -> Result<String, Error> {
        Ok(serde_json::to_string(self)?)
    }

    /// Parses a fingerprint from JSON.
    ///
    /// # Errors
    /// [`ErrorKind::Json`] for malformed JSON; [`ErrorKind::Incompatible`] for another format
    /// version; [`ErrorKind::Format`] when the signature length disagrees with its parameters.
    pub fn from_json(s: &str) -> Result<Self, Error> {
        let fp: Fingerprint = serde_json::from_str(s)?;
        fp.validate()?;
        Ok(fp)
    }

    /// Checks that the fingerprint can be compared with those made with `params`: this
    /// library's format version, the same parameters, a signature of their length.
    ///
    /// # Errors
    /// [`ErrorKind::Incompatible`] otherwise.
    pub(crate) fn check_compatible(&self, params: Params) -> Result<(), Error> {
        self.check_version()?;
        if self.params != params || self.signature.len() != usize::from(params.num_hashes) {
            return Err(ErrorKind::Incompatible(format!(
                "fingerprint {:?} was made with {:?}, this engine uses {params:?}",
                self.id, self.params
            ))
            .into());
        }
        Ok(())
    }

    /// [`ErrorKind::Incompatible`] unless the fingerprint has this library's format version.
    fn check_version(&self) -> Result<(), Error> {
        if self.version != FORMAT_VERSION {
            return Err(ErrorKind::Incompatible(format!(
                "fingerprint {:?} has format version {}, this library makes version {FORMAT_VERSION}",
                self.id, self.version
            ))
            .into());
        }
        Ok(())
    }

    /// Checks a decoded fingerprint: its version, and a signature as long as its parameters
    /// say.
    fn validate(&self) -> Result<(), Error> {
        self.check_version()?;
        if self.signature.len() != usize::from(self.params.num_hashes) {
            return Err(Error::format(format!(
                "fingerprint {:?}: signature has {} values, parameters say {}",
                self.id,
                self.signature.len(),
                self.params.num_hashes
            )));
        }
        Ok(())
    }
}
