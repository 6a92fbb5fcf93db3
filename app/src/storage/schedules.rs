//! The published reception schedules of the representative's studios, as
//! the server last sent them (`GET /api/v1/reception-schedules`, fetched by
//! the tools module's sync at most every quarter of an hour): one `PhoneSchedulesRecordV1` in the settings store, read by the
//! start screen's reminders offline. Replaced whole; forgotten when another
//! account signs in.

use super::{Storage, StorageError, schema};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use liaison_core::schedule::PhoneSchedulesRecordV1;

/// Settings key: the published schedules (`PhoneSchedulesRecordV1`).
pub const SETTING_RECEPTION_SCHEDULES: &str = "reception_schedules";
/// Settings key: when they were last asked for (RFC 3339).
pub const SETTING_RECEPTION_SCHEDULES_AT: &str = "reception_schedules_at";

impl Storage {
    /// The schedules the server last sent, if any (a record that no longer
    /// reads counts as none: the studios' recurring days are said instead).
    pub async fn reception_schedules(&self) -> Result<Option<PhoneSchedulesRecordV1>, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        let raw: Option<wasm_bindgen::JsValue> =
            tx.object_store(schema::SETTINGS)?.get(SETTING_RECEPTION_SCHEDULES).primitive()?.await?;
        Ok(raw.and_then(|r| serde_wasm_bindgen::from_value(r).ok()))
    }

    /// Keeps the schedules the server sent at `at` (replacing those before).
    pub async fn put_reception_schedules(&self, record: &PhoneSchedulesRecordV1, at: &str) -> Result<(), StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).with_mode(TransactionMode::Readwrite).build()?;
        let settings = tx.object_store(schema::SETTINGS)?;
        settings.put(record).with_key(SETTING_RECEPTION_SCHEDULES.to_owned()).serde()?.await?;
        settings.put(at).with_key(SETTING_RECEPTION_SCHEDULES_AT).primitive()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// When the schedules were last received, if ever.
    pub async fn reception_schedules_at(&self) -> Result<Option<String>, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        Ok(tx.object_store(schema::SETTINGS)?.get(SETTING_RECEPTION_SCHEDULES_AT).primitive()?.await?)
    }
}
