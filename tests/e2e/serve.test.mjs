// End-to-end tests of `related-news serve`: the subscription endpoint's HTTP contract, double opt-in through the
// e-mails it writes, idempotency and rate limits under concurrent load, a clean stop on SIGTERM with requests in
// flight, and the static files it serves. No browser: Node's fetch and raw sockets are the clients.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile, readdir } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { BIN, MANIFEST, WWW, post, rawRequest, runExport, startServe, submission, topicIds } from './serve-helpers.mjs';

const TOPICS = topicIds();
const ALLOWED = 'https://news.example';

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** The links of a confirmation e-mail. */
function links(text) {
  const confirm = text.match(/^(http:\/\/\S+\/confirm\?token=[0-9a-f]+)\r?$/m);
  const unsubscribe = text.match(/^(http:\/\/\S+\/unsubscribe\?token=[0-9a-f]+)\r?$/m);
  return { confirm: confirm?.[1], unsubscribe: unsubscribe?.[1] };
}

describe('related-news serve: subscriptions', () => {
  let server;
  before(async () => {
    server = await startServe({ allowOrigins: [ALLOWED] });
  });
  after(async () => {
    await server?.close();
  });

  test('the manifest has the topics the tests use', () => {
    assert.ok(TOPICS.length >= 2, `www/manifest.json has ${TOPICS.length} topics; run make manifest`);
  });

  test('a valid submission is accepted, stored pending and sent a confirmation e-mail; confirm and unsubscribe work', async () => {
    const before = (await server.readOutbox()).length;
    const body = submission([TOPICS[0], TOPICS[1], TOPICS[0]], { lang: 'ru' });
    const response = await post(server.url, body);
    assert.equal(response.status, 202, response.text);
    assert.equal(response.json.status, 'pending');
    assert.equal(typeof response.json.message, 'string');
    assert.match(response.headers.get('content-type'), /^application\/json; charset=utf-8/);

    const rows = server.exportCsv().filter((r) => r.idempotency_key === body.idempotency_key);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].status, 'pending');
    assert.equal(rows[0].email, body.email);
    assert.equal(rows[0].topics, `${TOPICS[0]};${TOPICS[1]}`, 'duplicates removed, order kept');
    assert.equal(rows[0].lang, 'ru');
    assert.match(rows[0].created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const mails = await server.readOutbox();
    assert.equal(mails.length, before + 1, 'one new e-mail');
    const mail = mails.find((m) => m.text.includes(`To: ${body.email}\r\n`));
    assert.ok(mail, 'the e-mail is addressed to the reader');
    assert.match(mail.file, /^\d{8}T\d{6}Z-\d+\.eml$/);
    assert.match(mail.text, /^Subject: .*=\?utf-8\?b\?/im, 'a Russian subject is an encoded-word');
    assert.match(mail.text, /^List-Unsubscribe: <http:\/\/.+\/unsubscribe\?token=[0-9a-f]{32}>\r$/m);
    assert.match(mail.text, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    const { confirm, unsubscribe } = links(mail.text);
    assert.ok(confirm && unsubscribe, `both links on their own lines:\n${mail.text}`);

    const confirmed = await fetch(confirm);
    assert.equal(confirmed.status, 200);
    const page = await confirmed.text();
    assert.match(page, /<meta charset="utf-8">/);
    assert.match(page, /<html lang="ru">/);
    let row = server.exportCsv('confirmed').find((r) => r.idempotency_key === body.idempotency_key);
    assert.ok(row, 'the row is confirmed');
    assert.match(row.confirmed_at, /Z$/);
    assert.equal((await fetch(confirm)).status, 200, 'confirming twice shows the same page');

    // Opening the link (as a mail scanner does) only asks; the page's one button posts the token back.
    const asked = await fetch(unsubscribe);
    assert.equal(asked.status, 200);
    const question = await asked.text();
    assert.equal(server.exportCsv('confirmed').filter((r) => r.idempotency_key === body.idempotency_key).length, 1);
    const form = question.match(/<form method="post" action="([^"]+)"><input type="hidden" name="token" value="([0-9a-f]{32})">/);
    assert.ok(form, question);
    assert.match(question, /<button type="submit">Отписаться<\/button>/);
    const left = await fetch(form[1], {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${form[2]}`,
    });
    assert.equal(left.status, 200);
    row = server.exportCsv().find((r) => r.idempotency_key === body.idempotency_key);
    assert.equal(row.status, 'unsubscribed');
    assert.match(row.unsubscribed_at, /Z$/);
    assert.equal(server.exportCsv('pending').filter((r) => r.idempotency_key === body.idempotency_key).length, 0);

    const unknown = await fetch(`${server.url}/confirm?token=${'0'.repeat(32)}`);
    assert.equal(unknown.status, 404);
    assert.equal((await fetch(`${server.url}/unsubscribe?token=nope`)).status, 404);
    assert.equal((await fetch(`${server.url}/unsubscribe?token=${'0'.repeat(32)}`)).status, 404, 'an unknown token asks nothing');
  });

  test('every e-mail links to a page where the subscriber changes topics', async () => {
    const body = submission([TOPICS[0]], { lang: 'en' });
    assert.equal((await post(server.url, body)).status, 202);
    const mail = (await server.readOutbox()).find((m) => m.text.includes(`To: ${body.email}\r\n`));
    const link = mail.text.match(/^(http:\/\/\S+\/preferences\?token=[0-9a-f]{32})\r?$/m)?.[1];
    assert.ok(link, mail.text);
    const page = await (await fetch(link)).text();
    assert.match(page, new RegExp(`<input type="checkbox" name="topics" value="${TOPICS[0]}" checked>`));
    assert.match(page, new RegExp(`<input type="checkbox" name="topics" value="${TOPICS[1]}">`));
    const token = link.split('token=')[1];
    const save = (topics) =>
      fetch(`${server.url}/preferences`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: [`token=${token}`, ...topics.map((t) => `topics=${encodeURIComponent(t)}`)].join('&'),
      });
    const saved = await save([TOPICS[1], TOPICS[2], 'not-a-topic']);
    assert.equal(saved.status, 200);
    assert.match(await saved.text(), /Your topics are saved\./);
    const row = server.exportCsv().find((r) => r.email === body.email);
    assert.deepEqual(row.topics.split(/[;,|\s]+/).filter(Boolean).sort(), [TOPICS[1], TOPICS[2]].sort(), row.topics);
    assert.match(await (await save([])).text(), /Choose at least one topic/);
    assert.equal((await fetch(`${server.url}/preferences?token=${'0'.repeat(32)}`)).status, 404);
  });

  test('RFC 8058 one-click unsubscribe by POST', async () => {
    const body = submission([TOPICS[2]]);
    assert.equal((await post(server.url, body)).status, 202);
    const mail = (await server.readOutbox()).find((m) => m.text.includes(`To: ${body.email}\r\n`));
    const { unsubscribe } = links(mail.text);
    const response = await fetch(unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(response.status, 200);
    assert.equal(server.exportCsv().find((r) => r.email === body.email).status, 'unsubscribed');
  });

  test('invalid fields are refused with a code, the field and a sentence', async () => {
    const cases = [
      [{ email: 'not-an-address' }, 'invalid_email', 'email'],
      [{ email: '' }, 'missing_email', 'email'],
      [{ topics: [] }, 'no_topics', 'topics'],
      [{ types: ['Not An Id'] }, 'invalid_type', 'types'],
      [{ consent: false }, 'consent_required', 'consent'],
      [{ idempotency_key: 'short' }, 'invalid_key', 'idempotency_key'],
      [{ lang: 'english please' }, 'invalid_lang', 'lang'],
      [{ page_url: 'javascript:alert(1)' }, 'invalid_page_url', 'page_url'],
    ];
    for (const [override, code, field] of cases) {
      const response = await post(server.url, submission([TOPICS[0]], override));
      assert.equal(response.status, 400, `${code}: ${response.text}`);
      assert.equal(response.json.error.code, code);
      assert.equal(response.json.error.field, field);
      assert.match(response.json.error.message, /\.$/, 'a whole sentence');
    }
    const invalid = await post(server.url, submission([TOPICS[0]], { email: 'a@b' }));
    assert.equal(invalid.json.error.message, 'Enter an e-mail address like name@example.org.');

    const unknown = await post(server.url, submission([TOPICS[0], 'no-such-topic', 'another-one']));
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.error.code, 'unknown_topic');
    assert.equal(unknown.json.error.field, 'topics');
    assert.deepEqual(unknown.json.error.topics, ['no-such-topic', 'another-one']);
    assert.match(unknown.json.error.message, /no-such-topic/);

    const broken = await post(server.url, '{"email": ', { contentType: 'application/json' });
    assert.equal(broken.status, 400);
    assert.equal(broken.json.error.code, 'invalid_json');
  });

  test('the honeypot is answered like a real submission and nothing is stored or sent', async () => {
    const rowsBefore = server.exportCsv().length;
    const mailsBefore = (await server.readOutbox()).length;
    const body = submission([TOPICS[0]], { website: 'http://spam.example' });
    const response = await post(server.url, body);
    assert.equal(response.status, 202);
    const real = await post(server.url, submission([TOPICS[0]]));
    assert.deepEqual(Object.keys(response.json).sort(), Object.keys(real.json).sort());
    assert.equal(response.json.status, 'pending');
    assert.equal(server.exportCsv().length, rowsBefore + 1, 'only the real one was stored');
    assert.equal(server.exportCsv().filter((r) => r.email === body.email).length, 0);
    assert.equal((await server.readOutbox()).length, mailsBefore + 1);
    assert.match(server.logs(), /honeypot/);
  });

  test('a repeated key is a duplicate; the same key for another address is a conflict', async () => {
    const body = submission([TOPICS[0]]);
    assert.equal((await post(server.url, body)).status, 202);
    const mails = (await server.readOutbox()).length;
    const again = await post(server.url, body);
    assert.equal(again.status, 200);
    assert.equal(again.json.duplicate, true);
    assert.equal(again.json.status, 'pending');
    const other = await post(server.url, { ...body, email: `other-${body.email}` });
    assert.equal(other.status, 409);
    assert.equal(other.json.error.code, 'key_reused');
    assert.equal(server.exportCsv().filter((r) => r.idempotency_key === body.idempotency_key).length, 1);
    assert.equal((await server.readOutbox()).length, mails, 'no second e-mail');
  });

  test('too large, wrong type, wrong method', async () => {
    const big = submission([TOPICS[0]], { page_url: `https://news.example/${'a'.repeat(20_000)}` });
    const large = await post(server.url, big);
    assert.equal(large.status, 413);
    assert.equal(large.json.error.code, 'body_too_large');

    const text = await post(server.url, JSON.stringify(submission([TOPICS[0]])), { contentType: 'text/plain' });
    assert.equal(text.status, 415);
    assert.equal(text.json.error.code, 'unsupported_media_type');

    const get = await fetch(`${server.url}/api/subscribe`);
    assert.equal(get.status, 405);
    assert.match(get.headers.get('allow'), /POST/);
    assert.equal((await get.json()).error.code, 'method_not_allowed');
    const missing = await fetch(`${server.url}/api/nothing`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, 'not_found');
  });

  test('a plain form post (form-encoded, topics repeated, consent "on", no key) is accepted', async () => {
    const email = `form-${Date.now()}@example.org`;
    const form = new URLSearchParams();
    form.append('email', email);
    form.append('topics', TOPICS[0]);
    form.append('topics', TOPICS[1]);
    form.append('types', 'news,events');
    form.append('lang', 'az');
    form.append('consent', 'on');
    form.append('website', '');
    const response = await post(server.url, form.toString(), { contentType: 'application/x-www-form-urlencoded' });
    assert.equal(response.status, 202, response.text);
    const row = server.exportCsv().find((r) => r.email === email);
    assert.equal(row.topics, `${TOPICS[0]};${TOPICS[1]}`);
    assert.equal(row.types, 'news;events');
    assert.match(row.idempotency_key, /^[0-9a-f]{32}$/, 'the server made up a key');
    const mail = (await server.readOutbox()).find((m) => m.text.includes(`To: ${email}\r\n`));
    assert.match(mail.text, /Salam/, 'the e-mail is in Azerbaijani');
  });

  test('CORS: preflight and posts from allowed, own and other origins', async () => {
    const preflight = await fetch(`${server.url}/api/subscribe`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(preflight.headers.get('access-control-allow-methods'), /POST/);
    assert.match(preflight.headers.get('access-control-allow-headers'), /content-type/);
    assert.ok(Number(preflight.headers.get('access-control-max-age')) > 0);
    assert.match(preflight.headers.get('vary'), /Origin/);

    const refused = await fetch(`${server.url}/api/subscribe`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);

    const allowed = await post(server.url, submission([TOPICS[0]]), { headers: { origin: ALLOWED } });
    assert.equal(allowed.status, 202);
    assert.equal(allowed.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(allowed.headers.get('vary'), /Origin/);

    const own = await post(server.url, submission([TOPICS[0]]), { headers: { origin: server.url } });
    assert.equal(own.status, 202, 'the server\'s own origin may post');

    const other = await post(server.url, submission([TOPICS[0]]), { headers: { origin: 'https://evil.example' } });
    assert.equal(other.status, 403);
    assert.equal(other.json.error.code, 'origin_not_allowed');
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  test('load: 200 concurrent submissions are 200 rows; 200 concurrent repeats of one key are one row', async () => {
    const before = server.exportCsv().length;
    const bodies = Array.from({ length: 200 }, () => submission([TOPICS[0], TOPICS[1]]));
    let started = performance.now();
    const responses = await Promise.all(bodies.map((body) => post(server.url, body)));
    const distinctMs = performance.now() - started;
    const statuses = responses.map((r) => r.status);
    assert.deepEqual([...new Set(statuses)], [202], `all accepted: ${statuses.join(',')}`);
    const rows = server.exportCsv();
    assert.equal(rows.length, before + 200);
    const emails = new Set(rows.map((r) => r.email));
    assert.ok(bodies.every((b) => emails.has(b.email)), 'every accepted address is stored');

    const one = submission([TOPICS[0]]);
    started = performance.now();
    const repeats = await Promise.all(Array.from({ length: 200 }, () => post(server.url, one)));
    const sameKeyMs = performance.now() - started;
    const counts = {};
    for (const r of repeats) counts[r.status] = (counts[r.status] ?? 0) + 1;
    assert.ok(repeats.every((r) => r.status >= 200 && r.status < 300), `all 2xx: ${JSON.stringify(counts)}`);
    assert.equal(counts[202], 1, 'exactly one was new');
    assert.ok(repeats.filter((r) => r.status === 200).every((r) => r.json.duplicate === true));
    assert.equal(server.exportCsv().filter((r) => r.idempotency_key === one.idempotency_key).length, 1);
    const mails = (await server.readOutbox()).filter((m) => m.text.includes(`To: ${one.email}\r\n`));
    assert.equal(mails.length, 1, 'one e-mail for the repeated key');
    console.log(
      `load: 200 distinct submissions in ${distinctMs.toFixed(0)} ms (${(200_000 / distinctMs).toFixed(0)}/s); ` +
        `200 repeats of one key in ${sameKeyMs.toFixed(0)} ms (${JSON.stringify(counts)})`,
    );
  });
});

describe('related-news serve: rate limit', () => {
  test('the 4th submission within a minute from one address is refused with Retry-After', async () => {
    const server = await startServe({ rateLimit: 3 });
    try {
      for (let i = 0; i < 3; i++) {
        assert.equal((await post(server.url, submission([TOPICS[0]]))).status, 202);
      }
      const limited = await post(server.url, submission([TOPICS[0]]));
      assert.equal(limited.status, 429);
      assert.equal(limited.json.error.code, 'rate_limited');
      const retry = Number(limited.headers.get('retry-after'));
      assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${retry}`);
      assert.equal(server.exportCsv().length, 3);
      // Other paths are not limited.
      assert.equal((await fetch(`${server.url}/manifest.json`)).status, 200);
    } finally {
      await server.close();
    }
  });
});

describe('related-news serve: behind a reverse proxy', () => {
  test('with --trusted-proxy, each client named by the proxy has its own limit; without it, the header is ignored', async () => {
    const proxied = await startServe({ rateLimit: 2, extraArgs: ['--trusted-proxy', '127.0.0.1'] });
    try {
      const from = (client) => post(proxied.url, submission([TOPICS[0]]), { headers: { 'X-Forwarded-For': client } });
      assert.equal((await from('198.51.100.7')).status, 202);
      assert.equal((await from('198.51.100.7')).status, 202);
      assert.equal((await from('198.51.100.7')).status, 429, 'the third from one client');
      assert.equal((await from('198.51.100.8')).status, 202, 'another client behind the same proxy');
      // IPv6 clients count per /64: rotating the host part does not reset the limit.
      const v6 = (host) => post(proxied.url, submission([TOPICS[0]]), { headers: { Forwarded: `for="[2001:db8:1:2::${host}]:4711"` } });
      assert.equal((await v6('a')).status, 202);
      assert.equal((await v6('b')).status, 202);
      assert.equal((await v6('c')).status, 429);
    } finally {
      await proxied.close();
    }
    const direct = await startServe({ rateLimit: 2 });
    try {
      const spoofed = (client) => post(direct.url, submission([TOPICS[0]]), { headers: { 'X-Forwarded-For': client } });
      assert.equal((await spoofed('203.0.113.1')).status, 202);
      assert.equal((await spoofed('203.0.113.2')).status, 202);
      assert.equal((await spoofed('203.0.113.3')).status, 429, 'a client cannot pick its own address');
    } finally {
      await direct.close();
    }
  });
});

describe('related-news serve: stopping', () => {
  test('SIGTERM with 50 submissions in flight: every 2xx is stored, the exit code is 0, a restart keeps the rows', async () => {
    const server = await startServe();
    try {
      // One request is held mid-body across the signal: it was accepted before the stop, so it must be answered.
      const slow = submission([TOPICS[0]]);
      const slowBody = JSON.stringify(slow);
      const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
      let slowAnswer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => (slowAnswer += chunk));
      const slowClosed = new Promise((ok) => socket.on('close', ok));
      socket.on('error', () => {});
      await new Promise((ok) => socket.once('connect', ok));
      socket.write(
        `POST /api/subscribe HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(slowBody)}\r\n\r\n${slowBody.slice(0, 10)}`,
      );
      await sleep(100);

      // The signal goes out as soon as the first of 50 concurrent submissions is answered: the others are in flight.
      const bodies = Array.from({ length: 50 }, () => submission([TOPICS[1]]));
      let signalled;
      const results = bodies.map((body) =>
        post(server.url, body).then(
          (r) => {
            signalled ??= server.stop('SIGTERM');
            return { body, status: r.status };
          },
          (error) => ({ body, status: 0, error: error.cause?.code ?? error.message }),
        ),
      );
      const first = await Promise.race(results);
      signalled ??= server.stop('SIGTERM');
      // Sent after the signal: each is either answered and stored or refused at the socket, never left hanging.
      const late = Array.from({ length: 10 }, () => submission([TOPICS[1]])).map((body) =>
        post(server.url, body).then(
          (r) => ({ body, status: r.status }),
          (error) => ({ body, status: 0, error: error.cause?.code ?? error.message }),
        ),
      );
      await sleep(200);
      socket.end(slowBody.slice(10));
      const settled = await Promise.all([...results, ...late]);
      const code = await signalled;
      await slowClosed;
      assert.equal(code, 0, `exit code; log:\n${server.logs()}`);
      assert.match(server.logs(), /stopped on SIGTERM/);
      assert.ok(first, 'a first answer arrived');

      const accepted = settled.filter((r) => r.status >= 200 && r.status < 300);
      const failed = settled.filter((r) => r.status === 0);
      const stored = new Set(server.exportCsv().map((r) => r.email));
      const missing = accepted.filter((r) => !stored.has(r.body.email));
      assert.deepEqual(missing.map((r) => r.body.email), [], 'every acknowledged submission is in the database');
      assert.match(slowAnswer, /^HTTP\/1\.1 202 /, `the request in flight was answered: ${slowAnswer}\n${server.logs()}`);
      assert.ok(stored.has(slow.email), 'and stored');
      console.log(
        `SIGTERM: ${accepted.length} of 60 acknowledged and stored (50 in flight, 10 sent after the signal), ` +
          `${failed.length} refused at the socket ` +
          `(${[...new Set(failed.map((f) => f.error))].join(', ') || 'none'}), ${settled.length - accepted.length - failed.length} other`,
      );

      const rowsBefore = server.exportCsv().length;
      const url = await server.restart();
      assert.equal(server.exportCsv().length, rowsBefore, 'the rows survive a restart');
      assert.equal((await post(url, submission([TOPICS[0]]))).status, 202, 'and it takes new submissions');
      assert.equal(server.exportCsv().length, rowsBefore + 1);
    } finally {
      await server.close();
    }
  });
});

describe('related-news serve: slow clients', () => {
  test('60 connections sending their heads a byte at a time do not hold up an ordinary request', async () => {
    const server = await startServe();
    const sockets = [];
    try {
      const port = Number(new URL(server.url).port);
      for (let i = 0; i < 60; i += 1) {
        const socket = connect(port, '127.0.0.1');
        socket.on('error', () => {});
        sockets.push(socket);
        await new Promise((ok) => socket.once('connect', ok));
        socket.write('GET /manifest.json HTTP/1.1\r\nHost: x\r\nX-Slow: a');
      }
      const started = Date.now();
      const response = await fetch(`${server.url}/manifest.json`, { signal: AbortSignal.timeout(5000) });
      assert.equal(response.status, 200);
      assert.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms`);
      // The slow ones are still open (their deadline is the whole head's, 10 s), and one of them can still finish.
      sockets[0].write('\r\nConnection: close\r\n\r\n');
      const answer = await new Promise((ok) => {
        let text = '';
        sockets[0].on('data', (chunk) => (text += chunk));
        sockets[0].on('close', () => ok(text));
      });
      assert.match(answer, /^HTTP\/1\.1 200 /);
    } finally {
      for (const socket of sockets) socket.destroy();
      await server.stop('SIGTERM');
    }
  });
});

describe('related-news serve: malformed requests', () => {
  test('10,000 random and malformed requests: each gets a 4xx, the server stays up, nothing is stored or sent', async () => {
    const server = await startServe({ rateLimit: 0 });
    try {
      const port = Number(new URL(server.url).port);
      let seed = 7;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const pick = (list) => list[Math.floor(random() * list.length)];
      const junk = (n) => Array.from({ length: n }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join('');
      const bodies = [
        () => junk(40),
        () => '{"email": "not an address", "topics": ["elections"], "consent": true}',
        () => `{"email": "a@example.org", "topics": ["${junk(8)}"], "consent": true}`,
        () => '{"email": "a@example.org", "topics": [], "consent": true}',
        () => '{"email": "a@example.org", "topics": ["x"]}',
        () => '[1, 2, 3]',
        () => `email=${encodeURIComponent(junk(10))}&consent=on`,
        () => '{"email": 5}',
      ];
      const makers = [
        // Not HTTP at all, or a broken head.
        () => `${junk(30)}\r\n\r\n`,
        () => `GET /${junk(10)} HTTP/9.9\r\n\r\n`,
        () => `POST /api/subscribe HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n`,
        () => `GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n`,
        () => `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`,
        // Well-formed HTTP, bad submissions.
        () => {
          const body = pick(bodies)();
          const type = pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/xml']);
          return `POST /api/subscribe HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
        },
        () => `POST /api/subscribe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999\r\nConnection: close\r\n\r\n{`,
        () => `${pick(['PUT', 'DELETE', 'PATCH', 'BREW'])} /api/subscribe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        () => `GET /confirm?token=${junk(20).replace(/[^a-z0-9]/gi, '')} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        () => `POST /unsubscribe?token=${'0'.repeat(32)} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
        () => `GET /${junk(8).replace(/[^a-z]/gi, '')}/../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      ];
      const send = (text) =>
        new Promise((resolve) => {
          const socket = connect(port, '127.0.0.1');
          let answer = '';
          socket.setEncoding('latin1');
          socket.on('data', (chunk) => (answer += chunk));
          socket.on('error', () => {});
          socket.on('close', () => resolve(answer));
          socket.setTimeout(15000, () => socket.destroy());
          socket.end(text);
        });
      const statuses = new Map();
      let next = 0;
      const worker = async () => {
        while (next < 10000) {
          next += 1;
          const answer = await send(pick(makers)());
          const status = answer.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 'none';
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: 50 }, worker));
      const summary = [...statuses].map(([status, n]) => `${status}: ${n}`).join(', ');
      console.log(`10,000 malformed requests: ${summary}`);
      assert.ok([...statuses.keys()].every((status) => /^4\d\d$/.test(status)), summary);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'still up');
      assert.equal(server.exportCsv().length, 0, 'no row');
      assert.equal((await server.readOutbox()).length, 0, 'no e-mail');
    } finally {
      await server.close();
    }
  });
});

const freePort = () =>
  new Promise((ok) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
const startSink = async (port, out) => {
  const child = spawn('python3', [join(import.meta.dirname, 'smtp_sink.py'), String(port), out], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((ok, fail) => {
    child.stdout.on('data', (chunk) => String(chunk).includes('ready') && ok());
    child.on('exit', (code) => fail(new Error(`smtp_sink.py exited with ${code}`)));
  });
  return child;
};
const received = async (out) =>
  (await readdir(out)).filter((name) => name.endsWith('.json')).map((name) => JSON.parse(readFileSync(join(out, name), 'utf8')));
const until = async (check, ms) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(200);
  }
  return false;
};

describe('related-news serve: e-mail through a relay', () => {
  test('with the relay down nothing is lost; after a restart and the relay back, each message arrives once', async () => {
    const port = await freePort();
    const out = await mkdtemp(join(tmpdir(), 'related-news-smtp-'));
    const server = await startServe({ extraArgs: ['--smtp', `smtp://127.0.0.1:${port}`] });
    let sink;
    try {
      const ascii = submission([TOPICS[0]]);
      const international = submission([TOPICS[1]], { email: `reader-${Date.now()}@bücher.example` });
      assert.equal((await post(server.url, ascii)).status, 202);
      assert.equal((await post(server.url, international)).status, 202);
      assert.ok(await until(() => /not sent \(.*\); next try in 5 s/.test(server.logs()), 5000), server.logs());
      assert.equal((await readdir(server.outbox).catch(() => [])).length, 0, 'with --smtp, nothing goes to the outbox');
      // A restart of serve resumes the queue; the relay comes back.
      await server.restart();
      sink = await startSink(port, out);
      assert.ok(await until(async () => (await received(out)).length >= 2, 20000), `both delivered; log:\n${server.logs()}`);
      await sleep(1500);
      const mails = await received(out);
      assert.equal(mails.length, 2, 'each message once');
      const first = mails.find((m) => m.rcpt_tos[0] === ascii.email);
      assert.ok(first, JSON.stringify(mails.map((m) => m.rcpt_tos)));
      assert.match(first.data, /^List-Unsubscribe: <http:\/\/.+\/unsubscribe\?token=[0-9a-f]{32}>\r?$/m);
      assert.match(first.data, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      assert.ok(!first.mail_options.includes('SMTPUTF8'), 'an ASCII address needs no SMTPUTF8');
      const idn = mails.find((m) => m !== first);
      assert.equal(idn.rcpt_tos[0], international.email.replace('bücher', 'xn--bcher-kva'), 'the domain in ASCII');
      assert.ok(!idn.mail_options.includes('SMTPUTF8'), 'an international domain alone needs no SMTPUTF8');
      assert.match(server.logs(), /accepted by the relay/);
      assert.ok(!server.logs().includes(ascii.email), 'the log never shows an address');
    } finally {
      sink?.kill('SIGTERM');
      await server.close();
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('related-news digest', () => {
  test('each confirmed subscriber gets one update with articles of their topics; never an article twice, never empty', async () => {
    const port = await freePort();
    const out = await mkdtemp(join(tmpdir(), 'related-news-digest-'));
    const server = await startServe();
    let sink;
    try {
      const readers = [submission([TOPICS[0]], { lang: 'ru' }), submission([TOPICS[1]]), submission([TOPICS[2]])];
      for (const body of readers) assert.equal((await post(server.url, body)).status, 202);
      // The first two confirm; the third stays pending and gets nothing.
      for (const body of readers.slice(0, 2)) {
        const mail = (await server.readOutbox()).find((m) => m.text.includes(`To: ${body.email}\r\n`));
        assert.equal((await fetch(mail.text.match(/^(http:\/\/\S+\/confirm\?token=[0-9a-f]+)\r?$/m)[1])).status, 200);
      }
      await server.stop('SIGTERM');
      const digest = (...extra) =>
        spawnSync(BIN, ['digest', '--db', server.db, '--manifest', MANIFEST, '--smtp', `smtp://127.0.0.1:${port}`,
          '--since', '2000-01-01', '--public-url', 'https://news.example', ...extra], { encoding: 'utf8' });
      // A dry run writes the updates to the outbox folder and records nothing.
      const dry = digest('--dry-run', '--outbox', join(out, 'dry'));
      assert.equal(dry.status, 0, dry.stderr);
      assert.match(dry.stderr, /2 subscribers, 2 updates .*dry run: nothing recorded/);
      const drafts = (await readdir(join(out, 'dry'))).filter((name) => name.endsWith('.eml'));
      assert.equal(drafts.length, 2);
      assert.match(readFileSync(join(out, 'dry', drafts[0]), 'utf8'), /^List-Unsubscribe: /m);
      // The relay is down: the updates are recorded and queued, nothing is lost.
      const down = digest();
      assert.equal(down.status, 0, down.stderr);
      assert.match(down.stderr, /2 subscribers, 2 updates .*0 e-mails accepted by the relay, 2 waiting/);
      // Run again with the relay back (as after a run killed halfway): the queued updates go out, none is made twice.
      sink = await startSink(port, out);
      const up = digest();
      assert.equal(up.status, 0, up.stderr);
      assert.match(up.stderr, /2 subscribers, 0 updates .*2 e-mails accepted by the relay, 0 waiting/);
      const mails = await received(out);
      assert.equal(mails.length, 2, 'one e-mail per confirmed subscriber');
      const ru = mails.find((m) => m.rcpt_tos[0] === readers[0].email);
      assert.ok(ru, 'the first reader');
      assert.match(ru.data, /^Subject: .*=\?utf-8\?b\?/im, 'in Russian');
      assert.match(ru.data, /^List-Unsubscribe: <https:\/\/news\.example\/unsubscribe\?token=[0-9a-f]{32}>\r?$/m);
      const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
      const links = [...ru.data.matchAll(/^ {2}(https?:\/\/\S+)\r?$/gm)].map((m) => m[1]);
      assert.ok(links.length > 0 && links.length <= 20, `${links.length} links`);
      const inTopic = new Set(manifest.articles.filter((a) => (a.topics ?? []).includes(TOPICS[0])).map((a) => a.url.split('/').pop()));
      assert.ok(links.every((link) => inTopic.has(link.split('/').pop())), 'only articles of the reader\'s topics');
      // A third run finds nothing new: no e-mail at all, rather than an empty one.
      const again = digest();
      assert.match(again.stderr, /0 updates/);
      await sleep(300);
      assert.equal((await received(out)).length, 2);
    } finally {
      sink?.kill('SIGTERM');
      await server.close();
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('related-news digest, killed halfway', () => {
  test('kill -9 in the middle of a run, run again: each of 300 subscribers gets exactly one e-mail', async () => {
    const port = await freePort();
    const out = await mkdtemp(join(tmpdir(), 'related-news-kill-'));
    // serve creates the database; the subscribers are then written straight into it, confirmed.
    const server = await startServe();
    await server.stop('SIGTERM');
    const rows = spawnSync('python3', ['-c', `
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
with db:
    for n in range(300):
        db.execute("""INSERT INTO subscriptions (idempotency_key, email, topics, types, lang, consent, status,
            confirm_token, unsubscribe_token, created_at, confirmed_at, mail_written)
            VALUES (?, ?, ?, '[]', 'en', 1, 'confirmed', ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 1)""",
            (f"kill-key-{n:06d}", f"reader{n}@example.org", '["${TOPICS[0]}"]', f"{n:032x}", f"{n + 10**6:032x}"))
`, server.db], { encoding: 'utf8' });
    assert.equal(rows.status, 0, rows.stderr);
    const args = ['digest', '--db', server.db, '--manifest', MANIFEST, '--smtp', `smtp://127.0.0.1:${port}`,
      '--since', '2000-01-01', '--public-url', 'https://news.example'];
    const recorded = () =>
      Number(spawnSync('python3', ['-c', 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(DISTINCT email) FROM digest_sent").fetchone()[0])', server.db], { encoding: 'utf8' }).stdout);
    // First run, the relay down: killed with SIGKILL as soon as it has composed and queued a few updates. A
    // watcher polls the database every 2 ms, so the kill lands in the middle of the run however fast it is.
    const watcher = spawn('python3', ['-u', '-c', `
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=5)
while True:
    try:
        print(db.execute("SELECT count(DISTINCT email) FROM digest_sent").fetchone()[0])
    except sqlite3.OperationalError:
        print(0)
    time.sleep(0.002)
`, server.db], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise((ok) => watcher.stdout.once('data', ok));
    const first = spawn(BIN, args, { stdio: 'ignore' });
    const exited = new Promise((ok) => first.on('exit', ok));
    await new Promise((ok) => {
      watcher.stdout.on('data', (chunk) => {
        if (String(chunk).trim().split('\n').some((line) => Number(line) >= 5)) ok();
      });
      first.on('exit', ok);
    });
    first.kill('SIGKILL');
    watcher.kill('SIGKILL');
    await exited;
    const halfway = recorded();
    assert.ok(halfway > 0 && halfway < 300, `killed halfway: ${halfway} of 300 updates recorded`);
    // Second run, the relay up: what was queued goes out, the rest is composed; nobody gets two.
    const sink = await startSink(port, join(out, 'received'));
    try {
      const second = spawnSync(BIN, args, { encoding: 'utf8' });
      assert.equal(second.status, 0, second.stderr);
      const mails = await received(join(out, 'received'));
      const perReader = new Map();
      for (const mail of mails) perReader.set(mail.rcpt_tos[0], (perReader.get(mail.rcpt_tos[0]) ?? 0) + 1);
      assert.equal(perReader.size, 300, `${perReader.size} readers got an e-mail`);
      assert.ok([...perReader.values()].every((n) => n === 1), 'exactly one each');
      console.log(`kill -9 after ${halfway} of 300 updates; the second run: ${second.stderr.trim()}`);
    } finally {
      sink.kill('SIGTERM');
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('related-news serve --digest-every', () => {
  test('the server sends topic updates on its own schedule, through the same queue', async () => {
    const port = await freePort();
    const out = await mkdtemp(join(tmpdir(), 'related-news-every-'));
    const manifestPath = join(out, 'manifest.json');
    await writeFile(manifestPath, JSON.stringify({
      version: 1,
      site: { name: 'Civic Wire', url: 'https://news.example/' },
      topics: [{ id: 'health' }, { id: 'sport' }],
      articles: [
        { id: 'new', url: '/new.html', title: 'A clinic opens', summary: 'What changes.', date: '2099-01-01', topics: ['health'] },
        { id: 'other', url: '/other.html', title: 'A match', date: '2099-01-01', topics: ['sport'] },
      ],
    }));
    const sink = await startSink(port, join(out, 'received'));
    const server = await startServe({ manifest: manifestPath, extraArgs: ['--smtp', `smtp://127.0.0.1:${port}`, '--digest-every', '1s'] });
    try {
      const body = submission(['health']);
      assert.equal((await post(server.url, body)).status, 202);
      assert.ok(await until(async () => (await received(join(out, 'received'))).length === 1, 10000), server.logs());
      const confirmation = (await received(join(out, 'received')))[0].data;
      const confirm = confirmation.match(/^(http:\/\/\S+\/confirm\?token=[0-9a-f]+)\r?$/m)[1];
      assert.equal((await fetch(confirm)).status, 200);
      assert.ok(await until(async () => (await received(join(out, 'received'))).length === 2, 10000), server.logs());
      await sleep(2500);
      const mails = await received(join(out, 'received'));
      assert.equal(mails.length, 2, 'one confirmation and one update, whatever the number of runs');
      const update = mails.find((m) => m.data.includes('A clinic opens'));
      assert.ok(update, 'the update names the new article of the topic');
      assert.ok(!update.data.includes('A match'), 'and not the other topic\'s');
      // Links resolve against the server's public URL (here its own address, as no --public-url is given).
      assert.match(update.data, /^ {2}http:\/\/127\.0\.0\.1:\d+\/new\.html\r?$/m);
    } finally {
      sink.kill('SIGTERM');
      await server.close();
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('related-news serve: static files', () => {
  let server;
  let root;
  before(async () => {
    // A root made of links into www/, as the widget's e2e tests serve it, plus a wasm file of our own.
    root = await mkdtemp(join(tmpdir(), 'related-news-serve-root-'));
    for (const name of await readdir(WWW)) await symlink(join(WWW, name), join(root, name));
    await writeFile(join(root, 'tiny.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    server = await startServe({ root, manifest: MANIFEST });
  });
  after(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  test('files, folders, content types, HEAD and the manifest', async () => {
    const home = await fetch(`${server.url}/`);
    assert.equal(home.status, 200);
    assert.match(home.headers.get('content-type'), /^text\/html/);
    assert.equal(home.headers.get('cache-control'), 'no-cache');
    const wasm = await fetch(`${server.url}/tiny.wasm`);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.equal((await wasm.arrayBuffer()).byteLength, 8);
    const manifest = await fetch(`${server.url}/manifest.json`);
    assert.equal(manifest.headers.get('content-type'), 'application/json');
    assert.equal((await manifest.json()).topics.length, TOPICS.length);
    const head = await rawRequest(server.url, '/site.css', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.match(head.headers['content-type'], /^text\/css/);
    assert.ok(Number(head.headers['content-length']) > 0);
    assert.equal(head.body, '');
    const folder = await rawRequest(server.url, '/articles');
    assert.equal(folder.status, 301);
    assert.equal(folder.headers.location, '/articles/');
    assert.equal((await fetch(`${server.url}/missing.html`)).status, 404);
    assert.equal((await fetch(`${server.url}/site.css`, { method: 'DELETE' })).status, 405);
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    // One log line per request: method, path without the query, status and time; never an address or a token.
    await fetch(`${server.url}/confirm?token=${'a'.repeat(32)}`);
    const lines = server.logs().split('\n');
    assert.ok(lines.some((line) => /^related-news: GET \/healthz 200 \d+ ms$/.test(line)), server.logs());
    assert.ok(lines.some((line) => /^related-news: GET \/confirm 404 \d+ ms unknown token$/.test(line)), server.logs());
    // A submission is one line too, with what became of it, and without the address.
    const body = submission([TOPICS[0]]);
    await post(server.url, body);
    assert.ok(server.logs().split('\n').some((line) => /^related-news: POST \/api\/subscribe 202 \d+ ms pending topics=1$/.test(line)), server.logs());
    assert.ok(!server.logs().includes(body.email.split('@')[0]), 'no address in the log');
    assert.ok(!server.logs().includes('a'.repeat(32)), 'no token in the log');
  });

  test('the built widget is served as application/wasm when present', async (t) => {
    if (!existsSync(join(WWW, 'dist', 'related_news_bg.wasm'))) {
      t.skip('www/dist has no wasm (make www-dist builds it)');
      return;
    }
    const response = await fetch(`${server.url}/dist/related_news_bg.wasm`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/wasm');
  });

  test('paths that leave the root are not found', async () => {
    for (const path of ['/../Cargo.toml', '/%2e%2e/Cargo.toml', '/..%2fCargo.toml', '/articles/../../Cargo.toml', '/.git/config', '/%00']) {
      const response = await rawRequest(server.url, path);
      assert.equal(response.status, 404, path);
      assert.doesNotMatch(response.body, /\[package\]/, path);
    }
  });
});

describe('related-news subscribers export', () => {
  test('a missing database is an error (exit 1) and is not created', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'related-news-export-'));
    try {
      const db = join(dir, 'missing.sqlite');
      const { code, stdout, stderr } = runExport(db);
      assert.equal(code, 1);
      assert.equal(stdout, '');
      assert.match(stderr, /missing\.sqlite/);
      assert.equal(existsSync(db), false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
