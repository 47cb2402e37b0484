//! Reading build inputs: JSON Feed, RSS 2.0 and Atom files, single HTML pages, folders of HTML pages (a built
//! static site) and plain text files, told apart by their content rather than their names.
//!
//! A file that cannot be read or parsed at all fails the build with its name and position; an item inside a
//! good file that cannot be used is skipped and recorded, and the rest go on.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;

mod xml_feed;

use super::extract::{extract_html, extract_text, ExtractedPage};
use super::document::{BuildError, Document, Read, Skipped};
use crate::json_fields::{strip_position, Fields};
use crate::manifest::jsonfeed;
use crate::manifest::Image;
use crate::text;
use crate::url;
use xml_feed::read_xml_feed;

/// What an input file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    JsonFeed,
    /// RSS 2.0, RSS 1.0 (RDF) or Atom 1.0: feed-rs reads them all.
    XmlFeed,
    HtmlPage,
    Text,
    /// A related-news manifest given as input: refused, with a hint.
    Manifest,
    /// An XML document that is neither a feed nor a page (a sitemap, an export): refused, naming its root element.
    OtherXml,
}

/// Tells the kind of a file from its first bytes.
pub fn sniff(content: &str) -> InputKind {
    let start = content.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('{') || start.starts_with('[') {
        let head: String = start.chars().take(4000).collect();
        if head.contains("\"articles\"") && !head.contains("jsonfeed.org") {
            return InputKind::Manifest;
        }
        return InputKind::JsonFeed;
    }
    if start.starts_with('<') {
        let head: String = start.chars().take(2000).collect::<String>().to_ascii_lowercase();
        let feed_tag = ["<rss", "<rdf:rdf", "<feed"].iter().filter_map(|t| head.find(t)).min();
        let html_tag = ["<html", "<!doctype html", "<body", "<head"].iter().filter_map(|t| head.find(t)).min();
        return match (feed_tag, html_tag) {
            (Some(f), Some(h)) if f < h => InputKind::XmlFeed,
            (Some(_), None) => InputKind::XmlFeed,
            (None, None) if head.starts_with("<?xml") => InputKind::OtherXml,
            _ => InputKind::HtmlPage,
        };
    }
    InputKind::Text
}

/// A file with at most this many byte sequences that are not UTF-8 (and ten times as many characters outside ASCII
/// that are) is read with each replaced by U+FFFD, and said in a note: a stray byte in one entry (a pasted character, a
/// cut multi-byte one) must not take the whole feed down. A file with more is in another encoding, which would be
/// misread everywhere: it is refused.
const REPAIRABLE_BAD_BYTES: usize = 16;

/// What reading a file that is not UTF-8 did, for a note.
enum Repair {
    /// Read in the encoding it declares (by its name), cleanly.
    Declared(&'static str),
    /// Anything else worth a note of its own: the note.
    Noted(String),
}

impl Repair {
    fn into_note(self, path: &Path) -> String {
        match self {
            Repair::Declared(encoding) => format!("{}: read as {encoding}, the encoding it declares", path.display()),
            Repair::Noted(note) => note,
        }
    }
}

/// A file's text, with what had to be done when it was not UTF-8.
fn read_to_string(path: &Path) -> Result<(String, Option<Repair>), BuildError> {
    let bytes = std::fs::read(path).map_err(|source| BuildError::Read { path: path.to_path_buf(), source })?;
    let error = match String::from_utf8(bytes) {
        Ok(text) => return Ok((text, None)),
        Err(error) => error,
    };
    let first = error.utf8_error().valid_up_to();
    let bytes = error.into_bytes();
    // Not UTF-8: in the encoding the file declares, if it declares one.
    if let Some(encoding) = declared_encoding(&bytes) {
        let (text, _, had_errors) = encoding.decode(&bytes);
        let text = utf8_declared(&text);
        if !had_errors {
            return Ok((text, Some(Repair::Declared(encoding.name()))));
        }
        let note = format!("{}: read as {}, the encoding it declares (some bytes unreadable in it, read as U+FFFD)", path.display(), encoding.name());
        return Ok((text, Some(Repair::Noted(note))));
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let replaced = text.matches('\u{fffd}').count().saturating_sub(String::from_utf8_lossy(&bytes[..first]).matches('\u{fffd}').count());
    let (line, column) = text::line_and_column(&String::from_utf8_lossy(&bytes[..first]));
    // Text in another encoding (Latin-1, Windows-1251) has its letters outside ASCII unreadable, however few; stray
    // bytes are few beside the characters outside ASCII that read well, at most one in ten.
    let read_well = text.chars().filter(|c| !c.is_ascii() && *c != '\u{fffd}').count();
    if replaced <= REPAIRABLE_BAD_BYTES && replaced * 10 <= read_well {
        let note = format!("{}: {replaced} byte sequence(s) that are not UTF-8 (the first at line {line}, column {column}) read as U+FFFD; convert the file to UTF-8", path.display());
        return Ok((text, Some(Repair::Noted(note))));
    }
    Err(BuildError::Parse {
        path: path.to_path_buf(),
        message: format!("not UTF-8 text ({replaced} invalid byte sequences, the first at line {line}, column {column}, byte {first}); convert the file to UTF-8"),
    })
}

/// The encoding a file declares in its first kilobyte, other than UTF-8: an XML declaration's
/// `encoding="windows-1251"`, an HTML `<meta charset="koi8-r">` or `<meta http-equiv="Content-Type" content="...;
/// charset=windows-1251">`. The builder reads a file that is not UTF-8 in it; `serve` sends a page with it.
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head: String = bytes.iter().take(1024).map(|&b| if b.is_ascii() { b.to_ascii_lowercase() as char } else { ' ' }).collect();
    let value_after = |key: &str| {
        let at = head.find(key)? + key.len();
        let rest = head[at..].trim_start().strip_prefix('=')?.trim_start();
        let rest = rest.trim_start_matches(['"', '\'']);
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':' || c == '.')).unwrap_or(rest.len());
        Some(rest[..end].to_string())
    };
    let label = if head.trim_start().starts_with("<?xml") { value_after("encoding") } else { value_after("charset") }?;
    encoding_rs::Encoding::for_label(label.as_bytes()).filter(|encoding| *encoding != encoding_rs::UTF_8)
}

/// `text` with its XML declaration's encoding made UTF-8, as it now is: the feed parser would otherwise read the
/// decoded text in the encoding declared.
fn utf8_declared(text: &str) -> String {
    if !text.trim_start().starts_with("<?xml") {
        return text.to_string();
    }
    let Some(end) = text.find("?>") else { return text.to_string() };
    let prolog = &text[..end];
    let value = prolog.to_ascii_lowercase().find("encoding").and_then(|key| {
        let start = key + prolog[key..].find(['"', '\''])? + 1;
        let length = prolog[start..].find(['"', '\''])?;
        Some((start, start + length))
    });
    match value {
        Some((start, stop)) => format!("{}UTF-8{}", &text[..start], &text[stop..]),
        None => text.to_string(),
    }
}

/// Reads one input (file or folder) into `read`: its documents, the items skipped, notes, what a feed says of its site.
pub fn read_input(path: &Path, read: &mut Read, progress: &(dyn Fn(&Path) + Sync)) -> Result<(), BuildError> {
    let Read { documents, skipped, notes, .. } = read;
    let metadata = std::fs::metadata(path).map_err(|source| BuildError::Read { path: path.to_path_buf(), source })?;
    if metadata.is_dir() {
        return read_folder(path, documents, skipped, notes, progress);
    }
    progress(path);
    let (content, repaired) = read_to_string(path)?;
    let repaired = repaired.map(|repair| repair.into_note(path));
    notes.extend(repaired);
    if content.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(BuildError::Parse { path: path.to_path_buf(), message: "the file is empty".into() });
    }
    let display = path.display().to_string();
    let kind = sniff(&content);
    match kind {
        InputKind::JsonFeed => read_json_feed(&content, path, read),
        InputKind::XmlFeed => read_xml_feed(&content, path, read),
        InputKind::HtmlPage | InputKind::Text => {
            let page = if kind == InputKind::Text { extract_text(&content) } else { extract_html(&content) };
            // A page without a canonical link is published under its own name, as a page of a folder would be.
            let stem = file_name_stem(path);
            let before = documents.len();
            push_page(page, &display, stem.clone(), documents, skipped);
            if let Some(document) = documents.get_mut(before) {
                let own = format!("{stem}.html");
                if document.url.is_empty() {
                    document.url = own.clone();
                }
                document.address = Some(own);
            }
            Ok(())
        }
        InputKind::OtherXml => Err(BuildError::Parse {
            path: path.to_path_buf(),
            message: format!("an XML document but not an RSS or Atom feed (its root element is <{}>); give the site's feed or its pages", root_element(&content)),
        }),
        InputKind::Manifest => Err(BuildError::Parse {
            path: path.to_path_buf(),
            message: "this is already a related-news manifest; give the feeds or pages it was built from (check it with `related-news check`)".into(),
        }),
    }
}

/// The name of an XML document's root element: its first tag after the prolog, comments and declarations.
fn root_element(content: &str) -> String {
    let mut rest = content;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with(|c: char| c.is_alphabetic()) {
            return rest.chars().take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/')).take(60).collect();
        }
    }
    String::new()
}

fn file_name_stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A page of a folder as a worker reads it: its extraction, its path under the root, whether it is plain text, and
/// the note of what reading it repaired.
type FolderPage = (ExtractedPage, String, bool, Option<Repair>);

/// Pages of a built static site: every .html, .htm and .txt file below `root`, in a stable order; a page's URL
/// is its path under the root unless it names a canonical URL, and a relative canonical URL is read against the
/// page's own place in the folder (`../2024/story/` on `news/a.html`).
///
/// Pages are read and extracted on all cores; they are added in the sorted order of their paths, so the result
/// does not depend on the number of cores.
fn read_folder(
    root: &Path,
    documents: &mut Vec<Document>,
    skipped: &mut Vec<Skipped>,
    notes: &mut Vec<String>,
    progress: &(dyn Fn(&Path) + Sync),
) -> Result<(), BuildError> {
    let mut files = Vec::new();
    collect_files(root, &mut files).map_err(|source| BuildError::Read { path: root.to_path_buf(), source })?;
    files.sort();
    let pages: Vec<Result<FolderPage, Skipped>> = files
        .par_iter()
        .map(|file| {
            progress(file);
            let relative = file.strip_prefix(root).unwrap_or(file).to_string_lossy().replace('\\', "/");
            // One unreadable page does not take the site down: it is skipped and reported.
            // The skipped page is named as its source: the reason does not name it again.
            let (content, repaired) = read_to_string(file).map_err(|error| Skipped { source: file.display().to_string(), reason: error.reason() })?;
            if content.trim_start_matches('\u{feff}').trim().is_empty() {
                return Err(Skipped { source: file.display().to_string(), reason: "the file is empty".into() });
            }
            let is_text = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"));
            let page = if is_text { extract_text(&content) } else { extract_html(&content) };
            Ok((page, relative, is_text, repaired))
        })
        .collect();
    // Pages read in the encoding they declare, by encoding: a site saved in one legacy encoding gets one note, not
    // one per page (22 of a trial site's 37 notes said so), with a few of them named.
    let mut declared: Vec<(&'static str, Vec<String>)> = Vec::new();
    for (file, page) in files.iter().zip(pages) {
        let (mut page, relative, is_text) = match page {
            Ok((page, relative, is_text, repaired)) => {
                match repaired {
                    Some(Repair::Declared(encoding)) => match declared.iter_mut().find(|(name, _)| *name == encoding) {
                        Some((_, pages)) => pages.push(relative.clone()),
                        None => declared.push((encoding, vec![relative.clone()])),
                    },
                    Some(Repair::Noted(note)) => notes.push(note),
                    None => {}
                }
                (page, relative, is_text)
            }
            Err(skip) => {
                skipped.push(skip);
                continue;
            }
        };
        let id = relative.rsplit_once('.').map_or(relative.as_str(), |(stem, _)| stem).trim_end_matches("/index").to_string();
        let own_url = if is_text { format!("{id}.html") } else { relative.clone() };
        // Resolution against a path base leaves absolute and root-relative links as they are (less dot segments).
        page.canonical_url = page.canonical_url.map(|canonical| url::resolve(Some(&own_url), &canonical));
        let before = documents.len();
        push_page(page, &file.display().to_string(), id, documents, skipped);
        if let Some(document) = documents.get_mut(before) {
            if document.url.is_empty() {
                document.url = own_url.clone();
            }
            document.address = Some(own_url);
        }
    }
    for (encoding, pages) in declared {
        let named = pages.iter().take(NAMED_PAGES).cloned().collect::<Vec<_>>().join(", ");
        let more = if pages.len() > NAMED_PAGES { format!(" and {} more", pages.len() - NAMED_PAGES) } else { String::new() };
        notes.push(format!("{}: {} page(s) read as {encoding}, the encoding they declare ({named}{more})", root.display(), pages.len()));
    }
    Ok(())
}

/// How many pages a note about many names.
const NAMED_PAGES: usize = 3;

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "node_modules" {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect_files(&path, out)?;
        } else if path.extension().is_some_and(|e| ["html", "htm", "txt"].iter().any(|x| e.eq_ignore_ascii_case(x))) {
            out.push(path);
        }
    }
    Ok(())
}

/// Adds an extracted page, or records why it cannot be an article.
fn push_page(page: ExtractedPage, source: &str, id: String, documents: &mut Vec<Document>, skipped: &mut Vec<Skipped>) {
    let title = page.title.unwrap_or_default();
    if title.trim().is_empty() && page.body.trim().is_empty() {
        skipped.push(Skipped { source: source.to_string(), reason: "no title and no text found".into() });
        return;
    }
    let mut categories = page.categories;
    categories.dedup();
    documents.push(Document {
        source: source.to_string(),
        id,
        canonical: page.canonical_url.is_some(),
        address: None,
        url: page.canonical_url.unwrap_or_default(),
        title,
        headline: page.headline,
        subheading: page.subheading,
        links: page.links,
        all_links: page.all_links,
        date: page.date,
        lang: page.lang,
        lang_inherited: false,
        summary: page.summary,
        image: page.image.map(|i| Image::Sized { url: i.url, width: i.width, height: i.height, alt: None }),
        other_images: page.other_images.into_iter().map(|i| Image::Sized { url: i.url, width: i.width, height: i.height, alt: None }).collect(),
        site_name: page.site_name,
        tags: page.tags,
        categories,
        body: page.body,
    });
}

/// JSON Feed 1.0/1.1: `items` with `id`, `url`, `title`, `content_text`/`content_html`, `summary`, `tags`...
fn read_json_feed(content: &str, path: &Path, read: &mut Read) -> Result<(), BuildError> {
    let Read { documents, skipped, notes, site } = read;
    let parse_error = |message: String| BuildError::Parse { path: path.to_path_buf(), message };
    let value: Value = serde_json::from_str(content.trim_start_matches('\u{feff}'))
        .map_err(|e| parse_error(format!("invalid JSON at line {}, column {}: {}", e.line(), e.column(), strip_position(&e.to_string()))))?;
    let root = Fields::new(&value).map_err(|e| parse_error(format!("the top level: {e}")))?;
    let version = root.get("version").and_then(Value::as_str).unwrap_or("");
    if !jsonfeed::is_supported_version(version) {
        return Err(parse_error("not a JSON Feed: \"version\" must be \"https://jsonfeed.org/version/1.1\"".into()));
    }
    let feed_lang = root.get("language").and_then(Value::as_str).map(str::to_string);
    site.offer(root.get("title").and_then(Value::as_str), root.get("home_page_url").and_then(Value::as_str));
    // What an item's relative `url` is read against, as a feed reader reads it: the site's home page, else the
    // feed's own address.
    let home = ["home_page_url", "feed_url"].iter().filter_map(|field| root.get(field).and_then(Value::as_str)).find(|h| url::is_absolute_http_url(h)).map(str::to_string);
    let mut read_against_home = 0;
    let Some(Value::Array(items)) = root.get("items") else {
        return Err(parse_error("\"items\" must be an array".into()));
    };
    for (i, item) in items.iter().enumerate() {
        let source = format!("{}: items[{i}]", path.display());
        let mut ignored: Vec<(String, String)> = Vec::new();
        match json_feed_item(item, feed_lang.as_deref(), &mut ignored) {
            Ok(mut document) => {
                if let Some(home) = home.as_deref().filter(|_| !document.url.is_empty() && !url::is_absolute_http_url(&document.url)) {
                    document.url = url::resolve(Some(home), &document.url);
                    read_against_home += 1;
                }
                documents.push(Document { source: source.clone(), ..document });
            }
            Err(reason) => skipped.push(Skipped { source: source.clone(), reason }),
        }
        // Optional fields of the wrong type are ignored, and said, as `check` says them.
        notes.extend(ignored.into_iter().map(|(field, message)| format!("{source}.{field}: {message}")));
    }
    if let Some(home) = home.filter(|_| read_against_home > 0) {
        notes.push(format!("{}: {read_against_home} item url(s) relative, read against the feed's address {home}", path.display()));
    }
    Ok(())
}

/// A JSON Feed item as a document, read by the same code as the widget's (`jsonfeed::read_item`); markup in
/// `content_html` goes through the page extractor.
fn json_feed_item(value: &Value, feed_lang: Option<&str>, ignored: &mut Vec<(String, String)>) -> Result<Document, String> {
    let html_to_text = |html: &str| extract_html(&format!("<article>{html}</article>")).body;
    let item = jsonfeed::read_item(value, feed_lang, &html_to_text, ignored)?;
    if item.title.is_none() && item.body.trim().is_empty() {
        return Err("no title and no text".into());
    }
    Ok(Document {
        source: String::new(),
        id: item.id,
        url: item.url,
        title: item.title.unwrap_or_default(),
        headline: None,
        subheading: None,
        links: Vec::new(),
        all_links: Vec::new(),
        date: item.date,
        lang_inherited: value.get("language").is_none() && feed_lang.is_some(),
        canonical: true,
        address: None,
        lang: item.lang,
        summary: item.summary,
        image: item.image.map(Image::Url),
        other_images: Vec::new(),
        site_name: None,
        tags: item.tags,
        categories: Vec::new(),
        body: item.body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use super::xml_feed::{position_text, xml_error_offset};
    use crate::builder::document::FeedSite;

    #[test]
    fn xml_errors_have_a_position() {
        let ill_formed = "<rss>\n<channel>\n<item><title>x</item>\n</channel></rss>";
        assert_eq!(xml_error_offset(ill_formed).map(|offset| position_text(ill_formed, offset)).as_deref(), Some(" at line 3, column 15"));
        assert_eq!(xml_error_offset("<rss><channel></channel></rss>"), None);
    }

    /// What a file gave: its documents, its skipped items and the notes of what was repaired.
    type ReadFile = (Vec<Document>, Vec<Skipped>, Vec<String>);

    /// Reads `content` as the input file `name` would be read.
    fn read_file(name: &str, content: &[u8]) -> Result<ReadFile, BuildError> {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join(name);
        std::fs::write(&path, content).expect("written");
        let mut read = Read::default();
        read_input(&path, &mut read, &|_| {})?;
        Ok((read.documents, read.skipped, read.notes))
    }

    #[test]
    fn markup_in_feed_titles_becomes_the_text_it_stands_for() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>S</title>
            <item><title>&lt;b&gt;BREAKING:&lt;/b&gt; Court jails journalist &amp;amp; more</title><link>https://s.example/a</link><description>Text.</description></item>
            </channel></rss>"#;
        let (documents, _, _) = read_file("rss.xml", rss.as_bytes()).expect("read");
        assert_eq!(documents[0].title, "BREAKING: Court jails journalist & more");
        let feed = r#"{"version":"https://jsonfeed.org/version/1.1","title":"S","items":[
            {"id":"1","url":"https://s.example/b","title":"<em>Exclusive:</em> Volunteers &amp; doctors","content_text":"Text."}]}"#;
        let (documents, _, _) = read_file("feed.json", feed.as_bytes()).expect("read");
        assert_eq!(documents[0].title, "Exclusive: Volunteers & doctors");
    }

    #[test]
    fn a_json_feed_items_field_of_the_wrong_type_is_ignored_with_a_note() {
        let feed = r#"{"version":"https://jsonfeed.org/version/1.1","title":"S","items":[
            {"id":"1","url":"https://s.example/b","title":"Floods","content_text":"Text.","tags":"Floods"}]}"#;
        let (documents, _, notes) = read_file("feed.json", feed.as_bytes()).expect("read");
        assert!(documents[0].tags.is_empty());
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("feed.json: items[0].tags") && notes[0].contains("ignored"), "{}", notes[0]);
    }

    #[test]
    fn a_few_bytes_that_are_not_utf8_cost_a_note_not_the_feed() {
        let mut atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>S</title>
<entry><id>a</id><title>Kür çayında daşqın: Sabirabadda minlərlə sakin evlərini tərk edib</title><link href="https://s.example/a"/><summary>Наводнение на Куре: в Сабирабаде эвакуированы тысячи жителей.</summary></entry>
<entry><id>b</id><title>Second "#.as_bytes().to_vec();
        atom.extend_from_slice(&[0xC3, 0x28, 0xFF]);
        atom.extend_from_slice(br#" one</title><link href="https://s.example/b"/><summary>Two.</summary></entry></feed>"#);
        let (documents, skipped, notes) = read_file("atom.xml", &atom).expect("read with the bytes replaced");
        assert_eq!(documents.len(), 2, "{skipped:?}");
        assert!(documents[1].title.contains('\u{fffd}') && documents[1].title.ends_with("one"), "{}", documents[1].title);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("atom.xml") && notes[0].contains("2 byte sequence(s)") && notes[0].contains("line 3, column 32"), "{}", notes[0]);
        // A file in another encoding is refused, with where its first such byte is, rather than misread everywhere.
        let cp1251: Vec<u8> = b"<rss version=\"2.0\"><channel><title>S</title><item><title>"
            .iter()
            .copied()
            .chain(std::iter::repeat_n(0xEE, 40))
            .chain(b"</title><link>https://s.example/c</link></item></channel></rss>".iter().copied())
            .collect();
        let error = read_file("ru.xml", &cp1251).expect_err("another encoding").to_string();
        assert!(error.contains("not UTF-8") && error.contains("line 1, column 58") && error.contains("ru.xml"), "{error}");
    }

    #[test]
    fn a_site_in_one_legacy_encoding_gets_one_note() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (i, title) in ["Potvynis Jonavoje", "Neris išsiliejo", "Savanoriai padėjo", "Užtvanka sutvirtinta"].iter().enumerate() {
            let html = format!("<html><head><meta charset=\"windows-1257\"><title>{title}</title></head><body><h1>{title}</h1><p>Šiandien {title} – žinia ąčęėįšųūž.</p></body></html>");
            let (bytes, _, _) = encoding_rs::WINDOWS_1257.encode(&html);
            std::fs::write(dir.path().join(format!("p{i}.html")), bytes).expect("written");
        }
        let mut read = Read::default();
        read_input(dir.path(), &mut read, &|_| {}).expect("read");
        assert_eq!(read.documents.len(), 4);
        assert!(read.documents.iter().any(|d| d.title == "Neris išsiliejo"));
        assert_eq!(read.notes.len(), 1, "{:?}", read.notes);
        assert!(read.notes[0].ends_with("4 page(s) read as windows-1257, the encoding they declare (p0.html, p1.html, p2.html and 1 more)"), "{}", read.notes[0]);
    }

    #[test]
    fn a_file_in_the_encoding_it_declares_is_read_in_it() {
        let rss = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><title>Полтава</title>\
            <item><title>Міст через Ворсклу відкрили</title><link>https://s.example/a</link><description>Рух мостом відновлено.</description></item></channel></rss>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(rss);
        let (documents, _, notes) = read_file("rss.xml", &bytes).expect("read as windows-1251");
        assert_eq!(documents[0].title, "Міст через Ворсклу відкрили");
        assert!(notes.iter().any(|n| n.contains("read as windows-1251, the encoding it declares")), "{notes:?}");
        let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\"><title>Наводнение на Куре</title></head>\
            <body><h1>Наводнение на Куре</h1><p>В Сабирабаде эвакуированы тысячи жителей, вода продолжает прибывать.</p></body></html>";
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(html);
        let (documents, _, notes) = read_file("page.html", &bytes).expect("read as koi8-r");
        assert_eq!(documents[0].title, "Наводнение на Куре");
        assert!(documents[0].body.contains("Сабирабаде"), "{}", documents[0].body);
        assert!(notes.iter().any(|n| n.contains("KOI8-R")), "{notes:?}");
    }

    #[test]
    fn a_bare_ampersand_costs_a_note_not_the_feed() {
        let rss = "<rss version=\"2.0\"><channel><title>S</title>\n<item><title>R&D and AT&T &amp; more</title><link>https://s.example/a</link></item>\n<item><title>Second</title><link>https://s.example/b?x=1&y=2</link></item></channel></rss>";
        let (documents, _, notes) = read_file("rss.xml", rss.as_bytes()).expect("read");
        assert_eq!(documents.iter().map(|d| d.title.as_str()).collect::<Vec<_>>(), ["R&D and AT&T & more", "Second"]);
        assert_eq!(documents[1].url, "https://s.example/b?x=1&y=2");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("rss.xml") && notes[0].contains("line 2, column 15"), "{}", notes[0]);
        // A feed broken otherwise is still refused, with where.
        let error = read_file("bad.xml", b"<rss><channel><item><title>x</item></channel></rss>").expect_err("ill-formed").to_string();
        assert!(error.contains("bad.xml") && error.contains("line 1"), "{error}");
        // Both: the fault reported is the one left once the bare `&`s are read, where it is in the file.
        let both = "<rss version=\"2.0\"><channel><title>S</title>\n<item><title>R&D &amp; AT&T</title><link>https://s.example/a</link></item>\n<item><title>A & B <b>bold</title></item></channel></rss>";
        let error = read_file("both.xml", both.as_bytes()).expect_err("ill-formed").to_string();
        assert!(error.contains("line 3, column 27") && error.contains("`</b>`"), "the mismatched end tag, not the bare &: {error}");
    }

    #[test]
    fn an_rss_date_feed_rs_cannot_read_is_read_as_pages_write_dates_or_noted() {
        let rss = "<rss version=\"2.0\"><channel><title>S</title>\n\
            <item><title>One</title><link>https://s.example/a</link><pubDate>Mon, 01 Dec 2025 10:00:00 GMT</pubDate></item>\n\
            <item><title>Two</title><link>https://s.example/b</link><pubDate>5 декабря 2025 г.</pubDate></item>\n\
            <item><title>Three</title><link>https://s.example/c</link><pubDate>sometime last week</pubDate></item>\n\
            <item><title>Four &amp; five</title><link>https://s.example/d</link></item>\n\
            <item><title>R&D</title><link>https://s.example/e</link><pubDate>26.04.2012</pubDate></item></channel></rss>";
        let (documents, _, notes) = read_file("rss.xml", rss.as_bytes()).expect("read");
        let dates: Vec<Option<&str>> = documents.iter().map(|d| d.date.as_deref()).collect();
        assert_eq!(dates, [Some("2025-12-01T10:00:00Z"), Some("2025-12-05"), None, None, Some("2012-04-26")]);
        assert_eq!(notes.len(), 2, "the bare & and the one date that is none: {notes:?}");
        assert!(notes.iter().any(|n| n.contains("rss.xml: entry 3") && n.contains("\"sometime last week\"") && n.contains("left out")), "{notes:?}");
    }

    #[test]
    fn an_item_without_a_guid_is_known_by_its_link_whatever_its_title() {
        let rss = |title: &str| format!("<rss version=\"2.0\"><channel><title>S</title><item><title>{title}</title><link>https://s.example/news/funicular-reopens</link><description>Text.</description></item></channel></rss>");
        let (first, _, _) = read_file("rss.xml", rss("Funicular reopens").as_bytes()).expect("read");
        let (edited, _, _) = read_file("rss.xml", rss("Funicular reopens after repairs").as_bytes()).expect("read");
        assert_eq!(first[0].id, "https://s.example/news/funicular-reopens");
        assert_eq!(edited[0].id, first[0].id, "a title edited keeps the id");
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>S</title><entry><id>tag:s.example,2024:7</id><title>T</title><link href="https://s.example/t"/></entry></feed>"#;
        let (documents, _, _) = read_file("atom.xml", atom.as_bytes()).expect("read");
        assert_eq!(documents[0].id, "tag:s.example,2024:7", "an id the feed gives is kept");
    }

    #[test]
    fn an_entry_listed_again_once_updated_is_read_in_its_latest_version() {
        let entry = |title: &str, updated: &str| format!("<entry><id>tag:city.example,2025:river-cleanup</id><title>{title}</title><link href=\"https://city.example/river-cleanup\"/><updated>{updated}</updated><content>Volunteers cleaned the river banks.</content></entry>");
        let other = "<entry><id>tag:city.example,2025:budget</id><title>Budget vote</title><link href=\"https://city.example/budget\"/><updated>2025-10-01T09:00:00Z</updated><content>The council voted.</content></entry>";
        // The newer version listed after the older one, as the trial's feed had it, and before it.
        for entries in [
            [entry("River cleanup planned", "2025-09-30T10:00:00Z"), other.to_string(), entry("River cleanup: 40 volunteers came", "2025-10-02T18:00:00Z")],
            [entry("River cleanup: 40 volunteers came", "2025-10-02T18:00:00Z"), other.to_string(), entry("River cleanup planned", "2025-09-30T10:00:00Z")],
        ] {
            let atom = format!("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>City news</title>{}</feed>", entries.concat());
            let (documents, skipped, _) = read_file("atom.xml", atom.as_bytes()).expect("read");
            let titles: Vec<&str> = documents.iter().map(|d| d.title.as_str()).collect();
            assert_eq!(titles.len(), 2, "{titles:?}");
            assert!(titles.contains(&"River cleanup: 40 volunteers came") && titles.contains(&"Budget vote"), "{titles:?}");
            assert_eq!(skipped.len(), 1);
            assert!(skipped[0].reason.contains("older version of entry") && skipped[0].reason.contains("2025-10-02T18:00:00Z"), "{}", skipped[0].reason);
        }
    }

    #[test]
    fn two_items_a_cms_gave_one_guid_are_two_articles_each_known_by_its_link() {
        let item = |guid: &str, title: &str, link: &str| format!("<item><guid isPermaLink=\"false\">{guid}</guid><title>{title}</title><link>{link}</link><description>{title}.</description></item>");
        let rss = format!(
            "<rss version=\"2.0\"><channel><title>S</title>{}{}{}</channel></rss>",
            item("1038", "New school opens in Gabala", "https://gov.example/news/1038"),
            item("1038", "Road to Sheki reopens", "https://gov.example/news/1039"),
            item("1038", "New school opens in Gabala: 600 places", "https://gov.example/news/1038"),
        );
        let (documents, skipped, notes) = read_file("rss.xml", rss.as_bytes()).expect("read");
        let titles: Vec<&str> = documents.iter().map(|d| d.title.as_str()).collect();
        // The third is the first's article again (its link), so a version of it; the second is another article.
        assert_eq!(titles, ["New school opens in Gabala", "Road to Sheki reopens"], "{skipped:?}");
        assert_eq!(documents[1].id, "https://gov.example/news/1039");
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(notes.iter().any(|n| n.contains("entry 2") && n.contains("the id of entry 1, under another link")), "{notes:?}");
    }

    #[test]
    fn yandex_full_texts_are_the_items_text() {
        let yandex = r#"<rss version="2.0" xmlns:yandex="http://news.yandex.ru"><channel><title>Вести</title><link>https://vesti.example/</link>
            <item><title>Паводок в Орске</title><link>https://vesti.example/orsk-1</link><description>Вода прорвала дамбу.</description>
              <yandex:full-text>В Орске Оренбургской области прорвало дамбу на реке Урал &amp; вода пошла в город.
              Губернатор Денис Паслер ввёл режим ЧС.</yandex:full-text></item>
            <item><title>Без полного текста</title><link>https://vesti.example/short</link><description>Только анонс.</description></item>
            </channel></rss>"#;
        let (documents, _, _) = read_file("rss.xml", yandex.as_bytes()).expect("read");
        assert_eq!(documents[0].body, "В Орске Оренбургской области прорвало дамбу на реке Урал & вода пошла в город.\n\nГубернатор Денис Паслер ввёл режим ЧС.");
        assert_eq!(documents[1].body, "Только анонс.", "an item without one keeps its description");
        let turbo = r#"<rss version="2.0" xmlns:turbo="http://turbo.yandex.ru"><channel><title>Вести</title><link>https://vesti.example/</link>
            <item turbo="true"><title>Паводок в Орске</title><link>https://vesti.example/orsk-1</link><description>Вода прорвала дамбу.</description>
              <turbo:content><![CDATA[<header><h1>Паводок в Орске</h1></header><p>Спасатели вывезли из Орска две тысячи человек.</p><p>Уровень Урала растёт.</p>]]></turbo:content></item>
            </channel></rss>"#;
        let (documents, _, _) = read_file("rss.xml", turbo.as_bytes()).expect("read");
        assert_eq!(documents[0].body, "Спасатели вывезли из Орска две тысячи человек.\n\nУровень Урала растёт.");
    }

    #[test]
    fn relative_item_links_are_read_against_the_feed_s_address_and_pictures_found() {
        let rss = r#"<rss version="2.0"><channel><title>Kauno žinios</title><link>https://kaunozinios.lt/</link>
            <item><title>One</title><link>/naujienos/funikulierius</link><description>Text.</description>
              <enclosure url="https://kaunozinios.lt/img/funik.jpg" type="image/jpeg" length="12345"/></item>
            <item><title>Two</title><link>https://kaunozinios.lt/naujienos/du</link><description><![CDATA[<p>Text.</p><img src="/img/du.jpg">]]></description></item>
            <item><title>Three</title><link>https://kaunozinios.lt/naujienos/trys</link><description>Text.</description>
              <enclosure url="https://kaunozinios.lt/garsas.mp3" type="audio/mpeg" length="1"/></item>
            </channel></rss>"#;
        let (documents, _, notes) = read_file("rss.xml", rss.as_bytes()).expect("read");
        assert_eq!(documents[0].url, "https://kaunozinios.lt/naujienos/funikulierius");
        let images: Vec<Option<String>> = documents.iter().map(|d| d.image.as_ref().map(|i| i.url().to_string())).collect();
        assert_eq!(images, [Some("https://kaunozinios.lt/img/funik.jpg".into()), Some("https://kaunozinios.lt/img/du.jpg".into()), None]);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("1 item link(s) relative") && notes[0].contains("https://kaunozinios.lt/"), "{}", notes[0]);
    }

    #[test]
    fn relative_json_feed_urls_are_read_against_the_home_page() {
        let feed = r#"{"version":"https://jsonfeed.org/version/1.1","title":"D","home_page_url":"https://daily.example/","feed_url":"https://daily.example/feeds/all.json","items":[
            {"id":"https://daily.example/fire/1","url":"/fire/relative.html","title":"One","content_text":"Text."},
            {"id":"2","url":"https://daily.example/b","title":"Two","content_text":"Text."}]}"#;
        let (documents, _, notes) = read_file("feed.json", feed.as_bytes()).expect("read");
        assert_eq!(documents[0].url, "https://daily.example/fire/relative.html");
        assert_eq!(documents[0].id, "https://daily.example/fire/1");
        assert_eq!(documents[1].url, "https://daily.example/b");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("1 item url(s) relative") && notes[0].contains("https://daily.example/"), "{}", notes[0]);
    }

    #[test]
    fn a_feed_names_its_site() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let rss = dir.path().join("rss.xml");
        std::fs::write(&rss, "<rss version=\"2.0\"><channel><title>Kauno &lt;b&gt;žinios&lt;/b&gt;</title><link>https://kaunozinios.lt/</link><item><title>T</title><link>/a</link></item></channel></rss>").expect("written");
        let feed = dir.path().join("feed.json");
        std::fs::write(&feed, r#"{"version":"https://jsonfeed.org/version/1.1","title":"Other","home_page_url":"https://other.example/","items":[{"id":"1","url":"https://other.example/1","title":"One"}]}"#).expect("written");
        let mut both = Read::default();
        for path in [&rss, &feed] {
            read_input(path, &mut both, &|_| {}).expect("read");
        }
        assert_eq!(both.site, FeedSite { name: Some("Kauno žinios".into()), url: Some("https://kaunozinios.lt/".into()) }, "the first feed's");
        let mut only_json = Read::default();
        read_input(&feed, &mut only_json, &|_| {}).expect("read");
        assert_eq!(only_json.site.name.as_deref(), Some("Other"));
        let settings = crate::builder::BuildSettings::default();
        let output = crate::builder::build(&[rss], &settings, &|_| {}).expect("built");
        assert_eq!(output.manifest.site.name.as_deref(), Some("Kauno žinios"), "the manifest names the site when the config does not");
    }

    #[test]
    fn kinds_are_told_by_content() {
        assert_eq!(sniff("\u{feff}  {\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[]}"), InputKind::JsonFeed);
        assert_eq!(sniff("{\"version\":1,\"articles\":[]}"), InputKind::Manifest);
        assert_eq!(sniff("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel></channel></rss>"), InputKind::XmlFeed);
        assert_eq!(sniff("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>"), InputKind::XmlFeed);
        assert_eq!(sniff("<!DOCTYPE html><html><body><p>Mentions <rss> in text</p></body></html>"), InputKind::HtmlPage);
        assert_eq!(sniff("Rus Eng Az\n\nA title\n\nText."), InputKind::Text);
        assert_eq!(sniff("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/\"><url/></urlset>"), InputKind::OtherXml);
    }

    #[test]
    fn an_empty_file_or_another_xml_document_is_refused_by_name() {
        let error = read_file("empty.xml", b" \n").expect_err("empty").to_string();
        assert!(error.contains("empty.xml") && error.contains("the file is empty"), "{error}");
        let error = read_file("sitemap.xml", b"<?xml version=\"1.0\"?>\n<!-- generated -->\n<sitemap/>").expect_err("a sitemap").to_string();
        assert!(error.contains("sitemap.xml") && error.contains("not an RSS or Atom feed") && error.contains("<sitemap>"), "{error}");
    }
}
