//! Reading the folder `build --out-dir` writes, natively, the way the widget reads it: the entry, then the
//! directory shard that names an article's record (or the entry's own directory, for a small archive), then the
//! record, ranked on its own (a record carries the whole archive's statistics, so its lists are the archive's),
//! with the entry's update merged in, as the widget merges it.
//! `related`, `explain` and `check` use it for a folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::manifest::directory::{self, HashedDirectory};
use crate::manifest::sharded::{self, Directory, Entry};
use crate::manifest::{self};
use crate::rank::{FieldWeights, Index};
use crate::url;

/// A directory shard as a folder holds it: JSON keys (version 4 and before) or hashes of keys (version 5).
#[derive(Debug)]
enum ShardDirectory {
    Json(Directory),
    Hashed(HashedDirectory),
}

impl ShardDirectory {
    /// The records named for `key`: at most one in JSON; in binary, every record named under its hash.
    fn records_of(&self, key: &str) -> Vec<String> {
        match self {
            ShardDirectory::Json(directory) => directory.records.get(key).cloned().into_iter().collect(),
            ShardDirectory::Hashed(directory) => directory.records_of(key),
        }
    }
}

/// A folder's sharded index, with the directories and records read so far (a run over every article meets each
/// directory thousands of times, and each record as many times as its group has articles).
#[derive(Debug)]
pub struct FolderIndex {
    dir: PathBuf,
    entry: Entry,
    directories: Mutex<HashMap<String, Arc<ShardDirectory>>>,
    records: Mutex<HashMap<String, Arc<Index>>>,
}

impl FolderIndex {
    /// Opens the folder's index, or `None` when the folder has no entry file (a folder of an older build).
    pub fn open(dir: &Path) -> Result<Option<FolderIndex>, String> {
        let path = dir.join(sharded::ENTRY_FILE);
        if !path.is_file() {
            return Ok(None);
        }
        let text = read(&path)?;
        let entry = sharded::parse_entry(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Some(FolderIndex { dir: dir.to_path_buf(), entry, directories: Mutex::default(), records: Mutex::default() }))
    }

    /// The folder's index as `entry` describes it: the builder reads the last full build's records this way, through
    /// that build's entry, whatever update the entry file on disk carries now.
    pub fn with_entry(dir: &Path, entry: Entry) -> FolderIndex {
        FolderIndex { dir: dir.to_path_buf(), entry, directories: Mutex::default(), records: Mutex::default() }
    }

    /// The version of the index the entry says it is.
    pub fn version(&self) -> u64 {
        self.entry.version
    }

    /// The record that holds the article with this id (or URL), indexed, and the article's place in it.
    pub fn record_for(&self, id_or_url: &str) -> Result<(Arc<Index>, usize), String> {
        let keys = [id_or_url.to_string(), sharded::url_key(id_or_url)];
        let mut not_held = None;
        for key in keys {
            // An added or changed article's record is named by the entry's update, before any directory.
            if let Some(name) = self.entry.update.as_ref().and_then(|update| update.record_of(&key)) {
                let index = self.record(name)?;
                if let Some(position) = index.find(id_or_url).or_else(|| index.find(&key)) {
                    return Ok((index, position));
                }
            }
            let names = match self.entry.inline_records_of(&key) {
                Some(names) => names,
                None => self.directory(&self.entry.directories[sharded::directory_of(&key, self.entry.directories.len())])?.records_of(&key),
            };
            // A binary directory names records by the key's hash, which another key of its shard may share: the
            // record that holds the article is the one.
            for name in &names {
                let index = self.record(name)?;
                if let Some(position) = index.find(id_or_url).or_else(|| index.find(&key)) {
                    return Ok((index, position));
                }
            }
            not_held = not_held.or(names.into_iter().next());
        }
        Err(match not_held {
            Some(name) => format!("{}: the record {name} does not hold \"{id_or_url}\" (a folder mixing two builds?)", self.dir.display()),
            None => format!("{}: no article \"{id_or_url}\" in its index", self.dir.display()),
        })
    }

    /// Reads the record of the newest articles, which a page the index does not hold is ranked with.
    pub fn newest_record(&self) -> Result<Arc<Index>, String> {
        self.record(&self.entry.newest)
    }

    fn directory(&self, name: &str) -> Result<Arc<ShardDirectory>, String> {
        if let Some(directory) = self.directories.lock().map_err(|_| "a reader thread failed")?.get(name) {
            return Ok(directory.clone());
        }
        let path = self.dir.join(name);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        // Binary since version 5 of the index, told by its first bytes; JSON before.
        let directory = if directory::is_binary(&bytes) {
            HashedDirectory::decode(&bytes).map(ShardDirectory::Hashed).map_err(sharded::ShardError::from)
        } else {
            sharded::parse_directory(&String::from_utf8_lossy(&bytes)).map(ShardDirectory::Json)
        };
        let directory = Arc::new(directory.map_err(|e| format!("{}: {e}", path.display()))?);
        self.directories.lock().map_err(|_| "a reader thread failed")?.insert(name.to_string(), directory.clone());
        Ok(directory)
    }

    fn record(&self, name: &str) -> Result<Arc<Index>, String> {
        if let Some(index) = self.records.lock().map_err(|_| "a reader thread failed")?.get(name) {
            return Ok(index.clone());
        }
        let path = self.dir.join(name);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        // A binary record since version 4 of the index; a JSON one before.
        let mut loaded = manifest::record::parse_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(update) = &self.entry.update {
            update.apply(&mut loaded.manifest).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        let site_folder = loaded.manifest.site.url.as_deref().map(url::as_folder);
        let index = Arc::new(Index::build(loaded.manifest, FieldWeights::default(), &|href: &str| {
            url::resolve(site_folder.as_deref(), href)
        }));
        self.records.lock().map_err(|_| "a reader thread failed")?.insert(name.to_string(), index.clone());
        Ok(index)
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}
