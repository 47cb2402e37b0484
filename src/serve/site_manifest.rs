//! The manifest as the server needs it (topic ids and labels, the site's name and language), reloaded when the
//! file changes so that `make manifest` while serving takes effect without a restart.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use crate::manifest::{self, Topic};

/// What the server takes from a manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub site_name: Option<String>,
    pub site_lang: Option<String>,
    pub topics: Vec<Topic>,
    /// The topics' ids, the list submissions are checked against.
    pub ids: Vec<String>,
}

impl Catalog {
    /// Reads manifest text; the error is the manifest reader's own message.
    pub fn parse(text: &str) -> Result<Catalog, String> {
        let loaded = manifest::parse_str(text).map_err(|e| e.to_string())?;
        let site = loaded.manifest.site;
        let topics = loaded.manifest.topics;
        Ok(Catalog { site_name: site.name, site_lang: site.lang, ids: topics.iter().map(|t| t.id.clone()).collect(), topics })
    }
}

/// When a file last changed, as far as reloading is concerned.
type Stamp = (Option<SystemTime>, u64);

/// The manifest file and the catalog last read from it.
#[derive(Debug)]
pub struct ManifestSource {
    path: PathBuf,
    state: Mutex<(Arc<Catalog>, Stamp)>,
}

impl ManifestSource {
    /// Reads the manifest; failing here stops the server, with the file named.
    pub fn load(path: &Path) -> Result<ManifestSource, String> {
        let stamp = stamp(path).map_err(|e| {
            // `build --out-dir DIR` writes DIR/manifest.json: a folder of the site that holds one is likely meant.
            let nearby = path.parent().and_then(|root| std::fs::read_dir(root).ok()).into_iter().flatten().flatten().map(|entry| entry.path().join("manifest.json")).find(|candidate| candidate.is_file());
            let hint = nearby.map(|found| format!(" (the folder `build --out-dir` wrote has one: give --manifest {})", found.display())).unwrap_or_default();
            format!("{}: cannot read the manifest: {e}{hint}", path.display())
        })?;
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read the manifest: {e}", path.display()))?;
        let catalog = Catalog::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(ManifestSource { path: path.to_path_buf(), state: Mutex::new((Arc::new(catalog), stamp)) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The catalog, re-read first when the file's time or size changed. A file that fails to read or parse keeps
    /// the previous catalog; the failure is logged once per change of the file.
    pub fn current(&self) -> Arc<Catalog> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let Ok(now) = stamp(&self.path) else { return state.0.clone() };
        if now == state.1 {
            return state.0.clone();
        }
        state.1 = now;
        match std::fs::read_to_string(&self.path).map_err(|e| e.to_string()).and_then(|text| Catalog::parse(&text)) {
            Ok(catalog) => {
                eprintln!("related-news: reloaded {} ({} topics)", self.path.display(), catalog.topics.len());
                state.0 = Arc::new(catalog);
            }
            Err(error) => eprintln!("related-news: {}: cannot reload, keeping the previous manifest: {error}", self.path.display()),
        }
        state.0.clone()
    }
}

fn stamp(path: &Path) -> std::io::Result<Stamp> {
    let meta = std::fs::metadata(path)?;
    Ok((meta.modified().ok(), meta.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"{"version": 1, "site": {"name": "Wire", "lang": "en"},
        "topics": [{"id": "elections", "labels": {"en": "Elections"}}], "articles": []}"#;
    const TWO: &str = r#"{"version": 1, "topics": [{"id": "elections"}, {"id": "economy"}], "articles": []}"#;

    #[test]
    fn reloads_when_the_file_changes_and_keeps_the_last_good_one() {
        let dir = std::env::temp_dir().join(format!("related-news-catalog-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("manifest.json");
        std::fs::write(&path, ONE).expect("write");
        let source = ManifestSource::load(&path).expect("load");
        assert_eq!(source.current().ids, ["elections"]);
        assert_eq!(source.current().site_name.as_deref(), Some("Wire"));
        std::fs::write(&path, TWO).expect("write");
        assert_eq!(source.current().ids, ["elections", "economy"]);
        std::fs::write(&path, "{ broken").expect("write");
        assert_eq!(source.current().ids, ["elections", "economy"]);
        std::fs::write(&path, "not json").expect("write");
        assert!(ManifestSource::load(&path).expect_err("broken").contains("manifest.json"));
        assert!(ManifestSource::load(&dir.join("missing.json")).expect_err("missing").contains("missing.json"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_manifest_points_to_the_one_build_wrote_beside_it() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir_all(dir.path().join("related")).expect("dir");
        std::fs::write(dir.path().join("related").join("manifest.json"), ONE).expect("write");
        let error = ManifestSource::load(&dir.path().join("manifest.json")).expect_err("missing");
        assert!(error.contains("cannot read the manifest") && error.contains("give --manifest") && error.contains("related"), "{error}");
    }
}
