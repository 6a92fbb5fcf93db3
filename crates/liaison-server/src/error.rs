//! The one place where errors become HTTP answers. Internals are logged, never
//! sent: a client gets a status, a stable catalogue key and its text in the
//! request's language (`Accept-Language`, zh-CN by default; see `locale.rs`) —
//! `{"error": {"key", "message"}}`, plus `fields` (each refused field with its
//! own key and text) when a form was refused, and `offset`/`complete` (where
//! the upload stands) when a photo piece came at the wrong offset; a refused
//! matter action also says its `action` and `state` codes, a stale one the
//! matter's current `version`, an unreadable one or filter a `detail`.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use liaison_core::FieldErrors;
use liaison_i18n::Msg;
use serde_json::json;
use std::time::Duration;
use thiserror::Error;

/// Why a request failed.
#[derive(Debug, Error)]
pub enum AppError {
    /// No such resource (or one the caller may not know exists).
    #[error("not found")]
    NotFound,
    /// No organisation has been loaded into this installation yet.
    #[error("no organisation loaded")]
    NoOrganisation,
    /// No device token, or one the server does not know.
    #[error("not signed in")]
    Unauthorized,
    /// The device's token was revoked.
    #[error("device revoked")]
    DeviceRevoked,
    /// Signed in, but not allowed to do this.
    #[error("forbidden")]
    Forbidden,
    /// Unknown login or wrong password: one answer for both.
    #[error("sign-in failed")]
    SignInFailed,
    /// Too many failed sign-ins; try again after this long.
    #[error("sign-in rate limited")]
    RateLimited {
        /// For `Retry-After`.
        retry_after: Duration,
    },
    /// A form with refused fields.
    #[error(transparent)]
    Invalid(#[from] FieldErrors),
    /// The login name is already taken.
    #[error("login taken")]
    LoginTaken,
    /// A named organisation that has not been loaded.
    #[error("unknown organisation")]
    UnknownOrganisation,
    /// The request body could not be read as the JSON expected.
    #[error("request body: {0}")]
    Body(#[from] JsonRejection),
    /// A sync request out of the protocol (too large, malformed, out of
    /// order …), refused before anything was read or written.
    #[error("sync request: {0}")]
    SyncRequest(#[from] liaison_sync::WireError),
    /// A sync request naming another device than the signed-in one.
    #[error("sync request for another device")]
    SyncWrongDevice,
    /// A photo upload or download refused (see `photos`).
    #[error("photo: {0:?}")]
    Photo(PhotoRefusal),
    /// A matter action the core's rules refused (nothing changed).
    #[error("transition refused: {0}")]
    Transition(#[from] liaison_core::matter::TransitionError),
    /// The matter is no longer at the version the change was made from; the
    /// answer carries the current one (nothing changed).
    #[error("matter changed meanwhile")]
    MatterChanged {
        /// The stored version, when known.
        version: Option<u32>,
    },
    /// A matter action (or merge) body that is not one (nothing changed); the
    /// answer carries what the reader said.
    #[error("matter action: {0}")]
    BadAction(String),
    /// An inbox filter that cannot be read; the answer names it.
    #[error("matter filter: {0}")]
    BadFilter(String),
    /// Dispatch settings that cannot be read (days out of range, a category
    /// twice …); the answer carries what the reader said.
    #[error("dispatch settings: {0}")]
    BadSettings(String),
    /// A merge sent as an action.
    #[error("merge sent as an action")]
    UseMerge,
    /// A duty policy refused: every problem, each said in words.
    #[error("duty policy: {0}")]
    BadPolicy(liaison_core::duty::PolicyErrors),
    /// A representative's profile refused.
    #[error("representative profile: {0}")]
    BadProfile(liaison_core::ValidationError),
    /// A profile for an account that is not a representative's.
    #[error("not a representative")]
    NotRepresentative,
    /// Signed in with a role that takes no part in handling (administrators,
    /// or an office or unit account with no organisation).
    #[error("no part in handling")]
    NoHandling,
    /// Similar matters asked for by someone other than the matter's office
    /// (a unit or the representative who sees the matter).
    #[error("similar matters are the office's")]
    SimilarOnlyOffice,
    /// A file refused as a matter's attachment (nothing stored or changed).
    #[error("attachment: {0}")]
    Attachment(#[from] liaison_core::matter::AttachmentError),
    /// An upload's body that could not be read (the connection broke …).
    #[error("upload body: {0}")]
    BadUpload(String),
    /// Something on the server failed (logged in full).
    #[error("internal: {0}")]
    Internal(String),
    /// A matter forwarded to an organisation not above its own.
    #[error("forwarded to an organisation not above")]
    NotAbove,
    /// An organisation's parent refused (a loop, itself, unknown).
    #[error(transparent)]
    OrgTree(#[from] liaison_core::org_tree::TreeError),
    /// A reception schedule, or a change to it, refused by the core.
    #[error("reception schedule: {0}")]
    Schedule(#[from] liaison_core::schedule::ScheduleError),
    /// Paired-liaison rules refused: every problem, each said in words.
    #[error("paired-liaison rules: {0}")]
    BadPairedRules(liaison_core::paired::PairedRuleErrors),
    /// A pairing refused (its partner's kind or name).
    #[error("pairing: {0}")]
    BadPairing(liaison_core::ValidationError),
    /// A pairing for a department outside the office's organisations.
    #[error("department out of the office's scope")]
    PairedOutOfScope,
    /// The department is already paired with this partner.
    #[error("pairing exists")]
    PairedDuplicate,
    /// A pairing's event refused.
    #[error("paired event: {0}")]
    BadPairedEvent(liaison_core::paired::PairedEventError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

impl From<crate::auth::CreateAccountError> for AppError {
    fn from(error: crate::auth::CreateAccountError) -> Self {
        use crate::auth::CreateAccountError as E;
        match error {
            E::UnknownOrganisation => AppError::UnknownOrganisation,
            E::LoginTaken => AppError::LoginTaken,
            E::Hash(e) => AppError::Internal(e),
            E::Store(e) => AppError::Store(e),
        }
    }
}

impl From<crate::auth::SignInError> for AppError {
    fn from(error: crate::auth::SignInError) -> Self {
        use crate::auth::SignInError as E;
        match error {
            E::WrongCredentials => AppError::SignInFailed,
            E::Store(e) => AppError::Store(e),
            E::Verify(e) => AppError::Internal(e),
        }
    }
}

fn body(msg: Msg) -> serde_json::Value {
    json!({ "error": { "key": msg.key(), "message": msg.text(crate::locale::current()) } })
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, msg) = match &self {
            AppError::NotFound => (StatusCode::NOT_FOUND, Msg::ServerNotFound),
            AppError::NoOrganisation => (StatusCode::NOT_FOUND, Msg::NoOrganisation),
            AppError::Unauthorized => (StatusCode::UNAUTHORIZED, Msg::Unauthorized),
            AppError::DeviceRevoked => (StatusCode::UNAUTHORIZED, Msg::DeviceRevoked),
            AppError::Forbidden => (StatusCode::FORBIDDEN, Msg::Forbidden),
            AppError::SignInFailed => (StatusCode::UNAUTHORIZED, Msg::SignInFailed),
            AppError::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, Msg::SignInRateLimited),
            AppError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, Msg::InvalidInput),
            AppError::LoginTaken | AppError::Store(crate::store::StoreError::LoginTaken) => {
                (StatusCode::CONFLICT, Msg::LoginTaken)
            }
            AppError::Transition(error) => {
                use liaison_core::matter::TransitionError as T;
                let status = match error {
                    T::NotPermitted { .. } => StatusCode::FORBIDDEN,
                    T::WrongState { .. } => StatusCode::CONFLICT,
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                };
                (status, error.msg())
            }
            AppError::MatterChanged { .. } | AppError::Store(crate::store::StoreError::StaleMatter) => {
                (StatusCode::CONFLICT, Msg::MatterChanged)
            }
            AppError::Store(crate::store::StoreError::StaleSchedule) => (StatusCode::CONFLICT, Msg::SchedChanged),
            AppError::Schedule(error) => {
                use liaison_core::schedule::ScheduleError as S;
                let status = match error {
                    S::Published | S::NotPublished => StatusCode::CONFLICT,
                    S::MonthInvalid => StatusCode::BAD_REQUEST,
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                };
                (status, error.msg())
            }
            AppError::BadAction(_) => (StatusCode::BAD_REQUEST, Msg::MatterActionInvalid),
            AppError::BadFilter(_) => (StatusCode::BAD_REQUEST, Msg::MatterFilterInvalid),
            AppError::UseMerge => (StatusCode::BAD_REQUEST, Msg::MatterUseMerge),
            AppError::BadSettings(_) => (StatusCode::UNPROCESSABLE_ENTITY, Msg::DispatchSettingsInvalid),
            AppError::BadPolicy(_) => (StatusCode::UNPROCESSABLE_ENTITY, Msg::DutyPolicyInvalid),
            AppError::BadProfile(error) => (StatusCode::UNPROCESSABLE_ENTITY, error.msg()),
            AppError::BadPairedRules(_) => (StatusCode::UNPROCESSABLE_ENTITY, Msg::PairedRulesInvalid),
            AppError::BadPairing(error) => (StatusCode::UNPROCESSABLE_ENTITY, error.msg()),
            AppError::PairedOutOfScope => (StatusCode::UNPROCESSABLE_ENTITY, Msg::PairedDepartmentOutOfScope),
            AppError::PairedDuplicate => (StatusCode::CONFLICT, Msg::PairedDuplicate),
            AppError::BadPairedEvent(error) => (StatusCode::UNPROCESSABLE_ENTITY, error.msg()),
            AppError::NotRepresentative => (StatusCode::UNPROCESSABLE_ENTITY, Msg::DutyProfileNotRepresentative),
            AppError::NoHandling => (StatusCode::FORBIDDEN, Msg::MatterNoHandling),
            AppError::SimilarOnlyOffice => (StatusCode::FORBIDDEN, Msg::MatterSimilarOnlyOffice),
            AppError::UnknownOrganisation => (StatusCode::UNPROCESSABLE_ENTITY, Msg::UnknownOrganisation),
            AppError::NotAbove => (StatusCode::UNPROCESSABLE_ENTITY, Msg::MatterForwardNotAbove),
            AppError::OrgTree(error) => (StatusCode::UNPROCESSABLE_ENTITY, error.msg()),
            AppError::Body(rejection) => {
                tracing::debug!(error = %rejection.body_text(), "request body refused");
                match rejection {
                    JsonRejection::MissingJsonContentType(_) => {
                        (StatusCode::UNSUPPORTED_MEDIA_TYPE, Msg::RequestNotJson)
                    }
                    _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        (StatusCode::PAYLOAD_TOO_LARGE, Msg::RequestTooLarge)
                    }
                    JsonRejection::JsonDataError(_) => (StatusCode::UNPROCESSABLE_ENTITY, Msg::RequestMalformed),
                    _ => (StatusCode::BAD_REQUEST, Msg::RequestMalformed),
                }
            }
            AppError::SyncRequest(error) => {
                tracing::debug!(%error, "sync request refused");
                let status = match error {
                    liaison_sync::WireError::TooLarge { .. } | liaison_sync::WireError::TooManyMutations { .. } => {
                        StatusCode::PAYLOAD_TOO_LARGE
                    }
                    _ => StatusCode::BAD_REQUEST,
                };
                (status, error.msg())
            }
            AppError::SyncWrongDevice => (StatusCode::FORBIDDEN, Msg::SyncWrongDevice),
            AppError::Photo(refusal) => refusal.status_and_msg(),
            AppError::Attachment(error) => {
                let status = match error {
                    liaison_core::matter::AttachmentError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                    _ => StatusCode::BAD_REQUEST,
                };
                (status, error.msg())
            }
            AppError::BadUpload(detail) => {
                tracing::debug!(%detail, "upload body refused");
                (StatusCode::BAD_REQUEST, Msg::RequestMalformed)
            }
            AppError::Internal(error) => {
                tracing::error!(%error, "internal failure");
                (StatusCode::INTERNAL_SERVER_ERROR, Msg::ServerInternal)
            }
            AppError::Store(error) => {
                tracing::error!(%error, "store failure");
                (StatusCode::SERVICE_UNAVAILABLE, Msg::ServerInternal)
            }
        };
        let mut body = body(msg);
        if let AppError::Invalid(errors) = &self {
            let fields: Vec<_> = errors
                .0
                .iter()
                .map(|e| {
                    json!({ "field": e.field.code(), "key": e.error.msg().key(), "message": e.error.message(crate::locale::current()) })
                })
                .collect();
            body["error"]["fields"] = json!(fields);
        }
        match &self {
            AppError::Transition(error) => {
                use liaison_core::matter::TransitionError as T;
                // The message with its action and state filled in, and both
                // codes, so a client can say it in another language.
                body["error"]["message"] = json!(error.message(crate::locale::current()));
                match error {
                    T::NotPermitted { action, .. } => body["error"]["action"] = json!(action.code()),
                    T::WrongState { action, state } => {
                        body["error"]["action"] = json!(action.code());
                        body["error"]["state"] = json!(state.code());
                    }
                    _ => {}
                }
            }
            AppError::MatterChanged { version: Some(version) } => body["error"]["version"] = json!(version),
            AppError::BadPolicy(errors) => {
                let locale = crate::locale::current();
                let problems: Vec<_> =
                    errors.0.iter().map(|e| json!({ "key": e.msg().key(), "message": e.message(locale) })).collect();
                body["error"]["problems"] = json!(problems);
            }
            AppError::BadProfile(error) | AppError::BadPairing(error) => {
                body["error"]["message"] = json!(error.message(crate::locale::current()))
            }
            AppError::BadPairedRules(errors) => {
                let locale = crate::locale::current();
                let problems: Vec<_> =
                    errors.0.iter().map(|e| json!({ "key": e.msg().key(), "message": e.message(locale) })).collect();
                body["error"]["problems"] = json!(problems);
            }
            AppError::BadPairedEvent(error) => {
                body["error"]["message"] = json!(error.message(crate::locale::current()))
            }
            AppError::Schedule(error) => body["error"]["message"] = json!(error.message(crate::locale::current())),
            AppError::BadAction(detail) | AppError::BadFilter(detail) | AppError::BadSettings(detail) => {
                body["error"]["detail"] = json!(detail)
            }
            _ => {}
        }
        if let AppError::Photo(PhotoRefusal::WrongOffset { held }) = &self {
            body["offset"] = json!(held);
            body["complete"] = json!(false);
        }
        let mut response = (status, Json(body)).into_response();
        match &self {
            AppError::RateLimited { retry_after } => {
                let secs = retry_after.as_secs().max(1).to_string();
                if let Ok(value) = HeaderValue::from_str(&secs) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
            }
            AppError::Unauthorized | AppError::DeviceRevoked => {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

/// Why a photo's bytes were refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoRefusal {
    /// The name is not 64 lowercase hex digits (400).
    BadHash,
    /// The offset or `X-Photo-Size` is missing or not a number, or the piece
    /// runs past the size (400).
    Malformed,
    /// The size is above the core's limit (413).
    TooLarge,
    /// The piece is above 1 MiB (413).
    PieceTooLarge,
    /// The user has no synced photo record naming this content (404).
    NoRecord,
    /// The user's records name this content with another size (409).
    SizeMismatch,
    /// The piece is not at the offset held; the answer carries it (409).
    WrongOffset {
        /// Bytes held.
        held: u64,
    },
    /// The finished upload does not hash to its name; discarded (422).
    HashMismatch,
    /// The user's record exists but its bytes are not uploaded yet (404).
    NotUploaded,
    /// The stored bytes are not a JPEG the server can read, so it has no
    /// thumbnail of them (422).
    Unreadable,
}

impl PhotoRefusal {
    fn status_and_msg(&self) -> (StatusCode, Msg) {
        match self {
            PhotoRefusal::BadHash => (StatusCode::BAD_REQUEST, Msg::PhotoHashInvalid),
            PhotoRefusal::Malformed => (StatusCode::BAD_REQUEST, Msg::PhotoUploadMalformed),
            PhotoRefusal::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, Msg::PhotoTooLarge),
            PhotoRefusal::PieceTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, Msg::PhotoPieceTooLarge),
            PhotoRefusal::NoRecord => (StatusCode::NOT_FOUND, Msg::PhotoNoRecord),
            PhotoRefusal::SizeMismatch => (StatusCode::CONFLICT, Msg::PhotoSizeMismatch),
            PhotoRefusal::WrongOffset { .. } => (StatusCode::CONFLICT, Msg::PhotoOffsetMismatch),
            PhotoRefusal::HashMismatch => (StatusCode::UNPROCESSABLE_ENTITY, Msg::PhotoHashMismatch),
            PhotoRefusal::NotUploaded => (StatusCode::NOT_FOUND, Msg::PhotoNotUploaded),
            PhotoRefusal::Unreadable => (StatusCode::UNPROCESSABLE_ENTITY, Msg::PhotoStoredUnreadable),
        }
    }
}

impl From<PhotoRefusal> for AppError {
    fn from(refusal: PhotoRefusal) -> Self {
        AppError::Photo(refusal)
    }
}

/// A JSON request body whose every failure (not JSON, malformed, wrong types,
/// too large) is an [`AppError`] with a catalogue key.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(value) = Json::<T>::from_request(request, state).await?;
        Ok(JsonBody(value))
    }
}
