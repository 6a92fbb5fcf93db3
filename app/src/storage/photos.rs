//! Photos on the device: the JPEG and its thumbnail as blobs, beside the
//! frozen record that describes them, in one IndexedDB object per photo.
//!
//! A photo another phone took arrives by sync as its record alone, marked
//! `pulled`: its thumbnail and JPEG are fetched from the server when its card
//! is opened, and kept in the same object. A pulled photo is never this
//! phone's to upload, offer or export.
//!
//! A card takes at most nine photos, and only while it is a draft: once the card
//! is submitted its photos are as fixed as its text. Both rules are checked in
//! the writing transaction itself, so two tabs cannot slip past them.

use super::{Storage, StorageError, explain, next_seq, raw_transaction, schema};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use liaison_core::PhotoId;
use liaison_core::addendum::CardRef;
use liaison_core::photo::{self, Photo, PhotoRecord};
use liaison_i18n::Msg;
use wasm_bindgen::{JsCast, JsValue};

/// A photo as kept: its description, its place in the card's order, and its bytes.
#[derive(Debug, Clone)]
pub struct StoredPhoto {
    /// The description.
    pub photo: Photo,
    /// Order of adding on this device.
    pub seq: u64,
    /// The JPEG (≤ 1,600 px): always for a photo taken here; for a pulled
    /// one, once fetched.
    pub image: Option<web_sys::Blob>,
    /// The thumbnail (≤ 320 px): likewise.
    pub thumb: Option<web_sys::Blob>,
    /// Pulled from the server (another phone took it): its bytes are the
    /// server's to give, never this phone's to upload.
    pub pulled: bool,
}

fn get(object: &JsValue, field: &str) -> Option<JsValue> {
    js_sys::Reflect::get(object, &JsValue::from_str(field)).ok().filter(|v| !v.is_undefined())
}

impl StoredPhoto {
    /// The object kept in IndexedDB (and, with data URLs for blobs, in exports).
    pub(super) fn to_js(&self) -> Result<JsValue, StorageError> {
        let object = js_sys::Object::new();
        let record = serde_wasm_bindgen::to_value(&PhotoRecord::from(&self.photo))
            .map_err(|e| StorageError::Failed(e.to_string()))?;
        let fields = [
            ("seq", Some(JsValue::from_f64(self.seq as f64))),
            ("card", Some(JsValue::from_str(&self.photo.card.key()))),
            ("record", Some(record)),
            ("image", self.image.clone().map(JsValue::from)),
            ("thumb", self.thumb.clone().map(JsValue::from)),
            ("pulled", self.pulled.then_some(JsValue::TRUE)),
        ];
        for (field, value) in fields {
            if let Some(value) = value {
                js_sys::Reflect::set(&object, &JsValue::from_str(field), &value)
                    .map_err(|_| StorageError::Failed("photo object".into()))?;
            }
        }
        Ok(object.into())
    }

    /// Reads a kept object; `None` if it is not a valid photo (one taken here
    /// has both blobs).
    pub(super) fn from_js(object: &JsValue) -> Option<StoredPhoto> {
        let record: PhotoRecord = serde_wasm_bindgen::from_value(get(object, "record")?).ok()?;
        let pulled = is_pulled(object);
        let blob = |field| get(object, field).and_then(|b| b.dyn_into::<web_sys::Blob>().ok());
        let (image, thumb) = (blob("image"), blob("thumb"));
        if !pulled && (image.is_none() || thumb.is_none()) {
            return None;
        }
        Some(StoredPhoto {
            photo: Photo::try_from(record).ok()?,
            seq: get(object, "seq")?.as_f64()? as u64,
            image,
            thumb,
            pulled,
        })
    }
}

/// Whether a kept photo object was pulled from the server (see [`StoredPhoto::pulled`]).
pub(super) fn is_pulled(object: &JsValue) -> bool {
    get(object, "pulled").and_then(|v| v.as_bool()) == Some(true)
}

/// Which of a pulled photo's blobs: its thumbnail or the JPEG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoBlob {
    /// The thumbnail (≤ 320 px).
    Thumb,
    /// The JPEG.
    Image,
}

impl PhotoBlob {
    fn field(self) -> &'static str {
        match self {
            PhotoBlob::Thumb => "thumb",
            PhotoBlob::Image => "image",
        }
    }
}

/// Whether the card is already submitted (its photos are then fixed). Part of
/// the caller's transaction, which must include both card stores.
pub(super) async fn is_submitted(tx: &Transaction<'_>, card: CardRef) -> Result<bool, StorageError> {
    let (store, id) = match card {
        CardRef::Reception(id) => (schema::RECEPTION_CARDS, id.to_string()),
        CardRef::Opinion(id) => (schema::OPINION_CARDS, id.to_string()),
    };
    let found: Option<JsValue> = tx.object_store(store)?.get(id.as_str()).primitive()?.await?;
    // An opinion card pulled from the server is kept in a page.
    Ok(found.is_some() || (store == schema::OPINION_CARDS && super::pages::holds(tx, &id).await?))
}

impl Storage {
    /// Attaches a photo to a draft card. Refused, writing nothing, if the card
    /// has nine photos already or has been submitted.
    pub async fn add_photo(
        &self,
        photo: &Photo,
        image: &web_sys::Blob,
        thumb: &web_sys::Blob,
    ) -> Result<(), StorageError> {
        let stores =
            [schema::PHOTOS, schema::SETTINGS, schema::RECEPTION_CARDS, schema::OPINION_CARDS, schema::CARD_PAGES];
        let tx = self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let written: Result<(), StorageError> = async {
            if is_submitted(&tx, photo.card).await? {
                return Err(StorageError::Refused(Msg::CardIsSubmitted));
            }
            let photos = tx.object_store(schema::PHOTOS)?;
            let existing = photos.index(schema::BY_CARD)?.count().with_query(photo.card.key()).primitive()?.await?;
            photo::check_room(existing as usize).map_err(|e| StorageError::Refused(e.msg()))?;
            let seq = next_seq(&tx, schema::SETTING_PHOTO_SEQ).await?;
            let stored = StoredPhoto {
                photo: photo.clone(),
                seq,
                image: Some(image.clone()),
                thumb: Some(thumb.clone()),
                pulled: false,
            };
            photos.add(stored.to_js()?).primitive()?.await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        explain(written, &raw)
    }

    /// The photos of a card, in the order they were added.
    pub async fn photos(&self, card: CardRef) -> Result<Vec<StoredPhoto>, StorageError> {
        let tx = self.db.transaction(schema::PHOTOS).build()?;
        let store = tx.object_store(schema::PHOTOS)?;
        let index = store.index(schema::BY_CARD)?;
        let found = index.get_all::<JsValue>().with_query(card.key()).primitive()?.await?;
        let mut photos: Vec<StoredPhoto> = found.filter_map(|o| StoredPhoto::from_js(&o.ok()?)).collect();
        liaison_core::sort::sort_by_key(&mut photos, |p| p.seq);
        Ok(photos)
    }

    /// The thumbnail of a card's first photo that has one here (for lists;
    /// a pulled photo has one once its card was opened online).
    pub async fn first_thumb(&self, card: CardRef) -> Result<Option<web_sys::Blob>, StorageError> {
        Ok(self.photos(card).await?.into_iter().find_map(|p| p.thumb))
    }

    /// One photo, by id.
    pub async fn photo(&self, id: PhotoId) -> Result<Option<StoredPhoto>, StorageError> {
        let tx = self.db.transaction(schema::PHOTOS).build()?;
        let found: Option<JsValue> = tx.object_store(schema::PHOTOS)?.get(id.to_string()).primitive()?.await?;
        Ok(found.as_ref().and_then(StoredPhoto::from_js))
    }

    /// Keeps a blob fetched from the server in a pulled photo's object. A
    /// photo taken on this phone is never changed, nor one no longer here.
    pub async fn put_pulled_blob(
        &self,
        id: PhotoId,
        which: PhotoBlob,
        blob: &web_sys::Blob,
    ) -> Result<(), StorageError> {
        let tx = self.db.transaction(schema::PHOTOS).with_mode(TransactionMode::Readwrite).build()?;
        let raw = raw_transaction(&tx);
        let written: Result<(), StorageError> = async {
            let photos = tx.object_store(schema::PHOTOS)?;
            let found: Option<JsValue> = photos.get(id.to_string()).primitive()?.await?;
            let Some(object) = found.filter(is_pulled) else { return Ok(()) };
            js_sys::Reflect::set(&object, &JsValue::from_str(which.field()), blob)
                .map_err(|_| StorageError::Failed("photo object".into()))?;
            photos.put(object).primitive()?.await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        explain(written, &raw)
    }

    /// Removes a photo from a draft card. Refused if the card is submitted.
    pub async fn delete_photo(&self, card: CardRef, id: PhotoId) -> Result<(), StorageError> {
        let stores = [schema::PHOTOS, schema::RECEPTION_CARDS, schema::OPINION_CARDS, schema::CARD_PAGES];
        let tx = self.db.transaction(stores).with_mode(TransactionMode::Readwrite).build()?;
        if is_submitted(&tx, card).await? {
            return Err(StorageError::Refused(Msg::CardIsSubmitted));
        }
        tx.object_store(schema::PHOTOS)?.delete(id.to_string()).primitive()?.await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Deletes every photo of a draft card, inside the caller's transaction (which
/// deletes the draft itself).
pub(super) async fn delete_all(tx: &Transaction<'_>, card: CardRef) -> Result<(), StorageError> {
    let photos = tx.object_store(schema::PHOTOS)?;
    let ids = photos.index(schema::BY_CARD)?.get_all_keys::<JsValue>().with_query(card.key()).primitive()?.await?;
    for id in ids {
        photos.delete(id?).primitive()?.await?;
    }
    Ok(())
}
