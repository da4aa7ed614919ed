//! From an article's keys to its [`Fingerprint`]: feature hashes, the MinHash signature, the
//! most telling entities and the first distinct numbers.

use std::ops::Range;

use super::{
    EntityKey, Fingerprint, MinHasher, NumberKey, Params, FORMAT_VERSION, MAX_ENTITIES, MAX_NUMBERS,
};
use crate::analysis::{with_article_keys, Analysis};
use crate::error::Error;
use crate::extract::{Entity, Number};
use crate::input::Article;
use crate::text::Lang;
use crate::util::hash::{hash_bytes, hash_key, mix64, TAG_CONCEPT, TAG_ENTITY, TAG_NUMBER};

/// The fingerprint of an article: as analysing it and then [`Fingerprint::from_analysis`],
/// without building the concept strings the fingerprint would only hash (the analysis's cache
/// keeps each concept's hash).
///
/// # Errors
/// As [`with_article_keys`].
pub(crate) fn fingerprint_article(
    article: &Article,
    max_bytes: usize,
    params: Params,
    hasher: &MinHasher,
) -> Result<Fingerprint, Error> {
    with_article_keys(article, max_bytes, |k, keys| {
        let concepts = k.concepts.iter().map(|&(id, _)| keys.concept_hash(id));
        Fingerprint::from_parts(
            k.id,
            k.lang,
            k.published,
            k.lead_kinds,
            concepts,
            k.entities,
            k.numbers,
            params,
            hasher,
        )
    })
}

impl Fingerprint {
    /// The fingerprint of an analysis, moving the kept strings out of it.
    pub(crate) fn from_analysis(a: Analysis, params: Params, hasher: &MinHasher) -> Self {
        let (id, lang, published, lead_kinds, concepts, entities, numbers) = a.into_parts();
        let concepts = concepts.iter().map(|(k, _)| hash_key(TAG_CONCEPT, k));
        Self::from_parts(
            id, lang, published, lead_kinds, concepts, entities, numbers, params, hasher,
        )
    }

    /// The fingerprint of an analysis given by its parts, its concepts by their feature
    /// hashes (`hash_key(TAG_CONCEPT, key)`, in any order).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_parts(
        id: String,
        lang: Lang,
        published: Option<i32>,
        lead_kinds: u64,
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
        let lead_entities = ents
            .iter()
            .take(MAX_ENTITIES)
            .enumerate()
            .filter(|(_, (_, e))| e.lead)
            .fold(0u32, |bits, (r, _)| bits | 1 << r);
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
            lead_kinds,
            lead_entities,
            features: feats.len() as u32,
            signature: hasher.signature(&feats),
            entities,
            numbers: kept,
        }
    }
}

/// Checksum of the data files compiled into the crate: part of [`Params`], so fingerprints made
/// with another lexicon or gazetteer are refused rather than mis-scored.
pub(crate) fn data_checksum() -> u32 {
    static DATA: &[&str] = &[
        include_str!("../../data/stopwords/fr.txt"),
        include_str!("../../data/stopwords/en.txt"),
        include_str!("../../data/lexicon/fr_en.tsv"),
        include_str!("../../data/gazetteer/cldr.tsv"),
        include_str!("../../data/gazetteer/extra.tsv"),
        include_str!("../../data/kinds/event_kinds.tsv"),
    ];
    let mut h = 0u64;
    for d in DATA {
        h = mix64(h ^ hash_bytes(d.as_bytes()));
    }
    (h >> 32) as u32
}
