// Takes the README's screenshot: the end of a demo article and its related-articles panel, in headless Chromium.
// Usage: node scripts/screenshot.mjs [out.png] [article-id] [light|dark]   (after `make www-dist`)
import { chromium } from 'playwright-core';
import { serveStatic } from './serve.mjs';

const [out = 'docs/screenshot.png', article = 'kerry-basel-2014', scheme = 'light'] = process.argv.slice(2);
const { server, url } = await serveStatic({ root: 'www' });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 800 }, colorScheme: scheme, deviceScaleFactor: 1 });
  await page.goto(`${url}/articles/${article}.html`);
  const host = page.locator('[data-related-news]');
  await host.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-related-news]')?.shadowRoot?.querySelector('ul'));
  const box = await host.boundingBox();
  await page.screenshot({ path: out, clip: { x: 0, y: Math.max(0, box.y - 140), width: 900, height: Math.min(box.height + 160, 760) } });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  server.close();
}
