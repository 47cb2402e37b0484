//! The panel's side of the subscription module: what it asks that module to show, and what it gets back.
//!
//! The subscription form, its sending and its offline queue are a wasm module of their own (`src/web/subscribe`,
//! built with the `subscribe-panel` feature). The module API (`src/js/index.js`) hands `mount()` a loader for it,
//! which downloads it the first time a panel has a subscription panel to show, or a queued submission to send.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use super::dom::js_object;
use crate::manifest::model::Topic;
use crate::subscribe::queue::STORAGE_KEY;

#[wasm_bindgen]
extern "C" {
    /// `src/js/index.js`'s loader of the subscription module: `show(host, request)` resolves to the panel it
    /// rendered into `host`'s shadow root, `flush()` sends what the offline queue holds, `preload()` only loads it.
    #[derive(Clone)]
    pub type SubscriptionLoader;
    #[wasm_bindgen(method, catch)]
    fn show(this: &SubscriptionLoader, host: &Element, request: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn flush(this: &SubscriptionLoader) -> Result<Promise, JsValue>;
    /// Starts loading the module without showing anything; a failure is left for `show` to report.
    #[wasm_bindgen(method, catch, js_name = preload)]
    fn start_loading(this: &SubscriptionLoader) -> Result<JsValue, JsValue>;

    /// The subscription module's `SubscriptionPanel` (src/web/subscribe/entry.rs).
    pub type SubscriptionPanel;
    /// "form", "feeds" or "none": what the module rendered.
    #[wasm_bindgen(method, getter)]
    fn status(this: &SubscriptionPanel) -> String;
    /// Why it shows less than it was asked to (for the panel's one console warning).
    #[wasm_bindgen(method, getter)]
    fn notes(this: &SubscriptionPanel) -> Vec<String>;
    /// Removes its listeners; it keeps what it queued.
    #[wasm_bindgen(method)]
    pub fn destroy(this: &SubscriptionPanel);
}

/// What the subscription module needs to build its panel. The keys are read by `entry::read_request` on the other
/// side: `options` (the options `mount()` was given), `topics` (the index's topics), `articleTopics` (the page's
/// article's), `manifestUrl` (the index's address, which topic feeds are relative to) and `lang` (the panel's).
pub struct Request<'a> {
    pub options: &'a JsValue,
    pub topics: &'a [Topic],
    pub article_topics: &'a [String],
    pub manifest_url: &'a str,
    pub lang: &'a str,
}

impl Request<'_> {
    fn to_js(&self) -> JsValue {
        // The topics as the index has them: id, labels by language, feed (the other side reads them with the
        // index's own reader).
        let topics: Array = self
            .topics
            .iter()
            .map(|topic| {
                let labels: Vec<(&str, JsValue)> = topic.labels.iter().map(|(lang, label)| (lang.as_str(), JsValue::from_str(label))).collect();
                let mut fields = vec![("id", JsValue::from_str(&topic.id)), ("labels", js_object(&labels))];
                fields.extend(topic.feed.as_deref().map(|feed| ("feed", JsValue::from_str(feed))));
                js_object(&fields)
            })
            .collect();
        let article_topics: Array = self.article_topics.iter().map(|t| JsValue::from_str(t)).collect();
        js_object(&[
            ("options", self.options.clone()),
            ("topics", topics.into()),
            ("articleTopics", article_topics.into()),
            ("manifestUrl", JsValue::from_str(self.manifest_url)),
            ("lang", JsValue::from_str(self.lang)),
        ])
    }
}

/// What showing came to: the module's panel (to destroy with the widget), what it shows, and its notes.
pub struct Shown {
    pub panel: SubscriptionPanel,
    pub status: String,
    pub notes: Vec<String>,
}

/// Loads the subscription module (once per page) and has it render its panel into `host`'s shadow root.
pub async fn show(loader: &SubscriptionLoader, host: &Element, request: &Request<'_>) -> Result<Shown, JsValue> {
    let promise = loader.show(host, &request.to_js())?;
    let panel: SubscriptionPanel = JsFuture::from(promise).await?.unchecked_into();
    Ok(Shown { status: panel.status(), notes: panel.notes(), panel })
}

/// Starts downloading the subscription module while the panel loads its index, when a form is to be shown: the
/// subscription panel then usually renders in the same task as the related articles (no second layout shift).
pub fn preload(loader: &SubscriptionLoader) {
    // A failure to load is reported by `show`, which tries again.
    let _ = loader.start_loading();
}

/// Whether the offline queue holds submissions an earlier page could not send. Only then is the subscription
/// module loaded on a page that shows no form.
pub fn queue_waiting() -> bool {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    storage.and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).is_some_and(|text| !text.is_empty())
}

/// Has the subscription module send what the offline queue holds; a failure to load it waits for the next page.
pub fn flush_queue(loader: &SubscriptionLoader) {
    match loader.flush() {
        Ok(promise) => wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = JsFuture::from(promise).await {
                super::browser::warn(&format!("queued subscriptions are not sent yet: {}", super::browser::js_message(&error)));
            }
        }),
        Err(error) => super::browser::warn(&format!("queued subscriptions are not sent yet: {}", super::browser::js_message(&error))),
    }
}
