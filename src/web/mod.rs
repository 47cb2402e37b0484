//! Browser glue: `mount()` reads options, fetches the manifest, ranks with the shared code and renders the panel.
//!
//! The flow is options -> fetch -> parse and validate -> index -> rank -> view model -> render; every step but
//! the first, second and last is pure code from the other modules. Here, `fetch` loads the manifest, `page` reads
//! the host page, `panel` renders the related articles and `subscribe` the subscription panel (with `outbox`, the
//! offline queue), both through the helpers of `dom` and the CSS of `style`; `timing` measures the steps once the
//! index file is in. Nothing here throws into the host page: errors become one console warning and a hidden or
//! "More news" panel.

mod dom;
mod fetch;
mod outbox;
mod page;
mod panel;
mod sharded;
mod style;
mod subscribe;
mod timing;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::Timeout;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::options::{parse_options, WidgetOptions};
use crate::lang;
use crate::rank::Query;
use crate::text;
use crate::subscribe::{build_subscribe, SubscribeView};
use crate::url::{page_key, ResolvedUrl};
use crate::view::{build_panel, LinkView, PanelView};
use dom::dispatch;
use fetch::{Expect, Fetched};

/// Marks an element we mounted on, so it is not mounted twice.
const MOUNTED_ATTRIBUTE: &str = "data-related-news-mounted";
/// How far below the viewport loading starts, so the panel is ready when the reader arrives.
const LAZY_ROOT_MARGIN: &str = "400px 0px";

fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("related-news: {message}")));
}

fn js_error(message: impl AsRef<str>) -> JsValue {
    js_sys::Error::new(&format!("related-news: {}", message.as_ref())).into()
}

/// Reads the options object of `mount()`: strings as they are, numbers and booleans as text, arrays joined with
/// commas, so data attributes and the JS API go through one parser.
fn option_pairs(options: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(Vec::new());
    }
    if !options.is_object() {
        return Err(js_error("mount() options must be an object"));
    }
    let mut pairs = Vec::new();
    for entry in Object::entries(options.unchecked_ref::<Object>()).iter() {
        let entry: Array = entry.unchecked_into();
        let (Some(key), value) = (entry.get(0).as_string(), entry.get(1)) else { continue };
        let text = if let Some(s) = value.as_string() {
            s
        } else if let Some(b) = value.as_bool() {
            b.to_string()
        } else if Array::is_array(&value) {
            let joined: Vec<String> = value.unchecked_ref::<Array>().iter().filter_map(|v| v.as_string()).collect();
            joined.join(",")
        } else if let Some(number) = value.as_f64() {
            // Let the engine print numbers rather than pulling float formatting into the wasm.
            match js_sys::Number::from(number).to_string_with_radix(10) {
                Ok(text) => String::from(text),
                Err(_) => continue,
            }
        } else {
            // null, undefined, functions and nested objects are not option values.
            continue;
        };
        pairs.push((key, text));
    }
    Ok(pairs)
}

struct Observer {
    observer: IntersectionObserver,
    _callback: Closure<dyn FnMut(Array)>,
}

#[derive(Default)]
struct State {
    destroyed: bool,
    started: bool,
    click: Option<EventListener>,
    observer: Option<Observer>,
    links: Vec<(Element, LinkView)>,
    /// The pending task that writes the links' dates in the reader's language.
    dates: Option<Timeout>,
    subscribe: Option<Rc<subscribe::SubscribePanel>>,
    /// This widget shows the subscription panel (a form or the feeds).
    subscribe_shown: bool,
}

struct Inner {
    host: Element,
    shadow: ShadowRoot,
    document: Document,
    options: WidgetOptions,
    /// Language of labels and dates: the `lang` option, else the page's `<html lang>`, else English.
    ui_lang: String,
    state: RefCell<State>,
}

thread_local! {
    /// Every mounted widget, kept alive until `destroy()`: a page that drops the handle `mount()` returned (the
    /// loader does, for auto-mounted panels) must not lose the panel's listeners when the handle is collected.
    static LIVE_WIDGETS: RefCell<Vec<Rc<Inner>>> = const { RefCell::new(Vec::new()) };
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
    /// Removes the panel, its listeners and observer; the element is left as it was before `mount()`.
    pub fn destroy(&self) {
        let mut state = self.inner.state.borrow_mut();
        if state.destroyed {
            return;
        }
        state.destroyed = true;
        state.click = None;
        if let Some(observer) = state.observer.take() {
            observer.observer.disconnect();
        }
        state.links.clear();
        state.dates = None;
        if let Some(panel) = state.subscribe.take() {
            panel.release();
        }
        drop(state);
        LIVE_WIDGETS.with(|live| live.borrow_mut().retain(|inner| !Rc::ptr_eq(inner, &self.inner)));
        dom::clear(&self.inner.shadow);
        // Failing to remove our own marker attribute cannot hurt the host page.
        let _ = self.inner.host.remove_attribute(MOUNTED_ATTRIBUTE);
    }

    /// The element the panel is mounted on.
    #[wasm_bindgen(getter)]
    pub fn element(&self) -> Element {
        self.inner.host.clone()
    }
}

/// Mounts a related-articles panel into `element`'s shadow root. Resolves when the panel is rendered (with
/// `eager`) or armed to load when it nears the viewport. Rejects with an `Error` only for unusable options.
#[wasm_bindgen]
pub async fn mount(element: Element, options: JsValue) -> Result<Widget, JsValue> {
    let pairs = option_pairs(&options)?;
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
        .or_else(|| page::html_lang(&document))
        .unwrap_or_else(|| "en".to_string());
    let inner = Rc::new(Inner { host: element, shadow, document, options, ui_lang, state: RefCell::new(State::default()) });
    panel::render_loading(&inner.shadow, &inner.document, inner.options.theme, &inner.ui_lang, lang::is_rtl(&inner.ui_lang), inner.options.ranking.limit)?;
    let click = click_listener(&inner);
    inner.state.borrow_mut().click = Some(click);
    LIVE_WIDGETS.with(|live| live.borrow_mut().push(inner.clone()));
    // Subscriptions an earlier page could not send go out now, whatever this widget shows.
    outbox::flush_on_load();
    if inner.options.eager || !observe_visibility(&inner) {
        run(inner.clone()).await;
    }
    Ok(Widget { inner })
}

/// Starts loading when the panel comes near the viewport. Returns false when the browser has no
/// IntersectionObserver, in which case the caller loads at once.
fn observe_visibility(inner: &Rc<Inner>) -> bool {
    let weak = Rc::downgrade(inner);
    let callback = Closure::<dyn FnMut(Array)>::new(move |entries: Array| {
        let visible = entries.iter().any(|e| e.unchecked_into::<IntersectionObserverEntry>().is_intersecting());
        if let (true, Some(inner)) = (visible, weak.upgrade()) {
            if let Some(observer) = inner.state.borrow_mut().observer.take() {
                observer.observer.disconnect();
            }
            wasm_bindgen_futures::spawn_local(run(inner));
        }
    });
    let init = IntersectionObserverInit::new();
    init.set_root_margin(LAZY_ROOT_MARGIN);
    match IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init) {
        Ok(observer) => {
            observer.observe(&inner.host);
            inner.state.borrow_mut().observer = Some(Observer { observer, _callback: callback });
            true
        }
        Err(_) => false,
    }
}

/// One listener on the shadow root for every link: it announces the click to the host page before the browser
/// follows the link. A host that cancels the event keeps the reader on the page.
fn click_listener(inner: &Rc<Inner>) -> EventListener {
    let weak: Weak<Inner> = Rc::downgrade(inner);
    // gloo's listeners are passive by default, which would silently ignore preventDefault().
    let options = EventListenerOptions::enable_prevent_default();
    EventListener::new_with_options(&inner.shadow, "click", options, move |event: &Event| {
        let Some(inner) = weak.upgrade() else { return };
        let Some(anchor) = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest("a[data-id]").ok().flatten())
        else {
            return;
        };
        let link = {
            let state = inner.state.borrow();
            state.links.iter().find(|(el, _)| *el == anchor).map(|(_, link)| link.clone())
        };
        if let Some(link) = link {
            if !dispatch_click(&inner.host, &link) {
                event.prevent_default();
            }
        }
    })
}

/// The detail of a `related-news:click` event.
#[derive(serde::Serialize)]
struct ClickDetail<'a> {
    id: &'a str,
    url: &'a str,
    position: u32,
    score: f32,
    list: &'static str,
}

/// The detail of a `related-news:ready` event.
#[derive(serde::Serialize)]
struct ReadyDetail {
    status: &'static str,
    related: usize,
    more: usize,
    /// "form", "feeds" or "none": what the subscription panel shows.
    subscribe: &'static str,
}

/// Dispatches `related-news:click`; returns false when a listener cancelled it.
fn dispatch_click(host: &Element, link: &LinkView) -> bool {
    let list = if link.kind == crate::view::LinkKind::Related { "related" } else { "more" };
    let detail = ClickDetail { id: &link.id, url: &link.href, position: link.position, score: link.score, list };
    dispatch(host, "related-news:click", &detail, true)
}

fn is_destroyed(inner: &Inner) -> bool {
    inner.state.borrow().destroyed
}

/// Resolves `href` against `base` (else against the page, for bases such as `blob:` URLs that cannot have
/// relative references) and tells whether it leaves the page's origin.
fn resolve_against(base: &str, href: &str, page_origin: &str) -> Option<ResolvedUrl> {
    let url = fetch::resolve_url(href, base)?;
    Some(ResolvedUrl { external: url.origin() != page_origin, href: url.href() })
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
    let base = inner.document.base_uri().ok().flatten().unwrap_or_default();
    let page_origin = inner.document.location().and_then(|l| l.origin().ok()).unwrap_or_default();
    let Some(manifest_url) = resolve_against(&base, &inner.options.manifest, &page_origin) else {
        finish(&inner, None, None, vec![format!("the manifest URL \"{}\" is not a valid URL", inner.options.manifest)]);
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
            finish(&inner, None, None, notes);
            return;
        }
        Err(error) => {
            notes.push(error.to_string());
            finish(&inner, None, None, notes);
            return;
        }
    };
    if let Some(summary) = loaded.report.summary() {
        notes.push(format!("{}: {summary}", manifest_url.href));
    }
    timing::start(timing::RANK);
    let index = &loaded.index;
    let query = current_query(&inner, index, &base, &mut notes);
    let resolve = |href: &str| resolve_against(&manifest_url.href, href, &page_origin);
    let view = build_panel(index, &query, &inner.options, &inner.ui_lang, &resolve);
    let article_topics = query.article.and_then(|position| index.article(position)).map(|a| a.topics.clone()).unwrap_or_default();
    let resolve_option = |href: &str| resolve_against(&base, href, &page_origin);
    let subscribe = build_subscribe(
        &index.manifest().topics,
        &article_topics,
        &inner.options.subscribe,
        &inner.ui_lang,
        &resolve_option,
        &resolve,
        &mut notes,
    );
    timing::end(timing::RANK);
    timing::start(timing::RENDER);
    finish(&inner, Some(view), subscribe, notes);
    timing::end(timing::RENDER);
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
        None => page::canonical_url(&inner.document).into_iter().chain(page::location_url(&inner.document)).collect(),
    }
}

/// Works out which article the page is: the first of [`article_keys`] the index holds. A page not in the index is
/// ranked by its own words.
fn current_query(inner: &Inner, index: &crate::rank::Index, base: &str, notes: &mut Vec<String>) -> Query {
    let document = &inner.document;
    let explicit = inner.options.article.as_deref();
    let candidates = article_keys(inner, base);
    if let Some(query) = candidates.iter().find_map(|key| index.find(key)).and_then(|position| index.query_for(position)) {
        return query;
    }
    if let Some(article) = explicit {
        notes.push(format!("article \"{article}\" is not in the manifest; related articles come from this page's own words"));
    }
    let lang = inner.options.lang.clone().or_else(|| page::html_lang(document)).or_else(|| index.manifest().site.lang.clone());
    let texts = page::texts(document);
    let weighted: Vec<(&str, f32)> = texts.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    let title = page::title(document);
    Query {
        vector: index.query_from_text(&weighted, lang.as_deref()),
        article: None,
        lang: lang.as_deref().map(lang::primary).filter(|l| !l.is_empty()),
        days: None,
        url_key: candidates.first().map(|u| page_key(u)),
        title_key: title.and_then(|t| text::normalize_term(&t, lang.as_deref().unwrap_or(""))),
        pinned: Vec::new(),
    }
}

/// Renders the outcome, warns once, and tells the host page with a `related-news:ready` event.
fn finish(inner: &Inner, view: Option<PanelView>, subscribe_view: Option<SubscribeView>, mut notes: Vec<String>) {
    if is_destroyed(inner) {
        return;
    }
    // One subscription form per page is enough: with several panels, only the first that loads shows it, unless
    // a panel asks for it explicitly with `subscribe: true`.
    let subscribe_view = subscribe_view.filter(|_| inner.options.subscribe.enabled == Some(true) || !page_has_subscription_panel());
    let (status, related, more) = match &view {
        Some(v) if !v.related.is_empty() => ("related", v.related.len(), v.more.len()),
        Some(v) if !v.more.is_empty() => ("more-news", 0, v.more.len()),
        Some(_) => ("empty", 0, 0),
        None => ("error", 0, 0),
    };
    match view.filter(|v| !v.is_empty()) {
        Some(view) => match panel::render_panel(&inner.shadow, &inner.document, &view, inner.options.theme) {
            Ok(links) => {
                let mut state = inner.state.borrow_mut();
                state.dates = Some(localize_dates_soon(links.clone(), view.lang.clone()));
                state.links = links;
            }
            Err(_) => {
                dom::clear(&inner.shadow);
                notes.push("the panel could not be rendered".into());
            }
        },
        None => dom::clear(&inner.shadow),
    }
    // What the `ready` event reports is what was actually rendered.
    let mut subscribe_status = "none";
    if let Some(subscribe_view) = subscribe_view {
        match render_subscribe(inner, &subscribe_view) {
            Ok(()) if matches!(subscribe_view.mode, crate::subscribe::SubscribeMode::Form { .. }) => subscribe_status = "form",
            Ok(()) => subscribe_status = "feeds",
            Err(error) => notes.push(format!("the subscription panel could not be rendered: {}", fetch::js_message(&error))),
        }
    }
    if status == "empty" {
        notes.push("no articles to show; the panel is hidden".into());
    }
    if !notes.is_empty() {
        warn(&notes.join("; "));
    }
    dispatch(&inner.host, "related-news:ready", &ReadyDetail { status, related, more, subscribe: subscribe_status }, false);
}

/// Writes the links' dates in the reader's language in a task of its own, after the links are shown (see
/// `panel::localize_dates`). The timer is held in the widget's state, so `destroy()` cancels it.
fn localize_dates_soon(links: Vec<(Element, LinkView)>, lang: String) -> Timeout {
    Timeout::new(0, move || panel::localize_dates(&links, &lang))
}

/// Whether a live widget on this page already shows a subscription panel.
fn page_has_subscription_panel() -> bool {
    LIVE_WIDGETS.with(|live| live.borrow().iter().any(|inner| inner.state.borrow().subscribe_shown))
}

/// Adds the subscription panel after the related articles (or alone, when there are none).
fn render_subscribe(inner: &Inner, view: &SubscribeView) -> Result<(), JsValue> {
    dom::ensure_stylesheet(&inner.shadow, &inner.document)?;
    let page_url = page::location_url(&inner.document).unwrap_or_default();
    let sending = subscribe::Sending {
        format: inner.options.subscribe.format,
        fields: inner.options.subscribe.fields.clone(),
        lang: inner.ui_lang.clone(),
        page_url,
    };
    let panel = subscribe::render(&inner.shadow, &inner.document, &inner.host, view, inner.options.theme, sending)?;
    let mut state = inner.state.borrow_mut();
    state.subscribe = panel;
    state.subscribe_shown = true;
    Ok(())
}
