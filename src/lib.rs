//! related-news: related articles computed in the reader's browser, and the CLI that builds their manifest.
//!
//! The pure modules (`text`, `date`, `manifest`, `jsonfeed`, `rank`, `options`, `view`, `subscribe`) hold all the logic and
//! are tested natively; `web` is the thin browser glue compiled only for wasm32.

#[cfg(not(target_arch = "wasm32"))]
pub mod atomic_file;
#[cfg(not(target_arch = "wasm32"))]
pub mod build;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod date;
pub mod json;
pub mod jsonfeed;
pub mod manifest;
pub mod options;
pub mod parallel;
pub mod rank;
#[cfg(not(target_arch = "wasm32"))]
pub mod serve;
pub mod subscribe;
pub mod text;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod web;
