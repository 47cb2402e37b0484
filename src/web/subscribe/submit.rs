//! Submitting the subscription form: the panel's live state, the form's checks, queueing and sending through the
//! offline outbox, and what the reader (and the host page, by an event) is told.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlInputElement};

use crate::subscribe::payload::{EncodedBody, SendOutcome, Submission};
use crate::subscribe::queue::QueuedSubmission;
use crate::subscribe::{check_form, rejection_message, Field, FieldNames, FormInput, PayloadFormat, SubscribeLabels};
use crate::web::dom;
use super::outbox;

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
    pub(super) host: Element,
    pub(super) form: Element,
    pub(super) email: HtmlInputElement,
    pub(super) consent: HtmlInputElement,
    pub(super) honeypot: HtmlInputElement,
    pub(super) button: HtmlButtonElement,
    pub(super) status: Element,
    pub(super) endpoint: String,
    pub(super) cross_site: bool,
    pub(super) types_offered: bool,
    pub(super) labels: &'static SubscribeLabels,
    pub(super) sending: Sending,
    pub(super) state: RefCell<PanelState>,
}

#[derive(Default)]
pub(super) struct PanelState {
    pub(super) busy: bool,
    pub(super) listeners: Vec<EventListener>,
    /// Keys this panel queued, whose later delivery it reports.
    pub(super) queued: Vec<String>,
    /// The submission last queued and not yet delivered, by what the reader asked for (address, topics, types,
    /// consent), with its key: asked for again (a second click while offline), it is the same submission, queued
    /// once and sent once, where a new key made a second e-mail.
    pub(super) waiting: Option<(String, String)>,
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
    dom::dispatch(&panel.host, "related-news:subscribe", &serde_wasm_bindgen::to_value(&detail).unwrap_or(JsValue::NULL), false);
}

/// Checks the form, queues the submission, sends it and tells the reader what happened.
pub(super) async fn submit(panel: Rc<SubscribePanel>) {
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
    // Joined with a separator no field holds (Debug formatting would bring 1.3 KB of escaping code into the wasm).
    let asked = [email.as_str(), &input.topics.join("\u{1f}"), &input.types.join("\u{1f}"), if input.consent { "1" } else { "0" }].join("\u{1e}");
    let waiting_key = panel.state.borrow().waiting.as_ref().filter(|(same, _)| *same == asked).map(|(_, key)| key.clone());
    let again = waiting_key.is_some();
    let submission = Submission {
        email,
        topics: input.topics,
        types: input.types,
        lang: panel.sending.lang.clone(),
        page_url: panel.sending.page_url.clone(),
        consent: input.consent,
        idempotency_key: waiting_key.unwrap_or_else(outbox::new_key),
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
            panel.state.borrow_mut().waiting = None;
            announce(&panel, "sent", &submission);
        }
        SendOutcome::Retry { .. } => match kept {
            Ok(()) => {
                set_status(&panel, "queued", panel.labels.queued);
                // The same submission asked for again replaced its queued self (same key): it is watched already.
                if !again {
                    let mut state = panel.state.borrow_mut();
                    state.queued.push(entry.key.clone());
                    state.waiting = Some((asked, entry.key.clone()));
                    drop(state);
                    let weak: Weak<SubscribePanel> = Rc::downgrade(&panel);
                    let sent = submission.clone();
                    outbox::watch(&entry.key, Box::new(move |outcome| {
                        if let Some(panel) = weak.upgrade() {
                            background_outcome(&panel, outcome, &sent);
                        }
                    }));
                }
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

/// A submission this panel queued was sent (or refused) later, while the page was still open: the reader is told,
/// and the page too (`related-news:subscribe` with status "sent" or "rejected", as when it is sent at once).
fn background_outcome(panel: &SubscribePanel, outcome: &SendOutcome, submission: &Submission) {
    match outcome {
        SendOutcome::Delivered => {
            panel.state.borrow_mut().waiting = None;
            set_status(panel, "sent", panel.labels.sent_later);
            announce(panel, "sent", submission);
        }
        SendOutcome::Rejected(rejection) => {
            panel.state.borrow_mut().waiting = None;
            let (_, message) = rejection_message(rejection, panel.labels);
            set_status(panel, "error", &message);
            announce(panel, "rejected", submission);
        }
        SendOutcome::Retry { .. } => {}
    }
}
