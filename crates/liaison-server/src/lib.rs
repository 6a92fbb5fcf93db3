//! Liaison's central server, as a library: [`router`] builds the whole HTTP
//! application over an [`AppState`], [`serve`] runs it on a listener until a
//! shutdown signal. The `liaison` binary (`main.rs`) only parses flags and calls
//! these, so tests run exactly what production runs.
//!
//! Concerns, one module each: [`config`] (flags and `LIAISON_*` env), [`store`]
//! (the database: one trait, SQLite and PostgreSQL), [`auth`] (accounts,
//! devices, tokens, the sign-in limiter), `accounts` (its HTTP API), [`sync`] (`POST /api/v1/sync`), [`photos`] (photo
//! bytes: `/api/v1/photos/…`, files in the data directory), [`matters`] (the handling loop: `/api/v1/matters/…`), [`web`] (the built PWA and its caching rules), [`error`] (the
//! one place errors become HTTP answers), [`serve`](mod@serve) (TCP/TLS and graceful shutdown).

mod accounts;
pub mod auth;
pub mod config;
pub mod duties;
pub mod error;
mod health;
pub mod locale;
pub mod matters;
pub mod notify;
mod org;
pub mod paired;
pub mod photos;
pub mod schedules;
pub mod serve;
pub mod store;
pub mod sync;
pub mod web;

use axum::Router;
use axum::routing::get;
use std::sync::{Arc, Mutex};

pub use config::Config;
pub use serve::serve;
pub use store::Store;

/// What every request handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The built PWA (checked to have an `index.html`).
    pub web: Arc<web::WebRoot>,
    /// Failed sign-ins, by login and by address (in memory, per process).
    pub sign_in_limiter: Arc<Mutex<auth::limiter::SignInLimiter>>,
    /// Photo bytes (`<data dir>/photos/`).
    pub blobs: Arc<photos::blobs::BlobStore>,
    /// Where notices go out (the log, by default).
    pub notifier: Arc<dyn notify::Notifier>,
}

impl AppState {
    /// The state over a store, a web root and the photo folder, with the
    /// default sign-in limits.
    pub fn new(store: Store, web: web::WebRoot, blobs: photos::blobs::BlobStore) -> Self {
        AppState {
            store,
            web: Arc::new(web),
            sign_in_limiter: Arc::default(),
            blobs: Arc::new(blobs),
            notifier: Arc::new(notify::LogNotifier),
        }
    }
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/api/v1/organisation", get(org::organisation))
        .route("/api/v1/organisations", get(org::organisations))
        .route("/api/v1/organisations/{id}/parent", axum::routing::put(org::set_parent))
        .merge(accounts::routes())
        .merge(sync::routes())
        .merge(photos::routes())
        .merge(matters::routes())
        .merge(duties::routes())
        .merge(schedules::routes())
        .merge(paired::routes())
        .merge(notify::routes())
        .fallback(web::serve_web)
        .layer(axum::middleware::from_fn(web::cache_headers))
        .layer(axum::middleware::from_fn(locale::with_locale))
        .with_state(state)
}
