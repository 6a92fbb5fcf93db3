//! Liaison's central server, as a library: [`router`] builds the whole HTTP
//! application over an [`AppState`], [`serve`] runs it on a listener until a
//! shutdown signal. The `liaison` binary (`main.rs`) only parses flags and calls
//! these, so tests run exactly what production runs.
//!
//! Concerns, one module each: [`config`] (flags and `LIAISON_*` env), [`store`]
//! (the database), [`web`] (the built PWA and its caching rules), [`error`] (the
//! one place errors become HTTP answers), [`serve`](mod@serve) (TCP/TLS and graceful shutdown).

pub mod config;
pub mod error;
mod health;
mod org;
pub mod serve;
pub mod store;
pub mod web;

use axum::Router;
use axum::routing::get;
use std::sync::Arc;

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
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/api/v1/organisation", get(org::organisation))
        .fallback(web::serve_web)
        .layer(axum::middleware::from_fn(web::cache_headers))
        .with_state(state)
}
