//! What the representative still owes, counted on the phone from what it
//! holds: the core's `duty::evaluate` over the submitted reception cards, the
//! opinion cards (reported = received by the server), the contacts and the
//! documents (proposals, research reports, yearly reports), under
//! the organisation's rules and the representative's profile the server
//! last sent (`duty_setup`, fetched by the sync), or the seeds' preset.
//! It lives in the tools module so the shell carries none of the rules.

use crate::{refuse, storage};
use liaison_app::storage::notices::{NoticeItem, Notices};
use liaison_core::duty::{
    ContactFact, DutyRecords, DutyReport, DutySetup, OpinionFact, ReceptionFact, evaluate, notices, reminders,
};
use liaison_core::{RepresentativeId, time};
use liaison_i18n::{Locale, Msg};
use liaison_sync::wire::Collection;
use wasm_bindgen::prelude::*;

/// The duties at `now` (RFC 3339), in the language `locale` (its tag):
/// `{lines: [{duty, period, text, done, required, status, status_text,
/// due}], unreported, not_seen, preset, reminders: [text]}`, texts ready to show.
#[wasm_bindgen]
pub async fn duty_report(locale: String, now: String) -> Result<JsValue, JsValue> {
    let locale = Locale::from_tag(&locale).unwrap_or_default();
    let now = time::from_wire(&now).map_err(|_| refuse(Msg::StorageFailed))?;
    // User Timing measures for the benchmark: reading and evaluating, evaluating alone.
    let whole = liaison_app::perf::start("liaison:duties");
    let storage = storage().await?;
    let failed = |e: liaison_app::storage::StorageError| refuse(e.msg());
    let (receptions, _) = storage.list_receptions().await.map_err(failed)?;
    let opinions = storage.list_cards().await.map_err(failed)?.cards;
    let contacts = storage.contacts().await.map_err(failed)?;
    let received = storage.received(Collection::OpinionCard).await.map_err(failed)?;
    let mut records = DutyRecords {
        receptions: receptions.iter().map(ReceptionFact::from).collect(),
        opinions: opinions
            .iter()
            .map(|card| {
                let reported = received.get(&card.id.to_string()).and_then(|at| time::from_wire(at).ok());
                OpinionFact::from_card(card, reported)
            })
            .collect(),
        contacts: contacts.iter().map(ContactFact::from).collect(),
        ..DutyRecords::default()
    };
    for document in &storage.documents().await.map_err(failed)?.0 {
        records.add_document(document);
    }
    // The organisation's rules and who the representative is, as the server
    // last sent them; the seeds' preset before (or if they no longer read).
    let setup =
        storage.duty_setup().await.map_err(failed)?.and_then(|r| DutySetup::from_record(r).ok()).unwrap_or_default();
    let rep = setup.profile.facts(RepresentativeId::from_uuid(uuid::Uuid::nil()));
    let evaluating = liaison_app::perf::start("liaison:duties-evaluate");
    let report = evaluate(&setup.policy_at(now), &rep, &records, now);
    evaluating.end();
    whole.end();
    let studios = storage.org().await.map_err(failed)?.map(|o| o.studios).unwrap_or_default();
    // The published schedules the server last sent (dates moved, themes);
    // none, or none that read: the studios' recurring days.
    let schedules =
        storage.reception_schedules().await.map_err(failed)?.and_then(|r| r.read().ok()).unwrap_or_default();
    let reminders: Vec<String> = reminders(&studios, &schedules, &report).iter().map(|r| r.text(locale)).collect();
    // The coming week's, for the service worker to show while the app is closed.
    let items = notices(&studios, &schedules, &report)
        .into_iter()
        .map(|n| NoticeItem {
            key: n.key,
            from: time::to_wire(n.from),
            until: time::to_wire(n.until),
            body: n.reminder.text(locale),
        })
        .collect();
    let kept = Notices { v: 1, title: Msg::RemindNoticeTitle.text(locale).to_owned(), items };
    storage.put_notices(&kept).await.map_err(failed)?;
    Ok(answer(&report, setup.is_preset(), &reminders, locale))
}

fn answer(report: &DutyReport, preset: bool, reminders: &[String], locale: Locale) -> JsValue {
    let set = |object: &js_sys::Object, key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), &value);
    };
    let lines = js_sys::Array::new();
    for line in &report.lines {
        let item = js_sys::Object::new();
        set(&item, "duty", line.duty.code().into());
        set(&item, "period", line.period.this_msg().text(locale).into());
        set(&item, "name", line.duty.name().text(locale).into());
        set(&item, "text", line.owed_text(locale).into());
        set(&item, "done", f64::from(line.progress.done).into());
        set(&item, "required", f64::from(line.progress.required).into());
        set(&item, "status", line.status.code().into());
        set(&item, "status_text", line.status.msg().text(locale).into());
        set(&item, "due", Msg::DutyDueBy.fill(locale, &[("date", &time::format_due(line.due))]).into());
        lines.push(&item);
    }
    let object = js_sys::Object::new();
    set(&object, "lines", lines.into());
    set(&object, "preset", preset.into());
    let said = js_sys::Array::new();
    for r in reminders {
        said.push(&JsValue::from_str(r));
    }
    set(&object, "reminders", said.into());
    set(&object, "unreported", (report.unreported_opinions.len() as f64).into());
    set(&object, "not_seen", (report.not_seen.len() as f64).into());
    object.into()
}
