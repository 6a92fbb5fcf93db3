//! Sync figures (printed, never asserted) through the real HTTP server on
//! 127.0.0.1 over a fresh SQLite database in a temporary directory — and over
//! PostgreSQL too when `LIAISON_TEST_DATABASE_URL` is set (a fresh database is
//! made there and dropped). Run it with `cargo xtask bench-sync` (release build,
//! with a throwaway PostgreSQL cluster), or
//! `cargo run --release -p liaison-server --example bench_sync`.
//!
//! Figures: a representative of the demo organisation pushing 10,000 opinion
//! cards of about 1 KB (300 Chinese characters) in requests of 2,000 — each
//! becomes a matter of the office, whose status comes back to the phone —;
//! pulling them (and their statuses) into an empty second phone; 100 new
//! cards of 10,000 (the push, then the other phone's pull); a sync with
//! nothing to do.

#[path = "common/mod.rs"]
mod common;

use chrono::Utc;
use liaison_core::UserId;
use liaison_core::account::{DisplayName, Login, Role};
use liaison_server::store::{NewUser, Store, User};
use liaison_server::sync::LIMITS;
use liaison_server::{AppState, router, serve, web::WebRoot};
use liaison_sync::{
    Collection, Cursor, DeviceId, Mutation, MutationSeq, Op, Outcome, RecordKey, SyncRequest, decode_response,
    encode_request,
};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use uuid::Uuid;

const CARDS: u64 = 10_000;
const CHANGED: u64 = 100;

/// One phone talking HTTP/1.1 (keep-alive) to the server.
struct Phone {
    id: DeviceId,
    token: String,
    stream: BufReader<TcpStream>,
    cursor: Option<Cursor>,
    next_seq: u64,
    requests: usize,
    bytes_sent: usize,
    bytes_received: usize,
}

impl Phone {
    async fn connect(addr: std::net::SocketAddr, id: DeviceId, token: String) -> Phone {
        let stream = TcpStream::connect(addr).await.unwrap();
        // One write per request and no Nagle delay: the figures are the server's.
        stream.set_nodelay(true).unwrap();
        let stream = BufReader::new(stream);
        Phone { id, token, stream, cursor: None, next_seq: 1, requests: 0, bytes_sent: 0, bytes_received: 0 }
    }

    async fn post(&mut self, body: &[u8]) -> Vec<u8> {
        let head = format!(
            "POST /api/v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.token,
            body.len()
        );
        let mut message = head.into_bytes();
        message.extend_from_slice(body);
        self.stream.get_mut().write_all(&message).await.unwrap();
        let mut status = String::new();
        self.stream.read_line(&mut status).await.unwrap();
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.stream.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap();
            }
        }
        let mut answer = vec![0; length];
        self.stream.read_exact(&mut answer).await.unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{status} {}", String::from_utf8_lossy(&answer));
        self.requests += 1;
        self.bytes_sent += body.len();
        self.bytes_received += answer.len();
        answer
    }

    /// Syncs until nothing is left to push or pull; answers the changes pulled.
    async fn sync(&mut self, mut outbox: Vec<Mutation>) -> usize {
        let mut pulled = 0;
        loop {
            let take = if self.cursor.is_some() { outbox.len().min(LIMITS.max_push) } else { 0 };
            let push: Vec<Mutation> = outbox.drain(..take).collect();
            let pushed = push.len();
            let request = SyncRequest {
                v: liaison_sync::VERSION,
                device: self.id,
                cursor: self.cursor,
                push,
                pull_limit: LIMITS.max_pull,
            };
            let answer = decode_response(&self.post(&encode_request(&request)).await, &LIMITS).unwrap();
            assert_eq!(answer.results.len(), pushed);
            for result in &answer.results {
                assert!(matches!(result.outcome, Outcome::Applied { .. }), "{result:?}");
            }
            pulled += answer.changes.len();
            self.cursor = Some(answer.cursor);
            if outbox.is_empty() && !answer.more {
                return pulled;
            }
        }
    }

    fn cards(&mut self, n: u64) -> Vec<Mutation> {
        (0..n)
            .map(|_| {
                let seq = MutationSeq(self.next_seq);
                self.next_seq += 1;
                let id = Uuid::new_v4();
                Mutation {
                    seq,
                    key: RecordKey { collection: Collection::OpinionCard, id },
                    op: Op::Create { body: card(id) },
                }
            })
            .collect()
    }

    fn reset_counts(&mut self) {
        (self.requests, self.bytes_sent, self.bytes_received) = (0, 0, 0);
    }
}

/// The core's golden opinion card (v3) with 315 Chinese characters of content.
fn card(id: Uuid) -> liaison_sync::Body {
    let golden = include_str!("../../liaison-core/tests/golden/opinion_card_v3.json");
    let Ok(Value::Object(mut body)) = serde_json::from_str(golden) else { unreachable!() };
    body.insert("id".into(), json!(id.hyphenated().to_string()));
    body.insert(
        "content".into(),
        json!("村口的路灯坏了三个月，晚上老人孩子出行很不方便，希望有关部门尽快修好。".repeat(9)),
    );
    body
}

fn line(what: &str, elapsed: Duration, phone: &Phone) {
    println!(
        "  {what:<52} {:>9.1} ms  {:>3} requests  {:>6.1} MB up  {:>6.1} MB down",
        elapsed.as_secs_f64() * 1000.0,
        phone.requests,
        phone.bytes_sent as f64 / 1e6,
        phone.bytes_received as f64 / 1e6
    );
}

async fn bench(name: &str, store: Store) {
    let org = liaison_core::demo::organisation();
    store.load_org(&org).await.unwrap();
    let user = User {
        id: UserId::from_uuid(Uuid::new_v4()),
        login: Login::parse("bench").unwrap(),
        name: DisplayName::parse("测试").unwrap(),
        role: Role::Representative,
        organisation_id: Some(org.id),
        created_at: Utc::now(),
    };
    store.create_user(&NewUser { user: user.clone(), password_hash: "x".into() }).await.unwrap();
    let (a_id, a_token) = common::device(&store, &user).await;
    let (b_id, b_token) = common::device(&store, &user).await;
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "shell").unwrap();
    let blobs = liaison_server::photos::blobs::BlobStore::open(&web.path().join("photos")).unwrap();
    let app = router(AppState::new(store.clone(), WebRoot::new(web.path()).unwrap(), blobs));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, app, None, async {
        let _ = stopped.await;
    }));

    println!("{name}:");
    let mut a = Phone::connect(addr, a_id, a_token).await;
    let mut b = Phone::connect(addr, b_id, b_token).await;
    a.sync(vec![]).await;
    b.sync(vec![]).await;

    let cards = a.cards(CARDS);
    a.reset_counts();
    let t = Instant::now();
    let receipts = a.sync(cards).await;
    line(&format!("push {CARDS} opinion cards (~1 KB each)"), t.elapsed(), &a);
    // A receipt and a matter's status a card.
    assert_eq!(receipts as u64, 2 * CARDS);

    b.reset_counts();
    let t = Instant::now();
    let pulled = b.sync(vec![]).await;
    line(&format!("pull {CARDS} (and their statuses) into an empty phone"), t.elapsed(), &b);
    assert_eq!(pulled as u64, 2 * CARDS);

    let cards = a.cards(CHANGED);
    a.reset_counts();
    let t = Instant::now();
    a.sync(cards).await;
    line(&format!("push {CHANGED} new of {}", CARDS + CHANGED), t.elapsed(), &a);
    b.reset_counts();
    let t = Instant::now();
    let pulled = b.sync(vec![]).await;
    line(&format!("pull {CHANGED} changed of {}", CARDS + CHANGED), t.elapsed(), &b);
    assert_eq!(pulled as u64, 2 * CHANGED);

    b.reset_counts();
    let t = Instant::now();
    assert_eq!(b.sync(vec![]).await, 0);
    line("a sync with nothing to do", t.elapsed(), &b);

    drop((a, b));
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    store.close().await;
}

#[tokio::main]
async fn main() {
    let data = tempfile::tempdir().unwrap();
    bench("SQLite (temporary directory)", Store::open(data.path()).await.unwrap()).await;

    let Some(db) = common::postgres::BenchDatabase::create("bench-sync").await else { return };
    bench("PostgreSQL (local throwaway cluster)", Store::connect_postgres(&db.url).await.unwrap()).await;
    db.drop().await;
}
