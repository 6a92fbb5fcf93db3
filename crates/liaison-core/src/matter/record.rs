//! The frozen storage and wire forms of a matter and of an audit event,
//! version 1. These are compatibility promises: the server's database and the
//! phones keep them. Never change a field; add a version and keep reading this
//! one. `tests/golden.rs` holds both to `tests/golden/`.
//!
//! Nested values are validated types whose serialised forms are strings,
//! numbers and small objects (ids as hyphenated UUIDs, days as `YYYY-MM-DD`,
//! instants as RFC 3339 UTC seconds, choices as their codes); reading one
//! checks it.

use super::parts::{Closure, Evaluation, ExtensionRequest, Information, Informed, Reply};
use super::{Action, AuditEvent, Matter, MatterState};
use crate::account::Role;
use crate::error::{check_version, unsupported, version_of};
use crate::{
    Category, DeviceId, Field, FieldErrors, MatterId, OpinionCardId, OrganisationId, Reason, Urgency, UserId,
    ValidationError,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A matter, version 1. Field by field as [`Matter`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct MatterRecordV1 {
    /// Format version: 1.
    pub v: u32,
    pub id: MatterId,
    pub organisation: OrganisationId,
    pub opinions: Vec<OpinionCardId>,
    pub collector: UserId,
    pub category: Category,
    pub urgency: Urgency,
    #[serde(with = "crate::time::wire")]
    pub collected_at: DateTime<Utc>,
    #[serde(with = "crate::time::wire")]
    pub received_at: DateTime<Utc>,
    pub state: MatterState,
    pub unit: Option<OrganisationId>,
    #[serde(with = "wire_option")]
    pub dispatched_at: Option<DateTime<Utc>>,
    pub due_on: Option<NaiveDate>,
    pub extension: Option<ExtensionRequest>,
    pub reply: Option<Reply>,
    pub informed: Option<Informed>,
    pub evaluation: Option<Evaluation>,
    pub rework_reason: Option<Reason>,
    pub rework_count: u32,
    pub closure: Option<Closure>,
    pub merged_into: Option<MatterId>,
    pub forwarded_from: Option<OrganisationId>,
    pub information: Option<Information>,
    pub version: u32,
}

impl MatterRecordV1 {
    /// This format's version.
    pub const VERSION: u32 = 1;
}

impl From<&Matter> for MatterRecordV1 {
    fn from(m: &Matter) -> Self {
        let m = m.clone();
        MatterRecordV1 {
            v: Self::VERSION,
            id: m.id,
            organisation: m.organisation,
            opinions: m.opinions,
            collector: m.collector,
            category: m.category,
            urgency: m.urgency,
            collected_at: m.collected_at,
            received_at: m.received_at,
            state: m.state,
            unit: m.unit,
            dispatched_at: m.dispatched_at,
            due_on: m.due_on,
            extension: m.extension,
            reply: m.reply,
            informed: m.informed,
            evaluation: m.evaluation,
            rework_reason: m.rework_reason,
            rework_count: m.rework_count,
            closure: m.closure,
            merged_into: m.merged_into,
            forwarded_from: m.forwarded_from,
            information: m.information,
            version: m.version,
        }
    }
}

impl TryFrom<MatterRecordV1> for Matter {
    type Error = FieldErrors;

    /// Checks the version and that it covers at least one opinion card.
    fn try_from(r: MatterRecordV1) -> Result<Self, Self::Error> {
        check_version(r.v, MatterRecordV1::VERSION)?;
        if r.opinions.is_empty() {
            return Err(FieldErrors::one(Field::Opinions, ValidationError::Required));
        }
        Ok(Matter {
            id: r.id,
            organisation: r.organisation,
            opinions: r.opinions,
            collector: r.collector,
            category: r.category,
            urgency: r.urgency,
            collected_at: r.collected_at,
            received_at: r.received_at,
            state: r.state,
            unit: r.unit,
            dispatched_at: r.dispatched_at,
            due_on: r.due_on,
            extension: r.extension,
            reply: r.reply,
            informed: r.informed,
            evaluation: r.evaluation,
            rework_reason: r.rework_reason,
            rework_count: r.rework_count,
            closure: r.closure,
            merged_into: r.merged_into,
            forwarded_from: r.forwarded_from,
            information: r.information,
            version: r.version,
        })
    }
}

impl Matter {
    /// The current storage and wire form.
    pub fn to_record(&self) -> MatterRecordV1 {
        MatterRecordV1::from(self)
    }

    /// Reads a stored or received matter of any known format version.
    pub fn from_json(value: serde_json::Value) -> Result<Matter, FieldErrors> {
        let version = version_of(&value);
        let malformed = || unsupported(version);
        match version {
            1 => serde_json::from_value::<MatterRecordV1>(value).map_err(|_| malformed())?.try_into(),
            _ => Err(malformed()),
        }
    }
}

/// An audit event, version 1. `action` is the [`Action`] tagged by `kind`,
/// with what it carried (the details).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct AuditEventRecordV1 {
    /// Format version: 1.
    pub v: u32,
    pub matter: MatterId,
    pub seq: u32,
    pub actor: UserId,
    pub device: Option<DeviceId>,
    pub role: Role,
    #[serde(with = "crate::time::wire")]
    pub at: DateTime<Utc>,
    pub before: MatterState,
    pub after: MatterState,
    pub action: Action,
}

impl AuditEventRecordV1 {
    /// This format's version.
    pub const VERSION: u32 = 1;
}

impl From<&AuditEvent> for AuditEventRecordV1 {
    fn from(e: &AuditEvent) -> Self {
        AuditEventRecordV1 {
            v: Self::VERSION,
            matter: e.matter,
            seq: e.seq,
            actor: e.actor,
            device: e.device,
            role: e.role,
            at: e.at,
            before: e.before,
            after: e.after,
            action: e.action.clone(),
        }
    }
}

impl TryFrom<AuditEventRecordV1> for AuditEvent {
    type Error = FieldErrors;

    fn try_from(r: AuditEventRecordV1) -> Result<Self, Self::Error> {
        check_version(r.v, AuditEventRecordV1::VERSION)?;
        Ok(AuditEvent {
            matter: r.matter,
            seq: r.seq,
            actor: r.actor,
            device: r.device,
            role: r.role,
            at: r.at,
            before: r.before,
            after: r.after,
            action: r.action,
        })
    }
}

impl AuditEvent {
    /// The current storage and wire form.
    pub fn to_record(&self) -> AuditEventRecordV1 {
        AuditEventRecordV1::from(self)
    }
}

/// Serde for an optional instant in the wire form (`null` when absent).
mod wire_option {
    use crate::time::{from_wire, to_wire};
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub(super) fn serialize<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => s.serialize_some(&to_wire(*at)),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<String>::deserialize(d)?.map(|s| from_wire(&s).map_err(D::Error::custom)).transpose()
    }
}
