//! Tests of reading a table into contacts, and of whole files end to end.

use super::*;
use crate::roster::zip::tests::{INLINE, OPENPYXL, SHARED, inflate};
use ValidationError::*;

fn table(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

/// Ids 1, 2, 3 … in the order they are asked for.
fn ids() -> impl FnMut() -> ContactId {
    let mut n = 0u128;
    move || {
        n += 1;
        ContactId::from_uuid(uuid::Uuid::from_u128(n))
    }
}

fn read(rows: &[&[&str]], existing: &[Contact]) -> RosterReport {
    read_roster(&table(rows), existing, ids()).unwrap()
}

fn contact(name: &str, phone: &str, organisation: &str) -> Contact {
    let input = ContactInput {
        name: name.into(),
        phone: phone.into(),
        kind: "public".into(),
        tags: vec![],
        organisation: organisation.into(),
    };
    Contact::create(ContactId::from_uuid(uuid::Uuid::from_u128(999)), &input).unwrap()
}

/// (name, phone, kind, tags, organisation) of each contact.
fn summary(report: &RosterReport) -> Vec<(String, String, String, Vec<String>, String)> {
    report
        .contacts
        .iter()
        .map(|c| {
            let r = crate::ContactRecord::from(c);
            (r.name, r.phone, r.kind, r.tags, r.organisation)
        })
        .collect()
}

fn invalid(row: usize, errors: &[(Field, ValidationError)]) -> RowProblem {
    let errors = errors.iter().map(|(field, error)| FieldError { field: *field, error: error.clone() }).collect();
    RowProblem { row, problem: Problem::Invalid(FieldErrors(errors)) }
}

fn duplicate(row: usize, of: &str) -> RowProblem {
    RowProblem { row, problem: Problem::Duplicate { of_name: of.into() } }
}

#[test]
fn headers_in_chinese_and_english() {
    let headers: &[&[&str]] = &[
        &["姓名", "手机号码", "工作单位", "政治面貌", "类别"],
        &[" Name ", "MOBILE", "Organization", "Kind", "Tags"],
        &["姓 名*", "手机号码（必填）", "所在单位", "身份", "标签"],
        &["名字", "联系电话", "单位", "类型(党员/群众)", "类别标签"],
        &["name", "phone", "organisation", "kind", "tags"],
        &["电话", "名字", "类型", "手机", "组织", "标签"],
    ];
    let row = ["张三", "13812345678", "县教育局", "党员", "老同志"];
    for header in headers {
        // The data row in the same column order as the header names it.
        let data: Vec<&str> = match header[0] {
            "电话" => vec!["13812345678", "张三", "党员", "", "县教育局", "老同志"],
            _ => row.to_vec(),
        };
        let report = read(&[header, &data], &[]);
        let organisation = if header[0] == "电话" { "" } else { "县教育局" };
        let want = ("张三".into(), "13812345678".into(), "member".into(), vec!["veteran".into()], organisation.into());
        assert_eq!(summary(&report), [want], "{header:?}");
        assert!(report.problems.is_empty(), "{header:?}");
    }
}

#[test]
fn file_level_errors() {
    let no_name: &[&[&str]] = &[&["手机", "单位"], &["13812345678", "x"]];
    assert_eq!(read_roster(&table(no_name), &[], ids()), Err(RosterError::NoNameColumn));
    assert_eq!(read_roster(&[], &[], ids()), Err(RosterError::Empty));
    assert_eq!(read_roster(&table(&[&[], &["", " "]]), &[], ids()), Err(RosterError::Empty));

    let mut rows = vec![vec!["姓名".to_string()]];
    rows.extend((0..MAX_ROWS).map(|i| vec![format!("人{i}")]));
    rows.push(vec![]);
    assert_eq!(read_roster(&rows, &[], ids()).map(|r| r.contacts.len()), Ok(MAX_ROWS));
    rows.push(vec!["多一个".into()]);
    assert_eq!(read_roster(&rows, &[], ids()), Err(RosterError::TooManyRows { max: MAX_ROWS }));
}

#[test]
fn kinds() {
    let cases = [
        ("党员", "member"),
        ("中共党员", "member"),
        ("中共预备党员", "member"),
        ("会员", "member"),
        ("Member", "member"),
        ("party member", "member"),
        ("群众", "public"),
        ("PUBLIC", "public"),
        ("", "public"),
        ("共青团员", "共青团员"),
    ];
    for (cell, want) in cases {
        assert_eq!(kind_code(cell), want, "{cell}");
    }
    // Without a kind column everyone is public.
    let report = read(&[&["姓名"], &["张三"]], &[]);
    assert_eq!(report.contacts[0].person.kind, ContactKind::Public);
}

#[test]
fn tags() {
    let cases: &[(&str, &[&str])] = &[
        ("", &[]),
        ("老同志", &["veteran"]),
        ("老同志、困难群众", &["veteran", "household_in_need"]),
        ("业务骨干,致富带头人；低收入群体", &["professional_backbone", "entrepreneur", "low_income"]),
        (
            "业务骨干，老同志;困难群众 / 致富带头人",
            &["professional_backbone", "veteran", "household_in_need", "entrepreneur"],
        ),
        ("veteran low_income", &["veteran", "low_income"]),
        ("Household in need, VETERAN", &["household_in_need", "veteran"]),
        ("老同志 富人", &["veteran", "富人"]),
    ];
    for (cell, want) in cases {
        assert_eq!(tag_codes(cell), *want, "{cell}");
    }
}

#[test]
fn row_errors_with_spreadsheet_row_numbers() {
    let long_name = "名".repeat(51);
    let long_org = "单".repeat(101);
    let rows: &[&[&str]] = &[
        &[],
        &["姓名", "手机", "单位", "身份", "标签"],
        &["", "13812345678", "", "", ""],
        &[&long_name, "", "", "", ""],
        &["李四", "12345", "", "", ""],
        &[],
        &["王五", "", "", "共青团员", ""],
        &["赵六", "", "", "", "富人"],
        &["钱七", "", &long_org, "", ""],
        &["孙八", "0571-88888888", "", "外星人", "老同志、富人"],
        &["周九", "13912345678"],
    ];
    let report = read(rows, &[]);
    use Field::*;
    // Row numbers as the spreadsheet shows them: the empty first row and the header count.
    assert_eq!(
        report.problems,
        [
            invalid(3, &[(Name, Required)]),
            invalid(4, &[(Name, TooLong { max: 50 })]),
            invalid(5, &[(Phone, PhoneInvalid)]),
            invalid(7, &[(ContactKind, UnknownChoice)]),
            invalid(8, &[(Tags, UnknownChoice)]),
            invalid(9, &[(Organisation, TooLong { max: 100 })]),
            invalid(10, &[(Phone, PhoneInvalid), (ContactKind, UnknownChoice), (Tags, UnknownChoice)]),
        ]
    );
    assert_eq!(summary(&report), [("周九".into(), "13912345678".into(), "public".into(), vec![], String::new())]);
    assert_eq!(report.rows_read, 8);
}

#[test]
fn a_title_row_above_the_header_is_passed_over() {
    let rows: &[&[&str]] = &[&["2024年联系对象花名册"], &[], &["姓名", "手机"], &["张三", "123"]];
    let report = read(rows, &[]);
    assert_eq!(report.problems, [invalid(4, &[(Field::Phone, PhoneInvalid)])]);
    // Only the first ten rows are searched.
    let mut rows = vec![vec!["说明".to_string()]; 10];
    rows.extend(table(&[&["姓名"], &["张三"]]));
    assert_eq!(read_roster(&rows, &[], ids()), Err(RosterError::NoNameColumn));
}

#[test]
fn duplicates_are_reported_not_imported() {
    let existing = [contact("张三", "13812345678", ""), contact("李四", "", "县教育局")];
    let rows: &[&[&str]] = &[
        &["姓名", "手机", "单位"],
        &["张三丰", "138 1234 5678", ""],     // 2: the phone of an existing contact
        &["李四", "", "县教育局"],            // 3: name + organisation of an existing contact
        &["李四", "", "县卫健委"],            // 4: another 李四: imported
        &["李四", "", "县卫健委"],            // 5: the same as row 4
        &["王五", "13912345678", ""],         // 6: imported
        &["王老五", "+86 139 1234 5678", ""], // 7: the phone of row 6
        &["李四", "13712345678", "县教育局"], // 8: has a phone, a new one: imported
        &["赵六", "123", ""],                 // 9: invalid
        &["赵六", "", ""],                    // 10: imported (row 9 was not)
        &["赵六", " ", ""],                   // 11: the same as row 10
    ];
    let report = read(rows, &existing);
    assert_eq!(
        report.problems,
        [
            duplicate(2, "张三"),
            duplicate(3, "李四"),
            duplicate(5, "李四"),
            duplicate(7, "王五"),
            invalid(9, &[(Field::Phone, PhoneInvalid)]),
            duplicate(11, "赵六"),
        ]
    );
    let names: Vec<(&str, ContactId)> = report.contacts.iter().map(|c| (c.person.name.as_str(), c.id)).collect();
    let id = |n: u128| ContactId::from_uuid(uuid::Uuid::from_u128(n));
    // Ids are asked for only for contacts imported.
    assert_eq!(names, [("李四", id(1)), ("王五", id(2)), ("李四", id(3)), ("赵六", id(4))]);
    assert_eq!(report.rows_read, 10);
}

#[test]
fn messages() {
    let zh = Locale::ZhCn;
    let en = Locale::En;
    let rows: &[&[&str]] = &[
        &["姓名", "手机", "身份", "标签"],
        &["", "12345", "", ""],
        &["张三", "", "团员", "富人"],
        &["张三", "", "", ""],
        &["张三", "", "", ""],
    ];
    let report = read(rows, &[]);
    let lines: Vec<String> = report.problems.iter().map(|p| p.message(zh)).collect();
    assert_eq!(
        lines,
        [
            "第 2 行：姓名栏：此项必填。手机号栏：请输入 11 位手机号码。",
            "第 3 行：身份只能填“党员”或“群众”。标签只能是：低收入群体、业务骨干、致富带头人、老同志、困难群众。",
            "第 5 行：与“张三”是同一人（本机已有或表中前面已有），没有导入。",
        ]
    );
    assert_eq!(
        report.problems[0].message(en),
        "Row 2: Name: This field is required. Mobile: Enter an 11-digit mainland mobile number."
    );
    assert!(report.problems[1].message(en).contains("Low income, Professional backbone"));
    assert_eq!(report.summary(zh), "读取 4 行：导入 1 人，3 行未导入。");
    assert_eq!(report.summary(en), "Read 4 rows: 1 imported, 3 not imported.");
    assert_eq!(RosterError::TooManyRows { max: 5000 }.message(zh), "一次最多导入 5000 行。请把表格分成几个文件。");
    assert!(RosterError::UnterminatedQuote { line: 7 }.message(en).contains("line 7"));
    assert_eq!(RosterError::Corrupt.msg().key(), "roster_corrupt");
}

#[test]
fn formats() {
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    let mut encrypted = ole.to_vec();
    encrypted.extend("EncryptionInfo".encode_utf16().flat_map(|u| u.to_le_bytes()));
    let cases: &[(&[u8], Result<Format, RosterError>)] = &[
        (OPENPYXL, Ok(Format::Xlsx)),
        (b"\xEF\xBB\xBF\xE5\xA7\x93\xE5\x90\x8D,a", Ok(Format::Csv("utf-8"))),
        ("姓名,手机".as_bytes(), Ok(Format::Csv("utf-8"))),
        (b"\xD0\xD5\xC3\xFB,a", Ok(Format::Csv("gb18030"))), // 姓名 in GBK
        (b"\xFF\xFEa\0", Ok(Format::Csv("utf-16le"))),
        (b"\xFE\xFF\0a", Ok(Format::Csv("utf-16be"))),
        (b"", Ok(Format::Csv("utf-8"))),
        (&ole, Err(RosterError::OldXls)),
        (&encrypted, Err(RosterError::Encrypted)),
        (b"\x89PNG\r\n\x1a\n\0\0", Err(RosterError::NotATable)),
    ];
    for (bytes, want) in cases {
        assert_eq!(&Format::detect(bytes), want, "{bytes:?}");
    }
}

/// A whole `.xlsx` as the app reads it.
fn xlsx_table(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = |e| String::from_utf8(inflate(e)).unwrap();
    let book = xlsx::open(bytes).unwrap();
    let sheet = xlsx::part(bytes, &xlsx::sheet_path(&text(book.workbook), &text(book.rels)).unwrap()).unwrap();
    xlsx::table(book.shared_strings.map(text).as_deref(), &text(sheet)).unwrap()
}

#[test]
fn openpyxl_roster_end_to_end() {
    let existing = [contact("老张", "13912345678", "")];
    let report = read_roster(&xlsx_table(OPENPYXL), &existing, ids()).unwrap();
    assert_eq!(
        summary(&report),
        [
            (
                "张三".into(),
                "13812345678".into(),
                "member".into(),
                vec!["veteran".into(), "household_in_need".into()],
                "城关镇人民政府".into()
            ),
            ("王五".into(), "".into(), "public".into(), vec!["professional_backbone".into()], "县教育局".into()),
            ("钱七".into(), "".into(), "public".into(), vec!["entrepreneur".into()], "".into()),
        ]
    );
    assert_eq!(report.problems, [duplicate(3, "老张"), invalid(6, &[(Field::Phone, PhoneInvalid)])]);
    assert_eq!(report.rows_read, 5);
}

#[test]
fn excel_and_hand_written_rosters_end_to_end() {
    let report = read_roster(&xlsx_table(SHARED), &[], ids()).unwrap();
    let tags = vec!["low_income".to_string(), "veteran".to_string()];
    assert_eq!(
        summary(&report),
        [
            ("吴十".into(), "13812345678".into(), "public".into(), tags.clone(), "县卫健委".into()),
            ("郑一".into(), "".into(), "public".into(), tags, "".into()),
        ]
    );
    let report = read_roster(&xlsx_table(INLINE), &[], ids()).unwrap();
    assert_eq!(
        summary(&report),
        [
            ("孙八".into(), "13812345678".into(), "member".into(), vec![], "R&D <中心> 中文".into()),
            ("周 九".into(), "".into(), "public".into(), vec![], "".into()),
        ]
    );
    assert_eq!(report.problems, []);
}

#[test]
fn csv_roster_end_to_end() {
    let text = include_str!("../../tests/fixtures/roster_bom.csv");
    let report = read_roster(&csv::read(text).unwrap(), &[], ids()).unwrap();
    assert_eq!(
        summary(&report),
        [
            (
                "张三".into(),
                "13812345678".into(),
                "member".into(),
                vec!["veteran".into()],
                "城关镇人民政府,办公室".into()
            ),
            (
                "李\"四\"".into(),
                "13912345678".into(),
                "public".into(),
                vec!["professional_backbone".into(), "entrepreneur".into()],
                "".into()
            ),
        ]
    );
    assert_eq!(report.problems, [duplicate(5, "张三")]);
}
