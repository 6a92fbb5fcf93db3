//! Server thumbnails: a stored photo drawn within [`THUMB_SIDE`] px on its
//! long side (the size the phone makes its own at) and encoded as a JPEG, for
//! phones that pulled a card whose photos another phone took.
//!
//! The stored bytes are only known to hash to their name, not to be a JPEG:
//! anything the decoder refuses is [`ThumbnailError::Unreadable`], and the
//! decoder is held to limits so a small file cannot claim a huge picture.

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{ImageFormat, ImageReader, Limits};
use liaison_core::photo::{THUMB_SIDE, fit};
use std::io::Cursor;
use thiserror::Error;

/// The JPEG quality of thumbnails (the phone's are made at 0.7).
const QUALITY: u8 = 70;

/// The largest side a stored photo may have to be read (the phone's are at
/// most 1,600 px; this leaves room for any photo a JPEG check let through).
const MAX_SIDE: u32 = 12_000;

/// The most the decoder may allocate for one photo.
const MAX_ALLOC: u64 = 256 << 20;

/// Why a thumbnail could not be made.
#[derive(Debug, Error)]
pub enum ThumbnailError {
    /// The stored bytes are not a JPEG this server can read.
    #[error("the stored photo cannot be decoded: {0}")]
    Unreadable(String),
    /// Encoding the thumbnail failed.
    #[error("encoding the thumbnail: {0}")]
    Encode(String),
}

/// A JPEG of `jpeg` within [`THUMB_SIDE`] px on its long side (never larger
/// than the photo), its aspect kept as the phone's `fit` keeps it.
pub fn make(jpeg: &[u8]) -> Result<Vec<u8>, ThumbnailError> {
    let mut reader = ImageReader::with_format(Cursor::new(jpeg), ImageFormat::Jpeg);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let picture = reader.decode().map_err(|e| ThumbnailError::Unreadable(e.to_string()))?;
    let (width, height) = fit(picture.width(), picture.height(), THUMB_SIDE);
    let small = if (width, height) == (picture.width(), picture.height()) {
        picture.to_rgb8()
    } else {
        picture.resize_exact(width, height, FilterType::Triangle).to_rgb8()
    };
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(&small)
        .map_err(|e| ThumbnailError::Encode(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let picture =
            image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 85).encode_image(&picture).unwrap();
        out
    }

    fn size_of(jpeg: &[u8]) -> (u32, u32) {
        let picture = image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg).unwrap();
        (picture.width(), picture.height())
    }

    #[test]
    fn a_photo_is_drawn_within_320_px_keeping_its_shape() {
        assert_eq!(size_of(&make(&jpeg(1600, 1200)).unwrap()), (320, 240));
        assert_eq!(size_of(&make(&jpeg(900, 1600)).unwrap()), fit(900, 1600, 320));
    }

    #[test]
    fn a_small_photo_is_not_enlarged() {
        assert_eq!(size_of(&make(&jpeg(200, 100)).unwrap()), (200, 100));
    }

    #[test]
    fn bytes_that_are_not_a_jpeg_are_refused_not_panicked_on() {
        let mut cut = jpeg(640, 480);
        cut.truncate(300);
        for bytes in [&b"not a jpeg"[..], &[0xff, 0xd8, 0xff, 0xe0][..], &cut[..], &[][..]] {
            assert!(matches!(make(bytes), Err(ThumbnailError::Unreadable(_))), "{:?}", bytes.get(..8));
        }
    }
}
