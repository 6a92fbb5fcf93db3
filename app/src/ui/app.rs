//! The app frame: language and data contexts, the header, the update banner and
//! the screens.

use super::card_list::Home;
use super::header::Header;
use super::not_found::NotFound;
use super::opinion_detail::OpinionDetail;
use super::opinion_form::{NewOpinion, OpinionEditor};
use super::reception_detail::ReceptionDetail;
use super::reception_form::{NewReception, ReceptionEditor};
use super::tools_host::{DESK_ROLES, ToolsHost, ToolsPart};
use super::update_banner::UpdateBanner;
use crate::i18n::I18n;
use crate::router::{Screen, provide_location};
use crate::storage::{CardListing, Draft, OpinionDraft, Storage, StorageError};
use leptos::prelude::*;
use liaison_core::account::Role;
use liaison_core::{Categories, ReceptionCard};
use liaison_i18n::{Locale, Msg};

/// What every screen shares: the device's storage and the cards it holds.
#[derive(Clone, Copy, Debug)]
pub struct AppData {
    storage: StoredValue<Option<Storage>, LocalStorage>,
    /// The cards on the device, newest first; `None` until first loaded.
    pub listing: RwSignal<Option<CardListing>>,
    /// Submitted reception cards, newest first; `None` until first loaded.
    pub receptions: RwSignal<Option<Vec<ReceptionCard>>>,
    /// Reception cards being written.
    pub drafts: RwSignal<Vec<Draft>>,
    /// Standalone opinion cards being written.
    pub opinion_drafts: RwSignal<Vec<OpinionDraft>>,
    /// Whether the pinyin-initials table has arrived (searches re-run then).
    pub pinyin_ready: RwSignal<bool>,
    /// A storage problem to show in the frame.
    pub storage_problem: RwSignal<Option<Msg>>,
    /// Sync: the account, the outbox, the last sync.
    pub sync: RwSignal<crate::sync::SyncView>,
    /// The opinion categories the organisation offers (the preset until its
    /// data is loaded onto the phone).
    pub categories: RwSignal<Categories>,
}

impl AppData {
    /// The open database, or the reason there is none.
    pub fn storage(&self) -> Result<Storage, StorageError> {
        self.storage.get_value().ok_or_else(|| StorageError::Unavailable("IndexedDB did not open".into()))
    }

    /// Reads the card list again from the device.
    pub fn reload(self) {
        leptos::task::spawn_local(async move {
            crate::perf::mark("liaison:list-start");
            // Nothing shown yet: the newest page first, through the index, so a
            // phone holding thousands of cards shows its start screen at once.
            if self.listing.get_untracked().is_none()
                && let Ok(storage) = self.storage()
                && let Ok(first) = storage.newest_cards(super::card_list::FIRST_PAGE).await
            {
                crate::perf::mark("liaison:list-read");
                self.listing.set(Some(first));
                crate::perf::measure_at_next_frame("liaison:list", "liaison:list-start", "liaison:list-end");
                // Counting and reading every card hold IndexedDB and the main
                // thread for a while: let the first page be drawn before.
                crate::perf::after_paint().await;
                if let Ok(stored) = storage.count_cards().await {
                    self.listing.update(|l| {
                        if let Some(l) = l.as_mut().filter(|l| !l.complete) {
                            l.stored = Some(stored);
                        }
                    });
                }
            }
            let result = match self.storage() {
                Ok(storage) => {
                    async {
                        let listing = storage.list_cards().await?;
                        let receptions = storage.list_receptions().await?;
                        let drafts = storage.drafts().await?;
                        let opinion_drafts = storage.opinion_drafts().await?;
                        self.categories.set(storage.categories().await?);
                        Ok((listing, receptions, drafts, opinion_drafts))
                    }
                    .await
                }
                Err(e) => Err(e),
            };
            match result {
                Ok((listing, (receptions, unreadable_receptions), drafts, opinion_drafts)) => {
                    let unreadable = listing.unreadable > 0 || unreadable_receptions > 0;
                    self.listing.set(Some(listing));
                    self.receptions.set(Some(receptions));
                    self.drafts.set(drafts);
                    self.opinion_drafts.set(opinion_drafts);
                    crate::perf::measure_at_next_frame(
                        "liaison:list-complete",
                        "liaison:list-start",
                        "liaison:list-complete-end",
                    );
                    self.storage_problem.set(unreadable.then_some(Msg::StorageReadFailed));
                    // What was just written goes to the server when it can.
                    crate::sync::refresh(self).await;
                    if self.sync.with_untracked(|s| s.count.waiting > s.count.refused) {
                        crate::sync::soon(self);
                    }
                }
                Err(error) => {
                    self.listing.set(Some(CardListing::default()));
                    self.receptions.set(Some(Vec::new()));
                    self.storage_problem.set(Some(match error {
                        StorageError::Unavailable(_) => Msg::StorageUnavailable,
                        _ => Msg::StorageReadFailed,
                    }));
                }
            }
        });
    }
}

/// The whole app.
#[component]
pub fn App(storage: Result<Storage, StorageError>, locale: Locale) -> impl IntoView {
    let i18n = I18n::new(locale);
    provide_context(i18n);
    let problem = storage.as_ref().err().map(StorageError::msg);
    let data = AppData {
        storage: StoredValue::new_local(storage.ok()),
        listing: RwSignal::new(None),
        receptions: RwSignal::new(None),
        drafts: RwSignal::new(Vec::new()),
        opinion_drafts: RwSignal::new(Vec::new()),
        pinyin_ready: RwSignal::new(crate::pinyin::initials().is_some()),
        storage_problem: RwSignal::new(problem),
        categories: RwSignal::new(Categories::preset()),
        sync: RwSignal::new(crate::sync::SyncView::default()),
    };
    provide_context(data);
    data.reload();
    // The parts the tools module draws into the screens (a matter's progress)
    // read the phone's data again whenever the shell's view of sync changes,
    // and what they write goes to the server like the shell's own writes.
    Effect::new(move |_| {
        data.sync.track();
        crate::tools::announce(crate::tools::DATA_CHANGED_EVENT);
    });
    // (The app lives as long as the page: its listeners are never removed.)
    let _written = window_event_listener_untyped(crate::tools::WRITTEN_EVENT, move |_| {
        leptos::task::spawn_local(async move {
            crate::sync::refresh(data).await;
            crate::sync::soon(data);
        });
    });
    let _account = window_event_listener_untyped(crate::tools::ACCOUNT_EVENT, move |_| {
        leptos::task::spawn_local(async move {
            crate::sync::refresh(data).await;
            crate::sync::now(data);
        });
    });
    let _reload = window_event_listener_untyped(crate::tools::RELOAD_EVENT, move |_| data.reload());
    // What the first screen does not need waits until it is drawn.
    leptos::task::spawn_local(async move {
        crate::perf::after_paint().await;
        crate::sync::start(data);
        data.pinyin_ready.set(crate::pinyin::load().await);
    });

    // Keep <html lang> and the window title in the chosen language.
    Effect::new(move |_| {
        let locale = i18n.locale();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = document.document_element() {
                let _ = root.set_attribute("lang", locale.tag());
            }
            document.set_title(Msg::AppName.text(locale));
        }
    });

    let location = provide_location();
    view! {
        <Header/>
        <UpdateBanner/>
        <Show when=move || data.storage_problem.get().is_some()>
            <p class="problem" role="alert">{move || data.storage_problem.get().map(|msg| i18n.t(msg))}</p>
        </Show>
        <main>
            {move || match location.screen() {
                Screen::Home => view! { <Home/> }.into_any(),
                Screen::NewOpinion => view! { <NewOpinion/> }.into_any(),
                Screen::EditOpinion(id) => view! { <OpinionEditor id/> }.into_any(),
                Screen::Opinion(id) => view! { <OpinionDetail id/> }.into_any(),
                Screen::NewReception => view! { <NewReception/> }.into_any(),
                Screen::EditReception(id) => view! { <ReceptionEditor id/> }.into_any(),
                Screen::Reception(id) => view! { <ReceptionDetail id/> }.into_any(),
                Screen::Contacts => view! { <ToolsPart name="contacts" arg=String::new()/> }.into_any(),
                Screen::Settings => view! { <ToolsPart name="settings" arg=String::new()/> }.into_any(),
                Screen::Documents => view! { <ToolsPart name="documents" arg=String::new()/> }.into_any(),
                Screen::Admin => view! { <ToolsHost name="admin" roles=&[Role::Admin] refusal=Msg::AdminOnly/> }.into_any(),
                Screen::Desk => view! { <ToolsHost name="desk" roles=DESK_ROLES refusal=Msg::DeskOnly/> }.into_any(),
                Screen::NotFound => view! { <NotFound/> }.into_any(),
            }}
        </main>
    }
}
