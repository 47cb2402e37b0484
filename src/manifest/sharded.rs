//! The sharded index that `build --out-dir` writes, so a page view downloads a bounded part of the archive: an entry
//! file (`index.json`, the one fixed name), directory shards that say which record holds an article, and records.
//! A record holds a manifest's model (binary since version 4, [`super::record`]; JSON before, read by
//! [`super::parse_str`]): a few articles with their nearest
//! candidates, the newest articles of their languages, and the whole archive's term statistics, so ranking inside
//! it gives the lists the whole archive gives. Every file but the entry has a content-hashed name.
//!
//! This module defines the entry and the directories, how keys are hashed into directories, and reads both
//! strictly (a file that is not what it should be is refused whole, with what is wrong and where). Since version 3
//! an entry may carry an update ([`super::update`]): the articles changed since the records were written.

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use super::directory::{DirectoryError, HashedDirectory};
use super::update::Update;
use crate::json_view::JsonView;
use crate::sorted_map::SortedMap;
use crate::url;

/// The entry's name in the folder: what the widget looks for beside its script.
pub const ENTRY_FILE: &str = "index.json";
/// The entry's `format` field, which tells it from a manifest or a JSON Feed.
pub const ENTRY_FORMAT: &str = "related-news-index";
/// The version this code writes. Version 2's records carry each article's term weights (see
/// [`crate::manifest::Article::vector`]); version 3's entry may carry an update; version 4's records are binary
/// ([`super::record`]), which a widget of version 3 could not read, so it refuses the entry with a clear warning;
/// version 5's directory shards are binary ([`super::directory`]); version 6's entry carries a small archive's one
/// directory in that binary form too ([`Entry::directory`]), which a widget of version 5 could not find; version 7's
/// entry names its shards by 4 bytes each ([`shard_name`], written as `shards`). A reader still reads version 1, whose records
/// carry keywords, and tells a record's form and a shard's by their first bytes.
pub const ENTRY_VERSION: u64 = 7;

/// The oldest version the widget reads (the command line reads them all): version 6 made every directory binary,
/// the entry's own too, so the widget carries no JSON directory reader (0.9 KB gzipped that every reader
/// downloaded). A site's folder holds its widget and its index from one build; an index written before version 6,
/// met by a newer widget, is refused with a warning that says to rebuild it.
pub const WIDGET_OLDEST_VERSION: u64 = 6;

/// The entry file.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub format: String,
    pub version: u64,
    /// How many articles the archive has.
    pub articles: u32,
    /// The directory shards, by number: a key is in `directories[directory_of(key, directories.len())]`. Empty when
    /// the archive is small enough for one directory, which the entry then holds itself ([`Entry::directory`]).
    /// Names of [`shard_name`]'s form are written as `shards`, 4 bytes each; others (before version 7) as a list.
    pub directories: Vec<String>,
    /// A small archive's only directory, inline, as JSON (versions 1 to 5: still read, no longer written).
    pub records: Option<SortedMap<String, String>>,
    /// A small archive's only directory, inline (version 6): the page's record is found without another request.
    /// Written as a binary directory in base64, so a key costs the entry its hash, not its text: with addresses
    /// of a real news site's length (a dated path and a title slug, 60 to 90 characters), the entry of 1,000
    /// articles is 9.1 KB gzipped, where it took 36.0 KB with its directory as JSON.
    pub directory: Option<HashedDirectory>,
    /// The record of the newest articles, for a page that is not in the index.
    pub newest: String,
    /// The articles added, changed and removed since the records were written (by a rebuild that changed little).
    /// Shared, not copied, by every record a page loads.
    pub update: Option<std::sync::Arc<Update>>,
}

/// The entry as JSON: fields that are absent are left out, the shards' names are packed when they allow it, and the
/// inline directory is a binary directory in base64.
impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("format", &self.format)?;
        map.serialize_entry("version", &self.version)?;
        map.serialize_entry("articles", &self.articles)?;
        // An entry that holds its directory names no shards.
        match packed_shard_names(&self.directories) {
            Some(packed) => map.serialize_entry("shards", &packed)?,
            None if self.directories.is_empty() && (self.directory.is_some() || self.records.is_some()) => {}
            None => map.serialize_entry("directories", &self.directories)?,
        }
        if let Some(records) = &self.records {
            map.serialize_entry("records", records)?;
        }
        if let Some(directory) = &self.directory {
            map.serialize_entry("directory", &crate::base64::encode(&directory.encode()))?;
        }
        map.serialize_entry("newest", &self.newest)?;
        if let Some(update) = &self.update {
            map.serialize_entry("update", update)?;
        }
        map.end()
    }
}

/// The name of directory shard number `place` (from 0) with these bytes: `d/`, the place in hex, `-`, 8 hex digits
/// of the bytes' hash, `.bin`. The place keeps names unique; the hash changes with the content (a changed shard
/// keeps its old name once in 4 billion changes), so CDNs can cache shards for ever. An entry names each shard by
/// the 4 bytes of that hash alone (version 7): 1,024 shards take about 4 KB of it gzipped, where names of 16 hex
/// digits took 11.
pub fn shard_name(place: usize, bytes: &[u8]) -> String {
    shard_file_name(place, (content_hash(bytes) >> 32) as u32)
}

fn shard_file_name(place: usize, hash: u32) -> String {
    let mut name = String::from("d/");
    // The place in as few hex digits as it takes (one for 0).
    let digits = (64 - (place as u64).leading_zeros()).div_ceil(4).max(1);
    crate::hash::push_hex(&mut name, place as u64, digits);
    name.push('-');
    crate::hash::push_hex(&mut name, u64::from(hash), 8);
    name.push_str(".bin");
    name
}

/// The hash in the name of shard number `place`, if the name is [`shard_name`]'s.
fn shard_hash(place: usize, name: &str) -> Option<u32> {
    let hash = crate::hash::parse_hex(name.strip_suffix(".bin")?.rsplit('-').next()?, 8)? as u32;
    (shard_file_name(place, hash) == name).then_some(hash)
}

/// The shards' names as an entry of version 7 writes them (the 4 bytes of each one's hash, little-endian, in
/// base64), if every name is of [`shard_name`]'s form; `None` for none, or for names of older builds.
fn packed_shard_names(names: &[String]) -> Option<String> {
    if names.is_empty() {
        return None;
    }
    let mut bytes = Vec::with_capacity(names.len() * 4);
    for (place, name) in names.iter().enumerate() {
        bytes.extend_from_slice(&shard_hash(place, name)?.to_le_bytes());
    }
    Some(crate::base64::encode(&bytes))
}

/// The shards' names from an entry's `shards` (see [`packed_shard_names`]).
fn unpacked_shard_names(packed: &str) -> Result<Vec<String>, ShardError> {
    let bad = |why: &str| ShardError::BadField { field: "shards".into(), why: why.into() };
    let bytes = crate::base64::decode(packed).ok_or_else(|| bad("not base64"))?;
    if bytes.is_empty() || bytes.len() % 4 != 0 || bytes.len() / 4 > MAX_SHARDS {
        return Err(bad("not 1 to 65,536 hashes of 4 bytes"));
    }
    Ok(bytes.chunks_exact(4).enumerate().map(|(place, hash)| shard_file_name(place, u32::from_le_bytes([hash[0], hash[1], hash[2], hash[3]]))).collect())
}

/// The most directory shards an entry may name.
const MAX_SHARDS: usize = 65_536;

impl Entry {
    /// The records the entry's own directory names for `key` (in binary, every record named under the key's hash),
    /// or `None` when the archive's directories are shards.
    pub fn inline_records_of(&self, key: &str) -> Option<Vec<String>> {
        match (&self.directory, &self.records) {
            (Some(directory), _) => Some(directory.records_of(key)),
            (None, Some(records)) => Some(records.get(key).cloned().into_iter().collect()),
            (None, None) => None,
        }
    }
}

/// A directory shard: the record of each article, by id and by the path of its URL.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Directory {
    pub records: BTreeMap<String, String>,
}

/// What is wrong with an entry or directory file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShardError {
    #[error("not valid JSON at line {line}, column {column}")]
    NotJson { line: usize, column: usize },
    /// Not valid JSON, as a JSON parser without positions (the browser's) says.
    #[error("not valid JSON ({message})")]
    Unparsable { message: String },
    #[error("not a related-news index entry (no \"format\": \"{ENTRY_FORMAT}\")")]
    NotAnEntry,
    #[error("index version {found} is newer than this widget reads ({ENTRY_VERSION})")]
    UnsupportedVersion { found: String },
    #[error("index version {found} is older than this widget reads ({WIDGET_OLDEST_VERSION} to {ENTRY_VERSION}): rebuild the index with `related-news build`")]
    OlderThanWidgetReads { found: u64 },
    #[error("{field}: {why}")]
    BadField { field: String, why: String },
    /// A binary directory ([`super::directory`]) whose bytes do not follow the layout.
    #[error(transparent)]
    BadDirectory(#[from] DirectoryError),
}

/// A stable 64-bit hash of some bytes (FNV-1a), for names and fingerprints that must not change between runs.
pub fn content_hash(bytes: &[u8]) -> u64 {
    crate::hash::fnv1a64(bytes)
}

/// The hash that places a key in a directory.
pub fn key_hash(key: &str) -> u64 {
    crate::hash::fnv1a64(key.as_bytes())
}

/// The directory a key belongs in, of `count`.
pub fn directory_of(key: &str, count: usize) -> usize {
    if count == 0 {
        return 0;
    }
    (key_hash(key) % count as u64) as usize
}

/// The key of an article's URL in the directories: its path (with query), as [`url::page_key`] compares pages, so
/// the canonical URL of a page finds its record whatever host or relative form the index was built with; encoded as
/// browsers encode it ([`url::encoded_as_browsers_do`]), so a feed's `/новости/...` finds the page whose address
/// the browser gives as `/%D0%BD...`.
pub fn url_key(address: &str) -> String {
    let absolute = url::resolve(Some("https://site.invalid/"), address);
    let key = url::page_key(&absolute);
    let path = match url::scheme_separator(&key) {
        Some(scheme_end) => match key.get(scheme_end + 3..).and_then(|rest| rest.find('/')) {
            Some(path_start) => key.get(scheme_end + 3 + path_start..).unwrap_or_default(),
            None => "/",
        },
        None => &key,
    };
    url::encoded_as_browsers_do(path)
}

/// A content-hashed file name: `prefix/`, 16 hex digits of the bytes' hash and `.extension` (`json` for a
/// directory, `bin` for a binary record).
pub fn hashed_name(prefix: &str, extension: &str, bytes: &[u8]) -> String {
    let mut name = format!("{prefix}/");
    crate::hash::push_hex(&mut name, content_hash(bytes), 16);
    name.push('.');
    name.push_str(extension);
    name
}

/// Whether a file name from an index is one this format writes: relative, in the folder, plain characters.
fn is_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && !name.starts_with('/')
        && !name.as_bytes().windows(2).any(|pair| pair == b"..")
        && !name.split('/').any(|part| part.is_empty() || part == ".")
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-'))
}

fn parse_json(text: &str) -> Result<Value, ShardError> {
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| ShardError::NotJson { line: e.line(), column: e.column() })
}

fn file_name<J: JsonView>(value: Option<J>, field: &str) -> Result<String, ShardError> {
    checked_file_name(value.and_then(|v| v.text()).as_deref(), || field.to_string())
}

/// A name from an index file, checked to be a file of the folder; `field` says where it was, for the error.
fn checked_file_name(name: Option<&str>, field: impl FnOnce() -> String) -> Result<String, ShardError> {
    match name {
        Some(name) if is_file_name(name) => Ok(name.to_string()),
        Some(_) => Err(ShardError::BadField { field: field(), why: "not a file name of this folder".into() }),
        None => Err(ShardError::BadField { field: field(), why: "missing".into() }),
    }
}

/// Whether a parsed document (from either parser, see [`JsonView`]) is an index entry rather than a manifest or a
/// JSON Feed.
pub fn is_entry<J: JsonView>(value: &J) -> bool {
    value.field("format").and_then(|f| f.text()).as_deref() == Some(ENTRY_FORMAT)
}

/// Reads an entry file.
pub fn parse_entry(text: &str) -> Result<Entry, ShardError> {
    entry_from_value(&parse_json(text)?)
}

/// Reads an entry already parsed as JSON, by `serde_json` or (in the widget) the browser: see [`JsonView`].
pub fn entry_from_value<J: JsonView>(value: J) -> Result<Entry, ShardError> {
    if !is_entry(&value) {
        return Err(ShardError::NotAnEntry);
    }
    let version = match value.field("version").and_then(|v| v.count()) {
        Some(version @ 1..=ENTRY_VERSION) => version,
        other => return Err(ShardError::UnsupportedVersion { found: other.map_or_else(|| "(missing)".into(), |v| v.to_string()) }),
    };
    let articles = value
        .field("articles")
        .and_then(|n| n.count())
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| ShardError::BadField { field: "articles".into(), why: "not a count".into() })?;
    let records = match value.field("records") {
        None => None,
        Some(records) => Some(read_records(records.members().ok_or_else(records_not_an_object)?)?),
    };
    let directory = match value.field("directory") {
        None => None,
        Some(text) => Some(inline_directory(text.text().as_deref())?),
    };
    let inline = records.is_some() || directory.is_some();
    if records.is_some() && directory.is_some() {
        return Err(ShardError::BadField { field: "directory".into(), why: "given beside \"records\"".into() });
    }
    // The shards' names: packed (version 7), or a list (before).
    let directories = match (value.field("shards"), value.field("directories").map(|list| list.items())) {
        (Some(_), Some(_)) => return Err(ShardError::BadField { field: "shards".into(), why: "given beside \"directories\"".into() }),
        (Some(packed), None) => unpacked_shard_names(&packed.text().ok_or_else(|| ShardError::BadField { field: "shards".into(), why: "not a string".into() })?)?,
        (None, Some(Some(list))) if list.len() <= MAX_SHARDS => {
            list.into_iter().enumerate().map(|(i, name)| file_name(Some(name), &format!("directories[{i}]"))).collect::<Result<Vec<_>, _>>()?
        }
        (None, Some(Some(list))) => return Err(ShardError::BadField { field: "directories".into(), why: format!("{} entries", list.len()) }),
        (None, None) if inline => Vec::new(),
        _ => return Err(ShardError::BadField { field: "directories".into(), why: "not a list".into() }),
    };
    // Directory shards or the one directory inline: one of the two, never both or neither.
    if directories.is_empty() != inline {
        let field = if value.field("shards").is_some() { "shards" } else { "directories" };
        let why = if inline { "given beside an inline directory" } else { "0 entries" };
        return Err(ShardError::BadField { field: field.into(), why: why.into() });
    }
    let newest = file_name(value.field("newest"), "newest")?;
    let update = value.field("update").map(read_update).transpose()?.map(std::sync::Arc::new);
    Ok(Entry { format: ENTRY_FORMAT.into(), version, articles, directories, records, directory, newest, update })
}

/// An entry's inline binary directory, from its base64 text.
fn inline_directory(text: Option<&str>) -> Result<HashedDirectory, ShardError> {
    let bad = |why: &str| ShardError::BadField { field: "directory".into(), why: why.into() };
    let bytes = crate::base64::decode(text.ok_or_else(|| bad("not a string"))?).ok_or_else(|| bad("not base64"))?;
    HashedDirectory::decode(&bytes).map_err(|error| bad(&error.to_string()))
}

/// Reads an entry's update: the records it names are checked as a directory's are, and its articles must all be
/// usable (an update is the builder's own output, so a skipped article means a damaged file).
fn read_update<J: JsonView>(value: J) -> Result<Update, ShardError> {
    let bad = |field: &str, why: String| ShardError::BadField { field: format!("update.{field}"), why };
    let records = match value.field("records").and_then(|records| records.members()) {
        Some(members) => read_records(members)?,
        None => return Err(bad("records", "not an object".into())),
    };
    let removed = match value.field("removed").map(|ids| ids.items()) {
        None => Vec::new(),
        Some(Some(ids)) => ids.iter().map(JsonView::text).collect::<Option<Vec<_>>>().ok_or_else(|| bad("removed", "not a list of ids".into()))?,
        Some(None) => return Err(bad("removed", "not a list of ids".into())),
    };
    let record = value.field("record").ok_or_else(|| bad("record", "missing".into()))?;
    // A binary record in base64 since version 4; a JSON record before, which only the CLI still reads (the
    // widget carries no JSON manifest reader for it: such an entry is refused with this warning, and the widget
    // ranks with what is at hand).
    let loaded = match record.text() {
        Some(text) => {
            let bytes = crate::base64::decode(&text).ok_or_else(|| bad("record", "not base64".into()))?;
            super::record::decode(&bytes)
        }
        None => json_record(&record).ok_or_else(|| bad("record", "a JSON record (version 3), which only the command line reads; rebuild the index".into()))?,
    }
    .map_err(|e| bad("record", e.to_string()))?;
    if let Some(problem) = loaded.report.skipped.first().or(loaded.report.warnings.first()) {
        return Err(bad("record", problem.to_string()));
    }
    if !matches!(loaded.manifest.collection.as_ref().map(|c| &c.df), Some(super::CollectionDf::InTermOrder { .. })) {
        return Err(bad("record", "no term list".into()));
    }
    Ok(Update { records, removed, record: loaded.manifest })
}

/// A version-3 update's JSON record, read where the document came from `serde_json` (the command line); `None`
/// for the browser's parse, which the widget reads with no JSON manifest reader.
fn json_record<J: JsonView>(record: &J) -> Option<Result<super::Loaded, super::ManifestError>> {
    record.as_serde().map(|value| super::read::from_value(value.clone()))
}

/// What a directory's `records` object must be, for the readers that check it themselves (the widget looks one key
/// up in the browser's parse of the file rather than reading every key).
pub fn records_not_an_object() -> ShardError {
    ShardError::BadField { field: "records".into(), why: "not an object".into() }
}

/// The record a directory names for `key`, checked: `name` is what the directory holds under the key (`None`:
/// something that is not a string).
pub fn record_name(key: &str, name: Option<&str>) -> Result<String, ShardError> {
    checked_file_name(name, || format!("records[\"{}\"]", crate::text::truncate_chars(key, 40)))
}

/// Reads a directory shard, every key checked.
pub fn parse_directory(text: &str) -> Result<Directory, ShardError> {
    let value = parse_json(text)?;
    let members = (&value).field("records").and_then(|records| records.members()).ok_or_else(records_not_an_object)?;
    Ok(Directory { records: read_records(members)? })
}

/// A directory's `records` (a shard's, or an entry's inline one), every key checked.
fn read_records<J: JsonView, M: FromIterator<(String, String)>>(members: Vec<(String, J)>) -> Result<M, ShardError> {
    members
        .into_iter()
        .map(|(key, name)| {
            let name = record_name(&key, name.text().as_deref())?;
            Ok((key, name))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_hash_the_same_everywhere() {
        // Fixed values: the builder and every widget must agree on them.
        assert_eq!(key_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(key_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(directory_of("kerry-basel-2014", 1), 0);
        assert!(directory_of("kerry-basel-2014", 8) < 8);
        assert_eq!(directory_of("x", 0), 0);
    }

    #[test]
    fn url_keys_are_paths() {
        assert_eq!(url_key("https://News.example/a/b/"), "/a/b");
        assert_eq!(url_key("/a/b/index.html"), "/a/b");
        assert_eq!(url_key("a/b?x=1#top"), "/a/b?x=1");
        assert_eq!(url_key("https://news.example"), "/");
        // A feed's raw Cyrillic path and the browser's encoded address are one key.
        assert_eq!(url_key("https://x.org/новости/статья-1/"), url_key("https://x.org/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/%d1%81%d1%82%d0%b0%d1%82%d1%8c%d1%8f-1"));
        assert_eq!(url_key("/новости/a"), "/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/a");
    }

    #[test]
    fn entries_are_read_strictly() {
        let good = r#"{"format":"related-news-index","version":1,"articles":3,"directories":["d/0.json"],"newest":"r/n.json"}"#;
        let entry = parse_entry(good).unwrap();
        assert_eq!(entry.directories, ["d/0.json"]);
        assert!(is_entry(&&serde_json::from_str::<Value>(good).unwrap()));
        assert!(!is_entry(&&serde_json::from_str::<Value>(r#"{"version":1,"articles":[]}"#).unwrap()));
        assert!(matches!(parse_entry("{"), Err(ShardError::NotJson { .. })));
        assert_eq!(parse_entry(r#"{"version":1,"articles":[]}"#), Err(ShardError::NotAnEntry));
        assert_eq!(parse_entry(&good.replace("\"version\":1", "\"version\":2")).map(|e| e.version), Ok(2));
        assert_eq!(parse_entry(&good.replace("\"version\":1", "\"version\":3")).map(|e| e.version), Ok(3));
        assert_eq!(parse_entry(&good.replace("\"version\":1", "\"version\":5")).map(|e| e.version), Ok(5));
        assert_eq!(parse_entry(&good.replace("\"version\":1", "\"version\":6")).map(|e| e.version), Ok(6));
        assert_eq!(parse_entry(&good.replace("\"version\":1", "\"version\":7")).map(|e| e.version), Ok(7));
        assert!(matches!(parse_entry(&good.replace("\"version\":1", "\"version\":8")), Err(ShardError::UnsupportedVersion { .. })));
        for bad in ["../d/0.json", "/d/0.json", "https://evil.example/x.json", "d//0.json", "", "d/0..json", "d/./0.json"] {
            let text = good.replace("d/0.json", bad);
            assert!(matches!(parse_entry(&text), Err(ShardError::BadField { .. })), "{bad}");
        }
        assert!(parse_entry(&good.replace("[\"d/0.json\"]", "[]")).is_err());
        // A small archive's one directory, inline, in place of the shards.
        let inline = good.replace(r#""directories":["d/0.json"]"#, r#""records":{"a":"r/1.json","/a":"r/1.json"}"#);
        let entry = parse_entry(&inline).unwrap();
        assert!(entry.directories.is_empty());
        assert_eq!(entry.records.as_ref().map(|r| r["/a"].as_str()), Some("r/1.json"));
        let both = good.replace(r#""directories":"#, r#""records":{"a":"r/1.json"},"directories":"#);
        assert!(matches!(parse_entry(&both), Err(ShardError::BadField { .. })), "shards and an inline directory");
        assert!(parse_entry(&inline.replace("r/1.json", "../x")).is_err());
        assert!(parse_entry(&inline.replace(r#"{"a":"r/1.json","/a":"r/1.json"}"#, "[]")).is_err());
    }

    #[test]
    fn an_inline_binary_directory_is_read_strictly_and_written_as_it_is_read() {
        let directory = HashedDirectory::from_keys([("a", "r/0a3c574dfeeb34ad.bin"), ("/a", "r/0a3c574dfeeb34ad.bin")]).unwrap();
        let entry = Entry {
            format: ENTRY_FORMAT.into(),
            version: ENTRY_VERSION,
            articles: 1,
            directories: Vec::new(),
            records: None,
            directory: Some(directory.clone()),
            newest: "r/5e1f0c2d9a7b3e44.bin".into(),
            update: None,
        };
        let text = serde_json::to_string(&entry).unwrap();
        let encoded = crate::base64::encode(&directory.encode());
        assert!(text.contains(&format!(r#""directory":"{encoded}""#)) && !text.contains("records") && !text.contains("directories"), "{text}");
        let read = parse_entry(&text).unwrap();
        assert_eq!(read, entry);
        assert_eq!(read.inline_records_of("/a"), Some(vec!["r/0a3c574dfeeb34ad.bin".to_string()]));
        assert_eq!(read.inline_records_of("/b"), Some(Vec::new()));
        // Not a string, not base64, damaged bytes (cut short), or beside a JSON directory or shards.
        let bad_field = |text: &str| match parse_entry(text) {
            Err(ShardError::BadField { field, why }) => (field, why),
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(bad_field(&text.replace(&format!(r#""{encoded}""#), "7")).1, "not a string");
        assert_eq!(bad_field(&text.replace(&encoded, "!")).1, "not base64");
        let (field, why) = bad_field(&text.replace(&encoded, &crate::base64::encode(&directory.encode()[..9])));
        assert!(field == "directory" && why.starts_with("the directory is damaged: "), "{why}");
        assert_eq!(bad_field(&text.replace(r#""directory":"#, r#""records":{"a":"r/1.bin"},"directory":"#)).0, "directory");
        assert_eq!(bad_field(&text.replace(r#""newest""#, r#""directories":["d/0.bin"],"newest""#)).0, "directories");
    }

    #[test]
    fn shards_are_named_by_place_and_hash_and_packed_in_the_entry() {
        let names: Vec<String> = (0..20).map(|place| shard_name(place, format!("shard {place}").as_bytes())).collect();
        assert!(names[0].starts_with("d/0-") && names[19].starts_with("d/13-") && names.iter().all(|n| is_file_name(n) && n.ends_with(".bin")), "{names:?}");
        assert_eq!(shard_name(3, b"x"), shard_name(3, b"x"));
        assert_ne!(shard_name(3, b"x"), shard_name(3, b"y"));
        let entry = Entry {
            format: ENTRY_FORMAT.into(),
            version: ENTRY_VERSION,
            articles: 5000,
            directories: names.clone(),
            records: None,
            directory: None,
            newest: "r/5e1f0c2d9a7b3e44.bin".into(),
            update: None,
        };
        let text = serde_json::to_string(&entry).unwrap();
        let packed = crate::base64::encode(&names.iter().enumerate().flat_map(|(place, name)| shard_hash(place, name).unwrap().to_le_bytes()).collect::<Vec<u8>>());
        assert!(text.contains(&format!(r#""shards":"{packed}""#)) && !text.contains("directories"), "{text}");
        assert_eq!(parse_entry(&text).unwrap(), entry);
        // Names of an older build (16 hex digits, or a place out of order) stay a list, read as before.
        for other in [vec!["d/a31a16d52736033a.bin".to_string()], vec![names[1].clone(), names[0].clone()]] {
            let older = Entry { directories: other.clone(), ..entry.clone() };
            let text = serde_json::to_string(&older).unwrap();
            assert!(text.contains(r#""directories":["#) && !text.contains("shards"), "{text}");
            assert_eq!(parse_entry(&text).unwrap().directories, other);
        }
        // Not a string, not base64, not whole hashes, none, or beside a list or an inline directory.
        let bad_field = |text: &str| match parse_entry(text) {
            Err(ShardError::BadField { field, why }) => format!("{field}: {why}"),
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(bad_field(&text.replace(&format!(r#""{packed}""#), "[]")), "shards: not a string");
        assert_eq!(bad_field(&text.replace(&packed, "!")), "shards: not base64");
        assert_eq!(bad_field(&text.replace(&packed, &packed[..10])), "shards: not 1 to 65,536 hashes of 4 bytes");
        assert_eq!(bad_field(&text.replace(&packed, "")), "shards: not 1 to 65,536 hashes of 4 bytes");
        assert_eq!(bad_field(&text.replace(r#""shards":"#, r#""directories":[],"shards":"#)), "shards: given beside \"directories\"");
        let with_inline = text.replace(r#""newest""#, r#""records":{"a":"r/1.bin"},"newest""#);
        assert_eq!(bad_field(&with_inline), "shards: given beside an inline directory");
    }

    #[test]
    fn an_entry_update_is_read_strictly() {
        let record = r#"{"version":1,"articles":[{"id":"n","url":"/n","title":"New","vector":"AAAAgD8","title_key":"new"}],"collection":{"articles":4,"terms":["flood"],"df":[2]}}"#;
        let entry = |update: &str| {
            format!(r#"{{"format":"related-news-index","version":3,"articles":4,"directories":["d/0.json"],"newest":"r/n.json","update":{update}}}"#)
        };
        let good = entry(&format!(r#"{{"records":{{"n":"r/u.json","/n":"r/u.json"}},"removed":["old"],"record":{record}}}"#));
        let read = parse_entry(&good).unwrap();
        let update = read.update.as_ref().unwrap();
        assert_eq!((update.record_of("/n"), update.removed.as_slice()), (Some("r/u.json"), ["old".to_string()].as_slice()));
        assert_eq!(update.record.articles[0].vector, [(0, 1.0)]);
        // Written back (the record as a binary record in base64, as version 4 writes it), it reads the same.
        let written = serde_json::to_string(&read).unwrap();
        let encoded = crate::base64::encode(&super::super::record::encode(&update.record));
        assert!(written.contains(&format!(r#""record":"{encoded}""#)), "{written}");
        // The binary record carries the title key's hash; the rest reads back as it was.
        let reread = parse_entry(&written).unwrap();
        let mut expected = (**update).clone();
        expected.record.articles[0].title_key = Some(super::super::record::hashed_title_key("new"));
        assert_eq!(reread.update.as_deref(), Some(&expected));
        assert_eq!(Entry { update: None, ..reread.clone() }, Entry { update: None, ..read.clone() });
        // Not base64, or base64 of bytes that are not a record.
        for bad in ["!", &encoded[..encoded.len() - 3], "AAAA"] {
            match parse_entry(&written.replace(&encoded, bad)) {
                Err(ShardError::BadField { field, .. }) => assert_eq!(field, "update.record", "{bad}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
        for (bad, field) in [
            (format!(r#"{{"records":[],"record":{record}}}"#), "update.records"),
            (format!(r#"{{"records":{{"n":"../x"}},"record":{record}}}"#), "records[\"n\"]"),
            (format!(r#"{{"records":{{}},"removed":[1],"record":{record}}}"#), "update.removed"),
            (r#"{"records":{}}"#.to_string(), "update.record"),
            (r#"{"records":{},"record":{"version":1,"articles":[]}}"#.to_string(), "update.record"),
            (format!(r#"{{"records":{{}},"record":{}}}"#, record.replace("AAAAgD8", "!")), "update.record"),
        ] {
            match parse_entry(&entry(&bad)) {
                Err(ShardError::BadField { field: named, .. }) => assert_eq!(named, field, "{bad}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn directories_are_read_strictly() {
        let dir = parse_directory(r#"{"records":{"a":"r/1.json","/a":"r/1.json"}}"#).unwrap();
        assert_eq!(dir.records["/a"], "r/1.json");
        assert!(parse_directory(r#"{"records":{"a":"../x"}}"#).is_err());
        assert!(parse_directory(r#"{"records":[]}"#).is_err());
    }

    #[test]
    fn hashed_names_follow_the_bytes() {
        assert_eq!(hashed_name("r", "bin", b"x"), hashed_name("r", "bin", b"x"));
        assert_ne!(hashed_name("r", "bin", b"x"), hashed_name("r", "bin", b"y"));
        assert!(is_file_name(&hashed_name("r", "bin", b"x")));
    }
}
