//! The manifest builder behind `related-news build`: turns what a site already has (feeds, a folder of HTML pages,
//! text files) into a manifest.
//!
//! The flow, one file a step: `input` reads every input into [`Document`]s (a bad item is skipped and recorded, a
//! bad file is reported with its position), using `extract` for pages; `clean` removes spam and noise from the
//! text, `site` removes what repeats across the site (boilerplate paragraphs, site-wide tags, a title shared by
//! most pages), and this module completes each document (language, id, URL, date); `keywords` (with `stem`) extracts
//! keywords and entities over the whole corpus; `config` groups articles into topics; `write` serialises the
//! manifest after it has been read back by the widget's own reader.

pub mod clean;
pub mod config;
pub mod document;
pub mod extract;
pub mod input;
pub mod keywords;
pub mod names;
pub mod rebuild;
pub mod shards;
pub mod site;
pub mod stem;
pub mod widget_files;
pub mod write;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::date::parse_iso8601;
use crate::lang;
use crate::manifest::{self, Article, Manifest, Site, FORMAT_VERSION, MAX_ID_CHARS};
use crate::text;
use crate::url;

pub use config::SiteConfig;
pub use document::{slugify, BuildError, Document, Skipped};
pub use keywords::KeywordSettings;

/// Everything `build` is told.
#[derive(Debug, Clone, Default)]
pub struct BuildSettings {
    /// Base URL of the site: relative links and page paths resolve against it.
    pub base_url: Option<String>,
    /// Language of articles that say nothing and whose language cannot be detected.
    pub default_lang: Option<String>,
    pub config: SiteConfig,
    /// Fail instead of skipping bad items.
    pub strict: bool,
    /// Print how long each phase took (to stderr).
    pub verbose: bool,
    pub keywords: KeywordSettings,
    /// The topics (by id) the previous build of the same output chose from tags, which stay while they still can
    /// (see `config`): read from the previous output by the CLI.
    pub previous_topics: Vec<String>,
}

/// The manifest and what happened on the way.
#[derive(Debug, Clone)]
pub struct BuildOutput {
    pub manifest: Manifest,
    pub skipped: Vec<Skipped>,
    /// Fields dropped or guessed (an unreadable date, a detected language).
    pub notes: Vec<String>,
    /// Documents read per input, in input order.
    pub per_input: Vec<(PathBuf, usize)>,
    /// A hash of what each article was read from (after cleaning), by id: a rebuild of a folder tells the articles
    /// that changed by it (their keywords may move with the rest of the archive, their source does not).
    pub sources: BTreeMap<String, u64>,
}

/// A feed's title longer than this is cut when it names the site.
const MAX_SITE_NAME_CHARS: usize = 200;

/// Reads all inputs and builds the manifest. `progress` is told what is being done (each input file read, then
/// each phase), for a progress display.
pub fn build(inputs: &[PathBuf], settings: &BuildSettings, progress: &(dyn Fn(&str) + Sync)) -> Result<BuildOutput, BuildError> {
    let mut read = document::Read::default();
    let mut per_input = Vec::new();
    let started = std::time::Instant::now();
    for path in inputs {
        let before = read.documents.len();
        input::read_input(path, &mut read, &|file: &Path| progress(&format!("reading {}", file.display())))?;
        per_input.push((path.clone(), read.documents.len() - before));
    }
    let document::Read { documents, skipped, notes: input_notes, site: feed_site } = read;
    if settings.verbose {
        // Reading and extracting pages is most of a build of a site folder: its time is shown first.
        eprintln!("  read and extracted {} documents: {:.0} ms", documents.len(), started.elapsed().as_secs_f64() * 1000.0);
    }
    if settings.strict {
        if let Some(first) = skipped.first() {
            return Err(BuildError::Strict { count: skipped.len(), first: format!("{}: {}", first.source, first.reason) });
        }
    }
    let pages_site_name = most_given_site_name(&documents).or_else(|| shared_headline(&documents));
    let mut output = build_from_documents(documents, skipped, per_input, settings, progress)?;
    // The name the site's pages give it, else a feed's title, names the site when the config does not (the
    // subscription e-mails say its name): a press office's feed is "Press releases of the City of X" where its
    // pages say "City of X".
    let site = &mut output.manifest.site;
    if site.name.is_none() {
        site.name = pages_site_name.or(feed_site.name).map(|name| crate::text::truncate_chars(&name, MAX_SITE_NAME_CHARS).into_owned());
    }
    if site.name.is_none() {
        output.notes.push("no name of the site found (no og:site_name on its pages, no feed title): the subscription e-mails name the site by its address; give --site-name, or site.name in the config".into());
    }
    if site.url.is_none() {
        site.url = feed_site.url;
    }
    // What reading repaired comes first, in the order of the inputs.
    output.notes.splice(0..0, input_notes);
    Ok(output)
}

/// The headline most shared among a site's pages, when more than a quarter of them (and three at least) have it and
/// their `<title>`s name it too: an old template's `<h1>` that is the site's name above each item's own headline (a
/// quarter: a site in three languages names itself in each), where a section's `<h1>` ("News") is not in its titles.
fn shared_headline(documents: &[Document]) -> Option<String> {
    let pages: Vec<&Document> = documents.iter().filter(|d| d.address.is_some()).collect();
    let (headline, count) = most_common(pages.iter().filter_map(|d| d.headline.as_deref()))?;
    let titled = pages.iter().filter(|d| d.headline.as_deref().map(str::trim) == Some(headline) && d.title.contains(headline)).count();
    (count >= 3 && 4 * count > pages.len() && 2 * titled > count).then(|| headline.to_string())
}

/// The site name most of the pages that give one give (`og:site_name`), ties to the first given; `None` when no page
/// gives one.
fn most_given_site_name(documents: &[Document]) -> Option<String> {
    most_common(documents.iter().filter_map(|d| d.site_name.as_deref())).map(|(name, _)| name.to_string())
}

/// The most common of `texts` (trimmed, the empty left out) with its count, ties to the first given.
fn most_common<'a>(texts: impl Iterator<Item = &'a str>) -> Option<(&'a str, usize)> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for text in texts.map(str::trim).filter(|t| !t.is_empty()) {
        match counts.iter_mut().find(|(known, _)| *known == text) {
            Some((_, count)) => *count += 1,
            None => counts.push((text, 1)),
        }
    }
    // The first of the most given: `max_by_key` would keep the last of equals.
    let most = counts.iter().map(|(_, count)| *count).max()?;
    counts.into_iter().find(|(_, count)| *count == most)
}

/// Completes documents, extracts keywords, groups topics and assembles the manifest.
pub fn build_from_documents(
    mut documents: Vec<Document>,
    mut skipped: Vec<Skipped>,
    per_input: Vec<(PathBuf, usize)>,
    settings: &BuildSettings,
    progress: &dyn Fn(&str),
) -> Result<BuildOutput, BuildError> {
    let started = std::time::Instant::now();
    let phase = |done: &str, next: &str| {
        if settings.verbose {
            eprintln!("  {done}: {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
        }
        progress(next);
    };
    progress(&format!("cleaning {} articles", documents.len()));
    let mut notes = Vec::new();
    let repetition = site::remove_site_repetition(&mut documents);
    if repetition.paragraphs_removed > 0 {
        notes.push(format!("{} paragraph(s) repeated across the site left out (notices, footers)", repetition.paragraphs_removed));
    }
    if !repetition.site_wide_tags.is_empty() {
        notes.push(format!("tags of the site rather than its articles (on most of them, or a template's set) left out: {}", repetition.site_wide_tags.join(", ")));
    }
    if repetition.titles_replaced > 0 {
        notes.push(format!("{} article(s) shared one title with most of the site; their own headline (else their first sentence) is used", repetition.titles_replaced));
    }
    for image in &repetition.site_wide_images {
        notes.push(format!("the picture most articles name left out as the site's, not theirs: {image}"));
    }
    let default_lang = settings.default_lang.clone().or_else(|| settings.config.site.lang.clone());
    let mut seen_ids: HashSet<String> = HashSet::new();
    // Each URL's place in `ready`.
    let mut seen_urls: HashMap<String, usize> = HashMap::new();
    let site_folder = settings.base_url.as_deref().map(url::as_folder);
    let mut ready = Vec::with_capacity(documents.len());
    // The feed items whose text is in another language than their feed names, with the language used.
    let mut relabelled: Vec<String> = Vec::new();
    let mut relative_urls = 0usize;
    let mut tracking_removed = 0usize;
    let mut feed_items_of_pages = 0usize;
    let cleaned_bodies: Vec<String> = documents.par_iter().map(|d| clean::clean_body(&d.body)).collect();
    for (mut document, body) in documents.into_iter().zip(cleaned_bodies) {
        document.body = body;
        document.title = text::collapse_whitespace(&document.title);
        if document.title.is_empty() {
            document.title = first_words(&document.body);
        }
        if document.title.is_empty() {
            skipped.push(Skipped { source: document.source, reason: "no title and no text".into() });
            continue;
        }
        if let Some(date) = document.date.take() {
            match parse_iso8601(&date) {
                Ok(_) => document.date = Some(date),
                Err(why) => notes.push(format!("{}: date \"{date}\" dropped ({why})", document.source)),
            }
        }
        document.lang = match document.lang.take().filter(|l| lang::is_tag(l)) {
            // The feed's language for an item whose text is clearly in another: the text's.
            Some(feeds) if document.lang_inherited => match surely_detected_language(&document).filter(|own| *own != lang::primary(&feeds)) {
                Some(own) => {
                    relabelled.push(format!("{} ({own})", document.source));
                    Some(own)
                }
                None => Some(feeds),
            },
            Some(declared) => Some(declared),
            None => detect_language(&document).or_else(|| default_lang.clone()),
        };
        document.url = url::resolve(site_folder.as_deref(), &document.url);
        let untracked = url::without_tracking_params(&document.url);
        if untracked != document.url {
            tracking_removed += 1;
            document.url = untracked;
        }
        if let Err(why) = url::check_url(&document.url) {
            skipped.push(Skipped { source: document.source, reason: format!("url: {why}") });
            continue;
        }
        let key = url::page_key(&document.url);
        if let Some(&kept) = seen_urls.get(&key) {
            // Of an article and a copy that names its address as its own (a print version), the page found at
            // that address is kept, whichever was read first.
            let at_own_address = |d: &Document| d.address.as_deref().is_none_or(|own| url::page_key(&url::resolve(site_folder.as_deref(), own)) == url::page_key(&d.url));
            let (keep_new, address) = (at_own_address(&document) && !at_own_address(&ready[kept]), document.url.clone());
            let dropped = if keep_new {
                document.id = unique_id(&document, &mut seen_ids);
                std::mem::replace(&mut ready[kept], document)
            } else {
                document
            };
            // A copy that names the kept page's address as its own (an AMP or print version) is the site's own
            // markup working as meant: a note, where two items under one address are a fault (and fail --strict).
            if !at_own_address(&dropped) && at_own_address(&ready[kept]) {
                notes.push(format!("{}: left out as a copy of {} (it names that page's address, {address}, as its own: an AMP or print version)", dropped.source, ready[kept].source));
            } else if dropped.address.is_some() != ready[kept].address.is_some() {
                // A site's feed given with its pages: each item is one of the pages again, which is no fault.
                feed_items_of_pages += 1;
            } else {
                skipped.push(Skipped { source: dropped.source, reason: format!("duplicate URL {address}") });
            }
            continue;
        }
        seen_urls.insert(key, ready.len());
        document.id = unique_id(&document, &mut seen_ids);
        if !url::is_http_url(&document.url) {
            relative_urls += 1;
        }
        ready.push(document);
    }
    if feed_items_of_pages > 0 {
        notes.push(format!("{feed_items_of_pages} feed item(s) are pages read too (the same URL): each is indexed once, as the one read first"));
    }
    if tracking_removed > 0 {
        notes.push(format!("{tracking_removed} article URL(s) had tracking parameters (utm_source and the like) in their canonical link or feed, left out of their links"));
    }
    if relative_urls > 0 && site_folder.is_none() {
        notes.push(format!(
            "{relative_urls} article URL(s) are relative, as their pages or feed give them (no --base-url, and no address of the site to read them against): the widget reads them against the index's own address; give --base-url to make them absolute"
        ));
    }
    if !relabelled.is_empty() {
        let shown = relabelled.len().min(5);
        let more = if relabelled.len() > shown { format!(" and {} more", relabelled.len() - shown) } else { String::new() };
        notes.push(format!(
            "{} feed item(s) written in another language than their feed names, their text's language used: {}{more}",
            relabelled.len(),
            relabelled[..shown].join(", ")
        ));
    }
    // One article under two addresses (a print version, a story published again) is listed once, at the address
    // it names as its own.
    let copies = site::copies(&ready);
    for &(copy, kept) in &copies {
        notes.push(format!("{}: left out as a copy of {} (the same title and text)", ready[copy].source, ready[kept].source));
    }
    for &(copy, _) in copies.iter().rev() {
        ready.remove(copy);
    }
    // Listing pages (home, section, tag pages), the pages of the site's navigation and its error page are pages of
    // the site but not articles: they are left out and said.
    let mut left_out = Vec::new();
    for (position, why) in site::not_articles(&ready).into_iter().rev() {
        let page = ready.remove(position);
        left_out.push(match why {
            site::NotAnArticle::Listing { linked } => {
                format!("{}: left out as a listing page (it links to {linked} of the site's articles, with little text of its own)", page.source)
            }
            site::NotAnArticle::Navigation { linked_from, pages } => format!(
                "{}: left out as a page of the site's navigation (linked from {linked_from} of its {pages} pages, with no date where most pages have one: an about, policy or section page)",
                page.source
            ),
            site::NotAnArticle::ErrorPage => format!("{}: left out as the site's error page (404)", page.source),
            site::NotAnArticle::Download => format!("{}: left out as a page that only offers a document to download, with next to no text of its own", page.source),
        });
    }
    notes.extend(left_out.into_iter().rev());
    // A developing story's page and its final version under another address: the reader of either is sent to the
    // final one only.
    let versions = site::earlier_versions(&ready);
    for &(earlier, kept) in &versions {
        notes.push(format!("{}: left out as an earlier version of {} (most of its text is in it, dated later or longer)", ready[earlier].source, ready[kept].source));
    }
    for &(earlier, _) in versions.iter().rev() {
        ready.remove(earlier);
    }
    let links_removed = site::remove_links_to_other_articles(&mut ready);
    if links_removed > 0 {
        notes.push(format!("{links_removed} paragraph(s) that only name another article (\"read also\" boxes, related links) left out"));
    }
    if settings.strict {
        if let Some(first) = skipped.first() {
            return Err(BuildError::Strict { count: skipped.len(), first: format!("{}: {}", first.source, first.reason) });
        }
    }
    if ready.is_empty() {
        return Err(BuildError::NoArticles { why: why_no_articles(&per_input, &skipped, &notes) });
    }
    let sources: BTreeMap<String, u64> = ready.par_iter().map(|document| (document.id.clone(), document.source_hash())).collect();
    phase("cleaned and completed the articles", &format!("extracting keywords from {} articles", ready.len()));
    let (terms, forms) = keywords::extract(&ready, &settings.keywords);
    phase("extracted keywords and entities", "assembling the manifest");
    let topic_assignments = settings.config.assign_topics(&ready, default_lang.as_deref(), &settings.previous_topics);
    // Summaries on all cores: finding a document's first real paragraph reads its text.
    let summaries: Vec<Option<String>> = ready.par_iter().map(summary_for).collect();
    let mut articles: Vec<Article> = ready
        .into_iter()
        .zip(terms)
        .zip(&topic_assignments.per_document)
        .zip(summaries)
        .map(|(((document, terms), topics), summary)| Article {
            pinned: settings.config.pinned.get(&document.id).cloned().unwrap_or_default(),
            vector: Vec::new(),
            title_key: None,
            id: document.id,
            url: document.url,
            title: text::truncate_chars(&document.title, manifest::MAX_TITLE_CHARS).into_owned(),
            date: document.date,
            lang: document.lang,
            summary,
            image: document.image,
            topics: topics.clone(),
            keywords: terms.keywords,
            entities: terms.entities,
        })
        .collect();
    // Newest first: the order readers see "More news" in, and a stable one for diffs.
    articles.sort_by(Article::newest_first);
    // A site in several languages: how many articles each has, so a language whose pages all went (left out as
    // listings, say) shows.
    let mut by_language: BTreeMap<String, usize> = BTreeMap::new();
    for article in &articles {
        *by_language.entry(article.lang.as_deref().map(lang::primary).unwrap_or_else(|| "unknown".into())).or_default() += 1;
    }
    if by_language.keys().filter(|lang| *lang != "unknown").count() > 1 {
        let counts: Vec<String> = by_language.iter().map(|(lang, count)| format!("{lang} {count}")).collect();
        notes.insert(0, format!("articles by language: {}", counts.join(", ")));
    }
    let site = Site {
        name: settings.config.site.name.clone(),
        url: settings.config.site.url.clone().or_else(|| settings.base_url.clone().filter(|u| u.contains("://"))),
        lang: default_lang.or_else(|| most_common_language(&articles)),
    };
    let manifest = Manifest { version: FORMAT_VERSION, site, topics: topic_assignments.topics, forms: forms.into_iter().collect(), articles, collection: None };
    phase("assembled the manifest", "checking the manifest with the widget's reader");
    self_check(&manifest)?;
    phase("checked it with the widget's reader", "writing");
    Ok(BuildOutput { manifest, skipped, notes, per_input, sources })
}

/// The manifest as one file the widget reads whole: the newest articles, at most [`manifest::MAX_ARTICLES`] and no
/// more than fit in [`manifest::MAX_MANIFEST_BYTES`], with a note for what was left out. (The sharded index of
/// `--out-dir` has no such limits: it holds every article.)
pub fn fit_for_widget(manifest: &Manifest) -> (Manifest, Vec<String>) {
    // Only the articles that can be kept are copied: at 100,000 articles, copying all of them took seconds.
    let (newest, left_out) = newest_articles(&manifest.articles, manifest::MAX_ARTICLES);
    let mut fitted = Manifest {
        version: manifest.version,
        site: manifest.site.clone(),
        topics: manifest.topics.clone(),
        forms: manifest.forms.clone(),
        articles: newest,
        collection: manifest.collection.clone(),
    };
    let mut notes = Vec::new();
    if left_out > 0 {
        notes.push(format!(
            "{left_out} older article(s) left out of the manifest file: it holds at most {} articles (the newest are kept)",
            manifest::MAX_ARTICLES
        ));
    }
    let too_large = keep_newest_within(&mut fitted, manifest::MAX_MANIFEST_BYTES);
    if too_large > 0 {
        notes.push(format!(
            "{too_large} older article(s) left out of the manifest file: the widget reads one of at most {} MB, and the newest {} articles fill it",
            manifest::MAX_MANIFEST_BYTES / (1024 * 1024),
            fitted.articles.len()
        ));
    }
    (fitted, notes)
}

/// The first `max` articles of a list sorted newest first, as the format allows, and how many it leaves out.
fn newest_articles(articles: &[Article], max: usize) -> (Vec<Article>, usize) {
    (articles.iter().take(max).cloned().collect(), articles.len().saturating_sub(max))
}

/// Keeps the newest articles (the list is sorted newest first) that fit, with the rest of the manifest, in
/// `max_bytes` of compact JSON, so the widget never refuses a manifest the builder wrote; returns how many it left
/// out.
fn keep_newest_within(manifest: &mut Manifest, max_bytes: usize) -> usize {
    let sizes: Vec<usize> = manifest.articles.par_iter().map(|a| serde_json::to_vec(a).map_or(0, |bytes| bytes.len() + 1)).collect();
    if sizes.iter().sum::<usize>() < max_bytes / 2 {
        return 0; // Far from the limit: no need to measure the rest.
    }
    let articles = std::mem::take(&mut manifest.articles);
    // The manifest with no articles, then each article and the comma after it (the last one has none).
    let frame = serde_json::to_vec(&*manifest).map_or(0, |bytes| bytes.len());
    let mut used = frame.saturating_sub(1);
    let fitting = sizes.iter().take_while(|&&size| {
        used += size;
        used <= max_bytes
    });
    let keep = fitting.count();
    manifest.articles = articles;
    let left_out = manifest.articles.len() - keep;
    manifest.articles.truncate(keep);
    left_out
}

/// Reads the manifest back with the widget's own reader: anything it would skip is a bug here, not a user error.
/// An archive larger than one manifest file holds is checked a file's worth at a time.
fn self_check(manifest: &Manifest) -> Result<(), BuildError> {
    let check = |chunk: Vec<Article>| -> Result<(), BuildError> {
        let part = Manifest {
            version: manifest.version,
            site: manifest.site.clone(),
            topics: manifest.topics.clone(),
            forms: manifest.forms.clone(),
            articles: chunk,
            collection: None,
        };
        let value = serde_json::to_value(&part).map_err(|e| BuildError::SelfCheck(e.to_string()))?;
        let loaded = manifest::from_value(value).map_err(|e| BuildError::SelfCheck(e.to_string()))?;
        match loaded.report.skipped.first() {
            Some(problem) => Err(BuildError::SelfCheck(problem.to_string())),
            None => Ok(()),
        }
    };
    if manifest.articles.is_empty() {
        return check(Vec::new());
    }
    // Parts of a widget's size, on all cores (a million articles are fifty of them); the first part in the
    // manifest's order that fails is the one reported, whichever core found it first.
    let outcomes: Vec<Result<(), BuildError>> =
        manifest.articles.par_chunks(manifest::MAX_ARTICLES).map(|chunk| check(chunk.to_vec())).collect();
    outcomes.into_iter().collect()
}

/// A title for a document that has none: the first sentence of its first paragraph.
fn first_words(body: &str) -> String {
    let paragraph = body.split("\n\n").map(str::trim).find(|p| !p.is_empty()).unwrap_or("");
    text::first_sentence(paragraph, 120)
}

/// The summary shown under a link: the document's own, else its first real paragraph; never a repeat of the title
/// (when the text starts with the title, what follows it), and short.
fn summary_for(document: &Document) -> Option<String> {
    let title = text::collapse_whitespace(&document.title);
    let candidates = document.summary.iter().map(String::as_str).chain(document.body.split("\n\n"));
    for candidate in candidates {
        let candidate = text::collapse_whitespace(candidate);
        // A lead that opens with the headline's sentence goes on after it: what is left starts at its next word, not
        // at the headline's full stop (". Об этом стало известно...").
        let rest = candidate
            .strip_prefix(title.as_str())
            .map_or(candidate.as_str(), |rest| rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ':' | ';' | '!' | '?' | '…' | '—' | '–' | '-')).trim());
        if rest.split_whitespace().count() >= 6 {
            return Some(tidy_cut(text::truncate_chars(rest, 160).into_owned()));
        }
    }
    None
}

/// A summary cut short, with its ellipsis where it reads well: none after a sentence's end ("… she said." rather
/// than "… she said.…"), and none after a comma or a colon ("… the courts…" rather than "… the courts,…").
fn tidy_cut(summary: String) -> String {
    let Some(cut) = summary.strip_suffix('…') else { return summary };
    let cut = cut.trim_end();
    if cut.trim_end_matches(['"', '\'', '”', '’', '»', ')']).ends_with(['.', '!', '?']) {
        return cut.to_string();
    }
    format!("{}…", cut.trim_end_matches([',', ';', ':', '-', '–', '—']).trim_end())
}

/// Why a build found no articles, in a clause: the inputs that gave nothing, then the first skipped item, then the
/// first note (a listing page left out), so the user knows where to look.
fn why_no_articles(per_input: &[(PathBuf, usize)], skipped: &[Skipped], notes: &[String]) -> String {
    let mut reasons: Vec<String> = Vec::new();
    let empty: Vec<String> = per_input.iter().filter(|(_, count)| *count == 0).map(|(path, _)| path.display().to_string()).collect();
    if !empty.is_empty() {
        reasons.push(format!("nothing was read from {}", empty.join(", ")));
    }
    if let Some(first) = skipped.first() {
        reasons.push(format!("{} item(s) skipped, the first {}: {}", skipped.len(), first.source, first.reason));
    }
    if let Some(first) = notes.iter().find(|note| note.contains("listing page")) {
        reasons.push(first.clone());
    }
    if reasons.is_empty() {
        reasons.push("no feed item, page or text file was given".into());
    }
    reasons.join("; ")
}

/// Detects the language of a document that does not say, when the text is long enough to tell.
fn detect_language(document: &Document) -> Option<String> {
    detected_language(document).filter(|(_, info)| info.is_reliable() || info.confidence() > 0.5).map(|(code, _)| code)
}

/// The language of a document's text, only when the detector is sure of it: enough to overrule a feed's language
/// (close languages, Ukrainian and Russian, are told apart only so).
fn surely_detected_language(document: &Document) -> Option<String> {
    detected_language(document).filter(|(_, info)| info.is_reliable()).map(|(code, _)| code)
}

fn detected_language(document: &Document) -> Option<(String, whatlang::Info)> {
    let sample: String = document.full_text().chars().take(2000).collect();
    if sample.split_whitespace().count() < 5 {
        return None;
    }
    let info = whatlang::detect(&sample)?;
    // The detector names languages by their ISO 639-3 codes; pages and manifests use ISO 639-1 where it has one.
    Some((lang::primary(info.lang().code()), info))
}

fn most_common_language(articles: &[Article]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for lang in articles.iter().filter_map(|a| a.lang.as_deref()) {
        *counts.entry(lang).or_default() += 1;
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(l, _)| l.to_string())
}

/// Keeps a document's id when it is usable, else derives one from its URL or title; adds a suffix when taken.
/// A feed's id is kept as the feed gives it, a URL included (a JSON Feed's ids often are, an RSS item without a guid
/// is known by its link): it is what the site's pages name in `data-article`, what the widget reading the feed
/// itself finds, and it does not move when another item is added. (Ids made from the last part of such URLs were
/// `1`, `1-2`, `1-3` for `/mars/1`, `/fire/1`, `/layoffs/1`, and renumbered when an item came first.)
fn unique_id(document: &Document, seen: &mut HashSet<String>) -> String {
    let usable = |id: &str| !id.is_empty() && id.chars().count() <= MAX_ID_CHARS && !id.contains(char::is_whitespace);
    let base = if usable(&document.id) {
        document.id.clone()
    } else {
        let path = match document.url.find("://") {
            Some(scheme_end) => document.url[scheme_end + 3..].split_once('/').map_or("", |(_, path)| path),
            None => document.url.as_str(),
        };
        let from_url = path
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .map(|last| last.rsplit_once('.').map_or(last, |(stem, _)| stem))
            // A feed's address is percent-encoded where a folder's path is not: the id is made of the text.
            .map(|stem| slugify(&url::percent_decode(stem)))
            .unwrap_or_default();
        if from_url.is_empty() || from_url == "index" { slugify(&document.title) } else { from_url }
    };
    let base = if base.is_empty() { "article".to_string() } else { base };
    let mut id = base.clone();
    let mut n = 2;
    while !seen.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests;
