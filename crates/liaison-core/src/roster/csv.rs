//! A small CSV reader (RFC 4180) for rosters saved as CSV: quoted cells with
//! doubled quotes and line breaks, CRLF or LF line ends, a leading BOM. Files
//! whose first line has no comma but a tab or a semicolon (Excel in some
//! locales) are split on that instead.
//!
//! It is lenient where spreadsheets are sloppy: a quote inside an unquoted cell,
//! or text after a closing quote, is kept as text. Only a quote that is never
//! closed is an error, since the rest of the file would be swallowed.

use super::RosterError;

/// Reads CSV text into rows of cells.
///
/// An empty line is an empty row (no cells), so that row numbers match what a
/// spreadsheet shows; [`super::read_roster`] skips empty rows. Empty lines at the
/// end are dropped.
pub fn read(text: &str) -> Result<Vec<Vec<String>>, RosterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = separator(text);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    // Whether the current cell started with a quote, and the line it is open since.
    let mut quoted = false;
    let mut open_since: Option<usize> = None;
    let mut line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if open_since.is_some() {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => open_since = None,
                _ => {
                    line += usize::from(c == '\n');
                    cell.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() && !quoted => {
                quoted = true;
                open_since = Some(line);
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                line += 1;
                end_row(&mut rows, &mut row, &mut cell, quoted);
                quoted = false;
            }
            c if c == sep => {
                row.push(std::mem::take(&mut cell));
                quoted = false;
            }
            c => cell.push(c),
        }
    }
    if let Some(line) = open_since {
        return Err(RosterError::UnterminatedQuote { line });
    }
    if quoted || !cell.is_empty() || !row.is_empty() {
        end_row(&mut rows, &mut row, &mut cell, quoted);
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    Ok(rows)
}

fn end_row(rows: &mut Vec<Vec<String>>, row: &mut Vec<String>, cell: &mut String, quoted: bool) {
    if row.is_empty() && cell.is_empty() && !quoted {
        rows.push(Vec::new());
    } else {
        row.push(std::mem::take(cell));
        rows.push(std::mem::take(row));
    }
}

/// `,` unless the first line (outside quotes) has none but has a tab or a `;`.
fn separator(text: &str) -> char {
    let mut in_quotes = false;
    let (mut tab, mut semicolon) = (false, false);
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => return ',',
            '\t' if !in_quotes => tab = true,
            ';' if !in_quotes => semicolon = true,
            '\r' | '\n' if !in_quotes => break,
            _ => {}
        }
    }
    if tab {
        '\t'
    } else if semicolon {
        ';'
    } else {
        ','
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        read(text).unwrap()
    }

    fn table(expected: &[&[&str]]) -> Vec<Vec<String>> {
        expected.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    #[test]
    fn cases() {
        let cases: &[(&str, &[&[&str]])] = &[
            ("", &[]),
            ("a,b\n1,2\n", &[&["a", "b"], &["1", "2"]]),
            ("a,b\r\n1,2", &[&["a", "b"], &["1", "2"]]),
            ("\u{feff}姓名,手机\r\n张三,138", &[&["姓名", "手机"], &["张三", "138"]]),
            ("a,\"b,c\",\"say \"\"hi\"\"\"\n", &[&["a", "b,c", "say \"hi\""]]),
            ("\"two\nlines\",x\r\ny,z", &[&["two\nlines", "x"], &["y", "z"]]),
            ("\"crlf\r\ninside\"", &[&["crlf\r\ninside"]]),
            ("a,b\n\n1,2\n\n\n", &[&["a", "b"], &[], &["1", "2"]]),
            ("a,,\n,,", &[&["a", "", ""], &["", "", ""]]),
            ("\"\"", &[&[""]]),
            ("a\"b,c\"d\"", &[&["a\"b", "c\"d\""]]),
            ("\"ab\"c,d", &[&["abc", "d"]]),
            ("old\rmac\r", &[&["old"], &["mac"]]),
            ("a;b\n1;2,5", &[&["a", "b"], &["1", "2,5"]]),
            ("a\tb\n1\t2", &[&["a", "b"], &["1", "2"]]),
            ("\"x,y\"\tb\n1\t2", &[&["x,y", "b"], &["1", "2"]]),
            ("\"x;y\"\tb\n1\t2", &[&["x;y", "b"], &["1", "2"]]),
            ("name\nzhang", &[&["name"], &["zhang"]]),
        ];
        for (text, expected) in cases {
            assert_eq!(rows(text), table(expected), "{text:?}");
        }
    }

    #[test]
    fn an_unclosed_quote_names_its_line() {
        assert_eq!(read("a,b\n1,\"2\n3\n"), Err(RosterError::UnterminatedQuote { line: 2 }));
        assert_eq!(read("\"a"), Err(RosterError::UnterminatedQuote { line: 1 }));
        assert_eq!(read("\"a\nb\"\n\"c"), Err(RosterError::UnterminatedQuote { line: 3 }));
    }

    #[test]
    fn excel_utf8_csv_fixture() {
        let text = include_str!("../../tests/fixtures/roster_bom.csv");
        let got = rows(text);
        assert_eq!(got.len(), 5);
        assert_eq!(got[0], ["姓名", "手机", "单位", "身份", "标签"]);
        assert_eq!(got[1][2], "城关镇人民政府,办公室");
        assert_eq!(got[2][0], "李\"四\"");
        assert!(got[3].is_empty());
    }

    fn write(rows: &[Vec<String>]) -> String {
        let quote = |c: &String| format!("\"{}\"", c.replace('"', "\"\""));
        rows.iter().map(|r| r.iter().map(quote).collect::<Vec<_>>().join(",") + "\r\n").collect()
    }

    proptest! {
        #[test]
        fn quoted_cells_read_back(rows in proptest::collection::vec(
            proptest::collection::vec("[a-z张三,;\"\t\r\n \u{feff}]{0,6}", 1..5), 0..6)
        ) {
            prop_assert_eq!(read(&write(&rows)), Ok(rows));
        }

        #[test]
        fn never_panics(text in "[a,;\"\t\r\n\u{feff}]{0,40}") {
            let _ = read(&text);
        }
    }
}
