//! Browser glue, in three wasm modules built from this crate. The panel (`widget`): `mount()` reads options, fetches
//! the index, ranks with the shared code and renders the related articles. The subscription panel (`subscribe`, built
//! with the `subscribe-panel` feature): the form, its sending and the offline queue, which the panel loads through
//! `subscribe_loader` only when it has a form or feeds to show, so most page views never download that code. The
//! reader (`reader`, built with the `json-reader` feature): a manifest or JSON Feed read into a binary record with
//! its articles' term vectors, and the words of a page the index does not hold split into terms, which the panel
//! loads through `reader_loader` only when it needs one of these; the panel's own code holds no text analysis.
//!
//! The panel's flow is options -> fetch -> parse and validate -> index -> rank -> view model -> render; every step but
//! the first, second and last is pure code from the other modules. Here, `fetch` loads the index, `page` reads the
//! host page, `panel` hands the view model to the renderer (`src/js/render.js`, which builds the DOM, listens for the
//! links' clicks and holds the panels' stylesheet), `timing` measures the steps once the index file is in; the
//! modules share `browser` (the options object, URLs, errors) and `dom` (DOM helpers, objects, events); `style` is
//! the subscription form's CSS. Nothing here throws into the host page: errors become one console warning and a
//! hidden or "More news" panel. The `cfg` lines below say which build each part belongs to.

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
mod fetch;
#[cfg(not(any(feature = "subscribe-panel", feature = "json-reader")))]
mod page;
#[cfg(not(any(feature = "subscribe-panel", feature = "json-reader")))]
mod panel;
#[cfg(not(any(feature = "subscribe-panel", feature = "json-reader")))]
mod reader_loader;
#[cfg(not(any(feature = "subscribe-panel", feature = "json-reader")))]
mod sharded;
#[cfg(not(any(feature = "subscribe-panel", feature = "json-reader")))]
mod subscribe_loader;
#[cfg(not(any(feature = "subscribe-panel", feature = "json-reader")))]
mod timing;
#[cfg(not(any(feature = "subscribe-panel", feature = "json-reader")))]
mod widget;
#[cfg(not(any(feature = "subscribe-panel", feature = "json-reader")))]
pub use widget::{mount, Widget};

#[cfg(feature = "subscribe-panel")]
mod subscribe;
#[cfg(feature = "subscribe-panel")]
pub use subscribe::entry::{flush_outbox, show_subscription, SubscriptionPanel};

#[cfg(feature = "json-reader")]
mod reader;
#[cfg(feature = "json-reader")]
pub use reader::{start_json_reading, JsonReading};
