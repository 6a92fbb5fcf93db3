//! The matters as the server's matter endpoints answer them, read once into
//! plain types for the desk's components (`GET /api/v1/matters` and
//! `GET /api/v1/matters/{id}`; see `liaison-server/src/matters/view.rs`).

use liaison_core::matter::{ActionKind, AuditEventRecordV1, MatterRecordV1, MatterState, Party, rule};
use serde_json::Value;

/// One matter as listed and shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The frozen record.
    pub record: MatterRecordV1,
    /// `triage` or `reply`, when due (RFC 3339) and how it stands (a status code).
    pub deadline: Option<(String, String, String)>,
    /// It reached the server after its triage was due.
    pub arrived_late: bool,
    /// How many people raised it.
    pub raised_count: u64,
    /// Who collected it.
    pub collector: String,
    /// The name of the unit it was last dispatched to.
    pub unit_name: Option<String>,
    /// Its opinion cards' records (the raiser `{"type": "hidden"}` for units).
    pub opinions: Vec<Value>,
}

fn text(v: &Value, field: &str) -> String {
    v.get(field).and_then(Value::as_str).unwrap_or_default().to_owned()
}

impl Item {
    /// Reads one; `None` if it is not what the server sends.
    pub fn read(v: &Value) -> Option<Item> {
        let record: MatterRecordV1 = serde_json::from_value(v.get("matter")?.clone()).ok()?;
        let deadline =
            v.get("deadline").filter(|d| !d.is_null()).map(|d| (text(d, "clock"), text(d, "due"), text(d, "status")));
        Some(Item {
            record,
            deadline,
            arrived_late: v.get("arrived_late").and_then(Value::as_bool).unwrap_or(false),
            raised_count: v.get("raised_count").and_then(Value::as_u64).unwrap_or(1),
            collector: v.get("collector").map(|c| text(c, "name")).unwrap_or_default(),
            unit_name: v.get("unit_name").and_then(Value::as_str).map(str::to_owned),
            opinions: v.get("opinions").and_then(Value::as_array).cloned().unwrap_or_default(),
        })
    }

    /// The first opinion's field `field` (a text).
    pub fn opinion(&self, field: &str) -> String {
        self.opinions.first().map(|o| text(o, field)).unwrap_or_default()
    }

    /// Who raised the first opinion, as the server shows it: a name and
    /// phone, "anonymous", or hidden (for units): `None` when hidden.
    pub fn raised_by(&self) -> Option<(String, String)> {
        let by = self.opinions.first()?.get("raised_by")?;
        match by.get("type").and_then(Value::as_str) {
            Some("hidden") => None,
            Some("anonymous") => Some((String::new(), String::new())),
            _ => Some((text(by, "name"), text(by, "phone"))),
        }
    }
}

/// A page of the inbox.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// The matters.
    pub items: Vec<Item>,
    /// How many match in all.
    pub total: u64,
}

impl Page {
    /// Reads one (unreadable items are left out).
    pub fn read(v: &Value) -> Page {
        let items = v.get("items").and_then(Value::as_array).map(|l| l.iter().filter_map(Item::read).collect());
        Page { items: items.unwrap_or_default(), total: v.get("total").and_then(Value::as_u64).unwrap_or(0) }
    }
}

/// One line of a matter's timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The frozen event.
    pub record: AuditEventRecordV1,
    /// Who, by name.
    pub actor_name: String,
}

/// A matter with its timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Detail {
    /// The matter.
    pub item: Item,
    /// What happened to it, in order.
    pub timeline: Vec<Event>,
    /// The party the signed-in user acts as on it, if any.
    pub acting_as: Option<Party>,
}

impl Detail {
    /// Reads one.
    pub fn read(v: &Value) -> Option<Detail> {
        let timeline = v.get("timeline").and_then(Value::as_array).cloned().unwrap_or_default();
        let timeline = timeline
            .iter()
            .filter_map(|e| {
                // The frozen record refuses unknown fields: the name is the server's addition.
                let mut record = e.clone();
                let actor_name = record.as_object_mut()?.remove("actor_name");
                let actor_name = actor_name.and_then(|n| n.as_str().map(str::to_owned)).unwrap_or_default();
                Some(Event { record: serde_json::from_value(record).ok()?, actor_name })
            })
            .collect();
        let acting_as = v.get("acting_as").cloned().and_then(|p| serde_json::from_value(p).ok());
        Some(Detail { item: Item::read(v)?, timeline, acting_as })
    }
}

/// What the desk offers `party` on `record`, by the core's rule table: the
/// actions of the party from the matter's state, less what the desk does not
/// offer as a button (taking in a duplicate is the other half of a merge),
/// adoption only once reported as information, and the extension decisions
/// when none is pending (or a request when one is). Forwarding upward offers
/// the organisations above (the form asks `Parents`; the server checks).
pub fn actions_for(party: Party, record: &MatterRecordV1) -> Vec<ActionKind> {
    use ActionKind as A;
    let pending = record.extension.is_some();
    ActionKind::ALL
        .iter()
        .copied()
        .filter(|k| {
            let r = rule(*k);
            r.party == party && r.from.contains(&record.state)
        })
        // A file input, not a button (see `attach.rs`).
        .filter(|k| !matches!(k, A::Absorb | A::AddAttachment))
        .filter(|k| match k {
            A::GrantExtension | A::DenyExtension => pending,
            A::RequestExtension => !pending,
            A::ReportAsInformation => record.information.is_none(),
            A::RecordAdoption => record.information.is_some(),
            _ => true,
        })
        .filter(|_| record.state != MatterState::Merged)
        .collect()
}
