//! Sending the queued e-mail through the site's relay (`serve --smtp URL`), with lettre's SMTP client.
//!
//! A message is in the database before the reader's 2xx, and leaves the queue only when the relay accepted it.
//! When the relay is down or refuses for now, the message waits and is tried again later, each wait twice the last
//! (5 s, 10 s, 20 s... up to 15 minutes); a restart of `serve` picks the queue up where it was. A relay that
//! refuses a message for good (a 5xx, such as an unknown recipient) is not asked again; the message stays in the
//! queue with the relay's answer, for the site owner to see.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lettre::address::Envelope;
use lettre::transport::smtp::SmtpTransport;
use lettre::Transport;

use super::app::{mask_email, now_rfc3339, App};
use super::store::QueuedMail;

/// How long one SMTP command may take before the attempt counts as failed.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);
/// How often the queue is looked at when nothing is due sooner.
const POLL: Duration = Duration::from_millis(500);
const FIRST_RETRY_SECS: i64 = 5;
const LONGEST_RETRY_SECS: i64 = 15 * 60;

/// The relay, from `--smtp`: `smtp://user:pass@host:port` (STARTTLS when the relay offers it; add `?tls=required`
/// to insist), or `smtps://user:pass@host:port` (TLS from the first byte). User and password are percent-encoded.
pub fn relay(url: &str) -> Result<SmtpTransport, String> {
    let url = url.trim();
    let scheme = url.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
    let url = match scheme.as_deref() {
        Some("smtps") => url.to_string(),
        Some("smtp") if url.contains("tls=") => url.to_string(),
        Some("smtp") => format!("{url}{}tls=opportunistic", if url.contains('?') { '&' } else { '?' }),
        _ => return Err("give a relay like smtp://user:pass@mail.example:587 or smtps://user:pass@mail.example:465".into()),
    };
    let builder = SmtpTransport::from_url(&url).map_err(|e| format!("cannot use this relay: {e}"))?;
    Ok(builder.timeout(Some(COMMAND_TIMEOUT)).build())
}

/// The relay's address without its password, for the log.
pub fn describe(url: &str) -> String {
    match url.split_once("://").and_then(|(scheme, rest)| rest.split_once('@').map(|(_, host)| (scheme, host))) {
        Some((scheme, host)) => format!("{scheme}://***@{host}"),
        None => url.to_string(),
    }
}

/// How long to wait before attempt `attempts + 1`.
pub fn retry_delay_secs(attempts: i64) -> i64 {
    let doubled = FIRST_RETRY_SECS.saturating_mul(1i64 << attempts.clamp(0, 20));
    doubled.min(LONGEST_RETRY_SECS)
}

fn now_secs() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Starts the sender: it delivers what is due until `stop` is set, then finishes the message in hand and returns.
pub fn start(app: Arc<App>, relay: SmtpTransport, stop: Arc<AtomicBool>) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new().name("mail".into()).spawn(move || {
        while !stop.load(Ordering::SeqCst) {
            let due = app.with_store(|store| store.due_mail(now_secs(), 20));
            match due {
                Ok(due) => {
                    for mail in due {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        deliver(&app, &relay, &mail);
                    }
                }
                Err(error) => eprintln!("related-news: cannot read the mail queue: {error}"),
            }
            std::thread::sleep(POLL);
        }
    })
}

/// Why the relay did not take a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// A 5xx, or a message that cannot be addressed: asking again changes nothing.
    pub permanent: bool,
    pub reason: String,
}

impl Refusal {
    /// When to try again after `attempts` earlier failures (seconds since the epoch); never, when permanent.
    pub fn retry_at(&self, attempts: i64) -> i64 {
        if self.permanent { i64::MAX } else { now_secs().saturating_add(retry_delay_secs(attempts)) }
    }
}

/// One attempt to hand a queued message to the relay.
pub fn attempt(relay: &SmtpTransport, mail: &QueuedMail) -> Result<(), Refusal> {
    let (Ok(from), Ok(to)) = (mail.envelope_from.parse(), mail.envelope_to.parse()) else {
        return Err(Refusal { permanent: true, reason: "the queued addresses cannot be read".into() });
    };
    let envelope = Envelope::new(Some(from), vec![to]).map_err(|e| Refusal { permanent: true, reason: e.to_string() })?;
    relay
        .send_raw(&envelope, &mail.message)
        .map(|_| ())
        .map_err(|e| Refusal { permanent: e.is_permanent(), reason: e.to_string() })
}

/// One attempt at one message, and its outcome recorded.
fn deliver(app: &App, relay: &SmtpTransport, mail: &QueuedMail) {
    let who = mask_email(&mail.envelope_to);
    match attempt(relay, mail) {
        Ok(()) => {
            if let Err(error) = app.with_store(|store| store.mail_sent(mail.id, &now_rfc3339())) {
                // The relay has it; marking failed, so it may go out again at the next attempt.
                eprintln!("related-news: mail {} to {who} was sent but not marked: {error}", mail.id);
            } else {
                eprintln!("related-news: mail {} to {who} accepted by the relay", mail.id);
            }
        }
        Err(refusal) => {
            let retry_at = refusal.retry_at(mail.attempts);
            if refusal.permanent {
                eprintln!("related-news: mail {} to {who} refused by the relay for good: {}", mail.id, refusal.reason);
            } else {
                let wait = retry_delay_secs(mail.attempts);
                eprintln!("related-news: mail {} to {who} not sent ({}); next try in {wait} s", mail.id, refusal.reason);
            }
            record_failure(app, mail, retry_at, &refusal.reason);
        }
    }
}

fn record_failure(app: &App, mail: &QueuedMail, next_attempt_at: i64, error: &str) {
    if let Err(store_error) = app.with_store(|store| store.mail_failed(mail.id, next_attempt_at, error)) {
        eprintln!("related-news: mail {}: cannot record the failure: {store_error}", mail.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relay_urls() {
        assert!(relay("smtp://user:pass@127.0.0.1:2525").is_ok());
        assert!(relay("smtps://user:pass@mail.example:465").is_ok());
        assert!(relay("smtp://mail.example?tls=required").is_ok());
        for bad in ["mail.example", "http://mail.example", ""] {
            assert!(relay(bad).is_err(), "{bad}");
        }
        assert_eq!(describe("smtp://user:secret@mail.example:587"), "smtp://***@mail.example:587");
    }

    #[test]
    fn retries_back_off_to_a_ceiling() {
        assert_eq!(retry_delay_secs(0), 5);
        assert_eq!(retry_delay_secs(1), 10);
        assert_eq!(retry_delay_secs(3), 40);
        assert_eq!(retry_delay_secs(50), 15 * 60);
    }
}
