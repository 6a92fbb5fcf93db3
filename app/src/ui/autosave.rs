//! Drafts written as they are typed: each change of a form (re)starts a short
//! timer, and when typing pauses the form is written to IndexedDB. At most
//! [`DELAY`] of typing is ever at risk from a killed tab. Deleting a draft asks
//! first ([`draft_deleter`]).

use crate::i18n::use_i18n;
use crate::router::use_navigate;
use crate::storage::{Storage, StorageError};
use crate::ui::AppData;
use leptos::prelude::*;
use liaison_core::addendum::CardRef;
use liaison_i18n::Msg;
use std::future::Future;
use std::time::Duration;

/// How long typing may pause before the draft is written.
pub const DELAY: Duration = Duration::from_millis(300);

/// A running autosave. `stop` it when the card is submitted or deleted.
#[derive(Clone, Copy)]
pub struct Autosave {
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    stopped: RwSignal<bool>,
}

impl Autosave {
    /// Cancels a pending write and writes nothing more.
    pub fn stop(&self) {
        self.stopped.set(true);
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
    }

    /// Writes again after a failed submit (the form is still a draft).
    pub fn resume(&self) {
        self.stopped.set(false);
    }
}

/// Writes `form` with `save` a moment after each change, once `loaded` is true.
/// `saved` is set after the first successful write; a failure goes to `failure`.
pub fn autosave<T, S, F>(
    form: RwSignal<T>,
    loaded: RwSignal<bool>,
    saved: RwSignal<bool>,
    failure: RwSignal<Option<Msg>>,
    save: S,
) -> Autosave
where
    T: Clone + Send + Sync + 'static,
    S: Fn(Storage, T) -> F + Copy + 'static,
    F: Future<Output = Result<(), StorageError>> + 'static,
{
    let data = expect_context::<AppData>();
    let autosave = Autosave { timer: StoredValue::new_local(None), stopped: RwSignal::new(false) };
    Effect::new(move |_| {
        let input = form.get();
        if !loaded.get_untracked() || autosave.stopped.get_untracked() {
            return;
        }
        if let Some(handle) = autosave.timer.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                if autosave.stopped.get_untracked() {
                    return;
                }
                let input = input.clone();
                leptos::task::spawn_local(async move {
                    let written = match data.storage() {
                        Ok(storage) => save(storage, input).await,
                        Err(e) => Err(e),
                    };
                    match written {
                        Ok(()) => saved.set(true),
                        Err(e) => failure.set(Some(e.msg())),
                    }
                });
            },
            DELAY,
        )
        .ok();
        autosave.timer.set_value(handle);
    });
    autosave
}

/// Asks the user `question` with the browser's confirm dialog.
pub fn confirm(question: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(question).ok()).unwrap_or(false)
}

/// The "delete draft" button's handler for `card`: asks first, stops the
/// autosave, deletes the draft and its photos in one transaction, goes home.
pub fn draft_deleter(card: CardRef, autosave: Autosave) -> impl Fn(leptos::ev::MouseEvent) + Clone + 'static {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let go_home = use_navigate();
    move |_| {
        if !confirm(i18n.t(Msg::ConfirmDeleteDraft)) {
            return;
        }
        autosave.stop();
        let go_home = go_home.clone();
        leptos::task::spawn_local(async move {
            if let Ok(storage) = data.storage() {
                let _ = storage.delete_draft(card).await;
            }
            data.reload();
            go_home("/");
        });
    }
}
