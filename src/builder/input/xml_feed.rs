//! RSS 2.0, RSS 1.0 and Atom inputs, read by feed-rs: each entry a document, with what a hand-made feed gets wrong
//! (a bare `&`, a date feed-rs cannot read, an item without an id) repaired or said in a note.

use std::collections::HashMap;
use std::path::Path;

use crate::builder::document::{BuildError, Document, Read, Skipped};
use crate::builder::extract::{dates, extract_html};
use crate::text;
use crate::url;
use crate::manifest::jsonfeed;
use crate::manifest::Image;

/// RSS and Atom through feed-rs; the XML error keeps its position.
pub(super) fn read_xml_feed(content: &str, path: &Path, read: &mut Read) -> Result<(), BuildError> {
    let Read { documents, skipped, notes, site } = read;
    let mut read = std::borrow::Cow::Borrowed(content);
    let feed = match feed_parser().parse(content.as_bytes()) {
        Ok(feed) => feed,
        Err(error) => {
            // A bare `&` (an unescaped "R&D" or "AT&T" in a title) makes the whole feed ill-formed, and is the most
            // common flaw of hand-made feeds: read as `&amp;`, as feed readers do, and said.
            let (escaped, bare) = escape_bare_ampersands(content);
            let Some(&first) = bare.first() else {
                let position = xml_error_offset(content).map(|offset| position_text(content, offset)).unwrap_or_default();
                return Err(BuildError::Parse { path: path.to_path_buf(), message: format!("not a readable RSS or Atom feed{position}: {error}") });
            };
            match feed_parser().parse(escaped.as_bytes()) {
                Ok(feed) => {
                    let (line, column) = text::line_and_column(&content[..first]);
                    notes.push(format!("{}: a bare \"&\" (the first at line {line}, column {column}) read as \"&amp;\"; write it so in the feed", path.display()));
                    read = std::borrow::Cow::Owned(escaped);
                    feed
                }
                Err(error) => {
                    // Ill-formed besides its bare `&`s: the fault to report is the one left once they are read.
                    let position = xml_error_offset(&escaped).map(|offset| position_text(content, unescaped_offset(offset, &bare))).unwrap_or_default();
                    return Err(BuildError::Parse { path: path.to_path_buf(), message: format!("not a readable RSS or Atom feed{position}: {error}") });
                }
            }
        }
    };
    let feed_lang = feed.language.clone();
    // The site's own address, as the channel's `<link>` (RSS) or the feed's alternate link (Atom) gives it: what an
    // item's relative link is read against, as a feed reader reads it.
    let home = feed.links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate")).map(|l| l.href.clone()).filter(|h| url::is_http_url(h));
    let mut read_against_home = 0;
    site.offer(feed.title.as_ref().map(|t| t.content.as_str()), home.as_deref());
    let undated: Vec<usize> = feed.entries.iter().enumerate().filter(|(_, e)| e.published.is_none() && e.updated.is_none()).map(|(i, _)| i).collect();
    let mut unread_dates = if undated.is_empty() { Vec::new() } else { entry_date_texts(&read) };
    let superseded = superseded_entries(&feed.entries);
    let reissued = reissued_ids(&feed.entries);
    let mut full_texts = yandex_full_texts(&read, feed.entries.len());
    for (i, mut entry) in feed.entries.into_iter().enumerate() {
        let source = format!("{}: entry {} ({})", path.display(), i + 1, if entry.id.is_empty() { "no id" } else { entry.id.as_str() });
        if let Some(earlier) = reissued.get(&i) {
            notes.push(format!("{source}: the id of entry {}, under another link: read as an article of its own, by its link", earlier + 1));
            entry.id = entry_link(&entry).to_string();
        }
        if let Some((newer, at)) = superseded.get(&i) {
            let reason = if at.is_empty() {
                format!("the same id as entry {}, which is kept", newer + 1)
            } else {
                format!("an older version of entry {} (the same id, updated {at}), which is kept", newer + 1)
            };
            skipped.push(Skipped { source, reason });
            continue;
        }
        // A date feed-rs could not read may still be one pages write ("5 декабря 2026", "26.04.2012"); one that is
        // no date at all is left out with a note rather than in silence.
        let date = match entry.published.or(entry.updated) {
            Some(date) => Some(date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            None => unread_dates.get_mut(i).and_then(Option::take).and_then(|text| {
                let read = dates::normalize_date(&text);
                if read.is_none() {
                    notes.push(format!("{source}: its date \"{}\" is no date the builder reads; left out", crate::text::truncate_chars(text.trim(), 60)));
                }
                read
            }),
        };
        let url = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or_else(|| entry.links.first())
            .map(|l| l.href.clone())
            .or_else(|| entry.id.starts_with("http").then(|| entry.id.clone()));
        let Some(mut url) = url else {
            skipped.push(Skipped { source, reason: "no link".into() });
            continue;
        };
        if let Some(home) = home.as_deref().filter(|_| !url::is_http_url(&url) && !url.contains(':')) {
            url = url::resolve(Some(home), &url);
            read_against_home += 1;
        }
        let html = full_texts
            .get_mut(i)
            .and_then(Option::take)
            .or_else(|| entry.content.as_ref().and_then(|c| c.body.clone()))
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()));
        let body = html.as_deref().map(|h| extract_html(&format!("<article>{h}</article>")).body).unwrap_or_default();
        let title = entry.title.as_ref().map(|t| jsonfeed::plain_title(&t.content)).unwrap_or_default();
        if title.trim().is_empty() && body.trim().is_empty() {
            skipped.push(Skipped { source, reason: "no title and no text".into() });
            continue;
        }
        let summary = entry
            .summary
            .as_ref()
            .map(|s| extract_html(&format!("<article>{}</article>", s.content)).body)
            .filter(|s| !s.trim().is_empty());
        let image = entry
            .media
            .iter()
            .flat_map(|m| m.thumbnails.iter().map(|t| (t.image.uri.clone(), t.image.width, t.image.height)))
            .next()
            .map(|(url, width, height)| Image::Sized { url, width, height, alt: None })
            // Else an image enclosure (RSS `<enclosure type="image/jpeg">`), else the first picture of the text.
            .or_else(|| {
                let enclosure = entry.media.iter().flat_map(|m| m.content.iter()).find(|c| c.content_type.as_ref().is_some_and(|t| t.to_string().starts_with("image/")))?;
                let url = enclosure.url.as_ref()?.to_string();
                Some(Image::Sized { url, width: enclosure.width, height: enclosure.height, alt: None })
            })
            .or_else(|| html.as_deref().and_then(first_picture).map(|src| Image::Url(url::resolve(Some(&url), &src))));
        documents.push(Document {
            source,
            id: entry.id.clone(),
            url,
            title,
            headline: None,
            subheading: None,
            links: Vec::new(),
            all_links: Vec::new(),
            date,
            lang: entry.language.clone().or_else(|| feed_lang.clone()),
            lang_inherited: entry.language.is_none() && feed_lang.is_some(),
            canonical: true,
            address: None,
            summary,
            image,
            other_images: Vec::new(),
            site_name: None,
            tags: Vec::new(),
            categories: entry.categories.iter().map(|c| c.label.clone().unwrap_or_else(|| c.term.clone())).collect(),
            body,
        });
    }
    if read_against_home > 0 {
        let home = home.unwrap_or_default();
        notes.push(format!("{}: {read_against_home} item link(s) relative, read against the feed's own address {home}", path.display()));
    }
    Ok(())
}

/// The entries that an entry with the same id, updated later, replaces (an entry a feed lists again once changed:
/// a corrected title, an added reaction), each with the place of that newer version and when it was updated. Of
/// versions updated at the same time (or undated) the first listed is kept. Entries with no id of their own are
/// never versions of one another.
fn superseded_entries(entries: &[feed_rs::model::Entry]) -> HashMap<usize, (usize, String)> {
    let when = |entry: &feed_rs::model::Entry| entry.updated.or(entry.published);
    let mut newest: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, entry) in entries.iter().enumerate().filter(|(_, e)| !e.id.is_empty()) {
        let kept = newest.entry((entry.id.as_str(), entry_link(entry))).or_insert(i);
        if when(entry) > when(&entries[*kept]) {
            *kept = i;
        }
    }
    entries
        .iter()
        .enumerate()
        .filter_map(|(i, entry)| {
            let &kept = newest.get(&(entry.id.as_str(), entry_link(entry)))?;
            let at = when(&entries[kept]).map_or_else(String::new, |at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
            (kept != i).then_some((i, (kept, at)))
        })
        .collect()
}

/// An entry's first link, or "" when it has none.
fn entry_link(entry: &feed_rs::model::Entry) -> &str {
    entry.links.first().map_or("", |link| link.href.as_str())
}

/// The entries whose id an earlier entry has under another link, each with that earlier entry's place: another
/// article that a CMS gave the same `<guid>` (a copied item, a template's constant), not a version of the first.
/// Each is read under its link.
fn reissued_ids(entries: &[feed_rs::model::Entry]) -> HashMap<usize, usize> {
    let mut first: HashMap<&str, (usize, &str)> = HashMap::new();
    let mut reissued = HashMap::new();
    for (i, entry) in entries.iter().enumerate().filter(|(_, e)| !e.id.is_empty()) {
        let (earlier, link) = *first.entry(entry.id.as_str()).or_insert((i, entry_link(entry)));
        if link != entry_link(entry) && !entry_link(entry).is_empty() {
            reissued.insert(i, earlier);
        }
    }
    reissued
}

/// The `src` of the first picture in an item's HTML.
fn first_picture(html: &str) -> Option<String> {
    let selector = scraper::Selector::parse("img[src]").ok()?;
    let fragment = scraper::Html::parse_fragment(html);
    let src = fragment.select(&selector).next()?.value().attr("src")?.trim();
    (!src.is_empty() && !src.starts_with("data:")).then(|| src.to_string())
}

/// feed-rs's parser, giving an entry without an id (an RSS item without `<guid>`) its link as its id, which the
/// builder turns into a readable one from the address (`unique_id`). feed-rs's own id is a hash of the link and
/// the title, which changed whenever a title was edited (and with it `data-article`, pins and a rebuild's update).
fn feed_parser() -> feed_rs::parser::Parser {
    feed_rs::parser::Builder::new().id_generator(|links, _title, _base| links.first().map(|link| link.href.clone()).unwrap_or_default()).build()
}

/// The date text of each entry of an RSS or Atom feed (its publication date, else its update), in entry order,
/// whether or not feed-rs reads it as a date. feed-rs gives the entries' dates only as it reads them, so this reads
/// the feed again with a timestamp parser that keeps every text and gives back its place in the list as the time.
fn entry_date_texts(content: &str) -> Vec<Option<String>> {
    let texts = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let kept = std::sync::Arc::clone(&texts);
    let parser = feed_rs::parser::Builder::new()
        .timestamp_parser(move |text: &str| {
            let mut kept = kept.lock().ok()?;
            kept.push(text.to_string());
            chrono::DateTime::from_timestamp(kept.len() as i64 - 1, 0)
        })
        .build();
    let Ok(feed) = parser.parse(content.as_bytes()) else { return Vec::new() };
    let Ok(texts) = texts.lock() else { return Vec::new() };
    feed.entries
        .iter()
        .map(|entry| entry.published.or(entry.updated).and_then(|at| usize::try_from(at.timestamp()).ok()).and_then(|i| texts.get(i).cloned()))
        .collect()
}

/// The whole text of each item, in the feed's order, where a feed gives it in Yandex's elements, as Russian news
/// sites' feeds do: `<yandex:full-text>` (plain text, as HTML with its lines as paragraphs) or `<turbo:content>`
/// (HTML), beside a `<description>` of a sentence or two. feed-rs reads neither. Empty unless the feed has such
/// elements and as many items as feed-rs read (`entries`), so each text goes to its own item.
fn yandex_full_texts(content: &str, entries: usize) -> Vec<Option<String>> {
    use quick_xml::events::Event;
    if !content.contains("full-text") && !content.contains("turbo:content") {
        return Vec::new();
    }
    let mut reader = quick_xml::Reader::from_str(content);
    let mut texts: Vec<Option<String>> = Vec::new();
    // The text of the element being read, with whether it is HTML.
    let mut reading: Option<(String, bool)> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(element)) => {
                let name = element.name();
                if matches!(name.as_ref(), "item" | "entry") {
                    texts.push(None);
                } else if reading.is_none() && !texts.is_empty() {
                    if name.local_name().as_ref() == "full-text" {
                        reading = Some((String::new(), false));
                    } else if name.as_ref() == "turbo:content" {
                        reading = Some((String::new(), true));
                    }
                }
            }
            Ok(Event::Text(text)) => {
                if let Some((read, _)) = reading.as_mut() {
                    read.push_str(&text.into_inner());
                }
            }
            Ok(Event::CData(data)) => {
                if let Some((read, _)) = reading.as_mut() {
                    read.push_str(&data.into_inner());
                }
            }
            Ok(Event::GeneralRef(reference)) => {
                if let Some((read, _)) = reading.as_mut() {
                    match reference.resolve_char_ref() {
                        Ok(Some(character)) => read.push(character),
                        _ => {
                            let name = reference.into_inner();
                            match quick_xml::escape::resolve_xml_entity(&name) {
                                Some(text) => read.push_str(text),
                                None => read.push_str(&format!("&{name};")),
                            }
                        }
                    }
                }
            }
            Ok(Event::End(element)) => {
                let name = element.name();
                let ends = name.local_name().as_ref() == "full-text" || name.as_ref() == "turbo:content";
                if let (true, Some((read, html))) = (ends, reading.take()) {
                    let html = if html { read } else { plain_text_html(&read) };
                    if let Some(slot) = texts.last_mut().filter(|_| !html.trim().is_empty()) {
                        *slot = Some(html);
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    if texts.len() == entries && texts.iter().any(Option::is_some) { texts } else { Vec::new() }
}

/// Plain text as HTML whose paragraphs are its lines, each escaped.
fn plain_text_html(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| format!("<p>{}</p>", quick_xml::escape::escape(line)))
        .collect()
}

/// `content` with every `&` that starts no character or entity reference written `&amp;`, and where each of those
/// was (byte offsets into `content`).
fn escape_bare_ampersands(content: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(content.len() + 16);
    let mut bare = Vec::new();
    for (at, c) in content.char_indices() {
        out.push(c);
        if c != '&' {
            continue;
        }
        let rest = &content[at + 1..];
        let name_length = rest.find(|n: char| !(n.is_ascii_alphanumeric() || n == '#')).unwrap_or(rest.len());
        if !(name_length > 0 && rest[name_length..].starts_with(';')) {
            out.push_str("amp;");
            bare.push(at);
        }
    }
    (out, bare)
}

/// An offset into the escaped text as an offset into the text before: less the 4 bytes of each `amp;` before it.
fn unescaped_offset(offset: usize, bare: &[usize]) -> usize {
    let before = bare.iter().enumerate().filter(|&(k, &at)| at + 4 * k < offset).count();
    offset.saturating_sub(4 * before)
}

/// " at line L, column C" for a byte offset into `content`.
pub(super) fn position_text(content: &str, offset: usize) -> String {
    let mut offset = offset.min(content.len());
    while !content.is_char_boundary(offset) {
        offset -= 1;
    }
    let (line, column) = text::line_and_column(&content[..offset]);
    format!(" at line {line}, column {column}")
}

/// Where an XML document stops being well-formed, as a byte offset (feed-rs's errors do not say).
pub(super) fn xml_error_offset(content: &str) -> Option<usize> {
    let mut reader = quick_xml::Reader::from_str(content);
    reader.config_mut().check_end_names = true;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return None,
            Ok(_) => {}
            Err(_) => return Some(usize::try_from(reader.error_position()).unwrap_or(0).min(content.len())),
        }
    }
}
