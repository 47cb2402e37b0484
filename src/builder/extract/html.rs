//! An HTML page's extraction, assembled: metadata first, then the article's element and its text, then the
//! title, date and authors from whichever source holds them.

use scraper::{ElementRef, Html};

use super::chrome::{filter_blocks, Removed};
use super::content::{
    chrome_ancestry, class_tokens, class_verdict, content_root, element_text, has_token, is_inside, is_main_element, measure, ClassVerdict,
    Walker, MAX_DEPTH,
};
use super::dates::{normalize_date, parse_loose_date};
use super::metadata::{looks_like_url, normalize_lang, parse_dimension, strip_site_suffix, JsonLd, Metas};
use super::page::{dedupe, ExtractedImage, ExtractedPage};
use super::prose::{visible_chars, word_count};
use crate::builder::clean::clean_body;
use crate::date;

/// At most this many of all the links of a page are kept: a menu and a footer hold a few dozen.
const MAX_ALL_LINKS: usize = 400;

/// A content root of fewer words is no article's text: the links of the `main` around it count too.
const WORDS_OF_AN_ARTICLE_ROOT: usize = 50;

/// At most this many links of a page's content are kept: enough to tell a listing page.
const MAX_LINKS: usize = 200;

/// Extracts the article of an HTML page. Never fails: broken markup yields whatever could be read.
pub fn extract_html(html: &str) -> ExtractedPage {
    let doc = Html::parse_document(html);
    let metas = Metas::read(&doc);
    let ld = JsonLd::read(&doc);
    let root = content_root(&doc);
    let elements: Vec<ElementRef<'_>> = doc.root_element().descendent_elements().collect();

    // The headline: an h1 in the article, else the first h1 outside page chrome. Then the first h2 found so: the
    // item's headline where the h1 is the site's name.
    let mut in_chrome = chrome_ancestry(&doc);
    let mut first_heading = |tag: &str| {
        elements
            .iter()
            .filter(|e| e.value().name() == tag)
            .find(|e| is_inside(**e, root))
            .or_else(|| elements.iter().filter(|e| e.value().name() == tag).find(|e| !in_chrome(**e)))
            .map(|e| element_text(*e))
            .filter(|t| !t.is_empty())
    };
    let h1 = first_heading("h1");
    let subheading = first_heading("h2");
    let head_title = elements
        .iter()
        .find(|e| e.value().name() == "title")
        .map(|e| element_text(*e))
        .filter(|t| !t.is_empty());
    let site_name = metas.first(&["og:site_name", "application-name"]);
    // An `og:title` that is the site's name (a theme that fills it so on some pages) names no article: the
    // headline or `<title>` does. (A site-wide one is found by repetition too, but not one on a few pages.)
    let is_site_name = |text: &str| site_name.as_deref().is_some_and(|site| text.trim().to_lowercase() == site.trim().to_lowercase());
    let og_title = metas.first(&["og:title", "twitter:title"]).filter(|og| !(is_site_name(og) && (h1.is_some() || head_title.is_some())));
    // An article's JSON-LD headline comes before the page's h1 and `<title>`, which may be the section's and the
    // site's name on every release of a press office's site; it is dropped like `og:title` when it is the site's name.
    let ld_headline = ld.article_headline.clone().filter(|h| !is_site_name(h));
    let title = og_title.clone().or_else(|| ld_headline.clone()).or_else(|| h1.clone()).or_else(|| head_title.clone()).map(|primary| {
        let confirmers: Vec<&str> = [&og_title, &h1, &ld.headline, &head_title]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .filter(|c| *c != primary)
            .collect();
        strip_site_suffix(&primary, &confirmers, site_name.as_deref())
    });

    let mut removed = Removed::default();
    let root_prose = measure(root).prose();
    let mut paragraphs =
        filter_blocks(Walker::read(root, title.as_deref(), false), title.as_deref(), false, &mut removed);
    let kept: usize = paragraphs.iter().map(|p| visible_chars(p)).sum();
    if root_prose >= 300 && kept * 5 < root_prose {
        // Class names or link density threw away most of the article (a wrapper named "js-comments-enabled",
        // an article made of linked names): read it again trusting only the markup's structure.
        removed = Removed::default();
        paragraphs = filter_blocks(Walker::read(root, title.as_deref(), true), title.as_deref(), false, &mut removed);
    }

    let time_in_root = root
        .descendent_elements()
        .filter(|e| e.value().name() == "time" && !in_other_content(*e, root))
        .find_map(time_value);
    let date = metas
        .all("article:published_time")
        .find_map(normalize_date)
        .or(time_in_root)
        .or_else(|| ld.date.as_deref().and_then(normalize_date))
        .or_else(|| {
            ["datepublished", "og:published_time", "date", "dc.date.issued", "dc.date", "pubdate", "publishdate"]
                .iter()
                .find_map(|k| metas.all(k).find_map(normalize_date))
        })
        .or_else(|| {
            // Sites without metadata print the date in an element named for it ("news-date-time", "tarix", a
            // header's "meta" line).
            root.descendent_elements().find_map(|e| dated_element(e).filter(|_| !in_other_content(e, root)))
        })
        .or_else(|| {
            // A `<time>` outside the content, but not in a sidebar, a menu or a box of other articles, whose dates
            // are theirs (a trial's bridge closure of 20 August was dated by a "Weitere Meldungen" teaser of 11
            // December).
            let page = doc.root_element();
            elements.iter().filter(|e| e.value().name() == "time" && !in_other_content(**e, page)).find_map(|e| time_value(*e))
        })
        .or_else(|| elements.iter().copied().find_map(|e| dated_element(e).filter(|_| !in_other_content(e, doc.root_element()))))
        .or(removed.date);

    let lang = doc
        .root_element()
        .value()
        .attr("lang")
        .and_then(normalize_lang)
        .or_else(|| metas.all("http-equiv:content-language").find_map(normalize_lang))
        .or_else(|| metas.all("og:locale").find_map(normalize_lang))
        .or_else(|| ld.language.as_deref().and_then(normalize_lang));

    let mut tags: Vec<String> = Vec::new();
    for key in ["article:tag", "keywords", "news_keywords"] {
        for value in metas.all(key) {
            tags.extend(value.split([',', ';', '،']).map(str::to_string));
        }
    }
    tags.extend(ld.keywords.iter().cloned());
    // Tag links (`rel="tag"`, as WordPress and microformats write them) name the page's own tags; WordPress marks
    // the links to the post's categories `rel="category tag"`: those name its categories.
    let rel_links = |category: bool| {
        elements
            .iter()
            .filter(move |e| e.value().name() == "a" && has_token(e.value().attr("rel"), "tag") && has_token(e.value().attr("rel"), "category") == category)
            .map(|e| element_text(*e))
            .filter(|t| !t.is_empty() && t.chars().count() <= 60)
    };
    tags.extend(rel_links(false));

    let mut categories: Vec<String> = metas.all("article:section").map(str::to_string).collect();
    categories.extend(ld.sections.iter().cloned());
    for category in rel_links(true) {
        if !categories.contains(&category) {
            categories.push(category);
        }
    }

    let summary = metas
        .first(&["description", "og:description", "twitter:description"])
        .or_else(|| ld.description.clone());

    let og_image = metas.first(&["og:image", "og:image:url", "og:image:secure_url"]).map(|url| ExtractedImage {
        url,
        width: metas.all("og:image:width").find_map(parse_dimension),
        height: metas.all("og:image:height").find_map(parse_dimension),
    });
    // Every picture the page names, each once, in the order above: the first with its size.
    let unsized_image = |url: &str| ExtractedImage { url: url.to_string(), width: None, height: None };
    let named = og_image
        .into_iter()
        .chain(metas.all("og:image").map(unsized_image))
        .chain(ld.image.clone())
        .chain(["twitter:image", "twitter:image:src"].iter().flat_map(|key| metas.all(key)).map(unsized_image));
    let mut images: Vec<ExtractedImage> = Vec::new();
    for image in named {
        if !image.url.trim().is_empty() && !images.iter().any(|kept| kept.url == image.url) {
            images.push(image);
        }
    }
    let mut images = images.into_iter();
    let image = images.next();
    let other_images = images.collect();

    let mut authors: Vec<String> = metas.all("author").map(str::to_string).collect();
    authors.extend(metas.all("article:author").filter(|a| !looks_like_url(a)).map(str::to_string));
    authors.extend(ld.authors.iter().cloned());
    if authors.is_empty() {
        authors = removed.authors;
    }

    let canonical = elements
        .iter()
        .filter(|e| e.value().name() == "link")
        .find(|e| has_token(e.value().attr("rel"), "canonical"))
        .and_then(|e| e.value().attr("href"))
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty());

    // Links in the page's own content (not its menus or sidebars), for telling a listing page from an article: in
    // the content root, and in the page's `main` when the root is elsewhere (a tag page whose teasers are headings
    // and dates has less prose in its `main` than in its footer's notice, which is then taken for its text).
    // So is a `main` that holds a root of a few words: a root that short is no article's text but a teaser's line
    // (a category page whose one teaser's excerpt is empty reads as the screen-reader text of its "Continue reading").
    let small_root = element_text(root).split_whitespace().count() < WORDS_OF_AN_ARTICLE_ROOT;
    let mains = elements.iter().copied().filter(|e| is_main_element(e) && (small_root || !is_inside(root, *e)) && !is_inside(*e, root));
    let mut links: Vec<String> = Vec::new();
    for anchor in std::iter::once(root).chain(mains).flat_map(|scope| scope.descendent_elements()).filter(|e| e.value().name() == "a") {
        let Some(href) = anchor.value().attr("href").map(str::trim).filter(|h| !h.is_empty() && !h.starts_with('#')) else {
            continue;
        };
        // A teaser's headline link sits in its `article`'s own `header` (HTML's header of a section, as Hugo's and
        // WordPress's themes write teasers), which is no page chrome.
        let counts = !in_chrome(anchor)
            || anchor
                .ancestors()
                .filter_map(ElementRef::wrap)
                .find(|e| e.value().name() == "header")
                .is_some_and(|header| header.ancestors().filter_map(ElementRef::wrap).any(|e| e.value().name() == "article") && !in_chrome(header));
        if links.len() < MAX_LINKS && !links.iter().any(|l| l == href) && counts {
            links.push(href.to_string());
        }
    }

    // Every link of the page, for telling the pages the whole site links to.
    let mut all_links: Vec<String> = Vec::new();
    for anchor in elements.iter().filter(|e| e.value().name() == "a") {
        if let Some(href) = anchor.value().attr("href").map(str::trim).filter(|h| !h.is_empty() && !h.starts_with('#')) {
            if all_links.len() < MAX_ALL_LINKS && !all_links.iter().any(|l| l == href) {
                all_links.push(href.to_string());
            }
        }
    }

    ExtractedPage {
        links,
        all_links,
        // `element_text` has already collapsed its white space, and empty headlines were dropped above.
        headline: h1.clone().or(ld_headline),
        subheading,
        title,
        canonical_url: canonical,
        date,
        lang,
        tags: dedupe(tags),
        categories: dedupe(categories),
        summary,
        image,
        other_images,
        site_name: site_name.clone(),
        authors: dedupe(authors),
        body: clean_body(&paragraphs.join("\n\n")),
    }
}

/// The date written in an element whose class or id says it holds one.
pub(super) fn dated_element(el: ElementRef<'_>) -> Option<String> {
    const DATE_WORDS: &[&str] =
        &["date", "time", "datetime", "published", "pubdate", "posted", "created", "tarix", "data", "meta", "byline"];
    let value = el.value();
    let named = value.classes().chain(value.id()).flat_map(class_tokens).any(|t| DATE_WORDS.contains(&t.as_str()));
    if !named {
        return None;
    }
    let text = element_text(el);
    if word_count(&text) > 8 {
        return None;
    }
    // A line of a few words may say more than its date ("Veröffentlicht am 20. August 2025 · Pressemitteilung").
    date::normalize(&text).or_else(|| parse_loose_date(&text, true)).or_else(|| parse_loose_date(&text, false))
}

/// The date of a `<time>` element: its datetime attribute, else its text.
pub(super) fn time_value(el: ElementRef<'_>) -> Option<String> {
    el.value().attr("datetime").and_then(normalize_date).or_else(|| parse_loose_date(&element_text(el), false))
}

/// Whether an element sits in a block about other content (related articles, comments, a sidebar) inside the
/// article. Headers and meta lines are chrome for the body but are exactly where the article's own date is.
pub(super) fn in_other_content(el: ElementRef<'_>, root: ElementRef<'_>) -> bool {
    const OTHER: &[&str] =
        &["related", "recommended", "popular", "sidebar", "widget", "trending", "outbrain", "taboola", "promo"];
    for ancestor in el.ancestors().take(MAX_DEPTH).filter_map(ElementRef::wrap) {
        if ancestor.id() == root.id() {
            return false;
        }
        let value = ancestor.value();
        if matches!(value.name(), "aside" | "nav" | "footer") || class_verdict(&ancestor) == ClassVerdict::Comments {
            return true;
        }
        let tokens: Vec<String> = value.classes().chain(value.id()).flat_map(class_tokens).collect();
        if tokens.iter().any(|t| OTHER.contains(&t.as_str())) {
            return true;
        }
    }
    false
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::extract::plain_text::extract_text;
    use crate::builder::extract::test_support::*;
    use crate::text;

    #[test]
    fn english_ngo_page_metadata() {
        let page = extract_html(NGO_EN);
        assert_eq!(page.title.as_deref(), Some("Activists Brief OSCE Envoy on Detained Journalists"));
        assert_eq!(
            page.canonical_url.as_deref(),
            Some("https://civicwatch.example.org/news/2024/05/activists-brief-osce-envoy")
        );
        assert_eq!(page.date.as_deref(), Some("2024-05-21T09:30:00+02:00"));
        assert_eq!(page.lang.as_deref(), Some("en-GB"));
        assert_eq!(page.tags, ["Press Freedom", "Journalists", "OSCE", "Azerbaijan", "media freedom", "Vienna"]);
        assert_eq!(page.categories, ["Human Rights", "OSCE"]);
        assert_eq!(
            page.summary.as_deref(),
            Some("Civil society groups from six countries met the OSCE Representative on Freedom of the Media in Vienna to present cases of jailed reporters.")
        );
        assert_eq!(
            page.image,
            Some(ExtractedImage {
                url: "https://civicwatch.example.org/media/2024/05/vienna-meeting.jpg".into(),
                width: Some(1200),
                height: Some(630),
            })
        );
        // article:author is a URL here, so only the names count.
        assert_eq!(page.authors, ["Leyla Mammadova", "Tomas Petrauskas"]);
    }

    #[test]
    fn english_ngo_page_body_is_the_article_only() {
        let body = extract_html(NGO_EN).body;
        assert_present(
            &body,
            &[
                "Representatives of civil society organisations from Azerbaijan, Belarus, Kazakhstan, Russia, Tajikistan and Turkmenistan met on 20 May",
                "The delegation handed over a dossier documenting 47 cases",
                "It urged the OSCE to send observers to the trials of journalists that are due to open in June.",
                "“Every one of these reporters is in prison for doing their job",
                "which is scheduled for July.",
            ],
        );
        assert!(paragraphs(&body).contains(&"Cases raised at the meeting"), "h2 is its own paragraph:\n{body}");
        assert_absent(
            &body,
            &[
                "Rus Eng", "Lz", "Your Login", "Quick search", "Advanced search", "Home", "About us",
                "Monitoring human rights", "Leyla Mammadova", "Share on Facebook", "Tweet", "Read more", "Tags",
                "Maybe you are interested in", "State Department about meeting Kerry", "Hessel Meeting",
                "political prisoners", "More news", "Tajikistan: Forcibly", "Vlasov", "Comments",
                "Please fill your data", "Place your comment", "Subscribe", "Please select the topic",
                "Most read", "Closing Office Radio Azadlig", "All rights reserved", "Registered charity", "Privacy",
                "We use cookies", "Activists Brief OSCE Envoy on Detained Journalists", "dataLayer",
            ],
        );
        for paragraph in paragraphs(&body) {
            assert!(!["Rus", "Eng", "Az"].contains(&paragraph), "language switcher entry {paragraph:?}");
            assert_eq!(paragraph, text::collapse_whitespace(paragraph), "whitespace is collapsed");
            assert!(!paragraph.is_empty());
        }
    }

    #[test]
    fn russian_news_page() {
        let page = extract_html(NEWS_RU);
        assert_eq!(
            page.title.as_deref(),
            Some("Правозащитники представили в ОБСЕ доклад о преследовании журналистов")
        );
        assert_eq!(page.date.as_deref(), Some("2023-11-14T12:05:00+03:00"));
        assert_eq!(page.lang.as_deref(), Some("ru"));
        assert_eq!(page.tags, ["Правозащитники", "ОБСЕ", "журналисты"]);
        assert_eq!(page.categories, ["Права человека"]);
        assert_eq!(page.canonical_url.as_deref(), Some("/news/2023/11/14/doklad-obse.html"));
        assert_eq!(page.image, None);

        let body = page.body;
        // Russian text with an English name, a quoted phrase and one English word survives cleaning untouched.
        let expected = [
            "Представители правозащитных организаций из стран Южного Кавказа и Центральной Азии представили в Варшаве доклад о преследовании независимых журналистов, подготовленный совместно с Human Rights Watch.",
            "По словам авторов доклада, за последние два года не менее сорока журналистов были задержаны или осуждены по обвинениям в контрабанде, уклонении от уплаты налогов и экстремизме.",
            "Рекомендации участников",
            "Участники встречи призвали государства ОБСЕ освободить всех журналистов, находящихся в заключении, и отменить законы об «иностранных агентах», которые, по их мнению, используются для давления на прессу.",
            "Один из выступавших назвал происходящее словом lawfare и подчеркнул, что уголовные дела против редакций возбуждаются сразу после публикации расследований о коррупции.",
        ];
        assert_eq!(paragraphs(&body), expected);
        assert_absent(
            &body,
            &[
                "Читайте также", "Суд в Баку", "Поделиться", "Теги", "В Ереване", "Комментарии", "Очень важный доклад",
                "Оставить комментарий", "Другие новости", "политзаключённых", "Главная", "Все права защищены", "RU EN",
                "14 ноября",
            ],
        );
    }

    #[test]
    fn azerbaijani_page_without_article_element() {
        let page = extract_html(NEWS_AZ);
        assert_eq!(page.title.as_deref(), Some("Vətəndaş cəmiyyəti təşkilatları Bakıda yeni hesabat təqdim etdi"));
        assert_eq!(page.date.as_deref(), Some("2022-03-05T10:00:00+04:00"));
        assert_eq!(page.lang.as_deref(), Some("az"));
        // "İnsan hüquqları" is the same tag as "insan hüquqları".
        assert_eq!(page.tags, ["insan hüquqları", "Vətəndaş cəmiyyəti", "jurnalistlər"]);
        assert_eq!(page.categories, ["Cəmiyyət"]);
        assert_eq!(
            page.image,
            Some(ExtractedImage {
                url: "https://azadliq.example.az/uploads/2022/03/hesabat.webp".into(),
                width: Some(1024),
                height: Some(576),
            })
        );
        // The author is an @id reference to a Person node of the @graph.
        assert_eq!(page.authors, ["Aynur Həsənova"]);
        let expected = [
            "Bakıda fəaliyyət göstərən on iki vətəndaş cəmiyyəti təşkilatı jurnalistlərin və hüquq müdafiəçilərinin vəziyyətinə dair yeni hesabat təqdim edib.",
            "Hesabatda son iki ildə azadlıqdan məhrum edilmiş jurnalistlərin işləri təhlil olunur və hökumətə konkret tövsiyələr verilir.",
            "Təşkilatların nümayəndələri bildiriblər ki, hesabat ATƏT-in insan ölçüsü üzrə öhdəlikləri əsasında hazırlanıb və beynəlxalq təşkilatlara da göndəriləcək.",
            "Hesabatın müəllifləri vətəndaş cəmiyyəti ilə dövlət qurumları arasında açıq dialoqun bərpa olunmasının vacibliyini vurğulayıblar.",
        ];
        assert_eq!(paragraphs(&page.body), expected);
    }

    #[test]
    fn injected_spam_and_links_are_removed() {
        let page = extract_html(SPAM);
        assert_eq!(page.title.as_deref(), Some("A Discussion With Russian Civil Society Leaders"));
        assert_eq!(page.date.as_deref(), Some("2012-04-26"));
        assert_eq!(page.lang.as_deref(), Some("en-US"));
        assert_eq!(page.authors, ["Thomas O. Melia"]);
        assert_eq!(page.image.map(|i| i.url).as_deref(), Some("/files/2012/04/melia-meeting.png"));
        let body = page.body;
        assert_present(
            &body,
            &[
                "between our civil societies in the area of prison reform.",
                "Our meeting also covered the monitoring of places of detention by public commissions, and the access of lawyers",
                "The tragic death in 2009 of Sergei Magnitsky",
            ],
        );
        assert_absent(
            &body,
            &[
                "займ", "микрозайм", "онлайн", "карту", "кредит", "срочно", "деньги", "zp-pdl", "http", "www.",
                "press@", "BY THOMAS", "To learn more", "Why was Sergei Magnitsky arrested", "Sign petition",
            ],
        );
        assert!(body.split("\n\n").any(|p| p.ends_with("in the area of prison reform.")), "{body}");
    }

    #[test]
    fn a_sidebar_s_teaser_dates_are_not_the_page_s() {
        let page = |meta: &str| {
            extract_html(&format!(
                r#"<html lang="de"><body><main><article><header><h1>Schillerbrücke gesperrt</h1>{meta}</header>
                <p>Die Brücke wird ab Montag voll gesperrt, die Umleitung führt über den Ring und die Altstadt.</p></article>
                <aside class="more-news"><h2>Weitere Meldungen</h2><ul><li><a href="/a/">Haushalt</a> <time datetime="2025-12-11">11. Dezember 2025</time></li></ul></aside>
                </main></body></html>"#
            ))
        };
        assert_eq!(page(r#"<p class="meta">Veröffentlicht am 20. August 2025 · Pressemitteilung</p>"#).date.as_deref(), Some("2025-08-20"));
        assert_eq!(page(r#"<p class="meta">Veröffentlicht am 5. Dezember 2025</p>"#).date.as_deref(), Some("2025-12-05"));
        assert_eq!(page("").date, None, "no date of its own: not the teaser's");
    }

    #[test]
    fn every_picture_a_page_names_is_kept_in_its_order() {
        let page = extract_html(
            r#"<html><head><meta property="og:image" content="https://site.example/logo.png"><meta property="og:image:width" content="300">
            <meta property="og:image" content="https://site.example/photos/dam.jpg"><meta name="twitter:image" content="https://site.example/photos/dam.jpg">
            <meta name="twitter:image" content="https://site.example/photos/dam-2.jpg"></head><body><main><h1>Dam</h1><p>Text.</p></main></body></html>"#,
        );
        assert_eq!(page.image, Some(ExtractedImage { url: "https://site.example/logo.png".into(), width: Some(300), height: None }));
        let others: Vec<&str> = page.other_images.iter().map(|image| image.url.as_str()).collect();
        assert_eq!(others, ["https://site.example/photos/dam.jpg", "https://site.example/photos/dam-2.jpg"], "each once");
    }

    #[test]
    fn broken_html_yields_what_it_can() {
        let page = extract_html(BROKEN);
        assert_eq!(page.title.as_deref(), Some("Vilniuje vyko ESBO konferencija | Naujienos"));
        assert_eq!(page.lang.as_deref(), Some("lt"));
        assert_eq!(page.summary.as_deref(), Some("Trumpas pranešimo aprašymas"));
        // The JSON-LD block is cut off, so it gives nothing, and "plati" is no width.
        assert_eq!(page.date, None);
        assert_eq!(
            page.image,
            Some(ExtractedImage { url: "https://naujienos.example.lt/img/konferencija.jpg".into(), width: None, height: None })
        );
        assert_present(&page.body, &["Vilniuje vyko ESBO pilietinės visuomenės konferencija", "Dalyviai aptarė žmogaus teisių padėtį"]);
        assert_absent(&page.body, &["Daugiau naujienų", "Komentarai"]);
    }

    #[test]
    fn garbage_never_panics() {
        // Deep enough to overflow a test thread's stack if the tree were walked without a depth limit; much
        // deeper only measures html5ever, whose parse time grows with the square of the nesting.
        let deep = format!("{}text at the bottom{}", "<div><span>".repeat(3_000), "</span></div>".repeat(3));
        let inputs = [
            String::new(),
            "<<<>>>".to_string(),
            "\0\u{1}<p\0>".to_string(),
            "<html><head><title>".to_string(),
            "<script type=\"application/ld+json\">{\"@graph\": [[[[[]]]]], \"@type\": 5}</script>".to_string(),
            "<meta property=\"og:image\" content=\"x\"><meta property=\"og:image:width\" content=\"99999999999\">".to_string(),
            "<p>".repeat(5_000),
            deep,
        ];
        for input in &inputs {
            let page = extract_html(input);
            assert!(page.body.len() <= input.len());
        }
        assert_eq!(extract_text(""), ExtractedPage::default());
        assert_eq!(extract_text("\n\n  \n"), ExtractedPage::default());
    }

    #[test]
    fn teaser_articles_do_not_win_over_the_real_content() {
        let long = "The commission published its annual report on the situation of human rights defenders in the region. ".repeat(6);
        let html = format!(
            "<html><body><div class=\"page\"><h1>Annual report</h1><div class=\"text\"><p>{long}</p><p>{long}</p></div>\
             <div class=\"more\"><article><h3><a href=\"/a\">Other story</a></h3><p>Short teaser.</p></article></div></div></body></html>"
        );
        let page = extract_html(&html);
        assert_eq!(page.title.as_deref(), Some("Annual report"));
        assert!(page.body.starts_with("The commission published"), "{}", page.body);
        assert_absent(&page.body, &["Short teaser", "Other story"]);
    }

    #[test]
    fn chrome_sounding_wrappers_keep_the_article() {
        let paras = [
            "Human rights defenders from the region met in Vienna to discuss the protection of journalists and lawyers.",
            "The meeting was organised by a coalition of twelve organisations working across the OSCE region.",
            "Participants agreed to publish a joint statement and to meet again in the autumn in Warsaw.",
        ];
        let [a, b, c] = paras;
        let html = format!(
            "<html><body><article><div class=\"js-comments-enabled post-sidebar-layout\"><div class=\"entry-content\">\
             <p>{a}</p><p>{b}</p><p>{c}</p></div></div>\
             <div class=\"comments-area\"><p>What a great initiative, thank you all for the hard work on this important issue.</p></div>\
             </article></body></html>"
        );
        let body = extract_html(&html).body;
        assert_eq!(paragraphs(&body), paras);
    }

    #[test]
    fn wordpress_classes_and_comment_articles_do_not_hide_the_post() {
        let para = |n: usize| {
            format!("Paragraph {n} of the statement: the coalition of human rights organisations calls on the authorities to release the detained journalists.")
        };
        let comment = "I fully agree with this statement and I hope that the authorities will listen to the coalition this time, because the journalists have been in detention for far too long already.";
        let html = format!(
            "<html><body class=\"single-post has-sidebar tag-osce\"><div id=\"page\" class=\"site-content with-sidebar\">\
             <div class=\"post-123 post type-post hentry category-news tag-osce tag-azerbaijan\">\
             <h1>Coalition statement</h1><div class=\"entry\"><p>{}</p><p>{}</p><p>{}</p></div>\
             <div class=\"tags-links\"><a href=\"/t/1\">OSCE</a> <a href=\"/t/2\">Azerbaijan</a></div></div>\
             <ol class=\"commentlist\"><li><article class=\"comment-body\"><p>{comment}</p><p>{comment}</p></article></li></ol>\
             <div class=\"sidebar\"><p>{comment}</p></div></div></body></html>",
            para(1),
            para(2),
            para(3)
        );
        let page = extract_html(&html);
        assert_eq!(page.title.as_deref(), Some("Coalition statement"));
        assert_eq!(paragraphs(&page.body), [para(1), para(2), para(3)]);
    }

    #[test]
    fn br_separated_pages_of_older_sites() {
        let page = extract_html(include_str!("../../../tests/fixtures/pages/old-site-br-ru.html"));
        assert_eq!(page.date.as_deref(), Some("2015-03-12"));
        assert_eq!(
            paragraphs(&page.body),
            [
                "Суд оставил в силе приговор правозащитнику",
                "Апелляционный суд оставил в силе приговор известному правозащитнику, осуждённому к пяти годам лишения свободы по обвинению в мошенничестве.",
                "Защита намерена обжаловать решение в Верховном суде и направить жалобу в Европейский суд по правам человека, сообщил адвокат.",
                "По мнению правозащитных организаций, уголовное дело было возбуждено в связи с его общественной деятельностью.",
            ]
        );

        let page = extract_html(include_str!("../../../tests/fixtures/pages/cms-br-ru.html"));
        assert_eq!(page.title.as_deref(), Some("В Баку задержан журналист"));
        assert_eq!(page.date.as_deref(), Some("2023-11-14"));
        assert_eq!(paragraphs(&page.body).len(), 3, "{}", page.body);
        assert!(page.body.starts_with("В Баку полиция задержала независимого журналиста"));
        assert_absent(&page.body, &["Поделиться", "Возврат к списку", "Все права защищены", "VK"]);
    }

    #[test]
    fn feed_fragments_wrapped_in_article() {
        let page = extract_html("<article><p>Short item.</p></article>");
        assert_eq!(page.body, "Short item.");
        let page = extract_html(
            "<article><p>The court extended the arrest of two journalists, <a href=\"https://x.example/a\">reports</a> say.</p>\
             <p><a href=\"/more\">Read more</a></p></article>",
        );
        assert_eq!(page.body, "The court extended the arrest of two journalists, reports say.");
    }

    #[test]
    fn a_tag_page_of_headings_and_dates_gives_its_teasers_links() {
        // The cookie notice has more prose than the teasers, so it is taken for the page's text; the links of the
        // page's `main` still tell a listing.
        let page = extract_html(
            "<html><head><title>Тег: зерно — Вісті Дня</title></head><body>\
             <div class=\"cookie-banner\"><p>Ми використовуємо файли cookie, щоб покращити роботу сайту. Продовжуючи перегляд, ви погоджуєтеся з політикою конфіденційності.</p><button>Так</button></div>\
             <header><nav><ul><li><a href=\"/\">Головна</a></li><li><a href=\"/section/economy.html\">Економіка</a></li></ul></nav></header>\
             <main><h1>Тег: зерно</h1><div class=\"teaser\"><h2><a href=\"/news/a.html\">Порти відвантажили рекорд</a></h2><span class=\"date\">9 жовтня 2025</span></div>\
             <div class=\"teaser\"><h2><a href=\"/news/b.html\">Аграрії завершили жнива</a></h2><span class=\"date\">25 вересня 2025</span></div></main>\
             <footer><p>© 2025 ТОВ «Вісті Дня». Усі права захищено. Використання матеріалів дозволяється лише за умови гіперпосилання на сайт.</p></footer></body></html>",
        );
        assert_eq!(page.links, ["/news/a.html", "/news/b.html"]);
    }

    #[test]
    fn a_cookie_notice_is_never_a_short_articles_text() {
        let notice = "<div class=\"cookie-banner\"><p>Šioje svetainėje naudojami slapukai. Naršydami toliau sutinkate su privatumo politika ir slapukų naudojimu mūsų svetainėje.</p><button>Sutinku</button></div>";
        let page = extract_html(&format!(
            "<html><body>{notice}<main><h1>Trumpa žinia</h1><p>Vilniuje atidarytas naujas tiltas per Nerį.</p></main></body></html>"
        ));
        assert_eq!(page.body, "Vilniuje atidarytas naujas tiltas per Nerį.");
        // A page that marks its whole body while the notice shows keeps its text.
        let marked = extract_html(&format!(
            "<html><body class=\"cookies-not-set\"><div class=\"gdpr-wrap\"><h1>Trumpa žinia</h1><p>Vilniuje atidarytas naujas tiltas per Nerį, pranešė savivaldybė.</p></div>{notice}</body></html>"
        ));
        assert_eq!(marked.body, "Vilniuje atidarytas naujas tiltas per Nerį, pranešė savivaldybė.");
    }

    #[test]
    fn an_og_title_that_is_the_sites_name_gives_way_to_the_headline() {
        let page = extract_html(
            "<html><head><title>Ціни на пшеницю зросли — Вісті Дня</title><meta property=\"og:title\" content=\"Вісті Дня\">\
             <meta property=\"og:site_name\" content=\"Вісті Дня\"></head><body><article><h1>Ціни на пшеницю зросли</h1>\
             <p>Ціни на пшеницю в портах зросли після дощів у Європі, повідомили трейдери.</p></article></body></html>",
        );
        assert_eq!(page.title.as_deref(), Some("Ціни на пшеницю зросли"));
    }

    #[test]
    fn an_articles_json_ld_headline_is_its_title_where_the_page_has_no_other() {
        let page = |ld: &str| {
            extract_html(&format!(
                "<html><head><title>Press releases | Ministry of Energy</title><script type=\"application/ld+json\">{ld}</script></head>\
                 <body><main><p class=\"release-headline\"><strong>Ministry launches first offshore wind tender</strong></p>\
                 <p>The Ministry of Energy today opened the country's first competitive tender for offshore wind farms.</p></main></body></html>"
            ))
        };
        let release = page(r#"{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ministry launches first offshore wind tender","datePublished":"2026-03-02T10:00:00+04:00"}"#);
        assert_eq!(release.title.as_deref(), Some("Ministry launches first offshore wind tender"));
        assert_eq!(release.headline.as_deref(), Some("Ministry launches first offshore wind tender"), "the page's own headline, when the site's titles repeat");
        // A `name` of an object that is not an article (the web page's, the site's) is no headline.
        let web_page = page(r#"{"@type":"WebPage","name":"Press releases","datePublished":"2026-03-02"}"#);
        // (It still confirms the site's suffix, which `<title>` then loses.)
        assert_eq!(web_page.title.as_deref(), Some("Press releases"));
    }

    #[test]
    fn teasers_whose_links_are_in_their_own_headers_link_from_the_content() {
        // A Hugo theme's tag page: each teaser an `article` whose headline link is in the article's `header`.
        let teaser = |i: usize| {
            format!(
                "<article class=\"post-entry\"><header class=\"entry-header\"><h2><a href=\"/posts/story-{i}/\">Story {i} of the week</a></h2></header>\
                 <div class=\"entry-content\"><p>The first lines of story {i}, cut short as an excerpt is…</p></div>\
                 <footer class=\"entry-footer\"><span>2024-06-1{i}</span></footer></article>"
            )
        };
        let page = extract_html(&format!(
            "<html><body><header class=\"header\"><nav><a href=\"/\">Home</a><a href=\"/tags/\">Tags</a></nav></header>\
             <main class=\"main\"><h1>Tag: basketball</h1>{}</main><footer><a href=\"/about/\">About</a></footer></body></html>",
            (1..=4).map(teaser).collect::<String>()
        ));
        assert_eq!(page.links, ["/posts/story-1/", "/posts/story-2/", "/posts/story-3/", "/posts/story-4/"]);
    }

    #[test]
    fn a_table_layouts_footer_cell_is_not_a_short_items_text() {
        // An old CMS: the item is two lines joined by <br>; the footer cell's address has as many words.
        let page = extract_html(
            "<html><body><table><tr><td class=\"header\"><h1>Sabirabad District Executive Power</h1></td></tr>\
             <tr><td class=\"content\"><h2 class=\"newstitle\">Asphalt laying under way on Sabirabad–Saatly road</h2>\
             <div class=\"newstext\">New asphalt is being laid on the Sabirabad–Saatly highway.<br>Drainage pipes and new road signs are \
             being installed.<br></div></td></tr>\
             <tr><td class=\"footer\"><font size=\"1\">Address: AZ4300, Sabirabad city, 21 Heydar Aliyev avenue. Phone: (+994 21) \
             432-12-34, fax (+994 21) 432-12-35<br>© 2008-2025 Sabirabad District Executive Power.</font></td></tr></table></body></html>",
        );
        assert!(page.body.contains("New asphalt") && !page.body.contains("AZ4300"), "{}", page.body);
        assert_eq!(page.subheading.as_deref(), Some("Asphalt laying under way on Sabirabad–Saatly road"));
    }

    #[test]
    fn wordpress_category_links_name_categories_and_tag_links_tags() {
        let page = extract_html(
            "<html><body><article><header><div class=\"cat-links\"><a href=\"/lt/category/naujienos/\" rel=\"category tag\">Naujienos</a>, \
             <a href=\"/lt/category/lygybe/\" rel=\"category tag\">Lygybė</a></div><h1>Kovo 8-ąją Kaune prabilo moterys</h1></header>\
             <p>Šeštadienį Kauno Vienybės aikštėje susirinko apie 600 žmonių, o keturios moterys papasakojo savo istorijas.</p>\
             <footer>Kategorija <a href=\"/lt/category/naujienos/\" rel=\"category tag\">Naujienos</a> Žymos <a href=\"/lt/tag/lietuva/\" rel=\"tag\">Lietuva</a></footer>\
             </article></body></html>",
        );
        assert_eq!(page.categories, ["Naujienos", "Lygybė"]);
        assert_eq!(page.tags, ["Lietuva"]);
    }

    #[test]
    fn a_category_page_of_one_teaser_without_an_excerpt_links_to_it() {
        // WordPress's category page whose one post has no excerpt: the longest text is the screen-reader words of
        // its "Continue reading" link, the post's title.
        let page = extract_html(
            "<html><body><main class=\"site-main\"><header class=\"page-header\"><h1>Category: Press releases</h1></header>\
             <article class=\"post type-post hentry\"><div class=\"post-thumbnail\"><a href=\"/2025/06/02/statement/\"><img src=\"/logo.png\" alt=\"\"></a></div>\
             <header class=\"entry-header\"><h2 class=\"entry-title\"><a href=\"/2025/06/02/statement/\">Press release: joint statement of 60 NGOs</a></h2>\
             <div class=\"entry-meta\"><time datetime=\"2025-06-02\">June 2, 2025</time> Maria Lindqvist</div></header>\
             <div class=\"entry-summary\"><p> […]</p></div><a class=\"more-link\" href=\"/2025/06/02/statement/\">Continue reading\
             <span class=\"screen-reader-text\"> \"Press release: joint statement of 60 NGOs\"</span></a></article></main>\
             <footer><a href=\"/about/\">About</a></footer></body></html>",
        );
        assert_eq!(page.links, ["/2025/06/02/statement/"]);
    }

    #[test]
    fn a_related_posts_box_in_any_language_gives_no_links_of_the_content() {
        // Jetpack's box, headed in the site's language, whose class names it ("jp-relatedposts"); and a box with a
        // plain class headed "Susiję įrašai" ("related posts").
        let post = |i: usize| format!("<div class=\"jp-relatedposts-post\"><h4><a href=\"/lt/{i}/\">Įrašas {i}</a></h4><p>2025 m. kovo {i} d.</p></div>");
        let text = "<p>Šeštadienį Kauno Vienybės aikštėje susirinko apie 600 žmonių į moterų krizių centrų surengtas eitynes, o keturios moterys papasakojo savo istorijas.</p>";
        for (class, heading) in [("jp-relatedposts", "<em>Panašūs</em>"), ("box", "Susiję įrašai")] {
            let page = extract_html(&format!(
                "<html><body><main><article><h1>Kovo 8-ąją Kaune prabilo moterys</h1><div class=\"entry-content\">{text}{text}\
                 <p>Skaitykite <a href=\"/lt/ataskaita/\">ataskaitą</a>.</p>\
                 <div class=\"{class}\"><h3>{heading}</h3>{}</div></div></article></main></body></html>",
                (1..=3).map(post).collect::<String>()
            ));
            assert_eq!(page.links, ["/lt/ataskaita/"], "{class}");
        }
    }

    #[test]
    fn a_page_of_teasers_marked_up_as_articles_is_read_whole() {
        let teaser = |i: usize| {
            format!(
                "<article class=\"teaser\"><h2><a href=\"/news/{i}.html\">Story {i} of the week</a></h2>\
                 <p>The first lines of story {i}, cut short as an excerpt is, with enough words to look like prose here…</p>\
                 <a class=\"more\" href=\"/news/{i}.html\">Read more</a></article>"
            )
        };
        let listing = format!("<html><body><main><h1>Author: A. Writer</h1>{}</main></body></html>", (0..5).map(teaser).collect::<String>());
        let page = extract_html(&listing);
        assert_eq!(page.links.len(), 5, "every teaser's link, for telling a listing: {:?}", page.links);
        assert!(page.body.contains("story 0") && page.body.contains("story 4"), "{}", page.body);
        // An article with a few related-story teasers below it is still the one article.
        let story = "<p>The council voted on Tuesday to close the old bridge for repairs that will take most of the year.</p>".repeat(6);
        let article = format!("<html><body><main><article><h1>Bridge closes</h1>{story}</article>{}</main></body></html>", (0..3).map(teaser).collect::<String>());
        let page = extract_html(&article);
        assert!(page.body.starts_with("The council voted") && !page.body.contains("story 1"), "{}", page.body);
    }

    #[test]
    fn boxes_headed_comments_or_most_read_are_not_the_article_whatever_their_class() {
        // The readers' comments outweigh a short article, in a box whose class is in the site's language.
        let html = "<html lang=\"lt\"><body><div class=\"content\"><h1>Nemuno potvynis apsėmė Rusnės salą</h1>\
            <time datetime=\"2024-02-20\">vasario 20 d.</time><div class=\"text\"><p>Ledų sangrūdos Nemuno žemupyje sukėlė potvynį: \
            Rusnės sala atskirta nuo žemyno, vanduo apsėmė kelią į Šilutę.</p><p>Šilutės rajono meras paskelbė ekstremaliąją situaciją.</p></div></div>\
            <div class=\"skaitomiausi\"><h3>Skaitomiausi</h3><ul><li><a href=\"/a1.html\">Vilniaus oro uoste atidarytas naujas terminalas</a></li></ul></div>\
            <div class=\"komentarai\"><h3>Komentarai (3)</h3><p><b>Jonas</b>: O kas mokės už visa tai? Vėl mokesčių mokėtojai. Valdžia tik švaisto \
            pinigus, niekas nesikeičia, kaip buvo taip ir bus.</p><p><b>Ona</b>: Pritariu, mokesčiai vis didėja, o atlyginimai ne. Reikia keisti \
            valdžią per rinkimus.</p><p><b>Svečias</b>: Mokesčių reforma sugriaus smulkų verslą, ir niekas to nesustabdys.</p></div></body></html>";
        let page = extract_html(html);
        assert!(page.body.starts_with("Ledų sangrūdos") && page.body.contains("ekstremaliąją"), "{}", page.body);
        assert!(!page.body.contains("Jonas") && !page.body.contains("mokesčių") && !page.body.contains("terminalas"), "{}", page.body);
    }

    #[test]
    fn comments_label_under_the_headline_does_not_end_the_article() {
        let text = "Kerry meets activists\nComments (3)\n\nSecretary Kerry met civil society activists from Europe and Central Asia in Basel on Thursday.\n\nComments (3)\nGreat news, thank you for this report on the meeting in Basel with the activists.\n";
        let page = extract_text(text);
        assert_eq!(page.title.as_deref(), Some("Kerry meets activists"));
        assert_eq!(page.body, "Secretary Kerry met civil society activists from Europe and Central Asia in Basel on Thursday.");
    }
}
