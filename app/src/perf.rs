//! User Timing marks (`performance.mark`) at the moments that matter, so the
//! benchmark harness and the browser's own tools can read how long they took.

use wasm_bindgen::JsCast;

/// Marks a named moment.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Records the span between two marks as a measure called `name`.
pub fn measure(name: &str, start: &str, end: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.measure_with_start_mark_and_end_mark(name, start, end);
    }
}

/// Marks `end` at the next frame, once what was just changed has been drawn,
/// and measures `name` from `start` to it.
pub fn measure_at_next_frame(name: &'static str, start: &'static str, end: &'static str) {
    let Some(window) = web_sys::window() else { return };
    let done = wasm_bindgen::closure::Closure::once_into_js(move || {
        mark(end);
        measure(name, start, end);
    });
    let _ = window.request_animation_frame(done.unchecked_ref());
}

/// Resolves once the next frame has been drawn: at the next animation frame
/// and then one task later, so that work started after it does not hold up
/// the paint of what was just put on screen.
pub async fn after_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let then = wasm_bindgen::closure::Closure::once_into_js(move || {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback(resolve.unchecked_ref());
            }
        });
        let _ = window.request_animation_frame(then.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A span being timed: started by [`start`], measured as `name` when ended
/// (marks `<name>-start` and `<name>-end`).
#[derive(Debug)]
#[must_use = "a span is measured only when ended"]
pub struct Span(&'static str);

/// Starts timing `name`.
pub fn start(name: &'static str) -> Span {
    mark(&format!("{name}-start"));
    Span(name)
}

impl Span {
    /// Ends the span and records its measure.
    pub fn end(self) {
        let (start, end) = (format!("{}-start", self.0), format!("{}-end", self.0));
        mark(&end);
        measure(self.0, &start, &end);
    }
}
