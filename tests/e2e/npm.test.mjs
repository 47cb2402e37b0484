// End-to-end test of pkg/ as an npm package: it is packed with `npm pack`, installed into a tiny site, bundled
// there with esbuild (`import { mount } from 'related-news'`), and the page mounts a panel in Chromium.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import * as esbuild from 'esbuild';

import { REPO, describeMessages, openPage, useBrowserAndServer, waitForReady } from './helpers.mjs';

const env = useBrowserAndServer({ before, after });
let site;
before(() => {
  site = mkdtempSync(join(tmpdir(), 'related-news-npm-'));
});
after(() => {
  if (site) rmSync(site, { recursive: true, force: true });
});

test('a site bundled with esbuild imports mount from the npm package and shows the panel', { timeout: 120_000 }, async () => {
  // The package as npm would publish it.
  const packed = JSON.parse(execFileSync('npm', ['pack', join(REPO, 'pkg'), '--json', '--pack-destination', site], { encoding: 'utf8' }));
  const published = packed[0].files.map((f) => f.path).sort();
  for (const file of ['index.js', 'index.d.ts', 'related_news.js', 'related_news_bg.wasm', 'related_news_subscribe.js', 'related_news_subscribe_bg.wasm', 'related_news_reader.js', 'related_news_reader_bg.wasm', 'package.json']) {
    assert.ok(published.includes(file), `${file} is in the package (${published.join(', ')})`);
  }
  writeFileSync(join(site, 'package.json'), JSON.stringify({ name: 'tiny-site', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(site, packed[0].filename)], { cwd: site, stdio: 'pipe' });
  const installed = JSON.parse(readFileSync(join(site, 'node_modules', 'related-news', 'package.json'), 'utf8'));
  assert.equal(installed.types, 'index.d.ts');

  writeFileSync(join(site, 'app.js'), `import { mount } from 'related-news';
const widget = await mount(document.querySelector('#related'), { manifest: '/fixtures/manifest.json', article: 'en-osce-vilnius', eager: true, limit: 3, subscribeEndpoint: '/api/subscribe' });
window.__widgetElement = widget.element.id;
`);
  const out = join(site, 'public');
  mkdirSync(out);
  await esbuild.build({ entryPoints: [join(site, 'app.js')], bundle: true, format: 'esm', minify: true, outfile: join(out, 'app.js'), absWorkingDir: site, logLevel: 'silent' });
  // As the README says: the engines go beside the bundle (the subscription and reader modules' glue is in the
  // bundle, their engines are fetched only for a form, and for an index that is a manifest or a feed, as here).
  for (const engine of ['related_news_bg.wasm', 'related_news_reader_bg.wasm', 'related_news_subscribe_bg.wasm']) {
    copyFileSync(join(site, 'node_modules', 'related-news', engine), join(out, engine));
  }
  writeFileSync(join(out, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Tiny site</title></head>
<body><main><h1>Parallel conference in Vilnius</h1><div id="related"></div></main>
<script type="module" src="app.js"></script></body></html>`);
  assert.deepEqual(readdirSync(out).sort(), ['app.js', 'index.html', 'related_news_bg.wasm', 'related_news_reader_bg.wasm', 'related_news_subscribe_bg.wasm']);
  symlinkSync(out, join(env.server.root, 'tiny-site'));

  const record = await openPage(env.browser, env.server, '/tiny-site/index.html');
  try {
    const [ready] = await waitForReady(record);
    assert.equal(ready.status, 'related', JSON.stringify(ready));
    assert.equal(ready.related, 3);
    assert.equal(ready.subscribe, 'form', 'the subscription module, bundled, loads its engine from beside the bundle');
    assert.ok(await record.page.evaluate(() => Boolean(document.querySelector('#related').shadowRoot.querySelector('form[part=subscribe]'))));
    const links = await record.page.evaluate(() => [...document.querySelector('#related').shadowRoot.querySelectorAll('a[data-id]')].map((a) => a.dataset.id));
    assert.ok(links.length >= 3 && !links.includes('en-osce-vilnius'), `${links}`);
    assert.equal(await record.page.evaluate(() => window.__widgetElement), 'related', 'mount() resolved with the widget');
    assert.deepEqual(record.errors, [], describeMessages(record.messages));
  } finally {
    await record.close();
  }
});
