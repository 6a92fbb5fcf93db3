//! Who is calling: `Authorization: Bearer <device token>`, looked up (by its
//! SHA-256) at every request, so a revocation takes effect on the device's
//! next request. An unknown or malformed token is `unauthorized`; a revoked
//! device is `device_revoked`, so the phone can say so plainly (and keeps its
//! data: revocation stops sync, it never wipes the phone).

use super::token::DeviceToken;
use crate::AppState;
use crate::error::AppError;
use crate::store::{Device, User};
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::TimeDelta;
use liaison_core::account::Role;

/// `last_seen_at` is written at most this often per device, not at every request.
pub const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

/// A signed-in, not revoked device and its user.
#[derive(Clone, Debug)]
pub struct AuthDevice {
    /// The user.
    pub user: User,
    /// The device the request came from.
    pub device: Device,
}

impl FromRequestParts<AppState> for AuthDevice {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(DeviceToken::from_bearer)
            .ok_or(AppError::Unauthorized)?;
        AuthDevice::check(state, &token).await
    }
}

impl AuthDevice {
    /// Looks `token` up: the device and its user, or why not
    /// (`unauthorized`, `device_revoked`). The HTTP extractor and the sync
    /// socket (at each of its requests) both come here.
    pub(crate) async fn check(state: &AppState, token: &DeviceToken) -> Result<AuthDevice, AppError> {
        let (user, mut device) = state.store.device_by_token(&token.hash()).await?.ok_or(AppError::Unauthorized)?;
        if device.revoked_at.is_some() {
            return Err(AppError::DeviceRevoked);
        }
        let now = super::now();
        if now - device.last_seen_at >= TOUCH_EVERY {
            state.store.touch_device(device.id, now).await?;
            device.last_seen_at = now;
        }
        Ok(AuthDevice { user, device })
    }
}

/// A signed-in administrator; anyone else signed in gets 403.
#[derive(Clone, Debug)]
pub struct AdminDevice(pub AuthDevice);

impl FromRequestParts<AppState> for AdminDevice {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let auth = AuthDevice::from_request_parts(parts, state).await?;
        if auth.user.role != Role::Admin {
            return Err(AppError::Forbidden);
        }
        Ok(AdminDevice(auth))
    }
}
