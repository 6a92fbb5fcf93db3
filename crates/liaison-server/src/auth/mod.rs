//! Accounts and devices: creating an account (HTTP and the `liaison admin
//! create` command share it), signing in a device, and knowing who calls.
//!
//! - [`password`]: argon2id PHC hashes.
//! - [`token`]: device tokens (random, shown once, stored as SHA-256).
//! - [`limiter`]: the pure failed-sign-in limiter.
//! - [`extract`]: the `AuthDevice` extractor, which re-checks the token — and
//!   whether the device was revoked — at every request.

pub mod extract;
pub mod limiter;
pub mod password;
pub mod token;

use crate::store::{Device, NewUser, Store, StoreError, User};
use chrono::{DateTime, Utc};
use liaison_core::account::{DeviceName, Login, NewAccount};
use liaison_core::{DeviceId, UserId};
use thiserror::Error;
use token::DeviceToken;

pub use extract::{AdminDevice, AuthDevice};

/// The current time, to the millisecond (what both backends store exactly).
/// The one place the server reads the wall clock for accounts.
pub fn now() -> DateTime<Utc> {
    let now: DateTime<Utc> = std::time::SystemTime::now().into();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

/// Why an account could not be made.
#[derive(Debug, Error)]
pub enum CreateAccountError {
    /// The named organisation has not been loaded.
    #[error("no such organisation")]
    UnknownOrganisation,
    /// The login name is in use.
    #[error("login name already taken")]
    LoginTaken,
    /// The password could not be hashed.
    #[error("hashing the password: {0}")]
    Hash(String),
    /// The database failed.
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for CreateAccountError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::LoginTaken => CreateAccountError::LoginTaken,
            other => CreateAccountError::Store(other),
        }
    }
}

/// Makes an account. With no organisation named, the user belongs to the
/// installation's organisation if one has been loaded, else to none yet.
pub async fn create_account(
    store: &Store,
    account: NewAccount,
    id: UserId,
    now: DateTime<Utc>,
) -> Result<User, CreateAccountError> {
    let organisation_id = match account.organisation_id {
        Some(id) if store.has_organisation(id).await? => Some(id),
        Some(_) => return Err(CreateAccountError::UnknownOrganisation),
        None => store.org().await?.map(|org| org.id),
    };
    let password = account.password;
    let password_hash = tokio::task::spawn_blocking(move || password::hash(&password))
        .await
        .map_err(|e| CreateAccountError::Hash(e.to_string()))?
        .map_err(|e| CreateAccountError::Hash(e.to_string()))?;
    let user =
        User { id, login: account.login, name: account.name, role: account.role, organisation_id, created_at: now };
    store.create_user(&NewUser { user: user.clone(), password_hash }).await?;
    Ok(user)
}

/// A device just signed in: its token is in here and nowhere else.
#[derive(Debug)]
pub struct SignedIn {
    /// Who signed in.
    pub user: User,
    /// The new device.
    pub device: Device,
    /// Its token, to hand over once.
    pub token: DeviceToken,
}

/// Why a sign-in failed.
#[derive(Debug, Error)]
pub enum SignInError {
    /// Unknown login or wrong password (deliberately one answer).
    #[error("wrong login or password")]
    WrongCredentials,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The blocking verification task failed.
    #[error("verifying the password: {0}")]
    Verify(String),
}

/// Checks a login and password and, if they match, signs in a new device.
/// An unknown login costs the same work as a wrong password.
pub async fn sign_in(
    store: &Store,
    login: &str,
    password: String,
    device_name: DeviceName,
    now: DateTime<Utc>,
) -> Result<SignedIn, SignInError> {
    let credentials = match Login::parse(login) {
        Ok(login) => store.credentials(&login).await?,
        Err(_) => None,
    };
    let user = tokio::task::spawn_blocking(move || match credentials {
        Some(c) if password::verify(&password, &c.password_hash) => Some(c.user),
        Some(_) => None,
        None => {
            password::verify_nothing(&password);
            None
        }
    })
    .await
    .map_err(|e| SignInError::Verify(e.to_string()))?
    .ok_or(SignInError::WrongCredentials)?;
    let token = DeviceToken::generate();
    let device = Device {
        id: DeviceId::from_uuid(uuid::Uuid::new_v4()),
        user_id: user.id,
        name: device_name,
        created_at: now,
        last_seen_at: now,
        revoked_at: None,
    };
    store.create_device(&device, &token.hash()).await?;
    Ok(SignedIn { user, device, token })
}
