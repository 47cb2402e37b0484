// The panel renderer's pure parts (src/js/render.js), run in Node: dates in the panel's languages, as the
// browser's `Intl.DateTimeFormat` writes them with `dateStyle: "medium"`, and the browser's formatting for others.
// What it builds in a page is tested with the panel (demo, folder, faults and strict tests); the dates are also
// compared with Chromium's own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { formatDate, mediumDate } from '../../src/js/render.js';
import { REPO, launchBrowser } from './helpers.mjs';

test('dates in the panel languages are written as CLDR medium dates', () => {
  assert.equal(mediumDate(2025, 1, 28, 'en'), 'Jan 28, 2025');
  assert.equal(mediumDate(2025, 5, 3, 'ru'), '3 мая 2025 г.');
  assert.equal(mediumDate(2025, 9, 30, 'uk'), '30 вер. 2025 р.');
  // CLDR's Azerbaijani medium date is "d MMM y" with these months.
  const azerbaijani = Array.from({ length: 12 }, (_, month) => mediumDate(2025, month + 1, 1, 'az'));
  assert.equal(azerbaijani.join(','), '1 yan 2025,1 fev 2025,1 mar 2025,1 apr 2025,1 may 2025,1 iyn 2025,1 iyl 2025,1 avq 2025,1 sen 2025,1 okt 2025,1 noy 2025,1 dek 2025');
  assert.equal(mediumDate(2025, 3, 7, 'lt'), '2025-03-07');
  // Other languages are left to the browser, and a month out of range gives nothing.
  assert.equal(mediumDate(2025, 1, 28, 'fr'), undefined);
  assert.equal(mediumDate(2025, 13, 1, 'en'), undefined);
  assert.equal(mediumDate(2025, 0, 1, 'en'), undefined);
});

test('a date alone is its day in UTC; other languages and unusable tags go to Intl', () => {
  const day = Date.UTC(2025, 0, 28);
  assert.equal(formatDate(day, true, 'en-GB', 'en'), 'Jan 28, 2025');
  // Late in the day in UTC is still that day for a date alone, wherever the reader is.
  assert.equal(formatDate(day + 23 * 3_600_000, true, 'ru', 'ru'), '28 янв. 2025 г.');
  assert.equal(formatDate(day, true, 'fr', 'fr'), new Intl.DateTimeFormat('fr', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(day)));
  // A tag Intl refuses falls back to the browser's own locale rather than throwing.
  assert.equal(formatDate(day, true, 'x-not a tag', 'x'), new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(day)));
  assert.equal(formatDate(Number.NaN, true, 'en', 'en'), undefined);
  // These match Intl's own text for the panel's languages.
  for (const lang of ['en', 'ru', 'uk']) {
    assert.equal(formatDate(day, true, lang, lang), new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(day)), lang);
  }
});

// The panel writes dates in its own languages without `Intl` (its first use is a long task): the text must be the
// one Chromium's `Intl.DateTimeFormat` gives with `dateStyle: "medium"`, for every month. Azerbaijani is not
// compared: Debian's Chromium has no Azerbaijani locale data and writes "2025 M01 10" (CLDR's root pattern), where
// the panel writes CLDR's Azerbaijani "10 yan 2025" (checked above).
test('dates in the panel languages read as Chromium writes them', { timeout: 60_000 }, async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><head><link rel="icon" href="data:,"></head><body></body></html>');
    const source = readFileSync(join(REPO, 'src', 'js', 'render.js'), 'utf8');
    await page.addScriptTag({ type: 'module', content: `${source}\nwindow.__mediumDate = mediumDate;` });
    await page.waitForFunction(() => typeof window.__mediumDate === 'function');
    const compared = await page.evaluate(() => {
      const rows = [];
      for (const lang of ['en', 'ru', 'uk', 'lt']) {
        const intl = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
        for (let month = 1; month <= 12; month++) {
          const day = month === 2 ? 28 : 9 + month;
          rows.push([`${lang} ${month}`, window.__mediumDate(2025, month, day, lang), intl.format(new Date(Date.UTC(2025, month - 1, day)))]);
        }
      }
      return rows;
    });
    assert.equal(compared.length, 48);
    for (const [what, ours, chromium] of compared) assert.equal(ours, chromium, what);
  } finally {
    await browser.close();
  }
});

// A thumbnail that does not load is hidden in its place (no broken-image icon in the host's page, nothing moves);
// one that loads stays.
test('a thumbnail that fails to load is hidden, not shown broken', { timeout: 60_000 }, async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const pixel = 'data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';
    await page.route('**/missing.jpg', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.setContent('<!doctype html><html><head><link rel="icon" href="data:,"></head><body><div id="host"></div></body></html>');
    const source = readFileSync(join(REPO, 'src', 'js', 'render.js'), 'utf8');
    await page.addScriptTag({ type: 'module', content: `${source}\nwindow.__render = { renderPanel, releasePanel };` });
    await page.waitForFunction(() => typeof window.__render === 'object');
    const link = (id, src) => ({ id, href: `https://news.example/${id}`, title: id, external: false, image: { src }, score: 1 });
    const state = await page.evaluate(async ([broken, good]) => {
      const shadow = document.getElementById('host').attachShadow({ mode: 'open' });
      const view = { theme: 'light', lang: 'en', rtl: false, primaryLang: 'en', heading: 'Related', moreHeading: 'More news', related: [broken, good], more: [] };
      window.__render.renderPanel(shadow, view);
      const images = () => Array.from(shadow.querySelectorAll('img'));
      // Both settled (a failed image is complete too), then its error event handled: it comes in a task of its own.
      for (let i = 0; i < 100 && !images().every((img) => img.complete); i++) await new Promise((r) => setTimeout(r, 20));
      for (let i = 0; i < 100 && getComputedStyle(images()[0]).visibility !== 'hidden'; i++) await new Promise((r) => setTimeout(r, 20));
      const seen = images().map((img) => getComputedStyle(img).visibility);
      const boxes = images().map((img) => Math.round(img.getBoundingClientRect().width));
      window.__render.releasePanel(shadow);
      return { seen, boxes };
    }, [link('gone', 'https://news.example/missing.jpg'), link('here', pixel)]);
    assert.deepEqual(state.seen, ['hidden', 'visible']);
    assert.deepEqual(state.boxes, [96, 96], 'the broken one keeps its place');
  } finally {
    await browser.close();
  }
});

// In a right-to-left panel, a link in another language (English in Arabic) has its title and summary set in their
// own direction, so their final punctuation stays at their end; a link in the panel's language follows the panel.
test('a link in another language takes its own direction in a right-to-left panel', { timeout: 60_000 }, async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html lang="ar" dir="rtl"><head><link rel="icon" href="data:,"></head><body><div id="host"></div></body></html>');
    const source = readFileSync(join(REPO, 'src', 'js', 'render.js'), 'utf8');
    await page.addScriptTag({ type: 'module', content: `${source}\nwindow.__render = { renderPanel, releasePanel };` });
    await page.waitForFunction(() => typeof window.__render === 'object');
    const english = { id: 'en', href: 'https://news.example/en', title: 'Shops stay open past midnight.', summary: 'Shop owners agree…', external: false, score: 1, lang: 'en' };
    const arabic = { id: 'ar', href: 'https://news.example/ar', title: 'المتاجر تبقى مفتوحة.', summary: 'وافق أصحاب المتاجر…', external: false, score: 1 };
    const directions = await page.evaluate(([english, arabic]) => {
      const shadow = document.getElementById('host').attachShadow({ mode: 'open' });
      const view = { theme: 'light', lang: 'ar', rtl: true, primaryLang: 'ar', heading: 'مقالات ذات صلة', moreHeading: 'مزيد من الأخبار', related: [english, arabic], more: [] };
      window.__render.renderPanel(shadow, view);
      const spans = Array.from(shadow.querySelectorAll('.title, .summary'));
      const found = spans.map((span) => [span.className, span.closest('a').dataset.id, getComputedStyle(span).direction]);
      window.__render.releasePanel(shadow);
      return found;
    }, [english, arabic]);
    assert.deepEqual(directions, [['title', 'en', 'ltr'], ['summary', 'en', 'ltr'], ['title', 'ar', 'rtl'], ['summary', 'ar', 'rtl']]);
  } finally {
    await browser.close();
  }
});
