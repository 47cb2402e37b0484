// related-news loader: the one file a site includes. It finds its own <script> tag(s), mounts a panel for each
// mount point, and exports mount() for pages that prefer the JS API. Nothing here may throw into the host page.
// `make dist` bundles it with index.js and the wasm-bindgen glue into one file.
import { mount, preloadSubscriptionModule } from './index.js';

export { mount };

function warn(error) {
  const message = error && error.message ? error.message : String(error);
  console.warn(message.startsWith('related-news:') ? message : `related-news: ${message}`);
}

function ownScripts() {
  return Array.from(document.querySelectorAll('script[src]')).filter((s) => s.src === import.meta.url);
}

/** The index `related-news build --out-dir` writes beside this file: the default when a page names none. */
const INDEX_BESIDE_SCRIPT = new URL('./index.json', import.meta.url).href;

/**
 * Starts downloading a panel's index (and the subscription module, for a form) while the engine is still loading,
 * when the panel will load at once: eager, or near the viewport already (the engine's own margin for lazy panels is
 * 400px). The engine takes the index's request over from the registry under this global symbol (src/web/fetch.rs),
 * with its time-out and checks; a panel further down keeps loading lazily, so readers who never reach it do not pay
 * for it.
 */
function fetchEarly(element, options) {
  const eager = options.eager !== undefined && options.eager !== 'false';
  if (!options.manifest || !(eager || element.getBoundingClientRect().top < window.innerHeight + 400)) return;
  // A panel with a subscription form (an endpoint, and not turned off) needs the subscription module: loading it
  // alongside the engine lets both panels appear together.
  if (options.subscribeEndpoint && options.subscribe !== 'false') preloadSubscriptionModule();
  const url = new URL(options.manifest, document.baseURI).href;
  const early = (globalThis[Symbol.for('related-news.early-fetches')] ??= new Map());
  if (early.has(url)) return;
  const controller = new AbortController();
  const response = fetch(url, { signal: controller.signal });
  // Handled here so a failure the engine never asks about is not reported as unhandled; the engine still sees it.
  response.catch(() => {});
  early.set(url, { response, controller });
}

function autoMount() {
  const scripts = ownScripts();
  if (scripts.length === 0) return; // Imported for its API only.
  const jobs = [];
  const points = Array.from(document.querySelectorAll('[data-related-news]'));
  if (points.length > 0) {
    // Mount points take the script tag's options, overridden by their own data attributes.
    const defaults = { manifest: INDEX_BESIDE_SCRIPT, ...scripts[0].dataset };
    for (const element of points) {
      if (!element.hasAttribute('data-related-news-mounted')) jobs.push([element, { ...defaults, ...element.dataset }]);
    }
  } else {
    for (const script of scripts) {
      const element = document.createElement('div');
      element.setAttribute('data-related-news', '');
      if (script.closest('head') || !script.parentNode) document.body.append(element);
      else script.after(element);
      jobs.push([element, { manifest: INDEX_BESIDE_SCRIPT, ...script.dataset }]);
    }
  }
  for (const [element, options] of jobs) {
    try {
      fetchEarly(element, options);
    } catch {
      // An unusable URL is the engine's to report; the panel loads as it would have.
    }
    mount(element, options).catch(warn);
  }
}

try {
  autoMount();
} catch (error) {
  warn(error);
}
