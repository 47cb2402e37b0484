//! Static files from the site's root: a request path is decoded into plain names, and any name that could leave
//! the root (`..`, an encoded slash) or reveal a hidden file (`.git`, `.env`) is refused before the disk is touched.
//!
//! Symbolic links inside the root are followed wherever they point: the operator put them there (the end-to-end
//! tests serve a root made of links).

use std::path::{Path, PathBuf};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// What a request path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect, so relative links inside its index resolve.
    Redirect(String),
    NotFound,
}

/// Characters escaped when a decoded path is written back into a `Location`.
const PATH_ESCAPES: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'<').add(b'>').add(b'?').add(b'`').add(b'{').add(b'}');

/// The path's names, percent-decoded; `None` when a name is `.` or `..`, starts with a dot, holds a slash, a
/// backslash or NUL once decoded, or is not UTF-8. Empty names (`//`) are skipped.
pub fn decode_path(raw: &str) -> Option<Vec<String>> {
    if !raw.starts_with('/') {
        return None;
    }
    let mut names = Vec::new();
    for part in raw.split('/').skip(1) {
        let name = percent_decode_str(part).decode_utf8().ok()?;
        if name.is_empty() {
            continue;
        }
        // A name with a slash could be absolute once decoded, and `Path::join` would then replace the root.
        if name.starts_with('.') || name.contains(['/', '\\', '\0']) {
            return None;
        }
        names.push(name.into_owned());
    }
    Some(names)
}

/// Finds the file a request path names under `root`; a folder's file is its `index.html`.
pub fn resolve(root: &Path, raw: &str) -> Resolved {
    let Some(names) = decode_path(raw) else { return Resolved::NotFound };
    let path = names.iter().fold(root.to_path_buf(), |path, name| path.join(name));
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_dir() => {
            if raw.ends_with('/') {
                let index = path.join("index.html");
                if index.is_file() {
                    Resolved::File(index)
                } else {
                    Resolved::NotFound
                }
            } else {
                // Rebuilt from the decoded names: echoing the raw path could turn "//evil.example" into a
                // redirect to another site.
                let encoded: Vec<String> = names.iter().map(|n| utf8_percent_encode(n, PATH_ESCAPES).to_string()).collect();
                Resolved::Redirect(format!("/{}/", encoded.join("/")))
            }
        }
        Ok(meta) if meta.is_file() => Resolved::File(path),
        _ => Resolved::NotFound,
    }
}

/// The `Content-Type` to serve a file with: [`content_type`], with an HTML page's own charset when it declares one
/// other than UTF-8 in its first kilobyte (`<meta charset="windows-1257">`, or `http-equiv` `Content-Type`), read as
/// the builder reads it. A header that said UTF-8 would overrule that declaration: pages of older sites, saved in a
/// legacy encoding, came out garbled.
pub fn content_type_of_file(path: &Path) -> String {
    let kind = content_type(path);
    if !kind.starts_with("text/html") {
        return kind.to_string();
    }
    let mut head = Vec::with_capacity(1024);
    if let Ok(file) = std::fs::File::open(path) {
        use std::io::Read;
        let _ = file.take(1024).read_to_end(&mut head);
    }
    match crate::builder::input::declared_encoding(&head) {
        Some(encoding) => format!("text/html; charset={}", encoding.name().to_ascii_lowercase()),
        None => kind.to_string(),
    }
}

/// The `Content-Type` of a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "md" | "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_in_a_legacy_encoding_is_served_in_it() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let page = |name: &str, head: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, [head, b"<body>\xc4\xe5\xed\xfc</body>".as_slice()].concat()).expect("written");
            content_type_of_file(&path)
        };
        assert_eq!(page("a.html", b"<html><head><meta charset=\"windows-1257\">"), "text/html; charset=windows-1257");
        assert_eq!(
            page("b.html", b"<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=Windows-1251\">"),
            "text/html; charset=windows-1251"
        );
        assert_eq!(page("c.html", b"<html><head><meta charset=utf-8>"), "text/html; charset=utf-8");
        assert_eq!(page("d.html", b"<html><head><title>No declaration</title>"), "text/html; charset=utf-8");
        assert_eq!(page("e.css", b"@charset \"windows-1251\";"), "text/css; charset=utf-8");
    }

    #[test]
    fn paths_that_could_leave_the_root_are_refused() {
        assert_eq!(decode_path("/a/b%20c.html"), Some(vec!["a".into(), "b c.html".into()]));
        assert_eq!(decode_path("//a///b/"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(decode_path("/"), Some(vec![]));
        assert_eq!(decode_path("/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8"), Some(vec!["новости".into()]));
        for bad in ["/../Cargo.toml", "/%2e%2e/Cargo.toml", "/%2E%2E/x", "/a/./b", "/a%2f..%2f..%2fb", "/a%5c..", "/.git/config", "/a%00b", "/%ff", "x"] {
            assert_eq!(decode_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn files_folders_and_redirects() {
        let root = std::env::temp_dir().join(format!("related-news-static-{}", std::process::id()));
        std::fs::create_dir_all(root.join("docs")).expect("dir");
        std::fs::create_dir_all(root.join("empty")).expect("dir");
        std::fs::write(root.join("index.html"), "home").expect("write");
        std::fs::write(root.join("docs/index.html"), "docs").expect("write");
        assert_eq!(resolve(&root, "/"), Resolved::File(root.join("index.html")));
        assert_eq!(resolve(&root, "/docs/"), Resolved::File(root.join("docs").join("index.html")));
        assert_eq!(resolve(&root, "/docs"), Resolved::Redirect("/docs/".into()));
        assert_eq!(resolve(&root, "//docs"), Resolved::Redirect("/docs/".into()));
        assert_eq!(resolve(&root, "/empty/"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/missing.js"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/../index.html"), Resolved::NotFound);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("dist/related_news_bg.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("a.MJS")), "text/javascript; charset=utf-8");
        assert_eq!(content_type(Path::new("CREDITS.md")), "text/plain; charset=utf-8");
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
