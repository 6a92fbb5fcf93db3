//! The browser storage layer in a real browser (headless Chromium through
//! `wasm-bindgen-test`): cards written and read back, never overwritten,
//! unreadable records kept and counted, and the schema upgraded with data kept.

use chrono::{DateTime, Utc};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use liaison_app::storage::{Storage, StorageError, schema};
use liaison_core::{Categories, OpinionCard, OpinionCardId, OpinionCardInput};
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
    OpinionCard::create(OpinionCardId::from_uuid(uuid::Uuid::now_v7()), &input, &Categories::preset(), now).unwrap()
}

/// Writes a card straight into an older database, as the build of that
/// version did (today's `add_card` also touches stores that version lacks).
async fn put_card_as_older_build(name: &str, card: &OpinionCard) {
    let db = Database::open(name).await.unwrap();
    let tx = db.transaction(schema::OPINION_CARDS).with_mode(TransactionMode::Readwrite).build().unwrap();
    tx.object_store(schema::OPINION_CARDS).unwrap().add(card.to_record()).serde().unwrap().await.unwrap();
    tx.commit().await.unwrap();
    db.close();
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
async fn the_duty_setup_is_kept_and_a_new_account_forgets_it() {
    use liaison_core::duty::DutySetupRecordV1;
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    assert_eq!(storage.duty_setup().await.unwrap(), None);
    let golden = include_str!("../../crates/liaison-core/tests/golden/duty_setup_v1.json");
    let setup: DutySetupRecordV1 = serde_json::from_str(golden).unwrap();
    storage.put_duty_setup(&setup, "2026-12-06T08:00:00Z").await.unwrap();
    assert_eq!(storage.duty_setup().await.unwrap(), Some(setup));
    assert_eq!(storage.duty_setup_at().await.unwrap().as_deref(), Some("2026-12-06T08:00:00Z"));
    let account = liaison_app::storage::sync::Account {
        user_id: "01936f4e-8c2a-7b3d-9f10-0000000000aa".into(),
        login: "lihong".into(),
        name: "李红".into(),
        role: "representative".into(),
        device_id: "01936f4e-8c2a-7b3d-9f10-0000000000bb".into(),
        device_name: "李红的手机".into(),
        token: "t".into(),
    };
    storage.set_account(&account).await.unwrap();
    assert_eq!(storage.duty_setup().await.unwrap(), None, "another account's setup is not kept");
    assert_eq!(storage.duty_setup_at().await.unwrap(), None, "so the next sync asks");
}

#[wasm_bindgen_test]
async fn the_reception_schedules_are_kept_and_a_new_account_forgets_them() {
    use liaison_core::schedule::PhoneSchedulesRecordV1;
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    assert_eq!(storage.reception_schedules().await.unwrap(), None);
    let golden = include_str!("../../crates/liaison-core/tests/golden/phone_schedules_v1.json");
    let record: PhoneSchedulesRecordV1 = serde_json::from_str(golden).unwrap();
    storage.put_reception_schedules(&record, "2026-12-07T03:00:00Z").await.unwrap();
    assert_eq!(storage.reception_schedules().await.unwrap(), Some(record.clone()));
    assert_eq!(record.read().unwrap().len(), 1);
    assert_eq!(storage.reception_schedules_at().await.unwrap().as_deref(), Some("2026-12-07T03:00:00Z"));
    let account = liaison_app::storage::sync::Account {
        user_id: "01936f4e-8c2a-7b3d-9f10-0000000000ac".into(),
        login: "wangjun".into(),
        name: "王军".into(),
        role: "representative".into(),
        device_id: "01936f4e-8c2a-7b3d-9f10-0000000000bd".into(),
        device_name: "王军的手机".into(),
        token: "t".into(),
    };
    storage.set_account(&account).await.unwrap();
    assert_eq!(storage.reception_schedules().await.unwrap(), None, "another account's schedules are not kept");
    assert_eq!(storage.reception_schedules_at().await.unwrap(), None, "so the next sync asks");
}

#[wasm_bindgen_test]
async fn upgrading_from_version_1_keeps_every_card() {
    let name = fresh_name();
    let v1 = Storage::open_named(&name, &schema::STEPS[..1]).await.unwrap();
    assert_eq!(v1.version(), 1);
    let kept = card("升级前保存的意见", "2026-11-19T08:00");
    put_card_as_older_build(&name, &kept).await;
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
    storage.delete_draft(liaison_core::addendum::CardRef::Reception(first)).await.unwrap();
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
    let (card, opinions) = ReceptionCard::submit(id, &opinion_ids, &input, &Categories::preset(), now).unwrap();
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
    assert!(
        storage
            .contacts()
            .await
            .unwrap()
            .iter()
            .any(|c| c.matches("zs", Some(liaison_core::pinyin::Initials::builtin())))
    );
}

#[wasm_bindgen_test]
async fn upgrading_from_the_skeletons_version_2_keeps_cards_and_settings() {
    let name = fresh_name();
    let v2 = Storage::open_named(&name, &schema::STEPS[..2]).await.unwrap();
    let kept = card("骨架版本保存的意见", "2026-11-19T08:00");
    put_card_as_older_build(&name, &kept).await;
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
    use liaison_app::storage::{Draft, OpinionDraft};
    use liaison_core::addendum::{Addendum, CardRef};
    use liaison_core::export::ExportFile;
    let phone = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let kept = card("导出前的意见", "2026-11-19T08:00");
    phone.add_card(&kept).await.unwrap();
    let contact = liaison_core::Contact::create(
        liaison_core::ContactId::from_uuid(uuid::Uuid::now_v7()),
        &liaison_core::ContactInput { name: "张三".into(), kind: "member".into(), ..Default::default() },
    )
    .unwrap();
    phone.add_contact(&contact).await.unwrap();
    let draft_id = liaison_core::ReceptionCardId::from_uuid(uuid::Uuid::now_v7());
    phone.put_draft(&Draft { id: draft_id.to_string(), input: reception_input(), edited: 0 }).await.unwrap();
    let opinion_draft = OpinionCardId::from_uuid(uuid::Uuid::now_v7());
    let typed = OpinionCardInput { content: "还没写完".into(), ..OpinionCardInput::default() };
    phone.put_opinion_draft(&OpinionDraft { id: opinion_draft.to_string(), input: typed, edited: 0 }).await.unwrap();
    let addendum = Addendum::create(
        liaison_core::AddendumId::from_uuid(uuid::Uuid::now_v7()),
        CardRef::Opinion(kept.id),
        "补充:已电话回访",
    )
    .unwrap();
    phone.add_addendum(&addendum).await.unwrap();
    let photo = shrunk_photo(CardRef::Reception(draft_id), "#c33").await;
    phone.add_photo(&photo.photo, &photo.image, &photo.thumb).await.unwrap();
    // Feedback recorded offline, not yet sent: it must survive a rescue.
    let matter = liaison_core::MatterId::from_uuid(uuid::Uuid::now_v7());
    let told = liaison_core::matter::MatterRequest::informed(
        liaison_core::MatterRequestId::from_uuid(uuid::Uuid::now_v7()),
        matter,
        "phone",
        "2026-11-22T07:30",
        "2026-11-22T08:00:00Z".parse().unwrap(),
    )
    .unwrap();
    phone.add_matter_request(&told).await.unwrap();

    let text = phone.export("2026-11-22T08:00:00Z").await.unwrap();
    // What the app writes is the core's format, read by its native reader too.
    let contents = ExportFile::read(text.as_bytes()).unwrap();
    assert_eq!(contents.opinion_cards, vec![kept.clone()]);
    assert_eq!((contents.addenda.len(), contents.photos.len(), contents.rejected), (1, 1, 0));
    assert_eq!(contents.matter_requests, vec![told.clone()]);

    let other = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let report = other.import(&text).await.unwrap();
    assert_eq!((report.added, report.present, report.rejected), (7, 0, 0));
    let requests = other.matter_requests(matter).await.unwrap();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].waiting, "it goes to the server from the new phone");
    assert_eq!(other.list_cards().await.unwrap().cards, vec![kept.clone()]);
    assert_eq!(other.contacts().await.unwrap(), vec![contact]);
    assert_eq!(other.drafts().await.unwrap(), phone.drafts().await.unwrap());
    assert_eq!(other.opinion_drafts().await.unwrap(), phone.opinion_drafts().await.unwrap());
    assert_eq!(other.addenda(CardRef::Opinion(kept.id)).await.unwrap(), vec![addendum]);
    let photos = other.photos(CardRef::Reception(draft_id)).await.unwrap();
    assert_eq!(photos.iter().map(|p| p.photo.clone()).collect::<Vec<_>>(), vec![photo.photo.clone()]);
    assert_eq!(bytes_of(photos[0].image.as_ref().unwrap()).await, bytes_of(&photo.image).await);

    let again = other.import(&text).await.unwrap();
    assert_eq!((again.added, again.present), (0, 7));
    assert_eq!(other.list_cards().await.unwrap().cards.len(), 1);

    // A later write on the importing device comes after everything imported
    // (drafts of both kinds share the edit counter).
    let imported_top = phone.drafts().await.unwrap()[0].edited.max(phone.opinion_drafts().await.unwrap()[0].edited);
    let again = OpinionDraft { id: opinion_draft.to_string(), input: OpinionCardInput::default(), edited: 0 };
    other.put_opinion_draft(&again).await.unwrap();
    assert!(other.opinion_drafts().await.unwrap()[0].edited > imported_top);
    other.put_draft(&Draft { id: draft_id.to_string(), input: reception_input(), edited: 0 }).await.unwrap();
    assert!(other.drafts().await.unwrap()[0].edited > imported_top);
}

#[wasm_bindgen_test]
async fn imports_refuse_bad_files_whole_and_bad_records_one_by_one() {
    use liaison_app::storage::ImportError;
    use liaison_core::export::ExportError;
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    assert_eq!(storage.import("not json").await, Err(ImportError::File(ExportError::NotAnExport)));
    assert_eq!(storage.import(r#"{"format":"other","v":1}"#).await, Err(ImportError::File(ExportError::NotAnExport)));
    assert_eq!(
        storage.import(r#"{"format":"liaison-export","v":2,"contacts":{}}"#).await,
        Err(ImportError::File(ExportError::NotAnExport))
    );
    assert_eq!(
        storage.import(r#"{"format":"liaison-export","v":7}"#).await,
        Err(ImportError::File(ExportError::UnsupportedVersion(7)))
    );
    // The first field-capture builds wrote version 1: still read.
    let v1 = include_str!("../../crates/liaison-core/tests/golden/export_v1.json");
    assert_eq!(storage.import(v1).await.unwrap().added, 2);
    // Version 2 as frozen by the core's golden file: opinion draft, addendum and photo added.
    let v2 = include_str!("../../crates/liaison-core/tests/golden/export_v2.json");
    assert_eq!(
        storage.import(v2).await.unwrap(),
        liaison_app::storage::ImportReport { added: 3, present: 2, rejected: 0 }
    );
    // Version 3 adds a feedback request (sent from here) and a status (only the server's to send).
    let v3 = include_str!("../../crates/liaison-core/tests/golden/export_v3.json");
    assert_eq!(
        storage.import(v3).await.unwrap(),
        liaison_app::storage::ImportReport { added: 2, present: 5, rejected: 0 }
    );
    let card: OpinionCardId = "01936f4e-8c2a-7b3d-9f10-00000000d001".parse().unwrap();
    assert_eq!(storage.matter_status(card).await.unwrap().unwrap().state.code(), "closed");
    let outbox = storage.outbox().await.unwrap();
    assert!(outbox.iter().any(|e| e.collection == "matter_request"));
    assert!(outbox.iter().all(|e| e.collection != "matter_status"), "a status is never sent");
    // A photo whose bytes are not the ones its record names is refused, the rest kept.
    let tampered = r#"{"format":"liaison-export","v":2,"exported_at":"","opinion_cards":[],"reception_cards":[],
        "contacts":[{"v":1,"id":"01936f4e-8c2a-7b3d-9f10-00000000c002","name":"李四","phone":"","kind":"public","tags":[],"organisation":""}],
        "drafts":[{"id":"nope"}],"photos":[{"seq":1,"record":{"v":1,"id":"01936f4e-8c2a-7b3d-9f10-00000000f001","card_kind":"reception",
        "card_id":"01936f4e-8c2a-7b3d-9f10-00000000a001","sha256":"a3d2d55817152de6d184cfd9eecd048a888262b0e9d7ea495963ceb5c94a080e",
        "width":1,"height":1,"bytes":9},"image":"data:image/jpeg;base64,/9j/4AECA//Z","thumb":"data:image/jpeg;base64,/9j/4AECA//Z"}]}"#;
    assert_eq!(
        storage.import(tampered).await.unwrap(),
        liaison_app::storage::ImportReport { added: 1, present: 0, rejected: 2 }
    );
}

/// A real JPEG made by the browser: a coloured canvas, shrunk by the app.
async fn shrunk_photo(card: liaison_core::addendum::CardRef, colour: &str) -> liaison_app::photo::Shrunk {
    let file = canvas_file(2400, 1800, colour, "image/png").await;
    liaison_app::photo::shrink(&file, liaison_core::PhotoId::from_uuid(uuid::Uuid::now_v7()), card).await.unwrap()
}

async fn canvas_file(width: u32, height: u32, colour: &str, kind: &str) -> web_sys::File {
    use wasm_bindgen::JsCast;
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    context.set_fill_style_str(colour);
    context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
    let blob = js_sys::Promise::new(&mut |resolve, _| {
        canvas.to_blob_with_type(&resolve, kind).unwrap();
    });
    let blob: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(blob).await.unwrap().dyn_into().unwrap();
    web_sys::File::new_with_blob_sequence(&js_sys::Array::of1(&blob), "photo.png").unwrap()
}

async fn bytes_of(blob: &web_sys::Blob) -> Vec<u8> {
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await.unwrap();
    js_sys::Uint8Array::new(&buffer).to_vec()
}

#[wasm_bindgen_test]
async fn photos_are_shrunk_to_jpeg_and_kept_as_blobs_at_most_nine_a_draft() {
    use liaison_core::addendum::CardRef;
    use liaison_core::photo::PhotoError;
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let draft = CardRef::Reception(liaison_core::ReceptionCardId::from_uuid(uuid::Uuid::now_v7()));
    let first = shrunk_photo(draft, "#2a6").await;
    assert_eq!((first.photo.width, first.photo.height), (1600, 1200));
    let bytes = bytes_of(&first.image).await;
    assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF]);
    assert_eq!(bytes.len() as u32, first.photo.bytes);
    assert!(bytes_of(&first.thumb).await.len() < bytes.len());
    for _ in 0..9 {
        let photo = shrunk_photo(draft, "#2a6").await;
        storage.add_photo(&photo.photo, &photo.image, &photo.thumb).await.unwrap();
    }
    let tenth = shrunk_photo(draft, "#2a6").await;
    assert_eq!(
        storage.add_photo(&tenth.photo, &tenth.image, &tenth.thumb).await,
        Err(StorageError::Refused(PhotoError::TooMany.msg()))
    );
    let kept = storage.photos(draft).await.unwrap();
    assert_eq!(kept.len(), 9);
    assert!(kept.windows(2).all(|w| w[0].seq < w[1].seq));
    storage.delete_photo(draft, kept[0].photo.id).await.unwrap();
    assert_eq!(storage.photos(draft).await.unwrap().len(), 8);
    // Deleting the draft deletes its photos with it.
    storage.delete_draft(draft).await.unwrap();
    assert!(storage.photos(draft).await.unwrap().is_empty());

    // Not an image, or an image the browser cannot decode: refused, nothing kept.
    let text = web_sys::File::new_with_str_sequence_and_options(&js_sys::Array::of1(&"hello".into()), "notes.txt", &{
        let options = web_sys::FilePropertyBag::new();
        options.set_type("text/plain");
        options
    })
    .unwrap();
    let id = liaison_core::PhotoId::from_uuid(uuid::Uuid::now_v7());
    assert_eq!(liaison_app::photo::shrink(&text, id, draft).await.unwrap_err(), PhotoError::NotAnImage);
    let broken = web_sys::File::new_with_u8_array_sequence_and_options(
        &js_sys::Array::of1(&js_sys::Uint8Array::from(&[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3][..])),
        "broken.jpg",
        &{
            let options = web_sys::FilePropertyBag::new();
            options.set_type("image/jpeg");
            options
        },
    )
    .unwrap();
    assert_eq!(liaison_app::photo::shrink(&broken, id, draft).await.unwrap_err(), PhotoError::Unreadable);
}

#[wasm_bindgen_test]
async fn a_submitted_cards_photos_are_fixed() {
    use liaison_core::addendum::CardRef;
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let submitted = card("已提交的意见", "2026-11-19T08:00");
    let target = CardRef::Opinion(submitted.id);
    let photo = shrunk_photo(target, "#36c").await;
    storage.add_photo(&photo.photo, &photo.image, &photo.thumb).await.unwrap();
    storage.add_card(&submitted).await.unwrap();
    let another = shrunk_photo(target, "#36c").await;
    assert_eq!(
        storage.add_photo(&another.photo, &another.image, &another.thumb).await,
        Err(StorageError::Refused(liaison_i18n::Msg::CardIsSubmitted))
    );
    assert_eq!(
        storage.delete_photo(target, photo.photo.id).await,
        Err(StorageError::Refused(liaison_i18n::Msg::CardIsSubmitted))
    );
    assert_eq!(storage.first_thumb(target).await.unwrap().map(|b| b.size() > 0.0), Some(true));
}

#[wasm_bindgen_test]
async fn opinion_drafts_are_kept_and_dropped_when_the_card_is_saved() {
    use liaison_app::storage::OpinionDraft;
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let saved = card("写完的意见", "2026-11-19T08:00");
    let typed = OpinionCardInput { content: "写完的意见".into(), ..OpinionCardInput::default() };
    storage
        .put_opinion_draft(&OpinionDraft { id: saved.id.to_string(), input: typed.clone(), edited: 0 })
        .await
        .unwrap();
    assert_eq!(storage.opinion_draft(saved.id).await.unwrap().map(|d| d.input), Some(typed));
    storage.add_card(&saved).await.unwrap();
    assert_eq!(storage.opinion_draft(saved.id).await.unwrap(), None);
    assert!(storage.opinion_drafts().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn upgrading_from_version_4_keeps_everything() {
    use liaison_app::storage::Draft;
    let name = fresh_name();
    let v4 = Storage::open_named(&name, &schema::STEPS[..4]).await.unwrap();
    let kept = card("第四版保存的意见", "2026-11-19T08:00");
    put_card_as_older_build(&name, &kept).await;
    let draft = Draft {
        id: liaison_core::ReceptionCardId::from_uuid(uuid::Uuid::now_v7()).to_string(),
        input: reception_input(),
        edited: 0,
    };
    v4.put_draft(&draft).await.unwrap();
    v4.close();
    let current = Storage::open_named(&name, schema::STEPS).await.unwrap();
    assert_eq!(current.version() as usize, schema::STEPS.len());
    assert_eq!(current.list_cards().await.unwrap().cards, vec![kept]);
    assert_eq!(current.drafts().await.unwrap().len(), 1);
    assert!(current.opinion_drafts().await.unwrap().is_empty());
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

#[wasm_bindgen_test]
async fn the_newest_page_is_read_through_the_index_without_the_rest() {
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    for day in 1..=12 {
        storage.add_card(&card(&format!("第 {day} 天的意见"), &format!("2026-11-{day:02}T08:00"))).await.unwrap();
    }
    let page = storage.newest_cards(5).await.unwrap();
    assert!(!page.complete);
    assert_eq!(page.stored, None, "a first page is not counted");
    assert_eq!(storage.count_cards().await.unwrap(), 12);
    let contents: Vec<&str> = page.cards.iter().map(|c| c.content.as_str()).collect();
    assert_eq!(contents, ["第 12 天的意见", "第 11 天的意见", "第 10 天的意见", "第 9 天的意见", "第 8 天的意见"]);
    let all = storage.list_cards().await.unwrap();
    assert!(all.complete);
    assert_eq!(all.cards[..5], page.cards[..]);
    assert_eq!(storage.newest_cards(50).await.unwrap().cards.len(), 12);
    // Cards collected at the same minute, across the page's edge: the page
    // is still exactly `limit` cards, each once, the newest first.
    for n in 0..4 {
        storage.add_card(&card(&format!("同一时刻的意见 {n}"), "2026-11-20T08:00")).await.unwrap();
    }
    let page = storage.newest_cards(6).await.unwrap();
    let contents: Vec<&str> = page.cards.iter().map(|c| c.content.as_str()).collect();
    assert_eq!(contents.len(), 6);
    assert!(contents[..4].iter().all(|c| c.starts_with("同一时刻的意见")), "{contents:?}");
    let mut distinct = contents[..4].to_vec();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 4);
    assert_eq!(contents[4..], ["第 12 天的意见", "第 11 天的意见"]);
    let page = storage.newest_cards(2).await.unwrap();
    assert_eq!(page.cards.len(), 2);
    assert!(page.cards.iter().all(|c| c.content.as_str().starts_with("同一时刻的意见")));
}

#[wasm_bindgen_test]
async fn opinion_records_of_every_version_are_read() {
    let name = fresh_name();
    let storage = Storage::open_named(&name, schema::STEPS).await.unwrap();
    let db = Database::open(name.as_str()).await.unwrap();
    let tx = db.transaction(schema::OPINION_CARDS).with_mode(TransactionMode::Readwrite).build().unwrap();
    let store = tx.object_store(schema::OPINION_CARDS).unwrap();
    for golden in [
        include_str!("../../crates/liaison-core/tests/golden/opinion_card_v1.json"),
        include_str!("../../crates/liaison-core/tests/golden/opinion_card_v2.json"),
    ] {
        store.put(js_sys::JSON::parse(golden).unwrap()).primitive().unwrap().await.unwrap();
    }
    tx.commit().await.unwrap();
    db.close();
    // Version 3 (who collected it) is what this build writes.
    let v3 = card("第三版的意见", "2026-11-21T08:00");
    let v3 = OpinionCard { collected_by: Some(liaison_core::PersonName::parse("王建国").unwrap()), ..v3 };
    storage.add_card(&v3).await.unwrap();
    let listing = storage.list_cards().await.unwrap();
    assert_eq!((listing.cards.len(), listing.unreadable), (3, 0));
    assert_eq!(listing.cards.iter().find(|c| c.id == v3.id), Some(&v3));
}

#[wasm_bindgen_test]
async fn the_organisations_categories_replace_the_preset_and_an_older_record_still_reads() {
    use liaison_core::org::{Org, OrgRecord, OrgRecordV2};
    let name = fresh_name();
    let storage = Storage::open_named(&name, schema::STEPS).await.unwrap();
    assert_eq!(storage.categories().await.unwrap(), Categories::preset());
    assert_eq!(storage.org().await.unwrap(), None);

    let demo = liaison_core::demo::organisation();
    storage.put_org(&demo).await.unwrap();
    let categories = storage.categories().await.unwrap();
    assert_eq!(categories, demo.categories);
    assert!(categories.choose("political_participation").is_ok());
    assert_eq!(storage.org().await.unwrap(), Some(demo.clone()));

    // A phone that loaded its organisation before categories were configurable
    // holds version 1: it reads with the preset list.
    let v2 = OrgRecordV2::from(&demo);
    let v1 = OrgRecord {
        v: 1,
        id: v2.id,
        name: v2.name,
        studios: v2.studios,
        liaison_points: v2.liaison_points,
        representatives: v2.representatives,
        contacts: v2.contacts,
    };
    storage.close();
    let db = Database::open(name.as_str()).await.unwrap();
    let tx = db.transaction(schema::SETTINGS).with_mode(TransactionMode::Readwrite).build().unwrap();
    let settings = tx.object_store(schema::SETTINGS).unwrap();
    settings.put(v1).with_key(schema::SETTING_ORG.to_owned()).serde().unwrap().await.unwrap();
    settings.delete(schema::SETTING_CATEGORIES).await.unwrap();
    tx.commit().await.unwrap();
    db.close();
    let storage = Storage::open_named(&name, schema::STEPS).await.unwrap();
    let org: Org = storage.org().await.unwrap().unwrap();
    assert_eq!(org.categories, Categories::preset());
    assert_eq!(storage.categories().await.unwrap(), Categories::preset());
}

/// The outbox's entries as (collection, id), in writing order.
async fn outbox(storage: &Storage) -> Vec<(String, String)> {
    storage.outbox().await.unwrap().into_iter().map(|e| (e.collection, e.id)).collect()
}

#[wasm_bindgen_test]
async fn every_saved_card_enters_the_outbox_in_the_same_transaction() {
    use liaison_core::{OpinionCardId, ReceptionCard, ReceptionCardId};
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let opinion = card("路灯坏了", "2026-11-20T08:00");
    storage.add_card(&opinion).await.unwrap();
    assert_eq!(outbox(&storage).await, vec![("opinion_card".to_owned(), opinion.id.to_string())]);

    let id = ReceptionCardId::from_uuid(uuid::Uuid::now_v7());
    let input = reception_input();
    let opinion_ids: Vec<_> = input.opinions.iter().map(|_| OpinionCardId::from_uuid(uuid::Uuid::now_v7())).collect();
    let now: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    let (reception, opinions) = ReceptionCard::submit(id, &opinion_ids, &input, &Categories::preset(), now).unwrap();
    storage.submit_reception(&reception, &opinions).await.unwrap();
    let entries = outbox(&storage).await;
    assert_eq!(entries.len(), 4);
    assert_eq!(entries[1], ("reception_card".to_owned(), id.to_string()));
    assert_eq!(entries[2].1, opinion_ids[0].to_string());

    // A save that fails (the same card twice) adds no entry: all or nothing.
    assert!(storage.add_card(&opinion).await.is_err());
    assert!(storage.submit_reception(&reception, &opinions).await.is_err());
    assert_eq!(outbox(&storage).await.len(), 4);
    let seqs: Vec<u64> = storage.outbox().await.unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(seqs, vec![1, 2, 3, 4], "numbered in writing order");
    // Nothing to backfill on a phone that had the outbox from the start.
    assert_eq!(storage.backfill_outbox().await.unwrap(), 0);
    assert_eq!(outbox(&storage).await.len(), 4);
}

/// A phone upgraded from the build before the outbox (version 5), with one
/// card that build wrote.
async fn upgraded_with_an_old_card() -> (Storage, OpinionCard) {
    let name = fresh_name();
    let v5 = Storage::open_named(&name, &schema::STEPS[..5]).await.unwrap();
    v5.close();
    let old = card("升级前写的卡片", "2026-11-19T08:00");
    put_card_as_older_build(&name, &old).await;
    let storage = Storage::open_named(&name, schema::STEPS).await.unwrap();
    (storage, old)
}

/// Whether a protocol outbox entry creates a card with `content`.
fn creates_card_with(entry: &liaison_sync::client::OutboxEntry, content: &str) -> bool {
    matches!(&entry.mutation.op, liaison_sync::wire::Op::Create { body } if body["content"] == content)
}

#[wasm_bindgen_test]
async fn cards_written_before_the_outbox_existed_enter_it_once() {
    let (storage, old) = upgraded_with_an_old_card().await;
    assert!(storage.outbox().await.unwrap().is_empty());
    assert_eq!(storage.backfill_outbox().await.unwrap(), 1);
    assert_eq!(storage.backfill_outbox().await.unwrap(), 0, "once");
    assert_eq!(outbox(&storage).await, vec![("opinion_card".to_owned(), old.id.to_string())]);
    let sent = storage.protocol_outbox().await.unwrap();
    assert_eq!(sent.len(), 1);
    assert!(creates_card_with(&sent[0], "升级前写的卡片"));
}

#[wasm_bindgen_test]
async fn a_sync_starts_from_one_read_that_backfills_the_outbox_first() {
    let (storage, _) = upgraded_with_an_old_card().await;
    let start = storage.sync_start().await.unwrap();
    assert!(start.account.is_none() && start.cursor.is_none() && start.photos.is_empty());
    assert_eq!(start.note, Default::default());
    assert_eq!(start.outbox.len(), 1, "backfilled before it was read");
    assert!(creates_card_with(&start.outbox[0], "升级前写的卡片"));
    assert_eq!(start.outbox, storage.protocol_outbox().await.unwrap());
    assert_eq!(storage.backfill_outbox().await.unwrap(), 0, "once");

    let account = liaison_app::storage::sync::Account {
        user_id: "u1".into(),
        login: "zhang.san".into(),
        name: "张三".into(),
        role: "representative".into(),
        device_id: uuid::Uuid::now_v7().to_string(),
        device_name: "张三的手机".into(),
        token: "t".into(),
    };
    storage.set_account(&account).await.unwrap();
    let golden = include_str!("../../crates/liaison-core/tests/golden/phone_schedules_v1.json");
    let schedules: liaison_core::schedule::PhoneSchedulesRecordV1 = serde_json::from_str(golden).unwrap();
    storage.put_reception_schedules(&schedules, "2026-12-07T03:00:00Z").await.unwrap();
    let start = storage.sync_start().await.unwrap();
    assert_eq!(start.account, Some(account));
    assert_eq!(start.schedules_at.as_deref(), Some("2026-12-07T03:00:00Z"));
    assert_eq!(start.duty_setup_at, None);
}

#[wasm_bindgen_test]
async fn a_sync_answer_is_written_at_once_answered_refused_and_pulled() {
    use liaison_sync::client::{ClockSkew, Effects, Step};
    use liaison_sync::wire::{Change, Collection, Cursor, MutationResult, Outcome, RecordKey, Rejection};
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let mine = card("我写的卡片", "2026-11-20T08:00");
    let refused = card("被拒收的卡片", "2026-11-20T09:00");
    storage.add_card(&mine).await.unwrap();
    storage.add_card(&refused).await.unwrap();
    // As a sync starts (backfilling the outbox once, as the driver does).
    assert_eq!(storage.sync_start().await.unwrap().outbox.len(), 2);
    let sent = storage.protocol_outbox().await.unwrap();
    let at: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    let epoch = uuid::Uuid::now_v7();
    // A card another phone of this user wrote.
    let theirs = card("另一台手机写的卡片", "2026-11-21T08:00");
    let body = serde_json::to_value(theirs.to_record()).unwrap().as_object().unwrap().clone();
    let key = |c: &OpinionCard| RecordKey { collection: Collection::OpinionCard, id: c.id.as_uuid() };
    let effects = Effects {
        remove: vec![sent[0].mutation.seq],
        quarantine: vec![(sent[1].mutation.seq, Rejection { key: "sync_invalid_record".into(), detail: None })],
        settled: vec![
            (
                sent[0].mutation.clone(),
                MutationResult { seq: sent[0].mutation.seq, outcome: Outcome::Applied { version: 1 }, received_at: at },
            ),
            (
                sent[1].mutation.clone(),
                MutationResult {
                    seq: sent[1].mutation.seq,
                    outcome: Outcome::Rejected {
                        reason: Rejection { key: "sync_invalid_record".into(), detail: None },
                    },
                    received_at: at,
                },
            ),
        ],
        changes: vec![
            Change { seq: 1, key: key(&mine), version: 1, body: None, deleted: false, own: true, received_at: at },
            Change {
                seq: 2,
                key: key(&theirs),
                version: 1,
                body: Some(body.clone()),
                deleted: false,
                own: false,
                received_at: at,
            },
            // A body the core refuses is not stored.
            Change {
                seq: 3,
                key: RecordKey { collection: Collection::OpinionCard, id: uuid::Uuid::now_v7() },
                version: 1,
                body: Some(serde_json::json!({"v": 3, "content": ""}).as_object().unwrap().clone()),
                deleted: false,
                own: false,
                received_at: at,
            },
        ],
        conflicts: vec![],
        epoch,
        cursor: Some(Cursor { epoch, seq: 3 }),
        reset: false,
        reoffer: false,
        clock: ClockSkew { seconds: 0, flagged: false },
        next: Step::Done,
    };
    assert_eq!(storage.apply_sync(&effects, "2026-11-22T08:00:00Z").await.unwrap(), 1);

    let left = storage.outbox().await.unwrap();
    assert_eq!(left.len(), 1, "the answered entry left, the refused one stays");
    assert_eq!(left[0].id, refused.id.to_string());
    assert_eq!(left[0].refused.as_deref(), Some("sync_invalid_record"));
    assert_eq!(storage.outbox_count().await.unwrap().refused, 1);
    let receipt =
        storage.receipt(liaison_sync::wire::Collection::OpinionCard, &mine.id.to_string()).await.unwrap().unwrap();
    assert_eq!(receipt.version, 1);
    let cards = storage.list_cards().await.unwrap();
    assert_eq!(cards.cards.len(), 3, "theirs added, the bad one not");
    assert!(cards.cards.contains(&theirs));
    assert_eq!(storage.cursor().await.unwrap(), Some(Cursor { epoch, seq: 3 }));
    assert!(storage.sync_note().await.unwrap().last_synced_at.is_some());
    let start = storage.sync_start().await.unwrap();
    assert_eq!(start.cursor, Some(Cursor { epoch, seq: 3 }));
    assert_eq!(start.note.last_synced_at.as_deref(), Some("2026-11-22T08:00:00Z"));
    assert_eq!(start.outbox.len(), 1, "the refused entry stays");
    // The same answer again (a crash before the app knew it was written) changes nothing.
    assert_eq!(storage.apply_sync(&effects, "2026-11-22T08:00:00Z").await.unwrap(), 0);
    assert_eq!(storage.list_cards().await.unwrap().cards.len(), 3);
}

#[wasm_bindgen_test]
async fn an_old_entry_among_new_ones_is_read_by_id_with_the_records_between_left_alone() {
    use liaison_sync::wire::{Change, Op};
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    // A phone that has synced before (its outbox backfilled once, empty).
    assert_eq!(storage.backfill_outbox().await.unwrap(), 0);
    // An old card still waiting, forty cards of another phone pulled since
    // (not in the outbox), then sixteen new ones: seventeen entries whose
    // ids span fifty-seven cards.
    let old = card("很早以前的一张", "2026-11-20T08:00");
    storage.add_card(&old).await.unwrap();
    let at: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    let theirs: Vec<Change> = (0..40)
        .map(|n| {
            let c = card(&format!("另一台手机的第 {n} 张"), "2026-11-21T08:00");
            pulled_card(n + 1, &c, at)
        })
        .collect();
    let between: Vec<uuid::Uuid> = theirs.iter().map(|c| c.key.id).collect();
    assert_eq!(storage.apply_sync(&pull(theirs), "2026-11-22T08:00:00Z").await.unwrap(), 40);
    let mut waiting = vec![old];
    for n in 0..16 {
        let c = card(&format!("新的第 {n} 张"), "2026-11-22T08:00");
        storage.add_card(&c).await.unwrap();
        waiting.push(c);
    }
    // The range the waiting ids span holds all fifty-seven (UUIDv7 ids grow).
    let (first, last) = (waiting[0].id.as_uuid(), waiting[16].id.as_uuid());
    assert!(between.iter().all(|id| first < *id && *id < last));
    let outbox = storage.sync_start().await.unwrap().outbox;
    assert_eq!(outbox.len(), 17, "only the waiting cards, each once");
    for (entry, c) in outbox.iter().zip(&waiting) {
        assert_eq!(entry.mutation.key.id, c.id.as_uuid());
        let Op::Create { body } = &entry.mutation.op else { panic!("a create") };
        assert_eq!(body["content"], serde_json::json!(c.content.as_str()));
    }
}

#[wasm_bindgen_test]
async fn a_long_outbox_is_read_in_portions_each_entry_once_and_none_left_unread() {
    use liaison_app::storage::sync_start::PORTION;
    let name = fresh_name();
    let storage = Storage::open_named(&name, schema::STEPS).await.unwrap();
    assert_eq!(storage.backfill_outbox().await.unwrap(), 0);
    // Two portions and a hundred entries more, written at once (as many
    // `add_card`s would): the second portion refused whole, and the last
    // entry of the first one unreadable.
    let portion = u64::from(PORTION);
    let total = 2 * portion + 100;
    let cards: Vec<OpinionCard> = (1..=total).map(|n| card(&format!("第 {n} 张"), "2026-11-20T08:00")).collect();
    let db = Database::open(name.as_str()).await.unwrap();
    let stores = [schema::OPINION_CARDS, schema::OUTBOX, schema::SETTINGS];
    let tx = db.transaction(stores).with_mode(TransactionMode::Readwrite).build().unwrap();
    for (seq, c) in (1..=total).zip(&cards) {
        tx.object_store(schema::OPINION_CARDS).unwrap().add(c.to_record()).serde().unwrap();
        let mut entry = serde_json::json!({ "seq": seq, "collection": "opinion_card", "id": c.id.to_string() });
        if seq == portion {
            entry = serde_json::json!({ "seq": seq, "unreadable": true });
        } else if seq > portion && seq <= 2 * portion {
            entry["refused"] = serde_json::json!("sync_invalid_record");
        }
        tx.object_store(schema::OUTBOX).unwrap().add(entry).serde().unwrap();
    }
    let settings = tx.object_store(schema::SETTINGS).unwrap();
    settings.put(total as f64).with_key(schema::SETTING_OUTBOX_SEQ).primitive().unwrap().await.unwrap();
    tx.commit().await.unwrap();
    db.close();
    let id_of = |e: &liaison_sync::client::OutboxEntry| e.mutation.key.id;

    let start = storage.sync_start().await.unwrap();
    assert_eq!(start.outbox.len() as u64, portion - 1, "the first portion, the unreadable entry left out");
    assert!(start.outbox.iter().zip(&cards).all(|(e, c)| id_of(e) == c.id.as_uuid() && e.is_pending()));
    assert_eq!(start.outbox_after, Some(portion), "read on after the unreadable entry, not from it");
    assert_eq!(start.waiting as u64, portion - 1 + portion + 100, "every unread entry counts");
    // The next portion is refused whole: read on to the entries to send.
    let next = storage.outbox_portion(portion).await.unwrap();
    assert_eq!(next.after, None, "nothing left unread");
    assert_eq!(next.entries.len() as u64, portion + 100);
    assert_eq!(next.read as u64, portion + 100, "every stored entry after the first portion");
    assert_eq!(next.entries.iter().filter(|e| e.is_pending()).count(), 100);
    let seqs: Vec<u64> = next.entries.iter().map(|e| e.mutation.seq.0).collect();
    assert_eq!(seqs, (portion + 1..=total).collect::<Vec<_>>(), "each entry once, in order");
    assert!(next.entries.iter().zip(&cards[portion as usize..]).all(|(e, c)| id_of(e) == c.id.as_uuid()));
    // A card saved while the sync runs is read in it too.
    let during = card("同步时新写的", "2026-11-22T08:00");
    storage.add_card(&during).await.unwrap();
    let last = storage.outbox_portion(total).await.unwrap();
    assert_eq!(last.entries.iter().map(id_of).collect::<Vec<_>>(), [during.id.as_uuid()]);
    assert_eq!((last.after, last.read), (None, 1));
    // A short outbox is read whole, as before.
    let short = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    short.add_card(&during).await.unwrap();
    let start = short.sync_start().await.unwrap();
    assert_eq!((start.outbox.len(), start.outbox_after, start.waiting), (1, None, 1));
}

#[wasm_bindgen_test]
async fn many_entries_are_read_and_settled_by_range_without_touching_the_others() {
    use liaison_sync::client::{ClockSkew, Effects, Step};
    use liaison_sync::wire::{Change, Collection, Cursor, MutationResult, Outcome};
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let mut cards = Vec::new();
    for n in 0..30 {
        let c = card(&format!("第 {n} 张"), "2026-11-20T08:00");
        storage.add_card(&c).await.unwrap();
        cards.push(c);
    }
    // Thirty entries: read through one range of ids, each body its own card's.
    let sent = storage.protocol_outbox().await.unwrap();
    assert_eq!(sent.len(), 30);
    for (entry, c) in sent.iter().zip(&cards) {
        assert_eq!(entry.mutation.key.id, c.id.as_uuid());
        let liaison_sync::wire::Op::Create { body } = &entry.mutation.op else { panic!("a create") };
        assert_eq!(body["content"], serde_json::json!(c.content.as_str()));
    }
    let at: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    let epoch = uuid::Uuid::now_v7();
    // Answers for all but the 10th and the 20th: the rest leave in runs.
    let answered: Vec<_> = sent.iter().enumerate().filter(|(i, _)| *i != 10 && *i != 20).map(|(_, e)| e).collect();
    // Changes for twenty cards of another phone (and below, one of ours: the range read then spans ours too).
    let theirs: Vec<OpinionCard> =
        (0..20).map(|n| card(&format!("另一台手机的第 {n} 张"), "2026-11-21T08:00")).collect();
    let mut changes: Vec<Change> = theirs.iter().enumerate().map(|(i, c)| pulled_card(i as u64 + 1, c, at)).collect();
    // One of ours comes back with a body too (another phone's sync echo): it is here, so it is left.
    changes.push(pulled_card(21, &cards[3], at));
    let effects = Effects {
        remove: answered.iter().map(|e| e.mutation.seq).collect(),
        quarantine: vec![],
        settled: answered
            .iter()
            .map(|e| {
                let result =
                    MutationResult { seq: e.mutation.seq, outcome: Outcome::Applied { version: 1 }, received_at: at };
                (e.mutation.clone(), result)
            })
            .collect(),
        changes,
        conflicts: vec![],
        epoch,
        cursor: Some(Cursor { epoch, seq: 21 }),
        reset: false,
        reoffer: false,
        clock: ClockSkew { seconds: 0, flagged: false },
        next: Step::Done,
    };
    assert_eq!(storage.apply_sync(&effects, "2026-11-22T08:00:00Z").await.unwrap(), 20);
    let left: Vec<String> = storage.outbox().await.unwrap().into_iter().map(|e| e.id).collect();
    assert_eq!(left, [cards[10].id.to_string(), cards[20].id.to_string()]);
    let listing = storage.list_cards().await.unwrap();
    assert_eq!(listing.cards.len(), 50, "theirs added once each, ours untouched");
    for c in cards.iter().chain(&theirs) {
        assert_eq!(listing.cards.iter().filter(|x| x.id == c.id).count(), 1);
    }
    assert!(storage.receipt(Collection::OpinionCard, &cards[0].id.to_string()).await.unwrap().is_some());
    assert!(storage.receipt(Collection::OpinionCard, &cards[10].id.to_string()).await.unwrap().is_none());
    // The two left are read again by themselves (fewer than a range's worth).
    assert_eq!(storage.protocol_outbox().await.unwrap().len(), 2);
}

#[wasm_bindgen_test]
async fn matter_statuses_are_replaced_by_newer_ones_and_found_by_card() {
    use liaison_sync::client::{ClockSkew, Effects, Step};
    use liaison_sync::wire::{Change, Collection, Cursor, RecordKey};
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let mine = card("路灯坏了", "2026-11-20T08:00");
    storage.add_card(&mine).await.unwrap();
    let matter = uuid::Uuid::now_v7();
    let duplicate = uuid::Uuid::now_v7();
    let at: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    let status = |id: uuid::Uuid, state: &str, version: u64, reply: serde_json::Value| {
        serde_json::json!({
            "v": 1, "id": id.to_string(), "opinions": [mine.id.to_string()], "state": state,
            "version": version, "updated_at": format!("2026-11-2{version}T08:00:00Z"), "reply": reply,
            "informed": null, "evaluation": null, "closure": null, "merged_into": null
        })
        .as_object()
        .unwrap()
        .clone()
    };
    let change = |seq: u64, id: uuid::Uuid, body| Change {
        seq,
        key: RecordKey { collection: Collection::MatterStatus, id },
        version: seq,
        body: Some(body),
        deleted: false,
        own: false,
        received_at: at,
    };
    let epoch = uuid::Uuid::now_v7();
    let effects = |changes: Vec<Change>, seq| Effects {
        remove: vec![],
        quarantine: vec![],
        settled: vec![],
        changes,
        conflicts: vec![],
        epoch,
        cursor: Some(Cursor { epoch, seq }),
        reset: false,
        reoffer: false,
        clock: ClockSkew { seconds: 0, flagged: false },
        next: Step::Done,
    };
    assert_eq!(storage.matter_status(mine.id).await.unwrap(), None, "nothing before the server says");
    storage
        .apply_sync(
            &effects(vec![change(1, matter, status(matter, "reported", 1, serde_json::Value::Null))], 1),
            "2026-11-22T08:00:00Z",
        )
        .await
        .unwrap();
    let first = storage.matter_status(mine.id).await.unwrap().unwrap();
    assert_eq!(first.state.code(), "reported");
    // Later: the reply was accepted; a bad status (no cards) is not stored;
    // a merged duplicate naming the same card gives way to the live matter.
    let reply = serde_json::json!({"text": "已修复。", "unit_name": "县住建局", "at": "2026-11-24T08:00:00Z"});
    let mut bad = status(uuid::Uuid::now_v7(), "closed", 3, serde_json::Value::Null);
    bad.insert("opinions".into(), serde_json::json!([]));
    let merged = status(duplicate, "merged", 5, serde_json::Value::Null);
    let later = vec![
        change(2, matter, status(matter, "reply_accepted", 4, reply)),
        change(3, bad["id"].as_str().unwrap().parse().unwrap(), bad.clone()),
        change(4, duplicate, merged),
    ];
    storage.apply_sync(&effects(later, 4), "2026-11-23T08:00:00Z").await.unwrap();
    let now = storage.matter_status(mine.id).await.unwrap().unwrap();
    assert_eq!(now.id.to_string(), matter.to_string());
    assert_eq!(now.state.code(), "reply_accepted");
    assert_eq!(now.reply.unwrap().text.as_str(), "已修复。");
    assert!(now.version == 4);
}

#[wasm_bindgen_test]
async fn a_feedback_request_is_kept_with_its_outbox_entry() {
    use liaison_core::matter::MatterRequest;
    use liaison_core::{MatterId, MatterRequestId};
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let matter = MatterId::from_uuid(uuid::Uuid::now_v7());
    let now: DateTime<Utc> = "2026-11-25T04:00:00Z".parse().unwrap();
    let id = MatterRequestId::from_uuid(uuid::Uuid::now_v7());
    let told = MatterRequest::informed(id, matter, "phone", "2026-11-25T11:30", now).unwrap();
    storage.add_matter_request(&told).await.unwrap();
    assert!(storage.add_matter_request(&told).await.is_err(), "the same request twice fails, it does not double");
    let other = MatterRequest::informed(
        MatterRequestId::from_uuid(uuid::Uuid::now_v7()),
        MatterId::from_uuid(uuid::Uuid::now_v7()),
        "letter",
        "2026-11-25T11:30",
        now,
    )
    .unwrap();
    storage.add_matter_request(&other).await.unwrap();
    let recorded = storage.matter_requests(matter).await.unwrap();
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        (recorded[0].id.as_str(), recorded[0].kind),
        (told.id.to_string().as_str(), liaison_core::matter::ActionKind::RecordInformed)
    );
    assert!(recorded[0].waiting && recorded[0].refused.is_none());
    let sent = storage.protocol_outbox().await.unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].mutation.key.collection, liaison_sync::wire::Collection::MatterRequest);
    assert_eq!(
        MatterRequest::from_json(serde_json::Value::Object(match &sent[0].mutation.op {
            liaison_sync::wire::Op::Create { body } => body.clone(),
            other => panic!("{other:?}"),
        }))
        .unwrap(),
        told
    );
}

#[wasm_bindgen_test]
async fn a_document_is_kept_with_its_outbox_entry_exported_and_imported_once() {
    use liaison_app::storage::DocumentState;
    use liaison_core::DocumentId;
    use liaison_core::document::{Document, DocumentInput};
    use liaison_core::export::ExportFile;
    let name = fresh_name();
    // A phone of version 7 (before documents) upgrades with its cards kept.
    Storage::open_named(&name, &schema::STEPS[..7]).await.unwrap().close();
    let kept = card("第七版保存的意见", "2026-11-19T08:00");
    put_card_as_older_build(&name, &kept).await;
    let storage = Storage::open_named(&name, schema::STEPS).await.unwrap();
    assert_eq!(storage.list_cards().await.unwrap().cards, vec![kept]);
    assert_eq!(storage.documents().await.unwrap(), (vec![], 0));

    let now: DateTime<Utc> = "2026-12-07T04:00:00Z".parse().unwrap();
    let input = |kind: &str, title: &str, on: &str| DocumentInput {
        kind: kind.into(),
        title: title.into(),
        submitted_on: on.into(),
        ..DocumentInput::default()
    };
    let older = Document::create(
        DocumentId::from_uuid(uuid::Uuid::now_v7()),
        &input("research_report", "养老调研", "2026-03-01"),
        now,
    )
    .unwrap();
    let newer = Document::create(
        DocumentId::from_uuid(uuid::Uuid::now_v7()),
        &input("proposal", "公交站点", "2026-12-01"),
        now,
    )
    .unwrap();
    storage.add_document(&older).await.unwrap();
    storage.add_document(&newer).await.unwrap();
    assert!(storage.add_document(&newer).await.is_err(), "the same document twice fails, it does not double");
    assert_eq!(storage.documents().await.unwrap(), (vec![newer.clone(), older.clone()], 0), "latest submitted first");
    let states = storage.document_states().await.unwrap();
    assert_eq!(states.get(&newer.id.to_string()), Some(&DocumentState::Waiting));
    let sent = storage.protocol_outbox().await.unwrap();
    let documents: Vec<_> =
        sent.iter().filter(|e| e.mutation.key.collection == liaison_sync::wire::Collection::Document).collect();
    assert_eq!(documents.len(), 2, "each in the outbox, written with it");

    // The export carries them; another phone imports them once, into its outbox.
    let text = storage.export("2026-12-07T04:00:00Z").await.unwrap();
    assert_eq!(ExportFile::read(text.as_bytes()).unwrap().documents.len(), 2);
    let other = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let report = other.import(&text).await.unwrap();
    assert_eq!((report.added, report.rejected), (3, 0));
    assert_eq!(other.documents().await.unwrap().0, vec![newer.clone(), older]);
    assert_eq!(other.document_states().await.unwrap().get(&newer.id.to_string()), Some(&DocumentState::Waiting));
    let again = other.import(&text).await.unwrap();
    assert_eq!((again.added, again.present), (0, 3));
}

#[wasm_bindgen_test]
async fn a_contact_edit_travels_as_its_changed_fields_and_a_conflict_is_kept_until_seen() {
    use liaison_core::{Contact, ContactId, ContactInput};
    use liaison_sync::client::{ClockSkew, Effects, ShownConflict, Step};
    use liaison_sync::wire::{
        Change, Collection, Cursor, FieldChange, FieldConflict, MutationResult, Op, Outcome, RecordKey,
    };
    use serde_json::json;
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let typed = |name: &str, phone: &str| ContactInput {
        name: name.into(),
        phone: phone.into(),
        kind: "public".into(),
        tags: vec![],
        organisation: String::new(),
    };
    let id = ContactId::from_uuid(uuid::Uuid::now_v7());
    let contact = Contact::create(id, &typed("王五", "13800000001")).unwrap();
    storage.add_contact(&contact).await.unwrap();
    let key = RecordKey { collection: Collection::Contact, id: id.as_uuid() };
    let at: DateTime<Utc> = "2026-12-07T08:00:00Z".parse().unwrap();
    let epoch = uuid::Uuid::now_v7();
    let quiet = |remove, settled, changes, conflicts| Effects {
        remove,
        quarantine: vec![],
        settled,
        changes,
        conflicts,
        epoch,
        cursor: Some(Cursor { epoch, seq: 1 }),
        reset: false,
        reoffer: false,
        clock: ClockSkew { seconds: 0, flagged: false },
        next: Step::Done,
    };
    // The create is answered: version 1.
    let sent = storage.protocol_outbox().await.unwrap();
    let create = sent[0].mutation.clone();
    let answer = MutationResult { seq: create.seq, outcome: Outcome::Applied { version: 1 }, received_at: at };
    storage
        .apply_sync(&quiet(vec![create.seq], vec![(create, answer)], vec![], vec![]), "2026-12-07T08:00:00Z")
        .await
        .unwrap();
    assert!(storage.outbox().await.unwrap().is_empty());

    // Nothing changed: nothing queued.
    assert!(!storage.update_contact(&contact).await.unwrap());
    assert!(storage.outbox().await.unwrap().is_empty());
    // The phone changed: one entry with the old and new phone, against version 1.
    let edited = Contact::create(id, &typed("王五", "13900000002")).unwrap();
    assert!(storage.update_contact(&edited).await.unwrap());
    let sent = storage.protocol_outbox().await.unwrap();
    assert_eq!(sent.len(), 1);
    let Op::Update { base_version, fields } = &sent[0].mutation.op else { panic!("not an update: {:?}", sent[0]) };
    assert_eq!(*base_version, 1);
    assert_eq!(fields.len(), 1);
    assert_eq!(fields["phone"], FieldChange { old: json!("13800000001"), new: json!("13900000002") });

    // Before it is answered, the server's newer state (the name changed on
    // another phone) is pulled: the pending edit stays on top.
    let mut theirs = serde_json::to_value(liaison_core::ContactRecord::from(&contact)).unwrap();
    theirs["name"] = json!("王五一");
    let pulled = Change {
        seq: 2,
        key,
        version: 2,
        body: Some(theirs.as_object().unwrap().clone()),
        deleted: false,
        own: false,
        received_at: at,
    };
    storage.apply_sync(&quiet(vec![], vec![], vec![pulled], vec![]), "2026-12-07T08:01:00Z").await.unwrap();
    let shown = storage.contacts().await.unwrap();
    assert_eq!(shown[0].person.name.as_str(), "王五一");
    assert_eq!(shown[0].person.phone.as_ref().unwrap().as_str(), "13900000002", "the edit still shows");

    // The server answers: the phone was changed elsewhere too (13700000003 kept).
    let update = sent[0].mutation.clone();
    let conflicts =
        vec![FieldConflict { field: "phone".into(), server: json!("13700000003"), device: json!("13900000002") }];
    let answer = MutationResult {
        seq: update.seq,
        outcome: Outcome::Conflict { version: 3, conflicts: conflicts.clone() },
        received_at: at,
    };
    let shown_conflict = ShownConflict { key, seq: update.seq, version: 3, conflicts };
    let effects = quiet(vec![update.seq], vec![(update, answer)], vec![], vec![shown_conflict]);
    storage.apply_sync(&effects, "2026-12-07T08:02:00Z").await.unwrap();
    assert!(storage.outbox().await.unwrap().is_empty());
    assert_eq!(storage.contacts().await.unwrap()[0].person.phone.as_ref().unwrap().as_str(), "13700000003");
    let kept = storage.conflicts().await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(storage.conflict_count().await.unwrap(), 1);
    assert_eq!(kept[0].fields[0].device, json!("13900000002"));
    // The same answer again (written twice after a crash) keeps it once.
    storage.apply_sync(&effects, "2026-12-07T08:02:00Z").await.unwrap();
    assert_eq!(storage.conflict_count().await.unwrap(), 1);

    // The user keeps their own value: a new edit against the server's.
    storage.settle_conflict(&kept[0].key(), true).await.unwrap();
    assert_eq!(storage.conflict_count().await.unwrap(), 0);
    assert_eq!(storage.contacts().await.unwrap()[0].person.phone.as_ref().unwrap().as_str(), "13900000002");
    let sent = storage.protocol_outbox().await.unwrap();
    let Op::Update { base_version, fields } = &sent[0].mutation.op else { panic!("not an update") };
    assert_eq!(*base_version, 3);
    assert_eq!(fields["phone"], FieldChange { old: json!("13700000003"), new: json!("13900000002") });
}

/// An answer that only brings `changes` (a pull with nothing pushed).
/// Another phone's opinion card as the server sends it in a page, at log
/// position `seq`.
fn pulled_card(seq: u64, card: &OpinionCard, at: DateTime<Utc>) -> liaison_sync::wire::Change {
    use liaison_sync::wire::{Change, Collection, RecordKey};
    Change {
        seq,
        key: RecordKey { collection: Collection::OpinionCard, id: card.id.as_uuid() },
        version: 1,
        body: Some(serde_json::to_value(card.to_record()).unwrap().as_object().unwrap().clone()),
        deleted: false,
        own: false,
        received_at: at,
    }
}

fn pull(changes: Vec<liaison_sync::wire::Change>) -> liaison_sync::client::Effects {
    use liaison_sync::client::{ClockSkew, Effects, Step};
    let epoch = uuid::Uuid::now_v7();
    Effects {
        remove: vec![],
        quarantine: vec![],
        settled: vec![],
        cursor: Some(liaison_sync::wire::Cursor { epoch, seq: changes.len() as u64 }),
        changes,
        conflicts: vec![],
        epoch,
        reset: false,
        reoffer: false,
        clock: ClockSkew { seconds: 0, flagged: false },
        next: Step::Done,
    }
}

#[wasm_bindgen_test]
async fn a_pulled_photo_is_kept_once_as_a_description_and_its_thumbnail_added_later() {
    use liaison_core::addendum::CardRef;
    use liaison_core::photo::PhotoRecord;
    use liaison_sync::wire::{Change, Collection, RecordKey};
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let at: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    // A card and its photo that another phone of this user took.
    let theirs = card("另一台手机拍了照片的卡片", "2026-11-21T08:00");
    let target = CardRef::Opinion(theirs.id);
    let taken = shrunk_photo(target, "#a52").await;
    let body = |value: serde_json::Value| Some(value.as_object().unwrap().clone());
    let change = |seq, collection, id, body| Change {
        seq,
        key: RecordKey { collection, id },
        version: 1,
        body,
        deleted: false,
        own: false,
        received_at: at,
    };
    let card_change = change(
        1,
        Collection::OpinionCard,
        theirs.id.as_uuid(),
        body(serde_json::to_value(theirs.to_record()).unwrap()),
    );
    let photo_body = body(serde_json::to_value(PhotoRecord::from(&taken.photo)).unwrap());
    let photo_change = change(2, Collection::Photo, taken.photo.id.as_uuid(), photo_body);

    // Named twice in one page, and pulled again by a later sync: kept once.
    let effects = pull(vec![card_change, photo_change.clone(), Change { seq: 3, ..photo_change.clone() }]);
    assert_eq!(storage.apply_sync(&effects, "2026-11-22T08:00:00Z").await.unwrap(), 2);
    assert_eq!(storage.apply_sync(&pull(vec![photo_change]), "2026-11-22T08:05:00Z").await.unwrap(), 0);
    let kept = storage.photos(target).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].photo, taken.photo, "the description as the other phone made it");
    assert!(kept[0].pulled && kept[0].image.is_none() && kept[0].thumb.is_none(), "no bytes of its own");
    assert!(storage.first_thumb(target).await.unwrap().is_none());

    // Not this phone's to send: not pending, not uploaded, never in the outbox.
    assert_eq!(storage.photos_pending(target).await.unwrap(), 0);
    assert!(storage.photos_to_upload().await.unwrap().is_empty());
    storage.backfill_outbox().await.unwrap();
    assert!(
        !outbox(&storage).await.iter().any(|(collection, _)| collection == "photo"),
        "{:?}",
        outbox(&storage).await
    );
    // Nor in an export (the server has it; the phone that took it exports it).
    let exported = storage.export("2026-11-22T09:00:00Z").await.unwrap();
    let file: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(file["photos"], serde_json::json!([]));
    assert_eq!(file["opinion_cards"].as_array().unwrap().len(), 1);

    // The thumbnail fetched when the card is opened is kept with it.
    storage.put_pulled_blob(taken.photo.id, liaison_app::storage::PhotoBlob::Thumb, &taken.thumb).await.unwrap();
    let kept = storage.photos(target).await.unwrap();
    assert_eq!(bytes_of(kept[0].thumb.as_ref().unwrap()).await, bytes_of(&taken.thumb).await);
    assert!(kept[0].image.is_none() && kept[0].pulled);
    assert_eq!(bytes_of(&storage.first_thumb(target).await.unwrap().unwrap()).await, bytes_of(&taken.thumb).await);
    assert_eq!(storage.photos_pending(target).await.unwrap(), 0);
    assert!(storage.photos_to_upload().await.unwrap().is_empty());
    // Pulled again after that: the thumbnail stays.
    let again = change(
        4,
        Collection::Photo,
        taken.photo.id.as_uuid(),
        body(serde_json::to_value(PhotoRecord::from(&taken.photo)).unwrap()),
    );
    storage.apply_sync(&pull(vec![again]), "2026-11-22T09:05:00Z").await.unwrap();
    assert!(storage.photo(taken.photo.id).await.unwrap().unwrap().thumb.is_some());
}

#[wasm_bindgen_test]
async fn a_photo_taken_here_is_never_changed_by_a_pull_or_a_fetched_blob() {
    use liaison_core::addendum::CardRef;
    use liaison_core::photo::PhotoRecord;
    use liaison_sync::wire::{Change, Collection, RecordKey};
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let draft = CardRef::Opinion(OpinionCardId::from_uuid(uuid::Uuid::now_v7()));
    let mine = shrunk_photo(draft, "#3a5").await;
    storage.add_photo(&mine.photo, &mine.image, &mine.thumb).await.unwrap();
    let at: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    let body = serde_json::to_value(PhotoRecord::from(&mine.photo)).unwrap().as_object().unwrap().clone();
    let back = Change {
        seq: 1,
        key: RecordKey { collection: Collection::Photo, id: mine.photo.id.as_uuid() },
        version: 1,
        body: Some(body),
        deleted: false,
        own: false,
        received_at: at,
    };
    assert_eq!(storage.apply_sync(&pull(vec![back]), "2026-11-22T08:00:00Z").await.unwrap(), 0);
    storage.put_pulled_blob(mine.photo.id, liaison_app::storage::PhotoBlob::Thumb, &mine.image).await.unwrap();
    let kept = storage.photo(mine.photo.id).await.unwrap().unwrap();
    assert!(!kept.pulled);
    assert_eq!(bytes_of(kept.thumb.as_ref().unwrap()).await, bytes_of(&mine.thumb).await);
    assert_eq!(bytes_of(kept.image.as_ref().unwrap()).await, bytes_of(&mine.image).await);
}

#[wasm_bindgen_test]
async fn photos_to_upload_are_those_taken_here_described_and_not_sent_in_the_order_taken() {
    use liaison_core::addendum::CardRef;
    use liaison_core::photo::PhotoRecord;
    use liaison_sync::wire::{Change, Collection, RecordKey};
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let card = CardRef::Opinion(OpinionCardId::from_uuid(uuid::Uuid::now_v7()));
    let mut taken = Vec::new();
    for colour in ["#a11", "#b22", "#c33"] {
        let photo = shrunk_photo(card, colour).await;
        storage.add_photo(&photo.photo, &photo.image, &photo.thumb).await.unwrap();
        taken.push(photo);
    }
    let at: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    // The server's word that it holds a photo's description.
    let described = |seq, photo: &liaison_core::photo::Photo| Change {
        seq,
        key: RecordKey { collection: Collection::Photo, id: photo.id.as_uuid() },
        version: 1,
        body: Some(serde_json::to_value(PhotoRecord::from(photo)).unwrap().as_object().unwrap().clone()),
        deleted: false,
        own: false,
        received_at: at,
    };
    let ids = |pending: Vec<liaison_app::storage::sync::PendingPhoto>| {
        pending.into_iter().map(|p| (p.id, p.sha256)).collect::<Vec<_>>()
    };
    let id_of = |i: usize| (taken[i].photo.id.to_string(), taken[i].photo.sha256.to_string());
    // Nothing described yet: the text goes first.
    assert!(storage.photos_to_upload().await.unwrap().is_empty());
    // The third and the first described (in that order): both, in the order taken.
    storage
        .apply_sync(&pull(vec![described(1, &taken[2].photo), described(2, &taken[0].photo)]), "2026-11-22T08:00:00Z")
        .await
        .unwrap();
    assert_eq!(ids(storage.photos_to_upload().await.unwrap()), [id_of(0), id_of(2)]);
    assert_eq!(ids(storage.sync_start().await.unwrap().photos), [id_of(0), id_of(2)], "the same at a sync's start");
    // The first one's bytes sent: only the third is left.
    storage.photo_uploaded(&id_of(0).0, "2026-11-22T08:01:00Z").await.unwrap();
    assert_eq!(ids(storage.photos_to_upload().await.unwrap()), [id_of(2)]);
    // Another phone's photo, described by a pull: not this phone's to send.
    let theirs = shrunk_photo(card, "#d44").await;
    storage.apply_sync(&pull(vec![described(3, &theirs.photo)]), "2026-11-22T08:02:00Z").await.unwrap();
    assert_eq!(ids(storage.photos_to_upload().await.unwrap()), [id_of(2)]);
    // The second described too; then every byte sent: nothing left.
    storage.apply_sync(&pull(vec![described(4, &taken[1].photo)]), "2026-11-22T08:03:00Z").await.unwrap();
    assert_eq!(ids(storage.photos_to_upload().await.unwrap()), [id_of(1), id_of(2)]);
    for i in [1, 2] {
        storage.photo_uploaded(&id_of(i).0, "2026-11-22T08:04:00Z").await.unwrap();
    }
    assert!(storage.photos_to_upload().await.unwrap().is_empty());
    assert_eq!(storage.photos_pending(card).await.unwrap(), 0);
}

/// Effects that only settle `cards` (applied, version 1, received at `at`)
/// and pull `pulled` from another phone.
fn settling(
    cards: &[OpinionCard],
    pulled: &[OpinionCard],
    at: DateTime<Utc>,
    seq: u64,
) -> liaison_sync::client::Effects {
    use liaison_sync::client::{ClockSkew, Effects, Step};
    use liaison_sync::wire::{Change, Collection, Mutation, MutationResult, MutationSeq, Op, Outcome, RecordKey};
    let key = |c: &OpinionCard| RecordKey { collection: Collection::OpinionCard, id: c.id.as_uuid() };
    let body = |c: &OpinionCard| serde_json::to_value(c.to_record()).unwrap().as_object().unwrap().clone();
    Effects {
        remove: vec![],
        quarantine: vec![],
        settled: cards
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let seq = MutationSeq(seq * 1000 + i as u64);
                let mutation = Mutation { seq, key: key(c), op: Op::Create { body: body(c) } };
                (mutation, MutationResult { seq, outcome: Outcome::Applied { version: 1 }, received_at: at })
            })
            .collect(),
        changes: pulled
            .iter()
            .enumerate()
            .map(|(i, c)| Change {
                seq: seq * 1000 + i as u64,
                key: key(c),
                version: 1,
                body: Some(body(c)),
                deleted: false,
                own: false,
                received_at: at,
            })
            .collect(),
        conflicts: vec![],
        epoch: uuid::Uuid::nil(),
        cursor: None,
        reset: false,
        reoffer: false,
        clock: ClockSkew { seconds: 0, flagged: false },
        next: Step::Done,
    }
}

#[wasm_bindgen_test]
async fn a_responses_card_receipts_are_kept_as_one_batch_record_frozen_by_its_golden() {
    use liaison_sync::wire::Collection;
    let name = fresh_name();
    let storage = Storage::open_named(&name, schema::STEPS).await.unwrap();
    let fixed = |n: u128| {
        let mut c = card("批量回执", "2026-11-20T08:00");
        c.id = OpinionCardId::from_uuid(uuid::Uuid::from_u128(0x01936f4e_8c2a_7b3d_9f10_000000000000 + n));
        c
    };
    let (mine, theirs) = (fixed(1), fixed(2));
    let at: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    storage
        .apply_sync(
            &settling(std::slice::from_ref(&mine), std::slice::from_ref(&theirs), at, 1),
            "2026-11-22T08:00:00Z",
        )
        .await
        .unwrap();
    let stored = read_store(&name, schema::RECEIPTS).await;
    assert_eq!(stored.len(), 1, "one record for both receipts, none a card");
    let golden: serde_json::Value = serde_json::from_str(include_str!("golden/receipt_batch_v1.json")).unwrap();
    assert_eq!(stored[0], golden);
    for c in [&mine, &theirs] {
        let receipt = storage.receipt(Collection::OpinionCard, &c.id.to_string()).await.unwrap().unwrap();
        assert_eq!((receipt.version, receipt.received_at.as_str()), (1, "2026-11-22T08:00:00Z"));
    }
    assert_eq!(storage.received(Collection::OpinionCard).await.unwrap().len(), 2);
    assert!(storage.received(Collection::ReceptionCard).await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn receipt_batches_merge_when_many_and_every_receipt_stays_readable() {
    use liaison_sync::wire::Collection;
    let name = fresh_name();
    let storage = Storage::open_named(&name, schema::STEPS).await.unwrap();
    let cards: Vec<OpinionCard> = (0..40).map(|i| card(&format!("第{i}张"), "2026-11-20T08:00")).collect();
    for (i, c) in cards.iter().enumerate() {
        let at: DateTime<Utc> =
            "2026-11-22T08:00:00Z".parse::<DateTime<Utc>>().unwrap() + chrono::TimeDelta::minutes(i as i64);
        storage
            .apply_sync(&settling(std::slice::from_ref(c), &[], at, i as u64 + 1), "2026-11-22T08:00:00Z")
            .await
            .unwrap();
    }
    // The first card answered again later (a re-sent push): the later time wins.
    let later: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
    storage.apply_sync(&settling(&cards[..1], &[], later, 99), "2026-12-01T00:00:00Z").await.unwrap();
    let batches = read_store(&name, schema::RECEIPTS).await;
    assert!(batches.len() < 32, "merged: {} batches", batches.len());
    let received = storage.received(Collection::OpinionCard).await.unwrap();
    assert_eq!(received.len(), 40);
    for (i, c) in cards.iter().enumerate().skip(1) {
        let receipt = storage.receipt(Collection::OpinionCard, &c.id.to_string()).await.unwrap().unwrap();
        let at = "2026-11-22T08:00:00Z".parse::<DateTime<Utc>>().unwrap() + chrono::TimeDelta::minutes(i as i64);
        assert_eq!(receipt.received_at, liaison_core::time::to_wire(at));
        assert_eq!(received[&c.id.to_string()], receipt.received_at);
    }
    let first = storage.receipt(Collection::OpinionCard, &cards[0].id.to_string()).await.unwrap().unwrap();
    assert_eq!(first.received_at, liaison_core::time::to_wire(later));
    assert_eq!(received[&cards[0].id.to_string()], first.received_at);
}

/// Every record of a store, as JSON.
async fn read_store(name: &str, store: &str) -> Vec<serde_json::Value> {
    let db = Database::open(name).await.unwrap();
    let tx = db.transaction(store).build().unwrap();
    let all = tx.object_store(store).unwrap().get_all::<wasm_bindgen::JsValue>().primitive().unwrap().await.unwrap();
    let out = all
        .map(|v| serde_json::from_str(&js_sys::JSON::stringify(&v.unwrap()).unwrap().as_string().unwrap()).unwrap())
        .collect();
    drop(tx);
    db.close();
    out
}

/// `n` cards another phone wrote, collected a minute apart from 08:00 on
/// 2026-11-21, and the changes that bring them.
fn their_cards(n: usize) -> (Vec<OpinionCard>, Vec<liaison_sync::wire::Change>) {
    let at: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    let cards: Vec<OpinionCard> =
        (0..n).map(|i| card(&format!("别处的第{i}张"), &format!("2026-11-21T08:{:02}", i % 60))).collect();
    let changes = cards.iter().enumerate().map(|(i, c)| pulled_card(i as u64 + 1, c, at)).collect();
    (cards, changes)
}

#[wasm_bindgen_test]
async fn pulled_cards_are_kept_a_page_a_response_listed_counted_and_never_doubled() {
    let name = fresh_name();
    let storage = Storage::open_named(&name, schema::STEPS).await.unwrap();
    let mine = card("我写的卡片", "2026-11-21T08:27");
    storage.add_card(&mine).await.unwrap();
    let (theirs, changes) = their_cards(30);
    assert_eq!(storage.apply_sync(&pull(changes.clone()), "2026-11-22T08:00:00Z").await.unwrap(), 30);
    assert_eq!(read_store(&name, schema::OPINION_CARDS).await.len(), 1, "only this phone's card one a record");
    let pages = read_store(&name, schema::CARD_PAGES).await;
    assert_eq!(pages.len(), 1, "the 30 pulled cards in one page");
    assert_eq!(pages[0]["ids"].as_array().unwrap().len(), 30);

    let mut every: Vec<OpinionCard> = theirs.iter().cloned().chain([mine.clone()]).collect();
    every.sort_by(|a, b| b.collected_at.cmp(&a.collected_at).then(b.id.cmp(&a.id)));
    let listing = storage.list_cards().await.unwrap();
    assert_eq!((listing.cards.len(), listing.unreadable, listing.stored), (31, 0, Some(31)));
    assert_eq!(listing.cards, every);
    assert_eq!(storage.count_cards().await.unwrap(), 31);
    // The newest page mixes this phone's card with the pulled ones, in order.
    assert_eq!(storage.newest_cards(5).await.unwrap().cards, every[..5]);
    assert!(storage.newest_cards(5).await.unwrap().cards.contains(&mine));
    assert_eq!(storage.newest_cards(50).await.unwrap().cards, every);

    // The same response again (many ids: read as a range), then a few of
    // them again (one by one), then two new ones with an old one: only the
    // new ones are added, in a page of their own.
    assert_eq!(storage.apply_sync(&pull(changes.clone()), "2026-11-22T08:00:00Z").await.unwrap(), 0);
    assert_eq!(storage.apply_sync(&pull(changes[..3].to_vec()), "2026-11-22T08:00:00Z").await.unwrap(), 0);
    let (more, mut new_changes) = their_cards(2);
    new_changes.push(changes[7].clone());
    assert_eq!(storage.apply_sync(&pull(new_changes), "2026-11-22T08:00:00Z").await.unwrap(), 2);
    assert_eq!(read_store(&name, schema::CARD_PAGES).await.len(), 2);
    let listing = storage.list_cards().await.unwrap();
    assert_eq!(listing.cards.len(), 33, "each card once");
    assert!(more.iter().all(|c| listing.cards.contains(c)));
    assert_eq!(storage.count_cards().await.unwrap(), 33);
}

#[wasm_bindgen_test]
async fn a_page_of_pulled_cards_is_frozen_by_its_golden() {
    let name = fresh_name();
    let storage = Storage::open_named(&name, schema::STEPS).await.unwrap();
    let at: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    let fixed = |n: u128, content: &str, collected_at: &str| {
        let mut c = card(content, collected_at);
        c.id = OpinionCardId::from_uuid(uuid::Uuid::from_u128(0x01936f4e_8c2a_7b3d_9f10_000000000000 + n));
        c
    };
    let cards = [fixed(1, "路灯坏了", "2026-11-20T08:00"), fixed(2, "校门口拥堵", "2026-11-21T09:30")];
    let changes = cards.iter().enumerate().map(|(i, c)| pulled_card(i as u64 + 1, c, at)).collect();
    storage.apply_sync(&pull(changes), "2026-11-22T08:00:00Z").await.unwrap();
    let stored = read_store(&name, schema::CARD_PAGES).await;
    let golden: serde_json::Value = serde_json::from_str(include_str!("golden/card_page_v1.json")).unwrap();
    assert_eq!(stored, [golden]);
}

#[wasm_bindgen_test]
async fn pulled_cards_are_exported_and_an_import_does_not_double_them() {
    let phone = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let (theirs, changes) = their_cards(3);
    phone.apply_sync(&pull(changes), "2026-11-22T08:00:00Z").await.unwrap();
    let file = phone.export("2026-11-23T08:00:00Z").await.unwrap();
    let exported: serde_json::Value = serde_json::from_str(&file).unwrap();
    assert_eq!(exported["opinion_cards"].as_array().unwrap().len(), 3);
    let again = phone.import(&file).await.unwrap();
    assert_eq!((again.added, again.present), (0, 3), "already here, in a page");
    assert_eq!(phone.list_cards().await.unwrap().cards.len(), 3);
    let other = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    assert_eq!(other.import(&file).await.unwrap().added, 3);
    let mut listed = other.list_cards().await.unwrap().cards;
    listed.sort_by_key(|c| c.id);
    let mut expected = theirs.clone();
    expected.sort_by_key(|c| c.id);
    assert_eq!(listed, expected);
}

#[wasm_bindgen_test]
async fn after_a_server_restore_pulled_cards_are_offered_back_with_their_bodies() {
    use liaison_sync::wire::Op;
    let phone = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let (theirs, changes) = their_cards(20);
    phone.apply_sync(&pull(changes), "2026-11-22T08:00:00Z").await.unwrap();
    let restored = liaison_sync::client::Effects { reoffer: true, ..pull(vec![]) };
    phone.apply_sync(&restored, "2026-11-23T08:00:00Z").await.unwrap();
    let offered = phone.protocol_outbox().await.unwrap();
    assert_eq!(offered.len(), 20);
    for c in &theirs {
        let entry = offered.iter().find(|e| e.mutation.key.id == c.id.as_uuid()).expect("offered");
        let Op::Offer { body } = &entry.mutation.op else { panic!("an offer: {:?}", entry.mutation.op) };
        assert_eq!(body, serde_json::to_value(c.to_record()).unwrap().as_object().unwrap());
    }
}

#[wasm_bindgen_test]
async fn the_newest_page_and_the_count_are_exact_across_pages_and_ties() {
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let at: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    let fixed = |n: u128, collected_at: &str| {
        let mut c = card(&format!("第{n}张"), collected_at);
        c.id = OpinionCardId::from_uuid(uuid::Uuid::from_u128(0x01936f4e_8c2a_7b3d_9f10_000000000000 + n));
        c
    };
    // Three pulls (three pages) and a card of this phone, four of them
    // collected at the same minute: ties across pages and inside one.
    let first = [fixed(5, "2026-11-21T09:00"), fixed(6, "2026-11-21T08:59"), fixed(1, "2026-11-21T09:00")];
    let second = [fixed(3, "2026-11-21T09:00"), fixed(2, "2026-11-21T08:58")];
    let third = [fixed(8, "2026-11-21T08:00"), fixed(9, "2026-11-21T08:01")];
    for (i, cards) in [&first[..], &second[..], &third[..]].into_iter().enumerate() {
        let changes = cards.iter().map(|c| pulled_card(i as u64 + 1, c, at)).collect();
        storage.apply_sync(&pull(changes), "2026-11-22T08:00:00Z").await.unwrap();
    }
    storage.add_card(&fixed(4, "2026-11-21T09:00")).await.unwrap();
    let all = storage.list_cards().await.unwrap().cards;
    assert_eq!(all.len(), 8);
    assert_eq!(storage.count_cards().await.unwrap(), 8, "every card counted, tied ones too");
    for limit in 1..=9 {
        let page = storage.newest_cards(limit).await.unwrap();
        assert_eq!(page.cards, all[..limit.min(8)], "the newest {limit}");
    }
}

#[wasm_bindgen_test]
async fn a_card_pulled_here_is_never_saved_again_nor_given_photos() {
    use liaison_core::addendum::CardRef;
    let storage = Storage::open_named(&fresh_name(), schema::STEPS).await.unwrap();
    let (theirs, changes) = their_cards(1);
    storage.apply_sync(&pull(changes), "2026-11-22T08:00:00Z").await.unwrap();
    // Its draft came in a backup from the phone that submitted it.
    let refused = Err(StorageError::Refused(liaison_i18n::Msg::CardIsSubmitted));
    assert_eq!(storage.add_card(&theirs[0]).await, refused);
    let photo = shrunk_photo(CardRef::Opinion(theirs[0].id), "#693").await;
    assert_eq!(storage.add_photo(&photo.photo, &photo.image, &photo.thumb).await, refused);
    assert_eq!(storage.list_cards().await.unwrap().cards, theirs);
    assert!(storage.outbox().await.unwrap().is_empty(), "nothing to send");
}

#[wasm_bindgen_test]
async fn an_old_card_among_new_ones_is_found_by_id_and_not_added_again() {
    let name = fresh_name();
    let storage = Storage::open_named(&name, schema::STEPS).await.unwrap();
    let (old, old_changes) = their_cards(40);
    storage.apply_sync(&pull(old_changes.clone()), "2026-11-22T08:00:00Z").await.unwrap();
    // The oldest id with 16 new ones: their range holds all 40 kept ones.
    let (new, mut changes) = their_cards(16);
    let oldest = old_changes.iter().min_by_key(|c| c.key.id).unwrap().clone();
    changes.push(oldest);
    assert_eq!(storage.apply_sync(&pull(changes), "2026-11-22T08:00:00Z").await.unwrap(), 16);
    let listing = storage.list_cards().await.unwrap();
    assert_eq!(listing.cards.len(), 56, "each card once");
    assert!(old.iter().chain(&new).all(|c| listing.cards.contains(c)));
    assert_eq!(read_store(&name, schema::CARD_PAGES).await.len(), 2);
}
