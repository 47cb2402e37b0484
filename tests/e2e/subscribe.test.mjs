// End-to-end tests of the subscription panel against `related-news serve` on loopback: a reader subscribes and
// confirms, bad input is shown next to its field, bots are dropped, and nothing is lost when the server is down.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, test } from 'node:test';

import { WWW, launchBrowser, openPage, outputPath, revealAndWaitForReady, sleep } from './helpers.mjs';
import { startServe } from './serve-helpers.mjs';

const TEST_TIMEOUT = 40_000;
const manifest = JSON.parse(readFileSync(join(WWW, 'manifest.json'), 'utf8'));
const topicOrder = manifest.topics.map((t) => t.id);
// The demo article with the most topics, so "the current article's topics first and ticked" means something.
const article = [...manifest.articles].sort((a, b) => (b.topics?.length ?? 0) - (a.topics?.length ?? 0) || a.id.localeCompare(b.id))[0];
const PAGE = `/articles/${article.id}.html`;
const HOST = '[data-related-news]';

const SENT = 'Almost done: we have sent you an e-mail. Open the link in it to confirm your subscription.';
const QUEUED = 'You seem to be offline. Your subscription is saved on this device and will be sent when you are back online.';
const SENT_LATER = 'Your saved subscription has been sent. Check your inbox to confirm it.';
const BAD_EMAIL = 'Enter an e-mail address like name@example.org.';

let browser;
let serve;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close().catch(() => {});
});
beforeEach(async () => {
  serve = await startServe({ rateLimit: 0 });
});
afterEach(async () => {
  await serve?.close().catch(() => {});
});

/** Opens the demo article on the `serve` instance and waits for both panels. */
async function openArticle() {
  const record = await openPage(browser, serve, PAGE);
  const ready = await revealAndWaitForReady(record);
  assert.equal(ready[0].subscribe, 'form', `the subscription form is shown (${JSON.stringify(ready[0])})`);
  return record;
}

function inShadow(page, selector) {
  return page.locator(`${HOST} ${selector}`);
}

async function fill(page, { email, consent = true, honeypot = '' }) {
  await inShadow(page, 'input#email').fill(email);
  if (consent) await inShadow(page, 'input#consent').check();
  if (honeypot) {
    await page.evaluate((value) => {
      document.querySelector('[data-related-news]').shadowRoot.querySelector('input#website').value = value;
    }, honeypot);
  }
}

const statusText = (page) => inShadow(page, '[part="subscribe-status"]').textContent();
const storedQueue = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('related-news:outbox:v1') || '[]'));
const postsTo = (record) => record.requests.filter((url) => url.endsWith('/api/subscribe'));

async function waitFor(check, what, timeout = 10_000) {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(100);
  }
}

test('a reader subscribes by keyboard: pending in SQLite, confirmed by the e-mailed link, unsubscribed by the other', { timeout: TEST_TIMEOUT }, async () => {
  const record = await openArticle();
  const { page } = record;
  try {
    // The page has a form: the subscription module was loaded for it.
    assert.ok(record.requests.some((url) => url.endsWith('/dist/related_news_subscribe_bg.wasm')));
    const boxes = await page.evaluate(() =>
      Array.from(document.querySelector('[data-related-news]').shadowRoot.querySelectorAll('input[name="topics"]')).map((i) => ({ id: i.value, checked: i.checked })),
    );
    const mine = topicOrder.filter((id) => article.topics.includes(id));
    assert.ok(mine.length >= 1, 'the chosen demo article has topics');
    assert.deepEqual(boxes.slice(0, mine.length), mine.map((id) => ({ id, checked: true })), "the article's topics come first, ticked");
    assert.ok(boxes.slice(mine.length).every((b) => !b.checked), 'the other topics are not ticked');
    assert.deepEqual(new Set(boxes.map((b) => b.id)), new Set(topicOrder), 'every manifest topic is offered');
    // Every control has a label tied to it.
    const unlabelled = await page.evaluate(() => {
      const root = document.querySelector('[data-related-news]').shadowRoot;
      return Array.from(root.querySelectorAll('form input, form button')).filter((el) => el.labels?.length === 0 && el.tagName !== 'BUTTON').map((el) => el.id);
    });
    assert.deepEqual(unlabelled, []);

    // Keyboard only from the first checkbox on: Tab through the choices to the e-mail field, type, tick consent
    // with Space, Tab past the privacy link to the button and press Enter.
    await inShadow(page, 'input[name="topics"]').first().focus();
    const boxCount = await inShadow(page, 'input[type="checkbox"][name="topics"], input[type="checkbox"][name="types"]').count();
    for (let i = 0; i < boxCount; i += 1) await page.keyboard.press('Tab');
    const activeId = () => page.evaluate(() => document.querySelector('[data-related-news]').shadowRoot.activeElement?.id ?? null);
    assert.equal(await activeId(), 'email');
    await page.keyboard.type('Reader.One@Example.org');
    await page.keyboard.press('Tab');
    assert.equal(await activeId(), 'consent');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const active = await page.evaluate(() => document.querySelector('[data-related-news]').shadowRoot.activeElement?.getAttribute('part'));
    assert.equal(active, 'subscribe-button', 'the honeypot is not in the tab order');
    await page.keyboard.press('Enter');

    await waitFor(async () => (await statusText(page)) === SENT, 'the "sent" message');
    const rows = serve.exportCsv('all');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].email, 'Reader.One@example.org');
    assert.equal(rows[0].status, 'pending');
    for (const id of mine) assert.ok(rows[0].topics.split(';').includes(id), `${id} in ${rows[0].topics}`);
    assert.equal(rows[0].lang, 'en');
    assert.ok(rows[0].page_url.endsWith(PAGE), rows[0].page_url);
    assert.deepEqual(await storedQueue(page), [], 'nothing is left queued once stored');
    const events = await page.evaluate(() => window.__rnSubscribe);
    assert.equal(events?.[0]?.status, 'sent');
    await page.screenshot({ path: await outputPath('subscribe-sent.png'), fullPage: false });

    const mails = await serve.readOutbox();
    assert.equal(mails.length, 1, 'one confirmation e-mail');
    const confirm = mails[0].text.match(/https?:\/\/\S+\/confirm\?token=[A-Za-z0-9_-]+/)?.[0];
    const unsubscribe = mails[0].text.match(/https?:\/\/\S+\/unsubscribe\?token=[A-Za-z0-9_-]+/)?.[0];
    assert.ok(confirm && unsubscribe, mails[0].text);
    const confirmed = await page.goto(confirm);
    assert.equal(confirmed.status(), 200);
    assert.equal(serve.exportCsv('confirmed').length, 1);
    assert.equal(serve.exportCsv('pending').length, 0);
    // The link asks first (a mail scanner opening it changes nothing); the reader presses the one button.
    const asked = await page.goto(unsubscribe);
    assert.equal(asked.status(), 200);
    assert.equal(serve.exportCsv('all')[0].status, 'confirmed');
    const [left] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Tab').then(() => page.locator('button[type=submit]').press('Enter'))]);
    assert.equal(left.status(), 200);
    assert.equal(serve.exportCsv('all')[0].status, 'unsubscribed');
    assert.deepEqual(record.errors, []);
  } finally {
    await record.close();
  }
});

test('a bad e-mail address is shown next to the field, announced, focused, and never sent', { timeout: TEST_TIMEOUT }, async () => {
  const record = await openArticle();
  const { page } = record;
  try {
    await fill(page, { email: 'jane@example', consent: false });
    await inShadow(page, 'button[part="subscribe-button"]').click();
    const state = await page.evaluate(() => {
      const root = document.querySelector('[data-related-news]').shadowRoot;
      const email = root.querySelector('#email');
      return {
        emailError: root.querySelector('#email-error').textContent,
        live: root.querySelector('#email-error').getAttribute('aria-live'),
        describedBy: email.getAttribute('aria-describedby'),
        invalid: email.getAttribute('aria-invalid'),
        consentError: root.querySelector('#consent-error').textContent,
        focused: root.activeElement?.id,
      };
    });
    assert.deepEqual(state, {
      emailError: BAD_EMAIL,
      live: 'polite',
      describedBy: 'email-error',
      invalid: 'true',
      consentError: 'Please tick the box to agree to receive e-mails.',
      focused: 'email',
    });
    await sleep(300);
    assert.deepEqual(postsTo(record), [], 'nothing was sent');
    assert.equal(serve.exportCsv('all').length, 0);

    // Fixing the field clears its error on the next try.
    await fill(page, { email: 'jane@example.org' });
    await inShadow(page, 'button[part="subscribe-button"]').click();
    await waitFor(async () => (await statusText(page)) === SENT, 'the "sent" message');
    assert.equal(await inShadow(page, '#email-error').textContent(), '');
    assert.equal(serve.exportCsv('all').length, 1);
  } finally {
    await record.close();
  }
});

test('the server refusing a field shows its error next to that field', { timeout: TEST_TIMEOUT }, async () => {
  const refusal = { error: { code: 'invalid_email', field: 'email', message: 'That domain does not take mail.' } };
  const record = await openPage(browser, serve, PAGE, {
    routes: [['**/api/subscribe', (route) => route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify(refusal) })]],
  });
  const { page } = record;
  try {
    await revealAndWaitForReady(record);
    await fill(page, { email: 'jane@example.org' });
    await inShadow(page, 'button[part="subscribe-button"]').click();
    await waitFor(async () => (await inShadow(page, '#email-error').textContent()) === BAD_EMAIL, 'the e-mail error');
    assert.equal(await page.evaluate(() => document.querySelector('[data-related-news]').shadowRoot.activeElement?.id), 'email');
    assert.deepEqual(await storedQueue(page), [], 'a refused submission is not retried');
  } finally {
    await record.close();
  }
});

test('a bot that fills the honeypot is told it worked, and nothing is stored or mailed', { timeout: TEST_TIMEOUT }, async () => {
  const record = await openArticle();
  const { page } = record;
  try {
    const answers = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/subscribe')) answers.push(response.status());
    });
    await fill(page, { email: 'bot@example.org', honeypot: 'https://spam.example' });
    await inShadow(page, 'button[part="subscribe-button"]').click();
    await waitFor(async () => (await statusText(page)) === SENT, 'the "sent" message');
    assert.equal(answers.length, 1);
    assert.ok(answers[0] >= 200 && answers[0] < 300, `2xx, got ${answers[0]}`);
    assert.equal(serve.exportCsv('all').length, 0);
    assert.equal((await serve.readOutbox()).length, 0);
  } finally {
    await record.close();
  }
});

test('server down: the submission is queued, told honestly, and stored exactly once after restart and reload', { timeout: TEST_TIMEOUT }, async () => {
  const record = await openArticle();
  const { page } = record;
  try {
    const before = serve.url;
    assert.equal(await serve.stop('SIGTERM'), 0, 'clean exit on SIGTERM');
    await fill(page, { email: 'offline.reader@example.org' });
    await inShadow(page, 'button[part="subscribe-button"]').click();
    await waitFor(async () => (await statusText(page)) === QUEUED, 'the "saved for later" message');
    const queued = await storedQueue(page);
    assert.equal(queued.length, 1);
    assert.match(queued[0].body, /offline\.reader@example\.org/);

    const after = await serve.restart();
    assert.equal(after, before, 'the server comes back on the same address (localStorage is per origin)');
    // A page of the site that shows no subscription panel sends what waits: it loads the subscription module for
    // that alone (a page with nothing queued and no form never loads it).
    const noForm = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>No form</title></head>
<body><main><h1>No form here</h1><script type="module" src="/dist/related-news.js" data-manifest="/manifest.json" data-article="${article.id}" data-subscribe="false" data-eager></script></main></body></html>`;
    await page.route('**/no-form.html', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: noForm }));
    const subscriptionModule = () => record.requests.filter((url) => url.endsWith('/dist/related_news_subscribe_bg.wasm')).length;
    const loadedBefore = subscriptionModule();
    await page.goto(record.url('/no-form.html'));
    await waitFor(() => serve.exportCsv('all').length === 1, 'the queued row');
    await waitFor(async () => (await storedQueue(page)).length === 0, 'an empty queue');
    assert.equal(subscriptionModule(), loadedBefore + 1, 'the queue alone loads the subscription module');
    assert.equal(await page.evaluate(() => document.querySelector('[data-related-news]').shadowRoot.querySelector('section[part="subscribe-panel"]')), null);
    // Another load sends nothing again.
    await page.goto(record.url(PAGE));
    await revealAndWaitForReady(record);
    await sleep(500);
    const rows = serve.exportCsv('all');
    assert.equal(rows.length, 1, 'exactly one row');
    assert.equal(rows[0].email, 'offline.reader@example.org');
    assert.equal(rows[0].idempotency_key, queued[0].key, 'sent with the key it was queued with');
    assert.equal((await serve.readOutbox()).length, 1);
  } finally {
    await record.close();
  }
});

test('offline in the browser: queued, then sent on the online event while the page stays open', { timeout: TEST_TIMEOUT }, async () => {
  const record = await openArticle();
  const { page, context } = record;
  try {
    await page.evaluate(() => {
      window.__subscribeEvents = [];
      document.addEventListener('related-news:subscribe', (event) => window.__subscribeEvents.push(event.detail.status));
    });
    const mailsBefore = (await serve.readOutbox()).length;
    await context.setOffline(true);
    await fill(page, { email: 'train.reader@example.org' });
    await inShadow(page, 'button[part="subscribe-button"]').click();
    await waitFor(async () => (await statusText(page)) === QUEUED, 'the "saved for later" message');
    // Asked for again while still offline: the same submission, queued once (a new key made a second e-mail).
    await inShadow(page, 'button[part="subscribe-button"]').click();
    await waitFor(async () => (await page.evaluate(() => window.__subscribeEvents.length)) === 2, 'the second "queued" event');
    assert.equal((await storedQueue(page)).length, 1, 'one submission waiting');
    assert.equal(serve.exportCsv('all').length, 0);
    await context.setOffline(false);
    await waitFor(async () => (await statusText(page)) === SENT_LATER, 'the "sent later" message');
    assert.equal(serve.exportCsv('all').length, 1);
    assert.deepEqual(await storedQueue(page), []);
    // The page hears of the delivery too, as when a submission is sent at once; and one e-mail went out.
    await waitFor(async () => (await page.evaluate(() => window.__subscribeEvents)).includes('sent'), 'the "sent" event');
    assert.deepEqual(await page.evaluate(() => window.__subscribeEvents), ['queued', 'queued', 'sent']);
    await waitFor(async () => (await serve.readOutbox()).length === mailsBefore + 1, 'one confirmation e-mail');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await serve.readOutbox()).length, mailsBefore + 1, 'and only one');
  } finally {
    await record.close();
  }
});

test('a 503 is retried on the backoff timer with the same idempotency key', { timeout: TEST_TIMEOUT }, async () => {
  let calls = 0;
  const bodies = [];
  const record = await openPage(browser, serve, PAGE, {
    routes: [['**/api/subscribe', (route) => {
      calls += 1;
      bodies.push(route.request().postData());
      if (calls === 1) return route.fulfill({ status: 503, headers: { 'retry-after': '1' }, body: 'busy' });
      return route.continue();
    }]],
  });
  const { page } = record;
  try {
    await revealAndWaitForReady(record);
    await fill(page, { email: 'patient.reader@example.org' });
    await inShadow(page, 'button[part="subscribe-button"]').click();
    await waitFor(async () => (await statusText(page)) === QUEUED, 'the "saved for later" message');
    await waitFor(async () => (await statusText(page)) === SENT_LATER, 'the retry', 12_000);
    assert.equal(calls, 2);
    assert.equal(JSON.parse(bodies[0]).idempotency_key, JSON.parse(bodies[1]).idempotency_key);
    assert.equal(serve.exportCsv('all').length, 1);
  } finally {
    await record.close();
  }
});
