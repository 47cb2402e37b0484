//! The index files as the panel's flow (`src/js/panel.js`) hands them over: what a file's first bytes say it is, the
//! sharded index's entry (read from the browser's `JSON.parse`), and the record names its directories give for a
//! key. The flow fetches; this reads, with the pure readers of `crate::manifest`.

use js_sys::{JsString, Uint8Array};
use wasm_bindgen::prelude::*;

use super::browser::js_message;
use crate::manifest::directory::{self, HashedDirectory};
use crate::manifest::sharded::{self, Entry, ShardError};

/// A small archive's directory, held by the entry: binary (version 6), or JSON as the browser parsed it (before).
#[derive(Debug)]
pub enum InlineDirectory {
    Hashed(HashedDirectory),
    Json(BrowserDirectory),
}

impl InlineDirectory {
    /// The records the directory names for `key`: every record named under the key's hash in binary (usually one;
    /// none for a key it does not hold, bar a shared hash), at most one in JSON.
    pub fn records_of(&self, key: &str) -> Result<Vec<String>, ShardError> {
        match self {
            InlineDirectory::Hashed(directory) => Ok(directory.records_of(key)),
            InlineDirectory::Json(directory) => directory.record(key).map(|name| name.into_iter().collect()),
        }
    }
}

/// A JSON directory as the browser's `JSON.parse` read it. A page needs one or two of its thousands of keys, so they
/// are looked up there and checked one by one ([`sharded::record_name`]), rather than every key copied into the wasm
/// and checked (which took longer than anything else the widget did).
#[derive(Debug)]
pub struct BrowserDirectory {
    records: js_sys::Object,
}

impl BrowserDirectory {
    /// The `records` object of a parsed shard or entry, if it is one.
    fn from_parsed(value: &JsValue) -> Option<Self> {
        let records = js_sys::Reflect::get(value, &"records".into()).ok()?;
        (records.is_object() && !js_sys::Array::is_array(&records)).then(|| BrowserDirectory { records: records.unchecked_into() })
    }

    /// The record the directory names for `key`; an error when what it holds there is not a file of the folder.
    fn record(&self, key: &str) -> Result<Option<String>, ShardError> {
        let key_value = JsValue::from_str(key);
        // Own keys only: `constructor` or `toString` must not find what every object inherits.
        if !js_sys::Object::has_own(&self.records, &key_value) {
            return Ok(None);
        }
        let value = js_sys::Reflect::get(&self.records, &key_value).unwrap_or(JsValue::UNDEFINED);
        sharded::record_name(key, value.as_string().as_deref()).map(Some)
    }
}

/// The first bytes of `bytes`, for the formats' magic numbers.
fn head(bytes: &Uint8Array) -> [u8; 4] {
    let mut head = [0u8; 4];
    if bytes.length() >= 4 {
        bytes.subarray(0, 4).copy_to(&mut head);
    }
    head
}

/// Whether an index file is a binary record (version 4 of the index on), rather than JSON.
pub fn is_binary_record(bytes: &Uint8Array) -> bool {
    crate::manifest::record::is_binary(&head(bytes))
}

/// Reads the entry of a sharded index from its text, or `None` when the text is no entry (a manifest or a feed, for
/// the reader module). An entry is left to the browser's `JSON.parse`: an inline directory as JSON (before version 6)
/// has a key per article, of which the page needs one or two.
pub fn read_entry(text: &JsString, url: &str) -> Result<Option<(Entry, Option<InlineDirectory>)>, String> {
    // The name of the format is in every entry's text; a text without it is no entry, and a text with it may still
    // be a manifest.
    if !text.includes(sharded::ENTRY_FORMAT, 0) {
        return Ok(None);
    }
    let parsed = parse_json(text).map_err(|e| format!("the manifest {url} is not valid JSON: {}", js_message(&e)))?;
    let format = js_sys::Reflect::get(&parsed, &"format".into()).ok().and_then(|f| f.as_string());
    if format.as_deref() != Some(sharded::ENTRY_FORMAT) {
        return Ok(None);
    }
    let json_inline = BrowserDirectory::from_parsed(&parsed);
    if json_inline.is_some() {
        // An empty directory in its place says that the directory is inline.
        let _ = js_sys::Reflect::set(&parsed, &"records".into(), &js_sys::Object::new());
    }
    let unusable = |error: ShardError| format!("the index file {url} is unusable: {error}");
    let mut entry = sharded::entry_from_value(parsed).map_err(unusable)?;
    let inline = match entry.directory.take() {
        Some(directory) => Some(InlineDirectory::Hashed(directory)),
        None => json_inline.map(InlineDirectory::Json),
    };
    Ok(Some((entry, inline)))
}

/// The records a directory shard names for `key`: binary since version 5 of the index (told by its first bytes),
/// JSON before.
pub fn directory_records_of(bytes: &Uint8Array, key: &str) -> Result<Vec<String>, String> {
    if directory::is_binary(&head(bytes)) {
        let directory = HashedDirectory::decode(&bytes.to_vec()).map_err(|e| ShardError::from(e).to_string())?;
        return Ok(directory.records_of(key));
    }
    let text = TextDecoder::new().and_then(|decoder| decoder.decode(bytes)).map_err(|e| js_message(&e))?;
    let parsed = parse_json(&text).map_err(|e| format!("not valid JSON: {}", js_message(&e)))?;
    let directory = BrowserDirectory::from_parsed(&parsed).ok_or_else(|| sharded::records_not_an_object().to_string())?;
    directory.record(key).map(|name| name.into_iter().collect()).map_err(|e| e.to_string())
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `JSON.parse`, called with a string of its own (`js_sys::JSON::parse` takes one of the wasm's).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_json(text: &JsString) -> Result<JsValue, JsValue>;

    /// The browser's UTF-8 decoder, giving a string of its own (web-sys's copies it into the wasm).
    type TextDecoder;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<TextDecoder, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn decode(this: &TextDecoder, bytes: &Uint8Array) -> Result<JsString, JsValue>;
}
