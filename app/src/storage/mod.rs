//! Everything the app keeps on the device, in IndexedDB. This is the only module
//! that talks to the browser's storage; components call its functions and get
//! core types back.
//!
//! Record types stored here are the frozen formats of `liaison-core`
//! (`OpinionCardRecord`), so what a phone keeps is what the server will receive.

pub mod contacts;
mod documents;
mod error;
mod matters;
pub mod notices;
pub mod outbox;
mod pages;
mod photos;
mod receipts;
pub mod schedules;
pub mod schema;
pub mod sync;
pub mod sync_start;
mod transfer;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use liaison_core::addendum::{Addendum, AddendumRecord, CardRef};
use liaison_core::export::StoredAddendum;
use liaison_core::org::{CategoryRecord, Org, OrgRecord, OrgRecordV2};
use liaison_core::sort::{sort_by, sort_by_key};
use liaison_core::{
    Categories, Contact, ContactRecord, OpinionCard, OpinionCardId, OpinionCardInput, OpinionCardRecord,
    OpinionCardRecordV2, OpinionCardRecordV3, ReceptionCard, ReceptionCardId, ReceptionCardRecord, ReceptionInput,
    VenueInput,
};
use liaison_i18n::Locale;
use liaison_sync::wire::Collection;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

pub use documents::DocumentState;
pub use error::StorageError;
pub use matters::RecordedRequest;
pub use outbox::{OutboxCount, OutboxEntry, OutboxLine, Receipt};
pub use photos::{PhotoBlob, StoredPhoto};
pub use transfer::{ImportError, ImportReport};

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
fn explain<T>(written: Result<T, StorageError>, raw: &web_sys::IdbTransaction) -> Result<T, StorageError> {
    match written {
        Err(StorageError::Failed(text)) => match raw.error() {
            Some(cause) if cause.name() == "QuotaExceededError" => Err(StorageError::QuotaExceeded(cause.message())),
            _ => Err(StorageError::Failed(text)),
        },
        other => other,
    }
}

/// Reads a stored opinion card of any version this build knows.
fn decode_opinion(raw: JsValue) -> Option<OpinionCard> {
    let version = js_sys::Reflect::get(&raw, &JsValue::from_str("v")).ok()?.as_f64()?;
    match version as u32 {
        1 => OpinionCard::try_from(serde_wasm_bindgen::from_value::<OpinionCardRecord>(raw).ok()?).ok(),
        2 => OpinionCard::try_from(serde_wasm_bindgen::from_value::<OpinionCardRecordV2>(raw).ok()?).ok(),
        3 => OpinionCard::try_from(serde_wasm_bindgen::from_value::<OpinionCardRecordV3>(raw).ok()?).ok(),
        _ => None,
    }
}

/// Takes the next value of a device-wide counter kept in settings (orders
/// drafts, addenda and photos without the phone's clock). Part of the caller's
/// transaction, which must include the settings store.
async fn next_seq(tx: &indexed_db_futures::transaction::Transaction<'_>, key: &str) -> Result<u64, StorageError> {
    let settings = tx.object_store(schema::SETTINGS)?;
    let last: Option<f64> = settings.get(key).primitive()?.await?;
    let next = last.unwrap_or(0.0) + 1.0;
    settings.put(next).with_key(key).primitive()?.await?;
    Ok(next as u64)
}

/// A card being written: everything typed so far, kept on every change so a
/// killed tab loses nothing. `I` is the form: a reception card's by default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft<I = ReceptionInput> {
    /// The id the card will have when submitted.
    pub id: String,
    /// What was typed.
    pub input: I,
    /// A counter raised on every save; orders drafts without the phone's clock.
    pub edited: u64,
}

/// A standalone opinion card being written.
pub type OpinionDraft = Draft<OpinionCardInput>;

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
    /// Whether `cards` holds every card, or only the newest (a first page,
    /// shown while the rest is read).
    pub complete: bool,
    /// How many records the store holds (every card, read or not yet);
    /// `None` for a first page until they are counted (counting 10,000
    /// records takes IndexedDB tens of milliseconds, so it waits until the
    /// page is on screen).
    pub stored: Option<usize>,
}

impl CardListing {
    /// Adds a stored record: a card of this phone, or a page of pulled cards
    /// (each of its cards); what does not read is counted.
    fn add(&mut self, raw: JsValue) {
        self.add_from(raw, None);
    }

    /// [`CardListing::add`], leaving out a page's cards collected before
    /// `from` (the newest page needs none of them: it decodes only what
    /// it may show).
    fn add_from(&mut self, raw: JsValue, from: Option<&JsValue>) {
        let field = |record: &JsValue, name: &str| js_sys::Reflect::get(record, &JsValue::from_str(name));
        let cards = field(&raw, "cards").unwrap_or_default();
        if cards.is_array() {
            let from = from.and_then(JsValue::as_string);
            for card in js_sys::Array::from(&cards).iter() {
                let at = field(&card, "collected_at").ok().and_then(|at| at.as_string());
                if from.is_none() || at >= from {
                    self.add(card);
                }
            }
        } else {
            match decode_opinion(raw) {
                Some(card) => self.cards.push(card),
                None => self.unreadable += 1,
            }
        }
    }

    /// Newest collected first (ties by id).
    fn sort(&mut self) {
        sort_by(&mut self.cards, |a, b| b.collected_at.cmp(&a.collected_at).then(b.id.cmp(&a.id)));
    }
}

/// The primary keys of an index's newest `limit` entries and of every
/// entry tied with the last of them, each once (a page holds many cards),
/// and the last entry's key (`None`: the index has fewer entries): walked
/// newest first with a key cursor, `limit` small requests, then the ties in
/// one — not a read of every record.
async fn newest_keys(
    index: &indexed_db_futures::index::Index<'_>,
    limit: usize,
) -> Result<(Vec<JsValue>, Option<JsValue>), StorageError> {
    let mut keys: Vec<JsValue> = Vec::new();
    let mut last = None;
    let direction = indexed_db_futures::cursor::CursorDirection::Prev;
    if let Some(mut cursor) = index.open_key_cursor().with_direction(direction).primitive()?.await? {
        for n in 0..limit {
            let Some(key) = cursor.next_key::<JsValue>().await? else { return Ok((keys, None)) };
            if let Some(primary) = cursor.primary_key::<JsValue>()?.filter(|p| !keys.contains(p)) {
                keys.push(primary);
            }
            if n + 1 == limit {
                last = Some(key);
            }
        }
    }
    if let Some(last) = &last {
        // Entries tied with the last one come by primary key, not by card:
        // all of them.
        for primary in index.get_all_keys::<JsValue>().with_query::<JsValue, _>(last.clone()).primitive()?.await? {
            let primary = primary?;
            if !keys.contains(&primary) {
                keys.push(primary);
            }
        }
    }
    Ok((keys, last))
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

    /// How many opinion cards the device holds: its own records and the
    /// pulled cards kept in pages.
    pub async fn count_cards(&self) -> Result<usize, StorageError> {
        let tx = self.db.transaction([schema::OPINION_CARDS, schema::CARD_PAGES]).build()?;
        let own = tx.object_store(schema::OPINION_CARDS)?.count().primitive()?.await?;
        let pulled = tx.object_store(schema::CARD_PAGES)?.index(schema::PAGES_BY_ID)?.count().primitive()?.await?;
        Ok((own + pulled) as usize)
    }

    /// Saves a new card and drops its draft, in one transaction. Fails, writing
    /// nothing, if a card with its id exists: a card is never silently overwritten.
    pub async fn add_card(&self, card: &OpinionCard) -> Result<(), StorageError> {
        let [outbox, settings] = outbox::WITH_OUTBOX;
        let stores =
            [schema::OPINION_CARDS, schema::OPINION_DRAFTS, schema::PHOTOS, outbox, settings, schema::CARD_PAGES];
        let tx = self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let written: Result<(), StorageError> = async {
            // Pulled from the server already (its draft came in a backup
            // from the phone that submitted it): never a second copy.
            if pages::holds(&tx, &card.id.to_string()).await? {
                return Err(StorageError::Refused(liaison_i18n::Msg::CardIsSubmitted));
            }
            tx.object_store(schema::OPINION_CARDS)?.add(card.to_record()).serde()?.await?;
            tx.object_store(schema::OPINION_DRAFTS)?.delete(card.id.to_string()).primitive()?.await?;
            outbox::enqueue(&tx, Collection::OpinionCard, card.id.to_string()).await?;
            outbox::enqueue_photos(&tx, &CardRef::Opinion(card.id).key()).await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        explain(written, &raw)
    }

    /// Every card on the device, newest collected first.
    pub async fn list_cards(&self) -> Result<CardListing, StorageError> {
        let tx = self.db.transaction([schema::OPINION_CARDS, schema::CARD_PAGES]).build()?;
        let mut listing = CardListing::default();
        for store in [schema::OPINION_CARDS, schema::CARD_PAGES] {
            for record in tx.object_store(store)?.get_all::<JsValue>().primitive()?.await? {
                listing.add(record.unwrap_or_default());
            }
        }
        listing.sort();
        listing.complete = true;
        listing.stored = Some(listing.cards.len() + listing.unreadable);
        Ok(listing)
    }

    /// The newest `limit` cards by the time they were collected, read through
    /// the indexes without reading the rest: the start screen's first page.
    pub async fn newest_cards(&self, limit: usize) -> Result<CardListing, StorageError> {
        let tx = self.db.transaction([schema::OPINION_CARDS, schema::CARD_PAGES]).build()?;
        let mut listing = CardListing::default();
        for (store, index) in
            [(schema::OPINION_CARDS, schema::BY_COLLECTED_AT), (schema::CARD_PAGES, schema::PAGES_BY_AT)]
        {
            let store = tx.object_store(store)?;
            let mut reads = Vec::new();
            let (keys, from) = newest_keys(&store.index(index)?, limit).await?;
            for key in keys {
                reads.push(store.get::<JsValue, _, _>(key).primitive()?);
            }
            for read in reads {
                listing.add_from(read.await?.unwrap_or_default(), from.as_ref());
            }
        }
        listing.sort();
        listing.cards.truncate(limit);
        Ok(listing)
    }

    /// Submits a reception card: the card, its opinion cards and the removal of
    /// its draft happen in one transaction — all or nothing.
    pub async fn submit_reception(&self, card: &ReceptionCard, opinions: &[OpinionCard]) -> Result<(), StorageError> {
        let [outbox, settings] = outbox::WITH_OUTBOX;
        let stores = [
            schema::RECEPTION_CARDS,
            schema::OPINION_CARDS,
            schema::DRAFTS,
            schema::PHOTOS,
            outbox,
            settings,
            schema::CARD_PAGES,
        ];
        let tx = self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let written: Result<(), StorageError> = async {
            tx.object_store(schema::RECEPTION_CARDS)?.add(ReceptionCardRecord::from(card)).serde()?.await?;
            outbox::enqueue(&tx, Collection::ReceptionCard, card.id.to_string()).await?;
            let opinion_store = tx.object_store(schema::OPINION_CARDS)?;
            for opinion in opinions {
                if pages::holds(&tx, &opinion.id.to_string()).await? {
                    return Err(StorageError::Refused(liaison_i18n::Msg::CardIsSubmitted));
                }
                opinion_store.add(opinion.to_record()).serde()?.await?;
                outbox::enqueue(&tx, Collection::OpinionCard, opinion.id.to_string()).await?;
            }
            outbox::enqueue_photos(&tx, &CardRef::Reception(card.id).key()).await?;
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
        let records = tx.object_store(schema::RECEPTION_CARDS)?.get_all::<ReceptionCardRecord>().serde()?.await?;
        let mut cards = Vec::new();
        let mut unreadable = 0;
        for record in records {
            let card = record.ok().and_then(|r| ReceptionCard::try_from(r).ok());
            match card {
                Some(card) => cards.push(card),
                None => unreadable += 1,
            }
        }
        sort_by(&mut cards, |a, b| b.started_at.cmp(&a.started_at).then(b.id.cmp(&a.id)));
        Ok((cards, unreadable))
    }

    /// Saves (creates or replaces) the draft of a reception card, stamping it
    /// with the next value of a device-wide edit counter (drafts are ordered by
    /// that, never by the phone's clock).
    pub async fn put_draft(&self, draft: &Draft) -> Result<(), StorageError> {
        self.put_draft_in(schema::DRAFTS, draft).await
    }

    /// Saves the draft of a standalone opinion card (as [`Storage::put_draft`]).
    pub async fn put_opinion_draft(&self, draft: &OpinionDraft) -> Result<(), StorageError> {
        self.put_draft_in(schema::OPINION_DRAFTS, draft).await
    }

    async fn put_draft_in<I: Serialize + Clone>(&self, store: &str, draft: &Draft<I>) -> Result<(), StorageError> {
        let tx = self.db.transaction([store, schema::SETTINGS]).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let written: Result<(), StorageError> = async {
            let edited = next_seq(&tx, schema::SETTING_DRAFT_SEQ).await?;
            tx.object_store(store)?.put(Draft { edited, ..draft.clone() }).serde()?.await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        explain(written, &raw)
    }

    /// The draft with this id, if there is one.
    pub async fn draft(&self, id: ReceptionCardId) -> Result<Option<Draft>, StorageError> {
        let tx = self.db.transaction(schema::DRAFTS).build()?;
        Ok(tx.object_store(schema::DRAFTS)?.get(id.to_string()).serde()?.await?)
    }

    /// The opinion draft with this id, if there is one.
    pub async fn opinion_draft(&self, id: OpinionCardId) -> Result<Option<OpinionDraft>, StorageError> {
        let tx = self.db.transaction(schema::OPINION_DRAFTS).build()?;
        Ok(tx.object_store(schema::OPINION_DRAFTS)?.get(id.to_string()).serde()?.await?)
    }

    /// Every reception draft, most recently edited first.
    pub async fn drafts(&self) -> Result<Vec<Draft>, StorageError> {
        self.drafts_in(schema::DRAFTS).await
    }

    /// Every opinion draft, most recently edited first.
    pub async fn opinion_drafts(&self) -> Result<Vec<OpinionDraft>, StorageError> {
        self.drafts_in(schema::OPINION_DRAFTS).await
    }

    async fn drafts_in<I: serde::de::DeserializeOwned>(&self, store: &str) -> Result<Vec<Draft<I>>, StorageError> {
        let tx = self.db.transaction(store).build()?;
        let records = tx.object_store(store)?.get_all::<Draft<I>>().serde()?.await?;
        let mut drafts: Vec<Draft<I>> = records.filter_map(Result::ok).collect();
        sort_by_key(&mut drafts, |d| std::cmp::Reverse(d.edited));
        Ok(drafts)
    }

    /// Deletes a draft and its photos (the user confirmed it).
    pub async fn delete_draft(&self, card: CardRef) -> Result<(), StorageError> {
        let (store, id) = match card {
            CardRef::Reception(id) => (schema::DRAFTS, id.to_string()),
            CardRef::Opinion(id) => (schema::OPINION_DRAFTS, id.to_string()),
        };
        let tx = self.db.transaction([store, schema::PHOTOS]).with_mode(TransactionMode::Readwrite).build()?;
        tx.object_store(store)?.delete(id).primitive()?.await?;
        photos::delete_all(&tx, card).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Saves a new contact; an existing id is never overwritten.
    pub async fn add_contact(&self, contact: &Contact) -> Result<(), StorageError> {
        self.add_contacts(std::slice::from_ref(contact)).await
    }

    /// Saves new contacts in one transaction (a roster import): all or none;
    /// an existing id is never overwritten.
    pub async fn add_contacts(&self, contacts: &[Contact]) -> Result<(), StorageError> {
        let [outbox, settings] = outbox::WITH_OUTBOX;
        let tx =
            self.db.transaction([schema::CONTACTS, outbox, settings]).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let written: Result<(), StorageError> = async {
            let store = tx.object_store(schema::CONTACTS)?;
            for contact in contacts {
                store.add(ContactRecord::from(contact)).serde()?.await?;
                outbox::enqueue(&tx, Collection::Contact, contact.id.to_string()).await?;
            }
            tx.commit().await?;
            Ok(())
        }
        .await;
        explain(written, &raw)
    }

    /// Every contact, by name.
    pub async fn contacts(&self) -> Result<Vec<Contact>, StorageError> {
        let tx = self.db.transaction(schema::CONTACTS).build()?;
        let records = tx.object_store(schema::CONTACTS)?.get_all::<ContactRecord>().serde()?.await?;
        let mut contacts: Vec<Contact> =
            records.filter_map(|r| r.ok().and_then(|r| Contact::try_from(r).ok())).collect();
        sort_by(&mut contacts, |a, b| a.person.name.as_str().cmp(b.person.name.as_str()));
        Ok(contacts)
    }

    /// Appends an addendum to a submitted card.
    pub async fn add_addendum(&self, addendum: &Addendum) -> Result<(), StorageError> {
        let tx = self
            .db
            .transaction([schema::ADDENDA, schema::SETTINGS, schema::OUTBOX])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let raw = raw_transaction(&tx);
        let written: Result<(), StorageError> = async {
            let seq = next_seq(&tx, schema::SETTING_ADDENDUM_SEQ).await?;
            let stored = StoredAddendum { seq, record: AddendumRecord::from(addendum) };
            tx.object_store(schema::ADDENDA)?.add(stored).serde()?.await?;
            outbox::enqueue(&tx, Collection::Addendum, addendum.id.to_string()).await?;
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
        sort_by_key(&mut stored, |s| s.seq);
        Ok(stored.into_iter().filter_map(|s| Addendum::try_from(s.record).ok()).filter(|a| a.card == card).collect())
    }

    /// The organisation's studios and liaison points, as venue choices.
    pub async fn venues(&self) -> Result<Vec<VenueInput>, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        let venues: Option<Vec<VenueInput>> =
            tx.object_store(schema::SETTINGS)?.get(schema::SETTING_VENUES).serde()?.await?;
        Ok(venues.unwrap_or_default())
    }

    /// The name of the organisation loaded onto the phone, if any.
    pub async fn org_name(&self) -> Result<Option<String>, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        Ok(tx.object_store(schema::SETTINGS)?.get(schema::SETTING_ORG_NAME).primitive()?.await?)
    }

    /// The opinion categories new cards choose from: the organisation's, or
    /// the preset ones before an organisation is loaded (or if its stored list
    /// cannot be read).
    pub async fn categories(&self) -> Result<Categories, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        let records: Option<Vec<CategoryRecord>> =
            tx.object_store(schema::SETTINGS)?.get(schema::SETTING_CATEGORIES).serde()?.await?;
        Ok(records.and_then(|r| liaison_core::org::categories(&r).ok()).unwrap_or_default())
    }

    /// The organisation's reference data, if it has been loaded onto the phone
    /// (either stored version).
    pub async fn org(&self) -> Result<Option<Org>, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        let raw: Option<JsValue> = tx.object_store(schema::SETTINGS)?.get(schema::SETTING_ORG).primitive()?.await?;
        let Some(raw) = raw else { return Ok(None) };
        let version = js_sys::Reflect::get(&raw, &JsValue::from_str("v")).ok().and_then(|v| v.as_f64());
        Ok(match version {
            Some(1.0) => serde_wasm_bindgen::from_value::<OrgRecord>(raw).ok().and_then(|r| Org::try_from(r).ok()),
            Some(2.0) => serde_wasm_bindgen::from_value::<OrgRecordV2>(raw).ok().and_then(|r| Org::try_from(r).ok()),
            _ => None,
        })
    }

    /// Keeps the organisation's reference data (replacing what was loaded
    /// before) and adds its shared contacts that are not on the phone yet, in
    /// one transaction. Contacts already here are left as they are. Answers
    /// how many contacts were added.
    pub async fn put_org(&self, org: &Org) -> Result<usize, StorageError> {
        let tx =
            self.db.transaction([schema::SETTINGS, schema::CONTACTS]).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let mut added = 0;
        let written: Result<(), StorageError> = async {
            let settings = tx.object_store(schema::SETTINGS)?;
            settings.put(OrgRecordV2::from(org)).with_key(schema::SETTING_ORG.to_owned()).serde()?.await?;
            let categories: Vec<CategoryRecord> = org.categories.defs().iter().map(CategoryRecord::from).collect();
            settings.put(categories).with_key(schema::SETTING_CATEGORIES.to_owned()).serde()?.await?;
            settings.put(org.name.as_str()).with_key(schema::SETTING_ORG_NAME).primitive()?.await?;
            let venues: Vec<VenueInput> = org
                .studios
                .iter()
                .map(|s| ("studio", s.id.to_string(), s.name.as_str()))
                .chain(org.liaison_points.iter().map(|p| ("liaison_point", p.id.to_string(), p.name.as_str())))
                .map(|(kind, id, name)| VenueInput { kind: kind.into(), id, name: name.into() })
                .collect();
            settings.put(venues).with_key(schema::SETTING_VENUES.to_owned()).serde()?.await?;
            let contacts = tx.object_store(schema::CONTACTS)?;
            for contact in &org.contacts {
                let here: Option<JsValue> = contacts.get(contact.id.to_string()).primitive()?.await?;
                if here.is_none() {
                    contacts.add(ContactRecord::from(contact)).serde()?.await?;
                    added += 1;
                }
            }
            tx.commit().await?;
            Ok(())
        }
        .await;
        explain(written, &raw)?;
        Ok(added)
    }

    /// The duty setup the server last sent, if any (one that no longer
    /// reads counts as none: the duties are then counted under the preset).
    pub async fn duty_setup(&self) -> Result<Option<liaison_core::duty::DutySetupRecordV1>, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        let raw: Option<JsValue> =
            tx.object_store(schema::SETTINGS)?.get(schema::SETTING_DUTY_SETUP).primitive()?.await?;
        Ok(raw.and_then(|r| serde_wasm_bindgen::from_value(r).ok()))
    }

    /// Keeps the duty setup the server sent at `at` (replacing the one before).
    pub async fn put_duty_setup(
        &self,
        setup: &liaison_core::duty::DutySetupRecordV1,
        at: &str,
    ) -> Result<(), StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).with_mode(TransactionMode::Readwrite).build()?;
        let settings = tx.object_store(schema::SETTINGS)?;
        settings.put(setup).with_key(schema::SETTING_DUTY_SETUP.to_owned()).serde()?.await?;
        settings.put(at).with_key(schema::SETTING_DUTY_SETUP_AT).primitive()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// When the duty setup was last received, if ever.
    pub async fn duty_setup_at(&self) -> Result<Option<String>, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        Ok(tx.object_store(schema::SETTINGS)?.get(schema::SETTING_DUTY_SETUP_AT).primitive()?.await?)
    }

    /// Who collected the last opinion card saved on this phone (to fill in the next).
    pub async fn collector(&self) -> Result<Option<String>, StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).build()?;
        Ok(tx.object_store(schema::SETTINGS)?.get(schema::SETTING_COLLECTOR).primitive()?.await?)
    }

    /// Remembers who collected the card just saved.
    pub async fn set_collector(&self, name: &str) -> Result<(), StorageError> {
        let tx = self.db.transaction(schema::SETTINGS).with_mode(TransactionMode::Readwrite).build()?;
        tx.object_store(schema::SETTINGS)?.put(name).with_key(schema::SETTING_COLLECTOR).primitive()?.await?;
        tx.commit().await?;
        Ok(())
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
