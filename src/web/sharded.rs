//! The index files as the panel's flow (`src/js/panel.js`) hands them over: what a file's first bytes say it is, the
//! sharded index's entry (read from the browser's `JSON.parse`), and the record names its directories give for a
//! key. The flow fetches; this reads, with the pure readers of `crate::manifest`.

use js_sys::{JsString, Uint8Array};
use wasm_bindgen::prelude::*;

use super::browser::js_message;
use crate::manifest::directory::HashedDirectory;
use crate::manifest::sharded::{self, Entry, ShardError};

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
/// the reader module), with its own directory when it holds one. An entry is left to the browser's `JSON.parse`.
/// One written before version 6 (whose directories were JSON) is refused: see [`sharded::WIDGET_OLDEST_VERSION`].
pub fn read_entry(text: &JsString, url: &str) -> Result<Option<(Entry, Option<HashedDirectory>)>, String> {
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
    let unusable = |error: ShardError| format!("the index file {url} is unusable: {error}");
    let mut entry = sharded::entry_from_value(parsed).map_err(unusable)?;
    if entry.version < sharded::WIDGET_OLDEST_VERSION {
        return Err(unusable(ShardError::OlderThanWidgetReads { found: entry.version }));
    }
    if entry.records.is_some() {
        return Err(unusable(ShardError::BadField { field: "records".into(), why: "a JSON directory, which only index versions before 6 hold".into() }));
    }
    let inline = entry.directory.take();
    Ok(Some((entry, inline)))
}

/// The records a directory shard names for `key`. Shards are binary since version 5 of the index; the entry's
/// version (6 at least, [`read_entry`]) says a shard is.
pub fn directory_records_of(bytes: &Uint8Array, key: &str) -> Result<Vec<String>, String> {
    let directory = HashedDirectory::decode(&bytes.to_vec()).map_err(|e| ShardError::from(e).to_string())?;
    Ok(directory.records_of(key))
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `JSON.parse`, called with a string of its own (`js_sys::JSON::parse` takes one of the wasm's).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_json(text: &JsString) -> Result<JsValue, JsValue>;
}
