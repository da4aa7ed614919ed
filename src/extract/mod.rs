//! Feature extraction: named entities and numbers (see [`entities`](self::Entity) and
//! [`parse_number`]).

mod entities;
mod numbers;

pub(crate) use entities::{extract as extract_entities, list_flags};
pub use entities::{Entity, EntityKind, Field};
pub(crate) use numbers::{extract as extract_numbers, fmt_value, weekday_of};
pub use numbers::{parse_number, Number, NumberKind};
