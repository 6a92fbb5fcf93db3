//! What the server told this phone of the matters of the opinions it
//! collected (件件有回音): statuses are written by a sync answer
//! (`sync::store_changes`) and only read here.

use super::{Storage, StorageError, schema};
use indexed_db_futures::prelude::*;
use liaison_core::OpinionCardId;
use liaison_core::matter::{MatterState, MatterStatusRecordV1};
use wasm_bindgen::JsValue;

impl Storage {
    /// The status of the matter handling opinion card `card`, if the server
    /// has sent one. A card can be named by two statuses when the same person
    /// collected a duplicate and the matter it was merged into: the matter
    /// still handling it wins. A status this build cannot read is left out.
    pub async fn matter_status(&self, card: OpinionCardId) -> Result<Option<MatterStatusRecordV1>, StorageError> {
        let tx = self.db.transaction(schema::MATTER_STATUS).build()?;
        let store = tx.object_store(schema::MATTER_STATUS)?;
        let index = store.index(schema::BY_OPINION)?;
        let found = index
            .get_all::<JsValue>()
            .with_query::<JsValue, _>(JsValue::from_str(&card.to_string()))
            .primitive()?
            .await?;
        let mut statuses: Vec<MatterStatusRecordV1> = Vec::new();
        for value in found {
            let Ok(value) = value else { continue };
            let Some(text) = js_sys::JSON::stringify(&value).ok().and_then(|t| t.as_string()) else { continue };
            let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
            if let Ok(status) = MatterStatusRecordV1::from_json(json) {
                statuses.push(status);
            }
        }
        Ok(statuses.into_iter().max_by_key(|s| (s.state != MatterState::Merged, s.updated_at)))
    }
}
