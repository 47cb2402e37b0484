// End-to-end tests of "one command, one folder, one tag": `related-news build --out-dir` (the CLI as `make cli`
// builds it, carrying the widget) writes a folder; a page that names only its related-news.js gets the panel from
// the sharded index beside the script, downloading one directory shard and one record; the widget's lists are the
// CLI's for every article of a 1,000-article site; and a broken index never breaks the page.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { FIXTURES, REPO, WWW, describeMessages, openPage, useBrowserAndServer, waitForReady } from './helpers.mjs';

const CLI = join(REPO, 'target', 'release', 'related-news');

const env = useBrowserAndServer({ before, after });
let work;
before(() => {
  work = mkdtempSync(join(tmpdir(), 'related-news-folder-'));
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Builds `inputs` into a folder served at /NAME/; returns the folder's path. */
function buildFolder(name, inputs) {
  const folder = join(work, name);
  execFileSync(CLI, ['build', ...inputs, '--out-dir', folder, '--quiet']);
  symlinkSync(folder, join(env.server.root, name));
  return folder;
}

/** A page route serving `body` at `path`. */
const pageRoute = (path, body) => [`**${path}`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body })];

const page = (body, lang = 'en') => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Folder</title></head>
<body><main><h1>Article</h1>${body}</main></body></html>`;

/** Opens a page at `path` whose only clue to its article is its canonical link, with the folder `name`'s one tag. */
const openCanonicalPage = (name, canonical, path, lang = 'en') => {
  const body = page(`<script type="module" src="/${name}/related-news.js" data-eager data-subscribe="false"></script>`, lang)
    .replace('<title>', `<link rel="canonical" href="${canonical}"><title>`);
  return openPage(env.browser, env.server, path, { routes: [pageRoute(path, body)] });
};

test('build --out-dir writes the widget and the index; one script tag shows the panel', { timeout: 60_000 }, async () => {
  const folder = buildFolder('rn', [join(WWW, 'articles'), '--config', join(WWW, 'site.config.json'), '--base-url', '/']);
  // A site this small has one directory, which the entry holds: no d/ folder.
  assert.deepEqual(readdirSync(folder).sort(), ['.related-news-state.json', 'index.json', 'manifest.json', 'r', 'related-news.js', 'related_news_bg.wasm', 'related_news_reader.js', 'related_news_reader_bg.wasm', 'related_news_subscribe.js', 'related_news_subscribe_bg.wasm']);
  const article = 'kerry-basel-2014';
  const body = page(`<script type="module" src="/rn/related-news.js" data-article="${article}" data-eager></script>`);
  const record = await openPage(env.browser, env.server, '/one-tag.html', { routes: [pageRoute('/one-tag.html', body)] });
  try {
    const [ready] = await waitForReady(record);
    assert.equal(ready.status, 'related', JSON.stringify(ready));
    const fetched = record.requests.map((u) => new URL(u).pathname).filter((p) => p !== '/one-tag.html').sort();
    assert.deepEqual(fetched.map((p) => p.replace(/[0-9a-f]{16}/, 'HASH')), ['/rn/index.json', '/rn/r/HASH.bin', '/rn/related-news.js', '/rn/related_news_bg.wasm'],
      'the entry (which holds a small site\'s directory) and one record: never the whole manifest; no subscription module without a subscription panel');
    const order = record.requests.map((u) => new URL(u).pathname);
    assert.ok(order.indexOf('/rn/index.json') < order.indexOf('/rn/related_news_bg.wasm'),
      `an eager panel's entry is requested while the engine loads, once: ${order.join(', ')}`);
    const links = await record.page.evaluate(() => [...document.querySelector('[data-related-news]').shadowRoot.querySelectorAll('a[data-id]')].map((a) => a.dataset.id));
    assert.ok(links.length > 0 && !links.includes(article), `${links}`);
    // Its steps once the record is in are User Timing measures, for the page's developer and make bench-web.
    const steps = await record.page.evaluate(() => ['read', 'rank', 'render'].map((step) => performance.getEntriesByName(`related-news ${step}`, 'measure').map((m) => m.duration)));
    for (const [i, durations] of steps.entries()) {
      assert.equal(durations.length, 1, `one "${['read', 'rank', 'render'][i]}" measure: ${JSON.stringify(steps)}`);
      assert.ok(durations[0] >= 0 && durations[0] < 10_000, JSON.stringify(steps));
    }
    assert.deepEqual(record.errors, [], describeMessages(record.messages));
    assert.deepEqual(record.widgetWarnings(), []);
  } finally {
    await record.close();
  }
});

test('a page the folder\'s index does not hold is ranked by its own words, which the reader module splits', { timeout: 60_000 }, async () => {
  const folder = buildFolder('rn-words', [join(WWW, 'articles'), '--config', join(WWW, 'site.config.json'), '--base-url', '/']);
  // The newest article's words on a page of another address: its neighbours among the newest articles are related.
  const { articles } = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  const newest = [...articles].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))[0];
  const words = `<h1>${newest.title}</h1><p>${newest.summary ?? ''}</p><p>${(newest.keywords ?? []).join('. ')}</p>`;
  const body = page(`${words}<script type="module" src="/rn-words/related-news.js" data-eager></script>`);
  const record = await openPage(env.browser, env.server, '/not-indexed.html', { routes: [pageRoute('/not-indexed.html', body)] });
  try {
    const [ready] = await waitForReady(record);
    assert.equal(ready.status, 'related', JSON.stringify(ready));
    assert.ok(ready.related > 0, JSON.stringify(ready));
    const paths = record.requests.map((u) => new URL(u).pathname);
    const reader = paths.indexOf('/rn-words/related_news_reader_bg.wasm');
    assert.ok(reader >= 0, `the reader module splits the page's words: ${paths.join(', ')}`);
    assert.equal(paths.filter((p) => p.startsWith('/rn-words/r/')).length, 1, `one record, the newest articles': ${paths.join(', ')}`);
    assert.deepEqual(record.errors, [], describeMessages(record.messages));
    assert.deepEqual(record.widgetWarnings(), []);
  } finally {
    await record.close();
  }
});

test('a panel in view with a subscription form: the subscription module is fetched alongside the index, and the form shows', { timeout: 60_000 }, async () => {
  const folder = buildFolder('rn-form', [join(WWW, 'articles'), '--config', join(WWW, 'site.config.json'), '--base-url', '/']);
  assert.ok(readdirSync(folder).includes('related_news_subscribe_bg.wasm'));
  const body = page(`<script type="module" src="/rn-form/related-news.js" data-article="kerry-basel-2014" data-eager data-subscribe-endpoint="/api/subscribe"></script>`);
  const record = await openPage(env.browser, env.server, '/with-form.html', { routes: [pageRoute('/with-form.html', body)] });
  try {
    const [ready] = await waitForReady(record);
    assert.equal(ready.status, 'related', JSON.stringify(ready));
    assert.equal(ready.subscribe, 'form', JSON.stringify(ready));
    const paths = record.requests.map((u) => new URL(u).pathname);
    const glue = paths.indexOf('/rn-form/related_news_subscribe.js');
    const recordFile = paths.findIndex((p) => p.startsWith('/rn-form/r/'));
    assert.ok(glue >= 0 && glue < recordFile, `requested before the index's record, so it downloads alongside: ${paths.join(', ')}`);
    assert.ok(paths.includes('/rn-form/related_news_subscribe_bg.wasm'));
    assert.ok(await record.page.evaluate(() => Boolean(document.querySelector('[data-related-news]').shadowRoot.querySelector('form[part=subscribe]'))));
    assert.deepEqual(record.errors, [], describeMessages(record.messages));
  } finally {
    await record.close();
  }
});

test('a JSON Feed read as it is, with no build step, offers its most used tags as topics: the form shows', { timeout: 60_000 }, async () => {
  const folder = buildFolder('rn-feed-form', [join(WWW, 'articles'), '--config', join(WWW, 'site.config.json'), '--base-url', '/']);
  cpSync(join(FIXTURES, 'feed-1000.json'), join(folder, 'feed.json'));
  const feed = JSON.parse(readFileSync(join(FIXTURES, 'feed-1000.json'), 'utf8'));
  const article = feed.items.find((item) => (item.tags ?? []).includes('United States')).id;
  const body = page(`<script type="module" src="/rn-feed-form/related-news.js" data-manifest="/rn-feed-form/feed.json" data-article="${article}" data-eager data-subscribe-endpoint="/api/subscribe"></script>`);
  const record = await openPage(env.browser, env.server, '/feed-form.html', { routes: [pageRoute('/feed-form.html', body)] });
  try {
    const [ready] = await waitForReady(record);
    assert.equal(ready.status, 'related', JSON.stringify(ready));
    assert.equal(ready.subscribe, 'form', JSON.stringify(ready));
    // The feed's eight most used tags, the most used first, as `build` would make them.
    const topics = await record.page.evaluate(() => [...document.querySelector('[data-related-news]').shadowRoot.querySelectorAll('form[part=subscribe] input[type=checkbox][name=topics]')].map((box) => box.value));
    assert.equal(topics.length, 8, JSON.stringify(topics));
    assert.equal(topics[0], 'united-states', JSON.stringify(topics));
    assert.deepEqual(record.errors, [], describeMessages(record.messages));
  } finally {
    await record.close();
  }
});

test('a small site\'s record is requested while the engine still loads: the entry names it, once, for an id, a canonical link and an update', { timeout: 90_000 }, async () => {
  const folder = buildFolder('rn-hint', [join(WWW, 'articles'), '--config', join(WWW, 'site.config.json'), '--base-url', '/']);
  const entry = JSON.parse(readFileSync(join(folder, 'index.json'), 'utf8'));
  // The one directory is in the entry, binary (by hashes of the keys), which the loader reads as the engine does.
  assert.ok(typeof entry.directory === 'string' && entry.records === undefined && entry.directories === undefined && entry.shards === undefined, JSON.stringify(entry).slice(0, 300));
  const article = 'kerry-basel-2014';
  const canonicalKey = readFileSync(join(WWW, 'articles', `${article}.html`), 'utf8').match(/<link rel="canonical" href="([^"]+)">/)?.[1];
  assert.ok(canonicalKey, 'the demo article has a canonical link');
  // A rebuild after the article changed: the entry's update names the article's new record, which must be the one.
  const updated = 'rn-hint-update';
  const articles = join(work, 'hint-articles');
  cpSync(join(WWW, 'articles'), articles, { recursive: true });
  const file = join(articles, `${article}.html`);
  writeFileSync(file, readFileSync(file, 'utf8').replaceAll('met with civil society activists', 'met civil society activists'));
  cpSync(folder, join(work, updated), { recursive: true, dereference: true });
  execFileSync(CLI, ['build', articles, '--config', join(WWW, 'site.config.json'), '--base-url', '/', '--out-dir', join(work, updated), '--quiet']);
  symlinkSync(join(work, updated), join(env.server.root, updated));
  const moved = JSON.parse(readFileSync(join(work, updated, 'index.json'), 'utf8')).update?.records?.[article];
  assert.ok(moved && !existsSync(join(folder, moved)), `the rebuild's update names a new record for the article, not one of the first build's: ${moved}`);
  // By id and by canonical link, the loader must find the record the engine then asks for (a wrong guess would
  // make two record requests), and the same one both ways; by the update, the one the update names.
  const found = [];
  const cases = [
    ['by its id', 'rn-hint', `<script type="module" src="/rn-hint/related-news.js" data-article="${article}" data-eager data-subscribe="false"></script>`, ''],
    ['by its canonical link', 'rn-hint', `<script type="module" src="/rn-hint/related-news.js" data-eager data-subscribe="false"></script>`, `<link rel="canonical" href="${canonicalKey}">`],
    ['by the update', updated, `<script type="module" src="/${updated}/related-news.js" data-article="${article}" data-eager data-subscribe="false"></script>`, '', moved],
  ];
  for (const [name, dir, tag, head, expected] of cases) {
    const path = `/hint-${name.replaceAll(' ', '-')}.html`;
    const body = page(tag).replace('<title>', `${head}<title>`);
    // The engine's wasm is held until the record has been requested (or 3 s have passed): only a request the loader
    // makes can come first.
    let recordBeforeEngine = false;
    const holdEngine = async (route) => {
      const started = Date.now();
      while (Date.now() - started < 3_000 && !record.requests.some((u) => new URL(u).pathname.startsWith(`/${dir}/r/`))) await new Promise((ok) => setTimeout(ok, 20));
      recordBeforeEngine = record.requests.some((u) => new URL(u).pathname.startsWith(`/${dir}/r/`));
      await route.continue().catch(() => {});
    };
    const record = await openPage(env.browser, env.server, path, { routes: [pageRoute(path, body), [`**/${dir}/related_news_bg.wasm`, holdEngine]], goto: false });
    try {
      await record.page.goto(record.url(path));
      const [ready] = await waitForReady(record);
      assert.equal(ready.status, 'related', `${name}: ${JSON.stringify(ready)}`);
      assert.ok(recordBeforeEngine, `${name}: the record is requested before the engine has arrived: ${record.requests.join(', ')}`);
      const records = record.requests.map((u) => new URL(u).pathname).filter((p) => p.startsWith(`/${dir}/r/`));
      assert.equal(records.length, 1, `${name}: the record the entry names, requested once (the engine takes the request over): ${records.join(', ')}`);
      if (expected) assert.deepEqual(records, [`/${dir}/${expected}`], name);
      else found.push(records[0]);
      assert.deepEqual(record.errors, [], describeMessages(record.messages));
      assert.deepEqual(record.widgetWarnings(), [], `${name}: ${describeMessages(record.messages)}`);
    } finally {
      await record.close();
    }
  }
  assert.equal(new Set(found).size, 1, `the same record by id and by canonical link: ${found.join(', ')}`);
});

test('a site whose addresses are Cyrillic finds a page by its canonical link, as the browser encodes it', { timeout: 60_000 }, async () => {
  // The feed gives the addresses raw; the browser reports the page's as percent-encoded UTF-8.
  const topics = [
    ['Итоги выборов в парламент', ['Центральная избирательная комиссия подвела итоги выборов в парламент.', 'Явка избирателей на выборах составила шестьдесят процентов.', 'Депутаты нового парламента соберутся на первое заседание в марте.', 'Наблюдатели не нашли нарушений на избирательных участках.', 'Оппозиция получила в парламенте больше мест, чем на прошлых выборах.']],
    ['Наводнение на реке Кура', ['Наводнение на реке Кура затопило несколько деревень.', 'Спасатели эвакуировали жителей из затопленных домов.', 'Уровень воды в реке продолжает расти после сильных дождей.', 'Власти объявили режим чрезвычайной ситуации в районе наводнения.', 'Волонтеры раздают пострадавшим от наводнения воду и еду.']],
    ['Вакцинация от гриппа', ['Министерство здравоохранения начало вакцинацию от гриппа.', 'Новая вакцина доступна во всех поликлиниках города.', 'Врачи советуют пожилым людям сделать прививку до зимы.', 'Вакцина прошла клинические испытания в прошлом году.', 'За первую неделю прививку от гриппа сделали десять тысяч человек.']],
  ];
  const items = Array.from({ length: 12 }, (_, i) => {
    const [headline, sentences] = topics[i % 3];
    const k = Math.floor(i / 3);
    return {
      id: `ru-${i}`,
      url: `https://news.example/новости/статья-${i}`,
      title: `${headline}: ${['первые данные', 'подробности', 'реакция', 'что дальше'][k]}`,
      content_text: [0, 1, 2, 3, 4].filter((j) => j !== k).map((j) => sentences[j]).join(' '),
      date_published: `2025-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
      language: 'ru',
    };
  });
  const input = join(work, 'feed-ru.json');
  writeFileSync(input, JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Новости', items }));
  buildFolder('rn-ru', [input]);
  const record = await openCanonicalPage('rn-ru', 'https://news.example/новости/статья-4', '/ru-canonical.html', 'ru');
  try {
    const [ready] = await waitForReady(record);
    assert.equal(ready.status, 'related', JSON.stringify(ready));
    const paths = record.requests.map((u) => new URL(u).pathname);
    // Found in the index: one record (the loader's early request, which the engine took over), and no reader module,
    // which a page the index does not hold would load to read its own words.
    assert.equal(paths.filter((p) => p.startsWith('/rn-ru/r/')).length, 1, paths.join(', '));
    assert.ok(!paths.some((p) => p.includes('related_news_reader')), paths.join(', '));
    assert.deepEqual(record.errors, [], describeMessages(record.messages));
    assert.deepEqual(record.widgetWarnings(), [], describeMessages(record.messages));
  } finally {
    await record.close();
  }
  // The same site read under another host (a staging copy, `www.` or not): a relative canonical link resolves to
  // the page's own origin, not the one the index was built with. The page is its article all the same, found by
  // its path, and never listed as related to itself.
  const staged = await openCanonicalPage('rn-ru', '/новости/статья-5', '/ru-staged.html', 'ru');
  try {
    const [ready] = await waitForReady(staged);
    assert.equal(ready.status, 'related', JSON.stringify(ready));
    const paths = staged.requests.map((u) => new URL(u).pathname);
    assert.ok(!paths.some((p) => p.includes('related_news_reader')), `found in the index, not ranked by its own words: ${paths.join(', ')}`);
    const links = await staged.page.evaluate(() => [...document.querySelector('[data-related-news]').shadowRoot.querySelectorAll('a[data-id]')].map((a) => a.dataset.id));
    assert.ok(links.length > 0 && !links.includes('ru-5'), `${links}`);
    assert.deepEqual(staged.errors, [], describeMessages(staged.messages));
    assert.deepEqual(staged.widgetWarnings(), [], describeMessages(staged.messages));
  } finally {
    await staged.close();
  }
});

/** Checks that the widget, on pages of 100 mounts each, lists for every article what `related` lists for it. */
async function compareEveryArticle(name, folder, count, every = 1) {
  const expected = new Map(execFileSync(CLI, ['related', folder, '--all', '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 })
    .trim().split('\n').map((line) => JSON.parse(line)).map((o) => [o.id, o.related.map((r) => r.id)]));
  assert.equal(expected.size, count);
  const ids = [...expected.keys()].filter((_, i) => i % every === 0);
  const batch = 100;
  let compared = 0;
  for (let start = 0; start < ids.length; start += batch) {
    const slice = ids.slice(start, start + batch);
    const mounts = slice.map((id) => `<div data-related-news data-article="${id}" data-more-news="0"></div>`).join('\n');
    const path = `/${name}-${start}.html`;
    const body = page(`${mounts}\n<script type="module" src="/${name}/related-news.js" data-eager data-subscribe="false"></script>`);
    const record = await openPage(env.browser, env.server, path, { routes: [pageRoute(path, body)] });
    try {
      await waitForReady(record, slice.length, 60_000);
      const shown = await record.page.evaluate(() => [...document.querySelectorAll('[data-related-news]')].map((host) => [
        host.dataset.article,
        [...host.shadowRoot.querySelectorAll('[part~="related"] a[data-id]')].map((a) => a.dataset.id),
      ]));
      for (const [id, links] of shown) {
        assert.deepEqual(links, expected.get(id), `the widget's list for ${id} is the CLI's`);
        compared += 1;
      }
      assert.deepEqual(record.errors, [], describeMessages(record.messages));
    } finally {
      await record.close();
    }
  }
  assert.equal(compared, ids.length);
  return expected;
}

/** The index files of a folder (records and directories), by name, with their bytes. */
function indexFiles(folder) {
  const files = new Map();
  for (const sub of ['r', 'd']) {
    let names = [];
    try { names = readdirSync(join(folder, sub)); } catch { continue; }
    for (const name of names) files.set(`${sub}/${name}`, readFileSync(join(folder, sub, name)));
  }
  return files;
}

test('on a 1,000-article site the widget lists, for every article, what `related` lists, in the same order', { timeout: 240_000 }, async () => {
  const folder = buildFolder('rn1000', [join(FIXTURES, 'feed-1000.json')]);
  await compareEveryArticle('rn1000', folder, 1000);
});

test('after 10 articles are added, one changed and one removed, a rebuild writes under 5% of the index files, and the widget still lists what `related` lists', { timeout: 240_000 }, async () => {
  const folder = buildFolder('rn1000u', [join(FIXTURES, 'feed-1000.json')]);
  const before = indexFiles(folder);
  const feed = JSON.parse(readFileSync(join(FIXTURES, 'feed-1000.json'), 'utf8'));
  // Ten new articles on the archive's own subjects (the text of ten older ones, newly dated), one changed, one gone.
  const added = feed.items.slice(0, 10).map((item, i) => ({
    ...item,
    id: `added-${i}`,
    url: `${item.url.replace(/\/$/, '')}-follow-up-${i}`,
    title: `Follow-up: ${item.title}`,
    date_published: '2031-01-0' + (i % 9 + 1) + 'T00:00:00Z',
  }));
  const changedId = feed.items[20].id;
  feed.items[20] = { ...feed.items[20], title: `${feed.items[20].title} (updated)` };
  const removedId = feed.items[30].id;
  feed.items.splice(30, 1);
  feed.items.push(...added);
  const input = join(work, 'feed-1009.json');
  writeFileSync(input, JSON.stringify(feed));
  const rebuild = spawnSync(CLI, ['build', input, '--out-dir', folder], { encoding: 'utf8' });
  assert.equal(rebuild.status, 0, rebuild.stderr);
  const log = rebuild.stderr;
  assert.match(log, /an update of 11 article\(s\) added or changed and 1 removed/);
  const after = indexFiles(folder);
  const written = [...after.keys()].filter((name) => !before.has(name));
  for (const [name, bytes] of before) assert.ok(after.get(name)?.equals(bytes), `${name} is kept as it was`);
  // The entry is rewritten too.
  assert.ok((written.length + 1) * 20 <= before.size + 1, `${written.length} new files and the entry of ${before.size + 1}: more than 5% (${log})`);
  const expected = await compareEveryArticle('rn1000u', folder, 1009);
  const listed = new Set([...expected.values()].flat());
  assert.ok(added.some((item) => listed.has(item.id)), 'the added articles are listed');
  assert.ok(!listed.has(removedId), 'the removed article is never listed');
  assert.ok(expected.has(changedId));
});

test('on a 2,000-article site the widget finds each page\'s record through binary directory shards, and lists what `related` lists', { timeout: 240_000 }, async () => {
  // The fixture feed twice, the second time under other ids, addresses and titles (the same title and text under a
  // second address would be one article, indexed once): 4,000 keys, past what the entry holds itself.
  const feed = JSON.parse(readFileSync(join(FIXTURES, 'feed-1000.json'), 'utf8'));
  // A year earlier: the same text under another title and address within a week would be an earlier version of
  // the article, left out.
  const yearEarlier = (date) => (date ? new Date(Date.parse(date) - 365 * 86_400_000).toISOString() : date);
  const copies = feed.items.map((item) => ({ ...item, id: `${item.id}-again`, url: `${item.url.replace(/\/$/, '')}-again`, title: `${item.title ?? ''} (again)`, date_published: yearEarlier(item.date_published) }));
  const input = join(work, 'feed-2000.json');
  writeFileSync(input, JSON.stringify({ ...feed, items: [...feed.items, ...copies] }));
  const folder = buildFolder('rn2000', [input]);
  const entry = JSON.parse(readFileSync(join(folder, 'index.json'), 'utf8'));
  assert.ok(entry.records === undefined && entry.directory === undefined, 'no directory in the entry');
  // The entry names its shards by 4 bytes of hash each (version 7): shard i is d/<i in hex>-<the hash in hex>.bin.
  const hashes = Buffer.from(entry.shards, 'base64');
  assert.ok(entry.directories === undefined && hashes.length > 4 && hashes.length % 4 === 0, JSON.stringify(entry).slice(0, 300));
  const shards = Array.from({ length: hashes.length / 4 }, (_, i) => `d/${i.toString(16)}-${hashes.readUInt32LE(4 * i).toString(16).padStart(8, '0')}.bin`);
  assert.deepEqual(readdirSync(join(folder, 'd')).sort(), shards.map((name) => name.slice('d/'.length)).sort());
  for (const name of shards) assert.equal(readFileSync(join(folder, name)).subarray(0, 4).toString('latin1'), 'RND\u0001');
  // Every tenth article, by its id: the widget's list is the CLI's.
  await compareEveryArticle('rn2000', folder, 2000, 10);
  // A page found by its canonical link (the key of its URL's path), with one shard and one record requested, both
  // by the loader while the engine loads: the engine's wasm is held until the record has been requested (or 3 s
  // have passed), so only requests the loader makes can come first.
  const item = copies[7];
  const path = '/canonical-2000.html';
  const body = page('<script type="module" src="/rn2000/related-news.js" data-eager data-subscribe="false"></script>')
    .replace('<title>', `<link rel="canonical" href="${item.url}"><title>`);
  const recordRequested = () => record.requests.some((u) => new URL(u).pathname.startsWith('/rn2000/r/'));
  let recordBeforeEngine = false;
  const holdEngine = async (route) => {
    const started = Date.now();
    while (Date.now() - started < 3_000 && !recordRequested()) await new Promise((ok) => setTimeout(ok, 20));
    recordBeforeEngine = recordRequested();
    await route.continue().catch(() => {});
  };
  const record = await openPage(env.browser, env.server, path, { routes: [pageRoute(path, body), ['**/rn2000/related_news_bg.wasm', holdEngine]], goto: false });
  try {
    await record.page.goto(record.url(path));
    const [ready] = await waitForReady(record);
    assert.equal(ready.status, 'related', JSON.stringify(ready));
    const paths = record.requests.map((u) => new URL(u).pathname);
    assert.ok(recordBeforeEngine, `the shard and the record are requested before the engine has arrived: ${paths.join(', ')}`);
    assert.equal(paths.filter((p) => p.startsWith('/rn2000/d/')).length, 1, paths.join(', '));
    assert.equal(paths.filter((p) => p.startsWith('/rn2000/r/')).length, 1, paths.join(', '));
    assert.deepEqual(record.errors, [], describeMessages(record.messages));
    assert.deepEqual(record.widgetWarnings(), [], describeMessages(record.messages));
  } finally {
    await record.close();
  }
});

/** Rewrites a folder's entry (JSON.stringify leaves out fields set to undefined). */
function rewriteEntry(dir, change) {
  const path = join(dir, 'index.json');
  writeFileSync(path, JSON.stringify(change(JSON.parse(readFileSync(path, 'utf8')))));
}

test('a missing or corrupted index file gives More news or a hidden panel and one warning, never an error', { timeout: 60_000 }, async () => {
  const good = join(work, 'rn');
  const cases = {
    // The demo site is small, so its entry holds its one directory: the directory cases move it out into a shard
    // first (as a larger site's entry has it), then break that shard.
    'no directory': (dir) => { rewriteEntry(dir, (entry) => ({ ...entry, directory: undefined, directories: ['d/0000000000000001.json'] })); },
    'corrupted directory': (dir) => {
      mkdirSync(join(dir, 'd'), { recursive: true });
      writeFileSync(join(dir, 'd', '0000000000000002.json'), '{"records": {"kerry-basel-2014": "../../etc/passwd"');
      rewriteEntry(dir, (entry) => ({ ...entry, directory: undefined, directories: ['d/0000000000000002.json'] }));
    },
    'corrupted binary directory': (dir) => {
      mkdirSync(join(dir, 'd'), { recursive: true });
      writeFileSync(join(dir, 'd', '0000000000000003.bin'), Buffer.from([0x52, 0x4e, 0x44, 0x01, 0x05, 0xff, 0xff]));
      rewriteEntry(dir, (entry) => ({ ...entry, directory: undefined, directories: ['d/0000000000000003.bin'] }));
    },
    // An entry of version 5, whose inline directory was JSON: older than the widget reads, so refused whole (the
    // warning says to rebuild); and one that claims version 7 with such a directory.
    'entry of an older build': (dir) => { rewriteEntry(dir, (entry) => ({ ...entry, version: 5, directory: undefined, records: { 'kerry-basel-2014': 'r/0000000000000000.json' } })); },
    'entry with a JSON directory': (dir) => { rewriteEntry(dir, (entry) => ({ ...entry, directory: undefined, records: { 'kerry-basel-2014': '../../etc/passwd' } })); },
    // The entry's binary directory cut short: the entry is refused whole.
    'entry with garbled inline bytes': (dir) => { rewriteEntry(dir, (entry) => ({ ...entry, directory: entry.directory.slice(0, 40) })); },
    // Every record gone but the newest articles' (a partial upload): the page's record answers 404.
    'missing page record': (dir) => {
      const { newest } = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
      for (const f of readdirSync(join(dir, 'r'))) if (`r/${f}` !== newest) rmSync(join(dir, 'r', f));
    },
    'truncated record': (dir) => { for (const f of readdirSync(join(dir, 'r'))) writeFileSync(join(dir, 'r', f), readFileSync(join(dir, 'r', f)).subarray(0, 200)); },
    'record with a flipped byte': (dir) => {
      for (const f of readdirSync(join(dir, 'r'))) {
        const bytes = readFileSync(join(dir, 'r', f));
        bytes[4] ^= 0x40;
        writeFileSync(join(dir, 'r', f), bytes);
      }
    },
    'entry of a newer build': (dir) => { rewriteEntry(dir, (entry) => ({ ...entry, directory: undefined, directories: ['d/0000000000000000.json'], newest: 'r/0000000000000000.json' })); },
    // What a version-3 rebuild wrote: an update whose record is JSON, which only the CLI reads (the widget says to
    // rebuild).
    'entry with a version-3 update': (dir) => {
      rewriteEntry(dir, (entry) => ({ ...entry, version: 3, update: { records: {}, removed: [], record: { version: 1, articles: [], collection: { articles: 1, terms: [], df: [] } } } }));
    },
    'garbage entry': (dir) => { writeFileSync(join(dir, 'index.json'), '\u0000\u0001garbage'); },
  };
  for (const [name, breakIt] of Object.entries(cases)) {
    const slug = name.replaceAll(' ', '-');
    const dir = join(work, slug);
    cpSync(good, dir, { recursive: true, dereference: true });
    breakIt(dir);
    symlinkSync(dir, join(env.server.root, slug));
    const path = `/${slug}.html`;
    const body = page(`<p id="host-ok">host</p><script type="module" src="/${slug}/related-news.js" data-article="kerry-basel-2014" data-eager></script>`);
    const record = await openPage(env.browser, env.server, path, { routes: [pageRoute(path, body)] });
    try {
      const [ready] = await waitForReady(record);
      // Without its directory or its record, the article is looked for among the newest articles, which may well
      // hold it, else ranked by the page's own words.
      const fallsBack = (name.includes('directory') && !name.startsWith('entry')) || name === 'missing page record';
      const expected = fallsBack ? ['related', 'more-news', 'empty'] : ['error'];
      assert.ok(expected.includes(ready.status), `${name}: ${JSON.stringify(ready)}`);
      assert.deepEqual(record.errors, [], `${name}: ${describeMessages(record.messages)}`);
      const warnings = record.widgetWarnings();
      assert.equal(warnings.length, 1, `${name}: one warning (${describeMessages(record.messages)})`);
      if (name === 'entry of an older build') assert.match(warnings[0].text, /index version 5 is older than this widget reads \(6 to 7\): rebuild/);
      if (name === 'missing page record') {
        assert.match(warnings[0].text, /the index file \S+\/r\/[0-9a-f]+\.bin answered HTTP 404; using the newest articles/);
        assert.equal(ready.status, 'more-news', JSON.stringify(ready));
      }
      assert.equal(await record.page.textContent('#host-ok'), 'host');
    } finally {
      await record.close();
    }
  }
});

test('a missing subscription module leaves the related articles shown, with one warning and no error', { timeout: 60_000 }, async () => {
  const good = buildFolder('rn-form-good', [join(WWW, 'articles'), '--config', join(WWW, 'site.config.json'), '--base-url', '/']);
  for (const missing of ['related_news_subscribe_bg.wasm', 'related_news_subscribe.js']) {
    const slug = `no-${missing.replaceAll(/[._]/g, '-')}`;
    const dir = join(work, slug);
    cpSync(good, dir, { recursive: true, dereference: true });
    rmSync(join(dir, missing));
    symlinkSync(dir, join(env.server.root, slug));
    const path = `/${slug}.html`;
    const body = page(`<p id="host-ok">host</p><script type="module" src="/${slug}/related-news.js" data-article="kerry-basel-2014" data-eager data-subscribe-endpoint="/api/subscribe"></script>`);
    const record = await openPage(env.browser, env.server, path, { routes: [pageRoute(path, body)] });
    try {
      const [ready] = await waitForReady(record);
      assert.equal(ready.status, 'related', `${missing}: ${JSON.stringify(ready)}`);
      assert.equal(ready.subscribe, 'none', `${missing}: ${JSON.stringify(ready)}`);
      assert.deepEqual(record.errors, [], `${missing}: ${describeMessages(record.messages)}`);
      const warnings = record.widgetWarnings();
      assert.equal(warnings.length, 1, `${missing}: one warning (${describeMessages(record.messages)})`);
      assert.match(warnings[0].text, /the subscription panel could not be loaded/);
      assert.equal(await record.page.textContent('#host-ok'), 'host');
    } finally {
      await record.close();
    }
  }
});

test('a missing engine hides the panel with one warning and a ready event that says so, and no error', { timeout: 60_000 }, async () => {
  const good = buildFolder('rn-no-engine-good', [join(WWW, 'articles'), '--config', join(WWW, 'site.config.json'), '--base-url', '/']);
  const dir = join(work, 'no-engine');
  cpSync(good, dir, { recursive: true, dereference: true });
  rmSync(join(dir, 'related_news_bg.wasm'));
  symlinkSync(dir, join(env.server.root, 'no-engine'));
  const path = '/no-engine.html';
  const body = page('<p id="host-ok">host</p><script type="module" src="/no-engine/related-news.js" data-article="kerry-basel-2014" data-eager></script>');
  const record = await openPage(env.browser, env.server, path, { routes: [pageRoute(path, body)] });
  try {
    const [ready] = await waitForReady(record);
    assert.equal(ready.status, 'error', JSON.stringify(ready));
    assert.deepEqual(record.errors, [], describeMessages(record.messages));
    const warnings = record.widgetWarnings();
    assert.equal(warnings.length, 1, `one warning (${describeMessages(record.messages)})`);
    assert.match(warnings[0].text, /^related-news: the engine could not be loaded \(.*\); the panel is hidden$/);
    assert.equal(await record.page.textContent('#host-ok'), 'host');
  } finally {
    await record.close();
  }
});

test('mount points that share a bad option of their script tag warn about it once', { timeout: 60_000 }, async () => {
  const good = buildFolder('rn-shared-options', [join(WWW, 'articles'), '--config', join(WWW, 'site.config.json'), '--base-url', '/']);
  symlinkSync(good, join(env.server.root, 'shared-options'));
  const path = '/shared-options.html';
  const body = page('<div data-related-news></div><div data-related-news></div><script type="module" src="/shared-options/related-news.js" data-article="kerry-basel-2014" data-eager data-limit="lots"></script>');
  const record = await openPage(env.browser, env.server, path, { routes: [pageRoute(path, body)] });
  try {
    const events = await waitForReady(record, 2);
    assert.deepEqual(events.map((e) => e.status), ['related', 'related'], JSON.stringify(events));
    const warnings = record.widgetWarnings();
    assert.equal(warnings.length, 1, describeMessages(record.messages));
    assert.match(warnings[0].text, /limit="lots" is not a whole number; ignored/);
  } finally {
    await record.close();
  }
});

test('the placeholder reserves about the panel\'s height: what follows it hardly moves', { timeout: 60_000 }, async () => {
  buildFolder('rn-shift', [join(WWW, 'articles'), '--config', join(WWW, 'site.config.json'), '--base-url', '/']);
  const path = '/shift.html';
  const below = '<p id="below">' + 'The text that follows the panel on the article page. '.repeat(40) + '</p>';
  const body = page(`<h1>Article</h1><div data-related-news></div>${below}<script type="module" src="/rn-shift/related-news.js" data-article="kerry-basel-2014" data-eager></script>`);
  const record = await openPage(env.browser, env.server, path, { routes: [pageRoute(path, body)], goto: false });
  // The panel's heights as it changes: the placeholder's (the first), then the panel's. (Its first appearance
  // moves what follows it in any case, unless the host reserves room itself, as the README shows.)
  await record.page.addInitScript(() => {
    window.__heights = [];
    new MutationObserver(() => {
      const height = Math.round(document.querySelector('[data-related-news]')?.getBoundingClientRect().height ?? 0);
      if (height > 0 && window.__heights.at(-1) !== height) window.__heights.push(height);
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  try {
    await record.page.goto(record.url(path));
    const [ready] = await waitForReady(record);
    assert.equal(ready.status, 'related', JSON.stringify(ready));
    const heights = await record.page.evaluate(() => [...window.__heights, Math.round(document.querySelector('[data-related-news]').getBoundingClientRect().height)]);
    const [placeholder, panel] = [heights[0], heights.at(-1)];
    // Five links with pictures and summaries: within a tenth of the room reserved (it was 267 px for 428).
    assert.ok(Math.abs(panel - placeholder) <= panel / 10, `placeholder ${placeholder} px, panel ${panel} px (${heights.join(' -> ')})`);
  } finally {
    await record.close();
  }
});
