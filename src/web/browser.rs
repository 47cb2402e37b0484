//! What the wasm modules need of the browser besides the DOM: `mount()`'s options as the pairs the options' parser
//! reads, the page's address, URLs resolved against it, errors to and from JS, and parsed JSON read as the
//! manifest's readers read it; the panel's own calls to the browser are made in `src/js/browser.js`.

use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};
#[cfg(feature = "subscribe-panel")]
use web_sys::Document;

use crate::url::ResolvedUrl;

/// The page's address without query and fragment.
#[cfg(feature = "subscribe-panel")]
pub fn location_url(document: &Document) -> Option<String> {
    let location = document.location()?;
    Some(format!("{}{}", location.origin().ok()?, location.pathname().ok()?))
}

/// Resolves `href` against `base`, else against `page_base` (the document's base URL, which the flow passes in:
/// asking the browser for the window from here costs the wasm its global lookups).
pub fn resolve_url(href: &str, base: &str, page_base: &str) -> Option<web_sys::Url> {
    web_sys::Url::new_with_base(href, base).ok().or_else(|| web_sys::Url::new_with_base(href, page_base).ok())
}

/// `href` resolved against `base` for its page key ([`crate::url::page_key`]): by the shared RFC 3986 code when
/// `base` is an http(s) URL the browser has parsed and `href` is plain ([`crate::url::is_plain_reference`]), where
/// it gives the browser's key without two calls into the browser per article (a record's 90-odd URLs took about
/// 8 ms of each view at 1,000 articles here); anything else by the browser's own parser, as [`resolve_url`].
#[cfg(not(feature = "subscribe-panel"))]
pub fn resolve_for_key(href: &str, base: &str, page_base: &str) -> String {
    if crate::url::is_http_url(base) && crate::url::is_plain_reference(href) {
        return crate::url::resolve(Some(base), href);
    }
    resolve_url(href, base, page_base).map(|u| u.href()).unwrap_or_default()
}

/// Resolves `href` against `base` (else against `page_base`, the page's base URL, for bases such as `blob:` URLs
/// that cannot have relative references) and tells whether it leaves the page's origin.
pub fn resolve_against(base: &str, href: &str, page_base: &str, page_origin: &str) -> Option<ResolvedUrl> {
    let url = resolve_url(href, base, page_base)?;
    Some(ResolvedUrl { external: url.origin() != page_origin, href: url.href() })
}

/// The message of a JS error (or of a thrown string), for a console warning.
pub fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// A real JS `Error`, as what `mount()` rejects with.
pub fn js_error(message: impl AsRef<str>) -> JsValue {
    js_sys::Error::new(&format!("related-news: {}", message.as_ref())).into()
}

/// Options as `[name, text]` pairs (what `optionPairs` in `src/js/browser.js` makes of `mount()`'s options object),
/// for the options' parser; an item that is not such a pair is left out.
pub fn pairs_of(pairs: &Array) -> Vec<(String, String)> {
    pairs
        .iter()
        .filter_map(|pair| {
            let pair: Array = pair.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

impl crate::json_view::JsonView for JsValue {
    fn field(&self, name: &str) -> Option<JsValue> {
        if !self.is_object() || Array::is_array(self) {
            return None;
        }
        // Own members only: `constructor` or `toString` must not find what every object inherits.
        let key = JsValue::from_str(name);
        let object: &Object = self.unchecked_ref();
        Object::has_own(object, &key).then(|| js_sys::Reflect::get(self, &key).ok()).flatten()
    }

    fn text(&self) -> Option<String> {
        self.as_string()
    }

    fn count(&self) -> Option<u64> {
        let n = self.as_f64()?;
        (n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_992.0).then_some(n as u64)
    }

    fn items(&self) -> Option<Vec<JsValue>> {
        Array::is_array(self).then(|| self.unchecked_ref::<Array>().to_vec())
    }

    fn members(&self) -> Option<Vec<(String, JsValue)>> {
        if !self.is_object() || Array::is_array(self) {
            return None;
        }
        let object: &Object = self.unchecked_ref();
        let entries = Object::entries(object).to_vec();
        Some(
            entries
                .into_iter()
                .filter_map(|pair| {
                    let pair: Array = pair.dyn_into().ok()?;
                    Some((pair.get(0).as_string()?, pair.get(1)))
                })
                .collect(),
        )
    }
}
