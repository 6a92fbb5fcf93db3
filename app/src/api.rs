//! JSON over HTTP to the server with the device's token, for the screens the
//! tools module mounts (the administrator's, the desk's). Answers the body, or
//! the catalogue message the server's error names; files go up as raw bytes
//! ([`upload`]) and come down as a `Blob` ([`blob`]).

use liaison_i18n::Msg;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Sends a request; `body` is JSON. Fails with the server's message, or
/// "offline" when there is no answer.
pub async fn call(
    method: &str,
    path: &str,
    token: &str,
    body: Option<&serde_json::Value>,
) -> Result<serde_json::Value, Msg> {
    let (ok, text) = send(method, path, token, body).await?;
    if !ok {
        return Err(refusal(&text));
    }
    Ok(serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
}

/// A refusal with everything the server said: its message, and the
/// problems it listed (each in the language asked for).
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    /// The catalogue message the error names.
    pub msg: Msg,
    /// The server's own words for the error, filled in.
    pub message: String,
    /// `error.problems[].message`, when the server listed problems.
    pub problems: Vec<String>,
}

/// Like [`call`], asking for answers in `locale` and keeping every problem
/// the server lists (a refused policy names each of its mistakes).
pub async fn call_in(
    locale: liaison_i18n::Locale,
    method: &str,
    path: &str,
    token: &str,
    body: Option<&serde_json::Value>,
) -> Result<serde_json::Value, Refusal> {
    let json = body.map(|b| JsValue::from_str(&b.to_string()));
    let offline = |msg: Msg| Refusal { msg, message: String::new(), problems: Vec::new() };
    let response = fetch_in(Some(locale), method, path, token, json.as_ref().map(|j| ("application/json", j)))
        .await
        .map_err(offline)?;
    let text = text_of(&response).await;
    if response.ok() {
        return Ok(serde_json::from_str(&text).unwrap_or(serde_json::Value::Null));
    }
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    let error = value.get("error").cloned().unwrap_or(serde_json::Value::Null);
    let words = |v: &serde_json::Value| v.get("message").and_then(|m| m.as_str()).unwrap_or_default().to_owned();
    Err(Refusal {
        msg: refusal(&text),
        message: words(&error),
        problems: error
            .get("problems")
            .and_then(|p| p.as_array())
            .map(|l| l.iter().map(words).collect())
            .unwrap_or_default(),
    })
}

/// Like [`call`], for an answer that is not JSON (a CSV file): its text.
pub async fn text(method: &str, path: &str, token: &str) -> Result<String, Msg> {
    let (ok, text) = send(method, path, token, None).await?;
    if ok { Ok(text) } else { Err(refusal(&text)) }
}

/// Sends `file` as the raw body, declared `content_type`; answers the JSON
/// like [`call`].
pub async fn upload(
    path: &str,
    token: &str,
    content_type: &str,
    file: &web_sys::Blob,
) -> Result<serde_json::Value, Msg> {
    let response = fetch("POST", path, token, Some((content_type, file.as_ref()))).await?;
    let text = text_of(&response).await;
    if !response.ok() {
        return Err(refusal(&text));
    }
    Ok(serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
}

/// `GET path` for a file: its bytes as a `Blob`.
pub async fn blob(path: &str, token: &str) -> Result<web_sys::Blob, Msg> {
    let response = fetch("GET", path, token, None).await?;
    if !response.ok() {
        return Err(refusal(&text_of(&response).await));
    }
    let promise = response.blob().map_err(|_| Msg::SyncOffline)?;
    JsFuture::from(promise).await.ok().and_then(|b| b.dyn_into().ok()).ok_or(Msg::SyncOffline)
}

/// The catalogue message an error body names.
fn refusal(body: &str) -> Msg {
    let value: serde_json::Value = serde_json::from_str(body).unwrap_or(serde_json::Value::Null);
    let key = value.get("error").and_then(|e| e.get("key")).and_then(|k| k.as_str());
    key.and_then(Msg::from_key).unwrap_or(Msg::SyncServerFailed)
}

/// Whether the server answered 2xx, and its body.
async fn send(method: &str, path: &str, token: &str, body: Option<&serde_json::Value>) -> Result<(bool, String), Msg> {
    let json = body.map(|b| JsValue::from_str(&b.to_string()));
    let response = fetch(method, path, token, json.as_ref().map(|j| ("application/json", j))).await?;
    Ok((response.ok(), text_of(&response).await))
}

/// The server's answer to a request with the token and `body` (its type and
/// value), or "offline" when there is none.
async fn fetch(
    method: &str,
    path: &str,
    token: &str,
    body: Option<(&str, &JsValue)>,
) -> Result<web_sys::Response, Msg> {
    fetch_in(None, method, path, token, body).await
}

/// [`fetch`], asking for answers in `locale` when given.
async fn fetch_in(
    locale: Option<liaison_i18n::Locale>,
    method: &str,
    path: &str,
    token: &str,
    body: Option<(&str, &JsValue)>,
) -> Result<web_sys::Response, Msg> {
    let window = web_sys::window().ok_or(Msg::SyncOffline)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(|_| Msg::SyncOffline)?;
    let _ = headers.set("Authorization", &format!("Bearer {token}"));
    if let Some(locale) = locale {
        let _ = headers.set("Accept-Language", locale.tag());
    }
    if let Some((content_type, body)) = body {
        let _ = headers.set("Content-Type", content_type);
        init.set_body(body);
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| Msg::SyncOffline)?;
    JsFuture::from(window.fetch_with_request(&request))
        .await
        .ok()
        .and_then(|r| r.dyn_into().ok())
        .ok_or(Msg::SyncOffline)
}

async fn text_of(response: &web_sys::Response) -> String {
    match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    }
}
