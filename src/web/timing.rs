//! User Timing measures of the panel's steps once its index file is in: reading it (parse, checks, index), ranking
//! and rendering. A site's developer sees them in the browser's performance panel next to the page's own, and
//! `make bench-web` reads them.

use wasm_bindgen::JsValue;

/// A step of the panel, measured from a mark set where it starts to the moment it ends.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    start_mark: &'static str,
    measure: &'static str,
}

/// From the index file's text arriving to the ranking's index built from it.
pub const READ: Step = Step { start_mark: "related-news:read", measure: "related-news read" };
/// Working out the page's article and its lists (and the subscription panel's view).
pub const RANK: Step = Step { start_mark: "related-news:rank", measure: "related-news rank" };
/// Rendering the panels and telling the page.
pub const RENDER: Step = Step { start_mark: "related-news:render", measure: "related-news render" };

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

/// Marks where `step` starts. Without the API (or with a page that replaced it), nothing is measured.
pub fn start(step: Step) {
    if let Some(performance) = performance() {
        let _: Result<(), JsValue> = performance.mark(step.start_mark);
    }
}

/// Measures `step` from its latest start mark to now. Ranking and rendering run without a pause, so panels of one
/// page cannot interleave their marks; reading pauses (it gives the browser a turn between its parts), so two files
/// read at once would share the later start mark.
pub fn end(step: Step) {
    if let Some(performance) = performance() {
        let _: Result<(), JsValue> = performance.measure_with_start_mark(step.measure, step.start_mark);
    }
}
