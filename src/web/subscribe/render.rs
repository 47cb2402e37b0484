//! Rendering the subscription panel in the shadow root: the form, or the topics' feeds when there is no endpoint,
//! built with the DOM helpers of `dom`; its submit listener hands over to `submit`.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, HtmlButtonElement, HtmlInputElement, ShadowRoot};

use super::outbox;
use super::submit::{submit, PanelState, Sending, SubscribePanel};
use crate::options::Theme;
use crate::subscribe::{SubscribeMode, SubscribeView};
use crate::web::dom::{self, element, text_element};

/// A new `<input>` of a type, with its id and name.
fn input(document: &Document, kind: &str, id: &str, name: &str) -> Result<HtmlInputElement, JsValue> {
    let input: HtmlInputElement = document.create_element("input")?.dyn_into()?;
    input.set_type(kind);
    input.set_id(id);
    input.set_name(name);
    Ok(input)
}

/// An always-present, polite live region under a field: filling it in is announced, emptying it is silent.
fn error_slot(document: &Document, id: &str) -> Result<Element, JsValue> {
    let slot = element(document, "p", "error")?;
    slot.set_id(id);
    slot.set_attribute("aria-live", "polite")?;
    slot.set_attribute("part", "subscribe-error")?;
    Ok(slot)
}

fn section(document: &Document, view: &SubscribeView, theme: Theme) -> Result<Element, JsValue> {
    let class = format!("panel subscribe theme-{}", theme.as_str());
    let section = dom::section(document, &class, "subscribe-panel", &view.lang, view.rtl)?;
    section.set_attribute("aria-labelledby", "subscribe-heading")?;
    let heading = text_element(document, "h2", "", &view.heading)?;
    heading.set_id("subscribe-heading");
    heading.set_attribute("part", "subscribe-heading")?;
    section.append_child(&heading)?;
    Ok(section)
}

/// A fieldset of checkboxes named `name`, with its legend and error slot.
fn choices(document: &Document, id: &str, name: &str, legend: &str, items: &[(String, String, bool)]) -> Result<Element, JsValue> {
    let fieldset = element(document, "fieldset", "")?;
    fieldset.set_id(id);
    let error_id = format!("{id}-error");
    fieldset.set_attribute("aria-describedby", &error_id)?;
    let node = text_element(document, "legend", "", legend)?;
    fieldset.append_child(&node)?;
    let list = element(document, "div", "choices")?;
    for (i, (value, label, checked)) in items.iter().enumerate() {
        let box_id = format!("{id}-{i}");
        let checkbox = input(document, "checkbox", &box_id, name)?;
        checkbox.set_value(value);
        checkbox.set_checked(*checked);
        checkbox.set_default_checked(*checked);
        let wrapper = element(document, "label", "choice")?;
        wrapper.append_child(&checkbox)?;
        let node = text_element(document, "span", "", label)?;
        wrapper.append_child(&node)?;
        list.append_child(&wrapper)?;
    }
    fieldset.append_child(&list)?;
    let node = error_slot(document, &error_id)?;
    fieldset.append_child(&node)?;
    Ok(fieldset)
}

/// Renders the panel after the related articles. Returns the form's handle, or `None` for the feeds list.
pub(super) fn render(
    shadow: &ShadowRoot,
    document: &Document,
    host: &Element,
    view: &SubscribeView,
    theme: Theme,
    sending: Sending,
) -> Result<Option<Rc<SubscribePanel>>, JsValue> {
    let section = section(document, view, theme)?;
    let labels = view.labels;
    let (endpoint, cross_site, topics, types, privacy_href) = match &view.mode {
        SubscribeMode::Feeds(feeds) => {
            let node = text_element(document, "p", "intro", labels.feeds_intro)?;
            section.append_child(&node)?;
            let list = element(document, "ul", "feeds")?;
            list.set_attribute("part", "subscribe-feeds")?;
            for feed in feeds {
                let item = element(document, "li", "")?;
                let anchor = text_element(document, "a", "", &feed.label)?;
                anchor.set_attribute("href", &feed.href)?;
                anchor.set_attribute("part", "feed-link")?;
                anchor.set_attribute("data-topic", &feed.topic)?;
                item.append_child(&anchor)?;
                list.append_child(&item)?;
            }
            section.append_child(&list)?;
            shadow.append_child(&section)?;
            return Ok(None);
        }
        SubscribeMode::Form { endpoint, cross_site, topics, types, privacy_href } => (endpoint, *cross_site, topics, types, privacy_href),
    };

    let form = element(document, "form", "")?;
    form.set_attribute("part", "subscribe")?;
    // Our own checks run instead of the browser's bubbles, so errors sit next to fields in the reader's language.
    form.set_attribute("novalidate", "")?;
    form.set_attribute("aria-labelledby", "subscribe-heading")?;

    let topic_items: Vec<(String, String, bool)> = topics.iter().map(|t| (t.id.clone(), t.label.clone(), t.checked)).collect();
    let node = choices(document, "topics", "topics", labels.topics, &topic_items)?;
    form.append_child(&node)?;
    if !types.is_empty() {
        // Every type is ticked at first: most readers want everything about the topics they chose.
        let type_items: Vec<(String, String, bool)> = types.iter().map(|t| (t.id.clone(), t.label.clone(), true)).collect();
        let node = choices(document, "types", "types", labels.types, &type_items)?;
        form.append_child(&node)?;
    }

    let email_field = element(document, "div", "field")?;
    let email_label = text_element(document, "label", "", labels.email)?;
    email_label.set_attribute("for", "email")?;
    let email = input(document, "email", "email", "email")?;
    email.set_attribute("autocomplete", "email")?;
    email.set_attribute("inputmode", "email")?;
    email.set_attribute("spellcheck", "false")?;
    email.set_attribute("aria-describedby", "email-error")?;
    email.set_attribute("part", "subscribe-email")?;
    email.set_required(true);
    email.set_placeholder(labels.email_hint);
    email_field.append_child(&email_label)?;
    email_field.append_child(&email)?;
    let node = error_slot(document, "email-error")?;
    email_field.append_child(&node)?;
    form.append_child(&email_field)?;

    let consent_field = element(document, "div", "field consent")?;
    let consent = input(document, "checkbox", "consent", "consent")?;
    consent.set_required(true);
    consent.set_attribute("aria-describedby", "consent-error")?;
    let consent_label = text_element(document, "label", "", labels.consent)?;
    consent_label.set_attribute("for", "consent")?;
    let consent_row = element(document, "div", "consent-row")?;
    consent_row.append_child(&consent)?;
    consent_row.append_child(&consent_label)?;
    consent_field.append_child(&consent_row)?;
    if let Some(href) = privacy_href {
        let link = text_element(document, "a", "privacy", labels.privacy)?;
        link.set_attribute("href", href)?;
        link.set_attribute("part", "privacy-link")?;
        link.set_attribute("target", "_blank")?;
        link.set_attribute("rel", "noopener")?;
        consent_field.append_child(&link)?;
    }
    let node = error_slot(document, "consent-error")?;
    consent_field.append_child(&node)?;
    form.append_child(&consent_field)?;

    // The honeypot: out of sight and out of the tab order, so only form-filling bots put anything in it.
    let trap = element(document, "div", "hp")?;
    trap.set_attribute("aria-hidden", "true")?;
    let trap_label = text_element(document, "label", "", labels.honeypot)?;
    trap_label.set_attribute("for", "website")?;
    let honeypot = input(document, "text", "website", "website")?;
    honeypot.set_tab_index(-1);
    honeypot.set_attribute("autocomplete", "off")?;
    trap.append_child(&trap_label)?;
    trap.append_child(&honeypot)?;
    form.append_child(&trap)?;

    let button: HtmlButtonElement = text_element(document, "button", "", labels.submit)?.dyn_into()?;
    button.set_type("submit");
    button.set_attribute("part", "subscribe-button")?;
    form.append_child(&button)?;
    let status = element(document, "p", "status")?;
    status.set_attribute("role", "status")?;
    status.set_attribute("part", "subscribe-status")?;
    form.append_child(&status)?;
    section.append_child(&form)?;
    shadow.append_child(&section)?;

    let panel = Rc::new(SubscribePanel {
        host: host.clone(),
        form,
        email,
        consent,
        honeypot,
        button,
        status,
        endpoint: endpoint.clone(),
        cross_site,
        types_offered: !types.is_empty(),
        labels,
        sending,
        state: RefCell::new(PanelState::default()),
    });
    let weak = Rc::downgrade(&panel);
    let submit = EventListener::new_with_options(&panel.form, "submit", EventListenerOptions::enable_prevent_default(), move |event: &Event| {
        event.prevent_default();
        if let Some(panel) = weak.upgrade() {
            wasm_bindgen_futures::spawn_local(submit(panel));
        }
    });
    // Coming back online sends what waits, this panel's included; the watcher then updates the message.
    let online = web_sys::window().map(|window| EventListener::new(&window, "online", |_| outbox::flush(true)));
    {
        let mut state = panel.state.borrow_mut();
        state.listeners.push(submit);
        state.listeners.extend(online);
    }
    Ok(Some(panel))
}

