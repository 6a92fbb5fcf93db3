//! Test fixtures: one organisation, its office, a unit, a collector, and the
//! people who are *not* them; a matter driven to any state through `apply`.

use super::*;
use crate::account::Role;
use crate::time::from_wire;
use crate::{DeviceId, NoteText, OrganisationName, ReplyText};
use uuid::Uuid;

pub(super) fn at(s: &str) -> DateTime<Utc> {
    from_wire(s).expect("a wire time")
}

pub(super) fn day(s: &str) -> NaiveDate {
    crate::time::parse_date(s).expect("a day")
}

fn uuid(n: u128) -> Uuid {
    Uuid::from_u128(0x01936f4e_8c2a_7b3d_9f10_000000000000 | n)
}

pub(super) fn org() -> OrganisationId {
    OrganisationId::from_uuid(uuid(0x100))
}
pub(super) fn other_org() -> OrganisationId {
    OrganisationId::from_uuid(uuid(0x101))
}
pub(super) fn unit_org() -> OrganisationId {
    OrganisationId::from_uuid(uuid(0x200))
}
pub(super) fn other_unit_org() -> OrganisationId {
    OrganisationId::from_uuid(uuid(0x201))
}
pub(super) fn matter_id() -> MatterId {
    MatterId::from_uuid(uuid(0x300))
}
pub(super) fn other_matter_id() -> MatterId {
    MatterId::from_uuid(uuid(0x301))
}
pub(super) fn card(n: u128) -> OpinionCardId {
    OpinionCardId::from_uuid(uuid(0x400 + n))
}

fn actor(n: u128, role: Role, organisation: Option<OrganisationId>) -> Actor {
    Actor {
        user: UserId::from_uuid(uuid(0x500 + n)),
        role,
        organisation,
        device: Some(DeviceId::from_uuid(uuid(0x600 + n))),
    }
}

/// The office of the matter's organisation.
pub(super) fn office() -> Actor {
    actor(1, Role::Office, Some(org()))
}
/// The member of the unit the matter is dispatched to.
pub(super) fn unit() -> Actor {
    actor(2, Role::UnitMember, Some(unit_org()))
}
/// The representative who collected the opinion.
pub(super) fn collector() -> Actor {
    actor(3, Role::Representative, Some(org()))
}

/// Everyone, named: the three parties, and people like them but not them.
pub(super) fn everyone() -> Vec<(&'static str, Actor)> {
    vec![
        ("office", office()),
        ("unit", unit()),
        ("collector", collector()),
        ("other office", actor(4, Role::Office, Some(other_org()))),
        ("office without organisation", actor(5, Role::Office, None)),
        ("other unit", actor(6, Role::UnitMember, Some(other_unit_org()))),
        ("other representative", actor(7, Role::Representative, Some(org()))),
        ("liaison officer", actor(8, Role::LiaisonOfficer, Some(org()))),
        ("admin", actor(9, Role::Admin, Some(org()))),
        // The collector's user acting with another role is not the collector.
        ("collector as admin", Actor { role: Role::Admin, ..collector() }),
        // A unit member of the matter's own organisation is not its unit.
        ("unit member of the organisation", actor(10, Role::UnitMember, Some(org()))),
    ]
}

pub(super) fn reason(s: &str) -> Reason {
    Reason::parse(s).expect("a reason")
}

pub(super) fn reply_text(s: &str) -> ReplyText {
    ReplyText::parse(s).expect("a reply")
}

pub(super) fn note(s: &str) -> NoteText {
    NoteText::parse(s).expect("a note")
}

/// A small file named `name`, typed by its extension.
pub(super) fn attachment(name: &str) -> Attachment {
    let kind = AttachmentType::from_file_name(name).expect("an allowed extension");
    let content: &[u8] = match kind {
        AttachmentType::Jpeg => &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10],
        AttachmentType::Png => b"\x89PNG\r\n\x1a\n",
        AttachmentType::Pdf => b"%PDF-1.4\n%%EOF\n",
        AttachmentType::Docx | AttachmentType::Xlsx => b"PK\x03\x04\x14\x00",
    };
    Attachment::of(name, Some(kind), content).expect("an attachment")
}

pub(super) fn sent_to() -> OrganisationName {
    OrganisationName::parse("市委统战部").expect("a name")
}

/// When the card was collected, and when the matter started (the clock of
/// the fixtures): 2026-11-22 09:30 China time, received an hour later.
pub(super) fn collected() -> DateTime<Utc> {
    at("2026-11-22T01:30:00Z")
}

/// A new matter, reported.
pub(super) fn reported() -> Matter {
    let facts = OpinionFacts {
        card: card(1),
        category: Category::parse("urban_construction").expect("a category"),
        urgency: Urgency::Normal,
        collected_at: collected(),
        organisation: org(),
        collector: collector().user,
    };
    Matter::from_opinion(matter_id(), facts, collected() + chrono::TimeDelta::hours(1))
}

/// Applies, expecting success; returns the new matter.
pub(super) fn step(matter: &Matter, actor: &Actor, action: Action, now: DateTime<Utc>) -> Matter {
    match apply(matter, actor, action.clone(), now) {
        Ok((next, _)) => next,
        Err(e) => panic!("{action:?} by {:?} in {:?}: {e:?}", actor.role, matter.state),
    }
}

/// The fixtures' clock for the n-th step: a day apart from the card's receipt.
pub(super) fn time(n: i64) -> DateTime<Utc> {
    collected() + chrono::TimeDelta::days(n)
}

/// A matter driven to `state` the ordinary way (the office triages and
/// dispatches, the unit replies, …), with the fixtures' clock.
pub(super) fn in_state(state: MatterState) -> Matter {
    use MatterState as S;
    let triage = Action::Triage { category: Category::parse("health").expect("a category"), urgency: Urgency::Urgent };
    let path: Vec<(Actor, Action)> = vec![
        (office(), triage),
        (office(), Action::Dispatch { unit: unit_org(), due_on: day("2026-12-10") }),
        (unit(), Action::AcceptDispatch),
        (unit(), Action::SubmitReply { text: reply_text("路灯已于本周修复。") }),
        (office(), Action::AcceptReply),
        (collector(), Action::RecordInformed { how: InformedHow::InPerson, when: time(6) }),
        (collector(), Action::RecordEvaluation { satisfaction: Satisfaction::Satisfied, reason: None }),
        (office(), Action::Close),
        (office(), Action::Reopen { reason: reason("反映人再次来访，称路灯又坏了。") }),
    ];
    let mut matter = reported();
    if state == S::Merged {
        return step(&matter, &office(), Action::MergeInto { into: other_matter_id() }, time(1));
    }
    for (i, (actor, action)) in path.into_iter().enumerate() {
        if matter.state == state {
            break;
        }
        matter = step(&matter, &actor, action, time(i as i64 + 1));
    }
    assert_eq!(matter.state, state);
    matter
}
