// End-to-end tests of failures, options and isolation, on the small fixture pages and manifests in fixtures/.
// Every test checks that the host page keeps working: its own script after the widget ran (#host-ok) and
// nothing was thrown into it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  FIXTURES,
  collectGarbage,
  delayedRoute,
  describeMessages,
  openPage,
  panelInfo,
  revealAndWaitForReady,
  sleep,
  useBrowserAndServer,
  waitForReady,
} from './helpers.mjs';

const env = useBrowserAndServer({ before, after });
const TEST_TIMEOUT = 20_000;

const fixtureManifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8'));
const langOf = new Map(fixtureManifest.articles.map((a) => [a.id, a.lang]));

async function assertHostOk(p) {
  const text = await p.page.evaluate(() => document.getElementById('host-ok')?.textContent ?? null);
  assert.equal(text, 'host page ok', "the host page's own script after the widget ran and its output is intact");
  assert.deepEqual(p.errors.map((e) => e.stack || String(e)), [], 'nothing was thrown into the host page');
  assert.deepEqual(p.dialogs, [], 'no dialog opened');
}

function assertOneWarning(p, pattern) {
  const warnings = p.warnings();
  assert.equal(warnings.length, 1, `exactly one console warning, got:\n${describeMessages(warnings)}`);
  assert.match(warnings[0].text, /^related-news:/, 'the warning names the widget');
  assert.match(warnings[0].text, pattern);
}

function manifestRequests(p, path = '/fixtures/manifest.json') {
  return p.requests.filter((u) => new URL(u).pathname === path).length;
}

// The tests are independent (a browser context each) and mostly wait on timers and the network: run a few at once.
describe('faults, options and isolation', { concurrency: 2 }, () => {
  // --- The manifest cannot be used: the panel hides, one warning says why ---------------------------------------

  const manifestFaults = [
    { name: 'manifest 404', page: 'fault-404.html', cause: /HTTP 404/ },
    {
      name: 'manifest 500',
      page: 'fault-500.html',
      routes: [['**/fixtures/manifest-500.json', (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'boom' })]],
      cause: /HTTP 500/,
    },
    { name: 'malformed JSON', page: 'fault-malformed.html', cause: /not valid JSON/ },
    {
      name: 'a server slower than data-timeout="1000"',
      page: 'fault-slow.html',
      routes: [['**/fixtures/manifest-slow.json', delayedRoute(3000, { file: 'manifest.json' })]],
      cause: /did not arrive within 1000 ms/,
      slow: true,
    },
  ];

  for (const fault of manifestFaults) {
    test(`${fault.name}: the panel is hidden and one warning names the cause`, { timeout: TEST_TIMEOUT }, async () => {
      const p = await openPage(env.browser, env.server, `/fixtures/${fault.page}`, { routes: fault.routes, goto: false });
      // Timed inside the page: when the widget called fetch(), and (in __rn) when it gave up. Node-side request
      // events can arrive late on a busy machine.
      await p.page.addInitScript(() => {
        const originalFetch = window.fetch;
        window.fetch = function (...args) {
          window.__fetchAt ??= performance.now();
          return originalFetch.apply(this, args);
        };
      });
      try {
        await p.page.goto(p.url(`/fixtures/${fault.page}`));
        const ready = await waitForReady(p);
        assert.equal(ready.length, 1);
        assert.equal(ready[0].status, 'error');
        assert.equal(ready[0].related, 0);
        assert.equal(ready[0].more, 0);
        if (fault.slow) {
          // The route answers 3 s after the request: the widget must have given up at its 1 s time-out.
          const waited = ready[0].at - (await p.page.evaluate(() => window.__fetchAt));
          assert.ok(waited >= 950 && waited < 2900, `the widget gave up after about 1000 ms, before the server answered (${Math.round(waited)} ms)`);
        }
        const info = await panelInfo(p.page);
        assert.equal(info.hasSection, false, 'the shadow root has no section');
        assert.equal(info.childCount, 0, 'the shadow root is empty');
        assertOneWarning(p, fault.cause);
        await assertHostOk(p);
      } finally {
        await p.close();
      }
    });
  }

  // --- Content problems -----------------------------------------------------------------------------------------

  test('an unknown article id falls back to the page words or "More news", with one warning naming it', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/fixtures/unknown-article.html');
    try {
      const [ready] = await waitForReady(p);
      assert.ok(['related', 'more-news'].includes(ready.status), `status related or more-news, got ${ready.status}`);
      const info = await panelInfo(p.page);
      assert.ok(info.hasSection, 'the panel is shown');
      assert.ok(['Related articles', 'More news'].includes(info.heading), `heading: ${info.heading}`);
      assert.ok(info.related.length + info.more.length > 0, 'the panel has links');
      for (const link of [...info.related, ...info.more]) assert.ok(langOf.has(link.id), `${link.id} is in the manifest`);
      assertOneWarning(p, /"no-such-article"/);
      await assertHostOk(p);
    } finally {
      await p.close();
    }
  });

  test('invalid manifest entries are skipped, markup in titles stays text, with one warning', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/fixtures/invalid-entries.html');
    try {
      const [ready] = await waitForReady(p);
      assert.equal(ready.status, 'related');
      const info = await panelInfo(p.page);
      const ids = [...info.related, ...info.more].map((l) => l.id).sort();
      assert.deepEqual(ids, ['good-related', 'markup-title'], 'the valid entries render, the invalid ones do not');

      const markup = info.related.find((l) => l.id === 'markup-title');
      assert.equal(markup.title, 'Activists <img src=x onerror=alert(1)> meet OSCE', 'the markup title is shown as literal text');

      const shadow = await p.page.evaluate(() => {
        const root = document.querySelector('[data-related-news]').shadowRoot;
        return {
          imgsOutsideThumbnails: Array.from(root.querySelectorAll('img')).filter((img) => img.getAttribute('part') !== 'thumbnail').length,
          thumbnails: Array.from(root.querySelectorAll('img[part="thumbnail"]')).map((img) => [img.closest('a').dataset.id, img.loading]),
          titleChildren: Array.from(root.querySelectorAll('.title')).reduce((n, t) => n + t.children.length, 0),
          javascriptUrls: Array.from(root.querySelectorAll('*'))
            .flatMap((el) => Array.from(el.attributes))
            .filter((attr) => /^\s*javascript:/i.test(attr.value))
            .map((attr) => `${attr.name}=${attr.value}`),
        };
      });
      assert.equal(shadow.imgsOutsideThumbnails, 0, 'no img element other than thumbnails');
      assert.deepEqual(shadow.thumbnails, [['good-related', 'lazy']], "only the manifest's own picture is an image, loaded lazily");
      assert.equal(shadow.titleChildren, 0, 'titles contain no elements');
      assert.deepEqual(shadow.javascriptUrls, [], 'no javascript: URL anywhere in the shadow root');
      assert.doesNotMatch(info.html, /javascript:/i);

      assertOneWarning(p, /skipped 2 invalid entries/);
      await assertHostOk(p);
    } finally {
      await p.close();
    }
  });

  test('a page not in the manifest gets related links from its own words, with no warning', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/fixtures/page-words.html');
    try {
      const [ready] = await waitForReady(p);
      assert.equal(ready.status, 'related');
      const info = await panelInfo(p.page);
      assert.equal(info.heading, 'Related articles');
      const ids = info.related.map((l) => l.id);
      assert.ok(ids.includes('en-osce-vilnius'), `the OSCE conference in Vilnius is related: ${ids}`);
      for (const unrelated of ['en-valencia-flood', 'en-cup-final']) {
        assert.ok(!ids.includes(unrelated), `${unrelated} is not related to a page about OSCE and civil society`);
      }
      for (const id of ids) assert.equal(langOf.get(id), 'en', `${id}: same language as the page`);
      const warnings = p.warnings();
      assert.equal(warnings.length, 0, `no warning:\n${describeMessages(warnings)}`);
      // Said as information, for an index built under another address.
      const told = p.messages.filter((m) => m.type === 'info' && m.text.startsWith('related-news: this page'));
      assert.equal(told.length, 1, describeMessages(p.messages));
      assert.match(told[0].text, /page-words\.html\) is not in the index by its address or canonical link/);
      await assertHostOk(p);
    } finally {
      await p.close();
    }
  });

  // --- Languages --------------------------------------------------------------------------------------------------

  test('a Russian page shows only Russian articles under "Похожие материалы"', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/fixtures/ru.html');
    try {
      const [ready] = await waitForReady(p);
      assert.equal(ready.status, 'related');
      const info = await panelInfo(p.page);
      assert.equal(info.heading, 'Похожие материалы');
      assert.equal(info.sectionLang, 'ru');
      assert.ok(info.related.length > 0);
      for (const link of [...info.related, ...info.more]) {
        assert.equal(langOf.get(link.id), 'ru', `${link.id} is Russian`);
      }
      assert.ok(!info.related.some((l) => l.id === 'ru-osce-vilnius'), 'the current article is excluded');
      assert.equal(p.warnings().length, 0, describeMessages(p.warnings()));
      await assertHostOk(p);
    } finally {
      await p.close();
    }
  });

  test('a page that names no language speaks its article\'s: "Похожие материалы" on an old site\'s Russian page', { timeout: TEST_TIMEOUT }, async () => {
    // The Russian page, served without its `<html lang>`.
    const withoutLang = async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()).replace('<html lang="ru">', '<html>') });
    };
    const p = await openPage(env.browser, env.server, '/fixtures/ru.html', { routes: [['**/fixtures/ru.html', withoutLang]] });
    try {
      assert.equal(await p.page.evaluate(() => document.documentElement.getAttribute('lang')), null, 'the page names no language');
      const [ready] = await waitForReady(p);
      assert.equal(ready.status, 'related');
      const info = await panelInfo(p.page);
      assert.equal(info.heading, 'Похожие материалы');
      assert.equal(info.sectionLang, 'ru');
      assert.equal(p.warnings().length, 0, describeMessages(p.warnings()));
    } finally {
      await p.close();
    }
  });

  test('data-same-language="false" lets articles in other languages appear', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/fixtures/ru-any-language.html');
    try {
      const [ready] = await waitForReady(p);
      assert.equal(ready.status, 'related');
      const info = await panelInfo(p.page);
      assert.equal(info.heading, 'Похожие материалы');
      const foreign = info.related.filter((l) => langOf.get(l.id) !== 'ru');
      assert.ok(foreign.length > 0, `some related articles are not Russian: ${info.related.map((l) => l.id)}`);
      const hreflangs = await p.page.evaluate(() =>
        Array.from(document.querySelector('[data-related-news]').shadowRoot.querySelectorAll('a[part="related-link"]')).map((a) => [
          a.dataset.id,
          a.getAttribute('hreflang'),
        ]),
      );
      for (const [id, hreflang] of hreflangs) {
        if (langOf.get(id) !== 'ru') assert.equal(hreflang, langOf.get(id), `${id}: a link in another language says so`);
      }
      await assertHostOk(p);
    } finally {
      await p.close();
    }
  });

  test('an Azerbaijani page shows "Oxşar məqalələr"', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/fixtures/az.html');
    try {
      const [ready] = await waitForReady(p);
      assert.equal(ready.status, 'related');
      const info = await panelInfo(p.page);
      assert.equal(info.heading, 'Oxşar məqalələr');
      assert.equal(info.sectionLang, 'az');
      assert.ok(info.related.length > 0);
      for (const link of info.related) assert.equal(langOf.get(link.id), 'az', `${link.id} is Azerbaijani`);
      assert.ok(info.related.some((l) => l.id === 'az-human-rights-defenders'), 'the article on the same subject is related');
      await assertHostOk(p);
    } finally {
      await p.close();
    }
  });

  test('an Arabic page gets dir="rtl" on the panel', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/fixtures/ar.html');
    try {
      const [ready] = await waitForReady(p);
      assert.equal(ready.status, 'related');
      const info = await panelInfo(p.page);
      assert.equal(info.sectionDir, 'rtl');
      assert.equal(info.sectionLang, 'ar');
      assert.ok(info.related.length > 0);
      for (const link of info.related) assert.equal(langOf.get(link.id), 'ar', `${link.id} is Arabic`);
      const direction = await p.page.evaluate(
        () => getComputedStyle(document.querySelector('[data-related-news]').shadowRoot.querySelector('section')).direction,
      );
      assert.equal(direction, 'rtl');
      await assertHostOk(p);
    } finally {
      await p.close();
    }
  });

  // --- Loading ----------------------------------------------------------------------------------------------------

  test('two mount points on one page share one manifest request and both render', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/fixtures/two-mounts.html');
    try {
      const ready = await waitForReady(p, 2);
      assert.deepEqual(ready.map((r) => r.host).sort(), ['panel-a', 'panel-b']);
      for (const r of ready) assert.equal(r.status, 'related', `${r.host} rendered related articles`);
      const a = await panelInfo(p.page, '#panel-a');
      const b = await panelInfo(p.page, '#panel-b');
      assert.ok(a.hasSection && a.related.length > 0, 'the first panel has related links');
      assert.ok(b.hasSection && b.related.length > 0, 'the second panel has related links');
      assert.ok(b.related.length + b.more.length <= 2, "the second panel's data-limit=\"2\" overrides the script tag");
      await sleep(200);
      assert.equal(manifestRequests(p), 1, 'one request for the manifest');
      await assertHostOk(p);
    } finally {
      await p.close();
    }
  });

  test('lazy: a panel far below the fold fetches the manifest only when scrolled near', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/fixtures/lazy.html');
    try {
      await p.page.waitForSelector('[data-related-news][data-related-news-mounted]', { state: 'attached' });
      await sleep(500);
      assert.equal(manifestRequests(p), 0, 'no manifest request while the panel is far below the fold');
      assert.equal(await p.page.evaluate(() => window.__rn.length), 0, 'not ready yet');
      const placeholder = await panelInfo(p.page);
      assert.equal(placeholder.busy, 'true', 'the loading placeholder waits');
      // The reader takes a while to scroll down: by then the page has been garbage-collected.
      await collectGarbage(p.page);
      const [ready] = await revealAndWaitForReady(p);
      assert.equal(ready.status, 'related');
      assert.equal(manifestRequests(p), 1, 'the manifest is fetched once the panel comes into view');
      await assertHostOk(p);
    } finally {
      await p.close();
    }
  });

  test('lazy: with data-eager the manifest is fetched at once', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/fixtures/lazy-eager.html');
    try {
      const [ready] = await waitForReady(p);
      assert.equal(ready.status, 'related');
      assert.equal(await p.page.evaluate(() => window.scrollY), 0, 'without scrolling');
      assert.equal(manifestRequests(p), 1);
      await assertHostOk(p);
    } finally {
      await p.close();
    }
  });

  test('reserved height: the placeholder holds the space while the manifest loads', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/fixtures/reserved-height.html', {
      routes: [['**/fixtures/manifest-delayed.json', delayedRoute(1500, { file: 'manifest.json' })]],
      waitUntil: 'domcontentloaded',
    });
    try {
      await p.page.waitForFunction(() => {
        const root = document.querySelector('[data-related-news]').shadowRoot;
        return !!(root && root.querySelector('section.loading[aria-busy="true"]'));
      }, null, { polling: 20 });
      const loading = await p.page.evaluate(() => ({
        height: document.querySelector('[data-related-news]').getBoundingClientRect().height,
        ready: window.__rn.length,
      }));
      assert.equal(loading.ready, 0, 'measured before loading completed');
      assert.ok(loading.height > 100, `the mount point reserves more than 100px while loading, got ${loading.height}px`);
      const [ready] = await waitForReady(p);
      assert.equal(ready.status, 'related');
      const info = await panelInfo(p.page);
      assert.equal(info.busy, null, 'the placeholder is gone');
      assert.ok(info.related.length > 0);
      await assertHostOk(p);
    } finally {
      await p.close();
    }
  });

  // --- JS API and events --------------------------------------------------------------------------------------------

  test('JS API: mount() with an options object, then destroy()', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/fixtures/api.html');
    try {
      const settled = await p.page
        .waitForFunction(() => window.__mounted || window.__mountError, null, { timeout: 4000, polling: 50 })
        .then(() => true, () => false);
      assert.ok(
        settled,
        `mount() neither resolved nor rejected within 4 s; page errors: ${p.errors.map(String).join(' | ') || 'none'}`,
      );
      assert.equal(await p.page.evaluate(() => window.__mountError ?? null), null, 'mount() resolved');
      const info = await panelInfo(p.page, '#panel');
      assert.equal(info.related.length, 2, 'limit: 2 gives 2 related links');
      assert.equal(info.more.length, 0, 'a full related list has no "More news"');
      for (const link of info.related) {
        assert.equal(new URL(link.href).searchParams.get('utm_source'), 'test', `${link.id}: utm_source=test`);
      }
      const ready = await p.page.evaluate(() => window.__rn);
      assert.equal(ready.length, 1, 'the API-mounted panel also announces related-news:ready');

      await p.page.evaluate(() => window.__widget.destroy());
      const destroyed = await panelInfo(p.page, '#panel');
      assert.equal(destroyed.childCount, 0, 'destroy() empties the shadow root');
      assert.equal(destroyed.mounted, false, 'destroy() removes data-related-news-mounted');
      await assertHostOk(p);
    } finally {
      await p.close();
    }
  });

  test('a host that cancels related-news:click keeps the reader on the page', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/fixtures/cancel-click.html');
    try {
      await waitForReady(p);
      const before = p.page.url();
      await p.page.evaluate(() => {
        window.__stillHere = true;
      });
      await collectGarbage(p.page);
      const link = p.page.locator('#panel a[part="related-link"]').first();
      const id = await link.getAttribute('data-id');
      await link.click();
      await sleep(500);
      assert.equal(p.page.url(), before, 'the URL did not change');
      assert.equal(await p.page.evaluate(() => window.__stillHere === true), true, 'the document was not replaced');
      assert.deepEqual(await p.page.evaluate(() => window.hostClicks), [id], "the host's listener saw the click");
      const clicks = await p.page.evaluate(() => window.__rnClicks);
      assert.equal(clicks.length, 1);
      assert.equal(clicks[0].defaultPrevented, true);
      assert.equal(clicks[0].list, 'related');
      assert.equal(clicks[0].position, 1);
      await assertHostOk(p);
    } finally {
      await p.close();
    }
  });

  // --- Style isolation ------------------------------------------------------------------------------------------------

  test('no CSS leak: host rules do not style the panel, panel rules do not style the host', { timeout: TEST_TIMEOUT }, async () => {
    const p = await openPage(env.browser, env.server, '/fixtures/css-isolation.html');
    try {
      await waitForReady(p);
      const styles = await p.page.evaluate(() => {
        const root = document.querySelector('[data-related-news]').shadowRoot;
        const pick = (el, ...props) => {
          const cs = getComputedStyle(el);
          return Object.fromEntries(props.map((prop) => [prop, cs[prop]]));
        };
        return {
          panelLink: pick(root.querySelector('a[part="related-link"]'), 'color'),
          panelSection: pick(root.querySelector('section'), 'borderTopWidth', 'borderLeftWidth', 'borderTopColor'),
          panelHeading: pick(root.querySelector('h2'), 'textTransform'),
          panelItem: pick(root.querySelector('li'), 'fontStyle'),
          hostLink: pick(document.getElementById('host-link'), 'color'),
          hostH2: pick(document.getElementById('host-h2'), 'fontSize', 'marginTop', 'marginBottom', 'fontWeight', 'textTransform'),
          hostUl: pick(document.getElementById('host-ul'), 'display', 'listStyleType', 'paddingLeft'),
        };
      });
      assert.notEqual(styles.panelLink.color, 'rgb(255, 0, 0)', 'the host a { color } does not reach the panel links');
      assert.equal(styles.panelLink.color, 'rgb(11, 87, 176)', "the panel links keep the widget's colour");
      assert.equal(styles.panelSection.borderTopWidth, '1px', 'the host section border does not reach the panel');
      assert.equal(styles.panelSection.borderLeftWidth, '0px');
      assert.notEqual(styles.panelSection.borderTopColor, 'rgb(255, 0, 0)');
      assert.equal(styles.panelHeading.textTransform, 'none');
      assert.equal(styles.panelItem.fontStyle, 'normal');

      assert.equal(styles.hostLink.color, 'rgb(255, 0, 0)', 'the host rules still apply to the host');
      assert.deepEqual(
        styles.hostH2,
        { fontSize: '24px', marginTop: '19.92px', marginBottom: '19.92px', fontWeight: '700', textTransform: 'uppercase' },
        "the panel's h2 rule does not reach the host <h2>",
      );
      assert.deepEqual(styles.hostUl, { display: 'block', listStyleType: 'disc', paddingLeft: '40px' }, "the panel's ul rule does not reach the host");
      await assertHostOk(p);
    } finally {
      await p.close();
    }
  });
});
