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
use liaison_core::addendum::CardRef;
use liaison_sync::edit::PendingUpdate;
use liaison_sync::wire::Collection;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use wasm_bindgen::JsValue;

/// The store each travelling collection's records are kept in (addenda and
/// photos inside a wrapper: `{seq, record, …}`).
pub(super) fn store_of(collection: Collection) -> &'static str {
    match collection {
        Collection::OpinionCard => schema::OPINION_CARDS,
        Collection::ReceptionCard => schema::RECEPTION_CARDS,
        Collection::Addendum => schema::ADDENDA,
        Collection::Photo => schema::PHOTOS,
        Collection::Contact => schema::CONTACTS,
        Collection::MatterStatus => schema::MATTER_STATUS,
        Collection::MatterRequest => schema::MATTER_REQUESTS,
        Collection::Document => schema::DOCUMENTS,
    }
}

/// The travelling collection of a store's records; drafts and settings do not travel.
pub(super) fn collection_of(store: &str) -> Option<Collection> {
    Collection::ALL.into_iter().find(|c| store_of(*c) == store)
}

/// The key of a record's receipt: `<collection>:<id>`.
pub(super) fn receipt_key(collection: Collection, id: &str) -> String {
    format!("{}:{id}", collection.code())
}

/// One waiting write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The order of writing on this device: the protocol's mutation seq.
    pub seq: u64,
    /// The record's collection (the protocol's code, `opinion_card` …).
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
    /// An edit of a contact (the fields changed, old and new) rather than
    /// the record itself; sent as the protocol's update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update: Option<PendingUpdate>,
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
pub(super) async fn enqueue(tx: &Transaction<'_>, collection: Collection, id: String) -> Result<(), StorageError> {
    put_entry(tx, collection, id, false).await
}

async fn put_entry(tx: &Transaction<'_>, collection: Collection, id: String, offer: bool) -> Result<(), StorageError> {
    let seq = next_seq(tx, schema::SETTING_OUTBOX_SEQ).await?;
    // Written as an entry without an edit: the shell, which saves cards,
    // then carries no code to write an edit's JSON values.
    #[derive(Serialize)]
    struct NewEntry {
        seq: u64,
        collection: &'static str,
        id: String,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        offer: bool,
    }
    let entry = NewEntry { seq, collection: collection.code(), id, offer };
    tx.object_store(schema::OUTBOX)?.add(entry).serde()?.await?;
    Ok(())
}

/// Puts an edit of a record in the outbox (same transaction as the edited
/// record, which must include the outbox and settings stores).
pub(super) async fn enqueue_update(
    tx: &Transaction<'_>,
    collection: Collection,
    id: String,
    update: PendingUpdate,
) -> Result<(), StorageError> {
    let seq = next_seq(tx, schema::SETTING_OUTBOX_SEQ).await?;
    let entry = OutboxEntry {
        seq,
        collection: collection.code().to_owned(),
        id,
        refused: None,
        offer: false,
        update: Some(update),
    };
    tx.object_store(schema::OUTBOX)?.add(entry).serde()?.await?;
    Ok(())
}

/// Puts the photos of a card being submitted in the outbox (same transaction).
pub(super) async fn enqueue_photos(tx: &Transaction<'_>, card: &str) -> Result<(), StorageError> {
    let photos = tx
        .object_store(schema::PHOTOS)?
        .index(schema::BY_CARD)?
        .get_all::<JsValue>()
        .with_query(card)
        .primitive()?
        .await?;
    for photo in photos {
        if let Some(id) = own_photo_id(&photo?) {
            enqueue(tx, Collection::Photo, id).await?;
        }
    }
    Ok(())
}

/// The id of a kept photo taken on this phone; `None` for one pulled from
/// the server (another phone's to send) or one that does not read.
fn own_photo_id(photo: &JsValue) -> Option<String> {
    if super::photos::is_pulled(photo) {
        return None;
    }
    let record = js_sys::Reflect::get(photo, &JsValue::from_str("record")).ok()?;
    js_sys::Reflect::get(&record, &JsValue::from_str("id")).ok()?.as_string()
}

/// Whether the card a photo belongs to (its `card` field, `reception:<id>`)
/// is submitted; a draft's photos travel with the card, not before.
pub(super) async fn photo_card_submitted(tx: &Transaction<'_>, card: &str) -> Result<bool, StorageError> {
    match card.split_once(':').and_then(|(kind, id)| CardRef::parse(kind, id).ok()) {
        Some(card) => super::photos::is_submitted(tx, card).await,
        None => Ok(false),
    }
}

/// Puts every record on the phone into the outbox (inside the caller's
/// transaction, which holds the outbox, settings and every record store):
/// cards first, then what refers to them, then the photos of submitted cards;
/// `skip` names (collection, id) pairs already queued; `offer` makes them
/// offers (after a server restore). Answers how many were put in.
pub(super) async fn enqueue_all(
    tx: &Transaction<'_>,
    skip: &HashSet<(String, String)>,
    offer: bool,
) -> Result<usize, StorageError> {
    let mut added = 0;
    let queued = |collection: Collection, id: &str| skip.contains(&(collection.code().to_owned(), id.to_owned()));
    for collection in [Collection::Contact, Collection::ReceptionCard, Collection::OpinionCard, Collection::Addendum] {
        let keys = tx.object_store(store_of(collection))?.get_all_keys::<JsValue>().primitive()?.await?;
        let mut ids: Vec<String> = keys.filter_map(|key| key.ok()?.as_string()).collect();
        if collection == Collection::OpinionCard {
            ids.extend(super::pages::all_ids(tx).await?);
        }
        for id in ids {
            if !queued(collection, &id) {
                put_entry(tx, collection, id, offer).await?;
                added += 1;
            }
        }
    }
    let photos = tx.object_store(schema::PHOTOS)?.get_all::<JsValue>().primitive()?.await?;
    for photo in photos {
        let photo = photo?;
        let card = js_sys::Reflect::get(&photo, &JsValue::from_str("card")).ok().and_then(|v| v.as_string());
        let id = own_photo_id(&photo);
        let (Some(card), Some(id)) = (card, id) else { continue };
        if !queued(Collection::Photo, &id) && photo_card_submitted(tx, &card).await? {
            put_entry(tx, Collection::Photo, id, offer).await?;
            added += 1;
        }
    }
    Ok(added)
}

/// The stores a transaction that writes a travelling record must include.
pub(super) const WITH_OUTBOX: [&str; 2] = [schema::OUTBOX, schema::SETTINGS];

/// An outbox entry as the screens read it: what waits, and whether the
/// server refused it — without an edit's fields, whose JSON values the app
/// shell need not know how to read (that would grow it by kilobytes).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OutboxLine {
    /// The protocol's mutation seq.
    pub seq: u64,
    /// The record's collection code.
    pub collection: String,
    /// The record's id.
    pub id: String,
    /// Set when the server refused it: the catalogue key of the reason.
    #[serde(default)]
    pub refused: Option<String>,
}

impl Storage {
    /// Every entry of the outbox, in writing order.
    pub async fn outbox(&self) -> Result<Vec<OutboxLine>, StorageError> {
        let tx = self.db.transaction(schema::OUTBOX).build()?;
        let entries = tx.object_store(schema::OUTBOX)?.get_all::<OutboxLine>().serde()?.await?;
        let mut entries: Vec<OutboxLine> = entries.filter_map(Result::ok).collect();
        liaison_core::sort::sort_by_key(&mut entries, |e| e.seq);
        Ok(entries)
    }

    /// Every entry of the outbox whole (edits included), in writing order:
    /// for the sync driver.
    pub async fn outbox_entries(&self) -> Result<Vec<OutboxEntry>, StorageError> {
        let tx = self.db.transaction(schema::OUTBOX).build()?;
        let entries = tx.object_store(schema::OUTBOX)?.get_all::<OutboxEntry>().serde()?.await?;
        let mut entries: Vec<OutboxEntry> = entries.filter_map(Result::ok).collect();
        liaison_core::sort::sort_by_key(&mut entries, |e| e.seq);
        Ok(entries)
    }

    /// How many entries wait.
    pub async fn outbox_count(&self) -> Result<OutboxCount, StorageError> {
        let entries = self.outbox().await?;
        Ok(OutboxCount { waiting: entries.len(), refused: entries.iter().filter(|e| e.refused.is_some()).count() })
    }

    /// The receipt of a record, if the server has it.
    pub async fn receipt(&self, collection: Collection, id: &str) -> Result<Option<Receipt>, StorageError> {
        let tx = self.db.transaction([schema::RECEIPTS, schema::SETTINGS]).build()?;
        let key = receipt_key(collection, id);
        let kept: Option<Receipt> = tx.object_store(schema::RECEIPTS)?.get(key.as_str()).serde()?.await?;
        match kept {
            None if super::receipts::batched(collection) => super::receipts::in_batches(&tx, &key).await,
            kept => Ok(kept),
        }
    }

    /// When the server received each record of a collection it has, by id
    /// (one read of the collection's receipts, and of the batches).
    pub async fn received(
        &self,
        collection: Collection,
    ) -> Result<std::collections::HashMap<String, String>, StorageError> {
        let tx = self.db.transaction(schema::RECEIPTS).build()?;
        let mut received = kept_receipts(&tx, collection).await?;
        if super::receipts::batched(collection) {
            received.extend(super::receipts::batched_of(&tx, collection).await?);
        }
        Ok(received)
    }

    /// [`Storage::received`] for a collection whose receipts are never
    /// batched (the app shell's documents screen: without the code that
    /// reads batches whole).
    pub(super) async fn received_unbatched(
        &self,
        collection: Collection,
    ) -> Result<std::collections::HashMap<String, String>, StorageError> {
        debug_assert!(!super::receipts::batched(collection));
        let tx = self.db.transaction(schema::RECEIPTS).build()?;
        kept_receipts(&tx, collection).await
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
            schema::CARD_PAGES,
        ];
        let tx = self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?;
        let settings = tx.object_store(schema::SETTINGS)?;
        let done: Option<bool> = settings.get(schema::SETTING_OUTBOX_BACKFILLED).primitive()?.await?;
        if done == Some(true) {
            return Ok(0);
        }
        let queued: HashSet<(String, String)> = tx
            .object_store(schema::OUTBOX)?
            .get_all::<OutboxEntry>()
            .serde()?
            .await?
            .filter_map(Result::ok)
            .map(|e| (e.collection, e.id))
            .collect();
        let added = enqueue_all(&tx, &queued, false).await?;
        settings.put(true).with_key(schema::SETTING_OUTBOX_BACKFILLED).primitive()?.await?;
        tx.commit().await?;
        Ok(added)
    }
}

/// The receipts of a collection kept one a record, as (id, received at).
async fn kept_receipts(
    tx: &Transaction<'_>,
    collection: Collection,
) -> Result<std::collections::HashMap<String, String>, StorageError> {
    // Keys are `<collection>:<id>`; `;` is the character after `:`.
    let (from, to) = (format!("{}:", collection.code()), format!("{};", collection.code()));
    let receipts =
        tx.object_store(schema::RECEIPTS)?.get_all::<Receipt>().with_query(from.clone()..to).serde()?.await?;
    Ok(receipts
        .filter_map(Result::ok)
        .filter_map(|r| Some((r.key.strip_prefix(&from)?.to_owned(), r.received_at)))
        .collect())
}
