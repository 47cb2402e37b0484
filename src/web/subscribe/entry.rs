//! What the subscription module exports: `showSubscription` renders the panel the related-articles panel asks for
//! (its side is `showSubscription` in `src/js/panel.js`), `flushOutbox` sends what the offline queue holds.

use std::rc::Rc;

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use super::outbox;
use super::render::render;
use super::submit::{Sending, SubscribePanel};
use crate::manifest::model::Topic;
use crate::options::parse_options;
use crate::subscribe::{build_subscribe, SubscribeMode};
use crate::web::browser::{js_error, js_message, location_url, pairs_of, resolve_against};
use crate::web::dom;

thread_local! {
    /// Whether this module has sent what the offline queue held when it started.
    static SENT_QUEUE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The panel the module rendered, as the related-articles panel holds it until `destroy()`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct SubscriptionPanel {
    host: Element,
    panel: Option<Rc<SubscribePanel>>,
    status: &'static str,
    notes: Vec<String>,
}

#[wasm_bindgen]
impl SubscriptionPanel {
    /// "form", "feeds" or "none": what was rendered.
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> String {
        self.status.to_string()
    }

    /// Why less was shown than asked for, for the related-articles panel's one console warning.
    #[wasm_bindgen(getter)]
    pub fn notes(&self) -> Vec<String> {
        self.notes.clone()
    }

    /// Removes the panel it rendered and releases the form's listeners; what it queued stays queued and is sent by
    /// a later page.
    pub fn destroy(&mut self) {
        if let Some(panel) = self.panel.take() {
            panel.release();
        }
        let section = self.host.shadow_root().and_then(|root| root.query_selector("section[part=subscribe-panel]").ok().flatten());
        if let Some(section) = section {
            section.remove();
        }
    }
}

/// What the related-articles panel sends (`showSubscription` in `src/js/panel.js`, with the topics from the engine's
/// `Panel::subscription`).
struct Request {
    /// The options `mount()` was given, as `[name, text]` pairs, read again here by the same parser.
    options: Vec<(String, String)>,
    topics: Vec<Topic>,
    article_topics: Vec<String>,
    manifest_url: String,
    lang: String,
}

/// Reads the request field by field (serde-wasm-bindgen's reader of JSON values would add 37 KB gzipped to this
/// module, measured).
fn read_request(request: &JsValue) -> Result<Request, JsValue> {
    let get = |key: &str| Reflect::get(request, &JsValue::from_str(key));
    let text = |key: &str| -> Result<String, JsValue> { get(key)?.as_string().ok_or_else(|| js_error(format!("the request's {key} is not a string"))) };
    // The topics come as the index holds them and are read by the index's own reader, through JSON text; a topic
    // without an id is left out, as the index's reader leaves it out.
    let topics_json = js_sys::JSON::stringify(&get("topics")?).map(String::from).map_err(|e| js_error(js_message(&e)))?;
    let topics = match crate::json_text::parse(&topics_json) {
        Ok(serde_json::Value::Array(entries)) => entries.iter().filter_map(|entry| Topic::from_json(entry, &mut Vec::new()).ok()).collect(),
        _ => return Err(js_error("the request's topics are not a list")),
    };
    let article_topics = get("articleTopics")?.dyn_into::<Array>().map(|list| list.iter().filter_map(|t| t.as_string()).collect()).unwrap_or_default();
    let options = get("options")?.dyn_into::<Array>().map_err(|_| js_error("the request's options are not a list of pairs"))?;
    Ok(Request { options: pairs_of(&options), topics, article_topics, manifest_url: text("manifestUrl")?, lang: text("lang")? })
}

/// Renders the subscription panel into `host`'s shadow root, after what is there: the form when the options name
/// an endpoint, else the topics' feeds, else nothing (with a note saying why).
#[wasm_bindgen(js_name = showSubscription)]
pub fn show_subscription(host: Element, request: JsValue) -> Result<SubscriptionPanel, JsValue> {
    // Subscriptions an earlier page could not send go out once this module runs (the panel loads it for them alone
    // when it shows no form; a page whose first try to load it failed sends them here).
    SENT_QUEUE.with(|sent| {
        if !sent.replace(true) {
            outbox::flush(true);
        }
    });
    let request = read_request(&request)?;
    let document = host.owner_document().ok_or_else(|| js_error("the element is not in a document"))?;
    let shadow = host.shadow_root().ok_or_else(|| js_error("the element has no panel to add to"))?;
    // The related-articles panel has read these options and warned about them already.
    let (options, _) = parse_options(request.options.clone()).map_err(|e| js_error(e.to_string()))?;
    let base = document.base_uri().ok().flatten().unwrap_or_default();
    let page_origin = document.location().and_then(|l| l.origin().ok()).unwrap_or_default();
    let resolve_option = |href: &str| resolve_against(&base, href, &base, &page_origin);
    let resolve = |href: &str| resolve_against(&request.manifest_url, href, &base, &page_origin);
    let mut notes = Vec::new();
    let view = build_subscribe(&request.topics, &request.article_topics, &options.subscribe, &request.lang, &resolve_option, &resolve, &mut notes);
    let Some(view) = view else { return Ok(SubscriptionPanel { host, panel: None, status: "none", notes }) };
    let sending = Sending {
        format: options.subscribe.format,
        fields: options.subscribe.fields.clone(),
        lang: request.lang.clone(),
        page_url: location_url(&document).unwrap_or_default(),
    };
    let rendered = dom::ensure_stylesheet(&shadow, &document).and_then(|()| render(&shadow, &document, &host, &view, options.theme, sending));
    match rendered {
        Ok(panel) => {
            let status = if matches!(view.mode, SubscribeMode::Form { .. }) { "form" } else { "feeds" };
            Ok(SubscriptionPanel { host: host.clone(), panel, status, notes })
        }
        Err(error) => {
            notes.push(format!("the subscription panel could not be rendered: {}", js_message(&error)));
            Ok(SubscriptionPanel { host: host.clone(), panel: None, status: "none", notes })
        }
    }
}

/// Sends what the offline queue holds (the panel calls it on a page load that finds the queue not empty).
#[wasm_bindgen(js_name = flushOutbox)]
pub fn flush_outbox() {
    SENT_QUEUE.with(|sent| sent.set(true));
    outbox::flush(true);
}
