//! A tiny little-endian binary codec with bounds-checked reads, shared by the fingerprint and
//! index file formats. Every read checks the remaining length, so truncated or corrupt input
//! gives [`crate::ErrorKind::Format`], never a panic or a huge allocation.

use super::hash::hash_bytes;
use crate::error::Error;

pub(crate) struct Writer {
    pub(crate) buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn new(magic: &[u8; 4], version: u32) -> Self {
        let mut w = Writer {
            buf: Vec::with_capacity(1024),
        };
        w.buf.extend_from_slice(magic);
        w.u32(version);
        w
    }
    pub(crate) fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub(crate) fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn i32(&mut self, v: i32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.buf.extend_from_slice(s.as_bytes());
    }
    /// Appends the checksum of everything written and returns the bytes.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        let sum = hash_bytes(&self.buf);
        self.u64(sum);
        self.buf
    }
}

pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Checks magic, checksum and version; returns the reader positioned after the version.
    pub(crate) fn open(
        data: &'a [u8],
        magic: &[u8; 4],
        what: &str,
        version: u32,
    ) -> Result<Self, Error> {
        if data.len() < 16 || &data[..4] != magic {
            return Err(Error::format(format!(
                "not {} {what} (bad magic or too short)",
                if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                }
            )));
        }
        let (body, sum) = data.split_at(data.len() - 8);
        let sum = u64::from_le_bytes(sum.try_into().map_err(|_| Error::format("checksum"))?);
        if hash_bytes(body) != sum {
            return Err(Error::format(format!(
                "{what} is truncated or corrupt (checksum mismatch)"
            )));
        }
        let mut r = Reader { data: body, pos: 4 };
        let v = r.u32()?;
        if v != version {
            return Err(crate::error::ErrorKind::Incompatible(format!(
                "{what} format version {v}, this library reads version {version}"
            ))
            .into());
        }
        Ok(r)
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len());
        let end = end.ok_or_else(|| Error::format("unexpected end of data"))?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    pub(crate) fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn u16(&mut self) -> Result<u16, Error> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }
    pub(crate) fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    pub(crate) fn i32(&mut self) -> Result<i32, Error> {
        Ok(i32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    pub(crate) fn f64(&mut self) -> Result<f64, Error> {
        Ok(f64::from_bits(self.u64()?))
    }
    pub(crate) fn str(&mut self) -> Result<String, Error> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| Error::format("invalid UTF-8 in string"))
    }
    /// A length prefix for `n` items of at least `min_item` bytes each, checked against what is
    /// left so a corrupt count cannot trigger a huge allocation.
    pub(crate) fn len(&mut self, min_item: usize) -> Result<usize, Error> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_item.max(1)) > self.data.len() - self.pos {
            return Err(Error::format("length prefix exceeds the data"));
        }
        Ok(n)
    }
    pub(crate) fn done(&self) -> Result<(), Error> {
        if self.pos == self.data.len() {
            Ok(())
        } else {
            Err(Error::format("trailing bytes"))
        }
    }
}
