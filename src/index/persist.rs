//! The index file format: magic `BDIX`, [`INDEX_FORMAT_VERSION`], the fingerprint format
//! version and the engine's parameters, the entries (sorted by id), a checksum. Saving writes
//! a temporary file and renames it; loading checks everything before it returns.

use std::io::{Read, Write};
use std::path::Path;

use super::candidates::posting_keys;
use super::entry::{EntKeys, Entry};
use super::Index;
use crate::compare::NumFeat;
use crate::engine::Dedup;
use crate::error::{Error, ErrorKind};
use crate::fingerprint::codec::{entity_kind_of_tag, lang_of_tag, number_kind_of_tag};
use crate::fingerprint::{Params, FORMAT_VERSION};
use crate::util::codec::{Reader, Writer};

/// Version of the index file format.
pub const INDEX_FORMAT_VERSION: u32 = 1;

impl Index {
    /// Writes the index in its versioned binary format (magic `BDIX`, format version, the
    /// engine's parameters, the entries, a checksum).
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when writing fails.
    pub fn write_to<W: Write>(&self, mut w: W) -> Result<(), Error> {
        let p = self.dedup.params();
        let mut out = Writer::new(b"BDIX", INDEX_FORMAT_VERSION);
        out.u32(FORMAT_VERSION);
        out.u16(p.num_hashes);
        out.u64(p.seed);
        out.u32(p.data);
        out.u32(self.dedup.bands() as u32);
        out.u32(self.len() as u32);
        let mut live: Vec<&Entry> = self.slots.iter().flatten().collect();
        live.sort_by(|a, b| a.id.cmp(&b.id));
        for e in live {
            out.str(&e.id);
            out.u8(e.lang as u8);
            out.i32(e.published.unwrap_or(i32::MIN));
            out.u32(e.features);
            out.u32(e.sig.len() as u32);
            for &v in e.sig.iter() {
                out.u16(v);
            }
            out.u32(e.ents.len() as u32);
            for (s, k) in e.ents.iter() {
                out.str(s);
                out.u8(k as u8);
            }
            out.u32(e.nums.len() as u32);
            for n in e.nums.iter() {
                out.u32(n.unit);
                out.u32(n.value);
                out.u8(n.kind as u8);
                out.u8(u8::from(n.small));
            }
        }
        w.write_all(&out.finish())?;
        w.flush()?;
        Ok(())
    }

    /// Saves the index to a file (written to a temporary file first, then renamed, so an
    /// interrupted save never leaves a half-written index under `path`).
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when the file cannot be written.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let tmp = path.with_extension("tmp-bdix");
        {
            let f = std::fs::File::create(&tmp)?;
            self.write_to(std::io::BufWriter::new(f))?;
        }
        std::fs::rename(&tmp, path)?;
        Ok(())
    }

    /// Reads an index written by [`Index::write_to`], for use with `dedup`.
    ///
    /// # Errors
    /// [`ErrorKind::Format`] for a truncated, corrupt or foreign file;
    /// [`ErrorKind::Incompatible`] when the file's format version, fingerprint version or
    /// parameters differ from `dedup`'s; [`ErrorKind::Io`] when reading fails. Nothing is
    /// half-loaded: either the whole index comes back or an error.
    pub fn read_from<R: Read>(dedup: &Dedup, mut r: R) -> Result<Index, Error> {
        let mut data = Vec::new();
        r.read_to_end(&mut data)?;
        let mut r = Reader::open(&data, b"BDIX", "index file", INDEX_FORMAT_VERSION)?;
        let fp_version = r.u32()?;
        let p = Params {
            num_hashes: r.u16()?,
            seed: r.u64()?,
            data: r.u32()?,
        };
        let bands = r.u32()? as usize;
        if fp_version != FORMAT_VERSION || p != dedup.params() || bands != dedup.bands() {
            return Err(ErrorKind::Incompatible(format!(
                "index file made with fingerprint version {fp_version}, {p:?} and {bands} bands; \
                 this engine uses version {}, {:?} and {} bands",
                FORMAT_VERSION,
                dedup.params(),
                dedup.bands()
            ))
            .into());
        }
        let n = r.len(16)?;
        let mut index = dedup.index();
        for _ in 0..n {
            let id = r.str()?;
            let lang = lang_of_tag(r.u8()?)?;
            let published = Some(r.i32()?).filter(|&d| d != i32::MIN);
            let features = r.u32()?;
            let k = r.len(2)?;
            if k != usize::from(p.num_hashes) {
                return Err(Error::format(
                    "signature length disagrees with the parameters",
                ));
            }
            let sig = (0..k).map(|_| r.u16()).collect::<Result<Box<[u16]>, _>>()?;
            let k = r.len(5)?;
            let mut ents = Vec::with_capacity(k);
            for _ in 0..k {
                let s = r.str()?;
                let kind = entity_kind_of_tag(r.u8()?)?;
                ents.push((s, kind));
            }
            let k = r.len(10)?;
            let mut nums = Vec::with_capacity(k);
            for _ in 0..k {
                let unit = r.u32()?;
                let value = r.u32()?;
                let kind = number_kind_of_tag(r.u8()?)?;
                let small = r.u8()? != 0;
                nums.push(NumFeat {
                    unit,
                    value,
                    kind,
                    small,
                });
            }
            if index.ids.contains_key(id.as_str()) {
                return Err(Error::format(format!("duplicate id {id:?} in index file")));
            }
            let posted = posting_keys(ents.iter().map(|(s, k)| (s.as_str(), *k)), &nums);
            index.put(
                Entry {
                    id: id.into(),
                    lang,
                    published,
                    features,
                    sig,
                    ents: EntKeys::new(ents.iter().map(|(s, k)| (s.as_str(), *k))),
                    nums: nums.into_boxed_slice(),
                },
                &posted,
                true,
            );
        }
        r.done()?;
        index.compact();
        Ok(index)
    }

    /// Loads an index saved by [`Index::save`].
    ///
    /// # Errors
    /// As [`Index::read_from`].
    pub fn load(dedup: &Dedup, path: impl AsRef<Path>) -> Result<Index, Error> {
        let f = std::fs::File::open(path)?;
        Self::read_from(dedup, std::io::BufReader::new(f))
    }
}
