//! Sync on the server: one story over `Database::sync` told to SQLite and to
//! PostgreSQL, commit-order numbering under concurrent writers, and the HTTP
//! edge (`POST /api/v1/sync`) through the real router.

mod support;

use axum::body::Body as HttpBody;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use liaison_server::photos::blobs::BlobStore;
use liaison_server::store::{Store, SyncStats, User};
use liaison_server::sync::LIMITS;
use liaison_server::{AppState, router, web::WebRoot};
use liaison_sync::{
    Change, Collection, Cursor, DeviceId, FieldChange, Mutation, MutationSeq, Op, Outcome, RecordKey, SyncRequest,
    SyncResponse, decode_response, encode_request,
};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use support::sync::*;
use tower::ServiceExt;
use uuid::Uuid;

async fn sqlite() -> (Store, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    (Store::open(data.path()).await.unwrap(), data)
}

struct Syncer<'a> {
    store: &'a Store,
    user: &'a User,
    device: DeviceId,
    cursor: Option<Cursor>,
}

impl Syncer<'_> {
    async fn send(&self, request: &SyncRequest, now: &str) -> SyncResponse {
        let device = liaison_core::DeviceId::from_uuid(self.device.as_uuid());
        self.store.sync(self.user.id, device, request, &LIMITS, at(now)).await.unwrap().response
    }

    /// One round trip from the syncer's cursor; the cursor moves.
    async fn sync(&mut self, push: Vec<Mutation>, pull_limit: u32, now: &str) -> SyncResponse {
        let answer = self.send(&request(self.device, self.cursor, push, pull_limit), now).await;
        if let Some(old) = self.cursor
            && old.epoch == answer.cursor.epoch
        {
            assert!(answer.cursor.seq >= old.seq, "the cursor went back");
        }
        self.cursor = Some(answer.cursor);
        answer
    }
}

fn outcomes(answer: &SyncResponse) -> Vec<&Outcome> {
    answer.results.iter().map(|r| &r.outcome).collect()
}

fn rejected(outcome: &Outcome) -> &str {
    match outcome {
        Outcome::Rejected { reason } => &reason.key,
        other => panic!("not rejected: {other:?}"),
    }
}

fn keys(changes: &[Change]) -> Vec<RecordKey> {
    changes.iter().map(|c| c.key).collect()
}

fn update(seq: u64, id: Uuid, base_version: u64, fields: &[(&str, &str, &str)]) -> Mutation {
    let fields = fields
        .iter()
        .map(|(f, old, new)| ((*f).to_owned(), FieldChange { old: json!(old), new: json!(new) }))
        .collect();
    Mutation { seq: MutationSeq(seq), key: key(Collection::Contact, id), op: Op::Update { base_version, fields } }
}

const APPLIED_1: Outcome = Outcome::Applied { version: 1 };

async fn story(store: Store) {
    let u = user(&store, "zhang.san").await;
    let v = user(&store, "li.si").await;
    let mut a = Syncer { store: &store, user: &u, device: device(&store, &u).await, cursor: None };
    let mut b = Syncer { store: &store, user: &u, device: device(&store, &u).await, cursor: None };
    let mut c = Syncer { store: &store, user: &v, device: device(&store, &v).await, cursor: None };
    let epoch = Uuid::try_parse(&store.instance_id().await.unwrap()).unwrap();

    // A's first sync only pulls: nothing yet.
    let first = a.sync(vec![], 100, "2026-11-22T01:00:00Z").await;
    assert_eq!((first.changes.len(), first.more, first.reset), (0, false, false));
    assert_eq!(first.cursor, Cursor { epoch, seq: 0 });

    // A pushes an opinion card, a reception card and a contact.
    let (card, visit, person) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let push = vec![
        create(1, Collection::OpinionCard, opinion(card)),
        create(2, Collection::ReceptionCard, reception(visit)),
        create(3, Collection::Contact, contact(person, "张三", "")),
    ];
    let sent = request(a.device, a.cursor, push.clone(), 100);
    let pushed = a.send(&sent, "2026-11-22T01:01:00Z").await;
    assert_eq!(outcomes(&pushed), [&APPLIED_1; 3]);
    let received = at("2026-11-22T01:01:00Z");
    assert!(pushed.results.iter().all(|r| r.received_at == received));
    // A's own cards come back as receipts, the contact with its body.
    let own: Vec<(bool, bool)> = pushed.changes.iter().map(|c| (c.own, c.body.is_some())).collect();
    assert_eq!(own, [(true, false), (true, false), (true, true)]);
    assert_eq!(pushed.cursor, Cursor { epoch, seq: 3 });
    assert_eq!(store.sync_stats().await.unwrap(), SyncStats { records: 3, outcomes: 3, head: 3 });

    // The answer was lost: the same request again gets the same answers, with
    // the first time received, and nothing is doubled.
    let again = a.send(&sent, "2026-11-22T01:05:00Z").await;
    assert_eq!(again.results, pushed.results);
    assert_eq!(again.changes, pushed.changes);
    assert_eq!(store.sync_stats().await.unwrap(), SyncStats { records: 3, outcomes: 3, head: 3 });
    a.cursor = Some(again.cursor);

    // B, the same user's other phone, pulls everything with bodies.
    let pulled = b.sync(vec![], 100, "2026-11-22T01:06:00Z").await;
    assert_eq!(keys(&pulled.changes), push.iter().map(|m| m.key).collect::<Vec<_>>());
    for (change, mutation) in pulled.changes.iter().zip(&push) {
        let Op::Create { body } = &mutation.op else { unreachable!() };
        assert_eq!((change.own, change.body.as_ref(), change.version), (false, Some(body), 1));
        assert_eq!(change.received_at, received);
    }
    assert_eq!((pulled.cursor.seq, pulled.more), (3, false));

    // Another user sees nothing of U's, and can change none of it.
    let theirs = c.sync(vec![], 100, "2026-11-22T01:07:00Z").await;
    assert!(theirs.changes.is_empty());
    let trespass = c
        .sync(
            vec![
                update(1, person, 1, &[("name", "张三", "冒名")]),
                create(2, Collection::OpinionCard, opinion(card)),
                Mutation {
                    seq: MutationSeq(3),
                    key: key(Collection::Contact, person),
                    op: Op::Delete { base_version: 1 },
                },
            ],
            100,
            "2026-11-22T01:08:00Z",
        )
        .await;
    assert_eq!(outcomes(&trespass).into_iter().map(rejected).collect::<Vec<_>>(), ["sync_forbidden"; 3]);
    assert!(trespass.changes.is_empty());
    let stats = store.sync_stats().await.unwrap();
    assert_eq!((stats.records, stats.head), (3, 3), "nothing written");
    let quiet = b.sync(vec![], 100, "2026-11-22T01:09:00Z").await;
    assert!(quiet.changes.is_empty(), "U's records are unchanged");
    assert_eq!(quiet.cursor.seq, 3);

    // The contact edited on both phones: different fields merge.
    let on_a = a.sync(vec![update(4, person, 1, &[("phone", "", "13812345678")])], 100, "2026-11-22T02:00:00Z").await;
    assert_eq!(outcomes(&on_a), [&Outcome::Applied { version: 2 }]);
    let on_b = b.sync(vec![update(1, person, 1, &[("name", "张三", "张三丰")])], 100, "2026-11-22T02:01:00Z").await;
    assert_eq!(outcomes(&on_b), [&Outcome::Merged { version: 3 }]);
    let merged = on_b.changes.last().unwrap().body.clone().unwrap();
    assert_eq!((merged["name"].clone(), merged["phone"].clone()), (json!("张三丰"), json!("13812345678")));
    // The same field: a conflict with both values; the server's is kept.
    let org = "城关镇农业服务中心";
    let on_a =
        a.sync(vec![update(5, person, 3, &[("organisation", org, "县人民医院")])], 100, "2026-11-22T02:02:00Z").await;
    assert_eq!(outcomes(&on_a), [&Outcome::Applied { version: 4 }]);
    let on_b =
        b.sync(vec![update(2, person, 3, &[("organisation", org, "县教育局")])], 100, "2026-11-22T02:03:00Z").await;
    let Outcome::Conflict { version: 4, conflicts } = outcomes(&on_b)[0] else { panic!("{:?}", on_b.results) };
    assert_eq!(
        (conflicts[0].field.as_str(), &conflicts[0].server, &conflicts[0].device),
        ("organisation", &json!("县人民医院"), &json!("县教育局"))
    );
    let kept = on_b.changes.last().unwrap();
    assert_eq!((kept.version, kept.body.as_ref().unwrap()["organisation"].clone()), (4, json!("县人民医院")));

    // A deletes it; the tombstone reaches B.
    let delete =
        Mutation { seq: MutationSeq(6), key: key(Collection::Contact, person), op: Op::Delete { base_version: 4 } };
    assert_eq!(outcomes(&a.sync(vec![delete], 100, "2026-11-22T03:00:00Z").await), [&Outcome::Applied { version: 5 }]);
    let gone = b.sync(vec![], 100, "2026-11-22T03:01:00Z").await;
    assert_eq!(gone.changes.len(), 1);
    assert!(gone.changes[0].deleted && gone.changes[0].key.id == person && gone.changes[0].version == 5);
    let head = store.sync_stats().await.unwrap().head;
    assert_eq!(gone.cursor, Cursor { epoch, seq: head });

    // Paging: more cards, then a new phone pulls with small pages; each record
    // comes exactly once, in number order, `more` true until the last page.
    let push: Vec<Mutation> = (7..12).map(|n| create(n, Collection::OpinionCard, opinion(Uuid::new_v4()))).collect();
    assert_eq!(outcomes(&a.sync(push, 100, "2026-11-22T04:00:00Z").await), [&APPLIED_1; 5]);
    let mut d = Syncer { store: &store, user: &u, device: device(&store, &u).await, cursor: None };
    let (mut seen, mut mores, mut last) = (Vec::new(), Vec::new(), 0);
    for _ in 0..10 {
        let page = d.sync(vec![], 3, "2026-11-22T04:01:00Z").await;
        assert!(page.changes.len() <= 3);
        for change in &page.changes {
            assert!(change.seq > last, "number order");
            last = change.seq;
        }
        seen.extend(keys(&page.changes));
        mores.push(page.more);
        if !page.more {
            break;
        }
    }
    assert_eq!(mores, [true, true, false], "8 records in pages of 3");
    assert_eq!(seen.len(), 8);
    assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), 8, "no record twice");
    assert_eq!(d.cursor.unwrap().seq, head + 5);

    // A cursor from another epoch (a restored database): reset, nothing applied.
    let stats = store.sync_stats().await.unwrap();
    let stale = Some(Cursor { epoch: Uuid::new_v4(), seq: 2 });
    let push = vec![create(12, Collection::OpinionCard, opinion(Uuid::new_v4()))];
    let reset = a.send(&request(a.device, stale, push.clone(), 100), "2026-11-22T05:00:00Z").await;
    assert!(reset.reset && reset.results.is_empty());
    assert_eq!(reset.cursor.epoch, epoch);
    // So is a cursor beyond the head under this epoch's name.
    let ahead = Some(Cursor { epoch, seq: stats.head + 1 });
    assert!(a.send(&request(a.device, ahead, push, 100), "2026-11-22T05:00:00Z").await.reset);
    assert_eq!(store.sync_stats().await.unwrap(), stats, "nothing applied");

    // Reopened (SQLite) or reconnected: the same log.
    store.close().await;
}

#[tokio::test]
async fn the_sync_story_on_sqlite() {
    let (store, _data) = sqlite().await;
    story(store).await;
}

#[tokio::test]
async fn the_sync_story_on_postgres() {
    let Some(db) = support::fresh_postgres("the_sync_story_on_postgres").await else { return };
    story(Store::connect_postgres(&db.url).await.unwrap()).await;
    db.drop().await;
}

/// Writers pushing at once while a reader pulls with its cursor: the reader
/// sees every record exactly once, so no number became visible before an
/// earlier one.
async fn commit_order(store: Store) {
    const WRITERS: usize = 8;
    const BATCHES: u64 = 6;
    const BATCH: u64 = 15;
    let u = user(&store, "zhang.san").await;
    let reader = device(&store, &u).await;
    let mut writers = Vec::new();
    for _ in 0..WRITERS {
        let (store, u) = (store.clone(), u.clone());
        let device = device(&store, &u).await;
        writers.push(tokio::spawn(async move {
            let syncer = Syncer { store: &store, user: &u, device, cursor: None };
            let cursor = syncer.send(&request(device, None, vec![], 1), "2026-11-22T01:00:00Z").await.cursor;
            let mut written = Vec::new();
            for batch in 0..BATCHES {
                let push: Vec<Mutation> = (0..BATCH)
                    .map(|n| create(batch * BATCH + n + 1, Collection::OpinionCard, opinion(Uuid::new_v4())))
                    .collect();
                written.extend(push.iter().map(|m| m.key));
                let answer = syncer.send(&request(device, Some(cursor), push, 1), "2026-11-22T01:00:01Z").await;
                assert!(answer.results.iter().all(|r| r.outcome == APPLIED_1));
            }
            written
        }));
    }
    let total = WRITERS * (BATCHES * BATCH) as usize;
    let mut reading = Syncer { store: &store, user: &u, device: reader, cursor: None };
    let mut seen: BTreeMap<RecordKey, u64> = BTreeMap::new();
    let mut rounds = 0;
    // Bounded: every round either sees something new or finds the writers done.
    loop {
        rounds += 1;
        assert!(rounds < 100_000, "the reader never caught up");
        let done = writers.iter().all(|w| w.is_finished());
        let page = reading.sync(vec![], 7, "2026-11-22T01:00:02Z").await;
        for change in &page.changes {
            assert!(seen.insert(change.key, change.seq).is_none(), "{:?} seen twice", change.key);
        }
        if done && !page.more && page.changes.is_empty() {
            break;
        }
        tokio::task::yield_now().await;
    }
    let mut written = BTreeSet::new();
    for writer in writers {
        written.extend(writer.await.unwrap());
    }
    assert_eq!(written.len(), total);
    assert_eq!(seen.keys().copied().collect::<BTreeSet<_>>(), written, "the reader saw every record");
    assert_eq!(store.sync_stats().await.unwrap().head, total as u64);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn numbers_become_visible_in_commit_order_on_sqlite() {
    let (store, _data) = sqlite().await;
    commit_order(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn numbers_become_visible_in_commit_order_on_postgres() {
    let Some(db) = support::fresh_postgres("numbers_become_visible_in_commit_order_on_postgres").await else {
        return;
    };
    commit_order(Store::connect_postgres(&db.url).await.unwrap()).await;
    db.drop().await;
}

// ---------------------------------------------------------------- HTTP

struct App {
    router: axum::Router,
    store: Store,
    _data: tempfile::TempDir,
    _web: tempfile::TempDir,
}

async fn app() -> App {
    let (store, data) = sqlite().await;
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "shell").unwrap();
    let router =
        router(AppState::new(store.clone(), WebRoot::new(web.path()).unwrap(), BlobStore::open(data.path()).unwrap()));
    App { router, store, _data: data, _web: web }
}

impl App {
    async fn post(&self, token: Option<&str>, body: Vec<u8>) -> (StatusCode, Vec<u8>) {
        let mut request = Request::builder().method(Method::POST).uri("/api/v1/sync");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = request.header(header::CONTENT_TYPE, "application/json").body(HttpBody::from(body)).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        (status, response.into_body().collect().await.unwrap().to_bytes().to_vec())
    }

    /// A refusal: its status and catalogue key.
    async fn refused(&self, token: Option<&str>, body: Vec<u8>) -> (StatusCode, String) {
        let (status, bytes) = self.post(token, body).await;
        let json: Value = serde_json::from_slice(&bytes).unwrap();
        (status, json["error"]["key"].as_str().unwrap_or_else(|| panic!("no key in {json}")).to_owned())
    }
}

#[tokio::test]
async fn the_sync_endpoint_over_http() {
    let app = app().await;
    let u = user(&app.store, "zhang.san").await;
    let (phone, token) = device_with_id(&app.store, &u, Uuid::new_v4()).await;
    let (other, _) = device_with_id(&app.store, &u, Uuid::new_v4()).await;
    let token = token.expose().to_owned();
    let pull = encode_request(&request(phone, None, vec![], 100));

    // Who is calling.
    assert_eq!(app.refused(None, pull.clone()).await, (StatusCode::UNAUTHORIZED, "unauthorized".into()));
    assert_eq!(app.refused(Some("not-a-token"), pull.clone()).await, (StatusCode::UNAUTHORIZED, "unauthorized".into()));
    let (revoked, revoked_token) = device_with_id(&app.store, &u, Uuid::new_v4()).await;
    let revoked_id = liaison_core::DeviceId::from_uuid(revoked.as_uuid());
    app.store.revoke_device(revoked_id, at("2026-11-21T00:00:00Z")).await.unwrap();
    let revoked_pull = encode_request(&request(revoked, None, vec![], 100));
    assert_eq!(
        app.refused(Some(revoked_token.expose()), revoked_pull).await,
        (StatusCode::UNAUTHORIZED, "device_revoked".into())
    );
    // Another device's request, with this device's token.
    let theirs = encode_request(&request(other, None, vec![], 100));
    assert_eq!(app.refused(Some(&token), theirs).await, (StatusCode::FORBIDDEN, "sync_wrong_device".into()));

    // A valid round trip: first a pull, then a push.
    let (status, bytes) = app.post(Some(&token), pull).await;
    assert_eq!(status, StatusCode::OK);
    let first = decode_response(&bytes, &LIMITS).unwrap();
    let cursor = Some(first.cursor);
    let card = create(1, Collection::OpinionCard, opinion(Uuid::new_v4()));
    let (status, bytes) = app.post(Some(&token), encode_request(&request(phone, cursor, vec![card], 100))).await;
    assert_eq!(status, StatusCode::OK);
    let pushed = decode_response(&bytes, &LIMITS).unwrap();
    assert_eq!(outcomes(&pushed), [&APPLIED_1]);
    assert!(pushed.changes[0].own && pushed.changes[0].body.is_none());
    let stats = app.store.sync_stats().await.unwrap();
    assert_eq!((stats.records, stats.outcomes), (1, 1));

    // Out of the protocol: a 4xx with the key, nothing written.
    let valid = request(phone, Some(pushed.cursor), vec![], 100);
    let with = |push: Vec<Mutation>| encode_request(&SyncRequest { push, ..valid.clone() });
    let text = |json: Value| json.to_string().into_bytes();
    let big = vec![b' '; LIMITS.max_request_bytes + 10];
    let many: Vec<Mutation> = (1..=LIMITS.max_push as u64 + 1)
        .map(|n| create(n + 1, Collection::OpinionCard, opinion(Uuid::new_v4())))
        .collect();
    let c = |n| create(n, Collection::OpinionCard, opinion(Uuid::new_v4()));
    let mut wrong_version = serde_json::to_value(&valid).unwrap();
    wrong_version["v"] = json!(liaison_sync::VERSION + 1);
    let update_card = Mutation {
        op: Op::Update { base_version: 1, fields: BTreeMap::new() },
        ..create(9, Collection::OpinionCard, opinion(Uuid::new_v4()))
    };
    for (body, want) in [
        (b"\x00\x01 not json".to_vec(), (StatusCode::BAD_REQUEST, "sync_malformed")),
        (text(json!({"v": 1})), (StatusCode::BAD_REQUEST, "sync_malformed")),
        (text(wrong_version), (StatusCode::BAD_REQUEST, "sync_unsupported_version")),
        (big, (StatusCode::PAYLOAD_TOO_LARGE, "sync_too_large")),
        (with(many), (StatusCode::PAYLOAD_TOO_LARGE, "sync_too_many")),
        (with(vec![c(5), c(5)]), (StatusCode::BAD_REQUEST, "sync_bad_sequence")),
        (with(vec![c(6), c(4)]), (StatusCode::BAD_REQUEST, "sync_bad_sequence")),
        (with(vec![c(0)]), (StatusCode::BAD_REQUEST, "sync_bad_sequence")),
        (
            encode_request(&SyncRequest { cursor: None, push: vec![c(7)], ..valid.clone() }),
            (StatusCode::BAD_REQUEST, "sync_bad_sequence"),
        ),
        (with(vec![update_card]), (StatusCode::BAD_REQUEST, "sync_immutable")),
        (
            encode_request(&SyncRequest {
                v: liaison_sync::VERSION,
                push: vec![create(8, Collection::MatterStatus, opinion(Uuid::new_v4()))],
                ..valid.clone()
            }),
            (StatusCode::BAD_REQUEST, "sync_server_written"),
        ),
        (
            with(vec![create(8, Collection::MatterStatus, opinion(Uuid::new_v4()))]),
            (StatusCode::BAD_REQUEST, "sync_malformed"),
        ),
    ] {
        let (status, key) = app.refused(Some(&token), body).await;
        assert_eq!((status, key.as_str()), want);
    }
    assert_eq!(app.store.sync_stats().await.unwrap(), stats, "nothing written");

    // At the limits: accepted.
    let most: Vec<Mutation> = (2..LIMITS.max_push as u64 + 2).map(c).collect();
    let (status, bytes) = app.post(Some(&token), with(most)).await;
    assert_eq!(status, StatusCode::OK);
    let answer = decode_response(&bytes, &LIMITS).unwrap();
    assert_eq!(answer.results.len(), LIMITS.max_push);
    assert_eq!(app.store.sync_stats().await.unwrap().records, 1 + LIMITS.max_push as u64);
}
