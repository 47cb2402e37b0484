//! Where the article is on an HTML page and its text: whole chrome elements (navigation, forms, share bars,
//! sidebars, link lists) are left out, the element that holds the article is found by how much prose it holds,
//! and a walker turns it into blocks for the line filter.

use scraper::{ElementRef, Html, Node};

use super::chrome::{line_key, Block, BlockKind, END_PHRASES, SECTION_PHRASES};
use super::prose::visible_chars;
use crate::text;

pub(super) const DROP_TAGS: &[&str] = &[
    "nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template", "iframe", "svg",
    "button", "select", "input", "textarea", "object", "embed", "canvas", "map", "video", "audio", "dialog",
    "menu", "label", "option", "datalist", "head", "title", "meta", "link", "base", "math",
];

/// Elements whose start and end break the text into paragraphs.
pub(super) const BLOCK_TAGS: &[&str] = &[
    "address", "article", "blockquote", "center", "dd", "details", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr", "li", "main", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "thead", "tfoot", "tr", "ul", "caption", "body", "html",
];

pub(super) const CHROME_ROLES: &[&str] =
    &["navigation", "complementary", "banner", "contentinfo", "search", "menu", "menubar", "dialog", "alertdialog"];

/// Words that, as a part of a class or id, mark an element as chrome.
pub(super) const CHROME_TOKENS: &[&str] = &[
    "footer", "comment", "comments", "disqus", "respond", "share", "shares", "sharing", "sharethis", "addthis", "social",
    "socials", "subscribe", "subscription", "newsletter", "related", "sidebar", "menu", "submenu", "megamenu",
    "breadcrumb", "breadcrumbs", "crumbs", "tags", "tagcloud", "taglist", "cookie", "cookies", "consent", "gdpr",
    "advert", "advertisement", "adverts", "ads", "ad", "adsense", "sponsored", "promo", "promotion", "pagination",
    "pager", "paging", "author", "bio", "authorbio", "byline", "meta", "widget", "widgets", "toolbar", "popup",
    "modal", "banner", "nav", "navbar", "navigation", "masthead", "recommended", "popular", "trending",
    "outbrain", "taboola", "skip", "credit", "credits", "sources", "license", "licence", "copyright", "attribution",
];

/// Chrome words also recognised at the start of a class, or of one of its parts, run together ("relatedposts",
/// "socialshare", Jetpack's "jp-relatedposts").
pub(super) const CHROME_STEMS: &[&str] =
    &["related", "social", "sidebar", "newsletter", "breadcrumb", "subscribe", "pagination", "advert", "sharebar"];

/// Whole class names used to hide text from sight.
pub(super) const HIDDEN_CLASSES: &[&str] =
    &["sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screen-reader", "hidden", "d-none"];

/// "tag" alone is no chrome word: WordPress marks the post itself with "tag-osce" for each of its tags.
pub(super) const TAG_BLOCK_WORDS: &[&str] = &["list", "links", "cloud", "box", "block", "wrap", "wrapper", "container", "bar"];

pub(super) const LANGUAGE_WORDS: &[&str] = &["lang", "langs", "language", "languages"];
pub(super) const SWITCHER_WORDS: &[&str] = &[
    "switch", "switcher", "select", "selector", "menu", "list", "links", "bar", "chooser", "picker", "nav", "dropdown",
];

/// Splits a class or id into lower-case word parts: "postComments-box" gives ["post", "comments", "box"] and
/// "ya-share2" gives ["ya", "share", "2"].
pub(super) fn class_tokens(item: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in item.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        let boundary = (c.is_uppercase() && previous_lower)
            || current.chars().last().is_some_and(|p| p.is_ascii_digit() != c.is_ascii_digit());
        if boundary && !current.is_empty() {
            tokens.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ClassVerdict {
    Content,
    Chrome,
    /// Comments: chrome even when they outweigh the article.
    Comments,
}

pub(super) fn class_verdict(el: &ElementRef<'_>) -> ClassVerdict {
    let value = el.value();
    let mut verdict = ClassVerdict::Content;
    let items = value.classes().map(|c| c.to_string()).chain(value.id().map(str::to_string));
    for item in items {
        let lower = item.to_ascii_lowercase();
        if HIDDEN_CLASSES.contains(&lower.as_str()) {
            return ClassVerdict::Chrome;
        }
        let tokens = class_tokens(&item);
        let has = |set: &[&str]| tokens.iter().any(|t| set.contains(&t.as_str()));
        if has(&["comment", "comments", "disqus", "respond"]) || lower.ends_with("comments") {
            return ClassVerdict::Comments;
        }
        let joined: String = tokens.concat();
        if has(CHROME_TOKENS)
            || CHROME_STEMS.iter().any(|s| joined.starts_with(s) || tokens.iter().any(|t| t.starts_with(s)))
            || (has(LANGUAGE_WORDS) && (has(SWITCHER_WORDS) || tokens.len() == 1))
            || (has(&["tag"]) && (has(TAG_BLOCK_WORDS) || tokens.len() == 1))
        {
            verdict = ClassVerdict::Chrome;
        }
    }
    verdict
}

/// What an element is by the heading it opens with, whatever its class is named in: a box headed "Comments (3)",
/// "Komentarai", "Комментарии" is the comments, one headed "Most read", "Skaitomiausi", "Читайте также" a list of
/// links. A class in the site's own language ("komentarai") says nothing to [`class_verdict`], and the readers'
/// comments below a short article hold more prose than the article (a new-user trial's Lithuanian page was read
/// as its comments).
pub(super) fn heading_verdict(el: &ElementRef<'_>) -> ClassVerdict {
    let Some(first) = el.children().filter_map(ElementRef::wrap).next() else { return ClassVerdict::Content };
    if !matches!(first.value().name(), "h2" | "h3" | "h4" | "h5" | "h6") {
        return ClassVerdict::Content;
    }
    let key = line_key(&element_text(first));
    if END_PHRASES.contains(&key.as_str()) {
        ClassVerdict::Comments
    } else if SECTION_PHRASES.contains(&key.as_str()) {
        ClassVerdict::Chrome
    } else {
        ClassVerdict::Content
    }
}

/// Class and id words of a site's cookie or consent notice.
const NOTICE_CLASS_WORDS: &[&str] = &["cookie", "cookies", "consent", "gdpr"];

/// Hidden from readers or structurally not content, whatever the class says.
pub(super) fn is_structural_chrome(el: &ElementRef<'_>) -> bool {
    let value = el.value();
    if DROP_TAGS.contains(&value.name()) {
        return true;
    }
    // A cookie or consent notice is never a wrapper of the article, however much of a short page's text it holds
    // (its 20 words outweighed a one-line article, which lost its text to it). Pages that mark the whole page while
    // the notice shows (`<body class="cookies-not-set">`) keep their page: only a box without the headline counts.
    let notice = !is_page_element(el)
        && value.classes().chain(value.id()).flat_map(class_tokens).any(|t| NOTICE_CLASS_WORDS.contains(&t.as_str()))
        && !el.descendent_elements().any(|e| e.value().name() == "h1");
    if notice {
        return true;
    }
    if value.attr("role").is_some_and(|r| CHROME_ROLES.contains(&r.trim().to_ascii_lowercase().as_str())) {
        return true;
    }
    let aria_hidden = value.attr("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    if value.attr("hidden").is_some() || aria_hidden {
        return true;
    }
    value.attr("style").is_some_and(|style| {
        let style: String = style.to_ascii_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// How much text an element holds, and how much of it is link text.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Measure {
    pub(super) chars: usize,
    pub(super) link_chars: usize,
    pub(super) links: usize,
}

impl Measure {
    pub(super) fn prose(&self) -> usize {
        self.chars.saturating_sub(self.link_chars)
    }
}

/// Deeper nesting than this is not read: real pages never get there, and garbage must not exhaust the stack.
pub(super) const MAX_DEPTH: usize = 200;

pub(super) fn measure(el: ElementRef<'_>) -> Measure {
    let mut m = Measure::default();
    measure_into(el, false, 0, &mut m);
    m
}

pub(super) fn measure_into(el: ElementRef<'_>, in_link: bool, depth: usize, m: &mut Measure) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in el.children() {
        match child.value() {
            Node::Text(text) => {
                let n = visible_chars(text);
                m.chars += n;
                if in_link {
                    m.link_chars += n;
                }
            }
            Node::Element(_) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                if is_structural_chrome(&child) {
                    continue;
                }
                let is_link = child.value().name() == "a";
                if is_link && !in_link {
                    m.links += 1;
                }
                measure_into(child, in_link || is_link, depth + 1, m);
            }
            _ => {}
        }
    }
}

/// Returns a test for "is this element inside page chrome?" over one document.
///
/// Wrappers whose class sounds like chrome but that hold most of the page's text (`<body class="has-sidebar">`,
/// WordPress's `tag-osce` classes on the post) are not chrome; the verdict for each such wrapper is cached.
pub(super) fn chrome_ancestry<'a>(doc: &'a Html) -> impl FnMut(ElementRef<'a>) -> bool {
    let page_prose = measure(doc.root_element()).prose();
    let mut wrappers = std::collections::HashMap::new();
    move |el: ElementRef<'a>| {
        el.ancestors().take(MAX_DEPTH).filter_map(ElementRef::wrap).any(|a| {
            if is_structural_chrome(&a) {
                return true;
            }
            let by_class = class_verdict(&a);
            let verdict = match by_class {
                ClassVerdict::Content => heading_verdict(&a),
                verdict => verdict,
            };
            if verdict == ClassVerdict::Content {
                return false;
            }
            let is_wrapper = *wrappers.entry(a.id()).or_insert_with(|| {
                let holds_page = page_prose > 0 && measure(a).prose() * 10 >= page_prose * 6;
                // A box whose class names chrome wraps the article only when the article's text container or
                // headline is inside it: a footer's address or an author's bio can outweigh a two-line item.
                let wraps = by_class != ClassVerdict::Chrome || is_page_element(&a) || contains_article_marker(a) || holds_headline(a);
                holds_page && (verdict == ClassVerdict::Chrome && wraps || contains_article_marker(a))
            });
            !is_wrapper
        })
    }
}

/// The element with the most paragraph text: each paragraph counts for its parent, and half for the grandparent,
/// so an article whose paragraphs are wrapped one by one still wins as a whole.
pub(super) fn best_paragraph_block<'a>(doc: &'a Html) -> Option<(ElementRef<'a>, usize)> {
    let mut in_chrome = chrome_ancestry(doc);
    let mut order: Vec<ElementRef<'a>> = Vec::new();
    let mut scores: std::collections::HashMap<_, (usize, usize)> = std::collections::HashMap::new();
    let mut add = |el: ElementRef<'a>, score: usize, order: &mut Vec<ElementRef<'a>>| {
        let next = order.len();
        let entry = scores.entry(el.id()).or_insert((next, 0));
        if entry.0 == next {
            order.push(el);
        }
        entry.1 += score;
    };
    for el in doc.root_element().descendent_elements() {
        let name = el.value().name();
        let own = match name {
            "p" | "pre" | "blockquote" => measure(el).prose(),
            // Text written straight into a container with <br> line breaks, as older sites do.
            "div" | "td" | "section" | "article" | "main" | "font" | "span" => {
                el.children().filter_map(|c| c.value().as_text().map(|t| visible_chars(t))).sum()
            }
            _ => continue,
        };
        if own < 25 || in_chrome(el) {
            continue;
        }
        let target = if matches!(name, "p" | "pre" | "blockquote") {
            el.parent().and_then(ElementRef::wrap)
        } else {
            Some(el)
        };
        if let Some(target) = target {
            add(target, own, &mut order);
            if let Some(grand) = target.parent().and_then(ElementRef::wrap) {
                add(grand, own / 2, &mut order);
            }
        }
    }
    let mut best: Option<(ElementRef<'a>, usize)> = None;
    for el in order {
        let score = scores.get(&el.id()).map_or(0, |e| e.1);
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((el, score));
        }
    }
    best
}

/// The element holding the article: the largest `<article>`, else `[itemprop=articleBody]`, else `<main>` or
/// `[role=main]`, else the element with the most paragraph text.
///
/// A candidate inside chrome (an `<article>` per comment) is never taken, and one that is apart from the block
/// with the most paragraph text (an `<article>` used for a teaser card) must hold at least as much text.
pub(super) fn content_root<'a>(doc: &'a Html) -> ElementRef<'a> {
    let block = best_paragraph_block(doc);
    let mut in_chrome = chrome_ancestry(doc);
    let elements: Vec<ElementRef<'a>> = doc.root_element().descendent_elements().collect();
    let acceptable = |el: ElementRef<'a>, prose: usize| match block {
        None => prose > 0,
        Some((b, score)) => {
            let related = is_inside(b, el) || is_inside(el, b) || b.id() == el.id();
            prose > 0 && (prose >= score || (related && prose * 10 >= score * 3))
        }
    };
    let groups: [&dyn Fn(&ElementRef<'a>) -> bool; 3] = [
        &|e| e.value().name() == "article",
        &|e| has_token(e.value().attr("itemprop"), "articleBody"),
        &|e| is_main_element(e),
    ];
    for (group, matches) in groups.into_iter().enumerate() {
        let candidates: Vec<(ElementRef<'a>, usize)> = elements
            .iter()
            .filter(|e| matches(e) && class_verdict(e) != ClassVerdict::Comments && !in_chrome(**e))
            .map(|e| (*e, measure(*e).prose()))
            .collect();
        let best = candidates.iter().copied().fold(None::<(ElementRef<'a>, usize)>, |best, (e, p)| match best {
            Some((_, bp)) if bp >= p => best,
            _ => Some((e, p)),
        });
        if group == 0 && is_list_of_teasers(&candidates) {
            // A page of teasers (a home, section, tag or author page) marks each up as an `article`: none of them is
            // the page's content, which is all of them (in `main`, or the page's best block).
            continue;
        }
        if let Some((el, prose)) = best {
            if acceptable(el, prose) {
                return el;
            }
        }
    }
    if let Some((el, _)) = block {
        return el;
    }
    elements.iter().copied().find(|e| e.value().name() == "body").unwrap_or_else(|| doc.root_element())
}

/// Whether `articles` (each with its prose) are teasers side by side rather than one article: three or more that are
/// not inside one another, none holding half their prose. An article page with a few related-story teasers below
/// it is still one article, which holds most of the prose.
fn is_list_of_teasers(articles: &[(ElementRef<'_>, usize)]) -> bool {
    let outermost: Vec<usize> = articles
        .iter()
        .filter(|(el, _)| !articles.iter().any(|(other, _)| other.id() != el.id() && is_inside(*el, *other)))
        .map(|&(_, prose)| prose)
        .collect();
    let total: usize = outermost.iter().sum();
    outermost.len() >= 3 && outermost.iter().all(|&prose| prose * 2 < total)
}

/// Reads the text of the content root into blocks, skipping chrome elements.
pub(super) struct Walker<'t> {
    pub(super) blocks: Vec<Block>,
    pub(super) buffer: String,
    pub(super) link_chars: usize,
    pub(super) kind: BlockKind,
    pub(super) link_depth: usize,
    pub(super) root_prose: usize,
    /// With `relaxed`, class names and link density are not trusted; used when the strict reading lost the text.
    pub(super) relaxed: bool,
    pub(super) title: Option<&'t str>,
    pub(super) seen_h1: bool,
}

impl<'t> Walker<'t> {
    pub(super) fn read(root: ElementRef<'_>, title: Option<&'t str>, relaxed: bool) -> Vec<Block> {
        let mut walker = Walker {
            blocks: Vec::new(),
            buffer: String::new(),
            link_chars: 0,
            kind: BlockKind::Paragraph,
            link_depth: 0,
            root_prose: measure(root).prose(),
            relaxed,
            title,
            seen_h1: false,
        };
        walker.children(root, 0);
        walker.flush();
        walker.blocks
    }

    pub(super) fn children(&mut self, el: ElementRef<'_>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in el.children() {
            match child.value() {
                Node::Text(text) => self.text(text),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.element(child, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    pub(super) fn text(&mut self, text: &str) {
        let n = visible_chars(text);
        if self.link_depth > 0 {
            self.link_chars += n;
        }
        self.buffer.push_str(text);
    }

    pub(super) fn flush(&mut self) {
        let text = text::collapse_whitespace(&self.buffer);
        if !text.is_empty() {
            self.blocks.push(Block { text, kind: self.kind, link_chars: self.link_chars });
        }
        self.buffer.clear();
        self.link_chars = 0;
    }

    pub(super) fn is_chrome(&self, el: &ElementRef<'_>) -> bool {
        if is_structural_chrome(el) {
            return true;
        }
        let name = el.value().name();
        let verdict = class_verdict(el);
        let link_list_candidate = matches!(name, "ul" | "ol" | "div" | "section" | "p" | "table" | "dl" | "tbody");
        if verdict == ClassVerdict::Content && (self.relaxed || !link_list_candidate) {
            return false;
        }
        let m = measure(*el);
        // A chrome-sounding wrapper ("post has-sidebar", "js-comments-enabled") that holds most of the article
        // is the article. Comments can outweigh an article too, so for them the article's own content element
        // must be inside as well.
        let holds_article = self.root_prose > 0 && m.prose() * 10 >= self.root_prose * 6;
        // As in `chrome_ancestry`: only with the article's text container or headline inside.
        let wraps_article = holds_article && (is_page_element(el) || contains_article_marker(*el) || holds_headline(*el));
        match verdict {
            ClassVerdict::Comments => return !(holds_article && contains_article_marker(*el)),
            ClassVerdict::Chrome if !self.relaxed && !wraps_article => return true,
            _ => {}
        }
        !self.relaxed && m.links >= 3 && m.link_chars * 2 > m.chars
    }

    pub(super) fn element(&mut self, el: ElementRef<'_>, depth: usize) {
        let name = el.value().name();
        let block = BLOCK_TAGS.contains(&name);
        if self.is_chrome(&el) {
            if block {
                self.flush();
            }
            return;
        }
        match name {
            // Older sites write whole articles as lines separated by <br>, with the headline, the date and the
            // "All news | Print" links among them: each line is read on its own so that these are recognised.
            "br" => self.flush(),
            "a" => {
                self.link_depth += 1;
                self.children(el, depth);
                self.link_depth -= 1;
            }
            "td" | "th" => {
                self.buffer.push(' ');
                self.children(el, depth);
                self.buffer.push(' ');
            }
            "h1" => {
                // The article's first h1 is its headline, which is the title and not the body (even when og:title
                // words it differently); a later h1 is a heading unless it repeats the title.
                let text = element_text(el);
                let is_title = !self.seen_h1 || self.title.is_none_or(|t| line_key(t) == line_key(&text));
                self.seen_h1 = true;
                self.flush();
                if !is_title {
                    self.nested(el, depth, BlockKind::Heading);
                }
            }
            "h2" | "h3" | "h4" | "h5" | "h6" => self.nested(el, depth, BlockKind::Heading),
            "li" | "dt" | "dd" => self.nested(el, depth, BlockKind::ListItem),
            _ if block => self.nested(el, depth, self.kind),
            _ => self.children(el, depth),
        }
    }

    /// Reads a block element as its own paragraph(s) of the given kind.
    pub(super) fn nested(&mut self, el: ElementRef<'_>, depth: usize, kind: BlockKind) {
        self.flush();
        let previous = self.kind;
        self.kind = kind;
        self.children(el, depth);
        self.flush();
        self.kind = previous;
    }
}

/// Whether an element is one a whole page's state is written on (`<body class="has-sidebar">`), never a box.
fn is_page_element(el: &ElementRef<'_>) -> bool {
    matches!(el.value().name(), "html" | "body" | "main" | "article")
}

/// Whether an element holds a page's headline (an `h1`, or a heading of the second level, which old templates give
/// the article's title under the site's name in the `h1`).
fn holds_headline(el: ElementRef<'_>) -> bool {
    el.descendent_elements().any(|e| matches!(e.value().name(), "h1" | "h2"))
}

/// Whether an element is, or contains, the article's own text container (`itemprop=articleBody`, "entry-content",
/// "article-body", ...), as opposed to the bodies of comments.
pub(super) fn contains_article_marker(el: ElementRef<'_>) -> bool {
    const MARKERS: &[&str] = &["content", "body", "text", "entry", "article", "story", "post"];
    el.descendent_elements().take(5000).any(|e| {
        let value = e.value();
        if value.attr("itemprop").is_some_and(|p| p.to_ascii_lowercase().contains("articlebody")) {
            return true;
        }
        let tokens: Vec<String> =
            value.classes().chain(value.id()).flat_map(class_tokens).collect();
        let has = |set: &[&str]| tokens.iter().any(|t| set.contains(&t.as_str()));
        has(MARKERS) && !has(&["comment", "comments", "reply", "replies", "disqus", "respond"])
    })
}

/// Whether an element is the page's main region: `<main>` or `role="main"`.
pub(super) fn is_main_element(el: &ElementRef<'_>) -> bool {
    el.value().name() == "main" || has_token(el.value().attr("role"), "main")
}

/// Whether a space-separated attribute value (rel, role, itemprop) holds `token`, ignoring case.
pub(super) fn has_token(value: Option<&str>, token: &str) -> bool {
    value.is_some_and(|v| v.split_whitespace().any(|t| t.eq_ignore_ascii_case(token)))
}

pub(super) fn element_text(el: ElementRef<'_>) -> String {
    text::collapse_whitespace(&el.text().collect::<String>())
}

pub(super) fn is_inside(el: ElementRef<'_>, ancestor: ElementRef<'_>) -> bool {
    el.ancestors().any(|a| a.id() == ancestor.id())
}
