//! Reminders kept for the service worker (`pwa/sw.js`), which shows them as
//! notifications while the app is closed (Periodic Background Sync, where
//! the browser has it): the coming week's reminders (the core's
//! `duty::notices`), written in the phone's language each time the start
//! screen counts the duties, and the keys already shown and when it last
//! looked (`reminders_checked_at`), which only the service worker writes.
//!
//! Both are plain objects in the settings store, the format the service
//! worker reads: `{v: 1, title, items: [{key, from, until, body}]}` (times
//! RFC 3339) and `[key]`.

use super::{Storage, StorageError, schema};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::{Deserialize, Serialize};

/// Settings key: the notices ([`Notices`]).
pub const SETTING_REMINDER_NOTICES: &str = "reminder_notices";
/// Settings key: the keys of the notices already shown (written by the service worker).
pub const SETTING_REMINDERS_SHOWN: &str = "reminders_shown";

/// One notice as the service worker reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeItem {
    /// Shown once per key.
    pub key: String,
    /// Shown from (RFC 3339).
    pub from: String,
    /// Not after (RFC 3339): its words are true on its day only.
    pub until: String,
    /// What it says.
    pub body: String,
}

/// The notices of the coming week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notices {
    /// Format version: 1.
    pub v: u32,
    /// The notification's title.
    pub title: String,
    /// The notices, earliest first.
    pub items: Vec<NoticeItem>,
}

impl Storage {
    /// Replaces the notices the service worker may show.
    pub async fn put_notices(&self, notices: &Notices) -> Result<(), StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).with_mode(TransactionMode::Readwrite).build()?;
        let value = serde_wasm_bindgen::to_value(notices).map_err(|e| StorageError::Failed(e.to_string()))?;
        tx.object_store(schema::SETTINGS)?.put(value).with_key(SETTING_REMINDER_NOTICES).primitive()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// The notices kept, if any.
    pub async fn notices(&self) -> Result<Option<Notices>, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        let raw: Option<wasm_bindgen::JsValue> =
            tx.object_store(schema::SETTINGS)?.get(SETTING_REMINDER_NOTICES).primitive()?.await?;
        Ok(raw.and_then(|r| serde_wasm_bindgen::from_value(r).ok()))
    }
}
