//! Receipts: what the server said it holds of each record, and when it
//! received it (the card's "received" state and time).
//!
//! A record that can change (a contact, a document) has its own receipt,
//! keyed `<collection>:<id>`, whose version the next edit is based on. A
//! card or an addendum never changes once sent, and a matter's status is
//! only ever written by the server (one comes back for every card pushed),
//! so their receipts are never read back one at a time on a hot path: the receipts of
//! one sync response are kept together in one **batch** record (one write
//! instead of one a card, which was half of what writing a response cost).
//! Batches are keyed `~batch:<n>` (`~` sorts after every collection code,
//! so a collection's key range never meets them) and merged into one when
//! they become many. Receipts written one a card by earlier builds are
//! still read.
//!
//! The batch record, version 1 (frozen by `tests/golden/receipt_batch_v1.json`):
//! `{key, v: 1, keys: ["<collection>:<id>", …], versions: [n, …], at: [RFC 3339, …]}`
//! — three lists of the same length; a later entry for a key wins.

use super::outbox::{Receipt, receipt_key};
use super::{StorageError, schema};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use liaison_sync::wire::Collection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use wasm_bindgen::JsValue;

/// Whether a collection's receipts are kept in batches: records that never
/// change once sent, and matters' statuses (one comes back for every card
/// pushed; only the server writes them, and nothing reads their receipts
/// one by one). A batched receipt is read from the newest batch holding it.
pub(super) fn batched(collection: Collection) -> bool {
    matches!(
        collection,
        Collection::OpinionCard | Collection::ReceptionCard | Collection::Addendum | Collection::MatterStatus
    )
}

/// The first key of a batch; every batch key lies in `BATCHES_FROM..BATCHES_TO`.
const BATCHES_FROM: &str = "~batch:";
const BATCHES_TO: &str = "~batch;";
/// Settings key: the last batch number.
const SETTING_BATCH_SEQ: &str = "receipt_batch_seq";
/// From this many batches on, writing one merges them all into one.
const MERGE_FROM: u32 = 32;

fn batch_range() -> std::ops::Range<String> {
    BATCHES_FROM.to_owned()..BATCHES_TO.to_owned()
}

/// A batch of receipts as stored (version 1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptBatch {
    /// `~batch:<n>`, `n` zero-padded so batches sort in writing order.
    pub key: String,
    /// The format's version: 1.
    pub v: u32,
    /// `<collection>:<id>` of each receipt.
    pub keys: Vec<String>,
    /// The server's version of each.
    pub versions: Vec<u64>,
    /// When the server received each (RFC 3339, the server's clock).
    pub at: Vec<String>,
}

impl ReceiptBatch {
    fn push(&mut self, receipt: Receipt) {
        self.keys.push(receipt.key);
        self.versions.push(receipt.version);
        self.at.push(receipt.received_at);
    }

    fn receipts(self) -> impl Iterator<Item = Receipt> {
        self.keys.into_iter().zip(self.versions).zip(self.at).map(|((key, version), received_at)| Receipt {
            key,
            version,
            received_at,
        })
    }
}

/// Keeps the receipts of one response inside the sync transaction (which
/// holds the receipts and settings stores): a batched collection's in one
/// new batch, the others one record each. Issued without waiting between
/// requests; awaited before answering.
pub(super) async fn keep(tx: &Transaction<'_>, receipts: Vec<(Collection, Receipt)>) -> Result<(), StorageError> {
    let store = tx.object_store(schema::RECEIPTS)?;
    let mut batch = ReceiptBatch { v: 1, ..ReceiptBatch::default() };
    let mut puts = Vec::new();
    for (collection, receipt) in receipts {
        if batched(collection) {
            batch.push(receipt);
        } else {
            puts.push(store.put(receipt).serde()?);
        }
    }
    for put in puts {
        put.await?;
    }
    if batch.keys.is_empty() {
        return Ok(());
    }
    let count = store.count().with_query(batch_range()).await?;
    if count + 1 >= MERGE_FROM {
        // Many batches: all of them and this one become one.
        let mut merged = ReceiptBatch { v: 1, ..ReceiptBatch::default() };
        let mut at: HashMap<String, usize> = HashMap::new();
        let older = store.get_all::<JsValue>().with_query(batch_range()).primitive()?.await?;
        let older = older.filter_map(|b| {
            serde_json::from_str::<ReceiptBatch>(&String::from(js_sys::JSON::stringify(&b.ok()?).ok()?)).ok()
        });
        for receipt in older.flat_map(ReceiptBatch::receipts).chain(batch.receipts()) {
            match at.get(&receipt.key) {
                Some(&i) => {
                    merged.versions[i] = receipt.version;
                    merged.at[i] = receipt.received_at;
                }
                None => {
                    at.insert(receipt.key.clone(), merged.keys.len());
                    merged.push(receipt);
                }
            }
        }
        store.delete(batch_range()).primitive()?.await?;
        batch = merged;
    }
    let n = super::next_seq(tx, SETTING_BATCH_SEQ).await?;
    batch.key = batch_key(n);
    // As one JSON text, parsed once: through serde-wasm-bindgen each of its
    // thousands of strings crossed into JS on its own (a push of 10,000
    // cards spent 270 ms keeping its receipts that way, 120 ms so).
    let text = serde_json::to_string(&batch).map_err(|e| StorageError::Failed(e.to_string()))?;
    let value = js_sys::JSON::parse(&text).map_err(|_| StorageError::Failed("JSON.parse".into()))?;
    store.put(value).primitive()?.await?;
    Ok(())
}

/// A receipt kept in a batch, newest batch first. Batches are numbered
/// without gaps from the last merge up, so they are read one by one down
/// from the last number until one is missing (the app shell reads them so:
/// no code to read a batch whole or a range of records).
pub(super) async fn in_batches(tx: &Transaction<'_>, key: &str) -> Result<Option<Receipt>, StorageError> {
    let last: Option<f64> = tx.object_store(schema::SETTINGS)?.get(SETTING_BATCH_SEQ).primitive()?.await?;
    let store = tx.object_store(schema::RECEIPTS)?;
    let wanted = JsValue::from_str(key);
    let mut n = last.unwrap_or(0.0) as u64;
    while n > 0 {
        let found: Option<JsValue> = store.get(batch_key(n)).primitive()?.await?;
        let Some(batch) = found else { break };
        // A closure, as in `batched_of`, not a shared function: the shared
        // function measured 0.5 KB more shell (brotli), which has no room.
        let list = |field: &str| {
            js_sys::Array::from(&js_sys::Reflect::get(&batch, &JsValue::from_str(field)).unwrap_or(JsValue::UNDEFINED))
        };
        let i = list("keys").last_index_of(&wanted, -1);
        if i >= 0 {
            let i = i as u32;
            return Ok(Some(Receipt {
                key: key.to_owned(),
                version: list("versions").get(i).as_f64().unwrap_or(1.0) as u64,
                received_at: list("at").get(i).as_string().unwrap_or_default(),
            }));
        }
        n -= 1;
    }
    Ok(None)
}

/// The key of batch number `n`.
fn batch_key(n: u64) -> String {
    format!("{BATCHES_FROM}{n:010}")
}

/// Every receipt of a batched collection kept in batches, as (id, received at).
pub(super) async fn batched_of(
    tx: &Transaction<'_>,
    collection: Collection,
) -> Result<Vec<(String, String)>, StorageError> {
    let store = tx.object_store(schema::RECEIPTS)?;
    let prefix = receipt_key(collection, "");
    let batches = store.get_all::<JsValue>().with_query(batch_range()).primitive()?.await?;
    let mut out = Vec::new();
    for batch in batches.flatten() {
        let list = |field: &str| {
            js_sys::Array::from(&js_sys::Reflect::get(&batch, &JsValue::from_str(field)).unwrap_or(JsValue::UNDEFINED))
        };
        let (keys, at) = (list("keys"), list("at"));
        for i in 0..keys.length() {
            if let Some(id) = keys.get(i).as_string().and_then(|k| k.strip_prefix(&prefix).map(str::to_owned)) {
                out.push((id, at.get(i).as_string().unwrap_or_default()));
            }
        }
    }
    Ok(out)
}
