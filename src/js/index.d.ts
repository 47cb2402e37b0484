// Types of the related-news module API (`import { mount } from 'related-news'`). Every option may also be given as
// a string, as the data-* attributes of the script tag give it; out-of-range values are clamped with a warning.

export interface MountOptions {
  /** URL of the index: a related-news manifest or a JSON Feed 1.1. */
  manifest: string;
  /** Id or URL of the current article; by default the page's canonical URL. */
  article?: string;
  /** How many links, 1 to 20 (default 5). */
  limit?: number | string;
  /** Language of labels and dates; by default the page's `<html lang>`. */
  lang?: string;
  /** Only articles in the current article's language (default true). */
  sameLanguage?: boolean | string;
  /** Similarity threshold, 0 to 1 (default 0.08; it adapts to archives of short texts). */
  minScore?: number | string;
  /** Largest boost, 0 to 1, for articles close in time (default 0.3). */
  recency?: number | string;
  /** How many latest articles fill a short list (default: up to `limit`; 0 turns "More news" off). */
  moreNews?: number | string;
  /** Topic ids whose articles are never shown (comma- or space-separated). */
  excludeTopics?: string;
  heading?: string;
  theme?: 'auto' | 'light' | 'dark';
  /** Load at once rather than when the panel nears the viewport. */
  eager?: boolean | string;
  images?: boolean | string;
  summaries?: boolean | string;
  utmSource?: string;
  utmMedium?: string;
  utmCampaign?: string;
  /** Milliseconds to wait for the index, 500 to 60000 (default 8000). */
  timeout?: number | string;
  /** false turns the subscription panel off. */
  subscribe?: boolean | string;
  subscribeEndpoint?: string;
  subscribeFormat?: 'json' | 'form';
  subscribeFields?: string;
  subscribeTypes?: string;
  subscribeHeading?: string;
  privacyUrl?: string;
}

/** A mounted panel. */
export interface Widget {
  /** The element the panel is mounted on. */
  readonly element: Element;
  /** Removes the panel, its listeners and observer; the element is left as it was before mount(). */
  destroy(): void;
}

/**
 * Mounts a related-articles panel into `element`'s shadow root. Resolves when the panel is rendered (with `eager`)
 * or armed to load when it nears the viewport; rejects with an Error only for unusable options.
 */
export function mount(element: Element, options: MountOptions): Promise<Widget>;

/**
 * Where to load the engine (related_news_bg.wasm) from, when a bundler moved this module away from it. The
 * subscription engine (related_news_subscribe_bg.wasm) is loaded from the same folder, only for a subscription panel.
 */
export function setWasmUrl(url: string | URL): void;

/**
 * Starts loading the subscription module (related_news_subscribe_bg.wasm) ahead of need, so a panel with a
 * subscription form shows it together with the related articles. The script-tag loader calls it; optional.
 */
export function preloadSubscriptionModule(): void;
