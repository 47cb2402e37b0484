//! The widget's files carried inside the CLI (see `build.rs`): the loader and the wasm, written beside the index
//! by `build --out-dir`, so a site owner who has the CLI needs no wasm toolchain.

/// The loader, bundled with the wasm-bindgen glue: the one file a page names.
pub const LOADER: &str = "related-news.js";
/// The engine, loaded by the loader from beside itself.
pub const WASM: &str = "related_news_bg.wasm";

const LOADER_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/related-news.js"));
const WASM_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/related_news_bg.wasm"));

/// The widget's files by name, or `None` when this binary was built without them (a plain `cargo build`).
pub fn embedded() -> Option<[(&'static str, &'static [u8]); 2]> {
    (!LOADER_BYTES.is_empty() && !WASM_BYTES.is_empty()).then_some([(LOADER, LOADER_BYTES), (WASM, WASM_BYTES)])
}
