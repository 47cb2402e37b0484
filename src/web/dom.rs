//! DOM helpers, the one set for both panels: nodes are built with `create_element` and given text with
//! `set_text_content` only, so data from a manifest or a reader never passes through an HTML parser; and the
//! widget's custom events.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, Document, Element, HtmlInputElement, ShadowRoot};

use super::style::PANEL_CSS;
use crate::lang;

/// A new element, with a class when `class` is not empty.
pub fn element(document: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let el = document.create_element(tag)?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    Ok(el)
}

/// A new element holding `text` as text.
pub fn text_element(document: &Document, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let el = element(document, tag, class)?;
    el.set_text_content(Some(text));
    Ok(el)
}

/// Sets an attribute.
pub fn set(el: &Element, name: &str, value: &str) -> Result<(), JsValue> {
    el.set_attribute(name, value)
}

/// A new `<input>` of a type, with its id and name.
pub fn input(document: &Document, kind: &str, id: &str, name: &str) -> Result<HtmlInputElement, JsValue> {
    let input: HtmlInputElement = document.create_element("input")?.dyn_into()?;
    input.set_type(kind);
    input.set_id(id);
    input.set_name(name);
    Ok(input)
}

/// A panel's `<section>`: its class and `part`, and its language and direction.
pub fn section(document: &Document, class: &str, part: &str, lang: &str, rtl: bool) -> Result<Element, JsValue> {
    let section = element(document, "section", class)?;
    set(&section, "part", part)?;
    if lang::is_tag(lang) {
        set(&section, "lang", lang)?;
    }
    set(&section, "dir", if rtl { "rtl" } else { "ltr" })?;
    Ok(section)
}

/// Removes everything we put into the shadow root.
pub fn clear(shadow: &ShadowRoot) {
    while let Some(child) = shadow.first_child() {
        // A failure here can only mean the node is already gone.
        let _ = shadow.remove_child(&child);
    }
}

/// The panels' stylesheet as a `<style>` element.
pub fn stylesheet(document: &Document) -> Result<Element, JsValue> {
    text_element(document, "style", "", PANEL_CSS)
}

/// Adds the stylesheet unless the shadow root has it already (the subscription panel may be shown alone).
pub fn ensure_stylesheet(shadow: &ShadowRoot, document: &Document) -> Result<(), JsValue> {
    if shadow.query_selector("style")?.is_none() {
        let node = stylesheet(document)?;
        shadow.append_child(&node)?;
    }
    Ok(())
}

/// Dispatches a bubbling, composed event on the host element; returns false when a listener cancelled it.
pub fn dispatch(host: &Element, name: &str, detail: &impl serde::Serialize, cancelable: bool) -> bool {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(cancelable);
    init.set_detail(&serde_wasm_bindgen::to_value(detail).unwrap_or(JsValue::NULL));
    match CustomEvent::new_with_event_init_dict(name, &init) {
        Ok(event) => host.dispatch_event(&event).unwrap_or(true),
        Err(_) => true,
    }
}
