//! The file a phone's data is exported to and imported from (backup, moving to
//! a new phone, rescuing data from a revoked device). Version 1.
//!
//! Records inside are the frozen storage forms (`OpinionCardRecordV2`,
//! `ReceptionCardRecord`, `ContactRecord`), each checked on import exactly as
//! when read from storage; a bad record is counted and skipped, never fatal.

use crate::{Contact, ContactRecord, OpinionCard, ReceptionCard, ReceptionCardRecord};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The value of the `format` field.
pub const FORMAT: &str = "liaison-export";

/// The file as written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Format version: 1.
    pub v: u32,
    /// When it was written (RFC 3339 UTC, from the device's clock: informative only).
    pub exported_at: String,
    /// Opinion cards.
    pub opinion_cards: Vec<serde_json::Value>,
    /// Reception cards.
    pub reception_cards: Vec<serde_json::Value>,
    /// Contacts.
    pub contacts: Vec<serde_json::Value>,
    /// Drafts, in the app's own draft form.
    pub drafts: Vec<serde_json::Value>,
}

/// A file that is not a Liaison export at all.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ExportError {
    /// Not JSON, or not shaped like an export.
    #[error("not a Liaison export file")]
    NotAnExport,
    /// An export from a newer version of Liaison.
    #[error("export format version {0} is not known")]
    UnsupportedVersion(u32),
}

impl ExportError {
    /// The catalogue message for the user.
    pub fn msg(&self) -> liaison_i18n::Msg {
        match self {
            ExportError::NotAnExport => liaison_i18n::Msg::ImportBadFile,
            ExportError::UnsupportedVersion(_) => liaison_i18n::Msg::ImportNewerVersion,
        }
    }
}

/// What an export file holds, checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportContents {
    /// Valid opinion cards.
    pub opinion_cards: Vec<OpinionCard>,
    /// Valid reception cards.
    pub reception_cards: Vec<ReceptionCard>,
    /// Valid contacts.
    pub contacts: Vec<Contact>,
    /// Drafts, for the app to read.
    pub drafts: Vec<serde_json::Value>,
    /// Records that could not be read.
    pub rejected: usize,
}

impl ExportFile {
    /// A new export of the given records; `exported_at` is passed in.
    pub fn new(
        exported_at: String,
        opinion_cards: &[OpinionCard],
        reception_cards: &[ReceptionCard],
        contacts: &[Contact],
        drafts: Vec<serde_json::Value>,
    ) -> ExportFile {
        let json = |r: serde_json::Result<serde_json::Value>| r.unwrap_or(serde_json::Value::Null);
        ExportFile {
            format: FORMAT.into(),
            v: 1,
            exported_at,
            opinion_cards: opinion_cards.iter().map(|c| json(serde_json::to_value(c.to_record()))).collect(),
            reception_cards: reception_cards
                .iter()
                .map(|c| json(serde_json::to_value(ReceptionCardRecord::from(c))))
                .collect(),
            contacts: contacts.iter().map(|c| json(serde_json::to_value(ContactRecord::from(c)))).collect(),
            drafts,
        }
    }

    /// Reads a file's bytes: refuses what is not an export, checks every record.
    pub fn read(bytes: &[u8]) -> Result<ExportContents, ExportError> {
        // Through `Value`, whose reader the app already carries, rather than a
        // second typed reader: the app's download stays smaller.
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| ExportError::NotAnExport)?;
        let file: ExportFile = serde_json::from_value(value).map_err(|_| ExportError::NotAnExport)?;
        if file.format != FORMAT {
            return Err(ExportError::NotAnExport);
        }
        if file.v != 1 {
            return Err(ExportError::UnsupportedVersion(file.v));
        }
        let mut contents = ExportContents { drafts: file.drafts, ..ExportContents::default() };
        for value in file.opinion_cards {
            match OpinionCard::from_json(value) {
                Ok(card) => contents.opinion_cards.push(card),
                Err(_) => contents.rejected += 1,
            }
        }
        for value in file.reception_cards {
            match serde_json::from_value::<ReceptionCardRecord>(value)
                .ok()
                .and_then(|r| ReceptionCard::try_from(r).ok())
            {
                Some(card) => contents.reception_cards.push(card),
                None => contents.rejected += 1,
            }
        }
        for value in file.contacts {
            match serde_json::from_value::<ContactRecord>(value).ok().and_then(|r| Contact::try_from(r).ok()) {
                Some(contact) => contents.contacts.push(contact),
                None => contents.rejected += 1,
            }
        }
        Ok(contents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ContactId, ContactInput, OpinionCardId, OpinionCardInput};

    fn opinion() -> OpinionCard {
        let input = OpinionCardInput {
            content: "路灯坏了".into(),
            category: "urban_construction".into(),
            place: "村口".into(),
            collected_at: "2026-11-20T09:00".into(),
            ..OpinionCardInput::default()
        };
        OpinionCard::create(
            OpinionCardId::from_uuid(uuid::Uuid::from_u128(9)),
            &input,
            "2026-11-22T00:00:00Z".parse().unwrap(),
        )
        .unwrap()
    }

    fn contact() -> Contact {
        let input = ContactInput { name: "张三".into(), kind: "member".into(), ..ContactInput::default() };
        Contact::create(ContactId::from_uuid(uuid::Uuid::from_u128(8)), &input).unwrap()
    }

    #[test]
    fn round_trip_keeps_every_record() {
        let file = ExportFile::new(
            "2026-11-22T00:00:00Z".into(),
            &[opinion()],
            &[],
            &[contact()],
            vec![serde_json::json!({"id": "x"})],
        );
        let bytes = serde_json::to_vec(&file).unwrap();
        let back = ExportFile::read(&bytes).unwrap();
        assert_eq!(back.opinion_cards, vec![opinion()]);
        assert_eq!(back.contacts, vec![contact()]);
        assert_eq!(back.drafts.len(), 1);
        assert_eq!(back.rejected, 0);
    }

    #[test]
    fn bad_records_are_counted_not_fatal_and_bad_files_refused() {
        let mut file = ExportFile::new(String::new(), &[opinion()], &[], &[], vec![]);
        file.opinion_cards.push(serde_json::json!({"v": 2, "id": "broken"}));
        file.contacts.push(serde_json::json!(42));
        let back = ExportFile::read(&serde_json::to_vec(&file).unwrap()).unwrap();
        assert_eq!((back.opinion_cards.len(), back.rejected), (1, 2));

        assert_eq!(ExportFile::read(b"not json"), Err(ExportError::NotAnExport));
        assert_eq!(ExportFile::read(br#"{"format":"other","v":1}"#), Err(ExportError::NotAnExport));
        let newer = serde_json::json!({"format": FORMAT, "v": 2, "exported_at": "", "opinion_cards": [], "reception_cards": [], "contacts": [], "drafts": []});
        assert_eq!(ExportFile::read(newer.to_string().as_bytes()), Err(ExportError::UnsupportedVersion(2)));
    }
}
