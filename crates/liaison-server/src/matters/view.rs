//! What the matter endpoints answer, and the one redaction: a unit does not
//! see who raised an opinion (their `raised_by` is `{"type": "hidden"}`),
//! unless the office revealed them to it since it was dispatched
//! (`RevealRaiser`; then in the matter's detail, never in the inbox list).

use crate::store::{MatterListing, MatterScope, TimelineEntry};
use chrono::{DateTime, Utc};
use liaison_core::matter::MatterRecordV1;
use liaison_core::matter::deadline::{Clock, DeadlineStatus};
use liaison_core::time::to_wire;
use serde::Serialize;
use serde_json::{Value, json};

/// A matter as listed and shown.
#[derive(Debug, Serialize)]
pub struct MatterView {
    /// The frozen matter record.
    matter: MatterRecordV1,
    /// The running clock, if one runs.
    deadline: Option<DeadlineView>,
    /// It reached the server after its triage was already due.
    arrived_late: bool,
    /// How many people raised it (one per card).
    raised_count: usize,
    /// Who collected it.
    collector: Person,
    /// The name of the unit it was last dispatched to.
    unit_name: Option<String>,
    /// Its opinion cards as `OpinionCardRecordV3` (in a list: the first only),
    /// `raised_by` hidden for units.
    opinions: Vec<Value>,
}

#[derive(Debug, Serialize)]
struct Person {
    id: String,
    name: String,
}

#[derive(Debug, Serialize)]
struct DeadlineView {
    /// `triage` or `reply`.
    clock: &'static str,
    /// When it is due (RFC 3339 UTC).
    due: String,
    status: DeadlineStatus,
}

/// A matter with its timeline.
#[derive(Debug, Serialize)]
pub struct DetailView {
    #[serde(flatten)]
    matter: MatterView,
    /// Its audit events (`AuditEventRecordV1` with `actor_name`), in order.
    timeline: Vec<Value>,
    /// The party the caller acts as on it (`office`, `unit`, `collector`),
    /// if any: what the desk offers follows it.
    acting_as: Option<liaison_core::matter::Party>,
}

/// A page of the inbox.
#[derive(Debug, Serialize)]
pub struct ListView {
    pub(super) items: Vec<MatterView>,
    pub(super) total: u64,
    pub(super) offset: u32,
    pub(super) limit: u32,
}

/// The view of `listing` for someone in `scope`, at `now`; a unit is shown
/// who raised it when `revealed`.
pub fn matter_view(listing: &MatterListing, scope: &MatterScope, revealed: bool, now: DateTime<Utc>) -> MatterView {
    let m = &listing.matter;
    let deadline = m.clock().map(|(clock, due)| DeadlineView {
        clock: match clock {
            Clock::Triage => "triage",
            Clock::Reply => "reply",
        },
        due: to_wire(due),
        status: liaison_core::matter::deadline::deadline_status(due, now),
    });
    let hide = matches!(scope, MatterScope::Unit(_)) && !revealed;
    let opinions = listing
        .cards
        .iter()
        .map(|card| {
            let mut value = serde_json::to_value(card.to_record()).unwrap_or(Value::Null);
            if hide && let Some(object) = value.as_object_mut() {
                object.insert("raised_by".into(), json!({ "type": "hidden" }));
            }
            value
        })
        .collect();
    MatterView {
        matter: m.to_record(),
        deadline,
        arrived_late: m.arrived_late(),
        raised_count: m.raised_count(),
        collector: Person { id: m.collector.to_string(), name: listing.collector_name.clone() },
        unit_name: listing.unit_name.clone(),
        opinions,
    }
}

/// The matter with its timeline.
pub fn detail_view(
    listing: &MatterListing,
    timeline: &[TimelineEntry],
    scope: &MatterScope,
    acting_as: Option<liaison_core::matter::Party>,
    now: DateTime<Utc>,
) -> DetailView {
    let entries = timeline
        .iter()
        .map(|entry| {
            let mut value = serde_json::to_value(entry.event.to_record()).unwrap_or(Value::Null);
            if let Some(object) = value.as_object_mut() {
                object.insert("actor_name".into(), json!(entry.actor_name));
            }
            value
        })
        .collect();
    let events: Vec<_> = timeline.iter().map(|entry| entry.event.clone()).collect();
    let revealed = liaison_core::matter::raiser_revealed(&events);
    DetailView { matter: matter_view(listing, scope, revealed, now), timeline: entries, acting_as }
}
