//! What extraction reads from one page or text file: the shape both extractors fill in.

use crate::text;

/// An image that represents the article (og:image or the JSON-LD image).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractedImage {
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// What could be read from one page; every field is optional except the (possibly empty) body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractedPage {
    /// og:title, else the main h1, else `<title>`, with a confirmed site suffix (" | Site") removed.
    pub title: Option<String>,
    /// The page's own headline (its main h1), for when the title turns out to be the site's name on every page.
    pub headline: Option<String>,
    /// The first second-level heading of the page's content, for when its h1 is the site's name on every page too
    /// (an old template's `<h1>` site name above the item's `<h2>` headline).
    pub subheading: Option<String>,
    /// The `href`s of the links in the page's content (menus and sidebars left out), as written.
    pub links: Vec<String>,
    /// The `href`s of every link on the page, menus and footers included, as written: what the site links to from
    /// everywhere (its about page, its sections) is part of its navigation.
    pub all_links: Vec<String>,
    /// The site's name as the page gives it (`og:site_name`, else `application-name`).
    pub site_name: Option<String>,
    /// `<link rel=canonical href>`, as written.
    pub canonical_url: Option<String>,
    /// "YYYY-MM-DD" or RFC 3339 "YYYY-MM-DDTHH:MM:SS(Z|±HH:MM)".
    pub date: Option<String>,
    /// A BCP 47 tag such as "en" or "en-US".
    pub lang: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub summary: Option<String>,
    pub image: Option<ExtractedImage>,
    /// The page's other pictures, in the order the page names them (its further `og:image`s, the JSON-LD image, the
    /// Twitter card's): a site whose every page names its logo first names the article's own picture next.
    pub other_images: Vec<ExtractedImage>,
    pub authors: Vec<String>,
    /// The main text: paragraphs separated by "\n\n", whitespace collapsed, cleaned by `clean::clean_body`.
    pub body: String,
}


/// Keeps the first of each item, compared without case, white space collapsed; empty items are dropped.
pub(crate) fn dedupe(items: Vec<String>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for item in items {
        let item = text::collapse_whitespace(&item);
        // Lower-casing "İ" (Azerbaijani, Turkish) leaves a combining dot that would keep "İnsan" and "insan" apart.
        let key: String = item.to_lowercase().chars().filter(|c| *c != '\u{307}').collect();
        if !item.is_empty() && !seen.contains(&key) {
            seen.push(key);
            out.push(item);
        }
    }
    out
}
