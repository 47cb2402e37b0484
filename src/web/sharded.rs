//! The sharded index in the browser: from its entry, the directory shard that names the page's article (or the
//! entry's own directory, for a small archive), then the article's record (a manifest ranked like any other). A
//! page that is not in the index, or whose directory is missing, gets the record of the newest articles and is
//! ranked by its own words. The entry's update (articles changed since the records were written) names the records
//! of added and changed articles first, and is merged into whichever record is loaded.

use std::rc::Rc;

use super::browser;
use super::reader_loader;
use super::fetch::{self, Expect, Fetched, LoadError, LoadResult, ShardDirectory};
use crate::manifest::sharded::{self, Entry};

/// The record to rank the page with: the one that holds the first of `keys` (ids or absolute URLs) the index knows,
/// else the record of the newest articles. What went wrong on the way goes to `notes`.
pub async fn record_for(
    entry: &Entry,
    inline: Option<&ShardDirectory>,
    entry_url: &str,
    keys: &[String],
    timeout_ms: u32,
    notes: &mut Vec<String>,
) -> LoadResult {
    let mut tried: Vec<String> = Vec::new();
    let mut lookup_failed = false;
    // Directories hold articles by id and by URL path. An absolute URL (the canonical link, the address) is looked up
    // by its path first: it is rarely an article's id, and when it is (a feed's ids often are), the article's URL
    // path finds it too; each lookup may be a shard to download.
    let lookups = keys.iter().flat_map(|key| {
        let path = sharded::url_key(key);
        if crate::url::is_http_url(key) { [path, key.clone()] } else { [key.clone(), path] }
    });
    for key in lookups {
        if tried.contains(&key) {
            continue;
        }
        tried.push(key.clone());
        if let Some(record) = entry.update.as_ref().and_then(|update| update.record_of(&key)) {
            return load_record(record, entry, entry_url, timeout_ms).await;
        }
        // Where the key's record is named: the entry's own directory, or the shard the key hashes to.
        let found = match inline {
            Some(directory) => directory.records_of(&key).map_err(|error| format!("the index file {entry_url} is unusable: {error}")),
            None => {
                // An entry names shards or holds its directory (its reader refuses one with neither).
                let Some(name) = entry.directories.get(sharded::directory_of(&key, entry.directories.len())) else { continue };
                let Some(directory_url) = browser::resolve_url(name, entry_url).map(|u| u.href()) else { continue };
                match fetch::load(&directory_url, entry_url, Expect::Directory, timeout_ms).await.as_ref() {
                    Ok(Fetched::Directory(directory)) => {
                        directory.records_of(&key).map_err(|error| format!("the index file {directory_url} is unusable: {error}"))
                    }
                    Ok(_) => Ok(Vec::new()),
                    Err(error) => Err(error.to_string()),
                }
            }
        };
        match found {
            Ok(names) => {
                for name in names {
                    // A binary shard names records by a hash of the key, which a page not in the index may share
                    // with an article of the shard (rarely): the record that holds the page is the one.
                    let loaded = load_record(&name, entry, entry_url, timeout_ms).await;
                    let holds_page = match loaded.as_ref() {
                        Ok(Fetched::Manifest(manifest)) => keys.iter().any(|key| manifest.index.find(key).is_some()),
                        // What cannot be ranked is reported as it is.
                        _ => true,
                    };
                    if holds_page {
                        return loaded;
                    }
                }
            }
            Err(why) => {
                lookup_failed = true;
                notes.push(format!("{why}; using the newest articles"));
            }
        }
    }
    // No directory holds the page: it will be ranked by its own words, which the reader module reads, loaded
    // while the newest articles' record downloads. (After a directory failed to load, the page may be among the
    // newest articles yet.)
    if !lookup_failed {
        reader_loader::preload();
    }
    load_record(&entry.newest, entry, entry_url, timeout_ms).await
}

async fn load_record(name: &str, entry: &Entry, entry_url: &str, timeout_ms: u32) -> LoadResult {
    match browser::resolve_url(name, entry_url) {
        Some(url) => fetch::load(&url.href(), entry_url, Expect::Record(entry.update.clone()), timeout_ms).await,
        None => Rc::new(Err(LoadError::Network { url: name.to_string(), message: "not a URL".into() })),
    }
}
