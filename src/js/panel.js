// The related-articles panel's flow: options -> fetch -> parse and validate -> index -> rank -> view model ->
// render. The engine (the wasm's `Panel`, src/web/widget.rs) does every step that is logic, synchronously: it reads
// the options, an index file's entry and records, builds the index, ranks with the CLI's code and makes the view
// model. This file does what waits or touches the page: the fetches (shared by the page's panels), the turns given to
// the browser during long steps, the modules loaded on demand, the placeholder and the panel (src/js/render.js), the
// subscription panel, the events and the one console warning. Nothing here throws into the host page once a panel
// is mounted.
import { fetchIndexFile, loadModule, messageOf, optionPairs, pageWords, preloadModule, preloadReader, readJson, readPage, yieldToBrowser } from './browser.js';
import { clearPanel, releasePanel, renderLoading, renderPanel } from './render.js';

/** Marks an element a panel is mounted on, so it is not mounted twice. */
const MOUNTED_ATTRIBUTE = 'data-related-news-mounted';
/** How long one task of reading may run before the browser gets a turn: under the 50 ms at which a task is long. */
const SLICE_MS = 30;
/** Feed items or articles worked out between looks at the clock. */
const ENTRIES_PER_LOOK = 16;
/** How much each part of a page not in the index counts when its own words stand in for an article's. */
const TITLE_WEIGHT = 3;
const TAG_WEIGHT = 3;
const HEADING_WEIGHT = 2;
const BODY_WEIGHT = 1;

/** What the page's panels have warned, so mount points that share a script tag's options say a bad one once. */
const warned = new Set();

function warn(message) {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`related-news: ${message}`);
}

/** The page's mounted panels, for the one-form-per-page rule. */
const livePanels = new Set();

/** The page's index files by URL, as promises of their bytes: fetched once, whichever panel asks. */
const indexFiles = new Map();

/** `href` resolved against `base`, else against the page (a `blob:` base has no relative references); or null. */
function resolveUrl(href, base) {
  for (const against of [base, document.baseURI]) {
    try {
      return new URL(href, against).href;
    } catch {
      // The next base, or none.
    }
  }
  return null;
}

/** Why the index file at `url` could not be fetched, as `fetchIndexFile` rejects (src/js/browser.js), in words. */
function fetchFailure(url, failure, settings) {
  // A manifest, a feed, or one file of a built folder's index (its entry, a directory, a record).
  const file = `the index file ${url}`;
  switch (failure && failure.kind) {
    case 'timeout':
      return `${file} did not arrive within ${settings.timeoutMs} ms`;
    case 'http':
      return `${file} answered HTTP ${failure.status}`;
    case 'too-large':
      return `${file} is ${failure.bytes} bytes, over the limit of ${settings.maxBytes}`;
    default:
      return `could not fetch ${file} (${messageOf(failure)}); check the URL, and CORS if it is on another site`;
  }
}

/** The bytes of the index file at `url`, fetched once per page; rejects with an Error that says why not. */
async function indexFile(url, settings) {
  let file = indexFiles.get(url);
  if (!file) {
    file = fetchIndexFile(url, settings.timeoutMs, settings.maxBytes);
    indexFiles.set(url, file);
  }
  try {
    return new Uint8Array(await file);
  } catch (failure) {
    throw new Error(fetchFailure(url, failure, settings));
  }
}

/** A User Timing measure of one of the panel's steps (read, rank, render), for the page's developer and bench-web. */
function mark(step) {
  try {
    performance.mark(`related-news:${step}`);
  } catch {
    // A page that replaced the API: nothing is measured.
  }
}

function measure(step) {
  try {
    performance.measure(`related-news ${step}`, `related-news:${step}`);
  } catch {
    // As above.
  }
}

/**
 * Reads the index file at `url` into the engine: `'entry'` when it is a sharded index's entry (and `entryWanted`),
 * else `'index'` once the engine has built its index (a binary record as it is, a manifest or feed through the reader
 * module). Relative article URLs resolve against `base`. Throws an Error that says what is wrong.
 */
async function readIndexFile(panel, url, base, entryWanted) {
  const { engine, settings } = panel;
  let bytes = await indexFile(url, settings);
  mark('read');
  let problems;
  if (!engine.isBinaryRecord(bytes)) {
    const text = new TextDecoder().decode(bytes);
    if (entryWanted && engine.readEntry(text, url)) return 'entry';
    let read;
    try {
      read = await readJson(text, settings.timeoutMs, ENTRIES_PER_LOOK, SLICE_MS);
    } catch (refusal) {
      throw new Error(refusal && refusal.notJson ? `the manifest ${url} is not valid JSON: ${refusal.message}` : `the manifest ${url} is unusable: ${refusal.message}`);
    }
    // Reading the record the module wrote starts a task of its own.
    await yieldToBrowser();
    bytes = read.record;
    problems = read;
  }
  // Reading the record counts toward the first slice of indexing: after a long read, the slice ends at once.
  let started = performance.now();
  engine.readRecord(url, base, bytes, problems);
  // The record's articles are read, then their days and page keys worked out, a slice of articles at a time (their
  // terms come ready): a feed's 1,000 items read in one call took 20 to 60 ms.
  let paused = false;
  for (;;) {
    if (performance.now() - started >= SLICE_MS) {
      await yieldToBrowser();
      started = performance.now();
      paused = true;
    }
    if (engine.indexNext(ENTRIES_PER_LOOK)) break;
  }
  // After work long enough to pause in, the index's finishing step starts a task of its own too.
  if (paused) await yieldToBrowser();
  engine.finishIndex();
  measure('read');
  // Ranking and rendering go on in this task when the reading was short (a record of a built folder, a few ms):
  // a turn here would let a frame of the placeholder come first. After a long read, they get a task of their own.
  if (paused || performance.now() - started >= SLICE_MS) await yieldToBrowser();
  return 'index';
}

/**
 * Reads the record to rank the page with from a sharded index whose entry the engine holds: the one that holds the
 * first of `keys` the index knows, else the record of the newest articles. What went wrong on the way, short of
 * failing, goes to `notes`.
 */
async function readRecordFor(panel, entryUrl, keys, notes) {
  const { engine } = panel;
  const read = (name) => {
    const url = resolveUrl(name, entryUrl);
    if (!url) throw new Error(`the index file ${entryUrl} names ${name}, which is not a URL`);
    return readIndexFile(panel, url, entryUrl, false);
  };
  let lookupFailed = false;
  for (const key of engine.lookupKeys(keys)) {
    let names;
    try {
      let where;
      try {
        where = engine.lookup(key);
      } catch (error) {
        throw new Error(`the index file ${entryUrl} is unusable: ${messageOf(error)}`);
      }
      if (!where) continue;
      if (where.record !== undefined) return read(where.record);
      if (where.records) {
        names = where.records;
      } else {
        // The shard the key hashes to: one more request.
        const shardUrl = resolveUrl(where.directory, entryUrl);
        if (!shardUrl) continue;
        const shard = await indexFile(shardUrl, panel.settings);
        try {
          names = engine.directoryRecordsOf(shard, key);
        } catch (error) {
          throw new Error(`the index file ${shardUrl} is unusable: ${messageOf(error)}`);
        }
      }
    } catch (error) {
      lookupFailed = true;
      notes.push(`${messageOf(error)}; using the newest articles`);
      continue;
    }
    // A binary directory names records by a hash of the key, which a page not in the index may share with an
    // article (rarely): the record that holds the page is the one.
    for (const name of names) {
      try {
        await read(name);
      } catch (error) {
        // The page's record missing or damaged (a partial upload): "More news" from the newest articles' record.
        notes.push(`${messageOf(error)}; using the newest articles`);
        return read(engine.newest);
      }
      if (engine.holds(keys)) return 'index';
    }
  }
  // No directory holds the page: it will be ranked by its own words, which the reader module reads, loaded while
  // the newest articles' record downloads. (After a directory failed to load, the page may be among them yet.)
  if (!lookupFailed) preloadReader();
  return read(engine.newest);
}

/**
 * The addresses the page's article may be found by: the `article` option (as an id, and as a URL against the page),
 * else the canonical link, then the page's address without query and fragment. The engine looks each up by its key
 * too (`lookupKeys`); the script-tag loader reads the same addresses for its early request of the page's record.
 */
export function articleAddresses(article) {
  if (article) {
    const url = resolveUrl(article, document.baseURI);
    return url && url !== article ? [article, url] : [article];
  }
  const page = readPage(false);
  return [page.canonical, page.location].filter((key) => typeof key === 'string');
}

/** A page's own texts with their weights: title, tags and keywords, main heading, first paragraphs. */
function weightedTexts(page) {
  const texts = [];
  if (page.title !== undefined) texts.push([page.title, TITLE_WEIGHT]);
  for (const tag of page.tags ?? []) texts.push([tag, TAG_WEIGHT]);
  // A keywords meta is comma-separated; each keyword is its own clause, so phrases do not run across them.
  for (const keywords of page.keywords ?? []) texts.push([keywords.replaceAll(',', '.'), TAG_WEIGHT]);
  if (page.heading !== undefined) texts.push([page.heading, HEADING_WEIGHT]);
  if (page.body) texts.push([page.body, BODY_WEIGHT]);
  return texts;
}

/**
 * Has the engine rank for the page's article, or, for a page the index does not hold, by the page's own words, which
 * the reader module splits into terms (loaded for it: the panel's code holds no text analysis).
 */
async function query(panel, keys, notes) {
  const { engine, settings } = panel;
  if (engine.queryFor(keys)) return;
  if (settings.article !== undefined) {
    notes.push(`article "${settings.article}" is not in the manifest; related articles come from this page's own words`);
  } else {
    // A page newer than the index is the usual case, and no fault: no warning. Said as information, for a site
    // owner who built the index with another address (another --base-url, a moved section): the article may be
    // in it, under a path this page does not have.
    console.info(`related-news: this page (${keys[0] ?? 'no address'}) is not in the index by its address or canonical link; related articles come from its own words`);
  }
  const page = readPage(true);
  const lang = engine.wordsLang(page.lang);
  let words = { clauses: [], titleKey: undefined };
  try {
    words = await pageWords(weightedTexts(page), page.title, lang ?? '', settings.timeoutMs);
  } catch (error) {
    notes.push(`this page is not in the index, and its own words could not be read: ${messageOf(error)}`);
  }
  engine.queryFromWords(words.clauses, words.titleKey, lang, keys[0]);
}

/** Renders the view (or hides the panel when there is nothing to show); what it shows, as `ready` reports it. */
function renderRelated(panel, view, notes) {
  const related = view ? view.related.length : 0;
  const more = view ? view.more.length : 0;
  const status = !view ? 'error' : related ? 'related' : more ? 'more-news' : 'empty';
  if (related || more) {
    try {
      renderPanel(panel.shadow, view);
    } catch (error) {
      clearPanel(panel.shadow);
      notes.push(`the panel could not be rendered: ${messageOf(error)}`);
    }
  } else {
    clearPanel(panel.shadow);
  }
  if (status === 'empty') notes.push('no articles to show; the panel is hidden');
  return { status, related, more };
}

/** Warns once with everything worth saying, and tells the page with `related-news:ready` what was rendered. */
function announce(panel, outcome, subscribe, notes) {
  if (panel.destroyed) return;
  if (notes.length) warn(notes.join('; '));
  // `subscribe` is "form", "feeds" or "none": what the subscription panel shows.
  const detail = { ...outcome, subscribe };
  panel.host.dispatchEvent(new CustomEvent('related-news:ready', { bubbles: true, composed: true, detail }));
}

/** Whether a live panel on this page shows a subscription panel already. */
const pageHasSubscriptionPanel = () => Array.from(livePanels).some((panel) => panel.subscriptionShown);

/**
 * Has the subscription module render its panel after the related articles (or alone, when there are none), with what
 * the engine says of the index's topics; returns what it shows: "form", "feeds" or "none".
 */
async function showSubscription(panel, request, manifestUrl, notes) {
  if (!panel.subscriptions) {
    notes.push("the subscription panel needs the module API's loader (mount from related-news.js or index.js)");
    return 'none';
  }
  // Claimed before the module loads, so a second panel finishing meanwhile does not show a second form.
  panel.subscriptionShown = true;
  let status = 'none';
  try {
    const module = await loadModule(panel.subscriptions, panel.settings.timeoutMs, 'subscription module');
    if (!panel.destroyed) {
      // The keys are read by the module's `entry::read_request` (src/web/subscribe/entry.rs).
      const shown = module.showSubscription(panel.host, {
        options: panel.pairs,
        topics: request.topics,
        articleTopics: request.articleTopics,
        manifestUrl,
        lang: request.lang ?? panel.settings.uiLang,
      });
      panel.subscription = shown;
      // Read field by field, so a module of another release, shaped differently, is a note and not an exception.
      if (shown && (shown.status === 'form' || shown.status === 'feeds')) status = shown.status;
      if (shown && Array.isArray(shown.notes)) notes.push(...shown.notes.filter((note) => typeof note === 'string'));
    }
  } catch (error) {
    notes.push(`the subscription panel could not be loaded: ${messageOf(error)}`);
  }
  panel.subscriptionShown = status !== 'none';
  return status;
}

/** Loads, ranks and renders; every failure ends as one console warning and a hidden panel. */
async function run(panel, notes) {
  const { engine, settings } = panel;
  // With a form to show, its module downloads while the index does, so both panels usually appear together.
  if (settings.formWanted && panel.subscriptions) preloadModule(panel.subscriptions);
  const manifestUrl = resolveUrl(settings.manifest, document.baseURI);
  if (!manifestUrl) throw new Error(`the manifest URL "${settings.manifest}" is not a valid URL`);
  const keys = articleAddresses(settings.article);
  // The sharded index: only the record that holds this page's article is downloaded.
  if ((await readIndexFile(panel, manifestUrl, manifestUrl, true)) === 'entry') await readRecordFor(panel, manifestUrl, keys, notes);
  if (panel.destroyed) return;
  const problems = engine.problems;
  if (problems !== undefined) notes.push(`${manifestUrl}: ${problems}`);
  await query(panel, keys, notes);
  if (panel.destroyed) return;
  mark('rank');
  const view = engine.view(manifestUrl, location.origin);
  const request = engine.subscription();
  measure('rank');
  mark('render');
  const outcome = renderRelated(panel, view, notes);
  measure('render');
  let subscribe = 'none';
  if (request && request.note !== undefined) notes.push(request.note);
  else if (request && 'topics' in request && (request.forced || !pageHasSubscriptionPanel())) {
    subscribe = await showSubscription(panel, request, manifestUrl, notes);
  }
  announce(panel, outcome, subscribe, notes);
}

/**
 * Once per page, when the browser is idle: subscriptions earlier pages could not send are sent by the module. The
 * first read of the browser's storage in a page takes 1 to 6 ms here, as long as reading a record, so it waits until
 * the page has nothing else to do (or 2 s at most) rather than delay the first link.
 */
let queueChecked = false;

function whenIdle(callback) {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: 2000 });
  else setTimeout(callback, 200);
}

function sendQueuedOnce(loader, timeLimitMs, storageKey) {
  if (queueChecked) return;
  queueChecked = true;
  whenIdle(() => {
    let waiting = false;
    try {
      waiting = Boolean(localStorage.getItem(storageKey));
    } catch {
      // Storage the page may not use: nothing was queued in it.
    }
    if (!waiting) return;
    loadModule(loader, timeLimitMs, 'subscription module')
      .then((module) => module.flushOutbox())
      .catch((error) => warn(`queued subscriptions are not sent yet: ${messageOf(error)}`));
  });
}

/**
 * Mounts a panel into `element`'s shadow root and shows its placeholder. `createEngine(pairs, pageLang, pageBase)`
 * makes the panel's engine (the wasm's `Panel`) from the options, the page's language and its base URL;
 * `subscriptions` loads the subscription module (without it, no subscription panel is shown). Throws an Error only
 * for unusable options or an element that cannot hold a panel. Returns the panel's handle: `eager`, `element`,
 * `start()` (loads, ranks and renders once; resolves when done, never rejects) and `destroy()`.
 */
export function mountPanel(createEngine, element, options, subscriptions) {
  const pairs = optionPairs(options);
  const panelEngine = createEngine(pairs, readPage(false).lang, document.baseURI);
  const settings = panelEngine.settings();
  if (settings.warnings.length) warn(settings.warnings.join('; '));
  let shadow;
  try {
    if (element.hasAttribute(MOUNTED_ATTRIBUTE)) throw new Error('related-news: this element already has a panel; call destroy() on it first');
    try {
      shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    } catch {
      throw new Error(`related-news: cannot attach a panel to this <${element.tagName.toLowerCase()}> element; use a <div>`);
    }
    element.setAttribute(MOUNTED_ATTRIBUTE, '');
  } catch (error) {
    panelEngine.free();
    throw error;
  }
  // The renderer also starts listening for clicks on the panel's links, which it announces to the host page.
  renderLoading(shadow, settings.theme, settings.lang, settings.rtl, settings.rows, settings.label, settings.rowEm);
  const panel = { engine: panelEngine, settings, pairs, host: element, shadow, subscriptions, started: false, destroyed: false };
  livePanels.add(panel);
  if (subscriptions) sendQueuedOnce(subscriptions, settings.timeoutMs, settings.queueKey);
  return {
    eager: settings.eager,
    element,
    async start() {
      if (panel.started || panel.destroyed) return;
      panel.started = true;
      const notes = [];
      try {
        await run(panel, notes);
      } catch (error) {
        // A failure before anything could be ranked: the panel is hidden, the reason warned.
        notes.push(messageOf(error));
        if (!panel.destroyed) announce(panel, renderRelated(panel, undefined, notes), 'none', notes);
      } finally {
        // Nothing is ranked again: the engine's memory (the index) goes back now.
        panel.engine.free();
      }
    },
    destroy() {
      if (panel.destroyed) return;
      panel.destroyed = true;
      livePanels.delete(panel);
      try {
        panel.subscription?.destroy();
      } catch {
        // A module that cannot is left to the shadow root's clearing.
      }
      // The renderer drops the panel's nodes, its click listener and its pending dates.
      releasePanel(shadow);
      element.removeAttribute(MOUNTED_ATTRIBUTE);
      if (!panel.started) panel.engine.free();
    },
  };
}
