// related-news, the module API: `import { mount } from 'related-news'`. It loads the WebAssembly engine once, on the
// first mount, from beside this file (or from `setWasmUrl()`), and mounts panels. The subscription panel's code is
// a second engine (related_news_subscribe_bg.wasm, beside the first), loaded only when a panel has a form or feeds
// to show, or subscriptions an earlier page queued to send. A third, the reader (related_news_reader_bg.wasm), is
// loaded only for an index that is a manifest or a JSON Feed rather than a built folder, or for a page the index
// does not hold (ranked by its own words, which the reader splits into terms). Nothing happens on import;
// the script-tag loader (related-news.js) adds the automatic mounting.
import init, { Panel } from './related_news.js';
import { mountPanel } from './panel.js';

let wasmUrl = null;
let wasmReady = null;

/**
 * Where to load the engine (`related_news_bg.wasm`) from, for bundlers that move this file away from it. Call it
 * before the first mount(); the default is the file beside this module. The subscription and reader engines
 * (`related_news_subscribe_bg.wasm`, `related_news_reader_bg.wasm`) are loaded from the same folder.
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

/** A second engine's address: beside the main engine, wherever that is. */
function besideEngine(name) {
  return wasmUrl ? new URL(name, new URL(wasmUrl, document.baseURI)) : new URL(name, import.meta.url);
}

/**
 * A loader of one of the two modules loaded on demand (their glue, then their engine from beside the main one),
 * once per page. A failed load is forgotten, so a later panel tries again (a browser may remember a failed import of
 * the glue for the page's life; the engine is fetched again). `importGlue` names the glue literally, so bundlers
 * split it into a file of its own.
 */
function onceLoader(importGlue, engine) {
  let ready = null;
  return () => {
    ready ??= importGlue()
      .then(async (module) => {
        await module.default({ module_or_path: besideEngine(engine) });
        return module;
      })
      .catch((error) => {
        ready = null;
        throw error;
      });
    return ready;
  };
}

/**
 * The reader module: the engine calls it (through the registry `mount()` sets) for a manifest or a feed, or for the
 * words of a page the index does not hold.
 */
const loadReaderModule = onceLoader(() => import('./related_news_reader.js'), './related_news_reader_bg.wasm');

/** The subscription module: the engine calls it for a subscription panel, or for queued subscriptions to send. */
const loadSubscriptionModule = onceLoader(() => import('./related_news_subscribe.js'), './related_news_subscribe_bg.wasm');

/**
 * Starts loading the reader module ahead of need; the script-tag loader calls it when the index it requested
 * early is a manifest or a feed. A failure is left for the panel to report.
 */
export function preloadReaderModule() {
  loadReaderModule().catch(() => {});
}

/**
 * Starts loading the subscription module ahead of need, so a panel with a subscription form shows it together with
 * the related articles; the script-tag loader calls it for a panel in view with a form. A failure is left for the
 * panel to report when it shows its form.
 */
export function preloadSubscriptionModule() {
  loadSubscriptionModule().catch(() => {});
}

/** At most this long the engine's first calls wait for the script-tag loader's early requests (see below). */
const EARLY_REQUESTS_WAIT_MS = 300;

/**
 * Settles once the script-tag loader's early requests for this panel's index (src/js/related-news.js: the entry,
 * then the directory shard, then the record) are all sent, or after a short while; at once when it made none. The
 * record's request goes out only once the shard is in, and the engine's first calls (milliseconds of compiling on
 * the main thread) would hold it up when the engine is ready first: the record then came 20 ms later than it could.
 */
async function earlyRequestsSent(options) {
  try {
    const early = globalThis[Symbol.for('related-news.early-fetches')].get(new URL(options.manifest, document.baseURI).href);
    await Promise.race([early.response.then(() => {}, () => {}), new Promise((ok) => setTimeout(ok, EARLY_REQUESTS_WAIT_MS))]);
  } catch {
    // No early requests for this panel: none were made (the module API, a lazy panel), or its address is unusable.
  }
}

/** How far below the viewport a lazy panel starts loading, so it is ready when the reader arrives. */
const LAZY_ROOT_MARGIN = '400px 0px';

/**
 * Mounts a related-articles panel into `element`'s shadow root. Resolves when the panel is rendered (with `eager`)
 * or armed to load when it nears the viewport; rejects with an `Error` for unusable options, or when the engine
 * cannot be loaded (after a `related-news:ready` event with status "error").
 * @param {Element} element the mount point
 * @param {import('./index.js').MountOptions} options
 * @returns {Promise<{destroy(): void, element: Element}>}
 */
export async function mount(element, options = {}) {
  if (!(element instanceof Element)) {
    throw new TypeError('related-news: mount() needs an element as its first argument');
  }
  // The panel's flow finds the reader's loader under this global symbol (src/js/browser.js), whichever panel asks.
  globalThis[Symbol.for('related-news.json-reader')] ??= loadReaderModule;
  try {
    await loadWasm();
  } catch (error) {
    // No engine, no panel: the page still hears about this load, as after every other (`ready`, status "error").
    const message = `related-news: the engine could not be loaded (${error && error.message ? error.message : String(error)}); the panel is hidden`;
    element.dispatchEvent(new CustomEvent('related-news:ready', { bubbles: true, composed: true, detail: { status: 'error', related: 0, more: 0, subscribe: 'none' } }));
    throw new Error(message);
  }
  await earlyRequestsSent(options);
  // The engine reads the options and the panel's placeholder shows; loading starts here.
  const widget = mountPanel((pairs, pageLang, pageBase) => new Panel(pairs, pageLang, pageBase), element, options, loadSubscriptionModule);
  let observer = null;
  if (widget.eager || typeof IntersectionObserver !== 'function') {
    await widget.start();
  } else {
    observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        widget.start();
      },
      { rootMargin: LAZY_ROOT_MARGIN },
    );
    observer.observe(element);
  }
  return {
    element: widget.element,
    /** Removes the panel, its listeners and observer; the element is left as it was before mount(). */
    destroy() {
      observer?.disconnect();
      widget.destroy();
    },
  };
}
