//! The accounts API:
//!
//! - `POST /api/v1/session` `{login, password, device_name}` signs a device in
//!   and answers its token, once;
//! - `GET /api/v1/me`, `GET /api/v1/me/devices`, `POST /api/v1/me/devices/{id}/revoke`
//!   for any signed-in device (another user's device is 404, not 403: ids are not confirmed);
//! - `GET|POST /api/v1/admin/users`, `GET /api/v1/admin/users/{id}/devices`,
//!   `POST /api/v1/admin/devices/{id}/revoke` for administrators (403 for others).
//!
//! Bodies are at most [`MAX_BODY`]; every refusal has a catalogue key.

use crate::AppState;
use crate::auth::limiter::SignInLimiter;
use crate::auth::{self, AdminDevice, AuthDevice};
use crate::error::{AppError, JsonBody};
use crate::store::{Device, User};
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::{Json, response::IntoResponse};
use chrono::{DateTime, Utc};
use liaison_core::account::{DeviceName, NewAccount, NewAccountInput};
use liaison_core::{DeviceId, Field, FieldErrors, UserId};
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;

/// The largest request body the accounts API reads.
pub const MAX_BODY: usize = 64 * 1024;

/// The accounts routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/session", post(sign_in))
        .route("/api/v1/me", get(me))
        .route("/api/v1/me/devices", get(my_devices))
        .route("/api/v1/me/devices/{id}/revoke", post(revoke_my_device))
        .route("/api/v1/admin/users", get(list_users).post(create_user))
        .route("/api/v1/admin/users/{id}/devices", get(user_devices))
        .route("/api/v1/admin/devices/{id}/revoke", post(revoke_device))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

/// A user as answered.
#[derive(Debug, Serialize)]
pub struct UserView {
    id: String,
    login: String,
    name: String,
    role: &'static str,
    organisation_id: Option<String>,
    created_at: DateTime<Utc>,
}

impl From<&User> for UserView {
    fn from(u: &User) -> Self {
        UserView {
            id: u.id.to_string(),
            login: u.login.as_str().to_owned(),
            name: u.name.as_str().to_owned(),
            role: u.role.code(),
            organisation_id: u.organisation_id.map(|o| o.to_string()),
            created_at: u.created_at,
        }
    }
}

/// A device as answered (never its token).
#[derive(Debug, Serialize)]
pub struct DeviceView {
    id: String,
    name: String,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
}

impl From<&Device> for DeviceView {
    fn from(d: &Device) -> Self {
        DeviceView {
            id: d.id.to_string(),
            name: d.name.as_str().to_owned(),
            created_at: d.created_at,
            last_seen_at: d.last_seen_at,
            revoked_at: d.revoked_at,
        }
    }
}

/// The client's address, as the socket saw it (`0.0.0.0` when the router runs
/// without a socket, as in `oneshot` tests). Behind a reverse proxy every
/// client shares the proxy's address.
#[derive(Clone, Copy, Debug)]
struct ClientIp(IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        Ok(ClientIp(ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))))
    }
}

#[derive(Debug, Deserialize)]
struct SessionRequest {
    login: String,
    password: String,
    device_name: String,
}

#[derive(Debug, Serialize)]
struct SessionAnswer {
    user: UserView,
    device: DeviceView,
    /// Shown once; the server keeps only its SHA-256.
    token: String,
}

async fn sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    JsonBody(request): JsonBody<SessionRequest>,
) -> Result<impl IntoResponse, AppError> {
    let device_name =
        DeviceName::parse(&request.device_name).map_err(|error| FieldErrors::one(Field::DeviceName, error))?;
    let limiter = &*state.sign_in_limiter;
    let check = lock(limiter).check(&request.login, ip, Instant::now());
    if let Err(retry_after) = check {
        return Err(AppError::RateLimited { retry_after });
    }
    match auth::sign_in(&state.store, &request.login, request.password, device_name, auth::now()).await {
        Ok(signed_in) => {
            lock(limiter).succeeded(&request.login);
            tracing::info!(user = %signed_in.user.id, device = %signed_in.device.id, "device signed in");
            let answer = SessionAnswer {
                user: UserView::from(&signed_in.user),
                device: DeviceView::from(&signed_in.device),
                token: signed_in.token.expose().to_owned(),
            };
            Ok((StatusCode::CREATED, Json(answer)))
        }
        Err(auth::SignInError::WrongCredentials) => {
            lock(limiter).failed(&request.login, ip, Instant::now());
            Err(AppError::SignInFailed)
        }
        Err(other) => Err(other.into()),
    }
}

/// The limiter, even if a panic elsewhere poisoned its lock (its counts stay valid).
fn lock(limiter: &Mutex<SignInLimiter>) -> MutexGuard<'_, SignInLimiter> {
    limiter.lock().unwrap_or_else(PoisonError::into_inner)
}

#[derive(Debug, Serialize)]
struct MeAnswer {
    user: UserView,
    device: DeviceView,
}

async fn me(auth: AuthDevice) -> Json<MeAnswer> {
    Json(MeAnswer { user: UserView::from(&auth.user), device: DeviceView::from(&auth.device) })
}

fn device_list(devices: &[Device]) -> Json<Vec<DeviceView>> {
    Json(devices.iter().map(DeviceView::from).collect())
}

/// A path id that is not a UUID names nothing.
fn path_id<T: std::str::FromStr>(id: &str) -> Result<T, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

async fn my_devices(State(state): State<AppState>, auth: AuthDevice) -> Result<Json<Vec<DeviceView>>, AppError> {
    Ok(device_list(&state.store.devices_of(auth.user.id).await?))
}

async fn revoke_my_device(
    State(state): State<AppState>,
    auth: AuthDevice,
    Path(id): Path<String>,
) -> Result<Json<DeviceView>, AppError> {
    let id: DeviceId = path_id(&id)?;
    // Someone else's device is answered as no device at all.
    match state.store.device(id).await? {
        Some(device) if device.user_id == auth.user.id => {}
        _ => return Err(AppError::NotFound),
    }
    revoke(&state, id, &auth).await
}

async fn revoke(state: &AppState, id: DeviceId, by: &AuthDevice) -> Result<Json<DeviceView>, AppError> {
    let device = state.store.revoke_device(id, auth::now()).await?.ok_or(AppError::NotFound)?;
    tracing::info!(device = %id, by = %by.user.id, "device revoked");
    Ok(Json(DeviceView::from(&device)))
}

async fn list_users(State(state): State<AppState>, _: AdminDevice) -> Result<Json<Vec<UserView>>, AppError> {
    Ok(Json(state.store.users().await?.iter().map(UserView::from).collect()))
}

#[derive(Debug, Deserialize)]
struct CreateUserRequest {
    login: String,
    name: String,
    role: String,
    password: String,
    organisation_id: Option<String>,
}

async fn create_user(
    State(state): State<AppState>,
    AdminDevice(admin): AdminDevice,
    JsonBody(request): JsonBody<CreateUserRequest>,
) -> Result<impl IntoResponse, AppError> {
    let account = NewAccount::parse(&NewAccountInput {
        login: request.login,
        name: request.name,
        role: request.role,
        password: request.password,
        organisation_id: request.organisation_id,
    })?;
    let id = UserId::from_uuid(uuid::Uuid::new_v4());
    let user = auth::create_account(&state.store, account, id, auth::now()).await?;
    tracing::info!(user = %user.id, by = %admin.user.id, "account created");
    Ok((StatusCode::CREATED, Json(UserView::from(&user))))
}

async fn user_devices(
    State(state): State<AppState>,
    _: AdminDevice,
    Path(id): Path<String>,
) -> Result<Json<Vec<DeviceView>>, AppError> {
    let id: UserId = path_id(&id)?;
    state.store.user(id).await?.ok_or(AppError::NotFound)?;
    Ok(device_list(&state.store.devices_of(id).await?))
}

async fn revoke_device(
    State(state): State<AppState>,
    AdminDevice(admin): AdminDevice,
    Path(id): Path<String>,
) -> Result<Json<DeviceView>, AppError> {
    revoke(&state, path_id(&id)?, &admin).await
}
