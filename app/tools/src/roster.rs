//! Roster import (花名册): a CSV or XLSX file of contacts, read on the phone.
//! The core recognises the format, the columns and every row
//! (`liaison_core::roster`); the browser decodes text (`TextDecoder`, for
//! GB18030 files saved by Excel on Chinese Windows) and inflates the workbook's
//! compressed parts (`DecompressionStream`). Good rows are saved in one
//! transaction, bad and duplicate rows are reported by their row number.

use liaison_core::ContactId;
use liaison_core::roster::zip::{Entry, Method};
use liaison_core::roster::{Format, RosterError, csv, read_roster, xlsx};
use liaison_i18n::Locale;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// A compressed part of the workbook as text.
async fn inflate(entry: &Entry<'_>) -> Result<String, RosterError> {
    let mut bytes = match entry.method {
        Method::Stored => entry.data.to_vec(),
        Method::Deflate => {
            let inflate = js_sys::Function::new_with_args(
                "bytes",
                "return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer()",
            );
            let promise = inflate
                .call1(&JsValue::NULL, &js_sys::Uint8Array::from(entry.data))
                .map_err(|_| RosterError::Corrupt)?;
            let buffer = JsFuture::from(js_sys::Promise::from(promise)).await.map_err(|_| RosterError::Corrupt)?;
            js_sys::Uint8Array::new(&buffer).to_vec()
        }
    };
    bytes.truncate(entry.size as usize);
    String::from_utf8(bytes).map_err(|_| RosterError::Corrupt)
}

fn decode(bytes: &[u8], label: &str) -> Result<String, RosterError> {
    let decoder = web_sys::TextDecoder::new_with_label(label).map_err(|_| RosterError::Corrupt)?;
    decoder.decode_with_u8_array(bytes).map_err(|_| RosterError::Corrupt)
}

async fn table(bytes: &[u8]) -> Result<Vec<Vec<String>>, RosterError> {
    match Format::detect(bytes)? {
        Format::Csv(label) => csv::read(&decode(bytes, label)?),
        Format::Xlsx => {
            let book = xlsx::open(bytes)?;
            let sheet = xlsx::sheet_path(&inflate(&book.workbook).await?, &inflate(&book.rels).await?)?;
            let shared = match &book.shared_strings {
                Some(entry) => Some(inflate(entry).await?),
                None => None,
            };
            xlsx::table(shared.as_deref(), &inflate(&xlsx::part(bytes, &sheet)?).await?)
        }
    }
}

/// Imports a roster file's bytes. Answers `{added, rows, problems: [text],
/// summary}` in the user's language; a file refused as a whole fails with its
/// reason as text, and nothing is saved.
#[wasm_bindgen]
pub async fn import_roster(bytes: Vec<u8>, locale: String) -> Result<JsValue, JsValue> {
    let locale = Locale::from_tag(&locale).unwrap_or_default();
    let refuse = |e: RosterError| JsValue::from_str(&e.message(locale));
    let table = table(&bytes).await.map_err(refuse)?;
    let storage = crate::storage().await?;
    let saved = async {
        let existing = storage.contacts().await.map_err(|e| crate::refuse(e.msg()))?;
        let report = read_roster(&table, &existing, || ContactId::from_uuid(uuid::Uuid::now_v7())).map_err(refuse)?;
        storage.add_contacts(&report.contacts).await.map_err(|e| crate::refuse(e.msg()))?;
        Ok::<_, JsValue>(report)
    }
    .await;
    let report = saved?;

    let answer = js_sys::Object::new();
    let problems: js_sys::Array = report.problems.iter().map(|p| JsValue::from_str(&p.message(locale))).collect();
    for (field, value) in [
        ("added", JsValue::from_f64(report.contacts.len() as f64)),
        ("rows", JsValue::from_f64(report.rows_read as f64)),
        ("problems", problems.into()),
        ("summary", JsValue::from_str(&report.summary(locale))),
    ] {
        let _ = js_sys::Reflect::set(&answer, &field.into(), &value);
    }
    Ok(answer.into())
}
