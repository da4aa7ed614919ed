//! The bottom layer: frozen hashes, the binary codec of the stored formats, a union–find and
//! calendar dates. Nothing here knows about text, languages or articles.

pub(crate) mod codec;
pub(crate) mod date;
pub(crate) mod hash;
pub(crate) mod union_find;
