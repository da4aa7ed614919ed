//! Feature extraction: named entities and numbers (see [`entities`](self::Entity) and
//! [`parse_number`]).

mod entities;
mod numbers;

pub use entities::{Entity, EntityKind, Field};
pub(crate) use entities::extract as extract_entities;
pub use numbers::{parse_number, Number, NumberKind};
pub(crate) use numbers::{extract as extract_numbers, fmt_value};
