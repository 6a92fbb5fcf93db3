//! Everything the app keeps on the device, in IndexedDB. This is the only module
//! that talks to the browser's storage; components call its functions and get
//! core types back.
//!
//! Record types stored here are the frozen formats of `liaison-core`
//! (`OpinionCardRecord`), so what a phone keeps is what the server will receive.

mod error;
pub mod schema;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use liaison_core::addendum::{Addendum, AddendumRecord, CardRef};
use liaison_core::export::{ExportContents, ExportFile};
use liaison_core::{
    Contact, ContactRecord, OpinionCard, ReceptionCard, ReceptionCardId, ReceptionCardRecord, ReceptionInput,
};
use liaison_i18n::Locale;
use serde::{Deserialize, Serialize};

pub use error::StorageError;

/// The database's name in the browser. One per origin.
pub const DB_NAME: &str = "liaison";

/// The browser's own transaction, kept to read why it aborted.
fn raw_transaction(tx: &indexed_db_futures::transaction::Transaction<'_>) -> web_sys::IdbTransaction {
    use indexed_db_futures::internals::SystemRepr;
    use wasm_bindgen::JsCast;
    tx.as_sys().unchecked_ref::<web_sys::IdbTransaction>().clone()
}

/// A write failed. The library reports an aborted transaction without its
/// reason; the browser's transaction still holds it, and a full disk
/// (`QuotaExceededError`) is told apart so the user can keep the card as a file.
fn explain(written: Result<(), StorageError>, raw: &web_sys::IdbTransaction) -> Result<(), StorageError> {
    match written {
        Err(StorageError::Failed(text)) => match raw.error() {
            Some(cause) if cause.name() == "QuotaExceededError" => Err(StorageError::QuotaExceeded(cause.message())),
            _ => Err(StorageError::Failed(text)),
        },
        other => other,
    }
}

/// An addendum as kept on the device: the frozen record and its place in the
/// order of writing.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredAddendum {
    seq: u64,
    record: AddendumRecord,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Records added.
    pub added: usize,
    /// Records whose id was already on the device (left as they were).
    pub present: usize,
    /// Records that could not be read.
    pub rejected: usize,
}

/// A reception card being written: everything typed so far, kept on every
/// change so a killed tab loses nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The id the card will have when submitted.
    pub id: String,
    /// What was typed.
    pub input: ReceptionInput,
    /// A counter raised on every save; orders drafts without the phone's clock.
    pub edited: u64,
}

/// An open database on this device.
#[derive(Debug, Clone)]
pub struct Storage {
    db: std::rc::Rc<Database>,
}

/// What a listing found: the valid cards, newest first, and how many stored
/// records could not be read (they are kept, never deleted, and reported).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CardListing {
    /// Valid cards, newest collected first.
    pub cards: Vec<OpinionCard>,
    /// Records present but unreadable by this build.
    pub unreadable: usize,
}

impl Storage {
    /// Opens the app's database, upgrading its schema to this build's version.
    pub async fn open() -> Result<Storage, StorageError> {
        Storage::open_named(DB_NAME, schema::STEPS).await
    }

    /// Opens a database by name with the first `steps` of the schema (tests use
    /// this to build an older version, then upgrade it).
    pub async fn open_named(name: &str, steps: &'static [schema::Step]) -> Result<Storage, StorageError> {
        let db = schema::open(name, steps).await?;
        Ok(Storage { db: std::rc::Rc::new(db) })
    }

    /// Saves a new card. Fails, writing nothing, if a card with its id exists:
    /// a card is never silently overwritten.
    pub async fn add_card(&self, card: &OpinionCard) -> Result<(), StorageError> {
        let tx = self.db.transaction(schema::OPINION_CARDS).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let written: Result<(), StorageError> = async {
            let store = tx.object_store(schema::OPINION_CARDS)?;
            store.add(card.to_record()).serde()?.await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        explain(written, &raw)
    }

    /// Every card on the device, newest collected first.
    pub async fn list_cards(&self) -> Result<CardListing, StorageError> {
        let tx = self.db.transaction(schema::OPINION_CARDS).build()?;
        let store = tx.object_store(schema::OPINION_CARDS)?;
        let records = store.get_all::<serde_json::Value>().serde()?.await?;
        let mut listing = CardListing::default();
        for record in records {
            match record.ok().map(OpinionCard::from_json) {
                Some(Ok(card)) => listing.cards.push(card),
                _ => listing.unreadable += 1,
            }
        }
        listing.cards.sort_by(|a, b| b.collected_at.cmp(&a.collected_at).then(b.id.cmp(&a.id)));
        Ok(listing)
    }

    /// Submits a reception card: the card, its opinion cards and the removal of
    /// its draft happen in one transaction — all or nothing.
    pub async fn submit_reception(&self, card: &ReceptionCard, opinions: &[OpinionCard]) -> Result<(), StorageError> {
        let stores = [schema::RECEPTION_CARDS, schema::OPINION_CARDS, schema::DRAFTS];
        let tx = self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let written: Result<(), StorageError> = async {
            tx.object_store(schema::RECEPTION_CARDS)?.add(ReceptionCardRecord::from(card)).serde()?.await?;
            let opinion_store = tx.object_store(schema::OPINION_CARDS)?;
            for opinion in opinions {
                opinion_store.add(opinion.to_record()).serde()?.await?;
            }
            tx.object_store(schema::DRAFTS)?.delete(card.id.to_string()).primitive()?.await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        explain(written, &raw)
    }

    /// Every submitted reception card, newest first, and how many could not be read.
    pub async fn list_receptions(&self) -> Result<(Vec<ReceptionCard>, usize), StorageError> {
        let tx = self.db.transaction(schema::RECEPTION_CARDS).build()?;
        let records = tx.object_store(schema::RECEPTION_CARDS)?.get_all::<serde_json::Value>().serde()?.await?;
        let mut cards = Vec::new();
        let mut unreadable = 0;
        for record in records {
            let card = record
                .ok()
                .and_then(|v| serde_json::from_value::<ReceptionCardRecord>(v).ok())
                .and_then(|r| ReceptionCard::try_from(r).ok());
            match card {
                Some(card) => cards.push(card),
                None => unreadable += 1,
            }
        }
        cards.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(b.id.cmp(&a.id)));
        Ok((cards, unreadable))
    }

    /// Saves (creates or replaces) the draft of a reception card, stamping it
    /// with the next value of a device-wide edit counter (drafts are ordered by
    /// that, never by the phone's clock).
    pub async fn put_draft(&self, draft: &Draft) -> Result<(), StorageError> {
        let tx =
            self.db.transaction([schema::DRAFTS, schema::SETTINGS]).with_mode(TransactionMode::Readwrite).build()?;
        let settings = tx.object_store(schema::SETTINGS)?;
        let last: Option<f64> = settings.get(schema::SETTING_DRAFT_SEQ).primitive()?.await?;
        let edited = last.unwrap_or(0.0) as u64 + 1;
        settings.put(edited as f64).with_key(schema::SETTING_DRAFT_SEQ).primitive()?.await?;
        tx.object_store(schema::DRAFTS)?.put(Draft { edited, ..draft.clone() }).serde()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// The draft with this id, if there is one.
    pub async fn draft(&self, id: ReceptionCardId) -> Result<Option<Draft>, StorageError> {
        let tx = self.db.transaction(schema::DRAFTS).build()?;
        Ok(tx.object_store(schema::DRAFTS)?.get(id.to_string()).serde()?.await?)
    }

    /// Every draft, most recently edited first.
    pub async fn drafts(&self) -> Result<Vec<Draft>, StorageError> {
        let tx = self.db.transaction(schema::DRAFTS).build()?;
        let records = tx.object_store(schema::DRAFTS)?.get_all::<Draft>().serde()?.await?;
        let mut drafts: Vec<Draft> = records.filter_map(Result::ok).collect();
        drafts.sort_by_key(|d| std::cmp::Reverse(d.edited));
        Ok(drafts)
    }

    /// Deletes a draft (the user confirmed it).
    pub async fn delete_draft(&self, id: ReceptionCardId) -> Result<(), StorageError> {
        let tx = self.db.transaction(schema::DRAFTS).with_mode(TransactionMode::Readwrite).build()?;
        tx.object_store(schema::DRAFTS)?.delete(id.to_string()).primitive()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// Saves a new contact; an existing id is never overwritten.
    pub async fn add_contact(&self, contact: &Contact) -> Result<(), StorageError> {
        let tx = self.db.transaction(schema::CONTACTS).with_mode(TransactionMode::Readwrite).build()?;
        tx.object_store(schema::CONTACTS)?.add(ContactRecord::from(contact)).serde()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every contact, by name.
    pub async fn contacts(&self) -> Result<Vec<Contact>, StorageError> {
        let tx = self.db.transaction(schema::CONTACTS).build()?;
        let records = tx.object_store(schema::CONTACTS)?.get_all::<ContactRecord>().serde()?.await?;
        let mut contacts: Vec<Contact> =
            records.filter_map(|r| r.ok().and_then(|r| Contact::try_from(r).ok())).collect();
        contacts.sort_by(|a, b| a.person.name.as_str().cmp(b.person.name.as_str()));
        Ok(contacts)
    }

    /// Appends an addendum to a submitted card.
    pub async fn add_addendum(&self, addendum: &Addendum) -> Result<(), StorageError> {
        let tx =
            self.db.transaction([schema::ADDENDA, schema::SETTINGS]).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let written: Result<(), StorageError> = async {
            let settings = tx.object_store(schema::SETTINGS)?;
            let last: Option<f64> = settings.get(schema::SETTING_ADDENDUM_SEQ).primitive()?.await?;
            let seq = last.unwrap_or(0.0) + 1.0;
            settings.put(seq).with_key(schema::SETTING_ADDENDUM_SEQ).primitive()?.await?;
            let stored = StoredAddendum { seq: seq as u64, record: AddendumRecord::from(addendum) };
            tx.object_store(schema::ADDENDA)?.add(stored).serde()?.await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        explain(written, &raw)
    }

    /// The addenda of a card, in the order they were written.
    pub async fn addenda(&self, card: CardRef) -> Result<Vec<Addendum>, StorageError> {
        let tx = self.db.transaction(schema::ADDENDA).build()?;
        let records = tx.object_store(schema::ADDENDA)?.get_all::<StoredAddendum>().serde()?.await?;
        let mut stored: Vec<StoredAddendum> = records.filter_map(Result::ok).collect();
        stored.sort_by_key(|s| s.seq);
        Ok(stored.into_iter().filter_map(|s| Addendum::try_from(s.record).ok()).filter(|a| a.card == card).collect())
    }

    /// Everything on the device, as an export file (`exported_at` from the caller).
    pub async fn export(&self, exported_at: String) -> Result<ExportFile, StorageError> {
        let listing = self.list_cards().await?;
        let (receptions, _) = self.list_receptions().await?;
        let contacts = self.contacts().await?;
        let drafts = self.drafts().await?.iter().filter_map(|d| serde_json::to_value(d).ok()).collect();
        Ok(ExportFile::new(exported_at, &listing.cards, &receptions, &contacts, drafts))
    }

    /// Adds what an export file holds, in one transaction. A record whose id is
    /// already here is left as it is (never overwritten) and counted.
    pub async fn import(&self, contents: &ExportContents) -> Result<ImportReport, StorageError> {
        let stores = [schema::OPINION_CARDS, schema::RECEPTION_CARDS, schema::CONTACTS, schema::DRAFTS];
        let tx = self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?;
        let mut report = ImportReport { rejected: contents.rejected, ..ImportReport::default() };
        let mut records: Vec<(&str, String, serde_json::Value)> = Vec::new();
        let value = |r: serde_json::Result<serde_json::Value>| r.map_err(|e| StorageError::Failed(e.to_string()));
        for card in &contents.opinion_cards {
            records.push((schema::OPINION_CARDS, card.id.to_string(), value(serde_json::to_value(card.to_record()))?));
        }
        for card in &contents.reception_cards {
            records.push((
                schema::RECEPTION_CARDS,
                card.id.to_string(),
                value(serde_json::to_value(ReceptionCardRecord::from(card)))?,
            ));
        }
        for contact in &contents.contacts {
            records.push((
                schema::CONTACTS,
                contact.id.to_string(),
                value(serde_json::to_value(ContactRecord::from(contact)))?,
            ));
        }
        for draft in &contents.drafts {
            match serde_json::from_value::<Draft>(draft.clone()) {
                Ok(d) if d.id.parse::<ReceptionCardId>().is_ok() => {
                    records.push((schema::DRAFTS, d.id.clone(), draft.clone()))
                }
                _ => report.rejected += 1,
            }
        }
        for (store_name, id, record) in records {
            let store = tx.object_store(store_name)?;
            let existing: Option<serde_json::Value> = store.get(id).serde()?.await?;
            if existing.is_some() {
                report.present += 1;
            } else {
                store.add(record).serde()?.await?;
                report.added += 1;
            }
        }
        tx.commit().await?;
        Ok(report)
    }

    /// The language the user chose, if they chose one.
    pub async fn locale(&self) -> Result<Option<Locale>, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        let store = tx.object_store(schema::SETTINGS)?;
        let tag: Option<String> = store.get(schema::SETTING_LOCALE).primitive()?.await?;
        Ok(tag.as_deref().and_then(Locale::from_tag))
    }

    /// Remembers the user's language.
    pub async fn set_locale(&self, locale: Locale) -> Result<(), StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).with_mode(TransactionMode::Readwrite).build()?;
        let store = tx.object_store(schema::SETTINGS)?;
        store.put(locale.tag()).with_key(schema::SETTING_LOCALE).primitive()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// The schema version of the open database.
    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    /// Closes the database (tests reopen it at a newer version).
    pub fn close(self) {
        if let Ok(db) = std::rc::Rc::try_unwrap(self.db) {
            db.close();
        }
    }
}
