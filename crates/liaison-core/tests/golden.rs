//! Frozen formats: the exact bytes this build writes, and proof that it still
//! reads what earlier builds wrote. A failure here means a stored or wire format
//! changed — add a new version instead of editing one that has shipped.
//!
//! The files in `tests/golden/` are written by hand or reviewed once, then never
//! regenerated.

use chrono::{DateTime, Utc};
use liaison_core::{
    ActivityKind, Attendee, Category, Contact, ContactKind, ContactRecord, ContactTag, MobilePhone, OpinionCard,
    OpinionCardId, OpinionContent, Person, PersonName, PlaceName, RaisedBy, ReceptionCard, ReceptionCardRecord,
    Summary, Topic, Urgency, Venue,
};

fn golden(name: &str) -> String {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")).trim_end().to_owned()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn name(s: &str) -> PersonName {
    PersonName::parse(s).unwrap()
}

fn opinion_v1_card() -> OpinionCard {
    OpinionCard {
        id: "01936f4e-8c2a-7b3d-9f10-123456789abc".parse::<OpinionCardId>().unwrap(),
        content: OpinionContent::parse("村口的路灯坏了三个月,晚上出行不安全。\n希望尽快修好。").unwrap(),
        category: Category::parse("urban_construction").unwrap(),
        place: PlaceName::parse("城关镇党代表工作室").unwrap(),
        collected_at: at("2026-11-22T01:30:00Z"),
        urgency: Urgency::Normal,
        raised_by: RaisedBy::Anonymous,
        reception: None,
        collected_by: None,
    }
}

fn reception_card() -> ReceptionCard {
    ReceptionCard {
        id: "01936f4e-8c2a-7b3d-9f10-00000000a001".parse().unwrap(),
        kind: ActivityKind::Reception,
        started_at: at("2026-11-20T01:00:00Z"),
        ended_at: Some(at("2026-11-20T03:00:00Z")),
        venue: Venue::Studio {
            id: "01936f4e-8c2a-7b3d-9f10-00000000b001".parse().unwrap(),
            name: PlaceName::parse("城关镇党代表工作室").unwrap(),
        },
        representatives: vec![name("王建国"), name("李红梅")],
        attendees: vec![
            Attendee::Contact {
                id: "01936f4e-8c2a-7b3d-9f10-00000000c001".parse().unwrap(),
                person: Person {
                    name: name("张三"),
                    phone: Some(MobilePhone::parse("13812345678").unwrap()),
                    kind: ContactKind::Member,
                    tags: vec![ContactTag::Veteran],
                },
            },
            Attendee::WalkIn {
                person: Person { name: name("赵六"), phone: None, kind: ContactKind::Public, tags: vec![] },
            },
        ],
        topic: Topic::parse("老旧小区改造").unwrap(),
        summary: Summary::parse("居民反映加装电梯和停车难的问题。").unwrap(),
    }
}

fn opinion_v2_card() -> OpinionCard {
    OpinionCard {
        id: "01936f4e-8c2a-7b3d-9f10-00000000d001".parse().unwrap(),
        content: OpinionContent::parse("希望加装电梯").unwrap(),
        category: Category::parse("urban_construction").unwrap(),
        place: PlaceName::parse("城关镇党代表工作室").unwrap(),
        collected_at: at("2026-11-20T01:00:00Z"),
        urgency: Urgency::Urgent,
        raised_by: RaisedBy::WalkIn { name: name("赵六"), phone: Some(MobilePhone::parse("13912345678").unwrap()) },
        reception: Some(reception_card().id),
        collected_by: None,
    }
}

#[test]
fn opinion_card_v1_is_still_read() {
    let read = OpinionCard::from_json(serde_json::from_str(&golden("opinion_card_v1.json")).unwrap()).unwrap();
    assert_eq!(read, opinion_v1_card());
}

#[test]
fn opinion_card_v2_is_frozen_and_still_read() {
    let expected = golden("opinion_card_v2.json");
    let v2 = liaison_core::OpinionCardRecordV2::from(&opinion_v2_card());
    assert_eq!(serde_json::to_string(&v2).unwrap(), expected);
    assert_eq!(OpinionCard::from_json(serde_json::from_str(&expected).unwrap()).unwrap(), opinion_v2_card());
}

#[test]
fn opinion_card_v3_is_frozen() {
    let card = OpinionCard { collected_by: Some(name("王建国")), ..opinion_v2_card() };
    let expected = golden("opinion_card_v3.json");
    assert_eq!(serde_json::to_string(&card.to_record()).unwrap(), expected);
    assert_eq!(OpinionCard::from_json(serde_json::from_str(&expected).unwrap()).unwrap(), card);
}

#[test]
fn reception_card_v1_is_frozen() {
    let expected = golden("reception_card_v1.json");
    assert_eq!(serde_json::to_string(&ReceptionCardRecord::from(&reception_card())).unwrap(), expected);
    let record: ReceptionCardRecord = serde_json::from_str(&expected).unwrap();
    assert_eq!(ReceptionCard::try_from(record).unwrap(), reception_card());
}

#[test]
fn contact_v1_is_frozen() {
    let contact = Contact {
        id: "01936f4e-8c2a-7b3d-9f10-00000000c001".parse().unwrap(),
        person: Person {
            name: name("张三"),
            phone: Some(MobilePhone::parse("13812345678").unwrap()),
            kind: ContactKind::Member,
            tags: vec![ContactTag::Entrepreneur, ContactTag::Veteran],
        },
        organisation: Some(liaison_core::OrganisationName::parse("城关镇农业服务中心").unwrap()),
    };
    let expected = golden("contact_v1.json");
    assert_eq!(serde_json::to_string(&ContactRecord::from(&contact)).unwrap(), expected);
    let record: ContactRecord = serde_json::from_str(&expected).unwrap();
    assert_eq!(Contact::try_from(record).unwrap(), contact);
}

#[test]
fn export_v1_is_still_read() {
    // An export written by the walking-skeleton era app (opinion card v1 inside).
    let contents = liaison_core::export::ExportFile::read(golden("export_v1.json").as_bytes()).unwrap();
    assert_eq!(contents.opinion_cards, vec![opinion_v1_card()]);
    assert_eq!(contents.contacts.len(), 1);
    assert_eq!(contents.contacts[0].person.name.as_str(), "张三");
    assert_eq!(contents.rejected, 0);
}

#[test]
fn addendum_v1_is_frozen() {
    use liaison_core::addendum::{Addendum, AddendumRecord, CardRef};
    let addendum = Addendum::create(
        "01936f4e-8c2a-7b3d-9f10-00000000e001".parse().unwrap(),
        CardRef::Reception(reception_card().id),
        "补充:会后又有两户居民反映停车难。",
    )
    .unwrap();
    let expected = golden("addendum_v1.json");
    assert_eq!(serde_json::to_string(&AddendumRecord::from(&addendum)).unwrap(), expected);
    let record: AddendumRecord = serde_json::from_str(&expected).unwrap();
    assert_eq!(Addendum::try_from(record).unwrap(), addendum);
}

#[test]
fn photo_v1_is_frozen() {
    use liaison_core::addendum::CardRef;
    use liaison_core::photo::{Photo, PhotoRecord};
    let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9];
    let photo = Photo::create(
        "01936f4e-8c2a-7b3d-9f10-00000000f001".parse().unwrap(),
        CardRef::Reception(reception_card().id),
        &jpeg,
        1600,
        1200,
    )
    .unwrap();
    let expected = golden("photo_v1.json");
    assert_eq!(serde_json::to_string(&PhotoRecord::from(&photo)).unwrap(), expected);
    let record: PhotoRecord = serde_json::from_str(&expected).unwrap();
    assert_eq!(Photo::try_from(record).unwrap(), photo);
}

#[test]
fn export_v2_is_still_read() {
    // Written by this build's app (addenda, photos and opinion drafts added to version 1).
    let contents = liaison_core::export::ExportFile::read(golden("export_v2.json").as_bytes()).unwrap();
    assert_eq!(contents.opinion_cards, vec![opinion_v1_card()]);
    assert_eq!(contents.contacts.len(), 1);
    assert_eq!(contents.addenda.len(), 1);
    assert_eq!(contents.addenda[0].1.text.as_str(), "补充:会后又有两户居民反映停车难。");
    assert_eq!(contents.photos.len(), 1);
    assert_eq!(contents.photos[0].0.width, 1600);
    assert_eq!(contents.rejected, 0);
}

#[test]
fn export_v3_is_read() {
    // Version 2 plus the collector's feedback requests and the matters' statuses.
    let contents = liaison_core::export::ExportFile::read(golden("export_v3.json").as_bytes()).unwrap();
    assert_eq!(contents.opinion_cards, vec![opinion_v1_card()]);
    assert_eq!(contents.photos.len(), 1);
    assert_eq!(contents.matter_requests.len(), 1);
    assert_eq!(contents.matter_requests[0].action.kind(), liaison_core::matter::ActionKind::RecordInformed);
    assert_eq!(contents.matter_statuses.len(), 1);
    assert_eq!(contents.matter_statuses[0].state, liaison_core::matter::MatterState::Closed);
    assert_eq!(contents.rejected, 0);
}

#[test]
fn export_v4_is_read() {
    // Version 3 plus the documents the representative recorded.
    let contents = liaison_core::export::ExportFile::read(golden("export_v4.json").as_bytes()).unwrap();
    assert_eq!(contents.opinion_cards, vec![opinion_v1_card()]);
    assert_eq!(contents.matter_requests.len(), 1);
    assert_eq!(contents.documents.len(), 1);
    assert_eq!(contents.documents[0].kind, liaison_core::document::DocumentKind::Proposal);
    assert_eq!(contents.documents[0].title.as_str(), "关于增设村口公交站点的建议");
    assert_eq!(contents.rejected, 0);
}

#[test]
fn document_v1_is_frozen() {
    use liaison_core::document::{Document, DocumentInput, DocumentRecordV1};
    let input = DocumentInput {
        kind: "research_report".into(),
        title: "农村养老服务调研报告".into(),
        submitted_on: "2026-11-30".into(),
        submitted_to: "县委组织部".into(),
        summary: "走访五个村，提出三条建议。".into(),
    };
    let id = "01936f4e-8c2a-7b3d-9f10-0000000d0002".parse().unwrap();
    let document = Document::create(id, &input, at("2026-12-07T02:00:00Z")).unwrap();
    let expected = golden("document_v1.json");
    assert_eq!(serde_json::to_string_pretty(&document.to_record()).unwrap(), expected);
    let record: DocumentRecordV1 = serde_json::from_str(&expected).unwrap();
    assert_eq!(Document::try_from(record), Ok(document));
}

#[test]
fn org_v1_is_frozen() {
    use liaison_core::org::{Org, OrgRecord};
    let expected = golden("org_v1.json");
    let record: OrgRecord = serde_json::from_str(&expected).unwrap();
    let org = Org::try_from(record).unwrap();
    assert_eq!(org.name.as_str(), "城关镇党委");
    assert_eq!(org.studios[0].reception_days, vec![10, 20]);
    assert_eq!(org.liaison_points[0].batch, 4);
    assert_eq!(org.representatives[0].name.as_str(), "王建国");
    assert_eq!(org.contacts[0].person.name.as_str(), "张三");
    // Version 1 named no categories: the preset ones stand in.
    assert_eq!(org.categories, liaison_core::Categories::preset());
}

#[test]
fn org_v2_is_frozen() {
    use liaison_core::org::{Org, OrgRecordV2};
    let expected = golden("org_v2.json");
    let org = Org::from_json(serde_json::from_str(&expected).unwrap()).unwrap();
    assert_eq!(org.name.as_str(), "城关镇党委");
    let codes: Vec<&str> = org.categories.defs().iter().map(|d| d.code.code()).collect();
    assert_eq!(codes, ["rural_roads", "health", "other"]);
    assert_eq!(org.categories.defs()[0].name_zh.as_str(), "农村道路");
    assert_eq!(org.categories.defs()[2].name_en, None);
    assert_eq!(serde_json::to_string(&OrgRecordV2::from(&org)).unwrap(), expected);
}

mod matter {
    //! A matter's record and its audit events. The events cover every kind of
    //! action, so every action's shape is frozen.

    use super::{at, golden};
    use liaison_core::account::Role;
    use liaison_core::matter::{
        Action, Actor, AdoptionLevel, Attachment, AttachmentType, AuditEvent, AuditEventRecordV1, CloseReason,
        InformedHow, Matter, MatterRecordV1, MatterRequest, MatterStatusRecordV1, OpinionFacts, Satisfaction, apply,
        merge,
    };
    use liaison_core::{Category, Instruction, NoteText, OrganisationName, Reason, ReplyText, Urgency};

    fn id<T: std::str::FromStr>(tail: &str) -> T
    where
        T::Err: std::fmt::Debug,
    {
        format!("01936f4e-8c2a-7b3d-9f10-{tail}").parse().unwrap()
    }

    fn reason(s: &str) -> Reason {
        Reason::parse(s).unwrap()
    }

    fn day(s: &str) -> chrono::NaiveDate {
        s.parse().unwrap()
    }

    fn office() -> Actor {
        Actor { user: id("0000000a0001"), role: Role::Office, organisation: Some(id("000000000000")), device: None }
    }

    fn unit() -> Actor {
        Actor {
            user: id("0000000a0002"),
            role: Role::UnitMember,
            organisation: Some(id("0000000b0002")),
            device: Some(id("0000000d0002")),
        }
    }

    fn collector() -> Actor {
        Actor {
            user: id("0000000a0003"),
            role: Role::Representative,
            organisation: Some(id("000000000000")),
            device: Some(id("0000000d0003")),
        }
    }

    fn reported(matter: &str, card: &str) -> Matter {
        let facts = OpinionFacts {
            card: id(card),
            category: Category::parse("urban_construction").unwrap(),
            urgency: Urgency::Normal,
            collected_at: at("2026-11-20T01:00:00Z"),
            organisation: id("000000000000"),
            collector: collector().user,
        };
        Matter::from_opinion(id(matter), facts, at("2026-11-20T09:00:00Z"))
    }

    /// A matter's life, a day a step, through every kind of action: the matter
    /// in progress with an extension waiting, the matter at the end (closed
    /// with a reason after being reopened), and every event (with a merge and
    /// a forwarding on other matters).
    fn history() -> (Matter, Matter, Vec<AuditEvent>) {
        let steps: Vec<(Actor, Action)> = vec![
            (office(), Action::ReportAsInformation { sent_to: OrganisationName::parse("市委统战部").unwrap() }),
            (
                office(),
                Action::RecordAdoption {
                    level: Some(AdoptionLevel::Municipal),
                    instruction: Some(Instruction::parse("请市住建局研究办理。").unwrap()),
                },
            ),
            (office(), Action::Absorb { from: id("0000000e0002"), opinions: vec![id("00000000d002")] }),
            (office(), Action::Triage { category: Category::parse("health").unwrap(), urgency: Urgency::Urgent }),
            (office(), Action::Dispatch { unit: id("0000000b0009"), due_on: day("2026-12-05") }),
            (
                Actor { organisation: Some(id("0000000b0009")), ..unit() },
                Action::ReturnDispatch { reason: reason("不属于本单位职责。") },
            ),
            (office(), Action::Dispatch { unit: id("0000000b0002"), due_on: day("2026-12-10") }),
            (unit(), Action::AcceptDispatch),
            (
                unit(),
                Action::AddProgressNote {
                    note: NoteText::parse("已到现场查看，\n正在协调电力部门。").unwrap()
                },
            ),
            (office(), Action::Urge { note: NoteText::parse("群众反映强烈，请加快办理。").unwrap() }),
            (unit(), Action::RequestExtension { until: day("2026-12-31"), reason: reason("需更换线路。") }),
            (office(), Action::DenyExtension { reason: reason("时间过长。") }),
            (
                unit(),
                Action::RequestExtension {
                    until: day("2026-12-20"), reason: reason("需更换线路，材料在途。")
                },
            ),
            (office(), Action::GrantExtension { reason: None }),
            (unit(), Action::SubmitReply { text: ReplyText::parse("已报修。").unwrap() }),
            (office(), Action::SendBack { reason: reason("请写明修复时间。") }),
            (unit(), Action::SubmitReply { text: ReplyText::parse("路灯已于12月6日修复。").unwrap() }),
            (office(), Action::AcceptReply),
            (collector(), Action::RecordInformed { how: InformedHow::Phone, when: at("2026-12-09T00:30:00Z") }),
            (
                collector(),
                Action::RecordEvaluation {
                    satisfaction: Satisfaction::NotSatisfied,
                    reason: Some(reason("只修了一盏，另外两盏还是坏的。")),
                },
            ),
            (
                office(),
                Action::AnswerDirectly {
                    text: ReplyText::parse("另外两盏已列入本月维修计划。").unwrap()
                },
            ),
            (collector(), Action::RecordInformed { how: InformedHow::InPerson, when: at("2026-12-12T00:30:00Z") }),
            (collector(), Action::RecordEvaluation { satisfaction: Satisfaction::BasicallySatisfied, reason: None }),
            (office(), Action::Close),
            (office(), Action::Reopen { reason: reason("反映人再次来访。") }),
            (
                office(),
                Action::CloseWithReason {
                    reason: CloseReason::Unreachable,
                    text: reason("反映人电话停机，多次联系不上。"),
                },
            ),
        ];
        let mut m = reported("0000000e0001", "00000000d001");
        let mut events = Vec::new();
        let mut snapshot = None;
        for (n, (actor, action)) in steps.into_iter().enumerate() {
            let now = at("2026-11-21T01:00:00Z") + chrono::TimeDelta::days(n as i64);
            let (next, event) = apply(&m, &actor, action, now).unwrap();
            m = next;
            events.push(event);
            if n == 12 {
                snapshot = Some(m.clone()); // in progress, an extension waiting
            }
        }
        // A duplicate merged, and a matter forwarded upward.
        let target = reported("0000000e0005", "00000000d005");
        let duplicate = reported("0000000e0003", "00000000d003");
        let (_, _, merged) = merge(&duplicate, &target, &office(), at("2027-01-01T00:00:00Z")).unwrap();
        events.extend(merged);
        let (_, forwarded) = apply(
            &reported("0000000e0004", "00000000d004"),
            &office(),
            Action::ForwardUpward { to: id("000000000001") },
            at("2027-01-01T00:00:00Z"),
        )
        .unwrap();
        events.push(forwarded);
        // Kinds of action added later are appended here, so the lines above never change.
        let at_unit = [
            (office(), Action::Triage { category: Category::parse("health").unwrap(), urgency: Urgency::Normal }),
            (office(), Action::Dispatch { unit: id("0000000b0002"), due_on: day("2027-01-10") }),
        ]
        .into_iter()
        .fold(reported("0000000e0006", "00000000d006"), |m, (actor, action)| {
            apply(&m, &actor, action, at("2027-01-02T00:00:00Z")).unwrap().0
        });
        let (_, revealed) = apply(
            &at_unit,
            &office(),
            Action::RevealRaiser { reason: reason("需要上门核实。") },
            at("2027-01-03T00:00:00Z"),
        )
        .unwrap();
        events.push(revealed);
        let attachment = Attachment::of(
            "路灯修复现场.pdf",
            Some(AttachmentType::Pdf),
            "%PDF-1.4\n% 路灯修复现场\n%%EOF\n".as_bytes(),
        )
        .unwrap();
        let (_, attached) =
            apply(&at_unit, &unit(), Action::AddAttachment { attachment }, at("2027-01-04T00:00:00Z")).unwrap();
        events.push(attached);
        (snapshot.unwrap(), m, events)
    }

    fn frozen(name: &str, matter: &Matter) {
        let expected = golden(name);
        assert_eq!(serde_json::to_string(&MatterRecordV1::from(matter)).unwrap(), expected, "{name}");
        assert_eq!(&Matter::from_json(serde_json::from_str(&expected).unwrap()).unwrap(), matter, "{name}");
    }

    #[test]
    fn matter_v1_is_frozen() {
        let (in_progress, closed, _) = history();
        frozen("matter_v1.json", &in_progress);
        frozen("matter_v1_closed.json", &closed);
    }

    #[test]
    fn matter_status_v1_is_frozen() {
        // The closed matter: its reply (the office's own, after the person was
        // not satisfied), how they were told, their verdict, how it closed.
        let (_, closed, _) = history();
        let status = MatterStatusRecordV1::of(&closed, None, at("2026-12-20T01:00:00Z"));
        let expected = golden("matter_status_v1.json");
        assert_eq!(serde_json::to_string(&status).unwrap(), expected);
        assert_eq!(MatterStatusRecordV1::from_json(serde_json::from_str(&expected).unwrap()).unwrap(), status);
    }

    #[test]
    fn matter_request_v1_is_frozen() {
        // The two requests a collector's phone sends: told, then the verdict.
        let now = at("2026-12-09T02:00:00Z");
        let told = MatterRequest::informed(id("0000000f0001"), id("0000000e0001"), "phone", "2026-12-09T08:30", now);
        let verdict =
            MatterRequest::evaluation(id("0000000f0002"), id("0000000e0001"), "not_satisfied", "只修了一盏。", now);
        let lines: Vec<String> =
            [told.unwrap(), verdict.unwrap()].iter().map(|r| serde_json::to_string(&r.to_record()).unwrap()).collect();
        let expected = golden("matter_request_v1.jsonl");
        assert_eq!(lines.join("\n"), expected);
        for line in expected.lines() {
            let request = MatterRequest::from_json(serde_json::from_str(line).unwrap()).unwrap();
            assert_eq!(serde_json::to_string(&request.to_record()).unwrap(), line);
        }
    }

    #[test]
    fn audit_event_v1_is_frozen_for_every_action() {
        let (_, _, events) = history();
        let expected = golden("audit_events_v1.jsonl");
        let lines: Vec<&str> = expected.lines().collect();
        assert_eq!(lines.len(), events.len());
        for (event, line) in events.iter().zip(lines) {
            assert_eq!(serde_json::to_string(&AuditEventRecordV1::from(event)).unwrap(), line);
            let record: AuditEventRecordV1 = serde_json::from_str(line).unwrap();
            assert_eq!(&AuditEvent::try_from(record).unwrap(), event);
        }
        let mut kinds: Vec<_> = events.iter().map(AuditEvent::kind).collect();
        kinds.sort();
        kinds.dedup();
        assert_eq!(kinds, liaison_core::matter::ActionKind::ALL, "every kind of action is frozen");
    }
}

fn policy_v1() -> liaison_core::duty::Policy {
    use liaison_core::duty::{Count, Policy, PolicyVersion, Rule, Rules, Term, presets};
    let date = |s| liaison_core::time::parse_date(s).unwrap();
    Policy::new(
        "01936f4e-8c2a-7b3d-9f10-000000001002".parse().unwrap(),
        Some("01936f4e-8c2a-7b3d-9f10-000000001001".parse().unwrap()),
        vec![
            PolicyVersion { effective_from: date("2024-01-01"), rules: presets::county_a() },
            PolicyVersion {
                effective_from: date("2026-07-01"),
                rules: Rules { visits_per_contact: Count::parse(Rule::VisitsPerContact, 3).ok(), ..Rules::default() },
            },
        ],
        vec![Term::new(date("2022-01-01"), date("2026-12-31")).unwrap()],
        vec![date("2026-03-20")],
    )
    .unwrap()
}

#[test]
fn policy_v1_is_frozen() {
    use liaison_core::duty::Policy;
    let expected = golden("policy_v1.json");
    assert_eq!(serde_json::to_string(&policy_v1().to_record()).unwrap(), expected);
    assert_eq!(Policy::from_json(serde_json::from_str(&expected).unwrap()).unwrap(), policy_v1());
}

fn profile_v1() -> liaison_core::duty::RepresentativeProfile {
    use liaison_core::duty::{PointAssignment, RepresentativeLevel, RepresentativeProfile};
    let date = |s| liaison_core::time::parse_date(s).unwrap();
    RepresentativeProfile {
        level: RepresentativeLevel::Provincial,
        leadership_member: true,
        liaison_points: vec![PointAssignment {
            point: "01936f4e-8c2a-7b3d-9f10-00000000d001".parse().unwrap(),
            first_day: date("2026-01-01"),
            last_day: date("2026-12-31"),
        }],
    }
}

#[test]
fn representative_profile_v1_is_frozen() {
    use liaison_core::duty::{RepresentativeProfile, RepresentativeProfileRecordV1};
    let expected = golden("representative_profile_v1.json");
    assert_eq!(serde_json::to_string(&profile_v1().to_record()).unwrap(), expected);
    let read: RepresentativeProfileRecordV1 = serde_json::from_str(&expected).unwrap();
    assert_eq!(RepresentativeProfile::try_from(read).unwrap(), profile_v1());
}

#[test]
fn duty_setup_v1_is_frozen() {
    use liaison_core::duty::{DutySetup, DutySetupRecordV1};
    let setup = DutySetup { chain: vec![policy_v1()], profile: profile_v1() };
    let expected = golden("duty_setup_v1.json");
    assert_eq!(serde_json::to_string(&setup.to_record()).unwrap(), expected);
    let read: DutySetupRecordV1 = serde_json::from_str(&expected).unwrap();
    assert_eq!(DutySetup::from_record(read).unwrap(), setup);
}

fn reception_schedule_v1() -> liaison_core::schedule::ReceptionSchedule {
    use liaison_core::schedule::{ChangeReason, Month, ReceptionSchedule, Theme};
    let studio = "01936f4e-8c2a-7b3d-9f10-00000000c001".parse().unwrap();
    let office: liaison_core::UserId = "01936f4e-8c2a-7b3d-9f10-0000000000f1".parse().unwrap();
    let day = |s| liaison_core::time::parse_date(s).unwrap();
    let (changed, _) = ReceptionSchedule::from_recurring(studio, Month::parse("2026-12").unwrap(), &[10, 20])
        .edit(vec![day("2026-12-10"), day("2026-12-20")], Theme::parse("住房和社会保障").unwrap())
        .unwrap()
        .publish(office, at("2026-11-25T02:00:00Z"))
        .unwrap()
        .change_date(
            day("2026-12-10"),
            day("2026-12-11"),
            ChangeReason::parse("工作室停电检修").unwrap(),
            office,
            at("2026-12-07T03:30:00Z"),
        )
        .unwrap();
    changed
}

#[test]
fn reception_schedule_v1_is_frozen() {
    use liaison_core::schedule::{ReceptionSchedule, ReceptionScheduleRecordV1};
    let schedule = reception_schedule_v1();
    let expected = golden("reception_schedule_v1.json");
    assert_eq!(serde_json::to_string(&ReceptionScheduleRecordV1::from(&schedule)).unwrap(), expected);
    let read: ReceptionScheduleRecordV1 = serde_json::from_str(&expected).unwrap();
    assert_eq!(ReceptionSchedule::try_from(read).unwrap(), schedule);
}

#[test]
fn phone_schedules_v1_is_frozen() {
    use liaison_core::schedule::{NamedSchedule, PhoneSchedulesRecordV1};
    let named =
        vec![NamedSchedule { studio_name: "城关镇党代表工作室".into(), schedule: reception_schedule_v1() }];
    let expected = golden("phone_schedules_v1.json");
    assert_eq!(serde_json::to_string(&PhoneSchedulesRecordV1::of(&named)).unwrap(), expected);
    let read: PhoneSchedulesRecordV1 = serde_json::from_str(&expected).unwrap();
    assert_eq!(read.read().unwrap(), named);
}

fn pairing_v1() -> liaison_core::paired::Pairing {
    use liaison_core::paired::{Pairing, Partner, PartnerKind};
    Pairing {
        id: "01936f4e-8c2a-7b3d-9f10-00000000e001".parse().unwrap(),
        department: "01936f4e-8c2a-7b3d-9f10-000000001002".parse().unwrap(),
        partner: Partner {
            kind: PartnerKind::Party, name: liaison_core::OrganisationName::parse("民革支部").unwrap()
        },
    }
}

#[test]
fn pairing_v1_is_frozen() {
    use liaison_core::paired::{Pairing, PairingRecordV1};
    let expected = golden("pairing_v1.json");
    assert_eq!(serde_json::to_string(&pairing_v1().to_record()).unwrap(), expected);
    let read: PairingRecordV1 = serde_json::from_str(&expected).unwrap();
    assert_eq!(Pairing::try_from(read).unwrap(), pairing_v1());
}

#[test]
fn paired_event_v1_is_frozen() {
    use liaison_core::paired::{PairedEvent, PairedEventRecordV1};
    let event = PairedEvent::submit(
        "01936f4e-8c2a-7b3d-9f10-00000000e101".parse().unwrap(),
        pairing_v1().id,
        "leader_visit",
        "2026-05-20",
        "区民政局局长走访民革支部，通报养老服务工作，征询意见。",
        "01936f4e-8c2a-7b3d-9f10-00000000f001".parse().unwrap(),
        at("2026-12-06T08:00:00Z"),
    )
    .unwrap();
    let expected = golden("paired_event_v1.json");
    assert_eq!(serde_json::to_string(&event.to_record()).unwrap(), expected);
    let read: PairedEventRecordV1 = serde_json::from_str(&expected).unwrap();
    assert_eq!(PairedEvent::try_from(read).unwrap(), event);
}

#[test]
fn paired_rules_v1_is_frozen() {
    use liaison_core::paired::{PairedRules, PairedRulesRecordV1};
    let expected = golden("paired_rules_v1.json");
    assert_eq!(serde_json::to_string(&PairedRules::SEED_002.to_record()).unwrap(), expected);
    let read: PairedRulesRecordV1 = serde_json::from_str(&expected).unwrap();
    assert_eq!(PairedRules::try_from(read).unwrap(), PairedRules::SEED_002);
}
