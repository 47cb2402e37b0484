//! Browser glue, in three wasm modules built from this crate. The panel's engine (`widget`): options, the index's
//! records read and indexed, ranking with the shared code, the view model. The subscription panel (`subscribe`,
//! built with the `subscribe-panel` feature): the form, its sending and the offline queue, which the panel's flow
//! loads only when it has a form or feeds to show, so most page views never download that code. The reader
//! (`reader`, built with the `json-reader` feature): a manifest or JSON Feed read into a binary record with its
//! articles' term vectors, and the words of a page the index does not hold split into terms, which the flow loads
//! only when it needs one of these; the panel's own code holds no text analysis.
//!
//! The panel's flow is options -> fetch -> parse and validate -> index -> rank -> view model -> render. Its steps
//! that touch the browser (fetching, waiting, reading the host page, the DOM, events) are JavaScript, in
//! `src/js/panel.js` (with `browser.js` and `render.js`); it calls the engine here a step at a time: `widget` (the
//! options, the lookups, a record read and indexed, the query, the view model), `sharded` (what an index file is,
//! the entry, the directories) and `panel` (the view model as a plain object). Every call is synchronous, so this
//! wasm runs no async tasks. The modules share `browser` (errors, URLs, option pairs) and `dom` (objects, and
//! the subscription form's DOM helpers); `style` is the subscription form's CSS. Nothing here throws into the host
//! page: the flow turns errors into one console warning and a hidden or "More news" panel. The `cfg` lines below
//! say which build each part belongs to.

// Each feature builds one of the other two modules: never both at once.
#[cfg(all(feature = "subscribe-panel", feature = "json-reader"))]
compile_error!("the features subscribe-panel and json-reader each build a module of their own: build them one at a time (see make dist)");

#[cfg(not(feature = "json-reader"))]
mod browser;
// The reader module needs only `dom::js_object` of the DOM helpers (what it does not call is left out of its wasm).
#[cfg_attr(feature = "json-reader", allow(dead_code))]
mod dom;
#[cfg(feature = "subscribe-panel")]
mod style;

#[cfg(not(any(feature = "subscribe-panel", feature = "json-reader")))]
mod panel;
#[cfg(not(any(feature = "subscribe-panel", feature = "json-reader")))]
mod sharded;
#[cfg(not(any(feature = "subscribe-panel", feature = "json-reader")))]
mod widget;
#[cfg(not(any(feature = "subscribe-panel", feature = "json-reader")))]
pub use widget::Panel;

#[cfg(feature = "subscribe-panel")]
mod subscribe;
#[cfg(feature = "subscribe-panel")]
pub use subscribe::entry::{flush_outbox, show_subscription, SubscriptionPanel};

#[cfg(feature = "json-reader")]
mod reader;
#[cfg(feature = "json-reader")]
pub use reader::{start_json_reading, JsonReading};
