//! The IndexedDB schema as a list of upgrade steps. Version N of the database is
//! the first N steps applied in order. A step that has shipped is never edited:
//! a change to the schema is a new step at the end.

use super::StorageError;
use indexed_db_futures::KeyPath;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;

/// Opinion cards, keyed by id, one `OpinionCardRecord` each.
pub const OPINION_CARDS: &str = "opinion_cards";
/// Index of opinion cards by `collected_at` (RFC 3339 UTC sorts in time order).
pub const BY_COLLECTED_AT: &str = "by_collected_at";
/// Key-value settings of this device (out-of-line keys).
pub const SETTINGS: &str = "settings";
/// Settings key: the chosen locale's tag.
pub const SETTING_LOCALE: &str = "locale";
/// Settings key: the organisation's reference data (`OrgRecordV2`; `OrgRecord`
/// version 1 on phones that loaded it before categories were configurable).
pub const SETTING_ORG: &str = "org";
/// Settings key: the organisation's name (a string).
pub const SETTING_ORG_NAME: &str = "org_name";
/// Settings key: the organisation's studios and liaison points as venue
/// choices (`[VenueInput]`), so the card form need not read the whole record.
pub const SETTING_VENUES: &str = "venues";
/// Settings key: the organisation's opinion categories (`[CategoryRecord]`), so
/// forms and filters need not read the whole record; absent means the preset.
pub const SETTING_CATEGORIES: &str = "categories";
/// Settings key: who collected the last opinion card saved (fills the next form).
pub const SETTING_COLLECTOR: &str = "collector";
/// Settings key: the representative's duty setup from the server
/// (`DutySetupRecordV1`: the policies up the tree and their profile).
pub const SETTING_DUTY_SETUP: &str = "duty_setup";
/// Settings key: when the duty setup was last asked for (RFC 3339).
pub const SETTING_DUTY_SETUP_AT: &str = "duty_setup_at";
/// Settings key: the last draft edit number.
pub const SETTING_DRAFT_SEQ: &str = "draft_seq";

/// Submitted reception record cards, keyed by id (`ReceptionCardRecord`).
pub const RECEPTION_CARDS: &str = "reception_cards";
/// Contacts, keyed by id (`ContactRecord`).
pub const CONTACTS: &str = "contacts";
/// Drafts of reception cards, keyed by the future card's id.
pub const DRAFTS: &str = "drafts";

/// Addenda to submitted cards: `{seq, record: AddendumRecord}`, keyed by the record's id.
pub const ADDENDA: &str = "addenda";
/// Settings key: the last addendum number (orders addenda without the phone's clock).
pub const SETTING_ADDENDUM_SEQ: &str = "addendum_seq";

/// Photos: `{seq, card, record: PhotoRecord, image: Blob, thumb: Blob}`, keyed by the record's id.
pub const PHOTOS: &str = "photos";
/// Index of photos by `card` (`reception:<id>` / `opinion:<id>`).
pub const BY_CARD: &str = "by_card";
/// Settings key: the last photo number (orders a card's photos).
pub const SETTING_PHOTO_SEQ: &str = "photo_seq";
/// Drafts of standalone opinion cards, keyed by the future card's id.
pub const OPINION_DRAFTS: &str = "opinion_drafts";

/// What this phone wrote and the server has not yet answered: `OutboxEntry`,
/// keyed by `seq` (a device counter: the order of writing, never the clock).
pub const OUTBOX: &str = "outbox";
/// Settings key: the last outbox number (the sync protocol's mutation seq).
pub const SETTING_OUTBOX_SEQ: &str = "outbox_seq";
/// Settings key: set once every record written before the outbox existed
/// has been put in it.
pub const SETTING_OUTBOX_BACKFILLED: &str = "outbox_backfilled";
/// What the server has acknowledged: `Receipt`, keyed by `<collection>:<id>`.
pub const RECEIPTS: &str = "receipts";

/// What the server told this phone of the matters of the opinions it
/// collected: `MatterStatusRecordV1`, keyed by the matter's id, replaced at
/// every sync that brings a newer one.
pub const MATTER_STATUS: &str = "matter_status";
/// Index of matter statuses by each opinion card they cover (multi-entry).
pub const BY_OPINION: &str = "by_opinion";
/// What the collector recorded on this phone about a matter (the person was
/// told, their verdict): `MatterRequestRecordV1`, keyed by id; in the outbox
/// until the server answers.
pub const MATTER_REQUESTS: &str = "matter_requests";
/// Index of requests by `matter`.
pub const BY_MATTER: &str = "by_matter";

/// The proposals, research reports and yearly reports the representative
/// recorded (`DocumentRecordV1`), keyed by id; each in the outbox, written in
/// the same transaction, until the server answers.
pub const DOCUMENTS: &str = "documents";

/// Opinion cards pulled from the server, kept a page a sync response
/// (`CardPage`, see `pages.rs`): IndexedDB charges per record, so 10,000
/// pulled cards are a hundred writes instead of 10,000. Keyed by `page`.
pub const CARD_PAGES: &str = "card_pages";
/// Index of card pages by each card's id (multi-entry).
pub const PAGES_BY_ID: &str = "by_id";
/// Index of card pages by each card's `collected_at` (multi-entry).
pub const PAGES_BY_AT: &str = "by_at";
/// Settings key: the last card page number.
pub const SETTING_PAGE_SEQ: &str = "card_page_seq";

/// One upgrade step: what its version adds to the one before.
pub type Step = fn(&Database) -> indexed_db_futures::Result<()>;

/// Every step, in order. This build's schema version is `STEPS.len()`.
pub const STEPS: &[Step] = &[
    v1_opinion_cards,
    v2_settings,
    v3_field_capture,
    v4_addenda,
    v5_photos,
    v6_outbox,
    v7_matter_status,
    v8_documents,
    v9_card_pages,
];

/// Version 1 (walking skeleton): opinion cards.
fn v1_opinion_cards(db: &Database) -> indexed_db_futures::Result<()> {
    let store = db.create_object_store(OPINION_CARDS).with_key_path(KeyPath::One("id")).build()?;
    store.create_index(BY_COLLECTED_AT, KeyPath::One("collected_at")).build()?;
    Ok(())
}

/// Version 2 (walking skeleton): device settings, first the chosen language.
fn v2_settings(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(SETTINGS).build()?;
    Ok(())
}

/// Version 3 (field capture): reception cards, contacts, drafts.
fn v3_field_capture(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(RECEPTION_CARDS).with_key_path(KeyPath::One("id")).build()?;
    db.create_object_store(CONTACTS).with_key_path(KeyPath::One("id")).build()?;
    db.create_object_store(DRAFTS).with_key_path(KeyPath::One("id")).build()?;
    Ok(())
}

/// Version 4 (field capture): addenda to submitted cards.
fn v4_addenda(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(ADDENDA).with_key_path(KeyPath::One("record.id")).build()?;
    Ok(())
}

/// Version 5 (field capture): photos, and drafts of standalone opinion cards
/// (before, the opinion form was only mirrored to `sessionStorage`).
fn v5_photos(db: &Database) -> indexed_db_futures::Result<()> {
    let photos = db.create_object_store(PHOTOS).with_key_path(KeyPath::One("record.id")).build()?;
    photos.create_index(BY_CARD, KeyPath::One("card")).build()?;
    db.create_object_store(OPINION_DRAFTS).with_key_path(KeyPath::One("id")).build()?;
    Ok(())
}

/// Version 6 (sync): the outbox and the server's receipts.
fn v6_outbox(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(OUTBOX).with_key_path(KeyPath::One("seq")).build()?;
    db.create_object_store(RECEIPTS).with_key_path(KeyPath::One("key")).build()?;
    Ok(())
}

/// Version 7 (handling): the matters' statuses, found by opinion card, and
/// the collector's requests, found by matter.
fn v7_matter_status(db: &Database) -> indexed_db_futures::Result<()> {
    let store = db.create_object_store(MATTER_STATUS).with_key_path(KeyPath::One("id")).build()?;
    store.create_index(BY_OPINION, KeyPath::One("opinions")).with_multi_entry(true).build()?;
    let requests = db.create_object_store(MATTER_REQUESTS).with_key_path(KeyPath::One("id")).build()?;
    requests.create_index(BY_MATTER, KeyPath::One("matter")).build()?;
    Ok(())
}

/// Version 8 (duties): the documents the representative submitted.
fn v8_documents(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(DOCUMENTS).with_key_path(KeyPath::One("id")).build()?;
    Ok(())
}

/// Version 9 (sync speed): pulled opinion cards kept in pages, found by
/// card id and by collected time.
fn v9_card_pages(db: &Database) -> indexed_db_futures::Result<()> {
    let store = db.create_object_store(CARD_PAGES).with_key_path(KeyPath::One("page")).build()?;
    store.create_index(PAGES_BY_ID, KeyPath::One("ids")).with_multi_entry(true).build()?;
    store.create_index(PAGES_BY_AT, KeyPath::One("at")).with_multi_entry(true).build()?;
    Ok(())
}

/// Opens `name` at version `steps.len()`, applying the steps it lacks.
pub(super) async fn open(name: &str, steps: &'static [Step]) -> Result<Database, StorageError> {
    let version = u32::try_from(steps.len()).map_err(|_| StorageError::Failed("too many schema steps".into()))?;
    let db = Database::open(name)
        .with_version(version)
        .with_on_upgrade_needed(move |event, db| {
            // Versions are small integers stored as f64 by the browser.
            let from = event.old_version() as usize;
            for step in &steps[from.min(steps.len())..] {
                step(&db)?;
            }
            Ok(())
        })
        .await?;
    Ok(db)
}
