//! The panel's side of the reader module (`src/web/reader.rs`, built with the `json-reader` feature), which reads
//! an index that is a manifest or a JSON Feed rather than a built folder, and splits the words of a page the index
//! does not hold into terms. `src/js/browser.js` loads it (through the loader the module API, `src/js/index.js`,
//! puts in a registry under a global symbol, once per page), reads a file with it a slice of items at a time and
//! hands back the record it writes; without the module API such an index cannot be read and such a page gets
//! "More news", and the panel says so.

use js_sys::{Array, JsString, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::browser::js_message;
use crate::manifest::{Problem, Report};

#[wasm_bindgen(module = "/src/js/browser.js")]
extern "C" {
    // `catch`, as every import of the snippet (see `fetch.rs`).
    #[wasm_bindgen(js_name = preloadReader, catch)]
    fn preload_reader() -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = readJson, catch)]
    fn read_json(text: &JsString, time_limit_ms: u32, count: u32, slice_ms: f64) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = pageWords, catch)]
    fn page_words_js(texts: &Array, title: Option<String>, lang: &str, time_limit_ms: u32) -> Result<Promise, JsValue>;
}

/// Starts loading the module ahead of need (a failure is left for the load that needs it to say).
pub fn preload() {
    let _ = preload_reader();
}

/// Why the module could not read a file: whether it is not JSON, and what was said.
pub struct Refusal {
    pub not_json: bool,
    pub message: String,
}

fn field(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Reads a JSON manifest or feed with the module, `count` items a slice, giving the browser a turn once a task has
/// run `slice_ms`: the binary record it writes, with the problems it found added to `report`.
pub async fn read(text: &JsString, time_limit_ms: u32, count: u32, slice_ms: f64, report: &mut Report) -> Result<Vec<u8>, Refusal> {
    let read = match read_json(text, time_limit_ms, count, slice_ms) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    };
    let finished = read.map_err(|refusal| Refusal {
        not_json: field(&refusal, "notJson").is_truthy(),
        message: field(&refusal, "message").as_string().unwrap_or_else(|| js_message(&refusal)),
    })?;
    for (list, into) in [("skipped", &mut report.skipped), ("warnings", &mut report.warnings)] {
        let Ok(problems) = field(&finished, list).dyn_into::<Array>() else { continue };
        for problem in problems.iter() {
            let part = |i: u32| js_sys::Reflect::get_u32(&problem, i).ok().and_then(|v| v.as_string());
            into.push(Problem { place: part(0).unwrap_or_default(), id: part(1), message: part(2).unwrap_or_default() });
        }
    }
    let record = field(&finished, "record").dyn_into::<Uint8Array>().map_err(|_| Refusal { not_json: false, message: "the reader module gave no record".into() })?;
    Ok(record.to_vec())
}

/// A page's own words as the module splits them: each text's clauses (runs of terms the ranking looks phrases up
/// in) with the text's weight, and the title as the lists compare titles.
pub struct PageWords {
    pub clauses: Vec<(Vec<String>, f32)>,
    pub title_key: Option<String>,
}

/// Splits a page's texts (each with its weight) and title with the module, loaded within `time_limit_ms`, in the
/// page's language (`lang` may be empty); what went wrong is said in the error.
pub async fn page_words(texts: &[(String, f32)], title: Option<&str>, lang: &str, time_limit_ms: u32) -> Result<PageWords, String> {
    let pairs: Array = texts.iter().map(|(text, weight)| Array::of2(&JsValue::from_str(text), &JsValue::from_f64(f64::from(*weight)))).collect();
    let words = match page_words_js(&pairs, title.map(str::to_string), lang, time_limit_ms) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    }
    .map_err(|error| js_message(&error))?;
    let clauses = field(&words, "clauses")
        .dyn_into::<Array>()
        .map(|clauses| {
            clauses
                .iter()
                .filter_map(|clause| {
                    let clause: Array = clause.dyn_into().ok()?;
                    let terms = clause.get(0).dyn_into::<Array>().ok()?.iter().filter_map(|term| term.as_string()).collect();
                    Some((terms, clause.get(1).as_f64().unwrap_or(0.0) as f32))
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(PageWords { clauses, title_key: field(&words, "titleKey").as_string() })
}
