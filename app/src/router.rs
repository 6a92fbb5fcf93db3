//! The app's screens and the browser history: paths parse into a [`Screen`],
//! [`navigate`] pushes a path, and same-origin link clicks and the back button
//! move between screens without reloading. (A few dozen lines instead of a
//! router library keep the download small; see docs/BENCHMARKS.md.)

use leptos::prelude::*;
use liaison_core::{OpinionCardId, ReceptionCardId};
use wasm_bindgen::JsCast;

/// A screen of the app, as named by its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// `/`: find cards.
    Home,
    /// `/opinions/new`: starts a draft.
    NewOpinion,
    /// `/opinions/edit/:id`: a draft.
    EditOpinion(OpinionCardId),
    /// `/opinions/:id`: a submitted card.
    Opinion(OpinionCardId),
    /// `/receptions/new`: starts a draft.
    NewReception,
    /// `/receptions/edit/:id`: a draft.
    EditReception(ReceptionCardId),
    /// `/receptions/:id`: a submitted card.
    Reception(ReceptionCardId),
    /// `/contacts`.
    Contacts,
    /// `/settings`.
    Settings,
    /// `/documents`: proposals and reports the representative submitted.
    Documents,
    /// `/admin`: users and devices (administrators).
    Admin,
    /// `/desk`: the handling desk (offices and responsible units).
    Desk,
    /// Anything else.
    NotFound,
}

impl Screen {
    /// The screen a path names.
    pub fn parse(path: &str) -> Screen {
        let segments: Vec<&str> = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] | ["index.html"] => Screen::Home,
            ["opinions", "new"] => Screen::NewOpinion,
            ["opinions", "edit", id] => id.parse().map(Screen::EditOpinion).unwrap_or(Screen::NotFound),
            ["opinions", id] => id.parse().map(Screen::Opinion).unwrap_or(Screen::NotFound),
            ["receptions", "new"] => Screen::NewReception,
            ["receptions", "edit", id] => id.parse().map(Screen::EditReception).unwrap_or(Screen::NotFound),
            ["receptions", id] => id.parse().map(Screen::Reception).unwrap_or(Screen::NotFound),
            ["contacts"] => Screen::Contacts,
            ["settings"] => Screen::Settings,
            ["documents"] => Screen::Documents,
            ["admin"] => Screen::Admin,
            ["desk"] => Screen::Desk,
            _ => Screen::NotFound,
        }
    }
}

/// The current path, shared by the whole app.
#[derive(Clone, Copy, Debug)]
pub struct Location(RwSignal<String>);

fn current_path() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_else(|| "/".into())
}

/// Starts following the browser's location: the back button and clicks on
/// same-origin links. Call once, at the top of the app.
pub fn provide_location() -> Location {
    let location = Location(RwSignal::new(current_path()));
    provide_context(location);
    let back = window_event_listener(leptos::ev::popstate, move |_| location.0.set(current_path()));
    let clicks = window_event_listener(leptos::ev::click, move |ev| follow_link(ev, location));
    on_cleanup(move || {
        back.remove();
        clicks.remove();
    });
    location
}

impl Location {
    /// The screen shown now (tracked).
    pub fn screen(self) -> Screen {
        Screen::parse(&self.0.get())
    }
}

fn follow_link(ev: web_sys::MouseEvent, location: Location) {
    if ev.default_prevented() || ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
        return;
    }
    let anchor = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    let Some(anchor) = anchor else { return };
    let same_origin = web_sys::window().and_then(|w| w.location().origin().ok()) == Some(anchor.origin());
    if same_origin && anchor.target().is_empty() {
        ev.prevent_default();
        go(location, &anchor.pathname(), false);
    }
}

fn go(location: Location, path: &str, replace: bool) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = if replace {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        } else {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        };
    }
    location.0.set(path.to_owned());
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Shows the screen at `path`, as a new history entry.
pub fn navigate(path: &str) {
    go(expect_context::<Location>(), path, false);
}

/// A navigation function for use in event handlers and tasks, where the
/// context is not reachable.
pub fn use_navigate() -> impl Fn(&str) + Clone + 'static {
    let location = expect_context::<Location>();
    move |path: &str| go(location, path, false)
}

/// Like [`use_navigate`], replacing the current history entry.
pub fn use_redirect() -> impl Fn(&str) + Clone + 'static {
    let location = expect_context::<Location>();
    move |path: &str| go(location, path, true)
}
