//! Components. Each renders plain data and calls `storage`; none holds a rule.

mod app;
mod card_list;
mod contacts;
mod fields;
mod header;
mod not_found;
mod opinion_form;
mod reception_detail;
mod reception_form;
mod settings;
mod update_banner;

pub use app::{App, AppData};
