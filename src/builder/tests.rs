//! Tests of a build from documents: ids, the manifest it gives, the languages and pages it keeps.

use super::*;
use crate::sorted_map::SortedMap;

/// A bare article: an id, a title and a date.
fn dated_article(id: &str, title: &str, date: &str) -> Article {
    Article {
        id: id.into(),
        url: format!("https://x.org/{id}"),
        title: title.into(),
        date: Some(date.into()),
        lang: None,
        summary: None,
        image: None,
        topics: Vec::new(),
        keywords: Vec::new(),
        entities: Default::default(),
        pinned: Vec::new(),
        vector: Vec::new(),
        title_key: None,
    }
}

#[test]
fn an_archive_over_the_format_limit_keeps_its_newest_articles() {
    let article = |id: &str, date: &str| dated_article(id, id, date);
    let articles = vec![article("c", "2026-03-01"), article("b", "2026-02-01"), article("a", "2026-01-01")];
    let (all, left_out) = newest_articles(&articles, 5);
    assert_eq!((all.len(), left_out), (3, 0));
    let (newest, left_out) = newest_articles(&articles, 2);
    assert_eq!(left_out, 1);
    assert_eq!(newest.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["c", "b"]);
}

#[test]
fn a_manifest_over_the_widgets_size_limit_keeps_its_newest_articles() {
    let article =
        |i: usize| dated_article(&format!("a{i:03}"), "A title of some length to take room", &format!("2026-01-{:02}", 28 - i % 28));
    let mut manifest = Manifest {
        version: FORMAT_VERSION,
        site: Site { name: None, url: None, lang: None },
        topics: Vec::new(),
        forms: SortedMap::new(),
        articles: (0..100).map(article).collect(),
        collection: None,
    };
    let whole = serde_json::to_vec(&manifest).unwrap().len();
    assert_eq!(keep_newest_within(&mut manifest, whole), 0, "a manifest that fits keeps everything");
    let left_out = keep_newest_within(&mut manifest, whole / 2);
    assert!(left_out > 40 && left_out < 60, "{left_out}");
    assert_eq!(manifest.articles[0].id, "a000", "the first (newest) are kept");
    assert!(serde_json::to_vec(&manifest).unwrap().len() <= whole / 2);
}

#[test]
fn ids_are_usable_and_unique() {
    let mut seen = HashSet::new();
    let doc = |id: &str, url: &str, title: &str| Document { id: id.into(), url: url.into(), title: title.into(), ..Document::default() };
    assert_eq!(unique_id(&doc("kerry-2014", "/k", "K"), &mut seen), "kerry-2014");
    assert_eq!(unique_id(&doc("kerry-2014", "/k2", "K"), &mut seen), "kerry-2014-2");
    // A feed's id that is a URL is kept: it does not depend on the other items.
    assert_eq!(unique_id(&doc("https://x.org/mars/1", "https://x.org/mars/1.html", "T"), &mut seen), "https://x.org/mars/1");
    assert_eq!(unique_id(&doc("https://x.org/fire/1", "https://x.org/fire/1.html", "T"), &mut seen), "https://x.org/fire/1");
    assert_eq!(unique_id(&doc("", "https://x.org/news/a-story.html", "T"), &mut seen), "a-story");
    assert_eq!(unique_id(&doc("", "https://x.org/", "Права человека"), &mut seen), "права-человека");
    let encoded = "https://x.org/ru/%D0%BD%D0%B0%D0%B2%D0%BE%D0%B4%D0%BD%D0%B5%D0%BD%D0%B8%D0%B5.html";
    assert_eq!(unique_id(&doc("", encoded, "T"), &mut seen), "наводнение");
    assert_eq!(unique_id(&doc("an id with spaces", "https://x.org/b.html", "T"), &mut seen), "b");
    assert_eq!(slugify("  Hello, World! "), "hello-world");
    assert_eq!(slugify("İnfrastruktur və İqtisadiyyat"), "infrastruktur-və-iqtisadiyyat", "no hyphen for the dot of İ");
    assert_eq!(slugify("Cafe\u{301} Ökonomie"), "cafe-ökonomie", "a combining accent is no word break");
}

#[test]
fn of_a_page_and_its_print_copy_the_page_at_the_address_is_kept() {
    // The print copy names the article's address as its own and is read first (its file name sorts first).
    let page = |id: &str, address: &str| Document {
        source: format!("site/{address}"),
        id: id.into(),
        url: "c1.html".into(),
        address: Some(address.into()),
        canonical: id.ends_with("print"),
        title: "Kaunas funicular reopens after repairs".into(),
        body: "The Žaliakalnis funicular in Kaunas carries passengers again after two years of repairs.".into(),
        ..Document::default()
    };
    let settings = BuildSettings { default_lang: Some("lt".into()), base_url: Some("https://naujienos.lt/".into()), strict: true, ..BuildSettings::default() };
    // Read first or last, the copy is left out with a note: the site's markup works as meant, and --strict passes.
    for documents in [vec![page("c1-print", "c1-print.html"), page("c1", "c1.html")], vec![page("c1", "c1.html"), page("c1-print", "c1-print.html")]] {
        let output = build_from_documents(documents, Vec::new(), Vec::new(), &settings, &|_| {}).expect("a manifest");
        assert_eq!(output.manifest.articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["c1"]);
        assert!(output.skipped.is_empty(), "{:?}", output.skipped);
        assert!(output.notes.iter().any(|n| n.starts_with("site/c1-print.html: left out as a copy of site/c1.html")), "{:?}", output.notes);
    }
    // Two pages that both claim one address elsewhere are a fault: skipped, and --strict fails.
    let documents = vec![page("c1-print", "c1-print.html"), page("c1-amp", "c1-amp.html")];
    let error = build_from_documents(documents, Vec::new(), Vec::new(), &settings, &|_| {}).expect_err("a duplicate URL under --strict");
    assert!(error.to_string().contains("duplicate URL"), "{error}");
    // The site's feed given with its pages: its item is the page again, a note, and --strict passes.
    let item = Document { source: "feed.xml: entry 1".into(), address: None, ..page("c1-feed", "c1.html") };
    let output = build_from_documents(vec![page("c1", "c1.html"), item], Vec::new(), Vec::new(), &settings, &|_| {}).expect("a manifest");
    assert_eq!(output.manifest.articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["c1"]);
    assert!(output.notes.iter().any(|n| n.starts_with("1 feed item(s) are pages read too")), "{:?}", output.notes);
}

#[test]
fn builds_a_manifest_that_reads_back() {
    let documents = vec![
        Document { source: "a".into(), id: "a".into(), url: "a.html".into(), title: "Flood in Valencia".into(), body: "A flood hit Valencia. Rescue teams worked all night in Valencia.".into(), date: Some("2024-10-30".into()), ..Document::default() },
        Document { source: "b".into(), id: "b".into(), url: "b.html".into(), title: "Valencia flood toll rises".into(), body: "The flood toll in Valencia rose again as rescue teams searched.".into(), date: Some("not a date".into()), ..Document::default() },
        Document { source: "c".into(), id: "c".into(), url: "javascript:alert(1)".into(), title: "Evil".into(), ..Document::default() },
    ];
    let settings = BuildSettings { default_lang: Some("en".into()), base_url: Some("https://news.example/".into()), ..BuildSettings::default() };
    let output = build_from_documents(documents, Vec::new(), Vec::new(), &settings, &|_| {}).expect("a manifest");
    assert_eq!(output.manifest.articles.len(), 2);
    assert_eq!(output.skipped.len(), 1);
    assert!(output.skipped[0].reason.contains("javascript"));
    assert_eq!(output.notes.len(), 1, "{:?}", output.notes);
    assert_eq!(output.manifest.articles[0].url, "https://news.example/a.html");
    assert_eq!(output.manifest.site.lang.as_deref(), Some("en"));
    assert!(output.manifest.articles.iter().all(|a| !a.keywords.is_empty()));
}

#[test]
fn a_feeds_language_gives_way_to_an_items_text_in_another() {
    let item = |id: &str, lang: &str, inherited: bool, body: &str| Document {
        source: id.into(),
        id: id.into(),
        url: format!("{id}.html"),
        title: body.split('.').next().unwrap_or_default().into(),
        body: body.into(),
        lang: Some(lang.into()),
        lang_inherited: inherited,
        ..Document::default()
    };
    let documents = vec![
        item("en", "en-us", true, "Heavy rains flooded eleven villages along the river. Rescue teams evacuated thousands of residents to schools."),
        item("ru", "en-us", true, "Сильные дожди затопили одиннадцать сёл вдоль реки. Спасатели эвакуировали тысячи жителей в школы."),
        item("ar", "en-us", true, "غمرت الأمطار الغزيرة إحدى عشرة قرية على طول النهر. وأجلت فرق الإنقاذ آلاف السكان إلى المدارس."),
        // An item that names its own language keeps it, whatever its text.
        item("own", "uk", false, "Суд в Минске приговорил журналистку к трём годам колонии. Процесс проходил в закрытом режиме."),
    ];
    let output = build_from_documents(documents, Vec::new(), Vec::new(), &BuildSettings::default(), &|_| {}).expect("a manifest");
    let mut langs: Vec<(&str, Option<&str>)> = output.manifest.articles.iter().map(|a| (a.id.as_str(), a.lang.as_deref())).collect();
    langs.sort();
    assert_eq!(langs, [("ar", Some("ar")), ("en", Some("en-us")), ("own", Some("uk")), ("ru", Some("ru"))]);
    let note = output.notes.iter().find(|n| n.starts_with("2 feed item(s) written in another language")).expect("a note");
    assert!(note.contains("ru (ru)") && note.contains("ar (ar)"), "the items are named: {note}");
}

#[test]
fn a_summary_goes_on_after_the_headline_its_lead_opens_with() {
    let doc = |title: &str, body: &str| Document { title: title.into(), body: body.into(), ..Document::default() };
    let lead = doc(
        "Банк России сохранил ключевую ставку",
        "Банк России сохранил ключевую ставку. Об этом стало известно 25 июля после заседания совета директоров.",
    );
    assert_eq!(summary_for(&lead).as_deref(), Some("Об этом стало известно 25 июля после заседания совета директоров."));
    let plain = doc("Floods", "Rivers rose across the north of the country overnight, and thousands left their homes.");
    assert_eq!(summary_for(&plain).as_deref(), Some("Rivers rose across the north of the country overnight, and thousands left their homes."));
}

#[test]
fn relative_urls_without_a_site_address_are_said() {
    let documents = |url: &str| {
        vec![Document { source: "feed.xml: item 1".into(), id: "a".into(), url: url.into(), title: "Flood in Valencia".into(), body: "A flood hit Valencia.".into(), ..Document::default() }]
    };
    let said = |output: &BuildOutput| output.notes.iter().any(|n| n.starts_with("1 article URL(s) are relative"));
    let relative = build_from_documents(documents("/news/flood"), Vec::new(), Vec::new(), &BuildSettings::default(), &|_| {}).expect("a manifest");
    assert!(said(&relative), "{:?}", relative.notes);
    let absolute = build_from_documents(documents("https://news.example/flood"), Vec::new(), Vec::new(), &BuildSettings::default(), &|_| {}).expect("a manifest");
    assert!(!said(&absolute), "{:?}", absolute.notes);
    let settings = BuildSettings { base_url: Some("/".into()), ..BuildSettings::default() };
    let chosen = build_from_documents(documents("/news/flood"), Vec::new(), Vec::new(), &settings, &|_| {}).expect("a manifest");
    assert!(!said(&chosen), "a --base-url of its own choosing, relative or not: {:?}", chosen.notes);
}

#[test]
fn tracking_parameters_are_left_out_of_article_urls() {
    let documents = vec![Document {
        source: "site/lt/a.html".into(),
        id: "lt/a".into(),
        url: "https://ngo.example/lt/potvynis/?utm_source=rss".into(),
        title: "Potvynis Jonavoje".into(),
        body: "Neris išsiliejo Jonavoje.".into(),
        ..Document::default()
    }];
    let output = build_from_documents(documents, Vec::new(), Vec::new(), &BuildSettings::default(), &|_| {}).expect("a manifest");
    assert_eq!(output.manifest.articles[0].url, "https://ngo.example/lt/potvynis/");
    assert!(output.notes.iter().any(|n| n.starts_with("1 article URL(s) had tracking parameters")), "{:?}", output.notes);
}

#[test]
fn the_site_name_most_pages_give_is_the_sites() {
    let page = |name: Option<&str>| Document { site_name: name.map(str::to_string), ..Document::default() };
    let documents = vec![page(Some("Stadt Lindenau")), page(None), page(Some(" Stadt Lindenau ")), page(Some("Lindenau Tourismus")), page(None)];
    assert_eq!(most_given_site_name(&documents).as_deref(), Some("Stadt Lindenau"));
    assert_eq!(most_given_site_name(&[page(Some("A")), page(Some("B"))]).as_deref(), Some("A"), "ties go to the first given");
    assert_eq!(most_given_site_name(&[page(None), page(Some("  "))]), None);
    // An old template's h1, the site's name on every page above the item's own headline.
    let headed = |headline: &str| Document { address: Some("a.html".into()), title: format!("News - {headline}"), headline: Some(headline.into()), ..Document::default() };
    let pages = [headed("Sabirabad District Executive Power"), headed("Sabirabad District Executive Power"), headed("Sabirabad District Executive Power"), headed("Road works")];
    assert_eq!(shared_headline(&pages).as_deref(), Some("Sabirabad District Executive Power"));
    assert_eq!(shared_headline(&pages[2..]), None, "two pages are too few to tell");
    let sections: Vec<Document> = pages.iter().map(|d| Document { title: "Road works reopen".into(), ..d.clone() }).collect();
    assert_eq!(shared_headline(&sections), None, "a headline the titles do not name is a section's");
}

#[test]
fn a_build_in_several_languages_says_how_many_articles_each_has() {
    let doc = |id: &str, lang: &str, title: &str, body: &str| Document {
        source: id.into(),
        id: id.into(),
        url: format!("{id}.html"),
        lang: Some(lang.into()),
        title: title.into(),
        body: body.into(),
        ..Document::default()
    };
    let documents = vec![
        doc("a", "en", "Flood in Valencia", "A flood hit Valencia. Rescue teams worked all night in Valencia."),
        doc("b", "en-GB", "Valencia flood toll rises", "The flood toll in Valencia rose again as rescue teams searched."),
        doc("c", "lt", "Potvynis Valensijoje", "Valensiją užliejo potvynis, gelbėtojai dirbo visą naktį."),
    ];
    let settings = BuildSettings { base_url: Some("https://news.example/".into()), ..BuildSettings::default() };
    let output = build_from_documents(documents, Vec::new(), Vec::new(), &settings, &|_| {}).expect("a manifest");
    assert_eq!(output.notes.first().map(String::as_str), Some("articles by language: en 2, lt 1"), "{:?}", output.notes);
}

#[test]
fn a_summary_cut_short_ends_where_it_reads_well() {
    assert_eq!(tidy_cut("The court ruled, and…".into()), "The court ruled, and…");
    assert_eq!(tidy_cut("The court ruled,…".into()), "The court ruled…", "no comma before the ellipsis");
    assert_eq!(tidy_cut("He said \"no.\"…".into()), "He said \"no.\"", "a whole sentence needs none");
    assert_eq!(tidy_cut("Not cut at all.".into()), "Not cut at all.");
}
