//! Editing a contact on the phone, and the conflicts sync reports about such
//! edits.
//!
//! An edit writes the contact and its outbox entry in one transaction; the
//! entry holds only the fields that changed, each with the value the user
//! saw (`liaison_sync::edit::PendingUpdate`), so the server can merge it
//! field by field with edits made on the representative's other phones.
//! Where the same field was changed elsewhere first, the server keeps its
//! value; the phone then shows the server's value and keeps the conflict
//! (settings key [`SETTING_CONFLICTS`]) until the user has seen it and either
//! accepted it or written their own value again.

use super::outbox::{Receipt, enqueue_update, receipt_key};
use super::sync::{from_body, to_body};
use super::{Storage, StorageError, explain, raw_transaction, schema};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use liaison_core::{Contact, ContactRecord};
use liaison_i18n::Msg;
use liaison_sync::edit::{ConflictRecord, PendingUpdate, changes};
use liaison_sync::wire::{Body, Collection};
use wasm_bindgen::JsValue;

/// Settings key: the conflicts not yet seen (a list of `ConflictRecord`, version 1 each).
pub const SETTING_CONFLICTS: &str = "sync_conflicts";

/// A contact as the protocol's body.
fn body_of(contact: &Contact) -> Result<Body, StorageError> {
    match serde_json::to_value(ContactRecord::from(contact)) {
        Ok(serde_json::Value::Object(body)) => Ok(body),
        _ => Err(StorageError::Failed("contact body".into())),
    }
}

/// The conflicts kept, inside a transaction holding the settings store.
pub(super) async fn kept(tx: &Transaction<'_>) -> Result<Vec<ConflictRecord>, StorageError> {
    let list: Option<Vec<ConflictRecord>> = tx.object_store(schema::SETTINGS)?.get(SETTING_CONFLICTS).serde()?.await?;
    Ok(list.unwrap_or_default())
}

async fn keep(tx: &Transaction<'_>, list: &[ConflictRecord]) -> Result<(), StorageError> {
    let settings = tx.object_store(schema::SETTINGS)?;
    if list.is_empty() {
        settings.delete(SETTING_CONFLICTS).primitive()?.await?;
    } else {
        settings.put(list.to_vec()).with_key(SETTING_CONFLICTS.to_owned()).serde()?.await?;
    }
    Ok(())
}

/// Keeps the conflicts of a sync response and shows the server's values in
/// the records they name (inside the sync transaction).
pub(super) async fn record_conflicts(tx: &Transaction<'_>, new: Vec<ConflictRecord>) -> Result<(), StorageError> {
    if new.is_empty() {
        return Ok(());
    }
    for conflict in &new {
        if conflict.collection != Collection::Contact.code() {
            continue;
        }
        let store = tx.object_store(schema::CONTACTS)?;
        let stored: Option<JsValue> = store.get(conflict.id.as_str()).primitive()?.await?;
        if let Some(mut body) = stored.as_ref().and_then(to_body) {
            conflict.take_servers(&mut body);
            store.put(from_body(&body)?).primitive()?.await?;
        }
    }
    let mut list = kept(tx).await?;
    for conflict in new {
        if !list.iter().any(|c| c.key() == conflict.key()) {
            list.push(conflict);
        }
    }
    keep(tx, &list).await
}

impl Storage {
    /// Saves an edited contact and queues the fields that changed for the
    /// server. Answers whether anything changed. Refused, writing nothing,
    /// if the contact is not on the phone.
    pub async fn update_contact(&self, contact: &Contact) -> Result<bool, StorageError> {
        let stores = [schema::CONTACTS, schema::OUTBOX, schema::SETTINGS, schema::RECEIPTS];
        let tx = self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let written: Result<bool, StorageError> = async {
            let id = contact.id.to_string();
            let store = tx.object_store(schema::CONTACTS)?;
            let stored: Option<JsValue> = store.get(id.as_str()).primitive()?.await?;
            let before = stored.as_ref().and_then(to_body).ok_or(StorageError::Refused(Msg::ContactNotFound))?;
            let after = body_of(contact)?;
            let fields = changes(&before, &after);
            if fields.is_empty() {
                return Ok(false);
            }
            store.put(from_body(&after)?).primitive()?.await?;
            let base_version = receipt_version(&tx, &id).await?;
            enqueue_update(&tx, Collection::Contact, id, PendingUpdate { base_version, fields }).await?;
            tx.commit().await?;
            Ok(true)
        }
        .await;
        explain(written, &raw)
    }

    /// The conflicts the user has not dealt with yet, oldest first.
    pub async fn conflicts(&self) -> Result<Vec<ConflictRecord>, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        kept(&tx).await
    }

    /// How many conflicts wait (for the start screen: counted without
    /// reading them, which only the contacts screen needs).
    pub async fn conflict_count(&self) -> Result<usize, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        let list: Option<JsValue> = tx.object_store(schema::SETTINGS)?.get(SETTING_CONFLICTS).primitive()?.await?;
        Ok(list.map_or(0, |l| js_sys::Array::from(&l).length() as usize))
    }

    /// Deals with a conflict: `insist` writes the phone's values again over
    /// the server's (a new edit, queued), otherwise the server's stay. Either
    /// way the conflict is no longer shown.
    pub async fn settle_conflict(&self, key: &str, insist: bool) -> Result<(), StorageError> {
        let stores = [schema::CONTACTS, schema::OUTBOX, schema::SETTINGS, schema::RECEIPTS];
        let tx = self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let written: Result<(), StorageError> = async {
            let mut list = kept(&tx).await?;
            let Some(at) = list.iter().position(|c| c.key() == key) else { return Ok(()) };
            let conflict = list.remove(at);
            if insist && conflict.collection == Collection::Contact.code() {
                let store = tx.object_store(schema::CONTACTS)?;
                let stored: Option<JsValue> = store.get(conflict.id.as_str()).primitive()?.await?;
                let mut body = stored.as_ref().and_then(to_body).ok_or(StorageError::Refused(Msg::ContactNotFound))?;
                let update = conflict.insist();
                // Against what the phone shows now (the server's value, or a
                // later one pulled since).
                let fields: std::collections::BTreeMap<_, _> = update
                    .fields
                    .into_iter()
                    .map(|(field, mut change)| {
                        change.old = body.get(&field).cloned().unwrap_or(serde_json::Value::Null);
                        (field, change)
                    })
                    .filter(|(_, change)| change.old != change.new)
                    .collect();
                for (field, change) in &fields {
                    body.insert(field.clone(), change.new.clone());
                }
                // What is written must still be a valid contact.
                let record: ContactRecord = serde_json::from_value(serde_json::Value::Object(body.clone()))
                    .map_err(|_| StorageError::Refused(Msg::ContactNotFound))?;
                Contact::try_from(record).map_err(|_| StorageError::Refused(Msg::ContactNotFound))?;
                if !fields.is_empty() {
                    store.put(from_body(&body)?).primitive()?.await?;
                    let base_version = receipt_version(&tx, &conflict.id).await?;
                    enqueue_update(
                        &tx,
                        Collection::Contact,
                        conflict.id.clone(),
                        PendingUpdate { base_version, fields },
                    )
                    .await?;
                }
            }
            keep(&tx, &list).await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        explain(written, &raw)
    }
}

/// The server's version of a contact as the phone last heard it (0: none yet).
async fn receipt_version(tx: &Transaction<'_>, id: &str) -> Result<u64, StorageError> {
    let receipt: Option<Receipt> =
        tx.object_store(schema::RECEIPTS)?.get(receipt_key(Collection::Contact, id)).serde()?.await?;
    Ok(receipt.map_or(0, |r| r.version))
}
