//! A file a responsible unit attaches to a matter (附件: a scan of a letter,
//! a photo of the repaired street light, a spreadsheet): its name, its
//! SHA-256, its size and its type, recorded by `Action::AddAttachment`. The
//! bytes live apart, named by their hash (the server's `attachments/` folder);
//! the audit event is what says which matter has them.
//!
//! [`Attachment::of`] checks a file as it arrives — the name, the size
//! (1 byte to [`MAX_BYTES`]), the type declared and the magic bytes it starts
//! with — and hashes it, so the phone's desk and the server refuse the same
//! files with the same messages. Serialised as part of `AuditEventRecordV1`
//! (frozen): never change a field.

use crate::ValidationError;
use crate::choice::choices;
use liaison_i18n::Msg;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// The largest attachment: 10 MiB.
pub const MAX_BYTES: u64 = 10 << 20;

/// A file's name as the user had it (`现场照片.jpg`): 1 to 120 characters,
/// trimmed, with no path separator (`/`, `\`) and no control character, so it
/// can be offered back as a download name as it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AttachmentName(String);

impl AttachmentName {
    /// The most characters allowed.
    pub const MAX_CHARS: usize = 120;

    /// Parses a file name: trimmed; refused when empty, longer than
    /// [`Self::MAX_CHARS`], or holding `/`, `\` or a control character.
    pub fn parse(input: &str) -> Result<AttachmentName, ValidationError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(ValidationError::Required);
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(ValidationError::TooLong { max: Self::MAX_CHARS });
        }
        if name == "." || name == ".." || name.chars().any(|c| c == '/' || c == '\\' || c.is_control()) {
            return Err(ValidationError::FileNameInvalid);
        }
        Ok(AttachmentName(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AttachmentName {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<AttachmentName> for String {
    fn from(value: AttachmentName) -> String {
        value.0
    }
}

/// A SHA-256 as 64 lowercase hex digits (so it is also a safe file name).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sha256Hex(String);

impl Sha256Hex {
    /// Parses exactly 64 lowercase hex digits.
    pub fn parse(input: &str) -> Result<Sha256Hex, ValidationError> {
        let hex = input.len() == 64 && input.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if hex { Ok(Sha256Hex(input.to_owned())) } else { Err(ValidationError::HashInvalid) }
    }

    /// The SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Sha256Hex {
        Sha256Hex(Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The 64 hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Sha256Hex {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Sha256Hex> for String {
    fn from(value: Sha256Hex) -> String {
        value.0
    }
}

/// An attachment's size in bytes: 1 to [`MAX_BYTES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u64", into = "u64")]
pub struct AttachmentSize(u64);

impl AttachmentSize {
    /// Checks a size.
    pub fn new(bytes: u64) -> Result<AttachmentSize, ValidationError> {
        match bytes {
            0 => Err(ValidationError::Required),
            n if n > MAX_BYTES => Err(ValidationError::FileTooLarge),
            n => Ok(AttachmentSize(n)),
        }
    }

    /// The bytes.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl TryFrom<u64> for AttachmentSize {
    type Error = ValidationError;
    fn try_from(value: u64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<AttachmentSize> for u64 {
    fn from(value: AttachmentSize) -> u64 {
        value.0
    }
}

choices!(
    /// The kinds of file a unit may attach.
    AttachmentType {
        /// A JPEG photo.
        Jpeg = "jpeg" => AttachmentTypeJpeg,
        /// A PNG image (a screenshot).
        Png = "png" => AttachmentTypePng,
        /// A PDF document (a scanned letter).
        Pdf = "pdf" => AttachmentTypePdf,
        /// A Word document.
        Docx = "docx" => AttachmentTypeDocx,
        /// An Excel workbook.
        Xlsx = "xlsx" => AttachmentTypeXlsx,
    }
);

impl AttachmentType {
    /// Its media type, as sent in `Content-Type`.
    pub fn mime(self) -> &'static str {
        match self {
            AttachmentType::Jpeg => "image/jpeg",
            AttachmentType::Png => "image/png",
            AttachmentType::Pdf => "application/pdf",
            AttachmentType::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            AttachmentType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// The file name extensions it goes by (the first is the usual one).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            AttachmentType::Jpeg => &["jpg", "jpeg"],
            AttachmentType::Png => &["png"],
            AttachmentType::Pdf => &["pdf"],
            AttachmentType::Docx => &["docx"],
            AttachmentType::Xlsx => &["xlsx"],
        }
    }

    /// The type of a `Content-Type` value (parameters and case ignored).
    pub fn from_mime(value: &str) -> Option<AttachmentType> {
        let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let essence = if essence == "image/jpg" { "image/jpeg".to_owned() } else { essence };
        Self::ALL.iter().copied().find(|t| t.mime() == essence)
    }

    /// The type a file name's extension says, for a browser that gave none.
    pub fn from_file_name(name: &str) -> Option<AttachmentType> {
        let (_, extension) = name.rsplit_once('.')?;
        let extension = extension.to_ascii_lowercase();
        Self::ALL.iter().copied().find(|t| t.extensions().contains(&extension.as_str()))
    }

    /// Whether `bytes` start the way files of this type do (JPEG `FF D8 FF`,
    /// PNG `89 50 4E 47`, PDF `%PDF`; Word and Excel files are ZIP archives,
    /// `PK 03 04`).
    pub fn sniff(self, bytes: &[u8]) -> bool {
        let magic: &[u8] = match self {
            AttachmentType::Jpeg => &[0xFF, 0xD8, 0xFF],
            AttachmentType::Png => &[0x89, b'P', b'N', b'G'],
            AttachmentType::Pdf => b"%PDF",
            AttachmentType::Docx | AttachmentType::Xlsx => b"PK\x03\x04",
        };
        bytes.starts_with(magic)
    }

    /// What a file input accepts: every media type and extension.
    pub fn accept() -> String {
        let mut parts: Vec<String> = Vec::new();
        for t in Self::ALL {
            parts.push(t.mime().to_owned());
            parts.extend(t.extensions().iter().map(|e| format!(".{e}")));
        }
        parts.join(",")
    }
}

/// One attached file, as the audit event records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// Its name.
    pub name: AttachmentName,
    /// The SHA-256 of its bytes: the name they are stored and fetched under.
    pub sha256: Sha256Hex,
    /// Its size.
    pub bytes: AttachmentSize,
    /// Its type.
    pub content_type: AttachmentType,
}

/// Why a file was not attached (nothing was stored).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AttachmentError {
    /// The name is empty, too long or holds a path separator.
    #[error("file name: {0}")]
    Name(ValidationError),
    /// Not one of the types allowed (or none declared).
    #[error("type not allowed")]
    UnknownType,
    /// The file is empty.
    #[error("empty file")]
    Empty,
    /// Above [`MAX_BYTES`].
    #[error("larger than {MAX_BYTES} bytes")]
    TooLarge,
    /// Its first bytes are not those of the type declared.
    #[error("content is not {0:?}")]
    NotItsType(AttachmentType),
}

impl AttachmentError {
    /// The catalogue key of this error.
    pub fn msg(&self) -> Msg {
        match self {
            AttachmentError::Name(_) => Msg::AttachmentNameInvalid,
            AttachmentError::UnknownType => Msg::AttachmentTypeUnknown,
            AttachmentError::Empty => Msg::AttachmentEmpty,
            AttachmentError::TooLarge => Msg::AttachmentTooLarge,
            AttachmentError::NotItsType(_) => Msg::AttachmentNotItsType,
        }
    }
}

impl Attachment {
    /// Checks a file named `name`, declared as `content_type`, with `content`,
    /// and describes it: refused unless the name parses, the type is one
    /// allowed, the size is 1 byte to [`MAX_BYTES`] and the bytes start like
    /// the type's files do.
    pub fn of(name: &str, content_type: Option<AttachmentType>, content: &[u8]) -> Result<Attachment, AttachmentError> {
        let name = AttachmentName::parse(name).map_err(AttachmentError::Name)?;
        let content_type = content_type.ok_or(AttachmentError::UnknownType)?;
        let bytes = AttachmentSize::new(content.len() as u64).map_err(|e| match e {
            ValidationError::Required => AttachmentError::Empty,
            _ => AttachmentError::TooLarge,
        })?;
        if !content_type.sniff(content) {
            return Err(AttachmentError::NotItsType(content_type));
        }
        Ok(Attachment { name, sha256: Sha256Hex::of(content), bytes, content_type })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

    #[test]
    fn names() {
        assert_eq!(AttachmentName::parse("  现场照片.jpg ").unwrap().as_str(), "现场照片.jpg");
        assert_eq!(AttachmentName::parse(&"件".repeat(120)).unwrap().as_str().chars().count(), 120);
        assert_eq!(AttachmentName::parse(&"件".repeat(121)), Err(ValidationError::TooLong { max: 120 }));
        assert_eq!(AttachmentName::parse("   "), Err(ValidationError::Required));
        for bad in ["../etc/passwd", "a/b.pdf", "a\\b.pdf", "a\u{0}.pdf", "报告\n.pdf", ".."] {
            assert_eq!(AttachmentName::parse(bad), Err(ValidationError::FileNameInvalid), "{bad:?}");
        }
    }

    #[test]
    fn hashes_are_64_lowercase_hex_digits() {
        // sha256 of "abc" (FIPS 180-2's example).
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(Sha256Hex::of(b"abc").as_str(), abc);
        assert!(Sha256Hex::parse(abc).is_ok());
        for bad in ["", &abc[1..], &abc.to_uppercase(), &format!("{}g", &abc[1..]), "../../etc/passwd"] {
            assert_eq!(Sha256Hex::parse(bad), Err(ValidationError::HashInvalid), "{bad}");
        }
    }

    #[test]
    fn sizes_are_one_byte_to_ten_mebibytes() {
        assert_eq!(AttachmentSize::new(0), Err(ValidationError::Required));
        assert_eq!(AttachmentSize::new(1).unwrap().get(), 1);
        assert_eq!(AttachmentSize::new(MAX_BYTES).unwrap().get(), 10 * 1024 * 1024);
        assert_eq!(AttachmentSize::new(MAX_BYTES + 1), Err(ValidationError::FileTooLarge));
        assert!(serde_json::from_str::<AttachmentSize>("0").is_err());
    }

    #[test]
    fn types_by_media_type_extension_and_magic_bytes() {
        assert_eq!(AttachmentType::from_mime("application/pdf"), Some(AttachmentType::Pdf));
        assert_eq!(AttachmentType::from_mime("Image/JPEG; charset=x"), Some(AttachmentType::Jpeg));
        assert_eq!(AttachmentType::from_mime("image/jpg"), Some(AttachmentType::Jpeg));
        assert_eq!(AttachmentType::from_mime("text/plain"), None);
        assert_eq!(AttachmentType::from_mime(""), None);
        assert_eq!(AttachmentType::from_file_name("表.XLSX"), Some(AttachmentType::Xlsx));
        assert_eq!(AttachmentType::from_file_name("说明.txt"), None);
        assert!(AttachmentType::Pdf.sniff(PDF));
        assert!(AttachmentType::Jpeg.sniff(&[0xFF, 0xD8, 0xFF, 0xE0]));
        assert!(AttachmentType::Png.sniff(b"\x89PNG\r\n\x1a\n"));
        assert!(AttachmentType::Docx.sniff(b"PK\x03\x04rest"));
        assert!(!AttachmentType::Pdf.sniff(b"PK\x03\x04"));
        assert!(!AttachmentType::Jpeg.sniff(&[0xFF, 0xD8]));
        assert!(AttachmentType::accept().contains("application/pdf,.pdf"));
    }

    #[test]
    fn a_file_is_checked_then_described() {
        let a = Attachment::of("答复函.pdf", Some(AttachmentType::Pdf), PDF).unwrap();
        assert_eq!(a.sha256, Sha256Hex::of(PDF));
        assert_eq!(a.bytes.get(), PDF.len() as u64);
        let refused = |name, t, content: &[u8]| Attachment::of(name, t, content).unwrap_err();
        assert_eq!(refused("", Some(AttachmentType::Pdf), PDF), AttachmentError::Name(ValidationError::Required));
        assert_eq!(refused("a.txt", None, b"hello"), AttachmentError::UnknownType);
        assert_eq!(refused("a.pdf", Some(AttachmentType::Pdf), b""), AttachmentError::Empty);
        assert_eq!(refused("a.pdf", Some(AttachmentType::Png), PDF), AttachmentError::NotItsType(AttachmentType::Png));
        let big = [b"%PDF".as_slice(), &vec![0; MAX_BYTES as usize]].concat();
        assert_eq!(refused("a.pdf", Some(AttachmentType::Pdf), &big), AttachmentError::TooLarge);
        assert_eq!(AttachmentError::TooLarge.msg().key(), "attachment_too_large");
    }

    #[test]
    fn the_serialised_form() {
        let a = Attachment::of("答复函.pdf", Some(AttachmentType::Pdf), b"%PDF").unwrap();
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(
            json,
            format!(r#"{{"name":"答复函.pdf","sha256":"{}","bytes":4,"content_type":"pdf"}}"#, a.sha256.as_str())
        );
        assert_eq!(serde_json::from_str::<Attachment>(&json).unwrap(), a);
        assert!(serde_json::from_str::<Attachment>(&json.replace("答复函.pdf", "../x")).is_err());
    }

    proptest! {
        #[test]
        fn a_parsed_name_is_a_safe_file_name(input in "\\PC{0,130}|[a-z/\\\\.\\x00-\\x1f]{0,10}") {
            if let Ok(name) = AttachmentName::parse(&input) {
                let s = name.as_str();
                prop_assert!(!s.is_empty() && s.chars().count() <= AttachmentName::MAX_CHARS);
                prop_assert!(!s.contains(['/', '\\']) && !s.chars().any(char::is_control));
                prop_assert_eq!(s, s.trim());
                prop_assert_eq!(AttachmentName::parse(s), Ok(name.clone()));
            }
        }
    }
}
