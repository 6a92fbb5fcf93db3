//! Reading the first sheet of an `.xlsx` workbook (Excel, WPS, LibreOffice,
//! openpyxl …) into rows of cell texts.
//!
//! Inflating is the app's job (the browser's `DecompressionStream('deflate-raw')`
//! is async; the core is not), so reading goes in steps, each given the bytes
//! the app inflated in the step before:
//!
//! ```text
//! let book = xlsx::open(&bytes)?;                        // the parts to inflate first
//! let workbook = inflate(book.workbook).await;           // UTF-8 text of each part
//! let rels = inflate(book.rels).await;
//! let sheet = xlsx::part(&bytes, &xlsx::sheet_path(&workbook, &rels)?)?;
//! let sheet = inflate(sheet).await;
//! let strings = match book.shared_strings { Some(p) => Some(inflate(p).await), None => None };
//! let table = xlsx::table(strings.as_deref(), &sheet)?;  // then roster::read_roster
//! ```
//!
//! where `inflate` copies an [`Entry`] that is [`Method::Stored`] and inflates
//! one that is [`Method::Deflate`], stopping at [`Entry::size`] bytes; a
//! failure there (or text that is not UTF-8) is [`RosterError::Corrupt`].

use super::RosterError;
use super::xml::{Scanner, Token, attr, unescape};
use super::zip::{Entry, Zip};

pub use super::zip::Method;

/// Where every workbook writer puts the workbook.
pub const WORKBOOK: &str = "xl/workbook.xml";
/// The workbook's relationships: which part each sheet is.
pub const WORKBOOK_RELS: &str = "xl/_rels/workbook.xml.rels";
/// The shared strings (absent when a writer uses inline strings only).
pub const SHARED_STRINGS: &str = "xl/sharedStrings.xml";
/// A part larger than this (inflated) is refused.
pub const MAX_PART_SIZE: u32 = 32 << 20;
/// Cells beyond this column are ignored (a roster has a handful).
const MAX_COLUMNS: usize = 256;
/// A sheet with a value below this row is refused.
const MAX_SHEET_ROWS: usize = 100_000;
/// At most this many cells, gaps included, so that a crafted sheet cannot
/// fill the phone's memory with empty cells.
const MAX_CELLS: usize = 2_000_000;

/// The parts to inflate first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Book<'a> {
    /// [`WORKBOOK`]: the sheets, in order.
    pub workbook: Entry<'a>,
    /// [`WORKBOOK_RELS`]: which part each sheet is.
    pub rels: Entry<'a>,
    /// [`SHARED_STRINGS`], if the file has it.
    pub shared_strings: Option<Entry<'a>>,
}

/// Reads the zip directory of an `.xlsx` and finds the parts every reading
/// needs. A zip without a workbook (a `.docx`, an archive) is
/// [`RosterError::NotATable`].
pub fn open(bytes: &[u8]) -> Result<Book<'_>, RosterError> {
    let zip = Zip::open(bytes)?;
    let get = |path: &str| zip.file(path)?.map(checked).transpose();
    Ok(Book {
        workbook: get(WORKBOOK)?.ok_or(RosterError::NotATable)?,
        rels: get(WORKBOOK_RELS)?.ok_or(RosterError::Corrupt)?,
        shared_strings: get(SHARED_STRINGS)?,
    })
}

/// The part at `path` (from [`sheet_path`]); a missing part is
/// [`RosterError::Corrupt`].
pub fn part<'a>(bytes: &'a [u8], path: &str) -> Result<Entry<'a>, RosterError> {
    Zip::open(bytes)?.file(path)?.ok_or(RosterError::Corrupt).and_then(checked)
}

fn checked(entry: Entry<'_>) -> Result<Entry<'_>, RosterError> {
    if entry.size > MAX_PART_SIZE { Err(RosterError::TooLarge) } else { Ok(entry) }
}

/// The path in the zip of the first worksheet in workbook order (the order of
/// the tabs), skipping hidden sheets unless every sheet is hidden.
pub fn sheet_path(workbook_xml: &str, rels_xml: &str) -> Result<String, RosterError> {
    let mut worksheets: Vec<(String, String)> = Vec::new();
    for token in Scanner::new(rels_xml) {
        if let Token::Open { name: "Relationship", attrs, .. } = token?
            && attr(attrs, "Type").is_some_and(|t| t.ends_with("/worksheet"))
            && let (Some(id), Some(target)) = (attr(attrs, "Id"), attr(attrs, "Target"))
        {
            worksheets.push((id, target));
        }
    }
    let mut hidden = None;
    for token in Scanner::new(workbook_xml) {
        if let Token::Open { name: "sheet", attrs, .. } = token?
            && let Some(id) = attr(attrs, "id")
            && let Some((_, target)) = worksheets.iter().find(|(i, _)| *i == id)
        {
            if attr(attrs, "state").is_none_or(|s| s == "visible") {
                return Ok(resolve(target));
            }
            hidden.get_or_insert(target);
        }
    }
    hidden.map(|t| resolve(t)).ok_or(RosterError::Corrupt)
}

/// A relationship target as a zip path: relative to `xl/`, or absolute.
fn resolve(target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    };
    let mut path: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            s => path.push(s),
        }
    }
    path.join("/")
}

/// The text of `<t>` (and `<v>`) elements, leaving out phonetic runs
/// (`<rPh>`, furigana) that are not part of the value.
#[derive(Debug, Default)]
struct Text {
    text: String,
    capture: bool,
    phonetic: bool,
}

impl Text {
    fn feed(&mut self, token: Token<'_>) {
        match token {
            Token::Open { name: "t" | "v", empty, .. } => self.capture = !empty && !self.phonetic,
            Token::Close("t" | "v") => self.capture = false,
            Token::Open { name: "rPh", empty, .. } => self.phonetic = !empty,
            Token::Close("rPh") => self.phonetic = false,
            Token::Text(raw) if self.capture => self.text.push_str(&unescape(raw)),
            Token::Cdata(raw) if self.capture => self.text.push_str(raw),
            _ => {}
        }
    }

    fn take(&mut self) -> String {
        std::mem::take(&mut self.text)
    }
}

/// Reads a worksheet into rows of cell texts, with the shared strings if the
/// workbook has them. Row `i` of the result is the sheet's row `i + 1`; a row or
/// cell left out in the XML is empty, so positions match what Excel shows.
///
/// Strings come out as written (rich-text runs joined); a number as written,
/// except that an integer in exponent form (`1.3812345678E10`) or with a zero
/// fraction is written out in digits (a phone stored as a number); a boolean as
/// `TRUE`/`FALSE`; an error value (`#N/A`) as an empty cell. Formulas are not
/// evaluated: their cached value is used.
pub fn table(shared_strings_xml: Option<&str>, sheet_xml: &str) -> Result<Vec<Vec<String>>, RosterError> {
    let shared = match shared_strings_xml {
        Some(xml) => shared_strings(xml)?,
        None => Vec::new(),
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cells = 0;
    let (mut row, mut col) = (0, 0);
    let mut cell_type: Option<String> = None;
    let mut text = Text::default();
    for token in Scanner::new(sheet_xml) {
        match token? {
            Token::Open { name: "row", attrs, .. } => {
                row = attr(attrs, "r").and_then(|r| r.trim().parse().ok()).unwrap_or(row + 1);
                col = 0;
            }
            Token::Open { name: "c", attrs, empty } => {
                (row, col) = match attr(attrs, "r") {
                    Some(r) => cell_ref(&r).ok_or(RosterError::Corrupt)?,
                    None => (row, col + 1),
                };
                text.take();
                cell_type = (!empty).then(|| attr(attrs, "t").unwrap_or_default());
            }
            Token::Close("c") => {
                let Some(kind) = cell_type.take() else { continue };
                let value = value(&kind, text.take(), &shared)?;
                if value.is_empty() || col > MAX_COLUMNS {
                    continue;
                }
                if row == 0 || col == 0 {
                    return Err(RosterError::Corrupt);
                }
                if row > MAX_SHEET_ROWS {
                    return Err(RosterError::TooManyRows { max: super::MAX_ROWS });
                }
                if rows.len() < row {
                    rows.resize_with(row, Vec::new);
                }
                let cells_of_row = &mut rows[row - 1];
                if cells_of_row.len() < col {
                    cells += col - cells_of_row.len();
                    cells_of_row.resize(col, String::new());
                }
                if cells > MAX_CELLS {
                    return Err(RosterError::TooLarge);
                }
                cells_of_row[col - 1] = value;
            }
            token => text.feed(token),
        }
    }
    Ok(rows)
}

/// The strings of `sharedStrings.xml`, in order.
fn shared_strings(xml: &str) -> Result<Vec<String>, RosterError> {
    let mut strings = Vec::new();
    let mut text = Text::default();
    for token in Scanner::new(xml) {
        match token? {
            Token::Open { name: "si", empty, .. } => {
                text.take();
                if empty {
                    strings.push(String::new());
                }
            }
            Token::Close("si") => strings.push(ooxml_unescape(text.take())),
            token => text.feed(token),
        }
    }
    Ok(strings)
}

/// The text of a cell of type `kind` (the `t` attribute) whose `<v>` or `<t>`
/// texts are `text`.
fn value(kind: &str, text: String, shared: &[String]) -> Result<String, RosterError> {
    Ok(match kind {
        "s" => {
            let index: usize = text.trim().parse().map_err(|_| RosterError::Corrupt)?;
            shared.get(index).ok_or(RosterError::Corrupt)?.clone()
        }
        "inlineStr" | "str" => ooxml_unescape(text),
        "b" => (if text.trim() == "1" { "TRUE" } else { "FALSE" }).to_owned(),
        "e" => String::new(),
        "n" | "" => number(text.trim()),
        _ => text,
    })
}

/// `AB12` → (row 12, column 28), both 1-based; `None` outside Excel's grid.
fn cell_ref(r: &str) -> Option<(usize, usize)> {
    let digits = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = r.split_at(digits);
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.bytes().fold(0, |n, b| n * 26 + usize::from(b - b'A' + 1));
    let row: usize = number.parse().ok()?;
    ((1..=1_048_576).contains(&row) && col <= 16_384).then_some((row, col))
}

/// A number as written, but an integer in exponent form or with a zero
/// fraction in plain digits: `1.3812345678E10` and `13812345678.0` →
/// `13812345678`.
fn number(v: &str) -> String {
    if !v.contains(['.', 'E', 'e']) {
        return v.to_owned();
    }
    let (mantissa, exponent) = match v.split_once(['E', 'e']) {
        Some((m, e)) => match e.strip_prefix('+').unwrap_or(e).parse::<i32>() {
            Ok(e) => (m, e),
            Err(_) => return v.to_owned(),
        },
        None => (v, 0),
    };
    let (int, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let fraction = fraction.trim_end_matches('0');
    let digits = !int.is_empty() && int.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit());
    let zeros = i32::try_from(fraction.len()).ok().map(|f| exponent - f);
    match zeros {
        Some(zeros @ 0..=20) if digits => {
            let all = format!("{int}{fraction}{}", "0".repeat(zeros as usize));
            let trimmed = all.trim_start_matches('0');
            if trimmed.is_empty() { "0".to_owned() } else { trimmed.to_owned() }
        }
        _ => v.to_owned(),
    }
}

/// Decodes the `_xHHHH_` escapes OOXML uses for control characters
/// (`_x000D_` is a carriage return; `_x005F_` a literal `_`).
fn ooxml_unescape(text: String) -> String {
    if !text.contains("_x") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let code = rest
            .get(2..6)
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()) && rest.get(6..7) == Some("_"))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                rest = &rest[7..];
            }
            None => {
                out.push_str("_x");
                rest = &rest[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::zip::tests::{INLINE, OPENPYXL, SHARED, inflate};
    use proptest::prelude::*;

    fn text(entry: Entry<'_>) -> String {
        String::from_utf8(inflate(entry)).unwrap()
    }

    /// Reads a fixture as the app does, step by step.
    fn read(bytes: &[u8]) -> Vec<Vec<String>> {
        let book = open(bytes).unwrap();
        let path = sheet_path(&text(book.workbook), &text(book.rels)).unwrap();
        let sheet = text(part(bytes, &path).unwrap());
        table(book.shared_strings.map(text).as_deref(), &sheet).unwrap()
    }

    fn rows(expected: &[&[&str]]) -> Vec<Vec<String>> {
        expected.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    #[test]
    fn openpyxl_inline_strings_and_a_number() {
        let expected = rows(&[
            &["序号", "姓名", "手机号码", "工作单位", "政治面貌", "类别"],
            &["1", "张三", "13812345678", "城关镇人民政府", "中共党员", "老同志、困难群众"],
            &["2", "李四", "13912345678", "", "群众"],
            &[],
            &["4", "王五", "", "县教育局", "", "业务骨干"],
            &["5", "赵六", "12345", "县教育局", "群众"],
            &["6", "钱七", "", "", "", "致富带头人"],
        ]);
        assert_eq!(read(OPENPYXL), expected);
    }

    #[test]
    fn excel_style_shared_strings() {
        let book = open(SHARED).unwrap();
        assert!(book.shared_strings.is_some());
        let expected = rows(&[
            &["姓名", "手机", "所在单位", "标签"],
            &["吴十 ", "13812345678", "县卫健委", "low_income veteran"],
            &["郑一", "", "", "low_income veteran"],
        ]);
        assert_eq!(read(SHARED), expected);
    }

    #[test]
    fn hand_written_inline_strings() {
        let expected = rows(&[
            &["姓名", " 联系电话 ", "单位", "身份", "在册"],
            &["孙八", "13812345678", "R&D <中心> 中文", "member", "TRUE"],
            &[],
            &["周\r九", "", "", "", "FALSE"],
        ]);
        assert_eq!(read(INLINE), expected);
    }

    #[test]
    fn first_visible_worksheet_in_tab_order() {
        let rels = r#"<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="worksheets/sheet1.xml"/>
            <Relationship Id="rId2" Type="http://x/chartsheet" Target="chartsheets/sheet1.xml"/>
            <Relationship Id="rId3" Type="http://x/worksheet" Target="../xl/./worksheets/sheet3.xml"/></Relationships>"#;
        let workbook = |sheets: &str| format!("<workbook><sheets>{sheets}</sheets></workbook>");
        let cases = [
            (r#"<sheet r:id="rId1"/><sheet r:id="rId3"/>"#, Ok("xl/worksheets/sheet1.xml")),
            (r#"<sheet r:id="rId2"/><sheet r:id="rId3"/>"#, Ok("xl/worksheets/sheet3.xml")),
            (r#"<sheet state="hidden" r:id="rId1"/><sheet r:id="rId3"/>"#, Ok("xl/worksheets/sheet3.xml")),
            (r#"<sheet state="hidden" r:id="rId1"/>"#, Ok("xl/worksheets/sheet1.xml")),
            (r#"<sheet r:id="rId9"/>"#, Err(RosterError::Corrupt)),
            ("", Err(RosterError::Corrupt)),
        ];
        for (sheets, want) in cases {
            assert_eq!(sheet_path(&workbook(sheets), rels).as_deref(), want.as_ref().copied(), "{sheets}");
        }
    }

    #[test]
    fn cells() {
        let sheet = |cells: &str| format!("<worksheet><sheetData><row r=\"1\">{cells}</row></sheetData></worksheet>");
        let shared = "<sst><si><t>a</t></si><si/><si><r><t>b</t></r><r><t>c</t></r></si></sst>";
        let cases: &[(&str, &[&str])] = &[
            (r#"<c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>2</v></c>"#, &["a", "", "bc"]),
            (r#"<c r="B1" t="s"><v>1</v></c>"#, &[]),
            (
                r#"<c r="A1"><v>13812345678</v></c><c><v>1.3812345678E10</v></c><c><v>3.5</v></c>"#,
                &["13812345678", "13812345678", "3.5"],
            ),
            (
                r#"<c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B1" t="str"><f>A2</f><v>x_x005F_y</v></c>"#,
                &["", "x_y"],
            ),
            (r#"<c r="A1" t="inlineStr"><is><t xml:space="preserve"> a </t></is></c><c r="AB1"/>"#, &[" a "]),
        ];
        for (cells, want) in cases {
            let got = table(Some(shared), &sheet(cells)).unwrap();
            let want: Vec<Vec<String>> = if want.is_empty() { vec![] } else { rows(&[want]) };
            assert_eq!(got, want, "{cells}");
        }
        for bad in [r#"<c r="A1" t="s"><v>7</v></c>"#, r#"<c r="A1" t="s"><v>x</v></c>"#, r#"<c r="1A"><v>1</v></c>"#] {
            assert_eq!(table(Some(shared), &sheet(bad)), Err(RosterError::Corrupt), "{bad}");
        }
        let far = "<sheetData><row r=\"200000\"><c r=\"A200000\"><v>1</v></c></row></sheetData>";
        assert_eq!(table(None, far), Err(RosterError::TooManyRows { max: super::super::MAX_ROWS }));
    }

    #[test]
    fn cell_refs_and_numbers() {
        assert_eq!(cell_ref("A1"), Some((1, 1)));
        assert_eq!(cell_ref("AB12"), Some((12, 28)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_576, 16_384)));
        for bad in ["", "A", "12", "a1", "A0", "XFE1", "AAAA1", "A1048577", "A1B"] {
            assert_eq!(cell_ref(bad), None, "{bad}");
        }
        let cases = [
            ("13812345678", "13812345678"),
            ("1.3812345678E10", "13812345678"),
            ("1.3812345678E+10", "13812345678"),
            ("13812345678.0", "13812345678"),
            ("1E3", "1000"),
            ("0.0", "0"),
            ("007", "007"),
            ("3.5", "3.5"),
            ("1.5E-3", "1.5E-3"),
            ("-2", "-2"),
            ("1E99", "1E99"),
            ("", ""),
        ];
        for (v, want) in cases {
            assert_eq!(number(v), want, "{v}");
        }
    }

    #[test]
    fn not_a_workbook() {
        // A zip without a workbook, e.g. a Word file.
        let mut bytes = b"PK\x05\x06".to_vec();
        bytes.extend_from_slice(&[0; 18]);
        assert_eq!(open(&bytes), Err(RosterError::NotATable));
        assert_eq!(part(INLINE, "xl/worksheets/sheet9.xml"), Err(RosterError::Corrupt));
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(xml in "[<>/=\"'a-z: &#;x0-9A-Z_]{0,80}", prefix in "(<c r=\"A1\" t=\"s\"><v>)?") {
            let xml = format!("{prefix}{xml}");
            let _ = table(Some(&xml), &xml);
            let _ = table(None, &xml);
            let _ = sheet_path(&xml, &xml);
        }

        #[test]
        fn never_panics_on_truncated_parts(cut in 0usize..2000) {
            for bytes in [OPENPYXL, SHARED, INLINE] {
                let book = open(bytes).unwrap();
                let sheet = text(part(bytes, &sheet_path(&text(book.workbook), &text(book.rels)).unwrap()).unwrap());
                let strings = book.shared_strings.map(text);
                let end = (0..=cut.min(sheet.len())).rev().find(|&i| sheet.is_char_boundary(i)).unwrap_or(0);
                let _ = table(strings.as_deref(), &sheet[..end]);
                let _ = open(&bytes[..cut.min(bytes.len())]);
            }
        }
    }
}
