//! The manifest: the one definition of the format the CLI writes and the widget reads, and its validation.
//!
//! Reading is lenient item by item: a bad article or topic is skipped and reported with its place, and every good
//! one is kept. Only a document that is not a manifest at all (not JSON, not an object, an unknown version) fails
//! as a whole. A plain JSON Feed 1.1 file is accepted too and turned into the same model.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::date::parse_iso8601;
use crate::json::{type_name, Fields};
use crate::text;

/// The manifest format version this code writes and reads.
pub const FORMAT_VERSION: u64 = 1;
/// The largest manifest, in bytes, that the widget downloads and parses.
pub const MAX_MANIFEST_BYTES: usize = 10 * 1024 * 1024;
/// At most this many articles are read; the rest are reported as skipped.
pub const MAX_ARTICLES: usize = 20_000;
/// Field caps: longer ids and URLs make an article invalid; longer texts are shortened.
pub const MAX_ID_CHARS: usize = 200;
pub const MAX_URL_CHARS: usize = 2048;
pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_SUMMARY_CHARS: usize = 500;
pub const MAX_KEYWORDS: usize = 100;
pub const MAX_TERM_CHARS: usize = 100;
pub const MAX_LIST_ITEMS: usize = 50;

/// A whole manifest, as the CLI writes it and the widget uses it after validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manifest {
    pub version: u64,
    #[serde(skip_serializing_if = "Site::is_empty")]
    pub site: Site,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Topic>,
    /// Variant forms of keywords ("societies" -> "society"), so words taken from a page match without a stemmer.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub forms: BTreeMap<String, String>,
    pub articles: Vec<Article>,
}

/// The site the articles belong to.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Site {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The default language of articles that do not name their own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl Site {
    fn is_empty(&self) -> bool {
        self.name.is_none() && self.url.is_none() && self.lang.is_none()
    }
}

/// A topic readers can follow, with labels per language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    pub id: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
}

impl Topic {
    /// The label for `lang`, else for `fallback_lang`, else English, else any, else the id.
    pub fn label(&self, lang: &str, fallback_lang: &str) -> &str {
        [lang, fallback_lang, "en"]
            .iter()
            .find_map(|l| self.labels.get(*l).or_else(|| self.labels.get(&text::primary_language(l))))
            .or_else(|| self.labels.values().next())
            .map_or(self.id.as_str(), String::as_str)
    }
}

/// One article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    pub id: String,
    pub url: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<Keyword>,
    #[serde(skip_serializing_if = "Entities::is_empty")]
    pub entities: Entities,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pinned: Vec<String>,
}

/// An article's picture: a bare URL, or a URL with its size so the layout does not shift while it loads.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Image {
    Url(String),
    Sized {
        url: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        width: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        height: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        alt: Option<String>,
    },
}

impl Image {
    pub fn url(&self) -> &str {
        match self {
            Image::Url(url) | Image::Sized { url, .. } => url,
        }
    }

    /// Width and height in pixels, when both are known and non-zero.
    pub fn size(&self) -> Option<(u32, u32)> {
        match self {
            Image::Sized { width: Some(w), height: Some(h), .. } if *w > 0 && *h > 0 => Some((*w, *h)),
            _ => None,
        }
    }
}

/// A normalised keyword with its weight; written as `"term"` when the weight is 1, else as `["term", weight]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    pub term: String,
    pub weight: f32,
}

impl Keyword {
    pub fn new(term: impl Into<String>, weight: f32) -> Self {
        Keyword { term: term.into(), weight }
    }
}

impl Serialize for Keyword {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if (self.weight - 1.0).abs() < f32::EPSILON {
            serializer.serialize_str(&self.term)
        } else {
            // Two decimals are plenty for a weight and keep the manifest small.
            let rounded = (f64::from(self.weight) * 100.0).round() / 100.0;
            (&self.term, rounded).serialize(serializer)
        }
    }
}

/// Named things an article is about, by kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Entities {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other: Vec<String>,
}

impl Entities {
    pub fn is_empty(&self) -> bool {
        self.people.is_empty() && self.organizations.is_empty() && self.places.is_empty() && self.other.is_empty()
    }

    /// Every entity name, whatever its kind.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.people.iter().chain(&self.organizations).chain(&self.places).chain(&self.other)
    }

    fn lists_mut(&mut self) -> [(&'static str, &mut Vec<String>); 4] {
        [
            ("people", &mut self.people),
            ("organizations", &mut self.organizations),
            ("places", &mut self.places),
            ("other", &mut self.other),
        ]
    }
}

impl Site {
    fn from_json(fields: &mut Fields<'_>) -> Site {
        Site { name: fields.optional_str("name"), url: fields.optional_str("url"), lang: fields.optional_str("lang") }
    }
}

impl Topic {
    /// Reads a topic entry: `Err` when its id is missing or not a string.
    pub fn from_json(value: &Value, warnings: &mut Vec<(String, String)>) -> Result<Topic, String> {
        let mut fields = Fields::new(value)?;
        let topic = Topic {
            id: fields.required_str("id")?,
            labels: fields.str_map("labels").into_iter().collect(),
            feed: fields.optional_str("feed"),
            count: fields.optional_u64("count"),
        };
        warnings.append(&mut fields.warnings);
        Ok(topic)
    }
}

impl Article {
    /// Reads an article entry: `Err` when a required field (id, url, title) is missing or of the wrong type;
    /// a wrong optional field is dropped and reported in `warnings` as `(field, message)`.
    pub fn from_json(value: &Value, warnings: &mut Vec<(String, String)>) -> Result<Article, String> {
        let mut fields = Fields::new(value)?;
        let article = Article {
            id: fields.required_str("id")?,
            url: fields.required_str("url")?,
            title: fields.required_str("title")?,
            date: fields.optional_str("date"),
            lang: fields.optional_str("lang"),
            summary: fields.optional_str("summary"),
            image: read_image(&mut fields),
            topics: fields.str_list("topics"),
            keywords: read_keywords(&mut fields),
            entities: read_entities(&mut fields),
            pinned: fields.str_list("pinned"),
        };
        warnings.append(&mut fields.warnings);
        Ok(article)
    }
}

fn read_image(fields: &mut Fields<'_>) -> Option<Image> {
    match fields.get("image")? {
        Value::String(url) => Some(Image::Url(url.clone())),
        Value::Object(_) => {
            let mut image = fields.nested("image")?;
            let url = match image.required_str("url") {
                Ok(url) => url,
                Err(message) => {
                    fields.warn("image", format!("{message}; ignored"));
                    return None;
                }
            };
            let size = |image: &mut Fields<'_>, key: &str| image.optional_u64(key).and_then(|n| u32::try_from(n).ok());
            let (width, height, alt) = (size(&mut image, "width"), size(&mut image, "height"), image.optional_str("alt"));
            fields.absorb(image);
            Some(Image::Sized { url, width, height, alt })
        }
        other => {
            fields.warn("image", format!("expected a URL string or an object, found {}; ignored", type_name(other)));
            None
        }
    }
}

/// Keywords are `"term"` or `["term", weight]` with a positive weight; anything else is dropped with a warning.
fn read_keywords(fields: &mut Fields<'_>) -> Vec<Keyword> {
    let Some(value) = fields.get("keywords") else { return Vec::new() };
    let Value::Array(items) = value else {
        fields.warn("keywords", format!("expected an array, found {}; ignored", type_name(value)));
        return Vec::new();
    };
    let mut keywords = Vec::with_capacity(items.len().min(MAX_KEYWORDS));
    for (i, item) in items.iter().enumerate() {
        let keyword = match item {
            Value::String(term) => Ok(Keyword::new(term.as_str(), 1.0)),
            Value::Array(pair) => match (pair.first(), pair.get(1).and_then(Value::as_f64), pair.len()) {
                (Some(Value::String(term)), Some(weight), 2) if weight.is_finite() && weight > 0.0 => {
                    Ok(Keyword::new(term.as_str(), weight as f32))
                }
                _ => Err("expected [\"term\", positive weight]".to_string()),
            },
            other => Err(format!("expected a string or a [term, weight] pair, found {}", type_name(other))),
        };
        match keyword {
            Ok(keyword) => keywords.push(keyword),
            Err(message) => fields.warn(&format!("keywords[{i}]"), format!("{message}; dropped")),
        }
    }
    keywords
}

fn read_entities(fields: &mut Fields<'_>) -> Entities {
    let Some(mut nested) = fields.nested("entities") else { return Entities::default() };
    let entities = Entities {
        people: nested.str_list("people"),
        organizations: nested.str_list("organizations"),
        places: nested.str_list("places"),
        other: nested.str_list("other"),
    };
    fields.absorb(nested);
    entities
}

/// A document that cannot be used as a manifest at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ManifestError {
    #[error("the manifest is not valid JSON (line {line}, column {column}): {message}")]
    NotJson { line: usize, column: usize, message: String },
    #[error("the manifest is {bytes} bytes, above the limit of {limit} bytes")]
    TooLarge { bytes: usize, limit: usize },
    #[error("the manifest must be a JSON object, found {found}")]
    NotAnObject { found: &'static str },
    #[error("the manifest has neither an \"articles\" array (related-news format) nor an \"items\" array (JSON Feed)")]
    UnknownFormat,
    #[error("\"{field}\" must be an array, found {found}")]
    NotAnArray { field: &'static str, found: &'static str },
    #[error("manifest version {found} is not supported (this widget reads version {FORMAT_VERSION})")]
    UnsupportedVersion { found: String },
}

/// Something wrong with one entry or field, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: `articles[12]`, `articles[12].date`, `topics[3]`, `items[0]`.
    pub place: String,
    /// The article or topic id, when it had one.
    pub id: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{} (id \"{}\"): {}", self.place, id, self.message),
            None => write!(f, "{}: {}", self.place, self.message),
        }
    }
}

/// What was wrong in a manifest that was still usable.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Entries left out.
    pub skipped: Vec<Problem>,
    /// Fields dropped or shortened; their entries were kept.
    pub warnings: Vec<Problem>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.skipped.is_empty() && self.warnings.is_empty()
    }

    /// One line for a console warning: counts and the first problem of each kind.
    pub fn summary(&self) -> Option<String> {
        if self.is_clean() {
            return None;
        }
        let mut parts = Vec::new();
        if let Some(first) = self.skipped.first() {
            parts.push(format!("skipped {} invalid entr{} (first: {first})", self.skipped.len(),
                if self.skipped.len() == 1 { "y" } else { "ies" }));
        }
        if let Some(first) = self.warnings.first() {
            parts.push(format!("{} field problem{} (first: {first})", self.warnings.len(),
                if self.warnings.len() == 1 { "" } else { "s" }));
        }
        Some(parts.join("; "))
    }
}

/// Which kind of document the manifest came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    RelatedNews,
    JsonFeed,
}

/// A manifest that can be used, with the problems found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub manifest: Manifest,
    pub report: Report,
    pub format: SourceFormat,
}

/// Parses manifest text (the related-news format or JSON Feed 1.1).
pub fn parse_str(text: &str) -> Result<Loaded, ManifestError> {
    if text.len() > MAX_MANIFEST_BYTES {
        return Err(ManifestError::TooLarge { bytes: text.len(), limit: MAX_MANIFEST_BYTES });
    }
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        ManifestError::NotJson { line: e.line(), column: e.column(), message: strip_position(&e.to_string()) }
    })?;
    from_value(value)
}

/// serde_json appends " at line L column C" to its messages; callers give the position separately.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// Validates an already-parsed JSON document (from `JSON.parse` in the browser, or `serde_json` natively).
pub fn from_value(value: Value) -> Result<Loaded, ManifestError> {
    let Value::Object(mut root) = value else {
        return Err(ManifestError::NotAnObject { found: type_name(&value) });
    };
    if let Some(items) = root.remove("items") {
        if !root.contains_key("articles") {
            return crate::jsonfeed::from_json_feed(root, items);
        }
    }
    let articles = root.remove("articles").ok_or(ManifestError::UnknownFormat)?;
    let Value::Array(articles) = articles else {
        return Err(ManifestError::NotAnArray { field: "articles", found: type_name(&articles) });
    };
    match root.get("version") {
        Some(Value::Number(n)) if n.as_u64() == Some(FORMAT_VERSION) => {}
        Some(other) => return Err(ManifestError::UnsupportedVersion { found: describe_version(other) }),
        None => return Err(ManifestError::UnsupportedVersion { found: "(missing)".into() }),
    }
    let mut report = Report::default();
    let root_value = Value::Object(root);
    let mut root_fields = Fields::new(&root_value).map_err(|_| ManifestError::UnknownFormat)?;
    let site = match root_fields.nested("site") {
        Some(mut fields) => {
            let site = Site::from_json(&mut fields);
            root_fields.absorb(fields);
            site
        }
        None => Site::default(),
    };
    let forms: BTreeMap<String, String> = root_fields
        .str_map("forms")
        .into_iter()
        .filter(|(variant, keyword)| !variant.is_empty() && !keyword.is_empty())
        .collect();
    let topics = match root_fields.get("topics") {
        None => Vec::new(),
        Some(Value::Array(entries)) => validate_topics(entries, &mut report),
        Some(other) => {
            root_fields.warn("topics", format!("expected an array, found {}; ignored", type_name(other)));
            Vec::new()
        }
    };
    report.warnings.extend(root_fields.warnings.drain(..).map(|(field, message)| problem(field, None, message)));
    let site = validate_site(site, &mut report);
    let default_lang = site.lang.clone();
    let articles = validate_articles(&articles, "articles", default_lang.as_deref(), &mut report, Article::from_json);
    let manifest = Manifest { version: FORMAT_VERSION, site, topics, forms, articles };
    Ok(Loaded { manifest, report, format: SourceFormat::RelatedNews })
}

/// Names an unsupported version without formatting floats (which would add their tables to the wasm file).
fn describe_version(value: &Value) -> String {
    match value {
        Value::Number(n) => n.as_i64().map_or_else(|| "(a fraction)".to_string(), |i| i.to_string()),
        Value::String(s) => format!("\"{}\"", text::truncate_chars(s, 40)),
        other => format!("({})", type_name(other)),
    }
}

pub(crate) fn problem(place: impl Into<String>, id: Option<&str>, message: impl Into<String>) -> Problem {
    Problem { place: place.into(), id: id.map(str::to_string), message: message.into() }
}

fn validate_site(mut site: Site, report: &mut Report) -> Site {
    if let Some(url) = &site.url {
        if let Err(why) = check_url(url) {
            report.warnings.push(problem("site.url", None, why));
            site.url = None;
        }
    }
    site
}

fn validate_topics(entries: &[Value], report: &mut Report) -> Vec<Topic> {
    let mut seen = HashSet::new();
    let mut topics = Vec::new();
    for (i, value) in entries.iter().enumerate() {
        let place = format!("topics[{i}]");
        let mut field_warnings = Vec::new();
        let topic = match Topic::from_json(value, &mut field_warnings) {
            Ok(topic) => topic,
            Err(message) => {
                report.skipped.push(problem(place, None, message));
                continue;
            }
        };
        let id = topic.id.trim();
        if id.is_empty() || id.chars().count() > MAX_ID_CHARS {
            report.skipped.push(problem(place, Some(id), "id must be 1 to 200 characters"));
            continue;
        }
        if !seen.insert(id.to_string()) {
            report.skipped.push(problem(place, Some(id), "duplicate topic id"));
            continue;
        }
        for (field, message) in field_warnings {
            report.warnings.push(problem(format!("{place}.{field}"), Some(id), message));
        }
        let mut topic = Topic { id: id.to_string(), ..topic };
        if let Some(feed) = &topic.feed {
            if let Err(why) = check_url(feed) {
                report.warnings.push(problem(format!("{place}.feed"), Some(id), why));
                topic.feed = None;
            }
        }
        topics.push(topic);
    }
    topics
}

/// Validates article entries, whichever format they came from: `read` turns one JSON entry into an [`Article`].
pub(crate) fn validate_articles(
    entries: &[Value],
    list_name: &str,
    default_lang: Option<&str>,
    report: &mut Report,
    read: impl Fn(&Value, &mut Vec<(String, String)>) -> Result<Article, String>,
) -> Vec<Article> {
    let mut seen_ids = HashSet::new();
    let mut articles = Vec::with_capacity(entries.len().min(MAX_ARTICLES));
    let total = entries.len();
    for (i, value) in entries.iter().enumerate() {
        let place = format!("{list_name}[{i}]");
        if i >= MAX_ARTICLES {
            report.skipped.push(problem(
                format!("{list_name}[{i}..{total}]"),
                None,
                format!("only the first {MAX_ARTICLES} articles are read"),
            ));
            break;
        }
        let id_hint = value.get("id").and_then(Value::as_str).map(str::to_string);
        let mut field_warnings = Vec::new();
        let article = match read(value, &mut field_warnings) {
            Ok(article) => article,
            Err(message) => {
                report.skipped.push(problem(place, id_hint.as_deref(), message));
                continue;
            }
        };
        let id = article.id.trim().to_string();
        for (field, message) in field_warnings {
            report.warnings.push(problem(format!("{place}.{field}"), Some(&id), message));
        }
        match validate_article(article, &place, default_lang, &mut report.warnings) {
            Ok(article) if seen_ids.insert(article.id.clone()) => articles.push(article),
            Ok(article) => report.skipped.push(problem(place, Some(&article.id), "duplicate id")),
            Err(skip) => report.skipped.push(skip),
        }
    }
    articles
}

/// Checks one article's fields: required ones make it invalid, optional ones are dropped or shortened.
fn validate_article(
    mut article: Article,
    place: &str,
    default_lang: Option<&str>,
    warnings: &mut Vec<Problem>,
) -> Result<Article, Problem> {
    article.id = article.id.trim().to_string();
    let id = article.id.clone();
    let skip = |message: String| problem(place, (!id.is_empty()).then_some(id.as_str()), message);
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS {
        return Err(skip(format!("id must be 1 to {MAX_ID_CHARS} characters")));
    }
    article.url = article.url.trim().to_string();
    check_url(&article.url).map_err(|why| skip(format!("url: {why}")))?;
    let title = collapse_whitespace(&article.title);
    if title.is_empty() {
        return Err(skip("title is empty".into()));
    }
    let mut warn = |field: &str, message: String| warnings.push(problem(format!("{place}.{field}"), Some(&id), message));
    article.title = text::truncate_chars(&title, MAX_TITLE_CHARS).into_owned();
    if article.title.len() < title.len() {
        warn("title", format!("longer than {MAX_TITLE_CHARS} characters; shortened"));
    }
    if let Some(date) = &article.date {
        if let Err(why) = parse_iso8601(date) {
            warn("date", format!("\"{date}\" is not an ISO 8601 date ({why}); dropped"));
            article.date = None;
        }
    }
    if let Some(lang) = &article.lang {
        if !is_language_tag(lang) {
            warn("lang", format!("\"{lang}\" is not a language tag; dropped"));
            article.lang = None;
        }
    }
    if article.lang.is_none() {
        article.lang = default_lang.filter(|l| is_language_tag(l)).map(str::to_string);
    }
    if let Some(summary) = article.summary.take() {
        let summary = collapse_whitespace(&summary);
        if summary.chars().count() > MAX_SUMMARY_CHARS {
            warn("summary", format!("longer than {MAX_SUMMARY_CHARS} characters; shortened"));
        }
        let summary = text::truncate_chars(&summary, MAX_SUMMARY_CHARS).into_owned();
        article.summary = (!summary.is_empty()).then_some(summary);
    }
    if let Some(image) = &article.image {
        if let Err(why) = check_url(image.url()) {
            warn("image", format!("url: {why}; dropped"));
            article.image = None;
        }
    }
    if article.keywords.len() > MAX_KEYWORDS {
        warn("keywords", format!("more than {MAX_KEYWORDS}; the rest are ignored"));
        article.keywords.truncate(MAX_KEYWORDS);
    }
    let before = article.keywords.len();
    article.keywords.retain(|k| {
        let length = k.term.chars().count();
        length > 0 && length <= MAX_TERM_CHARS
    });
    if article.keywords.len() < before {
        warn("keywords", format!("{} empty or over-long keyword(s) dropped", before - article.keywords.len()));
    }
    for (field, list) in [("topics", &mut article.topics), ("pinned", &mut article.pinned)] {
        cap_list(list, field, &mut warn);
    }
    for (kind, list) in article.entities.lists_mut() {
        cap_list(list, &format!("entities.{kind}"), &mut warn);
    }
    Ok(article)
}

/// Drops empty and over-long strings from a list and caps its length.
fn cap_list(list: &mut Vec<String>, field: &str, warn: &mut impl FnMut(&str, String)) {
    let before = list.len();
    list.retain(|s| !s.trim().is_empty() && s.chars().count() <= MAX_TERM_CHARS.max(MAX_ID_CHARS));
    if list.len() > MAX_LIST_ITEMS {
        list.truncate(MAX_LIST_ITEMS);
    }
    if list.len() < before {
        warn(field, format!("{} entr(ies) dropped (empty, too long, or over {MAX_LIST_ITEMS})", before - list.len()));
    }
}

pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A loose BCP 47 check: letters, digits and hyphens, starting with 2 or 3 letters.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    primary_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Accepts `http:`, `https:` and relative URLs; rejects every other scheme (`javascript:`, `data:`, `vbscript:`...).
///
/// Browsers drop tabs and newlines anywhere in a URL and leading control characters and spaces, so
/// "java\tscript:" is still a script URL: the scheme is read the way a browser would read it.
pub fn check_url(url: &str) -> Result<(), String> {
    if url.chars().count() > MAX_URL_CHARS {
        return Err(format!("longer than {MAX_URL_CHARS} characters"));
    }
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if cleaned.is_empty() {
        return Err("empty".into());
    }
    let scheme_end = cleaned.find([':', '/', '?', '#']);
    if let Some(end) = scheme_end.filter(|&end| cleaned[end..].starts_with(':')) {
        let scheme = &cleaned[..end];
        let is_scheme = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if is_scheme && !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return Err(format!("scheme \"{scheme}\" is not allowed (only http, https and relative URLs)"));
        }
        if !is_scheme {
            return Err(format!("\"{}\" is not a valid URL", truncated(&cleaned)));
        }
    }
    if cleaned.contains('\\') && cleaned.starts_with(['\\', '/']) {
        // "/\evil.example" is read by browsers as another host, like "//evil.example": refuse the ambiguity.
        return Err("backslashes at the start of a URL are not allowed".into());
    }
    Ok(())
}

fn truncated(text: &str) -> String {
    text::truncate_chars(text, 60).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article_json(id: &str) -> String {
        format!(r#"{{"id":"{id}","url":"/a/{id}.html","title":"Title {id}"}}"#)
    }

    #[test]
    fn reads_a_minimal_manifest() {
        let text = format!(r#"{{"version":1,"articles":[{},{}]}}"#, article_json("a"), article_json("b"));
        let loaded = parse_str(&text).expect("valid manifest");
        assert_eq!(loaded.manifest.articles.len(), 2);
        assert!(loaded.report.is_clean());
        assert_eq!(loaded.format, SourceFormat::RelatedNews);
    }

    #[test]
    fn whole_document_errors_name_what_is_wrong() {
        assert!(matches!(parse_str("{\"version\":1,"), Err(ManifestError::NotJson { line: 1, .. })));
        let err = parse_str("{\n \"version\": 1,\n \"articles\": [}\n").expect_err("syntax error");
        assert!(matches!(err, ManifestError::NotJson { line: 3, .. }), "{err:?}");
        assert_eq!(parse_str("[]"), Err(ManifestError::NotAnObject { found: "an array" }));
        assert_eq!(parse_str("{\"version\":1}"), Err(ManifestError::UnknownFormat));
        assert_eq!(
            parse_str("{\"version\":1,\"articles\":{}}"),
            Err(ManifestError::NotAnArray { field: "articles", found: "an object" })
        );
        assert!(matches!(parse_str("{\"version\":2,\"articles\":[]}"), Err(ManifestError::UnsupportedVersion { .. })));
        assert!(parse_str("{\"version\":2,\"articles\":[]}")
            .expect_err("v2")
            .to_string()
            .contains("version 2 is not supported"));
    }

    #[test]
    fn a_bad_article_is_skipped_with_its_place_and_the_good_ones_stay() {
        let text = r#"{"version":1,"articles":[
            {"id":"good","url":"/good","title":"Good"},
            {"id":"no-title","url":"/x"},
            {"id":"bad-type","url":"/y","title":5},
            {"id":"script","url":"javascript:alert(1)","title":"Evil"},
            {"id":"tabbed","url":"java\tscript:alert(1)","title":"Evil too"},
            {"id":"good","url":"/dup","title":"Duplicate id"},
            "not an object",
            {"id":"also-good","url":"https://example.org/x","title":"  Also   good ","date":"yesterday"}
        ]}"#;
        let loaded = parse_str(text).expect("usable");
        let ids: Vec<_> = loaded.manifest.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["good", "also-good"]);
        assert_eq!(loaded.manifest.articles[1].title, "Also good");
        assert_eq!(loaded.manifest.articles[1].date, None);
        let skipped: Vec<String> = loaded.report.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(skipped.len(), 6, "{skipped:#?}");
        assert_eq!(skipped[0], "articles[1] (id \"no-title\"): missing field \"title\"");
        assert_eq!(skipped[1], "articles[2] (id \"bad-type\"): title: expected a string, found a number");
        assert!(skipped[2].contains("scheme \"javascript\" is not allowed"), "{}", skipped[2]);
        assert!(skipped[3].contains("scheme \"javascript\" is not allowed"), "{}", skipped[3]);
        assert!(skipped[4].contains("duplicate id"));
        assert!(skipped[5].starts_with("articles[6]"));
        assert_eq!(loaded.report.warnings.len(), 1);
        assert!(loaded.report.warnings[0].to_string().contains("articles[7].date"));
        let summary = loaded.report.summary().expect("a summary");
        assert!(summary.starts_with("skipped 6 invalid entries (first: articles[1]"), "{summary}");
    }

    #[test]
    fn a_wrong_optional_field_is_dropped_not_the_article() {
        let text = r#"{"version":1,"site":{"lang":7},"topics":{},"articles":[{"id":"a","url":"/a","title":"A",
            "summary":["x"],"image":{"width":3},"topics":["t",4],"entities":{"people":"Kerry"},"date":20140101}]}"#;
        let loaded = parse_str(text).expect("usable");
        assert_eq!(loaded.manifest.articles.len(), 1);
        let places: Vec<&str> = loaded.report.warnings.iter().map(|p| p.place.as_str()).collect();
        assert_eq!(
            places,
            ["site.lang", "topics", "articles[0].date", "articles[0].summary", "articles[0].image",
             "articles[0].topics[1]", "articles[0].entities.people"]
        );
        assert_eq!(loaded.manifest.articles[0].topics, ["t"]);
    }

    #[test]
    fn caps_field_lengths() {
        let long_title = "word ".repeat(200);
        let long_id = "x".repeat(201);
        let text = format!(
            r#"{{"version":1,"articles":[{{"id":"a","url":"/a","title":"{long_title}","summary":"{long_title}"}},
            {{"id":"{long_id}","url":"/b","title":"B"}}]}}"#
        );
        let loaded = parse_str(&text).expect("usable");
        assert_eq!(loaded.manifest.articles.len(), 1);
        let article = &loaded.manifest.articles[0];
        assert!(article.title.chars().count() <= MAX_TITLE_CHARS);
        assert!(article.title.ends_with('…'));
        assert!(article.summary.as_ref().is_some_and(|s| s.chars().count() <= MAX_SUMMARY_CHARS));
        assert_eq!(loaded.report.skipped.len(), 1);
        let too_big = " ".repeat(MAX_MANIFEST_BYTES + 1);
        assert!(matches!(parse_str(&too_big), Err(ManifestError::TooLarge { .. })));
    }

    #[test]
    fn keywords_plain_and_weighted_round_trip() {
        let text = r#"{"version":1,"site":{"lang":"ru"},"articles":[{"id":"a","url":"/a","title":"A",
            "keywords":["civil society",["osce",2.5],["bad",-1]]}]}"#;
        let loaded = parse_str(text).expect("usable");
        // A bad keyword is dropped with a warning naming it; the article and its other keywords stay.
        assert_eq!(loaded.manifest.articles[0].keywords.len(), 2);
        assert_eq!(loaded.report.warnings.len(), 1);
        assert_eq!(loaded.report.warnings[0].place, "articles[0].keywords[2]");
        assert!(loaded.report.skipped.is_empty());

        let text = r#"{"version":1,"site":{"lang":"ru"},"articles":[{"id":"a","url":"/a","title":"A",
            "keywords":["civil society",["osce",2.5]]}]}"#;
        let loaded = parse_str(text).expect("usable");
        let article = &loaded.manifest.articles[0];
        assert_eq!(article.keywords, vec![Keyword::new("civil society", 1.0), Keyword::new("osce", 2.5)]);
        assert_eq!(article.lang.as_deref(), Some("ru"), "site language is the default");
        let written = serde_json::to_string(&loaded.manifest).expect("serialises");
        assert!(written.contains(r#""keywords":["civil society",["osce",2.5]]"#), "{written}");
        assert_eq!(parse_str(&written).expect("round trip").manifest, loaded.manifest);
    }

    #[test]
    fn url_policy() {
        for ok in ["/a", "a/b.html", "https://x.org/a", "HTTP://x.org", "//cdn.x.org/i.png", "?page=2", "#top",
            "news/2024:05/x"] {
            assert_eq!(check_url(ok), Ok(()), "{ok}");
        }
        for bad in ["javascript:alert(1)", " JavaScript:alert(1)", "java\nscript:x", "data:text/html,x",
            "vbscript:x", "mailto:a@b.c", "", "   ", "/\\evil.example"] {
            assert!(check_url(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(check_url(&format!("/{}", "a".repeat(MAX_URL_CHARS))).is_err());
    }

    #[test]
    fn topics_and_labels() {
        let text = r#"{"version":1,"topics":[{"id":"hr","labels":{"en":"Human rights","az":"İnsan hüquqları"},
            "feed":"javascript:x"},{"id":"hr"},{"labels":{}}],"articles":[]}"#;
        let loaded = parse_str(text).expect("usable");
        assert_eq!(loaded.manifest.topics.len(), 1);
        let topic = &loaded.manifest.topics[0];
        assert_eq!(topic.feed, None);
        assert_eq!(topic.label("az-AZ", "en"), "İnsan hüquqları");
        assert_eq!(topic.label("ru", "lt"), "Human rights");
        assert_eq!(loaded.report.skipped.len(), 2);
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("az-Latn-AZ"));
        assert!(!is_language_tag("english language"));
        assert!(!is_language_tag(""));
    }
}
