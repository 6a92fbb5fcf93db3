//! The opinion card (社情民意收集卡): one opinion, request or suggestion raised by
//! a member of the public or a party member, as a representative wrote it down.

use crate::choice::choices;
use crate::error::{Collector, check_version};
use crate::phone::parse_optional_phone;
use crate::text::optional;
use crate::time::{check_happened, from_wire, parse_local, to_wire};
use crate::{
    Categories, Category, ContactId, Field, FieldErrors, MobilePhone, OpinionCardId, OpinionContent, PersonName,
    PlaceName, ReceptionCardId, ValidationError,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

choices!(
    /// How urgent an opinion is (紧急程度).
    Urgency {
        /// 一般
        Normal = "normal" => UrgencyNormal,
        /// 紧急
        Urgent = "urgent" => UrgencyUrgent,
    }
);

/// Who raised an opinion (反映人).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RaisedBy {
    /// Not named (the person asked not to be, or it was not recorded).
    Anonymous,
    /// Someone from the contact list.
    Contact {
        /// The contact.
        id: ContactId,
        /// Their name that day.
        name: PersonName,
    },
    /// Someone not in the contact list.
    WalkIn {
        /// Their name.
        name: PersonName,
        /// Their mobile number, if given.
        phone: Option<MobilePhone>,
    },
}

/// The "raised by" fields of a form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RaisedByInput {
    /// `anonymous` (or empty), `contact` or `walk_in`.
    pub kind: String,
    /// The contact's id, for `contact`.
    pub contact_id: String,
    /// The name, for `contact` and `walk_in`.
    pub name: String,
    /// The phone, for `walk_in`; may be empty.
    pub phone: String,
}

impl RaisedByInput {
    fn parse(&self) -> Result<RaisedBy, ValidationError> {
        match self.kind.as_str() {
            "" | "anonymous" => Ok(RaisedBy::Anonymous),
            "contact" => Ok(RaisedBy::Contact {
                id: self.contact_id.parse().map_err(|_| ValidationError::IdInvalid)?,
                name: PersonName::parse(&self.name)?,
            }),
            "walk_in" => {
                Ok(RaisedBy::WalkIn { name: PersonName::parse(&self.name)?, phone: parse_optional_phone(&self.phone)? })
            }
            _ => Err(ValidationError::UnknownChoice),
        }
    }

    /// The form fields for a known raiser.
    pub fn from_raised_by(raised_by: &RaisedBy) -> RaisedByInput {
        match raised_by {
            RaisedBy::Anonymous => RaisedByInput::default(),
            RaisedBy::Contact { id, name } => RaisedByInput {
                kind: "contact".into(),
                contact_id: id.to_string(),
                name: name.as_str().into(),
                phone: String::new(),
            },
            RaisedBy::WalkIn { name, phone } => RaisedByInput {
                kind: "walk_in".into(),
                contact_id: String::new(),
                name: name.as_str().into(),
                phone: phone.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default(),
            },
        }
    }
}

/// What a user typed into the opinion card form, unparsed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpinionCardInput {
    /// The opinion's text.
    pub content: String,
    /// A category code, empty when none is chosen.
    pub category: String,
    /// Where it was collected.
    pub place: String,
    /// When it was collected, China time, as `2026-11-22T09:30`.
    pub collected_at: String,
    /// An [`Urgency`] code; empty means normal.
    pub urgency: String,
    /// Who raised it.
    pub raised_by: RaisedByInput,
    /// The reception card it was raised at, if any.
    pub reception: Option<String>,
    /// Who collected it (the representative or liaison officer); may be empty.
    pub collected_by: String,
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
    /// How urgent it is.
    pub urgency: Urgency,
    /// Who raised it.
    pub raised_by: RaisedBy,
    /// The reception card it was raised at, if any.
    pub reception: Option<ReceptionCardId>,
    /// Who collected it, when recorded (version 3 on; earlier cards did not say).
    pub collected_by: Option<PersonName>,
}

impl OpinionCard {
    /// Parses a filled-in form into a new card. `id` is the new card's id,
    /// `categories` the organisation's list (the card's category must be on it),
    /// `now` the current time; every invalid field is reported, in form order.
    pub fn create(
        id: OpinionCardId,
        input: &OpinionCardInput,
        categories: &Categories,
        now: DateTime<Utc>,
    ) -> Result<Self, FieldErrors> {
        let mut errors = Collector::default();
        let content = errors.take(Field::Content, OpinionContent::parse(&input.content));
        let category = errors.take(Field::Category, categories.choose(&input.category));
        let place = errors.take(Field::Place, PlaceName::parse(&input.place));
        let collected_at =
            errors.take(Field::CollectedAt, parse_local(&input.collected_at).and_then(|at| check_happened(at, now)));
        let urgency = errors.take(
            Field::Urgency,
            if input.urgency.trim().is_empty() { Ok(Urgency::Normal) } else { Urgency::parse(&input.urgency) },
        );
        let raised_by = errors.take(Field::RaisedBy, input.raised_by.parse());
        let reception = errors.take(
            Field::Id,
            input
                .reception
                .as_deref()
                .map(|r| r.parse::<ReceptionCardId>().map_err(|_| ValidationError::IdInvalid))
                .transpose(),
        );
        let collected_by = errors.take(Field::CollectedBy, optional(&input.collected_by, PersonName::parse));
        errors.finish()?;
        match (content, category, place, collected_at, urgency, raised_by, reception, collected_by) {
            (
                Some(content),
                Some(category),
                Some(place),
                Some(collected_at),
                Some(urgency),
                Some(raised_by),
                Some(reception),
                Some(collected_by),
            ) => Ok(OpinionCard {
                id,
                content,
                category,
                place,
                collected_at,
                urgency,
                raised_by,
                reception,
                collected_by,
            }),
            _ => unreachable!("Collector::finish reports every missing field"),
        }
    }

    /// Reads a stored or received opinion card of any known format version.
    pub fn from_json(value: serde_json::Value) -> Result<OpinionCard, FieldErrors> {
        let version = value.get("v").and_then(serde_json::Value::as_u64).unwrap_or(0);
        Self::read(version, value)
    }

    /// [`OpinionCard::from_json`] of a JSON object borrowed, not copied
    /// first: how the server and sync check a body they keep.
    pub fn from_body(body: &serde_json::Map<String, serde_json::Value>) -> Result<OpinionCard, FieldErrors> {
        let version = body.get("v").and_then(serde_json::Value::as_u64).unwrap_or(0);
        Self::read(version, body)
    }

    /// The record of format `version` in `data`, checked.
    fn read<'de, D: serde::Deserializer<'de>>(version: u64, data: D) -> Result<OpinionCard, FieldErrors> {
        let malformed =
            || FieldErrors::one(Field::Version, ValidationError::UnsupportedVersion { version: version as u32 });
        match version {
            1 => OpinionCardRecord::deserialize(data).map_err(|_| malformed())?.try_into(),
            2 => OpinionCardRecordV2::deserialize(data).map_err(|_| malformed())?.try_into(),
            3 => OpinionCardRecordV3::deserialize(data).map_err(|_| malformed())?.try_into(),
            _ => Err(malformed()),
        }
    }

    /// The current storage and wire form.
    pub fn to_record(&self) -> OpinionCardRecordV3 {
        OpinionCardRecordV3::from(self)
    }
}

/// The frozen storage and wire form of an opinion card, version 1 (the walking
/// skeleton). Still read, no longer written: see [`OpinionCardRecordV2`].
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
    /// This format's version.
    pub const VERSION: u32 = 1;
}

/// The storage and wire form of an opinion card, version 2 (field capture):
/// version 1 plus urgency, who raised it and the reception card it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionCardRecordV2 {
    /// Format version: 2.
    pub v: u32,
    /// Hyphenated UUID.
    pub id: String,
    /// Trimmed text, at most 2,000 characters.
    pub content: String,
    /// A [`Category`] code.
    pub category: String,
    /// One line, at most 100 characters.
    pub place: String,
    /// RFC 3339 UTC, seconds.
    pub collected_at: String,
    /// An [`Urgency`] code.
    pub urgency: String,
    /// Who raised it.
    pub raised_by: RaisedBy,
    /// The reception card's id, or empty.
    pub reception: String,
}

impl OpinionCardRecordV2 {
    /// This format's version.
    pub const VERSION: u32 = 2;
}

impl From<&OpinionCard> for OpinionCardRecordV2 {
    fn from(card: &OpinionCard) -> Self {
        OpinionCardRecordV2 {
            v: Self::VERSION,
            id: card.id.to_string(),
            content: card.content.as_str().to_owned(),
            category: card.category.code().to_owned(),
            place: card.place.as_str().to_owned(),
            collected_at: to_wire(card.collected_at),
            urgency: card.urgency.code().to_owned(),
            raised_by: card.raised_by.clone(),
            reception: card.reception.map(|r| r.to_string()).unwrap_or_default(),
        }
    }
}

impl TryFrom<OpinionCardRecordV2> for OpinionCard {
    type Error = FieldErrors;

    fn try_from(r: OpinionCardRecordV2) -> Result<Self, Self::Error> {
        check_version(r.v, OpinionCardRecordV2::VERSION)?;
        let v1 = OpinionCardRecord {
            v: OpinionCardRecord::VERSION,
            id: r.id,
            content: r.content,
            category: r.category,
            place: r.place,
            collected_at: r.collected_at,
        };
        let mut card = OpinionCard::try_from(v1)?;
        card.urgency = Urgency::parse(&r.urgency).map_err(|e| FieldErrors::one(Field::Urgency, e))?;
        card.raised_by = r.raised_by;
        card.reception =
            optional(&r.reception, |s| s.parse::<ReceptionCardId>().map_err(|_| ValidationError::IdInvalid))
                .map_err(|e| FieldErrors::one(Field::Id, e))?;
        Ok(card)
    }
}

/// The storage and wire form of an opinion card, version 3 (written now):
/// version 2 plus who collected it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionCardRecordV3 {
    /// Format version: 3.
    pub v: u32,
    /// Hyphenated UUID.
    pub id: String,
    /// Trimmed text, at most 2,000 characters.
    pub content: String,
    /// A [`Category`] code.
    pub category: String,
    /// One line, at most 100 characters.
    pub place: String,
    /// RFC 3339 UTC, seconds.
    pub collected_at: String,
    /// An [`Urgency`] code.
    pub urgency: String,
    /// Who raised it.
    pub raised_by: RaisedBy,
    /// The reception card's id, or empty.
    pub reception: String,
    /// Who collected it, or empty when not recorded.
    pub collected_by: String,
}

impl OpinionCardRecordV3 {
    /// This format's version.
    pub const VERSION: u32 = 3;
}

impl From<&OpinionCard> for OpinionCardRecordV3 {
    fn from(card: &OpinionCard) -> Self {
        let v2 = OpinionCardRecordV2::from(card);
        OpinionCardRecordV3 {
            v: Self::VERSION,
            id: v2.id,
            content: v2.content,
            category: v2.category,
            place: v2.place,
            collected_at: v2.collected_at,
            urgency: v2.urgency,
            raised_by: v2.raised_by,
            reception: v2.reception,
            collected_by: card.collected_by.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default(),
        }
    }
}

impl TryFrom<OpinionCardRecordV3> for OpinionCard {
    type Error = FieldErrors;

    /// Read as version 2, then who collected it.
    fn try_from(r: OpinionCardRecordV3) -> Result<Self, Self::Error> {
        check_version(r.v, OpinionCardRecordV3::VERSION)?;
        let collected_by =
            optional(&r.collected_by, PersonName::parse).map_err(|e| FieldErrors::one(Field::CollectedBy, e))?;
        let v2 = OpinionCardRecordV2 {
            v: OpinionCardRecordV2::VERSION,
            id: r.id,
            content: r.content,
            category: r.category,
            place: r.place,
            collected_at: r.collected_at,
            urgency: r.urgency,
            raised_by: r.raised_by,
            reception: r.reception,
        };
        Ok(OpinionCard { collected_by, ..OpinionCard::try_from(v2)? })
    }
}

impl TryFrom<OpinionCardRecord> for OpinionCard {
    type Error = FieldErrors;

    /// Reads a stored or received record, checking it as strictly as a form
    /// (except "not in the future": time has passed since it was written).
    /// Version 1 had no urgency, raiser or reception: they read as normal,
    /// anonymous and none.
    fn try_from(record: OpinionCardRecord) -> Result<Self, Self::Error> {
        let mut errors = Collector::default();
        if record.v != OpinionCardRecord::VERSION {
            errors.take::<()>(Field::Version, Err(ValidationError::UnsupportedVersion { version: record.v }));
            return errors.finish().map(|()| unreachable!("an error was just recorded"));
        }
        let id = errors.take(Field::Id, record.id.parse::<OpinionCardId>().map_err(|_| ValidationError::IdInvalid));
        let content = errors.take(Field::Content, OpinionContent::parse(&record.content));
        let category = errors.take(Field::Category, Category::parse(&record.category));
        let place = errors.take(Field::Place, PlaceName::parse(&record.place));
        let collected_at = errors.take(Field::CollectedAt, from_wire(&record.collected_at));
        errors.finish()?;
        match (id, content, category, place, collected_at) {
            (Some(id), Some(content), Some(category), Some(place), Some(collected_at)) => Ok(OpinionCard {
                id,
                content,
                category,
                place,
                collected_at,
                urgency: Urgency::Normal,
                raised_by: RaisedBy::Anonymous,
                reception: None,
                collected_by: None,
            }),
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
            ..OpinionCardInput::default()
        }
    }

    /// One case: a form, and the fields expected to be refused (empty = valid).
    fn check(form: OpinionCardInput, expected: &[(Field, ValidationError)]) {
        let got = OpinionCard::create(id(), &form, &Categories::preset(), now());
        match got {
            Ok(card) => {
                assert!(expected.is_empty(), "{form:?} was accepted, expected {expected:?}");
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
        check(input("村口路灯坏了三个月", "urban_construction", "城关镇工作室", "2026-11-22T09:30"), &[]);
        check(
            input("", "", "", ""),
            &[(Content, Required), (Category, Required), (Place, Required), (CollectedAt, Required)],
        );
        check(input(&long, "health", "卫生院", "2026-11-22T09:30"), &[(Content, TooLong { max: 2000 })]);
        check(input("意见", "weather", "村委会", "2026-11-22T09:30"), &[(Category, UnknownCategory)]);
        check(input("意见", "health", "村委会", "2026-11-22T10:11"), &[(CollectedAt, DateTimeInFuture)]);
        check(input("意见", "health", "村委会", "2026-11-22T10:10"), &[]);
        check(input("意见", "health", "村委会", "1999-12-31T23:59"), &[(CollectedAt, DateTimeTooEarly)]);
        check(input("意见", "health", "村委会", "yesterday"), &[(CollectedAt, DateTimeInvalid)]);
    }

    #[test]
    fn a_new_card_takes_only_a_category_its_organisation_offers() {
        let own = Categories::new(vec![crate::CategoryDef::parse("rural_roads", "农村道路", "").unwrap()]).unwrap();
        let create =
            |code: &str| OpinionCard::create(id(), &input("意见", code, "村委会", "2026-11-22T09:30"), &own, now());
        assert_eq!(create("rural_roads").unwrap().category.code(), "rural_roads");
        let refused = create("health").unwrap_err();
        assert_eq!(refused.get(Field::Category), Some(&ValidationError::UnknownCategory));
        // A stored card keeps a category the organisation no longer offers.
        let stored = OpinionCard::create(
            id(),
            &input("意见", "health", "村委会", "2026-11-22T09:30"),
            &Categories::preset(),
            now(),
        )
        .unwrap();
        assert_eq!(OpinionCard::try_from(stored.to_record()).unwrap().category.code(), "health");
    }

    #[test]
    fn records_reject_unknown_versions_and_bad_fields() {
        let card = OpinionCard::create(
            id(),
            &input("意见", "health", "村委会", "2026-11-22T09:30"),
            &Categories::preset(),
            now(),
        )
        .unwrap();
        let mut record = OpinionCardRecord {
            v: 1,
            id: card.id.to_string(),
            content: card.content.as_str().into(),
            category: card.category.code().into(),
            place: card.place.as_str().into(),
            collected_at: to_wire(card.collected_at),
        };
        assert_eq!(OpinionCard::try_from(record.clone()), Ok(card));
        record.v = 2;
        let errors = OpinionCard::try_from(record.clone()).unwrap_err();
        assert_eq!(errors.get(Field::Version), Some(&ValidationError::UnsupportedVersion { version: 2 }));
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
            category in prop::sample::select(Categories::preset().defs().iter().map(|d| d.code.clone()).collect::<Vec<_>>()),
            place in "[\\p{Han}]{1,20}",
            secs in 946_684_800i64..2_000_000_000,
            urgency in prop::sample::select(Urgency::ALL.to_vec()),
            raised_by in prop_oneof![
                Just(RaisedBy::Anonymous),
                (any::<u128>(), "[\\p{Han}]{1,4}").prop_map(|(id, name)| RaisedBy::Contact {
                    id: ContactId::from_uuid(uuid::Uuid::from_u128(id)),
                    name: PersonName::parse(&name).unwrap(),
                }),
                ("[\\p{Han}]{1,4}", proptest::option::of(13_000_000_000u64..20_000_000_000)).prop_map(|(name, phone)| RaisedBy::WalkIn {
                    name: PersonName::parse(&name).unwrap(),
                    phone: phone.map(|p| MobilePhone::parse(&p.to_string()).unwrap()),
                }),
            ],
            reception in proptest::option::of(any::<u128>()),
            collected_by in proptest::option::of("[\\p{Han}]{2,4}"),
        ) -> OpinionCard {
            OpinionCard {
                id: OpinionCardId::from_uuid(uuid::Uuid::from_u128(uuid)),
                content: OpinionContent::parse(&content).unwrap(),
                category,
                place: PlaceName::parse(&place).unwrap(),
                collected_at: DateTime::from_timestamp(secs, 0).unwrap(),
                urgency,
                raised_by,
                reception: reception.map(|r| ReceptionCardId::from_uuid(uuid::Uuid::from_u128(r))),
                collected_by: collected_by.map(|n| PersonName::parse(&n).unwrap()),
            }
        }
    }

    proptest! {
        #[test]
        fn record_round_trips_through_json(card in arb_card()) {
            let json = serde_json::to_string(&card.to_record()).unwrap();
            prop_assert_eq!(OpinionCard::from_json(serde_json::from_str(&json).unwrap()), Ok(card));
        }

        #[test]
        fn garbage_json_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) {
                let _ = OpinionCard::from_json(value);
            }
        }
    }
}
