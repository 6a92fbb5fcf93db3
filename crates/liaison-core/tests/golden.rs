//! Frozen formats: the exact bytes this build writes, and proof that it still
//! reads what earlier builds wrote. A failure here means a stored or wire format
//! changed — add a new version instead of editing one that has shipped.

use chrono::{DateTime, Utc};
use liaison_core::{
    Category, OpinionCard, OpinionCardId, OpinionCardRecord, OpinionContent, PlaceName,
};

fn golden(name: &str) -> String {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn sample_card() -> OpinionCard {
    OpinionCard {
        id: "01936f4e-8c2a-7b3d-9f10-123456789abc"
            .parse::<OpinionCardId>()
            .unwrap(),
        content: OpinionContent::parse("村口的路灯坏了三个月,晚上出行不安全。\n希望尽快修好。")
            .unwrap(),
        category: Category::UrbanConstruction,
        place: PlaceName::parse("城关镇党代表工作室").unwrap(),
        collected_at: "2026-11-22T01:30:00Z".parse::<DateTime<Utc>>().unwrap(),
    }
}

#[test]
fn opinion_card_v1_is_frozen() {
    let expected = golden("opinion_card_v1.json");
    let written = serde_json::to_string(&OpinionCardRecord::from(&sample_card())).unwrap();
    assert_eq!(
        written,
        expected.trim_end(),
        "the v1 opinion card format changed"
    );

    let read: OpinionCardRecord = serde_json::from_str(&expected).unwrap();
    assert_eq!(OpinionCard::try_from(read).unwrap(), sample_card());
}
