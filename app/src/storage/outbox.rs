//! The outbox: what this phone has written that the server has not answered
//! yet, and the receipts of what it has.
//!
//! An entry is written in the same transaction as its record, so a record
//! never exists on the phone without its way to the server. Entries name the
//! record (collection and id); the record itself is read when it is sent —
//! submitted cards, addenda and photos never change, so there is nothing
//! else to remember. An entry leaves the outbox only when the server has
//! answered it; an entry the server refused stays, quarantined with the
//! reason, and does not hold up the others.

use super::{Storage, StorageError, next_seq, schema};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// Kinds of record that travel, with their wire names (the sync protocol's
/// collections).
pub mod collection {
    /// Opinion cards.
    pub const OPINION_CARD: &str = "opinion_card";
    /// Reception record cards.
    pub const RECEPTION_CARD: &str = "reception_card";
    /// Addenda to submitted cards.
    pub const ADDENDUM: &str = "addendum";
    /// Contacts.
    pub const CONTACT: &str = "contact";
    /// Photos' descriptions (their bytes are uploaded apart).
    pub const PHOTO: &str = "photo";
}

/// One waiting write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The order of writing on this device: the protocol's mutation seq.
    pub seq: u64,
    /// The record's collection ([`collection`]).
    pub collection: String,
    /// The record's id.
    pub id: String,
    /// Set when the server refused it: the catalogue key of the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
    /// Offered again after a server restore (written only if the server lacks
    /// it) rather than created.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub offer: bool,
}

/// What the server said it holds of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// `<collection>:<id>`.
    pub key: String,
    /// The server's version of the record.
    pub version: u64,
    /// When the server received it (RFC 3339, the server's clock).
    pub received_at: String,
}

/// How many entries wait, and how many of them the server refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCount {
    /// Entries not yet answered (refused ones included).
    pub waiting: usize,
    /// Entries the server refused (kept, with the reason).
    pub refused: usize,
}

/// Puts a record in the outbox, inside the caller's writing transaction (which
/// must include the outbox and settings stores).
pub(super) async fn enqueue(tx: &Transaction<'_>, collection: &str, id: String) -> Result<(), StorageError> {
    put_entry(tx, collection, id, false).await
}

/// Offers a record again after a server restore (same transaction rules).
pub(super) async fn enqueue_offer(tx: &Transaction<'_>, collection: &str, id: String) -> Result<(), StorageError> {
    put_entry(tx, collection, id, true).await
}

async fn put_entry(tx: &Transaction<'_>, collection: &str, id: String, offer: bool) -> Result<(), StorageError> {
    let seq = next_seq(tx, schema::SETTING_OUTBOX_SEQ).await?;
    let entry = OutboxEntry { seq, collection: collection.to_owned(), id, refused: None, offer };
    tx.object_store(schema::OUTBOX)?.add(entry).serde()?.await?;
    Ok(())
}

/// Puts the photos of a card being submitted in the outbox (same transaction).
pub(super) async fn enqueue_photos(tx: &Transaction<'_>, card: &str) -> Result<(), StorageError> {
    let ids = tx
        .object_store(schema::PHOTOS)?
        .index(schema::BY_CARD)?
        .get_all_keys::<JsValue>()
        .with_query(card)
        .primitive()?
        .await?;
    for id in ids {
        if let Some(id) = id?.as_string() {
            enqueue(tx, collection::PHOTO, id).await?;
        }
    }
    Ok(())
}

/// The stores a transaction that writes a travelling record must include.
pub(super) const WITH_OUTBOX: [&str; 2] = [schema::OUTBOX, schema::SETTINGS];

impl Storage {
    /// Every entry of the outbox, in writing order.
    pub async fn outbox(&self) -> Result<Vec<OutboxEntry>, StorageError> {
        let tx = self.db.transaction(schema::OUTBOX).build()?;
        let entries = tx.object_store(schema::OUTBOX)?.get_all::<OutboxEntry>().serde()?.await?;
        let mut entries: Vec<OutboxEntry> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.seq);
        Ok(entries)
    }

    /// How many entries wait.
    pub async fn outbox_count(&self) -> Result<OutboxCount, StorageError> {
        let entries = self.outbox().await?;
        Ok(OutboxCount { waiting: entries.len(), refused: entries.iter().filter(|e| e.refused.is_some()).count() })
    }

    /// The receipt of a record, if the server has it.
    pub async fn receipt(&self, collection: &str, id: &str) -> Result<Option<Receipt>, StorageError> {
        let tx = self.db.transaction(schema::RECEIPTS).build()?;
        Ok(tx.object_store(schema::RECEIPTS)?.get(format!("{collection}:{id}")).serde()?.await?)
    }

    /// Puts every record written before the outbox existed into it, once
    /// (the first sync after the upgrade). Sending a record the server has
    /// already is harmless: it answers with what it holds.
    pub async fn backfill_outbox(&self) -> Result<usize, StorageError> {
        let stores = [
            schema::OUTBOX,
            schema::SETTINGS,
            schema::OPINION_CARDS,
            schema::RECEPTION_CARDS,
            schema::ADDENDA,
            schema::CONTACTS,
            schema::PHOTOS,
        ];
        let tx = self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?;
        let settings = tx.object_store(schema::SETTINGS)?;
        let done: Option<bool> = settings.get(schema::SETTING_OUTBOX_BACKFILLED).primitive()?.await?;
        if done == Some(true) {
            return Ok(0);
        }
        let queued: std::collections::HashSet<(String, String)> = tx
            .object_store(schema::OUTBOX)?
            .get_all::<OutboxEntry>()
            .serde()?
            .await?
            .filter_map(Result::ok)
            .map(|e| (e.collection, e.id))
            .collect();
        let mut added = 0;
        // Cards first, then what refers to them.
        for (store, collection) in [
            (schema::CONTACTS, collection::CONTACT),
            (schema::RECEPTION_CARDS, collection::RECEPTION_CARD),
            (schema::OPINION_CARDS, collection::OPINION_CARD),
            (schema::ADDENDA, collection::ADDENDUM),
        ] {
            let keys = tx.object_store(store)?.get_all_keys::<JsValue>().primitive()?.await?;
            for key in keys {
                if let Some(id) = key?.as_string()
                    && !queued.contains(&(collection.to_owned(), id.clone()))
                {
                    enqueue(&tx, collection, id).await?;
                    added += 1;
                }
            }
        }
        // Photos of submitted cards only: a draft's photos go with its card.
        let photos = tx.object_store(schema::PHOTOS)?.get_all::<JsValue>().primitive()?.await?;
        for photo in photos {
            let photo = photo?;
            let get = |o: &JsValue, f: &str| js_sys::Reflect::get(o, &JsValue::from_str(f)).ok();
            let card = get(&photo, "card").and_then(|v| v.as_string());
            let id = get(&photo, "record").and_then(|r| get(&r, "id")).and_then(|v| v.as_string());
            let (Some(card), Some(id)) = (card, id) else { continue };
            let store = match card.split_once(':') {
                Some(("reception", _)) => schema::RECEPTION_CARDS,
                Some(("opinion", _)) => schema::OPINION_CARDS,
                _ => continue,
            };
            let card_id = card.split_once(':').map(|(_, id)| id.to_owned()).unwrap_or_default();
            let found: Option<JsValue> = tx.object_store(store)?.get(card_id).primitive()?.await?;
            let submitted = found.is_some();
            if submitted && !queued.contains(&(collection::PHOTO.to_owned(), id.clone())) {
                enqueue(&tx, collection::PHOTO, id).await?;
                added += 1;
            }
        }
        settings.put(true).with_key(schema::SETTING_OUTBOX_BACKFILLED).primitive()?.await?;
        tx.commit().await?;
        Ok(added)
    }
}
