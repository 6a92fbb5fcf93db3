//! A matter's audit log as CSV for Excel: UTF-8 with a byte-order mark (Excel
//! reads UTF-8 only with it), CRLF lines, every field quoted, headers and
//! labels from the catalogue in zh-CN, times in China time. A field that
//! Excel would take for a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`.

use crate::store::TimelineEntry;
use liaison_core::time::format_local;
use liaison_i18n::{Locale, Msg};

const HEADERS: [Msg; 9] = [
    Msg::AuditCsvSeq,
    Msg::AuditCsvAt,
    Msg::AuditCsvActor,
    Msg::AuditCsvRole,
    Msg::AuditCsvDevice,
    Msg::AuditCsvAction,
    Msg::AuditCsvBefore,
    Msg::AuditCsvAfter,
    Msg::AuditCsvDetails,
];

/// The whole file.
pub fn audit_csv(timeline: &[TimelineEntry]) -> String {
    let locale = Locale::ZhCn;
    let mut out = String::from("\u{feff}");
    line(&mut out, HEADERS.iter().map(|m| m.text(locale).to_owned()));
    for entry in timeline {
        let e = &entry.event;
        let mut details = serde_json::to_value(&e.action).unwrap_or_default();
        if let Some(object) = details.as_object_mut() {
            object.remove("kind");
        }
        let details = match &details {
            serde_json::Value::Object(o) if o.is_empty() => String::new(),
            other => other.to_string(),
        };
        line(
            &mut out,
            [
                e.seq.to_string(),
                format_local(e.at),
                entry.actor_name.clone(),
                e.role.label().text(locale).to_owned(),
                e.device.map(|d| d.to_string()).unwrap_or_default(),
                e.kind().label().text(locale).to_owned(),
                e.before.label().text(locale).to_owned(),
                e.after.label().text(locale).to_owned(),
                details,
            ]
            .into_iter(),
        );
    }
    out
}

/// One CSV line of `fields`, quoted and defused, ended by CRLF.
pub(crate) fn line(out: &mut String, fields: impl Iterator<Item = String>) {
    let fields: Vec<String> = fields.map(|f| field(&f)).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

fn field(value: &str) -> String {
    let guarded =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("张三"), "\"张三\"");
        assert_eq!(field("说\"好\""), "\"说\"\"好\"\"\"");
        assert_eq!(field("=1+1"), "\"'=1+1\"");
    }
}
