//! The offline queue in the browser: kept in localStorage, sent on page load, on the `online` event and on a
//! backoff timer, one attempt at a time per submission.
//!
//! A submission is written to the queue before its first attempt, so closing the tab mid-request loses nothing;
//! it leaves the queue only when the endpoint stored it or refused it for good.

use std::cell::{Cell, RefCell};

use gloo_net::http::Request;
use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use web_sys::{RequestMode, Storage};

use crate::subscribe::payload::{classify, SendOutcome};
use crate::subscribe::queue::{Outbox, QueueError, QueuedSubmission, STORAGE_KEY};

/// How long one attempt may take before it counts as failed (and is retried later).
pub const SEND_TIMEOUT_MS: u32 = 10_000;
/// The soonest a timer retries, however the schedule came out.
const MIN_TIMER_MS: u64 = 1_000;

/// Called with the outcome of a submission sent in the background, so the panel that queued it can say so.
pub type Watcher = Box<dyn Fn(&SendOutcome)>;

thread_local! {
    static FLUSHING: Cell<bool> = const { Cell::new(false) };
    static TIMER: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    static WATCHERS: RefCell<Vec<(String, Watcher)>> = RefCell::new(Vec::new());
}

fn now() -> u64 {
    js_sys::Date::now() as u64
}

fn jitter() -> u32 {
    (js_sys::Math::random() * 1000.0) as u32
}

/// localStorage, when the browser lets us use it (private modes and sandboxed frames may not).
fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads the stored queue; an unreadable one is treated as empty but left in place for the next version to read.
fn load(storage: &Storage) -> Outbox {
    let Ok(Some(text)) = storage.get_item(STORAGE_KEY) else { return Outbox::default() };
    match crate::json_text::parse(&text) {
        Ok(value) => Outbox::from_json(&value).0,
        Err(_) => Outbox::default(),
    }
}

fn save(storage: &Storage, outbox: &Outbox) -> bool {
    if outbox.is_empty() {
        storage.remove_item(STORAGE_KEY).is_ok()
    } else {
        storage.set_item(STORAGE_KEY, &outbox.to_json()).is_ok()
    }
}

/// Why a submission could not be kept for later.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeepError {
    #[error("this browser does not allow localStorage")]
    NoStorage,
    #[error("localStorage refused the write (full or blocked)")]
    WriteFailed,
    #[error(transparent)]
    Queue(#[from] QueueError),
}

/// Puts a submission into the stored queue (replacing one with the same key).
pub fn keep(entry: &QueuedSubmission) -> Result<(), KeepError> {
    let storage = storage().ok_or(KeepError::NoStorage)?;
    let mut outbox = load(&storage);
    outbox.put(entry.clone())?;
    if save(&storage, &outbox) {
        Ok(())
    } else {
        Err(KeepError::WriteFailed)
    }
}

/// Asks to be told the outcome when `key` is later sent from the queue.
pub fn watch(key: &str, watcher: Watcher) {
    WATCHERS.with(|w| w.borrow_mut().push((key.to_string(), watcher)));
}

/// Forgets every watcher, e.g. when the panels are destroyed and have nothing left to update.
pub fn unwatch(keys: &[String]) {
    WATCHERS.with(|w| w.borrow_mut().retain(|(key, _)| !keys.contains(key)));
}

fn notify(key: &str, outcome: &SendOutcome) {
    let watchers: Vec<(String, Watcher)> = WATCHERS.with(|w| {
        let mut all = w.borrow_mut();
        let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut *all).into_iter().partition(|(k, _)| k == key);
        *all = rest;
        mine
    });
    for (_, watcher) in &watchers {
        watcher(outcome);
    }
    // A submission that will be retried again keeps its watchers.
    if matches!(outcome, SendOutcome::Retry { .. }) {
        WATCHERS.with(|w| w.borrow_mut().extend(watchers));
    }
}

/// One attempt to send a submission. Network failures and time-outs are `Retry`; nothing here throws.
pub async fn send(entry: &QueuedSubmission) -> SendOutcome {
    let retry = SendOutcome::Retry { after_ms: None };
    let Ok(controller) = web_sys::AbortController::new() else { return retry };
    let timer = {
        let controller = controller.clone();
        Timeout::new(SEND_TIMEOUT_MS, move || controller.abort())
    };
    let signal = controller.signal();
    let mut builder = Request::post(&entry.endpoint).header("content-type", &entry.content_type).abort_signal(Some(&signal));
    if entry.no_cors {
        builder = builder.mode(RequestMode::NoCors);
    }
    let outcome = match builder.body(entry.body.as_str()) {
        Ok(request) => match request.send().await {
            Ok(response) => {
                let status = response.status();
                let retry_after = response.headers().get("retry-after");
                // Only refusals need their body read: it says which field is wrong.
                let body = if (400..500).contains(&status) {
                    match response.text().await {
                        Ok(text) => crate::json_text::parse(&text).ok(),
                        Err(_) => None,
                    }
                } else {
                    None
                };
                classify(status, body.as_ref(), retry_after.as_deref())
            }
            // The browser already logs the failed request itself; a network error has nothing more to say.
            Err(_) => retry,
        },
        Err(_) => {
            web_sys::console::warn_1(&JsValue::from_str("related-news: the subscription request could not be built"));
            retry
        }
    };
    timer.cancel();
    outcome
}

/// Sends one queued submission and records the outcome in the stored queue: gone when stored or refused,
/// rescheduled with backoff when it should be tried again.
pub async fn deliver(entry: &QueuedSubmission) -> SendOutcome {
    let outcome = send(entry).await;
    if let Some(storage) = storage() {
        // Re-read: another tab or panel may have changed the queue while the request was out.
        let mut outbox = load(&storage);
        match &outcome {
            SendOutcome::Delivered | SendOutcome::Rejected(_) => {
                outbox.remove(&entry.key);
            }
            SendOutcome::Retry { after_ms } => outbox.record_failure(&entry.key, now(), *after_ms, jitter()),
        }
        if !save(&storage, &outbox) {
            web_sys::console::warn_1(&JsValue::from_str("related-news: could not update the saved subscriptions"));
        }
    }
    if matches!(outcome, SendOutcome::Retry { .. }) {
        schedule();
    }
    outcome
}

/// Arms the timer for the next scheduled attempt, if anything is waiting.
fn schedule() {
    let Some(storage) = storage() else { return };
    let Some(at) = load(&storage).next_attempt_at() else { return };
    let wait = at.saturating_sub(now()).max(MIN_TIMER_MS);
    let timer = Timeout::new(u32::try_from(wait).unwrap_or(u32::MAX), || flush(false));
    TIMER.with(|t| *t.borrow_mut() = Some(timer));
}

/// Sends what is waiting: everything (`all`, on page load and when the browser comes back online) or only what
/// the backoff says is due. One flush runs at a time.
pub fn flush(all: bool) {
    if FLUSHING.with(|f| f.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(storage) = storage() {
            let keys = load(&storage).due(now(), all);
            for key in keys {
                // Another tab may have sent it meanwhile: take the entry as stored now.
                let Some(entry) = load(&storage).get(&key).cloned() else { continue };
                let outcome = deliver(&entry).await;
                if let SendOutcome::Rejected(rejection) = &outcome {
                    web_sys::console::warn_1(&JsValue::from_str(&format!(
                        "related-news: a saved subscription was refused by {} (HTTP {}) and removed",
                        entry.endpoint, rejection.status
                    )));
                }
                notify(&key, &outcome);
            }
        }
        FLUSHING.with(|f| f.set(false));
    });
}

/// A random idempotency key: 128 bits from the browser's CSPRNG, hex-encoded.
pub fn new_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // Without Web Crypto (very old browsers), Math.random still makes collisions vanishingly unlikely.
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
