// Shared plumbing of the end-to-end tests: one static server for the demo site and the test fixtures, one
// Chromium per test file, and pages that record console output, page errors, requests and the widget's events.
import { mkdtemp, readdir, rm, symlink, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { serveStatic } from '../../scripts/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, '..', '..');
export const WWW = join(REPO, 'www');
export const FIXTURES = join(here, 'fixtures');
export const OUTPUT = join(here, 'output');

/** How long a test waits for the widget before it fails. Generous for a cold wasm compile, short for a suite. */
export const READY_TIMEOUT = 6_000;

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/**
 * Serves www/ with tests/e2e/fixtures/ mounted at /fixtures/, from a temporary root of symlinks, so fixture pages
 * are real same-origin HTTP responses that load /dist/related-news.js from www/dist. Port 0 picks a free port.
 * Resolves with { url, close() }.
 */
export async function startServer() {
  const root = await mkdtemp(join(tmpdir(), 'related-news-e2e-'));
  for (const name of await readdir(WWW)) {
    if (name !== 'fixtures') await symlink(join(WWW, name), join(root, name));
  }
  await symlink(FIXTURES, join(root, 'fixtures'));
  const { server, url } = await serveStatic({ root, host: '127.0.0.1', port: 0 });
  return {
    url,
    root,
    async close() {
      server.closeAllConnections?.();
      await new Promise((ok) => server.close(() => ok()));
      // Removes the links only: rm does not follow symlinks.
      await rm(root, { recursive: true, force: true });
    },
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Runs in every page before its own scripts: records the widget's events, so a test cannot miss one that fired
 * before it started waiting. `related-news:click` details also go to sessionStorage, which survives the
 * navigation the click starts. Listeners sit on window in the bubbling phase, after any host listener, so
 * `defaultPrevented` is final when recorded.
 */
function recordWidgetEvents() {
  window.__rn = [];
  window.__rnClicks = [];
  window.__rnSubscribe = [];
  const hostName = (el) => (el && el.id) || (el && el.tagName ? el.tagName.toLowerCase() : String(el));
  window.addEventListener('related-news:ready', (event) => {
    window.__rn.push({ ...event.detail, host: hostName(event.target), at: performance.now() });
  });
  window.addEventListener('related-news:subscribe', (event) => {
    window.__rnSubscribe.push({ ...event.detail, host: hostName(event.target) });
  });
  window.addEventListener('related-news:click', (event) => {
    const record = { ...event.detail, host: hostName(event.target), defaultPrevented: event.defaultPrevented, cancelable: event.cancelable };
    window.__rnClicks.push(record);
    try {
      const list = JSON.parse(sessionStorage.getItem('__rnClicks') || '[]');
      list.push(record);
      sessionStorage.setItem('__rnClicks', JSON.stringify(list));
    } catch {
      // Storage can be unavailable; the in-page list still has the record.
    }
  });
}

/**
 * Opens a fresh context and page on `path` (relative to the server URL) and records what happens on it.
 * options: colorScheme, viewport, routes (array of [pattern, handler] installed before navigation),
 * waitUntil ('load' by default), goto (false to navigate yourself).
 * Returns { page, context, url(path), messages, errors, requests, dialogs, warnings(), close() }.
 */
export async function openPage(browser, server, path, options = {}) {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1280, height: 720 },
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(READY_TIMEOUT);
  context.setDefaultNavigationTimeout(READY_TIMEOUT);
  await context.addInitScript(recordWidgetEvents);
  const page = await context.newPage();
  const record = {
    page,
    context,
    messages: [],
    errors: [],
    requests: [],
    dialogs: [],
    url: (p) => new URL(p, server.url).href,
    /** The console warnings the widget wrote (they start with "related-news:"). */
    widgetWarnings() {
      return this.messages.filter((m) => m.type === 'warning' && m.text.startsWith('related-news:'));
    },
    warnings() {
      return this.messages.filter((m) => m.type === 'warning');
    },
    async close() {
      await context.close().catch(() => {});
    },
  };
  page.on('console', (msg) => record.messages.push({ type: msg.type(), text: msg.text(), location: msg.location() }));
  page.on('pageerror', (error) => record.errors.push(error));
  page.on('request', (request) => record.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    record.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  for (const [pattern, handler] of options.routes ?? []) await page.route(pattern, handler);
  if (options.goto !== false) await page.goto(record.url(path), { waitUntil: options.waitUntil ?? 'load' });
  return record;
}

/**
 * Waits until at least `count` `related-news:ready` events have fired; returns all recorded so far. `target` is a
 * record from openPage (then a time-out names the page errors and console messages) or a bare Playwright page.
 */
export async function waitForReady(target, count = 1, timeout = READY_TIMEOUT) {
  const page = target.page ?? target;
  try {
    await page.waitForFunction((n) => Array.isArray(window.__rn) && window.__rn.length >= n, count, { timeout, polling: 50 });
  } catch (error) {
    if (target.errors) {
      error.message += `\n  waiting for ${count} related-news:ready event(s) on ${page.url()}` +
        `\n  page errors: ${target.errors.map(String).join(' | ') || 'none'}` +
        `\n  console: ${describeMessages(target.messages).replace(/\n/g, ' | ')}`;
    }
    throw error;
  }
  return page.evaluate(() => window.__rn);
}

/** Scrolls the mount point into view, for widgets that load lazily, then waits for `count` ready events. */
export async function revealAndWaitForReady(target, selector = '[data-related-news]', count = 1) {
  const page = target.page ?? target;
  await page.waitForSelector(`${selector}[data-related-news-mounted]`, { state: 'attached' });
  await page.evaluate((sel) => document.querySelector(sel).scrollIntoView({ block: 'center' }), selector);
  return waitForReady(target, count);
}

/**
 * Forces a full garbage collection in the page (through the DevTools protocol), as happens sooner or later while
 * a reader stays on a page. Tests call it before interacting, so the outcome does not depend on when V8 happens
 * to collect: a widget must keep working once the handles the page did not keep are collected.
 */
export async function collectGarbage(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
  } finally {
    await cdp.detach().catch(() => {});
  }
  // FinalizationRegistry callbacks run in a later task.
  await sleep(100);
}

/** A summary of what the widget rendered into `selector`'s shadow root. */
export function panelInfo(page, selector = '[data-related-news]') {
  return page.evaluate((sel) => {
    const host = document.querySelector(sel);
    const root = host && host.shadowRoot;
    if (!root) return { host: !!host, shadow: false };
    const section = root.querySelector('section');
    const links = (part) =>
      Array.from(root.querySelectorAll(`a[part="${part}"]`)).map((a) => ({
        id: a.dataset.id,
        href: a.href,
        rawHref: a.getAttribute('href'),
        rel: a.getAttribute('rel'),
        title: a.querySelector('.title') && a.querySelector('.title').textContent,
        datetime: a.querySelector('time') && a.querySelector('time').getAttribute('datetime'),
        time: a.querySelector('time') && a.querySelector('time').textContent,
        images: Array.from(a.querySelectorAll('img')).map((img) => ({ part: img.getAttribute('part'), loading: img.getAttribute('loading'), src: img.src })),
      }));
    return {
      host: true,
      shadow: true,
      mounted: host.hasAttribute('data-related-news-mounted'),
      childCount: root.childNodes.length,
      hasSection: !!section,
      sectionClass: section && section.className,
      sectionDir: section && section.getAttribute('dir'),
      sectionLang: section && section.getAttribute('lang'),
      busy: section && section.getAttribute('aria-busy'),
      heading: root.querySelector('h2[part="heading"]') && root.querySelector('h2[part="heading"]').textContent,
      moreHeading: root.querySelector('h3[part="more-heading"]') && root.querySelector('h3[part="more-heading"]').textContent,
      hasRelatedList: !!root.querySelector('ul[part="related"]'),
      hasMoreList: !!root.querySelector('ul[part="more"]'),
      related: links('related-link'),
      more: links('more-link'),
      html: root.innerHTML,
    };
  }, selector);
}

/** Makes sure tests/e2e/output exists and returns the path of `name` in it. */
export async function outputPath(name) {
  await mkdir(OUTPUT, { recursive: true });
  return join(OUTPUT, name);
}

/** A route handler that answers after `ms` with a fixture file (or `body`), ignoring a request already gone. */
export function delayedRoute(ms, { file, body, status = 200, contentType = 'application/json; charset=utf-8' } = {}) {
  return async (route) => {
    await sleep(ms);
    try {
      await route.fulfill(file ? { status, path: join(FIXTURES, file), contentType } : { status, body: body ?? '', contentType });
    } catch {
      // The widget gave up (time-out) or the page closed: nothing to answer any more.
    }
  };
}

/** Asserts-friendly text of recorded console messages, for failure messages. */
export function describeMessages(messages) {
  return messages.map((m) => `[${m.type}] ${m.text}`).join('\n') || '(none)';
}

/**
 * Registers before/after hooks of the calling test file that start the server and the browser once for all its
 * tests; returns an object whose `server` and `browser` are set by the time the tests run.
 */
export function useBrowserAndServer(hooks) {
  const env = { server: null, browser: null };
  hooks.before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  hooks.after(async () => {
    await env.browser?.close().catch(() => {});
    await env.server?.close().catch(() => {});
  });
  return env;
}
