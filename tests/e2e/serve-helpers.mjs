// Plumbing of the end-to-end tests of `related-news serve`: start the real binary on a free port with its own
// temporary database and outbox, stop it with a signal, restart it on the same files, read what it stored through
// `related-news subscribers export`, and read the e-mails it wrote.
//
// The binary is target/release/related-news (`make cli` builds it before the e2e tests); RELATED_NEWS_BIN points
// elsewhere, e.g. at a separate target directory while developing.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, '..', '..');
export const WWW = join(REPO, 'www');
export const MANIFEST = join(WWW, 'manifest.json');
export const BIN = process.env.RELATED_NEWS_BIN
  ? resolve(process.env.RELATED_NEWS_BIN)
  : join(REPO, 'target', 'release', 'related-news');

/** How long the server may take to print its address, and to exit after a signal. */
const START_TIMEOUT = 15_000;
const STOP_TIMEOUT = 20_000;
/** The server's log is kept for assertions and failure reports, up to this many characters. */
const MAX_LOG_CHARS = 2_000_000;

/** The topic ids of a manifest (www/manifest.json unless told), read rather than hard-coded. */
export function topicIds(manifest = MANIFEST) {
  return JSON.parse(readFileSync(manifest, 'utf8')).topics.map((t) => t.id);
}

/**
 * Parses RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; lines end with CRLF or LF.
 * Returns an array of rows, each an array of strings.
 */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Runs `related-news subscribers export`; resolves with { code, stdout, stderr }. */
export function runExport(db, status = 'all') {
  const result = spawnSync(BIN, ['subscribers', 'export', '--db', db, '--status', status], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The export as objects keyed by the header row. */
export function exportRows(db, status = 'all') {
  const { code, stdout, stderr } = runExport(db, status);
  if (code !== 0) throw new Error(`subscribers export exited with ${code}: ${stderr}`);
  const [header, ...rows] = parseCsv(stdout);
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

/**
 * A raw HTTP request through node:http, which sends the path exactly as given (fetch would resolve "/../x"
 * and "/%2e%2e/x" before sending). Resolves with { status, headers, body }.
 */
export function rawRequest(url, path, { method = 'GET', headers = {}, body } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise((ok, fail) => {
    const req = httpRequest({ host: hostname, port, path, method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Spawns one server process and waits for the address it prints. */
function launch(args, logs) {
  const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = (chunk) => {
    if (logs.text.length < MAX_LOG_CHARS) logs.text += chunk;
  };
  child.stderr.setEncoding('utf8');
  // Always drained: a server whose stderr pipe fills up would block on its next log line.
  child.stderr.on('data', log);
  child.stdout.setEncoding('utf8');
  const exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  const url = new Promise((ok, fail) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error(`no address within ${START_TIMEOUT} ms; log:\n${logs.text}`)), START_TIMEOUT);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      log(chunk);
      const match = stdout.match(/http:\/\/[^\s/]+/);
      if (match) {
        clearTimeout(timer);
        ok(match[0]);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`related-news serve exited (${code ?? signal}) before serving; log:\n${logs.text}`));
    });
  });
  return { child, exited, url };
}

/**
 * Starts `related-news serve` on 127.0.0.1 and a free port, with a database and an outbox in a new temporary
 * folder. Resolves with { url, db, outbox, dir, process, stop(signal), restart(), exportCsv(status),
 * readOutbox(), close(), logs() }: stop resolves with the exit code, restart with the new URL (the same port when
 * it is free), exportCsv with the rows as objects keyed by the header, readOutbox with [{ file, text }], close
 * stops the server and removes the folder, and logs returns everything the server printed.
 */
export async function startServe({ root = WWW, manifest, rateLimit = 0, allowOrigins = [], extraArgs = [] } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'related-news-serve-'));
  const db = join(dir, 'subscribers.sqlite');
  const outbox = join(dir, 'outbox');
  const manifestPath = manifest ?? join(root, 'manifest.json');
  const logs = { text: '' };
  const argsFor = (addr) => [
    'serve',
    '--root', root,
    '--manifest', manifestPath,
    '--db', db,
    '--outbox', outbox,
    '--addr', addr,
    '--rate-limit', String(rateLimit),
    ...allowOrigins.flatMap((origin) => ['--allow-origin', origin]),
    ...extraArgs,
  ];
  let current = launch(argsFor('127.0.0.1:0'), logs);
  let url;
  try {
    url = await current.url;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const handle = {
    url,
    db,
    outbox,
    dir,
    process: current.child,
    logs: () => logs.text,
    /** Sends `signal` and resolves with the exit code (null when a signal killed it). */
    async stop(signal = 'SIGTERM') {
      const { child, exited } = current;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      let timer;
      const timeout = new Promise((_, fail) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          fail(new Error(`related-news serve did not exit within ${STOP_TIMEOUT} ms of ${signal}; log:\n${logs.text}`));
        }, STOP_TIMEOUT);
      });
      try {
        const { code } = await Promise.race([exited, timeout]);
        return code;
      } finally {
        clearTimeout(timer);
      }
    },
    /** Stops the server if it runs and starts it again on the same files: the same port when it is free. */
    async restart() {
      await handle.stop();
      const port = new URL(handle.url).port;
      current = launch(argsFor(`127.0.0.1:${port}`), logs);
      try {
        handle.url = await current.url;
      } catch {
        current = launch(argsFor('127.0.0.1:0'), logs);
        handle.url = await current.url;
      }
      handle.process = current.child;
      return handle.url;
    },
    exportCsv(status = 'all') {
      return exportRows(db, status);
    },
    /** The .eml files of the outbox, oldest first: [{ file, text }]. */
    async readOutbox() {
      let names;
      try {
        names = await readdir(outbox);
      } catch (error) {
        if (error.code === 'ENOENT') return [];
        throw error;
      }
      const files = names.filter((name) => name.endsWith('.eml') && !name.startsWith('.')).sort();
      return Promise.all(files.map(async (file) => ({ file, text: await readFile(join(outbox, file), 'utf8') })));
    },
    async close() {
      try {
        await handle.stop();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
  return handle;
}

let counter = 0;

/** A valid JSON submission with a fresh address and key; `overrides` replace fields. */
export function submission(topics, overrides = {}) {
  counter += 1;
  const n = `${process.pid}-${Date.now()}-${counter}`;
  return {
    email: `reader-${n}@example.org`,
    topics,
    types: ['news'],
    lang: 'en',
    page_url: 'https://news.example/articles/one.html',
    consent: true,
    idempotency_key: `key-${n}`,
    ...overrides,
  };
}

/** POSTs JSON (or a string body with its own type) to /api/subscribe; resolves with { status, headers, json }. */
export async function post(url, body, { contentType = 'application/json', headers = {} } = {}) {
  const response = await fetch(`${url}/api/subscribe`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: the status says enough.
  }
  return { status: response.status, headers: response.headers, json, text };
}
