//! The widget's files carried inside the CLI (see `build.rs`): the loader and the wasm modules, written beside the
//! index by `build --out-dir`, so a site owner who has the CLI needs no wasm toolchain.

/// The loader, bundled with the panel's wasm-bindgen glue: the one file a page names.
pub const LOADER: &str = "related-news.js";
/// The panel's engine, loaded by the loader from beside itself.
pub const WASM: &str = "related_news_bg.wasm";
/// The subscription module's glue and engine, loaded only by a page that shows a subscription panel.
pub const SUBSCRIBE_GLUE: &str = "related_news_subscribe.js";
pub const SUBSCRIBE_WASM: &str = "related_news_subscribe_bg.wasm";
/// The reader module's glue and engine, loaded only by a page whose index is a manifest or a JSON Feed, or a page
/// the index does not hold (ranked by its own words, which the module splits into terms).
pub const READER_GLUE: &str = "related_news_reader.js";
pub const READER_WASM: &str = "related_news_reader_bg.wasm";

const LOADER_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/related-news.js"));
const WASM_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/related_news_bg.wasm"));
const SUBSCRIBE_GLUE_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/related_news_subscribe.js"));
const SUBSCRIBE_WASM_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/related_news_subscribe_bg.wasm"));
const READER_GLUE_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/related_news_reader.js"));
const READER_WASM_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/related_news_reader_bg.wasm"));

/// The widget's files by name, or `None` when this binary was built without them (a plain `cargo build`). They come
/// in the order to upload them in (docs/hosting.md): each file before the one that loads it, the loader last.
pub fn embedded() -> Option<[(&'static str, &'static [u8]); 6]> {
    let files = [
        (SUBSCRIBE_WASM, SUBSCRIBE_WASM_BYTES),
        (SUBSCRIBE_GLUE, SUBSCRIBE_GLUE_BYTES),
        (READER_WASM, READER_WASM_BYTES),
        (READER_GLUE, READER_GLUE_BYTES),
        (WASM, WASM_BYTES),
        (LOADER, LOADER_BYTES),
    ];
    files.iter().all(|(_, bytes)| !bytes.is_empty()).then_some(files)
}
