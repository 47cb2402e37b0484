import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const root = process.argv[2], page_ = process.argv[3];
const T = { html: 'text/html', js: 'text/javascript', json: 'application/json', wasm: 'application/wasm' };
const server = createServer((q, r) => { try { const b = gzipSync(readFileSync(root + q.url.split('?')[0])); r.writeHead(200, { 'content-type': T[q.url.split('.').pop()] ?? 'x', 'content-encoding': 'gzip', 'cache-control': 'no-store' }); r.end(b); } catch { r.writeHead(404).end(); } });
await new Promise((ok) => server.listen(8133, ok));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', ...(process.env.JSF ? ['--js-flags=' + process.env.JSF] : [])] });
for (let i = 0; i < Number(process.argv[4] ?? 4); i++) {
  const ctx = await browser.newContext(); const p = await ctx.newPage();
  p.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') console.log('console', m.text()); });
  await ctx.addInitScript(() => { window.__longest = []; window.addEventListener('related-news:ready', () => { window.__first = Math.round(performance.now()); }); new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest.push(Math.round(e.startTime) + '+' + Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true }); });
  let cdp = null;
  if (process.env.PROF) { cdp = await ctx.newCDPSession(p); await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start'); }
  await p.goto('http://127.0.0.1:8133/' + page_);
  await p.waitForFunction(() => document.querySelector('[data-related-news]')?.shadowRoot?.querySelector('a[data-id]'), null, { timeout: 20000 }).catch(() => {});
  await p.waitForTimeout(200);
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const self = new Map(), total = new Map();
    for (let i = 0; i < profile.samples.length; i++) {
      const d = profile.timeDeltas[i] / 1000; let id = profile.samples[i];
      const n = byId.get(id); const k = (n.callFrame.functionName || '(anon)').slice(0, 90);
      self.set(k, (self.get(k) ?? 0) + d);
      const seen = new Set();
      while (id !== undefined) { const m = byId.get(id); const kk = (m.callFrame.functionName || '(anon)').slice(0, 90); if (!seen.has(kk)) { total.set(kk, (total.get(kk) ?? 0) + d); seen.add(kk); } id = parent.get(id); }
    }
    const want = process.env.CALLERS;
    if (want) {
      const agg = new Map();
      for (let i = 0; i < profile.samples.length; i++) {
        const d = profile.timeDeltas[i] / 1000; let id = profile.samples[i]; const chain = [];
        while (id !== undefined) { chain.push((byId.get(id).callFrame.functionName || '(anon)').replace(/::h[0-9a-f]{16}/, '').slice(0, 70)); id = parent.get(id); }
        const at = chain.findIndex((c) => c.includes(want));
        if (at >= 0) { const k = chain.slice(at, at + 5).join(' <- '); agg.set(k, (agg.get(k) ?? 0) + d); }
      }
      for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log('CALLER', v.toFixed(1), k);
    }
    console.log('SELF'); for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log('  ', v.toFixed(1), k);
    console.log('TOTAL'); for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log('  ', v.toFixed(1), k);
  }
  console.log(await p.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name.replace('related-news', 'rn') + ':' + m.startTime.toFixed(0)).join(' ') + ' RES ' + performance.getEntriesByType('resource').map((r) => `${r.name.split('/').pop().slice(0,8)} ${r.startTime.toFixed(0)}-${r.responseEnd.toFixed(0)}`).join(' ') + ' FIRST ' + (window.__first ?? '') + ' | long ' + window.__longest.join(',')));
  await ctx.close();
}
await browser.close(); server.close();
