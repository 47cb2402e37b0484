//! The builder's unit of work: one article as read from an input, before keywords, with the errors of the build
//! and the ids articles get.

use std::path::PathBuf;

use crate::manifest::Image;

/// One article as read from an input, before keyword extraction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// Where it came from, for messages: `feed.xml: item 3`, `site/news/a.html`.
    pub source: String,
    pub id: String,
    pub url: String,
    pub title: String,
    /// The page's own headline (its main h1), when it was read from a page.
    pub headline: Option<String>,
    /// The first second-level heading of a page's content, for when its h1 is the site's name too.
    pub subheading: Option<String>,
    /// The links of a page's content, as written, for telling a listing page from an article (empty for feeds).
    pub links: Vec<String>,
    /// Every link of a page, menus and footers included, for telling the pages the whole site links to (its
    /// navigation) from its articles (empty for feeds).
    pub all_links: Vec<String>,
    /// Whether the page names its own address (a canonical link): of two copies of an article (a print version,
    /// a republished one), the one that does is kept. Feed items always have theirs.
    pub canonical: bool,
    /// The page's own address (its path in the folder, or its file name) when it was read from a page. Two pages
    /// with one URL are an article and a copy that names the article's address as its own (a print version): the
    /// page found at that address is kept.
    pub address: Option<String>,
    pub date: Option<String>,
    pub lang: Option<String>,
    /// Whether `lang` is the feed's rather than the item's own (an RSS channel's `<language>`, a JSON Feed's
    /// `language`): a multilingual feed names one language for items in several, so the item's text decides when
    /// it clearly says otherwise.
    pub lang_inherited: bool,
    pub summary: Option<String>,
    pub image: Option<Image>,
    /// The page's other pictures, in its order: what stands in for `image` when that is the site's (its logo).
    pub other_images: Vec<Image>,
    /// The site's name as a page gives it (`og:site_name`); feed items have none.
    pub site_name: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    /// The main text, paragraphs separated by blank lines.
    pub body: String,
}

/// What reading the inputs finds, where each reader puts it: the documents, the items it skipped and why, notes on
/// what it repaired or left out, and what the feeds say of their site.
#[derive(Debug, Default)]
pub struct Read {
    pub documents: Vec<Document>,
    pub skipped: Vec<Skipped>,
    pub notes: Vec<String>,
    pub site: FeedSite,
}

/// What a feed says of its site: its title and its home page (an RSS channel's `<title>` and `<link>`, a JSON Feed's
/// `title` and `home_page_url`), for a manifest whose config names neither. The first feed that names one gives it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedSite {
    pub name: Option<String>,
    pub url: Option<String>,
}

impl FeedSite {
    pub fn offer(&mut self, name: Option<&str>, home: Option<&str>) {
        let name = name.map(crate::manifest::jsonfeed::plain_title).filter(|n| !n.trim().is_empty());
        if self.name.is_none() {
            self.name = name;
        }
        if self.url.is_none() {
            self.url = home.filter(|h| crate::url::is_http_url(h)).map(str::to_string);
        }
    }
}

impl Document {
    /// Title, summary and body together.
    pub fn full_text(&self) -> String {
        format!("{}.\n\n{}\n\n{}", self.title, self.summary.as_deref().unwrap_or(""), self.body)
    }

    /// A hash of everything an article is made from (not where it was read from): equal for the same article read
    /// again, different when any of its text, tags, date, language, address or picture changed.
    pub fn source_hash(&self) -> u64 {
        let mut bytes: Vec<u8> = Vec::with_capacity(self.body.len() + self.title.len() + 256);
        let mut push = |field: &str| {
            bytes.extend_from_slice(field.as_bytes());
            // 0xff never occurs in UTF-8: fields cannot run into each other.
            bytes.push(0xff);
        };
        let image = self.image.as_ref().map(|image| format!("{image:?}")).unwrap_or_default();
        for field in [&self.id, &self.url, &self.title, &self.body, &image] {
            push(field);
        }
        for field in [&self.headline, &self.subheading, &self.date, &self.lang, &self.summary] {
            push(field.as_deref().unwrap_or(""));
        }
        for list in [&self.tags, &self.categories] {
            list.iter().for_each(|item| push(item));
            push("");
        }
        crate::manifest::sharded::content_hash(&bytes)
    }
}

/// An input item left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub source: String,
    pub reason: String,
}

/// A failure of the whole build.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{path}: cannot read: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: {message}")]
    Config { path: PathBuf, message: String },
    #[error("--strict: {count} item(s) skipped; the first: {first}")]
    Strict { count: usize, first: String },
    #[error("no articles were found in the inputs: {why}")]
    NoArticles { why: String },
    #[error("internal error: the manifest built does not read back cleanly: {0}")]
    SelfCheck(String),
}

impl BuildError {
    /// What went wrong, without the file it went wrong in: for a page skipped within a folder, which names the page
    /// as its source.
    pub fn reason(self) -> String {
        match self {
            BuildError::Read { source, .. } => format!("cannot read: {source}"),
            BuildError::Parse { message, .. } | BuildError::Config { message, .. } => message,
            other => other.to_string(),
        }
    }
}

pub use crate::text::slugify;
