//! Checks on entries and fields, whichever format they came from: a bad entry is skipped with its place, a bad
//! optional field is dropped or shortened, and every good entry is kept.

use rustc_hash::FxHashMap;
use serde_json::Value;

use super::model::{
    Article, Collection, CollectionDf, Site, Topic, MAX_ARTICLES, MAX_ID_CHARS, MAX_KEYWORDS, MAX_LIST_ITEMS, MAX_SUMMARY_CHARS, MAX_TERM_CHARS,
    MAX_TITLE_CHARS,
};
use super::report::{problem, Problem, Report};
use crate::date::parse_iso8601;
use crate::lang;
use crate::text;
use crate::url::check_url;

pub(crate) fn validate_site(mut site: Site, report: &mut Report) -> Site {
    if let Some(url) = &site.url {
        if let Err(why) = check_url(url) {
            report.warnings.push(problem("site.url", None, why));
            site.url = None;
        }
    }
    site
}

pub(crate) fn validate_topics(entries: &[Value], report: &mut Report) -> Vec<Topic> {
    let mut seen = Vec::new();
    let mut topics = Vec::new();
    for (i, value) in entries.iter().enumerate() {
        let mut field_warnings = Vec::new();
        match Topic::from_json(value, &mut field_warnings) {
            Ok(topic) => topics.extend(check_topic(topic, field_warnings, i, &mut seen, report)),
            Err(message) => report.skipped.push(problem(format!("topics[{i}]"), None, message)),
        }
    }
    topics
}

/// Checks the topic read at `topics[i]`, whichever form it came in, with the warnings its reader gave on its fields:
/// `None` (and why, in the report) when its id is empty, too long or taken by an earlier topic (`seen`); a feed URL
/// that is not allowed is dropped.
pub(crate) fn check_topic(topic: Topic, field_warnings: Vec<(String, String)>, i: usize, seen: &mut Vec<String>, report: &mut Report) -> Option<Topic> {
    let place = format!("topics[{i}]");
    let id = topic.id.trim();
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS {
        report.skipped.push(problem(place, Some(id), "id must be 1 to 200 characters"));
        return None;
    }
    // A site has a few topics: a list is as quick as a set here, and lighter in the wasm.
    if seen.iter().any(|s| s == id) {
        report.skipped.push(problem(place, Some(id), "duplicate topic id"));
        return None;
    }
    seen.push(id.to_string());
    for (field, message) in field_warnings {
        report.warnings.push(problem(format!("{place}.{field}"), Some(id), message));
    }
    let mut topic = Topic { id: id.to_string(), ..topic };
    if let Some(feed) = &topic.feed {
        if let Err(why) = check_url(feed) {
            report.warnings.push(problem(format!("{place}.feed"), Some(&topic.id), why));
            topic.feed = None;
        }
    }
    Some(topic)
}

/// One entry, read and checked on its own: its warnings, and the article with what `read` gave beside it, or why
/// it was skipped.
#[derive(Debug)]
pub(crate) struct CheckedEntry<X> {
    warnings: Vec<Problem>,
    outcome: Result<(Article, X), Problem>,
}

/// Validates article entries, whichever format they came from: `read` turns one JSON entry into an [`Article`]
/// and whatever else its format keeps per article (`X`), returned in the order of the articles kept.
///
/// Entries are read and checked on all cores natively ([`crate::parallel::map`]; reading is most of the time of
/// loading a large manifest); what depends on the entries before one (a repeated id) is decided after, in order,
/// so the report is the same as a single loop's. A reader that gives the browser a turn between slices of entries
/// calls the two halves itself: [`check_entries`] for each slice, then [`collect_checked`].
pub(crate) fn validate_articles<X: Send>(
    entries: &[Value],
    list_name: &str,
    default_lang: Option<&str>,
    report: &mut Report,
    read: impl Fn(&Value, &mut Vec<(String, String)>) -> Result<(Article, X), String> + Sync + Send,
) -> (Vec<Article>, Vec<X>) {
    let checked = check_entries(entries, 0..entries.len(), list_name, default_lang, read);
    collect_checked(checked, entries.len(), list_name, report)
}

/// The entries in `range` (of those read at all: the first [`MAX_ARTICLES`]), each read and checked on its own.
pub(crate) fn check_entries<X: Send>(
    entries: &[Value],
    range: std::ops::Range<usize>,
    list_name: &str,
    default_lang: Option<&str>,
    read: impl Fn(&Value, &mut Vec<(String, String)>) -> Result<(Article, X), String> + Sync + Send,
) -> Vec<CheckedEntry<X>> {
    let read_at_all = entries.len().min(MAX_ARTICLES);
    let range = range.start.min(read_at_all)..range.end.min(read_at_all);
    let offset = range.start;
    let slice = entries.get(range).unwrap_or_default();
    crate::parallel::map(slice, |i, value| {
        let place = format!("{list_name}[{}]", offset + i);
        let mut field_warnings = Vec::new();
        let (article, extra) = match read(value, &mut field_warnings) {
            Ok(read) => read,
            Err(message) => {
                let id_hint = value.get("id").and_then(Value::as_str);
                return CheckedEntry { warnings: Vec::new(), outcome: Err(problem(place, id_hint, message)) };
            }
        };
        let id = article.id.trim().to_string();
        let mut warnings: Vec<Problem> = field_warnings
            .into_iter()
            .map(|(field, message)| problem(format!("{place}.{field}"), Some(&id), message))
            .collect();
        let outcome = validate_article(article, &place, default_lang, &mut warnings).map(|article| (article, extra));
        CheckedEntry { warnings, outcome }
    })
}

/// The articles of checked entries (all of a list's, in order), each id kept once, with the list's problems in
/// `report`; `total` is the list's length, whose entries past [`MAX_ARTICLES`] are said to be left out.
pub(crate) fn collect_checked<X>(checked: Vec<CheckedEntry<X>>, total: usize, list_name: &str, report: &mut Report) -> (Vec<Article>, Vec<X>) {
    // The ids seen, as the keys of a map (its values unused) of the type the index keeps ids in, whose code the
    // wasm carries anyway, rather than a set of its own.
    let mut seen_ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut articles = Vec::with_capacity(checked.len());
    let mut extras = Vec::with_capacity(checked.len());
    for (i, entry) in checked.into_iter().enumerate() {
        report.warnings.extend(entry.warnings);
        match entry.outcome {
            Ok((article, extra)) if seen_ids.insert(article.id.clone(), 0).is_none() => {
                articles.push(article);
                extras.push(extra);
            }
            Ok((article, _)) => report.skipped.push(problem(format!("{list_name}[{i}]"), Some(&article.id), "duplicate id")),
            Err(skip) => report.skipped.push(skip),
        }
    }
    if total > MAX_ARTICLES {
        report.skipped.push(problem(
            format!("{list_name}[{MAX_ARTICLES}..{total}]"),
            None,
            format!("only the first {MAX_ARTICLES} articles are read"),
        ));
    }
    (articles, extras)
}

/// Validates articles already read (from a binary record): each checked as [`check_entries`] checks an entry,
/// then collected as [`collect_checked`] does.
pub(crate) fn validate_read_articles(articles: Vec<Article>, list_name: &str, default_lang: Option<&str>, report: &mut Report) -> Vec<Article> {
    let total = articles.len();
    let checked = articles
        .into_iter()
        .take(MAX_ARTICLES)
        .enumerate()
        .map(|(i, article)| {
            let mut warnings = Vec::new();
            let outcome = validate_article(article, &format!("{list_name}[{i}]"), default_lang, &mut warnings).map(|article| (article, ()));
            CheckedEntry { warnings, outcome }
        })
        .collect();
    collect_checked(checked, total, list_name, report).0
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
    let title = text::collapse_whitespace(&article.title);
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
        if !lang::is_tag(lang) {
            warn("lang", format!("\"{lang}\" is not a language tag; dropped"));
            article.lang = None;
        }
    }
    if article.lang.is_none() {
        article.lang = default_lang.filter(|l| lang::is_tag(l)).map(str::to_string);
    }
    if let Some(summary) = article.summary.take() {
        let summary = text::collapse_whitespace(&summary);
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

/// Drops a record's statistics with a warning saying why.
pub(crate) fn unusable_collection(report: &mut Report, why: &str) -> Option<Collection> {
    report.warnings.push(problem("collection", None, format!("{why}; ranked with this file's own statistics")));
    None
}

/// Document frequencies as a record holds them, before they are checked.
pub(crate) enum RawDf {
    InTermOrder(Vec<String>, Vec<u64>),
    ByTerm(Vec<(String, u64)>),
}

/// Checks the archive's statistics a record carries (in JSON or binary), given its article count, its frequencies
/// and how many articles the record itself holds. Anything off (a count smaller than the record's own articles, a
/// frequency of zero or above the count, terms out of order) drops them with a warning: the record is then ranked
/// on its own statistics, a little differently, rather than not at all.
pub(crate) fn check_collection(articles: u64, df: RawDf, present: usize, report: &mut Report) -> Option<Collection> {
    let Ok(articles) = u32::try_from(articles) else {
        return unusable_collection(report, "no article count");
    };
    if (articles as usize) < present {
        return unusable_collection(report, "an article count below the file's own");
    }
    let count = |n: u64| u32::try_from(n).ok().filter(|&n| n >= 1 && n <= articles);
    let df = match df {
        RawDf::ByTerm(pairs) => {
            let mut df = Vec::with_capacity(pairs.len());
            for (term, n) in pairs {
                let Some(n) = count(n) else { return unusable_collection(report, "a document frequency out of range") };
                df.push((term, n));
            }
            CollectionDf::ByTerm(df.into_iter().collect())
        }
        RawDf::InTermOrder(terms, counts) => {
            if terms.len() != counts.len() {
                return unusable_collection(report, "as many terms as document frequencies");
            }
            // Sorted and without repeats: positions then follow the terms' order, as the ranking's ids do.
            if terms.windows(2).any(|pair| pair[0] >= pair[1]) {
                return unusable_collection(report, "terms that are not strings in sorted order");
            }
            let Some(counts) = counts.into_iter().map(count).collect::<Option<Vec<u32>>>() else {
                return unusable_collection(report, "a document frequency out of range");
            };
            CollectionDf::InTermOrder { terms, counts }
        }
    };
    Some(Collection { articles, df })
}

/// Articles' precomputed vectors name terms by their position in the collection's `terms`: without those terms,
/// or with a position past them, a vector means nothing, and is dropped with a warning (the article then ranks by
/// its keywords, if it has any).
pub(crate) fn check_vectors(articles: &mut [Article], collection: Option<&Collection>, report: &mut Report) {
    let terms = collection.map_or(0, |c| c.terms().len());
    for article in articles.iter_mut().filter(|a| !a.vector.is_empty()) {
        if article.vector.iter().all(|&(term, _)| (term as usize) < terms) {
            continue;
        }
        article.vector.clear();
        let why = if terms == 0 { "refers to terms the file does not list" } else { "refers to a term past the file's list" };
        report.warnings.push(Problem { place: "vector".into(), id: Some(article.id.clone()), message: format!("{why}; ignored") });
    }
}
