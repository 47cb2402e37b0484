//! Writing a file so that readers see either the old contents or the whole new ones, never half of them (and, for
//! the parts of a set named by their content, which no reader asks for before the set names them, writing them once).

use std::io::Write;
use std::path::Path;

/// Writes through a uniquely named temporary file in the same folder (created new, so no link is followed),
/// synced, then renamed over `path`; a failed or interrupted write leaves whatever was there before. The manifest
/// builder and the e-mail outbox both rely on it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_through_temporary(path, bytes, true)
}

/// [`write_atomically`] without syncing: readers still see the whole file or none of it, but a crash may lose it.
/// For the many parts of a set of files whose one synced file, written last, is what readers start from (the
/// sharded index's records under its entry): syncing each of 20,000 records took longer than making them.
pub fn write_visible_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_through_temporary(path, bytes, false)
}

/// Writes one part of a set of files (see [`write_visible_atomically`]) unless the file at `path` already holds
/// exactly `bytes`, creating its folder when needed. Returns whether the file was already there unchanged: such a
/// file is left alone, so its date stays and a CDN that compares dates keeps it cached.
///
/// Such parts are named by their content, and nothing reads a new name until the set's file written last names
/// it, so a name not yet in the folder is written in place, created new (never through a link), with no temporary
/// file and rename: half a million of them at 1,000,000 articles. A crash may leave such a file incomplete; no
/// reader knows its name then, and the next build, finding it does not hold the bytes, replaces it atomically.
pub fn write_part_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    if holds(path, bytes) {
        return Ok(true);
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(mut file) => {
            if let Err(error) = file.write_all(bytes) {
                // A part cut short (a full disk) is removed rather than left under its name.
                drop(file);
                let _ = std::fs::remove_file(path);
                return Err(error);
            }
        }
        // Something else is there (a damaged part, a link): replaced whole, the link itself and not its target.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => write_visible_atomically(path, bytes)?,
        Err(error) => return Err(error),
    }
    Ok(false)
}

/// Whether the file at `path` already holds exactly `bytes`.
pub fn holds(path: &Path, bytes: &[u8]) -> bool {
    std::fs::read(path).is_ok_and(|there| there == bytes)
}

fn write_through_temporary(path: &Path, bytes: &[u8], sync: bool) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".into());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        // tempfile makes files only their owner can read, but a manifest or an e-mail is read by other programs (a
        // web server, a mail relay): the file keeps the mode it had, or gets the one a newly created file gets
        // (0666 less the umask).
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut temporary = builder.tempfile_in(dir)?;
    temporary.write_all(bytes)?;
    if sync {
        temporary.as_file().sync_all()?;
    }
    // On failure the temporary file is removed when it is dropped.
    temporary.persist(path).map_err(|e| e.error)?;
    if !sync {
        return Ok(());
    }
    // The rename itself survives a crash only once the folder is synced. Some platforms cannot open a folder for
    // syncing; there the rename is as durable as the file system makes it.
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("out.txt");
        write_atomically(&path, b"first").expect("write");
        write_atomically(&path, b"second").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(write_atomically(&dir.path().join("missing/out.txt"), b"x").is_err());
    }

    #[test]
    fn a_part_is_written_once_and_a_damaged_or_linked_one_is_replaced_whole() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("r/0123.json");
        assert!(!write_part_if_changed(&path, b"record").expect("new"), "a new part is written");
        assert_eq!(std::fs::read(&path).expect("read"), b"record");
        assert!(write_part_if_changed(&path, b"record").expect("again"), "the same bytes are left alone");
        // What a crash in the middle of writing would leave: the start of the bytes.
        std::fs::write(&path, b"rec").expect("damage");
        assert!(!write_part_if_changed(&path, b"record").expect("repair"));
        assert_eq!(std::fs::read(&path).expect("read"), b"record");
        #[cfg(unix)]
        {
            let target = dir.path().join("target.txt");
            std::fs::write(&target, b"keep").expect("target");
            let linked = dir.path().join("r/4567.json");
            std::os::unix::fs::symlink(&target, &linked).expect("link");
            assert!(!write_part_if_changed(&linked, b"other").expect("over the link"));
            assert_eq!(std::fs::read(&target).expect("target"), b"keep", "the link's target is untouched");
            assert!(!std::fs::symlink_metadata(&linked).expect("part").file_type().is_symlink());
            assert_eq!(std::fs::read(&linked).expect("part"), b"other");
        }
        let names: Vec<_> = std::fs::read_dir(dir.path().join("r")).expect("list").filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_the_usual_mode_and_old_ones_keep_theirs() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, b"x").expect("plain");
        let path = dir.path().join("out.txt");
        write_atomically(&path, b"x").expect("write");
        let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&plain), "as if created with File::create");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomically(&path, b"y").expect("rewrite");
        assert_eq!(mode(&path), 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_the_temporary_name_space_is_never_followed() {
        // The old writer used a predictable temporary name; a link planted there must not redirect the write.
        let dir = tempfile::tempdir().expect("dir");
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"keep").expect("victim");
        let path = dir.path().join("out.txt");
        std::os::unix::fs::symlink(&victim, dir.path().join(format!(".out.txt.{}.tmp", std::process::id()))).expect("link");
        write_atomically(&path, b"new").expect("write");
        assert_eq!(std::fs::read(&victim).expect("victim"), b"keep");
        assert_eq!(std::fs::read(&path).expect("out"), b"new");
    }
}
