//! What the collector's phone asks of a matter, offline: that the person who
//! raised the opinion was told the reply (反馈), and their verdict (评价).
//!
//! A [`MatterRequest`] is made from the phone's form ([`MatterRequest::informed`],
//! [`MatterRequest::evaluation`]), kept on the phone and sent through sync like a
//! card (create only). The server applies its [`Action`] with
//! [`apply`](super::apply) as the collector, at the server's time, in the
//! transaction that receives it; a refusal comes back as the sync rejection
//! of that record, with the [`TransitionError`](super::TransitionError)'s key.
//!
//! Only these two actions travel this way; [`MatterRequest::from_json`]
//! refuses any other. Frozen as [`MatterRequestRecordV1`] by `tests/golden.rs`.

use super::kinds::{InformedHow, Satisfaction};
use super::{Action, ActionKind};
use crate::error::{Collector, check_version, unsupported, version_of};
use crate::time::{check_happened, parse_local};
use crate::{Field, FieldErrors, MatterId, MatterRequestId, Reason, ValidationError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A request from the collector's phone about a matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatterRequest {
    /// Made on the phone.
    pub id: MatterRequestId,
    /// The matter it is about.
    pub matter: MatterId,
    /// What to do: [`Action::RecordInformed`] or [`Action::RecordEvaluation`].
    pub action: Action,
    /// When the phone made it (the phone's clock: for display only).
    pub made_at: DateTime<Utc>,
}

/// The record of a [`MatterRequest`], version 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct MatterRequestRecordV1 {
    /// Format version: 1.
    pub v: u32,
    pub id: MatterRequestId,
    pub matter: MatterId,
    pub action: Action,
    #[serde(with = "crate::time::wire")]
    pub made_at: DateTime<Utc>,
}

impl MatterRequestRecordV1 {
    /// This format's version.
    pub const VERSION: u32 = 1;
}

impl MatterRequest {
    /// "The person was told": `how` is an [`InformedHow`] code, `when` the
    /// form's China-time `YYYY-MM-DDTHH:MM`, not in the future at `now`.
    pub fn informed(
        id: MatterRequestId,
        matter: MatterId,
        how: &str,
        when: &str,
        now: DateTime<Utc>,
    ) -> Result<MatterRequest, FieldErrors> {
        let mut errors = Collector::default();
        let how = errors.take(Field::InformedHow, InformedHow::parse(how));
        let when = errors.take(Field::InformedAt, parse_local(when).and_then(|at| check_happened(at, now)));
        errors.finish()?;
        match (how, when) {
            (Some(how), Some(when)) => {
                Ok(MatterRequest { id, matter, action: Action::RecordInformed { how, when }, made_at: now })
            }
            _ => unreachable!("every field parsed"),
        }
    }

    /// The person's verdict: `satisfaction` is a [`Satisfaction`] code;
    /// `reason` may be empty except for 不满意, which always needs one.
    pub fn evaluation(
        id: MatterRequestId,
        matter: MatterId,
        satisfaction: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<MatterRequest, FieldErrors> {
        let mut errors = Collector::default();
        let satisfaction = errors.take(Field::Satisfaction, Satisfaction::parse(satisfaction));
        let reason = match (satisfaction, reason.trim()) {
            (Some(Satisfaction::NotSatisfied), "") => errors.take(Field::Reason, Err(ValidationError::Required)),
            (_, "") => Some(None),
            (_, text) => errors.take(Field::Reason, Reason::parse(text).map(Some)),
        };
        errors.finish()?;
        match (satisfaction, reason) {
            (Some(satisfaction), Some(reason)) => Ok(MatterRequest {
                id,
                matter,
                action: Action::RecordEvaluation { satisfaction, reason },
                made_at: now,
            }),
            _ => unreachable!("every field parsed"),
        }
    }

    /// The current storage and wire form.
    pub fn to_record(&self) -> MatterRequestRecordV1 {
        MatterRequestRecordV1 {
            v: MatterRequestRecordV1::VERSION,
            id: self.id,
            matter: self.matter,
            action: self.action.clone(),
            made_at: self.made_at,
        }
    }

    /// Reads a stored or received request of any known version; a request for
    /// any action but the two a phone may ask is refused.
    pub fn from_json(value: serde_json::Value) -> Result<MatterRequest, FieldErrors> {
        let version = version_of(&value);
        let unsupported = || unsupported(version);
        let record: MatterRequestRecordV1 = match version {
            1 => serde_json::from_value(value).map_err(|_| unsupported())?,
            _ => return Err(unsupported()),
        };
        check_version(record.v, MatterRequestRecordV1::VERSION)?;
        if !matches!(record.action.kind(), ActionKind::RecordInformed | ActionKind::RecordEvaluation) {
            return Err(FieldErrors::one(Field::Action, ValidationError::UnknownChoice));
        }
        Ok(MatterRequest { id: record.id, matter: record.matter, action: record.action, made_at: record.made_at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matter::fixtures::*;

    fn ids() -> (MatterRequestId, MatterId) {
        (MatterRequestId::from_uuid(uuid::Uuid::from_u128(7)), matter_id())
    }

    #[test]
    fn the_form_becomes_a_request_or_every_error_at_once() {
        let (id, matter) = ids();
        let now = at("2026-11-25T04:00:00Z");
        let told = MatterRequest::informed(id, matter, "phone", "2026-11-25T11:30", now).unwrap();
        assert_eq!(
            told.action,
            Action::RecordInformed { how: InformedHow::Phone, when: at("2026-11-25T03:30:00Z") },
            "China time in the form"
        );
        let errors = MatterRequest::informed(id, matter, "", "2026-11-26T11:30", now).unwrap_err();
        assert_eq!(errors.get(Field::InformedHow), Some(&ValidationError::Required));
        assert_eq!(errors.get(Field::InformedAt), Some(&ValidationError::DateTimeInFuture));
        let errors = MatterRequest::evaluation(id, matter, "not_satisfied", "  ", now).unwrap_err();
        assert_eq!(errors.get(Field::Reason), Some(&ValidationError::Required));
        let ok = MatterRequest::evaluation(id, matter, "basically_satisfied", "", now).unwrap();
        assert_eq!(
            ok.action,
            Action::RecordEvaluation { satisfaction: Satisfaction::BasicallySatisfied, reason: None }
        );
        assert!(MatterRequest::evaluation(id, matter, "happy", "", now).is_err());
    }

    #[test]
    fn only_the_collectors_two_actions_are_read() {
        let (id, matter) = ids();
        let now = at("2026-11-25T04:00:00Z");
        let request = MatterRequest::evaluation(id, matter, "not_satisfied", "还有一盏没修", now).unwrap();
        let json = serde_json::to_value(request.to_record()).unwrap();
        assert_eq!(MatterRequest::from_json(json.clone()).unwrap(), request);
        let mut close = json.clone();
        close["action"] = serde_json::json!({ "kind": "close" });
        assert_eq!(
            MatterRequest::from_json(close).unwrap_err().get(Field::Action),
            Some(&ValidationError::UnknownChoice)
        );
        let mut later = json;
        later["v"] = 2.into();
        assert!(MatterRequest::from_json(later).is_err());
    }
}
