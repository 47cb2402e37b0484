// related-news loader: the one file a site includes. It finds its own <script> tag(s), mounts a panel for each
// mount point, and exports mount() for pages that prefer the JS API. Nothing here may throw into the host page.
import init, { mount as mountWasm } from './related_news.js';

let wasmReady = null;

function loadWasm() {
  // The .wasm sits next to this file, so dist/ works from any folder and any static server.
  wasmReady ??= init({ module_or_path: new URL('./related_news_bg.wasm', import.meta.url) });
  return wasmReady;
}

function warn(error) {
  const message = error && error.message ? error.message : String(error);
  console.warn(message.startsWith('related-news:') ? message : `related-news: ${message}`);
}

/**
 * Mounts a related-articles panel into `element`.
 * @param {Element} element the mount point; the panel renders into its (open) shadow root
 * @param {object} options { manifest, article, limit, lang, sameLanguage, minScore, moreNews, excludeTopics,
 *   heading, theme, eager, utmSource, utmMedium, utmCampaign, timeout, images, summaries }
 * @returns {Promise<{destroy(): void, element: Element}>}
 */
export async function mount(element, options = {}) {
  if (!(element instanceof Element)) {
    throw new TypeError('related-news: mount() needs an element as its first argument');
  }
  await loadWasm();
  return mountWasm(element, options);
}

function ownScripts() {
  return Array.from(document.querySelectorAll('script[src]')).filter((s) => s.src === import.meta.url);
}

function autoMount() {
  const scripts = ownScripts();
  if (scripts.length === 0) return; // Imported for its API only.
  const jobs = [];
  const points = Array.from(document.querySelectorAll('[data-related-news]'));
  if (points.length > 0) {
    // Mount points take the script tag's options, overridden by their own data attributes.
    const defaults = { ...scripts[0].dataset };
    for (const element of points) {
      if (!element.hasAttribute('data-related-news-mounted')) jobs.push([element, { ...defaults, ...element.dataset }]);
    }
  } else {
    for (const script of scripts) {
      const element = document.createElement('div');
      element.setAttribute('data-related-news', '');
      if (script.closest('head') || !script.parentNode) document.body.append(element);
      else script.after(element);
      jobs.push([element, { ...script.dataset }]);
    }
  }
  for (const [element, options] of jobs) mount(element, options).catch(warn);
}

try {
  autoMount();
} catch (error) {
  warn(error);
}
