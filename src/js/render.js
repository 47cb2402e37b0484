// The related-articles panel's rendering: the view model the engine decided (src/view.rs, handed over as a plain
// object by src/web/panel.rs) copied into the panel's shadow root, its links' clicks announced to the host page, and
// their dates written in the reader's language. The panel's flow (src/js/panel.js) calls it; building the DOM here
// rather than through web-sys keeps that code out of the wasm every page view downloads. Nodes are made with
// createElement and given text with textContent only: data from an index never passes through an HTML parser.
// Nothing here throws into the host page: the flow catches what these throw.

/** The related-articles panel's dark colours, for `theme: "dark"` and for `theme: "auto"` under a dark preference. */
const DARK_PALETTE = `
  --_fg: var(--related-news-color, #e7eaf0);
  --_muted: var(--related-news-muted-color, #a7afbd);
  --_link: var(--related-news-link-color, #8ab4f8);
  --_border: var(--related-news-border-color, #3a4150);
  --_focus: var(--related-news-focus-color, #8ab4f8);
  --_skeleton: var(--related-news-skeleton-color, #2b3140);
  /* The host page may be light whatever the reader prefers: dark text colours bring their own surface. */
  --_bg: var(--related-news-background, #161b24);
  --_padding: var(--related-news-padding, 1rem 1.25rem);
  --_radius: var(--related-news-radius, 8px);
`;

/**
 * The panels' stylesheet. It lives in the shadow root, so nothing leaks into the host page or in from it; hosts
 * restyle it through `--related-news-*` custom properties and `::part()`. The subscription panel, rendered into the
 * same shadow root, uses these rules and adds its own (SUBSCRIBE_CSS in src/web/style.rs).
 */
export const PANEL_CSS = `
:host { display: block; }
:host([hidden]) { display: none; }
.panel {
  --_fg: var(--related-news-color, #1c2330);
  --_muted: var(--related-news-muted-color, #5b6475);
  --_bg: var(--related-news-background, transparent);
  --_link: var(--related-news-link-color, #0b57b0);
  --_border: var(--related-news-border-color, #d9dee7);
  --_focus: var(--related-news-focus-color, #1a73e8);
  --_skeleton: var(--related-news-skeleton-color, #eceff4);
  --_padding: var(--related-news-padding, 1rem 0 0);
  --_radius: var(--related-news-radius, 0);
  box-sizing: border-box;
  font-family: var(--related-news-font-family, inherit);
  font-size: var(--related-news-font-size, 1rem);
  line-height: 1.4;
  color: var(--_fg);
  background: var(--_bg);
  border-top: var(--related-news-border-width, 1px) solid var(--_border);
  border-radius: var(--_radius);
  padding: var(--_padding);
  margin: var(--related-news-margin, 2rem 0);
  text-align: start;
}
.panel.theme-dark {${DARK_PALETTE}}
@media (prefers-color-scheme: dark) {
  .panel.theme-auto {${DARK_PALETTE}  }
}
h2, h3 {
  font-size: var(--related-news-heading-size, 1.15em);
  font-weight: 700;
  margin: 0 0 0.6em;
  color: var(--related-news-heading-color, var(--_fg));
}
h3 { font-size: var(--related-news-subheading-size, 1em); margin-top: 1.2em; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--related-news-gap, 0.75rem); }
a {
  display: flex;
  gap: 0.75rem;
  align-items: flex-start;
  color: var(--_link);
  text-decoration: none;
  border-radius: 4px;
}
a:hover .title { text-decoration: underline; }
a:focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; }
.text { display: flex; flex-direction: column; gap: 0.15em; min-width: 0; }
.title { font-weight: 600; overflow-wrap: anywhere; }
time, .summary { color: var(--_muted); font-size: 0.85em; }
.summary { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
img {
  flex: none;
  width: var(--related-news-thumbnail-width, 96px);
  height: auto;
  aspect-ratio: 16 / 10;
  object-fit: cover;
  border-radius: var(--related-news-thumbnail-radius, 4px);
  background: var(--_skeleton);
}
.loading { min-height: calc(var(--rows, 5) * var(--row, 2.9em) + 2.2em); }
.loading .bar { height: 1.1em; margin: 0 0 1.8em; border-radius: 4px; background: var(--_skeleton); }
.loading .bar:first-child { width: 40%; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
@media (prefers-reduced-motion: no-preference) {
  .loading .bar { animation: pulse 1.2s ease-in-out infinite alternate; }
  @keyframes pulse { from { opacity: 1; } to { opacity: 0.45; } }
}
`;

/** The panels' stylesheet, parsed once and adopted by every panel's shadow root (null where it cannot be made). */
let panelSheet;

/**
 * Gives the shadow root the panels' stylesheet unless it has it already. A constructed stylesheet, adopted by the
 * shadow root, is not inline style: it keeps the panel styled under a `style-src 'self'` Content Security Policy,
 * which blocks a `<style>` element. Browsers without constructable stylesheets get a `<style>` element, which
 * `clearPanel` keeps.
 */
function ensureStylesheet(shadow) {
  if (panelSheet === undefined) {
    try {
      panelSheet = new CSSStyleSheet();
      panelSheet.replaceSync(PANEL_CSS);
    } catch {
      panelSheet = null;
    }
  }
  if (panelSheet && 'adoptedStyleSheets' in shadow) {
    if (!shadow.adoptedStyleSheets.includes(panelSheet)) shadow.adoptedStyleSheets = [panelSheet, ...shadow.adoptedStyleSheets];
  } else if (!shadow.querySelector('style.panel-style')) {
    const style = element('style', 'panel-style');
    style.textContent = PANEL_CSS;
    shadow.prepend(style);
  }
}

/** Abbreviated month names as a date of the medium style writes them, January first. */
const MONTHS = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  ru: ['янв.', 'февр.', 'мар.', 'апр.', 'мая', 'июн.', 'июл.', 'авг.', 'сент.', 'окт.', 'нояб.', 'дек.'],
  uk: ['січ.', 'лют.', 'бер.', 'квіт.', 'трав.', 'черв.', 'лип.', 'серп.', 'вер.', 'жовт.', 'лист.', 'груд.'],
  az: ['yan', 'fev', 'mar', 'apr', 'may', 'iyn', 'iyl', 'avq', 'sen', 'okt', 'noy', 'dek'],
};

/**
 * A day as the panel shows it in `language` (a primary subtag): the text `Intl.DateTimeFormat` gives with
 * `dateStyle: "medium"` (Unicode CLDR's medium date), written here for the languages the panel has labels in, and
 * undefined for other languages, which the browser formats: its first use of `Intl` took 22-82 ms in Chromium, a
 * long task a page of these languages does not pay. `month` runs from 1 to 12.
 */
export function mediumDate(year, month, day, language) {
  const names = MONTHS[language];
  if (names) {
    const name = names[month - 1];
    if (name === undefined) return undefined;
    if (language === 'en') return `${name} ${day}, ${year}`;
    if (language === 'ru') return `${day} ${name} ${year} г.`;
    if (language === 'uk') return `${day} ${name} ${year} р.`;
    return `${day} ${name} ${year}`;
  }
  if (language === 'lt') return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return undefined;
}

/**
 * The text of a date for `lang` (a tag; `primary` its primary subtag): the day in UTC for a date alone (or a reader
 * west of Greenwich would see the day before), else the reader's own day. Undefined when it cannot be written.
 */
export function formatDate(millis, dateOnly, lang, primary, formatters = new Map()) {
  const date = new Date(millis);
  if (Number.isNaN(date.getTime())) return undefined;
  const [year, month, day] = dateOnly
    ? [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]
    : [date.getFullYear(), date.getMonth() + 1, date.getDate()];
  const own = year >= 0 ? mediumDate(year, month, day, primary) : undefined;
  if (own !== undefined) return own;
  const key = dateOnly ? 'date' : 'time';
  if (!formatters.has(key)) {
    const options = dateOnly ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium' };
    let formatter;
    try {
      formatter = new Intl.DateTimeFormat(lang || undefined, options);
    } catch {
      // An unusable locale: the browser's own.
      formatter = new Intl.DateTimeFormat(undefined, options);
    }
    formatters.set(key, formatter);
  }
  return formatters.get(key).format(date);
}

/**
 * What each panel's shadow root holds beside its nodes: its click listener, its listener for thumbnails that fail to
 * load, its dates' pending task, its links.
 */
const panels = new WeakMap();

function element(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

/** A panel's `<section>`: its class and `part`, and its language (when the engine found it a tag) and direction. */
function section(theme, lang, rtl) {
  const node = element('section', `panel theme-${theme}`);
  node.setAttribute('part', 'panel');
  if (lang) node.setAttribute('lang', lang);
  node.setAttribute('dir', rtl ? 'rtl' : 'ltr');
  return node;
}

/** Removes the panel's nodes from the shadow root, and cancels its dates' task. Its stylesheet stays. */
export function clearPanel(shadow) {
  const state = panels.get(shadow);
  if (state) {
    clearTimeout(state.dates);
    state.links = new WeakMap();
  }
  for (const child of Array.from(shadow.childNodes)) {
    if (!(child instanceof HTMLStyleElement && child.classList.contains('panel-style'))) child.remove();
  }
}

/**
 * One listener on the shadow root for every link: it announces the click to the host page with
 * `related-news:click` (the link's id, URL, position, score and list) before the browser follows the link. A host
 * that cancels the event keeps the reader on the page.
 */
function listen(shadow) {
  const state = { links: new WeakMap(), dates: undefined, click: undefined, brokenImage: undefined };
  state.click = (event) => {
    const anchor = event.target instanceof Element ? event.target.closest('a[data-id]') : null;
    const detail = anchor && state.links.get(anchor);
    if (!detail) return;
    const announced = shadow.host.dispatchEvent(new CustomEvent('related-news:click', { bubbles: true, composed: true, cancelable: true, detail: { ...detail } }));
    if (!announced) event.preventDefault();
  };
  shadow.addEventListener('click', state.click);
  // A thumbnail that does not load (moved, deleted, blocked) is hidden in its place: no broken-image icon in the
  // host's page, and nothing moves. An image's error does not bubble: it is caught on its way down.
  state.brokenImage = (event) => {
    if (event.target instanceof HTMLImageElement) event.target.style.setProperty('visibility', 'hidden');
  };
  shadow.addEventListener('error', state.brokenImage, true);
  panels.set(shadow, state);
  return state;
}

/** Takes the panel out of the shadow root for good: its nodes, its listener, its pending task. */
export function releasePanel(shadow) {
  clearPanel(shadow);
  const state = panels.get(shadow);
  if (state) {
    shadow.removeEventListener('click', state.click);
    shadow.removeEventListener('error', state.brokenImage, true);
  }
  panels.delete(shadow);
}

/**
 * Shows a placeholder as tall as the panel will probably be (`rows` links of about `rowEm` each), so the host page does
 * not jump when it arrives, and starts listening for clicks on the panel's links.
 */
export function renderLoading(shadow, theme, lang, rtl, rows, label, rowEm = 2.9) {
  if (!panels.has(shadow)) listen(shadow);
  clearPanel(shadow);
  const node = section(theme, lang, rtl);
  node.classList.add('loading');
  node.setAttribute('aria-busy', 'true');
  node.style.setProperty('--rows', String(rows));
  node.style.setProperty('--row', `${rowEm}em`);
  const status = element('span', 'visually-hidden');
  status.textContent = label;
  node.append(status);
  for (let bar = 0; bar < 3; bar++) {
    const line = element('div', 'bar');
    line.setAttribute('aria-hidden', 'true');
    node.append(line);
  }
  ensureStylesheet(shadow);
  shadow.append(node);
}

function linkItem(link, list) {
  const item = element('li');
  const anchor = element('a');
  anchor.setAttribute('href', link.href);
  anchor.setAttribute('part', list === 'related' ? 'related-link' : 'more-link');
  anchor.setAttribute('data-id', link.id);
  if (link.external) anchor.setAttribute('rel', 'noopener noreferrer');
  if (link.lang) {
    anchor.setAttribute('lang', link.lang);
    anchor.setAttribute('hreflang', link.lang);
  }
  if (link.image) {
    const img = element('img');
    img.setAttribute('src', link.image.src);
    img.setAttribute('alt', '');
    img.setAttribute('loading', 'lazy');
    img.setAttribute('decoding', 'async');
    img.setAttribute('part', 'thumbnail');
    if (link.image.width !== undefined) {
      img.setAttribute('width', String(link.image.width));
      img.setAttribute('height', String(link.image.height));
      img.style.setProperty('aspect-ratio', `${link.image.width} / ${link.image.height}`);
    }
    anchor.append(img);
  }
  const text = element('span', 'text');
  const title = element('span', 'title');
  // A title or summary in another language than the panel's takes its own direction (English in an Arabic panel):
  // the panel's would put its final punctuation on the wrong side.
  const own = link.lang ? 'auto' : '';
  title.dir = own;
  title.textContent = link.title;
  text.append(title);
  if (link.date !== undefined && link.dateMillis !== undefined) {
    // The day as the index gives it (YYYY-MM-DD) until the dates' task writes it in the reader's language: the
    // browser's date formatting loads its locale data the first time it is used, which took longer than ranking and
    // rendering together, so it runs after the links are shown. The date has a line of its own, so the change
    // moves nothing.
    const time = element('time');
    time.setAttribute('datetime', link.date);
    time.textContent = link.date.slice(0, 10);
    text.append(time);
  }
  if (link.summary !== undefined) {
    const summary = element('span', 'summary');
    summary.dir = own;
    summary.textContent = link.summary;
    text.append(summary);
  }
  anchor.append(text);
  item.append(anchor);
  return [item, anchor];
}

function linkList(links, list, labelledBy, state, dated) {
  const node = element('ul');
  node.setAttribute('part', list);
  node.setAttribute('aria-labelledby', labelledBy);
  for (const link of links) {
    const [item, anchor] = linkItem(link, list);
    node.append(item);
    state.links.set(anchor, { id: link.id, url: link.href, position: link.position, score: link.score, list });
    if (link.dateMillis !== undefined) dated.push([anchor, link]);
  }
  return node;
}

/**
 * Renders the panel's view (src/web/panel.rs makes it from the view model): its heading, the related links, and
 * "More news". The links' dates are written in the panel's language in a task of their own, after the links show.
 */
export function renderPanel(shadow, view) {
  const state = panels.get(shadow) ?? listen(shadow);
  clearPanel(shadow);
  const node = section(view.theme, view.lang, view.rtl);
  const dated = [];
  // Ids are scoped to this shadow root, so several panels on one page do not clash.
  const related = view.related.length > 0;
  const firstId = related ? 'related-heading' : 'more-heading';
  node.setAttribute('aria-labelledby', firstId);
  const heading = element('h2');
  heading.id = firstId;
  heading.setAttribute('part', 'heading');
  heading.textContent = related ? view.heading : view.moreHeading;
  node.append(heading);
  if (related) {
    node.append(linkList(view.related, 'related', 'related-heading', state, dated));
    if (view.more.length > 0) {
      const more = element('h3');
      more.id = 'more-heading';
      more.setAttribute('part', 'more-heading');
      more.textContent = view.moreHeading;
      node.append(more);
    }
  }
  if (view.more.length > 0) node.append(linkList(view.more, 'more', 'more-heading', state, dated));
  ensureStylesheet(shadow);
  shadow.append(node);
  state.dates = setTimeout(() => {
    const formatters = new Map();
    for (const [anchor, link] of dated) {
      try {
        const shown = formatDate(link.dateMillis, link.dateOnly, view.lang, view.primaryLang, formatters);
        const time = anchor.querySelector('time');
        if (time && shown !== undefined) time.textContent = shown;
      } catch {
        // A date the browser cannot write stays as the index gives it.
      }
    }
  }, 0);
}
