//! Importing contacts from a roster spreadsheet (花名册), offline, on the phone.
//!
//! The app reads the file's bytes and asks [`Format::detect`] what it is.
//!
//! - **CSV**: decode the text with the label [`Format::Csv`] names (the browser's
//!   `TextDecoder`: UTF-8, UTF-16 or GB18030), then [`csv::read`].
//! - **XLSX**: [`xlsx::open`] names the parts to inflate (the browser's
//!   `DecompressionStream('deflate-raw')`, which is async, so it happens in the
//!   app); [`xlsx::sheet_path`] then names the first sheet, [`xlsx::part`] finds it,
//!   and [`xlsx::table`] turns it into rows. See the `xlsx` module for the order.
//!
//! Either way the table goes to [`read_roster`], which recognises the columns by
//! their header, parses every row into a [`Contact`] and reports the rows it did
//! not import (invalid, or a duplicate of a contact already on the phone or of an
//! earlier row) with the row number the user sees in the spreadsheet. Nothing is
//! written here: the app saves [`RosterReport::contacts`].

pub mod csv;
pub mod xlsx;
mod xml;
pub mod zip;

use crate::ValidationError;
use crate::{Contact, ContactId, ContactInput, ContactKind, ContactTag, Field, FieldError, FieldErrors};
use liaison_i18n::{Locale, Msg};
use std::collections::BTreeMap;
use thiserror::Error;

/// At most this many data rows in one file, so that a phone is not swamped.
pub const MAX_ROWS: usize = 5000;

/// Why a whole file was refused. Nothing from it was imported.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum RosterError {
    /// Neither a CSV text nor an Excel workbook (e.g. a picture, a Word file).
    #[error("not a CSV or XLSX file")]
    NotATable,
    /// An Excel 97–2003 `.xls` file (a format this reader does not know).
    #[error("old .xls format")]
    OldXls,
    /// A workbook protected by a password (or a zip entry encrypted).
    #[error("encrypted")]
    Encrypted,
    /// A zip or XML structure that is damaged (truncated download, bad offsets …).
    #[error("corrupt file")]
    Corrupt,
    /// A valid zip using something this reader leaves out (zip64, a compression
    /// other than deflate).
    #[error("unsupported zip feature")]
    Unsupported,
    /// A part or a table larger than a phone should take on.
    #[error("file too large")]
    TooLarge,
    /// Nothing in the table at all.
    #[error("empty table")]
    Empty,
    /// The header row has no name column.
    #[error("no name column in the header row")]
    NoNameColumn,
    /// More than [`MAX_ROWS`] data rows.
    #[error("more than {max} rows")]
    TooManyRows {
        /// The limit.
        max: usize,
    },
    /// A CSV quote that is never closed.
    #[error("unterminated quote at line {line}")]
    UnterminatedQuote {
        /// The line (1-based) where the quoted cell starts.
        line: usize,
    },
}

impl RosterError {
    /// The catalogue key of this error.
    pub fn msg(&self) -> Msg {
        match self {
            RosterError::NotATable => Msg::RosterNotATable,
            RosterError::OldXls => Msg::RosterOldXls,
            RosterError::Encrypted => Msg::RosterEncrypted,
            RosterError::Corrupt => Msg::RosterCorrupt,
            RosterError::Unsupported => Msg::RosterUnsupported,
            RosterError::TooLarge => Msg::RosterTooLarge,
            RosterError::Empty => Msg::RosterEmpty,
            RosterError::NoNameColumn => Msg::RosterNoNameColumn,
            RosterError::TooManyRows { .. } => Msg::RosterTooManyRows,
            RosterError::UnterminatedQuote { .. } => Msg::RosterUnterminatedQuote,
        }
    }

    /// The message for the user, in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            RosterError::TooManyRows { max } => self.msg().fill(locale, &[("max", &max.to_string())]),
            RosterError::UnterminatedQuote { line } => self.msg().fill(locale, &[("line", &line.to_string())]),
            _ => self.msg().text(locale).to_owned(),
        }
    }
}

/// What kind of file the user picked, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A text file: decode it with this WHATWG encoding label (`utf-8`,
    /// `utf-16le`, `utf-16be` or `gb18030`), then call [`csv::read`].
    Csv(&'static str),
    /// A zip file: an `.xlsx` workbook, read with [`xlsx::open`].
    Xlsx,
}

impl Format {
    /// Tells an XLSX (zip) from a CSV text and names the text's encoding: a BOM
    /// decides; else valid UTF-8 is UTF-8 and anything else is taken as GB18030
    /// (what Excel and WPS save "CSV" as on Chinese Windows).
    pub fn detect(bytes: &[u8]) -> Result<Format, RosterError> {
        const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            return Ok(Format::Xlsx);
        }
        if bytes.starts_with(OLE) {
            // Office keeps a password-protected .xlsx in the old compound format,
            // with a stream called "EncryptionInfo" (UTF-16 in its directory).
            let needle: Vec<u8> = b"EncryptionInfo".iter().flat_map(|&b| [b, 0]).collect();
            let encrypted = bytes.windows(needle.len()).any(|w| w == needle.as_slice());
            return Err(if encrypted { RosterError::Encrypted } else { RosterError::OldXls });
        }
        if bytes.starts_with(&[0xFF, 0xFE]) {
            return Ok(Format::Csv("utf-16le"));
        }
        if bytes.starts_with(&[0xFE, 0xFF]) {
            return Ok(Format::Csv("utf-16be"));
        }
        if bytes.iter().take(4096).any(|&b| b == 0) {
            return Err(RosterError::NotATable);
        }
        Ok(Format::Csv(if std::str::from_utf8(bytes).is_ok() { "utf-8" } else { "gb18030" }))
    }
}

/// Why one row was not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Some of its cells are not valid (same rules as the contact form).
    Invalid(FieldErrors),
    /// The same person is already on the phone or earlier in the file: by
    /// mobile number, or (for a row without one) by name and organisation.
    Duplicate {
        /// The name of the contact it duplicates.
        of_name: String,
    },
}

/// A row that was not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// The row number as the spreadsheet shows it (1-based, the header counted).
    pub row: usize,
    /// Why.
    pub problem: Problem,
}

impl RowProblem {
    /// One line for the user: "第 5 行：手机号栏：请输入 11 位手机号码。".
    pub fn message(&self, locale: Locale) -> String {
        let problem = match &self.problem {
            Problem::Duplicate { of_name } => Msg::RosterDuplicate.fill(locale, &[("name", of_name)]),
            Problem::Invalid(errors) => {
                let parts: Vec<String> = errors.0.iter().map(|e| field_message(e, locale)).collect();
                parts.join(if locale == Locale::ZhCn { "" } else { " " })
            }
        };
        Msg::RosterRow.fill(locale, &[("row", &self.row.to_string()), ("problem", &problem)])
    }
}

fn field_message(e: &FieldError, locale: Locale) -> String {
    let label = match (e.field, &e.error) {
        (Field::ContactKind, ValidationError::UnknownChoice) => return Msg::RosterUnknownKind.text(locale).to_owned(),
        (Field::Tags, ValidationError::UnknownChoice) => {
            let sep = if locale == Locale::ZhCn { "、" } else { ", " };
            let tags: Vec<&str> = ContactTag::ALL.iter().map(|t| t.label().text(locale)).collect();
            return Msg::RosterUnknownTag.fill(locale, &[("tags", &tags.join(sep))]);
        }
        (Field::Name, _) => Msg::FieldName,
        (Field::Phone, _) => Msg::RosterColumnPhone,
        (Field::ContactKind, _) => Msg::FieldContactKind,
        (Field::Tags, _) => Msg::FieldTags,
        (Field::Organisation, _) => Msg::FieldOrganisation,
        _ => return e.error.message(locale),
    };
    Msg::RosterFieldError.fill(locale, &[("field", label.text(locale)), ("error", &e.error.message(locale))])
}

/// The outcome of reading a roster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RosterReport {
    /// New contacts to save, in file order.
    pub contacts: Vec<Contact>,
    /// Rows not imported, in file order.
    pub problems: Vec<RowProblem>,
    /// Data rows read (empty rows not counted).
    pub rows_read: usize,
}

impl RosterReport {
    /// "读取 12 行：导入 10 人，2 行未导入。"
    pub fn summary(&self, locale: Locale) -> String {
        let n = |n: usize| n.to_string();
        let args =
            [("rows", n(self.rows_read)), ("added", n(self.contacts.len())), ("problems", n(self.problems.len()))];
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Msg::RosterSummary.fill(locale, &args)
    }
}

/// The columns a roster may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Name,
    Phone,
    Organisation,
    Tags,
    Kind,
}

/// Header texts recognised for each column (after [`header_key`]).
const HEADERS: &[(&str, Column)] = &[
    ("姓名", Column::Name),
    ("名字", Column::Name),
    ("name", Column::Name),
    ("手机", Column::Phone),
    ("手机号", Column::Phone),
    ("手机号码", Column::Phone),
    ("电话", Column::Phone),
    ("电话号码", Column::Phone),
    ("联系电话", Column::Phone),
    ("联系方式", Column::Phone),
    ("phone", Column::Phone),
    ("mobile", Column::Phone),
    ("单位", Column::Organisation),
    ("工作单位", Column::Organisation),
    ("所在单位", Column::Organisation),
    ("organisation", Column::Organisation),
    ("organization", Column::Organisation),
    ("类别", Column::Tags),
    ("标签", Column::Tags),
    ("类别标签", Column::Tags),
    ("tags", Column::Tags),
    ("身份", Column::Kind),
    ("政治面貌", Column::Kind),
    ("类型", Column::Kind),
    ("kind", Column::Kind),
];

/// Cell values meaning a party member (besides the code and the labels).
const MEMBER: &[&str] = &["党员", "中共党员", "共产党员", "预备党员", "中共预备党员", "会员"];

/// A header cell as compared: trimmed, ASCII lower case, no spaces, without a
/// required-field mark (`*`) or a parenthesised note (`手机号码（必填）`).
fn header_key(cell: &str) -> String {
    let cell = cell.split(['(', '（']).next().unwrap_or_default();
    // ASCII case folding only: Unicode case tables are large, and Chinese has no case.
    cell.chars().filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊')).map(|c| c.to_ascii_lowercase()).collect()
}

/// A member/public cell to its code; anything unknown is passed on to be refused.
fn kind_code(cell: &str) -> String {
    if cell.is_empty() {
        return ContactKind::Public.code().to_owned();
    }
    if MEMBER.contains(&cell) {
        return ContactKind::Member.code().to_owned();
    }
    choice_code(ContactKind::ALL, cell, |k| (k.code(), k.label())).unwrap_or(cell).to_owned()
}

/// The code of the choice whose code or label (either language) is `cell`.
fn choice_code<T: Copy>(all: &[T], cell: &str, describe: fn(T) -> (&'static str, Msg)) -> Option<&'static str> {
    all.iter().map(|&c| describe(c)).find_map(|(code, label)| {
        let same = |s: &str| s.eq_ignore_ascii_case(cell);
        (same(code) || Locale::ALL.iter().any(|&l| same(label.text(l)))).then_some(code)
    })
}

/// A tags cell to codes: labels or codes separated by 、,，;；/ or spaces. An
/// unknown tag is passed on as it is, to be refused.
fn tag_codes(cell: &str) -> Vec<String> {
    let tag = |s: &str| choice_code(ContactTag::ALL, s, |t| (t.code(), t.label()));
    let mut codes = Vec::new();
    for piece in cell.split(['、', ',', '，', ';', '；', '/']).map(str::trim).filter(|p| !p.is_empty()) {
        // A whole piece first, so that English labels with spaces match.
        match tag(piece) {
            Some(code) => codes.push(code.to_owned()),
            None => codes.extend(piece.split_whitespace().map(|w| tag(w).unwrap_or(w).to_owned())),
        }
    }
    codes
}

/// The contacts seen so far, by mobile number (`p` + the digits) and by name
/// and organisation (`n` + name + U+001F + organisation) → their name.
#[derive(Debug, Default)]
struct Known(BTreeMap<String, String>);

impl Known {
    fn name_key(c: &Contact) -> String {
        let organisation = c.organisation.as_ref().map(|o| o.as_str()).unwrap_or_default();
        format!("n{}\u{1f}{organisation}", c.person.name.as_str())
    }

    fn add(&mut self, c: &Contact) {
        let name = c.person.name.as_str();
        if let Some(phone) = &c.person.phone {
            self.0.entry(format!("p{}", phone.as_str())).or_insert_with(|| name.to_owned());
        }
        self.0.entry(Known::name_key(c)).or_insert_with(|| name.to_owned());
    }

    /// The name of the contact `c` duplicates: same phone or, without one, same
    /// name and organisation.
    fn find(&self, c: &Contact) -> Option<&str> {
        let key = match &c.person.phone {
            Some(phone) => format!("p{}", phone.as_str()),
            None => Known::name_key(c),
        };
        self.0.get(&key).map(String::as_str)
    }
}

/// The header is looked for in this many first rows (a title such as
/// "2024年联系对象花名册" often sits above it).
const HEADER_SEARCH: usize = 10;

/// The recognised columns of a header row and their positions; the first of
/// two columns with the same meaning wins.
fn columns(header: &[String]) -> Vec<(Column, usize)> {
    let mut columns: Vec<(Column, usize)> = Vec::new();
    for (i, cell) in header.iter().enumerate() {
        let key = header_key(cell);
        if let Some(&(_, column)) = HEADERS.iter().find(|(h, _)| *h == key)
            && !columns.iter().any(|(c, _)| *c == column)
        {
            columns.push((column, i));
        }
    }
    columns
}

fn is_empty_row(row: &[String]) -> bool {
    row.iter().all(|c| c.trim().is_empty())
}

/// Reads a table (from [`csv::read`] or [`xlsx::table`]) into contacts and a
/// report. The header is the first row with a name column (姓名, 名字, name),
/// looked for in the first ten rows so that a title row above it is passed
/// over; rows above the header are ignored. Columns are recognised by their
/// Chinese or English name (trimmed, case and spaces ignored, a `*` or a
/// note in brackets dropped) and the others are ignored. `new_id` is called
/// once for each contact imported. `existing` are the contacts already on the
/// phone, for finding duplicates.
pub fn read_roster(
    table: &[Vec<String>],
    existing: &[Contact],
    mut new_id: impl FnMut() -> ContactId,
) -> Result<RosterReport, RosterError> {
    if table.iter().all(|r| is_empty_row(r)) {
        return Err(RosterError::Empty);
    }
    let (header_at, columns) = table
        .iter()
        .take(HEADER_SEARCH)
        .map(|r| columns(r))
        .enumerate()
        .find(|(_, columns)| columns.iter().any(|(c, _)| *c == Column::Name))
        .ok_or(RosterError::NoNameColumn)?;
    let data = &table[header_at + 1..];
    if data.iter().filter(|r| !is_empty_row(r)).count() > MAX_ROWS {
        return Err(RosterError::TooManyRows { max: MAX_ROWS });
    }

    let mut known = Known::default();
    existing.iter().for_each(|c| known.add(c));

    let mut report = RosterReport::default();
    let placeholder = ContactId::from_uuid(uuid::Uuid::nil());
    for (i, row) in data.iter().enumerate() {
        if is_empty_row(row) {
            continue;
        }
        report.rows_read += 1;
        let row_number = header_at + i + 2;
        let cell = |column: Column| {
            let at = columns.iter().find(|(c, _)| *c == column).map(|&(_, i)| i);
            at.and_then(|i| row.get(i)).map(|s| s.trim()).unwrap_or_default()
        };
        let input = ContactInput {
            name: cell(Column::Name).to_owned(),
            phone: cell(Column::Phone).to_owned(),
            kind: kind_code(cell(Column::Kind)),
            tags: tag_codes(cell(Column::Tags)),
            organisation: cell(Column::Organisation).to_owned(),
        };
        let problem = match Contact::create(placeholder, &input) {
            Err(errors) => Problem::Invalid(errors),
            Ok(mut contact) => match known.find(&contact) {
                Some(name) => Problem::Duplicate { of_name: name.to_owned() },
                None => {
                    contact.id = new_id();
                    known.add(&contact);
                    report.contacts.push(contact);
                    continue;
                }
            },
        };
        report.problems.push(RowProblem { row: row_number, problem });
    }
    Ok(report)
}

#[cfg(test)]
mod tests;
