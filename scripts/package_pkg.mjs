#!/usr/bin/env node
// Turns wasm-pack's pkg/ into the npm package `related-news`: adds the module API (src/js/index.js, with its
// types) and the script-tag loader, and makes index.js the package's entry, so a bundled site can
// `import { mount } from 'related-news'` and the package also works from a CDN as a script tag.
//
// Usage: node scripts/package_pkg.mjs   (after `wasm-pack build --out-dir pkg --out-name related_news`)
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(repo, 'pkg');
// The panel's flow (panel.js) and what it calls of the browser (browser.js, render.js) are modules of the API, which
// the engine's glue (related_news.js) does not import: the engine is synchronous and touches nothing of the page.
const API_FILES = ['index.js', 'index.d.ts', 'related-news.js', 'panel.js', 'browser.js', 'render.js'];
for (const file of API_FILES) copyFileSync(join(repo, 'src', 'js', file), join(pkg, file));

const manifestPath = join(pkg, 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
if (manifest.name !== 'related-news' || !manifest.version) {
  console.error(`pkg/package.json: expected wasm-pack's package "related-news" with a version, found ${JSON.stringify(manifest.name)}`);
  process.exit(1);
}
// The subscription module and the reader module (built with the `subscribe-panel` and `json-reader` features,
// copied in by make dist) ride along: index.js imports the first when a panel shows a subscription form, the second
// when a panel's index is a manifest or a JSON Feed, or its page is not in the index.
const subscription = ['related_news_subscribe.js', 'related_news_subscribe.d.ts', 'related_news_subscribe_bg.wasm', 'related_news_reader.js', 'related_news_reader.d.ts', 'related_news_reader_bg.wasm'];
for (const file of subscription) {
  if (!existsSync(join(pkg, file))) {
    console.error(`pkg/${file} is missing: make dist builds the subscription and reader modules into pkg/ before this script`);
    process.exit(1);
  }
}
const files = new Set([...(manifest.files ?? []), ...API_FILES, 'related_news.js', 'related_news.d.ts', 'related_news_bg.wasm', ...subscription]);
Object.assign(manifest, {
  type: 'module',
  main: 'index.js',
  module: 'index.js',
  types: 'index.d.ts',
  files: [...files].sort(),
  exports: {
    '.': { types: './index.d.ts', import: './index.js', default: './index.js' },
    './related-news.js': './related-news.js',
    './related_news_bg.wasm': './related_news_bg.wasm',
    './related_news_subscribe_bg.wasm': './related_news_subscribe_bg.wasm',
    './related_news_reader_bg.wasm': './related_news_reader_bg.wasm',
    './package.json': './package.json',
  },
  // Importing index.js only defines functions; the loader mounts panels when it runs.
  sideEffects: ['./related-news.js'],
});
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`pkg/: npm package ${manifest.name}@${manifest.version} (${manifest.files.length} files)`);
