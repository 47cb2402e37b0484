//! Reading the host page: which article it is, its language, and its own words for articles not in the manifest.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

/// How much each part of the page counts when the page has to stand in for a manifest entry.
const TITLE_WEIGHT: f32 = 3.0;
const TAG_WEIGHT: f32 = 3.0;
const HEADING_WEIGHT: f32 = 2.0;
const BODY_WEIGHT: f32 = 1.0;
/// The first paragraphs say what a story is about; the rest adds noise and time.
const MAX_PARAGRAPHS: usize = 6;
const MAX_BODY_CHARS: usize = 3000;

fn meta_contents(document: &Document, selector: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(nodes) = document.query_selector_all(selector) {
        for i in 0..nodes.length() {
            if let Some(content) = nodes.item(i).and_then(|n| n.dyn_into::<Element>().ok()).and_then(|e| e.get_attribute("content")) {
                out.push(content);
            }
        }
    }
    out
}

fn first_text(document: &Document, selector: &str) -> Option<String> {
    let text = document.query_selector(selector).ok()??.text_content()?;
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// The page's `rel=canonical` link, absolute.
pub fn canonical_url(document: &Document) -> Option<String> {
    let link = document.query_selector("link[rel~='canonical'][href]").ok()??;
    let href = link.dyn_into::<web_sys::HtmlLinkElement>().ok()?.href();
    (!href.is_empty()).then_some(href)
}

/// The `<html lang>` of the page.
pub fn html_lang(document: &Document) -> Option<String> {
    let lang = document.document_element()?.get_attribute("lang")?;
    let lang = lang.trim();
    (!lang.is_empty()).then(|| lang.to_string())
}

/// The page's title: `og:title`, else `<title>`.
pub fn title(document: &Document) -> Option<String> {
    meta_contents(document, "meta[property='og:title'][content]")
        .into_iter()
        .next()
        .or_else(|| Some(document.title()).filter(|t| !t.trim().is_empty()))
}

/// The page's own texts with their weights: title, tags and keywords, main heading, first paragraphs.
pub fn texts(document: &Document) -> Vec<(String, f32)> {
    let mut texts = Vec::new();
    if let Some(title) = title(document) {
        texts.push((title, TITLE_WEIGHT));
    }
    for tag in meta_contents(document, "meta[property='article:tag'][content]") {
        texts.push((tag, TAG_WEIGHT));
    }
    for keywords in meta_contents(document, "meta[name='keywords'][content]") {
        // Keywords meta is comma-separated; each keyword is its own clause so phrases do not run together.
        texts.push((keywords.replace(',', "."), TAG_WEIGHT));
    }
    if let Some(heading) = first_text(document, "article h1, main h1, h1") {
        texts.push((heading, HEADING_WEIGHT));
    }
    let container = ["article", "main", "[role='main']", "body"]
        .iter()
        .find_map(|selector| document.query_selector(selector).ok().flatten());
    if let Some(container) = container {
        let mut body = String::new();
        if let Ok(paragraphs) = container.query_selector_all("p") {
            for i in 0..paragraphs.length().min(MAX_PARAGRAPHS as u32) {
                if let Some(text) = paragraphs.item(i).and_then(|p| p.text_content()) {
                    body.push_str(text.trim());
                    body.push('\n');
                }
                if body.len() > MAX_BODY_CHARS {
                    break;
                }
            }
        }
        if !body.is_empty() {
            texts.push((body, BODY_WEIGHT));
        }
    }
    texts
}
