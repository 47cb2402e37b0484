#!/usr/bin/env node
// A synthetic archive of distinct articles made from the sample corpus: each article is new text generated, word by
// word, from the word pairs of one story's items (falling back to its category's pairs 30% of the time), so stories
// form clusters, vocabulary and term frequencies are the corpus's own, and no two articles are copies.
// Usage: node scripts/synthetic_archive.mjs COUNT SEED OUT.json   (a JSON Feed; ids s{SEED}-{n}, dates over 20 years,
// addresses of a real site's length)
// A million articles: two feeds of 500,000 (seeds 1 and 2; one string of JSON is limited to about 512 MB in Node),
// built together: related-news build a.json b.json --out-dir DIR -v. Needs ../shared/corpus.
import { readFileSync, writeFileSync } from 'node:fs';
const [count, seed, out] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
let state = seed >>> 0 || 1;
const random = () => { state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0; return state / 4294967296; };
const pick = (list) => list[Math.floor(random() * list.length)];
const rows = readFileSync(new URL('../../shared/corpus/wikipedia-current-events.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
function model(texts) {
  const next = new Map();
  const starts = [];
  for (const text of texts) {
    for (const sentence of text.split(/(?<=[.!?])\s+/)) {
      const words = sentence.split(/\s+/).filter(Boolean);
      if (words.length < 4) continue;
      starts.push(words[0]);
      for (let i = 0; i < words.length; i++) {
        const key = words[i];
        if (!next.has(key)) next.set(key, []);
        next.get(key).push(words[i + 1] ?? null);
      }
    }
  }
  return { next, starts };
}
const byStory = new Map(); const byCategory = new Map();
for (const r of rows) {
  const story = (r.story_path ?? []).at(-1) ?? r.category;
  if (!byStory.has(story)) byStory.set(story, []);
  byStory.get(story).push(r);
  if (!byCategory.has(r.category)) byCategory.set(r.category, []);
  byCategory.get(r.category).push(r);
}
const categoryModels = new Map([...byCategory].map(([c, items]) => [c, model(items.map((r) => r.text))]));
const stories = [...byStory].map(([name, items]) => ({ name, items, model: model(items.map((r) => r.text)), category: categoryModels.get(items[0].category) }));
function sentence(story, minWords, maxWords) {
  let word = pick(story.model.starts.length ? story.model.starts : story.category.starts);
  const words = [word];
  while (words.length < maxWords) {
    const own = story.model.next.get(word);
    const wide = story.category.next.get(word);
    const choices = own && (random() > 0.3 || !wide) ? own : wide ?? own;
    if (!choices) break;
    let following = pick(choices);
    // A sentence ending too early takes another way on when there is one.
    if (following === null && words.length < minWords) following = pick(choices.filter((w) => w !== null).concat(wide ?? []).filter((w) => w !== null)) ?? null;
    if (following === null || following === undefined) break;
    words.push(following);
    word = following;
  }
  const text = words.join(' ');
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
const items = [];
const start = Date.parse('2026-11-30T00:00:00Z');
for (let n = 0; n < count; n++) {
  const story = pick(stories);
  const source = pick(story.items);
  const title = sentence(story, 6, 18).replace(/[.!?]$/, '');
  const body = Array.from({ length: 1 + Math.floor(random() * 4) }, () => sentence(story, 8, 40)).join(' ');
  const id = `s${seed}-${n}`;
  const date = new Date(start - Math.floor(random() * 20 * 365) * 86400000).toISOString();
  // An address of a real news site's length (a dated path and a slug of the title, 60 to 90 characters): the index
  // keys articles by their addresses and records carry them, so short ones would flatter its sizes.
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  const url = `https://news.example/news/${date.slice(0, 10).replaceAll('-', '/')}/${slug}-${n}`;
  items.push({ id, url, title, content_text: body, date_published: date, tags: source.wiki_links ?? [], language: 'en' });
}
writeFileSync(out, JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Synthetic archive', home_page_url: 'https://news.example/', items }));
console.log(out, items.length);
