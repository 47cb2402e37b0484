//! The subscription panel in the browser: `render` builds the form (or the topics' feeds) and `submit` checks,
//! sends and reports what happened. The panel's pure part (view model, checks, payloads) is `crate::subscribe`.

pub mod render;
pub mod submit;

pub use render::render;
pub use submit::{Sending, SubscribePanel};
