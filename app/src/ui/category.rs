//! The organisation's opinion categories where cards are written, filtered and
//! shown: read from the phone once at start (`AppData::categories`), named in
//! the current language.

use super::app::AppData;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use liaison_core::Category;

/// An `<option>` for every category the organisation offers; `selected`
/// tells whether a code is the chosen one.
pub fn category_options(selected: impl Fn(&str) -> bool + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    move || {
        let locale = i18n.locale();
        data.categories.with(|list| {
            list.defs()
                .iter()
                .map(|def| {
                    let code = def.code.code().to_owned();
                    let chosen = code.clone();
                    view! { <option value=code selected=move || selected(&chosen)>{def.name(locale).to_owned()}</option> }
                })
                .collect_view()
        })
    }
}

/// A card's category by name, following the language.
pub fn category_label(category: Category) -> Signal<String> {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    Signal::derive(move || data.categories.with(|list| list.label(&category, i18n.locale())))
}
