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
    };
    let now: DateTime<Utc> = "2026-11-22T08:00:00Z".parse().unwrap();
    OpinionCard::create(OpinionCardId::from_uuid(uuid::Uuid::now_v7()), &input, now).unwrap()
}

#[wasm_bindgen_test]
async fn cards_are_written_and_listed_newest_collected_first() {
    let storage = Storage::open_named(&fresh_name(), schema::STEPS)
        .await
        .unwrap();
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
    let storage = Storage::open_named(&fresh_name(), schema::STEPS)
        .await
        .unwrap();
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
    storage
        .add_card(&card("可读的意见", "2026-11-20T08:00"))
        .await
        .unwrap();

    // A record from a future build (version 2) and a damaged one.
    let db = Database::open(name.as_str()).await.unwrap();
    let tx = db
        .transaction(schema::OPINION_CARDS)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
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
    let storage = Storage::open_named(&fresh_name(), schema::STEPS)
        .await
        .unwrap();
    assert_eq!(storage.locale().await.unwrap(), None);
    storage.set_locale(Locale::En).await.unwrap();
    assert_eq!(storage.locale().await.unwrap(), Some(Locale::En));
    storage.set_locale(Locale::ZhCn).await.unwrap();
    assert_eq!(storage.locale().await.unwrap(), Some(Locale::ZhCn));
}

#[wasm_bindgen_test]
async fn upgrading_from_version_1_keeps_every_card() {
    let name = fresh_name();
    let v1 = Storage::open_named(&name, &schema::STEPS[..1])
        .await
        .unwrap();
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
