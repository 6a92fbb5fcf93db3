//! Addenda (补充说明): what is appended to a submitted card, which itself
//! never changes. Drawn by the tools module (`mount_addenda`) into the place
//! the card's screen leaves for it (`tools_host::ToolsPart`), so the shell
//! carries none of it.

use crate::i18n::{I18n, tr};
use crate::storage::Storage;
use leptos::prelude::*;
use liaison_core::AddendumId;
use liaison_core::addendum::{Addendum, CardRef};
use liaison_i18n::{Locale, Msg};

/// The addenda of a submitted card, and a box to add one.
#[component]
pub fn Addenda(storage: Storage, card: CardRef, locale: Locale) -> impl IntoView {
    let i18n = I18n::new(locale);
    provide_context(i18n);
    let storage = StoredValue::new_local(storage);
    let list = RwSignal::new(Vec::<Addendum>::new());
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let load = move || {
        let storage = storage.get_value();
        leptos::task::spawn_local(async move {
            if let Ok(addenda) = storage.addenda(card).await {
                list.set(addenda);
            }
        })
    };
    load();
    let add = move |_| {
        let id = AddendumId::from_uuid(uuid::Uuid::now_v7());
        match Addendum::create(id, card, &text.get_untracked()) {
            Err(e) => error.set(e.0.first().map(|e| e.error.message(i18n.locale()))),
            Ok(addendum) => {
                let storage = storage.get_value();
                leptos::task::spawn_local(async move {
                    match storage.add_addendum(&addendum).await {
                        Ok(()) => {
                            text.set(String::new());
                            error.set(None);
                            load();
                        }
                        Err(e) => error.set(Some(i18n.t(e.msg()).to_owned())),
                    }
                })
            }
        }
    };
    view! {
        <h2>{tr(Msg::Addenda)}</h2>
        <ol class="addenda" data-testid="addenda">
            {move || list.get().into_iter().map(|a| view! { <li class="pre">{a.text.as_str().to_owned()}</li> }).collect_view()}
        </ol>
        <div class="no-print addendum-form">
            <p class="muted small">{tr(Msg::AddendumHint)}</p>
            <textarea id="addendum" rows="3" prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <p class="field-error" role="alert" data-testid="error-addendum" hidden=move || error.get().is_none()>{move || error.get()}</p>
            <button type="button" class="wide" data-testid="add-addendum" on:click=add>{tr(Msg::AddAddendum)}</button>
        </div>
    }
}
