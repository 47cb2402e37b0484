//! Tests of the site-wide passes: repetition, copies, boxes that name other articles, and pages that are not articles.

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
fn where_the_h1_is_the_sites_name_too_the_items_h2_is_its_title() {
    // An old template: `<title>` and `<h1>` the site's name on every page, the item's headline an `h2`.
    let mut documents: Vec<Document> = (0..6)
        .map(|i| Document {
            subheading: Some(format!("Road number {i} repaired")),
            ..page(i, "News - Sabirabad District", "Sabirabad District", &[&format!("Item {i} tells of road number {i} and its repair works.")], &[])
        })
        .collect();
    let cleanup = remove_site_repetition(&mut documents);
    assert_eq!(cleanup.titles_replaced, 6);
    assert_eq!(documents[3].title, "Road number 3 repaired");
}

#[test]
fn a_templates_keywords_meta_on_a_third_of_the_pages_goes() {
    let mut documents: Vec<Document> = (0..9)
        .map(|i| {
            let own = format!("Item {i} tells its own story about road number {i}.");
            let tags: &[&str] = if i % 3 == 0 { &["Sabirabad", "İcra Hakimiyyəti", "xəbərlər", "rayon"] } else { &[] };
            page(i, &format!("Story {i}"), "", &[&own], tags)
        })
        .collect();
    documents[1].tags = vec!["Sabirabad".into(), "yol".into()];
    let cleanup = remove_site_repetition(&mut documents);
    assert!(documents.iter().step_by(3).all(|d| d.tags.is_empty()), "the template's set goes from its 3 pages");
    assert_eq!(documents[1].tags, ["Sabirabad", "yol"], "a page's own set stays");
    assert!(cleanup.site_wide_tags.contains(&"rayon".to_string()));
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
    assert_eq!(cleanup.site_wide_images, ["https://site.example/logo.png"]);
    assert!(documents[..5].iter().all(|d| d.image.is_none()));
    assert_eq!(documents[5].image, Some(Image::Url("https://site.example/photos/flood.jpg".into())), "an article's own picture stays");
    // Half the articles or fewer: their own pictures, even if alike.
    let mut half: Vec<Document> = (0..6).map(|i| page(i, &format!("T{i}"), "", &[&format!("Text {i}.")], &[])).collect();
    for document in &mut half[..3] {
        document.image = Some(Image::Url("/img/series.png".into()));
    }
    assert!(remove_site_repetition(&mut half).site_wide_images.is_empty());
    assert!(half[0].image.is_some());
}

#[test]
fn a_page_that_names_the_sites_logo_first_keeps_its_own_picture_named_next() {
    let mut documents: Vec<Document> = (0..6).map(|i| page(i, &format!("T{i}"), "", &[&format!("Text {i}.")], &[])).collect();
    for (i, document) in documents.iter_mut().enumerate() {
        document.image = Some(Image::Url("https://site.example/logo.png".into()));
        if i < 4 {
            // The logo again (another spelling of its address), then the article's own.
            document.other_images = vec![Image::Url("https://SITE.example/logo.png".into()), Image::Url(format!("https://site.example/photos/{i}.jpg"))];
        }
    }
    let cleanup = remove_site_repetition(&mut documents);
    assert_eq!(cleanup.site_wide_images, ["https://site.example/logo.png"]);
    for (i, document) in documents[..4].iter().enumerate() {
        assert_eq!(document.image, Some(Image::Url(format!("https://site.example/photos/{i}.jpg"))));
    }
    assert!(documents[4..].iter().all(|d| d.image.is_none()), "no other picture: none");
    // Built with a feed whose items have no picture: the logo is still on most of the articles that have one.
    let mut with_feed = documents_with_logo_first();
    with_feed.extend((0..8).map(|i| page(100 + i, &format!("Release {i}"), "", &[&format!("Release text {i}.")], &[])));
    assert_eq!(remove_site_repetition(&mut with_feed).site_wide_images, ["https://site.example/logo.png"]);
    assert_eq!(with_feed[0].image, Some(Image::Url("https://site.example/photos/0.jpg".into())));
}

/// Six pages naming the site's logo first, four of them their own picture next.
fn documents_with_logo_first() -> Vec<Document> {
    let mut documents: Vec<Document> = (0..6).map(|i| page(i, &format!("T{i}"), "", &[&format!("Text {i}.")], &[])).collect();
    for (i, document) in documents.iter_mut().enumerate() {
        document.image = Some(Image::Url("https://site.example/logo.png".into()));
        if i < 4 {
            document.other_images = vec![Image::Url(format!("https://site.example/photos/{i}.jpg"))];
        }
    }
    documents
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
    // A page linking to three stories only, with a date: too few to tell (a brief citing earlier stories).
    documents.push(Document {
        url: "news/tag.html".into(),
        date: Some("2024-05-01".into()),
        links: vec!["1.html".into(), "2.html".into(), "3.html".into()],
        ..Document::default()
    });
    assert_eq!(listing_pages(&documents), [(8, 7)]);
    // Without a date of its own, two or three teasers make a tag page.
    documents[9].date = None;
    assert_eq!(listing_pages(&documents), [(8, 7), (9, 3)]);
    // A date its teasers show (the first teaser's `<time>` read as the page's) is not its own.
    documents[2].date = Some("2024-05-01T09:30:00+03:00".into());
    assert_eq!(listing_pages(&documents), [(8, 7), (9, 3)]);
    documents[2].date = Some("2024-04-30".into());
    documents[9].date = Some("2024-05-01".into());
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
    // A tag page with one teaser: the story's title and first lines, and nothing of its own.
    documents.push(Document {
        url: "/tags/vrk/index.html".into(),
        body: format!("Story number 2 of the day\n\n{}…", text(2)[..30].join(" ")),
        links: vec!["/news/2.html".into()],
        ..Document::default()
    });
    assert_eq!(listing_pages(&documents), [(7, 1)]);
    // A short note that links to one story and says something of its own is a note; so is a dated teaser.
    documents[7].body.push_str(" The commission will publish the final list of candidates on Friday morning.");
    assert_eq!(listing_pages(&documents), []);
    documents[7].body = format!("Story number 2 of the day\n\n{}…", text(2)[..30].join(" "));
    documents[7].date = Some("2026-01-05".into());
    assert_eq!(listing_pages(&documents), []);
}

#[test]
fn a_short_new_post_is_no_listing_of_its_category_and_tag_pages() {
    let words = |tag: &str, n: usize| (0..n).map(|w| format!("{tag}{w}")).collect::<Vec<_>>().join(" ");
    let mut documents: Vec<Document> = (0..7)
        .map(|i| Document { url: format!("/2025/0{}/post-{i}/", i + 1), date: Some(format!("2025-0{}-10", i + 1)), body: words(&format!("p{i}w"), 150), ..Document::default() })
        .collect();
    // The newest post: 70 words, linking from its header to its category and two tag pages.
    documents[6].body = words("new", 70);
    documents[6].links = vec!["/category/news/".into(), "/tag/vilnius/".into(), "/tag/jobs/".into()];
    // Its category page lists every post, the newest first with its date; each tag page the newest and one more.
    let teasers = |of: &[usize]| of.iter().map(|&i| format!("Post {i}. {}", words(&format!("p{i}w"), 10))).collect::<Vec<_>>().join("\n");
    documents.push(Document {
        url: "/category/news/".into(),
        date: Some("2025-07-10".into()),
        body: teasers(&[6, 5, 4, 3, 2, 1, 0]),
        links: (0..7).rev().map(|i| format!("/2025/0{}/post-{i}/", i + 1)).collect(),
        ..Document::default()
    });
    for tag in ["vilnius", "jobs"] {
        documents.push(Document {
            url: format!("/tag/{tag}/"),
            date: Some("2025-07-10".into()),
            body: teasers(&[6, 2]),
            links: vec!["/2025/07/post-6/".into(), "/2025/03/post-2/".into()],
            ..Document::default()
        });
    }
    assert_eq!(listing_pages(&documents), [(7, 7), (8, 2), (9, 2)], "the post is no listing; its category and tag pages are");
    // A page of the sections, which do not link back to it, stays a listing.
    documents.push(Document { url: "/sections/".into(), body: "Sections".into(), links: vec!["/tag/vilnius/".into(), "/tag/jobs/".into()], ..Document::default() });
    assert_eq!(listing_pages(&documents), [(7, 7), (8, 2), (9, 2), (10, 2)]);
}

#[test]
fn a_lead_quoted_by_teasers_stays_in_its_article() {
    let lead = "Банк России сохранил ключевую ставку на уровне 18 процентов годовых.";
    let notice = "Использование материалов возможно только с письменного разрешения редакции.";
    let mut documents: Vec<Document> = (0..8)
        .map(|i| Document { url: format!("economy/{i}/index.html"), body: format!("Статья {i} рассказывает свою историю.\n\nЕщё один абзац статьи {i}."), ..Document::default() })
        .collect();
    documents[0].body = format!("{lead}\n\nРегулятор сохранил сигнал о возможном повышении.");
    // The home, section and tag pages quote the lead in their teasers, each linking to the article.
    for (i, listing) in ["index.html", "economy/index.html", "tag/stavka/index.html"].iter().enumerate() {
        documents.push(Document {
            url: listing.to_string(),
            title: format!("Лента {i}"),
            body: format!("{lead}\n\n{notice}"),
            links: vec!["/economy/0/".into(), "/economy/1/".into()],
            ..Document::default()
        });
    }
    // The notice is on three pages too, and on no page they all link to.
    documents[5].body.push_str(&format!("\n\n{notice}"));
    let cleanup = remove_site_repetition(&mut documents);
    assert!(documents[0].body.starts_with(lead), "{}", documents[0].body);
    assert!(documents[8..].iter().all(|d| !d.body.contains(lead) && !d.body.contains(notice)), "the listings' copies go");
    assert!(!documents[5].body.contains(notice));
    assert_eq!(cleanup.paragraphs_removed, 7, "3 quotes of the lead and 4 of the notice");
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

#[test]
fn navigation_and_error_pages_are_not_articles() {
    let story = |i: usize| (0..120).map(|w| format!("s{i}w{w}")).collect::<Vec<_>>().join(" ");
    // Ten dated articles, each page with a menu to the about and privacy pages and a "most read" link to article 0.
    let menu = || vec!["/about/".to_string(), "/privacy/".to_string(), "/news/0.html".to_string(), "/".to_string()];
    let mut documents: Vec<Document> = (0..10)
        .map(|i| Document {
            url: format!("news/{i}.html"),
            address: Some(format!("news/{i}.html")),
            date: Some(format!("2024-05-{:02}", i + 1)),
            body: story(i),
            all_links: menu(),
            ..Document::default()
        })
        .collect();
    let page = |address: &str, title: &str| Document {
        url: address.into(),
        address: Some(address.into()),
        title: title.into(),
        body: story(99),
        all_links: menu(),
        ..Document::default()
    };
    documents.push(page("about/index.html", "About us"));
    documents.push(page("privacy/index.html", "Privacy policy"));
    documents.push(page("404.html", "Page not found"));
    documents.push(page("notes/x.html", "404 - Сторінку не знайдено"));
    documents.push(page("news/migrants.html", "404 migrants rescued off Lampedusa"));
    documents[14].date = Some("2024-06-01".into());
    // An undated page nobody links to is kept: only what the site links to from everywhere is navigation.
    documents.push(page("news/undated.html", "An undated story"));
    let found = not_articles(&documents);
    // (The error pages are not counted among the pages that link: they are no part of the site's articles.)
    assert_eq!(
        found,
        [
            (10, NotAnArticle::Navigation { linked_from: 13, pages: 14 }),
            (11, NotAnArticle::Navigation { linked_from: 13, pages: 14 }),
            (12, NotAnArticle::ErrorPage),
            (13, NotAnArticle::ErrorPage),
        ]
    );
    // On a site without dates the about page cannot be told from an article linked from everywhere: kept.
    for document in &mut documents {
        document.date = None;
    }
    assert!(not_articles(&documents).iter().all(|(_, why)| *why == NotAnArticle::ErrorPage), "{:?}", not_articles(&documents));
}

/// A site in two languages, built together: 9 English pages and 9 Russian ones, each half with its own keywords
/// meta, notice and menu (to its own contact page), none on most of the site's 18 pages.
fn bilingual_site() -> Vec<Document> {
    let story = |i: usize| (0..80).map(|w| format!("s{i}w{w}")).collect::<Vec<_>>().join(" ");
    let half = |lang: &str, tag: &str, notice: &str, offset: usize| -> Vec<Document> {
        (0..9)
            .map(|i| Document {
                url: format!("/{lang}/press/{i}.html"),
                address: Some(format!("{lang}/press/{i}.html")),
                lang: Some(lang.to_string()),
                date: (i < 8).then(|| format!("2026-03-{:02}", i + 1)),
                title: format!("{lang} release {i}"),
                body: if i < 8 { format!("{}\n\n{notice}", story(offset + i)) } else { story(offset + i) },
                tags: if i < 8 { vec![tag.to_string(), format!("{lang}-t{}", i % 3)] } else { Vec::new() },
                all_links: vec![format!("/{lang}/press/8.html"), format!("/{lang}/")],
                ..Document::default()
            })
            .collect()
    };
    let mut documents = half("en", "ministry of energy", "About the Ministry: the central executive body for energy.", 0);
    documents.extend(half("ru", "министерство энергетики", "О министерстве: центральный орган исполнительной власти.", 100));
    documents
}

#[test]
fn a_site_in_two_languages_has_its_repetition_found_in_each() {
    let mut documents = bilingual_site();
    let cleanup = remove_site_repetition(&mut documents);
    assert_eq!(cleanup.site_wide_tags, ["ministry of energy", "министерство энергетики"], "each on 8 of its 9 pages, 8 of 18 in all");
    assert!(documents.iter().all(|d| d.tags.len() <= 1));
    assert_eq!(cleanup.paragraphs_removed, 16);
    assert!(documents.iter().all(|d| !d.body.contains("About the Ministry") && !d.body.contains("О министерстве")));
    // One language alone is counted as before: the same result for the English half on its own.
    let mut english: Vec<Document> = bilingual_site().into_iter().take(9).collect();
    assert_eq!(remove_site_repetition(&mut english).site_wide_tags, ["ministry of energy"]);
}

#[test]
fn a_site_in_two_languages_has_the_navigation_of_each() {
    // Page 8 of each half (undated) is linked from every page of its language: 8 of the site's 17 other pages.
    let found = not_articles(&bilingual_site());
    assert_eq!(found, [(8, NotAnArticle::Navigation { linked_from: 8, pages: 9 }), (17, NotAnArticle::Navigation { linked_from: 8, pages: 9 })]);
}

#[test]
fn a_notice_that_quotes_its_articles_title_is_found_repeated() {
    // WordPress ends every feed item with "The post TITLE appeared first on SITE".
    let mut documents: Vec<Document> = (0..6)
        .map(|i| {
            let title = format!("Kyiv opens bridge number {i}");
            let own = format!("Story {i} has its own words about crossing number {i}.");
            let notice = format!("Запис {title} спершу з'явиться на Київський щоденник.");
            page(i, &title, "", &[&own, &notice], &[])
        })
        .collect();
    // A one-sentence item whose text is its title is its own, however many such items a feed has.
    documents.extend((6..10).map(|i| page(i, &format!("Metro line {i} reopens today"), "", &[&format!("Metro line {i} reopens today.")], &[])));
    // Its description ends with the same line (WordPress writes it into both).
    for (i, document) in documents.iter_mut().enumerate().take(6) {
        let notice = document.body.split("\n\n").nth(1).unwrap_or_default().to_string();
        document.summary = Some(format!("Excerpt of story {i}. {notice}"));
    }
    let cleanup = remove_site_repetition(&mut documents);
    assert_eq!(cleanup.paragraphs_removed, 6);
    assert!(documents[..6].iter().all(|d| !d.body.contains("спершу") && d.body.starts_with("Story")));
    assert!(documents[..6].iter().all(|d| d.summary.as_deref().is_some_and(|s| s.starts_with("Excerpt of story") && !s.contains("спершу"))), "the line goes from the summary too");
    assert!(documents[6..].iter().all(|d| d.body.starts_with("Metro line")));
}

#[test]
fn the_navigation_is_told_among_the_pages_that_are_not_listings() {
    // Eight dated articles and ten tag pages of two teasers each (undated, as a static site generator writes them),
    // every page with a menu to the about page: the tag pages are listings, and then most pages have a date.
    let story = |i: usize| (0..120).map(|w| format!("s{i}w{w}")).collect::<Vec<_>>();
    let menu = || vec!["/about/".to_string(), "/".to_string()];
    let mut documents: Vec<Document> = (0..8)
        .map(|i| Document {
            url: format!("/posts/{i}/"),
            address: Some(format!("posts/{i}/index.html")),
            title: format!("Post {i}"),
            date: Some(format!("2024-05-{:02}", i + 1)),
            body: story(i).join(" "),
            all_links: menu(),
            ..Document::default()
        })
        .collect();
    documents.extend((0..10).map(|t| Document {
        url: format!("/tags/t{t}/"),
        address: Some(format!("tags/t{t}/index.html")),
        title: format!("Tag {t}"),
        body: [t % 8, (t + 1) % 8].iter().map(|&i| story(i)[..20].join(" ")).collect::<Vec<_>>().join("\n\n"),
        links: vec![format!("/posts/{}/", t % 8), format!("/posts/{}/", (t + 1) % 8)],
        all_links: menu(),
        ..Document::default()
    }));
    documents.push(Document {
        url: "/about/".into(),
        address: Some("about/index.html".into()),
        title: "About us".into(),
        body: story(99).join(" "),
        all_links: menu(),
        ..Document::default()
    });
    let found = not_articles(&documents);
    assert_eq!(found.len(), 11, "{found:?}");
    assert!(found[..10].iter().all(|(_, why)| matches!(why, NotAnArticle::Listing { linked: 2 })));
    assert_eq!(found[10], (18, NotAnArticle::Navigation { linked_from: 8, pages: 9 }));
}

#[test]
fn a_page_that_only_offers_a_document_is_no_article() {
    let story = |i: usize| (0..120).map(|w| format!("s{i}w{w}")).collect::<Vec<_>>().join(" ");
    let page_at = |address: &str, body: String, links: &[&str]| Document {
        url: format!("https://city.example/{address}"),
        address: Some(address.into()),
        date: Some("2025-12-01".into()),
        body,
        links: links.iter().map(|l| l.to_string()).collect(),
        ..Document::default()
    };
    let documents = vec![
        page_at("news/budget.html", story(0), &["/files/budget-2026.pdf"]),
        page_at("documents/budget-decision.html", "Завантажити документ (PDF, 2,3 МБ)".into(), &["/files/Budget-2026.PDF?v=2"]),
        page_at("documents/plan.html", "Plan of works, for comments until 1 March.".into(), &["/files/plan.docx#page=2"]),
        page_at("news/short.html", "The bridge reopens on Monday at noon.".into(), &["/news/bridge.html"]),
    ];
    let found = not_articles(&documents);
    assert_eq!(found, [(1, NotAnArticle::Download), (2, NotAnArticle::Download)], "an article linking a PDF, and a short brief, stay");
    // Feed items (no page address) are never told so: a feed's item may be a link and a line.
    let item = Document { address: None, ..documents[1].clone() };
    assert!(not_articles(&[item]).is_empty());
}

#[test]
fn an_earlier_version_of_an_article_under_another_address_goes() {
    let sentences = |from: usize, to: usize| (from..to).map(|i| format!("Sentence number {i} tells what the crews found at the heating main in block {i}.")).collect::<Vec<_>>().join(" ");
    let dated = |id: usize, title: &str, date: &str, body: String| Document { date: Some(date.into()), ..page(id, title, "", &[&body], &[]) };
    let documents = vec![
        // The developing story, then its final version: the same text and more, under another title, a day later.
        dated(0, "URGENT: no heating in Malovanka (updating)", "2025-11-20", sentences(0, 12)),
        dated(1, "Heating main accident in Malovanka: what happened", "2025-11-21", sentences(0, 20)),
        // A follow-up that quotes two of those sentences among its own.
        dated(2, "Malovanka: repairs finished", "2025-11-25", format!("{} {}", sentences(0, 2), (0..20).map(|i| format!("New fact {i} about the repair works and the pipes laid.")).collect::<Vec<_>>().join(" "))),
        // Short briefs are never versions of one another.
        dated(3, "Brief one", "2025-11-22", "Heating is back in Malovanka.".into()),
        dated(4, "Brief two", "2025-11-23", "Heating is back in Malovanka.".into()),
    ];
    assert_eq!(earlier_versions(&documents), [(0, 1)]);
    // The same text reused months later (a campaign's standing paragraphs) is two articles.
    let mut apart = documents.clone();
    apart[0].date = Some("2025-04-27T11:00:00+03:00".into());
    assert!(earlier_versions(&apart).is_empty());
}
