//! What the phone of the representative who collected an opinion is told of
//! its matter (件件有回音): where it is, the reply once the office has
//! accepted it, how the person was told, their verdict, how it closed.
//!
//! The server writes a [`MatterStatusRecordV1`] into the collector's sync log
//! at every change of the matter, and the status of each duplicate merged
//! into it into the log of that duplicate's collector
//! ([`MatterStatusRecordV1::of_merged`]); the phone only reads it. It is a view, not
//! the matter: no unit ids, no deadlines, no internal notes, no reply the office
//! has not accepted (a reply sent back never reaches the phone), and the
//! reason of a rework only when the person's own verdict caused it.
//!
//! Frozen by `tests/golden.rs` (`matter_status_v1.json`): never change a field,
//! add a version.

use super::parts::{Closure, Evaluation, Informed};
use super::{Matter, MatterState};
use crate::error::{check_version, unsupported, version_of};
use crate::{Field, FieldErrors, MatterId, OpinionCardId, OrganisationName, ReplyText, ValidationError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A reply as the collector sees it: its words, who answered and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusReply {
    /// What it says.
    pub text: ReplyText,
    /// The unit that answered; none when the office answered directly.
    pub unit_name: Option<OrganisationName>,
    /// When it was submitted.
    #[serde(with = "crate::time::wire")]
    pub at: DateTime<Utc>,
}

/// A matter's status for the collector's phone, version 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatterStatusRecordV1 {
    /// Format version: 1.
    pub v: u32,
    /// The matter's id (the record's id in the sync log).
    pub id: MatterId,
    /// The opinion cards it covers (the first is the one it was made from).
    pub opinions: Vec<OpinionCardId>,
    /// Where it is.
    pub state: MatterState,
    /// The matter's version this status was made from (its event count).
    pub version: u32,
    /// When the matter last changed.
    #[serde(with = "crate::time::wire")]
    pub updated_at: DateTime<Utc>,
    /// The reply, once the office accepted it.
    pub reply: Option<StatusReply>,
    /// How the person was told, once they were.
    pub informed: Option<Informed>,
    /// The person's latest verdict.
    pub evaluation: Option<Evaluation>,
    /// How it closed, while closed.
    pub closure: Option<Closure>,
    /// The matter it was merged into, when it is a duplicate.
    pub merged_into: Option<MatterId>,
}

impl MatterStatusRecordV1 {
    /// This format's version.
    pub const VERSION: u32 = 1;

    /// The status of `matter` at `updated_at`; `unit_name` names the unit of
    /// its reply (the caller looks it up).
    pub fn of(matter: &Matter, unit_name: Option<OrganisationName>, updated_at: DateTime<Utc>) -> Self {
        let accepted = matches!(
            matter.state,
            MatterState::ReplyAccepted | MatterState::PersonInformed | MatterState::Evaluated | MatterState::Closed
        );
        let reply = matter.reply.as_ref().filter(|_| accepted).map(|r| StatusReply {
            text: r.text.clone(),
            unit_name: r.unit.and(unit_name),
            at: r.at,
        });
        MatterStatusRecordV1 {
            v: Self::VERSION,
            id: matter.id,
            opinions: matter.opinions.clone(),
            state: matter.state,
            version: matter.version,
            updated_at,
            reply,
            informed: matter.informed.clone(),
            evaluation: matter.evaluation.clone(),
            closure: matter.closure.clone(),
            merged_into: matter.merged_into,
        }
    }

    /// The status of `duplicate`, merged into `target`: still merged, but
    /// with the target's reply once the office accepted it and how the target
    /// closed, so that the representative who collected the duplicate can
    /// tell their person too (件件有回音). The verdict stays the target's
    /// collector's to record. `unit_name` names the unit of the target's reply.
    pub fn of_merged(
        duplicate: &Matter,
        target: &Matter,
        unit_name: Option<OrganisationName>,
        updated_at: DateTime<Utc>,
    ) -> Self {
        let handled = Self::of(target, unit_name, updated_at);
        MatterStatusRecordV1 { reply: handled.reply, closure: handled.closure, ..Self::of(duplicate, None, updated_at) }
    }

    /// Reads a status of any known version (the phone reads what the server
    /// sends with this), checking it covers at least one card.
    pub fn from_json(value: serde_json::Value) -> Result<Self, FieldErrors> {
        let version = version_of(&value);
        Self::read(version, value)
    }

    /// [`MatterStatusRecordV1::from_json`] of a JSON object borrowed, not
    /// copied first: how sync checks the statuses a phone pulls.
    pub fn from_body(body: &serde_json::Map<String, serde_json::Value>) -> Result<Self, FieldErrors> {
        let version = body.get("v").and_then(serde_json::Value::as_u64).unwrap_or(0);
        Self::read(version, body)
    }

    /// The status of format `version` in `data`, checked.
    fn read<'de, D: serde::Deserializer<'de>>(version: u64, data: D) -> Result<Self, FieldErrors> {
        let unsupported = || unsupported(version);
        let record: MatterStatusRecordV1 = match version {
            1 => MatterStatusRecordV1::deserialize(data).map_err(|_| unsupported())?,
            _ => return Err(unsupported()),
        };
        check_version(record.v, Self::VERSION)?;
        if record.opinions.is_empty() {
            return Err(FieldErrors::one(Field::Opinions, ValidationError::Required));
        }
        Ok(record)
    }

    /// Whether the collector has something to do: tell the person the reply,
    /// or record their verdict.
    pub fn awaits_collector(&self) -> bool {
        matches!(self.state, MatterState::ReplyAccepted | MatterState::PersonInformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matter::fixtures::*;

    #[test]
    fn a_reply_reaches_the_phone_only_once_accepted() {
        let unit_name = || Some(OrganisationName::parse("县住建局").unwrap());
        let replied = MatterStatusRecordV1::of(&in_state(MatterState::Replied), unit_name(), time(4));
        assert_eq!(replied.state, MatterState::Replied);
        assert_eq!(replied.reply, None, "the office has not reviewed it");
        assert!(!replied.awaits_collector());
        let accepted = MatterStatusRecordV1::of(&in_state(MatterState::ReplyAccepted), unit_name(), time(5));
        let reply = accepted.reply.clone().unwrap();
        assert_eq!(reply.text.as_str(), "路灯已于本周修复。");
        assert_eq!(reply.unit_name, unit_name());
        assert!(accepted.awaits_collector());
        let json = serde_json::to_value(&accepted).unwrap();
        assert_eq!(MatterStatusRecordV1::from_body(json.as_object().unwrap()).unwrap(), accepted);
        assert_eq!(MatterStatusRecordV1::from_json(json).unwrap(), accepted);
        let closed = MatterStatusRecordV1::of(&in_state(MatterState::Closed), unit_name(), time(8));
        assert!(closed.reply.is_some() && closed.evaluation.is_some() && closed.closure.is_some());
        let reopened = MatterStatusRecordV1::of(&in_state(MatterState::Reopened), unit_name(), time(9));
        assert_eq!(reopened.closure, None);
    }

    #[test]
    fn a_merged_duplicate_is_told_the_reply_of_the_matter_it_joined() {
        let mut duplicate = in_state(MatterState::Merged);
        duplicate.reply = None;
        duplicate.closure = None;
        let replied = MatterStatusRecordV1::of_merged(&duplicate, &in_state(MatterState::Replied), None, time(4));
        assert_eq!((replied.state, replied.reply), (MatterState::Merged, None), "not before the office accepts it");
        let target = in_state(MatterState::Closed);
        let status = MatterStatusRecordV1::of_merged(&duplicate, &target, None, time(9));
        assert_eq!(status.id, duplicate.id);
        assert_eq!(status.state, MatterState::Merged);
        assert_eq!(status.opinions, duplicate.opinions);
        assert_eq!(status.reply.unwrap().text.as_str(), "路灯已于本周修复。");
        assert_eq!(status.closure, target.closure);
        assert_eq!((status.informed, status.evaluation), (None, None), "the target's collector records those");
        assert!(!MatterStatusRecordV1::of_merged(&duplicate, &target, None, time(9)).awaits_collector());
    }

    #[test]
    fn unknown_versions_and_empty_statuses_are_refused() {
        let status = MatterStatusRecordV1::of(&in_state(MatterState::Dispatched), None, time(2));
        let mut json = serde_json::to_value(&status).unwrap();
        json["v"] = 2.into();
        assert!(MatterStatusRecordV1::from_json(json.clone()).is_err());
        assert!(MatterStatusRecordV1::from_body(json.as_object().unwrap()).is_err());
        json["v"] = 1.into();
        json["opinions"] = serde_json::json!([]);
        assert_eq!(
            MatterStatusRecordV1::from_body(json.as_object().unwrap()).unwrap_err().get(Field::Opinions),
            Some(&ValidationError::Required)
        );
        assert_eq!(
            MatterStatusRecordV1::from_json(json).unwrap_err().get(Field::Opinions),
            Some(&ValidationError::Required)
        );
    }
}
