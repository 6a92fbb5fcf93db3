//! The opinion card (社情民意收集卡): one opinion, request or suggestion raised by
//! a member of the public or a party member, as a representative wrote it down.

use crate::error::Collector;
use crate::time::{check_happened, from_wire, parse_local, to_wire};
use crate::{
    Category, Field, FieldErrors, OpinionCardId, OpinionContent, PlaceName, ValidationError,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a user typed into the opinion card form, unparsed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpinionCardInput {
    /// The opinion's text.
    pub content: String,
    /// A category code, empty when none is chosen.
    pub category: String,
    /// Where it was collected.
    pub place: String,
    /// When it was collected, China time, as `2026-11-22T09:30`.
    pub collected_at: String,
}

/// A valid opinion card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpinionCard {
    /// Made by the device that created the card (UUIDv7).
    pub id: OpinionCardId,
    /// What was said.
    pub content: OpinionContent,
    /// What it is about.
    pub category: Category,
    /// Where it was collected.
    pub place: PlaceName,
    /// When it was collected.
    pub collected_at: DateTime<Utc>,
}

impl OpinionCard {
    /// Parses a filled-in form into a new card. `id` is the new card's id, `now`
    /// the current time; every invalid field is reported, in form order.
    pub fn create(
        id: OpinionCardId,
        input: &OpinionCardInput,
        now: DateTime<Utc>,
    ) -> Result<Self, FieldErrors> {
        let mut errors = Collector::default();
        let content = errors.take(Field::Content, OpinionContent::parse(&input.content));
        let category = errors.take(Field::Category, Category::parse(&input.category));
        let place = errors.take(Field::Place, PlaceName::parse(&input.place));
        let collected_at = errors.take(
            Field::CollectedAt,
            parse_local(&input.collected_at).and_then(|at| check_happened(at, now)),
        );
        errors.finish()?;
        match (content, category, place, collected_at) {
            (Some(content), Some(category), Some(place), Some(collected_at)) => Ok(OpinionCard {
                id,
                content,
                category,
                place,
                collected_at,
            }),
            _ => unreachable!("Collector::finish reports every missing field"),
        }
    }
}

/// The frozen storage and wire form of an opinion card, version 1.
///
/// This is a compatibility promise: IndexedDB on every phone and the server keep
/// records in this shape. Never change a field here; add a version instead and
/// keep reading this one. `tests/golden.rs` holds it to `tests/golden/`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionCardRecord {
    /// Format version: 1.
    pub v: u32,
    /// Hyphenated UUID.
    pub id: String,
    /// Trimmed text, at most 2,000 characters.
    pub content: String,
    /// A [`Category`] code.
    pub category: String,
    /// One line, at most 100 characters.
    pub place: String,
    /// RFC 3339 UTC, seconds (`2026-11-22T01:30:00Z`).
    pub collected_at: String,
}

impl OpinionCardRecord {
    /// The version this build writes.
    pub const VERSION: u32 = 1;
}

impl From<&OpinionCard> for OpinionCardRecord {
    fn from(card: &OpinionCard) -> Self {
        OpinionCardRecord {
            v: Self::VERSION,
            id: card.id.to_string(),
            content: card.content.as_str().to_owned(),
            category: card.category.code().to_owned(),
            place: card.place.as_str().to_owned(),
            collected_at: to_wire(card.collected_at),
        }
    }
}

impl TryFrom<OpinionCardRecord> for OpinionCard {
    type Error = FieldErrors;

    /// Reads a stored or received record, checking it as strictly as a form
    /// (except "not in the future": time has passed since it was written).
    fn try_from(record: OpinionCardRecord) -> Result<Self, Self::Error> {
        let mut errors = Collector::default();
        if record.v != OpinionCardRecord::VERSION {
            errors.take::<()>(
                Field::Version,
                Err(ValidationError::UnsupportedVersion { version: record.v }),
            );
            return errors
                .finish()
                .map(|()| unreachable!("an error was just recorded"));
        }
        let id = errors.take(
            Field::Id,
            record
                .id
                .parse::<OpinionCardId>()
                .map_err(|_| ValidationError::IdInvalid),
        );
        let content = errors.take(Field::Content, OpinionContent::parse(&record.content));
        let category = errors.take(Field::Category, Category::parse(&record.category));
        let place = errors.take(Field::Place, PlaceName::parse(&record.place));
        let collected_at = errors.take(Field::CollectedAt, from_wire(&record.collected_at));
        errors.finish()?;
        match (id, content, category, place, collected_at) {
            (Some(id), Some(content), Some(category), Some(place), Some(collected_at)) => {
                Ok(OpinionCard {
                    id,
                    content,
                    category,
                    place,
                    collected_at,
                })
            }
            _ => unreachable!("Collector::finish reports every missing field"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::from_wire;
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        from_wire("2026-11-22T02:00:00Z").unwrap()
    }

    fn id() -> OpinionCardId {
        "01936f4e-8c2a-7b3d-9f10-123456789abc".parse().unwrap()
    }

    fn input(content: &str, category: &str, place: &str, collected_at: &str) -> OpinionCardInput {
        OpinionCardInput {
            content: content.into(),
            category: category.into(),
            place: place.into(),
            collected_at: collected_at.into(),
        }
    }

    /// One case: a form, and the fields expected to be refused (empty = valid).
    fn check(form: OpinionCardInput, expected: &[(Field, ValidationError)]) {
        let got = OpinionCard::create(id(), &form, now());
        match got {
            Ok(card) => {
                assert!(
                    expected.is_empty(),
                    "{form:?} was accepted, expected {expected:?}"
                );
                assert_eq!(card.content.as_str(), form.content.trim());
            }
            Err(errors) => {
                let got: Vec<_> = errors.0.into_iter().map(|e| (e.field, e.error)).collect();
                assert_eq!(got, expected, "{form:?}");
            }
        }
    }

    #[test]
    fn validation_table() {
        use Field::*;
        use ValidationError::*;
        let long = "很".repeat(2001);
        check(
            input(
                "村口路灯坏了三个月",
                "urban_construction",
                "城关镇工作室",
                "2026-11-22T09:30",
            ),
            &[],
        );
        check(
            input("", "", "", ""),
            &[
                (Content, Required),
                (Category, Required),
                (Place, Required),
                (CollectedAt, Required),
            ],
        );
        check(
            input(&long, "health", "卫生院", "2026-11-22T09:30"),
            &[(Content, TooLong { max: 2000 })],
        );
        check(
            input("意见", "weather", "村委会", "2026-11-22T09:30"),
            &[(Category, UnknownCategory)],
        );
        check(
            input("意见", "health", "村委会", "2026-11-22T10:11"),
            &[(CollectedAt, DateTimeInFuture)],
        );
        check(input("意见", "health", "村委会", "2026-11-22T10:10"), &[]);
        check(
            input("意见", "health", "村委会", "1999-12-31T23:59"),
            &[(CollectedAt, DateTimeTooEarly)],
        );
        check(
            input("意见", "health", "村委会", "yesterday"),
            &[(CollectedAt, DateTimeInvalid)],
        );
    }

    #[test]
    fn records_reject_unknown_versions_and_bad_fields() {
        let card = OpinionCard::create(
            id(),
            &input("意见", "health", "村委会", "2026-11-22T09:30"),
            now(),
        )
        .unwrap();
        let mut record = OpinionCardRecord::from(&card);
        assert_eq!(OpinionCard::try_from(record.clone()), Ok(card));
        record.v = 2;
        let errors = OpinionCard::try_from(record.clone()).unwrap_err();
        assert_eq!(
            errors.get(Field::Version),
            Some(&ValidationError::UnsupportedVersion { version: 2 })
        );
        record.v = 1;
        record.id = "not-an-id".into();
        record.place = String::new();
        let errors = OpinionCard::try_from(record).unwrap_err();
        assert_eq!(errors.get(Field::Id), Some(&ValidationError::IdInvalid));
        assert_eq!(errors.get(Field::Place), Some(&ValidationError::Required));
    }

    prop_compose! {
        fn arb_card()(
            uuid in any::<u128>(),
            content in "[\\p{Han}a-z0-9,。!? \\n]{0,80}[\\p{Han}]",
            category in prop::sample::select(Category::ALL.to_vec()),
            place in "[\\p{Han}]{1,20}",
            secs in 946_684_800i64..2_000_000_000,
        ) -> OpinionCard {
            OpinionCard {
                id: OpinionCardId::from_uuid(uuid::Uuid::from_u128(uuid)),
                content: OpinionContent::parse(&content).unwrap(),
                category,
                place: PlaceName::parse(&place).unwrap(),
                collected_at: DateTime::from_timestamp(secs, 0).unwrap(),
            }
        }
    }

    proptest! {
        #[test]
        fn record_round_trips_through_json(card in arb_card()) {
            let json = serde_json::to_string(&OpinionCardRecord::from(&card)).unwrap();
            let record: OpinionCardRecord = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(OpinionCard::try_from(record), Ok(card));
        }

        #[test]
        fn garbage_json_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Ok(record) = serde_json::from_slice::<OpinionCardRecord>(&bytes) {
                let _ = OpinionCard::try_from(record);
            }
        }
    }
}
