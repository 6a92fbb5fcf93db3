//! The language of an answer's messages: each request's `Accept-Language`
//! (zh-CN when it names no supported language), kept for the time of the
//! request so that the one place errors become answers (`error.rs`) can say
//! them in it. The keys stay the same in every language.

use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use liaison_i18n::Locale;

tokio::task_local! {
    static LOCALE: Locale;
}

/// Middleware: runs the rest of the request in the language it asks for.
pub async fn with_locale(request: Request, next: Next) -> Response {
    let locale = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::from_accept_language)
        .unwrap_or_default();
    LOCALE.scope(locale, next.run(request)).await
}

/// The language of the request being answered (zh-CN outside one).
pub fn current() -> Locale {
    LOCALE.try_with(|l| *l).unwrap_or_default()
}

/// Runs `work` in `locale`: for work that outlives its request (a sync
/// socket's messages are answered in the language of its opening request).
pub async fn scope<F: std::future::Future>(locale: Locale, work: F) -> F::Output {
    LOCALE.scope(locale, work).await
}
