//! The panel's side of the reader module (`src/web/reader.rs`, built with the `json-reader` feature): loading it
//! when the index is a manifest or a JSON Feed rather than a built folder, and reading the file with it a slice of
//! items at a time; or when the page is not in the index, to split the page's own words into terms. The module API
//! (`src/js/index.js`) puts the function that loads the module (once per page) in a registry under a global symbol,
//! as the script-tag loader does its early requests; without it (the engine used without that API), such an index
//! cannot be read and such a page gets "More news", and the panel says so.

use js_sys::{Array, Function, JsString, Uint8Array};
use wasm_bindgen::prelude::*;

use super::browser::{js_message, load_module, preload_module};
use crate::manifest::{Problem, Report};

#[wasm_bindgen]
extern "C" {
    /// The reader module as `src/js/index.js` loads it.
    pub type ReaderModule;
    #[wasm_bindgen(method, catch, js_name = startJsonReading)]
    pub fn start_json_reading(this: &ReaderModule, text: &JsString) -> Result<JsonReading, JsValue>;
    #[wasm_bindgen(method, catch, js_name = termClauses)]
    fn term_clauses(this: &ReaderModule, text: &str, lang: &str) -> Result<Array, JsValue>;
    #[wasm_bindgen(method, catch, js_name = normalizeTerm)]
    fn normalize_term(this: &ReaderModule, text: &str, lang: &str) -> Result<JsValue, JsValue>;

    /// A manifest or feed being read, in the reader module's memory.
    #[derive(Debug)]
    pub type JsonReading;
    // Each call may throw (a module of another version, or one that ran out of memory): caught, so the panel says
    // so and goes on rather than leaving its load unfinished.
    #[wasm_bindgen(method, catch, js_name = readNext)]
    pub fn read_next(this: &JsonReading, count: u32) -> Result<bool, JsValue>;
    #[wasm_bindgen(method, catch, js_name = nextStepIsLong)]
    pub fn next_step_is_long(this: &JsonReading) -> Result<bool, JsValue>;
    #[wasm_bindgen(method, catch)]
    pub fn finish(this: &JsonReading) -> Result<JsValue, JsValue>;
    /// Releases what the reading holds in the module's memory.
    #[wasm_bindgen(method, catch)]
    pub fn free(this: &JsonReading) -> Result<(), JsValue>;
}

/// The function that loads the module, from the registry the module API fills.
fn loader() -> Option<Function> {
    js_sys::Reflect::get(&js_sys::global(), &js_sys::Symbol::for_("related-news.json-reader")).ok().and_then(|f| f.dyn_into::<Function>().ok())
}

/// Starts loading the module ahead of need (a failure is left for [`load`] to say).
pub fn preload() {
    if let Some(loader) = loader() {
        preload_module(&loader);
    }
}

/// Loads the module, within `time_limit_ms`.
pub async fn load(time_limit_ms: u32) -> Result<ReaderModule, String> {
    let loader = loader()
        .ok_or("this page has no reader module, which reads a manifest, a JSON Feed or the words of a page the index does not hold (load the widget with related-news.js or the related-news package)")?;
    let module = load_module(&loader, time_limit_ms, "reader module")
        .await
        .map_err(|e| format!("the reader module could not be loaded: {}", js_message(&e)))?;
    Ok(module.unchecked_into())
}

/// A page's own words as the module splits them: each text's clauses (runs of terms the ranking looks phrases up
/// in) with the text's weight, and the title as the lists compare titles.
pub struct PageWords {
    pub clauses: Vec<(Vec<String>, f32)>,
    pub title_key: Option<String>,
}

/// Splits a page's texts (each with its weight) and title with the module, in the page's language (`lang` may be
/// empty); a module that throws (another version, out of memory) is said in the error.
pub fn page_words(module: &ReaderModule, texts: &[(String, f32)], title: Option<&str>, lang: &str) -> Result<PageWords, String> {
    let failed = |error: JsValue| format!("the reader module failed: {}", js_message(&error));
    let mut clauses = Vec::new();
    for (text, weight) in texts {
        for clause in module.term_clauses(text, lang).map_err(failed)?.iter() {
            let terms = clause.dyn_into::<Array>().map(|terms| terms.iter().filter_map(|term| term.as_string()).collect());
            clauses.push((terms.unwrap_or_default(), *weight));
        }
    }
    let title_key = match title {
        Some(title) => module.normalize_term(title, lang).map_err(failed)?.as_string(),
        None => None,
    };
    Ok(PageWords { clauses, title_key })
}

/// A reading, freed in the module's memory however the panel leaves it (done, failed, or its load dropped).
#[derive(Debug)]
pub struct Reading(pub JsonReading);

impl Drop for Reading {
    fn drop(&mut self) {
        let _ = self.0.free();
    }
}

/// Why the module refused a text: whether it is not JSON, and what it said.
pub fn refusal(error: &JsValue) -> (bool, String) {
    let not_json = js_sys::Reflect::get(error, &"notJson".into()).is_ok_and(|v| v.is_truthy());
    let message = js_sys::Reflect::get(error, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_else(|| js_message(error));
    (not_json, message)
}

/// What [`JsonReading::finish`] gave: the record's bytes, and the problems the reader found, added to `report`.
pub fn finished(result: &JsValue, report: &mut Report) -> Option<Vec<u8>> {
    let record = js_sys::Reflect::get(result, &"record".into()).ok()?.dyn_into::<Uint8Array>().ok()?.to_vec();
    for (list, into) in [("skipped", &mut report.skipped), ("warnings", &mut report.warnings)] {
        let Ok(problems) = js_sys::Reflect::get(result, &list.into()).and_then(|p| p.dyn_into::<Array>()) else { continue };
        for problem in problems.iter() {
            let part = |i: u32| js_sys::Reflect::get_u32(&problem, i).ok().and_then(|v| v.as_string());
            into.push(Problem { place: part(0).unwrap_or_default(), id: part(1), message: part(2).unwrap_or_default() });
        }
    }
    Some(record)
}
