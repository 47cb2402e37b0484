//! The builder's last step: the manifest as JSON bytes, compact or indented, and written so that a site never
//! serves half of it.

use std::path::Path;

use rayon::prelude::*;

use crate::atomic_file::{holds, write_atomically, write_part_if_changed};
use crate::manifest::Manifest;

/// The manifest's JSON: compact for serving, indented for reading in a diff.
pub fn to_json(manifest: &Manifest, pretty: bool) -> Result<Vec<u8>, String> {
    let bytes = if pretty { serde_json::to_vec_pretty(manifest) } else { serde_json::to_vec(manifest) };
    bytes.map_err(|e| format!("cannot serialise the manifest: {e}"))
}

/// Writes the manifest's bytes to `path` atomically: a site never serves half of a manifest.
pub fn write_manifest(path: &Path, json: &[u8]) -> Result<(), String> {
    write_atomically(path, json).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// The index's name in a folder written by `build --out-dir`, where the widget looks for it by default (beside its
/// own script) and where `related`, `explain` and `check` look when given the folder.
pub const FOLDER_INDEX: &str = "manifest.json";

/// What [`write_folder`] wrote.
#[derive(Debug)]
pub struct FolderWritten {
    /// The folder's top-level files written (the manifest, the index's entry, the widget's files), with sizes.
    pub files: Vec<(String, usize)>,
    /// The sharded index's files written, and those already there with the same content (kept as they were).
    pub index_written: usize,
    pub index_unchanged: usize,
    /// Whether the widget's files were among them (false for a CLI built without them).
    pub widget: bool,
}

/// Writes a folder ready to upload: the sharded index's records and directories (a file already there with the
/// same content is left alone, so its name and date stay and caches keep it), the manifest, the widget's files
/// when this binary carries them, and the index's entry last: every file is written atomically, and the entry
/// names only files that are there before it lands. Then the build's state for later rebuilds (`state`, after a
/// full build; see [`super::rebuild`]).
pub fn write_folder(dir: &Path, json: &[u8], index: &super::shards::IndexFiles, state: Option<&[u8]>) -> Result<FolderWritten, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create the folder: {e}", dir.display()))?;
    let write = |name: &str, bytes: &[u8]| -> Result<(), String> {
        let path = dir.join(name);
        if holds(&path, bytes) {
            return Ok(());
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: cannot create the folder: {e}", parent.display()))?;
        }
        write_atomically(&path, bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))
    };
    let (entry, parts) = index.files.split_last().ok_or("an index without an entry")?;
    // The parts (records, directories) are written on all cores, visible whole or not at all but not synced one
    // by one; the entry, which names them, is synced, and written last. Records the build already wrote into the
    // folder as it made them are counted with them.
    let unchanged: Vec<bool> = parts
        .par_iter()
        .map(|(name, bytes)| write_part(dir, name, bytes))
        .collect::<Result<_, String>>()?;
    let unchanged = unchanged.into_iter().chain(index.written_ahead.iter().map(|(_, same)| *same));
    let (index_unchanged, index_written) = unchanged.fold((0, 0), |(same, new), was_there| if was_there { (same + 1, new) } else { (same, new + 1) });
    let mut files = vec![(FOLDER_INDEX.to_string(), json.len())];
    write_manifest(&dir.join(FOLDER_INDEX), json)?;
    let widget = super::widget_files::embedded();
    for (name, bytes) in widget.iter().flatten() {
        write(name, bytes)?;
        files.push((name.to_string(), bytes.len()));
    }
    write(&entry.0, &entry.1)?;
    files.push((entry.0.clone(), entry.1.len()));
    if let Some(state) = state {
        write(super::rebuild::STATE_FILE, state)?;
    }
    Ok(FolderWritten { files, index_written: index_written + 1, index_unchanged, widget: widget.is_some() })
}

/// Writes one of the index's files (`name`, relative to the folder) unless the folder already holds it unchanged;
/// returns whether it did.
fn write_part(dir: &Path, name: &str, bytes: &[u8]) -> Result<bool, String> {
    let path = dir.join(name);
    write_part_if_changed(&path, bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_files(record: &[u8]) -> super::super::shards::IndexFiles {
        super::super::shards::IndexFiles {
            files: vec![("r/1.json".into(), record.to_vec()), ("index.json".into(), b"{}".to_vec())],
            records: 1,
            written_ahead: Vec::new(),
        }
    }

    #[test]
    fn a_folder_holds_the_index_and_the_widget_when_carried() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("related-news");
        let written = write_folder(&target, b"{\"version\":1}", &index_files(b"one"), None).unwrap();
        assert_eq!(written.files[0], (FOLDER_INDEX.to_string(), 13));
        assert_eq!(std::fs::read(target.join(FOLDER_INDEX)).unwrap(), b"{\"version\":1}");
        assert_eq!(std::fs::read(target.join("r/1.json")).unwrap(), b"one");
        assert_eq!(written.widget, super::super::widget_files::embedded().is_some());
        assert_eq!(written.files.len(), if written.widget { 8 } else { 2 });
        assert_eq!(written.files.last().unwrap().0, "index.json", "the entry is written last");
        if written.widget {
            let position = |name: &str| written.files.iter().position(|(written, _)| written == name).unwrap();
            assert!(position("related_news_subscribe_bg.wasm") < position("related_news_subscribe.js"), "an engine before its glue");
            assert!(position("related_news_subscribe.js") < position("related-news.js"), "a module before the loader that imports it");
            assert!(position("related_news_reader_bg.wasm") < position("related_news_reader.js"), "an engine before its glue");
            assert!(position("related_news_reader.js") < position("related-news.js"), "a module before the loader that imports it");
            assert!(position("related_news_bg.wasm") < position("related-news.js"));
        }
        for (name, size) in &written.files {
            assert_eq!(std::fs::metadata(target.join(name)).unwrap().len() as usize, *size);
        }
        assert_eq!((written.index_written, written.index_unchanged), (2, 0));
        // A rebuild leaves an unchanged record alone and rewrites a changed one.
        let again = write_folder(&target, b"{}", &index_files(b"one"), None).unwrap();
        assert_eq!((again.index_written, again.index_unchanged), (1, 1));
        assert_eq!(std::fs::read(target.join(FOLDER_INDEX)).unwrap(), b"{}");
        let changed = write_folder(&target, b"{}", &index_files(b"two"), None).unwrap();
        assert_eq!((changed.index_written, changed.index_unchanged), (2, 0));
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("taken");
        std::fs::write(&file, "x").unwrap();
        let error = write_folder(&file.join("sub"), b"{}", &index_files(b"x"), None).unwrap_err();
        assert!(error.contains("taken") && error.contains("cannot create the folder"), "{error}");
    }
}
