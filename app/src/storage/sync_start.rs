//! What a sync starts from ([`Storage::sync_start`]): everything the driver
//! reads before its first request, in one transaction, so a sync with
//! nothing to do pays for one read.

use super::outbox::OutboxEntry;
use super::sync::{
    Account, PendingPhoto, SETTING_ACCOUNT, SETTING_CURSOR, SETTING_SYNC_NOTE, SYNC_STORES, SyncNote, pending_photos,
    protocol_entries,
};
use super::{Storage, StorageError, schema};
use indexed_db_futures::prelude::*;
use liaison_sync::client;
use liaison_sync::wire::Cursor;

/// What a sync starts from ([`Storage::sync_start`]).
#[derive(Debug)]
pub struct SyncStart {
    /// The account this phone signed in with, if any.
    pub account: Option<Account>,
    /// The outbox as the protocol's entries.
    pub outbox: Vec<client::OutboxEntry>,
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
            let entries = tx.object_store(schema::OUTBOX)?.get_all::<OutboxEntry>().serde()?;
            let backfilled: Option<bool> = backfilled.await?;
            if backfilled != Some(true) {
                drop(tx);
                self.backfill_outbox().await?;
                continue;
            }
            let account: Option<Account> = account.await?;
            let cursor: Option<String> = cursor.await?;
            let note: Option<SyncNote> = note.await?;
            let mut entries: Vec<OutboxEntry> = entries.await?.filter_map(Result::ok).collect();
            liaison_core::sort::sort_by_key(&mut entries, |e| e.seq);
            return Ok(SyncStart {
                account,
                cursor: cursor.and_then(|t| t.parse().ok()),
                duty_setup_at: duty_setup_at.await?,
                schedules_at: schedules_at.await?,
                note: note.unwrap_or_default(),
                outbox: protocol_entries(&tx, entries).await?,
                photos: pending_photos(&tx).await?,
            });
        }
        Err(StorageError::Failed("the outbox was not backfilled".into()))
    }
}
