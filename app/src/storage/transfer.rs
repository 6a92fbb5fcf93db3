//! Everything on the device as one file, and back: the export format of
//! `liaison_core::export` (version 4), written and read with the browser's own
//! JSON so that the app carries no JSON library of its own.
//!
//! Export copies every stored object as it is — unreadable ones too, so a
//! rescue file never loses anything. Import checks each record exactly as a
//! read from storage does, adds what is new in one transaction, and never
//! overwrites what is already here.

use super::photos::StoredPhoto;
use super::{Draft, OpinionDraft, Storage, StorageError, decode_opinion, explain, outbox, raw_transaction, schema};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use liaison_core::addendum::Addendum;
use liaison_core::document::Document;
use liaison_core::export::{self, ExportError, StoredAddendum};
use liaison_core::matter::{MatterRequest, MatterStatusRecordV1};
use liaison_core::photo::{Photo, PhotoRecord};
use liaison_core::{Contact, ContactRecord, ReceptionCard, ReceptionCardId, ReceptionCardRecord};
use liaison_i18n::Msg;
use liaison_sync::wire::Collection;
use serde::Serialize;
use std::collections::HashMap;
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Records added.
    pub added: usize,
    /// Records whose id was already on the device (left as they were).
    pub present: usize,
    /// Records that could not be read (or would break a rule, such as a tenth photo).
    pub rejected: usize,
}

/// Why an import did nothing.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    /// The file is not an export this build reads.
    #[error(transparent)]
    File(#[from] ExportError),
    /// The device's storage failed; nothing was added.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl ImportError {
    /// The catalogue message for the user.
    pub fn msg(&self) -> Msg {
        match self {
            ImportError::File(e) => e.msg(),
            ImportError::Storage(e) => e.msg(),
        }
    }
}

fn failed(what: &str) -> StorageError {
    StorageError::Failed(what.to_owned())
}

fn set(object: &js_sys::Object, field: &str, value: &JsValue) -> Result<(), StorageError> {
    js_sys::Reflect::set(object, &JsValue::from_str(field), value).map(drop).map_err(|_| failed(field))
}

fn get(object: &JsValue, field: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(field)).unwrap_or(JsValue::UNDEFINED)
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StorageError> {
    serde_wasm_bindgen::to_value(value).map_err(|e| StorageError::Failed(e.to_string()))
}

/// A value as the browser's JSON reads it (as statuses from the server are kept).
fn json_value<T: Serialize>(value: &T) -> Result<JsValue, StorageError> {
    let text = serde_json::to_string(value).map_err(|e| StorageError::Failed(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| failed("JSON.parse"))
}

/// A blob as a `data:` URL (the browser's own base64).
async fn data_url(blob: &web_sys::Blob) -> Result<String, StorageError> {
    let reader = web_sys::FileReader::new().map_err(|_| failed("FileReader"))?;
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        reader.set_onload(Some(&resolve));
        reader.set_onerror(Some(&reject));
    });
    reader.read_as_data_url(blob).map_err(|_| failed("readAsDataURL"))?;
    JsFuture::from(done).await.map_err(|_| failed("readAsDataURL"))?;
    reader.result().ok().and_then(|r| r.as_string()).ok_or_else(|| failed("data URL"))
}

/// The bytes of a `data:image/jpeg;base64,` URL.
fn jpeg_bytes(url: &str) -> Option<Vec<u8>> {
    let base64 = url.strip_prefix("data:image/jpeg;base64,")?;
    let binary = web_sys::window()?.atob(base64).ok()?;
    binary.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

fn jpeg_blob(bytes: &[u8]) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/jpeg");
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()
}

/// An exported photo back as a kept one, if its record is valid and its bytes
/// are the JPEG the record names (same SHA-256).
fn import_photo(exported: &JsValue) -> Option<StoredPhoto> {
    let record: PhotoRecord = serde_wasm_bindgen::from_value(get(exported, "record")).ok()?;
    let photo = Photo::try_from(record).ok()?;
    let image = jpeg_bytes(&get(exported, "image").as_string()?)?;
    let thumb = jpeg_bytes(&get(exported, "thumb").as_string()?)?;
    let checked = Photo::create(photo.id, photo.card, &image, photo.width, photo.height).ok()?;
    (checked == photo).then_some(())?;
    let seq = get(exported, "seq").as_f64()? as u64;
    Some(StoredPhoto { photo, seq, image: Some(jpeg_blob(&image)?), thumb: Some(jpeg_blob(&thumb)?), pulled: false })
}

/// The stores an export holds, with their field names in the file.
const STORES: &[(&str, &str)] = &[
    ("opinion_cards", schema::OPINION_CARDS),
    ("reception_cards", schema::RECEPTION_CARDS),
    ("contacts", schema::CONTACTS),
    ("drafts", schema::DRAFTS),
    ("opinion_drafts", schema::OPINION_DRAFTS),
    ("addenda", schema::ADDENDA),
    ("photos", schema::PHOTOS),
    ("matter_requests", schema::MATTER_REQUESTS),
    ("matter_statuses", schema::MATTER_STATUS),
    ("documents", schema::DOCUMENTS),
];

/// One record to add: its store, its key and the object to write.
struct Incoming {
    store: &'static str,
    key: String,
    value: JsValue,
    /// For a photo, the card it counts against.
    card: Option<String>,
}

impl Storage {
    /// Everything on the device as the text of an export file.
    pub async fn export(&self, exported_at: &str) -> Result<String, StorageError> {
        let file = js_sys::Object::new();
        set(&file, "format", &JsValue::from_str(export::FORMAT))?;
        set(&file, "v", &JsValue::from(export::VERSION))?;
        set(&file, "exported_at", &JsValue::from_str(exported_at))?;
        let names: Vec<&str> = STORES.iter().map(|(_, store)| *store).chain([schema::CARD_PAGES]).collect();
        let tx = self.db.transaction(names.as_slice()).build()?;
        let mut photos = Vec::new();
        for (field, store) in STORES {
            let records = tx.object_store(store)?.get_all::<JsValue>().primitive()?.await?;
            let mut records: Vec<JsValue> = records.collect::<Result<_, _>>()?;
            if *store == schema::OPINION_CARDS {
                // Pulled cards too, one a record as the file has always held them.
                records.extend(super::pages::all_cards(&tx).await?);
            }
            if *store == schema::PHOTOS {
                photos = records;
            } else {
                set(&file, field, &records.into_iter().collect::<js_sys::Array>())?;
            }
        }
        drop(tx);
        // Blobs become data URLs after the transaction: reading them is not IndexedDB work.
        let exported = js_sys::Array::new();
        // Photos pulled from the server are left out: their bytes are the
        // server's (and may not be here), and the phone that took them exports them.
        for stored in photos.into_iter().filter(|p| !super::photos::is_pulled(p)) {
            let photo = js_sys::Object::new();
            set(&photo, "seq", &get(&stored, "seq"))?;
            set(&photo, "record", &get(&stored, "record"))?;
            for blob in ["image", "thumb"] {
                let data = get(&stored, blob).dyn_into::<web_sys::Blob>().map_err(|_| failed(blob))?;
                set(&photo, blob, &JsValue::from_str(&data_url(&data).await?))?;
            }
            exported.push(&photo);
        }
        set(&file, "photos", &exported)?;
        js_sys::JSON::stringify(&file).ok().and_then(|t| t.as_string()).ok_or_else(|| failed("JSON.stringify"))
    }

    /// Adds what an export file holds, in one transaction. A record whose id is
    /// already here is left as it is (never overwritten) and counted. What is
    /// added goes into the outbox (drafts excepted; photos once their card is
    /// submitted), so a phone's cards reach the server even from a backup.
    pub async fn import(&self, text: &str) -> Result<ImportReport, ImportError> {
        let file = js_sys::JSON::parse(text).map_err(|_| ExportError::NotAnExport)?;
        if !file.is_object() {
            return Err(ExportError::NotAnExport.into());
        }
        let version = get(&file, "v").as_f64().map(|v| v as u32);
        export::check_header(get(&file, "format").as_string().as_deref(), version)?;
        let (incoming, rejected) = read_file(&file)?;
        let mut report = ImportReport { rejected, ..ImportReport::default() };

        let names: Vec<&str> = STORES
            .iter()
            .map(|(_, store)| *store)
            .chain([schema::SETTINGS, schema::OUTBOX, schema::CARD_PAGES])
            .collect();
        let tx = self
            .db
            .transaction(names.as_slice())
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(StorageError::from)?;
        let raw = raw_transaction(&tx);
        let written: Result<(), StorageError> = async {
            let mut photo_counts: HashMap<String, u32> = HashMap::new();
            let mut seqs: HashMap<&str, f64> = HashMap::new();
            let mut photos = Vec::new();
            for item in incoming {
                let store = tx.object_store(item.store)?;
                let existing: Option<JsValue> = store.get(item.key.as_str()).primitive()?.await?;
                // A pulled card is kept in a page, not in its store.
                let pulled = item.store == schema::OPINION_CARDS && super::pages::holds(&tx, &item.key).await?;
                if existing.is_some() || pulled {
                    report.present += 1;
                    continue;
                }
                if let Some(card) = &item.card {
                    let count = match photo_counts.get(card) {
                        Some(n) => *n,
                        None => store.index(schema::BY_CARD)?.count().with_query(card.as_str()).primitive()?.await?,
                    };
                    if liaison_core::photo::check_room(count as usize).is_err() {
                        report.rejected += 1;
                        continue;
                    }
                    photo_counts.insert(card.clone(), count + 1);
                }
                let is_draft = item.store == schema::DRAFTS || item.store == schema::OPINION_DRAFTS;
                let seq = get(&item.value, if is_draft { "edited" } else { "seq" }).as_f64();
                if let (Some(seq), Some(counter)) = (seq, counter_of(item.store)) {
                    let top = seqs.entry(counter).or_insert(0.0);
                    *top = top.max(seq);
                }
                store.add(item.value).primitive()?.await?;
                report.added += 1;
                match outbox::collection_of(item.store) {
                    Some(Collection::Photo) => photos.push((item.key, item.card.unwrap_or_default())),
                    // Only the server writes statuses: a phone never sends one.
                    Some(Collection::MatterStatus) => {}
                    Some(collection) => outbox::enqueue(&tx, collection, item.key).await?,
                    None => {}
                }
            }
            // A photo travels once its card is submitted (a draft's go with it).
            for (id, card) in photos {
                if outbox::photo_card_submitted(&tx, &card).await? {
                    outbox::enqueue(&tx, Collection::Photo, id).await?;
                }
            }
            // Later writes on this device come after what was imported.
            let settings = tx.object_store(schema::SETTINGS)?;
            for (counter, top) in seqs {
                let last: Option<f64> = settings.get(counter).primitive()?.await?;
                settings.put(top.max(last.unwrap_or(0.0))).with_key(counter).primitive()?.await?;
            }
            tx.commit().await?;
            Ok(())
        }
        .await;
        explain(written, &raw)?;
        Ok(report)
    }
}

/// The settings counter that orders a store's records, if it has one.
fn counter_of(store: &str) -> Option<&'static str> {
    match store {
        s if s == schema::DRAFTS || s == schema::OPINION_DRAFTS => Some(schema::SETTING_DRAFT_SEQ),
        s if s == schema::ADDENDA => Some(schema::SETTING_ADDENDUM_SEQ),
        s if s == schema::PHOTOS => Some(schema::SETTING_PHOTO_SEQ),
        _ => None,
    }
}

/// Every record of a file, checked and rebuilt in this build's form, and how
/// many could not be read.
fn read_file(file: &JsValue) -> Result<(Vec<Incoming>, usize), ImportError> {
    let mut incoming = Vec::new();
    let mut rejected = 0;
    for (field, store) in STORES {
        let list = get(file, field);
        let records: Vec<JsValue> = if list.is_undefined() {
            Vec::new()
        } else if js_sys::Array::is_array(&list) {
            list.unchecked_into::<js_sys::Array>().iter().collect()
        } else {
            return Err(ExportError::NotAnExport.into());
        };
        for raw in records {
            match read_record(store, raw)? {
                Some(item) => incoming.push(item),
                None => rejected += 1,
            }
        }
    }
    Ok((incoming, rejected))
}

fn read_record(store: &'static str, raw: JsValue) -> Result<Option<Incoming>, StorageError> {
    fn from<T: serde::de::DeserializeOwned>(raw: JsValue) -> Option<T> {
        serde_wasm_bindgen::from_value(raw).ok()
    }
    let simple = |key: String, value: JsValue| Some(Incoming { store, key, value, card: None });
    Ok(match store {
        s if s == schema::OPINION_CARDS => match decode_opinion(raw) {
            Some(card) => simple(card.id.to_string(), to_js(&card.to_record())?),
            None => None,
        },
        s if s == schema::RECEPTION_CARDS => match from::<ReceptionCardRecord>(raw).map(ReceptionCard::try_from) {
            Some(Ok(card)) => simple(card.id.to_string(), to_js(&ReceptionCardRecord::from(&card))?),
            _ => None,
        },
        s if s == schema::CONTACTS => match from::<ContactRecord>(raw).map(Contact::try_from) {
            Some(Ok(contact)) => simple(contact.id.to_string(), to_js(&ContactRecord::from(&contact))?),
            _ => None,
        },
        s if s == schema::DRAFTS => match from::<Draft>(raw) {
            Some(draft) if draft.id.parse::<ReceptionCardId>().is_ok() => simple(draft.id.clone(), to_js(&draft)?),
            _ => None,
        },
        s if s == schema::OPINION_DRAFTS => match from::<OpinionDraft>(raw) {
            Some(draft) if draft.id.parse::<liaison_core::OpinionCardId>().is_ok() => {
                simple(draft.id.clone(), to_js(&draft)?)
            }
            _ => None,
        },
        s if s == schema::MATTER_REQUESTS => {
            match super::sync::to_body(&raw).map(serde_json::Value::Object).map(MatterRequest::from_json) {
                Some(Ok(request)) => simple(request.id.to_string(), to_js(&request.to_record())?),
                _ => None,
            }
        }
        s if s == schema::MATTER_STATUS => {
            match super::sync::to_body(&raw).map(serde_json::Value::Object).map(MatterStatusRecordV1::from_json) {
                Some(Ok(status)) => simple(status.id.to_string(), json_value(&status)?),
                _ => None,
            }
        }
        s if s == schema::DOCUMENTS => {
            match super::sync::to_body(&raw).map(serde_json::Value::Object).map(Document::from_json) {
                Some(Ok(document)) => simple(document.id.to_string(), to_js(&document.to_record())?),
                _ => None,
            }
        }
        s if s == schema::ADDENDA => match from::<StoredAddendum>(raw) {
            Some(stored) if Addendum::try_from(stored.record.clone()).is_ok() => {
                simple(stored.record.id.clone(), to_js(&stored)?)
            }
            _ => None,
        },
        _ => match import_photo(&raw) {
            Some(photo) => Some(Incoming {
                store,
                key: photo.photo.id.to_string(),
                value: photo.to_js()?,
                card: Some(photo.photo.card.key()),
            }),
            None => None,
        },
    })
}
