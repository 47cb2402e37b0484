// End-to-end tests against the demo site in www/, with the widget as built in www/dist/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  WWW,
  collectGarbage,
  describeMessages,
  openPage,
  outputPath,
  panelInfo,
  revealAndWaitForReady,
  useBrowserAndServer,
} from './helpers.mjs';

const env = useBrowserAndServer({ before, after });
const TEST_TIMEOUT = 20_000;

const manifest = JSON.parse(readFileSync(join(WWW, 'manifest.json'), 'utf8'));
const byId = new Map(manifest.articles.map((a) => [a.id, a]));

/** Keywords and entity names of an article, lower-cased with punctuation folded to single spaces. */
function namedTerms(article) {
  const fold = (s) => s.normalize('NFC').toLowerCase().split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean).join(' ');
  const keywords = (article.keywords ?? []).map((k) => (Array.isArray(k) ? k[0] : k));
  const entities = Object.values(article.entities ?? {}).flat();
  return new Set([...keywords, ...entities].map(fold).filter(Boolean));
}

/**
 * A Wikipedia ("wce-") demo article that belongs to a story with several items: the one whose keywords and
 * entities are shared by the most other articles (ties broken by id), worked out from the manifest at run time.
 */
function pickWikipediaArticle() {
  const terms = new Map(manifest.articles.map((a) => [a.id, namedTerms(a)]));
  let best = null;
  for (const article of manifest.articles.filter((a) => a.id.startsWith('wce-'))) {
    const mine = terms.get(article.id);
    const neighbours = manifest.articles.filter((b) => b.id !== article.id && [...terms.get(b.id)].some((t) => mine.has(t))).length;
    if (!best || neighbours > best.neighbours || (neighbours === best.neighbours && article.id < best.id)) {
      best = { id: article.id, neighbours };
    }
  }
  return best;
}

function assertArticleLink(link, { origin }) {
  assert.ok(byId.has(link.id), `related id ${link.id} is in www/manifest.json`);
  const url = new URL(link.href);
  assert.equal(url.origin, origin, `${link.id}: same-origin link`);
  assert.equal(url.pathname, `/articles/${link.id}.html`, `${link.id}: href ends in /articles/<id>.html`);
  assert.equal(link.rel, null, `${link.id}: a same-origin link carries no rel`);
  assert.equal(link.title, byId.get(link.id).title, `${link.id}: the title comes from the manifest`);
}

test('kerry-basel-2014: related articles, the pinned one first, with a silent console', { timeout: TEST_TIMEOUT }, async () => {
  const p = await openPage(env.browser, env.server, '/articles/kerry-basel-2014.html');
  try {
    const ready = await revealAndWaitForReady(p);
    assert.equal(ready.length, 1, 'one ready event');
    assert.equal(ready[0].status, 'related');

    const info = await panelInfo(p.page);
    assert.ok(info.hasSection, 'the panel is rendered');
    assert.match(info.sectionClass, /\bpanel\b/);
    assert.equal(info.heading, 'Related articles');
    assert.ok(info.related.length >= 3, `at least 3 related links, got ${info.related.length}`);
    assert.equal(ready[0].related, info.related.length, 'the ready event counts the related links');
    assert.equal(ready[0].more, info.more.length, 'the ready event counts the "More news" links');

    const pinned = byId.get('kerry-basel-2014').pinned ?? [];
    assert.equal(pinned[0], 'osce-parallel-conference-vilnius-2011', 'the manifest pins the Vilnius article');
    assert.equal(info.related[0].id, 'osce-parallel-conference-vilnius-2011', 'the pinned article comes first');

    const origin = new URL(p.page.url()).origin;
    const ids = info.related.map((l) => l.id);
    assert.equal(new Set(ids).size, ids.length, 'no article is listed twice');
    assert.ok(!ids.includes('kerry-basel-2014'), 'the current article is not related to itself');
    for (const link of info.related) {
      assertArticleLink(link, { origin });
      assert.ok(link.title.trim().length > 0, `${link.id}: a visible title`);
      assert.equal(link.datetime, byId.get(link.id).date, `${link.id}: <time datetime> is the manifest date`);
      assert.ok(link.time && link.time.trim().length > 0, `${link.id}: the date is shown`);
    }

    assert.deepEqual(p.errors.map(String), [], 'no page errors');
    assert.equal(p.messages.length, 0, `no console messages at all, got:\n${describeMessages(p.messages)}`);
  } finally {
    await p.close();
  }
});

test('a Wikipedia demo page lists related articles that share keywords or entities', { timeout: TEST_TIMEOUT }, async () => {
  const chosen = pickWikipediaArticle();
  assert.ok(chosen && chosen.neighbours >= 3, 'the demo manifest has a Wikipedia story with several items');
  const current = byId.get(chosen.id);
  const currentTerms = namedTerms(current);

  const p = await openPage(env.browser, env.server, `/articles/${chosen.id}.html`);
  try {
    const ready = await revealAndWaitForReady(p);
    assert.equal(ready[0].status, 'related', `${chosen.id} has related articles`);
    const info = await panelInfo(p.page);
    assert.ok(info.related.length >= 2, `${chosen.id}: at least 2 related links, got ${info.related.length}`);
    const origin = new URL(p.page.url()).origin;
    const ids = info.related.map((l) => l.id);
    assert.equal(new Set(ids).size, ids.length, 'no article is listed twice');
    assert.ok(!ids.includes(chosen.id), 'the current article is excluded');
    for (const link of info.related) {
      assertArticleLink(link, { origin });
      const shared = [...namedTerms(byId.get(link.id))].filter((t) => currentTerms.has(t));
      assert.ok(shared.length > 0, `${link.id} shares a keyword or entity with ${chosen.id}`);
    }
    for (const link of info.more) {
      assert.ok(byId.has(link.id) && link.id !== chosen.id && !ids.includes(link.id), `"More news" link ${link.id} is new`);
    }
    assert.deepEqual(p.errors.map(String), [], 'no page errors');
    const noisy = p.messages.filter((m) => m.type === 'error' || m.type === 'warning');
    assert.deepEqual(noisy, [], `no console errors or warnings:\n${describeMessages(noisy)}`);
  } finally {
    await p.close();
  }
});

test('clicking the first related link emits related-news:click, then navigates', { timeout: TEST_TIMEOUT }, async () => {
  const p = await openPage(env.browser, env.server, '/articles/kerry-basel-2014.html');
  try {
    await revealAndWaitForReady(p);
    const info = await panelInfo(p.page);
    const first = info.related[0];
    const link = p.page.locator('[data-related-news] a[part="related-link"]').first();
    assert.equal(await link.getAttribute('data-id'), first.id);
    // A reader does not click at once: by then the page has been garbage-collected at least once.
    await collectGarbage(p.page);

    await Promise.all([p.page.waitForURL(first.href), link.click()]);
    assert.equal(new URL(p.page.url()).pathname, `/articles/${first.id}.html`);

    // The init script kept the event's detail in sessionStorage, which survives the navigation.
    const clicks = await p.page.evaluate(() => JSON.parse(sessionStorage.getItem('__rnClicks') || '[]'));
    assert.equal(clicks.length, 1, 'exactly one related-news:click');
    const [click] = clicks;
    assert.equal(click.id, 'osce-parallel-conference-vilnius-2011');
    assert.equal(click.url, first.href);
    assert.equal(click.position, 1);
    assert.equal(typeof click.score, 'number');
    assert.ok(click.score > 0, `score > 0, got ${click.score}`);
    assert.equal(click.list, 'related');
    assert.equal(click.cancelable, true, 'the click event is cancelable');
    assert.equal(click.defaultPrevented, false);
    assert.deepEqual(p.errors.map(String), [], 'no page errors');
  } finally {
    await p.close();
  }
});

test('keyboard: Tab from the article reaches a related link and Enter follows it', { timeout: TEST_TIMEOUT }, async () => {
  const p = await openPage(env.browser, env.server, '/articles/kerry-basel-2014.html');
  try {
    await revealAndWaitForReady(p);
    await collectGarbage(p.page);
    await p.page.evaluate(() => {
      const article = document.querySelector('article');
      article.tabIndex = -1;
      article.focus();
    });
    const focusState = () =>
      p.page.evaluate(() => {
        const active = document.activeElement;
        const inner = active && active.shadowRoot ? active.shadowRoot.activeElement : null;
        return {
          hostFocused: !!active && active.matches('[data-related-news]'),
          part: inner && inner.getAttribute('part'),
          id: inner && inner.dataset.id,
          href: inner && inner.href,
        };
      });
    let state = await focusState();
    for (let i = 0; i < 10 && state.part !== 'related-link'; i++) {
      await p.page.keyboard.press('Tab');
      state = await focusState();
    }
    assert.ok(state.hostFocused, 'document.activeElement is the widget host');
    assert.equal(state.part, 'related-link', 'the host shadow root focuses a related link');
    assert.equal(state.id, 'osce-parallel-conference-vilnius-2011', 'the first related link is the first one reached');

    await Promise.all([p.page.waitForURL(state.href), p.page.keyboard.press('Enter')]);
    assert.equal(new URL(p.page.url()).pathname, `/articles/${state.id}.html`);
    const clicks = await p.page.evaluate(() => JSON.parse(sessionStorage.getItem('__rnClicks') || '[]'));
    assert.equal(clicks.length, 1, 'Enter on the link also announces related-news:click');
    assert.equal(clicks[0].id, state.id);
    assert.deepEqual(p.errors.map(String), [], 'no page errors');
  } finally {
    await p.close();
  }
});

for (const { colorScheme, file, linkColor } of [
  { colorScheme: 'light', file: 'demo-article.png', linkColor: 'rgb(11, 87, 176)' },
  { colorScheme: 'dark', file: 'demo-article-dark.png', linkColor: 'rgb(138, 180, 248)' },
]) {
  test(`full-page screenshot, ${colorScheme} colour scheme: ${file}`, { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/articles/kerry-basel-2014.html', { colorScheme });
    try {
      await revealAndWaitForReady(p);
      const color = await p.page.evaluate(
        () => getComputedStyle(document.querySelector('[data-related-news]').shadowRoot.querySelector('a[part="related-link"]')).color,
      );
      assert.equal(color, linkColor, `theme "auto" follows prefers-color-scheme: ${colorScheme}`);
      const path = await outputPath(file);
      await p.page.screenshot({ path, fullPage: true });
      const { size } = await stat(path);
      assert.ok(size > 10 * 1024, `${file} is larger than 10 KB (${size} bytes)`);
      assert.deepEqual(p.errors.map(String), [], 'no page errors');
    } finally {
      await p.close();
    }
  });
}
