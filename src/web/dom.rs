//! DOM helpers of the wasm modules: nodes are built with `create_element` and given text with `set_text_content`
//! only, so data from a manifest or a reader never passes through an HTML parser (the subscription panel's; the
//! related-articles panel is built by `src/js/render.js` by the same rule); the form's stylesheet; plain objects;
//! and the widgets' custom events.

use wasm_bindgen::JsValue;
#[cfg(feature = "subscribe-panel")]
use web_sys::{CustomEvent, CustomEventInit, Element};
#[cfg(feature = "subscribe-panel")]
use web_sys::{CssStyleSheet, Document, ShadowRoot};

#[cfg(feature = "subscribe-panel")]
use crate::lang;

/// A new element, with a class when `class` is not empty.
#[cfg(feature = "subscribe-panel")]
pub fn element(document: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let el = document.create_element(tag)?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    Ok(el)
}

/// A new element holding `text` as text.
#[cfg(feature = "subscribe-panel")]
pub fn text_element(document: &Document, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let el = element(document, tag, class)?;
    el.set_text_content(Some(text));
    Ok(el)
}

/// Sets an attribute.
#[cfg(feature = "subscribe-panel")]
pub fn set(el: &Element, name: &str, value: &str) -> Result<(), JsValue> {
    el.set_attribute(name, value)
}

/// A panel's `<section>`: its class and `part`, and its language and direction.
#[cfg(feature = "subscribe-panel")]
pub fn section(document: &Document, class: &str, part: &str, lang: &str, rtl: bool) -> Result<Element, JsValue> {
    let section = element(document, "section", class)?;
    set(&section, "part", part)?;
    if lang::is_tag(lang) {
        set(&section, "lang", lang)?;
    }
    set(&section, "dir", if rtl { "rtl" } else { "ltr" })?;
    Ok(section)
}

#[cfg(feature = "subscribe-panel")]
thread_local! {
    /// The form's stylesheet, parsed once and adopted by every subscription panel's shadow root.
    static FORM_SHEET: std::cell::OnceCell<Option<CssStyleSheet>> = const { std::cell::OnceCell::new() };
}

/// Gives the shadow root the subscription form's stylesheet unless it has it already. The panels' own stylesheet,
/// which the form's rules build on, is there already: the related-articles panel's renderer (`src/js/render.js`)
/// adopts it when the panel mounts, before the subscription module is loaded, and keeps it when the panel is
/// hidden. A constructed stylesheet, adopted by the shadow root, is not inline style: it keeps the form styled under
/// a `style-src 'self'` Content Security Policy, which blocks a `<style>` element. Browsers without constructable
/// stylesheets get a `<style>` element.
#[cfg(feature = "subscribe-panel")]
pub fn ensure_stylesheet(shadow: &ShadowRoot, document: &Document) -> Result<(), JsValue> {
    let has_form_sheet = FORM_SHEET.with(|cell| cell.get().cloned().flatten()).is_some_and(|sheet| shadow.adopted_style_sheets().includes(&sheet, 0));
    if !has_form_sheet && shadow.query_selector("style.form")?.is_none() {
        adopt(shadow, document, &FORM_SHEET, super::style::SUBSCRIBE_CSS, "form")?;
    }
    Ok(())
}

/// Adds the sheet of `css` to the shadow root's, made on first use; or, where the browser cannot construct one, a
/// `<style>` element of class `style_class`.
#[cfg(feature = "subscribe-panel")]
fn adopt(
    shadow: &ShadowRoot,
    document: &Document,
    cell: &'static std::thread::LocalKey<std::cell::OnceCell<Option<CssStyleSheet>>>,
    css: &str,
    style_class: &str,
) -> Result<(), JsValue> {
    let sheet = cell.with(|cell| {
        cell.get_or_init(|| {
            let sheet = CssStyleSheet::new().ok()?;
            sheet.replace_sync(css).ok()?;
            Some(sheet)
        })
        .clone()
    });
    match sheet {
        Some(sheet) => {
            let sheets = shadow.adopted_style_sheets();
            sheets.push(&sheet);
            shadow.set_adopted_style_sheets(&sheets);
        }
        None => {
            let style = text_element(document, "style", style_class, css)?;
            shadow.append_child(&style)?;
        }
    }
    Ok(())
}

/// A plain JS object with these fields, built field by field: what the panel's engine hands its flow (serde-wasm-bindgen's serializer would add 3 KB gzipped to the panel's wasm for them).
#[cfg(not(feature = "subscribe-panel"))]
pub fn js_object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        // Setting a field of a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// Dispatches a bubbling, composed event on the host element; returns false when a listener cancelled it.
#[cfg(feature = "subscribe-panel")]
pub fn dispatch(host: &Element, name: &str, detail: &JsValue, cancelable: bool) -> bool {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(cancelable);
    init.set_detail(detail);
    match CustomEvent::new_with_event_init_dict(name, &init) {
        Ok(event) => host.dispatch_event(&event).unwrap_or(true),
        Err(_) => true,
    }
}
