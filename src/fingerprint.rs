//! [`Fingerprint`]: the stored, versioned summary of one article.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::codec::{Reader, Writer};
use crate::extract::{Entity, EntityKind, Number, NumberKind};
use crate::hash::{hash_bytes, hash_key};
use crate::minhash::MinHasher;
use crate::{Error, ErrorKind, Lang};

/// Version of the fingerprint format and feature extraction. Fingerprints of another version
/// are refused by [`crate::Dedup::compare`] and the index.
pub const FORMAT_VERSION: u32 = 1;

/// Most entities kept in a fingerprint (the most telling ones).
pub const MAX_ENTITIES: usize = 32;
/// Most numbers kept in a fingerprint (the first ones).
pub const MAX_NUMBERS: usize = 32;

pub(crate) const TAG_CONCEPT: u8 = b'c';
pub(crate) const TAG_ENTITY: u8 = b'e';
pub(crate) const TAG_NUMBER: u8 = b'n';

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

/// A shared-or-not entity in a fingerprint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityKey {
    /// Canonical key.
    pub key: String,
    /// Type.
    pub kind: EntityKind,
    /// Surface form, for explanations.
    pub text: String,
}

/// A number in a fingerprint.
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
    /// The normalised key (see [`crate::extract::Number::key`]).
    pub fn key(&self) -> String {
        crate::extract::Number {
            kind: self.kind,
            value: self.value,
            unit: self.unit.clone(),
            text: String::new(),
        }
        .key()
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
    pub(crate) features: u32,
    pub(crate) signature: Vec<u32>,
    pub(crate) entities: Vec<EntityKey>,
    pub(crate) numbers: Vec<NumberKey>,
}

impl Fingerprint {
    pub(crate) fn from_analysis(a: &Analysis, params: Params, hasher: &MinHasher) -> Self {
        Self::from_owned_analysis(a.clone(), params, hasher)
    }

    /// As [`Fingerprint::from_analysis`], moving the kept strings out of `a` instead of
    /// copying them.
    pub(crate) fn from_owned_analysis(a: Analysis, params: Params, hasher: &MinHasher) -> Self {
        let concepts = a.concepts.iter().map(|(k, _)| hash_key(TAG_CONCEPT, k));
        Self::from_parts(
            a.id,
            a.lang,
            a.published,
            concepts,
            a.entities,
            a.numbers,
            params,
            hasher,
        )
    }

    /// The fingerprint of an analysis given by its parts, its concepts by their feature
    /// hashes (`hash_key(TAG_CONCEPT, key)`, in any order).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_parts(
        id: String,
        lang: Lang,
        published: Option<i32>,
        concepts: impl Iterator<Item = u64>,
        entities: Vec<Entity>,
        numbers: Vec<Number>,
        params: Params,
        hasher: &MinHasher,
    ) -> Self {
        // The number keys written one after the other into one string (not one string each).
        let mut number_keys = String::with_capacity(16 * numbers.len());
        let key_spans: Vec<Range<usize>> = numbers
            .iter()
            .map(|n| {
                let start = number_keys.len();
                n.push_key(&mut number_keys);
                start..number_keys.len()
            })
            .collect();
        let number_key = |i: usize| &number_keys[key_spans[i].clone()];
        let mut feats: Vec<u64> =
            Vec::with_capacity(concepts.size_hint().0 + entities.len() + numbers.len());
        feats.extend(concepts);
        feats.extend(entities.iter().map(|e| hash_key(TAG_ENTITY, &e.key)));
        feats.extend((0..numbers.len()).map(|i| hash_key(TAG_NUMBER, number_key(i))));
        feats.sort_unstable();
        feats.dedup();

        // Most telling entities first (weights computed once, not per comparison).
        let mut ents: Vec<(f32, Entity)> = entities
            .into_iter()
            .map(|e| (e.kind.weight() * (1.0 + (e.mentions as f32).ln()), e))
            .collect();
        ents.sort_by(|(wx, x), (wy, y)| wy.total_cmp(wx).then_with(|| x.key.cmp(&y.key)));
        let entities: Vec<EntityKey> = ents
            .into_iter()
            .take(MAX_ENTITIES)
            .map(|(_, e)| EntityKey {
                key: e.key,
                kind: e.kind,
                text: e.text,
            })
            .collect();
        // The first number of each distinct key, up to MAX_NUMBERS.
        let mut kept: Vec<NumberKey> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (i, n) in numbers.into_iter().enumerate() {
            if kept.len() == MAX_NUMBERS {
                break;
            }
            let k = number_key(i);
            if seen.contains(&k) {
                continue;
            }
            seen.push(k);
            kept.push(NumberKey {
                kind: n.kind,
                value: n.value,
                unit: n.unit,
                text: n.text,
            });
        }
        Fingerprint {
            version: FORMAT_VERSION,
            params,
            id,
            lang,
            published,
            features: feats.len() as u32,
            signature: hasher.signature(&feats),
            entities,
            numbers: kept,
        }
    }

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

    fn validate(&self) -> Result<(), Error> {
        if self.version != FORMAT_VERSION {
            return Err(ErrorKind::Incompatible(format!(
                "fingerprint {:?} has format version {}, this library makes version {FORMAT_VERSION}",
                self.id, self.version
            ))
            .into());
        }
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

    /// Compact binary form: magic `BDFP`, version, parameters, fields, and a checksum.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(b"BDFP", self.version);
        self.write_body(&mut w);
        w.finish()
    }

    pub(crate) fn write_body(&self, w: &mut Writer) {
        w.u16(self.params.num_hashes);
        w.u64(self.params.seed);
        w.u32(self.params.data);
        w.str(&self.id);
        w.u8(self.lang as u8);
        w.i32(self.published.unwrap_or(i32::MIN));
        w.u32(self.features);
        w.u32(self.signature.len() as u32);
        for &v in &self.signature {
            w.u32(v);
        }
        w.u32(self.entities.len() as u32);
        for e in &self.entities {
            w.str(&e.key);
            w.u8(e.kind as u8);
            w.str(&e.text);
        }
        w.u32(self.numbers.len() as u32);
        for n in &self.numbers {
            w.u8(n.kind as u8);
            w.f64(n.value);
            w.str(&n.unit);
            w.str(&n.text);
        }
    }

    /// Parses the binary form made by [`Fingerprint::to_bytes`].
    ///
    /// # Errors
    /// [`ErrorKind::Format`] for truncated, corrupt or foreign data; [`ErrorKind::Incompatible`]
    /// for another format version.
    pub fn from_bytes(data: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::open(data, b"BDFP", "fingerprint", FORMAT_VERSION)?;
        let fp = Self::read_body(&mut r, FORMAT_VERSION)?;
        r.done()?;
        Ok(fp)
    }

    pub(crate) fn read_body(r: &mut Reader<'_>, version: u32) -> Result<Self, Error> {
        let params = Params {
            num_hashes: r.u16()?,
            seed: r.u64()?,
            data: r.u32()?,
        };
        let id = r.str()?;
        let lang = match r.u8()? {
            0 => Lang::Fr,
            1 => Lang::En,
            l => return Err(Error::format(format!("unknown language tag {l}"))),
        };
        let published = Some(r.i32()?).filter(|&d| d != i32::MIN);
        let features = r.u32()?;
        let n = r.len(4)?;
        let signature = (0..n).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
        let n = r.len(9)?;
        let mut entities = Vec::with_capacity(n);
        for _ in 0..n {
            let key = r.str()?;
            let kind = entity_kind(r.u8()?)?;
            entities.push(EntityKey {
                key,
                kind,
                text: r.str()?,
            });
        }
        let n = r.len(17)?;
        let mut numbers = Vec::with_capacity(n);
        for _ in 0..n {
            let kind = number_kind(r.u8()?)?;
            let value = r.f64()?;
            numbers.push(NumberKey {
                kind,
                value,
                unit: r.str()?,
                text: r.str()?,
            });
        }
        let fp = Fingerprint {
            version,
            params,
            id,
            lang,
            published,
            features,
            signature,
            entities,
            numbers,
        };
        fp.validate()?;
        Ok(fp)
    }
}

fn entity_kind(b: u8) -> Result<EntityKind, Error> {
    Ok(match b {
        0 => EntityKind::Person,
        1 => EntityKind::Org,
        2 => EntityKind::Place,
        3 => EntityKind::Country,
        4 => EntityKind::Other,
        _ => return Err(Error::format(format!("unknown entity kind {b}"))),
    })
}

fn number_kind(b: u8) -> Result<NumberKind, Error> {
    Ok(match b {
        0 => NumberKind::Count,
        1 => NumberKind::Money,
        2 => NumberKind::Percent,
        3 => NumberKind::Year,
        4 => NumberKind::Date,
        5 => NumberKind::Weekday,
        _ => return Err(Error::format(format!("unknown number kind {b}"))),
    })
}

/// Checksum of the data files compiled into the crate: part of [`Params`], so fingerprints made
/// with another lexicon or gazetteer are refused rather than mis-scored.
pub(crate) fn data_checksum() -> u32 {
    static DATA: &[&str] = &[
        include_str!("../data/stopwords/fr.txt"),
        include_str!("../data/stopwords/en.txt"),
        include_str!("../data/lexicon/fr_en.tsv"),
        include_str!("../data/gazetteer/cldr.tsv"),
        include_str!("../data/gazetteer/extra.tsv"),
    ];
    let mut h = 0u64;
    for d in DATA {
        h = crate::hash::mix64(h ^ hash_bytes(d.as_bytes()));
    }
    (h >> 32) as u32
}
