//! Components. Each renders plain data and calls `storage`; none holds a rule.

mod account;
pub mod addenda;
pub mod admin;
mod admin_orgs;
mod admin_paired;
mod admin_policy;
mod admin_profile;
mod app;
mod autosave;
mod card_list;
mod category;
mod conflicts;
pub mod contacts;
pub mod desk;
pub mod documents;
mod duties;
mod feedback;
mod fields;
mod header;
pub mod matter_status;
mod not_found;
mod opinion_detail;
mod opinion_form;
mod photos;
mod reception_detail;
mod reception_form;
pub mod settings;
mod sync_bar;
mod sync_state;
mod tools_host;
mod update_banner;

pub use app::{App, AppData};
