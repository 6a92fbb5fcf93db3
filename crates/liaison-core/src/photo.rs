//! Photos attached to a card: the rules for what the phone keeps (at most nine
//! a card, shrunk to 1,600 px on the long side, JPEG) and the frozen record that
//! describes one. The image bytes themselves live beside the record (a blob on
//! the phone), named by their SHA-256 so that sync can send them separately,
//! resumably and only once.
//!
//! Shrinking happens in the browser (decoding images is the browser's job); the
//! core says to what size, checks that the result is a JPEG, and hashes it.

use crate::addendum::CardRef;
use crate::error::{Collector, check_version};
use crate::{Field, FieldErrors, PhotoId, ValidationError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// At most this many photos on one card.
pub const MAX_PER_CARD: usize = 9;
/// The long side of a kept photo, in pixels, at most.
pub const MAX_SIDE: u32 = 1600;
/// The long side of a thumbnail, in pixels, at most.
pub const THUMB_SIDE: u32 = 320;
/// JPEG quality of a kept photo (0–1, as the browser's encoder takes it).
pub const QUALITY: f64 = 0.85;
/// The largest photo, in bytes, the server takes: 10 MiB, above the raw
/// pixels of any [`MAX_SIDE`] image (1,600 × 1,600 × 3 ≈ 7.3 MiB), so no kept
/// photo reaches it (the phone's are a few hundred KB).
pub const MAX_BYTES: u32 = 10 << 20;

/// Why a photo was not added. The card it was meant for is untouched.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PhotoError {
    /// The file is not an image at all.
    #[error("not an image")]
    NotAnImage,
    /// An image the browser could not decode (corrupt, or a format it cannot read).
    #[error("image cannot be read")]
    Unreadable,
    /// The card already has [`MAX_PER_CARD`] photos.
    #[error("a card has at most {MAX_PER_CARD} photos")]
    TooMany,
}

impl PhotoError {
    /// The catalogue message for the user.
    pub fn msg(&self) -> liaison_i18n::Msg {
        match self {
            PhotoError::NotAnImage => liaison_i18n::Msg::PhotoNotAnImage,
            PhotoError::Unreadable => liaison_i18n::Msg::PhotoUnreadable,
            PhotoError::TooMany => liaison_i18n::Msg::PhotoTooMany,
        }
    }
}

/// The size to draw an image of `width` × `height` so that its long side is at
/// most `max`, keeping its proportions. Never enlarges; never returns a zero side.
pub fn fit(width: u32, height: u32, max: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max || long == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = |side: u32| ((u64::from(side) * u64::from(max) + u64::from(long) / 2) / u64::from(long)).max(1) as u32;
    (scale(width), scale(height))
}

/// Whether a card holding `existing` photos may take one more.
pub fn check_room(existing: usize) -> Result<(), PhotoError> {
    if existing < MAX_PER_CARD { Ok(()) } else { Err(PhotoError::TooMany) }
}

/// A photo as the core knows it: what it belongs to and what its bytes are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    /// Made by the device (UUIDv7).
    pub id: PhotoId,
    /// The card it is attached to.
    pub card: CardRef,
    /// SHA-256 of the JPEG bytes, lowercase hex: the name the bytes travel under.
    pub sha256: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Size of the JPEG in bytes.
    pub bytes: u32,
}

impl Photo {
    /// Describes a shrunk photo: checks that `jpeg` is a JPEG of at most
    /// [`MAX_SIDE`] pixels a side and hashes it.
    pub fn create(id: PhotoId, card: CardRef, jpeg: &[u8], width: u32, height: u32) -> Result<Photo, PhotoError> {
        let is_jpeg = jpeg.starts_with(&[0xFF, 0xD8, 0xFF]) && jpeg.ends_with(&[0xFF, 0xD9]);
        let sized = (1..=MAX_SIDE).contains(&width) && (1..=MAX_SIDE).contains(&height);
        let bytes = u32::try_from(jpeg.len()).map_err(|_| PhotoError::Unreadable)?;
        if !is_jpeg || !sized {
            return Err(PhotoError::Unreadable);
        }
        Ok(Photo { id, card, sha256: hex(&Sha256::digest(jpeg)), width, height, bytes })
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes.iter().flat_map(|b| [DIGITS[usize::from(b >> 4)] as char, DIGITS[usize::from(b & 15)] as char]).collect()
}

/// The frozen storage and wire form of a photo's description, version 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoRecord {
    /// Format version: 1.
    pub v: u32,
    /// Hyphenated UUID.
    pub id: String,
    /// `reception` or `opinion`.
    pub card_kind: String,
    /// The card's id.
    pub card_id: String,
    /// SHA-256 of the JPEG, lowercase hex.
    pub sha256: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Size in bytes.
    pub bytes: u32,
}

impl From<&Photo> for PhotoRecord {
    fn from(p: &Photo) -> Self {
        let (card_kind, card_id) = p.card.parts();
        PhotoRecord {
            v: 1,
            id: p.id.to_string(),
            card_kind: card_kind.into(),
            card_id,
            sha256: p.sha256.clone(),
            width: p.width,
            height: p.height,
            bytes: p.bytes,
        }
    }
}

impl TryFrom<PhotoRecord> for Photo {
    type Error = FieldErrors;

    fn try_from(r: PhotoRecord) -> Result<Self, Self::Error> {
        check_version(r.v, 1)?;
        let mut errors = Collector::default();
        let id = errors.take(Field::Id, r.id.parse::<PhotoId>().map_err(|_| ValidationError::IdInvalid));
        let card = errors.take(Field::Id, CardRef::parse(&r.card_kind, &r.card_id));
        let hashed = r.sha256.len() == 64 && r.sha256.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        let sized = (1..=MAX_SIDE).contains(&r.width) && (1..=MAX_SIDE).contains(&r.height) && r.bytes > 0;
        errors.take(Field::Photos, if hashed && sized { Ok(()) } else { Err(ValidationError::UnknownChoice) });
        errors.finish()?;
        match (id, card) {
            (Some(id), Some(card)) => {
                Ok(Photo { id, card, sha256: r.sha256, width: r.width, height: r.height, bytes: r.bytes })
            }
            _ => unreachable!("Collector::finish reports every missing field"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ReceptionCardId;

    fn card() -> CardRef {
        CardRef::Reception(ReceptionCardId::from_uuid(uuid::Uuid::from_u128(1)))
    }

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9];

    #[test]
    fn fit_keeps_proportions_and_never_enlarges() {
        for (w, h, max, want) in [
            (4000, 3000, 1600, (1600, 1200)),
            (3000, 4000, 1600, (1200, 1600)),
            (1600, 900, 1600, (1600, 900)),
            (800, 600, 1600, (800, 600)),
            (4032, 3024, 320, (320, 240)),
            (10000, 10, 1600, (1600, 2)),
            (100000, 1, 1600, (1600, 1)),
            (0, 0, 1600, (1, 1)),
        ] {
            assert_eq!(fit(w, h, max), want, "{w}×{h} within {max}");
        }
    }

    #[test]
    fn at_most_nine_photos_a_card() {
        assert_eq!(check_room(0), Ok(()));
        assert_eq!(check_room(8), Ok(()));
        assert_eq!(check_room(9), Err(PhotoError::TooMany));
    }

    #[test]
    fn only_a_jpeg_within_the_size_is_described() {
        let id = PhotoId::from_uuid(uuid::Uuid::from_u128(2));
        let photo = Photo::create(id, card(), JPEG, 1600, 1200).unwrap();
        assert_eq!(photo.sha256.len(), 64);
        assert_eq!(photo.bytes, 9);
        assert_eq!(Photo::create(id, card(), b"GIF89a", 10, 10), Err(PhotoError::Unreadable));
        assert_eq!(Photo::create(id, card(), &JPEG[..7], 10, 10), Err(PhotoError::Unreadable));
        assert_eq!(Photo::create(id, card(), JPEG, 1601, 10), Err(PhotoError::Unreadable));
        assert_eq!(Photo::create(id, card(), JPEG, 0, 10), Err(PhotoError::Unreadable));
    }

    #[test]
    fn the_hash_is_sha256_of_the_bytes() {
        let id = PhotoId::from_uuid(uuid::Uuid::from_u128(2));
        // sha256 of the nine bytes above, computed independently (sha256sum).
        let photo = Photo::create(id, card(), JPEG, 1, 1).unwrap();
        assert_eq!(photo.sha256, "b3d2d55817152de6d184cfd9eecd048a888262b0e9d7ea495963ceb5c94a080e");
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }

    #[test]
    fn records_round_trip_and_bad_ones_are_refused() {
        let id = PhotoId::from_uuid(uuid::Uuid::from_u128(2));
        let photo = Photo::create(id, card(), JPEG, 1600, 1200).unwrap();
        let record = PhotoRecord::from(&photo);
        assert_eq!(Photo::try_from(record.clone()), Ok(photo));
        for bad in [
            PhotoRecord { sha256: "xyz".into(), ..record.clone() },
            PhotoRecord { width: 0, ..record.clone() },
            PhotoRecord { height: 1601, ..record.clone() },
            PhotoRecord { bytes: 0, ..record.clone() },
            PhotoRecord { card_kind: "note".into(), ..record.clone() },
            PhotoRecord { id: "1".into(), ..record.clone() },
        ] {
            assert!(Photo::try_from(bad.clone()).is_err(), "{bad:?}");
        }
        assert!(Photo::try_from(PhotoRecord { v: 2, ..record }).is_err());
    }
}
