//! The panel's side of the subscription module: loading it, what the panel asks it to show, and what it gets back.
//!
//! The subscription form, its sending and its offline queue are a wasm module of their own (`src/web/subscribe`,
//! built with the `subscribe-panel` feature). The module API (`src/js/index.js`) hands `mount()` the function that
//! loads it (once per page), which the panel calls the first time it has a subscription panel to show or a queued
//! submission to send. Loading and showing are two steps, so a panel destroyed while the module loads shows nothing.

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use super::browser::{js_message, load_module, warn};
use super::dom::js_object;
use crate::manifest::model::Topic;
use crate::subscribe::queue::STORAGE_KEY;

#[wasm_bindgen]
extern "C" {
    /// The subscription module as `src/js/index.js` loads it (its exports, src/web/subscribe/entry.rs).
    type SubscriptionModule;
    /// Renders the subscription panel into `host`'s shadow root and returns it.
    #[wasm_bindgen(method, catch, js_name = showSubscription)]
    fn show_subscription(this: &SubscriptionModule, host: &Element, request: &JsValue) -> Result<JsValue, JsValue>;
    /// Sends what the offline queue holds.
    #[wasm_bindgen(method, catch, js_name = flushOutbox)]
    fn flush_outbox(this: &SubscriptionModule) -> Result<(), JsValue>;

    /// The module's `SubscriptionPanel`.
    pub type SubscriptionPanel;
    /// Removes the panel it rendered and its listeners; what it queued stays queued.
    #[wasm_bindgen(method, catch)]
    fn destroy(this: &SubscriptionPanel) -> Result<(), JsValue>;
}

/// Calls the loader (index.js's `loadSubscriptionModule`); its promise is the module, once loaded and started. A
/// load that takes longer than `time_limit_ms` fails, so the panel's `ready` event is never held back for good.
async fn load(loader: &Function, time_limit_ms: u32) -> Result<SubscriptionModule, JsValue> {
    Ok(load_module(loader, time_limit_ms, "subscription module").await?.unchecked_into())
}

/// What the subscription module needs to build its panel. The keys are read by `entry::read_request` on the other
/// side: `options` (the options `mount()` was given, as `[name, text]` pairs), `topics` (the index's topics), `articleTopics` (the page's
/// article's), `manifestUrl` (the index's address, which topic feeds are relative to) and `lang` (the panel's).
pub struct Request<'a> {
    pub options: &'a Array,
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
            ("options", self.options.into()),
            ("topics", topics.into()),
            ("articleTopics", article_topics.into()),
            ("manifestUrl", JsValue::from_str(self.manifest_url)),
            ("lang", JsValue::from_str(self.lang)),
        ])
    }
}

/// What showing came to: the module's panel (to destroy with the widget), what it shows ("form", "feeds" or
/// "none"), and its notes for the panel's one console warning.
pub struct Shown {
    pub panel: SubscriptionPanel,
    pub status: &'static str,
    pub notes: Vec<String>,
}

/// Loads the subscription module (once per page, within `time_limit_ms`) and, unless `still_wanted` says the panel
/// was destroyed meanwhile, has it render its panel into `host`'s shadow root. `Ok(None)`: nothing was shown.
pub async fn show(
    loader: &Function,
    time_limit_ms: u32,
    host: &Element,
    request: &Request<'_>,
    still_wanted: impl Fn() -> bool,
) -> Result<Option<Shown>, JsValue> {
    let module = load(loader, time_limit_ms).await?;
    if !still_wanted() {
        return Ok(None);
    }
    let panel = module.show_subscription(host, &request.to_js())?;
    // Read field by field, so a module of another release, shaped differently, is a note and not an exception.
    let field = |name: &str| js_sys::Reflect::get(&panel, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let status = match field("status").as_string().as_deref() {
        Some("form") => "form",
        Some("feeds") => "feeds",
        _ => "none",
    };
    let notes = field("notes").dyn_into::<Array>().map(|list| list.iter().filter_map(|n| n.as_string()).collect()).unwrap_or_default();
    Ok(Some(Shown { panel: panel.unchecked_into(), status, notes }))
}

/// Removes a panel the module rendered; a module that cannot is left to the shadow root's clearing.
pub fn destroy(panel: &SubscriptionPanel) {
    let _ = panel.destroy();
}

/// Whether the offline queue holds submissions an earlier page could not send. Only then is the subscription
/// module loaded on a page that shows no form.
pub fn queue_waiting() -> bool {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    storage.and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).is_some_and(|text| !text.is_empty())
}

/// Has the subscription module send what the offline queue holds; a failure to load it waits for a later page (or
/// for a subscription panel on this one, whose module sends the queue when it starts).
pub fn flush_queue(loader: Function, time_limit_ms: u32) {
    wasm_bindgen_futures::spawn_local(async move {
        let sent = match load(&loader, time_limit_ms).await {
            Ok(module) => module.flush_outbox(),
            Err(error) => Err(error),
        };
        if let Err(error) = sent {
            warn(&format!("queued subscriptions are not sent yet: {}", js_message(&error)));
        }
    });
}
