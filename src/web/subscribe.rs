//! The subscription panel in the shadow root: the form (or the topics' feeds), its checks, sending, and what the
//! reader is told. Nodes are built with `create_element` and `set_text_content` only.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, HtmlButtonElement, HtmlElement, HtmlInputElement, ShadowRoot};

use super::outbox;
use crate::manifest::is_language_tag;
use crate::options::Theme;
use crate::subscribe::payload::{EncodedBody, SendOutcome, Submission};
use crate::subscribe::queue::QueuedSubmission;
use crate::subscribe::{check_form, rejection_message, Field, FieldNames, FormInput, PayloadFormat, SubscribeMode, SubscribeView};

/// What the host page learns from a `related-news:subscribe` event.
#[derive(serde::Serialize)]
struct SubscribeDetail<'a> {
    /// "sent", "queued", "rejected" or "failed" (neither sent nor saved).
    status: &'static str,
    topics: &'a [String],
    types: &'a [String],
}

/// How the form sends, fixed when the panel is made.
#[derive(Debug, Clone)]
pub struct Sending {
    pub format: PayloadFormat,
    pub fields: FieldNames,
    pub lang: String,
    pub page_url: String,
}

/// A rendered subscription form and its listeners; dropping it removes the listeners.
pub struct SubscribePanel {
    host: Element,
    form: Element,
    email: HtmlInputElement,
    consent: HtmlInputElement,
    honeypot: HtmlInputElement,
    button: HtmlButtonElement,
    status: Element,
    endpoint: String,
    cross_site: bool,
    types_offered: bool,
    labels: &'static crate::subscribe::SubscribeLabels,
    sending: Sending,
    state: RefCell<PanelState>,
}

#[derive(Default)]
struct PanelState {
    busy: bool,
    listeners: Vec<EventListener>,
    /// Keys this panel queued, whose later delivery it reports.
    queued: Vec<String>,
}

impl std::fmt::Debug for SubscribePanel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubscribePanel").field("endpoint", &self.endpoint).finish_non_exhaustive()
    }
}

impl SubscribePanel {
    /// Releases the listeners and stops waiting for queued submissions (they stay queued and are sent later).
    pub fn release(&self) {
        let mut state = self.state.borrow_mut();
        state.listeners.clear();
        outbox::unwatch(&state.queued);
        state.queued.clear();
    }
}

fn element(document: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let el = document.create_element(tag)?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    Ok(el)
}

fn text_element(document: &Document, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let el = element(document, tag, class)?;
    el.set_text_content(Some(text));
    Ok(el)
}

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
    let section = element(document, "section", &format!("panel subscribe theme-{}", theme.as_str()))?;
    section.set_attribute("part", "subscribe-panel")?;
    section.set_attribute("aria-labelledby", "subscribe-heading")?;
    if is_language_tag(&view.lang) {
        section.set_attribute("lang", &view.lang)?;
    }
    section.set_attribute("dir", if view.rtl { "rtl" } else { "ltr" })?;
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
pub fn render(
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

fn checked_values(form: &Element, name: &str) -> Vec<String> {
    let Ok(nodes) = form.query_selector_all(&format!("input[name=\"{name}\"]:checked")) else { return Vec::new() };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|node| node.dyn_into::<HtmlInputElement>().ok())
        .map(|input| input.value())
        .collect()
}

fn field_parts(panel: &SubscribePanel, field: Field) -> (Option<Element>, Option<HtmlElement>) {
    let slot_id = match field {
        Field::Topics => "topics-error",
        Field::Types => "types-error",
        Field::Email => "email-error",
        Field::Consent => "consent-error",
    };
    let slot = panel.form.query_selector(&format!("#{slot_id}")).ok().flatten();
    let focus: Option<HtmlElement> = match field {
        Field::Topics => panel.form.query_selector("input[name=\"topics\"]").ok().flatten().and_then(|e| e.dyn_into().ok()),
        Field::Types => panel.form.query_selector("input[name=\"types\"]").ok().flatten().and_then(|e| e.dyn_into().ok()),
        Field::Email => Some(panel.email.clone().unchecked_into()),
        Field::Consent => Some(panel.consent.clone().unchecked_into()),
    };
    (slot, focus)
}

fn clear_errors(panel: &SubscribePanel) {
    for field in [Field::Topics, Field::Types, Field::Email, Field::Consent] {
        let (slot, input) = field_parts(panel, field);
        if let Some(slot) = slot {
            slot.set_text_content(None);
        }
        if let Some(input) = input {
            let _ = input.remove_attribute("aria-invalid");
        }
    }
}

/// Shows errors next to their fields and moves focus to the first one.
fn show_errors(panel: &SubscribePanel, errors: &[(Field, String)]) {
    for (i, (field, message)) in errors.iter().enumerate() {
        let (slot, input) = field_parts(panel, *field);
        if let Some(slot) = slot {
            slot.set_text_content(Some(message));
        }
        if let Some(input) = input {
            let _ = input.set_attribute("aria-invalid", "true");
            if i == 0 {
                let _ = input.focus();
            }
        }
    }
}

fn set_status(panel: &SubscribePanel, kind: &str, message: &str) {
    panel.status.set_class_name(&format!("status {kind}"));
    panel.status.set_text_content(Some(message));
}

fn set_busy(panel: &SubscribePanel, busy: bool) {
    panel.state.borrow_mut().busy = busy;
    // aria-disabled keeps the button focusable for keyboard users while a submission is out.
    let _ = panel.button.set_attribute("aria-disabled", if busy { "true" } else { "false" });
    panel.button.set_text_content(Some(if busy { panel.labels.sending } else { panel.labels.submit }));
}

fn announce(panel: &SubscribePanel, status: &'static str, submission: &Submission) {
    let detail = SubscribeDetail { status, topics: &submission.topics, types: &submission.types };
    super::dispatch(&panel.host, "related-news:subscribe", &detail, false);
}

/// Checks the form, queues the submission, sends it and tells the reader what happened.
async fn submit(panel: Rc<SubscribePanel>) {
    if panel.state.borrow().busy {
        return;
    }
    clear_errors(&panel);
    set_status(&panel, "", "");
    let input = FormInput {
        email: panel.email.value(),
        topics: checked_values(&panel.form, "topics"),
        types: checked_values(&panel.form, "types"),
        consent: panel.consent.checked(),
        types_offered: panel.types_offered,
    };
    let email = match check_form(&input, panel.labels) {
        Ok(email) => email,
        Err(problems) => {
            let errors: Vec<(Field, String)> = problems.iter().map(|p| (p.field, p.message.to_string())).collect();
            show_errors(&panel, &errors);
            return;
        }
    };
    let submission = Submission {
        email,
        topics: input.topics,
        types: input.types,
        lang: panel.sending.lang.clone(),
        page_url: panel.sending.page_url.clone(),
        consent: input.consent,
        idempotency_key: outbox::new_key(),
        honeypot: panel.honeypot.value(),
    };
    let form_post = panel.sending.format == PayloadFormat::Form;
    if !submission.honeypot.is_empty() && form_post {
        // A third-party form service may not know our honeypot: a bot's submission is not sent there at all,
        // and the bot is told it worked. Our own endpoint drops it itself (and says 2xx).
        set_status(&panel, "sent", panel.labels.sent);
        return;
    }
    let EncodedBody { content_type, body } = submission.encode(panel.sending.format, &panel.sending.fields);
    let now = js_sys::Date::now() as u64;
    let entry = QueuedSubmission {
        key: submission.idempotency_key.clone(),
        endpoint: panel.endpoint.clone(),
        content_type: content_type.to_string(),
        body,
        // A form post to another site that does not speak CORS still arrives; its answer just cannot be read.
        no_cors: form_post && panel.cross_site,
        attempts: 0,
        created_at: now,
        next_attempt_at: now,
    };
    set_busy(&panel, true);
    // Kept before the first attempt, so closing the page mid-request loses nothing.
    let kept = outbox::keep(&entry);
    if let Err(error) = &kept {
        web_sys::console::warn_1(&JsValue::from_str(&format!("related-news: the subscription cannot be saved for later: {error}")));
    }
    let outcome = if kept.is_ok() { outbox::deliver(&entry).await } else { outbox::send(&entry).await };
    set_busy(&panel, false);
    match outcome {
        SendOutcome::Delivered => {
            set_status(&panel, "sent", panel.labels.sent);
            panel.email.set_value("");
            announce(&panel, "sent", &submission);
        }
        SendOutcome::Retry { .. } => match kept {
            Ok(()) => {
                set_status(&panel, "queued", panel.labels.queued);
                panel.state.borrow_mut().queued.push(entry.key.clone());
                let weak: Weak<SubscribePanel> = Rc::downgrade(&panel);
                outbox::watch(&entry.key, Box::new(move |outcome| {
                    if let Some(panel) = weak.upgrade() {
                        background_outcome(&panel, outcome);
                    }
                }));
                announce(&panel, "queued", &submission);
            }
            Err(_) => {
                set_status(&panel, "error", panel.labels.not_saved);
                announce(&panel, "failed", &submission);
            }
        },
        SendOutcome::Rejected(rejection) => {
            let (field, message) = rejection_message(&rejection, panel.labels);
            match field {
                Some(field) => show_errors(&panel, &[(field, message)]),
                None => set_status(&panel, "error", &message),
            }
            announce(&panel, "rejected", &submission);
        }
    }
}

/// A submission this panel queued was sent (or refused) later, while the page was still open.
fn background_outcome(panel: &SubscribePanel, outcome: &SendOutcome) {
    match outcome {
        SendOutcome::Delivered => set_status(panel, "sent", panel.labels.sent_later),
        SendOutcome::Rejected(rejection) => {
            let (_, message) = rejection_message(rejection, panel.labels);
            set_status(panel, "error", &message);
        }
        SendOutcome::Retry { .. } => {}
    }
}
