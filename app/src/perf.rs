//! User Timing marks (`performance.mark`) at the moments that matter, so the
//! benchmark harness and the browser's own tools can read how long they took.

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
