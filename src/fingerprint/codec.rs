//! The binary form of a fingerprint (magic `BDFP`, format version, parameters, fields,
//! checksum), and the byte tags of the enums it stores, which the index file format shares.
//!
//! Enums are stored as their declaration order (`Lang::Fr` = 0, `EntityKind::Person` = 0,
//! ...); the decoders below are the one place a stored byte becomes an enum again.

use super::{EntityKey, Fingerprint, NumberKey, Params, FORMAT_VERSION};
use crate::error::Error;
#[cfg(doc)]
use crate::error::ErrorKind;
use crate::extract::{EntityKind, NumberKind};
use crate::text::Lang;
use crate::util::codec::{Reader, Writer};

impl Fingerprint {
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
        w.u64(self.lead_kinds);
        w.u32(self.lead_entities);
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
        let lang = lang_of_tag(r.u8()?)?;
        let published = Some(r.i32()?).filter(|&d| d != i32::MIN);
        let lead_kinds = r.u64()?;
        let lead_entities = r.u32()?;
        let features = r.u32()?;
        let n = r.len(4)?;
        let signature = (0..n).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
        let n = r.len(9)?;
        let mut entities = Vec::with_capacity(n);
        for _ in 0..n {
            let key = r.str()?;
            let kind = entity_kind_of_tag(r.u8()?)?;
            entities.push(EntityKey {
                key,
                kind,
                text: r.str()?,
            });
        }
        let n = r.len(17)?;
        let mut numbers = Vec::with_capacity(n);
        for _ in 0..n {
            let kind = number_kind_of_tag(r.u8()?)?;
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
            lead_kinds,
            lead_entities,
            features,
            signature,
            entities,
            numbers,
        };
        fp.validate()?;
        Ok(fp)
    }
}

/// The language stored as byte `b` (its declaration order).
pub(crate) fn lang_of_tag(b: u8) -> Result<Lang, Error> {
    match b {
        0 => Ok(Lang::Fr),
        1 => Ok(Lang::En),
        l => Err(Error::format(format!("unknown language tag {l}"))),
    }
}

/// The entity kind stored as byte `b` (its declaration order).
pub(crate) fn entity_kind_of_tag(b: u8) -> Result<EntityKind, Error> {
    Ok(match b {
        0 => EntityKind::Person,
        1 => EntityKind::Org,
        2 => EntityKind::Place,
        3 => EntityKind::Country,
        4 => EntityKind::Other,
        _ => return Err(Error::format(format!("unknown entity kind {b}"))),
    })
}

/// The number kind stored as byte `b` (its declaration order).
pub(crate) fn number_kind_of_tag(b: u8) -> Result<NumberKind, Error> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_in_declaration_order() {
        for l in [Lang::Fr, Lang::En] {
            assert_eq!(lang_of_tag(l as u8).unwrap(), l);
        }
        for k in [
            EntityKind::Person,
            EntityKind::Org,
            EntityKind::Place,
            EntityKind::Country,
            EntityKind::Other,
        ] {
            assert_eq!(entity_kind_of_tag(k as u8).unwrap(), k);
        }
        for k in [
            NumberKind::Count,
            NumberKind::Money,
            NumberKind::Percent,
            NumberKind::Year,
            NumberKind::Date,
            NumberKind::Weekday,
        ] {
            assert_eq!(number_kind_of_tag(k as u8).unwrap(), k);
        }
        assert!(lang_of_tag(2).is_err());
        assert!(entity_kind_of_tag(5).is_err());
        assert!(number_kind_of_tag(6).is_err());
    }
}
