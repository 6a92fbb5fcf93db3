//! Rows as both backends return them, and their parsing back into core types.
//! Ids are text and integers 64-bit in both schemas, so one row type decodes
//! from SQLite and from PostgreSQL. Whatever does not parse is reported as
//! [`StoreError::Corrupt`]: a row this build cannot read is never skipped.

use super::{Device, StoreError, User};
use chrono::{DateTime, Utc};
use liaison_core::account::{DeviceName, DisplayName, Login, Role};
use std::str::FromStr;

fn corrupt(what: &str, value: &str, error: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}: {error}"))
}

fn id<T: FromStr>(what: &str, value: &str) -> Result<T, StoreError>
where
    T::Err: std::fmt::Display,
{
    value.parse().map_err(|e| corrupt(what, value, e))
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct UserRow {
    id: String,
    login: String,
    name: String,
    role: String,
    organisation_id: Option<String>,
    created_at: DateTime<Utc>,
}

impl UserRow {
    pub(super) fn parse(self) -> Result<User, StoreError> {
        Ok(User {
            id: id("user id", &self.id)?,
            login: Login::parse(&self.login).map_err(|e| corrupt("login", &self.login, e))?,
            name: DisplayName::parse(&self.name).map_err(|e| corrupt("user name", &self.name, e))?,
            role: Role::parse(&self.role).map_err(|e| corrupt("role", &self.role, e))?,
            organisation_id: self.organisation_id.as_deref().map(|o| id("organisation id", o)).transpose()?,
            created_at: self.created_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct CredentialsRow {
    #[sqlx(flatten)]
    pub(super) user: UserRow,
    pub(super) password_hash: String,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct DeviceRow {
    id: String,
    user_id: String,
    name: String,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
}

impl DeviceRow {
    pub(super) fn parse(self) -> Result<Device, StoreError> {
        Ok(Device {
            id: id("device id", &self.id)?,
            user_id: id("user id", &self.user_id)?,
            name: DeviceName::parse(&self.name).map_err(|e| corrupt("device name", &self.name, e))?,
            created_at: self.created_at,
            last_seen_at: self.last_seen_at,
            revoked_at: self.revoked_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct OrgRow {
    pub(super) id: String,
    pub(super) name: String,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct StudioRow {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) address: String,
    /// Days of the month, comma separated: `"10,20"`.
    pub(super) reception_days: String,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct LiaisonPointRow {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) batch: i64,
    pub(super) period_from: String,
    pub(super) period_to: String,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct RepresentativeRow {
    pub(super) id: String,
    pub(super) name: String,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct CategoryRow {
    pub(super) code: String,
    pub(super) name_zh: String,
    pub(super) name_en: String,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct ContactRow {
    /// The frozen `ContactRecord` as JSON.
    pub(super) record: String,
}

/// Every column of `users` but the hash, in [`UserRow`]'s order.
pub(super) const USER_COLUMNS: &str = "id, login, name, role, organisation_id, created_at";
/// Every column of `devices` but the token hash, in [`DeviceRow`]'s order.
pub(super) const DEVICE_COLUMNS: &str = "id, user_id, name, created_at, last_seen_at, revoked_at";
