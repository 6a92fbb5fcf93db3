//! A small zip reader: the central directory and where each entry's bytes are.
//! It does not inflate (the app does, with the browser's
//! `DecompressionStream('deflate-raw')`); it hands out the raw bytes and says
//! whether they are stored or deflated.
//!
//! Only what an `.xlsx` needs: one disk, stored or deflated entries, no
//! encryption, no zip64 (an `.xlsx` over 4 GB is not a roster). Every offset is
//! checked, so a damaged file is an error, never a panic.

use super::RosterError;

/// How an entry's bytes are compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Not compressed (method 0): the bytes are the content.
    Stored,
    /// Raw deflate (method 8): inflate with `deflate-raw`.
    Deflate,
}

/// The raw bytes of one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    /// How `data` is compressed.
    pub method: Method,
    /// The bytes as stored in the file.
    pub data: &'a [u8],
    /// The size once inflated, as the directory declares it: inflate no more.
    pub size: u32,
}

/// A zip file whose central directory has been read.
#[derive(Clone, Debug)]
pub struct Zip<'a> {
    bytes: &'a [u8],
    records: Vec<Record<'a>>,
}

/// One central directory record.
#[derive(Clone, Copy, Debug)]
struct Record<'a> {
    name: &'a [u8],
    flags: u16,
    method: u16,
    compressed: u32,
    size: u32,
    offset: u32,
}

const EOCD: u32 = 0x0605_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const LOCAL: u32 = 0x0403_4b50;
/// What zip64 puts in a 16- or 32-bit field whose value is elsewhere.
const WIDE16: u16 = u16::MAX;
const WIDE32: u32 = u32::MAX;

fn slice(bytes: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    bytes.get(at..at.checked_add(len)?)
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    slice(bytes, at, 2)?.try_into().ok().map(u16::from_le_bytes)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    slice(bytes, at, 4)?.try_into().ok().map(u32::from_le_bytes)
}

impl<'a> Zip<'a> {
    /// Reads the end-of-central-directory record (found from the end, past a
    /// comment of up to 64 KB) and the central directory it points to.
    pub fn open(bytes: &'a [u8]) -> Result<Zip<'a>, RosterError> {
        let last = bytes.len().checked_sub(22).ok_or(RosterError::Corrupt)?;
        let eocd = (last.saturating_sub(usize::from(u16::MAX))..=last)
            .rev()
            .find(|&at| {
                let comment = u16_at(bytes, at + 20).map_or(usize::MAX, usize::from);
                u32_at(bytes, at) == Some(EOCD) && comment <= last - at
            })
            .ok_or(RosterError::Corrupt)?;
        let count = u16_at(bytes, eocd + 10).ok_or(RosterError::Corrupt)?;
        let size = u32_at(bytes, eocd + 12).ok_or(RosterError::Corrupt)?;
        let offset = u32_at(bytes, eocd + 16).ok_or(RosterError::Corrupt)?;
        if count == WIDE16 || size == WIDE32 || offset == WIDE32 {
            return Err(RosterError::Unsupported);
        }
        let directory = slice(&bytes[..eocd], offset as usize, size as usize).ok_or(RosterError::Corrupt)?;
        let mut records = Vec::with_capacity(usize::from(count));
        let mut at = 0;
        for _ in 0..count {
            let record = read_record(directory, at).ok_or(RosterError::Corrupt)?;
            at = record.1;
            records.push(record.0);
        }
        Ok(Zip { bytes, records })
    }

    /// The names of the entries that are UTF-8 (every name in an `.xlsx` is).
    pub fn names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.records.iter().filter_map(|r| std::str::from_utf8(r.name).ok())
    }

    /// The entry called `name` (ASCII case ignored, as part names in an `.xlsx`
    /// are compared), or `None` if there is none.
    pub fn file(&self, name: &str) -> Result<Option<Entry<'a>>, RosterError> {
        let Some(r) = self.records.iter().find(|r| r.name.eq_ignore_ascii_case(name.as_bytes())) else {
            return Ok(None);
        };
        let method = match r.method {
            _ if r.flags & 1 != 0 => return Err(RosterError::Encrypted),
            0 => Method::Stored,
            8 => Method::Deflate,
            99 => return Err(RosterError::Encrypted), // WinZip AES
            _ => return Err(RosterError::Unsupported),
        };
        if [r.compressed, r.size, r.offset].contains(&WIDE32) {
            return Err(RosterError::Unsupported);
        }
        let at = r.offset as usize;
        let data = (|| {
            if u32_at(self.bytes, at)? != LOCAL {
                return None;
            }
            let name = usize::from(u16_at(self.bytes, at + 26)?);
            let extra = usize::from(u16_at(self.bytes, at + 28)?);
            slice(self.bytes, at.checked_add(30 + name + extra)?, r.compressed as usize)
        })()
        .ok_or(RosterError::Corrupt)?;
        if method == Method::Stored && r.compressed != r.size {
            return Err(RosterError::Corrupt);
        }
        Ok(Some(Entry { method, data, size: r.size }))
    }
}

/// The record at `at` in the directory, and where the next one starts.
fn read_record(directory: &[u8], at: usize) -> Option<(Record<'_>, usize)> {
    if u32_at(directory, at)? != CENTRAL {
        return None;
    }
    let field = |offset: usize| u16_at(directory, at + offset);
    let (name_len, extra_len, comment_len) =
        (usize::from(field(28)?), usize::from(field(30)?), usize::from(field(32)?));
    let record = Record {
        name: slice(directory, at + 46, name_len)?,
        flags: field(8)?,
        method: field(10)?,
        compressed: u32_at(directory, at + 20)?,
        size: u32_at(directory, at + 24)?,
        offset: u32_at(directory, at + 42)?,
    };
    Some((record, at + 46 + name_len + extra_len + comment_len))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) const OPENPYXL: &[u8] = include_bytes!("../../tests/fixtures/roster_openpyxl.xlsx");
    pub(crate) const SHARED: &[u8] = include_bytes!("../../tests/fixtures/roster_shared.xlsx");
    pub(crate) const INLINE: &[u8] = include_bytes!("../../tests/fixtures/roster_inline.xlsx");

    /// The content of an entry, inflated as the app does it.
    pub(crate) fn inflate(entry: Entry<'_>) -> Vec<u8> {
        match entry.method {
            Method::Stored => entry.data.to_vec(),
            Method::Deflate => miniz_oxide::inflate::decompress_to_vec(entry.data).unwrap(),
        }
    }

    #[test]
    fn lists_and_reads_entries() {
        let zip = Zip::open(INLINE).unwrap();
        let names: Vec<&str> = zip.names().collect();
        assert_eq!(names.len(), 6);
        assert!(names.contains(&"xl/worksheets/sheet2.xml"));
        // Stored, deflated, and found whatever the case of the name.
        let workbook = zip.file("xl/workbook.xml").unwrap().unwrap();
        assert_eq!(workbook.method, Method::Stored);
        let sheet = zip.file("XL/Worksheets/Sheet2.xml").unwrap().unwrap();
        assert_eq!(sheet.method, Method::Deflate);
        assert_eq!(inflate(sheet).len(), sheet.size as usize);
        assert!(String::from_utf8(inflate(workbook)).unwrap().contains("联系人"));
        assert_eq!(zip.file("xl/missing.xml"), Ok(None));
    }

    /// A zip with one stored entry `a` holding "hi", with a comment.
    fn tiny(flags: u16, method: u16) -> Vec<u8> {
        let mut z = Vec::new();
        let le16 = |v: &mut Vec<u8>, n: u16| v.extend_from_slice(&n.to_le_bytes());
        let le32 = |v: &mut Vec<u8>, n: u32| v.extend_from_slice(&n.to_le_bytes());
        le32(&mut z, LOCAL);
        z.extend_from_slice(&[20, 0]);
        le16(&mut z, flags);
        le16(&mut z, method);
        z.extend_from_slice(&[0; 8]); // time, date, crc
        le32(&mut z, 2);
        le32(&mut z, 2);
        le16(&mut z, 1);
        le16(&mut z, 0);
        z.extend_from_slice(b"ahi");
        let central = z.len() as u32;
        le32(&mut z, CENTRAL);
        z.extend_from_slice(&[20, 0, 20, 0]);
        le16(&mut z, flags);
        le16(&mut z, method);
        z.extend_from_slice(&[0; 8]);
        le32(&mut z, 2);
        le32(&mut z, 2);
        le16(&mut z, 1);
        z.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
        le32(&mut z, 0);
        z.push(b'a');
        let size = z.len() as u32 - central;
        le32(&mut z, EOCD);
        z.extend_from_slice(&[0; 4]);
        le16(&mut z, 1);
        le16(&mut z, 1);
        le32(&mut z, size);
        le32(&mut z, central);
        le16(&mut z, 7);
        z.extend_from_slice(b"comment");
        z
    }

    #[test]
    fn refuses_what_it_does_not_read() {
        let ok = tiny(0, 0);
        assert_eq!(Zip::open(&ok).unwrap().file("a").unwrap().unwrap().data, b"hi");
        assert_eq!(Zip::open(&tiny(1, 0)).unwrap().file("a"), Err(RosterError::Encrypted));
        assert_eq!(Zip::open(&tiny(0, 99)).unwrap().file("a"), Err(RosterError::Encrypted));
        assert_eq!(Zip::open(&tiny(0, 12)).unwrap().file("a"), Err(RosterError::Unsupported));
        // Zip64: the directory's offset is in the zip64 record.
        let mut wide = ok.clone();
        let eocd = wide.len() - 22 - 7;
        wide[eocd + 16..eocd + 20].copy_from_slice(&WIDE32.to_le_bytes());
        assert_eq!(Zip::open(&wide).unwrap_err(), RosterError::Unsupported);
        for bad in [&b""[..], b"PK\x03\x04", &ok[..ok.len() - 8], &[0; 100]] {
            assert_eq!(Zip::open(bad).unwrap_err(), RosterError::Corrupt);
        }
        // A local header that is not where the directory says.
        let mut moved = ok.clone();
        moved[0] = 0;
        assert_eq!(Zip::open(&moved).unwrap().file("a"), Err(RosterError::Corrupt));
    }

    fn read_everything(bytes: &[u8]) {
        if let Ok(zip) = Zip::open(bytes) {
            let names: Vec<&str> = zip.names().collect();
            for name in names {
                let _ = zip.file(name);
            }
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            read_everything(&bytes);
            let mut zipped = tiny(0, 0);
            zipped.extend_from_slice(&bytes);
            read_everything(&zipped);
        }

        #[test]
        fn never_panics_on_damaged_files(cut in 0usize..6000, at in 0usize..6000, byte in any::<u8>()) {
            for file in [OPENPYXL, SHARED, INLINE] {
                read_everything(&file[..cut.min(file.len())]);
                let mut damaged = file.to_vec();
                let at = at % damaged.len();
                damaged[at] = byte;
                read_everything(&damaged);
            }
        }
    }
}
