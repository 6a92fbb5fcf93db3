//! The file a phone's data is exported to and imported from (backup, moving to
//! a new phone, rescuing data from a revoked device).
//!
//! Version 4 (written now) holds opinion cards, reception cards, contacts,
//! drafts, addenda, photos, the collector's feedback requests on matters
//! (`MatterRequestRecordV1`), the matters' statuses the server sent
//! (`MatterStatusRecordV1`) and the documents the representative recorded
//! (`DocumentRecordV1`); version 3 lacked the documents, version 2 the
//! requests and statuses too, version 1 (the first field-capture builds)
//! addenda and photos too; all are still read. Records inside are the frozen storage forms
//! (`OpinionCardRecordV2`, `ReceptionCardRecord`, `ContactRecord`,
//! `AddendumRecord`, `PhotoRecord`), each checked on import exactly as when read
//! from storage; a bad record is counted and skipped, never fatal. Photos carry
//! their JPEG and thumbnail as `data:` URLs.
//!
//! The app writes and reads this format through the browser's own JSON (its
//! download stays small); this module is the format's definition and its reader
//! for native code, and the golden tests freeze both versions.

use crate::addendum::{Addendum, AddendumRecord};
use crate::document::Document;
use crate::matter::{MatterRequest, MatterStatusRecordV1};
use crate::photo::{Photo, PhotoRecord};
use crate::{Contact, ContactRecord, OpinionCard, ReceptionCard, ReceptionCardRecord};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The value of the `format` field.
pub const FORMAT: &str = "liaison-export";
/// The version this build writes.
pub const VERSION: u32 = 4;

/// The file as written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Format version: 1, 2, 3 or 4.
    pub v: u32,
    /// When it was written (RFC 3339 UTC, from the device's clock: informative only).
    pub exported_at: String,
    /// Opinion cards.
    pub opinion_cards: Vec<serde_json::Value>,
    /// Reception cards.
    pub reception_cards: Vec<serde_json::Value>,
    /// Contacts.
    pub contacts: Vec<serde_json::Value>,
    /// Drafts of reception cards, in the app's own draft form.
    pub drafts: Vec<serde_json::Value>,
    /// Drafts of standalone opinion cards, in the app's own form (version 2).
    #[serde(default)]
    pub opinion_drafts: Vec<serde_json::Value>,
    /// Addenda as [`StoredAddendum`] (version 2).
    #[serde(default)]
    pub addenda: Vec<serde_json::Value>,
    /// Photos as [`ExportedPhoto`] (version 2).
    #[serde(default)]
    pub photos: Vec<serde_json::Value>,
    /// The collector's requests on matters (told, verdict) as
    /// `MatterRequestRecordV1` (version 3).
    #[serde(default)]
    pub matter_requests: Vec<serde_json::Value>,
    /// The matters' statuses as the server sent them, `MatterStatusRecordV1`
    /// (version 3).
    #[serde(default)]
    pub matter_statuses: Vec<serde_json::Value>,
    /// Proposals, research reports and yearly reports as `DocumentRecordV1`
    /// (version 4).
    #[serde(default)]
    pub documents: Vec<serde_json::Value>,
}

/// An addendum with its place in the device's order of writing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredAddendum {
    /// Order of writing on the device that wrote it.
    pub seq: u64,
    /// The frozen record.
    pub record: AddendumRecord,
}

/// A photo in an export file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedPhoto {
    /// Order of adding on the device that wrote it.
    pub seq: u64,
    /// The frozen record.
    pub record: PhotoRecord,
    /// The JPEG, as a `data:image/jpeg;base64,…` URL.
    pub image: String,
    /// The thumbnail, likewise.
    pub thumb: String,
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

/// Checks the envelope of a file: its `format` and version.
pub fn check_header(format: Option<&str>, v: Option<u32>) -> Result<(), ExportError> {
    match (format, v) {
        (Some(FORMAT), Some(1..=VERSION)) => Ok(()),
        (Some(FORMAT), Some(v)) => Err(ExportError::UnsupportedVersion(v)),
        _ => Err(ExportError::NotAnExport),
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
    /// Valid addenda, with their order of writing.
    pub addenda: Vec<(u64, Addendum)>,
    /// Valid photo descriptions with their image data (not decoded here).
    pub photos: Vec<(Photo, ExportedPhoto)>,
    /// Valid requests on matters.
    pub matter_requests: Vec<MatterRequest>,
    /// Valid statuses of matters.
    pub matter_statuses: Vec<MatterStatusRecordV1>,
    /// Valid documents.
    pub documents: Vec<Document>,
    /// Records that could not be read.
    pub rejected: usize,
}

impl ExportFile {
    /// Reads a file's bytes: refuses what is not an export, checks every record.
    pub fn read(bytes: &[u8]) -> Result<ExportContents, ExportError> {
        let file: ExportFile = serde_json::from_slice(bytes).map_err(|_| ExportError::NotAnExport)?;
        check_header(Some(&file.format), Some(file.v))?;
        let mut contents = ExportContents { drafts: file.drafts, ..ExportContents::default() };
        fn each<R: serde::de::DeserializeOwned, T>(
            values: Vec<serde_json::Value>,
            rejected: &mut usize,
            parse: impl Fn(R) -> Option<T>,
        ) -> Vec<T> {
            let mut out = Vec::new();
            for value in values {
                match serde_json::from_value::<R>(value).ok().and_then(&parse) {
                    Some(t) => out.push(t),
                    None => *rejected += 1,
                }
            }
            out
        }
        let rejected = &mut contents.rejected;
        fn each_json<T>(
            values: Vec<serde_json::Value>,
            rejected: &mut usize,
            parse: impl Fn(serde_json::Value) -> Result<T, crate::FieldErrors>,
        ) -> Vec<T> {
            let (good, bad): (Vec<_>, Vec<_>) = values.into_iter().map(parse).partition(Result::is_ok);
            *rejected += bad.len();
            good.into_iter().filter_map(Result::ok).collect()
        }
        contents.opinion_cards = each_json(file.opinion_cards, rejected, OpinionCard::from_json);
        contents.matter_requests = each_json(file.matter_requests, rejected, MatterRequest::from_json);
        contents.matter_statuses = each_json(file.matter_statuses, rejected, MatterStatusRecordV1::from_json);
        contents.documents = each_json(file.documents, rejected, Document::from_json);
        contents.reception_cards =
            each(file.reception_cards, rejected, |r: ReceptionCardRecord| ReceptionCard::try_from(r).ok());
        contents.contacts = each(file.contacts, rejected, |r: ContactRecord| Contact::try_from(r).ok());
        contents.addenda =
            each(file.addenda, rejected, |s: StoredAddendum| Addendum::try_from(s.record).ok().map(|a| (s.seq, a)));
        contents.photos = each(file.photos, rejected, |p: ExportedPhoto| {
            let photo = Photo::try_from(p.record.clone()).ok()?;
            let is_data = |url: &str| url.starts_with("data:image/jpeg;base64,");
            (is_data(&p.image) && is_data(&p.thumb)).then_some((photo, p))
        });
        Ok(contents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addendum::CardRef;
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
            &crate::Categories::preset(),
            "2026-11-22T00:00:00Z".parse().unwrap(),
        )
        .unwrap()
    }

    fn contact() -> Contact {
        let input = ContactInput { name: "张三".into(), kind: "member".into(), ..ContactInput::default() };
        Contact::create(ContactId::from_uuid(uuid::Uuid::from_u128(8)), &input).unwrap()
    }

    fn file(opinions: &[OpinionCard], contacts: &[Contact]) -> ExportFile {
        let json = |v| serde_json::to_value(v).unwrap();
        ExportFile {
            format: FORMAT.into(),
            v: VERSION,
            exported_at: "2026-11-22T00:00:00Z".into(),
            opinion_cards: opinions.iter().map(|c| json(c.to_record())).collect(),
            contacts: contacts.iter().map(|c| serde_json::to_value(ContactRecord::from(c)).unwrap()).collect(),
            drafts: vec![serde_json::json!({"id": "x"})],
            ..ExportFile::default()
        }
    }

    #[test]
    fn round_trip_keeps_every_record() {
        let card = CardRef::Opinion(opinion().id);
        let addendum = Addendum::create(crate::AddendumId::from_uuid(uuid::Uuid::from_u128(7)), card, "补充").unwrap();
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xD9];
        let photo = Photo::create(crate::PhotoId::from_uuid(uuid::Uuid::from_u128(6)), card, &jpeg, 10, 10).unwrap();
        let data = "data:image/jpeg;base64,/9j/4P/Z".to_owned();
        let mut file = file(&[opinion()], &[contact()]);
        file.addenda.push(serde_json::to_value(StoredAddendum { seq: 3, record: (&addendum).into() }).unwrap());
        let exported = ExportedPhoto { seq: 4, record: (&photo).into(), image: data.clone(), thumb: data };
        file.photos.push(serde_json::to_value(&exported).unwrap());
        let back = ExportFile::read(&serde_json::to_vec(&file).unwrap()).unwrap();
        assert_eq!(back.opinion_cards, vec![opinion()]);
        assert_eq!(back.contacts, vec![contact()]);
        assert_eq!(back.drafts.len(), 1);
        assert_eq!(back.addenda, vec![(3, addendum)]);
        assert_eq!(back.photos, vec![(photo, exported)]);
        assert_eq!(back.rejected, 0);
    }

    #[test]
    fn bad_records_are_counted_not_fatal_and_bad_files_refused() {
        let mut file = file(&[opinion()], &[]);
        file.opinion_cards.push(serde_json::json!({"v": 2, "id": "broken"}));
        file.contacts.push(serde_json::json!(42));
        file.addenda.push(serde_json::json!({"seq": 1}));
        file.photos.push(serde_json::json!({"seq": 1, "record": {}, "image": "", "thumb": ""}));
        let back = ExportFile::read(&serde_json::to_vec(&file).unwrap()).unwrap();
        assert_eq!((back.opinion_cards.len(), back.rejected), (1, 4));

        assert_eq!(ExportFile::read(b"not json"), Err(ExportError::NotAnExport));
        assert_eq!(ExportFile::read(br#"{"format":"other","v":1}"#), Err(ExportError::NotAnExport));
        let newer = serde_json::json!({"format": FORMAT, "v": 5, "exported_at": "", "opinion_cards": [], "reception_cards": [], "contacts": [], "drafts": []});
        assert_eq!(ExportFile::read(newer.to_string().as_bytes()), Err(ExportError::UnsupportedVersion(5)));
    }

    #[test]
    fn headers_are_checked() {
        assert_eq!(check_header(Some(FORMAT), Some(1)), Ok(()));
        assert_eq!(check_header(Some(FORMAT), Some(2)), Ok(()));
        assert_eq!(check_header(Some(FORMAT), Some(3)), Ok(()));
        assert_eq!(check_header(Some(FORMAT), Some(4)), Ok(()));
        assert_eq!(check_header(Some(FORMAT), Some(9)), Err(ExportError::UnsupportedVersion(9)));
        assert_eq!(check_header(Some(FORMAT), None), Err(ExportError::NotAnExport));
        assert_eq!(check_header(None, Some(2)), Err(ExportError::NotAnExport));
    }
}
