//! Photo bytes on disk, named by their SHA-256: `<data dir>/photos/<sha256>.jpg`
//! for a complete, verified blob, `<sha256>.<device>.part` for one device's
//! upload under way. Devices never share a partial file, so two phones
//! uploading the same photo at once cannot corrupt each other; the first to
//! finish makes the blob, the other's next piece learns it is complete.
//!
//! Every piece is fsynced before it is acknowledged; a finished upload is read
//! back from disk, hashed, and only if it matches renamed (atomically) to its
//! final name, then the directory is fsynced. A blob that exists is complete
//! and verified. A piece is appended under an exclusive lock on its partial
//! file (`flock`), so a retried request racing the original cannot interleave.
//!
//! A deployment of several servers on one PostgreSQL database must put the data
//! directory's `photos/` on storage they all share (with working `flock`), or
//! wait for an object-store backend behind this type.
//!
//! Matters' attachments sit beside them, whole files named by their hash
//! alone (`<data dir>/attachments/<sha256>`, [`AttachmentBlobs`]): one
//! request carries all of a file, so it is written to a partial file of its
//! own, fsynced, renamed atomically and the folder fsynced; a hash already
//! stored is not written again.
//!
//! Blocking file IO: callers run these in `spawn_blocking`.

use liaison_core::DeviceId;
use liaison_core::matter::Sha256Hex;
use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The folder of the data directory that holds photos.
pub const PHOTOS_DIR: &str = "photos";

/// The folder of the data directory that holds matters' attachments.
pub const ATTACHMENTS_DIR: &str = "attachments";

/// A photo's name: its SHA-256, 64 lowercase hex digits (so it is also a safe
/// file name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhotoHash(String);

impl PhotoHash {
    /// `None` unless `s` is exactly 64 lowercase hex digits.
    pub fn parse(s: &str) -> Option<PhotoHash> {
        let hex = s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        hex.then(|| PhotoHash(s.to_owned()))
    }

    /// The 64 hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How much of a photo the server holds for one device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Bytes held: the photo's size when complete.
    pub offset: u64,
    /// The verified blob is stored.
    pub complete: bool,
}

/// Why a piece was not taken.
#[derive(Debug, Error)]
pub enum BlobError {
    /// The piece does not start where the upload stands; nothing was written.
    #[error("piece at {offset}, upload stands at {held}")]
    WrongOffset {
        /// Where the piece started.
        offset: u64,
        /// Bytes held.
        held: u64,
    },
    /// The piece runs past the photo's size; nothing was written.
    #[error("piece runs past the photo's size")]
    PastEnd,
    /// The finished upload does not hash to its name; it was discarded.
    #[error("upload does not match its SHA-256")]
    HashMismatch,
    /// The stored bytes could not be made into a thumbnail.
    #[error(transparent)]
    Thumbnail(#[from] super::thumbnail::ThumbnailError),
    /// The file system failed.
    #[error("photo storage {path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// What the OS said.
        source: io::Error,
    },
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> BlobError + '_ {
    move |source| BlobError::Io { path: path.display().to_string(), source }
}

/// The photo folder of a data directory (and its attachments' folder).
#[derive(Clone, Debug)]
pub struct BlobStore {
    dir: PathBuf,
    attachments: AttachmentBlobs,
}

impl BlobStore {
    /// Opens (creating on first run) `<data_dir>/photos/` and
    /// `<data_dir>/attachments/`.
    pub fn open(data_dir: &Path) -> Result<BlobStore, BlobError> {
        let dir = data_dir.join(PHOTOS_DIR);
        fs::create_dir_all(&dir).map_err(io_at(&dir))?;
        let attachments = data_dir.join(ATTACHMENTS_DIR);
        fs::create_dir_all(&attachments).map_err(io_at(&attachments))?;
        Ok(BlobStore { dir, attachments: AttachmentBlobs { dir: attachments } })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The matters' attachments.
    pub fn attachments(&self) -> &AttachmentBlobs {
        &self.attachments
    }

    fn blob_path(&self, hash: &PhotoHash) -> PathBuf {
        self.dir.join(format!("{}.jpg", hash.as_str()))
    }

    fn thumb_path(&self, hash: &PhotoHash) -> PathBuf {
        self.dir.join(format!("{}.thumb.jpg", hash.as_str()))
    }

    fn part_path(&self, hash: &PhotoHash, device: DeviceId) -> PathBuf {
        self.dir.join(format!("{}.{}.part", hash.as_str(), device.as_uuid().hyphenated()))
    }

    /// The complete blob's bytes, `None` if it is not stored.
    pub fn read(&self, hash: &PhotoHash) -> Result<Option<Vec<u8>>, BlobError> {
        let path = self.blob_path(hash);
        match fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_at(&path)(e)),
        }
    }

    /// The thumbnail of a complete blob, `None` if the blob is not stored.
    /// Made on the first request and kept beside the blob
    /// (`<sha256>.thumb.jpg`, written to a private temporary file and renamed,
    /// so a reader never sees half of one; two first requests at once each
    /// make the same thumbnail and the later rename wins).
    pub fn thumbnail(&self, hash: &PhotoHash) -> Result<Option<Vec<u8>>, BlobError> {
        let path = self.thumb_path(hash);
        match fs::read(&path) {
            Ok(bytes) => return Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_at(&path)(e)),
        }
        let Some(jpeg) = self.read(hash)? else { return Ok(None) };
        let thumb = super::thumbnail::make(&jpeg)?;
        let part = self.dir.join(format!("{}.thumb.{}.part", hash.as_str(), uuid::Uuid::new_v4().simple()));
        let written = File::create(&part).and_then(|mut file| file.write_all(&thumb).and_then(|()| file.sync_all()));
        if let Err(e) = written.and_then(|()| fs::rename(&part, &path)) {
            let _ = fs::remove_file(&part);
            return Err(io_at(&path)(e));
        }
        Ok(Some(thumb))
    }

    /// The complete blob's size, `None` if it is not stored.
    pub fn complete_size(&self, hash: &PhotoHash) -> Result<Option<u64>, BlobError> {
        let path = self.blob_path(hash);
        match fs::metadata(&path) {
            Ok(m) => Ok(Some(m.len())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_at(&path)(e)),
        }
    }

    /// How much of a photo `device` has uploaded (all of it, once the blob is
    /// stored: whoever uploaded it).
    pub fn progress(&self, hash: &PhotoHash, device: DeviceId) -> Result<Progress, BlobError> {
        if let Some(size) = self.complete_size(hash)? {
            return Ok(Progress { offset: size, complete: true });
        }
        let path = self.part_path(hash, device);
        match fs::metadata(&path) {
            Ok(m) => Ok(Progress { offset: m.len(), complete: false }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Progress { offset: 0, complete: false }),
            Err(e) => Err(io_at(&path)(e)),
        }
    }

    /// Appends `piece` at `offset` of `device`'s upload of a photo of `size`
    /// bytes. A piece at any other offset than the bytes held writes nothing.
    /// When `size` is reached the upload is verified and becomes the blob, or
    /// is discarded ([`BlobError::HashMismatch`]). A blob already stored
    /// answers complete and takes nothing.
    pub fn append(
        &self,
        hash: &PhotoHash,
        device: DeviceId,
        size: u64,
        offset: u64,
        piece: &[u8],
    ) -> Result<Progress, BlobError> {
        let complete = |size| Progress { offset: size, complete: true };
        if let Some(stored) = self.complete_size(hash)? {
            return Ok(complete(stored));
        }
        let path = self.part_path(hash, device);
        let mut file = lock_partial(&path)?;
        // Under the lock: another request may have finished it meanwhile.
        if let Some(stored) = self.complete_size(hash)? {
            return Ok(complete(stored));
        }
        let mut held = file.metadata().map_err(io_at(&path))?.len();
        if held > size {
            // Left by an upload of a record with another size; it can never
            // become this photo.
            file.set_len(0).map_err(io_at(&path))?;
            held = 0;
        }
        if offset != held {
            return Err(BlobError::WrongOffset { offset, held });
        }
        let end = offset.checked_add(piece.len() as u64).ok_or(BlobError::PastEnd)?;
        if end > size {
            return Err(BlobError::PastEnd);
        }
        file.write_all(piece).map_err(io_at(&path))?;
        file.sync_data().map_err(io_at(&path))?;
        if end < size {
            return Ok(Progress { offset: end, complete: false });
        }
        // Verify what is on disk, not what came over the wire.
        let mut hasher = Sha256::new();
        let mut reader = File::open(&path).map_err(io_at(&path))?;
        let mut buffer = vec![0; 256 << 10];
        loop {
            let n = reader.read(&mut buffer).map_err(io_at(&path))?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
        }
        if hex(&hasher.finalize()) != hash.as_str() {
            // Emptied, not removed, while locked: a request waiting on this
            // file's lock then sees offset 0 instead of writing to a lost file.
            file.set_len(0).map_err(io_at(&path))?;
            let _ = fs::remove_file(&path);
            return Err(BlobError::HashMismatch);
        }
        let blob = self.blob_path(hash);
        fs::rename(&path, &blob).map_err(io_at(&blob))?;
        File::open(&self.dir).and_then(|d| d.sync_all()).map_err(io_at(&self.dir))?;
        Ok(complete(size))
    }
}

/// Matters' attachments: `<data dir>/attachments/<sha256>`, whole files.
#[derive(Clone, Debug)]
pub struct AttachmentBlobs {
    dir: PathBuf,
}

impl AttachmentBlobs {
    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, hash: &Sha256Hex) -> PathBuf {
        self.dir.join(hash.as_str())
    }

    /// Stores `content` under `hash` (which the caller computed from it),
    /// unless a file of that hash is stored already; true when it wrote.
    /// Durable when it answers: written to a partial file of this call's
    /// own, fsynced, renamed to its name, the folder fsynced.
    pub fn put(&self, hash: &Sha256Hex, content: &[u8]) -> Result<bool, BlobError> {
        let blob = self.path(hash);
        if blob.try_exists().map_err(io_at(&blob))? {
            return Ok(false);
        }
        let part = self.dir.join(format!("{}.{}.part", hash.as_str(), uuid::Uuid::new_v4().simple()));
        let written = File::create_new(&part)
            .and_then(|mut file| file.write_all(content).and_then(|()| file.sync_all()))
            .map_err(io_at(&part));
        if let Err(error) = written {
            let _ = fs::remove_file(&part);
            return Err(error);
        }
        // Two writers of one hash write the same bytes: the later rename
        // replaces a file with an equal one.
        fs::rename(&part, &blob).map_err(io_at(&blob))?;
        File::open(&self.dir).and_then(|d| d.sync_all()).map_err(io_at(&self.dir))?;
        Ok(true)
    }

    /// The bytes stored under `hash`, `None` if there are none.
    pub fn read(&self, hash: &Sha256Hex) -> Result<Option<Vec<u8>>, BlobError> {
        let path = self.path(hash);
        match fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_at(&path)(e)),
        }
    }
}

/// Opens `path` (created if absent) for appending, with an exclusive lock,
/// making sure the locked file is still the one named `path` (a finished or
/// discarded upload renames or removes it while holding the lock).
fn lock_partial(path: &Path) -> Result<File, BlobError> {
    loop {
        let file = OpenOptions::new().read(true).append(true).create(true).open(path).map_err(io_at(path))?;
        file.lock().map_err(io_at(path))?;
        if still_named(&file, path)? {
            return Ok(file);
        }
    }
}

#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> Result<bool, BlobError> {
    use std::os::unix::fs::MetadataExt;
    let open = file.metadata().map_err(io_at(path))?;
    match fs::metadata(path) {
        Ok(named) => Ok(named.ino() == open.ino() && named.dev() == open.dev()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_at(path)(e)),
    }
}

#[cfg(not(unix))]
fn still_named(_file: &File, path: &Path) -> Result<bool, BlobError> {
    path.try_exists().map_err(io_at(path))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_64_lowercase_hex_digits() {
        let good = "b3d2d55817152de6d184cfd9eecd048a888262b0e9d7ea495963ceb5c94a080e";
        assert!(PhotoHash::parse(good).is_some());
        for bad in ["", &good[1..], &good.to_uppercase(), &format!("{}g", &good[1..]), "../../etc/passwd"] {
            assert!(PhotoHash::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn an_attachment_is_stored_once_under_its_hash() {
        let data = tempfile::tempdir().unwrap();
        let store = BlobStore::open(data.path()).unwrap();
        let blobs = store.attachments();
        let content = b"%PDF-1.4\n%%EOF\n";
        let hash = Sha256Hex::of(content);
        assert_eq!(blobs.read(&hash).unwrap(), None);
        assert!(blobs.put(&hash, content).unwrap());
        assert!(!blobs.put(&hash, content).unwrap());
        assert_eq!(blobs.read(&hash).unwrap().as_deref(), Some(content.as_slice()));
        let files: Vec<_> = fs::read_dir(blobs.dir()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(files, [std::ffi::OsString::from(hash.as_str())], "no partial file is left");
        assert!(store.dir().ends_with(PHOTOS_DIR));
    }
}
