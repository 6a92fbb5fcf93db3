//! One matter on the desk: its opinion cards (who raised it hidden from
//! units), the running clock, the reply and any rework or extension, the
//! actions the signed-in user may take now (as the party the server says;
//! with a file to attach, for a unit), and the timeline from the audit log
//! (exportable as CSV; attachments download).

use super::act::{Actions, button_label};
use super::attach::{Attach, AttachmentLink, may_attach};
use super::due_text;
use super::similar::Similar;
use super::view::Detail;
use crate::api;
use crate::i18n::{I18n, tr};
use leptos::prelude::*;
use liaison_core::matter::{Action, Closure};
use liaison_core::{Categories, time};
use liaison_i18n::Msg;

/// "label: value" in the desk's language.
fn labelled(i18n: I18n, label: Msg, value: &str) -> String {
    i18n.fill(Msg::DeskLabelled, &[("label", i18n.t(label)), ("value", value)])
}

/// The matter `id`, read from the server (again after each action).
#[component]
pub fn MatterDetail(
    id: String,
    token: StoredValue<String>,
    categories: Signal<Categories>,
    units: Signal<Vec<(String, String)>>,
    back: Callback<()>,
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let detail = RwSignal::new(None::<Detail>);
    let problem = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let path = StoredValue::new(format!("/api/v1/matters/{id}"));
    let file_id = StoredValue::new(id.clone());
    let reload = move || {
        leptos::task::spawn_local(async move {
            match api::call("GET", &path.get_value(), &token.get_value(), None).await {
                Ok(v) => detail.set(Detail::read(&v)),
                Err(msg) => problem.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    reload();
    let done = Callback::new(move |answer: Result<(serde_json::Value, liaison_core::matter::ActionKind), String>| {
        match answer {
            Ok((value, kind)) => {
                notice.set(Some(i18n.fill(Msg::DeskDone, &[("action", &button_label(i18n, kind))])));
                // The answer is the matter as it now is (after a merge: the
                // one it went into, which is shown from then on).
                match Detail::read(&value) {
                    Some(d) => {
                        let shown = d.item.record.id.to_string();
                        if shown != file_id.get_value() {
                            path.set_value(format!("/api/v1/matters/{shown}"));
                            file_id.set_value(shown);
                        }
                        detail.set(Some(d));
                    }
                    None => reload(),
                }
                changed.run(());
            }
            Err(text) => problem.set(Some(text)),
        }
    });
    let export = move |_| {
        leptos::task::spawn_local(async move {
            // As bytes: a text would lose the byte-order mark Excel needs.
            match api::blob(&format!("{}/audit.csv", path.get_value()), &token.get_value()).await {
                Ok(file) => {
                    let _ = crate::device::download_blob(&format!("matter-{}-audit.csv", file_id.get_value()), &file);
                }
                Err(msg) => problem.set(Some(i18n.t(msg).to_owned())),
            }
        });
    };
    // The server names the unit; the office's list of organisations is the
    // fallback for an older server.
    let unit_name = move |item: &super::view::Item| {
        let unit = item.record.unit?.to_string();
        let listed = || units.with(|u| u.iter().find(|(id, _)| *id == unit).map(|(_, n)| n.clone()));
        Some(item.unit_name.clone().or_else(listed).unwrap_or(unit))
    };
    view! {
        <article class="desk-matter" data-testid="desk-matter">
            <button type="button" class="link" data-testid="desk-back" on:click=move |_| back.run(())>{tr(Msg::DeskBack)}</button>
            <p class="notice" role="status" data-testid="desk-notice" hidden=move || notice.with(Option::is_none)>{move || notice.get()}</p>
            <p class="problem" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
            {move || detail.get().map(|d| {
                let item = d.item.clone();
                let r = item.record.clone();
                let cat = r.category;
                let raised = item.raised_by();
                let due = due_text(i18n, &item);
                view! {
                    <header class="desk-matter-head" data-state=r.state.code() data-version=r.version>
                        <span class="badge state" data-testid="desk-state">{tr(r.state.label())}</span>" "
                        <span class="badge">{tr(r.urgency.label())}</span>" "
                        <span>{move || categories.with(|l| l.label(&cat, i18n.locale()))}</span>
                    </header>
                    {item.opinions.iter().map(|o| {
                        let field = |f: &str| o.get(f).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
                        let place = field("place");
                        let at = time::from_wire(&field("collected_at")).map(time::format_local).unwrap_or_default();
                        view! {
                            <section class="desk-opinion">
                                <p class="content">{field("content")}</p>
                                <p class="meta">{move || labelled(i18n, Msg::FieldPlace, &place)}" · "{move || labelled(i18n, Msg::FieldCollectedAt, &at)}</p>
                            </section>
                        }
                    }).collect_view()}
                    <dl class="desk-facts">
                        <dt>{tr(Msg::DeskRaisedBy)}</dt>
                        <dd data-testid="desk-raised-by">{match raised {
                            None => i18n.t(Msg::DeskRaiserHidden).to_owned(),
                            Some((name, _)) if name.is_empty() => i18n.t(Msg::DeskAnonymous).to_owned(),
                            Some((name, phone)) => format!("{name} {phone}").trim().to_owned(),
                        }}</dd>
                        <dt>{tr(Msg::FieldCollectedBy)}</dt><dd>{item.collector.clone()}</dd>
                        {(item.raised_count > 1).then(|| view! {
                            <dt></dt><dd>{i18n.fill(Msg::DeskRaisedCount, &[("count", &item.raised_count.to_string())])}</dd>
                        })}
                        {unit_name(&item).map(|name| view! { <dt>{tr(Msg::DeskUnit)}</dt><dd data-testid="desk-unit-name">{name}</dd> })}
                        {due.map(|(text, class)| view! { <dt></dt><dd class=format!("deadline {class}")>{text}</dd> })}
                        {item.arrived_late.then(|| view! { <dt></dt><dd class="deadline overdue">{tr(Msg::DeskArrivedLate)}</dd> })}
                        {r.extension.as_ref().map(|e| view! {
                            <dt>{tr(Msg::ActionRequestExtension)}</dt>
                            <dd>{i18n.fill(Msg::DeskExtensionAsked, &[("until", &e.until.to_string()), ("reason", e.reason.as_str())])}</dd>
                        })}
                        {r.rework_reason.as_ref().map(|reason| view! { <dt>{tr(Msg::DeskReworkReason)}</dt><dd data-testid="desk-rework">{reason.as_str().to_owned()}</dd> })}
                        {r.reply.as_ref().map(|reply| view! { <dt>{tr(Msg::DeskReply)}</dt><dd class="desk-reply" data-testid="desk-reply">{reply.text.as_str().to_owned()}</dd> })}
                        {r.informed.as_ref().map(|inf| view! { <dt>{tr(Msg::ActionRecordInformed)}</dt><dd>{tr(inf.how.label())}" "{time::format_local(inf.at)}</dd> })}
                        {r.evaluation.as_ref().map(|e| view! {
                            <dt>{tr(Msg::ActionRecordEvaluation)}</dt>
                            <dd data-testid="desk-satisfaction">{tr(e.satisfaction.label())}" "{e.reason.as_ref().map(|r| r.as_str().to_owned())}</dd>
                        })}
                        {r.closure.as_ref().and_then(|c| match c {
                            Closure::WithReason { reason, text, .. } => Some(view! {
                                <dt>{tr(Msg::DeskCloseReason)}</dt><dd>{labelled(i18n, reason.label(), text.as_str())}</dd>
                            }),
                            _ => None,
                        })}
                    </dl>
                    <Actions detail=d.clone() token categories units done/>
                    {may_attach(d.acting_as, r.state).then(|| view! {
                        <Attach matter=r.id token done/>
                    })}
                    {(d.acting_as == Some(liaison_core::matter::Party::Office) && r.state.is_open()).then(|| view! {
                        <Similar id=r.id.to_string() version=r.version token done/>
                    })}
                    <h3>{tr(Msg::DeskTimeline)}</h3>
                    <ol class="desk-timeline" data-testid="desk-timeline">
                        {d.timeline.iter().map(|e| view! {
                            <li data-action=e.record.action.kind().code()>
                                <span class="muted">{time::format_local(e.record.at)}</span>" "
                                <strong>{e.actor_name.clone()}</strong>" "
                                {button_label(i18n, e.record.action.kind())}" "
                                <span class="muted">{i18n.t(e.record.before.label())}" → "{i18n.t(e.record.after.label())}</span>
                                {match &e.record.action {
                                    Action::AddAttachment { attachment } => view! {
                                        <AttachmentLink matter=r.id attachment=attachment.clone() token/>
                                    }.into_any(),
                                    action => action.words().map(|w| view! { <p class="pre timeline-words">{w.to_owned()}</p> }).into_any(),
                                }}
                            </li>
                        }).collect_view()}
                    </ol>
                    <button type="button" data-testid="desk-audit-csv" on:click=export>{tr(Msg::DeskAuditCsv)}</button>
                }
            })}
        </article>
    }
}
