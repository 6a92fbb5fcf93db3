//! A pairing (对口联系): a department of the tree and its partner, and the
//! events recorded against it. Both are frozen as versioned records.

use crate::time::{china, parse_date};
use crate::{NoteText, OrganisationId, OrganisationName, PairedEventId, PairingId, UserId, ValidationError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use liaison_i18n::{Locale, Msg};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What kind of organisation the partner is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PartnerKind {
    /// A democratic party's branch (民主党派支部 / 总支部 / 支社).
    Party,
    /// The federation of industry and commerce (工商联).
    Federation,
}

impl PartnerKind {
    /// Both, in the order a form offers them.
    pub const ALL: [PartnerKind; 2] = [PartnerKind::Party, PartnerKind::Federation];

    /// `party` or `federation`.
    pub fn code(self) -> &'static str {
        match self {
            PartnerKind::Party => "party",
            PartnerKind::Federation => "federation",
        }
    }

    /// The kind of a code.
    pub fn parse(code: &str) -> Result<PartnerKind, ValidationError> {
        PartnerKind::ALL.into_iter().find(|k| k.code() == code).ok_or(ValidationError::UnknownChoice)
    }

    /// Its label in the catalogue.
    pub fn msg(self) -> Msg {
        match self {
            PartnerKind::Party => Msg::PairedPartnerParty,
            PartnerKind::Federation => Msg::PairedPartnerFederation,
        }
    }
}

/// The partner of a department, by name (民革支部, 区工商联 …): parties are
/// not organisations of the tree.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Partner {
    /// Party branch or federation.
    pub kind: PartnerKind,
    /// Its name.
    pub name: OrganisationName,
}

/// A department paired with a partner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pairing {
    /// Its id.
    pub id: PairingId,
    /// The government department: an organisation of the tree.
    pub department: OrganisationId,
    /// The party branch or federation it is paired with.
    pub partner: Partner,
}

impl Pairing {
    /// The frozen form.
    pub fn to_record(&self) -> PairingRecordV1 {
        PairingRecordV1 {
            v: 1,
            id: self.id,
            department: self.department,
            partner_kind: self.partner.kind.code().to_owned(),
            partner_name: self.partner.name.as_str().to_owned(),
        }
    }
}

/// A pairing as stored and sent (frozen; golden file `pairing_v1.json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingRecordV1 {
    /// Always 1.
    pub v: u32,
    /// Its id.
    pub id: PairingId,
    /// The department.
    pub department: OrganisationId,
    /// `party` or `federation`.
    pub partner_kind: String,
    /// The partner's name.
    pub partner_name: String,
}

impl TryFrom<PairingRecordV1> for Pairing {
    type Error = ValidationError;

    fn try_from(r: PairingRecordV1) -> Result<Self, Self::Error> {
        if r.v != 1 {
            return Err(ValidationError::UnsupportedVersion { version: r.v });
        }
        Ok(Pairing {
            id: r.id,
            department: r.department,
            partner: Partner {
                kind: PartnerKind::parse(&r.partner_kind)?,
                name: OrganisationName::parse(&r.partner_name)?,
            },
        })
    }
}

/// What happened between a department and its partner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PairedEventKind {
    /// A joint meeting or regular working meeting (工作例会或联席会议).
    JointMeeting,
    /// A visit by the department's leaders (部门领导走访).
    LeaderVisit,
    /// Documents sent to the partner (文件交换).
    DocumentExchange,
}

impl PairedEventKind {
    /// Every kind, in the order a form offers them.
    pub const ALL: [PairedEventKind; 3] =
        [PairedEventKind::JointMeeting, PairedEventKind::LeaderVisit, PairedEventKind::DocumentExchange];

    /// `joint_meeting`, `leader_visit`, `document_exchange`.
    pub fn code(self) -> &'static str {
        match self {
            PairedEventKind::JointMeeting => "joint_meeting",
            PairedEventKind::LeaderVisit => "leader_visit",
            PairedEventKind::DocumentExchange => "document_exchange",
        }
    }

    /// The kind of a code.
    pub fn parse(code: &str) -> Result<PairedEventKind, ValidationError> {
        PairedEventKind::ALL.into_iter().find(|k| k.code() == code).ok_or(ValidationError::UnknownChoice)
    }

    /// Its label in the catalogue.
    pub fn msg(self) -> Msg {
        match self {
            PairedEventKind::JointMeeting => Msg::PairedEventJointMeeting,
            PairedEventKind::LeaderVisit => Msg::PairedEventLeaderVisit,
            PairedEventKind::DocumentExchange => Msg::PairedEventDocumentExchange,
        }
    }
}

/// Why an event was refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PairedEventError {
    /// A field that does not read (the day, the kind, the note).
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// A day after today (China time): events are recorded once held.
    #[error("held after today")]
    InFuture,
}

impl PairedEventError {
    /// The catalogue key.
    pub fn msg(&self) -> Msg {
        match self {
            PairedEventError::Invalid(e) => e.msg(),
            PairedEventError::InFuture => Msg::PairedEventInFuture,
        }
    }

    /// The message for the user, in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            PairedEventError::Invalid(e) => e.message(locale),
            PairedEventError::InFuture => self.msg().text(locale).to_owned(),
        }
    }
}

/// One event of a pairing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairedEvent {
    /// Its id.
    pub id: PairedEventId,
    /// The pairing.
    pub pairing: PairingId,
    /// What happened.
    pub kind: PairedEventKind,
    /// The day it was held, in China.
    pub on: NaiveDate,
    /// What was discussed or sent.
    pub note: Option<NoteText>,
    /// Who recorded it.
    pub recorded_by: UserId,
}

impl PairedEvent {
    /// An event from a form: the kind's code, the day as `YYYY-MM-DD` (not
    /// after today in China at `now`, not before 2000), an optional note.
    pub fn submit(
        id: PairedEventId,
        pairing: PairingId,
        kind: &str,
        on: &str,
        note: &str,
        recorded_by: UserId,
        now: DateTime<Utc>,
    ) -> Result<PairedEvent, PairedEventError> {
        let kind = PairedEventKind::parse(kind)?;
        let on = parse_date(on).ok_or(ValidationError::DateTimeInvalid)?;
        if on > now.with_timezone(&china()).date_naive() {
            return Err(PairedEventError::InFuture);
        }
        if on.year() < 2000 {
            return Err(ValidationError::DateTimeTooEarly.into());
        }
        let note = if note.trim().is_empty() { None } else { Some(NoteText::parse(note)?) };
        Ok(PairedEvent { id, pairing, kind, on, note, recorded_by })
    }

    /// The frozen form.
    pub fn to_record(&self) -> PairedEventRecordV1 {
        PairedEventRecordV1 {
            v: 1,
            id: self.id,
            pairing: self.pairing,
            kind: self.kind.code().to_owned(),
            on: self.on.to_string(),
            note: self.note.as_ref().map(|n| n.as_str().to_owned()),
            recorded_by: self.recorded_by,
        }
    }
}

/// An event as stored and sent (frozen; golden file `paired_event_v1.json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairedEventRecordV1 {
    /// Always 1.
    pub v: u32,
    /// Its id.
    pub id: PairedEventId,
    /// The pairing.
    pub pairing: PairingId,
    /// The kind's code.
    pub kind: String,
    /// The day, `YYYY-MM-DD`.
    pub on: String,
    /// The note, if any.
    pub note: Option<String>,
    /// Who recorded it.
    pub recorded_by: UserId,
}

impl TryFrom<PairedEventRecordV1> for PairedEvent {
    type Error = ValidationError;

    fn try_from(r: PairedEventRecordV1) -> Result<Self, Self::Error> {
        if r.v != 1 {
            return Err(ValidationError::UnsupportedVersion { version: r.v });
        }
        Ok(PairedEvent {
            id: r.id,
            pairing: r.pairing,
            kind: PairedEventKind::parse(&r.kind)?,
            on: parse_date(&r.on).ok_or(ValidationError::DateTimeInvalid)?,
            note: r.note.as_deref().map(NoteText::parse).transpose()?,
            recorded_by: r.recorded_by,
        })
    }
}
