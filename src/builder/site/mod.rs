//! What repeats across a site and so says nothing about any one article, found by its frequency over the whole
//! input rather than by any word list: paragraphs on many pages (legal notices, footers, "about us" blurbs in any
//! language), tags on most pages (a site-wide keywords meta), and a title shared by most pages (`og:title` or
//! `<title>` set to the site's name), which gives way to each page's own headline. And what is not an article by
//! its structure: a listing page (home, section, tag, author or archive page) links to many of the site's articles
//! and has little text of its own; a page of the site's navigation (about, policy, section pages) is linked from
//! most pages and, on a site whose articles are dated, has no date; an error page is named or titled 404.

use std::collections::{HashMap, HashSet};

use super::document::Document;
use shingles::{comparison_words, run_hashes, SHINGLE_WORDS};
use crate::manifest::sharded;
use crate::text;
use crate::url;

/// A paragraph found on at least this many documents, and on at least [`REPEATED_PARAGRAPH_SHARE`] of them, is
/// boilerplate.
const MIN_REPEATS: usize = 3;
const REPEATED_PARAGRAPH_SHARE: f64 = 0.02;
/// A tag or title on more than this share of the documents (of a site of at least [`MIN_REPEATS`] + 1) is the
/// site's, not the article's.
const SITE_WIDE_SHARE: f64 = 0.5;
/// The same set of [`MIN_TEMPLATE_TAGS`] tags or more on at least this share of the documents (and [`MIN_REPEATS`])
/// is a template's: two tags alike on a few stories ("Ukraine, war") are the stories'.
const TEMPLATE_TAG_SET_SHARE: f64 = 0.2;
const MIN_TEMPLATE_TAGS: usize = 3;

/// A page linking to at least this many of the site's articles, with at most [`WORDS_PER_LINKED_ARTICLE`] words
/// of its own for each (besides the titles and teasers it quotes from them), is a listing, where an article that
/// cites older stories has far more text than links.
const MIN_LINKED_ARTICLES: usize = 5;
const WORDS_PER_LINKED_ARTICLE: usize = 25;
/// A page with no date of its own is a listing from this many links on (a tag page with two or three teasers): a
/// brief that cites two earlier stories in few words of its own has its date. A date one of the linked articles
/// also has is not the page's own: a listing shows its teasers' dates.
const MIN_LINKED_ARTICLES_UNDATED: usize = 2;
/// A page with no date of its own that links to one article and says nothing but what that article says (its title
/// and first lines, as a tag page with one teaser does), with at most this many words of its own, is a listing too:
/// a teaser's date, byline and link ("June 2, 2025 Maria Lindqvist Continue reading", 7 words) are not a sentence.
const WORDS_OF_A_ONE_TEASER_PAGE: usize = 10;

/// A page that at least this share of the site's other pages link to (menus and footers included), with no date
/// where at least [`DATED_SHARE`] of the site's pages have one, is a page of its navigation. A site of fewer than
/// [`MIN_PAGES_FOR_NAVIGATION`] pages is too small to tell; a site without dates keeps such pages, as its articles
/// cannot be told from them by that (an article linked from every page, as in a "most read" box, has its date).
const NAVIGATION_LINKED_SHARE: f64 = 0.5;
const DATED_SHARE: f64 = 2.0 / 3.0;
const MIN_PAGES_FOR_NAVIGATION: usize = 6;

/// Why a page of the site is not an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAnArticle {
    /// It links to this many of the site's articles, with little text of its own.
    Listing { linked: usize },
    /// This many of the site's `pages` link to it, and it has no date where most of them do.
    Navigation { linked_from: usize, pages: usize },
    /// Its file is named 404, or its title says 404.
    ErrorPage,
    /// It offers a document for download (a PDF or an office file) and says next to nothing itself.
    Download,
}

/// A page with at most this many words of its own besides its title, in which a link to a document file is, only
/// offers that document ("Download the decision (PDF, 2.3 MB)"): nothing to relate it by, and no article to read.
const WORDS_OF_A_DOWNLOAD_PAGE: usize = 20;

/// The endings of the files a download page offers: documents, spreadsheets, slides and archives.
const DOCUMENT_FILE_ENDINGS: [&str; 13] = [".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods", ".csv", ".ppt", ".pptx", ".odp", ".zip"];

/// Whether a page read from the site's folder only offers a document for download: see [`WORDS_OF_A_DOWNLOAD_PAGE`].
fn is_download_page(document: &Document) -> bool {
    let offers_a_document = document.links.iter().any(|href| {
        let path = url::split(href).path.to_ascii_lowercase();
        DOCUMENT_FILE_ENDINGS.iter().any(|ending| path.ends_with(ending))
    });
    document.address.is_some() && offers_a_document && document.body.split_whitespace().count() <= WORDS_OF_A_DOWNLOAD_PAGE
}

/// The pages among `documents` (their URLs and dates already final) that are not articles, in order, with why.
pub fn not_articles(documents: &[Document]) -> Vec<(usize, NotAnArticle)> {
    let listings: HashMap<usize, usize> = listing_pages(documents).into_iter().collect();
    // The navigation is told among the other pages: a site whose tag and section pages (undated) outnumber its
    // articles would otherwise look undated.
    let others: Vec<bool> = (0..documents.len()).map(|i| !listings.contains_key(&i) && !is_error_page(&documents[i])).collect();
    let navigation: HashMap<usize, (usize, usize)> = navigation_pages(documents, &others).into_iter().map(|(i, from, pages)| (i, (from, pages))).collect();
    (0..documents.len())
        .filter_map(|i| {
            if is_error_page(&documents[i]) {
                Some((i, NotAnArticle::ErrorPage))
            } else if is_download_page(&documents[i]) {
                Some((i, NotAnArticle::Download))
            } else if let Some(&linked) = listings.get(&i) {
                Some((i, NotAnArticle::Listing { linked }))
            } else {
                navigation.get(&i).map(|&(linked_from, pages)| (i, NotAnArticle::Navigation { linked_from, pages }))
            }
        })
        .collect()
}

/// Whether a page is the site's error page: a file named `404.html` (as static site generators write it), or a
/// title or headline that is "404" or opens with it before a separator ("404 - Page not found", "404: Не найдено").
/// A headline that merely starts with the number ("404 migrants rescued") is an article's.
fn is_error_page(document: &Document) -> bool {
    let file_404 = document.address.as_deref().is_some_and(|address| {
        let path = address.trim_end_matches('/');
        let path = path.strip_suffix("/index.html").or_else(|| path.strip_suffix("/index.htm")).unwrap_or(path);
        let name = path.rsplit('/').next().unwrap_or(path);
        matches!(name, "404" | "404.html" | "404.htm")
    });
    let titled_404 = |title: &str| {
        let title = title.trim();
        title == "404" || title.strip_prefix("404").is_some_and(|rest| [" -", " –", " —", " |", ":", " :", ".", " /"].iter().any(|s| rest.starts_with(s)))
    };
    file_404 || titled_404(&document.title) || document.headline.as_deref().is_some_and(titled_404)
}

/// The pages of the site's navigation among the `considered` documents, each with how many pages link to it and of
/// how many: see [`NAVIGATION_LINKED_SHARE`]. Only pages count (feed items have no menus).
fn navigation_pages(documents: &[Document], considered: &[bool]) -> Vec<(usize, usize, usize)> {
    // Within each language: each half of a site in two languages has its own menus, linked from its own pages.
    language_groups(documents)
        .into_iter()
        .flat_map(|group| {
            let group: Vec<usize> = group.into_iter().filter(|&i| considered.get(i).copied().unwrap_or(true)).collect();
            navigation_pages_among(documents, &group)
        })
        .collect()
}

/// [`navigation_pages`] among the documents at `group`.
fn navigation_pages_among(documents: &[Document], group: &[usize]) -> Vec<(usize, usize, usize)> {
    let pages: Vec<usize> = group.iter().copied().filter(|&i| documents[i].address.is_some()).collect();
    let dated = pages.iter().filter(|&&i| documents[i].date.is_some()).count();
    if pages.len() < MIN_PAGES_FOR_NAVIGATION || (dated as f64) < DATED_SHARE * pages.len() as f64 {
        return Vec::new();
    }
    let keys: HashMap<String, usize> = pages.iter().map(|&i| (link_key(&documents[i].url), i)).collect();
    let mut linked_from = vec![0usize; documents.len()];
    for &i in &pages {
        let document = &documents[i];
        for target in linked_documents(document, &document.all_links, &keys, i) {
            linked_from[target] += 1;
        }
    }
    let others = (pages.len() - 1) as f64;
    pages
        .iter()
        .copied()
        .filter(|&i| documents[i].date.is_none() && linked_from[i] as f64 >= NAVIGATION_LINKED_SHARE * others)
        .map(|i| (i, linked_from[i], pages.len()))
        .collect()
}

/// A URL as listing links are compared: its path (with query), encoded as browsers encode it, as the directories
/// key pages. Within one site the host says nothing: a page's canonical address names the host the site is
/// published on while its links are root-relative or name a staging host, a site read without its address has
/// folder paths (`news/a.html` and `/news/a.html` are one page), and one link to a page is written `/новости/a` where
/// another is `/%D0%BD.../a`.
fn link_key(href: &str) -> String {
    sharded::url_key(href)
}

/// The documents (by place, from `keys`: each document's [`link_key`]) that `links` of the document at `own` point to,
/// each once, itself left out.
fn linked_documents(document: &Document, links: &[String], keys: &HashMap<String, usize>, own: usize) -> HashSet<usize> {
    link_keys(document, links).filter_map(|key| keys.get(&key).copied()).filter(|&other| other != own).collect()
}

/// The [`link_key`]s of `links`, as the document they are on points them.
fn link_keys<'a>(document: &'a Document, links: &'a [String]) -> impl Iterator<Item = String> + 'a {
    links.iter().map(|href| link_key(&url::resolve(Some(&document.url), href)))
}

/// The listing pages among `documents` (their URLs already final), each with how many of the others it links to.
///
/// Found in two passes. An article links to its categories and tags, whose pages are listings that show it as their
/// newest teaser, with its date: counted as articles it links to, they made a new short post look like a listing of
/// three that borrows its date from one of them (a new-user trial lost every such post the day it was published).
/// So the second pass looks again at the other pages the first found, without their links to listings of at least
/// [`MIN_LINKED_ARTICLES`], which stay listings whatever they link to (a year's archive of its months' pages). (Links
/// to small tag pages still count: a post of under 25 words for each is taken for their listing.)
fn listing_pages(documents: &[Document]) -> Vec<(usize, usize)> {
    let keys: HashMap<String, usize> = documents.iter().enumerate().map(|(i, d)| (link_key(&d.url), i)).collect();
    let linked: Vec<HashSet<usize>> =
        documents.iter().enumerate().map(|(position, document)| linked_documents(document, &document.links, &keys, position)).collect();
    let first: Vec<usize> = (0..documents.len()).filter(|&position| is_listing(documents, position, &linked[position])).collect();
    let clear: HashSet<usize> = first.iter().copied().filter(|&position| linked[position].len() >= MIN_LINKED_ARTICLES).collect();
    first
        .into_iter()
        .filter_map(|position| {
            if clear.contains(&position) {
                return Some((position, linked[position].len()));
            }
            let articles: HashSet<usize> = linked[position].iter().copied().filter(|other| !clear.contains(other)).collect();
            is_listing(documents, position, &articles).then_some((position, articles.len()))
        })
        .collect()
}

/// Whether the document at `position`, linking to the documents `linked` from its content, is a listing: many links
/// and few words of its own, fewer links where it has no date of its own.
fn is_listing(documents: &[Document], position: usize, linked: &HashSet<usize>) -> bool {
    let document = &documents[position];
    if linked.is_empty() {
        return false;
    }
    // A listing's date is often its first teaser's (`<time>` in the teaser): a date that one of the linked
    // articles has is not the page's own.
    let day = |d: &Document| d.date.as_deref().map(|date| date.get(..10).unwrap_or(date).to_string());
    let own_date = day(document).filter(|own| !linked.iter().any(|&other| day(&documents[other]).as_ref() == Some(own)));
    let needed = if own_date.is_some() { MIN_LINKED_ARTICLES } else { MIN_LINKED_ARTICLES_UNDATED };
    let one_teaser = own_date.is_none() && linked.len() == 1;
    if linked.len() < needed && !one_teaser {
        return false;
    }
    let own_words = own_word_count(&document.body, linked.iter().map(|&other| &documents[other]));
    let allowed = if one_teaser { WORDS_OF_A_ONE_TEASER_PAGE } else { WORDS_PER_LINKED_ARTICLE * linked.len() };
    own_words <= allowed
}

/// Teasers quote an article's title, summary and first lines: its words this far in are compared.
const QUOTED_WORDS_PER_ARTICLE: usize = 400;

/// How many of `text`'s words are its own rather than quoted from `sources` (the articles a page links to): a word
/// is quoted when it is in a run of [`SHINGLE_WORDS`] words that one of them has in its title, summary or first
/// lines. A listing's text is mostly its articles' titles and teasers (a WordPress excerpt is 55 words), where an
/// article that cites older stories says most things in its own words.
fn own_word_count<'a>(text: &str, sources: impl Iterator<Item = &'a Document>) -> usize {
    let mut quoted_runs: HashSet<u64> = HashSet::new();
    for source in sources {
        for field in [&source.title, source.summary.as_deref().unwrap_or_default()] {
            quoted_runs.extend(run_hashes(&comparison_words(field)));
        }
        let body: Vec<String> = comparison_words(&source.body).into_iter().take(QUOTED_WORDS_PER_ARTICLE).collect();
        quoted_runs.extend(run_hashes(&body));
    }
    let words = comparison_words(text);
    let mut quoted = vec![false; words.len()];
    for (start, run) in run_hashes(&words).enumerate() {
        if quoted_runs.contains(&run) {
            quoted[start..start + SHINGLE_WORDS].iter_mut().for_each(|q| *q = true);
        }
    }
    quoted.iter().filter(|q| !**q).count()
}

/// A title made of a page's first sentence is cut to this many characters (at a word).
const MAX_TITLE_FROM_TEXT: usize = 120;

/// Two articles with one title are one article twice when at least this share of the shorter text's 4-word runs
/// are in the other: a print version adds a footer, a republished copy a line or an edit.
const COPY_CONTAINMENT: f64 = 0.7;

/// The articles among `documents` that are copies of another (a print version, the same story published again
/// under a second address), each with the one kept: same title, and most of the shorter text in the other. The one kept
/// names its own address (a canonical link), else is the earliest, else has the shortest address, else comes first.
pub fn copies(documents: &[Document]) -> Vec<(usize, usize)> {
    let mut by_title: HashMap<String, Vec<usize>> = HashMap::new();
    for (position, document) in documents.iter().enumerate() {
        let title = comparison_key(&document.title);
        if !title.is_empty() {
            by_title.entry(title).or_default().push(position);
        }
    }
    let runs = |document: &Document| -> HashSet<u64> { run_hashes(&comparison_words(&document.body)).collect() };
    let preference = |position: &usize| {
        let document = &documents[*position];
        (!document.canonical, document.date.is_none(), document.date.clone(), document.url.len(), *position)
    };
    let mut found = Vec::new();
    let mut groups: Vec<Vec<usize>> = by_title.into_values().filter(|group| group.len() > 1).collect();
    groups.sort();
    for mut group in groups {
        group.sort_by_key(preference);
        let texts: Vec<HashSet<u64>> = group.iter().map(|&p| runs(&documents[p])).collect();
        let mut kept: Vec<usize> = Vec::new();
        for (i, &position) in group.iter().enumerate() {
            let copy_of = kept.iter().find(|&&k| {
                let (a, b) = (&texts[k], &texts[i]);
                let shorter = a.len().min(b.len());
                shorter > 0 && a.intersection(b).count() as f64 >= COPY_CONTAINMENT * shorter as f64
            });
            match copy_of {
                Some(&k) => found.push((position, group[k])),
                None => kept.push(i),
            }
        }
    }
    found.sort();
    found
}

/// A paragraph of at most this many words may be a link to another article ("Read also: <its title>").
const LINK_PARAGRAPH_WORDS: usize = 40;
/// A box's heading before its links is at most this many words.
const BOX_LABEL_WORDS: usize = 4;
/// What separates a box's label from the title it names: "Read also: ...", "Читайте также — ...", "اقرأ أيضاً | ...".
const LABEL_SEPARATORS: &[char] = &[':', '—', '–', '|', '»', '›', '>'];

/// Removes from each article the short paragraphs that only name another article of the site: its title alone, or
/// after a label ("Read also: ...", "اقرأ أيضاً: ...", in any language, as the label is not read). Such a box puts the
/// other article's words, and the label's, among the article's keywords. Returns how many paragraphs went.
pub fn remove_links_to_other_articles(documents: &mut [Document]) -> usize {
    let titles: HashSet<String> = documents.iter().map(|d| comparison_key(&d.title)).filter(|t| t.split(' ').count() >= 3).collect();
    let mut removed = 0;
    for document in documents.iter_mut() {
        let own = comparison_key(&document.title);
        let names_another = |paragraph: &str| {
            let key = comparison_key(paragraph);
            if key.split(' ').count() > LINK_PARAGRAPH_WORDS {
                return false;
            }
            let names = |named: &str| named != own && titles.contains(named);
            names(&key) || key.split_once(LABEL_SEPARATORS).is_some_and(|(_, rest)| names(rest.trim()))
        };
        let paragraphs: Vec<&str> = document.body.split("\n\n").collect();
        let link: Vec<bool> = paragraphs.iter().map(|p| names_another(p)).collect();
        // A box's heading ("Read also", "اقرأ أيضاً") is a few words with no sentence's end, right before its links.
        let label = |i: usize| {
            let words = paragraphs[i].split_whitespace().count();
            link.get(i + 1) == Some(&true) && !link[i] && words <= BOX_LABEL_WORDS && !paragraphs[i].trim_end().ends_with(['.', '!', '?', '…'])
        };
        let kept: Vec<&str> = paragraphs.iter().enumerate().filter(|&(i, _)| !link[i] && !label(i)).map(|(_, p)| *p).collect();
        if kept.len() < paragraphs.len() && !kept.is_empty() {
            removed += paragraphs.len() - kept.len();
            document.body = kept.join("\n\n");
        }
    }
    removed
}

/// What the pass changed, for the build's notes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteCleanup {
    pub paragraphs_removed: usize,
    pub site_wide_tags: Vec<String>,
    pub titles_replaced: usize,
    /// The picture most articles name (the site's logo as every page's `og:image`), left out of all of them: one
    /// per language of the site.
    pub site_wide_images: Vec<String>,
}

/// The form two paragraphs, tags or titles are compared in: white space collapsed, lower case.
fn comparison_key(text: &str) -> String {
    text::collapse_whitespace(text).to_lowercase()
}

/// The form a paragraph of `document` is compared in to find what repeats: [`comparison_key`], with the document's
/// own title put as a mark. A notice that quotes its article's title ("The post TITLE appeared first on SITE", as
/// WordPress ends every feed item) is the same notice on every page; a paragraph that is the title and little more
/// (a one-sentence item) is compared as it is.
fn paragraph_key(title_key: &str, paragraph: &str) -> String {
    let key = comparison_key(paragraph);
    if title_key.split(' ').count() < 2 || !key.contains(title_key) {
        return key;
    }
    let masked = key.replace(title_key, "\u{1}");
    let words_besides = masked.split(' ').filter(|w| w.chars().any(char::is_alphanumeric)).count();
    if words_besides >= 2 { masked } else { key }
}

/// Adds `item` to `list` unless it is there: what each language's pages found, said once for the site.
fn add_once(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Counts in how many documents each key occurs (once per document).
fn document_counts<'a>(keys: impl Iterator<Item = Vec<String>> + 'a) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for keys in keys {
        let unique: HashSet<String> = keys.into_iter().collect();
        for key in unique {
            *counts.entry(key).or_default() += 1;
        }
    }
    counts
}

/// The address (as a [`link_key`]) of the article each repeated paragraph is quoted from, when it is one: the
/// paragraph's pages are fewer than most of the site's (`repeated`, by count), and all of them but that article (and
/// its copies at the same address, an AMP or print version) link to it from their text (menus left out: every page
/// links to the section pages, which quote the lead too). A lead paragraph is on its article and on the home,
/// section, tag and author pages whose teasers quote it, three to five pages of a small site: it is the article's,
/// where a notice is on pages that link to no one page holding it (or on most of the site's). `page_keys` are the
/// documents' own link keys, `paragraph_keys` their paragraphs' ([`paragraph_key`]).
fn quoted_paragraph_sources(
    documents: &[Document],
    page_keys: &[String],
    paragraph_keys: &[Vec<String>],
    repeated: impl Fn(&str) -> bool,
) -> HashMap<String, String> {
    let mut holders: HashMap<&str, Vec<usize>> = HashMap::new();
    for (position, keys) in paragraph_keys.iter().enumerate() {
        for key in keys.iter().filter(|key| repeated(key)) {
            let pages = holders.entry(key.as_str()).or_default();
            if pages.last() != Some(&position) {
                pages.push(position);
            }
        }
    }
    let mut links: HashMap<usize, HashSet<String>> = HashMap::new();
    let mut sources = HashMap::new();
    for (paragraph, pages) in holders {
        for &page in &pages {
            links.entry(page).or_insert_with(|| link_keys(&documents[page], &documents[page].links).collect());
        }
        let quoted_from = pages.iter().filter(|&&source| !documents[source].url.is_empty()).map(|&source| &page_keys[source]).find(|&source| {
            pages.iter().all(|&page| page_keys[page] == *source || links.get(&page).is_some_and(|linked| linked.contains(source)))
        });
        if let Some(source) = quoted_from {
            sources.insert(paragraph.to_string(), source.clone());
        }
    }
    sources
}

/// The documents' places by language (the primary subtag each names; those that name none are a group of their
/// own), groups in the order their first documents come. What repeats across a site is counted within each
/// language: on a site in two languages, each half carries its own notices, keywords meta and menus, none on most
/// of the site's pages, all on most of their language's.
fn language_groups(documents: &[Document]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (position, document) in documents.iter().enumerate() {
        let lang = document.lang.as_deref().map(crate::lang::primary).unwrap_or_default();
        match groups.iter_mut().find(|(key, _)| *key == lang) {
            Some((_, positions)) => positions.push(position),
            None => groups.push((lang, vec![position])),
        }
    }
    groups.into_iter().map(|(_, positions)| positions).collect()
}

/// Removes what repeats across the site from every document, before keywords are extracted: within each language
/// (see [`language_groups`]).
pub fn remove_site_repetition(documents: &mut [Document]) -> SiteCleanup {
    let groups = language_groups(documents);
    if groups.len() == 1 {
        return remove_repetition_within(documents);
    }
    let mut cleanup = SiteCleanup::default();
    for positions in groups {
        let mut group: Vec<Document> = positions.iter().map(|&i| std::mem::take(&mut documents[i])).collect();
        let found = remove_repetition_within(&mut group);
        for (&i, document) in positions.iter().zip(group) {
            documents[i] = document;
        }
        cleanup.paragraphs_removed += found.paragraphs_removed;
        for tag in found.site_wide_tags {
            add_once(&mut cleanup.site_wide_tags, tag);
        }
        cleanup.titles_replaced += found.titles_replaced;
        // Each language's pages may name the same logo: it is said once.
        for image in found.site_wide_images {
            add_once(&mut cleanup.site_wide_images, image);
        }
    }
    cleanup
}

/// Removes what repeats across `documents` (a site, or its pages in one language) from each of them.
fn remove_repetition_within(documents: &mut [Document]) -> SiteCleanup {
    let mut cleanup = SiteCleanup::default();
    let n = documents.len();
    if n <= MIN_REPEATS {
        return cleanup;
    }
    let paragraph_threshold = MIN_REPEATS.max((REPEATED_PARAGRAPH_SHARE * n as f64).ceil() as usize);
    let site_wide_threshold = ((SITE_WIDE_SHARE * n as f64).floor() as usize + 1).max(MIN_REPEATS);

    // A paragraph counts once per story: copies of one article (a print version, the story published again under
    // a second address) share all their text, which is theirs, not the site's. A story is its headline (else its
    // title) with its longest paragraph, which a site's notices never are.
    let story = |d: &Document| {
        let longest = d.body.split("\n\n").max_by_key(|p| p.len()).map(comparison_key).unwrap_or_default();
        format!("{}\n{longest}", comparison_key(d.headline.as_deref().unwrap_or(&d.title)))
    };
    // Each paragraph's key, worked out once: the counts, the quoted leads and the removal all compare by it.
    let paragraph_keys: Vec<Vec<String>> = documents
        .iter()
        .map(|d| {
            let title_key = comparison_key(&d.title);
            d.body.split("\n\n").map(|p| paragraph_key(&title_key, p)).collect()
        })
        .collect();
    let mut stories: HashMap<String, Vec<String>> = HashMap::new();
    for (document, keys) in documents.iter().zip(&paragraph_keys) {
        stories.entry(story(document)).or_default().extend(keys.iter().filter(|key| !key.is_empty()).cloned());
    }
    let paragraphs = document_counts(stories.into_values());
    // Only a site with paragraphs on a few pages (not most) has leads its teasers may quote.
    let quotable = |key: &str| paragraphs.get(key).is_some_and(|&count| count >= paragraph_threshold && count < site_wide_threshold);
    let (page_keys, sources) = if paragraphs.keys().any(|key| quotable(key)) {
        let page_keys: Vec<String> = documents.iter().map(|d| link_key(&d.url)).collect();
        let sources = quoted_paragraph_sources(documents, &page_keys, &paragraph_keys, quotable);
        (page_keys, sources)
    } else {
        (Vec::new(), HashMap::new())
    };
    for ((position, document), keys) in documents.iter_mut().enumerate().zip(&paragraph_keys) {
        let kept: Vec<&str> = document
            .body
            .split("\n\n")
            .zip(keys)
            .filter(|(_, key)| {
                paragraphs.get(*key).is_none_or(|&count| count < paragraph_threshold) || sources.get(*key).is_some_and(|source| page_keys.get(position) == Some(source))
            })
            .map(|(paragraph, _)| paragraph)
            .collect();
        let removed = document.body.split("\n\n").count() - kept.len();
        if removed > 0 {
            cleanup.paragraphs_removed += removed;
            // A feed item's summary may end with the same line as its text (WordPress's "The post ... appeared
            // first on ..." closes both its description and its content): it goes from the summary too.
            if let Some(summary) = document.summary.as_mut() {
                for paragraph in document.body.split("\n\n").filter(|p| !kept.contains(p) && p.split_whitespace().count() >= 3) {
                    if let Some(at) = summary.find(paragraph.trim()) {
                        summary.replace_range(at..at + paragraph.trim().len(), "");
                        *summary = summary.trim().to_string();
                    }
                }
            }
            document.body = kept.join("\n\n");
        }
    }

    let tags = document_counts(documents.iter().map(|d| d.tags.iter().map(|t| comparison_key(t)).collect()));
    let mut site_wide: Vec<&String> = tags.iter().filter(|(_, &count)| count >= site_wide_threshold).map(|(t, _)| t).collect();
    site_wide.sort();
    if !site_wide.is_empty() {
        for document in documents.iter_mut() {
            document.tags.retain(|t| !site_wide.contains(&&comparison_key(t)));
        }
        for tag in site_wide {
            add_once(&mut cleanup.site_wide_tags, tag.clone());
        }
    }

    // Then a template's keywords meta: the same set of three tags or more (of those left), all of it, on many pages
    // (a third of a press office's pages carried "Sabirabad, İcra Hakimiyyəti, xəbərlər, rayon", which then tied
    // every pair of them). Those pages lose the set, however few of all the pages carry it. (A section's tag beside
    // the site's, "news, economy", is one tag once the site's is gone.)
    let tag_set = |d: &Document| {
        let mut keys: Vec<String> = d.tags.iter().map(|t| comparison_key(t)).collect();
        keys.sort();
        keys.dedup();
        (keys.len() >= MIN_TEMPLATE_TAGS).then(|| keys.join("\u{1}"))
    };
    let tag_sets = document_counts(documents.iter().map(|d| tag_set(d).into_iter().collect()));
    let template_threshold = MIN_REPEATS.max((TEMPLATE_TAG_SET_SHARE * n as f64).ceil() as usize);
    for document in documents.iter_mut() {
        if tag_set(document).is_some_and(|set| tag_sets.get(&set).is_some_and(|&count| count >= template_threshold)) {
            for tag in std::mem::take(&mut document.tags) {
                add_once(&mut cleanup.site_wide_tags, comparison_key(&tag));
            }
        }
    }

    let titles = document_counts(documents.iter().map(|d| vec![comparison_key(&d.title)]));
    let headlines = document_counts(documents.iter().map(|d| d.headline.iter().chain(&d.subheading).map(|h| comparison_key(h)).collect()));
    for document in documents.iter_mut() {
        let shared_title = comparison_key(&document.title);
        if titles.get(&shared_title).is_none_or(|&count| count < site_wide_threshold) {
            continue;
        }
        // The page's own headline, else its first second-level heading where its `h1` is the site's on most pages too
        // (an old template's site name in the `h1`, the item's headline in an `h2`), else its first sentence, as a
        // text file's title is found.
        let is_own = |heading: &String| comparison_key(heading) != shared_title && headlines.get(&comparison_key(heading)).is_none_or(|&count| count < site_wide_threshold);
        let headline_shared = document.headline.as_ref().is_some_and(|h| !is_own(h));
        let own = document
            .headline
            .clone()
            .filter(is_own)
            .or_else(|| document.subheading.clone().filter(|h| headline_shared && is_own(h)))
            .or_else(|| document.body.split("\n\n").next().map(|first| text::first_sentence(first, MAX_TITLE_FROM_TEXT)).filter(|t| !t.is_empty()));
        if let Some(own) = own {
            document.title = own;
            cleanup.titles_replaced += 1;
        }
    }

    // A picture on most articles is the site's (a logo as every page's `og:image`, a feed's default image): as a
    // thumbnail it would show the same picture beside every link, or a broken one on every link when it is gone. So
    // is one on most of the articles that name a picture when pages name it before a picture of their own: a trial's
    // city named its logo first on 26 of its 47 pictured pages, but the 21 press releases built with them, with no
    // picture, kept it under half of all. (A picture alike on a series of articles that name no other stays theirs.)
    let image_url = |d: &Document| d.image.as_ref().map(|image| url::page_key(image.url()));
    let pictured = documents.iter().filter(|d| d.image.is_some()).count();
    let images = document_counts(documents.iter().map(|d| image_url(d).into_iter().collect()));
    let named_before_others = |shared: &str| documents.iter().filter(|d| !d.other_images.is_empty() && image_url(d).as_deref() == Some(shared)).count();
    let site_wide_image = |(image, &count): &(&String, &usize)| {
        count >= site_wide_threshold || (2 * count > pictured && count >= MIN_REPEATS && named_before_others(image) >= MIN_REPEATS)
    };
    if let Some((shared, _)) = images.iter().filter(site_wide_image).max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))) {
        let shared = shared.clone();
        for document in documents.iter_mut() {
            if image_url(document).as_ref() == Some(&shared) {
                // The page's next picture that is not the site's, if it names one (an SEO plugin's `og:image` after
                // the theme's logo): 48 of a trial site's 60 articles had theirs there, and showed none.
                let own = document.other_images.iter().position(|image| url::page_key(image.url()) != shared);
                document.image = own.map(|at| document.other_images.remove(at));
            }
        }
        cleanup.site_wide_images.push(shared);
    }
    cleanup
}

mod shingles;
mod versions;
pub use versions::earlier_versions;

#[cfg(test)]
mod tests;
