//! The office's reports as Excel workbooks (`.xlsx`, written by
//! `rust_xlsxwriter`): `GET /api/v1/duties.xlsx` (the duty dashboard: the
//! CSV's rows and headers, one sheet) and `GET /api/v1/paired.xlsx` (every
//! pairing in scope with this year's numbers). Headers in the request's
//! language; counts are numbers, everything else text (never a formula).

use crate::AppState;
use crate::auth::{self, AuthDevice};
use crate::error::AppError;
use crate::matters::settings::office_of;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use liaison_core::time::format_local;
use liaison_i18n::Msg;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The media type of an `.xlsx` file.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A cell: text, or a count Excel can add up.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Written as a string.
    Text(String),
    /// Written as a number.
    Count(u32),
}

fn internal(e: XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}

/// One sheet named `sheet` with a bold, frozen header row and `rows` under
/// it, as the bytes of a workbook.
pub fn workbook(sheet: &str, headers: &[String], rows: &[Vec<Cell>]) -> Result<Vec<u8>, AppError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(internal)?;
    for (c, h) in headers.iter().enumerate() {
        let c = u16::try_from(c).map_err(|_| AppError::Internal("xlsx: too many columns".into()))?;
        ws.write_string_with_format(0, c, h, &bold).map_err(internal)?;
        ws.set_column_width(c, 14).map_err(internal)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| AppError::Internal("xlsx: too many rows".into()))?;
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).map_err(|_| AppError::Internal("xlsx: too many columns".into()))?;
            match cell {
                Cell::Text(t) if t.is_empty() => {}
                Cell::Text(t) => {
                    ws.write_string(r, c, t).map_err(internal)?;
                }
                Cell::Count(n) => {
                    ws.write_number(r, c, f64::from(*n)).map_err(internal)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(internal)?;
    book.save_to_buffer().map_err(internal)
}

fn download(name: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, XLSX_TYPE.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response()
}

/// The CSV's text cells, with the columns that are counts (done, required,
/// opinions to report) as numbers.
fn duty_cells(row: Vec<String>) -> Vec<Cell> {
    row.into_iter()
        .enumerate()
        .map(|(i, v)| match (i, v.parse::<u32>()) {
            (4 | 5 | 8, Ok(n)) => Cell::Count(n),
            (_, _) => Cell::Text(v),
        })
        .collect()
}

/// `GET /api/v1/duties.xlsx`.
pub(crate) async fn duties_xlsx(auth: AuthDevice, State(state): State<AppState>) -> Result<Response, AppError> {
    let office = office_of(&auth)?;
    let now = auth::now();
    let evaluated = super::evaluate_office(&state, office, now).await?;
    let names = super::organisation_names(&state).await?;
    let locale = crate::locale::current();
    let headers: Vec<String> = super::CSV_HEADERS.iter().map(|m| m.text(locale).to_owned()).collect();
    let rows: Vec<Vec<Cell>> = super::dashboard_rows(&evaluated, &names, locale).into_iter().map(duty_cells).collect();
    let bytes = workbook(Msg::XlsxDutiesSheet.text(locale), &headers, &rows)?;
    Ok(download(&format!("duties-{}.xlsx", &format_local(now)[..10]), bytes))
}

/// The paired-liaison report's headers.
const PAIRED_HEADERS: [Msg; 10] = [
    Msg::DeskPairedDepartment,
    Msg::DeskPairedPartner,
    Msg::DeskPairedPartnerKind,
    Msg::DeskPairedMeetings,
    Msg::XlsxMeetingsRequired,
    Msg::XlsxMeetingsStatus,
    Msg::DeskPairedVisits,
    Msg::XlsxVisitsRequired,
    Msg::XlsxVisitsStatus,
    Msg::DeskPairedDocuments,
];

/// `GET /api/v1/paired.xlsx`.
pub(crate) async fn paired_xlsx(auth: AuthDevice, State(state): State<AppState>) -> Result<Response, AppError> {
    let office = office_of(&auth)?;
    let all = crate::paired::evaluate_office(&state, office, auth::now()).await?;
    let locale = crate::locale::current();
    let headers: Vec<String> = PAIRED_HEADERS.iter().map(|m| m.text(locale).to_owned()).collect();
    let rows: Vec<Vec<Cell>> = all
        .items
        .iter()
        .map(|(p, r, ..)| {
            vec![
                Cell::Text(all.names.get(&p.department).cloned().unwrap_or_default()),
                Cell::Text(p.partner.name.as_str().to_owned()),
                Cell::Text(p.partner.kind.msg().text(locale).to_owned()),
                Cell::Count(r.joint_meetings.progress.done),
                Cell::Count(r.joint_meetings.progress.required),
                Cell::Text(r.joint_meetings.status.msg().text(locale).to_owned()),
                Cell::Count(r.leader_visits.progress.done),
                Cell::Count(r.leader_visits.progress.required),
                Cell::Text(r.leader_visits.status.msg().text(locale).to_owned()),
                Cell::Count(r.documents),
            ]
        })
        .collect();
    let bytes = workbook(Msg::XlsxPairedSheet.text(locale), &headers, &rows)?;
    Ok(download(&format!("paired-{}.xlsx", &format_local(all.now)[..10]), bytes))
}
