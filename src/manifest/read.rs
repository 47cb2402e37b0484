//! Reading a manifest: the related-news format (version 1) or a JSON Feed, told apart by their fields, and
//! validated into the model.
//!
//! Reading is lenient item by item: a bad article or topic is skipped and reported with its place, and every good
//! one is kept. Only a document that is not a manifest at all (not JSON, not an object, an unknown version) fails
//! as a whole.

use std::collections::BTreeMap;

use serde_json::Value;

use super::jsonfeed;
use super::model::{Article, Collection, Entities, Image, Keyword, Manifest, Site, Topic, FORMAT_VERSION, MAX_KEYWORDS, MAX_MANIFEST_BYTES};
use super::report::{problem, ManifestError, Report};
use super::validate::{check_collection, check_vectors, unusable_collection, validate_articles, validate_site, validate_topics, RawDf};
use crate::json_fields::{strip_position, type_name, Fields};
use crate::sorted_map::SortedMap;
use crate::text;

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
    from_value(parse_value(text)?)
}

/// Parses index text into JSON, within the size limit, for a reader to tell what it is (a manifest, a JSON Feed,
/// or the sharded index's entry) without parsing it twice.
pub fn parse_value(text: &str) -> Result<Value, ManifestError> {
    if text.len() > MAX_MANIFEST_BYTES {
        return Err(ManifestError::TooLarge { bytes: text.len(), limit: MAX_MANIFEST_BYTES });
    }
    let text = text.trim_start_matches('\u{feff}');
    // In the wasm, the small parser that takes and refuses what serde_json does (its own module says why).
    if cfg!(target_arch = "wasm32") {
        return crate::json_text::parse(text).map_err(|e| ManifestError::NotJson { line: e.line, column: e.column, message: e.message.to_string() });
    }
    if let Some(value) = parse_lists_in_parallel(text) {
        return Ok(value);
    }
    serde_json::from_str(text).map_err(|e| ManifestError::NotJson { line: e.line(), column: e.column(), message: strip_position(&e.to_string()) })
}

/// A document's lists of articles or items (most of a manifest or a feed) parsed on all cores: one pass checks the
/// whole document and cuts it into raw pieces, then each list's entries are parsed in parallel. The same value a
/// plain parse gives; `None` (and then a plain parse, which also says where an error is) for anything else than an
/// object with such a list, or for a small document, where one pass is quicker.
fn parse_lists_in_parallel(text: &str) -> Option<Value> {
    use serde_json::value::RawValue;
    const WORTH_IT: usize = 1 << 20;
    if cfg!(target_arch = "wasm32") || text.len() < WORTH_IT {
        return None;
    }
    let pieces: BTreeMap<String, &RawValue> = serde_json::from_str(text).ok()?;
    let mut root = serde_json::Map::new();
    for (key, raw) in pieces {
        let value = match key.as_str() {
            "articles" | "items" => match serde_json::from_str::<Vec<&RawValue>>(raw.get()) {
                Ok(entries) => Value::Array(
                    crate::parallel::map(&entries, |_, entry| serde_json::from_str::<Value>(entry.get()).ok()).into_iter().collect::<Option<_>>()?,
                ),
                Err(_) => serde_json::from_str(raw.get()).ok()?,
            },
            _ => serde_json::from_str(raw.get()).ok()?,
        };
        root.insert(key, value);
    }
    Some(Value::Object(root))
}

/// Validates an already-parsed JSON document (from `JSON.parse` in the browser, or `serde_json` natively).
pub fn from_value(value: Value) -> Result<Loaded, ManifestError> {
    match start_reading(value)? {
        Reading::Done(loaded) => Ok(loaded),
        Reading::Feed(feed) => Ok(feed_loaded(feed)),
    }
}

/// A document being read: a manifest is read at once; a JSON Feed's items, whose words are worked out from their
/// text, are read a slice at a time by the caller ([`jsonfeed::FeedReading::read_next`]), then [`feed_loaded`].
#[derive(Debug)]
pub enum Reading {
    Done(Loaded),
    Feed(jsonfeed::FeedReading),
}

/// A JSON Feed, once read.
pub fn feed_loaded(feed: jsonfeed::FeedReading) -> Loaded {
    let (manifest, report) = feed.finish();
    Loaded { manifest, report, format: SourceFormat::JsonFeed }
}

/// Starts reading an already-parsed JSON document: see [`Reading`].
pub fn start_reading(value: Value) -> Result<Reading, ManifestError> {
    let Value::Object(mut root) = value else {
        return Err(ManifestError::NotAnObject { found: type_name(&value) });
    };
    if let Some(items) = root.remove("items") {
        if !root.contains_key("articles") {
            return Ok(Reading::Feed(jsonfeed::FeedReading::start(root, items)?));
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
    let forms: SortedMap<String, String> = root_fields
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
    let (mut articles, _) = validate_articles(&articles, "articles", default_lang.as_deref(), &mut report, |value, warnings| {
        Article::from_json(value, warnings).map(|article| (article, ()))
    });
    let collection = root_value.get("collection").and_then(|value| read_collection(value, articles.len(), &mut report));
    check_vectors(&mut articles, collection.as_ref(), &mut report);
    let manifest = Manifest { version: FORMAT_VERSION, site, topics, forms, articles, collection };
    Ok(Reading::Done(Loaded { manifest, report, format: SourceFormat::RelatedNews }))
}

/// Reads the archive's statistics that a JSON record of the sharded index carries, checked by [`check_collection`].
fn read_collection(value: &Value, present: usize, report: &mut Report) -> Option<Collection> {
    let Some(articles) = value.get("articles").and_then(Value::as_u64) else {
        return unusable_collection(report, "no article count");
    };
    // What is not a whole number counts as 0, which no frequency may be.
    let number = |value: &Value| value.as_u64().unwrap_or(0);
    let df = match (value.get("terms"), value.get("df")) {
        (None, Some(Value::Object(entries))) => RawDf::ByTerm(entries.iter().map(|(term, value)| (term.clone(), number(value))).collect()),
        (Some(Value::Array(names)), Some(Value::Array(counts))) => {
            let Some(terms) = names.iter().map(|name| name.as_str().map(str::to_string)).collect::<Option<Vec<String>>>() else {
                return unusable_collection(report, "terms that are not strings in sorted order");
            };
            RawDf::InTermOrder(terms, counts.iter().map(number).collect())
        }
        _ => return unusable_collection(report, "no document frequencies"),
    };
    check_collection(articles, df, present, report)
}

/// Names an unsupported version without formatting floats (which would add their tables to the wasm file).
fn describe_version(value: &Value) -> String {
    match value {
        Value::Number(n) => n.as_i64().map_or_else(|| "(a fraction)".to_string(), |i| i.to_string()),
        Value::String(s) => format!("\"{}\"", text::truncate_chars(s, 40)),
        other => format!("({})", type_name(other)),
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
            vector: read_vector(&mut fields),
            title_key: fields.optional_str("title_key"),
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
            // The weight as the ranking holds it (a single): one past its range, or too small for it, is no weight.
            Value::Array(pair) => match (pair.first(), pair.get(1).and_then(Value::as_f64).map(|w| w as f32), pair.len()) {
                (Some(Value::String(term)), Some(weight), 2) if weight.is_finite() && weight > 0.0 => {
                    Ok(Keyword::new(term.as_str(), weight))
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

/// A precomputed vector, in the compact form of [`super::vector`]. Anything else drops the whole vector with a
/// warning: a part of one would rank the article wrongly.
fn read_vector(fields: &mut Fields<'_>) -> Vec<(u32, f32)> {
    let Some(value) = fields.get("vector") else { return Vec::new() };
    match value.as_str().and_then(super::vector::decode) {
        Some(vector) => vector,
        None => {
            fields.warn("vector", "expected term weights in the compact form of a record; ignored".into());
            Vec::new()
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::model::{CollectionDf, MAX_SUMMARY_CHARS, MAX_TITLE_CHARS};

    fn article_json(id: &str) -> String {
        format!(r#"{{"id":"{id}","url":"/a/{id}.html","title":"Title {id}"}}"#)
    }

    #[test]
    fn a_large_document_parsed_on_all_cores_is_the_document_a_plain_parse_gives() {
        let entries: Vec<String> = (0..12_000)
            .map(|i| format!(r#"{{"id":"a{i}","url":"/a/{i}","title":"Title \"{i}\" \u00e9","keywords":[["x",{}.5],"y"],"n":{i}e-3}}"#, i % 7))
            .collect();
        for (list, extra) in [("articles", r#""version":1,"site":{"name":"S"}"#), ("items", r#""version":"https://jsonfeed.org/version/1.1""#)] {
            let text = format!(r#"{{{extra},"{list}":[{}],"{list}x":[1]}}"#, entries.join(","));
            assert!(text.len() > 1 << 20, "large enough to be parsed in parallel");
            let plain: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(parse_value(&text).unwrap(), plain, "{list}");
            // A syntax error deep in the list is reported where it is, as a plain parse reports it.
            let broken = text.replacen(r#""id":"a9000""#, r#""id":"a9000"#, 1);
            let plain_error = serde_json::from_str::<Value>(&broken).unwrap_err();
            match parse_value(&broken) {
                Err(ManifestError::NotJson { line, column, .. }) => assert_eq!((line, column), (plain_error.line(), plain_error.column())),
                other => panic!("{other:?}"),
            }
        }
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
    fn entries_read_on_all_cores_are_reported_and_kept_in_their_order() {
        // 300 entries (enough for every core to take some): a repeated id, entries without a URL and a bad date
        // among them. The first of an id is kept wherever the cores finished, and the report reads in order.
        let mut entries: Vec<String> = (0..300).map(|i| article_json(&format!("a{i}"))).collect();
        entries[250] = article_json("a7");
        entries[40] = r#"{"id":"no-url","title":"No URL"}"#.to_string();
        entries[260] = r#"{"id":"late-no-url","title":"No URL"}"#.to_string();
        entries[100] = r#"{"id":"dated","url":"/a/dated.html","title":"Dated","date":"yesterday"}"#.to_string();
        let text = format!(r#"{{"version":1,"articles":[{}]}}"#, entries.join(","));
        let loaded = parse_str(&text).expect("valid manifest");
        let ids: Vec<&str> = loaded.manifest.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), 297);
        assert_eq!((ids[0], ids[7], ids[40], ids[99], ids[296]), ("a0", "a7", "a41", "dated", "a299"));
        let skipped: Vec<&str> = loaded.report.skipped.iter().map(|p| p.place.as_str()).collect();
        assert_eq!(skipped, ["articles[40]", "articles[250]", "articles[260]"]);
        assert!(loaded.report.skipped[1].message.contains("duplicate id"));
        assert_eq!(loaded.report.warnings.len(), 1);
        assert_eq!(loaded.report.warnings[0].place, "articles[100].date");
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

        // A weight past a single's range, or too small for one, is dropped too (the binary record could not hold it).
        let text = r#"{"version":1,"articles":[{"id":"a","url":"/a","title":"A","keywords":[["huge",1e39],["tiny",1e-50],"ok"]}]}"#;
        let loaded = parse_str(text).expect("usable");
        assert_eq!(loaded.manifest.articles[0].keywords, vec![Keyword::new("ok", 1.0)]);
        assert_eq!(loaded.report.warnings.len(), 2);

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

    fn record(a: &[(u32, f32)], b: &[(u32, f32)], terms: &str, df: &str) -> String {
        let (a, b) = (super::super::vector::encode(a), super::super::vector::encode(b));
        format!(
            r#"{{"version":1,"articles":[{{"id":"a","url":"/a","title":"A","vector":"{a}"}},{{"id":"b","url":"/b","title":"B","vector":"{b}"}}],
            "collection":{{"articles":50,"terms":{terms},"df":{df}}}}}"#
        )
    }

    const TERMS: &str = r#"["flood","river","vote"]"#;
    const A: &[(u32, f32)] = &[(0, 1.5), (2, 0.25)];
    const B: &[(u32, f32)] = &[(1, 2.0), (2, 1.0)];

    #[test]
    fn reads_records_with_vectors_and_their_terms() {
        let loaded = parse_str(&record(A, B, TERMS, "[3,7,20]")).expect("record");
        assert!(loaded.report.is_clean(), "{:?}", loaded.report);
        let collection = loaded.manifest.collection.expect("collection");
        assert_eq!(collection.terms(), ["flood", "river", "vote"]);
        assert_eq!(collection.df, CollectionDf::InTermOrder { terms: collection.terms().to_vec(), counts: vec![3, 7, 20] });
        assert_eq!(loaded.manifest.articles[1].vector, [(1, 2.0), (2, 1.0)]);
        // Version-1 records: frequencies by term.
        let old = parse_str(r#"{"version":1,"articles":[{"id":"a","url":"/a","title":"A"}],"collection":{"articles":9,"df":{"x":2}}}"#).expect("record");
        assert_eq!(old.manifest.collection.map(|c| c.df), Some(CollectionDf::ByTerm(SortedMap::from([("x".to_string(), 2)]))));
    }

    #[test]
    fn bad_vectors_and_term_lists_are_dropped_with_a_warning() {
        let warnings = |text: &str| {
            let loaded = parse_str(text).expect("still a manifest");
            let vectors: Vec<usize> = loaded.manifest.articles.iter().map(|a| a.vector.len()).collect();
            (loaded.report.warnings.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "), vectors, loaded.manifest.collection.is_some())
        };
        // A vector that is not in the compact form: that vector only.
        let good = record(A, B, TERMS, "[3,7,20]");
        let (message, vectors, kept) = warnings(&good.replacen("\"vector\":\"", "\"vector\":\"!", 1));
        assert!(message.contains("vector") && message.contains("compact form"), "{message}");
        assert_eq!((vectors, kept), (vec![0, 2], true));
        let encoded_a = format!("\"{}\"", super::super::vector::encode(A));
        let (message, vectors, _) = warnings(&good.replacen(&encoded_a, "[[0,1.5],[2,0.25]]", 1));
        assert!(message.contains("vector"), "{message}");
        assert_eq!(vectors, [0, 2]);
        // A position past the terms.
        let (message, vectors, _) = warnings(&record(&[(0, 1.5), (3, 0.25)], B, TERMS, "[3,7,20]"));
        assert!(message.contains("id \"a\"") && message.contains("past the file's list"), "{message}");
        assert_eq!(vectors, [0, 2]);
        // Terms out of order, or not as many as counts, or a count out of range: the statistics go, and with them
        // every vector.
        for bad in [
            record(A, B, r#"["river","flood","vote"]"#, "[3,7,20]"),
            record(A, B, TERMS, "[3,7]"),
            record(A, B, TERMS, "[3,7,51]"),
        ] {
            let (message, vectors, kept) = warnings(&bad);
            assert!(message.contains("collection") && message.contains("own statistics"), "{message}");
            assert_eq!((vectors, kept), (vec![0, 0], false), "{bad}");
        }
    }
}
