//! Liaison's app: an offline-first PWA, client-side rendered with Leptos.
//!
//! - [`storage`]: IndexedDB, the only place data on the device is read or written.
//! - [`api`]: JSON to the server with the device token (the admin screen).
//! - [`device`]: files in and out, storage quota and persistence.
//! - [`photo`]: shrinking a chosen photo (browser decode, canvas, JPEG).
//! - [`pinyin`]: the initials table for contact search, fetched after start-up.
//! - [`i18n`]: the current language; every text comes from `liaison-i18n`.
//! - [`router`]: screens, paths and history.
//! - [`pwa`]: the service worker's "new version ready" signal, from `index.html`.
//! - [`sync`]: when the phone syncs (the work is the tools module's).
//! - [`tools`]: the lazily loaded second module (export/import, roster import).
//! - [`ui`]: components. They render `liaison-core` types and call `storage`;
//!   rules (validation, time) come from the core, never from a component.

pub mod api;
pub mod device;
pub mod i18n;
pub mod notify;
pub mod perf;
pub mod photo;
pub mod pinyin;
pub mod pwa;
pub mod router;
pub mod storage;
pub mod sync;
pub mod tools;
pub mod ui;

#[cfg(feature = "app")]
use wasm_bindgen::prelude::*;

/// Entry point, called by the wasm-bindgen glue when the module loads.
#[cfg(feature = "app")]
#[wasm_bindgen(start)]
pub fn start() {
    // A panic is a bug: say where in the console (the hook crate's stack
    // capture is left out to keep the download small).
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&info.to_string().into())));
    wasm_bindgen_futures::spawn_local(async {
        // (Leptos's executor starts with the mount, so this uses wasm-bindgen's.)
        // Open the database before the first render so the language and the
        // list are right on the first paint; a failure is shown, not hidden.
        perf::mark("liaison:start");
        let storage = storage::Storage::open().await;
        let locale = match &storage {
            Ok(storage) => storage.locale().await.ok().flatten(),
            Err(_) => None,
        }
        .or_else(i18n::browser_locale)
        .unwrap_or_default();
        perf::mark("liaison:storage-open");
        // Ask once that the browser never clears the cards under storage pressure.
        wasm_bindgen_futures::spawn_local(async {
            device::ask_to_persist().await;
        });
        leptos::mount::mount_to_body(move || leptos::view! { <ui::App storage=storage.clone() locale=locale/> });
        perf::mark("liaison:mounted");
    });
}
