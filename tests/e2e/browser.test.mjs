// The engine's browser calls (src/js/browser.js) run in Node, with `fetch` replaced: an index file's fetch within
// its time-out and size cap, the failures the flow turns into its messages (src/js/panel.js), the script-tag
// loader's early requests taken over, and modules loaded within a time limit. The panel's tests in Chromium
// (faults, folder) run them in pages.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';

import { fetchIndexFile, loadModule, optionPairs, pageWords, preloadModule, readJson, yieldToBrowser } from '../../src/js/browser.js';

const realFetch = globalThis.fetch;
const EARLY = Symbol.for('related-news.early-fetches');
const READER = Symbol.for('related-news.json-reader');
afterEach(() => {
  globalThis.fetch = realFetch;
  delete globalThis[EARLY];
  delete globalThis[READER];
});

/** A fetch that answers `respond(url, init)`, recording its calls. */
function fakeFetch(respond) {
  const calls = [];
  globalThis.fetch = async (url, init) => {
    calls.push(url);
    return respond(url, init);
  };
  return calls;
}

const failureOf = (promise) => promise.then(() => assert.fail('resolved'), (failure) => failure);

test('the body arrives as bytes; HTTP errors and network errors are told apart', async () => {
  fakeFetch(() => new Response('{"a":1}'));
  const body = await fetchIndexFile('https://site.example/index.json', 1000, 100);
  assert.ok(body instanceof ArrayBuffer);
  assert.equal(new TextDecoder().decode(body), '{"a":1}');

  fakeFetch(() => new Response('gone', { status: 404 }));
  assert.deepEqual(await failureOf(fetchIndexFile('https://site.example/x.json', 1000, 100)), { kind: 'http', status: 404 });

  fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
  assert.deepEqual(await failureOf(fetchIndexFile('https://site.example/x.json', 1000, 100)), { kind: 'network', message: 'Failed to fetch' });

  globalThis.fetch = () => {
    throw new Error('fetch was replaced by the page');
  };
  assert.deepEqual(await failureOf(fetchIndexFile('https://site.example/x.json', 1000, 100)), { kind: 'network', message: 'fetch was replaced by the page' });

  fakeFetch(() => 'not a response');
  assert.deepEqual(await failureOf(fetchIndexFile('https://site.example/x.json', 1000, 100)), { kind: 'network', message: 'fetch did not give a Response' });
});

test('the size cap: a declared length over it is refused before the body is read, a body over it after', async () => {
  let read = false;
  fakeFetch(() => {
    const response = new Response('small', { headers: { 'content-length': '5000' } });
    const original = response.arrayBuffer.bind(response);
    response.arrayBuffer = () => {
      read = true;
      return original();
    };
    return response;
  });
  assert.deepEqual(await failureOf(fetchIndexFile('https://site.example/big.json', 1000, 4096)), { kind: 'too-large', bytes: 5000 });
  assert.equal(read, false, 'the body was not read');

  fakeFetch(() => new Response('x'.repeat(5000)));
  assert.deepEqual(await failureOf(fetchIndexFile('https://site.example/big.json', 1000, 4096)), { kind: 'too-large', bytes: 5000 });

  // A length that is not a number says nothing: the body's own length decides.
  fakeFetch(() => new Response('fine', { headers: { 'content-length': '12abc' } }));
  assert.equal((await fetchIndexFile('https://site.example/ok.json', 1000, 4096)).byteLength, 4);
});

test('a server slower than the time-out: the request is aborted and the failure is a time-out', async () => {
  let aborted = false;
  fakeFetch((_, init) => new Promise((_, reject) => {
    init.signal.addEventListener('abort', () => {
      aborted = true;
      reject(new DOMException('The operation was aborted.', 'AbortError'));
    });
  }));
  const started = Date.now();
  assert.deepEqual(await failureOf(fetchIndexFile('https://site.example/slow.json', 50, 100)), { kind: 'timeout' });
  assert.ok(aborted, 'the request was aborted');
  assert.ok(Date.now() - started < 1000);

  // An HTTP error that comes after the time-out is still the HTTP error.
  fakeFetch((_, init) => new Promise((resolve) => init.signal.addEventListener('abort', () => resolve(new Response('', { status: 503 })))));
  assert.deepEqual(await failureOf(fetchIndexFile('https://site.example/slow.json', 20, 100)), { kind: 'http', status: 503 });
});

test("the loader's early request for the URL is taken over once (with its controller), not fetched again", async () => {
  const calls = fakeFetch(() => new Response('fetched'));
  const controller = new AbortController();
  globalThis[EARLY] = new Map([['https://site.example/index.json', { response: Promise.resolve(new Response('early')), controller }]]);
  const body = await fetchIndexFile('https://site.example/index.json', 1000, 100);
  assert.equal(new TextDecoder().decode(body), 'early');
  assert.deepEqual(calls, [], 'no second request');
  assert.equal(globalThis[EARLY].size, 0, 'taken out of the registry');
  // The next load of the URL fetches it.
  assert.equal(new TextDecoder().decode(await fetchIndexFile('https://site.example/index.json', 1000, 100)), 'fetched');
  assert.deepEqual(calls, ['https://site.example/index.json']);

  // An entry that is not the loader's shape is dropped and the URL fetched.
  globalThis[EARLY].set('https://site.example/index.json', { response: 'nonsense' });
  assert.equal(new TextDecoder().decode(await fetchIndexFile('https://site.example/index.json', 1000, 100)), 'fetched');
  assert.equal(calls.length, 2);
});

test('a module loads within its time limit, or fails saying which took too long; a preload never rejects', async () => {
  assert.equal(await loadModule(() => Promise.resolve('module'), 1000, 'reader module'), 'module');
  const slow = () => new Promise((resolve) => setTimeout(() => resolve('late'), 500));
  await assert.rejects(loadModule(slow, 20, 'reader module'), { message: 'the reader module took too long to load' });
  await assert.rejects(loadModule(() => {
    throw new Error('no glue');
  }, 1000, 'subscription module'), { message: 'no glue' });
  let unhandled = 0;
  const count = () => unhandled++;
  process.on('unhandledRejection', count);
  preloadModule(() => Promise.reject(new Error('offline')));
  preloadModule(() => {
    throw new Error('thrown');
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.off('unhandledRejection', count);
  assert.equal(unhandled, 0);
  // A turn for the browser (a timer here, where there is no scheduler) resolves.
  assert.equal(await yieldToBrowser(), undefined);
});

/** A reader module as src/web/reader.rs exports it, reading `items` items, with what it was asked recorded. */
function fakeReader({ items = 40, refuse, failAt, record = new Uint8Array([1, 2, 3]), longSteps = [] } = {}) {
  const log = { calls: [], freed: 0 };
  globalThis[READER] = () => Promise.resolve({
    startJsonReading(text) {
      log.calls.push(`start ${text}`);
      if (refuse) throw refuse;
      let read = 0;
      return {
        readNext(count) {
          if (read === failAt) throw new Error('out of memory');
          read = Math.min(items, read + count);
          log.calls.push(`read ${read}`);
          return read >= items;
        },
        nextStepIsLong: () => longSteps.includes(read),
        finish: () => ({ record, skipped: [['items[3]', 'x', 'no title']], warnings: [['items[5]', null, 'bad date']] }),
        free: () => log.freed++,
      };
    },
    termClauses: (text) => text.split('. ').map((clause) => clause.split(' ')),
    normalizeTerm: (text) => (text.trim() ? text.toLowerCase() : undefined),
  });
  return log;
}

test('a feed is read with the reader module a slice at a time into a record, its problems beside it, and freed', async () => {
  const log = fakeReader({ items: 40, longSteps: [16] });
  const read = await readJson('{"items":[]}', 1000, 16, 30);
  assert.deepEqual(Array.from(read.record), [1, 2, 3]);
  assert.deepEqual(read.skipped, [['items[3]', 'x', 'no title']]);
  assert.deepEqual(read.warnings, [['items[5]', undefined, 'bad date']]);
  assert.deepEqual(log.calls, ['start {"items":[]}', 'read 16', 'read 32', 'read 40']);
  assert.equal(log.freed, 1);
});

test('what the reader module refuses or fails at is said, and the reading is freed all the same', async () => {
  fakeReader({ refuse: { notJson: true, message: 'expected value at line 1, column 1' } });
  assert.deepEqual(await failureOf(readJson('nonsense', 1000, 16, 30)), { notJson: true, message: 'expected value at line 1, column 1' });
  fakeReader({ refuse: { notJson: false, message: 'the manifest has neither an "articles" array nor an "items" array' } });
  assert.equal((await failureOf(readJson('{}', 1000, 16, 30))).notJson, false);

  const log = fakeReader({ failAt: 16 });
  assert.deepEqual(await failureOf(readJson('{}', 1000, 16, 30)), { notJson: false, message: 'the reader module failed: out of memory' });
  assert.equal(log.freed, 1, 'freed after a failure');

  fakeReader({ record: 'not bytes' });
  assert.deepEqual(await failureOf(readJson('{}', 1000, 16, 30)), { notJson: false, message: 'the reader module gave no record' });

  delete globalThis[READER];
  assert.match((await failureOf(readJson('{}', 1000, 16, 30))).message, /^this page has no reader module/);
  globalThis[READER] = () => Promise.reject(new Error('404'));
  assert.deepEqual(await failureOf(readJson('{}', 1000, 16, 30)), { notJson: false, message: 'the reader module could not be loaded: 404' });
});

test("a page's own words are split with the reader module, clause by clause with their weights", async () => {
  fakeReader();
  const words = await pageWords([['Solar power. Grid storage', 3], ['Body text', 1]], 'A Title', 'en', 1000);
  assert.deepEqual(words, { clauses: [[['Solar', 'power'], 3], [['Grid', 'storage'], 3], [['Body', 'text'], 1]], titleKey: 'a title' });
  assert.deepEqual(await pageWords([], undefined, '', 1000), { clauses: [], titleKey: undefined });
  delete globalThis[READER];
  await assert.rejects(pageWords([], undefined, '', 1000), /this page has no reader module/);
});

test("mount()'s options become the pairs the engine's one parser reads, as data attributes would give them", () => {
  assert.deepEqual(optionPairs({ manifest: '/i.json', limit: 3, eager: true, minScore: 0.25, excludeTopics: ['a', 'b', 7], nothing: null, gone: undefined, nested: { a: 1 }, call: () => 1 }), [
    ['manifest', '/i.json'],
    ['limit', '3'],
    ['eager', 'true'],
    ['minScore', '0.25'],
    ['excludeTopics', 'a,b'],
  ]);
  assert.deepEqual(optionPairs(undefined), []);
  assert.deepEqual(optionPairs(null), []);
  assert.throws(() => optionPairs('manifest=/i.json'), { message: 'related-news: mount() options must be an object' });
  assert.throws(() => optionPairs(() => {}), /must be an object/);
});
