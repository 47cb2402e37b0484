// What the related-articles panel's flow (src/js/panel.js) needs of the browser besides its DOM (src/js/render.js):
// its index files fetched within a time-out and a size cap (taking over the requests the script-tag loader started
// early), a turn for the browser between long steps, the modules it loads on demand within a time limit, the reader
// module driven a slice at a time, and what the host page says of itself. The engine (the wasm) touches none of
// this: it is handed what these give.

/**
 * The request the script-tag loader started for `url` while the engine loaded (src/js/related-news.js), taken out of
 * its registry: the response's promise and the controller that aborts it.
 */
function takeEarlyFetch(url) {
  const registry = globalThis[Symbol.for('related-news.early-fetches')];
  if (!(registry instanceof Map)) return undefined;
  const early = registry.get(url);
  registry.delete(url);
  return early && early.response instanceof Promise && early.controller instanceof AbortController ? early : undefined;
}

/** What an error says: its message, or the thrown value as text. */
export const messageOf = (error) => (error && error.message ? error.message : String(error));

/** A failure to fetch an index file, as the engine reads it: its kind and what the browser said. */
function failure(kind, details) {
  return { kind, ...details };
}

/**
 * The body of the index file at `url`, as an ArrayBuffer, within `timeoutMs` and `maxBytes` (the declared length is
 * checked before the body is read, the real one after). Rejects with `{ kind, ... }`: "network" with the browser's
 * `message`, "timeout", "http" with the `status`, or "too-large" with the `bytes`.
 */
export async function fetchIndexFile(url, timeoutMs, maxBytes) {
  const early = takeEarlyFetch(url);
  const controller = early ? early.controller : new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await (early ? early.response : fetch(url, { signal: controller.signal }));
    if (!(response instanceof Response)) throw failure('network', { message: 'fetch did not give a Response' });
    if (!response.ok) throw failure('http', { status: response.status });
    const length = (response.headers.get('content-length') ?? '').trim();
    if (/^[0-9]+$/.test(length) && Number(length) > maxBytes) throw failure('too-large', { bytes: Number(length) });
    const body = await response.arrayBuffer();
    if (body.byteLength > maxBytes) throw failure('too-large', { bytes: body.byteLength });
    return body;
  } catch (error) {
    if (error && typeof error.kind === 'string') throw error;
    if (timedOut) throw failure('timeout', {});
    throw failure('network', { message: messageOf(error) });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Ends the current task and goes on in a new one: with `scheduler.yield()` where the browser has it (the
 * continuation goes before other queued work), else with a zero-delay timer. Never rejects.
 */
export function yieldToBrowser() {
  try {
    if (typeof globalThis.scheduler?.yield === 'function') return globalThis.scheduler.yield().catch(() => {});
  } catch {
    // A page that replaced the scheduler: the timer below.
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Calls `loader` (one of index.js's module loaders) and waits for its promise, the module once loaded and started,
 * for at most `timeLimitMs`; past it the load fails with "the `name` took too long to load", so nothing the panel
 * waits for is held back for good.
 */
export function loadModule(loader, timeLimitMs, name) {
  let timer;
  const timeLimit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the ${name} took too long to load`)), timeLimitMs);
  });
  return Promise.race([Promise.resolve().then(() => loader()), timeLimit]).finally(() => clearTimeout(timer));
}

/**
 * Starts `loader`'s module loading ahead of need, so it is there, or nearly, when the panel needs it. A failure is
 * left for `loadModule`, whose call tries again (and is not reported here as unhandled).
 */
export function preloadModule(loader) {
  try {
    Promise.resolve(loader()).catch(() => {});
  } catch {
    // The same: left for loadModule.
  }
}

/**
 * The options object of `mount()` as the engine's one parser of options reads them (src/options.rs, for data
 * attributes and the JS API alike): `[name, text]` pairs, strings as they are, numbers and booleans as text, arrays
 * joined with commas (their strings); null, undefined, functions and nested objects are not option values. The
 * subscription module is handed the same pairs.
 */
export function optionPairs(options) {
  if (options === undefined || options === null) return [];
  if (typeof options !== 'object') throw new Error('related-news: mount() options must be an object');
  const pairs = [];
  for (const [name, value] of Object.entries(options)) {
    let text;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'boolean' || typeof value === 'number') text = String(value);
    else if (Array.isArray(value)) text = value.filter((item) => typeof item === 'string').join(',');
    else continue;
    pairs.push([name, text]);
  }
  return pairs;
}

/** The first paragraphs say what a story is about; the rest adds noise and time (bytes of UTF-8). */
const MAX_PARAGRAPHS = 6;
const MAX_BODY_BYTES = 3000;

const nonEmpty = (text) => (typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined);

/**
 * What the host page says of itself: its `<html lang>`, its `rel=canonical` link (absolute), its address without
 * query and fragment, and, for a page the index does not hold, its own words: the title (`og:title`, else
 * `<title>`), `article:tag` and keywords metas, the main heading and the first paragraphs of its main text. The
 * flow weighs them (`weightedTexts` in src/js/panel.js).
 */
export function readPage(withWords) {
  const metas = (selector) => Array.from(document.querySelectorAll(selector), (meta) => meta.getAttribute('content') ?? '');
  const page = {
    lang: nonEmpty(document.documentElement?.getAttribute('lang')),
    canonical: nonEmpty(document.querySelector("link[rel~='canonical'][href]")?.href),
    location: location.origin + location.pathname,
  };
  if (!withWords) return page;
  page.title = metas("meta[property='og:title'][content]")[0] ?? (document.title.trim() ? document.title : undefined);
  page.tags = metas("meta[property='article:tag'][content]");
  page.keywords = metas("meta[name='keywords'][content]");
  page.heading = nonEmpty(document.querySelector('article h1, main h1, h1')?.textContent);
  const container = ['article', 'main', "[role='main']", 'body'].map((selector) => document.querySelector(selector)).find(Boolean);
  let body = '';
  const encoder = new TextEncoder();
  for (const paragraph of Array.from(container?.querySelectorAll('p') ?? []).slice(0, MAX_PARAGRAPHS)) {
    body += `${(paragraph.textContent ?? '').trim()}\n`;
    if (encoder.encode(body).length > MAX_BODY_BYTES) break;
  }
  page.body = body;
  return page;
}

/** Where the module API (src/js/index.js) puts the function that loads the reader module, once per page. */
const READER_LOADER = Symbol.for('related-news.json-reader');

/** Why the reader module could not read a text: `notJson` when the text is not JSON at all, and what was said. */
function readerRefusal(message, notJson = false) {
  return { notJson, message };
}

/** Starts the reader module loading ahead of need (a failure is left for the load that needs it). */
export function preloadReader() {
  const loader = globalThis[READER_LOADER];
  if (typeof loader === 'function') preloadModule(loader);
}

/** The reader module (src/web/reader.rs), loaded within `timeLimitMs`; rejects with a refusal that says why not. */
async function readerModule(timeLimitMs) {
  const loader = globalThis[READER_LOADER];
  if (typeof loader !== 'function') {
    throw readerRefusal('this page has no reader module, which reads a manifest, a JSON Feed or the words of a page the index does not hold (load the widget with related-news.js or the related-news package)');
  }
  try {
    return await loadModule(loader, timeLimitMs, 'reader module');
  } catch (error) {
    throw readerRefusal(`the reader module could not be loaded: ${messageOf(error)}`);
  }
}

/**
 * Reads a JSON manifest or feed (`text`) with the reader module, loaded for it, into a binary record: a slice of
 * `count` items at a time, giving the browser a turn once a task has run `sliceMs` (and before each of the reader's
 * long steps), so the page stays responsive (no task over 50 ms) while a large feed is read. Resolves with
 * `{ record, skipped, warnings }` (the record's bytes and the problems found, each `[place, id, message]`); rejects
 * with `{ notJson, message }`.
 */
export async function readJson(text, timeLimitMs, count, sliceMs) {
  const module = await readerModule(timeLimitMs);
  let reading;
  try {
    reading = module.startJsonReading(text);
  } catch (error) {
    // The module refuses a text that is no manifest with `{ notJson, message }`.
    throw readerRefusal(messageOf(error), Boolean(error && error.notJson));
  }
  try {
    let started = performance.now();
    const turn = async () => {
      await yieldToBrowser();
      started = performance.now();
    };
    // Reading, working out terms, and then ranking and rendering each take a task of their own.
    await turn();
    for (;;) {
      let done;
      try {
        done = reading.readNext(count);
        if (!done && (reading.nextStepIsLong() || performance.now() - started >= sliceMs)) await turn();
      } catch (error) {
        throw readerRefusal(`the reader module failed: ${messageOf(error)}`);
      }
      if (done) break;
    }
    // Writing the record starts a task of its own.
    await turn();
    let finished;
    try {
      finished = reading.finish();
    } catch (error) {
      throw readerRefusal(`the reader module failed: ${messageOf(error)}`);
    }
    if (!(finished?.record instanceof Uint8Array)) throw readerRefusal('the reader module gave no record');
    const problems = (list) => (Array.isArray(list) ? list.map((problem) => [String(problem?.[0] ?? ''), problem?.[1] == null ? undefined : String(problem[1]), String(problem?.[2] ?? '')]) : []);
    return { record: finished.record, skipped: problems(finished.skipped), warnings: problems(finished.warnings) };
  } finally {
    // What the reading holds in the module's memory is released however the reading ends.
    try {
      reading.free();
    } catch {
      // Freed already, or a module of another release: nothing to release here.
    }
  }
}

/**
 * A page's own words as the reader module splits them, in the page's language (`lang` may be empty): each text's
 * clauses (runs of terms the ranking looks phrases up in) with the text's weight, as `[terms, weight]`, and the
 * title as the lists compare titles (`titleKey`). `texts` holds `[text, weight]` pairs. Rejects with a message.
 */
export async function pageWords(texts, title, lang, timeLimitMs) {
  const module = await readerModule(timeLimitMs).catch((refusal) => {
    throw new Error(refusal.message);
  });
  try {
    const clauses = [];
    for (const [text, weight] of texts) {
      for (const clause of module.termClauses(text, lang)) clauses.push([Array.from(clause, String), weight]);
    }
    const titleKey = title === undefined ? undefined : module.normalizeTerm(title, lang);
    return { clauses, titleKey: typeof titleKey === 'string' ? titleKey : undefined };
  } catch (error) {
    throw new Error(`the reader module failed: ${messageOf(error)}`);
  }
}
