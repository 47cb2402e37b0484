//! Browser glue, in two wasm modules built from this crate. The panel (`widget`): `mount()` reads options, fetches
//! the index, ranks with the shared code and renders the related articles. The subscription panel (`subscribe`, built
//! with the `subscribe-panel` feature): the form, its sending and the offline queue, which the panel loads through
//! `subscribe_loader` only when it has a form or feeds to show, so most page views never download that code.
//!
//! The panel's flow is options -> fetch -> parse and validate -> index -> rank -> view model -> render; every step but
//! the first, second and last is pure code from the other modules. Here, `fetch` loads the index, `page` reads the
//! host page, `panel` renders the related articles, `timing` measures the steps once the index file is in; both
//! modules share `browser` (the options object, URLs, errors), `dom` (DOM helpers) and `style` (the CSS). Nothing
//! here throws into the host page: errors become one console warning and a hidden or "More news" panel. The `cfg`
//! lines below say which build each part belongs to.

mod browser;
mod dom;
mod style;

#[cfg(not(feature = "subscribe-panel"))]
mod fetch;
#[cfg(not(feature = "subscribe-panel"))]
mod page;
#[cfg(not(feature = "subscribe-panel"))]
mod panel;
#[cfg(not(feature = "subscribe-panel"))]
mod sharded;
#[cfg(not(feature = "subscribe-panel"))]
mod subscribe_loader;
#[cfg(not(feature = "subscribe-panel"))]
mod timing;
#[cfg(not(feature = "subscribe-panel"))]
mod widget;
#[cfg(not(feature = "subscribe-panel"))]
pub use widget::{mount, Widget};

#[cfg(feature = "subscribe-panel")]
mod subscribe;
#[cfg(feature = "subscribe-panel")]
pub use subscribe::entry::{flush_outbox, show_subscription, SubscriptionPanel};
