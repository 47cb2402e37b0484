//! JSON Feed 1.1 read as a manifest, so a site that already publishes one needs no build step.
//!
//! Tags become keywords at full weight, and the most telling words of the title, summary and text join them, chosen
//! and weighted as the builder chooses and weights them.

use rustc_hash::FxHashMap as HashMap;

use serde_json::{Map, Value};

use super::model::{Article, Entities, Image, Keyword, Manifest, Site, Topic, FORMAT_VERSION, MAX_SUMMARY_CHARS};
use super::tag_topics;
use crate::lang;
use super::report::{problem, ManifestError, Report};
use super::validate::{check_entries, collect_checked, CheckedEntry};
use crate::json_fields::{type_name, Fields};
use crate::sorted_map::SortedMap;
use crate::text;
use crate::url::check_url;

/// Whether a feed's `version` is JSON Feed 1.0 or 1.1. Version 1.0's own example wrote the address with `http:`,
/// and many feeds still do, so both schemes are read.
pub fn is_supported_version(version: &str) -> bool {
    let Some(rest) = version.trim().strip_prefix("https://").or_else(|| version.trim().strip_prefix("http://")) else {
        return false;
    };
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.strip_prefix("jsonfeed.org/version/1").is_some_and(|minor| minor.is_empty() || minor.starts_with('.') || minor == "/")
}

/// How often each word of an item's title and text is used, a title word counting twice, as the builder counts.
fn word_counts(title: &str, text: &str, lang: &str) -> Vec<Keyword> {
    let mut counts: HashMap<String, f32> = HashMap::default();
    for (body, weight) in [(title, 2.0), (text, 1.0)] {
        for term in text::terms(body, lang) {
            *counts.entry(term).or_default() += weight;
        }
    }
    let mut words: Vec<Keyword> = counts.into_iter().map(|(term, count)| Keyword::used(term, count)).collect();
    crate::sort::sort_by(&mut words, |a, b| a.term.cmp(&b.term));
    words
}

/// Adds to each article (which holds its tags) its [`Keyword::PER_ARTICLE`] most telling words, as the builder
/// chooses them: by weight times rarity across the feed. In a feed of 20 items or more, a word in one item alone
/// relates it to nothing, and a word in more than a quarter of them says nothing about any. A quarter, where the
/// builder cuts at half: the builder drops the function words of every language first, the widget only those of the
/// languages `text` knows, and this cut is what keeps the others' ("wurde", "ktorý") out of a feed's keywords.
/// `words` holds each article's words, in the articles' order.
fn add_words(articles: &mut [Article], words: &[Vec<Keyword>]) {
    let n = articles.len();
    let mut document_frequency: HashMap<&str, usize> = HashMap::default();
    for word in words.iter().flatten() {
        *document_frequency.entry(word.term.as_str()).or_default() += 1;
    }
    let (min_df, max_df) = if n >= 20 { (2, n / 4) } else { (1, usize::MAX) };
    let mut chosen: Vec<Vec<Keyword>> = Vec::with_capacity(n);
    for (article, words) in articles.iter().zip(words) {
        let mut scored: Vec<(f32, &Keyword)> = words
            .iter()
            .filter(|word| !article.keywords.iter().any(|tag| tag.term == word.term))
            .filter_map(|word| {
                let df = document_frequency.get(word.term.as_str()).copied().unwrap_or(1);
                (min_df..=max_df).contains(&df).then(|| (word.weight * crate::math::ln((n + 1) as f32 / df as f32), word))
            })
            .collect();
        crate::sort::sort_by(&mut scored, |a, b| b.0.total_cmp(&a.0).then_with(|| a.1.term.cmp(&b.1.term)));
        chosen.push(scored.into_iter().take(Keyword::PER_ARTICLE).map(|(_, word)| word.clone()).collect());
    }
    for (article, words) in articles.iter_mut().zip(chosen) {
        article.keywords.extend(words);
    }
}

/// Reads one JSON Feed item as an article; items without a link are skipped (there is nothing to point to).
/// One JSON Feed item, read: the one place the format's fields are mapped, for the widget and the CLI alike.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedItem {
    pub id: String,
    /// `url`, else `external_url`.
    pub url: String,
    pub title: Option<String>,
    pub summary: Option<String>,
    /// `content_text`, else `content_html` turned into text by the caller's function.
    pub body: String,
    /// `date_published`, else `date_modified`.
    pub date: Option<String>,
    /// The item's `language`, else the feed's.
    pub lang: Option<String>,
    /// `image`, else `banner_image`.
    pub image: Option<String>,
    pub tags: Vec<String>,
}

/// A feed's title as readers should see it: markup in it (JSON Feed says a title is plain text, but feeds put
/// `<em>` and `&amp;` there as RSS lets them) read as the text it stands for, white space collapsed.
pub fn plain_title(title: &str) -> String {
    text::collapse_whitespace(&text::strip_markup(title))
}

/// Reads one item. `html_to_text` turns `content_html` into text: the widget strips tags, the CLI extracts the
/// article from the markup. Optional fields of the wrong type are reported in `warnings` and ignored.
pub fn read_item(
    value: &Value,
    feed_lang: Option<&str>,
    html_to_text: &dyn Fn(&str) -> String,
    warnings: &mut Vec<(String, String)>,
) -> Result<FeedItem, String> {
    let mut item = Fields::new(value)?;
    let id = match item.get("id") {
        Some(Value::String(s)) => s.clone(),
        // JSON Feed says strings, but many feeds write numbers: accept them as they read.
        Some(Value::Number(n)) => n.as_u64().map(|n| n.to_string()).ok_or("id: expected a string or a whole number")?,
        Some(other) => return Err(format!("id: expected a string, found {}", type_name(other))),
        None => return Err("missing field \"id\"".into()),
    };
    let url = item.optional_str("url").or_else(|| item.optional_str("external_url")).ok_or("has neither url nor external_url")?;
    let body = item
        .optional_str("content_text")
        .or_else(|| item.optional_str("content_html").as_deref().map(html_to_text))
        .unwrap_or_default();
    let read = FeedItem {
        id,
        url,
        title: item.optional_str("title").map(|title| plain_title(&title)).filter(|t| !t.is_empty()),
        summary: item.optional_str("summary"),
        body,
        date: item.optional_str("date_published").or_else(|| item.optional_str("date_modified")),
        lang: item.optional_str("language").or_else(|| feed_lang.map(str::to_string)),
        image: item.optional_str("image").or_else(|| item.optional_str("banner_image")),
        tags: item.str_list("tags"),
    };
    warnings.append(&mut item.warnings);
    Ok(read)
}

/// The widget's view of an item: the article with its tags as keywords, and every word of its title and text
/// weighted by use, for [`add_words`] to choose from.
fn item_to_article(
    value: &Value,
    feed_lang: Option<&str>,
    warnings: &mut Vec<(String, String)>,
) -> Result<(Article, ItemWords), String> {
    let item = read_item(value, feed_lang, &text::strip_markup, warnings)?;
    let body = text::collapse_whitespace(&item.body);
    // A summary made here from the text is cut to fit, at a sentence or a word: only a summary the feed itself
    // gives is the feed's to fix, and warned about when too long.
    let summary = item.summary.clone().or_else(|| (!body.is_empty()).then(|| text::first_sentence(&body, MAX_SUMMARY_CHARS)));
    let title = item.title.clone().unwrap_or_else(|| text::first_sentence(summary.as_deref().unwrap_or_default(), 120));
    let lang_hint = item.lang.as_deref().unwrap_or("");
    // Tags and text together: tags say what the editor filed the item under, the words of the title and text say
    // what it is about; with tags alone an item with two broad tags matches every other item filed there.
    let mut keywords: Vec<Keyword> = Vec::new();
    // Each tag once, by its key as keywords compare it, with the spelling it first came in: a topic's label.
    let mut tags: Vec<TagSpelling> = Vec::new();
    for tag in &item.tags {
        let Some(term) = text::normalize_term(tag, lang_hint) else { continue };
        if !keywords.iter().any(|k| k.term == term) {
            tags.push((term.clone(), tag.trim().to_string()));
            keywords.push(Keyword::new(term, Keyword::MAX_WEIGHT));
        }
    }
    let text = format!("{} {}", item.summary.as_deref().unwrap_or_default(), body);
    let words = word_counts(item.title.as_deref().unwrap_or_default(), &text, lang_hint);
    let article = Article {
        id: item.id,
        url: item.url,
        title,
        date: item.date,
        lang: item.lang,
        summary,
        image: item.image.map(Image::Url),
        topics: Vec::new(),
        keywords,
        entities: Entities::default(),
        pinned: Vec::new(),
        vector: Vec::new(),
            title_key: None,
    };
    Ok((article, ItemWords { words, tags }))
}

/// What an item says besides its article: every word of its title and text weighted by use, and its tags (each
/// once, by key, with its spelling).
#[derive(Debug)]
struct ItemWords {
    words: Vec<Keyword>,
    tags: Vec<TagSpelling>,
}

/// A tag's key, as keywords compare tags, and its spelling.
type TagSpelling = (String, String);

/// The feed's most used tags as its topics, by the builder's rule ([`tag_topics`]), and each article given those of
/// its tags that are: a feed read as it is offers its readers what a build of it would.
fn topics_from_tags(articles: &mut [Article], tags: &[Vec<TagSpelling>], site_lang: Option<&str>) -> Vec<Topic> {
    // Every use of a tag, by key and article, in an order where each tag's uses come together, its first article
    // first (the sort the rest of the code shares: a map's code would weigh more in the widget's reader).
    let uses: Vec<(&str, usize, &str)> =
        tags.iter().enumerate().flat_map(|(article, tags)| tags.iter().map(move |(key, spelling)| (key.as_str(), article, spelling.as_str()))).collect();
    let mut order: Vec<usize> = (0..uses.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| uses[a].0.cmp(uses[b].0).then(uses[a].1.cmp(&uses[b].1)));
    // Each tag once: its key, its articles, its spelling where first met, and that article's language.
    let mut counted: Vec<(&str, u64, &str, String)> = Vec::new();
    for (key, article, spelling) in order.into_iter().map(|at| uses[at]) {
        match counted.last_mut() {
            Some(last) if last.0 == key => last.1 += 1,
            _ => counted.push((key, 1, spelling, lang::primary(articles[article].lang.as_deref().or(site_lang).unwrap_or("")))),
        }
    }
    counted.retain(|used| tag_topics::is_eligible(used.1, articles.len()));
    crate::sort::sort_by(&mut counted, |a, b| tag_topics::by_use((a.0, a.1), (b.0, b.1)));
    let mut topics: Vec<Topic> = Vec::new();
    let mut id_of: Vec<(&str, String)> = Vec::new();
    for (key, count, label, lang) in &counted {
        // The key's words joined by hyphens: the builder's id for a tag of one word or of words with none dropped
        // (its `slugify` would pull Unicode's case and letter tables into the widget's reader: 6 KB gzipped).
        let id = key.replace(' ', "-");
        if id.is_empty() || topics.iter().any(|topic| topic.id == id) {
            continue;
        }
        let lang = if lang.is_empty() { "en".to_string() } else { lang.clone() };
        topics.push(Topic { id: id.clone(), labels: SortedMap::from([(lang, label.to_string())]), feed: None, count: Some(*count) });
        id_of.push((key, id));
        if topics.len() == tag_topics::DEFAULT_TOPICS_FROM_TAGS {
            break;
        }
    }
    for (article, tags) in articles.iter_mut().zip(tags) {
        article.topics = tags.iter().filter_map(|(key, _)| id_of.iter().find(|(k, _)| k == key).map(|(_, id)| id.clone())).collect();
    }
    topics
}

/// A JSON Feed being read: its items a slice at a time ([`FeedReading::read_next`]), so the widget can give the
/// browser a turn between slices, then the words that relate them ([`FeedReading::finish`]). The CLI reads a feed in
/// one call ([`super::from_value`]); both give the same manifest and report.
#[derive(Debug)]
pub struct FeedReading {
    site: Site,
    items: Vec<Value>,
    checked: Vec<CheckedEntry<ItemWords>>,
}

impl FeedReading {
    /// Checks the feed's version and its `items`, and reads its site.
    pub(crate) fn start(root: Map<String, Value>, items: Value) -> Result<Self, ManifestError> {
        match root.get("version").and_then(Value::as_str) {
            Some(v) if is_supported_version(v) => {}
            Some(v) => return Err(ManifestError::UnsupportedVersion { found: format!("\"{v}\"") }),
            None => return Err(ManifestError::UnsupportedVersion { found: "(JSON Feed without a version)".into() }),
        }
        let Value::Array(items) = items else {
            return Err(ManifestError::NotAnArray { field: "items", found: "something else" });
        };
        let text_field = |name: &str| root.get(name).and_then(Value::as_str).map(str::to_string);
        let site = Site { name: text_field("title"), url: text_field("home_page_url"), lang: text_field("language") };
        Ok(FeedReading { site, checked: Vec::with_capacity(items.len()), items })
    }

    /// Reads the next `count` items (at least one); true once every item is read.
    pub fn read_next(&mut self, count: usize) -> bool {
        let start = self.checked.len();
        let end = start.saturating_add(count.max(1)).min(self.items.len());
        let feed_lang = self.site.lang.as_deref();
        let slice = check_entries(&self.items, start..end, "items", feed_lang, |value, warnings| item_to_article(value, feed_lang, warnings));
        // Past the articles a manifest may hold, nothing more is read: the report says so.
        let read_all = slice.is_empty();
        self.checked.extend(slice);
        read_all || self.checked.len() >= self.items.len()
    }

    /// The manifest, once every item is read (whatever is left is read now), and what was wrong in the feed.
    pub fn finish(mut self) -> (Manifest, Report) {
        while !self.read_next(usize::MAX) {}
        let mut report = Report::default();
        let (mut articles, words) = collect_checked(self.checked, self.items.len(), "items", &mut report);
        let (words, tags): (Vec<Vec<Keyword>>, Vec<Vec<TagSpelling>>) = words.into_iter().map(|item| (item.words, item.tags)).unzip();
        add_words(&mut articles, &words);
        let topics = topics_from_tags(&mut articles, &tags, self.site.lang.as_deref());
        if let Some(url) = &self.site.url {
            if check_url(url).is_err() {
                report.warnings.push(problem("home_page_url", None, "not an http(s) URL; ignored"));
            }
        }
        let manifest = Manifest { version: FORMAT_VERSION, site: self.site, topics, forms: Default::default(), articles, collection: None };
        (manifest, report)
    }
}

#[cfg(test)]
mod tests {
    use crate::manifest::{parse_str, SourceFormat};

    #[test]
    fn a_feed_read_a_slice_at_a_time_is_the_feed_read_at_once() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/fixtures/feed-1000.json")).expect("fixture feed");
        let mut feed: serde_json::Value = serde_json::from_str(&text).expect("json");
        // Problems for the report to place: a repeated id, an item without a URL, one that is not an object.
        let items = feed["items"].as_array_mut().expect("items");
        let repeated = items[3].clone();
        items.insert(10, repeated);
        items[20].as_object_mut().expect("item").remove("url");
        items.insert(30, serde_json::json!("not an item"));
        let at_once = crate::manifest::from_value(feed.clone()).expect("a usable feed");
        assert!(at_once.report.skipped.len() >= 3, "{:?}", at_once.report.skipped);
        let crate::manifest::Reading::Feed(mut reading) = crate::manifest::start_reading(feed).expect("a feed") else {
            panic!("a JSON Feed is read a slice at a time");
        };
        let mut slices = 1;
        while !reading.read_next(5) {
            slices += 1;
        }
        assert_eq!(slices, 1002_usize.div_ceil(5), "1,002 items, 5 a slice");
        let sliced = crate::manifest::feed_loaded(reading);
        assert_eq!(sliced.format, SourceFormat::JsonFeed);
        assert_eq!(sliced.report, at_once.report, "the same problems, in the same places");
        assert_eq!(sliced.manifest, at_once.manifest, "the same articles, keywords and site");
    }

    #[test]
    fn a_feed_s_most_used_tags_are_its_topics_as_a_build_makes_them() {
        // A blog's feed with no build step: tags on 4, 3 and 2 of 6 items, and one on every item.
        let items: Vec<String> = (0..6)
            .map(|i| {
                let mut tags = vec!["\"Blog\""];
                if i < 4 { tags.push("\"Savanorystė\""); }
                if i >= 3 { tags.push("\"İnfrastruktur\""); }
                if i < 2 { tags.push("\"Rare\""); }
                format!(r#"{{"id":"{i}","url":"https://blog.example/{i}","title":"Post {i}","content_text":"Text {i}.","tags":[{}]}}"#, tags.join(","))
            })
            .collect();
        let feed = format!(r#"{{"version":"https://jsonfeed.org/version/1.1","title":"Blog","language":"lt","items":[{}]}}"#, items.join(","));
        let loaded = parse_str(&feed).expect("a usable feed");
        let topics: Vec<(&str, &str, Option<u64>)> =
            loaded.manifest.topics.iter().map(|t| (t.id.as_str(), t.labels.get("lt").map_or("", String::as_str), t.count)).collect();
        assert_eq!(topics, [("savanorystė", "Savanorystė", Some(4)), ("infrastruktur", "İnfrastruktur", Some(3))], "not the site-wide tag, not the rare one");
        assert_eq!(loaded.manifest.articles[3].topics, ["savanorystė", "infrastruktur"]);
        assert!(loaded.manifest.articles[5].topics == ["infrastruktur"] && loaded.manifest.articles[0].topics == ["savanorystė"]);
    }

    #[test]
    fn json_feed_versions_1_0_and_1_1_with_either_scheme() {
        for good in ["https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1", "http://jsonfeed.org/version/1",
            "http://jsonfeed.org/version/1.1", " https://www.jsonfeed.org/version/1/ "] {
            assert!(super::is_supported_version(good), "{good}");
        }
        for bad in ["https://jsonfeed.org/version/2", "https://jsonfeed.org/version/10", "jsonfeed.org/version/1", "",
            "https://example.org/jsonfeed.org/version/1"] {
            assert!(!super::is_supported_version(bad), "{bad}");
        }
        let old = FEED.replace("https://jsonfeed.org/version/1.1", "http://jsonfeed.org/version/1");
        assert_eq!(parse_str(&old).expect("a JSON Feed 1.0 with http").manifest.articles.len(), 3);
    }

    const FEED: &str = r#"{
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Civic Wire", "home_page_url": "https://civic.example/", "language": "en",
        "items": [
            {"id": "1", "url": "https://civic.example/1", "title": "OSCE meets civil society",
             "date_published": "2024-05-20T10:00:00+02:00", "tags": ["Civil Society", "OSCE"]},
            {"id": 2, "url": "https://civic.example/2", "content_text": "Prison reform in Russia. Prison reform again, prisoners."},
            {"id": "3", "title": "No link"},
            {"id": "4", "external_url": "https://other.example/4", "title": "Elsewhere",
             "content_html": "<p>Human <b>rights</b> defenders</p>", "language": "ru"}
        ]}"#;

    #[test]
    fn json_feed_items_become_articles() {
        let loaded = parse_str(FEED).expect("a usable feed");
        assert_eq!(loaded.format, SourceFormat::JsonFeed);
        let m = &loaded.manifest;
        assert_eq!(m.site.name.as_deref(), Some("Civic Wire"));
        assert_eq!(m.articles.len(), 3);
        // Tags first at full weight, then the title's words, which count twice.
        let keywords: Vec<(&str, f32)> = m.articles[0].keywords.iter().map(|k| (k.term.as_str(), k.weight)).collect();
        assert_eq!(keywords, [("civil society", 3.0), ("osce", 3.0), ("civil", 1.7), ("meets", 1.7), ("society", 1.7)]);
        // No tags and no title: the first sentence is the title and the text's words are the keywords, weighted
        // by use.
        assert_eq!(m.articles[1].id, "2");
        assert_eq!(m.articles[1].title, "Prison reform in Russia.");
        let words: Vec<(&str, f32)> = m.articles[1].keywords.iter().map(|k| (k.term.as_str(), k.weight)).collect();
        assert_eq!(&words[..2], [("prison", 1.7), ("reform", 1.7)]);
        assert!(words.contains(&("russia", 1.0)), "{words:?}");
        assert_eq!(m.articles[2].url, "https://other.example/4");
        assert_eq!(m.articles[2].lang.as_deref(), Some("ru"));
        assert_eq!(m.articles[0].lang.as_deref(), Some("en"));
        assert_eq!(loaded.report.skipped.len(), 1);
        assert_eq!(loaded.report.skipped[0].to_string(), "items[2] (id \"3\"): has neither url nor external_url");
    }

    #[test]
    fn long_items_keep_their_most_telling_words() {
        // 30 items; each shares "harbour" and a word with its neighbour, and has 150 words of its own.
        let items: Vec<String> = (0..30)
            .map(|i| {
                let own: Vec<String> = (0..150).map(|w| format!("own{i}x{w}")).collect();
                format!(
                    r#"{{"id":"{i}","url":"https://x.example/{i}","content_text":"harbour pair{} pair{} {} common"}}"#,
                    i / 2,
                    i / 2,
                    own.join(" ")
                )
            })
            .collect();
        let feed = format!(r#"{{"version":"https://jsonfeed.org/version/1.1","items":[{}]}}"#, items.join(","));
        let loaded = parse_str(&feed).expect("a usable feed");
        assert!(loaded.report.warnings.is_empty(), "no keyword list is cut: {:?}", loaded.report.warnings);
        let first: Vec<&str> = loaded.manifest.articles[0].keywords.iter().map(|k| k.term.as_str()).collect();
        assert_eq!(first, ["pair0"], "words in one item alone or in every item are left out");
        assert_eq!(loaded.manifest.articles[0].keywords[0].weight, 1.7, "weighted by use");
    }

    #[test]
    fn json_feed_version_is_checked() {
        let err = parse_str(r#"{"version":"https://example.org/v9","items":[]}"#).expect_err("unknown version");
        assert!(err.to_string().contains("not supported"));
    }
}
