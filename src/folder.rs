//! Reading the folder `build --out-dir` writes, natively, the way the widget reads it: the entry, then the
//! directory shard that names an article's record (or the entry's own directory, for a small archive), then the
//! record, ranked on its own (a record carries the whole archive's statistics, so its lists are the archive's),
//! with the entry's update merged in, as the widget merges it.
//! `related`, `explain` and `check` use it for a folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::manifest::sharded::{self, Directory, Entry};
use crate::manifest::{self};
use crate::rank::{FieldWeights, Index};
use crate::url;

/// A folder's sharded index, with the directories and records read so far (a run over every article meets each
/// directory thousands of times, and each record as many times as its group has articles).
#[derive(Debug)]
pub struct FolderIndex {
    dir: PathBuf,
    entry: Entry,
    directories: Mutex<HashMap<String, Arc<Directory>>>,
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

    /// The record that holds the article with this id (or URL), indexed, and the article's place in it.
    pub fn record_for(&self, id_or_url: &str) -> Result<(Arc<Index>, usize), String> {
        let keys = [id_or_url.to_string(), sharded::url_key(id_or_url)];
        for key in keys {
            // An added or changed article's record is named by the entry's update, before any directory.
            if let Some(name) = self.entry.update.as_ref().and_then(|update| update.record_of(&key)) {
                let index = self.record(name)?;
                if let Some(position) = index.find(id_or_url).or_else(|| index.find(&key)) {
                    return Ok((index, position));
                }
            }
            let shard;
            let records = match &self.entry.records {
                Some(inline) => inline,
                None => {
                    shard = self.directory(&self.entry.directories[sharded::directory_of(&key, self.entry.directories.len())])?;
                    &shard.records
                }
            };
            if let Some(name) = records.get(&key) {
                let index = self.record(name)?;
                let position = index.find(id_or_url).or_else(|| index.find(&key)).ok_or_else(|| {
                    format!("{}: the record {name} does not hold \"{id_or_url}\" (a folder mixing two builds?)", self.dir.display())
                })?;
                return Ok((index, position));
            }
        }
        Err(format!("{}: no article \"{id_or_url}\" in its index", self.dir.display()))
    }

    fn directory(&self, name: &str) -> Result<Arc<Directory>, String> {
        if let Some(directory) = self.directories.lock().map_err(|_| "a reader thread failed")?.get(name) {
            return Ok(directory.clone());
        }
        let path = self.dir.join(name);
        let directory = Arc::new(sharded::parse_directory(&read(&path)?).map_err(|e| format!("{}: {e}", path.display()))?);
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
