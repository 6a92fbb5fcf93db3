//! The current language as a reactive value, provided to every component.

use leptos::prelude::*;
use liaison_i18n::{Locale, Msg};

/// The language in force. `t` reads it reactively: a text rendered through it
/// follows a language switch without a reload.
#[derive(Clone, Copy, Debug)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// A language context starting in `locale`.
    pub fn new(locale: Locale) -> Self {
        I18n { locale: RwSignal::new(locale) }
    }

    /// The current language (tracked).
    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    /// Switches the language.
    pub fn set(self, locale: Locale) {
        self.locale.set(locale);
    }

    /// A message in the current language (tracked).
    pub fn t(self, msg: Msg) -> &'static str {
        msg.text(self.locale.get())
    }

    /// A message with its placeholders filled (tracked).
    pub fn fill(self, msg: Msg, args: &[(&str, &str)]) -> String {
        msg.fill(self.locale.get(), args)
    }
}

/// The language context of the current component tree.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// The browser's preferred language, if Liaison speaks it.
pub fn browser_locale() -> Option<Locale> {
    let navigator = web_sys::window()?.navigator();
    navigator.language().as_deref().and_then(Locale::from_tag)
}

/// A message as reactive text in the current language. Every message renders
/// through this one concrete type, rather than a closure type per message,
/// which keeps the app's wasm small.
pub fn tr(msg: Msg) -> Signal<&'static str> {
    let i18n = use_i18n();
    Signal::derive(move || i18n.t(msg))
}
