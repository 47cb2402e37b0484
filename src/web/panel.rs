//! The related-articles panel's view model handed to its renderer, `src/js/render.js`, which builds the DOM (with
//! `createElement` and `textContent` only: index data never passes through an HTML parser), listens for clicks on
//! the links and writes their dates in the reader's language. Building the DOM through web-sys brought a shim per
//! DOM call into the wasm every page view downloads; here the panel's code only decides what is shown.

use wasm_bindgen::prelude::*;
use web_sys::ShadowRoot;

use super::dom::js_object;
use crate::lang;
use crate::options::Theme;
use crate::view::{labels, LinkView, PanelView};

#[wasm_bindgen(module = "/src/js/render.js")]
extern "C" {
    #[wasm_bindgen(js_name = renderLoading, catch)]
    fn render_loading_js(shadow: &ShadowRoot, theme: &str, lang: JsValue, rtl: bool, rows: u32, label: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = renderPanel, catch)]
    fn render_panel_js(shadow: &ShadowRoot, view: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = clearPanel, catch)]
    fn clear_panel_js(shadow: &ShadowRoot) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = releasePanel, catch)]
    fn release_panel_js(shadow: &ShadowRoot) -> Result<(), JsValue>;
}

/// A language for a `lang` attribute: the tag when it is one, else nothing (the attribute is left out).
fn lang_attribute(tag: &str) -> JsValue {
    if lang::is_tag(tag) { JsValue::from_str(tag) } else { JsValue::UNDEFINED }
}

/// Shows a placeholder as tall as the panel will probably be (`rows` links), so the host page does not jump when it
/// arrives, and has the renderer listen for clicks on the panel's links.
pub fn render_loading(shadow: &ShadowRoot, theme: Theme, lang: &str, rows: usize) -> Result<(), JsValue> {
    let rows = u32::try_from(rows).unwrap_or(u32::MAX);
    render_loading_js(shadow, theme.as_str(), lang_attribute(lang), lang::is_rtl(lang), rows, labels(lang).loading)
}

/// Renders the panel's view.
pub fn render_panel(shadow: &ShadowRoot, view: &PanelView, theme: Theme) -> Result<(), JsValue> {
    let object = js_object(&[
        ("theme", JsValue::from_str(theme.as_str())),
        ("lang", lang_attribute(&view.lang)),
        // The dates' language, as the renderer's month names are keyed.
        ("primaryLang", JsValue::from_str(&lang::primary(&view.lang))),
        ("rtl", JsValue::from_bool(view.rtl)),
        ("heading", JsValue::from_str(&view.heading)),
        ("moreHeading", JsValue::from_str(&view.more_heading)),
        ("related", links(&view.related)),
        ("more", links(&view.more)),
    ]);
    render_panel_js(shadow, &object)
}

/// Removes what the panel shows (its stylesheet stays, for the subscription panel).
pub fn clear(shadow: &ShadowRoot) {
    // Clearing a shadow root of our own nodes cannot fail in a way the page could see.
    let _ = clear_panel_js(shadow);
}

/// Removes the panel, its click listener and its pending dates for good.
pub fn release(shadow: &ShadowRoot) {
    let _ = release_panel_js(shadow);
}

fn links(links: &[LinkView]) -> JsValue {
    links.iter().map(link).collect::<js_sys::Array>().into()
}

fn optional_str(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::UNDEFINED, JsValue::from_str)
}

fn link(link: &LinkView) -> JsValue {
    let image = link.image.as_ref().map_or(JsValue::UNDEFINED, |image| {
        let mut fields = vec![("src", JsValue::from_str(&image.src))];
        if let Some((width, height)) = image.size {
            fields.push(("width", JsValue::from(width)));
            fields.push(("height", JsValue::from(height)));
        }
        js_object(&fields)
    });
    let (date_millis, date_only) = match link.date_millis {
        Some((millis, date_only)) => (JsValue::from_f64(millis), JsValue::from_bool(date_only)),
        None => (JsValue::UNDEFINED, JsValue::UNDEFINED),
    };
    js_object(&[
        ("id", JsValue::from_str(&link.id)),
        ("href", JsValue::from_str(&link.href)),
        ("external", JsValue::from_bool(link.external)),
        ("title", JsValue::from_str(&link.title)),
        ("date", optional_str(link.date.as_deref())),
        ("dateMillis", date_millis),
        ("dateOnly", date_only),
        ("summary", optional_str(link.summary.as_deref())),
        ("image", image),
        ("score", JsValue::from_f64(f64::from(link.score))),
        ("position", JsValue::from(link.position)),
        ("lang", link.lang.as_deref().map_or(JsValue::UNDEFINED, lang_attribute)),
    ])
}
