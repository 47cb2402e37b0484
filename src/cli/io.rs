//! What every subcommand reads and writes alike: input files with their name in errors, the output in one go.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::builder::write;

/// Writes a command's output. A reader that stops early (`related-news explain ... | head`) closes the pipe: that
/// is not an error, and there is nobody left to tell, so it ends the command quietly.
pub(super) fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("standard output: {e}")),
        _ => Ok(()),
    }
}

pub(super) fn read_file(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

/// A file's bytes, for a reader that tells a binary record from text.
pub(super) fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

/// The manifest a command reads: the file itself, or the index in a folder written by `build --out-dir`.
pub(super) fn manifest_path(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join(write::FOLDER_INDEX)
    } else {
        path.to_path_buf()
    }
}
