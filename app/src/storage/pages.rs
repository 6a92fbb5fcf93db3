//! Opinion cards pulled from the server, kept a page a sync response.
//!
//! Chromium's IndexedDB charges mostly per record written or read, not per
//! byte: 10,000 cards one a record took about 1 s to write, a hundred a
//! record about 0.15 s (docs/BENCHMARKS.md). Cards made on this phone stay
//! one a record in `opinion_cards` (each is written with its outbox entry);
//! the cards a sync brings from the server go into one new page of
//! `card_pages` per response. A pulled card never changes, so a page is
//! written once and never rewritten.
//!
//! The page record, version 1 (frozen by `app/tests/golden/card_page_v1.json`):
//! `{page: n, v: 1, ids: [id, …], at: [collected_at, …], cards: [card, …]}`
//! — `ids[i]` and `at[i]` are `cards[i]`'s id and collected time (the
//! indexes `by_id` and `by_at` are on them), and each card is the record
//! the server sent, as `opinion_cards` would hold it.
//!
//! The app shell reads pages where it lists cards (`Storage::list_cards`,
//! `newest_cards`, `count_cards`); what is here is for the sync, export
//! and import, in the tools module.

use super::sync::{DENSE_UP_TO, span};
use super::{StorageError, next_seq, schema};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use liaison_sync::wire::Body;
use serde::Serialize;
use std::collections::HashSet;
use wasm_bindgen::JsValue;

/// The format's version.
const VERSION: u32 = 1;

/// A page as written.
#[derive(Serialize)]
struct Page<'a> {
    page: u64,
    v: u32,
    ids: Vec<&'a str>,
    at: Vec<&'a str>,
    cards: Vec<&'a Body>,
}

/// Keeps pulled cards (checked, and not on the phone yet) as one new page,
/// inside the sync transaction. One request, whatever their number.
pub(super) async fn write(tx: &Transaction<'_>, cards: &[(String, &Body)]) -> Result<(), StorageError> {
    if cards.is_empty() {
        return Ok(());
    }
    let page = Page {
        page: next_seq(tx, schema::SETTING_PAGE_SEQ).await?,
        v: VERSION,
        ids: cards.iter().map(|(id, _)| id.as_str()).collect(),
        at: cards.iter().map(|(_, body)| body.get("collected_at").and_then(|t| t.as_str()).unwrap_or("")).collect(),
        cards: cards.iter().map(|(_, body)| *body).collect(),
    };
    // One JSON text parsed once: far cheaper than building each card's
    // object through the boundary.
    let text = serde_json::to_string(&page).map_err(|e| StorageError::Failed(e.to_string()))?;
    let value = js_sys::JSON::parse(&text).map_err(|_| StorageError::Failed("JSON.parse".into()))?;
    tx.object_store(schema::CARD_PAGES)?.add(value).primitive()?.await?;
    Ok(())
}

/// Which of `ids` are kept in pages: one walk of the index's keys in the
/// range they span (ids are UUIDv7, so a page of new cards spans few kept
/// ones), or one count an id for a few ids or a range holding many more.
pub(super) async fn present(tx: &Transaction<'_>, ids: &[&str]) -> Result<Vec<String>, StorageError> {
    let store = tx.object_store(schema::CARD_PAGES)?;
    let index = store.index(schema::PAGES_BY_ID)?;
    let (wanted, range) = span(ids);
    // Counted first (keys only): a range holding many more kept cards than
    // ids asked for (an old card among new ones) is asked one id at a time
    // instead of walked.
    let range = match range {
        Some(range) => {
            let held = index.count().with_query::<JsValue, _>(range.clone()).primitive()?.await? as usize;
            (held <= DENSE_UP_TO * ids.len()).then_some(range)
        }
        None => None,
    };
    let mut here = Vec::new();
    match range {
        Some(range) => {
            let cursor = index.open_key_cursor().with_query::<JsValue, _>(range).primitive()?.await?;
            if let Some(mut cursor) = cursor {
                while let Some(key) = cursor.next_key::<JsValue>().await? {
                    if let Some(id) = key.as_string().filter(|id| wanted.contains(id.as_str())) {
                        here.push(id);
                    }
                }
            }
        }
        None => {
            let mut counts = Vec::with_capacity(ids.len());
            for id in ids {
                counts.push((*id, index.count().with_query::<JsValue, _>(JsValue::from_str(id)).primitive()?));
            }
            for (id, count) in counts {
                if count.await? > 0 {
                    here.push(id.to_owned());
                }
            }
        }
    }
    Ok(here)
}

/// Whether a card is kept in a page: one count on the index. (The app
/// shell calls this when a card is saved; it does not go through
/// [`present`], whose range walk and sets would cost the shell 3 KB.)
pub(super) async fn holds(tx: &Transaction<'_>, id: &str) -> Result<bool, StorageError> {
    let store = tx.object_store(schema::CARD_PAGES)?;
    let index = store.index(schema::PAGES_BY_ID)?;
    Ok(index.count().with_query::<JsValue, _>(JsValue::from_str(id)).primitive()?.await? > 0)
}

/// The pulled cards of `ids`, by id (those not kept in pages are left out):
/// which page holds each, then each of those pages once.
pub(super) async fn cards_of(tx: &Transaction<'_>, ids: &[&str]) -> Result<Vec<(String, JsValue)>, StorageError> {
    let store = tx.object_store(schema::CARD_PAGES)?;
    let index = store.index(schema::PAGES_BY_ID)?;
    let mut lookups = Vec::with_capacity(ids.len());
    for id in ids {
        lookups.push(index.get_key::<JsValue, _>(JsValue::from_str(id)).with_key_type::<JsValue>().primitive()?);
    }
    let mut pages: Vec<f64> = Vec::new();
    for lookup in lookups {
        if let Some(page) = lookup.await?.and_then(|p| p.as_f64()).filter(|p| !pages.contains(p)) {
            pages.push(page);
        }
    }
    let wanted: HashSet<&str> = ids.iter().copied().collect();
    let mut found = Vec::new();
    for page in pages {
        let Some(page) = store.get::<JsValue, _, _>(page).primitive()?.await? else { continue };
        for card in list(&page, "cards") {
            let id = js_sys::Reflect::get(&card, &JsValue::from_str("id")).ok().and_then(|id| id.as_string());
            if let Some(id) = id.filter(|id| wanted.contains(id.as_str())) {
                found.push((id, card));
            }
        }
    }
    Ok(found)
}

/// Every pulled card kept in pages, as stored.
pub(super) async fn all_cards(tx: &Transaction<'_>) -> Result<Vec<JsValue>, StorageError> {
    all_of(tx, "cards").await
}

/// The ids of every pulled card kept in pages.
pub(super) async fn all_ids(tx: &Transaction<'_>) -> Result<Vec<String>, StorageError> {
    Ok(all_of(tx, "ids").await?.iter().filter_map(JsValue::as_string).collect())
}

/// One of the lists every page holds (`cards`, `ids`), all pages' together.
async fn all_of(tx: &Transaction<'_>, field: &str) -> Result<Vec<JsValue>, StorageError> {
    let pages = tx.object_store(schema::CARD_PAGES)?.get_all::<JsValue>().primitive()?.await?;
    let mut out = Vec::new();
    for page in pages {
        out.extend(list(&page?, field));
    }
    Ok(out)
}

/// A page's list `field` (empty if it has none).
fn list(page: &JsValue, field: &str) -> Vec<JsValue> {
    let list = js_sys::Reflect::get(page, &JsValue::from_str(field)).unwrap_or_default();
    if list.is_array() { js_sys::Array::from(&list).iter().collect() } else { Vec::new() }
}
