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
