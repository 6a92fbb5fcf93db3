//! What a sync starts from ([`Storage::sync_start`]): everything the driver
//! reads before its first request, in one transaction, so a sync with
//! nothing to do pays for one read. A long outbox is read in portions
//! ([`PORTION`] entries): the first here, the next ones
//! ([`Storage::outbox_portion`]) while the first pushes travel, so 10,000
//! cards waiting do not hold the first request back until all are read.

use super::outbox::OutboxEntry;
use super::sync::{
    Account, PendingPhoto, SETTING_ACCOUNT, SETTING_CURSOR, SETTING_SYNC_NOTE, SYNC_STORES, SyncNote, pending_photos,
    protocol_entries,
};
use super::{Storage, StorageError, schema};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use liaison_sync::client;
use liaison_sync::wire::Cursor;
use wasm_bindgen::JsValue;

/// What a sync starts from ([`Storage::sync_start`]).
#[derive(Debug)]
pub struct SyncStart {
    /// The account this phone signed in with, if any.
    pub account: Option<Account>,
    /// The outbox as the protocol's entries: all of it, or its first
    /// [`PORTION`] entries when `outbox_after` is set.
    pub outbox: Vec<client::OutboxEntry>,
    /// When entries remain unread: the last sequence number read (the next
    /// portion starts after it).
    pub outbox_after: Option<u64>,
    /// How many entries wait to be sent as the sync starts: those read and
    /// pending, and every unread one (a refused one among them counts too).
    pub waiting: usize,
    /// The saved cursor, if the phone has synced in this epoch.
    pub cursor: Option<Cursor>,
    /// When the duty setup was last received.
    pub duty_setup_at: Option<String>,
    /// When the reception schedules were last received.
    pub schedules_at: Option<String>,
    /// What the last sync said.
    pub note: SyncNote,
    /// The photos to upload as the sync starts ([`Storage::photos_to_upload`]).
    pub photos: Vec<PendingPhoto>,
}

impl Storage {
    /// What a sync starts from, read in one transaction (each separate
    /// transaction costs a sync with nothing to do a few tenths of a
    /// millisecond): the account, the protocol's outbox, the cursor, the last
    /// sync's note, the photos to upload, and when the duty setup and the
    /// reception schedules were last received. The outbox is backfilled
    /// first, once ([`Storage::backfill_outbox`]).
    pub async fn sync_start(&self) -> Result<SyncStart, StorageError> {
        for _ in 0..2 {
            let tx = self.db.transaction(SYNC_STORES).build()?;
            let settings = tx.object_store(schema::SETTINGS)?;
            // Issued together, awaited after.
            let backfilled = settings.get(schema::SETTING_OUTBOX_BACKFILLED).primitive()?;
            let account = settings.get(SETTING_ACCOUNT).serde()?;
            let cursor = settings.get(SETTING_CURSOR).primitive()?;
            let duty_setup_at = settings.get(schema::SETTING_DUTY_SETUP_AT).primitive()?;
            let schedules_at = settings.get(super::schedules::SETTING_RECEPTION_SCHEDULES_AT).primitive()?;
            let note = settings.get(SETTING_SYNC_NOTE).serde()?;
            let entries = tx
                .object_store(schema::OUTBOX)?
                .get_all::<JsValue>()
                .with_query(after_seq(0))
                .with_limit(PORTION + 1)
                .primitive()?;
            let backfilled: Option<bool> = backfilled.await?;
            if backfilled != Some(true) {
                drop(tx);
                self.backfill_outbox().await?;
                continue;
            }
            let account: Option<Account> = account.await?;
            let cursor: Option<String> = cursor.await?;
            let note: Option<SyncNote> = note.await?;
            let first = read_portion(&tx, entries.await?.collect::<Result<_, _>>()?).await?;
            let unread = match first.after {
                Some(after) => tx.object_store(schema::OUTBOX)?.count().with_query(after_seq(after)).await? as usize,
                None => 0,
            };
            return Ok(SyncStart {
                account,
                cursor: cursor.and_then(|t| t.parse().ok()),
                duty_setup_at: duty_setup_at.await?,
                schedules_at: schedules_at.await?,
                note: note.unwrap_or_default(),
                waiting: first.entries.iter().filter(|e| e.is_pending()).count() + unread,
                outbox: first.entries,
                outbox_after: first.after,
                photos: pending_photos(&tx).await?,
            });
        }
        Err(StorageError::Failed("the outbox was not backfilled".into()))
    }
}

/// How many outbox entries a sync reads at a time: as many as the largest
/// push carries (`app/tools/src/sync.rs`); reading it took 130–200 ms on
/// the benchmark's machine, against about 500 ms for 10,000.
pub const PORTION: u32 = 2_000;

/// A portion of the outbox ([`Storage::outbox_portion`]).
#[derive(Debug)]
pub struct OutboxPortion {
    /// The protocol's entries, by sequence number.
    pub entries: Vec<client::OutboxEntry>,
    /// When entries remain unread: the last sequence number read.
    pub after: Option<u64>,
    /// How many stored entries were read (refused and unreadable ones too):
    /// they are no longer unread.
    pub read: usize,
}

impl Storage {
    /// The outbox's next portion after sequence number `after`, read on
    /// until it holds an entry to send or nothing is left: a sync adds it to
    /// its session ([`client::Session::extend`]) while a request travels.
    /// Entries written since the sync started are read too, and sent in it.
    pub async fn outbox_portion(&self, after: u64) -> Result<OutboxPortion, StorageError> {
        let tx = self.db.transaction(SYNC_STORES).build()?;
        let outbox = tx.object_store(schema::OUTBOX)?;
        let mut portion = OutboxPortion { entries: Vec::new(), after: Some(after), read: 0 };
        while let Some(after) = portion.after {
            let raw = outbox.get_all::<JsValue>().with_query(after_seq(after)).with_limit(PORTION + 1).primitive()?;
            let next = read_portion(&tx, raw.await?.collect::<Result<_, _>>()?).await?;
            portion.entries.extend(next.entries);
            portion.after = next.after;
            portion.read += next.read;
            if portion.entries.iter().any(client::OutboxEntry::is_pending) {
                break;
            }
        }
        Ok(portion)
    }
}

/// Every sequence number after `after`.
fn after_seq(after: u64) -> std::ops::RangeFrom<JsValue> {
    JsValue::from_f64((after + 1) as f64)..
}

/// One read of the outbox (at most `PORTION + 1` stored entries, by
/// sequence number) as a portion: the protocol's entries of the first
/// `PORTION`, and the last sequence number of those when more remain —
/// taken from the stored records, so an entry that cannot be read neither
/// ends the outbox early nor is read again.
async fn read_portion(tx: &Transaction<'_>, mut raw: Vec<JsValue>) -> Result<OutboxPortion, StorageError> {
    let more = raw.len() > PORTION as usize;
    raw.truncate(PORTION as usize);
    let read = raw.len();
    // `seq` is the store's key path: every stored entry has it.
    let seq = |r: &JsValue| js_sys::Reflect::get(r, &JsValue::from_str("seq")).ok().and_then(|s| s.as_f64());
    let after = if more { raw.last().and_then(seq).map(|s| s as u64) } else { None };
    let mut entries: Vec<OutboxEntry> =
        raw.into_iter().filter_map(|r| serde_wasm_bindgen::from_value(r).ok()).collect();
    liaison_core::sort::sort_by_key(&mut entries, |e| e.seq);
    Ok(OutboxPortion { entries: protocol_entries(tx, entries).await?, after, read })
}
