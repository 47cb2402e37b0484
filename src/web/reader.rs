//! The JSON reader module: a related-news manifest (format 1) or a JSON Feed, read and checked by the shared reader
//! ([`crate::manifest::start_reading`]) and handed to the panel as a binary record ([`crate::manifest::record`]),
//! which is all the panel itself reads. Built with the `json-reader` feature, it is loaded only by a page whose
//! index is such a file (a site without a build step), so the pages of a built folder never download a JSON
//! manifest reader. A feed's items are read a slice at a time (`readNext`), so the panel can give the browser a
//! turn between slices.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;

use super::dom::js_object;
use crate::manifest::{self, record, ManifestError, Problem, Reading};

/// A manifest or feed being read.
#[wasm_bindgen]
#[derive(Debug)]
pub struct JsonReading {
    reading: Option<Reading>,
}

/// Starts reading `text`. Refuses a text that is no manifest at all with `{ notJson, message }`: `notJson` when it
/// is not JSON (the message then says where), else what is wrong with it.
#[wasm_bindgen(js_name = startJsonReading)]
pub fn start_json_reading(text: String) -> Result<JsonReading, JsValue> {
    let refused = |error: ManifestError| {
        let (not_json, message) = match error {
            ManifestError::NotJson { line, column, message } => (true, format!("{message} at line {line}, column {column}")),
            other => (false, other.to_string()),
        };
        js_object(&[("notJson", JsValue::from_bool(not_json)), ("message", JsValue::from_str(&message))])
    };
    let value = manifest::parse_value(&text).map_err(refused)?;
    drop(text);
    Ok(JsonReading { reading: Some(manifest::start_reading(value).map_err(refused)?) })
}

#[wasm_bindgen]
impl JsonReading {
    /// Reads up to `count` more of a feed's items; whether every item is read (a manifest is read at once).
    #[wasm_bindgen(js_name = readNext)]
    pub fn read_next(&mut self, count: usize) -> bool {
        match &mut self.reading {
            Some(Reading::Feed(feed)) => feed.read_next(count),
            _ => true,
        }
    }

    /// Finishes the reading (a feed's keywords are chosen here): `{ record, skipped, warnings }`, the articles as a
    /// binary record's bytes and the problems found, each `[place, id or null, message]`.
    pub fn finish(&mut self) -> JsValue {
        let loaded = match self.reading.take() {
            Some(Reading::Done(loaded)) => loaded,
            Some(Reading::Feed(feed)) => manifest::feed_loaded(feed),
            None => return JsValue::NULL,
        };
        let problems = |list: &[Problem]| -> JsValue {
            list.iter()
                .map(|p| Array::of3(&p.place.as_str().into(), &p.id.as_deref().map_or(JsValue::NULL, JsValue::from_str), &p.message.as_str().into()))
                .collect::<Array>()
                .into()
        };
        let bytes = record::encode(&loaded.manifest);
        js_object(&[
            ("record", Uint8Array::from(bytes.as_slice()).into()),
            ("skipped", problems(&loaded.report.skipped)),
            ("warnings", problems(&loaded.report.warnings)),
        ])
    }
}
