//! The manifest: its model (the one definition of the format the CLI writes and the widget reads), reading it from
//! the related-news format or a JSON Feed, validating it, and the report of what was wrong on the way.
//!
//! The children depend on each other in one direction: `model` <- `report` <- `validate` <- `jsonfeed` <- `read` <- `record`
//! (the binary form of the sharded index's records);
//! `record` <- `update` (an index entry's changes, merged into a record) <- `sharded` (the index's entry and directories)
//! <- `directory` (the binary form of a directory shard).
//! This module only gathers their public names, so callers write `manifest::Article` or `manifest::parse_str`.

pub mod directory;
pub mod jsonfeed;
pub mod model;
pub mod read;
pub mod record;
pub mod report;
pub mod sharded;
pub mod tag_topics;
pub mod update;
pub mod vector;
pub mod validate;

pub use model::{
    Article, Collection, CollectionDf, Entities, Image, Keyword, Manifest, Site, Topic, FORMAT_VERSION, MAX_ARTICLES, MAX_ID_CHARS, MAX_KEYWORDS,
    MAX_LIST_ITEMS, MAX_MANIFEST_BYTES, MAX_SUMMARY_CHARS, MAX_TERM_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS,
};
pub use read::{feed_loaded, from_value, parse_str, parse_value, start_reading, Loaded, Reading, SourceFormat};
pub use report::{ManifestError, Problem, Report};
