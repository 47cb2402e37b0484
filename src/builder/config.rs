//! The build's config file: the site's name, URL and language, and the topics readers can follow, with labels
//! per language and the tags or categories that put an article in each.
//!
//! ```json
//! { "site": { "name": "Civic Wire", "url": "https://civic.example/", "lang": "en" },
//!   "topics": [ { "id": "human-rights", "labels": { "en": "Human rights", "ru": "Права человека" },
//!                 "match": ["human rights", "civil society"], "feed": "/feeds/human-rights.xml" } ],
//!   "categories_as_topics": true,
//!   "pinned": { "kerry-basel-2014": ["osce-parallel-conference-vilnius-2011"] } }
//! ```

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::document::{slugify, Document};
use crate::json_fields::Fields;
use crate::lang;
use crate::manifest::{tag_topics, Site, Topic};
use crate::sorted_map::SortedMap;
use crate::text;
use crate::url::check_url;

/// A topic from the config file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TopicRule {
    pub id: String,
    pub labels: SortedMap<String, String>,
    pub feed: Option<String>,
    /// Normalised tags and categories that put an article in this topic.
    pub matches: Vec<String>,
}

/// The whole config file.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub site: Site,
    pub topics: Vec<TopicRule>,
    /// Categories that no rule claims become topics of their own.
    pub categories_as_topics: bool,
    /// When neither rules nor categories give any topic, the site's most used tags become topics, at most this
    /// many (0 turns it off), so a feed built without a config still gets a subscription panel.
    pub topics_from_tags: usize,
    /// Editors' picks: article id -> ids shown first in its related list.
    pub pinned: BTreeMap<String, Vec<String>>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            site: Site::default(),
            topics: Vec::new(),
            categories_as_topics: true,
            topics_from_tags: DEFAULT_TOPICS_FROM_TAGS,
            pinned: BTreeMap::new(),
        }
    }
}

impl SiteConfig {
    /// Reads a config file's text; the error names the field at fault.
    pub fn from_json(text: &str) -> Result<SiteConfig, String> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| format!("not valid JSON (line {}, column {}): {e}", e.line(), e.column()))?;
        let mut fields = Fields::new(&value)?;
        let mut config = SiteConfig::default();
        if let Some(mut site) = fields.nested("site") {
            config.site = Site { name: site.optional_str("name"), url: site.optional_str("url"), lang: site.optional_str("lang") };
            fields.absorb(site);
        }
        if let Some(url) = &config.site.url {
            check_url(url).map_err(|why| format!("site.url: {why}"))?;
        }
        if let Some(flag) = fields.get("categories_as_topics") {
            config.categories_as_topics = flag.as_bool().ok_or("categories_as_topics: expected true or false")?;
        }
        if let Some(count) = fields.get("topics_from_tags") {
            let count = count.as_u64().filter(|n| *n <= 50).ok_or("topics_from_tags: expected a whole number from 0 to 50")?;
            config.topics_from_tags = usize::try_from(count).unwrap_or(DEFAULT_TOPICS_FROM_TAGS);
        }
        match fields.get("topics") {
            None => {}
            Some(Value::Array(entries)) => {
                for (i, entry) in entries.iter().enumerate() {
                    let mut topic = Fields::new(entry).map_err(|e| format!("topics[{i}]: {e}"))?;
                    let id = topic.required_str("id").map_err(|e| format!("topics[{i}]: {e}"))?;
                    let rule = TopicRule {
                        id: id.trim().to_string(),
                        labels: topic.str_map("labels").into_iter().collect(),
                        feed: topic.optional_str("feed"),
                        matches: topic.str_list("match").iter().filter_map(|m| text::normalize_term(m, "")).collect(),
                    };
                    if let Some((field, message)) = topic.warnings.first() {
                        return Err(format!("topics[{i}].{field}: {message}"));
                    }
                    if rule.id.is_empty() {
                        return Err(format!("topics[{i}].id: empty"));
                    }
                    config.topics.push(rule);
                }
            }
            Some(_) => return Err("topics: expected an array".into()),
        }
        if let (Some(Value::Object(map)), Some(mut pins)) = (fields.get("pinned"), fields.nested("pinned")) {
            for article in map.keys() {
                config.pinned.insert(article.clone(), pins.str_list(article));
            }
            fields.absorb(pins);
        }
        if let Some((field, message)) = fields.warnings.first() {
            return Err(format!("{field}: {message}"));
        }
        Ok(config)
    }

    /// Puts each document in the topics whose rules match its tags or categories, and (when enabled) in a topic
    /// of its own per category no rule claims. Returns the topics with their counts.
    pub fn assign_topics(&self, documents: &[Document], default_lang: Option<&str>, previous: &[String]) -> TopicAssignments {
        let mut auto_topics: BTreeMap<String, (String, HashMap<String, u32>)> = BTreeMap::new();
        let per_document: Vec<Vec<String>> = documents
            .iter()
            .map(|document| {
                let lang = document.lang.as_deref().unwrap_or("");
                let mut topics: Vec<String> = Vec::new();
                let labels: Vec<String> = document.tags.iter().chain(&document.categories).filter_map(|t| text::normalize_term(t, lang)).collect();
                for rule in &self.topics {
                    if rule.matches.iter().any(|m| labels.contains(m)) && !topics.contains(&rule.id) {
                        topics.push(rule.id.clone());
                    }
                }
                if self.categories_as_topics {
                    for category in &document.categories {
                        let claimed = text::normalize_term(category, lang)
                            .is_some_and(|c| self.topics.iter().any(|r| r.matches.contains(&c)));
                        let id = slugify(category);
                        if claimed || id.is_empty() || topics.contains(&id) {
                            continue;
                        }
                        let entry = auto_topics.entry(id.clone()).or_insert_with(|| (lang.to_string(), HashMap::new()));
                        *entry.1.entry(category.trim().to_string()).or_default() += 1;
                        topics.push(id);
                    }
                }
                topics
            })
            .collect();
        let counts = count_topics(&per_document);
        let mut topics: Vec<Topic> = self
            .topics
            .iter()
            .map(|rule| Topic {
                id: rule.id.clone(),
                labels: rule.labels.clone(),
                feed: rule.feed.clone(),
                count: Some(counts.get(&rule.id).copied().unwrap_or(0)),
            })
            .collect();
        let mut automatic: Vec<Topic> = auto_topics
            .into_iter()
            .map(|(id, (lang, spellings))| {
                // The label is the category as most articles spell it, in the language they are written in.
                let label = spellings.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0))).map(|(s, _)| s).unwrap_or_default();
                let lang = if lang.is_empty() { default_lang.unwrap_or("en").to_string() } else { lang::primary(&lang) };
                Topic { count: Some(counts.get(&id).copied().unwrap_or(0)), id, labels: SortedMap::from([(lang, label)]), feed: None }
            })
            .collect();
        automatic.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));
        let mut per_document = per_document;
        if automatic.len() > MAX_CATEGORY_TOPICS {
            // More categories than a form can offer (a feed whose `<category>` elements are its tags, in every
            // language it publishes in): the most used, on a few articles each, as for tags.
            automatic.retain(|topic| topic.count.unwrap_or(0) >= MIN_ARTICLES_PER_TAG_TOPIC);
            automatic.truncate(MAX_CATEGORY_TOPICS);
            let rules: Vec<&String> = self.topics.iter().map(|rule| &rule.id).collect();
            for ids in &mut per_document {
                ids.retain(|id| rules.contains(&id) || automatic.iter().any(|topic| &topic.id == id));
            }
        }
        topics.extend(automatic);
        let mut assignments = TopicAssignments { topics, per_document };
        if assignments.topics.is_empty() && self.topics_from_tags > 0 {
            assignments = self.topics_from_tags(documents, default_lang, previous);
        }
        assignments
    }

    /// The site's most used tags as topics: tags on at least [`MIN_ARTICLES_PER_TAG_TOPIC`] articles, most used
    /// first (ties alphabetically), at most `topics_from_tags` of them; a tag on nearly every article (a site-wide
    /// keyword) tells readers nothing and is left out.
    ///
    /// Topics the previous build chose (`previous`, by id) stay while their tag is still eligible: another tag takes
    /// a kept topic's place only with a clear lead ([`TOPIC_TAKEOVER`]). Readers subscribe to topics, so a topic
    /// must not come and go as a few articles tip the counts of two tags near the cut; and every article of a
    /// topic that comes or goes changes, so a rebuild could not be an update (see `rebuild`).
    fn topics_from_tags(&self, documents: &[Document], default_lang: Option<&str>, previous: &[String]) -> TopicAssignments {
        let mut by_key: BTreeMap<String, TagUse> = BTreeMap::new();
        let keys: Vec<Vec<String>> = documents
            .iter()
            .map(|document| {
                let lang = document.lang.as_deref().unwrap_or("");
                let mut keys: Vec<String> = Vec::new();
                for tag in &document.tags {
                    let Some(key) = text::normalize_term(tag, lang) else { continue };
                    if keys.contains(&key) {
                        continue;
                    }
                    let entry = by_key.entry(key.clone()).or_insert_with(|| TagUse { lang: lang.to_string(), ..TagUse::default() });
                    entry.articles += 1;
                    *entry.spellings.entry(tag.trim().to_string()).or_default() += 1;
                    keys.push(key);
                }
                keys
            })
            .collect();
        let mut chosen: Vec<(&String, &TagUse)> = by_key
            .iter()
            .filter(|(_, used)| tag_topics::is_eligible(used.articles, documents.len()))
            .collect();
        let order = |a: &(&String, &TagUse), b: &(&String, &TagUse)| tag_topics::by_use((a.0, a.1.articles), (b.0, b.1.articles));
        chosen.sort_by(order);
        let label_of = |used: &TagUse| used.spellings.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(s, _)| s.clone()).unwrap_or_default();
        let (mut kept, mut others): (Vec<_>, Vec<_>) = chosen.into_iter().partition(|(_, used)| previous.contains(&slugify(&label_of(used))));
        kept.truncate(self.topics_from_tags);
        others.reverse();
        // Free places first, then challengers with a clear lead over the weakest kept topic.
        while kept.len() < self.topics_from_tags {
            match others.pop() {
                Some(next) => kept.push(next),
                None => break,
            }
        }
        kept.sort_by(order);
        while let (Some(&challenger), Some(&weakest)) = (others.last(), kept.last()) {
            if (challenger.1.articles as f64) < weakest.1.articles as f64 * TOPIC_TAKEOVER || challenger.1.articles < weakest.1.articles + 2 {
                break;
            }
            others.pop();
            kept.pop();
            kept.push(challenger);
            kept.sort_by(order);
        }
        let chosen = kept;
        let mut topics = Vec::new();
        let mut id_of: HashMap<&String, String> = HashMap::new();
        for (key, used) in chosen {
            let TagUse { articles: count, lang, .. } = used;
            let label = label_of(used);
            let id = slugify(&label);
            if id.is_empty() || topics.iter().any(|t: &Topic| t.id == id) {
                continue;
            }
            let lang = if lang.is_empty() { default_lang.unwrap_or("en").to_string() } else { lang::primary(lang) };
            topics.push(Topic { id: id.clone(), labels: SortedMap::from([(lang, label)]), feed: None, count: Some(*count) });
            id_of.insert(key, id);
        }
        let per_document = keys.iter().map(|keys| keys.iter().filter_map(|k| id_of.get(k).cloned()).collect()).collect();
        TopicAssignments { topics, per_document }
    }
}

/// How one tag is used across the site: on how many articles, in which language first, and how it is spelt.
#[derive(Debug, Default)]
struct TagUse {
    articles: u64,
    lang: String,
    spellings: HashMap<String, u32>,
}

pub use crate::manifest::tag_topics::{DEFAULT_TOPICS_FROM_TAGS, MIN_ARTICLES_PER_TAG_TOPIC};
/// A tag takes the place of a topic kept from the previous build only with this many times its articles (and two
/// more at least).
pub const TOPIC_TAKEOVER: f64 = 1.25;
/// Categories give at most this many topics: past it, the most used on at least [`MIN_ARTICLES_PER_TAG_TOPIC`]
/// articles. Every category is a topic up to it (a small site's sections, however new).
pub const MAX_CATEGORY_TOPICS: usize = 12;

/// Topics and, per document in order, the ids of its topics.
#[derive(Debug, Clone, Default)]
pub struct TopicAssignments {
    pub topics: Vec<Topic>,
    pub per_document: Vec<Vec<String>>,
}

/// Counts how many articles carry each topic id.
pub fn count_topics(per_document: &[Vec<String>]) -> HashMap<String, u64> {
    let mut counts = HashMap::new();
    for topics in per_document {
        for topic in topics {
            *counts.entry(topic.clone()).or_default() += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_rules_or_categories_the_most_used_tags_become_topics() {
        let doc = |id: &str, tags: &[&str]| Document {
            id: id.into(),
            lang: Some("en".into()),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Document::default()
        };
        let documents: Vec<Document> = (0..10)
            .map(|i| {
                let mut tags = vec!["Our Site"];
                if i < 6 { tags.push("Elections") }
                if i >= 4 { tags.push("Human rights") }
                if i == 9 { tags.extend(["Floods", "human Rights"]) }
                doc(&format!("a{i}"), &tags)
            })
            .collect();
        let assigned = SiteConfig::default().assign_topics(&documents, Some("en"), &[]);
        let ids: Vec<(&str, Option<u64>)> = assigned.topics.iter().map(|t| (t.id.as_str(), t.count)).collect();
        // "Our Site" is on every article and "Floods" on one: neither makes a topic.
        assert_eq!(ids, [("elections", Some(6)), ("human-rights", Some(6))]);
        assert_eq!(assigned.topics[1].labels.get("en").map(String::as_str), Some("Human rights"));
        assert_eq!(assigned.per_document[5], ["elections", "human-rights"]);
        assert!(assigned.per_document[9].iter().all(|t| t != "floods"));
        let off = SiteConfig { topics_from_tags: 0, ..SiteConfig::default() }.assign_topics(&documents, Some("en"), &[]);
        assert!(off.topics.is_empty());
        let one = SiteConfig::from_json(r#"{"topics_from_tags": 1}"#).expect("config").assign_topics(&documents, Some("en"), &[]);
        assert_eq!(one.topics.len(), 1);
        assert!(SiteConfig::from_json(r#"{"topics_from_tags": "many"}"#).is_err());
    }

    #[test]
    fn topics_from_tags_stay_across_builds_until_another_tag_clearly_leads() {
        // Tags on 12, 10, 9 and 8 articles of 40; two topics.
        let uses = [("Elections", 12), ("Floods", 10), ("Budget", 9), ("Courts", 8)];
        let documents = |extra_budget: usize| -> Vec<Document> {
            (0..40)
                .map(|i| Document {
                    id: format!("a{i}"),
                    lang: Some("en".into()),
                    tags: uses
                        .iter()
                        .filter(|(tag, count)| i < *count + if *tag == "Budget" { extra_budget } else { 0 })
                        .map(|(tag, _)| tag.to_string())
                        .collect(),
                    ..Document::default()
                })
                .collect()
        };
        let config = SiteConfig::from_json(r#"{"topics_from_tags": 2}"#).expect("config");
        let ids = |assigned: TopicAssignments| assigned.topics.into_iter().map(|t| t.id).collect::<Vec<_>>();
        let first = ids(config.assign_topics(&documents(0), Some("en"), &[]));
        assert_eq!(first, ["elections", "floods"]);
        // Budget now on 11 articles, Floods on 10: without the previous build's topics it would take Floods' place.
        assert_eq!(ids(config.assign_topics(&documents(2), Some("en"), &[])), ["elections", "budget"]);
        assert_eq!(ids(config.assign_topics(&documents(2), Some("en"), &first)), ["elections", "floods"], "a kept topic stays");
        // On 13 articles (1.3 times Floods' 10), Budget takes the place.
        assert_eq!(ids(config.assign_topics(&documents(4), Some("en"), &first)), ["budget", "elections"]);
        // A previous topic whose tag is gone leaves its place to the next tag.
        assert_eq!(ids(config.assign_topics(&documents(0), Some("en"), &["elections".into(), "gone".into()])), ["elections", "floods"]);
    }

    #[test]
    fn reads_a_config_and_assigns_topics() {
        let config = SiteConfig::from_json(
            r#"{"site":{"name":"Civic Wire","lang":"en"},"topics":[{"id":"human-rights","labels":{"en":"Human rights","az":"İnsan hüquqları"},"match":["Human Rights","civil society"]}]}"#,
        )
        .expect("valid config");
        let docs = vec![
            Document { tags: vec!["Civil Society".into()], categories: vec!["Politics".into()], ..Document::default() },
            Document { categories: vec!["politics".into(), "Human rights".into()], ..Document::default() },
            Document { categories: vec!["Sport".into()], lang: Some("az".into()), ..Document::default() },
        ];
        let assigned = config.assign_topics(&docs, Some("en"), &[]);
        assert_eq!(assigned.per_document, [vec!["human-rights", "politics"], vec!["human-rights", "politics"], vec!["sport"]]);
        let summary: Vec<(&str, Option<u64>)> = assigned.topics.iter().map(|t| (t.id.as_str(), t.count)).collect();
        assert_eq!(summary, [("human-rights", Some(2)), ("politics", Some(2)), ("sport", Some(1))]);
        assert_eq!(assigned.topics[2].labels.get("az").map(String::as_str), Some("Sport"));
    }

    #[test]
    fn many_categories_give_the_most_used_few_topics() {
        let config = SiteConfig::default();
        // 30 categories on one article each, and three on several (one of them on every article but one).
        let mut docs: Vec<Document> = (0..30).map(|i| Document { categories: vec![format!("Tag {i}")], ..Document::default() }).collect();
        for (i, doc) in docs.iter_mut().enumerate() {
            if i % 2 == 0 {
                doc.categories.push("Floods".into());
            }
            if i % 5 == 0 {
                doc.categories.push("Elections".into());
            }
        }
        docs[1].categories.push("Elections".into());
        let assigned = config.assign_topics(&docs, Some("en"), &[]);
        let summary: Vec<(&str, Option<u64>)> = assigned.topics.iter().map(|t| (t.id.as_str(), t.count)).collect();
        assert_eq!(summary, [("floods", Some(15)), ("elections", Some(7))]);
        assert_eq!(assigned.per_document[0], ["floods", "elections"]);
        assert_eq!(assigned.per_document[1], ["elections"]);
        assert!(assigned.per_document[3].is_empty());
    }

    #[test]
    fn pins_are_read() {
        let config = SiteConfig::from_json(r#"{"pinned":{"a":["b","c"]}}"#).expect("valid");
        assert_eq!(config.pinned.get("a"), Some(&vec!["b".to_string(), "c".to_string()]));
        assert_eq!(SiteConfig::from_json(r#"{"pinned":{"a":"b"}}"#), Err("pinned.a: expected an array of strings, found a string; ignored".into()));
    }

    #[test]
    fn config_errors_name_the_field() {
        assert!(SiteConfig::from_json("{").expect_err("bad json").contains("line 1"));
        assert_eq!(SiteConfig::from_json(r#"{"topics":[{"labels":{}}]}"#), Err("topics[0]: missing field \"id\"".into()));
        assert_eq!(SiteConfig::from_json(r#"{"topics":[{"id":"a","match":"x"}]}"#).expect_err("bad match").split(':').next(), Some("topics[0].match"));
        assert!(SiteConfig::from_json(r#"{"site":{"url":"javascript:x"}}"#).is_err());
    }
}
