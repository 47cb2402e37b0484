//! Rendering the related-articles panel's view model into the shadow root, with the DOM helpers of `dom`: manifest
//! data never passes through an HTML parser.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, ShadowRoot};

use super::dom::{self, clear, element, ensure_stylesheet, set, set_style};
use crate::{date, lang};
use crate::options::Theme;
use crate::view::{labels, LinkView, PanelView};

fn section(document: &Document, theme: Theme, lang: &str, rtl: bool) -> Result<Element, JsValue> {
    dom::section(document, &format!("panel theme-{}", theme.as_str()), "panel", lang, rtl)
}

/// Shows a placeholder as tall as the panel will probably be, so the host page does not jump when it arrives.
pub fn render_loading(shadow: &ShadowRoot, document: &Document, theme: Theme, lang: &str, rtl: bool, rows: usize) -> Result<(), JsValue> {
    clear(shadow);
    let section = section(document, theme, lang, rtl)?;
    section.set_class_name(&format!("{} loading", section.class_name()));
    set(&section, "aria-busy", "true")?;
    set_style(&section, "--rows", &rows.to_string())?;
    let status = element(document, "span", "visually-hidden")?;
    status.set_text_content(Some(labels(lang).loading));
    section.append_child(&status)?;
    for _ in 0..3 {
        let bar = element(document, "div", "bar")?;
        set(&bar, "aria-hidden", "true")?;
        section.append_child(&bar)?;
    }
    ensure_stylesheet(shadow, document)?;
    shadow.append_child(&section)?;
    Ok(())
}

/// Formats dates for one panel's language: the panel's own languages by `date::medium_date`, others with
/// `Intl.DateTimeFormat`, made once per kind of date and reused for every link. Made through `Reflect`, so a bad
/// locale is an error value, not a throw. Date-only values are shown in UTC, or a reader west of Greenwich would see
/// the day before.
struct DateFormats {
    lang: String,
    /// Its primary subtag, which `date::medium_date` takes.
    primary: String,
    /// The formatters' `format` functions, for date-only values and for times, made when first needed.
    date_only: Option<Option<js_sys::Function>>,
    with_time: Option<Option<js_sys::Function>>,
}

impl DateFormats {
    fn new(lang: &str) -> Self {
        DateFormats { lang: lang.to_string(), primary: lang::primary(lang), date_only: None, with_time: None }
    }

    fn format(&mut self, millis: f64, date_only: bool) -> Option<String> {
        // The panel's own languages are written without `Intl` (see `date::medium_date`): the day in UTC for a
        // date alone, as below, else the reader's own day.
        let offset_minutes = if date_only { 0.0 } else { js_sys::Date::new(&JsValue::from_f64(millis)).get_timezone_offset() };
        let local_days = ((millis - offset_minutes * 60_000.0) / 86_400_000.0).floor();
        if local_days.is_finite() {
            let (year, month, day) = date::civil_from_days(local_days as i64);
            let text = u32::try_from(year).ok().and_then(|year| date::medium_date(year, month, day, &self.primary));
            if let Some(text) = text {
                return Some(text);
            }
        }
        let slot = if date_only { &mut self.date_only } else { &mut self.with_time };
        let format = slot.get_or_insert_with(|| date_formatter(&self.lang, date_only)).clone()?;
        let date = js_sys::Date::new(&JsValue::from_f64(millis));
        format.call1(&JsValue::NULL, &date).ok()?.as_string()
    }
}

/// A new `Intl.DateTimeFormat`'s `format` function for `lang` (the browser's own locale when `lang` is unusable).
fn date_formatter(lang: &str, date_only: bool) -> Option<js_sys::Function> {
    let options = Object::new();
    Reflect::set(&options, &"dateStyle".into(), &"medium".into()).ok()?;
    if date_only {
        Reflect::set(&options, &"timeZone".into(), &"UTC".into()).ok()?;
    }
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor = Reflect::get(&intl, &"DateTimeFormat".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let locale: JsValue = if lang::is_tag(lang) { lang.into() } else { JsValue::UNDEFINED };
    let formatter = Reflect::construct(&constructor, &Array::of2(&locale, &options))
        .or_else(|_| Reflect::construct(&constructor, &Array::of2(&JsValue::UNDEFINED, &options)))
        .ok()?;
    // `format` is a getter that returns a function bound to its formatter.
    Reflect::get(&formatter, &"format".into()).ok()?.dyn_into::<js_sys::Function>().ok()
}

fn link_item(document: &Document, link: &LinkView) -> Result<(Element, Element), JsValue> {
    let item = element(document, "li", "")?;
    let anchor = element(document, "a", "")?;
    set(&anchor, "href", &link.href)?;
    set(&anchor, "part", link.kind.part())?;
    set(&anchor, "data-id", &link.id)?;
    if link.external {
        set(&anchor, "rel", "noopener noreferrer")?;
    }
    if let Some(lang) = link.lang.as_deref().filter(|l| lang::is_tag(l)) {
        set(&anchor, "lang", lang)?;
        set(&anchor, "hreflang", lang)?;
    }
    if let Some(image) = &link.image {
        let img = element(document, "img", "")?;
        set(&img, "src", &image.src)?;
        set(&img, "alt", "")?;
        set(&img, "loading", "lazy")?;
        set(&img, "decoding", "async")?;
        set(&img, "part", "thumbnail")?;
        if let Some((width, height)) = image.size {
            set(&img, "width", &width.to_string())?;
            set(&img, "height", &height.to_string())?;
            set_style(&img, "aspect-ratio", &format!("{width} / {height}"))?;
        }
        anchor.append_child(&img)?;
    }
    let text = element(document, "span", "text")?;
    let title = element(document, "span", "title")?;
    title.set_text_content(Some(&link.title));
    text.append_child(&title)?;
    if let (Some(iso), Some(_)) = (&link.date, link.date_millis) {
        // The day as the manifest gives it (YYYY-MM-DD) until `localize_dates` writes it in the reader's language:
        // the browser's date formatting loads its locale data the first time it is used, which took longer than
        // ranking and rendering together, so it runs after the links are shown. The date has a line of its own,
        // so the change moves nothing.
        let time = element(document, "time", "")?;
        set(&time, "datetime", iso)?;
        time.set_text_content(Some(iso.get(..10).unwrap_or(iso)));
        text.append_child(&time)?;
    }
    if let Some(summary) = &link.summary {
        let span = element(document, "span", "summary")?;
        span.set_text_content(Some(summary));
        text.append_child(&span)?;
    }
    anchor.append_child(&text)?;
    item.append_child(&anchor)?;
    Ok((item, anchor))
}

fn link_list(
    document: &Document,
    part: &str,
    labelled_by: &str,
    links: &[LinkView],
    anchors: &mut Vec<(Element, LinkView)>,
) -> Result<Element, JsValue> {
    let list = element(document, "ul", "")?;
    set(&list, "part", part)?;
    set(&list, "aria-labelledby", labelled_by)?;
    for link in links {
        let (item, anchor) = link_item(document, link)?;
        list.append_child(&item)?;
        anchors.push((anchor, link.clone()));
    }
    Ok(list)
}

/// Writes the rendered links' dates in the panel's language (see `link_item`).
pub fn localize_dates(links: &[(Element, LinkView)], lang: &str) {
    let mut dates = DateFormats::new(lang);
    for (anchor, link) in links {
        let Some((millis, date_only)) = link.date_millis else { continue };
        if let (Ok(Some(time)), Some(shown)) = (anchor.query_selector("time"), dates.format(millis, date_only)) {
            time.set_text_content(Some(&shown));
        }
    }
}

/// Renders the panel and returns each link element with what it stands for, for the click handler.
pub fn render_panel(shadow: &ShadowRoot, document: &Document, view: &PanelView, theme: Theme) -> Result<Vec<(Element, LinkView)>, JsValue> {
    clear(shadow);
    let section = section(document, theme, &view.lang, view.rtl)?;
    let mut anchors = Vec::new();
    // Ids are scoped to this shadow root, so several panels on one page do not clash.
    let (heading_text, first_id) = if view.related.is_empty() { (&view.more_heading, "more-heading") } else { (&view.heading, "related-heading") };
    set(&section, "aria-labelledby", first_id)?;
    let heading = element(document, "h2", "")?;
    set(&heading, "id", first_id)?;
    set(&heading, "part", "heading")?;
    heading.set_text_content(Some(heading_text));
    section.append_child(&heading)?;
    if !view.related.is_empty() {
        let list = link_list(document, "related", "related-heading", &view.related, &mut anchors)?;
        section.append_child(&list)?;
        if !view.more.is_empty() {
            let more_heading = element(document, "h3", "")?;
            set(&more_heading, "id", "more-heading")?;
            set(&more_heading, "part", "more-heading")?;
            more_heading.set_text_content(Some(&view.more_heading));
            section.append_child(&more_heading)?;
        }
    }
    if !view.more.is_empty() {
        let list = link_list(document, "more", "more-heading", &view.more, &mut anchors)?;
        section.append_child(&list)?;
    }
    ensure_stylesheet(shadow, document)?;
    shadow.append_child(&section)?;
    Ok(anchors)
}
