//! Build script: carries the widget's files into the CLI, so `related-news build --out-dir` writes a folder ready to
//! upload. `make cli` sets RELATED_NEWS_WIDGET_DIR to `dist/` (which `make dist` builds first); a plain
//! `cargo build` leaves it unset and the binary carries no widget (it says so when asked for a folder).

use std::path::{Path, PathBuf};

/// The widget's files, as `make dist` writes them.
const WIDGET_FILES: [&str; 6] = [
    "related-news.js",
    "related_news_bg.wasm",
    "related_news_subscribe.js",
    "related_news_subscribe_bg.wasm",
    "related_news_reader.js",
    "related_news_reader_bg.wasm",
];

fn main() -> Result<(), String> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=RELATED_NEWS_WIDGET_DIR");
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| format!("OUT_DIR: {e}"))?);
    let source = std::env::var("RELATED_NEWS_WIDGET_DIR").ok().filter(|dir| !dir.is_empty());
    for name in WIDGET_FILES {
        // An empty file stands for "not carried"; the CLI checks for it.
        let bytes = match &source {
            Some(dir) => {
                let path = Path::new(dir).join(name);
                println!("cargo::rerun-if-changed={}", path.display());
                std::fs::read(&path)
                    .map_err(|e| format!("RELATED_NEWS_WIDGET_DIR: cannot read {}: {e} (run make dist)", path.display()))?
            }
            None => Vec::new(),
        };
        std::fs::write(out.join(name), bytes).map_err(|e| format!("{}: {e}", out.join(name).display()))?;
    }
    Ok(())
}
