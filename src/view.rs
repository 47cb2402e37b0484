//! The view model: what the panel shows, decided in pure code so the DOM layer only copies it into nodes.
//!
//! It picks related and "More news" articles with the shared ranking, localises labels, drops links whose URL
//! is not http(s) after resolution, and adds UTM parameters.

use crate::date::parse_iso8601;
use crate::lang;
use crate::manifest::Article;
use crate::options::WidgetOptions;
use crate::rank::{Index, Query};
use crate::text;
use crate::url::{check_url, is_http_url, with_query_params, ResolvedUrl};

/// Localised texts of the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels {
    pub related: &'static str,
    pub more_news: &'static str,
    pub loading: &'static str,
}

const LABELS: &[(&str, Labels)] = &[
    ("en", Labels { related: "Related articles", more_news: "More news", loading: "Loading related articles…" }),
    ("ru", Labels { related: "Похожие материалы", more_news: "Другие новости", loading: "Загрузка похожих материалов…" }),
    ("az", Labels { related: "Oxşar məqalələr", more_news: "Digər xəbərlər", loading: "Oxşar məqalələr yüklənir…" }),
    ("lt", Labels { related: "Susiję straipsniai", more_news: "Daugiau naujienų", loading: "Įkeliami susiję straipsniai…" }),
    ("uk", Labels { related: "Схожі матеріали", more_news: "Інші новини", loading: "Завантаження схожих матеріалів…" }),
    ("tr", Labels { related: "İlgili makaleler", more_news: "Diğer haberler", loading: "İlgili makaleler yükleniyor…" }),
    ("de", Labels { related: "Ähnliche Artikel", more_news: "Weitere Nachrichten", loading: "Ähnliche Artikel werden geladen…" }),
    ("fr", Labels { related: "Articles similaires", more_news: "Plus d’actualités", loading: "Chargement des articles similaires…" }),
    ("es", Labels { related: "Artículos relacionados", more_news: "Más noticias", loading: "Cargando artículos relacionados…" }),
    ("ar", Labels { related: "مقالات ذات صلة", more_news: "مزيد من الأخبار", loading: "جارٍ تحميل المقالات ذات الصلة…" }),
    ("he", Labels { related: "כתבות קשורות", more_news: "עוד חדשות", loading: "טוען כתבות קשורות…" }),
    ("fa", Labels { related: "مطالب مرتبط", more_news: "اخبار بیشتر", loading: "در حال بارگذاری مطالب مرتبط…" }),
    ("ur", Labels { related: "متعلقہ مضامین", more_news: "مزید خبریں", loading: "متعلقہ مضامین لوڈ ہو رہے ہیں…" }),
];

/// Labels for a language tag, English when the language has none.
pub fn labels(lang: &str) -> &'static Labels {
    let primary = lang::primary(lang);
    LABELS.iter().find(|(l, _)| *l == primary).map_or(&LABELS[0].1, |(_, labels)| labels)
}

/// A picture to show beside a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageView {
    pub src: String,
    pub size: Option<(u32, u32)>,
}

/// One link of the panel.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkView {
    pub id: String,
    pub href: String,
    pub external: bool,
    pub title: String,
    /// ISO 8601 as in the manifest, for `<time datetime>`.
    pub date: Option<String>,
    /// Milliseconds since the epoch, for `Intl.DateTimeFormat`, and whether the date has no time of day.
    pub date_millis: Option<(f64, bool)>,
    pub summary: Option<String>,
    pub image: Option<ImageView>,
    /// Similarity score (0 for "More news").
    pub score: f32,
    /// 1-based position within its list.
    pub position: u32,
    /// Language of the article, when it differs from the panel's.
    pub lang: Option<String>,
}

/// Everything the panel shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelView {
    pub lang: String,
    pub rtl: bool,
    pub heading: String,
    pub more_heading: String,
    pub related: Vec<LinkView>,
    pub more: Vec<LinkView>,
}

impl PanelView {
    pub fn is_empty(&self) -> bool {
        self.related.is_empty() && self.more.is_empty()
    }
}

/// Makes a link from an article, or `None` when its URL does not resolve to http(s).
fn link_view(
    article: &Article,
    position: usize,
    score: f32,
    options: &WidgetOptions,
    panel_lang: &str,
    resolve: &dyn Fn(&str) -> Option<ResolvedUrl>,
) -> Option<LinkView> {
    let resolved = resolve(&article.url)?;
    if !is_http_url(&resolved.href) {
        return None;
    }
    let image = article
        .image
        .as_ref()
        .filter(|_| options.images)
        .filter(|image| check_url(image.url()).is_ok())
        .and_then(|image| {
            let src = resolve(image.url())?.href;
            is_http_url(&src).then(|| ImageView { src, size: image.size() })
        });
    let date_millis = article
        .date
        .as_deref()
        .and_then(|d| parse_iso8601(d).ok())
        .map(|t| (t.unix_seconds as f64 * 1000.0, t.date_only));
    let lang = article
        .lang
        .clone()
        .filter(|l| !lang::same_language(l, panel_lang));
    Some(LinkView {
        id: article.id.clone(),
        href: with_query_params(&resolved.href, &options.utm),
        external: resolved.external,
        title: article.title.clone(),
        date: article.date.clone(),
        date_millis,
        summary: article
            .summary
            .as_deref()
            .filter(|_| options.summaries)
            .map(|s| text::truncate_chars(s, 180).into_owned()),
        image,
        score,
        position: u32::try_from(position + 1).unwrap_or(u32::MAX),
        lang,
    })
}

/// Builds the panel for `query`: related articles by the shared ranking, then "More news" when fewer than the
/// limit were found. `panel_lang` is the language of the labels.
pub fn build_panel(
    index: &Index,
    query: &Query,
    options: &WidgetOptions,
    panel_lang: &str,
    resolve: &dyn Fn(&str) -> Option<ResolvedUrl>,
) -> PanelView {
    let config = &options.ranking;
    let ranked = index.related(query, config);
    let related: Vec<LinkView> = ranked
        .iter()
        .filter_map(|r| index.article(r.article).map(|a| (a, r.score)))
        .enumerate()
        .filter_map(|(i, (article, score))| link_view(article, i, score, options, panel_lang, resolve))
        .collect();
    let wanted_more = if related.len() < config.limit {
        options.more_news.unwrap_or(config.limit - related.len())
    } else {
        0
    };
    let taken: Vec<usize> = ranked.iter().map(|r| r.article).collect();
    let more: Vec<LinkView> = index
        .latest(query, config, &taken, wanted_more)
        .into_iter()
        .filter_map(|position| index.article(position))
        .enumerate()
        .filter_map(|(i, article)| link_view(article, i, 0.0, options, panel_lang, resolve))
        .collect();
    let labels = labels(panel_lang);
    PanelView {
        lang: panel_lang.to_string(),
        rtl: lang::is_rtl(panel_lang),
        heading: options.heading.clone().unwrap_or_else(|| labels.related.to_string()),
        more_heading: options.more_heading.clone().unwrap_or_else(|| labels.more_news.to_string()),
        related,
        more,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::parse_str;
    use crate::options::parse_options;
    use crate::rank::FieldWeights;

    const SITE: &str = r#"{"version":1,"site":{"lang":"en"},"articles":[
        {"id":"a","url":"/a","title":"Flood in Valencia","date":"2024-10-30","keywords":["flood","valencia"]},
        {"id":"b","url":"https://other.example/b","title":"Valencia flood toll","date":"2024-10-31","keywords":["flood","valencia"],
         "summary":"The toll rises.","image":{"url":"/b.jpg","width":640,"height":360}},
        {"id":"c","url":"/c","title":"Election results","date":"2024-11-05","keywords":["election"]},
        {"id":"d","url":"/d","title":"Cup final","date":"2024-11-04","keywords":["football"],"image":"javascript:alert(1)"}
    ]}"#;

    fn resolve(url: &str) -> Option<ResolvedUrl> {
        if url.starts_with("http") {
            Some(ResolvedUrl { href: url.to_string(), external: !url.starts_with("https://site.example") })
        } else {
            Some(ResolvedUrl { href: format!("https://site.example{url}"), external: false })
        }
    }

    fn panel(extra: &[(&str, &str)], id: &str) -> PanelView {
        let index = Index::build(parse_str(SITE).expect("fixture").manifest, FieldWeights::default(), &|u| {
            resolve(u).map(|r| r.href).unwrap_or_default()
        });
        let mut pairs = vec![("manifest", "/m.json")];
        pairs.extend_from_slice(extra);
        let (options, _) = parse_options(pairs).expect("options");
        let query = index.query_for(index.find(id).expect("id")).expect("query");
        build_panel(&index, &query, &options, "en", &resolve)
    }

    #[test]
    fn related_then_more_news_up_to_the_limit() {
        let view = panel(&[], "a");
        assert_eq!(view.heading, "Related articles");
        let related: Vec<_> = view.related.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(related, ["b"]);
        let more: Vec<_> = view.more.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(more, ["c", "d"], "newest first, fills up to the limit");
        let b = &view.related[0];
        assert!(b.external);
        assert_eq!(b.position, 1);
        assert!(b.score > 0.0);
        assert_eq!(b.image, Some(ImageView { src: "https://site.example/b.jpg".into(), size: Some((640, 360)) }));
        assert_eq!(view.more[1].image, None, "a javascript: picture is never shown");
        assert_eq!(view.more[1].position, 2);
    }

    #[test]
    fn more_news_count_limit_and_heading_options() {
        assert_eq!(panel(&[("more-news", "1")], "a").more.len(), 1);
        assert_eq!(panel(&[("more-news", "0")], "a").more.len(), 0);
        assert_eq!(panel(&[("limit", "1")], "a").more.len(), 0, "no more news when the related list is full");
        assert_eq!(panel(&[("heading", "Read next")], "a").heading, "Read next");
        assert_eq!(panel(&[("more-heading", "Latest")], "a").more_heading, "Latest");
        // The right-to-left languages the panel lays out have their labels.
        for (lang, related) in [("he", "כתבות קשורות"), ("fa-IR", "مطالب مرتبط"), ("ur", "متعلقہ مضامین")] {
            assert_eq!(labels(lang).related, related, "{lang}");
        }
    }

    #[test]
    fn utm_parameters_are_added_to_links() {
        let view = panel(&[("utm-source", "related news"), ("utm-medium", "widget")], "a");
        assert_eq!(view.related[0].href, "https://other.example/b?utm_source=related%20news&utm_medium=widget");
    }

    #[test]
    fn non_http_links_are_dropped_after_resolution() {
        let index = Index::build(parse_str(SITE).expect("fixture").manifest, FieldWeights::default(), &|u| u.to_string());
        let (options, _) = parse_options([("manifest", "/m.json")]).expect("options");
        let query = index.query_for(0).expect("query");
        let hostile = |url: &str| Some(ResolvedUrl { href: format!("data:text/html,{url}"), external: true });
        assert!(build_panel(&index, &query, &options, "en", &hostile).is_empty());
    }

    #[test]
    fn labels_and_direction() {
        assert_eq!(labels("ru-RU").related, "Похожие материалы");
        assert_eq!(labels("az").more_news, "Digər xəbərlər");
        assert_eq!(labels("xx").related, "Related articles");
        assert_eq!(labels("").related, "Related articles");
    }
}
