//! The subscription module (built with the `subscribe-panel` feature): `entry` is what it exports to the panel,
//! `render` builds the form (or the topics' feeds), `submit` checks, sends and reports what happened, and `outbox`
//! keeps what could not be sent yet. The panel's pure part (view model, checks, payloads) is `crate::subscribe`.

pub mod entry;
mod outbox;
mod render;
mod submit;
