//! The panel's stylesheet: lives in the shadow root, so nothing leaks into the host page or in from it, and hosts
//! restyle it through `--related-news-*` custom properties and `::part()`.

/// The related-articles panel's dark colours, written once for `theme="dark"` and for `theme="auto"` under a dark preference.
macro_rules! dark_palette {
    () => {
        r#"
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
"#
    };
}

pub const PANEL_CSS: &str = concat!(
    r#"
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
"#,
    ".panel.theme-dark {",
    dark_palette!(),
    "}\n@media (prefers-color-scheme: dark) {\n  .panel.theme-auto {",
    dark_palette!(),
    "  }\n}\n",
    r#"h2, h3 {
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
.loading { min-height: calc(var(--rows, 5) * 2.9em + 2.2em); }
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
"#,
);

/// The subscription panel's colours, light and dark, as `dark_palette!` sets the others.
#[cfg(feature = "subscribe-panel")]
macro_rules! form_dark_palette {
    () => {
        r#"
  --_error: var(--related-news-error-color, #ff8a80);
  --_success: var(--related-news-success-color, #81c995);
  --_field-bg: var(--related-news-field-background, #0f131a);
  --_button-bg: var(--related-news-button-background, #8ab4f8);
  --_button-fg: var(--related-news-button-color, #0b1220);
"#
    };
}

/// The subscription panel's own rules, in a stylesheet of their own beside [`PANEL_CSS`]: only the subscription
/// module carries them, so the page that never shows a form does not download them.
#[cfg(feature = "subscribe-panel")]
pub const SUBSCRIBE_CSS: &str = concat!(
    ".panel {\n",
    r#"  --_error: var(--related-news-error-color, #b3261e);
  --_success: var(--related-news-success-color, #1e6b35);
  --_field-bg: var(--related-news-field-background, #fff);
  --_button-bg: var(--related-news-button-background, #0b57b0);
  --_button-fg: var(--related-news-button-color, #fff);
"#,
    "}\n.panel.theme-dark {",
    form_dark_palette!(),
    "}\n@media (prefers-color-scheme: dark) {\n  .panel.theme-auto {",
    form_dark_palette!(),
    "  }\n}\n",
    r#"fieldset { border: 0; margin: 0 0 1rem; padding: 0; min-width: 0; }
legend { font-weight: 600; margin: 0 0 0.4em; padding: 0; }
.choices { display: flex; flex-wrap: wrap; gap: 0.35rem 1.1rem; }
.choice, .consent-row { display: inline-flex; align-items: flex-start; gap: 0.4em; cursor: pointer; }
.choice input, .consent-row input { margin: 0.2em 0 0; accent-color: var(--_link); flex: none; }
.field { margin: 0 0 1rem; display: grid; gap: 0.3em; }
.field > label { font-weight: 600; }
input[type="email"] {
  font: inherit; color: var(--_fg); background: var(--_field-bg);
  border: 1px solid var(--_border); border-radius: 4px; padding: 0.45em 0.6em; max-width: 28rem; width: 100%;
  box-sizing: border-box;
}
input:focus-visible, button:focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; }
input[aria-invalid="true"] { border-color: var(--_error); }
.consent-row label { font-size: 0.9em; }
.privacy { font-size: 0.9em; color: var(--_link); }
button {
  font: inherit; font-weight: 600; cursor: pointer; border: 0; border-radius: 4px; padding: 0.55em 1.3em;
  color: var(--_button-fg); background: var(--_button-bg);
}
button[aria-disabled="true"] { opacity: 0.6; cursor: progress; }
.error { color: var(--_error); font-size: 0.9em; margin: 0.3em 0 0; }
.error:empty { margin: 0; }
.status { margin: 0.75rem 0 0; }
.status.sent { color: var(--_success); }
.status.queued { color: var(--_fg); }
.status.error { color: var(--_error); }
.subscribe { position: relative; }
.subscribe a { display: inline; }
.hp { position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden; }
.intro { margin: 0 0 0.6em; color: var(--_muted); }
.feeds { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; }
.feeds a { display: inline; }
"#,
);
