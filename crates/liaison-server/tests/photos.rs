//! Photo bytes over HTTP: resumable, verified, de-duplicated uploads and
//! downloads only for users whose synced records name the photo — through the
//! real router, with real device tokens, on SQLite; the ownership query on
//! both backends.

mod support;

use axum::body::Body as HttpBody;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use liaison_server::photos::MAX_PIECE;
use liaison_server::photos::blobs::BlobStore;
use liaison_server::store::{Store, User};
use liaison_server::{AppState, router, web::WebRoot};
use liaison_sync::{Collection, Outcome, encode_request};
use serde_json::Value;
use sha2::{Digest, Sha256};
use support::sync::*;
use tower::ServiceExt;
use uuid::Uuid;

const PIECE: usize = 256 << 10;

/// Deterministic bytes standing for a JPEG: `len` of them, varied by `seed`.
fn content(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) as u8
        })
        .collect()
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

struct App {
    router: axum::Router,
    store: Store,
    data: tempfile::TempDir,
    _web: tempfile::TempDir,
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| panic!("not JSON: {:?}", self.body.get(..100)))
    }

    /// `(status, error key)` of a refusal.
    fn refusal(&self) -> (StatusCode, String) {
        let json = self.json();
        (self.status, json["error"]["key"].as_str().unwrap_or_else(|| panic!("no key in {json}")).to_owned())
    }

    /// `(offset, complete)` of a success.
    fn progress(&self) -> (u64, bool) {
        assert_eq!(self.status, StatusCode::OK, "{}", String::from_utf8_lossy(&self.body));
        let json = self.json();
        (json["offset"].as_u64().unwrap(), json["complete"].as_bool().unwrap())
    }
}

/// A signed-in phone: its user, device id and token.
struct Phone {
    user: User,
    device: liaison_sync::DeviceId,
    token: String,
    seq: u64,
    cursor: Option<liaison_sync::Cursor>,
}

async fn app() -> App {
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path()).await.unwrap();
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "shell").unwrap();
    let blobs = BlobStore::open(data.path()).unwrap();
    let router = router(AppState::new(store.clone(), WebRoot::new(web.path()).unwrap(), blobs));
    App { router, store, data, _web: web }
}

impl App {
    async fn call(&self, method: Method, uri: &str, token: Option<&str>, size: Option<&str>, body: Vec<u8>) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(size) = size {
            request = request.header("X-Photo-Size", size);
        }
        let response = self.router.clone().oneshot(request.body(HttpBody::from(body)).unwrap()).await.unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        Answer { status, headers, body: response.into_body().collect().await.unwrap().to_bytes().to_vec() }
    }

    async fn phone(&self, login: &str) -> Phone {
        let user = user(&self.store, login).await;
        self.another_phone(&user).await
    }

    async fn another_phone(&self, user: &User) -> Phone {
        let (device, token) = device_with_id(&self.store, user, Uuid::new_v4()).await;
        Phone { user: user.clone(), device, token: token.expose().to_owned(), seq: 0, cursor: None }
    }

    /// Syncs a photo record naming `sha256` and `bytes` from `phone`, as the
    /// phone does before uploading.
    async fn sync_round(&self, phone: &mut Phone, push: Vec<liaison_sync::Mutation>) -> liaison_sync::SyncResponse {
        let body = encode_request(&request(phone.device, phone.cursor, push, 100));
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/sync")
            .header(header::AUTHORIZATION, format!("Bearer {}", phone.token))
            .header(header::CONTENT_TYPE, "application/json");
        let response = self.router.clone().oneshot(request.body(HttpBody::from(body)).unwrap()).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&bytes));
        let answer = liaison_sync::decode_response(&bytes, &liaison_server::sync::LIMITS).unwrap();
        phone.cursor = Some(answer.cursor);
        answer
    }

    /// Syncs a photo record naming `sha256` and `bytes` from `phone`, as the
    /// phone does before uploading (a first pull gives it a cursor).
    async fn sync_record(&self, phone: &mut Phone, sha256: &str, bytes: usize) {
        if phone.cursor.is_none() {
            self.sync_round(phone, vec![]).await;
        }
        phone.seq += 1;
        let mutation = create(phone.seq, Collection::Photo, photo(Uuid::new_v4(), sha256, bytes));
        let answer = self.sync_round(phone, vec![mutation]).await;
        assert!(matches!(answer.results[0].outcome, Outcome::Applied { .. }), "{:?}", answer.results[0]);
    }

    async fn status(&self, phone: &Phone, sha256: &str) -> Answer {
        self.call(Method::GET, &format!("/api/v1/photos/{sha256}/upload"), Some(&phone.token), None, vec![]).await
    }

    async fn put(&self, phone: &Phone, sha256: &str, size: usize, offset: usize, piece: &[u8]) -> Answer {
        let uri = format!("/api/v1/photos/{sha256}/upload?offset={offset}");
        self.call(Method::PUT, &uri, Some(&phone.token), Some(&size.to_string()), piece.to_vec()).await
    }

    async fn get(&self, phone: &Phone, sha256: &str) -> Answer {
        self.call(Method::GET, &format!("/api/v1/photos/{sha256}"), Some(&phone.token), None, vec![]).await
    }

    /// The files in the photo folder, sorted.
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.data.path().join("photos"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    fn part_len(&self, sha256: &str, phone: &Phone) -> Option<u64> {
        let path = self.data.path().join("photos").join(format!("{sha256}.{}.part", phone.device.as_uuid()));
        std::fs::metadata(path).ok().map(|m| m.len())
    }
}

#[tokio::test]
async fn a_photo_uploaded_in_three_pieces_comes_back_identical() {
    let app = app().await;
    let mut phone = app.phone("zhang.san").await;
    let jpeg = content(2 * PIECE + 1_000, 1);
    let name = sha(&jpeg);
    app.sync_record(&mut phone, &name, jpeg.len()).await;

    assert_eq!(app.status(&phone, &name).await.progress(), (0, false));
    assert_eq!(app.put(&phone, &name, jpeg.len(), 0, &jpeg[..PIECE]).await.progress(), (PIECE as u64, false));
    assert_eq!(
        app.put(&phone, &name, jpeg.len(), PIECE, &jpeg[PIECE..2 * PIECE]).await.progress(),
        (2 * PIECE as u64, false)
    );
    assert!(app.get(&phone, &name).await.status == StatusCode::NOT_FOUND, "not visible before it is complete");
    let last = app.put(&phone, &name, jpeg.len(), 2 * PIECE, &jpeg[2 * PIECE..]).await;
    assert_eq!(last.progress(), (jpeg.len() as u64, true));
    assert_eq!(app.files(), [format!("{name}.jpg")], "the partial upload became the blob");

    let got = app.get(&phone, &name).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.headers[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(got.headers[header::CACHE_CONTROL], "private, max-age=31536000, immutable");
    assert!(got.body == jpeg, "the same bytes");
    assert_eq!(app.status(&phone, &name).await.progress(), (jpeg.len() as u64, true));
    // A piece re-sent after the answer was lost: the upload is complete.
    assert_eq!(
        app.put(&phone, &name, jpeg.len(), 2 * PIECE, &jpeg[2 * PIECE..]).await.progress(),
        (jpeg.len() as u64, true)
    );
}

#[tokio::test]
async fn an_interrupted_upload_resumes_where_the_server_stands() {
    let app = app().await;
    let mut phone = app.phone("zhang.san").await;
    let jpeg = content(PIECE + 5, 2);
    let name = sha(&jpeg);
    app.sync_record(&mut phone, &name, jpeg.len()).await;
    app.put(&phone, &name, jpeg.len(), 0, &jpeg[..PIECE]).await.progress();

    // The connection dropped; later the phone asks where to go on from.
    let (offset, complete) = app.status(&phone, &name).await.progress();
    assert_eq!((offset, complete), (PIECE as u64, false));
    let rest = &jpeg[offset as usize..];
    assert_eq!(app.put(&phone, &name, jpeg.len(), offset as usize, rest).await.progress(), (jpeg.len() as u64, true));
    assert!(app.get(&phone, &name).await.body == jpeg);
}

#[tokio::test]
async fn a_piece_at_the_wrong_offset_writes_nothing_and_says_where_the_upload_stands() {
    let app = app().await;
    let mut phone = app.phone("zhang.san").await;
    let jpeg = content(3 * PIECE, 3);
    let name = sha(&jpeg);
    app.sync_record(&mut phone, &name, jpeg.len()).await;
    app.put(&phone, &name, jpeg.len(), 0, &jpeg[..PIECE]).await.progress();

    for offset in [0, PIECE - 1, PIECE + 1, 2 * PIECE] {
        let answer = app.put(&phone, &name, jpeg.len(), offset, &jpeg[offset..offset + PIECE]).await;
        assert_eq!(answer.refusal(), (StatusCode::CONFLICT, "photo_offset_mismatch".into()), "at {offset}");
        assert_eq!(
            (answer.json()["offset"].as_u64(), answer.json()["complete"].as_bool()),
            (Some(PIECE as u64), Some(false))
        );
        assert_eq!(app.part_len(&name, &phone), Some(PIECE as u64), "nothing written");
    }
    assert_eq!(app.status(&phone, &name).await.progress(), (PIECE as u64, false));
}

#[tokio::test]
async fn corrupt_content_is_discarded_and_the_upload_can_start_again() {
    let app = app().await;
    let mut phone = app.phone("zhang.san").await;
    let jpeg = content(PIECE + 10, 4);
    let name = sha(&jpeg);
    app.sync_record(&mut phone, &name, jpeg.len()).await;
    let mut damaged = jpeg.clone();
    damaged[PIECE + 3] ^= 0x40;

    app.put(&phone, &name, jpeg.len(), 0, &damaged[..PIECE]).await.progress();
    let last = app.put(&phone, &name, jpeg.len(), PIECE, &damaged[PIECE..]).await;
    assert_eq!(last.refusal(), (StatusCode::UNPROCESSABLE_ENTITY, "photo_hash_mismatch".into()));
    assert!(app.files().is_empty(), "nothing kept: {:?}", app.files());
    assert_eq!(app.get(&phone, &name).await.refusal(), (StatusCode::NOT_FOUND, "photo_not_uploaded".into()));
    assert_eq!(app.status(&phone, &name).await.progress(), (0, false));

    app.put(&phone, &name, jpeg.len(), 0, &jpeg[..PIECE]).await.progress();
    assert_eq!(app.put(&phone, &name, jpeg.len(), PIECE, &jpeg[PIECE..]).await.progress(), (jpeg.len() as u64, true));
    assert!(app.get(&phone, &name).await.body == jpeg);
}

#[tokio::test]
async fn the_same_photo_is_stored_once_and_shown_only_to_users_with_its_record() {
    let app = app().await;
    let mut first = app.phone("zhang.san").await;
    let mut second = app.phone("li.si").await;
    let stranger = app.phone("wang.wu").await;
    let jpeg = content(PIECE + 77, 5);
    let name = sha(&jpeg);
    app.sync_record(&mut first, &name, jpeg.len()).await;
    app.sync_record(&mut second, &name, jpeg.len()).await;
    app.put(&first, &name, jpeg.len(), 0, &jpeg[..PIECE]).await.progress();
    app.put(&first, &name, jpeg.len(), PIECE, &jpeg[PIECE..]).await.progress();

    // Another user's phone with a record of the same content sends nothing.
    assert_eq!(app.status(&second, &name).await.progress(), (jpeg.len() as u64, true));
    assert_eq!(app.put(&second, &name, jpeg.len(), 0, &jpeg[..PIECE]).await.progress(), (jpeg.len() as u64, true));
    assert!(app.get(&second, &name).await.body == jpeg);
    assert_eq!(app.files(), [format!("{name}.jpg")]);

    // A user without a record: the same 404 as for a photo nobody has, and no upload.
    let unknown = sha(b"no such photo");
    for sha256 in [&name, &unknown] {
        let got = app.get(&stranger, sha256).await;
        assert_eq!(got.refusal(), (StatusCode::NOT_FOUND, "server_not_found".into()));
        assert!(!got.body.windows(4).any(|w| w == b"\xff\xd8\xff\xe0"));
        assert_eq!(app.status(&stranger, sha256).await.refusal(), (StatusCode::NOT_FOUND, "photo_no_record".into()));
    }
    let other = content(100, 6);
    let refused = app.put(&stranger, &sha(&other), other.len(), 0, &other).await;
    assert_eq!(refused.refusal(), (StatusCode::NOT_FOUND, "photo_no_record".into()));
    assert_eq!(app.files(), [format!("{name}.jpg")], "nothing written for the stranger");
}

#[tokio::test]
async fn two_phones_uploading_the_same_photo_at_once_do_not_mix_their_pieces() {
    let app = app().await;
    let mut a = app.phone("zhang.san").await;
    let mut b = app.another_phone(&a.user).await;
    let jpeg = content(2 * PIECE + 9, 7);
    let name = sha(&jpeg);
    app.sync_record(&mut a, &name, jpeg.len()).await;
    app.sync_record(&mut b, &name, jpeg.len()).await;

    app.put(&a, &name, jpeg.len(), 0, &jpeg[..PIECE]).await.progress();
    assert_eq!(app.status(&b, &name).await.progress(), (0, false), "b's upload is its own");
    app.put(&b, &name, jpeg.len(), 0, &jpeg[..PIECE]).await.progress();
    app.put(&b, &name, jpeg.len(), PIECE, &jpeg[PIECE..2 * PIECE]).await.progress();
    app.put(&a, &name, jpeg.len(), PIECE, &jpeg[PIECE..2 * PIECE]).await.progress();
    assert_eq!(
        app.put(&a, &name, jpeg.len(), 2 * PIECE, &jpeg[2 * PIECE..]).await.progress(),
        (jpeg.len() as u64, true)
    );
    // b's next piece learns the photo is complete; its partial stays unused.
    assert_eq!(
        app.put(&b, &name, jpeg.len(), 2 * PIECE, &jpeg[2 * PIECE..]).await.progress(),
        (jpeg.len() as u64, true)
    );
    assert!(app.get(&b, &name).await.body == jpeg);
}

#[tokio::test]
async fn refusals_have_their_status_and_key_and_write_nothing() {
    let app = app().await;
    let mut phone = app.phone("zhang.san").await;
    let jpeg = content(MAX_PIECE + 10, 8);
    let name = sha(&jpeg);
    app.sync_record(&mut phone, &name, jpeg.len()).await;
    let size = jpeg.len().to_string();
    let put = |uri: String, token: Option<String>, size: Option<String>, body: Vec<u8>| {
        let app = &app;
        async move { app.call(Method::PUT, &uri, token.as_deref(), size.as_deref(), body).await }
    };
    let upload = format!("/api/v1/photos/{name}/upload");
    let token = Some(phone.token.clone());

    // Too large: a piece above 1 MiB, a photo above the core's limit.
    let big =
        put(format!("{upload}?offset=0"), token.clone(), Some(size.clone()), jpeg[..MAX_PIECE + 1].to_vec()).await;
    assert_eq!(big.refusal(), (StatusCode::PAYLOAD_TOO_LARGE, "photo_piece_too_large".into()));
    let huge = (u64::from(liaison_core::photo::MAX_BYTES) + 1).to_string();
    let answer = put(format!("{upload}?offset=0"), token.clone(), Some(huge), jpeg[..PIECE].to_vec()).await;
    assert_eq!(answer.refusal(), (StatusCode::PAYLOAD_TOO_LARGE, "photo_too_large".into()));

    // Not a SHA-256, on every endpoint.
    for bad in [name.to_uppercase(), name[1..].to_owned(), format!("{}z", &name[1..]), "..%2F..%2Fetc".into()] {
        for (method, uri) in [
            (Method::GET, format!("/api/v1/photos/{bad}")),
            (Method::GET, format!("/api/v1/photos/{bad}/upload")),
            (Method::PUT, format!("/api/v1/photos/{bad}/upload?offset=0")),
        ] {
            let answer = app.call(method, &uri, token.as_deref(), Some(&size), jpeg[..10].to_vec()).await;
            assert_eq!(answer.refusal(), (StatusCode::BAD_REQUEST, "photo_hash_invalid".into()), "{uri}");
        }
    }

    // Offsets and sizes that are not byte counts.
    for query in
        ["", "?offset=-1", "?offset=abc", "?offset=", "?offset=1.5", "?offset=%201", "?offset=0&offset=0", "?at=0"]
    {
        let answer = put(format!("{upload}{query}"), token.clone(), Some(size.clone()), jpeg[..10].to_vec()).await;
        assert_eq!(answer.refusal(), (StatusCode::BAD_REQUEST, "photo_upload_malformed".into()), "{query:?}");
    }
    for size in [None, Some("-5".to_owned()), Some("0".into()), Some("1e6".into()), Some(" 5".into())] {
        let answer = put(format!("{upload}?offset=0"), token.clone(), size.clone(), jpeg[..10].to_vec()).await;
        assert_eq!(answer.refusal(), (StatusCode::BAD_REQUEST, "photo_upload_malformed".into()), "{size:?}");
    }
    // A size other than the record's; a piece past the end.
    let other_size = (jpeg.len() + 1).to_string();
    let answer = put(format!("{upload}?offset=0"), token.clone(), Some(other_size), jpeg[..10].to_vec()).await;
    assert_eq!(answer.refusal(), (StatusCode::CONFLICT, "photo_size_mismatch".into()));
    app.put(&phone, &name, jpeg.len(), 0, &jpeg[..MAX_PIECE]).await.progress();
    let past = app.put(&phone, &name, jpeg.len(), MAX_PIECE, &jpeg[MAX_PIECE - 5..]).await;
    assert_eq!(past.refusal(), (StatusCode::BAD_REQUEST, "photo_upload_malformed".into()));
    assert_eq!(app.part_len(&name, &phone), Some(MAX_PIECE as u64), "only the good piece was written");

    // No token, or an unknown one.
    for token in [None, Some("not-a-token".to_owned())] {
        for (method, uri) in [
            (Method::GET, format!("/api/v1/photos/{name}")),
            (Method::GET, format!("/api/v1/photos/{name}/upload")),
            (Method::PUT, format!("/api/v1/photos/{name}/upload?offset=0")),
        ] {
            let answer = app.call(method, &uri, token.as_deref(), Some(&size), jpeg[..10].to_vec()).await;
            assert_eq!(answer.refusal(), (StatusCode::UNAUTHORIZED, "unauthorized".into()), "{uri}");
        }
    }
    assert_eq!(app.part_len(&name, &phone), Some(MAX_PIECE as u64));
}

// ---------------------------------------------------------------- the ownership query

async fn who_may_see_a_photo(store: Store) {
    let owner = user(&store, "zhang.san").await;
    let other = user(&store, "li.si").await;
    let device = device(&store, &owner).await;
    let name = sha(b"photo");
    let mutations = vec![
        create(1, Collection::Photo, photo(Uuid::new_v4(), &name, 5)),
        create(2, Collection::Photo, photo(Uuid::new_v4(), &sha(b"another"), 7)),
        create(3, Collection::OpinionCard, opinion(Uuid::new_v4())),
    ];
    let request = request(device, None, mutations, 100);
    let answer = store
        .sync(
            owner.id,
            liaison_core::DeviceId::from_uuid(device.as_uuid()),
            &request,
            &liaison_server::sync::LIMITS,
            at("2026-11-21T00:00:00Z"),
        )
        .await
        .unwrap()
        .response;
    assert!(answer.results.iter().all(|r| matches!(r.outcome, Outcome::Applied { .. })), "{:?}", answer.results);

    assert_eq!(store.photo_sizes(owner.id, &name).await.unwrap(), [5]);
    assert_eq!(store.photo_sizes(owner.id, &sha(b"another")).await.unwrap(), [7]);
    assert!(store.photo_sizes(other.id, &name).await.unwrap().is_empty(), "another user's record");
    assert!(store.photo_sizes(owner.id, &sha(b"nothing")).await.unwrap().is_empty());
}

#[tokio::test]
async fn who_may_see_a_photo_on_sqlite() {
    let data = tempfile::tempdir().unwrap();
    who_may_see_a_photo(Store::open(data.path()).await.unwrap()).await;
}

#[tokio::test]
async fn who_may_see_a_photo_on_postgres() {
    let Some(db) = support::fresh_postgres("who_may_see_a_photo_on_postgres").await else {
        return;
    };
    who_may_see_a_photo(Store::connect_postgres(&db.url).await.unwrap()).await;
    db.drop().await;
}

// ---------------------------------------------------------------- thumbnails

/// A real JPEG of `width` × `height` (a gradient).
fn jpeg_of(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, 120]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&picture).unwrap();
    out
}

impl App {
    async fn thumbnail(&self, phone: &Phone, sha256: &str) -> Answer {
        self.call(Method::GET, &format!("/api/v1/photos/{sha256}/thumbnail"), Some(&phone.token), None, vec![]).await
    }

    /// Syncs the record and uploads all of `bytes` from `phone`.
    async fn uploaded(&self, phone: &mut Phone, bytes: &[u8]) -> String {
        let name = sha(bytes);
        self.sync_record(phone, &name, bytes.len()).await;
        for (n, piece) in bytes.chunks(PIECE).enumerate() {
            self.put(phone, &name, bytes.len(), n * PIECE, piece).await.progress();
        }
        name
    }
}

#[tokio::test]
async fn a_thumbnail_is_a_small_jpeg_made_once_and_kept_beside_the_photo() {
    let app = app().await;
    let mut phone = app.phone("zhang.san").await;
    let photo = jpeg_of(1600, 1200);
    let name = app.uploaded(&mut phone, &photo).await;

    let thumb = app.thumbnail(&phone, &name).await;
    assert_eq!(thumb.status, StatusCode::OK, "{}", String::from_utf8_lossy(&thumb.body));
    assert_eq!(thumb.headers[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(thumb.headers[header::CACHE_CONTROL], "private, max-age=31536000, immutable");
    let decoded = image::load_from_memory_with_format(&thumb.body, image::ImageFormat::Jpeg).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (320, 240));
    assert!(thumb.body.len() < photo.len() / 4, "{} bytes of {}", thumb.body.len(), photo.len());
    assert_eq!(app.files(), [format!("{name}.jpg"), format!("{name}.thumb.jpg")], "cached, no temporary file left");

    // The second request reads the cache: a marker written into it comes back.
    let cached = app.data.path().join("photos").join(format!("{name}.thumb.jpg"));
    std::fs::write(&cached, b"cached thumbnail").unwrap();
    assert_eq!(app.thumbnail(&phone, &name).await.body, b"cached thumbnail");

    // The same user's other phone (which pulled the record) sees it too.
    let other = app.another_phone(&phone.user).await;
    assert_eq!(app.thumbnail(&other, &name).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_portrait_photo_keeps_its_shape_and_a_small_one_is_not_enlarged() {
    let app = app().await;
    let mut phone = app.phone("zhang.san").await;
    for ((width, height), expected) in [((900, 1600), (180, 320)), ((200, 120), (200, 120))] {
        let name = app.uploaded(&mut phone, &jpeg_of(width, height)).await;
        let thumb = app.thumbnail(&phone, &name).await;
        let decoded = image::load_from_memory_with_format(&thumb.body, image::ImageFormat::Jpeg).unwrap();
        assert_eq!((decoded.width(), decoded.height()), expected, "{width}×{height}");
    }
}

#[tokio::test]
async fn a_thumbnail_is_refused_like_the_photo_itself() {
    let app = app().await;
    let mut phone = app.phone("zhang.san").await;
    let stranger = app.phone("wang.wu").await;
    let name = app.uploaded(&mut phone, &jpeg_of(640, 480)).await;

    // Another user, or a photo nobody has: the same 404.
    for sha256 in [name.clone(), sha(b"no such photo")] {
        assert_eq!(
            app.thumbnail(&stranger, &sha256).await.refusal(),
            (StatusCode::NOT_FOUND, "server_not_found".into())
        );
    }
    // The record is synced but its bytes are not uploaded yet.
    let waiting = jpeg_of(320, 200);
    app.sync_record(&mut phone, &sha(&waiting), waiting.len()).await;
    assert_eq!(
        app.thumbnail(&phone, &sha(&waiting)).await.refusal(),
        (StatusCode::NOT_FOUND, "photo_not_uploaded".into())
    );
    // Without a token; with a name that is not a hash.
    let anonymous = app.call(Method::GET, &format!("/api/v1/photos/{name}/thumbnail"), None, None, vec![]).await;
    assert_eq!(anonymous.refusal(), (StatusCode::UNAUTHORIZED, "unauthorized".into()));
    assert_eq!(
        app.thumbnail(&phone, "NOT-A-HASH").await.refusal(),
        (StatusCode::BAD_REQUEST, "photo_hash_invalid".into())
    );
    assert!(!app.files().iter().any(|f| f.contains(".thumb.") && !f.starts_with(&name)), "{:?}", app.files());
}

#[tokio::test]
async fn bytes_that_are_no_jpeg_have_no_thumbnail_and_say_so() {
    let app = app().await;
    let mut phone = app.phone("zhang.san").await;
    let mut broken = jpeg_of(640, 480);
    broken.truncate(400);
    for bytes in [content(PIECE + 3, 9), broken] {
        let name = app.uploaded(&mut phone, &bytes).await;
        let answer = app.thumbnail(&phone, &name).await;
        assert_eq!(answer.refusal(), (StatusCode::UNPROCESSABLE_ENTITY, "photo_stored_unreadable".into()));
        assert!(!app.files().contains(&format!("{name}.thumb.jpg")), "nothing cached");
        // The photo itself is still there to download.
        assert!(app.get(&phone, &name).await.body == bytes);
    }
}
