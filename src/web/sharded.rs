//! The sharded index in the browser: from its entry, the directory shard that names the page's article (or the
//! entry's own directory, for a small archive), then the article's record (a manifest ranked like any other). A page that is not in the index, or whose directory is
//! missing, gets the record of the newest articles and is ranked by its own words.

use std::rc::Rc;

use super::fetch::{self, BrowserDirectory, Expect, Fetched, LoadError, LoadResult};
use crate::manifest::sharded::{self, Entry};

/// The record to rank the page with: the one that holds the first of `keys` (ids or absolute URLs) the index knows,
/// else the record of the newest articles. What went wrong on the way goes to `notes`.
pub async fn record_for(
    entry: &Entry,
    inline: Option<&BrowserDirectory>,
    entry_url: &str,
    keys: &[String],
    timeout_ms: u32,
    notes: &mut Vec<String>,
) -> LoadResult {
    let mut tried: Vec<String> = Vec::new();
    for key in keys.iter().flat_map(|key| [key.clone(), sharded::url_key(key)]) {
        if tried.contains(&key) {
            continue;
        }
        tried.push(key.clone());
        if let Some(directory) = inline {
            match directory.record(&key) {
                Ok(Some(record)) => return load_record(&record, entry_url, timeout_ms).await,
                Ok(None) => {}
                Err(error) => notes.push(format!("the index file {entry_url} is unusable: {error}; using the newest articles")),
            }
            continue;
        }
        let name = &entry.directories[sharded::directory_of(&key, entry.directories.len())];
        let Some(directory_url) = fetch::resolve_url(name, entry_url).map(|u| u.href()) else { continue };
        let directory = fetch::load(&directory_url, entry_url, Expect::Directory, timeout_ms).await;
        match directory.as_ref() {
            Ok(Fetched::Directory(directory)) => match directory.record(&key) {
                Ok(Some(record)) => return load_record(&record, entry_url, timeout_ms).await,
                Ok(None) => {}
                Err(error) => notes.push(format!("the index file {directory_url} is unusable: {error}; using the newest articles")),
            },
            Ok(_) => {}
            Err(error) => notes.push(format!("{error}; using the newest articles")),
        }
    }
    load_record(&entry.newest, entry_url, timeout_ms).await
}

async fn load_record(name: &str, entry_url: &str, timeout_ms: u32) -> LoadResult {
    match fetch::resolve_url(name, entry_url) {
        Some(url) => fetch::load(&url.href(), entry_url, Expect::Index, timeout_ms).await,
        None => Rc::new(Err(LoadError::Network { url: name.to_string(), message: "not a URL".into() })),
    }
}
