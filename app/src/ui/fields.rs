//! Form fields that are safe for Chinese input methods: while an IME is
//! composing (pinyin being typed, not yet a character), nothing is written back;
//! the value is taken on `compositionend`. So autosave never breaks a word.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use liaison_i18n::Msg;
use wasm_bindgen::JsCast;

fn composing(ev: &web_sys::Event) -> bool {
    ev.dyn_ref::<web_sys::InputEvent>().is_some_and(web_sys::InputEvent::is_composing)
}

/// A one-line or multi-line text field bound to a value.
#[component]
pub fn TextField(
    /// The element id (for its label).
    id: String,
    /// The current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new value after each keystroke or finished composition.
    on_change: Callback<String>,
    /// A textarea instead of an input.
    #[prop(optional)]
    multiline: bool,
    /// The input's `type` (text by default).
    #[prop(optional)]
    kind: Option<&'static str>,
    /// Placeholder text from the catalogue.
    #[prop(optional)]
    placeholder: Option<Msg>,
    /// Marked invalid.
    #[prop(into, optional)]
    invalid: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let placeholder = move || placeholder.map(|m| i18n.t(m)).unwrap_or_default();
    let on_input = move |ev: web_sys::Event| {
        if !composing(&ev) {
            on_change.run(event_target_value(&ev));
        }
    };
    let on_end = move |ev: web_sys::CompositionEvent| on_change.run(event_target_value(&ev));
    if multiline {
        view! {
            <textarea
                id=id
                rows="5"
                placeholder=placeholder
                prop:value=value
                on:input=on_input
                on:compositionend=on_end
                aria-invalid=move || invalid.get().to_string()
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                type=kind.unwrap_or("text")
                placeholder=placeholder
                prop:value=value
                on:input=on_input
                on:compositionend=on_end
                aria-invalid=move || invalid.get().to_string()
            />
        }
        .into_any()
    }
}

/// A field's error message, shown under it.
#[component]
pub fn FieldError(#[prop(into)] message: Signal<Option<String>>, testid: String) -> impl IntoView {
    view! {
        <p class="field-error" role="alert" data-testid=testid hidden=move || message.get().is_none()>
            {move || message.get()}
        </p>
    }
}
