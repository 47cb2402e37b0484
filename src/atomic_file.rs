//! Writing a file so that readers see either the old contents or the whole new ones, never half of them.

use std::io::Write;
use std::path::Path;

/// Writes through a temporary file in the same folder, synced, then renamed over `path`; a failed or interrupted
/// write leaves whatever was there before. The manifest builder and the e-mail outbox both rely on it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".into());
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)?;
        // The rename itself survives a crash only once the folder is synced. Some platforms cannot open a folder
        // for syncing; there the rename is as durable as the file system makes it.
        if let Ok(folder) = std::fs::File::open(dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("related-news-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("out.txt");
        write_atomically(&path, b"first").expect("write");
        write_atomically(&path, b"second").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"second");
        let names: Vec<_> = std::fs::read_dir(&dir).expect("list").filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(write_atomically(&dir.join("missing/out.txt"), b"x").is_err());
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
