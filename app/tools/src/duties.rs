//! What the representative still owes, counted on the phone from what it
//! holds: the core's `duty::evaluate` over the submitted reception cards, the
//! opinion cards (reported = received by the server) and the contacts, under
//! the seeds' preset policy until the organisation's own reaches the phone.
//! It lives in the tools module so the shell carries none of the rules.

use crate::{refuse, storage};
use liaison_core::duty::{
    ContactFact, DutyRecords, DutyReport, OpinionFact, ReceptionFact, RepresentativeFacts, ResolvedPolicy, evaluate,
};
use liaison_core::{RepresentativeId, time};
use liaison_i18n::{Locale, Msg};
use liaison_sync::wire::Collection;
use wasm_bindgen::prelude::*;

/// The duties at `now` (RFC 3339), in the language `locale` (its tag):
/// `{quarter, year, lines: [{duty, period, text, done, required, status,
/// status_text, due}], unreported, not_seen}`, texts ready to show.
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
    let records = DutyRecords {
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
    // Who the phone's representative is and which points are theirs is not
    // in the organisation's data yet.
    let rep = RepresentativeFacts::unassigned(RepresentativeId::from_uuid(uuid::Uuid::nil()));
    let evaluating = liaison_app::perf::start("liaison:duties-evaluate");
    let report = evaluate(&ResolvedPolicy::preset(), &rep, &records, now);
    evaluating.end();
    whole.end();
    Ok(answer(&report, locale))
}

fn answer(report: &DutyReport, locale: Locale) -> JsValue {
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
        set(&item, "due", Msg::DutyDueBy.fill(locale, &[("date", &due_text(line.due))]).into());
        lines.push(&item);
    }
    let object = js_sys::Object::new();
    set(&object, "lines", lines.into());
    set(&object, "unreported", (report.unreported_opinions.len() as f64).into());
    set(&object, "not_seen", (report.not_seen.len() as f64).into());
    object.into()
}

/// A due time as the user reads it: a period ends at midnight, which is shown
/// as its last day (截止 2026-12-31); any other deadline with its time.
fn due_text(due: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Timelike;
    let local = due.with_timezone(&time::china());
    if local.num_seconds_from_midnight() == 0 {
        let mut day = time::format_local(due - chrono::TimeDelta::seconds(1));
        day.truncate(10);
        day
    } else {
        time::format_local(due)
    }
}
