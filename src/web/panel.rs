//! The related-articles panel's view model as the renderer, `src/js/render.js`, takes it: a plain object, which it
//! copies into nodes with `createElement` and `textContent` only (index data never passes through an HTML parser).
//! Also the index's topics as the subscription module takes them.

use wasm_bindgen::prelude::*;

use super::dom::js_object;
use crate::lang;
use crate::manifest::model::Topic;
use crate::options::Theme;
use crate::view::{LinkView, PanelView};

/// A language for a `lang` attribute: the tag when it is one, else nothing (the attribute is left out).
pub fn lang_attribute(tag: &str) -> JsValue {
    if lang::is_tag(tag) { JsValue::from_str(tag) } else { JsValue::UNDEFINED }
}

/// The panel's view, with the counts the `ready` event reports.
pub fn to_js(view: &PanelView, theme: Theme) -> JsValue {
    js_object(&[
        ("theme", JsValue::from_str(theme.as_str())),
        ("lang", lang_attribute(&view.lang)),
        // The dates' language, as the renderer's month names are keyed.
        ("primaryLang", JsValue::from_str(&lang::primary(&view.lang))),
        ("rtl", JsValue::from_bool(view.rtl)),
        ("heading", JsValue::from_str(&view.heading)),
        ("moreHeading", JsValue::from_str(&view.more_heading)),
        ("related", links(&view.related)),
        ("more", links(&view.more)),
    ])
}

/// The topics as the index has them: id, labels by language, feed (the subscription module reads them with the
/// index's own reader).
pub fn topics_to_js(topics: &[Topic]) -> JsValue {
    let topics: js_sys::Array = topics
        .iter()
        .map(|topic| {
            let labels: Vec<(&str, JsValue)> = topic.labels.iter().map(|(lang, label)| (lang.as_str(), JsValue::from_str(label))).collect();
            let mut fields = vec![("id", JsValue::from_str(&topic.id)), ("labels", js_object(&labels))];
            fields.extend(topic.feed.as_deref().map(|feed| ("feed", JsValue::from_str(feed))));
            js_object(&fields)
        })
        .collect();
    topics.into()
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
