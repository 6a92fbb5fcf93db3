//! Serving the built PWA: hashed assets cached forever, everything else
//! revalidated on each load, brotli/gzip files chosen when the browser takes them,
//! and any extension-less path answered with `index.html` so deep links open the app.

use crate::AppState;
use crate::error::AppError;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// The directory holding the built PWA.
#[derive(Debug)]
pub struct WebRoot {
    dir: PathBuf,
}

/// The web directory is not a built PWA.
#[derive(Debug, thiserror::Error)]
#[error("{0} has no index.html: build the app first with `cargo xtask build`")]
pub struct NotBuilt(pub String);

impl WebRoot {
    /// Checks that `dir` holds a built PWA.
    pub fn new(dir: &Path) -> Result<WebRoot, NotBuilt> {
        if dir.join("index.html").is_file() {
            Ok(WebRoot { dir: dir.to_path_buf() })
        } else {
            Err(NotBuilt(dir.display().to_string()))
        }
    }
}

/// The fallback handler: files of the PWA, or the app shell for a deep link.
pub(crate) async fn serve_web(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/api/") {
        return AppError::NotFound.into_response();
    }
    let dir = &state.web.dir;
    let result = if is_navigation_path(&path) {
        ServeFile::new(dir.join("index.html")).precompressed_br().precompressed_gzip().oneshot(request).await
    } else {
        ServeDir::new(dir).precompressed_br().precompressed_gzip().oneshot(request).await
    };
    match result {
        Ok(response) => response.into_response(),
        Err(infallible) => match infallible {},
    }
}

/// A path whose last segment has no dot names a screen of the app, not a file.
fn is_navigation_path(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    last.is_empty() || !last.contains('.') || last == "index.html"
}

/// A file name carrying a content hash (`app-0123456789abcdef.wasm`) never changes.
fn is_hashed_asset(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    let stem = last.split('.').next().unwrap_or_default();
    match stem.rsplit_once('-') {
        Some((_, hash)) => hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        None => false,
    }
}

/// Sets `Cache-Control` on every answer: hashed assets are immutable; the app
/// shell, the service worker and the manifest are revalidated on every load so a
/// new deployment is seen at once; API answers are never stored.
pub(crate) async fn cache_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let api = path == "/healthz" || path.starts_with("/api/");
    // An API answer is never stored, except a success whose handler chose its
    // own rule (a photo's bytes, immutable under their hash).
    if api && response.status().is_success() && response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        return response;
    }
    let value = if api {
        "no-store"
    } else if is_hashed_asset(&path) && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigation_paths() {
        for nav in ["/", "/opinions/new", "/opinions/01936f4e-8c2a-7b3d-9f10-123456789abc", "/index.html"] {
            assert!(is_navigation_path(nav), "{nav}");
        }
        for file in ["/sw.js", "/manifest.webmanifest", "/assets/app-0123456789abcdef.wasm"] {
            assert!(!is_navigation_path(file), "{file}");
        }
    }

    #[test]
    fn hashed_assets() {
        assert!(is_hashed_asset("/assets/liaison-0123456789abcdef.wasm"));
        assert!(is_hashed_asset("/assets/app-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/sw.js"));
        assert!(!is_hashed_asset("/assets/app-0123.css"));
        assert!(!is_hashed_asset("/icons/icon-192.png"));
    }
}
