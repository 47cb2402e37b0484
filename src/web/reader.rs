//! The reader module: the text work the panel leaves out. A related-news manifest (format 1) or a JSON Feed is read
//! and checked by the shared reader ([`crate::manifest::start_reading`]), its articles' term vectors are worked out
//! of their text ([`IndexBuilder::finish_as_record`]), and it is handed to the panel as a binary record
//! ([`crate::manifest::record`]), which is all the panel itself reads; and a page that is not in the index has its
//! own words split into the clauses the panel looks terms up by. Built with the `json-reader` feature, it is loaded
//! only by a page that needs one of these (a site without a build step, or a page the index does not hold yet), so
//! the pages a built folder holds never download a JSON reader or text analysis. A feed's items are read, and then its
//! articles' terms worked out, a slice at a time (`readNext`), so the panel can give the browser a turn between
//! slices.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;

use super::dom::js_object;
use crate::manifest::{self, record, Manifest, ManifestError, Problem, Reading, Report};
use crate::rank::build::IndexBuilder;
use crate::rank::FieldWeights;
use crate::text;

/// A manifest or feed being read.
#[wasm_bindgen]
#[derive(Debug)]
pub struct JsonReading {
    phase: Phase,
}

/// Where a reading is: its items being read, all read, its articles' terms being worked out, all worked out, and
/// the record made of them.
#[derive(Debug)]
enum Phase {
    Reading(Reading),
    Read(Reading),
    Indexing(IndexBuilder, Report),
    Indexed(IndexBuilder, Report),
    Recorded(Manifest, Report),
    Finished,
}

impl Phase {
    /// From reading to indexing, once every item is read (a feed's keywords are chosen here).
    fn indexing(reading: Reading) -> Phase {
        let loaded = match reading {
            Reading::Done(loaded) => loaded,
            Reading::Feed(feed) => manifest::feed_loaded(feed),
        };
        Phase::Indexing(IndexBuilder::new(loaded.manifest, FieldWeights::default()), loaded.report)
    }
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
    Ok(JsonReading { phase: Phase::Reading(manifest::start_reading(value).map_err(refused)?) })
}

#[wasm_bindgen]
impl JsonReading {
    /// Reads up to `count` more of a feed's items, or works out the terms of up to `count` more articles; whether
    /// all of that is done. Choosing a feed's keywords once its items are read, and gathering the statistics once
    /// every article's terms are worked out, are calls of their own.
    #[wasm_bindgen(js_name = readNext)]
    pub fn read_next(&mut self, count: usize) -> bool {
        self.phase = match std::mem::replace(&mut self.phase, Phase::Finished) {
            Phase::Reading(Reading::Feed(mut feed)) => match feed.read_next(count) {
                true => Phase::Read(Reading::Feed(feed)),
                false => Phase::Reading(Reading::Feed(feed)),
            },
            Phase::Reading(done) | Phase::Read(done) => Phase::indexing(done),
            Phase::Indexing(mut building, report) => match building.prepare_next(count, &|_| String::new()) {
                true => Phase::Indexed(building, report),
                false => Phase::Indexing(building, report),
            },
            Phase::Indexed(building, report) => Phase::Recorded(building.finish_as_record(), report),
            done @ (Phase::Recorded(..) | Phase::Finished) => done,
        };
        matches!(self.phase, Phase::Recorded(..) | Phase::Finished)
    }

    /// Whether the next `readNext` is one of the long steps (choosing a feed's keywords, gathering the statistics),
    /// before which the panel gives the browser a turn, so no task runs long.
    #[wasm_bindgen(js_name = nextStepIsLong)]
    pub fn next_step_is_long(&self) -> bool {
        matches!(self.phase, Phase::Read(Reading::Feed(_)) | Phase::Indexed(..))
    }

    /// Finishes the reading: `{ record, skipped, warnings }`, the articles as a binary record's bytes, with their
    /// term vectors, and the problems found, each `[place, id or null, message]`; null once finished.
    pub fn finish(&mut self) -> JsValue {
        while !self.read_next(usize::MAX) {}
        let Phase::Recorded(record, report) = std::mem::replace(&mut self.phase, Phase::Finished) else { return JsValue::NULL };
        let problems = |list: &[Problem]| -> JsValue {
            list.iter()
                .map(|p| Array::of3(&p.place.as_str().into(), &p.id.as_deref().map_or(JsValue::NULL, JsValue::from_str), &p.message.as_str().into()))
                .collect::<Array>()
                .into()
        };
        let bytes = record::encode(&record);
        js_object(&[
            ("record", Uint8Array::from(bytes.as_slice()).into()),
            ("skipped", problems(&report.skipped)),
            ("warnings", problems(&report.warnings)),
        ])
    }
}

/// A page's text as the ranking looks its words up ([`text::term_clauses`]): an array of clauses, each an array
/// of normalised terms, for a page that is not in the index (`lang` may be empty).
#[wasm_bindgen(js_name = termClauses)]
pub fn term_clauses(text: &str, lang: &str) -> Array {
    text::term_clauses(text, lang).into_iter().map(|clause| clause.into_iter().map(JsValue::from).collect::<Array>()).collect()
}

/// A page's title as the lists compare titles ([`text::normalize_term`]), or undefined for one with no words.
#[wasm_bindgen(js_name = normalizeTerm)]
pub fn normalize_term(text: &str, lang: &str) -> Option<String> {
    text::normalize_term(text, lang)
}
