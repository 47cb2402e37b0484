// related-news loader: the one file a site includes. It finds its own <script> tag(s), mounts a panel for each
// mount point, and exports mount() for pages that prefer the JS API. Nothing here may throw into the host page.
// `make dist` bundles it with index.js and the wasm-bindgen glue into one file.
import { mount, preloadReaderModule, preloadSubscriptionModule } from './index.js';
import { articleAddresses } from './panel.js';

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
 * Starts downloading a panel's index (then the page's directory shard, when the entry does not hold its directory,
 * and its record; for a form, the subscription module) while the engine is still loading, when the panel will load
 * at once: eager, or near the viewport already (the module API's own margin for lazy panels is 400px). The panel's
 * flow takes these requests over from the registry under this global symbol (`fetchIndexFile` in
 * src/js/browser.js), with its time-out and checks; a panel further down keeps loading lazily, so readers who never
 * reach it do not pay for it.
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
  // The engine is handed the entry's response only once the shard and record it will ask for next have been
  // requested too (requestRecordEarly), so those requests are always in the registry by the time the engine looks.
  const response = fetch(url, { signal: controller.signal }).then(async (answer) => {
    await requestRecordEarly(answer, url, element, options, early, controller.signal);
    return answer;
  });
  // Handled here so a failure the engine never asks about is not reported as unhandled; the engine still sees it.
  response.catch(() => {});
  early.set(url, { response, controller });
}

/**
 * Whether `name` looks like a file of the index's folder, as the builder names them (`r/0123abcd.bin`): relative,
 * plain characters, no `..`. The engine checks the name fully (src/manifest/sharded.rs); this only keeps a damaged
 * entry from sending a request out of the folder.
 */
function isIndexFileName(name) {
  return typeof name === 'string' && name.length <= 100 && !name.includes('..') && /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/.test(name);
}

/**
 * A URL's key in the index's directories, as `sharded::url_key` makes it: the path and query of the address (read
 * against a placeholder site, as the engine reads it, which percent-encodes what the engine encodes), with no
 * fragment, no trailing `index.html` or slash, and escapes in upper case.
 */
function urlKey(address) {
  const url = new URL(address, 'https://site.invalid/');
  const key = url.href.slice(url.origin.length).split('#')[0].replace(/\/index\.html?$/, '/').replace(/(.)\/+$/, '$1') || '/';
  return key.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
}

/**
 * The keys the engine finds the page's article by, in its order (`articleAddresses` in src/js/panel.js, each also as
 * its `urlKey`, as the engine's `lookupKeys` orders them).
 */
function articleKeys(options) {
  const keys = [];
  for (const address of articleAddresses(options.article)) {
    let key = address;
    try {
      key = urlKey(address);
    } catch {
      // Not a URL: looked up as it is only.
    }
    // An absolute URL by its path first, as the engine looks it up (`lookup_keys` in src/web/widget.rs); an id as given first.
    const order = /^https?:\/\//i.test(address) ? [key, address] : [address, key];
    for (const each of order) if (!keys.includes(each)) keys.push(each);
  }
  return keys;
}

/** Bytes past which an index is not read here: every entry is smaller (one that holds its directory, up to 500 articles, or names up to 65,536 shards). */
const ENTRY_HINT_LIMIT = 1 << 20;

/**
 * The FNV-1a 64 of a key's UTF-8 bytes (src/hash.rs): its remainder by the number of shards is the key's shard, its
 * high half the key's hash in a directory.
 */
function keyHash(key) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(key)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash;
}

/**
 * The records a binary directory (src/manifest/directory.rs: "RND" 1, the records' names as 8-byte hashes, then each
 * key's 32-bit hash as a gap from the one before, with its record's place) names under the key of `hash` (its
 * `keyHash`). Bytes that do not follow the layout throw, or give nothing.
 */
function recordsInDirectory(bytes, hash) {
  let at = 4;
  const number = () => {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (at >= bytes.length) break;
      const byte = bytes[at++];
      value += (byte & 127) * 2 ** shift;
      if (byte < 128) return value;
    }
    throw new RangeError('not a directory');
  };
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== 'RND\x01') return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The names are read only for the keys found (a directory names a record for about every key).
  const records = number();
  const namesAt = at;
  at += 8 * records;
  if (at > bytes.length) throw new RangeError('not a directory');
  const tag = Number(hash >> 32n);
  const found = [];
  for (let count = number(), keyHash = 0; count > 0 && keyHash <= tag; count--) {
    keyHash += number();
    const place = number();
    if (keyHash === tag && place < records) found.push(`r/${view.getBigUint64(namesAt + 8 * place, true).toString(16).padStart(16, '0')}.bin`);
  }
  return found;
}

/**
 * The name of the directory shard that holds the key of `hash` (its `keyHash`), from an entry's `shards` as bytes:
 * 4 bytes of hash a shard, shard `n` named `d/<n in hex>-<its hash in 8 hex digits>.bin` (docs/index.md).
 */
function shardOf(hashes, hash) {
  const count = hashes.length / 4;
  if (!Number.isInteger(count) || count === 0) return undefined;
  const place = Number(hash % BigInt(count));
  const shardHash = new DataView(hashes.buffer, hashes.byteOffset, hashes.byteLength).getUint32(4 * place, true);
  return `d/${place.toString(16)}-${shardHash.toString(16).padStart(8, '0')}.bin`;
}

/** The bytes of a base64 text (a loop: `Uint8Array.from` with a mapping function took a millisecond per 10 KB). */
function bytesOfBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Starts a request of the index file `name` (relative to the entry) into the registry the engine takes requests
 * over from, unless one is there; the response's promise. A request of a name the engine would refuse is not made.
 * `aborted` is the entry's signal: the engine's time-out for the entry also ends what was requested on its behalf.
 */
function requestEarly(name, entryUrl, early, aborted) {
  if (!isIndexFileName(name)) return undefined;
  const url = new URL(name, entryUrl).href;
  if (early.has(url)) return early.get(url).response;
  const controller = new AbortController();
  aborted.addEventListener('abort', () => controller.abort(), { once: true });
  const response = fetch(url, { signal: controller.signal });
  response.catch(() => {});
  early.set(url, { response, controller });
  return response;
}

/**
 * The index's entry says where the page's record is: in its own directory (a small archive), or in the directory
 * shard the page's key hashes to. Requesting that shard and record as soon as the entry is in, while the engine still
 * compiles, rather than once the engine has read the entry, takes the round trips off the time to the first link.
 * Only a hint: the engine reads every file itself, with every check, and takes these requests over only if it asks
 * for the same URLs. An entry or shard this cannot read, a page no directory names (the engine may know it by a key
 * not tried here) or a name the engine would refuse leave the rest to the engine.
 */
async function requestRecordEarly(response, entryUrl, element, options, early, aborted) {
  try {
    if (!response.ok || !element.isConnected) return;
    // Larger than any entry: a manifest or a feed, which the engine reads with the reader module (loaded
    // alongside it from here on); it is not parsed here.
    if (Number(response.headers.get('content-length')) > ENTRY_HINT_LIMIT) {
      preloadReaderModule();
      return;
    }
    const text = await response.clone().text();
    // Only an entry names its format so.
    if (!text.includes('"related-news-index"')) {
      preloadReaderModule();
      return;
    }
    if (text.length > ENTRY_HINT_LIMIT) return;
    const entry = JSON.parse(text);
    if (!entry || entry.format !== 'related-news-index') return;
    // The one directory, binary in base64; else the shards, 4 bytes of hash each (the engine reads no entry of
    // another form, src/manifest/sharded.rs).
    const binary = typeof entry.directory === 'string' ? bytesOfBase64(entry.directory) : undefined;
    const shards = !binary && typeof entry.shards === 'string' ? bytesOfBase64(entry.shards) : undefined;
    if (!binary && !shards) return;
    const own = (map, key) => (map && typeof map === 'object' && Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined);
    let name;
    for (const key of articleKeys(options)) {
      // The entry's update names the records of articles changed since the directories were written: looked at
      // first. A binary directory may name two records under one hash (rarely): the engine tells which holds the page.
      name = own(entry.update?.records, key);
      if (name === undefined) {
        const hash = keyHash(key);
        let directory = binary;
        if (shards) {
          const shard = await requestEarly(shardOf(shards, hash), entryUrl, early, aborted);
          if (!shard || !shard.ok) return;
          directory = new Uint8Array(await shard.clone().arrayBuffer());
        }
        name = recordsInDirectory(directory, hash)[0];
      }
      if (name !== undefined) break;
    }
    if (name !== undefined) requestEarly(name, entryUrl, early, aborted);
  } catch {
    // Whatever is wrong with the entry is the engine's to find and to report.
  }
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
