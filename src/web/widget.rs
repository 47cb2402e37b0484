//! The related-articles panel's engine, which its flow (`src/js/panel.js`) calls a step at a time: the options, the
//! sharded index's lookups, a record read and indexed, the page's article found (or the page's own words made a
//! query), and the view model ranked with the shared code. Every call is synchronous and returns plain data; the
//! flow does the fetching, the waiting, the DOM and the events, so the engine runs no async tasks.

use js_sys::{Array, JsString, Uint8Array};
use wasm_bindgen::prelude::*;

use super::browser::{js_error, pairs_of, resolve_against, resolve_for_key};
use super::dom::js_object;
use super::panel;
use super::sharded;
use crate::manifest::directory::HashedDirectory;
use crate::lang;
use crate::manifest::sharded::{directory_of, url_key, Entry};
use crate::manifest::record::RecordDecoder;
use crate::manifest::{self, Problem, Report};
use crate::options::{parse_options, WidgetOptions};
use crate::rank::build::IndexBuilder;
use crate::rank::{Index, Query};
use crate::url::page_key;
use crate::view::{build_panel, labels};

/// The index being read: its record a slice of articles at a time (with its address, where its relative URLs
/// resolve, and the problems the reader module found), its builder (with where its URLs resolve), then the index.
enum Reading {
    None,
    Decoding(Box<RecordDecoder<Vec<u8>>>, String, String, Report),
    Building(IndexBuilder, String),
    Ready(Index),
}

/// One related-articles panel's engine: its options, the entry of its sharded index once read, and its index once
/// built. `src/js/panel.js` frees it when the panel is destroyed.
#[wasm_bindgen]
pub struct Panel {
    options: WidgetOptions,
    /// Language of labels and dates: the `lang` option, else the page's `<html lang>`, else English until the index
    /// says better ([`Panel::panel_lang`]).
    ui_lang: String,
    /// Whether the `lang` option or the page named the language (else the article's, or the site's, is taken).
    lang_given: bool,
    /// The page's base URL, against which URLs resolve whose own base cannot take a relative reference.
    page_base: String,
    warnings: Vec<String>,
    entry: Option<(Entry, Option<HashedDirectory>)>,
    reading: Reading,
    /// What was wrong in the index the panel ranks with.
    report: Report,
    query: Option<Query>,
}

impl std::fmt::Debug for Panel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Panel").field("manifest", &self.options.manifest).finish_non_exhaustive()
    }
}

impl Panel {
    /// The panels' language: the `lang` option, else the page's `<html lang>`, else (a page that names none, as old
    /// sites' often do) the article's language, else the site's, else English.
    fn panel_lang(&self, index: &Index, query: &Query) -> String {
        if self.lang_given {
            return self.ui_lang.clone();
        }
        let article_lang = query.article.and_then(|position| index.article(position)).and_then(|article| article.lang.clone());
        article_lang.or_else(|| index.manifest().site.lang.clone()).unwrap_or_else(|| self.ui_lang.clone())
    }
}

/// An error for the flow, which says it in the panel's one console warning.
fn failure(message: impl AsRef<str>) -> JsValue {
    js_sys::Error::new(message.as_ref()).into()
}

/// The error for a record whose bytes cannot be used, whichever step of its reading finds it.
fn unusable_record(url: &str, error: &manifest::ManifestError) -> JsValue {
    failure(format!("the manifest {url} is unusable: {error}"))
}

#[wasm_bindgen]
impl Panel {
    /// Reads the options (`[name, text]` pairs, as `optionPairs` in `src/js/browser.js` makes them); `page_lang` is
    /// the page's `<html lang>`, `page_base` its base URL (`document.baseURI`). Throws an `Error` only for unusable
    /// options.
    #[wasm_bindgen(constructor)]
    pub fn new(pairs: &Array, page_lang: Option<String>, page_base: String) -> Result<Panel, JsValue> {
        let (options, warnings) = parse_options(pairs_of(pairs)).map_err(|e| js_error(e.to_string()))?;
        let lang_given = options.lang.is_some() || page_lang.is_some();
        let ui_lang = options.lang.clone().or(page_lang).unwrap_or_else(|| "en".to_string());
        Ok(Panel { options, ui_lang, lang_given, page_base, warnings, entry: None, reading: Reading::None, report: Report::default(), query: None })
    }

    /// What the flow needs of the options, as an object: `manifest`, `article`, `eager`, `timeoutMs`, `maxBytes` (an index file's size cap), `formWanted`
    /// (a subscription form to preload), the placeholder's `theme`, `lang` (a tag or nothing), `rtl`, `rows`, `rowEm` and
    /// `label`, the options' `warnings`, and `queueKey` (where the subscription module queues what it could
    /// not send).
    pub fn settings(&self) -> JsValue {
        let options = &self.options;
        let form_wanted = options.subscribe.endpoint.is_some() && options.subscribe.enabled != Some(false);
        let warnings: Array = self.warnings.iter().map(|w| JsValue::from_str(w)).collect();
        js_object(&[
            ("manifest", JsValue::from_str(&options.manifest)),
            ("article", options.article.as_deref().map_or(JsValue::UNDEFINED, JsValue::from_str)),
            ("eager", JsValue::from_bool(options.eager)),
            ("timeoutMs", JsValue::from(options.timeout_ms)),
            ("maxBytes", JsValue::from(u32::try_from(manifest::MAX_MANIFEST_BYTES).unwrap_or(u32::MAX))),
            ("formWanted", JsValue::from_bool(form_wanted)),
            ("theme", JsValue::from_str(options.theme.as_str())),
            ("lang", panel::lang_attribute(&self.ui_lang)),
            ("uiLang", JsValue::from_str(&self.ui_lang)),
            ("rtl", JsValue::from_bool(lang::is_rtl(&self.ui_lang))),
            ("rows", JsValue::from(u32::try_from(options.ranking.limit).unwrap_or(u32::MAX))),
            // A row's likely height in em, gap included: a link with its picture and a two-line summary (as a built
            // index gives most) is about 4.6em tall; a title and a date alone 2.9em. Reserving the short height for
            // tall rows moved what follows the panel twice (a new-user trial measured a layout shift of 0.145).
            ("rowEm", JsValue::from_f64(if options.images || options.summaries { 4.6 } else { 2.9 })),
            ("label", JsValue::from_str(labels(&self.ui_lang).loading)),
            ("warnings", warnings.into()),
            // Where the subscription module keeps submissions it could not send yet: a page with such a queue loads
            // the module to send them, whatever it shows.
            ("queueKey", JsValue::from_str(crate::subscribe::queue::STORAGE_KEY)),
        ])
    }

    /// Whether an index file's bytes are a binary record (else they are JSON text).
    #[wasm_bindgen(js_name = isBinaryRecord)]
    pub fn is_binary_record(&self, bytes: &Uint8Array) -> bool {
        sharded::is_binary_record(bytes)
    }

    /// Takes an index file's text: `true` when it is the sharded index's entry (kept for the lookups), `false`
    /// when it is a manifest or feed, for the reader module. Throws when it is an entry that cannot be used.
    #[wasm_bindgen(js_name = readEntry)]
    pub fn read_entry(&mut self, text: &JsString, url: &str) -> Result<bool, JsValue> {
        let entry = sharded::read_entry(text, url).map_err(failure)?;
        let found = entry.is_some();
        self.entry = entry;
        Ok(found)
    }

    /// The keys to look the page's article up by, in order, each once: for each of `keys` (ids, absolute URLs), the
    /// key and its URL path. Directories hold articles by id and by URL path. An absolute URL (the canonical link,
    /// the address) is looked up by its path first: it is rarely an article's id, and when it is (a feed's ids
    /// often are), the article's URL path finds it too; each lookup may be a shard to download.
    #[wasm_bindgen(js_name = lookupKeys)]
    pub fn lookup_keys(&self, keys: Vec<String>) -> Vec<String> {
        let mut lookups: Vec<String> = Vec::new();
        for key in keys {
            let path = url_key(&key);
            let pair = if crate::url::is_http_url(&key) { [path, key] } else { [key, path] };
            for lookup in pair {
                if !lookups.contains(&lookup) {
                    lookups.push(lookup);
                }
            }
        }
        lookups
    }

    /// Where the entry says `key`'s record is: `{ record }` when the entry's update names it, `{ records }` from
    /// the entry's own directory, `{ directory }` for the shard (a name relative to the entry) to look in, or
    /// nothing. Throws when the entry's directory is unusable.
    pub fn lookup(&self, key: &str) -> Result<JsValue, JsValue> {
        let Some((entry, inline)) = &self.entry else { return Ok(JsValue::UNDEFINED) };
        if let Some(record) = entry.update.as_ref().and_then(|update| update.record_of(key)) {
            return Ok(js_object(&[("record", JsValue::from_str(record))]));
        }
        if let Some(directory) = inline {
            let names = directory.records_of(key);
            let names: Array = names.iter().map(|n| JsValue::from_str(n)).collect();
            return Ok(js_object(&[("records", names.into())]));
        }
        // An entry names shards or holds its directory (its reader refuses one with neither).
        Ok(entry
            .directories
            .get(directory_of(key, entry.directories.len()))
            .map_or(JsValue::UNDEFINED, |name| js_object(&[("directory", JsValue::from_str(name))])))
    }

    /// The records a directory shard's bytes name for `key`. Throws when the shard is unusable.
    #[wasm_bindgen(js_name = directoryRecordsOf)]
    pub fn directory_records_of(&self, bytes: &Uint8Array, key: &str) -> Result<Vec<String>, JsValue> {
        sharded::directory_records_of(bytes, key).map_err(failure)
    }

    /// The entry's record of the newest articles, for a page the index does not hold.
    #[wasm_bindgen(getter)]
    pub fn newest(&self) -> Option<String> {
        self.entry.as_ref().map(|(entry, _)| entry.newest.clone())
    }

    /// Starts reading a binary record (from the index, or as the reader module wrote it from a manifest or feed,
    /// with the problems it found: `[place, id, message]` lists under `skipped` and `warnings`); `indexNext` reads
    /// its articles and indexes them. A record of a sharded index takes the entry's update. Relative article URLs
    /// resolve against `base` (the manifest's own address, or the entry's). Throws when the record is unusable.
    #[wasm_bindgen(js_name = readRecord)]
    pub fn read_record(&mut self, url: String, base: String, bytes: Vec<u8>, problems: JsValue) -> Result<(), JsValue> {
        let decoder = RecordDecoder::new(bytes).map_err(|e| unusable_record(&url, &e))?;
        // The reader's problems come first: the record it wrote has been checked already.
        let mut report = Report::default();
        for (list, into) in [("skipped", &mut report.skipped), ("warnings", &mut report.warnings)] {
            let Ok(problems) = js_sys::Reflect::get(&problems, &JsValue::from_str(list)).and_then(|l| l.dyn_into::<Array>()) else { continue };
            for problem in problems.iter() {
                let part = |i: u32| js_sys::Reflect::get_u32(&problem, i).ok().and_then(|v| v.as_string());
                into.push(Problem { place: part(0).unwrap_or_default(), id: part(1), message: part(2).unwrap_or_default() });
            }
        }
        self.query = None;
        self.reading = Reading::Decoding(Box::new(decoder), url, base, report);
        Ok(())
    }

    /// Reads `count` more of the record's articles, or once they are all read, works out `count` more articles'
    /// days and page keys (their terms come ready in the record); `true` once every article is done. The flow gives
    /// the browser a turn between calls that run long. Throws when the record's bytes turn out unusable.
    #[wasm_bindgen(js_name = indexNext)]
    pub fn index_next(&mut self, count: usize) -> Result<bool, JsValue> {
        match &mut self.reading {
            Reading::Decoding(decoder, url, _, _) => {
                if !decoder.next(count).map_err(|e| unusable_record(url, &e))? {
                    return Ok(false);
                }
                let Reading::Decoding(decoder, _, base, mut report) = std::mem::replace(&mut self.reading, Reading::None) else { return Ok(true) };
                let mut loaded = decoder.finish();
                report.skipped.append(&mut loaded.report.skipped);
                report.warnings.append(&mut loaded.report.warnings);
                if let Some(update) = self.entry.as_ref().and_then(|(entry, _)| entry.update.as_ref()) {
                    // A record of an older build than the entry cannot take the update: it is ranked as it is, and said.
                    if let Err(error) = update.apply(&mut loaded.manifest) {
                        report.warnings.push(manifest::report::problem("update", None, format!("{error}; ranked without the latest changes")));
                    }
                }
                self.report = report;
                self.reading = Reading::Building(IndexBuilder::of_record(loaded.manifest), base);
                Ok(false)
            }
            Reading::Building(builder, base) => Ok(builder.prepare_next(count, &|href: &str| resolve_for_key(href, base, &self.page_base))),
            _ => Ok(true),
        }
    }

    /// Builds the index once every article is worked out.
    #[wasm_bindgen(js_name = finishIndex)]
    pub fn finish_index(&mut self) {
        if let Reading::Building(builder, base) = std::mem::replace(&mut self.reading, Reading::None) {
            self.reading = Reading::Ready(builder.finish(&|href: &str| resolve_for_key(href, &base, &self.page_base)));
        }
    }

    fn index(&self) -> Option<&Index> {
        match &self.reading {
            Reading::Ready(index) => Some(index),
            _ => None,
        }
    }

    /// What was wrong in the index, in a sentence, if anything.
    #[wasm_bindgen(getter)]
    pub fn problems(&self) -> Option<String> {
        self.report.summary()
    }

    /// Whether the index holds an article under one of `keys`.
    pub fn holds(&self, keys: Vec<String>) -> bool {
        self.index().is_some_and(|index| keys.iter().any(|key| index.find(key).is_some()))
    }

    /// Ranks for the first of `keys` the index holds; `false` when it holds none (the page is then ranked by its
    /// own words, with `queryFromWords`).
    #[wasm_bindgen(js_name = queryFor)]
    pub fn query_for(&mut self, keys: Vec<String>) -> bool {
        let query = self.index().and_then(|index| keys.iter().find_map(|key| index.find(key)).and_then(|position| index.query_for(position)));
        let found = query.is_some();
        self.query = query;
        found
    }

    /// The language to split a page's own words in: the `lang` option, else the page's, else the site's.
    #[wasm_bindgen(js_name = wordsLang)]
    pub fn words_lang(&self, page_lang: Option<String>) -> Option<String> {
        self.options.lang.clone().or(page_lang).or_else(|| self.index()?.manifest().site.lang.clone())
    }

    /// Ranks by a page's own words, as the reader module split them: `clauses` holds `[terms, weight]` pairs (runs
    /// of terms the ranking looks phrases up in), `title_key` the title as lists compare titles, `page_url` the
    /// page's first key (its address, so it is never listed as related to itself).
    #[wasm_bindgen(js_name = queryFromWords)]
    pub fn query_from_words(&mut self, clauses: &Array, title_key: Option<String>, lang: Option<String>, page_url: Option<String>) {
        let Some(index) = self.index() else { return };
        let clauses = clauses.iter().filter_map(|clause| {
            let clause: Array = clause.dyn_into().ok()?;
            let terms = clause.get(0).dyn_into::<Array>().ok()?.iter().filter_map(|term| term.as_string()).collect();
            Some((terms, clause.get(1).as_f64().unwrap_or(0.0) as f32))
        });
        self.query = Some(Query {
            vector: index.query_from_clauses(clauses),
            article: None,
            lang: lang.as_deref().map(lang::primary).filter(|l| !l.is_empty()),
            days: None,
            url_key: page_url.as_deref().map(page_key),
            // Compared with the title keys of records, which are hashes.
            title_key: title_key.as_deref().map(crate::manifest::record::hashed_title_key),
            pinned: Vec::new(),
        });
    }

    /// The panel's view model, ranked with the shared code, as the renderer (`src/js/render.js`) takes it; links
    /// resolve against `manifest_url` and are external when not of `page_origin`.
    pub fn view(&self, manifest_url: &str, page_origin: &str) -> JsValue {
        let (Some(index), Some(query)) = (self.index(), self.query.as_ref()) else { return JsValue::UNDEFINED };
        let resolve = |href: &str| resolve_against(manifest_url, href, &self.page_base, page_origin);
        let view = build_panel(index, query, &self.options, &self.panel_lang(index, query), &resolve);
        panel::to_js(&view, self.options.theme)
    }

    /// What the subscription module needs of the index to show its panel, as `entry::read_request` reads it
    /// (`topics`, `articleTopics`, `forced` when the `subscribe` option asks for a form whatever other panels show),
    /// or `{ note }` when there is nothing to subscribe to (and why, when that is worth saying).
    pub fn subscription(&self) -> JsValue {
        let Some(index) = self.index() else { return JsValue::UNDEFINED };
        let topics = &index.manifest().topics;
        if let Err(why) = crate::subscribe::offers_subscription(topics, &self.options.subscribe) {
            return js_object(&[("note", why.map_or(JsValue::UNDEFINED, JsValue::from_str))]);
        }
        let article_topics = self.query.as_ref().and_then(|q| q.article).and_then(|position| index.article(position)).map(|a| a.topics.as_slice()).unwrap_or_default();
        let article_topics: Array = article_topics.iter().map(|t| JsValue::from_str(t)).collect();
        let lang = self.query.as_ref().map_or_else(|| self.ui_lang.clone(), |query| self.panel_lang(index, query));
        js_object(&[
            ("lang", JsValue::from_str(&lang)),
            ("topics", panel::topics_to_js(topics)),
            ("articleTopics", article_topics.into()),
            ("forced", JsValue::from_bool(self.options.subscribe.enabled == Some(true))),
        ])
    }
}
