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
use liaison_core::{FieldErrors, OpinionCard, OpinionCardRecord};
use liaison_i18n::Locale;

pub use error::StorageError;

/// The database's name in the browser. One per origin.
pub const DB_NAME: &str = "liaison";

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
    pub async fn open_named(
        name: &str,
        steps: &'static [schema::Step],
    ) -> Result<Storage, StorageError> {
        let db = schema::open(name, steps).await?;
        Ok(Storage {
            db: std::rc::Rc::new(db),
        })
    }

    /// Saves a new card. Fails, writing nothing, if a card with its id exists:
    /// a card is never silently overwritten.
    pub async fn add_card(&self, card: &OpinionCard) -> Result<(), StorageError> {
        let tx = self
            .db
            .transaction(schema::OPINION_CARDS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(schema::OPINION_CARDS)?;
        store.add(OpinionCardRecord::from(card)).serde()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every card on the device, newest collected first.
    pub async fn list_cards(&self) -> Result<CardListing, StorageError> {
        let tx = self.db.transaction(schema::OPINION_CARDS).build()?;
        let store = tx.object_store(schema::OPINION_CARDS)?;
        let records = store.get_all::<serde_json::Value>().serde()?.await?;
        let mut listing = CardListing::default();
        for record in records {
            let card = record
                .ok()
                .and_then(|value| serde_json::from_value::<OpinionCardRecord>(value).ok())
                .ok_or(())
                .and_then(|record| OpinionCard::try_from(record).map_err(|_: FieldErrors| ()));
            match card {
                Ok(card) => listing.cards.push(card),
                Err(()) => listing.unreadable += 1,
            }
        }
        listing
            .cards
            .sort_by(|a, b| b.collected_at.cmp(&a.collected_at).then(b.id.cmp(&a.id)));
        Ok(listing)
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
        let tx = self
            .db
            .transaction(schema::SETTINGS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(schema::SETTINGS)?;
        store
            .put(locale.tag())
            .with_key(schema::SETTING_LOCALE)
            .primitive()?
            .await?;
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
