// End-to-end tests of the panels on strict sites: a Content Security Policy that allows no inline style, Trusted
// Types enforced, and accessibility checked by axe-core on both panels, light and dark, left-to-right and
// right-to-left.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';

import { describeMessages, openPage, useBrowserAndServer, waitForReady } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

/** The policy government and NGO sites use; the README gives it as the smallest that works. */
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const TRUSTED_TYPES = "require-trusted-types-for 'script'; trusted-types 'none'";

const env = useBrowserAndServer({ before, after });

/** An article page with no inline script or style, both panels asked for. */
function articlePage(lang, article, title) {
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  return `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/strict/icon.svg">
<title>${title}</title>
</head>
<body>
<main>
<h1>${title}</h1>
<div data-related-news></div>
<script type="module" src="/dist/related-news.js" data-manifest="/fixtures/manifest.json" data-article="${article}"
  data-eager data-subscribe-endpoint="/api/subscribe" data-privacy-url="/privacy.html"></script>
</main>
</body>
</html>`;
}

const PAGES = {
  en: articlePage('en', 'en-osce-vilnius', 'Parallel conference in Vilnius'),
  ar: articlePage('ar', 'ar-civil-society', 'مؤتمر المجتمع المدني في فيلنيوس'),
};

/** Opens one of PAGES, served by the test server's origin with `policy` as its Content-Security-Policy header. */
async function openStrict(lang, policy, options = {}) {
  const path = `/strict/${lang}.html`;
  const icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>';
  const routes = [['**/strict/icon.svg', (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: icon })]];
  routes.push([`**${path}`, (route) => route.fulfill({
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', ...(policy ? { 'content-security-policy': policy } : {}) },
    body: PAGES[lang],
  })]);
  const record = await openPage(env.browser, env.server, path, { ...options, routes, goto: false });
  await record.page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__violations.push(`${event.violatedDirective}: ${event.blockedURI || event.sample}`);
    });
  });
  await record.page.goto(record.url(path));
  const ready = await waitForReady(record);
  return { record, ready: ready[0] };
}

/** What the panels look like from inside: whether the stylesheet applies, and what the page's policy blocked. */
function styleProbe(page) {
  return page.evaluate(() => {
    const shadow = document.querySelector('[data-related-news]').shadowRoot;
    const list = shadow.querySelector('ul');
    const section = shadow.querySelector('section');
    const button = shadow.querySelector('form button');
    return {
      buttonCursor: button && getComputedStyle(button).cursor,
      listDisplay: list && getComputedStyle(list).display,
      listStyle: list && getComputedStyle(list).listStyleType,
      sectionPadding: section && getComputedStyle(section).paddingTop,
      inlineStyleElements: shadow.querySelectorAll('style').length,
      adopted: shadow.adoptedStyleSheets.length,
      forms: shadow.querySelectorAll('form').length,
      violations: window.__violations,
    };
  });
}

test('under a CSP with no inline style, both panels are styled and nothing is blocked', async () => {
  const { record, ready } = await openStrict('en', STRICT_CSP);
  try {
    assert.equal(ready.status, 'related', JSON.stringify(ready));
    assert.equal(ready.subscribe, 'form', JSON.stringify(ready));
    const probe = await styleProbe(record.page);
    assert.deepEqual(probe.violations, [], 'the policy blocked nothing of ours');
    assert.equal(probe.listDisplay, 'grid', 'the stylesheet applies to the list');
    assert.equal(probe.listStyle, 'none');
    assert.equal(probe.inlineStyleElements, 0, 'no <style> element, which the policy would block');
    assert.equal(probe.adopted, 2, "two adopted stylesheets: the panels' and the form's");
    assert.equal(probe.buttonCursor, 'pointer', "the form's stylesheet applies to its button");
    assert.equal(probe.forms, 1, 'the subscription form is there');
    assert.deepEqual(record.errors, [], describeMessages(record.messages));
    assert.deepEqual(record.messages.filter((m) => m.type === 'error'), []);
  } finally {
    await record.close();
  }
});

test('the same page with no policy looks the same (the policy changes nothing we draw)', async () => {
  const strict = await openStrict('en', STRICT_CSP);
  const open = await openStrict('en', null);
  try {
    const [a, b] = [await styleProbe(strict.record.page), await styleProbe(open.record.page)];
    assert.equal(a.listDisplay, b.listDisplay);
    assert.equal(a.sectionPadding, b.sectionPadding);
    const shot = async (record) => record.page.locator('[data-related-news]').screenshot();
    assert.ok((await shot(strict.record)).equals(await shot(open.record)), 'pixel-identical panels');
  } finally {
    await strict.record.close();
    await open.record.close();
  }
});

test('with Trusted Types enforced, both panels render and nothing is blocked', async () => {
  const { record, ready } = await openStrict('ar', `${STRICT_CSP}; ${TRUSTED_TYPES}`);
  try {
    assert.equal(ready.status, 'related', JSON.stringify(ready));
    assert.equal(ready.subscribe, 'form', JSON.stringify(ready));
    const probe = await styleProbe(record.page);
    assert.deepEqual(probe.violations, []);
    assert.equal(probe.listDisplay, 'grid');
    assert.deepEqual(record.errors, [], describeMessages(record.messages));
  } finally {
    await record.close();
  }
});

for (const lang of ['en', 'ar']) {
  for (const colorScheme of ['light', 'dark']) {
    test(`axe-core finds no violation in either panel (${lang === 'ar' ? 'right-to-left' : 'left-to-right'}, ${colorScheme})`, async () => {
      const { record, ready } = await openStrict(lang, null, { colorScheme });
      try {
        assert.equal(ready.status, 'related');
        assert.equal(ready.subscribe, 'form');
        await record.page.addScriptTag({ path: AXE });
        const result = await record.page.evaluate(async () => {
          // Both panels live in the widget's shadow root; axe walks into it from the host.
          const outcome = await window.axe.run('[data-related-news]', { resultTypes: ['violations', 'passes'] });
          return {
            violations: outcome.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`),
            passes: outcome.passes.length,
            direction: getComputedStyle(document.querySelector('[data-related-news]').shadowRoot.querySelector('section')).direction,
            // Nothing of the panels reaches past the page's width, in either direction (the form's field for bots
            // once sat 10,000 px to the left, which a right-to-left page scrolls to).
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          };
        });
        assert.deepEqual(result.violations, []);
        assert.equal(result.overflow, 0, 'no horizontal overflow');
        assert.ok(result.passes > 5, `axe checked something (${result.passes} rules passed)`);
        assert.equal(result.direction, lang === 'ar' ? 'rtl' : 'ltr');
      } finally {
        await record.close();
      }
    });
  }
}
