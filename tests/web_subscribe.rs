//! Browser tests of the subscription module (built with the `subscribe-panel` feature): the panel it renders for
//! what the related-articles panel asks (the form, the feeds, or nothing and why), in several languages, and its
//! `destroy()`. Run with `wasm-pack test --headless --chrome -- --features subscribe-panel --test web_subscribe`.
#![cfg(all(target_arch = "wasm32", feature = "subscribe-panel"))]
#![allow(clippy::expect_used)]

use js_sys::{Array, Object, Reflect};
use related_news::web::{show_subscription, SubscriptionPanel};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, ShadowRoot, ShadowRootInit, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// A mount point with the open shadow root the related-articles panel gives it.
fn host() -> (Element, ShadowRoot) {
    let element = document().create_element("div").expect("div");
    document().body().expect("body").append_child(&element).expect("append");
    let shadow = element.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).expect("shadow root");
    (element, shadow)
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &JsValue::from_str(key), value).expect("set");
    }
    object.into()
}

fn strings(items: &[&str]) -> JsValue {
    items.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into()
}

/// The index's topics as the panel passes them: plain objects, as JSON has them.
fn topics(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("topics")
}

const TOPICS: &str = r#"[{"id":"elections","labels":{"en":"Elections"}},
  {"id":"rights","labels":{"en":"Human rights","ru":"Права человека","az":"İnsan hüquqları"}}]"#;

/// Options as the related-articles panel passes them: `[name, text]` pairs.
fn pairs(options: &[(&str, &str)]) -> JsValue {
    options.iter().map(|(name, text)| Array::of2(&JsValue::from_str(name), &JsValue::from_str(text))).collect::<Array>().into()
}

/// What the related-articles panel sends: its options, the index's topics, the article's, the index's URL, the
/// panel's language.
fn request(options: &[(&str, &str)], topics_json: &str, article_topics: &[&str], lang: &str) -> JsValue {
    object(&[
        ("options", pairs(options)),
        ("topics", topics(topics_json)),
        ("articleTopics", strings(article_topics)),
        ("manifestUrl", JsValue::from_str("https://news.example/rn/r/abc.json")),
        ("lang", JsValue::from_str(lang)),
    ])
}

fn manifest() -> (&'static str, &'static str) {
    ("manifest", "/rn/index.json")
}

fn endpoint() -> (&'static str, &'static str) {
    ("subscribeEndpoint", "/api/subscribe")
}

fn text_of(root: &ShadowRoot, selector: &str) -> Option<String> {
    root.query_selector(selector).expect("selector").and_then(|el| el.text_content())
}

fn values(root: &ShadowRoot, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("selector");
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()?.get_attribute("value")).collect()
}

fn show(host: &Element, request: &JsValue) -> SubscriptionPanel {
    show_subscription(host.clone(), request.clone()).expect("shown")
}

#[wasm_bindgen_test]
fn the_form_follows_the_article_and_the_language() {
    let (element, root) = host();
    let mut panel = show(&element, &request(&[manifest(), endpoint()], TOPICS, &["rights"], "en"));
    assert_eq!(panel.status(), "form");
    assert!(panel.notes().is_empty(), "{:?}", panel.notes());
    assert!(root.query_selector("form[part=subscribe]").expect("ok").is_some(), "a form");
    assert_eq!(text_of(&root, "h2[part=subscribe-heading]").as_deref(), Some("Subscribe to our updates"));
    assert_eq!(values(&root, "input[name=topics]"), ["rights", "elections"], "the article's topics come first");
    let rights: web_sys::HtmlInputElement =
        root.query_selector("input[name=topics][value=rights]").expect("ok").expect("the topic").dyn_into().expect("input");
    assert!(rights.checked(), "the article's topic is ticked");
    assert_eq!(text_of(&root, "label:has(input[value=rights]) span").as_deref(), Some("Human rights"));
    assert_eq!(values(&root, "input[name=types]"), ["news", "reports", "events"]);
    assert!(root.query_selector("input#website[tabindex='-1']").expect("ok").is_some(), "the honeypot is out of the tab order");
    assert!(root.adopted_style_sheets().length() > 0, "styled under a strict CSP too");
    root.append_child(&document().create_element("p").expect("p")).expect("the related panel's stand-in");
    panel.destroy();
    assert!(root.query_selector("section[part=subscribe-panel]").expect("ok").is_none(), "destroy() removes the panel it rendered");
    assert!(root.query_selector("p").expect("ok").is_some(), "and only that");

    for (lang, heading, submit, label) in [
        ("ru", "Подпишитесь на наши новости", "Подписаться", "Права человека"),
        ("az", "Yeniliklərimizə abunə olun", "Abunə ol", "İnsan hüquqları"),
        // A topic without a German label is shown by its English one.
        ("de", "Abonnieren Sie unsere Neuigkeiten", "Abonnieren", "Human rights"),
    ] {
        let (element, root) = host();
        let mut panel = show(&element, &request(&[manifest(), endpoint()], TOPICS, &[], lang));
        assert_eq!(text_of(&root, "h2[part=subscribe-heading]").as_deref(), Some(heading));
        assert_eq!(text_of(&root, "button[part=subscribe-button]").as_deref(), Some(submit));
        assert_eq!(text_of(&root, "label:has(input[value=rights]) span").as_deref(), Some(label));
        let section = root.query_selector("section[part=subscribe-panel]").expect("ok").expect("section");
        assert_eq!(section.get_attribute("lang").as_deref(), Some(lang));
        panel.destroy();
    }
}

#[wasm_bindgen_test]
fn without_an_endpoint_the_feeds_are_offered_and_without_feeds_nothing() {
    let with_feed = r#"[{"id":"rights","labels":{"en":"Human rights"},"feed":"../feeds/rights.xml"},{"id":"sports"}]"#;
    let (element, root) = host();
    let mut panel = show(&element, &request(&[manifest()], with_feed, &[], "en"));
    assert_eq!(panel.status(), "feeds");
    let feed = root.query_selector("ul[part=subscribe-feeds] a[part=feed-link]").expect("ok").expect("a feed link");
    assert_eq!(feed.get_attribute("href").as_deref(), Some("https://news.example/rn/feeds/rights.xml"), "resolved against the index");
    assert_eq!(feed.text_content().as_deref(), Some("Human rights"));
    panel.destroy();

    // Asked for explicitly, with nothing to offer: no panel, and a note saying why.
    let (element, root) = host();
    let panel = show(&element, &request(&[manifest(), ("subscribe", "true")], TOPICS, &[], "en"));
    assert_eq!(panel.status(), "none");
    assert_eq!(panel.notes(), [related_news::subscribe::NO_WAY_TO_SUBSCRIBE]);
    assert_eq!(root.child_nodes().length(), 0);

    // An endpoint that is not http(s) falls back to the feeds, and says so.
    let (element, _) = host();
    let panel = show(&element, &request(&[manifest(), ("subscribeEndpoint", "javascript:alert(1)")], with_feed, &[], "en"));
    assert_eq!(panel.status(), "feeds");
    assert!(panel.notes().iter().any(|note| note.contains("not an http(s) URL")), "{:?}", panel.notes());
}

#[wasm_bindgen_test]
fn a_request_it_cannot_read_is_an_error_not_a_panic() {
    let (element, root) = host();
    let error = show_subscription(element.clone(), JsValue::from_str("not a request")).expect_err("refused");
    assert!(error.is_instance_of::<js_sys::Error>(), "a real Error");
    let bad_topics = object(&[("options", pairs(&[manifest()])), ("topics", JsValue::from_str("rights")), ("articleTopics", strings(&[])), ("manifestUrl", "/x".into()), ("lang", "en".into())]);
    assert!(show_subscription(element, bad_topics).is_err(), "topics that are not a list");
    assert_eq!(root.child_nodes().length(), 0);
}
