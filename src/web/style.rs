//! The subscription form's stylesheet, beside the panels' own (`PANEL_CSS` in `src/js/render.js`, which the
//! related-articles panel's renderer adopts): both live in the shadow root, so nothing leaks into the host page or in
//! from it, and hosts restyle them through `--related-news-*` custom properties and `::part()`.

/// The subscription panel's colours, light and dark, as `DARK_PALETTE` in `src/js/render.js` sets the others.
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

/// The subscription panel's own rules, in a stylesheet of their own beside the panels' (`PANEL_CSS`): only the subscription
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
.hp { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.intro { margin: 0 0 0.6em; color: var(--_muted); }
.feeds { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; }
.feeds a { display: inline; }
"#,
);
