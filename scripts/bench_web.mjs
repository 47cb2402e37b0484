#!/usr/bin/env node
// What a reader pays for the panel, in headless Chromium on loopback with gzip on: the code the page loads, the
// bytes of every response the panel needs, and the time from navigation to the first related link; for the widget
// on the site's JSON Feed, the widget on the folder `related-news build --out-dir` writes, and a plain script (what
// a 40-line recommender does: fetch the feed, score the overlap of tags and title words weighted by IDF, render five
// links into a shadow root). Medians of --runs page loads, each in a fresh browser context (nothing cached), the
// kinds taking turns article by article; the ratio to the plain script is the median of the ratios of loads of the
// same article one after the other (the machine's pace drifts over a run); the longest task and the largest
// cumulative layout shift seen in any of them.
//
// Archives: the first N current-events items of ../shared/corpus as a JSON Feed (title, text, date, the linked
// Wikipedia articles as tags); past the corpus's 10,612 items, copies of it with their own ids, URLs and dates
// (two years earlier per copy), which is what a long-running site's archive looks like to the code.
//
// Usage: node scripts/bench_web.mjs [--sizes 1000,10000,100000] [--runs 6] [--cli target/release/related-news]
//        [--shared ../shared]     (needs `make cli`, which also builds the widget it writes beside the index)
//        node scripts/bench_web.mjs --folder DIR [--runs 6]: the widget on a folder built beforehand only (an archive
//        too large to build on every run, such as 1,000,000 articles), on articles of its manifest.json
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

import { chromium } from 'playwright-core';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const sizes = args.folder ? [] : (args.sizes ?? '1000,10000,100000').split(',').map(Number);
const runs = Number(args.runs ?? 6);
const cli = args.cli ?? 'target/release/related-news';
const shared = args.shared ?? '../shared';

const PLAIN_SCRIPT = `// The plain script: fetch the feed, score tags and title words by IDF-weighted overlap, render five links.
const me = document.currentScript || document.querySelector('script[data-feed]');
const words = (item) => new Set([...(item.title.toLowerCase().match(/[\\p{L}]{3,}/gu) || []), ...(item.tags || []).map((t) => '#' + t.toLowerCase())]);
const feed = await (await fetch(me.dataset.feed)).json();
const items = feed.items;
const sets = items.map(words);
const df = new Map();
for (const s of sets) for (const w of s) df.set(w, (df.get(w) || 0) + 1);
const current = items.findIndex((item) => item.id === me.dataset.article);
const scores = [];
for (let i = 0; i < items.length; i++) {
  if (i === current) continue;
  let score = 0;
  for (const w of sets[i]) if (sets[current].has(w)) score += Math.log(items.length / df.get(w));
  if (score > 0) scores.push([score, i]);
}
scores.sort((a, b) => b[0] - a[0]);
const host = document.createElement('div');
me.after(host);
const root = host.attachShadow({ mode: 'open' });
const list = document.createElement('ul');
for (const [, i] of scores.slice(0, 5)) {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = items[i].url;
  a.textContent = items[i].title;
  li.append(a);
  list.append(li);
}
root.append(list);
window.__firstLink = performance.now();
`;
// A classic script cannot use top-level await; the plain script is a module, found by its data attribute.
const PLAIN = PLAIN_SCRIPT.replace("document.currentScript || ", '');

function archive(n) {
  const lines = readFileSync(join(shared, 'corpus', 'wikipedia-current-events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const items = [];
  for (let copy = 0; items.length < n; copy++) {
    for (const r of lines) {
      if (items.length >= n) break;
      const id = copy === 0 ? r.id : `${r.id}-c${copy}`;
      const date = new Date(`${r.date}T00:00:00Z`);
      date.setUTCDate(date.getUTCDate() - 730 * copy);
      // A copy's title names its year: the same title and text under a second address is one article twice, which
      // the builder indexes once.
      const title = `${r.text.split('. ')[0].slice(0, 150)}${copy === 0 ? '' : ` (${date.getUTCFullYear()})`}`;
      // Addresses as news sites make them, a dated path and a slug of the title (60 to 90 characters in all), so
      // what an index costs per key is measured with keys of a real site's length, not short ids.
      const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
      const day = date.toISOString().slice(0, 10).replaceAll('-', '/');
      items.push({ id, url: `https://news.example/news/${day}/${slug}-${id.replace(/^\d{4}-\d{2}-\d{2}-/, '')}`, title, content_text: r.text, date_published: date.toISOString(), tags: r.wiki_links ?? [], language: 'en' });
    }
  }
  return { version: 'https://jsonfeed.org/version/1.1', title: 'Archive', home_page_url: 'https://news.example/', items };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };

function serve(root) {
  const gzipped = new Map();
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path);
    let body;
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      body = gzipped.get(file) ?? gzipSync(readFileSync(file), { level: 6 });
      gzipped.set(file, body);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-encoding': 'gzip', 'cache-control': 'no-store', 'content-length': body.length });
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

async function measure(browser, url) {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__longest = 0;
    window.__shift = 0;
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__longest = Math.max(window.__longest, entry.duration);
      }).observe({ type: 'longtask', buffered: true });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    } catch {
      // An engine without these entry types reports 0.
    }
    // The end of a load is said on the console, which the bench listens to without running anything in the page.
    // Waiting with Playwright's waitForFunction evaluates its script in the page once the load event has fired: a
    // trace showed a 17 ms evaluation of a script with no URL there, in the middle of the widget's loading, which
    // no reader's browser does (taken to be that script: both kinds loaded faster without it).
    // The plain script sets __firstLink itself; the widget's ready event sets it here.
    const said = () => console.debug('related-news-bench: ready');
    let firstLink;
    Object.defineProperty(window, '__firstLink', { configurable: true, get: () => firstLink, set: (value) => { firstLink = value; said(); } });
    window.addEventListener('related-news:ready', (event) => {
      if (event.detail.related > 0) window.__firstLink ??= performance.now();
      window.__status = event.detail.status;
      said();
    });
  });
  const page = await context.newPage();
  const ready = page.waitForEvent('console', { predicate: (message) => message.text() === 'related-news-bench: ready', timeout: 60_000 });
  await page.goto(url);
  const done = await ready.then(() => true, () => false);
  // Long tasks and layout shifts are reported a little after they end.
  await page.waitForTimeout(100);
  const result = await page.evaluate(() => ({
    longest: window.__longest,
    shift: window.__shift,
    firstLink: window.__firstLink,
    status: window.__status,
    bytes: performance.getEntriesByType('resource').reduce((sum, r) => sum + r.encodedBodySize, 0),
    // The widget's own User Timing measures (`measure` in src/js/panel.js): the steps once its index file is in.
    steps: Object.fromEntries(['read', 'rank', 'render'].map((step) => [step, performance.getEntriesByName(`related-news ${step}`).at(-1)?.duration])),
  }));
  await context.close();
  return done ? result : { status: 'timeout' };
}

const work = mkdtempSync(join(tmpdir(), 'related-news-bench-web-'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const { server, url } = await serve(work);
writeFileSync(join(work, 'plain.js'), PLAIN);
const rows = [];
const rebuilds = [];
/** The names of a folder's records and directories. */
function indexFiles(folder) {
  const names = new Set();
  for (const sub of ['r', 'd']) {
    try {
      for (const name of readdirSync(join(folder, sub))) names.add(`${sub}/${name}`);
    } catch {}
  }
  return names;
}
/**
 * Loads a page per id and kind (`[kind, tag(id), code]`), the kinds taking turns for each id so that a slower or
 * faster spell of the machine falls on all of them alike, and adds each kind's medians to `rows`, with the median
 * of its times over the plain script's on the same id.
 */
async function measureKinds(n, kinds, ids, buildSeconds) {
  const samples = kinds.map(() => []);
  for (const [i, id] of ids.entries()) {
    for (const [k, [, tag]] of kinds.entries()) {
      // A page of its own per load: the server keeps each file's gzipped bytes.
      const page = `page-${n}-${k}-${i}.html`;
      writeFileSync(join(work, page), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Bench</title></head><body><main><h1>Article</h1>${tag(id)}</main></body></html>`);
      samples[k].push(await measure(browser, `${url}/${page}`));
    }
  }
  const plain = kinds.findIndex(([kind]) => kind === 'plain script');
  for (const [k, [kind, , code]] of kinds.entries()) {
    const own = samples[k];
    const ok = own.filter((s) => s.firstLink !== undefined);
    const paired = plain < 0 || k === plain ? [] : own.map((s, i) => s.firstLink / samples[plain][i].firstLink).filter(Number.isFinite);
    rows.push({ n, kind, buildSeconds, code, bytes: median(own.map((s) => s.bytes ?? NaN)), time: median(ok.map((s) => s.firstLink)), ratio: paired.length ? median(paired) : NaN, longest: Math.max(...own.map((s) => s.longest ?? 0)), shift: Math.max(...own.map((s) => s.shift ?? 0)), shown: `${ok.length}/${own.length}`, steps: Object.fromEntries(['read', 'rank', 'render'].map((step) => [step, median(ok.map((s) => s.steps?.[step]).filter(Number.isFinite))])), statuses: [...new Set(own.map((s) => s.status))].join(',') });
    const r = rows.at(-1);
    console.error(`${n} ${kind}: ${r.shown} with links, ${(r.bytes / 1024).toFixed(1)} KB, ${r.time?.toFixed(0)} ms (${r.statuses})`);
  }
}
try {
  if (args.folder) {
    symlinkSync(resolve(args.folder), join(work, 'rn-folder'));
    const n = JSON.parse(readFileSync(join(args.folder, 'index.json'), 'utf8')).articles;
    const articles = JSON.parse(readFileSync(join(args.folder, 'manifest.json'), 'utf8')).articles;
    const ids = Array.from({ length: runs }, (_, i) => articles[Math.floor(((i + 1) * articles.length) / (runs + 1))].id);
    const code = ['related-news.js', 'related_news_bg.wasm'].reduce((sum, f) => sum + gzipSync(readFileSync(join(args.folder, f)), { level: 6 }).length, 0);
    const tag = (id) => `<script type="module" src="/rn-folder/related-news.js" data-article="${id}" data-eager data-subscribe="false"></script>`;
    await measureKinds(n, [['widget on its folder', tag, code]], ids, NaN);
  }
  for (const n of sizes) {
    const feed = archive(n);
    writeFileSync(join(work, `feed-${n}.json`), JSON.stringify(feed));
    const started = Date.now();
    execFileSync(cli, ['build', join(work, `feed-${n}.json`), '--out-dir', join(work, `rn-${n}`), '--quiet']);
    const buildSeconds = (Date.now() - started) / 1000;
    const code = ['related-news.js', 'related_news_bg.wasm'].reduce((sum, f) => sum + gzipSync(readFileSync(join(work, `rn-${n}`, f)), { level: 6 }).length, 0);
    // Articles from the middle of the newest copy: the ones readers open.
    const ids = Array.from({ length: runs }, (_, i) => feed.items[Math.floor(((i + 1) * Math.min(n, 10612)) / (runs + 1))].id);
    await measureKinds(
      n,
      [
        ['widget on the feed', (id) => `<script type="module" src="/rn-${n}/related-news.js" data-manifest="/feed-${n}.json" data-article="${id}" data-eager data-subscribe="false"></script>`, code],
        ['widget on its folder', (id) => `<script type="module" src="/rn-${n}/related-news.js" data-article="${id}" data-eager data-subscribe="false"></script>`, code],
        ['plain script', (id) => `<script type="module" src="/plain.js" data-feed="/feed-${n}.json" data-article="${id}"></script>`, gzipSync(Buffer.from(PLAIN)).length],
      ],
      ids,
      buildSeconds,
    );
    // A rebuild after 10 more articles: how many of the index's files it writes (new names, and the entry), and
    // what the entry, which every view reads, weighs then.
    const folder = join(work, `rn-${n}`);
    const before = indexFiles(folder);
    writeFileSync(join(work, `feed-${n}-more.json`), JSON.stringify(archive(n + 10)));
    execFileSync(cli, ['build', join(work, `feed-${n}-more.json`), '--out-dir', folder, '--quiet']);
    const written = [...indexFiles(folder)].filter((name) => !before.has(name)).length + 1;
    const entry = gzipSync(readFileSync(join(folder, 'index.json')), { level: 6 }).length;
    rebuilds.push({ n, written, files: before.size + 1, entry });
    console.error(`${n}: rebuilt with 10 more articles, ${written} of ${before.size + 1} index files written`);
  }
} finally {
  await browser.close();
  server.close();
  rmSync(work, { recursive: true, force: true });
}

const kb = (b) => (Number.isFinite(b) ? `${(b / 1024).toFixed(1)} KB` : '-');
console.log('| articles | what | code (gz) | bytes per view (gz) | time to first link | once the index file is in: read + rank + render | longest task | layout shift | pages with links | build |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
const ms = (x) => (Number.isFinite(x) ? x.toFixed(0) : '-');
for (const r of rows) {
  // The median of the ratios of loads of one article, each kind in turn: steadier than a ratio of medians.
  const ratio = Number.isFinite(r.ratio) ? ` (${r.ratio.toFixed(2)}x the plain script)` : '';
  console.log(`| ${r.n.toLocaleString('en')} | ${r.kind} | ${kb(r.code)} | ${kb(r.bytes)} | ${Number.isFinite(r.time) ? `${r.time.toFixed(0)} ms${ratio}` : `none (${r.statuses})`} | ${r.kind === 'plain script' ? '' : `${ms(r.steps.read)} + ${ms(r.steps.rank)} + ${ms(r.steps.render)} ms`} | ${r.longest.toFixed(0)} ms | ${r.shift.toFixed(3)} | ${r.shown} | ${r.kind === 'widget on its folder' && Number.isFinite(r.buildSeconds) ? `${r.buildSeconds.toFixed(1)} s` : ''} |`);
}
console.log('');
console.log('| articles | rebuild with 10 more articles: index files written | entry after it (gz) |');
console.log('| --- | --- | --- |');
for (const r of rebuilds) {
  console.log(`| ${r.n.toLocaleString('en')} | ${r.written} of ${r.files} (${((100 * r.written) / r.files).toFixed(1)}%) | ${kb(r.entry)} |`);
}
