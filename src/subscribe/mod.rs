//! The subscribe-to-topics panel in pure code: its options, its view model, and the checks a reader's input goes
//! through before anything is sent.
//!
//! The panel is fed by the manifest's topics. With an endpoint it is a form (topics, types of information,
//! e-mail, consent, a honeypot); without one it lists each topic's feed. The browser glue in `web::subscribe` only
//! copies this into nodes and sends what `payload` encodes, queueing in `queue` what could not be sent.

pub mod labels;
pub mod payload;
pub mod queue;

use crate::lang::is_rtl;
use crate::manifest::Topic;
use crate::url::{check_url, is_http_url, ResolvedUrl};

pub use labels::{subscribe_labels, type_name, SubscribeLabels};
pub use payload::{check_email, Field, FieldNames, PayloadFormat};

/// The "type of information" choices offered unless the `subscribe-types` option says otherwise.
pub const DEFAULT_TYPES: [&str; 3] = ["news", "reports", "events"];
/// At most this many topics and types are offered, so a huge taxonomy cannot make an endless form.
pub const MAX_TOPIC_CHOICES: usize = 50;
pub const MAX_TYPE_CHOICES: usize = 20;
/// Said when the panel is asked for (`subscribe: true`) but the index has no topics.
const NO_TOPICS: &str = "the subscription panel is on, but the manifest has no topics to subscribe to";
/// Said when the panel is asked for (`subscribe: true`) but readers could not subscribe through it.
pub const NO_WAY_TO_SUBSCRIBE: &str = "the subscription panel has no subscribe-endpoint and no topic has a feed; it is hidden";

/// One "type of information" choice: an id sent to the endpoint and, optionally, the site's own label for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeChoice {
    pub id: String,
    pub label: Option<String>,
}

/// The subscription panel's options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscribeOptions {
    /// `None`: shown when the manifest has topics. `Some(false)` turns the panel off.
    pub enabled: Option<bool>,
    /// Where subscriptions are sent; without it the panel lists the topics' feeds.
    pub endpoint: Option<String>,
    pub format: PayloadFormat,
    pub fields: FieldNames,
    pub types: Vec<TypeChoice>,
    /// The site's privacy page, linked beside the consent box.
    pub privacy_url: Option<String>,
    /// Replaces the localised heading.
    pub heading: Option<String>,
}

impl Default for SubscribeOptions {
    fn default() -> Self {
        SubscribeOptions {
            enabled: None,
            endpoint: None,
            format: PayloadFormat::Json,
            fields: FieldNames::default(),
            types: DEFAULT_TYPES.iter().map(|id| TypeChoice { id: id.to_string(), label: None }).collect(),
            privacy_url: None,
            heading: None,
        }
    }
}

/// Reads `subscribe-types`: "news, reports" or "news:Daily news, briefs:Policy briefs". An id is lower-case
/// letters, digits, `-` and `_`; other entries are dropped with a warning.
pub fn parse_types(value: &str, warnings: &mut Vec<String>) -> Vec<TypeChoice> {
    let mut types: Vec<TypeChoice> = Vec::new();
    for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (id, label) = match item.split_once(':') {
            Some((id, label)) => (id.trim(), Some(label.trim().to_string()).filter(|l| !l.is_empty())),
            None => (item, None),
        };
        let valid = !id.is_empty()
            && id.len() <= 40
            && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !valid {
            warnings.push(format!("subscribe-types: \"{id}\" is not an id (lower-case letters, digits, - and _); dropped"));
        } else if types.len() >= MAX_TYPE_CHOICES {
            warnings.push(format!("subscribe-types: more than {MAX_TYPE_CHOICES} types; \"{id}\" dropped"));
        } else if !types.iter().any(|t| t.id == id) {
            types.push(TypeChoice { id: id.to_string(), label });
        }
    }
    types
}

/// Reads `subscribe-fields`: "email=EMAIL, topics=group[], idempotency_key=" (`:` works too; an empty name leaves
/// the field out). The e-mail field cannot be left out.
pub fn parse_field_names(value: &str, fields: &mut FieldNames, warnings: &mut Vec<String>) {
    for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let Some((field, name)) = item.split_once(['=', ':']) else {
            warnings.push(format!("subscribe-fields: \"{item}\" is not field=name; ignored"));
            continue;
        };
        let (field, name) = (field.trim(), name.trim());
        if field == "email" && name.is_empty() {
            warnings.push("subscribe-fields: the e-mail field cannot be left out; kept as \"email\"".into());
        } else if !fields.rename(field, name) {
            warnings.push(format!(
                "subscribe-fields: unknown field \"{field}\" (use email, topics, types, lang, page_url, consent, idempotency_key, honeypot)"
            ));
        }
    }
}

/// A topic checkbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicChoice {
    pub id: String,
    pub label: String,
    /// Ticked at first: the current article is about this topic.
    pub checked: bool,
}

/// A "type of information" checkbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeView {
    pub id: String,
    pub label: String,
}

/// A topic's feed, offered when there is no endpoint to send subscriptions to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedLink {
    pub topic: String,
    pub label: String,
    pub href: String,
}

/// What the panel is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscribeMode {
    Form {
        /// Absolute URL of the endpoint.
        endpoint: String,
        /// Whether the endpoint is on another site: a form-encoded post is then sent without reading the answer.
        cross_site: bool,
        topics: Vec<TopicChoice>,
        types: Vec<TypeView>,
        privacy_href: Option<String>,
    },
    Feeds(Vec<FeedLink>),
}

/// Everything the subscription panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscribeView {
    pub lang: String,
    pub rtl: bool,
    pub heading: String,
    pub labels: &'static SubscribeLabels,
    pub mode: SubscribeMode,
}

/// Whether there is anything to subscribe to: the panel is not turned off, the index has topics, and there is an
/// endpoint or a topic with a feed (their URLs are checked by [`build_subscribe`]). `Err` carries the note to give,
/// which is only given when the panel was asked for (`subscribe: true`). The related-articles panel asks this before
/// loading the subscription module, which then builds the panel with [`build_subscribe`], asking it again.
pub fn offers_subscription(topics: &[Topic], options: &SubscribeOptions) -> Result<(), Option<&'static str>> {
    let why = if options.enabled == Some(false) {
        None
    } else if topics.is_empty() {
        Some(NO_TOPICS)
    } else if options.endpoint.is_none() && topics.iter().all(|topic| topic.feed.is_none()) {
        Some(NO_WAY_TO_SUBSCRIBE)
    } else {
        return Ok(());
    };
    Err(why.filter(|_| options.enabled == Some(true)))
}

/// Builds the panel, or `None` when it is off or has nothing to offer (no topics; no endpoint and no feeds).
/// `article_topics` are the current article's. `resolve_option` makes URLs from options absolute (against the
/// page), `resolve_manifest` those from the manifest (against its address). Notes for the console (why the panel
/// is missing, a bad endpoint) go to `notes`.
pub fn build_subscribe(
    topics: &[Topic],
    article_topics: &[String],
    options: &SubscribeOptions,
    lang: &str,
    resolve_option: &dyn Fn(&str) -> Option<ResolvedUrl>,
    resolve_manifest: &dyn Fn(&str) -> Option<ResolvedUrl>,
    notes: &mut Vec<String>,
) -> Option<SubscribeView> {
    if let Err(why) = offers_subscription(topics, options) {
        notes.extend(why.map(String::from));
        return None;
    }
    let labels = subscribe_labels(lang);
    let fallback_lang = "en";
    let http_only = |resolved: Option<ResolvedUrl>| resolved.filter(|r| is_http_url(&r.href) && check_url(&r.href).is_ok());
    let endpoint = options.endpoint.as_deref().and_then(|url| {
        let resolved = http_only(resolve_option(url));
        if resolved.is_none() {
            notes.push(format!("subscribe-endpoint \"{url}\" is not an http(s) URL; offering the topics' feeds instead"));
        }
        resolved
    });
    let topics = crate::manifest::model::offered_topics(topics, lang);
    let mode = match endpoint {
        Some(endpoint) => {
            // The current article's topics come first, ticked, in the manifest's order; the rest follow.
            let (mine, others): (Vec<&Topic>, Vec<&Topic>) = topics.iter().partition(|t| article_topics.contains(&t.id));
            let topics = mine
                .iter()
                .map(|t| (t, true))
                .chain(others.iter().map(|t| (t, false)))
                .take(MAX_TOPIC_CHOICES)
                .map(|(t, checked)| TopicChoice { id: t.id.clone(), label: t.label(lang, fallback_lang).to_string(), checked })
                .collect();
            let types = options
                .types
                .iter()
                .map(|t| TypeView { id: t.id.clone(), label: t.label.clone().unwrap_or_else(|| type_name(&t.id, lang)) })
                .collect();
            let privacy_href = options.privacy_url.as_deref().and_then(|url| {
                let resolved = http_only(resolve_option(url));
                if resolved.is_none() {
                    notes.push(format!("privacy-url \"{url}\" is not an http(s) URL; not linked"));
                }
                resolved.map(|r| r.href)
            });
            SubscribeMode::Form { cross_site: endpoint.external, endpoint: endpoint.href, topics, types, privacy_href }
        }
        None => {
            let feeds: Vec<FeedLink> = topics
                .iter()
                .filter_map(|t| {
                    let href = http_only(resolve_manifest(t.feed.as_deref()?))?.href;
                    Some(FeedLink { topic: t.id.clone(), label: t.label(lang, fallback_lang).to_string(), href })
                })
                .take(MAX_TOPIC_CHOICES)
                .collect();
            if feeds.is_empty() {
                if options.enabled == Some(true) {
                    notes.push(NO_WAY_TO_SUBSCRIBE.into());
                }
                return None;
            }
            SubscribeMode::Feeds(feeds)
        }
    };
    let default_heading = if matches!(mode, SubscribeMode::Form { .. }) { labels.heading } else { labels.feeds_heading };
    Some(SubscribeView {
        lang: lang.to_string(),
        rtl: is_rtl(lang),
        heading: options.heading.clone().unwrap_or_else(|| default_heading.to_string()),
        labels,
        mode,
    })
}

/// What the reader filled in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormInput {
    pub email: String,
    pub topics: Vec<String>,
    pub types: Vec<String>,
    pub consent: bool,
    /// Whether the form offered types at all (none ticked is then an error).
    pub types_offered: bool,
}

/// A problem with one field, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: Field,
    pub message: &'static str,
}

/// Checks the reader's input; problems come in the form's order, so the first one is where focus goes.
/// Returns the e-mail as it will be sent (trimmed, domain in lower case).
pub fn check_form(input: &FormInput, labels: &SubscribeLabels) -> Result<String, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    if input.topics.is_empty() {
        problems.push(FieldProblem { field: Field::Topics, message: labels.error_topics });
    }
    if input.types_offered && input.types.is_empty() {
        problems.push(FieldProblem { field: Field::Types, message: labels.error_types });
    }
    let email = check_email(&input.email);
    if email.is_err() {
        problems.push(FieldProblem { field: Field::Email, message: labels.error_email });
    }
    if !input.consent {
        problems.push(FieldProblem { field: Field::Consent, message: labels.error_consent });
    }
    match email {
        Ok(email) if problems.is_empty() => Ok(email),
        _ => Err(problems),
    }
}

/// The message for a submission the endpoint refused: our own words for the errors we know, else the server's.
pub fn rejection_message(rejection: &payload::Rejection, labels: &SubscribeLabels) -> (Option<Field>, String) {
    let known = match rejection.code.as_deref() {
        Some("invalid_email" | "missing_email") => Some((Field::Email, labels.error_email)),
        Some("no_topics" | "unknown_topic") => Some((Field::Topics, labels.error_topics)),
        Some("invalid_type") => Some((Field::Types, labels.error_types)),
        Some("consent_required") => Some((Field::Consent, labels.error_consent)),
        _ => None,
    };
    match known {
        // An unknown topic is the site's problem, not the reader's: the server's words name the topic.
        Some((field, text)) if rejection.code.as_deref() != Some("unknown_topic") => (Some(field), text.to_string()),
        _ => {
            let detail = rejection.message.clone().unwrap_or_else(|| format!("HTTP {}", rejection.status));
            (rejection.field.or(known.map(|(f, _)| f)), format!("{} {detail}", labels.rejected))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(id: &str, en: &str, ru: Option<&str>, feed: Option<&str>) -> Topic {
        let mut labels = crate::sorted_map::SortedMap::from([("en".to_string(), en.to_string())]);
        if let Some(ru) = ru {
            labels.insert("ru".into(), ru.into());
        }
        Topic { id: id.into(), labels, feed: feed.map(str::to_string), count: None }
    }

    fn topics() -> Vec<Topic> {
        vec![
            topic("elections", "Elections", Some("Выборы"), Some("/feeds/elections.xml")),
            topic("climate", "Climate", None, None),
            topic("rights", "Human rights", Some("Права человека"), Some("javascript:alert(1)")),
        ]
    }

    fn resolve(url: &str) -> Option<ResolvedUrl> {
        if url.contains(':') {
            Some(ResolvedUrl { href: url.to_string(), external: !url.starts_with("https://site.example") })
        } else {
            Some(ResolvedUrl { href: format!("https://site.example{url}"), external: false })
        }
    }

    fn with_endpoint() -> SubscribeOptions {
        SubscribeOptions { endpoint: Some("/api/subscribe".into()), ..SubscribeOptions::default() }
    }

    #[test]
    fn form_lists_the_articles_topics_first_and_ticked() {
        let mut notes = Vec::new();
        let article_topics = vec!["rights".to_string()];
        let view = build_subscribe(&topics(), &article_topics, &with_endpoint(), "ru", &resolve, &resolve, &mut notes).expect("panel");
        assert_eq!(view.heading, "Подпишитесь на наши новости");
        let SubscribeMode::Form { endpoint, cross_site, topics, types, privacy_href } = view.mode else { panic!("a form") };
        assert_eq!(endpoint, "https://site.example/api/subscribe");
        assert!(!cross_site);
        let shown: Vec<(&str, &str, bool)> = topics.iter().map(|t| (t.id.as_str(), t.label.as_str(), t.checked)).collect();
        assert_eq!(shown, [("rights", "Права человека", true), ("elections", "Выборы", false), ("climate", "Climate", false)]);
        let types: Vec<&str> = types.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(types, ["Новости", "Отчёты", "Мероприятия"]);
        assert_eq!(privacy_href, None);
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn a_site_whose_topics_are_named_in_one_language_each_offers_a_reader_those_of_the_readers() {
        let named = |id: &str, lang: &str, label: &str| Topic { id: id.into(), labels: crate::sorted_map::SortedMap::from([(lang.to_string(), label.to_string())]), feed: None, count: None };
        let split = vec![named("news", "en", "News"), named("naujienos", "lt", "Naujienos"), named("equality", "en", "Equality"), named("lygybe", "lt-LT", "Lygybė")];
        let offered = |topics: &[Topic], lang: &str| -> Vec<String> {
            match build_subscribe(topics, &[], &with_endpoint(), lang, &resolve, &resolve, &mut Vec::new()).map(|v| v.mode) {
                Some(SubscribeMode::Form { topics, .. }) => topics.into_iter().map(|t| t.id).collect(),
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(offered(&split, "lt"), ["naujienos", "lygybe"]);
        assert_eq!(offered(&split, "en-GB"), ["news", "equality"]);
        assert_eq!(offered(&split, "ru"), ["news", "naujienos", "equality", "lygybe"], "none named in Russian: all");
        // Topics English names all of, some translated: all offered, "Climate" in English on a Russian page.
        assert_eq!(offered(&topics(), "ru"), ["elections", "climate", "rights"]);
    }

    #[test]
    fn something_to_subscribe_to_needs_topics_and_an_endpoint_or_a_feed() {
        let no_feeds = vec![topic("rights", "Human rights", None, None)];
        let asked = |options: SubscribeOptions| SubscribeOptions { enabled: Some(true), ..options };
        assert_eq!(offers_subscription(&no_feeds, &with_endpoint()), Ok(()));
        assert_eq!(offers_subscription(&topics(), &SubscribeOptions::default()), Ok(()), "a topic has a feed");
        assert_eq!(offers_subscription(&no_feeds, &SubscribeOptions::default()), Err(None), "said only when asked for");
        assert_eq!(offers_subscription(&no_feeds, &asked(SubscribeOptions::default())), Err(Some(NO_WAY_TO_SUBSCRIBE)));
        assert_eq!(offers_subscription(&[], &asked(with_endpoint())), Err(Some(NO_TOPICS)));
        let off = SubscribeOptions { enabled: Some(false), ..with_endpoint() };
        assert_eq!(offers_subscription(&topics(), &off), Err(None), "turned off");
    }

    #[test]
    fn without_endpoint_the_topics_feeds_are_offered() {
        let mut notes = Vec::new();
        let view = build_subscribe(&topics(), &[], &SubscribeOptions::default(), "en", &resolve, &resolve, &mut notes).expect("panel");
        assert_eq!(view.heading, "Follow our topics");
        assert_eq!(
            view.mode,
            SubscribeMode::Feeds(vec![FeedLink {
                topic: "elections".into(),
                label: "Elections".into(),
                href: "https://site.example/feeds/elections.xml".into()
            }]),
            "a javascript: feed is never linked"
        );
        let no_feeds = vec![topic("climate", "Climate", None, None)];
        assert_eq!(build_subscribe(&no_feeds, &[], &SubscribeOptions::default(), "en", &resolve, &resolve, &mut notes), None);
        assert!(notes.is_empty(), "quietly absent unless asked for");
        let on = SubscribeOptions { enabled: Some(true), ..SubscribeOptions::default() };
        assert_eq!(build_subscribe(&no_feeds, &[], &on, "en", &resolve, &resolve, &mut notes), None);
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn off_or_without_topics_there_is_no_panel() {
        let mut notes = Vec::new();
        let off = SubscribeOptions { enabled: Some(false), ..with_endpoint() };
        assert_eq!(build_subscribe(&topics(), &[], &off, "en", &resolve, &resolve, &mut notes), None);
        assert_eq!(build_subscribe(&[], &[], &with_endpoint(), "en", &resolve, &resolve, &mut notes), None);
        assert!(notes.is_empty());
        let on = SubscribeOptions { enabled: Some(true), ..with_endpoint() };
        assert_eq!(build_subscribe(&[], &[], &on, "en", &resolve, &resolve, &mut notes), None);
        assert!(notes[0].contains("no topics"), "{notes:?}");
    }

    #[test]
    fn bad_endpoint_falls_back_to_feeds_and_privacy_link_is_checked() {
        let mut notes = Vec::new();
        let options = SubscribeOptions {
            endpoint: Some("javascript:alert(1)".into()),
            privacy_url: Some("/privacy".into()),
            ..SubscribeOptions::default()
        };
        let view = build_subscribe(&topics(), &[], &options, "en", &resolve, &resolve, &mut notes).expect("panel");
        assert!(matches!(view.mode, SubscribeMode::Feeds(_)));
        assert!(notes[0].contains("subscribe-endpoint"), "{notes:?}");
        let options = SubscribeOptions {
            endpoint: Some("https://lists.example/subscribe".into()),
            privacy_url: Some("/privacy".into()),
            ..SubscribeOptions::default()
        };
        let view = build_subscribe(&topics(), &[], &options, "en", &resolve, &resolve, &mut notes).expect("panel");
        let SubscribeMode::Form { cross_site, privacy_href, .. } = view.mode else { panic!("a form") };
        assert!(cross_site);
        assert_eq!(privacy_href.as_deref(), Some("https://site.example/privacy"));
    }

    #[test]
    fn types_and_field_names_options() {
        let mut warnings = Vec::new();
        let types = parse_types("news, briefs:Policy briefs, Bad Id, news, ", &mut warnings);
        assert_eq!(
            types,
            [TypeChoice { id: "news".into(), label: None }, TypeChoice { id: "briefs".into(), label: Some("Policy briefs".into()) }]
        );
        assert_eq!(warnings.len(), 1);
        assert!(parse_types("", &mut warnings).is_empty());
        let mut fields = FieldNames::default();
        parse_field_names("email=EMAIL, topics:group[], idempotency_key=, colour=red, email=, nonsense", &mut fields, &mut warnings);
        assert_eq!((fields.email.as_str(), fields.topics.as_str(), fields.idempotency_key.as_str()), ("EMAIL", "group[]", ""));
        assert_eq!(warnings.len(), 4, "{warnings:?}");
    }

    #[test]
    fn form_checks_in_form_order() {
        let labels = subscribe_labels("en");
        let good = FormInput {
            email: " jane@Example.org ".into(),
            topics: vec!["elections".into()],
            types: vec!["news".into()],
            consent: true,
            types_offered: true,
        };
        assert_eq!(check_form(&good, labels), Ok("jane@example.org".into()));
        let bad = FormInput { email: "jane@".into(), topics: vec![], types: vec![], consent: false, types_offered: true };
        let problems = check_form(&bad, labels).expect_err("four problems");
        let fields: Vec<Field> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, [Field::Topics, Field::Types, Field::Email, Field::Consent]);
        assert_eq!(problems[2].message, "Enter an e-mail address like name@example.org.");
        let no_types = FormInput { types: vec![], types_offered: false, ..good };
        assert!(check_form(&no_types, labels).is_ok(), "types are optional when none are offered");
    }

    #[test]
    fn server_rejections_in_the_readers_words() {
        let labels = subscribe_labels("az");
        let rejection = |code: Option<&str>, field: Option<Field>, message: Option<&str>| payload::Rejection {
            status: 400,
            field,
            code: code.map(str::to_string),
            message: message.map(str::to_string),
        };
        assert_eq!(
            rejection_message(&rejection(Some("invalid_email"), Some(Field::Email), Some("bad")), labels),
            (Some(Field::Email), labels.error_email.to_string())
        );
        let (field, text) = rejection_message(&rejection(Some("unknown_topic"), Some(Field::Topics), Some("Unknown topic: x.")), labels);
        assert_eq!(field, Some(Field::Topics));
        assert_eq!(text, "Abunəlik qəbul edilmədi: Unknown topic: x.");
        let (field, text) = rejection_message(&rejection(None, None, None), labels);
        assert_eq!((field, text.as_str()), (None, "Abunəlik qəbul edilmədi: HTTP 400"));
    }
}
