//! The index file format: magic `BDIX`, [`INDEX_FORMAT_VERSION`], the fingerprint format
//! version and the engine's parameters, the entries (sorted by id), a checksum. Saving writes
//! a new temporary file in the same folder, flushes it to disk and renames it over the old
//! file ([`write_atomically`]); loading checks everything before it returns.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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
pub const INDEX_FORMAT_VERSION: u32 = 3;

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
            out.u64(e.lead_kinds);
            out.u32(e.lead_entities);
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

    /// Saves the index to a file, atomically: it is written to a new temporary file in the
    /// same folder (a unique name beginning with `.` and the file's name), flushed to disk
    /// (`fsync`), renamed over `path`, and the folder is flushed too (on Unix), so a crash, a
    /// kill or a power cut at any moment leaves under `path` either the old index or the new
    /// one, never a mixture. On error the temporary file is removed and `path` is untouched.
    /// A process killed during the save may leave its temporary file behind (never `path`
    /// itself); it is safe to delete.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when the file cannot be written, flushed or renamed; the error names
    /// the file ([`Error::path`]).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let mut buf = Vec::new();
        self.write_to(&mut buf).map_err(|e| e.at(path))?;
        write_atomically(path, &buf).map_err(|e| Error::from(e).at(path))
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
            let lead_kinds = r.u64()?;
            let lead_entities = r.u32()?;
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
            let posted = posting_keys(
                ents.iter().map(|(s, k)| (s.as_str(), *k)),
                &nums,
                lead_kinds,
            );
            index.put(
                Entry {
                    id: id.into(),
                    lang,
                    published,
                    lead_kinds,
                    lead_entities,
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
    /// Errors name the file ([`Error::path`]).
    pub fn load(dedup: &Dedup, path: impl AsRef<Path>) -> Result<Index, Error> {
        let path = path.as_ref();
        let data = std::fs::read(path).map_err(|e| Error::from(e).at(path))?;
        Self::read_from(dedup, &data[..]).map_err(|e| e.at(path))
    }
}

/// Writes `bytes` to `path` so that `path` holds either its old content or all of `bytes`,
/// whatever happens: a new temporary file in the same folder (created exclusively, so two
/// savers never share one), `fsync`, rename over `path`, `fsync` of the folder (Unix). The
/// temporary file is removed on error.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let (tmp, mut file) = create_temporary(dir, path)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            std::fs::rename(&tmp, path)
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(dir)
}

/// A new file in `dir` named after `path` (`.NAME.PID.N.tmp`), created exclusively.
fn create_temporary(dir: &Path, path: &Path) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".to_owned());
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            // Left by an earlier process with the same id: try the next name.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Flushes a folder's entries (the rename) to disk. Only Unix can open a folder for that;
/// elsewhere the rename is as durable as the platform makes it.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Article;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bdix-persist-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn index_of(d: &Dedup, bodies: &[(&str, &str)]) -> Index {
        let mut index = d.index();
        for (id, body) in bodies {
            let a = Article::new(*id, "", *body).lang(crate::text::Lang::En);
            index.insert(&d.fingerprint(&a).unwrap()).unwrap();
        }
        index
    }

    #[test]
    fn save_replaces_the_file_and_leaves_no_temporary() {
        let d = Dedup::builder().build().unwrap();
        let dir = temp_dir("replace");
        let path = dir.join("state.bdix");
        let old = index_of(&d, &[("a", "The government signed an agreement in Rabat.")]);
        old.save(&path).unwrap();
        let new = index_of(
            &d,
            &[
                ("a", "The government signed an agreement in Rabat."),
                (
                    "b",
                    "Storm Ciaran closed the schools of Brittany on Thursday.",
                ),
            ],
        );
        new.save(&path).unwrap();
        let back = Index::load(&d, &path).unwrap();
        assert_eq!(back.len(), 2);
        assert!(back.contains("b"));
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["state.bdix"], "a temporary file was left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temporaries_are_unique_and_a_failed_save_keeps_the_old_file() {
        let dir = temp_dir("unique");
        let path = dir.join("state.bdix");
        let (a, fa) = create_temporary(&dir, &path).unwrap();
        let (b, fb) = create_temporary(&dir, &path).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.parent(), Some(dir.as_path()));
        assert!(a
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with(".state.bdix."));
        drop((fa, fb));
        write_atomically(&path, b"old").unwrap();
        // Renaming onto a folder fails: the old content stays and the temporary is removed.
        let target = dir.join("a-folder");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("x"), b"keep").unwrap();
        assert!(write_atomically(&target, b"new").is_err());
        assert_eq!(std::fs::read(target.join("x")).unwrap(), b"keep");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        let left = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                let n = e.as_ref().unwrap().file_name();
                n.to_string_lossy().starts_with(".a-folder")
            })
            .count();
        assert_eq!(left, 0, "the failed save's temporary file was left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
