// End-to-end test of "one command, one folder, one tag": `related-news build --out-dir` (the CLI as `make cli` builds
// it, carrying the widget) writes a folder; a page that names only its related-news.js gets the panel, read from
// the index beside the script.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { REPO, WWW, describeMessages, launchBrowser, openPage, startServer, waitForReady } from './helpers.mjs';

const CLI = join(REPO, 'target', 'release', 'related-news');

let browser;
let server;
let work;
before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  work = mkdtempSync(join(tmpdir(), 'related-news-folder-'));
});
after(async () => {
  await browser?.close().catch(() => {});
  await server?.close().catch(() => {});
  if (work) rmSync(work, { recursive: true, force: true });
});

test('build --out-dir writes the widget and the index; one script tag shows the panel', { timeout: 60_000 }, async () => {
  const folder = join(work, 'related-news');
  execFileSync(CLI, ['build', join(WWW, 'articles'), '--config', join(WWW, 'site.config.json'), '--base-url', '/', '--out-dir', folder, '--quiet']);
  assert.deepEqual(readdirSync(folder).sort(), ['manifest.json', 'related-news.js', 'related_news_bg.wasm']);
  symlinkSync(folder, join(server.root, 'rn'));

  // The demo's own article page, with its script tag replaced by the one tag the README gives.
  const article = 'kerry-basel-2014';
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>One tag</title></head>
<body><main><h1>Kerry in Basel</h1>
<script type="module" src="/rn/related-news.js" data-article="${article}" data-eager></script>
</main></body></html>`;
  const routes = [['**/one-tag.html', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page })]];
  const record = await openPage(browser, server, '/one-tag.html', { routes });
  try {
    const [ready] = await waitForReady(record);
    assert.equal(ready.status, 'related', JSON.stringify(ready));
    const fetched = record.requests.map((u) => new URL(u).pathname).filter((p) => p !== '/one-tag.html');
    assert.deepEqual(fetched.sort(), ['/rn/manifest.json', '/rn/related-news.js', '/rn/related_news_bg.wasm'], 'everything from the folder, nothing else');
    const links = await record.page.evaluate(() => [...document.querySelector('[data-related-news]').shadowRoot.querySelectorAll('a[data-id]')].map((a) => a.dataset.id));
    assert.ok(links.length > 0 && !links.includes(article), `${links}`);
    assert.deepEqual(record.errors, [], describeMessages(record.messages));
  } finally {
    await record.close();
  }
});
