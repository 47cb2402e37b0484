//! The related-articles panel: `mount()` reads options and shows the panel's placeholder; `start()` fetches the
//! index, ranks with the shared code and renders, and shows the subscription panel through `subscribe_loader`, which
//! loads that module when there is one to show. The module API (`src/js/index.js`) starts a panel at once when it is
//! eager, else when it nears the viewport.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, ShadowRoot, ShadowRootInit, ShadowRootMode};

use super::browser::{self, js_error, js_message, option_pairs, resolve_against, warn};
use super::subscribe_loader::{self, SubscriptionPanel};
use super::reader_loader;
use super::{dom, fetch, page, panel, sharded, timing};
use crate::lang;
use crate::options::{parse_options, WidgetOptions};
use crate::rank::Query;
use crate::url::page_key;
use crate::view::{build_panel, PanelView};
use dom::dispatch;
use fetch::{Expect, Fetched};

/// Marks an element we mounted on, so it is not mounted twice.
const MOUNTED_ATTRIBUTE: &str = "data-related-news-mounted";

#[derive(Default)]
struct State {
    destroyed: bool,
    started: bool,
    /// The subscription module's panel, once it has rendered one.
    subscribe: Option<SubscriptionPanel>,
    /// This widget shows the subscription panel (a form or the feeds), or is having the module load it.
    subscribe_shown: bool,
}

struct Inner {
    host: Element,
    shadow: ShadowRoot,
    document: Document,
    options: WidgetOptions,
    /// Language of labels and dates: the `lang` option, else the page's `<html lang>`, else English.
    ui_lang: String,
    /// The options `mount()` was given as `[name, text]` pairs, passed on to the subscription module, which reads
    /// its own part.
    option_pairs: js_sys::Array,
    /// The function that loads the subscription module; without one (the wasm's `mount` called directly, not the
    /// module API's), no subscription panel is shown.
    subscriptions: Option<Function>,
    state: RefCell<State>,
}

thread_local! {
    /// Every mounted widget, kept alive until `destroy()`: a page that drops the handle `mount()` returned (the
    /// loader does, for auto-mounted panels) must not lose the panel's listeners when the handle is collected.
    static LIVE_WIDGETS: RefCell<Vec<Rc<Inner>>> = const { RefCell::new(Vec::new()) };
    /// The task, once per page load, that has queued subscriptions sent if there are any.
    static QUEUE_CHECK: RefCell<Option<Timeout>> = const { RefCell::new(None) };
}

/// A mounted panel. Call `destroy()` to remove it and release its listeners.
#[wasm_bindgen]
pub struct Widget {
    inner: Rc<Inner>,
}

impl std::fmt::Debug for Widget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Widget").field("element", &self.inner.host.tag_name()).finish_non_exhaustive()
    }
}

#[wasm_bindgen]
impl Widget {
    /// Removes the panel and its listeners; the element is left as it was before `mount()`.
    pub fn destroy(&self) {
        let mut state = self.inner.state.borrow_mut();
        if state.destroyed {
            return;
        }
        state.destroyed = true;
        if let Some(panel) = state.subscribe.take() {
            subscribe_loader::destroy(&panel);
        }
        drop(state);
        LIVE_WIDGETS.with(|live| live.borrow_mut().retain(|inner| !Rc::ptr_eq(inner, &self.inner)));
        // The renderer drops the panel's nodes, its click listener and its pending dates.
        panel::release(&self.inner.shadow);
        // Failing to remove our own marker attribute cannot hurt the host page.
        let _ = self.inner.host.remove_attribute(MOUNTED_ATTRIBUTE);
    }

    /// The element the panel is mounted on.
    #[wasm_bindgen(getter)]
    pub fn element(&self) -> Element {
        self.inner.host.clone()
    }

    /// Whether the panel loads at once (the `eager` option), rather than when it nears the viewport.
    #[wasm_bindgen(getter)]
    pub fn eager(&self) -> bool {
        self.inner.options.eager
    }

    /// Loads, ranks and renders (once: a second call, or a call after `destroy()`, does nothing). Resolves when the
    /// panel is rendered or hidden; never rejects (what goes wrong is one console warning).
    pub fn start(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            run(inner).await;
            Ok(JsValue::UNDEFINED)
        })
    }
}

/// Mounts a related-articles panel into `element`'s shadow root and shows its placeholder; `start()` loads it.
/// Throws an `Error` only for unusable options. `subscriptions` loads the subscription module, for a panel that has
/// a subscription panel to show (the module API, `src/js/index.js`, passes it).
#[wasm_bindgen]
pub fn mount(element: Element, options: JsValue, subscriptions: Option<Function>) -> Result<Widget, JsValue> {
    let (pairs, pairs_js) = option_pairs(&options)?;
    let (options, warnings) = parse_options(pairs).map_err(|e| js_error(e.to_string()))?;
    if !warnings.is_empty() {
        warn(&warnings.join("; "));
    }
    if element.has_attribute(MOUNTED_ATTRIBUTE) {
        return Err(js_error("this element already has a panel; call destroy() on it first"));
    }
    let document = element.owner_document().ok_or_else(|| js_error("the element is not in a document"))?;
    let shadow = match element.shadow_root() {
        Some(shadow) => shadow,
        None => element
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .map_err(|_| js_error(format!("cannot attach a panel to a <{}> element; use a <div>", element.tag_name().to_ascii_lowercase())))?,
    };
    element.set_attribute(MOUNTED_ATTRIBUTE, "")?;
    let ui_lang = options
        .lang
        .clone()
        .or_else(|| page::read(false).lang)
        .unwrap_or_else(|| "en".to_string());
    let inner = Rc::new(Inner { host: element, shadow, document, options, ui_lang, option_pairs: pairs_js, subscriptions, state: RefCell::new(State::default()) });
    // The renderer also starts listening for clicks on the panel's links, which it announces to the host page.
    panel::render_loading(&inner.shadow, inner.options.theme, &inner.ui_lang, inner.options.ranking.limit)?;
    LIVE_WIDGETS.with(|live| live.borrow_mut().push(inner.clone()));
    // Subscriptions an earlier page could not send go out now, whatever this widget shows.
    if let Some(loader) = &inner.subscriptions {
        send_queued_once(loader.clone(), inner.options.timeout_ms);
    }
    Ok(Widget { inner })
}

fn is_destroyed(inner: &Inner) -> bool {
    inner.state.borrow().destroyed
}

/// Loads, ranks and renders; every failure ends as one console warning and a hidden panel.
async fn run(inner: Rc<Inner>) {
    {
        let mut state = inner.state.borrow_mut();
        if state.started || state.destroyed {
            return;
        }
        state.started = true;
    }
    // With a form to show, its module downloads while the index does, so both panels usually appear together.
    if let (Some(loader), Some(_), false) = (&inner.subscriptions, &inner.options.subscribe.endpoint, inner.options.subscribe.enabled == Some(false)) {
        browser::preload_module(loader);
    }
    let base = inner.document.base_uri().ok().flatten().unwrap_or_default();
    let page_origin = inner.document.location().and_then(|l| l.origin().ok()).unwrap_or_default();
    let Some(manifest_url) = resolve_against(&base, &inner.options.manifest, &page_origin) else {
        fail(&inner, vec![format!("the manifest URL \"{}\" is not a valid URL", inner.options.manifest)]);
        return;
    };
    let mut notes = Vec::new();
    let mut loaded = fetch::load(&manifest_url.href, &manifest_url.href, Expect::Index, inner.options.timeout_ms).await;
    if let Ok(Fetched::Entry(entry, inline)) = loaded.as_ref() {
        // The sharded index: only the record that holds this page's article is downloaded.
        let keys = article_keys(&inner, &base);
        loaded = sharded::record_for(entry, inline.as_ref(), &manifest_url.href, &keys, inner.options.timeout_ms, &mut notes).await;
    }
    if is_destroyed(&inner) {
        return;
    }
    let loaded = match loaded.as_ref() {
        Ok(Fetched::Manifest(loaded)) => loaded,
        Ok(_) => {
            notes.push(format!("{} is not an index of articles", manifest_url.href));
            fail(&inner, notes);
            return;
        }
        Err(error) => {
            notes.push(error.to_string());
            fail(&inner, notes);
            return;
        }
    };
    if let Some(summary) = loaded.report.summary() {
        notes.push(format!("{}: {summary}", manifest_url.href));
    }
    let index = &loaded.index;
    let query = current_query(&inner, index, &base, &mut notes).await;
    if is_destroyed(&inner) {
        return;
    }
    timing::start(timing::RANK);
    let resolve = |href: &str| resolve_against(&manifest_url.href, href, &page_origin);
    let view = build_panel(index, &query, &inner.options, &inner.ui_lang, &resolve);
    let article_topics = query.article.and_then(|position| index.article(position)).map(|a| a.topics.as_slice()).unwrap_or_default();
    timing::end(timing::RANK);
    timing::start(timing::RENDER);
    let outcome = render_related(&inner, Some(view), &mut notes);
    timing::end(timing::RENDER);
    let topics = &index.manifest().topics;
    let request = subscribe_loader::Request { options: &inner.option_pairs, topics, article_topics, manifest_url: &manifest_url.href, lang: &inner.ui_lang };
    let subscribe = match outcome {
        Some(_) if wants_subscription(&inner, topics, &mut notes) => show_subscription(&inner, &request, &mut notes).await,
        _ => "none",
    };
    if let Some(outcome) = outcome {
        announce(&inner, outcome, subscribe, notes);
    }
}

/// The keys the page's article may be found by: the `article` option (as an id, and as a URL), else the canonical
/// link, then the location.
fn article_keys(inner: &Inner, base: &str) -> Vec<String> {
    match inner.options.article.as_deref() {
        Some(article) => {
            let mut keys = vec![article.to_string()];
            keys.extend(web_sys::Url::new_with_base(article, base).ok().map(|u| u.href()));
            keys
        }
        None => {
            let page = page::read(false);
            page.canonical.into_iter().chain(page.location).collect()
        }
    }
}

/// Works out which article the page is: the first of [`article_keys`] the index holds. A page not in the index is
/// ranked by its own words, which the reader module splits into terms (loaded for it: the panel's code holds no
/// text analysis); without that module, it gets "More news" and a note.
async fn current_query(inner: &Inner, index: &crate::rank::Index, base: &str, notes: &mut Vec<String>) -> Query {
    let explicit = inner.options.article.as_deref();
    let candidates = article_keys(inner, base);
    if let Some(query) = candidates.iter().find_map(|key| index.find(key)).and_then(|position| index.query_for(position)) {
        return query;
    }
    if let Some(article) = explicit {
        notes.push(format!("article \"{article}\" is not in the manifest; related articles come from this page's own words"));
    }
    let page = page::read(true);
    let lang = inner.options.lang.clone().or(page.lang).or_else(|| index.manifest().site.lang.clone());
    let words = reader_loader::page_words(&page.texts, page.title.as_deref(), lang.as_deref().unwrap_or(""), inner.options.timeout_ms).await;
    let words = words.unwrap_or_else(|error| {
        notes.push(format!("this page is not in the index, and its own words could not be read: {error}"));
        reader_loader::PageWords { clauses: Vec::new(), title_key: None }
    });
    Query {
        vector: index.query_from_clauses(words.clauses),
        article: None,
        lang: lang.as_deref().map(lang::primary).filter(|l| !l.is_empty()),
        days: None,
        url_key: candidates.first().map(|u| page_key(u)),
        // Compared with the title keys of records, which are hashes.
        title_key: words.title_key.as_deref().map(crate::manifest::record::hashed_title_key),
        pinned: Vec::new(),
    }
}

/// What the related-articles panel shows, as the `ready` event reports it.
#[derive(Clone, Copy)]
struct Outcome {
    status: &'static str,
    related: usize,
    more: usize,
}

/// Renders the related articles (or hides the panel when there are none); `None` when the widget is destroyed.
fn render_related(inner: &Inner, view: Option<PanelView>, notes: &mut Vec<String>) -> Option<Outcome> {
    if is_destroyed(inner) {
        return None;
    }
    let outcome = match &view {
        Some(v) if !v.related.is_empty() => Outcome { status: "related", related: v.related.len(), more: v.more.len() },
        Some(v) if !v.more.is_empty() => Outcome { status: "more-news", related: 0, more: v.more.len() },
        Some(_) => Outcome { status: "empty", related: 0, more: 0 },
        None => Outcome { status: "error", related: 0, more: 0 },
    };
    match view.filter(|v| !v.is_empty()) {
        Some(view) => {
            if let Err(error) = panel::render_panel(&inner.shadow, &view, inner.options.theme) {
                panel::clear(&inner.shadow);
                notes.push(format!("the panel could not be rendered: {}", js_message(&error)));
            }
        }
        None => panel::clear(&inner.shadow),
    }
    if outcome.status == "empty" {
        notes.push("no articles to show; the panel is hidden".into());
    }
    Some(outcome)
}

/// A failure before anything could be ranked: the panel is hidden, the reason warned.
fn fail(inner: &Inner, mut notes: Vec<String>) {
    if let Some(outcome) = render_related(inner, None, &mut notes) {
        announce(inner, outcome, "none", notes);
    }
}

/// Warns once with everything worth saying, and tells the host page with a `related-news:ready` event what was
/// actually rendered.
fn announce(inner: &Inner, outcome: Outcome, subscribe: &'static str, notes: Vec<String>) {
    // A panel destroyed while the subscription module loaded says nothing more.
    if is_destroyed(inner) {
        return;
    }
    if !notes.is_empty() {
        warn(&notes.join("; "));
    }
    // `subscribe` is "form", "feeds" or "none": what the subscription panel shows.
    let detail = dom::js_object(&[
        ("status", JsValue::from_str(outcome.status)),
        ("related", JsValue::from(outcome.related as u32)),
        ("more", JsValue::from(outcome.more as u32)),
        ("subscribe", JsValue::from_str(subscribe)),
    ]);
    dispatch(&inner.host, "related-news:ready", &detail, false);
}

/// Whether this widget should have the subscription module show a panel: there is something to subscribe to
/// (`offers_subscription`, the module's own first check), and no other panel on the page shows one already (several
/// forms on one page are one too many, unless a panel asks for it with `subscribe: true`). The module checks the
/// rest (the URLs) and may still show nothing, saying why.
fn wants_subscription(inner: &Inner, topics: &[crate::manifest::model::Topic], notes: &mut Vec<String>) -> bool {
    let options = &inner.options.subscribe;
    if let Err(why) = crate::subscribe::offers_subscription(topics, options) {
        notes.extend(why.map(String::from));
        return false;
    }
    options.enabled == Some(true) || !page_has_subscription_panel()
}

/// Has the subscription module render its panel after the related articles (or alone, when there are none), and
/// returns what it shows: "form", "feeds" or "none".
async fn show_subscription(inner: &Rc<Inner>, request: &subscribe_loader::Request<'_>, notes: &mut Vec<String>) -> &'static str {
    let Some(loader) = inner.subscriptions.clone() else {
        notes.push("the subscription panel needs the module API's loader (mount from related-news.js or index.js)".into());
        return "none";
    };
    // Claimed before the module loads, so a second panel finishing meanwhile does not show a second form.
    inner.state.borrow_mut().subscribe_shown = true;
    let shown = subscribe_loader::show(&loader, inner.options.timeout_ms, &inner.host, request, || !is_destroyed(inner)).await;
    let mut state = inner.state.borrow_mut();
    let status = match shown {
        Ok(Some(shown)) => {
            notes.extend(shown.notes);
            state.subscribe = Some(shown.panel);
            shown.status
        }
        Ok(None) => "none",
        Err(error) => {
            notes.push(format!("the subscription panel could not be loaded: {}", js_message(&error)));
            "none"
        }
    };
    state.subscribe_shown = status != "none";
    status
}

/// Once per page load, in a task of its own after the first mount's (the first read of the browser's storage can
/// take longer than anything the panel does before its requests go out): if earlier pages left subscriptions they
/// could not send, the subscription module is loaded to send them.
fn send_queued_once(loader: Function, time_limit_ms: u32) {
    QUEUE_CHECK.with(|check| {
        let mut check = check.borrow_mut();
        if check.is_none() {
            *check = Some(Timeout::new(0, move || {
                if subscribe_loader::queue_waiting() {
                    subscribe_loader::flush_queue(loader, time_limit_ms);
                }
            }));
        }
    });
}

/// Whether a live widget on this page already shows a subscription panel.
fn page_has_subscription_panel() -> bool {
    LIVE_WIDGETS.with(|live| live.borrow().iter().any(|inner| inner.state.borrow().subscribe_shown))
}

