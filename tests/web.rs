//! Browser tests (wasm-bindgen-test in headless Chromium) of the panel's engine driven by its flow
//! (`src/js/panel.js`, imported here as the module API imports it): mounting, rendering into the shadow root,
//! fetching a fixture index, bad index files, hostile data, destroy(), and what the panel asks of the subscription
//! module. The panel reads binary records itself (a JSON manifest or feed goes through the JSON reader module, which
//! the module API loads and these tests do not have: the end-to-end tests cover it), so the fixture manifests are
//! served as the binary records the shared reader makes of them.
//! Run with `wasm-pack test --headless --chrome -- --test web`; the subscription module's own tests are in
//! `web_subscribe.rs`.
#![cfg(all(target_arch = "wasm32", not(feature = "subscribe-panel"), not(feature = "json-reader")))]
#![allow(clippy::expect_used)]

use js_sys::{Array, Function, Object, Reflect};
use related_news::web::Panel;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const SMALL_SITE: &str = include_str!("fixtures/small-site.json");
const HOSTILE: &str = include_str!("fixtures/hostile.json");

#[wasm_bindgen(module = "/src/js/panel.js")]
extern "C" {
    #[wasm_bindgen(js_name = mountPanel, catch)]
    fn mount_panel(create_engine: &Function, element: &Element, options: &JsValue, subscriptions: Option<Function>) -> Result<JsValue, JsValue>;
}

// The flow's own imports, named here so wasm-bindgen copies them beside it (it copies the modules a test names).
#[wasm_bindgen(module = "/src/js/browser.js")]
extern "C" {
    #[wasm_bindgen(js_name = yieldToBrowser)]
    fn yield_to_browser() -> js_sys::Promise;
}
#[wasm_bindgen(module = "/src/js/render.js")]
extern "C" {
    #[wasm_bindgen(js_name = clearPanel)]
    fn clear_panel(shadow: &ShadowRoot);
}

/// A panel mounted by the flow: its handle's `start()` and `destroy()`.
#[derive(Debug)]
struct Widget {
    handle: JsValue,
}

impl Widget {
    fn call(&self, name: &str) -> JsValue {
        let method: Function = get(&self.handle, name).unchecked_into();
        method.call0(&self.handle).expect(name)
    }

    async fn start(&self) {
        let started: js_sys::Promise = self.call("start").unchecked_into();
        wasm_bindgen_futures::JsFuture::from(started).await.expect("start() never rejects");
    }

    fn destroy(&self) {
        self.call("destroy");
    }
}

type CreateEngine = Closure<dyn Fn(Array, Option<String>, String) -> Result<Panel, JsValue>>;

thread_local! {
    /// The engine's maker, as index.js passes `(pairs, pageLang, pageBase) => new Panel(pairs, pageLang, pageBase)`:
    /// one for every mount.
    static CREATE_ENGINE: CreateEngine = Closure::new(|pairs: Array, lang: Option<String>, base: String| Panel::new(&pairs, lang, base));
}

/// Mounts as the module API does (src/js/index.js): the flow, with the engine made by `new Panel(pairs, pageLang, pageBase)`.
fn mount(element: Element, options: JsValue, subscriptions: Option<Function>) -> Result<Widget, JsValue> {
    let create: Function = CREATE_ENGINE.with(|create| create.as_ref().unchecked_ref::<Function>().clone());
    mount_panel(&create, &element, &options, subscriptions).map(|handle| Widget { handle })
}

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// Serves the manifest `body` from a blob: URL, so tests fetch a real response without a server: as the binary
/// record the shared reader makes of it, or as it is when it is no manifest.
fn blob_url(body: &str) -> String {
    let parts = match related_news::manifest::parse_str(body) {
        // A record with its articles' term vectors, as the builder and the reader module write them.
        Ok(loaded) => {
            let record = related_news::rank::build::IndexBuilder::new(loaded.manifest, related_news::rank::FieldWeights::default()).finish_as_record();
            Array::of1(&js_sys::Uint8Array::from(related_news::manifest::record::encode(&record).as_slice()))
        }
        Err(_) => Array::of1(&JsValue::from_str(body)),
    };
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).expect("blob");
    web_sys::Url::create_object_url_with_blob(&blob).expect("object URL")
}

fn host() -> Element {
    let element = document().create_element("div").expect("div");
    document().body().expect("body").append_child(&element).expect("append");
    element
}

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &JsValue::from_str(key), value).expect("set");
    }
    object.into()
}

async fn mounted(manifest: &str, extra: &[(&str, JsValue)]) -> (Element, Widget) {
    mounted_with(manifest, extra, None).await
}

async fn mounted_with(manifest: &str, extra: &[(&str, JsValue)], loader: Option<&JsValue>) -> (Element, Widget) {
    let element = host();
    let mut pairs = vec![("manifest", JsValue::from_str(manifest)), ("eager", JsValue::TRUE)];
    pairs.extend_from_slice(extra);
    let widget = mount(element.clone(), options(&pairs), loader.map(load_function)).expect("mounted");
    // The module API starts an eager panel at once (src/js/index.js), and resolves once it is shown.
    widget.start().await;
    (element, widget)
}

/// The stand-in loader's `load`, as index.js passes its `loadSubscriptionModule` to `mount()`.
fn load_function(loader: &JsValue) -> Function {
    get(loader, "load").unchecked_into()
}

/// A stand-in for index.js's loader of the subscription module. `load()` resolves to a module whose
/// `showSubscription` answers with a panel that says it shows a form; it records, in order, each load and show
/// (`events`), what each panel asks for (`requests`) and whether each panel was destroyed (`panels`). With `hold`
/// set, loads wait until `release()`.
fn recording_loader() -> JsValue {
    let make = js_sys::Function::new_no_args(
        "const l = { events: [], requests: [], panels: [], pending: [], hold: false }; \
         l.module = { \
           showSubscription(host, request) { l.events.push('show'); l.requests.push(request); \
             const panel = { status: 'form', notes: ['a note from the module'], destroyed: false, \
               destroy() { this.destroyed = true; } }; \
             l.panels.push(panel); return panel; }, \
           flushOutbox() { l.events.push('flush'); } }; \
         l.load = () => { l.events.push('load'); \
           return l.hold ? new Promise((resolve) => l.pending.push(resolve)) : Promise.resolve(l.module); }; \
         l.release = () => { for (const resolve of l.pending.splice(0)) resolve(l.module); }; \
         return l;",
    );
    make.call0(&JsValue::NULL).expect("a loader")
}

fn events(loader: &JsValue) -> Vec<String> {
    get(loader, "events").unchecked_into::<Array>().iter().filter_map(|e| e.as_string()).collect()
}

/// Lets the browser run its tasks for `ms` milliseconds.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().expect("a window").set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("get")
}

fn length(value: &JsValue) -> u32 {
    value.unchecked_ref::<Array>().length()
}

fn shadow(element: &Element) -> ShadowRoot {
    element.shadow_root().expect("an open shadow root")
}

fn select_all(root: &ShadowRoot, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("selector");
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
}

fn ids(root: &ShadowRoot, selector: &str) -> Vec<String> {
    select_all(root, selector).iter().filter_map(|a| a.get_attribute("data-id")).collect()
}

#[wasm_bindgen_test]
async fn renders_related_articles_into_the_shadow_root() {
    let (element, widget) = mounted(&blob_url(SMALL_SITE), &[("article", "kerry".into())]).await;
    let root = shadow(&element);
    let related = ids(&root, "ul[part=related] a[part=related-link]");
    assert_eq!(related.first().map(String::as_str), Some("vilnius"), "{related:?}");
    assert!(related.contains(&"kazakh".to_string()));
    assert!(!related.contains(&"kerry".to_string()), "never itself");
    assert!(!related.iter().any(|id| id.starts_with("ru") || id.starts_with("az")), "same language only: {related:?}");
    let heading = root.query_selector("h2[part=heading]").expect("ok").expect("a heading");
    assert_eq!(heading.text_content().as_deref(), Some("Related articles"));
    let section = root.query_selector("section").expect("ok").expect("a section");
    assert_eq!(section.get_attribute("aria-labelledby").as_deref(), Some("related-heading"));
    let time = root.query_selector("a[data-id=vilnius] time").expect("ok").expect("a date");
    assert_eq!(time.get_attribute("datetime").as_deref(), Some("2011-12-05"));
    let img = root.query_selector("a[data-id=vilnius] img").expect("ok").expect("a thumbnail");
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
    assert_eq!(img.get_attribute("width").as_deref(), Some("640"));
    let external = root.query_selector("a[data-id=kazakh]").expect("ok").expect("the external link");
    assert_eq!(external.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
    let internal = root.query_selector("a[data-id=vilnius]").expect("ok").expect("internal link");
    assert_eq!(internal.get_attribute("rel"), None);
    // Relative URLs resolve against the manifest's address.
    assert!(internal.get_attribute("href").is_some_and(|h| h.ends_with("/articles/vilnius.html")));
    widget.destroy();
    assert_eq!(root.child_element_count(), 0, "destroy() empties the shadow root");
    assert!(!element.has_attribute("data-related-news-mounted"));
}

#[wasm_bindgen_test]
async fn azerbaijani_and_russian_panels() {
    let (element, _widget) = mounted(&blob_url(SMALL_SITE), &[("article", "az-vh".into()), ("lang", "az".into())]).await;
    let root = shadow(&element);
    assert_eq!(ids(&root, "a[part=related-link]"), ["az-vh2"], "İnsan hüquqları matches insan hüquqları");
    let heading = root.query_selector("h2").expect("ok").expect("heading");
    assert_eq!(heading.text_content().as_deref(), Some("Oxşar məqalələr"));

    let (element, _widget) = mounted(&blob_url(SMALL_SITE), &[("article", "ru-obse".into()), ("lang", "ru".into())]).await;
    let root = shadow(&element);
    assert!(ids(&root, "a[part=related-link]").is_empty(), "nothing shares a keyword with it");
    let heading = root.query_selector("h2").expect("ok").expect("heading");
    assert_eq!(heading.text_content().as_deref(), Some("Другие новости"), "only More news, in Russian");
    assert_eq!(ids(&root, "a[part=more-link]"), ["ru-prava"], "the other Russian article, nothing in English");
}

/// The widget maps three-letter language codes with the browser's `Intl.Locale` (the command line with its table):
/// a page or option that says `aze` is shown the Azerbaijani panel.
#[wasm_bindgen_test]
async fn three_letter_language_codes_through_the_browser() {
    use related_news::lang;
    for (three, two) in [("rus", "ru"), ("aze", "az"), ("azj", "az"), ("ukr", "uk"), ("lit", "lt"), ("eng", "en"), ("ger", "de"), ("cmn", "zh")] {
        assert_eq!(lang::primary(three), two, "{three}");
    }
    assert_eq!(lang::primary("RUS-ru"), "ru");
    assert_eq!(lang::primary("iw"), "he");
    assert_eq!(lang::primary("crh"), "crh", "no two-letter code");
    assert_eq!(lang::primary("tgl"), "tgl", "CLDR prefers fil, which is no ISO 639-1 code: kept as it is");
    assert_eq!(lang::primary("x1z"), "x1z", "not a code the browser takes");
    let (element, _widget) = mounted(&blob_url(SMALL_SITE), &[("article", "az-vh".into()), ("lang", "aze".into())]).await;
    let heading = shadow(&element).query_selector("h2").expect("ok").expect("heading");
    assert_eq!(heading.text_content().as_deref(), Some("Oxşar məqalələr"));
}

#[wasm_bindgen_test]
async fn options_from_a_js_object() {
    let topics = Array::of1(&JsValue::from_str("rights"));
    let (element, _widget) = mounted(
        &blob_url(SMALL_SITE),
        &[
            ("article", "kerry".into()),
            ("limit", JsValue::from_f64(1.0)),
            ("moreNews", JsValue::from_f64(0.0)),
            ("excludeTopics", topics.into()),
            ("utmSource", "widget".into()),
            ("heading", "Read next".into()),
        ],
    )
    .await;
    let root = shadow(&element);
    let links = select_all(&root, "a");
    assert_eq!(links.len(), 1, "limit 1 and no More news");
    assert_eq!(links[0].get_attribute("data-id").as_deref(), Some("kazakh"), "vilnius has the excluded topic");
    assert!(links[0].get_attribute("href").is_some_and(|h| h.contains("utm_source=widget")));
    assert_eq!(root.query_selector("h2").ok().flatten().and_then(|h| h.text_content()).as_deref(), Some("Read next"));
}

#[wasm_bindgen_test]
async fn hostile_entries_are_dropped_and_markup_stays_text() {
    let (element, _widget) = mounted(&blob_url(HOSTILE), &[("article", "a".into())]).await;
    let root = shadow(&element);
    let related = ids(&root, "a[part=related-link]");
    assert!(related.contains(&"b".to_string()) && related.contains(&"f".to_string()), "{related:?}");
    assert!(!related.contains(&"c".to_string()) && !related.contains(&"e".to_string()));
    for anchor in select_all(&root, "a") {
        let href = anchor.get_attribute("href").unwrap_or_default().to_ascii_lowercase();
        assert!(href.starts_with("http"), "{href}");
    }
    assert!(select_all(&root, "img").is_empty(), "no markup from titles and no data: picture");
    let title = root.query_selector("a[data-id=b] .title").expect("ok").expect("title");
    assert!(title.text_content().unwrap_or_default().starts_with("<img src=x"));
}

#[wasm_bindgen_test]
async fn bad_index_files_hide_the_panel() {
    // Texts that are no manifest (the JSON reader module is not loaded here, and would refuse them too), and binary
    // records cut short.
    for body in ["{\"version\":1,", "[1,2]", "{\"version\":9,\"articles\":[]}", "{\"articles\":[]}", "RNR\u{1}\u{5}"] {
        let (element, _widget) = mounted(&blob_url(body), &[("article", "x".into())]).await;
        assert_eq!(shadow(&element).child_element_count(), 0, "{body}: the panel is hidden");
    }
    // Nothing listens on port 9: the fetch fails at once.
    let (element, _widget) = mounted("http://127.0.0.1:9/manifest.json", &[]).await;
    assert_eq!(shadow(&element).child_element_count(), 0);
}

#[wasm_bindgen_test]
async fn unknown_article_falls_back_to_more_news() {
    let (element, _widget) = mounted(&blob_url(SMALL_SITE), &[("article", "not-there".into())]).await;
    let root = shadow(&element);
    let more = ids(&root, "a[part=more-link]");
    assert_eq!(more.len(), 4, "the English articles, up to the limit of 5: {more:?}");
    assert_eq!(more[0], "kazakh", "newest first");
    // The flow's own modules are the ones beside it: the renderer clears what it rendered.
    wasm_bindgen_futures::JsFuture::from(yield_to_browser()).await.expect("a turn");
    clear_panel(&root);
    assert!(select_all(&root, "a").is_empty());
}

#[wasm_bindgen_test]
async fn a_missing_manifest_option_throws_an_error() {
    let error = mount(host(), options(&[("article", "x".into())]), None).expect_err("must throw");
    let error: js_sys::Error = error.dyn_into().expect("a real Error");
    assert!(String::from(error.message()).contains("\"manifest\" option is required"));
}

#[wasm_bindgen_test]
async fn mounting_twice_is_refused_until_destroyed() {
    let url = blob_url(SMALL_SITE);
    let (element, widget) = mounted(&url, &[("article", "kerry".into())]).await;
    let again = mount(element.clone(), options(&[("manifest", url.as_str().into())]), None);
    assert!(again.is_err());
    widget.destroy();
    let third = mount(element.clone(), options(&[("manifest", url.as_str().into()), ("eager", JsValue::TRUE), ("article", "kerry".into())]), None).expect("mounted again");
    third.start().await;
    assert!(!ids(&shadow(&element), "a[part=related-link]").is_empty());
    // Started once: a second start() does nothing, and a destroyed panel's start() renders nothing.
    third.start().await;
    third.destroy();
    third.start().await;
    assert_eq!(shadow(&element).child_nodes().length(), 0);
}

#[wasm_bindgen_test]
async fn the_subscription_module_is_asked_for_one_panel_per_page() {
    let loader = recording_loader();
    let endpoint = ("subscribeEndpoint", JsValue::from_str("/api/subscribe"));
    let manifest = blob_url(SMALL_SITE);
    let (element, widget) = mounted_with(&manifest, &[("article", "kerry".into()), ("lang", "ru".into()), endpoint.clone()], Some(&loader)).await;
    let requests = get(&loader, "requests");
    assert_eq!(length(&requests), 1, "the first panel asks for the subscription panel");
    assert_eq!(events(&loader), ["load", "load", "show"], "with an endpoint, the module starts loading while the index does");
    let request = Reflect::get_u32(&requests, 0).expect("request");
    assert_eq!(get(&request, "lang").as_string().as_deref(), Some("ru"));
    assert_eq!(get(&request, "manifestUrl").as_string().as_deref(), Some(manifest.as_str()));
    // The options as `[name, text]` pairs, as the panel read them.
    let options: Vec<(String, String)> = get(&request, "options")
        .unchecked_into::<Array>()
        .iter()
        .map(|pair| {
            let pair: Array = pair.unchecked_into();
            (pair.get(0).as_string().expect("a name"), pair.get(1).as_string().expect("a text"))
        })
        .collect();
    assert!(options.contains(&("subscribeEndpoint".to_string(), "/api/subscribe".to_string())), "{options:?}");
    assert!(options.contains(&("eager".to_string(), "true".to_string())), "{options:?}");
    let topics: Vec<String> = get(&request, "topics").unchecked_into::<Array>().iter().map(|t| get(&t, "id").as_string().expect("an id")).collect();
    assert_eq!(topics, ["rights"], "the index's topics");
    let article_topics: Vec<String> = get(&request, "articleTopics").unchecked_into::<Array>().iter().filter_map(|t| t.as_string()).collect();
    assert_eq!(article_topics, ["rights"], "the article's topics");
    assert!(shadow(&element).query_selector("a[data-id]").expect("ok").is_some(), "the related articles are there");

    // One form per page: a second panel does not ask, unless it asks for one with `subscribe: true`.
    let (_, second) = mounted_with(&manifest, &[("article", "vilnius".into()), endpoint.clone()], Some(&loader)).await;
    assert_eq!(length(&get(&loader, "requests")), 1, "one form per page");
    second.destroy();
    let (_, third) = mounted_with(&manifest, &[("article", "vilnius".into()), endpoint.clone(), ("subscribe", JsValue::TRUE)], Some(&loader)).await;
    assert_eq!(length(&get(&loader, "requests")), 2, "asked for explicitly");
    third.destroy();
    let panels = get(&loader, "panels");
    assert_eq!(get(&Reflect::get_u32(&panels, 1).expect("panel"), "destroyed"), JsValue::TRUE, "destroy() destroys the module's panel");
    assert_eq!(get(&Reflect::get_u32(&panels, 0).expect("panel"), "destroyed"), JsValue::FALSE);
    widget.destroy();
    assert_eq!(get(&Reflect::get_u32(&panels, 0).expect("panel"), "destroyed"), JsValue::TRUE);
}

#[wasm_bindgen_test]
async fn the_subscription_module_is_not_loaded_without_a_way_to_subscribe() {
    let loader = recording_loader();
    let endpoint = ("subscribeEndpoint", JsValue::from_str("/api/subscribe"));
    let (_, first) = mounted_with(&blob_url(SMALL_SITE), &[("article", "kerry".into()), endpoint, ("subscribe", JsValue::FALSE)], Some(&loader)).await;
    first.destroy();
    // No endpoint, and the fixture's topic has no feed: nothing to offer, so the module is not even loaded.
    let (_, second) = mounted_with(&blob_url(SMALL_SITE), &[("article", "kerry".into())], Some(&loader)).await;
    second.destroy();
    assert_eq!(length(&get(&loader, "requests")), 0, "turned off, or nothing to offer");
    assert!(events(&loader).is_empty(), "no endpoint, or turned off: nothing loaded ahead");
    // A topic with a feed is something to offer.
    let with_feed = SMALL_SITE.replacen("\"id\":\"rights\",", "\"id\":\"rights\",\"feed\":\"https://news.example/rights.xml\",", 1);
    assert_ne!(with_feed, SMALL_SITE, "the fixture's topic was found");
    let (_, third) = mounted_with(&blob_url(&with_feed), &[("article", "kerry".into())], Some(&loader)).await;
    third.destroy();
    assert_eq!(length(&get(&loader, "requests")), 1, "the feeds are offered");
}

#[wasm_bindgen_test]
async fn a_panel_destroyed_while_the_subscription_module_loads_shows_and_says_nothing() {
    let loader = recording_loader();
    Reflect::set(&loader, &JsValue::from_str("hold"), &JsValue::TRUE).expect("set");
    let element = host();
    let ready = std::rc::Rc::new(std::cell::Cell::new(false));
    let seen = ready.clone();
    let _listener = gloo_events::EventListener::new(&element, "related-news:ready", move |_| seen.set(true));
    // Started without waiting for it, as the module API starts a panel that nears the viewport: it can be destroyed
    // midway.
    let pairs = [
        ("manifest", JsValue::from_str(&blob_url(SMALL_SITE))),
        ("article", "kerry".into()),
        ("subscribeEndpoint", "/api/subscribe".into()),
    ];
    let widget = mount(element.clone(), options(&pairs), Some(load_function(&loader))).expect("mounted");
    let _started = widget.call("start");
    for _ in 0..200 {
        if events(&loader).len() >= 2 {
            break;
        }
        pause(10).await;
    }
    assert_eq!(events(&loader), ["load", "load"], "the panel waits for the module to show its form");
    widget.destroy();
    js_sys::Reflect::get(&loader, &JsValue::from_str("release")).expect("release").unchecked_into::<js_sys::Function>().call0(&loader).expect("released");
    pause(50).await;
    assert_eq!(events(&loader), ["load", "load"], "a destroyed panel does not ask the module to show anything");
    assert!(!ready.get(), "nor announce itself");
    assert_eq!(shadow(&element).child_nodes().length(), 0);
}

/// In the browser, numbers past the parser's exact fast path go to the engine's own float parser: the same `f64`
/// the standard library (and so the CLI) gives, to the bit.
#[wasm_bindgen_test]
fn the_widgets_json_parser_rounds_floats_as_the_cli_does() {
    let cases: [(&str, u64); 6] = [
        ("0.1", 0.1f64.to_bits()),
        ("5e-324", 1),
        ("1.7976931348623157e308", f64::MAX.to_bits()),
        ("9007199254740993.0", 9_007_199_254_740_992f64.to_bits()),
        ("2.2250738585072011e-308", 0x000f_ffff_ffff_ffff),
        ("123456789012345678901234567890", 0x45f8_ee90_ff6c_373e),
    ];
    for (text, bits) in cases {
        let value = related_news::json_text::parse(text).expect("a number");
        assert_eq!(value.as_f64().map(f64::to_bits), Some(bits), "{text}");
    }
    assert!(related_news::json_text::parse("1e400").is_err(), "beyond f64 is an error, as natively");
}

/// The panel works out its records' page keys with the shared RFC 3986 code for plain references: for each of them,
/// the key must be the one the browser's own URL parser gives.
#[wasm_bindgen_test]
fn plain_references_resolve_to_the_browsers_page_keys() {
    let parts = ["a", "b.html", "..", ".", "", "index.html", "x-y_z~1", "(1)", "a;b=c", "q?x=1&y=2", "#top", "?page=2", "p+q,r@s!t$u*v"];
    let bases = ["https://site.example/news/index.json", "http://127.0.0.1:8133/f/index.json", "https://site.example/", "https://site.example/a/b/c?q=1#f"];
    let mut compared = 0;
    for base in bases {
        for first in parts {
            for second in parts {
                for reference in [format!("{first}/{second}"), format!("/{first}/{second}"), format!("{first}{second}"), format!("https://other.example/{first}/{second}")] {
                    if !related_news::url::is_plain_reference(&reference) {
                        continue;
                    }
                    let ours = related_news::url::page_key(&related_news::url::resolve(Some(base), &reference));
                    let browser = web_sys::Url::new_with_base(&reference, base).expect("a URL").href();
                    assert_eq!(ours, related_news::url::page_key(&browser), "{reference} against {base}");
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 2000, "{compared} references compared");
}

/// The ranking's logarithm and exponential give, in the browser, the bits they give natively, where the platforms'
/// own maths libraries differ: a score at a threshold or a tie then falls the same way in the widget and in `related`.
#[wasm_bindgen_test]
fn ranking_maths_gives_the_native_bits() {
    for (function, input, bits) in related_news::math::SAME_EVERYWHERE {
        assert_eq!(function(input).to_bits(), bits, "{input}");
    }
}
