//! Addenda (补充说明): a submitted card never changes; a correction or a later
//! fact is appended to it as an addendum. This keeps sync free of conflicts.

use crate::error::{Collector, check_version};
use crate::{AddendumId, Field, FieldErrors, OpinionCardId, ReceptionCardId, Summary, ValidationError};
use serde::{Deserialize, Serialize};

/// The card an addendum belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CardRef {
    /// A reception card.
    Reception(ReceptionCardId),
    /// An opinion card.
    Opinion(OpinionCardId),
}

impl CardRef {
    /// The kind and id as written in records: `("reception", "0193…")`.
    pub fn parts(&self) -> (&'static str, String) {
        match self {
            CardRef::Reception(id) => ("reception", id.to_string()),
            CardRef::Opinion(id) => ("opinion", id.to_string()),
        }
    }

    /// Reads the kind and id of a record.
    pub fn parse(kind: &str, id: &str) -> Result<CardRef, ValidationError> {
        match kind {
            "reception" => id.parse().map(CardRef::Reception).map_err(|_| ValidationError::IdInvalid),
            "opinion" => id.parse().map(CardRef::Opinion).map_err(|_| ValidationError::IdInvalid),
            _ => Err(ValidationError::UnknownChoice),
        }
    }

    /// One string naming the card (`reception:0193…`), for storage indices.
    pub fn key(&self) -> String {
        let (kind, id) = self.parts();
        format!("{kind}:{id}")
    }
}

/// A valid addendum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Addendum {
    /// Made by the device (UUIDv7).
    pub id: AddendumId,
    /// The card it adds to.
    pub card: CardRef,
    /// What is added (up to 5,000 characters).
    pub text: Summary,
}

impl Addendum {
    /// Parses what was typed.
    pub fn create(id: AddendumId, card: CardRef, text: &str) -> Result<Addendum, FieldErrors> {
        let text = Summary::parse(text).map_err(|e| FieldErrors::one(Field::Summary, e))?;
        Ok(Addendum { id, card, text })
    }
}

/// The frozen storage and wire form of an addendum, version 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddendumRecord {
    /// Format version: 1.
    pub v: u32,
    /// Hyphenated UUID.
    pub id: String,
    /// `reception` or `opinion`.
    pub card_kind: String,
    /// The card's id.
    pub card_id: String,
    /// What is added.
    pub text: String,
}

impl From<&Addendum> for AddendumRecord {
    fn from(a: &Addendum) -> Self {
        let (card_kind, card_id) = a.card.parts();
        AddendumRecord {
            v: 1,
            id: a.id.to_string(),
            card_kind: card_kind.into(),
            card_id,
            text: a.text.as_str().into(),
        }
    }
}

impl TryFrom<AddendumRecord> for Addendum {
    type Error = FieldErrors;

    fn try_from(r: AddendumRecord) -> Result<Self, Self::Error> {
        check_version(r.v, 1)?;
        let mut errors = Collector::default();
        let id = errors.take(Field::Id, r.id.parse::<AddendumId>().map_err(|_| ValidationError::IdInvalid));
        let card = errors.take(Field::Id, CardRef::parse(&r.card_kind, &r.card_id));
        let text = errors.take(Field::Summary, Summary::parse(&r.text));
        errors.finish()?;
        match (id, card, text) {
            (Some(id), Some(card), Some(text)) => Ok(Addendum { id, card, text }),
            _ => unreachable!("Collector::finish reports every missing field"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addenda_are_checked_and_round_trip() {
        let card = CardRef::Reception(ReceptionCardId::from_uuid(uuid::Uuid::from_u128(1)));
        let id = AddendumId::from_uuid(uuid::Uuid::from_u128(2));
        assert_eq!(Addendum::create(id, card, "  ").unwrap_err().get(Field::Summary), Some(&ValidationError::Required));
        let addendum = Addendum::create(id, card, "补充:居民又反映了路灯问题").unwrap();
        let record = AddendumRecord::from(&addendum);
        assert_eq!(record.card_kind, "reception");
        assert_eq!(Addendum::try_from(record.clone()), Ok(addendum));
        let bad = AddendumRecord { card_kind: "photo".into(), ..record };
        assert_eq!(Addendum::try_from(bad).unwrap_err().get(Field::Id), Some(&ValidationError::UnknownChoice));
    }
}
