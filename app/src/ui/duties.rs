//! The start screen's "本季度、本年度还需": what the representative still owes
//! and by when, with a progress bar each. Counted offline by the tools
//! module (`duty_report`, the core's rules) from the cards on the phone, once
//! they are all read and again whenever they change.

use crate::i18n::{tr, use_i18n};
use crate::ui::AppData;
use leptos::prelude::*;
use liaison_i18n::Msg;
use wasm_bindgen::JsValue;

/// One duty as the tools module answers it, texts ready to show.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    duty: String,
    text: String,
    name: String,
    done: f64,
    required: f64,
    status: String,
    status_text: String,
    due: String,
}

fn field(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn lines_of(answer: &JsValue) -> Vec<Line> {
    let text = |o: &JsValue, k: &str| field(o, k).as_string().unwrap_or_default();
    let number = |o: &JsValue, k: &str| field(o, k).as_f64().unwrap_or(0.0);
    js_sys::Array::from(&field(answer, "lines"))
        .iter()
        .map(|o| Line {
            duty: text(&o, "duty"),
            text: text(&o, "text"),
            name: text(&o, "name"),
            done: number(&o, "done"),
            required: number(&o, "required"),
            status: text(&o, "status"),
            status_text: text(&o, "status_text"),
            due: text(&o, "due"),
        })
        .collect()
}

/// The duties block.
#[component]
pub fn Duties() -> impl IntoView {
    let i18n = use_i18n();
    let data = expect_context::<AppData>();
    let lines = RwSignal::new(None::<Vec<Line>>);
    // Counted under the seeds' preset (no rules of the organisation's yet).
    let preset = RwSignal::new(true);
    // Reception days coming up, the quarter ending with duties owed.
    let reminders = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        // Again when the cards or the language change; not before every card is read.
        let complete = data.listing.with(|l| l.as_ref().is_some_and(|l| l.complete));
        data.receptions.track();
        let locale = i18n.locale();
        if !complete {
            return;
        }
        leptos::task::spawn_local(async move {
            let now = liaison_core::time::to_wire(chrono::Utc::now());
            let args = [JsValue::from_str(locale.tag()), JsValue::from_str(&now)];
            if let Ok(answer) = crate::tools::call("duty_report", &args).await {
                preset.set(field(&answer, "preset").as_bool().unwrap_or(true));
                reminders.set(
                    js_sys::Array::from(&field(&answer, "reminders")).iter().filter_map(|r| r.as_string()).collect(),
                );
                lines.set(Some(lines_of(&answer)));
            }
        });
    });
    let owed = move || lines.with(|l| l.as_ref().map(|l| l.iter().filter(|x| x.status != "done").count()));
    view! {
        <Show when=move || lines.with(Option::is_some)>
            <section class="duties" data-testid="duties">
                <h2>{tr(Msg::DutiesTitle)}</h2>
                <ul class="reminders" data-testid="duty-reminders" hidden=move || reminders.with(Vec::is_empty)>
                    {move || reminders.get().into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                </ul>
                <p class="muted" hidden=move || owed() != Some(0)>{tr(Msg::DutiesAllDone)}</p>
                <ul>
                    {move || lines.get().unwrap_or_default().into_iter().map(|line| view! {
                        <li class=format!("duty {}", line.status) data-duty=line.duty.clone() data-status=line.status.clone()>
                            <p class="duty-text">{if line.status == "done" { line.name.clone() } else { line.text.clone() }}</p>
                            <progress max=line.required value=line.done.min(line.required) aria-label=line.name.clone()></progress>
                            <p class="meta">
                                <span class="count">{format!("{} / {}", line.done, line.required)}</span>
                                <span class="status">{line.status_text.clone()}</span>
                                <span hidden=line.status == "done">{line.due.clone()}</span>
                            </p>
                        </li>
                    }).collect_view()}
                </ul>
                <p class="muted small" data-testid="duties-preset" hidden=move || !preset.get()>{tr(Msg::DutiesPreset)}</p>
                <a href="/documents" class="button" data-testid="documents-link">{tr(Msg::DocumentsRecord)}</a>
            </section>
        </Show>
    }
}
