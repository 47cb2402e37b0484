// related-news, the module API: `import { mount } from 'related-news'`. It loads the WebAssembly engine once, on the
// first mount, from beside this file (or from `setWasmUrl()`), and mounts panels. It has no side effects on import;
// the script-tag loader (related-news.js) adds the automatic mounting.
import init, { mount as mountWasm } from './related_news.js';

let wasmUrl = null;
let wasmReady = null;

/**
 * Where to load the engine (`related_news_bg.wasm`) from, for bundlers that move this file away from it. Call it
 * before the first mount(); the default is the file beside this module.
 * @param {string | URL} url
 */
export function setWasmUrl(url) {
  wasmUrl = url;
}

function loadWasm() {
  wasmReady ??= init({ module_or_path: wasmUrl ?? new URL('./related_news_bg.wasm', import.meta.url) }).catch((error) => {
    wasmReady = null; // A later mount may try again (the network may be back).
    throw error;
  });
  return wasmReady;
}

/**
 * Mounts a related-articles panel into `element`'s shadow root.
 * @param {Element} element the mount point
 * @param {import('./index.js').MountOptions} options
 * @returns {Promise<{destroy(): void, element: Element}>}
 */
export async function mount(element, options = {}) {
  if (!(element instanceof Element)) {
    throw new TypeError('related-news: mount() needs an element as its first argument');
  }
  await loadWasm();
  return mountWasm(element, options);
}
