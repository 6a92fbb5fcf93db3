//! The wire format: what a phone sends (`SyncRequest`) and what the server
//! answers (`SyncResponse`), as JSON.
//!
//! Version 2 is version 1 with two more collections: `matter_status` (what the
//! server tells the collector of an opinion about its matter), which only the
//! server writes, and `matter_request` (what the collector's phone asks of
//! it: the person was told, their verdict), created by phones only. The server answers each request in the request's version: a
//! version-1 phone is never sent a collection it does not know (its cursor
//! still moves past them).
//!
//! Version 3 adds `document`: the proposals, research reports and yearly
//! reports a representative records on the phone (`DocumentRecordV1`),
//! immutable like cards. A version-2 phone is answered in version 2, without
//! them.
//!
//! This is a compatibility promise, like the core's records: every struct refuses
//! unknown fields, every id is a lowercase hyphenated UUID, and
//! `tests/golden.rs` holds each type to the files in `tests/golden/`. A change is
//! a new version read alongside this one, never an edit.
//!
//! [`decode_request`] and [`decode_response`] are the only ways bytes become
//! these types: they refuse oversize payloads, unknown versions, malformed JSON
//! and requests that break the protocol's rules (sequence numbers, immutable
//! collections) before anything looks at the content.

use chrono::{DateTime, Utc};
use liaison_i18n::Msg;
use serde::de;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use thiserror::Error;
use uuid::Uuid;

/// The protocol version this build speaks.
pub const VERSION: u32 = 3;

/// The oldest version the server still answers.
pub const OLDEST_VERSION: u32 = 1;

/// A record's body: the core's frozen record (`OpinionCardRecordV3`,
/// `ContactRecord` …) as a JSON object.
pub type Body = Map<String, Value>;

/// Reads a UUID in its one accepted spelling: lowercase and hyphenated.
fn parse_uuid(s: &str) -> Option<Uuid> {
    let spelled = s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => matches!(b, b'0'..=b'9' | b'a'..=b'f'),
        });
    if spelled { Uuid::try_parse(s).ok() } else { None }
}

/// Serde for UUIDs in the one accepted spelling.
mod strict_uuid {
    use super::*;

    pub fn serialize<S: Serializer>(uuid: &Uuid, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&uuid.hyphenated())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Uuid, D::Error> {
        // Owned: a borrowed `&str` fails on escaped text and on non-JSON sources.
        let s = String::deserialize(d)?;
        parse_uuid(&s).ok_or_else(|| de::Error::custom("not a lowercase hyphenated UUID"))
    }
}

/// A string that is not a lowercase hyphenated UUID, or not a cursor.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("not a valid {what}: {text:?}")]
pub struct ParseError {
    /// What was expected (`device id`, `cursor`).
    pub what: &'static str,
    /// What was found.
    pub text: String,
}

/// The id of a device (a phone's installation of the app), made by the device
/// (UUIDv7) when it first syncs. Mutation sequence numbers count per device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeviceId(Uuid);

impl DeviceId {
    /// Wraps an id made by the caller.
    pub fn from_uuid(uuid: Uuid) -> Self {
        DeviceId(uuid)
    }

    /// The UUID inside.
    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl FromStr for DeviceId {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_uuid(s).map(DeviceId).ok_or_else(|| ParseError { what: "device id", text: s.to_owned() })
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl Serialize for DeviceId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        strict_uuid::serialize(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for DeviceId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        strict_uuid::deserialize(d).map(DeviceId)
    }
}

/// The number of a device's mutation: 1 for its first, then strictly
/// increasing. With the device id it names the mutation on the server, so a
/// re-sent mutation is recognised and answered again instead of applied twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MutationSeq(pub u64);

impl MutationSeq {
    /// A device's first mutation.
    pub const FIRST: MutationSeq = MutationSeq(1);

    /// The number after this one.
    pub fn next(self) -> MutationSeq {
        MutationSeq(self.0 + 1)
    }
}

/// A kind of record that syncs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Collection {
    /// Opinion cards (社情民意收集卡): immutable once submitted.
    OpinionCard,
    /// Reception record cards (接待、约见活动记录卡): immutable once submitted.
    ReceptionCard,
    /// Addenda to submitted cards: immutable.
    Addendum,
    /// Photo descriptions: immutable (the bytes travel apart, by SHA-256).
    Photo,
    /// Contacts: mutable, field by field.
    Contact,
    /// What the collector of an opinion is told of its matter
    /// (`MatterStatusRecordV1`): written by the server only, replaced as the
    /// matter moves (version 2).
    MatterStatus,
    /// What the collector's phone asks of a matter (`MatterRequestRecordV1`):
    /// immutable, applied by the server when it arrives (version 2).
    MatterRequest,
    /// A document the representative submitted (a proposal, a research
    /// report, a yearly report: `DocumentRecordV1`): immutable (version 3).
    Document,
}

impl Collection {
    /// Every collection.
    pub const ALL: [Collection; 8] = [
        Collection::OpinionCard,
        Collection::ReceptionCard,
        Collection::Addendum,
        Collection::Photo,
        Collection::Contact,
        Collection::MatterStatus,
        Collection::MatterRequest,
        Collection::Document,
    ];

    /// The wire code (`opinion_card` …).
    pub fn code(self) -> &'static str {
        match self {
            Collection::OpinionCard => "opinion_card",
            Collection::ReceptionCard => "reception_card",
            Collection::Addendum => "addendum",
            Collection::Photo => "photo",
            Collection::Contact => "contact",
            Collection::MatterStatus => "matter_status",
            Collection::MatterRequest => "matter_request",
            Collection::Document => "document",
        }
    }

    /// The protocol version that introduced it.
    pub fn since(self) -> u32 {
        match self {
            Collection::MatterStatus | Collection::MatterRequest => 2,
            Collection::Document => 3,
            _ => 1,
        }
    }

    /// Whether only the server writes it: phones never push it.
    pub fn is_server_written(self) -> bool {
        matches!(self, Collection::MatterStatus)
    }

    /// Whether records of this collection change after they are created.
    /// Submitted cards never do (corrections are addenda), so only creates
    /// travel for them.
    pub fn is_mutable(self) -> bool {
        matches!(self, Collection::Contact)
    }
}

/// Names one record: its collection and its id (made on the device).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordKey {
    /// Which collection.
    pub collection: Collection,
    /// The record's id (the `id` in its body).
    #[serde(with = "strict_uuid")]
    pub id: Uuid,
}

/// One field's edit: the value the device saw and the value it wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldChange {
    /// The value before the edit, as the device saw it.
    pub old: Value,
    /// The value after the edit.
    pub new: Value,
}

/// What a mutation does to its record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Op {
    /// Writes a new record (any collection).
    Create {
        /// The record, in its core frozen form.
        body: Body,
    },
    /// Changes some top-level fields of a record (mutable collections only).
    Update {
        /// The record's version the device edited.
        base_version: u64,
        /// The changed fields, by name.
        fields: BTreeMap<String, FieldChange>,
    },
    /// Gives the server a record it may have lost in a restore (any
    /// collection): written if absent, otherwise the server's record stands.
    /// Phones send it only after a reset ([`crate::client::reoffer`]).
    Offer {
        /// The record as the phone last had it from the server.
        body: Body,
    },
    /// Deletes a record, leaving a tombstone (mutable collections only).
    Delete {
        /// The record's version the device deleted.
        base_version: u64,
    },
}

/// One change a device made, in its outbox until the server answers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mutation {
    /// The device's number for it.
    pub seq: MutationSeq,
    /// The record it changes.
    pub key: RecordKey,
    /// What it does.
    pub op: Op,
}

/// A position in the server's change log: the log's epoch and the number of
/// the last change the device has stored. On the wire an opaque string,
/// `<epoch>.<seq>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cursor {
    /// The server database's identity; a restored database has a new one.
    pub epoch: Uuid,
    /// The last change stored (0: none yet).
    pub seq: u64,
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.epoch.hyphenated(), self.seq)
    }
}

impl FromStr for Cursor {
    type Err = ParseError;

    /// Reads exactly what [`Cursor`]'s `Display` writes, nothing else (no
    /// leading zeros, no sign, no upper case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || ParseError { what: "cursor", text: s.to_owned() };
        let (epoch, seq) = s.split_once('.').ok_or_else(error)?;
        let epoch = parse_uuid(epoch).ok_or_else(error)?;
        if seq.is_empty() || !seq.bytes().all(|b| b.is_ascii_digit()) || (seq.len() > 1 && seq.starts_with('0')) {
            return Err(error());
        }
        let seq = seq.parse().map_err(|_| error())?;
        Ok(Cursor { epoch, seq })
    }
}

impl Serialize for Cursor {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cursor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(de::Error::custom)
    }
}

/// One sync round trip, from the phone: what it pushes and from where it pulls.
/// A sync with nothing to push is one request that only pulls.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    /// Protocol version: 1 or 2.
    pub v: u32,
    /// Who sends it.
    pub device: DeviceId,
    /// Where the device's copy of the change log ends; `None` on its first sync.
    pub cursor: Option<Cursor>,
    /// Mutations from the outbox, oldest first, sequence numbers strictly increasing.
    pub push: Vec<Mutation>,
    /// The most changes the device wants in the answer.
    pub pull_limit: u32,
}

/// The server's answer to one [`SyncRequest`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncResponse {
    /// Protocol version: the request's.
    pub v: u32,
    /// One answer for each pushed mutation (none when `reset`).
    pub results: Vec<MutationResult>,
    /// Changes after the request's cursor, in log order.
    pub changes: Vec<Change>,
    /// Where the device's copy of the log ends once it has stored `changes`.
    pub cursor: Cursor,
    /// More changes wait after `cursor`.
    pub more: bool,
    /// The request's cursor was from another epoch (a restored database): the
    /// device pulls from the start and keeps its outbox; nothing pushed was applied.
    pub reset: bool,
    /// The server's clock when it answered (for the device's clock-skew warning).
    pub server_time: DateTime<Utc>,
}

/// The server's answer to one mutation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MutationResult {
    /// The mutation's number.
    pub seq: MutationSeq,
    /// What became of it.
    pub outcome: Outcome,
    /// When the server first answered it (a re-sent mutation gets the same time):
    /// the phone shows it as "received by the server".
    pub received_at: DateTime<Utc>,
}

/// What became of a mutation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Outcome {
    /// Applied as sent: the record is now at `version`.
    Applied {
        /// The record's version after it.
        version: u64,
    },
    /// The record had moved on (other fields changed elsewhere); the device's
    /// fields were applied on top.
    Merged {
        /// The record's version after it.
        version: u64,
    },
    /// Some fields had been changed to other values elsewhere: the server kept
    /// its values for those (listed), applied the rest.
    Conflict {
        /// The record's version after it.
        version: u64,
        /// The fields where the device's value was not taken.
        conflicts: Vec<FieldConflict>,
    },
    /// Not applied, for `reason`. The device keeps the mutation aside
    /// (quarantined) and shows why.
    Rejected {
        /// Why.
        reason: Rejection,
    },
}

/// A field changed on both sides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldConflict {
    /// The field's name.
    pub field: String,
    /// The value the server kept.
    pub server: Value,
    /// The value the device wrote.
    pub device: Value,
}

/// Why a mutation was not applied: a catalogue key and, for logs and support,
/// a detail that is not shown as the message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    /// A `liaison-i18n` catalogue key (`sync_not_found` …).
    pub key: String,
    /// More about it (which field, which version), if anything.
    pub detail: Option<String>,
}

impl Rejection {
    /// A rejection for the catalogue message `msg`.
    pub fn new(msg: Msg) -> Rejection {
        Rejection { key: msg.key().to_owned(), detail: None }
    }

    /// The same with a detail.
    pub fn with_detail(self, detail: impl Into<String>) -> Rejection {
        Rejection { detail: Some(detail.into()), ..self }
    }

    /// The catalogue message, if this build knows the key (a newer server may
    /// send one it does not: show [`Msg::SyncRejected`] then).
    pub fn msg(&self) -> Msg {
        Msg::from_key(&self.key).unwrap_or(Msg::SyncRejected)
    }
}

/// One record's state in the server's log, as pulled by a device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// Its number in the log (commit order).
    pub seq: u64,
    /// The record.
    pub key: RecordKey,
    /// The record's version.
    pub version: u64,
    /// The record's body; `None` for a receipt (`own`: the device holds it) and
    /// possibly for a tombstone.
    pub body: Option<Body>,
    /// The record is deleted (a tombstone).
    pub deleted: bool,
    /// The pulling device wrote this version itself. With no body it is only a
    /// receipt: the record is a card (immutable) that this device created, so
    /// it holds exactly this body already.
    pub own: bool,
    /// When the server received this version.
    pub received_at: DateTime<Utc>,
}

/// Size limits, applied before anything else is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest request body, in bytes.
    pub max_request_bytes: usize,
    /// The most mutations in one request.
    pub max_push: usize,
    /// The most changes in one response (the server lowers `pull_limit` to it).
    pub max_pull: u32,
    /// The largest response body, in bytes.
    pub max_response_bytes: usize,
}

impl Default for Limits {
    /// 4 MiB and 100 mutations a request (a reception card with its text is a
    /// few KB; photos travel apart), 500 changes and 16 MiB a response.
    fn default() -> Self {
        Limits { max_request_bytes: 4 << 20, max_push: 100, max_pull: 500, max_response_bytes: 16 << 20 }
    }
}

/// Why bytes were not read as a request or a response.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum WireError {
    /// More bytes than the limit.
    #[error("{bytes} bytes, more than {max}")]
    TooLarge {
        /// The size found.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// More mutations than the limit.
    #[error("{count} mutations, more than {max}")]
    TooManyMutations {
        /// The number found.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A protocol version this build does not speak (or none).
    #[error("unsupported protocol version {0:?}")]
    UnsupportedVersion(Option<u64>),
    /// Not JSON, or not this shape.
    #[error("malformed: {0}")]
    Malformed(String),
    /// A mutation numbered 0, or not after the one before it.
    #[error("mutation {seq} is not after the one before it")]
    BadSequence {
        /// The offending number.
        seq: u64,
    },
    /// Mutations in a device's first request, which has no cursor. A device
    /// pulls once first, so that every push names the epoch it was made in and
    /// a restore is always noticed before anything is applied.
    #[error("mutations pushed without a cursor")]
    PushWithoutCursor,
    /// A push to a collection only the server writes.
    #[error("mutation {seq} writes the server's {collection:?}")]
    ServerWritten {
        /// The offending mutation.
        seq: u64,
        /// Its collection.
        collection: Collection,
    },
    /// An update or delete of a record that never changes.
    #[error("mutation {seq} changes an immutable {collection:?}")]
    Immutable {
        /// The offending mutation.
        seq: u64,
        /// Its collection.
        collection: Collection,
    },
}

impl WireError {
    /// The catalogue key of this error.
    pub fn msg(&self) -> Msg {
        match self {
            WireError::TooLarge { .. } => Msg::SyncTooLarge,
            WireError::TooManyMutations { .. } => Msg::SyncTooMany,
            WireError::UnsupportedVersion(_) => Msg::SyncUnsupportedVersion,
            WireError::Malformed(_) => Msg::SyncMalformed,
            WireError::BadSequence { .. } | WireError::PushWithoutCursor => Msg::SyncBadSequence,
            WireError::Immutable { .. } => Msg::SyncImmutable,
            WireError::ServerWritten { .. } => Msg::SyncServerWritten,
        }
    }
}

/// Reads only `v` (other fields are skipped, not kept), so a wrong version
/// is told apart from a wrong shape.
#[derive(Deserialize)]
struct VersionProbe {
    v: Option<Value>,
}

fn check_size(bytes: &[u8], max: usize) -> Result<(), WireError> {
    if bytes.len() > max { Err(WireError::TooLarge { bytes: bytes.len(), max }) } else { Ok(()) }
}

fn check_version(v: u32) -> Result<(), WireError> {
    if (OLDEST_VERSION..=VERSION).contains(&v) { Ok(()) } else { Err(WireError::UnsupportedVersion(Some(v.into()))) }
}

/// Parses a whole message once. Only when that fails are the bytes read again
/// for `v` alone, to tell a version this side does not speak (the answer the
/// other side needs) from a broken message of a known version.
fn parse<T: serde::de::DeserializeOwned>(bytes: &[u8], version: impl Fn(&T) -> u32) -> Result<T, WireError> {
    match serde_json::from_slice::<T>(bytes) {
        Ok(message) => check_version(version(&message)).map(|()| message),
        Err(error) => {
            let malformed = WireError::Malformed(error.to_string());
            let Ok(probe) = serde_json::from_slice::<VersionProbe>(bytes) else { return Err(malformed) };
            let known = u64::from(OLDEST_VERSION)..=u64::from(VERSION);
            Err(match probe.v {
                Some(Value::Number(n)) if n.as_u64().is_some_and(|v| known.contains(&v)) => malformed,
                Some(Value::Number(n)) => WireError::UnsupportedVersion(n.as_u64()),
                _ => WireError::UnsupportedVersion(None),
            })
        }
    }
}

/// Reads a request on the server, refusing anything out of the protocol: see
/// [`WireError`]. A request that passes has a cursor if it pushes anything,
/// sequence numbers from 1, strictly increasing, only collections of its
/// version that phones write, and only creates and offers for immutable
/// collections.
pub fn decode_request(bytes: &[u8], limits: &Limits) -> Result<SyncRequest, WireError> {
    check_size(bytes, limits.max_request_bytes)?;
    let request = parse(bytes, |r: &SyncRequest| r.v)?;
    if request.push.len() > limits.max_push {
        return Err(WireError::TooManyMutations { count: request.push.len(), max: limits.max_push });
    }
    if request.cursor.is_none() && !request.push.is_empty() {
        return Err(WireError::PushWithoutCursor);
    }
    let mut last = 0;
    for m in &request.push {
        if m.seq.0 <= last {
            return Err(WireError::BadSequence { seq: m.seq.0 });
        }
        last = m.seq.0;
        if m.key.collection.since() > request.v {
            return Err(WireError::Malformed(format!("{:?} is not in version {}", m.key.collection, request.v)));
        }
        if m.key.collection.is_server_written() {
            return Err(WireError::ServerWritten { seq: m.seq.0, collection: m.key.collection });
        }
        if !m.key.collection.is_mutable() && !matches!(m.op, Op::Create { .. } | Op::Offer { .. }) {
            return Err(WireError::Immutable { seq: m.seq.0, collection: m.key.collection });
        }
    }
    Ok(request)
}

/// Reads a response on the phone. Only the envelope is checked here (size,
/// version, shape, collections of its version); whether it answers the
/// request sent is the session's check
/// ([`crate::client::Session::on_response`]).
pub fn decode_response(bytes: &[u8], limits: &Limits) -> Result<SyncResponse, WireError> {
    check_size(bytes, limits.max_response_bytes)?;
    let response = parse(bytes, |r: &SyncResponse| r.v)?;
    if let Some(change) = response.changes.iter().find(|c| c.key.collection.since() > response.v) {
        return Err(WireError::Malformed(format!("{:?} is not in version {}", change.key.collection, response.v)));
    }
    Ok(response)
}

/// The bytes of a request.
pub fn encode_request(request: &SyncRequest) -> Vec<u8> {
    // Every field serialises infallibly: string map keys, no custom failures.
    serde_json::to_vec(request).expect("a SyncRequest always serialises")
}

/// The bytes of a response.
pub fn encode_response(response: &SyncResponse) -> Vec<u8> {
    serde_json::to_vec(response).expect("a SyncResponse always serialises")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EPOCH: &str = "01936f4e-8c2a-7b3d-9f10-0000000e0001";
    const DEVICE: &str = "01936f4e-8c2a-7b3d-9f10-0000000d0001";

    fn request_json(push: &str) -> String {
        format!(r#"{{"v":1,"device":"{DEVICE}","cursor":"{EPOCH}.3","push":[{push}],"pull_limit":100}}"#)
    }

    fn mutation(seq: u64, collection: &str, op: &str) -> String {
        format!(
            r#"{{"seq":{seq},"key":{{"collection":"{collection}","id":"01936f4e-8c2a-7b3d-9f10-000000000001"}},"op":{op}}}"#
        )
    }

    fn decode(json: &str) -> Result<SyncRequest, WireError> {
        decode_request(json.as_bytes(), &Limits::default())
    }

    #[test]
    fn cursors_are_read_in_one_spelling_only() {
        let cursor: Cursor = format!("{EPOCH}.42").parse().unwrap();
        assert_eq!(cursor.seq, 42);
        assert_eq!(cursor.to_string(), format!("{EPOCH}.42"));
        assert_eq!(format!("{EPOCH}.0").parse::<Cursor>().unwrap().seq, 0);
        for bad in [
            String::new(),
            EPOCH.to_owned(),
            format!("{EPOCH}."),
            format!("{EPOCH}.042"),
            format!("{EPOCH}.+4"),
            format!("{EPOCH}.-4"),
            format!("{EPOCH}.4.5"),
            format!("{EPOCH}.18446744073709551616"),
            format!("{}.4", EPOCH.to_uppercase()),
            format!("{}.4", EPOCH.replace('-', "")),
            format!("{{{EPOCH}}}.4"),
            format!(" {EPOCH}.4"),
        ] {
            assert!(bad.parse::<Cursor>().is_err(), "{bad}");
        }
    }

    #[test]
    fn device_ids_are_hyphenated_lowercase() {
        assert_eq!(DEVICE.parse::<DeviceId>().unwrap().to_string(), DEVICE);
        assert!(DEVICE.to_uppercase().parse::<DeviceId>().is_err());
        assert!(DEVICE.replace('-', "").parse::<DeviceId>().is_err());
        let json = request_json("").replace(DEVICE, &DEVICE.replace('-', ""));
        assert!(matches!(decode(&json), Err(WireError::Malformed(_))));
    }

    #[test]
    fn requests_out_of_the_protocol_are_refused() {
        let create = r#"{"type":"create","body":{"v":1}}"#;
        let update = r#"{"type":"update","base_version":1,"fields":{"name":{"old":"a","new":"b"}}}"#;
        let delete = r#"{"type":"delete","base_version":1}"#;
        assert!(decode(&request_json(&mutation(1, "contact", create))).is_ok());
        assert!(decode(&request_json(&mutation(1, "photo", r#"{"type":"offer","body":{}}"#))).is_ok());
        assert!(
            decode(&request_json(&[mutation(1, "contact", update), mutation(2, "contact", delete)].join(","))).is_ok()
        );
        for (json, want) in [
            (request_json("").replace(r#""v":1"#, r#""v":4"#), Msg::SyncUnsupportedVersion),
            (request_json(&mutation(1, "document", create)).replace(r#""v":1"#, r#""v":2"#), Msg::SyncMalformed),
            (request_json(&mutation(1, "document", update)).replace(r#""v":1"#, r#""v":3"#), Msg::SyncImmutable),
            (request_json("").replace(r#""v":1"#, r#""v":0"#), Msg::SyncUnsupportedVersion),
            (request_json(&mutation(1, "matter_status", create)), Msg::SyncMalformed),
            (
                request_json(&mutation(1, "matter_status", create)).replace(r#""v":1"#, r#""v":2"#),
                Msg::SyncServerWritten,
            ),
            (request_json("").replace(r#""v":1,"#, ""), Msg::SyncUnsupportedVersion),
            (request_json("").replace(r#""v":1"#, r#""v":"1""#), Msg::SyncUnsupportedVersion),
            ("{".to_owned(), Msg::SyncMalformed),
            ("[]".to_owned(), Msg::SyncMalformed),
            (request_json("").replace("\"push\"", "\"extra\":1,\"push\""), Msg::SyncMalformed),
            (request_json(&mutation(0, "contact", create)), Msg::SyncBadSequence),
            (
                request_json(&[mutation(2, "contact", create), mutation(2, "contact", delete)].join(",")),
                Msg::SyncBadSequence,
            ),
            (
                request_json(&[mutation(3, "contact", create), mutation(2, "contact", delete)].join(",")),
                Msg::SyncBadSequence,
            ),
            (request_json(&mutation(1, "opinion_card", update)), Msg::SyncImmutable),
            (request_json(&mutation(1, "photo", delete)), Msg::SyncImmutable),
            (request_json(&mutation(1, "meeting", create)), Msg::SyncMalformed),
            (
                request_json(&mutation(1, "contact", create)).replace(&format!("\"{EPOCH}.3\""), "null"),
                Msg::SyncBadSequence,
            ),
            (request_json("").replace(&format!("{EPOCH}.3"), &format!("{EPOCH}.03")), Msg::SyncMalformed),
            (request_json(&mutation(1, "contact", r#"{"type":"create","body":{},"x":1}"#)), Msg::SyncMalformed),
            (request_json(&mutation(1, "contact", r#"{"type":"rename","body":{}}"#)), Msg::SyncMalformed),
        ] {
            assert_eq!(decode(&json).map_err(|e| e.msg()).unwrap_err(), want, "{json}");
        }
    }

    #[test]
    fn limits_come_first() {
        let json = request_json(&mutation(1, "contact", r#"{"type":"create","body":{}}"#));
        let tight = Limits { max_request_bytes: json.len() - 1, ..Limits::default() };
        assert!(matches!(decode_request(json.as_bytes(), &tight), Err(WireError::TooLarge { .. })));
        let few = Limits { max_push: 0, ..Limits::default() };
        assert!(matches!(decode_request(json.as_bytes(), &few), Err(WireError::TooManyMutations { count: 1, max: 0 })));
    }

    #[test]
    fn ids_are_read_from_owned_strings_too() {
        // serde-wasm-bindgen and `from_value` hand over owned strings, not borrowed ones.
        let key = json!({"collection": "contact", "id": "01936f4e-8c2a-7b3d-9f10-000000000001"});
        assert_eq!(
            serde_json::from_value::<RecordKey>(key).unwrap().id,
            Uuid::from_u128(0x01936f4e_8c2a_7b3d_9f10_000000000001)
        );
        let cursor: Cursor = serde_json::from_value(json!(format!("{EPOCH}.9"))).unwrap();
        assert_eq!(cursor.seq, 9);
        // Escaped text is read as what it spells.
        let escaped = format!(r#""{}""#, DEVICE.replacen('0', "\\u0030", 1));
        assert_eq!(serde_json::from_str::<DeviceId>(&escaped).unwrap().to_string(), DEVICE);
    }

    #[test]
    fn collections_know_what_changes() {
        for c in Collection::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), Value::String(c.code().into()));
            assert_eq!(c.is_mutable(), c == Collection::Contact);
            assert_eq!(c.is_server_written(), c == Collection::MatterStatus);
            assert!(c.since() <= VERSION);
        }
        assert!(decode(&request_json("").replace(r#""v":1"#, r#""v":2"#)).is_ok());
    }

    #[test]
    fn unknown_rejection_keys_fall_back() {
        assert_eq!(Rejection::new(Msg::SyncNotFound).msg(), Msg::SyncNotFound);
        assert_eq!(Rejection { key: "from_a_newer_server".into(), detail: None }.msg(), Msg::SyncRejected);
    }
}
