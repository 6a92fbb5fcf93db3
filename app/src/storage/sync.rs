//! The phone's sync state in IndexedDB: the account this phone signed in
//! with, the cursor, and the writes a sync session asks for
//! (`liaison_sync::client::Effects`), each response's in one transaction.
//!
//! Only the tools module (the sync driver) uses most of this; the shell reads
//! the account and the counts.

use super::outbox::{OutboxEntry, Receipt, enqueue_all, receipt_key, store_of};
use super::{Storage, StorageError, explain, next_seq, raw_transaction, schema};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use liaison_sync::client::{self, Effects, OutboxState};
use liaison_sync::edit::{ConflictRecord, PendingUpdate};
use liaison_sync::wire::{Body, Change, Collection, Cursor, Mutation, MutationSeq, Op, Outcome, RecordKey};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use wasm_bindgen::JsValue;

/// Settings key: the signed-in account ([`Account`]).
pub const SETTING_ACCOUNT: &str = "account";
/// Settings key: the sync cursor (`<epoch>.<seq>`), of protocol version 2.
/// (Version 1's, `sync_cursor`, is left unread: a phone that synced in
/// version 1 was never sent the matters' statuses behind its cursor, so it
/// pulls once more from the start.)
pub const SETTING_CURSOR: &str = "sync_cursor_v2";
/// Settings key: what the last sync said ([`SyncNote`]).
pub const SETTING_SYNC_NOTE: &str = "sync_note";

/// Who this phone syncs as: what signing in answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The user's id on the server.
    pub user_id: String,
    /// Their login name.
    pub login: String,
    /// Their name.
    pub name: String,
    /// Their role's code.
    pub role: String,
    /// This device's id on the server (the protocol's device).
    pub device_id: String,
    /// The name given to this device.
    pub device_name: String,
    /// The device token (sent as `Authorization: Bearer`).
    pub token: String,
}

/// What the last sync ended with, for the home screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncNote {
    /// When it last reached the server (the server's time, RFC 3339).
    pub last_synced_at: Option<String>,
    /// The phone's clock minus the server's, in seconds, when off by more than
    /// five minutes.
    pub clock_skew_seconds: Option<i64>,
    /// Why syncing stopped, as a catalogue key (revoked device …).
    pub stopped: Option<String>,
}

/// Reads a JS value as JSON (what IndexedDB holds, as the protocol's body).
pub(super) fn to_body(value: &JsValue) -> Option<Body> {
    let text = js_sys::JSON::stringify(value).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// A protocol body as a JS value for IndexedDB.
pub(super) fn from_body(body: &Body) -> Result<JsValue, StorageError> {
    let text = serde_json::to_string(body).map_err(|e| StorageError::Failed(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| StorageError::Failed("JSON.parse".into()))
}

fn parse_collection(code: &str) -> Option<Collection> {
    Collection::ALL.into_iter().find(|c| c.code() == code)
}

/// The record's body as sent: the stored object, or its `record` for wrapped ones.
fn body_of(collection: Collection, stored: &JsValue) -> Option<Body> {
    match collection {
        Collection::Addendum | Collection::Photo => {
            to_body(&js_sys::Reflect::get(stored, &JsValue::from_str("record")).ok()?)
        }
        _ => to_body(stored),
    }
}

pub(super) const SYNC_STORES: [&str; 12] = [
    schema::MATTER_STATUS,
    schema::MATTER_REQUESTS,
    schema::OUTBOX,
    schema::SETTINGS,
    schema::RECEIPTS,
    schema::OPINION_CARDS,
    schema::RECEPTION_CARDS,
    schema::ADDENDA,
    schema::CONTACTS,
    schema::PHOTOS,
    schema::DOCUMENTS,
    schema::CARD_PAGES,
];

impl Storage {
    /// The account this phone signed in with, if any.
    pub async fn account(&self) -> Result<Option<Account>, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        Ok(tx.object_store(schema::SETTINGS)?.get(SETTING_ACCOUNT).serde()?.await?)
    }

    /// Keeps the account signing in answered (replacing another's: the phone's
    /// records stay, and stay in the outbox).
    pub async fn set_account(&self, account: &Account) -> Result<(), StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).with_mode(TransactionMode::Readwrite).build()?;
        let settings = tx.object_store(schema::SETTINGS)?;
        settings.put(account).with_key(SETTING_ACCOUNT.to_owned()).serde()?.await?;
        settings.delete(SETTING_SYNC_NOTE).await?;
        // Another account's duty setup is not this one's: the next sync asks.
        settings.delete(schema::SETTING_DUTY_SETUP).await?;
        settings.delete(schema::SETTING_DUTY_SETUP_AT).await?;
        settings.delete(super::schedules::SETTING_RECEPTION_SCHEDULES).await?;
        settings.delete(super::schedules::SETTING_RECEPTION_SCHEDULES_AT).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Forgets the account (signing out). Nothing else is removed: the cards
    /// stay on the phone and in the outbox.
    pub async fn forget_account(&self) -> Result<(), StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).with_mode(TransactionMode::Readwrite).build()?;
        tx.object_store(schema::SETTINGS)?.delete(SETTING_ACCOUNT).await?;
        tx.commit().await?;
        Ok(())
    }

    /// What the last sync said.
    pub async fn sync_note(&self) -> Result<SyncNote, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        let note: Option<SyncNote> = tx.object_store(schema::SETTINGS)?.get(SETTING_SYNC_NOTE).serde()?.await?;
        Ok(note.unwrap_or_default())
    }

    /// Records why syncing stopped (or clears it).
    pub async fn set_sync_stopped(&self, key: Option<&str>) -> Result<(), StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).with_mode(TransactionMode::Readwrite).build()?;
        let settings = tx.object_store(schema::SETTINGS)?;
        let note: Option<SyncNote> = settings.get(SETTING_SYNC_NOTE).serde()?.await?;
        let note = SyncNote { stopped: key.map(str::to_owned), ..note.unwrap_or_default() };
        settings.put(note).with_key(SETTING_SYNC_NOTE.to_owned()).serde()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// The saved cursor, if the phone has synced in this epoch.
    pub async fn cursor(&self) -> Result<Option<Cursor>, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        let text: Option<String> = tx.object_store(schema::SETTINGS)?.get(SETTING_CURSOR).primitive()?.await?;
        Ok(text.and_then(|t| t.parse().ok()))
    }

    /// The outbox as the protocol's entries, each with the body of its record
    /// read now. An entry whose record cannot be read is left out (and stays).
    pub async fn protocol_outbox(&self) -> Result<Vec<client::OutboxEntry>, StorageError> {
        let entries = self.outbox_entries().await?;
        let tx = self.db.transaction(SYNC_STORES).build()?;
        protocol_entries(&tx, entries).await
    }

    /// Writes one response's effects in one transaction: answered entries
    /// leave the outbox (refused ones stay, marked), receipts are kept,
    /// pulled records are added (a card already here is left as it is; a
    /// contact takes the server's state), and the cursor is saved with them.
    /// Answers how many records were added or changed.
    pub async fn apply_sync(&self, effects: &Effects, server_time: &str) -> Result<usize, StorageError> {
        let tx = self.db.transaction(SYNC_STORES).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let mut written = 0;
        let result: Result<(), StorageError> = async {
            // Requests are issued together and awaited after: the transaction
            // runs them back to back (in order), not one round trip each.
            let outbox = tx.object_store(schema::OUTBOX)?;
            let mut writes = Vec::new();
            for (first, last) in runs(effects.remove.iter().map(|seq| seq.0)) {
                writes.push(outbox.delete::<f64, _>(first as f64..=last as f64).primitive()?);
            }
            for (seq, rejection) in &effects.quarantine {
                let entry: Option<OutboxEntry> = outbox.get(seq.0 as f64).serde()?.await?;
                if let Some(entry) = entry {
                    outbox.put(OutboxEntry { refused: Some(rejection.key.clone()), ..entry }).serde()?.await?;
                }
            }
            let mut receipts = Vec::new();
            for (mutation, result) in &effects.settled {
                let version = match &result.outcome {
                    Outcome::Applied { version } | Outcome::Merged { version } | Outcome::Conflict { version, .. } => {
                        *version
                    }
                    Outcome::Rejected { .. } => continue,
                };
                let receipt = Receipt {
                    key: receipt_key(mutation.key.collection, &mutation.key.id.hyphenated().to_string()),
                    version,
                    received_at: liaison_core::time::to_wire(result.received_at),
                };
                receipts.push((mutation.key.collection, receipt));
            }
            for write in writes {
                write.await?;
            }
            let answered = chrono::DateTime::parse_from_rfc3339(server_time)
                .map(|t| t.with_timezone(&chrono::Utc))
                .unwrap_or_default();
            let conflicts = effects.conflicts.iter().map(|c| ConflictRecord::new(c, answered)).collect();
            super::contacts::record_conflicts(&tx, conflicts).await?;
            written += store_changes(&tx, &effects.changes, &mut receipts).await?;
            super::receipts::keep(&tx, receipts).await?;
            let settings = tx.object_store(schema::SETTINGS)?;
            if effects.reoffer {
                reoffer_all(&tx).await?;
            }
            if let Some(cursor) = &effects.cursor {
                settings.put(cursor.to_string()).with_key(SETTING_CURSOR).primitive()?.await?;
            }
            let note = SyncNote {
                last_synced_at: Some(server_time.to_owned()),
                clock_skew_seconds: effects.clock.flagged.then_some(-effects.clock.seconds),
                stopped: None,
            };
            settings.put(note).with_key(SETTING_SYNC_NOTE.to_owned()).serde()?.await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        explain(result, &raw)?;
        Ok(written)
    }
}

/// Stores a page of pulled changes (inside the sync transaction): the record
/// when it comes with a body this build accepts. A card already on the phone
/// is left as it is; a contact takes the server's state; each change's
/// receipt is added to `receipts`. Answers how many records were added or
/// changed.
///
/// Requests go out together, in two rounds — whether each record is here,
/// then every write — instead of one round trip a request.
async fn store_changes(
    tx: &Transaction<'_>,
    changes: &[Change],
    receipts: &mut Vec<(Collection, Receipt)>,
) -> Result<usize, StorageError> {
    let mut writes = Vec::new();
    let mut lookups = Vec::new();
    let mut statuses = Vec::new();
    let mut written = 0;
    let edits = if changes.iter().any(|c| c.key.collection == Collection::Contact) {
        pending_edits(tx).await?
    } else {
        HashMap::new()
    };
    for change in changes {
        let id = change.key.id.hyphenated().to_string();
        let receipt = Receipt {
            key: receipt_key(change.key.collection, &id),
            version: change.version,
            received_at: liaison_core::time::to_wire(change.received_at),
        };
        receipts.push((change.key.collection, receipt));
        let store = tx.object_store(store_of(change.key.collection))?;
        if change.deleted {
            // Only contacts are ever deleted.
            if change.key.collection == Collection::Contact {
                writes.push(store.delete(id.as_str()).primitive()?);
                written += 1;
            }
            continue;
        }
        let Some(body) = &change.body else { continue };
        // What the server sends is checked like anything else read from outside.
        if liaison_sync::server::validate(&change.key, body).is_err() {
            continue;
        }
        match change.key.collection {
            // The server's state replaces the phone's: statuses, which only
            // the server writes, and contacts (pending edits are re-applied
            // on top by the session).
            Collection::MatterStatus => statuses.push(body),
            Collection::Contact => {
                let mut shown = body.clone();
                for update in edits.get(&id).into_iter().flatten() {
                    for (field, change) in &update.fields {
                        shown.insert(field.clone(), change.new.clone());
                    }
                }
                writes.push(store.put(from_body(&shown)?).primitive()?);
                written += 1;
            }
            collection => lookups.push((collection, id, body)),
        }
    }
    written += put_all(tx, schema::MATTER_STATUS, &statuses)?;
    let mut present = HashSet::new();
    for collection in Collection::ALL {
        let ids = ids_in(&lookups, collection, |(c, id, _)| (*c, id.as_str()));
        let mut here = present_keys(tx, collection, &ids).await?;
        if collection == Collection::OpinionCard && !ids.is_empty() {
            here.extend(super::pages::present(tx, &ids).await?);
        }
        for id in here {
            present.insert((collection, id));
        }
    }
    for write in writes {
        write.await?;
    }
    // Cards and addenda never change: add what is not here yet, once each
    // even if a page names it twice.
    let mut missing = Vec::new();
    let mut pulled_cards = Vec::new();
    for (collection, id, body) in lookups {
        if present.insert((collection, id.clone())) {
            if collection == Collection::OpinionCard {
                // Another phone's opinion cards: a page for the lot.
                pulled_cards.push((id, body));
            } else {
                missing.push((collection, body));
            }
        }
    }
    written += pulled_cards.len();
    super::pages::write(tx, &pulled_cards).await?;
    let mut adds = Vec::with_capacity(missing.len());
    for (collection, body) in missing {
        let store = tx.object_store(store_of(collection))?;
        if collection == Collection::Addendum {
            let seq = next_seq(tx, schema::SETTING_ADDENDUM_SEQ).await?;
            let wrapped = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&wrapped, &"seq".into(), &JsValue::from_f64(seq as f64));
            let _ = js_sys::Reflect::set(&wrapped, &"record".into(), &from_body(body)?);
            store.add(JsValue::from(wrapped)).primitive()?.await?;
        } else if collection == Collection::Photo {
            // Another phone's photo: its description now, its thumbnail and
            // JPEG from the server when its card is opened.
            let Some(photo) = pulled_photo(body) else { continue };
            let seq = next_seq(tx, schema::SETTING_PHOTO_SEQ).await?;
            let stored = super::StoredPhoto { photo, seq, image: None, thumb: None, pulled: true };
            store.add(stored.to_js()?).primitive()?.await?;
        } else {
            adds.push(store.add(from_body(body)?).primitive()?);
        }
        written += 1;
    }
    for add in adds {
        add.await?;
    }
    Ok(written)
}

/// Puts `bodies` into `store` inside the sync transaction: one JSON text
/// parsed once, and no waiting on each put (a put that fails aborts the
/// transaction, and its commit reports it). Statuses come a page at a time
/// — one a card a phone pushed — and crossing into JS and waking up for
/// each of them cost far more than the browser's own writes.
fn put_all(tx: &Transaction<'_>, store: &str, bodies: &[&Body]) -> Result<usize, StorageError> {
    use wasm_bindgen::JsCast;
    if bodies.is_empty() {
        return Ok(0);
    }
    let text = serde_json::to_string(bodies).map_err(|e| StorageError::Failed(e.to_string()))?;
    let values: js_sys::Array =
        js_sys::JSON::parse(&text).map_err(|_| StorageError::Failed("JSON.parse".into()))?.unchecked_into();
    let store = raw_transaction(tx).object_store(store).map_err(refused)?;
    for value in values.iter() {
        store.put(&value).map_err(refused)?;
    }
    Ok(bodies.len())
}

/// What the browser said when it refused a request at once.
fn refused(error: JsValue) -> StorageError {
    use wasm_bindgen::JsCast;
    StorageError::Failed(match error.dyn_ref::<web_sys::DomException>() {
        Some(e) => format!("{}: {}", e.name(), e.message()),
        None => format!("{error:?}"),
    })
}

/// The edits still waiting in the outbox (not answered, not refused), by
/// record id, oldest first: a pulled record shows them on top until the
/// server answers them.
async fn pending_edits(tx: &Transaction<'_>) -> Result<HashMap<String, Vec<PendingUpdate>>, StorageError> {
    let entries = tx.object_store(schema::OUTBOX)?.get_all::<OutboxEntry>().serde()?.await?;
    let mut entries: Vec<OutboxEntry> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.seq);
    let mut edits: HashMap<String, Vec<PendingUpdate>> = HashMap::new();
    for entry in entries {
        if let (Some(update), None) = (entry.update, &entry.refused) {
            edits.entry(entry.id).or_default().push(update);
        }
    }
    Ok(edits)
}

/// A pulled photo record as the core reads it (`validate` checked it already).
fn pulled_photo(body: &Body) -> Option<liaison_core::photo::Photo> {
    let record: liaison_core::photo::PhotoRecord =
        serde_json::from_value(serde_json::Value::Object(body.clone())).ok()?;
    liaison_core::photo::Photo::try_from(record).ok()
}

/// How many records a range may hold for each id asked for and still be
/// read as one range by [`read_records`].
pub(super) const DENSE_UP_TO: usize = 2;

/// The stored records of `ids` in a collection's store, by id (those not
/// found are left out): many ids in one read of the range they span (see
/// [`span`]), unless that range holds many more records than were asked
/// for — an old entry waiting among new ones (a refused card kept in the
/// outbox, a draft begun days ago) would have every record written between
/// them read with its body at every sync while they wait —, then one
/// request an id, issued together.
async fn read_records(
    tx: &Transaction<'_>,
    collection: Collection,
    ids: &[&str],
) -> Result<Vec<(String, JsValue)>, StorageError> {
    let store = tx.object_store(store_of(collection))?;
    let mut found = Vec::with_capacity(ids.len());
    let (wanted, range) = span(ids);
    // Counted first (keys only, no values): a range holding many more
    // records than were asked for is read one id at a time instead.
    let range = match range {
        Some(range) => {
            let held = store.count().with_query(range.clone()).primitive()?.await? as usize;
            (held <= DENSE_UP_TO * ids.len()).then_some(range)
        }
        None => None,
    };
    let Some(range) = range else {
        let mut reads = Vec::with_capacity(ids.len());
        for id in ids {
            reads.push((*id, store.get::<JsValue, _, _>(*id).primitive()?));
        }
        for (id, read) in reads {
            if let Some(stored) = read.await? {
                found.push((id.to_owned(), stored));
            }
        }
        return Ok(found);
    };
    for stored in store.get_all::<JsValue>().with_query::<JsValue, _>(range).primitive()?.await? {
        let stored = stored?;
        if let Some(id) = record_id(collection, &stored).filter(|id| wanted.contains(id.as_str())) {
            found.push((id, stored));
        }
    }
    Ok(found)
}

/// Which of `ids` a collection's store holds, read as keys only.
async fn present_keys(tx: &Transaction<'_>, collection: Collection, ids: &[&str]) -> Result<Vec<String>, StorageError> {
    let store = tx.object_store(store_of(collection))?;
    let (wanted, range) = span(ids);
    let mut reads = Vec::new();
    match range {
        Some(range) => reads.push(store.get_all_keys::<JsValue>().with_query::<JsValue, _>(range).primitive()?),
        None => {
            for id in ids {
                reads
                    .push(store.get_all_keys::<JsValue>().with_query::<JsValue, _>(JsValue::from_str(id)).primitive()?);
            }
        }
    }
    let mut here = Vec::new();
    for read in reads {
        for key in read.await? {
            if let Some(id) = key?.as_string().filter(|id| wanted.contains(id.as_str())) {
                here.push(id);
            }
        }
    }
    Ok(here)
}

/// The ids of `items` in one collection.
fn ids_in<'a, T>(items: &'a [T], collection: Collection, of: impl Fn(&'a T) -> (Collection, &'a str)) -> Vec<&'a str> {
    items.iter().map(of).filter(|(c, _)| *c == collection).map(|(_, id)| id).collect()
}

/// A stored record's id: its `id`, or its `record.id` for wrapped ones.
fn record_id(collection: Collection, stored: &JsValue) -> Option<String> {
    let record = match collection {
        Collection::Addendum | Collection::Photo => js_sys::Reflect::get(stored, &JsValue::from_str("record")).ok()?,
        _ => stored.clone(),
    };
    js_sys::Reflect::get(&record, &JsValue::from_str("id")).ok()?.as_string()
}

/// Sorted numbers as runs of consecutive ones, `(first, last)` each.
fn runs(numbers: impl IntoIterator<Item = u64>) -> Vec<(u64, u64)> {
    let mut numbers: Vec<u64> = numbers.into_iter().collect();
    numbers.sort_unstable();
    numbers.dedup();
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for n in numbers {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == n => *last = n,
            _ => runs.push((n, n)),
        }
    }
    runs
}

/// After a server restore: every record on the phone (and the photos of its
/// submitted cards) is offered again — the server keeps what it has and
/// takes what it lost; the outbox is rebuilt from the records themselves,
/// refused entries kept.
async fn reoffer_all(tx: &Transaction<'_>) -> Result<(), StorageError> {
    let outbox = tx.object_store(schema::OUTBOX)?;
    let mut entries: Vec<OutboxEntry> =
        outbox.get_all::<OutboxEntry>().serde()?.await?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.seq);
    let mut edits = Vec::new();
    for entry in entries {
        if entry.refused.is_none() {
            outbox.delete(entry.seq as f64).primitive()?.await?;
            if let (Some(collection), Some(update)) = (parse_collection(&entry.collection), entry.update) {
                edits.push((collection, entry.id, update));
            }
        }
    }
    enqueue_all(tx, &HashSet::new(), true).await?;
    // Edits waiting go after the offers, renumbered (no push of this epoch
    // has applied them), so they apply on top of the records offered back.
    for (collection, id, update) in edits {
        super::outbox::enqueue_update(tx, collection, id, update).await?;
    }
    Ok(())
}

/// The receipt key that says a photo's bytes are on the server.
fn bytes_key(photo_id: &str) -> String {
    format!("photo_bytes:{photo_id}")
}

/// A photo whose description the server has and whose bytes it still lacks.
#[derive(Debug, Clone)]
pub struct PendingPhoto {
    /// The photo's id.
    pub id: String,
    /// SHA-256 of the JPEG (what it is uploaded under).
    pub sha256: String,
    /// The JPEG.
    pub image: web_sys::Blob,
}

impl Storage {
    /// Photos to upload: taken on this phone (a pulled one is not its to
    /// send), described to the server (their record has a receipt), bytes
    /// not yet sent, in the order they were added.
    pub async fn photos_to_upload(&self) -> Result<Vec<PendingPhoto>, StorageError> {
        let tx = self.db.transaction([schema::PHOTOS, schema::RECEIPTS]).build()?;
        pending_photos(&tx).await
    }

    /// Notes that a photo's bytes are on the server.
    pub async fn photo_uploaded(&self, photo_id: &str, at: &str) -> Result<(), StorageError> {
        let tx = self.db.transaction(schema::RECEIPTS).with_mode(TransactionMode::Readwrite).build()?;
        let receipt = Receipt { key: bytes_key(photo_id), version: 1, received_at: at.to_owned() };
        tx.object_store(schema::RECEIPTS)?.put(receipt).serde()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// How many of a card's photos taken on this phone have not reached the
    /// server yet (text goes first; the card shows "photos pending" until
    /// this is 0). Photos pulled from the server are not this phone's to send.
    pub async fn photos_pending(&self, card: liaison_core::addendum::CardRef) -> Result<usize, StorageError> {
        let tx = self.db.transaction([schema::PHOTOS, schema::RECEIPTS]).build()?;
        let photos = tx
            .object_store(schema::PHOTOS)?
            .index(schema::BY_CARD)?
            .get_all::<JsValue>()
            .with_query(card.key())
            .primitive()?
            .await?;
        let receipts = tx.object_store(schema::RECEIPTS)?;
        let mut pending = 0;
        for photo in photos {
            let photo = photo?;
            if let Some(stored) = super::StoredPhoto::from_js(&photo).filter(|p| !p.pulled) {
                let sent: Option<JsValue> = receipts.get(bytes_key(&stored.photo.id.to_string())).primitive()?.await?;
                pending += usize::from(sent.is_none());
            }
        }
        Ok(pending)
    }
}

/// The protocol's entries for `entries`, each with the body of its record
/// read in `tx`. An entry whose record cannot be read is left out (and stays).
pub(super) async fn protocol_entries(
    tx: &Transaction<'_>,
    entries: Vec<OutboxEntry>,
) -> Result<Vec<client::OutboxEntry>, StorageError> {
    let mut wanted: Vec<(OutboxEntry, Collection, uuid::Uuid)> = Vec::with_capacity(entries.len());
    for entry in entries {
        let Some(collection) = parse_collection(&entry.collection) else { continue };
        let Ok(id) = uuid::Uuid::try_parse(&entry.id) else { continue };
        wanted.push((entry, collection, id));
    }
    let mut bodies = std::collections::HashMap::new();
    for collection in Collection::ALL {
        let ids = ids_in(&wanted, collection, |(e, c, _)| (*c, e.id.as_str()));
        for (id, stored) in read_records(tx, collection, &ids).await? {
            bodies.insert((collection, id), stored);
        }
        // A pulled card is in the outbox only when offered back after a
        // server restore: it is kept in a page.
        if collection != Collection::OpinionCard {
            continue;
        }
        let unread: Vec<&str> =
            ids.into_iter().filter(|id| !bodies.contains_key(&(collection, (*id).to_owned()))).collect();
        if !unread.is_empty() {
            for (id, stored) in super::pages::cards_of(tx, &unread).await? {
                bodies.insert((collection, id), stored);
            }
        }
    }
    let mut out = Vec::with_capacity(wanted.len());
    for (entry, collection, id) in wanted {
        let Some(stored) = bodies.get(&(collection, entry.id.clone())) else { continue };
        let Some(body) = body_of(collection, stored) else { continue };
        let state = match entry.refused {
            Some(key) => OutboxState::Quarantined { rejection: liaison_sync::wire::Rejection { key, detail: None } },
            None => OutboxState::Waiting,
        };
        let (seq, key) = (MutationSeq(entry.seq), RecordKey { collection, id });
        let mutation = match entry.update {
            Some(update) => update.mutation(seq, key),
            None => Mutation { seq, key, op: if entry.offer { Op::Offer { body } } else { Op::Create { body } } },
        };
        out.push(client::OutboxEntry { mutation, state });
    }
    Ok(out)
}

/// [`Storage::photos_to_upload`], read in `tx` (photos and receipts): the
/// receipts' keys first (those of photo descriptions and of photo bytes, keys
/// only), then only the photos described and not sent. A sync reads this
/// every time, and reading every photo with its JPEG and thumbnail cost a
/// phone with 400 photos about 17 ms a sync before anything was sent.
pub(super) async fn pending_photos(tx: &Transaction<'_>) -> Result<Vec<PendingPhoto>, StorageError> {
    let receipts = tx.object_store(schema::RECEIPTS)?;
    let ids_after = |prefix: String| -> Result<_, StorageError> {
        // Every key with the prefix: from it to the prefix with its last
        // character (`:`) moved up by one.
        let end = format!("{};", &prefix[..prefix.len() - 1]);
        let range = JsValue::from_str(&prefix)..JsValue::from_str(&end);
        let keys = receipts.get_all_keys::<JsValue>().with_query::<JsValue, _>(range).primitive()?;
        Ok((prefix, keys))
    };
    let (described_prefix, described) = ids_after(receipt_key(Collection::Photo, ""))?;
    let (sent_prefix, sent) = ids_after(bytes_key(""))?;
    let strip = |key: Result<JsValue, _>, prefix: &str| -> Option<String> {
        key.ok()?.as_string()?.strip_prefix(prefix).map(str::to_owned)
    };
    let described: Vec<String> = described.await?.filter_map(|k| strip(k, &described_prefix)).collect();
    let sent: HashSet<String> = sent.await?.filter_map(|k| strip(k, &sent_prefix)).collect();
    let photos = tx.object_store(schema::PHOTOS)?;
    let mut reads = Vec::new();
    for id in described.into_iter().filter(|id| !sent.contains(id)) {
        reads.push((photos.get::<JsValue, _, _>(id.as_str()).primitive()?, id));
    }
    let mut pending = Vec::new();
    for (read, id) in reads {
        let Some(stored) = read.await?.as_ref().and_then(super::StoredPhoto::from_js) else { continue };
        // A pulled photo is not this phone's to send.
        let (false, Some(image)) = (stored.pulled, stored.image.clone()) else { continue };
        pending.push((stored.seq, PendingPhoto { id, sha256: stored.photo.sha256.clone(), image }));
    }
    pending.sort_by_key(|(seq, _)| *seq);
    Ok(pending.into_iter().map(|(_, photo)| photo).collect())
}

/// Below this many ids, records are read one request each (issued together);
/// from it on, in one read of the range the ids span (ids are UUIDv7, so
/// what one phone wrote lately lies close together).
const RANGE_READ_FROM: usize = 16;

/// The ids asked for, and the key range they span when they are many enough
/// to be read as one range (`None`: read them one by one).
pub(super) fn span<'a>(ids: &[&'a str]) -> (HashSet<&'a str>, Option<std::ops::RangeInclusive<JsValue>>) {
    let wanted: HashSet<&str> = ids.iter().copied().collect();
    let range = match (ids.iter().min(), ids.iter().max()) {
        (Some(first), Some(last)) if ids.len() >= RANGE_READ_FROM => {
            Some(JsValue::from_str(first)..=JsValue::from_str(last))
        }
        _ => None,
    };
    (wanted, range)
}
