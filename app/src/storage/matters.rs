//! What the server told this phone of the matters of the opinions it
//! collected (件件有回音): statuses are written by a sync answer
//! (`sync::store_changes`) and only read here.

use super::{Storage, StorageError, explain, outbox, raw_transaction, schema};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use liaison_core::matter::{ActionKind, MatterRequest, MatterState, MatterStatusRecordV1};
use liaison_core::{MatterId, OpinionCardId};
use liaison_sync::wire::Collection;
use wasm_bindgen::JsValue;

/// A request recorded on this phone, and where it stands. (Only its id and
/// its kind of action are read back: the whole `Action` reader would weigh
/// on the shell for nothing the screen shows.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The request's id.
    pub id: String,
    /// What it asks.
    pub kind: ActionKind,
    /// Still in the outbox: the server has not answered it.
    pub waiting: bool,
    /// The server refused it: the catalogue key of the reason.
    pub refused: Option<String>,
}

/// A stored record read as JSON.
fn json_of(value: &JsValue) -> Option<serde_json::Value> {
    super::sync::to_body(value).map(serde_json::Value::Object)
}

impl Storage {
    /// Whether the server has sent any matter's status to this phone (a
    /// count, nothing decoded: the shell asks before loading the tools
    /// module to read them).
    pub async fn has_matter_statuses(&self) -> Result<bool, StorageError> {
        let tx = self.db.transaction(schema::MATTER_STATUS).build()?;
        Ok(tx.object_store(schema::MATTER_STATUS)?.count().primitive()?.await? > 0)
    }

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
            let Some(json) = value.ok().as_ref().and_then(json_of) else { continue };
            if let Ok(status) = MatterStatusRecordV1::from_json(json) {
                statuses.push(status);
            }
        }
        Ok(statuses.into_iter().max_by_key(|s| (s.state != MatterState::Merged, s.updated_at)))
    }

    /// The statuses that wait for the collector (tell the person the reply,
    /// or record their verdict), oldest change first.
    pub async fn statuses_awaiting(&self) -> Result<Vec<MatterStatusRecordV1>, StorageError> {
        let tx = self.db.transaction(schema::MATTER_STATUS).build()?;
        let all = tx.object_store(schema::MATTER_STATUS)?.get_all::<JsValue>().primitive()?.await?;
        let mut waiting: Vec<MatterStatusRecordV1> = all
            .filter_map(|value| MatterStatusRecordV1::from_json(json_of(&value.ok()?)?).ok())
            .filter(MatterStatusRecordV1::awaits_collector)
            .collect();
        waiting.sort_by_key(|s| (s.updated_at, s.id));
        Ok(waiting)
    }

    /// Keeps a request and puts it in the outbox, in one transaction; an id
    /// already here fails instead of replacing it.
    pub async fn add_matter_request(&self, request: &MatterRequest) -> Result<(), StorageError> {
        let [outbox, settings] = outbox::WITH_OUTBOX;
        let stores = [schema::MATTER_REQUESTS, outbox, settings];
        let tx = self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let written: Result<(), StorageError> = async {
            tx.object_store(schema::MATTER_REQUESTS)?.add(request.to_record()).serde()?.await?;
            outbox::enqueue(&tx, Collection::MatterRequest, request.id.to_string()).await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        explain(written, &raw)
    }

    /// The requests recorded about `matter` (on this phone or another of the
    /// user's), oldest first, each with whether it still waits or was refused.
    pub async fn matter_requests(&self, matter: MatterId) -> Result<Vec<RecordedRequest>, StorageError> {
        let outbox_entries = self.outbox().await?;
        let tx = self.db.transaction(schema::MATTER_REQUESTS).build()?;
        let store = tx.object_store(schema::MATTER_REQUESTS)?;
        let index = store.index(schema::BY_MATTER)?;
        let found = index
            .get_all::<JsValue>()
            .with_query::<JsValue, _>(JsValue::from_str(&matter.to_string()))
            .primitive()?
            .await?;
        let mut requests: Vec<RecordedRequest> = found
            .filter_map(|value| {
                let json = json_of(&value.ok()?)?;
                let id = json.get("id")?.as_str()?.to_owned();
                let kind = ActionKind::parse(json.get("action")?.get("kind")?.as_str()?).ok()?;
                Some((id, kind))
            })
            .map(|(id, kind)| {
                let entry =
                    outbox_entries.iter().find(|e| e.collection == Collection::MatterRequest.code() && e.id == id);
                RecordedRequest {
                    waiting: entry.is_some_and(|e| e.refused.is_none()),
                    refused: entry.and_then(|e| e.refused.clone()),
                    id,
                    kind,
                }
            })
            .collect();
        // Ids are UUIDv7, made in order on the phone.
        requests.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(requests)
    }
}
