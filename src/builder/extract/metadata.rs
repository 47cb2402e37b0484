//! A page's metadata: `<meta>` tags (Open Graph, Dublin Core, article:*), JSON-LD objects, and what they say
//! about title, date, language, tags, image and authors.

use scraper::Html;
use serde_json::Value;

use super::page::ExtractedImage;
use crate::text;

/// name or itemprop attribute.
pub(super) struct Metas {
    pub(super) pairs: Vec<(String, String)>,
}

impl Metas {
    pub(super) fn read(doc: &Html) -> Self {
        let mut pairs = Vec::new();
        for el in doc.root_element().descendent_elements().filter(|e| e.value().name() == "meta") {
            let Some(content) = el.value().attr("content") else {
                continue;
            };
            let content = text::collapse_whitespace(content);
            if content.is_empty() {
                continue;
            }
            for attr in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(key) = el.value().attr(attr) {
                    let key = key.trim().to_ascii_lowercase();
                    let key = if attr == "http-equiv" { format!("http-equiv:{key}") } else { key };
                    pairs.push((key, content.clone()));
                }
            }
        }
        Metas { pairs }
    }

    pub(super) fn all<'m>(&'m self, key: &'m str) -> impl Iterator<Item = &'m str> + 'm {
        self.pairs.iter().filter(move |(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub(super) fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| self.all(key).next().map(str::to_string))
    }
}

/// The fields read from the page's JSON-LD article object.
#[derive(Debug, Default)]
pub(super) struct JsonLd {
    pub(super) headline: Option<String>,
    /// The `headline` of an object typed as an article (`NewsArticle`, `BlogPosting`...): the article's own title,
    /// which a page whose `<title>` is only its section and site ("Press releases | Ministry of ...") may give
    /// nowhere else. A `name`, or an untyped object's headline, may be the page's or the site's.
    pub(super) article_headline: Option<String>,
    pub(super) date: Option<String>,
    pub(super) keywords: Vec<String>,
    pub(super) sections: Vec<String>,
    pub(super) image: Option<ExtractedImage>,
    pub(super) authors: Vec<String>,
    pub(super) description: Option<String>,
    pub(super) language: Option<String>,
}

pub(super) const ARTICLE_TYPES: &[&str] = &[
    "newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "report", "scholarlyarticle", "techarticle", "liveblogposting",
    "socialmediaposting", "posting",
];

impl JsonLd {
    pub(super) fn read(doc: &Html) -> Self {
        let mut objects: Vec<Value> = Vec::new();
        for el in doc.root_element().descendent_elements().filter(|e| e.value().name() == "script") {
            let is_ld = el.value().attr("type").is_some_and(|t| t.trim().to_ascii_lowercase().contains("ld+json"));
            if !is_ld {
                continue;
            }
            let raw: String = el.text().collect();
            if let Some(value) = parse_json_ld(&raw) {
                collect_objects(&value, &mut objects, 0);
            }
        }
        let is_article = |o: &Value| types_of(o).iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()));
        let chosen = objects.iter().find(|o| is_article(o)).or_else(|| {
            objects.iter().find(|o| o.get("headline").is_some() || o.get("datePublished").is_some())
        });
        let Some(article) = chosen else {
            return JsonLd::default();
        };
        // In an @graph, the author and the image are often references ({"@id": ...}) to other nodes.
        let resolve = |v: &Value| -> Value {
            if let Some(id) = v.get("@id").and_then(Value::as_str) {
                if v.as_object().is_some_and(|o| o.len() == 1) {
                    if let Some(found) = objects.iter().find(|o| o.get("@id").and_then(Value::as_str) == Some(id)) {
                        return found.clone();
                    }
                }
            }
            v.clone()
        };

        let mut out = JsonLd {
            headline: string_field(article, "headline").or_else(|| string_field(article, "name")),
            article_headline: Some(article).filter(|a| is_article(a)).and_then(|a| string_field(a, "headline")).filter(|h| !h.is_empty()),
            date: string_field(article, "datePublished").or_else(|| string_field(article, "dateCreated")),
            description: string_field(article, "description"),
            language: string_field(article, "inLanguage"),
            ..JsonLd::default()
        };
        if let Some(keywords) = article.get("keywords") {
            for item in as_list(keywords) {
                match item {
                    Value::String(s) => out.keywords.extend(s.split(',').map(text::collapse_whitespace)),
                    other => out.keywords.extend(name_of(other)),
                }
            }
        }
        if let Some(sections) = article.get("articleSection") {
            out.sections.extend(as_list(sections).into_iter().filter_map(|v| v.as_str().map(text::collapse_whitespace)));
        }
        if let Some(image) = article.get("image") {
            out.image = as_list(image).into_iter().map(&resolve).find_map(|v| image_of(&v));
        }
        if let Some(authors) = article.get("author") {
            for author in as_list(authors) {
                let author = resolve(author);
                let name = match &author {
                    Value::String(s) => Some(text::collapse_whitespace(s)),
                    other => name_of(other),
                };
                if let Some(name) = name.filter(|n| !n.is_empty() && !looks_like_url(n)) {
                    out.authors.push(name);
                }
            }
        }
        out
    }
}

/// Parses a JSON-LD block, tolerating the usual wrapping: HTML comments, CDATA markers, a trailing semicolon and
/// raw line breaks inside strings. Anything still invalid is ignored.
pub(super) fn parse_json_ld(raw: &str) -> Option<Value> {
    let mut text = raw.trim();
    for (open, close) in [("<!--", "-->"), ("<![CDATA[", "]]>"), ("//<![CDATA[", "//]]>")] {
        if let Some(inner) = text.strip_prefix(open) {
            text = inner.strip_suffix(close).unwrap_or(inner).trim();
        }
    }
    let text = text.trim_end_matches(';');
    let cleaned: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    serde_json::from_str(&cleaned).ok()
}

/// Every object in a JSON-LD value: arrays are flattened and @graph members are included.
pub(super) fn collect_objects(value: &Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_objects(item, out, depth + 1);
            }
        }
        Value::Object(map) => {
            out.push(value.clone());
            if let Some(graph) = map.get("@graph") {
                collect_objects(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// The lower-cased @type names of an object, without a schema.org prefix.
pub(super) fn types_of(object: &Value) -> Vec<String> {
    let Some(types) = object.get("@type") else {
        return Vec::new();
    };
    as_list(types)
        .into_iter()
        .filter_map(Value::as_str)
        .map(|t| t.rsplit(['/', ':']).next().unwrap_or(t).trim().to_ascii_lowercase())
        .collect()
}

pub(super) fn as_list(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

pub(super) fn string_field(object: &Value, key: &str) -> Option<String> {
    let value = object.get(key)?;
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().find_map(Value::as_str)?.to_string(),
        _ => return None,
    };
    Some(text::collapse_whitespace(&text)).filter(|s| !s.is_empty())
}

pub(super) fn name_of(value: &Value) -> Option<String> {
    value.get("name").and_then(Value::as_str).map(text::collapse_whitespace).filter(|s| !s.is_empty())
}

/// An image as a URL string or an ImageObject with url/contentUrl and width/height.
pub(super) fn image_of(value: &Value) -> Option<ExtractedImage> {
    match value {
        Value::String(url) => {
            let url = url.trim().to_string();
            (!url.is_empty()).then_some(ExtractedImage { url, width: None, height: None })
        }
        Value::Object(_) => {
            let url = string_field(value, "url").or_else(|| string_field(value, "contentUrl"))?;
            Some(ExtractedImage { url, width: dimension(value.get("width")), height: dimension(value.get("height")) })
        }
        _ => None,
    }
}

/// A width or height written as a number, a string ("1200", "1200px") or a QuantitativeValue.
pub(super) fn dimension(value: Option<&Value>) -> Option<u32> {
    match value? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0),
        Value::String(s) => parse_dimension(s),
        object @ Value::Object(_) => dimension(object.get("value")),
        _ => None,
    }
}

pub(super) fn parse_dimension(text: &str) -> Option<u32> {
    let digits: String = text.trim().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|n| *n > 0)
}

pub(super) fn looks_like_url(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    lower.contains("://") || lower.starts_with("www.") || lower.starts_with('/')
}

/// Removes a site name before or after the title ("Title | Site", "Site - Title") when another source of the
/// title, or the site name itself, confirms which side is the title.
pub(super) fn strip_site_suffix(title: &str, confirmers: &[&str], site_name: Option<&str>) -> String {
    const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / ", " « ", " » "];
    let norm = |s: &str| text::collapse_whitespace(&s.to_lowercase());
    let confirms = |part: &str| {
        let part = norm(part);
        !part.is_empty() && confirmers.iter().any(|c| norm(c) == part)
    };
    let is_site = |part: &str| site_name.is_some_and(|s| !s.trim().is_empty() && norm(s) == norm(part));
    for sep in SEPARATORS {
        for (i, _) in title.match_indices(sep) {
            let (left, right) = (title[..i].trim(), title[i + sep.len()..].trim());
            if confirms(left) || is_site(right) {
                return left.to_string();
            }
            if confirms(right) || is_site(left) {
                return right.to_string();
            }
        }
    }
    title.to_string()
}

pub(super) fn normalize_lang(raw: &str) -> Option<String> {
    let first = raw.split([',', ';']).next()?.trim().replace('_', "-");
    (!first.is_empty()).then_some(first)
}



#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::extract::html::extract_html;

    #[test]
    fn site_suffix_is_removed_only_when_confirmed() {
        assert_eq!(strip_site_suffix("Kerry meets activists | IPHR", &["Kerry meets activists"], None), "Kerry meets activists");
        assert_eq!(strip_site_suffix("IPHR - Kerry meets activists", &[], Some("IPHR")), "Kerry meets activists");
        assert_eq!(strip_site_suffix("US - Kazakhstan dialogue", &[], Some("IPHR")), "US - Kazakhstan dialogue");
        let html = "<html><head><title>Kerry meets activists | IPHR</title></head><body><p>Text.</p></body></html>";
        assert_eq!(extract_html(html).title.as_deref(), Some("Kerry meets activists | IPHR"));
    }
}
