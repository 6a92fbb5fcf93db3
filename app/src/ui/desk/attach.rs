//! A unit's files on the desk: the "添加附件" file input, offered while the
//! core's rule lets this role attach (`AddAttachment`), and a timeline
//! entry's download button. A file is checked here first with the core's
//! rules — its type (from the browser, else its extension), its size and the
//! bytes it starts with — so a refused file never leaves the device; the
//! server checks it again and has the last word. A refusal leaves the matter
//! and the rest of the page as they were.

use super::act::button_label;
use crate::i18n::{I18n, tr};
use crate::{api, device};
use leptos::prelude::*;
use liaison_core::MatterId;
use liaison_core::matter::attachment::MAX_BYTES;
use liaison_core::matter::{ActionKind, Attachment, AttachmentError, AttachmentName, AttachmentType, MatterState};
use liaison_i18n::Msg;
use wasm_bindgen::JsCast;

/// The catalogue's words for why `file` cannot be attached, if it cannot;
/// else its type. Reads only its first bytes.
async fn check(file: &web_sys::File) -> Result<AttachmentType, AttachmentError> {
    let name = file.name();
    AttachmentName::parse(&name).map_err(AttachmentError::Name)?;
    let kind = AttachmentType::from_mime(&file.type_())
        .or_else(|| file.type_().is_empty().then(|| AttachmentType::from_file_name(&name)).flatten())
        .ok_or(AttachmentError::UnknownType)?;
    let size = file.size();
    if size < 1.0 {
        return Err(AttachmentError::Empty);
    }
    if size > MAX_BYTES as f64 {
        return Err(AttachmentError::TooLarge);
    }
    let head = device::first_bytes(file, 8).await.unwrap_or_default();
    if !kind.sniff(&head) {
        return Err(AttachmentError::NotItsType(kind));
    }
    Ok(kind)
}

/// `text` as a URL query value (UTF-8, percent-encoded).
fn query_value(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The file input that attaches a file to `matter`; `done` gets the matter
/// as the server answers it after the upload.
#[component]
pub fn Attach(
    matter: MatterId,
    token: StoredValue<String>,
    done: Callback<Result<(serde_json::Value, ActionKind), String>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let chosen = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = device::chosen_file(&input) else { return };
        problem.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = match check(&file).await {
                Err(refused) => Err(i18n.t(refused.msg()).to_owned()),
                Ok(kind) => {
                    let path = format!("/api/v1/matters/{matter}/attachments?name={}", query_value(&file.name()));
                    api::upload(&path, &token.get_value(), kind.mime(), &file).await.map_err(|m| i18n.t(m).to_owned())
                }
            };
            // The same file may be chosen again (after renaming it, say).
            input.set_value("");
            busy.set(false);
            match answer {
                Ok(value) => done.run(Ok((value, ActionKind::AddAttachment))),
                Err(text) => problem.set(Some(text)),
            }
        });
    };
    view! {
        <section class="desk-attach" data-testid="desk-attach">
            <label class="button file-button" class:busy=move || busy.get()>
                {move || button_label(i18n, ActionKind::AddAttachment)}
                <input type="file" data-testid="desk-attach-input" accept=AttachmentType::accept()
                    disabled=move || busy.get() on:change=chosen/>
            </label>
            <span class="muted">{tr(Msg::DeskAttachHint)}</span>
            <p class="problem" role="alert" data-testid="desk-attach-problem" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
        </section>
    }
}

/// Whether `state` lets a unit attach (the core's rule); only units may.
pub fn may_attach(party: Option<liaison_core::matter::Party>, state: MatterState) -> bool {
    let rule = liaison_core::matter::rule(ActionKind::AddAttachment);
    party == Some(rule.party) && rule.from.contains(&state)
}

/// An attachment in the timeline: its name as a button that downloads it.
#[component]
pub fn AttachmentLink(matter: MatterId, attachment: Attachment, token: StoredValue<String>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let problem = RwSignal::new(None::<String>);
    let name = attachment.name.as_str().to_owned();
    let path = format!("/api/v1/matters/{matter}/attachments/{}", attachment.sha256.as_str());
    let size = device::human_bytes(attachment.bytes.get() as f64);
    let file_name = name.clone();
    let fetch = move |_| {
        let (path, name) = (path.clone(), file_name.clone());
        problem.set(None);
        leptos::task::spawn_local(async move {
            match api::blob(&path, &token.get_value()).await {
                Ok(blob) => {
                    let _ = device::download_blob(&name, &blob);
                }
                Err(msg) => problem.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    view! {
        <p class="timeline-attachment">
            <button type="button" class="link" data-testid="desk-attachment" on:click=fetch>{name}</button>
            " "<span class="muted">{move || i18n.t(attachment.content_type.label()).to_owned()}" · "{size.clone()}</span>
            <span class="problem" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</span>
        </p>
    }
}
