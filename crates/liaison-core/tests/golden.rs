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
