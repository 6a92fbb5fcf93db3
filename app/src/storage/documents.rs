//! The documents a representative recorded (建议与报告: proposals, research
//! reports, yearly reports): kept in their own store, each written with its
//! outbox entry in one transaction, never changed afterwards.

use super::{Storage, StorageError, explain, outbox, raw_transaction, schema, sync};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use liaison_core::document::Document;
use liaison_core::sort::sort_by;
use liaison_sync::wire::Collection;
use wasm_bindgen::JsValue;

/// Where a recorded document stands with the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentState {
    /// In the outbox: not yet answered.
    Waiting,
    /// The server refused it: the catalogue key of the reason.
    Refused(String),
    /// The server holds it (or it came from another of the user's phones).
    Received,
}

impl Storage {
    /// Keeps a document and puts it in the outbox, in one transaction; an id
    /// already here fails instead of replacing it.
    pub async fn add_document(&self, document: &Document) -> Result<(), StorageError> {
        let [outbox, settings] = outbox::WITH_OUTBOX;
        let stores = [schema::DOCUMENTS, outbox, settings];
        let tx = self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let written: Result<(), StorageError> = async {
            tx.object_store(schema::DOCUMENTS)?.add(document.to_record()).serde()?.await?;
            outbox::enqueue(&tx, Collection::Document, document.id.to_string()).await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        explain(written, &raw)
    }

    /// Every document this build can read, the latest submitted first, and
    /// how many stored records it cannot read (kept, never dropped).
    pub async fn documents(&self) -> Result<(Vec<Document>, usize), StorageError> {
        let tx = self.db.transaction(schema::DOCUMENTS).build()?;
        let all = tx.object_store(schema::DOCUMENTS)?.get_all::<JsValue>().primitive()?.await?;
        let mut unreadable = 0;
        let mut documents = Vec::new();
        for value in all {
            let read =
                value.ok().as_ref().and_then(sync::to_body).map(serde_json::Value::Object).map(Document::from_json);
            match read {
                Some(Ok(document)) => documents.push(document),
                _ => unreadable += 1,
            }
        }
        // Ids are UUIDv7, made in order on the phone: the later one first on the same day.
        sort_by(&mut documents, |a, b| (b.submitted_on, b.id).cmp(&(a.submitted_on, a.id)));
        Ok((documents, unreadable))
    }

    /// Where each document stands, by id.
    pub async fn document_states(&self) -> Result<std::collections::HashMap<String, DocumentState>, StorageError> {
        let code = Collection::Document.code();
        let mut states: std::collections::HashMap<String, DocumentState> = self
            .received_unbatched(Collection::Document)
            .await?
            .into_keys()
            .map(|id| (id, DocumentState::Received))
            .collect();
        for entry in self.outbox().await?.into_iter().filter(|e| e.collection == code) {
            let state = entry.refused.map_or(DocumentState::Waiting, DocumentState::Refused);
            states.insert(entry.id, state);
        }
        Ok(states)
    }
}
