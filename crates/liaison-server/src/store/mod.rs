//! The central database behind one trait, [`Database`], with two backends:
//! embedded SQLite in the data directory (the default, [`sqlite`]) and
//! PostgreSQL for deployments beyond one machine ([`postgres`]). The rest of
//! the server holds a [`Store`] (an `Arc<dyn Database>`) and never knows which.
//!
//! Each backend keeps its own migrations under `migrations/<backend>/`, and a
//! migration that has shipped is never edited — a change is a new file in
//! both directories. Rows are read through the types in `rows.rs` and re-parsed
//! into core types; what does not parse is [`StoreError::Corrupt`], never dropped.

mod duties;
mod duties_sql;
mod matters;
mod matters_sql;
mod org;
mod paired;
pub mod postgres;
mod rows;
mod schedules;
mod schedules_sql;
mod sql;
pub mod sqlite;
mod sync;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use liaison_core::account::{DeviceName, DisplayName, Login, Role};
use liaison_core::org::Org;
use liaison_core::{DeviceId, OrganisationId, OrganisationName, UserId};
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use thiserror::Error;

pub use matters::{
    MatterChange, MatterFilter, MatterListing, MatterPage, MatterScope, NotificationEntry, SimilarCandidate,
    TimelineEntry, UnitLoad,
};
pub use schedules::{ScheduleLogEntry, StoredSchedule, StudioEntry};
pub use sync::SyncStats;

/// What one sync request did: the answer for the phone, and the changes its
/// collector's requests made to matters (committed with it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Synced {
    /// The answer.
    pub response: liaison_sync::SyncResponse,
    /// The matters changed by `matter_request` records of the push.
    pub matter_changes: Vec<MatterChange>,
}

/// A database failure. Everything here is logged in full and shown to users
/// only as "the server ran into a problem" — except [`StoreError::LoginTaken`],
/// which is the user's to fix.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The data directory could not be created or opened.
    #[error("data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: String,
        /// What the OS said.
        source: std::io::Error,
    },
    /// `--database-url` names a database this build cannot use.
    #[error("unsupported database URL (use postgres://…, or leave it out for SQLite in the data directory)")]
    UnsupportedUrl,
    /// The database refused a query or could not be reached.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed; the database is left at the last good version.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Stored data that this build cannot read back.
    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
    /// Another account already has this login name.
    #[error("login name already taken")]
    LoginTaken,
    /// A matter changed since the version a change was made from: nothing
    /// was written.
    #[error("matter changed meanwhile")]
    StaleMatter,
    /// A reception schedule changed since the version a write was made
    /// from (or was made meanwhile): nothing was written.
    #[error("reception schedule changed meanwhile")]
    StaleSchedule,
}

impl StoreError {
    pub(crate) fn data_dir(path: &Path, source: std::io::Error) -> Self {
        StoreError::DataDir { path: path.display().to_string(), source }
    }

    /// A unique violation on `users.login` becomes [`StoreError::LoginTaken`].
    fn from_insert_user(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(e) if e.is_unique_violation() => StoreError::LoginTaken,
            _ => StoreError::Database(error),
        }
    }
}

/// An account, as the server knows it (never with its password hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Its id.
    pub id: UserId,
    /// The login name.
    pub login: Login,
    /// The name shown to others.
    pub name: DisplayName,
    /// What the user does.
    pub role: Role,
    /// The organisation the user belongs to; `None` for an account made before
    /// any organisation was loaded.
    pub organisation_id: Option<OrganisationId>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

/// An account to be written, with its password already hashed.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// The account.
    pub user: User,
    /// argon2id PHC string.
    pub password_hash: String,
}

/// A user's account and password hash, for checking a sign-in.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// The account.
    pub user: User,
    /// argon2id PHC string.
    pub password_hash: String,
}

/// A device a user signed in on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    /// Its id.
    pub id: DeviceId,
    /// Whose it is.
    pub user_id: UserId,
    /// The name the user gave it.
    pub name: DeviceName,
    /// When it signed in.
    pub created_at: DateTime<Utc>,
    /// When it last made an authenticated request (to the minute).
    pub last_seen_at: DateTime<Utc>,
    /// When it was revoked; a revoked device is refused at every request.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The SHA-256 of a device token: all the database ever holds of it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TokenHash(pub [u8; 32]);

impl fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenHash(…)")
    }
}

/// Which backend a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite in the data directory.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// What the server needs from a database. Both backends implement all of it
/// and pass the same conformance story (`tests/store_story.rs`).
///
/// Times are arguments: the clock is read at the edge (the HTTP handlers, the
/// CLI), so the story can run with fixed times.
#[async_trait]
pub trait Database: Send + Sync + fmt::Debug {
    /// Which backend this is.
    fn backend(&self) -> Backend;

    /// This installation's id, the sync epoch (also proves the database answers).
    async fn instance_id(&self) -> Result<String, StoreError>;

    /// Loads an organisation's reference data in one transaction. Rows are
    /// written by id: loading the same data twice changes nothing and
    /// duplicates nothing; changed rows are updated.
    /// `loaded_at` is the database's own clock: it is a note for administrators.
    async fn load_org(&self, org: &Org) -> Result<(), StoreError>;

    /// The first organisation loaded, with its reference data; `None` if none
    /// has been loaded.
    async fn org(&self) -> Result<Option<Org>, StoreError>;

    /// Whether an organisation with this id has been loaded.
    async fn has_organisation(&self, id: OrganisationId) -> Result<bool, StoreError>;

    /// Every organisation loaded, by name: id and name (accounts belong to
    /// one; matters are dispatched to one).
    async fn organisations(&self) -> Result<Vec<(OrganisationId, OrganisationName)>, StoreError>;

    /// Which organisation is above which: every organisation loaded.
    async fn org_tree(&self) -> Result<liaison_core::org_tree::OrgTree, StoreError>;

    /// Makes `parent` the parent of `org` (none: at the top), in one
    /// transaction; refused, changing nothing, when it would make a loop or
    /// names an unknown organisation.
    async fn set_org_parent(
        &self,
        org: OrganisationId,
        parent: Option<OrganisationId>,
    ) -> Result<Result<(), liaison_core::org_tree::TreeError>, StoreError>;

    /// Writes a new account; [`StoreError::LoginTaken`] if the login is in use.
    async fn create_user(&self, user: &NewUser) -> Result<(), StoreError>;

    /// An account by id.
    async fn user(&self, id: UserId) -> Result<Option<User>, StoreError>;

    /// An account and its password hash, by login name.
    async fn credentials(&self, login: &Login) -> Result<Option<Credentials>, StoreError>;

    /// Every account, by login name.
    async fn users(&self) -> Result<Vec<User>, StoreError>;

    /// Writes a newly signed-in device with the hash of its token.
    async fn create_device(&self, device: &Device, token: &TokenHash) -> Result<(), StoreError>;

    /// A device by id.
    async fn device(&self, id: DeviceId) -> Result<Option<Device>, StoreError>;

    /// A user's devices, oldest first, revoked ones included.
    async fn devices_of(&self, user: UserId) -> Result<Vec<Device>, StoreError>;

    /// The device holding this token, and its user — revoked or not: the
    /// caller tells a revoked device apart from an unknown token.
    async fn device_by_token(&self, token: &TokenHash) -> Result<Option<(User, Device)>, StoreError>;

    /// Records that a device was seen at `now`.
    async fn touch_device(&self, id: DeviceId, now: DateTime<Utc>) -> Result<(), StoreError>;

    /// Revokes a device at `now` (a device already revoked keeps its first
    /// time) and gives it back; `None` if there is no such device.
    async fn revoke_device(&self, id: DeviceId, now: DateTime<Utc>) -> Result<Option<Device>, StoreError>;

    /// One sync round trip of `user`'s `device` (authenticated; the request
    /// names the same device), following the store's contract in
    /// [`liaison_sync::server`]: plan; then every pushed mutation in order,
    /// all in one transaction — the answer already given to (device, seq) if
    /// any, else the record is read, a record another user owns is refused
    /// (`sync_forbidden`, nothing written), [`liaison_sync::server::apply`]
    /// decides, and its write, the record's move to the log's next number and
    /// the answer are stored together; then the page of this user's records
    /// after the cursor. `now` stamps what is received. Answers the response
    /// and the matter changes the push's requests made (for the notifier).
    async fn sync(
        &self,
        user: UserId,
        device: DeviceId,
        request: &liaison_sync::SyncRequest,
        limits: &liaison_sync::Limits,
        now: DateTime<Utc>,
    ) -> Result<Synced, StoreError>;

    /// The sizes (`bytes`) named by `user`'s live `photo` records whose
    /// `sha256` is `sha256`: empty when the user has no such record. This is
    /// who may upload and download a photo's bytes.
    async fn photo_sizes(&self, user: UserId, sha256: &str) -> Result<Vec<u64>, StoreError>;

    /// The page of matters in `scope` that `filter` asks for, urgent first,
    /// then oldest collected first, each with its first opinion card.
    async fn matters(&self, scope: &MatterScope, filter: &MatterFilter) -> Result<MatterPage, StoreError>;

    /// A matter with all its opinion cards; `None` if there is none (the
    /// caller checks the scope).
    async fn matter(&self, id: liaison_core::MatterId) -> Result<Option<MatterListing>, StoreError>;

    /// A matter's audit events, in order, with their actors' names.
    async fn timeline(&self, id: liaison_core::MatterId) -> Result<Vec<TimelineEntry>, StoreError>;

    /// The attachment named `sha256` that an event of matter `id` attached
    /// (the latest, if it was attached twice); `None` if none did.
    async fn matter_attachment(
        &self,
        id: liaison_core::MatterId,
        sha256: &liaison_core::matter::Sha256Hex,
    ) -> Result<Option<liaison_core::matter::Attachment>, StoreError>;

    /// Stores changes (one for an action, two for a merge) and appends their
    /// events (and the files they attach, in `matter_attachments`), in one transaction: each matter is written only over the
    /// version it was made from, else nothing is written and the answer is
    /// [`StoreError::StaleMatter`].
    async fn save_matters(&self, changes: &[MatterChange], now: DateTime<Utc>) -> Result<(), StoreError>;

    /// Makes the matters missing for opinion cards already synced (cards
    /// pushed before migration 0006, or by a user who had no organisation
    /// then), received at their sync receipt time. Run at start-up; returns how many.
    async fn backfill_matters(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;

    /// Candidates for the matters similar to `target`: at most `limit`
    /// matters of `organisation`, not `target`, neither merged nor closed,
    /// whose sketches share the most of `codes` (the target's
    /// [`sketch`](liaison_core::matter::similar::sketch)), most first; each
    /// with the card it was made from. Nothing for no codes. The index keys
    /// ids by 64 bits, so a rare collision may add a matter of another
    /// organisation: the caller scores them with the core, which checks.
    /// Cost: the postings of at most 32 codes, grouped (see
    /// docs/BENCHMARKS.md), then `limit` matters read by key.
    async fn similar_candidates(
        &self,
        organisation: OrganisationId,
        target: liaison_core::MatterId,
        codes: &[u32],
        limit: u32,
    ) -> Result<Vec<SimilarCandidate>, StoreError>;

    /// Writes the sketches missing for matters made before migration 0008,
    /// a thousand matters a transaction, then notes that it is done (later
    /// calls return at once: matters made since have theirs). Run at
    /// start-up; returns how many were written.
    async fn backfill_sketches(&self) -> Result<u64, StoreError>;

    /// An organisation's deadline policy: the stored one, else the core's preset.
    async fn deadline_policy(
        &self,
        organisation: OrganisationId,
    ) -> Result<liaison_core::matter::deadline::DeadlinePolicy, StoreError>;

    /// Stores an organisation's deadline policy.
    async fn set_deadline_policy(
        &self,
        organisation: OrganisationId,
        policy: &liaison_core::matter::deadline::DeadlinePolicy,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// How each unit stands with `organisation`'s matters at `now` (the
    /// office's overdue counts per unit), most overdue first.
    async fn unit_loads(&self, organisation: OrganisationId, now: DateTime<Utc>) -> Result<Vec<UnitLoad>, StoreError>;

    /// The newest audit events on the matters of `scope`, at most `limit`
    /// (the notification list picks from them).
    async fn recent_events(&self, scope: &MatterScope, limit: u32) -> Result<Vec<NotificationEntry>, StoreError>;

    /// When `user` last looked at their notifications.
    async fn notifications_seen(&self, user: UserId) -> Result<Option<DateTime<Utc>>, StoreError>;

    /// Notes that `user` looked at their notifications at `now`.
    async fn set_notifications_seen(&self, user: UserId, now: DateTime<Utc>) -> Result<(), StoreError>;

    /// Who collected `organisation`'s matters: (user, name), by name.
    async fn collectors(&self, organisation: OrganisationId) -> Result<Vec<(UserId, String)>, StoreError>;

    /// An organisation's dispatch table (category → usual unit); empty until set.
    async fn dispatch_table(
        &self,
        organisation: OrganisationId,
    ) -> Result<liaison_core::matter::DispatchTable, StoreError>;

    /// Stores an organisation's deadline policy and dispatch table together,
    /// in one transaction (the table replaces the one before).
    async fn set_dispatch_settings(
        &self,
        organisation: OrganisationId,
        policy: &liaison_core::matter::deadline::DeadlinePolicy,
        table: &liaison_core::matter::DispatchTable,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// What the representatives of `organisations` synced that can count
    /// toward their duties at a time whose [`records_since`] is `since`
    /// (migration 0012's facts), by representative; one with nothing synced
    /// is absent.
    ///
    /// [`records_since`]: liaison_core::duty::records_since
    async fn duty_records(
        &self,
        organisations: &[OrganisationId],
        since: DateTime<Utc>,
    ) -> Result<std::collections::HashMap<UserId, liaison_core::duty::DutyRecords>, StoreError>;

    /// Everything `owner` synced that counts toward duties, whenever.
    async fn owner_duty_records(&self, owner: UserId) -> Result<liaison_core::duty::DutyRecords, StoreError>;

    /// Writes the duty facts of records synced before migration 0012, then
    /// notes that it is done (later calls return at once). Run at start-up;
    /// returns how many were written.
    async fn backfill_duty_facts(&self) -> Result<u64, StoreError>;

    /// Every organisation's own duty policy (those that set one).
    async fn duty_policies(
        &self,
    ) -> Result<std::collections::HashMap<OrganisationId, liaison_core::duty::PolicyRecordV1>, StoreError>;

    /// Stores `organisation`'s own duty policy (replacing the one before), or
    /// removes it (`None`: it inherits everything again).
    async fn set_duty_policy(
        &self,
        organisation: OrganisationId,
        record: Option<&liaison_core::duty::PolicyRecordV1>,
        by: UserId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Representatives' profiles: `user`'s, or everyone's.
    async fn representative_profiles(
        &self,
        user: Option<UserId>,
    ) -> Result<std::collections::HashMap<UserId, liaison_core::duty::RepresentativeProfileRecordV1>, StoreError>;

    /// Stores a representative's profile (replacing the one before).
    async fn set_representative_profile(
        &self,
        user: UserId,
        record: &liaison_core::duty::RepresentativeProfileRecordV1,
        by: UserId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Every studio, with its organisation.
    async fn studios(&self) -> Result<Vec<StudioEntry>, StoreError>;

    /// `studio`'s schedule for `month`, if one was saved.
    async fn reception_schedule(
        &self,
        studio: liaison_core::StudioId,
        month: liaison_core::schedule::Month,
    ) -> Result<Option<StoredSchedule>, StoreError>;

    /// Writes a schedule made from the stored `read_version` (0: none was
    /// stored), and appends `change` (the last of its changes) to the
    /// append-only log in the same transaction. A version that moved is
    /// [`StoreError::StaleSchedule`] and nothing is written. Answers the new version.
    #[allow(clippy::too_many_arguments)]
    async fn save_reception_schedule(
        &self,
        organisation: OrganisationId,
        schedule: &liaison_core::schedule::ReceptionSchedule,
        read_version: i64,
        change: Option<&liaison_core::schedule::DateChange>,
        by: UserId,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError>;

    /// The append-only log of `studio`'s `month`, oldest first.
    async fn schedule_log(
        &self,
        studio: liaison_core::StudioId,
        month: liaison_core::schedule::Month,
    ) -> Result<Vec<ScheduleLogEntry>, StoreError>;

    /// The published schedules of `organisation`'s studios for the two months.
    async fn published_schedules(
        &self,
        organisation: OrganisationId,
        months: [liaison_core::schedule::Month; 2],
    ) -> Result<Vec<liaison_core::schedule::ReceptionSchedule>, StoreError>;
    /// Every pairing (对口联系, migration 0015), by department.
    async fn pairings(&self) -> Result<Vec<liaison_core::paired::PairingRecordV1>, StoreError>;

    /// Adds a pairing; `false` (nothing written) when its department is
    /// already paired with a partner of that kind and name.
    async fn add_pairing(
        &self,
        record: &liaison_core::paired::PairingRecordV1,
        by: UserId,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// The events of every pairing held on or after `since`, by day, then
    /// in the order recorded.
    async fn paired_events(
        &self,
        since: chrono::NaiveDate,
    ) -> Result<Vec<liaison_core::paired::PairedEventRecordV1>, StoreError>;

    /// Records an event of a pairing.
    async fn add_paired_event(
        &self,
        record: &liaison_core::paired::PairedEventRecordV1,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Every organisation's own paired-liaison rules (those that set some).
    async fn paired_rules(
        &self,
    ) -> Result<std::collections::HashMap<OrganisationId, liaison_core::paired::PairedRulesRecordV1>, StoreError>;

    /// Stores `organisation`'s own paired-liaison rules, or removes them
    /// (`None`: it takes those above again).
    async fn set_paired_rules(
        &self,
        organisation: OrganisationId,
        record: Option<&liaison_core::paired::PairedRulesRecordV1>,
        by: UserId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// How many records and answers sync holds, and the log's head.
    async fn sync_stats(&self) -> Result<SyncStats, StoreError>;

    /// Closes every connection (SQLite checkpoints its WAL).
    async fn close(&self);
}

/// A handle to the database, whichever backend; cheap to clone. Derefs to
/// [`Database`], so `store.org()` calls the backend.
#[derive(Clone, Debug)]
pub struct Store(Arc<dyn Database>);

impl Store {
    /// Opens (creating on first run) the SQLite database in `data_dir`.
    pub async fn open(data_dir: &Path) -> Result<Store, StoreError> {
        Store::started(Store(Arc::new(sqlite::Sqlite::open(data_dir).await?))).await
    }

    /// Connects to the PostgreSQL database at `url` (`postgres://…`).
    pub async fn connect_postgres(url: &str) -> Result<Store, StoreError> {
        Store::started(Store(Arc::new(postgres::Postgres::connect(url).await?))).await
    }

    /// A store just opened and migrated: opinion cards synced before matters
    /// existed get theirs now (see [`Database::backfill_matters`]), and
    /// matters made before sketches theirs ([`Database::backfill_sketches`]),
    /// records synced before duty facts theirs ([`Database::backfill_duty_facts`]).
    async fn started(store: Store) -> Result<Store, StoreError> {
        let made = store.backfill_matters(crate::auth::now()).await?;
        if made > 0 {
            tracing::info!(made, "matters made for opinion cards synced before");
        }
        let sketched = store.backfill_sketches().await?;
        if sketched > 0 {
            tracing::info!(sketched, "sketches made for matters made before");
        }
        let facts = store.backfill_duty_facts().await?;
        if facts > 0 {
            tracing::info!(facts, "duty facts made for records synced before");
        }
        Ok(store)
    }

    /// The database the configuration names: PostgreSQL for a `postgres://`
    /// (or `postgresql://`) URL, SQLite in `data_dir` when there is none.
    /// Either way the schema is brought up to date.
    pub async fn from_config(database_url: Option<&str>, data_dir: &Path) -> Result<Store, StoreError> {
        match database_url.map(str::trim).filter(|u| !u.is_empty()) {
            None => Store::open(data_dir).await,
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Store::connect_postgres(url).await
            }
            Some(_) => Err(StoreError::UnsupportedUrl),
        }
    }

    /// A store over any backend (tests, other embeddings).
    pub fn from_database(database: Arc<dyn Database>) -> Store {
        Store(database)
    }
}

impl std::ops::Deref for Store {
    type Target = dyn Database;
    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}
