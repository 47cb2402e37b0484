//! The builder's last step: the manifest as JSON bytes, compact or indented, and written so that a site never
//! serves half of it.

use std::path::Path;

use crate::atomic_file::write_atomically;
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
    /// The files written, index first.
    pub files: Vec<(String, usize)>,
    /// Whether the widget's files were among them (false for a CLI built without them).
    pub widget: bool,
}

/// Writes a folder ready to upload: the index first, then the widget's files when this binary carries them. Each
/// file is written atomically; the index goes first because a reader meeting a new widget with an old index still
/// gets a panel, and the loader's name never changes.
pub fn write_folder(dir: &Path, json: &[u8]) -> Result<FolderWritten, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create the folder: {e}", dir.display()))?;
    let mut files = vec![(FOLDER_INDEX.to_string(), json.len())];
    write_manifest(&dir.join(FOLDER_INDEX), json)?;
    let widget = super::widget_files::embedded();
    for (name, bytes) in widget.iter().flatten() {
        let path = dir.join(name);
        write_atomically(&path, bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
        files.push((name.to_string(), bytes.len()));
    }
    Ok(FolderWritten { files, widget: widget.is_some() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_holds_the_index_and_the_widget_when_carried() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("related-news");
        let written = write_folder(&target, b"{\"version\":1}").unwrap();
        assert_eq!(written.files[0], (FOLDER_INDEX.to_string(), 13));
        assert_eq!(std::fs::read(target.join(FOLDER_INDEX)).unwrap(), b"{\"version\":1}");
        assert_eq!(written.widget, super::super::widget_files::embedded().is_some());
        assert_eq!(written.files.len(), if written.widget { 3 } else { 1 });
        for (name, size) in &written.files {
            assert_eq!(std::fs::metadata(target.join(name)).unwrap().len() as usize, *size);
        }
        // Writing again over the same folder works (a rebuild).
        write_folder(&target, b"{}").unwrap();
        assert_eq!(std::fs::read(target.join(FOLDER_INDEX)).unwrap(), b"{}");
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("taken");
        std::fs::write(&file, "x").unwrap();
        let error = write_folder(&file.join("sub"), b"{}").unwrap_err();
        assert!(error.contains("taken") && error.contains("cannot create the folder"), "{error}");
    }
}
