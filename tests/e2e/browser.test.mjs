// The engine's browser calls (src/js/browser.js) run in Node, with `fetch` replaced: an index file's fetch within
// its time-out and size cap, the failures the engine turns into its messages (src/web/fetch.rs), the script-tag
// loader's early requests taken over, and modules loaded within a time limit. The panel's tests in Chromium
// (faults, folder) run them in pages.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';

import { fetchIndexFile, loadModule, preloadModule, yieldToBrowser } from '../../src/js/browser.js';

const realFetch = globalThis.fetch;
const EARLY = Symbol.for('related-news.early-fetches');
afterEach(() => {
  globalThis.fetch = realFetch;
  delete globalThis[EARLY];
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
