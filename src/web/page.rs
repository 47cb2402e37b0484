//! Reading the host page: which article it is, its language, and its own words for articles not in the manifest.
//! `readPage` in `src/js/browser.js` reads the DOM; here they are weighed.

use js_sys::Array;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/browser.js")]
extern "C" {
    // `catch`, as every import of the snippet (see `fetch.rs`).
    #[wasm_bindgen(js_name = readPage, catch)]
    fn read_page(with_words: bool) -> Result<JsValue, JsValue>;
}

/// How much each part of the page counts when the page has to stand in for a manifest entry.
const TITLE_WEIGHT: f32 = 3.0;
const TAG_WEIGHT: f32 = 3.0;
const HEADING_WEIGHT: f32 = 2.0;
const BODY_WEIGHT: f32 = 1.0;

/// What the page says of itself.
pub struct Page {
    /// The `<html lang>` of the page.
    pub lang: Option<String>,
    /// The page's `rel=canonical` link, absolute.
    pub canonical: Option<String>,
    /// The page's address without query and fragment.
    pub location: Option<String>,
    /// The page's title (`og:title`, else `<title>`), when its words were read.
    pub title: Option<String>,
    /// The page's own texts with their weights, when its words were read: title, tags and keywords, main heading,
    /// first paragraphs.
    pub texts: Vec<(String, f32)>,
}

fn text(page: &JsValue, field: &str) -> Option<String> {
    js_sys::Reflect::get(page, &JsValue::from_str(field)).ok()?.as_string()
}

fn texts(page: &JsValue, field: &str) -> Vec<String> {
    js_sys::Reflect::get(page, &JsValue::from_str(field))
        .ok()
        .and_then(|list| list.dyn_into::<Array>().ok())
        .map(|list| list.iter().filter_map(|t| t.as_string()).collect())
        .unwrap_or_default()
}

/// Reads the page: its language and addresses, and with `with_words` its own words too.
pub fn read(with_words: bool) -> Page {
    // A page whose DOM cannot be read is a page that says nothing of itself.
    let page = read_page(with_words).unwrap_or(JsValue::UNDEFINED);
    let title = text(&page, "title");
    let mut weighted = Vec::new();
    if with_words {
        weighted.extend(title.clone().map(|title| (title, TITLE_WEIGHT)));
        weighted.extend(texts(&page, "tags").into_iter().map(|tag| (tag, TAG_WEIGHT)));
        // Keywords meta is comma-separated; each keyword is its own clause so phrases do not run together.
        weighted.extend(texts(&page, "keywords").into_iter().map(|keywords| (keywords.replace(',', "."), TAG_WEIGHT)));
        weighted.extend(text(&page, "heading").map(|heading| (heading, HEADING_WEIGHT)));
        weighted.extend(text(&page, "body").filter(|body| !body.is_empty()).map(|body| (body, BODY_WEIGHT)));
    }
    Page { lang: text(&page, "lang"), canonical: text(&page, "canonical"), location: text(&page, "location"), title, texts: weighted }
}
