//! What repeats across a site and so says nothing about any one article, found by its frequency over the whole
//! input rather than by any word list: paragraphs on many pages (legal notices, footers, "about us" blurbs in any
//! language), tags on most pages (a site-wide keywords meta), and a title shared by most pages (`og:title` or
//! `<title>` set to the site's name), which gives way to each page's own headline. And what is not an article by
//! its structure: a listing page (home, section, tag, author or archive page) links to many of the site's articles
//! and has little text of its own.

use std::collections::{HashMap, HashSet};

use super::document::Document;
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

/// A page linking to at least this many of the site's articles, with at most [`WORDS_PER_LINKED_ARTICLE`] words
/// of its own for each (besides the titles and teasers it quotes from them), is a listing, where an article that
/// cites older stories has far more text than links.
const MIN_LINKED_ARTICLES: usize = 5;
const WORDS_PER_LINKED_ARTICLE: usize = 25;

/// A URL as listing links are compared: its path (with query), encoded as browsers encode it, as the directories
/// key pages. Within one site the host says nothing: a page's canonical address names the host the site is
/// published on while its links are root-relative or name a staging host, a site read without its address has
/// folder paths (`news/a.html` and `/news/a.html` are one page), and one link to a page is written `/новости/a` where
/// another is `/%D0%BD.../a`.
fn link_key(href: &str) -> String {
    sharded::url_key(href)
}

/// The listing pages among `documents` (their URLs already final), each with how many of the others it links to.
pub fn listing_pages(documents: &[Document]) -> Vec<(usize, usize)> {
    let keys: HashMap<String, usize> = documents.iter().enumerate().map(|(i, d)| (link_key(&d.url), i)).collect();
    let mut listings = Vec::new();
    for (position, document) in documents.iter().enumerate() {
        if document.links.len() < MIN_LINKED_ARTICLES {
            continue;
        }
        let linked: HashSet<usize> = document
            .links
            .iter()
            .filter_map(|href| keys.get(&link_key(&url::resolve(Some(&document.url), href))).copied())
            .filter(|&other| other != position)
            .collect();
        if linked.len() < MIN_LINKED_ARTICLES {
            continue;
        }
        let own_words = own_word_count(&document.body, linked.iter().map(|&other| &documents[other]));
        if own_words <= WORDS_PER_LINKED_ARTICLE * linked.len() {
            listings.push((position, linked.len()));
        }
    }
    listings
}

/// Words in a run this long that a linked article also has are that article's, quoted in a teaser.
const SHINGLE_WORDS: usize = 4;
/// Teasers quote an article's title, summary and first lines: its words this far in are compared.
const QUOTED_WORDS_PER_ARTICLE: usize = 400;

/// The words of a text, as teasers and articles are compared: letters and digits, lower case.
fn comparison_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// A hash of each run of [`SHINGLE_WORDS`] words, in order: how quoted text and copies are found.
fn run_hashes(words: &[String]) -> impl Iterator<Item = u64> + '_ {
    words.windows(SHINGLE_WORDS).map(|run| {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        run.hash(&mut hasher);
        hasher.finish()
    })
}

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
    /// The picture most articles name (the site's logo as every page's `og:image`), left out of all of them.
    pub site_wide_image: Option<String>,
}

/// The form two paragraphs, tags or titles are compared in: white space collapsed, lower case.
fn comparison_key(text: &str) -> String {
    text::collapse_whitespace(text).to_lowercase()
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

/// Removes what repeats across the site from every document, before keywords are extracted.
pub fn remove_site_repetition(documents: &mut [Document]) -> SiteCleanup {
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
    let mut stories: HashMap<String, Vec<String>> = HashMap::new();
    for document in documents.iter() {
        let paragraphs = stories.entry(story(document)).or_default();
        paragraphs.extend(document.body.split("\n\n").map(comparison_key).filter(|p| !p.is_empty()));
    }
    let paragraphs = document_counts(stories.into_values());
    for document in documents.iter_mut() {
        let kept: Vec<&str> = document
            .body
            .split("\n\n")
            .filter(|p| paragraphs.get(&comparison_key(p)).is_none_or(|&count| count < paragraph_threshold))
            .collect();
        let removed = document.body.split("\n\n").count() - kept.len();
        if removed > 0 {
            cleanup.paragraphs_removed += removed;
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
        cleanup.site_wide_tags = site_wide.into_iter().cloned().collect();
    }

    let titles = document_counts(documents.iter().map(|d| vec![comparison_key(&d.title)]));
    for document in documents.iter_mut() {
        let shared_title = comparison_key(&document.title);
        if titles.get(&shared_title).is_none_or(|&count| count < site_wide_threshold) {
            continue;
        }
        // The page's own headline, else (a page with no `h1`) its first sentence, as a text file's title is found.
        let own = document
            .headline
            .clone()
            .filter(|h| comparison_key(h) != shared_title)
            .or_else(|| document.body.split("\n\n").next().map(|first| text::first_sentence(first, MAX_TITLE_FROM_TEXT)).filter(|t| !t.is_empty()));
        if let Some(own) = own {
            document.title = own;
            cleanup.titles_replaced += 1;
        }
    }

    // A picture on most articles is the site's (a logo as every page's `og:image`, a feed's default image): as a
    // thumbnail it would show the same picture beside every link, or a broken one on every link when it is gone.
    let image_url = |d: &Document| d.image.as_ref().map(|image| url::page_key(image.url()));
    let images = document_counts(documents.iter().map(|d| image_url(d).into_iter().collect()));
    if let Some((shared, _)) = images.iter().filter(|(_, &count)| count >= site_wide_threshold).max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))) {
        let shared = shared.clone();
        for document in documents.iter_mut() {
            if image_url(document).as_ref() == Some(&shared) {
                document.image = None;
            }
        }
        cleanup.site_wide_image = Some(shared);
    }
    cleanup
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Image;

    fn page(id: usize, title: &str, headline: &str, paragraphs: &[&str], tags: &[&str]) -> Document {
        Document {
            id: format!("p{id}"),
            title: title.into(),
            headline: (!headline.is_empty()).then(|| headline.to_string()),
            body: paragraphs.join("\n\n"),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Document::default()
        }
    }

    #[test]
    fn boilerplate_site_wide_tags_and_shared_titles_go() {
        let notice = "© Примерный фонд. Все права защищены. Перепечатка только со ссылкой.";
        let mut documents: Vec<Document> = (0..8)
            .map(|i| {
                let own = format!("Article {i} tells its own story about topic number {i}.");
                page(i, "Example Foundation", &format!("Story {i}"), &[&own, notice], &["foundation", &format!("t{}", i % 3)])
            })
            .collect();
        documents.push(page(8, "A real title", "A real title", &["Unique text here.", "Shared only twice."], &["t1"]));
        documents.push(page(9, "Another title", "", &["Other text.", "Shared only twice."], &["t2"]));
        // A page with the site's title and no headline of its own: its first sentence is its title.
        documents.push(page(10, "Example Foundation", "", &["Volunteers bring water to flooded villages. More follows."], &[]));
        let cleanup = remove_site_repetition(&mut documents);
        assert_eq!(cleanup.paragraphs_removed, 8, "the notice on 8 of 11 pages");
        assert!(documents.iter().all(|d| !d.body.contains("права защищены")));
        assert!(documents[8].body.contains("Shared only twice."), "two pages are not a pattern");
        assert_eq!(cleanup.site_wide_tags, ["foundation"]);
        assert!(documents.iter().all(|d| !d.tags.iter().any(|t| t == "foundation")));
        assert_eq!(documents[0].tags, ["t0"]);
        assert_eq!(cleanup.titles_replaced, 9);
        assert_eq!(documents[3].title, "Story 3");
        assert_eq!(documents[10].title, "Volunteers bring water to flooded villages.");
        assert_eq!(documents[8].title, "A real title");
    }

    #[test]
    fn a_picture_on_most_articles_is_the_sites_and_goes() {
        let mut documents: Vec<Document> = (0..6).map(|i| page(i, &format!("T{i}"), "", &[&format!("Text {i}.")], &[])).collect();
        for document in &mut documents[..4] {
            document.image = Some(Image::Url("https://site.example/logo.png".into()));
        }
        documents[4].image = Some(Image::Sized { url: "HTTPS://SITE.example/logo.png".into(), width: Some(200), height: None, alt: None });
        documents[5].image = Some(Image::Url("https://site.example/photos/flood.jpg".into()));
        let cleanup = remove_site_repetition(&mut documents);
        assert_eq!(cleanup.site_wide_image.as_deref(), Some("https://site.example/logo.png"));
        assert!(documents[..5].iter().all(|d| d.image.is_none()));
        assert_eq!(documents[5].image, Some(Image::Url("https://site.example/photos/flood.jpg".into())), "an article's own picture stays");
        // Half the articles or fewer: their own pictures, even if alike.
        let mut half: Vec<Document> = (0..6).map(|i| page(i, &format!("T{i}"), "", &[&format!("Text {i}.")], &[])).collect();
        for document in &mut half[..3] {
            document.image = Some(Image::Url("/img/series.png".into()));
        }
        assert_eq!(remove_site_repetition(&mut half).site_wide_image, None);
        assert!(half[0].image.is_some());
    }

    #[test]
    fn listing_pages_are_told_by_their_links_and_little_text() {
        let story = |i: usize| (0..200).map(|w| format!("s{i}w{w}")).collect::<Vec<_>>().join(" ");
        let mut documents: Vec<Document> =
            (0..8).map(|i| Document { url: format!("news/{i}.html"), body: story(i), ..Document::default() }).collect();
        // An article citing six older stories: plenty of text of its own.
        documents[0].links = (1..7).map(|i| format!("{i}.html")).collect();
        // A section page: teasers of seven stories, root-relative links, and a link off the site.
        documents.push(Document {
            url: "news/index.html".into(),
            body: "Latest news. Short teaser text for each story.".into(),
            links: (1..8).map(|i| format!("/news/{i}.html")).chain(["https://elsewhere.example/".to_string()]).collect(),
            ..Document::default()
        });
        // A tag page of an absolute site linking to three stories only: too few to tell.
        documents.push(Document { url: "news/tag.html".into(), links: vec!["1.html".into(), "2.html".into(), "3.html".into()], ..Document::default() });
        assert_eq!(listing_pages(&documents), [(8, 7)]);
        let absolute: Vec<Document> = documents
            .iter()
            .map(|d| Document { url: url::resolve(Some("https://site.example/"), &d.url), ..d.clone() })
            .collect();
        assert_eq!(listing_pages(&absolute), [(8, 7)], "the same with the site's address known");
        // Articles whose canonical addresses name the published host, on a listing read from a staging host, whose
        // links are root-relative and percent-encoded where the addresses are not.
        let published: Vec<Document> = (0..6)
            .map(|i| Document { url: format!("https://site.example/новости/{i}.html"), body: story(i), ..Document::default() })
            .chain([Document {
                url: "http://127.0.0.1:8000/index.html".into(),
                body: "Latest news.".into(),
                links: (0..6).map(|i| format!("/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/{i}.html")).collect(),
                ..Document::default()
            }])
            .collect();
        assert_eq!(listing_pages(&published), [(6, 6)]);
    }

    #[test]
    fn a_listing_of_long_teasers_is_told_by_its_text_being_its_articles() {
        let text = |i: usize| (0..300).map(|w| format!("s{i}w{w}")).collect::<Vec<_>>();
        let mut documents: Vec<Document> = (0..6)
            .map(|i| Document { url: format!("/news/{i}.html"), title: format!("Story number {i} of the day"), body: text(i).join(" "), ..Document::default() })
            .collect();
        // A home page: each story's title and a 55-word excerpt cut mid-word, "Read more", and a line of its own.
        let teasers: Vec<String> = (0..6).map(|i| format!("Story number {i} of the day. {} wor… Read more", text(i)[..55].join(" "))).collect();
        documents.push(Document {
            url: "/index.html".into(),
            body: format!("Latest news from the foundation. {}", teasers.join("\n\n")),
            links: (0..6).map(|i| format!("/news/{i}.html")).collect(),
            ..Document::default()
        });
        assert_eq!(listing_pages(&documents), [(6, 6)]);
        // An article that links to the six and writes about them in its own words is an article.
        documents[6].body = (0..400).map(|w| format!("own{w}")).collect::<Vec<_>>().join(" ");
        assert_eq!(listing_pages(&documents), []);
    }

    #[test]
    fn the_text_of_an_article_published_three_times_is_not_the_sites() {
        let notice = "© Example Foundation. All rights reserved.";
        let mut documents: Vec<Document> = (0..6).map(|i| page(i, &format!("T{i}"), "", &[&format!("Story {i} in its own words, at length."), notice], &[])).collect();
        // One story three times: its page, a print version, and a copy under a second address.
        for i in 6..9 {
            documents.push(page(i, "Floods on the Kura", "Floods on the Kura", &["Heavy rains flooded eleven villages along the Kura river.", "Rescue teams evacuated thousands.", notice], &[]));
        }
        let cleanup = remove_site_repetition(&mut documents);
        assert_eq!(cleanup.paragraphs_removed, 9, "the notice on every page");
        assert!(documents[6..].iter().all(|d| d.body == "Heavy rains flooded eleven villages along the Kura river.\n\nRescue teams evacuated thousands."), "{:?}", documents[6].body);
    }

    #[test]
    fn copies_of_an_article_are_found_and_the_one_with_its_own_address_kept() {
        let text = |words: usize| (0..words).map(|w| format!("w{w}")).collect::<Vec<_>>().join(" ");
        let article = |url: &str, title: &str, body: String, canonical: bool, date: Option<&str>| Document {
            url: url.into(),
            title: title.into(),
            body,
            canonical,
            date: date.map(str::to_string),
            ..Document::default()
        };
        let documents = vec![
            // A print version (no canonical link) with a footer line more: a copy of the article, which is kept.
            article("/en/print/flood.html", "Floods on the Kura", format!("{} Printed from civicvoice.example", text(200)), false, None),
            article("/en/2024/05/flood.html", "Floods on the Kura", text(200), true, Some("2024-05-03")),
            // Published again under a second address, later: a copy of the first.
            article("/en/2024/05/flood-2.html", "Floods on the Kura", text(200), true, Some("2024-05-04")),
            // Same title, another story: not a copy.
            article("/en/2023/01/flood.html", "Floods on the Kura", (0..200).map(|w| format!("x{w}")).collect::<Vec<_>>().join(" "), true, None),
        ];
        assert_eq!(copies(&documents), [(0, 1), (2, 1)]);
    }

    #[test]
    fn a_box_that_names_another_article_is_not_the_articles_text() {
        let mut documents = vec![
            page(0, "الأردن يواجه أسوأ موجة جفاف منذ عقود", "", &["يواجه الأردن أسوأ موجة جفاف منذ عقود.", "اقرأ أيضاً: اتفاق المياه مقابل الطاقة بين الأردن وإسرائيل"], &[]),
            page(1, "اتفاق المياه مقابل الطاقة بين الأردن وإسرائيل", "", &["أثار الاتفاق جدلاً واسعاً في عمّان."], &[]),
            page(2, "Floods on the Kura river", "", &["Rains flooded eleven villages.", "Read also — Jordan faces its worst drought", "More on this", "Jordan faces its worst drought"], &[]),
            page(3, "Jordan faces its worst drought", "", &["Jordan faces its worst drought", "The dams are a quarter full: Jordan faces its worst drought in decades."], &[]),
        ];
        assert_eq!(remove_links_to_other_articles(&mut documents), 4, "three links and a box's heading");
        assert_eq!(documents[0].body, "يواجه الأردن أسوأ موجة جفاف منذ عقود.");
        assert_eq!(documents[2].body, "Rains flooded eleven villages.");
        // Its own title, and a sentence that goes on past another's title, stay.
        assert_eq!(documents[3].body, "Jordan faces its worst drought\n\nThe dams are a quarter full: Jordan faces its worst drought in decades.");
    }

    #[test]
    fn small_inputs_and_distinct_pages_are_left_alone() {
        let mut few = vec![page(0, "Site", "A", &["x"], &["t"]), page(1, "Site", "B", &["x"], &["t"])];
        assert_eq!(remove_site_repetition(&mut few), SiteCleanup::default());
        let mut distinct: Vec<Document> =
            (0..20).map(|i| page(i, &format!("Title {i}"), "", &[&format!("Text {i}.")], &[&format!("tag{i}")])).collect();
        let before = distinct.clone();
        assert_eq!(remove_site_repetition(&mut distinct), SiteCleanup::default());
        assert_eq!(distinct, before);
    }
}
