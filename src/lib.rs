//! related-news: related articles computed in the reader's browser, and the CLI that builds their manifest.
//!
//! The widget's data flow, a module a step: `options` -> fetch (in `web`) -> `manifest` (parse and validate) ->
//! `rank` (index and rank) -> `view` (the view model) -> render (in `web`); `subscribe` is the subscription panel's
//! pure part. The shared helpers below them have one job each: `url`, `lang`, `date`, `text`, `json_fields`,
//! `json_view`, `base64`, `sort` and `parallel`.
//! All of these are pure code tested natively; `web` is the thin browser glue compiled only for wasm32.
//!
//! Native only: `builder` (read input -> extract -> clean -> keywords -> write), `cli`, `folder` (reading a
//! built folder's sharded index), `serve` (the subscription endpoint) and `atomic_file`.

#[cfg(not(target_arch = "wasm32"))]
pub mod atomic_file;
pub mod base64;
#[cfg(not(target_arch = "wasm32"))]
pub mod builder;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod date;
#[cfg(not(target_arch = "wasm32"))]
pub mod folder;
pub mod hash;
pub mod json_fields;
pub mod json_text;
pub mod json_view;
pub mod lang;
pub mod manifest;
pub mod math;
pub mod options;
pub mod parallel;
pub mod rank;
pub mod sort;
pub mod sorted_map;
#[cfg(not(target_arch = "wasm32"))]
pub mod serve;
pub mod subscribe;
pub mod text;
pub mod url;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// The wasm modules' allocator: Talc, which grows the wasm memory as the default (dlmalloc) does, in less code
/// (every page downloads the allocator with the panel).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
