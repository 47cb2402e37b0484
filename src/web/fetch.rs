//! Fetching the index: one request per URL per page, shared by every widget, with a time-out and a size cap. A
//! manifest or JSON Feed (or a record of the sharded index, which is a manifest) is turned into a ready-to-rank
//! index; the sharded index's entry and directories are read as what they are.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use js_sys::{JsString, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::browser::{js_message, resolve_for_key};
use super::timing;
use crate::manifest::directory::{self, HashedDirectory};
use crate::manifest::sharded::{self, Entry, ShardError};
use crate::manifest::update::Update;
use super::reader_loader;
use crate::manifest::{self, ManifestError, Report, MAX_MANIFEST_BYTES};
use crate::rank::build::IndexBuilder;
use crate::rank::Index;

/// Why a manifest could not be used.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LoadError {
    #[error("could not fetch the manifest {url} ({message}); check the URL, and CORS if it is on another site")]
    Network { url: String, message: String },
    #[error("the manifest {url} did not arrive within {ms} ms")]
    Timeout { url: String, ms: u32 },
    #[error("the manifest {url} answered HTTP {status}")]
    Http { url: String, status: u16 },
    #[error("the manifest {url} is not valid JSON: {message}")]
    NotJson { url: String, message: String },
    #[error("the manifest {url} is unusable: {source}")]
    Manifest { url: String, source: ManifestError },
    #[error("the index file {url} is unusable: {source}")]
    Index { url: String, source: ShardError },
    /// What the reader module said of a manifest or feed, or why it could not be loaded.
    #[error("the manifest {url} is unusable: {message}")]
    Unusable { url: String, message: String },
}

/// A manifest ready to rank, with what was wrong in it.
#[derive(Debug)]
pub struct LoadedManifest {
    pub index: Index,
    pub report: Report,
}

/// What a URL held.
#[derive(Debug)]
pub enum Fetched {
    /// A manifest, a JSON Feed or a record of the sharded index (boxed: an index is large, and the other kinds are
    /// small).
    Manifest(Box<LoadedManifest>),
    /// The sharded index's entry, with a small archive's one directory when the entry holds it (binary since
    /// version 6; JSON before, read as [`BrowserDirectory`] reads a shard).
    Entry(Entry, Option<ShardDirectory>),
    /// One of its directory shards.
    Directory(ShardDirectory),
}

/// A directory shard: binary (version 5 of the index), or JSON as the browser parsed it (before).
#[derive(Debug)]
pub enum ShardDirectory {
    Json(BrowserDirectory),
    Hashed(HashedDirectory),
}

impl ShardDirectory {
    /// The records the shard names for `key`: at most one in JSON; in binary, every record named under the key's
    /// hash (usually one; none for a key it does not hold, bar a shared hash).
    pub fn records_of(&self, key: &str) -> Result<Vec<String>, ShardError> {
        match self {
            ShardDirectory::Json(directory) => directory.record(key).map(|name| name.into_iter().collect()),
            ShardDirectory::Hashed(directory) => Ok(directory.records_of(key)),
        }
    }
}

/// A directory shard as the browser's `JSON.parse` read it. A page needs one or two of its thousands of keys, so
/// they are looked up there and checked one by one ([`sharded::record_name`]), rather than every key copied into
/// the wasm and checked (which took longer than anything else the widget did).
#[derive(Debug)]
pub struct BrowserDirectory {
    records: js_sys::Object,
}

impl BrowserDirectory {
    fn parse(text: &JsString) -> Result<Self, ShardError> {
        let value = parse_json(text).map_err(|e| ShardError::Unparsable { message: js_message(&e) })?;
        Self::from_parsed(&value).ok_or_else(sharded::records_not_an_object)
    }

    /// The `records` object of a parsed shard or entry, if it is one.
    fn from_parsed(value: &JsValue) -> Option<Self> {
        let records = js_sys::Reflect::get(value, &"records".into()).ok()?;
        (records.is_object() && !js_sys::Array::is_array(&records)).then(|| BrowserDirectory { records: records.unchecked_into() })
    }

    /// The record the directory names for `key`; an error when what it holds there is not a file of the folder.
    pub fn record(&self, key: &str) -> Result<Option<String>, ShardError> {
        let key_value = JsValue::from_str(key);
        // Own keys only: `constructor` or `toString` must not find what every object inherits.
        if !js_sys::Object::has_own(&self.records, &key_value) {
            return Ok(None);
        }
        let value = js_sys::Reflect::get(&self.records, &key_value).unwrap_or(JsValue::UNDEFINED);
        sharded::record_name(key, value.as_string().as_deref()).map(Some)
    }
}

/// What the caller expects at a URL: an index (a manifest or an entry, told apart by content), a directory, or a
/// record of the sharded index, with the entry's update to merge into it.
#[derive(Debug, Clone)]
pub enum Expect {
    Index,
    Directory,
    Record(Option<Arc<Update>>),
}

pub type LoadResult = Rc<Result<Fetched, LoadError>>;

enum CacheEntry {
    /// A fetch under way; it resolves once the entry is `Done`.
    Pending(Promise),
    Done(LoadResult),
}

thread_local! {
    /// The page's index files by URL: a handful (an entry, a shard, a record or two), so a list, whose code is
    /// smaller in the wasm than a map's.
    static CACHE: RefCell<Vec<(String, CacheEntry)>> = const { RefCell::new(Vec::new()) };
}

fn cached(url: &str) -> Option<Result<LoadResult, Promise>> {
    CACHE.with(|cache| match cache.borrow().iter().find(|(known, _)| known == url).map(|(_, entry)| entry) {
        Some(CacheEntry::Done(result)) => Some(Ok(result.clone())),
        Some(CacheEntry::Pending(promise)) => Some(Err(promise.clone())),
        None => None,
    })
}

/// Stores what is known of `url`, in place of what was.
fn store(url: String, entry: CacheEntry) {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        cache.retain(|(known, _)| *known != url);
        cache.push((url, entry));
    });
}

/// Loads the index file at the absolute URL `url`, or waits for the load another widget started. Relative article
/// URLs in it resolve against `base` (the manifest's own address, or the entry's for a record).
pub async fn load(url: &str, base: &str, expect: Expect, timeout_ms: u32) -> LoadResult {
    loop {
        match cached(url) {
            Some(Ok(result)) => return result,
            Some(Err(pending)) => {
                // The task below never rejects: it stores its outcome, whatever it is, before resolving.
                let _ = JsFuture::from(pending).await;
                if let Some(Ok(result)) = cached(url) {
                    return result;
                }
            }
            None => {
                let owned_url = url.to_string();
                let owned_base = base.to_string();
                let expect = expect.clone();
                let task = wasm_bindgen_futures::future_to_promise(async move {
                    let result = Rc::new(fetch_and_read(&owned_url, &owned_base, expect, timeout_ms).await);
                    store(owned_url, CacheEntry::Done(result));
                    Ok(JsValue::UNDEFINED)
                });
                store(url.to_string(), CacheEntry::Pending(task));
            }
        }
    }
}

async fn fetch_and_read(url: &str, base: &str, expect: Expect, timeout_ms: u32) -> Result<Fetched, LoadError> {
    let body = fetch_body(url, timeout_ms).await?;
    let shard_error = |source: ShardError| LoadError::Index { url: url.to_string(), source };
    let not_json = |message: String| LoadError::NotJson { url: url.to_string(), message };
    let view = js_sys::Uint8Array::new(&body);
    let mut head = [0u8; 4];
    if view.length() >= 4 {
        view.subarray(0, 4).copy_to(&mut head);
    }
    if matches!(expect, Expect::Directory) {
        // Binary since version 5 of the index, told by its first bytes; JSON before.
        let directory = if directory::is_binary(&head) {
            HashedDirectory::decode(&view.to_vec()).map(ShardDirectory::Hashed).map_err(ShardError::from)
        } else {
            BrowserDirectory::parse(&decode(&body).map_err(not_json)?).map(ShardDirectory::Json)
        };
        return directory.map(Fetched::Directory).map_err(shard_error);
    }
    timing::start(timing::READ);
    let manifest_error = |source: ManifestError| LoadError::Manifest { url: url.to_string(), source };
    let mut slices = Slices::start();
    // A binary record (version 4 of the index) is read in one pass over its bytes, in the task that fetched it.
    let mut loaded = if manifest::record::is_binary(&head) {
        let bytes = view.to_vec();
        drop((view, body));
        manifest::record::decode(&bytes).map_err(manifest_error)?
    } else {
        drop(view);
        let text = decode(&body).map_err(not_json)?;
        drop(body);
        // An entry (told apart by its `format`, as `sharded::is_entry` does) is left to the browser's `JSON.parse`:
        // an inline directory as JSON (before version 6) has a key per article, of which the page needs one or two.
        // The name of the format is in every entry's text; a text without it is no entry, and a text with it may
        // still be a manifest.
        if matches!(expect, Expect::Index) && text.includes(sharded::ENTRY_FORMAT, 0) {
            let parsed = parse_json(&text).map_err(|e| not_json(js_message(&e)))?;
            let format = js_sys::Reflect::get(&parsed, &"format".into()).ok().and_then(|f| f.as_string());
            if format.as_deref() == Some(sharded::ENTRY_FORMAT) {
                return read_entry(&parsed).map(|(entry, inline)| Fetched::Entry(entry, inline)).map_err(shard_error);
            }
        }
        read_json(url, text, timeout_ms, &mut slices).await?
    };
    if let Expect::Record(Some(update)) = &expect {
        // A record of an older build than the entry cannot take the update: it is ranked as it is, and said.
        if let Err(error) = update.apply(&mut loaded.manifest) {
            loaded.report.warnings.push(manifest::report::problem("update", None, format!("{error}; ranked without the latest changes")));
        }
    }
    let base = base.to_string();
    // Relative article URLs resolve against the manifest's own address, so a manifest works from any folder.
    let resolve = move |href: &str| resolve_for_key(href, &base);
    slices.turn_if_due().await;
    // Each article's day and page key are worked out a slice of articles at a time; its terms come ready in the
    // record (the reader module works out a feed's), so the panel's code holds no text analysis.
    let mut building = IndexBuilder::of_record(loaded.manifest);
    let mut paused = false;
    while !building.prepare_next(ENTRIES_PER_LOOK, &resolve) {
        paused |= slices.turn_if_due().await;
    }
    // After work long enough to pause in, the index's finishing step starts a task of its own too (23-57 ms for a
    // 1,000-item feed here); a record, quick to prepare and to finish, goes on in the same task.
    if paused {
        slices.turn().await;
    }
    let index = building.finish(&resolve);
    timing::end(timing::READ);
    yield_to_browser().await;
    Ok(Fetched::Manifest(Box::new(LoadedManifest { index, report: loaded.report })))
}

/// Reads a JSON manifest, feed or record (of an index before version 4) with the reader module, loaded for
/// it: a slice of a feed's items at a time, then the whole as a binary record, which is read here as any record is.
async fn read_json(url: &str, text: JsString, timeout_ms: u32, slices: &mut Slices) -> Result<manifest::Loaded, LoadError> {
    let mut report = Report::default();
    let bytes = reader_loader::read(&text, timeout_ms, ENTRIES_PER_LOOK as u32, SLICE_MS, &mut report).await.map_err(|refusal| match refusal.not_json {
        true => LoadError::NotJson { url: url.to_string(), message: refusal.message },
        false => LoadError::Unusable { url: url.to_string(), message: refusal.message },
    })?;
    drop(text);
    // Reading the record the module wrote (20-25 ms for a 1,000-item feed here) starts a task of its own.
    slices.turn().await;
    let mut loaded = manifest::record::decode(&bytes).map_err(|source| LoadError::Manifest { url: url.to_string(), source })?;
    // The reader's problems come first: the record it wrote has been checked already.
    report.skipped.append(&mut loaded.report.skipped);
    report.warnings.append(&mut loaded.report.warnings);
    loaded.report = report;
    // Indexing starts a task of its own.
    slices.turn().await;
    Ok(loaded)
}

/// Reads an entry as the browser parsed it, with the pure reader ([`sharded::entry_from_value`]), and takes out
/// its inline directory, if it has one: binary (version 6), read with the entry; or JSON (before), which stays in
/// the browser (read as [`BrowserDirectory`] reads a shard).
fn read_entry(parsed: &JsValue) -> Result<(Entry, Option<ShardDirectory>), ShardError> {
    let json_inline = BrowserDirectory::from_parsed(parsed);
    if json_inline.is_some() {
        // An empty directory in its place says that the directory is inline.
        let _ = js_sys::Reflect::set(parsed, &"records".into(), &js_sys::Object::new());
    }
    let mut entry = sharded::entry_from_value(parsed.clone())?;
    let inline = match entry.directory.take() {
        Some(directory) => Some(ShardDirectory::Hashed(directory)),
        None => json_inline.map(ShardDirectory::Json),
    };
    Ok((entry, inline))
}

/// The body's text as a string of the browser's own, for its `JSON.parse`.
fn decode(body: &js_sys::ArrayBuffer) -> Result<JsString, String> {
    TextDecoder::new().and_then(|decoder| decoder.decode(body)).map_err(|e| js_message(&e))
}

/// How long one task of reading may run before the browser gets a turn: under the 50 ms at which a task is long.
const SLICE_MS: f64 = 30.0;
/// Feed items or articles worked out between looks at the clock.
const ENTRIES_PER_LOOK: usize = 16;

/// The reading's tasks: when the current one started, so work in slices gives the browser a turn only once a task
/// has run for [`SLICE_MS`].
struct Slices {
    started: f64,
}

impl Slices {
    fn start() -> Self {
        Slices { started: js_sys::Date::now() }
    }

    /// A new task, if this one has run long enough; whether it took one.
    async fn turn_if_due(&mut self) -> bool {
        let due = js_sys::Date::now() - self.started >= SLICE_MS;
        if due {
            self.turn().await;
        }
        due
    }

    /// A new task.
    async fn turn(&mut self) {
        yield_to_browser().await;
        self.started = js_sys::Date::now();
    }
}

/// Ends the current task and goes on in a new one (`yieldToBrowser` in `src/js/browser.js`).
async fn yield_to_browser() {
    // It never rejects; should it, going on is still right.
    if let Ok(promise) = yield_to_browser_js() {
        let _ = JsFuture::from(promise).await;
    }
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
    fn decode(this: &TextDecoder, bytes: &js_sys::ArrayBuffer) -> Result<JsString, JsValue>;
}

#[wasm_bindgen(module = "/src/js/browser.js")]
extern "C" {
    // Every import of the snippet is `catch`: a page that broke what it calls makes an error, not a trap; and
    // wasm-bindgen then imports each by name (two blocks importing a snippet's functions directly would each add it
    // under the same key of the wasm's imports, the second hiding the first).
    #[wasm_bindgen(js_name = fetchIndexFile, catch)]
    fn fetch_index_file(url: &str, timeout_ms: u32, max_bytes: u32) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = yieldToBrowser, catch)]
    fn yield_to_browser_js() -> Result<Promise, JsValue>;
}

/// The body of the file at `url`, as bytes still in the browser, within the time-out and the size cap
/// (`fetchIndexFile` in `src/js/browser.js`, which takes over the request the script-tag loader started early).
async fn fetch_body(url: &str, timeout_ms: u32) -> Result<js_sys::ArrayBuffer, LoadError> {
    let limit = u32::try_from(MAX_MANIFEST_BYTES).unwrap_or(u32::MAX);
    let fetched = match fetch_index_file(url, timeout_ms, limit) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    };
    let failure = match fetched {
        Ok(body) => return body.dyn_into().map_err(|_| LoadError::Network { url: url.to_string(), message: "the body is not bytes".into() }),
        Err(failure) => failure,
    };
    let field = |name: &str| js_sys::Reflect::get(&failure, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let url = url.to_string();
    Err(match field("kind").as_string().as_deref() {
        Some("timeout") => LoadError::Timeout { url, ms: timeout_ms },
        Some("http") => LoadError::Http { url, status: field("status").as_f64().map_or(0, |status| status as u16) },
        Some("too-large") => {
            let bytes = field("bytes").as_f64().map_or(usize::MAX, |bytes| bytes as usize);
            LoadError::Manifest { url, source: ManifestError::TooLarge { bytes, limit: MAX_MANIFEST_BYTES } }
        }
        _ => LoadError::Network { url, message: field("message").as_string().unwrap_or_else(|| js_message(&failure)) },
    })
}
