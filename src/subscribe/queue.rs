//! The offline queue: submissions that could not be delivered yet, kept in the reader's browser and sent again
//! with backoff. Pure data and schedule; the browser glue stores it in localStorage and runs the timers.
//!
//! Every entry keeps its idempotency key, so sending one twice (two tabs, a lost answer) stores it once.

use serde::Serialize;
use serde_json::Value;

use crate::json_fields::Fields;

/// The localStorage key of the queue. Versioned, so a future format can tell old entries apart.
pub const STORAGE_KEY: &str = "related-news:outbox:v1";
/// At most this many submissions wait at once; a new one beyond it is refused (and the reader told) rather than
/// dropping an older one.
pub const MAX_ENTRIES: usize = 20;
/// The largest body kept (a subscription is well under 2 KB; this only stops a runaway page filling storage).
pub const MAX_BODY_CHARS: usize = 16 * 1024;

/// Waits before the next attempt, by attempts made so far: quick at first, then at most every half hour.
const RETRY_DELAYS_MS: [u64; 7] = [5_000, 15_000, 60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000, 30 * 60_000];
/// The longest a `Retry-After` is honoured, so a wrong header cannot park a submission for days.
const MAX_RETRY_AFTER_MS: u64 = 6 * 60 * 60_000;

/// The wait after `attempts` failed attempts, spread by `jitter_permille` (0..=1000 maps to -20%..+20%) so that
/// many readers coming back online do not all retry in the same second.
pub fn retry_delay_ms(attempts: u32, jitter_permille: u32) -> u64 {
    let index = usize::try_from(attempts.saturating_sub(1)).unwrap_or(usize::MAX).min(RETRY_DELAYS_MS.len() - 1);
    let base = RETRY_DELAYS_MS[index];
    let jitter = u64::from(jitter_permille.min(1000));
    // base * (0.8 + 0.4 * jitter / 1000), in integers.
    base * (800 + jitter * 400 / 1000) / 1000
}

/// One submission waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueuedSubmission {
    pub key: String,
    /// Absolute URL of the endpoint.
    pub endpoint: String,
    pub content_type: String,
    pub body: String,
    /// Sent as an opaque cross-site form post (the answer cannot be read).
    pub no_cors: bool,
    pub attempts: u32,
    /// Milliseconds since the epoch.
    pub created_at: u64,
    pub next_attempt_at: u64,
}

impl QueuedSubmission {
    fn from_json(value: &Value) -> Result<QueuedSubmission, String> {
        let mut fields = Fields::new(value)?;
        let entry = QueuedSubmission {
            key: fields.required_str("key")?,
            endpoint: fields.required_str("endpoint")?,
            content_type: fields.required_str("content_type")?,
            body: fields.required_str("body")?,
            no_cors: fields.get("no_cors").and_then(Value::as_bool).unwrap_or(false),
            attempts: fields.optional_u64("attempts").and_then(|n| u32::try_from(n).ok()).unwrap_or(0),
            created_at: fields.optional_u64("created_at").unwrap_or(0),
            next_attempt_at: fields.optional_u64("next_attempt_at").unwrap_or(0),
        };
        if entry.key.is_empty() || entry.endpoint.is_empty() || entry.body.chars().count() > MAX_BODY_CHARS {
            return Err("an entry without key or endpoint, or with an oversized body".into());
        }
        Ok(entry)
    }
}

/// Why a submission could not be queued.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueueError {
    #[error("{MAX_ENTRIES} subscriptions are already waiting to be sent")]
    Full,
    #[error("the submission is larger than {MAX_BODY_CHARS} characters")]
    TooLarge,
}

/// The queue as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outbox {
    pub entries: Vec<QueuedSubmission>,
}

impl Outbox {
    /// Reads a stored queue. Unreadable entries are skipped (and counted), never the whole queue.
    pub fn from_json(value: &Value) -> (Outbox, usize) {
        let Some(items) = value.as_array() else { return (Outbox::default(), usize::from(!value.is_null())) };
        let mut outbox = Outbox::default();
        let mut skipped = 0;
        for item in items {
            match QueuedSubmission::from_json(item) {
                Ok(entry) if !outbox.entries.iter().any(|e| e.key == entry.key) => outbox.entries.push(entry),
                _ => skipped += 1,
            }
        }
        (outbox, skipped)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.entries).unwrap_or_else(|_| "[]".into())
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a submission, or replaces the one with the same key.
    pub fn put(&mut self, entry: QueuedSubmission) -> Result<(), QueueError> {
        if entry.body.chars().count() > MAX_BODY_CHARS {
            return Err(QueueError::TooLarge);
        }
        if let Some(existing) = self.entries.iter_mut().find(|e| e.key == entry.key) {
            *existing = entry;
            return Ok(());
        }
        if self.entries.len() >= MAX_ENTRIES {
            return Err(QueueError::Full);
        }
        self.entries.push(entry);
        Ok(())
    }

    pub fn remove(&mut self, key: &str) -> Option<QueuedSubmission> {
        let position = self.entries.iter().position(|e| e.key == key)?;
        Some(self.entries.remove(position))
    }

    pub fn get(&self, key: &str) -> Option<&QueuedSubmission> {
        self.entries.iter().find(|e| e.key == key)
    }

    /// Keys to send now, oldest first. `all` sends every entry whatever its schedule: a new page load or the
    /// browser coming back online is a better signal than the backoff's guess.
    pub fn due(&self, now: u64, all: bool) -> Vec<String> {
        let mut due: Vec<&QueuedSubmission> = self.entries.iter().filter(|e| all || e.next_attempt_at <= now).collect();
        crate::sort::sort_by_key(&mut due, |e| e.created_at);
        due.into_iter().map(|e| e.key.clone()).collect()
    }

    /// Records a failed attempt and schedules the next one, no sooner than the server's `Retry-After`.
    pub fn record_failure(&mut self, key: &str, now: u64, retry_after_ms: Option<u64>, jitter_permille: u32) {
        if let Some(entry) = self.entries.iter_mut().find(|e| e.key == key) {
            entry.attempts = entry.attempts.saturating_add(1);
            let backoff = retry_delay_ms(entry.attempts, jitter_permille);
            let wait = backoff.max(retry_after_ms.unwrap_or(0).min(MAX_RETRY_AFTER_MS));
            entry.next_attempt_at = now.saturating_add(wait);
        }
    }

    /// When the next scheduled attempt is due, if anything waits.
    pub fn next_attempt_at(&self) -> Option<u64> {
        self.entries.iter().map(|e| e.next_attempt_at).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, created_at: u64) -> QueuedSubmission {
        QueuedSubmission {
            key: key.into(),
            endpoint: "https://news.example/api/subscribe".into(),
            content_type: "application/json".into(),
            body: format!("{{\"idempotency_key\":\"{key}\"}}"),
            no_cors: false,
            attempts: 0,
            created_at,
            next_attempt_at: created_at,
        }
    }

    #[test]
    fn retry_schedule_grows_then_caps() {
        let middle: Vec<u64> = (1..=9).map(|n| retry_delay_ms(n, 500)).collect();
        assert_eq!(middle, [5_000, 15_000, 60_000, 300_000, 900_000, 1_800_000, 1_800_000, 1_800_000, 1_800_000]);
        assert_eq!(retry_delay_ms(0, 500), 5_000, "no attempt yet waits like the first");
        assert_eq!(retry_delay_ms(1, 0), 4_000, "-20%");
        assert_eq!(retry_delay_ms(1, 1000), 6_000, "+20%");
        assert_eq!(retry_delay_ms(1, 5000), 6_000, "jitter is clamped");
        assert_eq!(retry_delay_ms(u32::MAX, 500), 1_800_000);
    }

    #[test]
    fn failures_back_off_and_respect_retry_after() {
        let mut outbox = Outbox::default();
        outbox.put(entry("a", 1_000)).expect("room");
        outbox.record_failure("a", 10_000, None, 500);
        assert_eq!(outbox.get("a").map(|e| (e.attempts, e.next_attempt_at)), Some((1, 15_000)));
        outbox.record_failure("a", 20_000, None, 500);
        assert_eq!(outbox.get("a").map(|e| e.next_attempt_at), Some(35_000));
        outbox.record_failure("a", 40_000, Some(120_000), 500);
        assert_eq!(outbox.get("a").map(|e| e.next_attempt_at), Some(160_000), "Retry-After beats a shorter backoff");
        outbox.record_failure("a", 0, Some(u64::MAX), 500);
        assert_eq!(outbox.get("a").map(|e| e.next_attempt_at), Some(MAX_RETRY_AFTER_MS), "a silly Retry-After is capped");
        outbox.record_failure("missing", 0, None, 500);
    }

    #[test]
    fn due_entries_oldest_first_or_all_on_load() {
        let mut outbox = Outbox::default();
        outbox.put(entry("new", 3_000)).expect("room");
        outbox.put(entry("old", 1_000)).expect("room");
        outbox.record_failure("new", 3_000, None, 500);
        assert_eq!(outbox.due(4_000, false), ["old"]);
        assert_eq!(outbox.due(4_000, true), ["old", "new"]);
        assert_eq!(outbox.next_attempt_at(), Some(1_000));
        assert_eq!(outbox.remove("old").map(|e| e.key), Some("old".into()));
        assert_eq!(outbox.next_attempt_at(), Some(8_000));
        assert_eq!(outbox.due(8_000, false), ["new"]);
    }

    #[test]
    fn same_key_replaces_and_full_queue_refuses() {
        let mut outbox = Outbox::default();
        for i in 0..MAX_ENTRIES {
            outbox.put(entry(&format!("k{i}"), i as u64)).expect("room");
        }
        assert_eq!(outbox.put(entry("one-more", 99)), Err(QueueError::Full), "nothing older is dropped to make room");
        let mut again = entry("k3", 3);
        again.attempts = 4;
        assert_eq!(outbox.put(again), Ok(()), "the same key replaces its entry even when full");
        assert_eq!(outbox.entries.len(), MAX_ENTRIES);
        assert_eq!(outbox.get("k3").map(|e| e.attempts), Some(4));
        let mut huge = entry("huge", 0);
        huge.body = "x".repeat(MAX_BODY_CHARS + 1);
        assert_eq!(Outbox::default().put(huge), Err(QueueError::TooLarge));
    }

    #[test]
    fn stored_queue_round_trips_and_survives_bad_entries() {
        let mut outbox = Outbox::default();
        outbox.put(entry("a", 1)).expect("room");
        let mut b = entry("b", 2);
        b.no_cors = true;
        b.attempts = 2;
        outbox.put(b).expect("room");
        let value: Value = serde_json::from_str(&outbox.to_json()).expect("json");
        assert_eq!(Outbox::from_json(&value), (outbox.clone(), 0));

        let mut stored = value.as_array().cloned().expect("array");
        stored.push(serde_json::json!({"key": "c"}));
        stored.push(serde_json::json!(42));
        stored.push(stored[0].clone());
        let (read, skipped) = Outbox::from_json(&Value::Array(stored));
        assert_eq!((read, skipped), (outbox, 3), "a bad or repeated entry never costs the good ones");
        assert_eq!(Outbox::from_json(&serde_json::json!({"not": "a list"})).1, 1);
        assert_eq!(Outbox::from_json(&Value::Null), (Outbox::default(), 0));
    }
}
