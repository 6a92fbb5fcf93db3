//! The browser storage layer in a real browser (headless Chromium through
//! `wasm-bindgen-test`): cards written and read back, never overwritten,
//! unreadable records kept and counted, and the schema upgraded with data kept.

use chrono::{DateTime, Utc};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use liaison_app::storage::{Storage, StorageError, schema};
use liaison_core::{OpinionCard, OpinionCardId, OpinionCardInput};
use liaison_i18n::Locale;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A database name no other test uses.
fn fresh_name() -> String {
    format!("liaison-test-{}", uuid::Uuid::now_v7())
}

fn card(content: &str, collected_at: &str) -> OpinionCard {
    let input = OpinionCardInput {
        content: content.into(),
        category: "education".into(),
        place: "实验小学".into(),
        collected_at: collected_at.into(),
        ..OpinionCardInput::default()
    };
    let now: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    OpinionCard::create(OpinionCardId::from_uuid(uuid::Uuid::now_v7()), &input, now).unwrap()
}

#[wasm_bindgen_test]
async fn cards_are_written_and_listed_newest_collected_first() {
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    assert!(storage.list_cards().await.unwrap().cards.is_empty());
    let older = card("校门口接送车辆拥堵", "2026-11-20T08:00");
    let newer = card("希望增加课后服务", "2026-11-21T08:00");
    storage.add_card(&older).await.unwrap();
    storage.add_card(&newer).await.unwrap();
    let listing = storage.list_cards().await.unwrap();
    assert_eq!(listing.cards, vec![newer, older]);
    assert_eq!(listing.unreadable, 0);
}

#[wasm_bindgen_test]
async fn a_card_is_never_overwritten_by_one_with_the_same_id() {
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let original = card("原来的意见", "2026-11-20T08:00");
    storage.add_card(&original).await.unwrap();
    let mut impostor = card("另一条意见", "2026-11-21T08:00");
    impostor.id = original.id;
    let error = storage.add_card(&impostor).await.unwrap_err();
    assert!(matches!(error, StorageError::Failed(_)), "{error:?}");
    assert_eq!(storage.list_cards().await.unwrap().cards, vec![original]);
}

#[wasm_bindgen_test]
async fn unreadable_records_are_kept_and_counted_not_dropped() {
    let name = fresh_name();
    let storage = Storage::open_named(&name, schema::STEPS).await.unwrap();
    storage.add_card(&card("可读的意见", "2026-11-20T08:00")).await.unwrap();

    // A record from a future build (version 2) and a damaged one.
    let db = Database::open(name.as_str()).await.unwrap();
    let tx = db.transaction(schema::OPINION_CARDS).with_mode(TransactionMode::Readwrite).build().unwrap();
    let store = tx.object_store(schema::OPINION_CARDS).unwrap();
    for raw in [
        serde_json::json!({"v": 2, "id": "01936f4e-8c2a-7b3d-9f10-000000000001", "content": "x"}),
        serde_json::json!({"v": 1, "id": "01936f4e-8c2a-7b3d-9f10-000000000002", "content": "", "category": "?", "place": "", "collected_at": "?"}),
    ] {
        store.put(raw).serde().unwrap().await.unwrap();
    }
    tx.commit().await.unwrap();
    db.close();

    let listing = storage.list_cards().await.unwrap();
    assert_eq!(listing.cards.len(), 1);
    assert_eq!(listing.unreadable, 2);
}

#[wasm_bindgen_test]
async fn the_chosen_language_is_remembered() {
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    assert_eq!(storage.locale().await.unwrap(), None);
    storage.set_locale(Locale::En).await.unwrap();
    assert_eq!(storage.locale().await.unwrap(), Some(Locale::En));
    storage.set_locale(Locale::ZhCn).await.unwrap();
    assert_eq!(storage.locale().await.unwrap(), Some(Locale::ZhCn));
}

#[wasm_bindgen_test]
async fn upgrading_from_version_1_keeps_every_card() {
    let name = fresh_name();
    let v1 = Storage::open_named(&name, &schema::STEPS[..1]).await.unwrap();
    assert_eq!(v1.version(), 1);
    let kept = card("升级前保存的意见", "2026-11-19T08:00");
    v1.add_card(&kept).await.unwrap();
    v1.close();

    let current = Storage::open_named(&name, schema::STEPS).await.unwrap();
    assert_eq!(current.version() as usize, schema::STEPS.len());
    assert_eq!(current.list_cards().await.unwrap().cards, vec![kept]);
    current.set_locale(Locale::En).await.unwrap();
    assert_eq!(current.locale().await.unwrap(), Some(Locale::En));
}

fn reception_input() -> liaison_core::ReceptionInput {
    use liaison_core::{AttendeeInput, ContactInput, VenueInput};
    liaison_core::ReceptionInput {
        kind: "forum".into(),
        started_at: "2026-11-20T09:00".into(),
        ended_at: String::new(),
        venue: VenueInput { kind: "place".into(), id: String::new(), name: "幸福村村委会".into() },
        representatives: vec!["王建国".into()],
        attendees: vec![AttendeeInput {
            contact_id: String::new(),
            person: ContactInput { name: "赵六".into(), kind: "public".into(), ..ContactInput::default() },
        }],
        topic: "老旧小区改造".into(),
        summary: "居民反映加装电梯的问题。".into(),
        opinions: vec![
            OpinionCardInput {
                content: "希望加装电梯".into(),
                category: "urban_construction".into(),
                ..Default::default()
            },
            OpinionCardInput { content: "停车难".into(), category: "public_order".into(), ..Default::default() },
        ],
    }
}

#[wasm_bindgen_test]
async fn drafts_are_kept_replaced_and_ordered_by_the_edit_counter() {
    use liaison_app::storage::Draft;
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let first = liaison_core::ReceptionCardId::from_uuid(uuid::Uuid::now_v7());
    let second = liaison_core::ReceptionCardId::from_uuid(uuid::Uuid::now_v7());
    let mut input = reception_input();
    storage.put_draft(&Draft { id: first.to_string(), input: input.clone(), edited: 0 }).await.unwrap();
    storage.put_draft(&Draft { id: second.to_string(), input: input.clone(), edited: 0 }).await.unwrap();
    input.summary = "改过的内容".into();
    storage.put_draft(&Draft { id: first.to_string(), input: input.clone(), edited: 0 }).await.unwrap();

    let drafts = storage.drafts().await.unwrap();
    assert_eq!(drafts.iter().map(|d| d.id.clone()).collect::<Vec<_>>(), vec![first.to_string(), second.to_string()]);
    assert_eq!(drafts[0].edited, 3);
    assert_eq!(storage.draft(first).await.unwrap().unwrap().input.summary, "改过的内容");
    storage.delete_draft(first).await.unwrap();
    assert_eq!(storage.draft(first).await.unwrap(), None);
    assert_eq!(storage.drafts().await.unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn submitting_writes_the_card_and_its_opinions_and_drops_the_draft_at_once() {
    use liaison_app::storage::Draft;
    use liaison_core::{OpinionCardId, ReceptionCard, ReceptionCardId};
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let id = ReceptionCardId::from_uuid(uuid::Uuid::now_v7());
    let input = reception_input();
    storage.put_draft(&Draft { id: id.to_string(), input: input.clone(), edited: 0 }).await.unwrap();
    let opinion_ids: Vec<_> = input.opinions.iter().map(|_| OpinionCardId::from_uuid(uuid::Uuid::now_v7())).collect();
    let now: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    let (card, opinions) = ReceptionCard::submit(id, &opinion_ids, &input, now).unwrap();
    storage.submit_reception(&card, &opinions).await.unwrap();

    assert_eq!(storage.list_receptions().await.unwrap(), (vec![card.clone()], 0));
    let listing = storage.list_cards().await.unwrap();
    assert_eq!(listing.cards.len(), 2);
    assert!(listing.cards.iter().all(|o| o.reception == Some(id)));
    assert_eq!(storage.draft(id).await.unwrap(), None);

    // Submitting the same card again fails as a whole: nothing is doubled.
    assert!(storage.submit_reception(&card, &opinions).await.is_err());
    assert_eq!(storage.list_receptions().await.unwrap().0.len(), 1);
    assert_eq!(storage.list_cards().await.unwrap().cards.len(), 2);
}

#[wasm_bindgen_test]
async fn contacts_are_added_never_overwritten_and_listed_by_name() {
    use liaison_core::{Contact, ContactId, ContactInput};
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let make = |name: &str| {
        let input = ContactInput { name: name.into(), kind: "member".into(), ..ContactInput::default() };
        Contact::create(ContactId::from_uuid(uuid::Uuid::now_v7()), &input).unwrap()
    };
    let (b, a) = (make("王五"), make("张三"));
    storage.add_contact(&b).await.unwrap();
    storage.add_contact(&a).await.unwrap();
    assert!(storage.add_contact(&a).await.is_err());
    let names: Vec<_> =
        storage.contacts().await.unwrap().into_iter().map(|c| c.person.name.as_str().to_owned()).collect();
    assert_eq!(names.len(), 2);
    assert!(storage.contacts().await.unwrap().iter().any(|c| c.matches("zs")));
}

#[wasm_bindgen_test]
async fn upgrading_from_the_skeletons_version_2_keeps_cards_and_settings() {
    let name = fresh_name();
    let v2 = Storage::open_named(&name, &schema::STEPS[..2]).await.unwrap();
    let kept = card("骨架版本保存的意见", "2026-11-19T08:00");
    v2.add_card(&kept).await.unwrap();
    v2.set_locale(Locale::En).await.unwrap();
    v2.close();

    let current = Storage::open_named(&name, schema::STEPS).await.unwrap();
    assert_eq!(current.version() as usize, schema::STEPS.len());
    assert_eq!(current.list_cards().await.unwrap().cards, vec![kept]);
    assert_eq!(current.locale().await.unwrap(), Some(Locale::En));
    assert!(current.drafts().await.unwrap().is_empty());
    assert!(current.contacts().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn export_then_import_on_another_device_round_trips_without_doubling() {
    use liaison_core::export::ExportFile;
    let phone = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    phone.add_card(&card("导出前的意见", "2026-11-19T08:00")).await.unwrap();
    let contact = liaison_core::Contact::create(
        liaison_core::ContactId::from_uuid(uuid::Uuid::now_v7()),
        &liaison_core::ContactInput { name: "张三".into(), kind: "member".into(), ..Default::default() },
    )
    .unwrap();
    phone.add_contact(&contact).await.unwrap();
    let file = phone.export("2026-11-22T08:00:00Z".into()).await.unwrap();
    let bytes = serde_json::to_vec(&file).unwrap();

    let other = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let contents = ExportFile::read(&bytes).unwrap();
    let report = other.import(&contents).await.unwrap();
    assert_eq!((report.added, report.present, report.rejected), (2, 0, 0));
    assert_eq!(other.list_cards().await.unwrap().cards, phone.list_cards().await.unwrap().cards);
    assert_eq!(other.contacts().await.unwrap(), vec![contact]);

    let again = other.import(&contents).await.unwrap();
    assert_eq!((again.added, again.present), (0, 2));
    assert_eq!(other.list_cards().await.unwrap().cards.len(), 1);
}

#[wasm_bindgen_test]
async fn addenda_are_appended_in_writing_order_per_card() {
    use liaison_core::addendum::{Addendum, CardRef};
    use liaison_core::{AddendumId, ReceptionCardId};
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let card = CardRef::Reception(ReceptionCardId::from_uuid(uuid::Uuid::now_v7()));
    let other = CardRef::Reception(ReceptionCardId::from_uuid(uuid::Uuid::now_v7()));
    // Ids out of order on purpose: the order is the order of writing, not of ids or clocks.
    let ids = [uuid::Uuid::from_u128(3), uuid::Uuid::from_u128(1), uuid::Uuid::from_u128(2)];
    for (id, (text, to)) in ids.iter().zip([("第一条", card), ("别的卡片", other), ("第二条", card)]) {
        storage.add_addendum(&Addendum::create(AddendumId::from_uuid(*id), to, text).unwrap()).await.unwrap();
    }
    let texts: Vec<String> =
        storage.addenda(card).await.unwrap().into_iter().map(|a| a.text.as_str().to_owned()).collect();
    assert_eq!(texts, vec!["第一条", "第二条"]);
    assert_eq!(storage.addenda(other).await.unwrap().len(), 1);
}
