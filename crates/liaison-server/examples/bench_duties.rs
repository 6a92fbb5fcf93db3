//! The office's duty dashboard (printed, never asserted) over 10,000
//! representatives of one organisation in a fresh SQLite database in a
//! temporary directory — and in PostgreSQL too when
//! `LIAISON_TEST_DATABASE_URL` is set (`cargo xtask bench-duties` starts a
//! throwaway cluster): what `GET /api/v1/duties` does, every representative
//! evaluated by the core from their duty facts, then sorted. Run it with
//! `cargo xtask bench-duties`, or
//! `cargo run --release -p liaison-server --example bench_duties [representatives]`.
//!
//! Each representative's phone pushes, through `Database::sync` as in
//! production, 10 contacts, 12 activities this year (receptions, home
//! visits, forums … attended by some of the contacts), 2 opinion cards and
//! 3 documents (2 proposals, a research report).

#[path = "common/mod.rs"]
mod common;

use chrono::{TimeDelta, Utc};
use liaison_core::account::Role;
use liaison_server::duties::evaluate_office;
use liaison_server::photos::blobs::BlobStore;
use liaison_server::store::Store;
use liaison_server::sync::LIMITS;
use liaison_server::{AppState, web::WebRoot};
use liaison_sync::{Collection, Mutation, MutationSeq, Op, RecordKey, SyncRequest};
use serde_json::{Value, json};
use std::time::Instant;
use uuid::Uuid;

const REPRESENTATIVES: usize = 10_000;
const CONTACTS: usize = 10;
const ACTIVITIES: usize = 12;
const OPINIONS: usize = 2;
const DOCUMENTS: &[&str] = &["proposal", "proposal", "research_report"];
const RUNS: usize = 10;
const KINDS: &[&str] = &["reception", "home_visit", "forum", "lecture", "assistance_visit", "appointment"];

fn golden(text: &str, id: Uuid) -> liaison_sync::Body {
    let Ok(Value::Object(mut body)) = serde_json::from_str(text) else { unreachable!() };
    body.insert("id".into(), json!(id.hyphenated().to_string()));
    body
}

fn mutation(seq: u64, collection: Collection, body: liaison_sync::Body) -> Mutation {
    let id = Uuid::try_parse(body["id"].as_str().unwrap_or_default()).unwrap();
    Mutation { seq: MutationSeq(seq), key: RecordKey { collection, id }, op: Op::Create { body } }
}

/// One representative's records, as their phone pushes them.
fn records(n: usize) -> Vec<Mutation> {
    let now = Utc::now();
    let year_start = liaison_core::duty::Year::containing(now).start();
    let span = (now - year_start).num_minutes().max(600);
    let wire = liaison_core::time::to_wire;
    let contacts: Vec<Uuid> = (0..CONTACTS).map(|_| Uuid::new_v4()).collect();
    let mut push = Vec::new();
    for (i, id) in contacts.iter().enumerate() {
        let mut body = golden(include_str!("../../liaison-core/tests/golden/contact_v1.json"), *id);
        body.insert("name".into(), json!(format!("联系人{i}")));
        body.insert("phone".into(), json!(""));
        push.push(mutation(push.len() as u64 + 1, Collection::Contact, body));
    }
    for i in 0..ACTIVITIES {
        let mut body = golden(include_str!("../../liaison-core/tests/golden/reception_card_v1.json"), Uuid::new_v4());
        let start = year_start + TimeDelta::minutes(((n * 7919 + i * 104_729) as i64) % (span - 180));
        body.insert("kind".into(), json!(KINDS[(n + i) % KINDS.len()]));
        body.insert("started_at".into(), json!(wire(start)));
        body.insert("ended_at".into(), json!(wire(start + TimeDelta::hours(2))));
        let attendee = body["attendees"][0].clone();
        let attendees: Vec<Value> = (0..(n + i) % 4)
            .map(|k| {
                let mut a = attendee.clone();
                a["id"] = json!(contacts[(i + k) % CONTACTS].hyphenated().to_string());
                a
            })
            .collect();
        body.insert("attendees".into(), json!(attendees));
        push.push(mutation(push.len() as u64 + 1, Collection::ReceptionCard, body));
    }
    for i in 0..OPINIONS {
        let mut body = golden(include_str!("../../liaison-core/tests/golden/opinion_card_v3.json"), Uuid::new_v4());
        let at = now - TimeDelta::days(((n + i) % 200) as i64 + 1);
        body.insert("collected_at".into(), json!(wire(at)));
        push.push(mutation(push.len() as u64 + 1, Collection::OpinionCard, body));
    }
    for (i, kind) in DOCUMENTS.iter().enumerate() {
        let on = (now - TimeDelta::days(((n + i) % 300) as i64)).with_timezone(&liaison_core::time::china());
        let body = json!({
            "v": 1, "id": Uuid::new_v4().hyphenated().to_string(), "kind": kind, "title": format!("建议{i}"),
            "submitted_on": on.date_naive().to_string(), "submitted_to": "", "summary": ""
        });
        let Value::Object(body) = body else { unreachable!() };
        push.push(mutation(push.len() as u64 + 1, Collection::Document, body));
    }
    push
}

#[tokio::main]
async fn main() {
    let count: usize =
        std::env::args().nth(1).map_or(REPRESENTATIVES, |n| n.parse().expect("a number of representatives"));
    let data = tempfile::tempdir().unwrap();
    bench("SQLite (temporary directory)", Store::open(data.path()).await.unwrap(), data.path(), count).await;
    let Some(db) = common::postgres::BenchDatabase::create("bench-duties").await else { return };
    let blobs = tempfile::tempdir().unwrap();
    bench("PostgreSQL (local throwaway cluster)", Store::connect_postgres(&db.url).await.unwrap(), blobs.path(), count)
        .await;
    db.drop().await;
}

async fn bench(label: &str, store: Store, data: &std::path::Path, count: usize) {
    let org = liaison_core::demo::organisation();
    store.load_org(&org).await.unwrap();
    let made = Instant::now();
    for n in 0..count {
        let (user, device) = common::person(&store, &format!("rep{n}"), Role::Representative, org.id).await;
        let device_id = liaison_core::DeviceId::from_uuid(device.as_uuid());
        let first = SyncRequest { v: liaison_sync::VERSION, device, cursor: None, push: vec![], pull_limit: 1 };
        let cursor = store.sync(user.id, device_id, &first, &LIMITS, Utc::now()).await.unwrap().response.cursor;
        let request =
            SyncRequest { v: liaison_sync::VERSION, device, cursor: Some(cursor), push: records(n), pull_limit: 1 };
        store.sync(user.id, device_id, &request, &LIMITS, Utc::now()).await.unwrap();
    }
    let made = made.elapsed();
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "shell").unwrap();
    let state = AppState::new(store.clone(), WebRoot::new(web.path()).unwrap(), BlobStore::open(data).unwrap());

    let mut whole = Vec::new();
    let mut read = Vec::new();
    let mut lines = 0;
    for _ in 0..RUNS {
        let now = Utc::now();
        let started = Instant::now();
        let evaluated = evaluate_office(&state, org.id, now).await.unwrap();
        whole.push(started.elapsed());
        lines = evaluated.iter().map(|(_, r)| r.lines.len()).sum::<usize>();
        assert_eq!(evaluated.len(), count);
        let started = Instant::now();
        let facts = store.duty_records(&[org.id], liaison_core::duty::records_since(now)).await.unwrap();
        read.push(started.elapsed());
        assert_eq!(facts.len(), count);
    }
    let per = CONTACTS + ACTIVITIES + OPINIONS + DOCUMENTS.len();
    println!(
        "{label}: {count} representatives with {per} records each ({} in all), pushed through Database::sync in {:.1} s",
        count * per,
        made.as_secs_f64()
    );
    let (median, p95) = common::figures(whole);
    println!(
        "  the dashboard: every representative evaluated and sorted  median {median:8.1} ms  p95 {p95:8.1} ms   (target ≤ 1000 ms)"
    );
    let (median, p95) = common::figures(read);
    println!("    of which reading the duty facts                       median {median:8.1} ms  p95 {p95:8.1} ms");
    println!("    {lines} duty lines");
}
