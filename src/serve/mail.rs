//! The double opt-in e-mail: built with lettre's MIME builder (encoded words, folding, the transfer encoding) and
//! either dropped into the outbox folder as a `.eml` file, for whatever sends the site's mail to pick up, or queued
//! for the relay (`--smtp`, see [`super::delivery`]).
//!
//! Composition is pure and tested; writing goes through a temporary file and a rename, so a reader of the outbox
//! never sees half a message.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, SinglePart};
use lettre::Address;

use super::store::MailRow;
use super::wording::{self, Lang};
use crate::manifest::Topic;
use crate::url;

/// What cannot be composed or written.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{path}: cannot write the e-mail: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("cannot address an e-mail to or from \"{address}\": {reason}")]
    Address { address: String, reason: String },
    #[error("cannot build the e-mail: {0}")]
    Build(String),
}

/// What every message of a server shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    /// The `From:` address.
    pub from: String,
    /// Shown beside the address and in the text: the site's name.
    pub site_name: String,
    /// The base of the links, without a trailing slash.
    pub public_url: String,
}

/// A composed message: its file name in the outbox, its bytes, and its envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub file_name: String,
    pub text: String,
    /// The envelope's sender and recipient, as the relay is given them (international domains in ASCII form).
    pub envelope_from: String,
    pub envelope_to: String,
}

/// An address with its domain in ASCII (`jane@bücher.example` becomes `jane@xn--bcher-kva.example`), so only a
/// local part that is not ASCII needs a relay that speaks SMTPUTF8.
pub fn address(text: &str) -> Result<Address, MailError> {
    let fail = |reason: String| MailError::Address { address: text.to_string(), reason };
    let (local, domain) = text.rsplit_once('@').ok_or_else(|| fail("no @".into()))?;
    let domain = idna::domain_to_ascii(domain).map_err(|e| fail(format!("the domain: {e}")))?;
    Address::new(local, domain).map_err(|e| fail(e.to_string()))
}



/// `no-reply@` the public URL's host name, or `no-reply@localhost` when the host is an IP address.
pub fn default_from(public_url: &str) -> String {
    let host = url::host_of(public_url);
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    if name.parse::<IpAddr>().is_ok() || name.is_empty() {
        "no-reply@localhost".to_string()
    } else {
        format!("no-reply@{}", name.to_ascii_lowercase())
    }
}

/// The link that confirms a subscription.
pub fn confirm_url(public_url: &str, token: &str) -> String {
    format!("{public_url}/confirm?token={token}")
}

/// The link that ends a subscription, also given in `List-Unsubscribe`.
pub fn unsubscribe_url(public_url: &str, token: &str) -> String {
    format!("{public_url}/unsubscribe?token={token}")
}

/// The page where a subscriber changes topics; every e-mail links to it.
pub fn preferences_url(public_url: &str, unsubscribe_token: &str) -> String {
    format!("{public_url}/preferences?token={unsubscribe_token}")
}

/// Composes the confirmation request of one row. `date` is the message's date and `message_id` a unique local
/// part for its `Message-ID`. The file name comes from the row's creation time and id, so writing a row's message
/// twice (after a crash) replaces the file instead of adding a second message.
pub fn compose(row: &MailRow, topics: &[Topic], sender: &Sender, date: SystemTime, message_id: &str) -> Result<Message, MailError> {
    let lang = Lang::pick(row.lang.as_deref());
    let text = wording::mail(lang);
    let labels: Vec<&str> = row
        .topics
        .iter()
        .map(|id| topics.iter().find(|t| &t.id == id).map_or(id.as_str(), |t| t.label(lang.code(), "en")))
        .collect();
    let site = single_line(&sender.site_name);
    let mut lines = vec![text.greeting.to_string(), String::new(), text.asked.replace("{site}", &site), String::new()];
    lines.extend(labels.iter().map(|label| format!("  - {}", single_line(label))));
    lines.extend([
        String::new(),
        text.confirm.to_string(),
        String::new(),
        confirm_url(&sender.public_url, &row.confirm_token),
        String::new(),
        text.ignore.to_string(),
        String::new(),
    ]);
    let outgoing = Outgoing {
        lang,
        to: &row.email,
        subject: &text.subject.replace("{site}", &site),
        unsubscribe_token: &row.unsubscribe_token,
        unsubscribe_line: text.unsubscribe,
        message_id: Some(message_id),
        date,
    };
    let mut message = build(sender, &outgoing, lines)?;
    message.file_name = file_name(&row.created_at, row.id);
    Ok(message)
}

/// What one e-mail to one subscriber says beyond its text.
#[derive(Debug)]
pub struct Outgoing<'a> {
    pub lang: Lang,
    pub to: &'a str,
    pub subject: &'a str,
    pub unsubscribe_token: &'a str,
    /// The sentence before the unsubscribe link.
    pub unsubscribe_line: &'a str,
    /// The local part of its `Message-ID`; lettre makes one when `None`.
    pub message_id: Option<&'a str>,
    pub date: SystemTime,
}

/// Builds an e-mail from `sender` to a subscriber: `lines` of text, then the links every e-mail ends with
/// (change topics, unsubscribe) and the site's name, with `List-Unsubscribe` for one-click.
pub fn build(sender: &Sender, outgoing: &Outgoing<'_>, mut lines: Vec<String>) -> Result<Message, MailError> {
    let site = single_line(&sender.site_name);
    let unsubscribe = unsubscribe_url(&sender.public_url, outgoing.unsubscribe_token);
    lines.extend([
        wording::topics_page(outgoing.lang).mail_line.to_string(),
        String::new(),
        preferences_url(&sender.public_url, outgoing.unsubscribe_token),
        String::new(),
        outgoing.unsubscribe_line.to_string(),
        String::new(),
        unsubscribe.clone(),
        String::new(),
        format!("-- \r\n{site}"),
    ]);
    let mut body = lines.join("\r\n");
    body.push_str("\r\n");
    // Sent as 8bit, which allows lines of up to 998 bytes: lettre would choose quoted-printable for any line of 76
    // or more, and a link in the text would then be cut by soft line breaks for anyone reading the .eml file.
    // Every line here is text of ours (summaries are at most 500 characters), far below the limit (a test checks).
    let body = Body::dangerous_pre_encoded(body.into_bytes(), ContentTransferEncoding::EightBit);

    let from = address(&sender.from)?;
    let to = address(outgoing.to)?;
    let raw = |name: &'static str, value: String| HeaderValue::new(HeaderName::new_from_ascii_str(name), value);
    let mut builder = lettre::Message::builder()
        .from(Mailbox::new((!site.is_empty()).then(|| site.clone()), from.clone()))
        .to(Mailbox::new(None, to.clone()))
        .subject(single_line(outgoing.subject))
        .date(outgoing.date);
    if let Some(id) = outgoing.message_id {
        builder = builder.message_id(Some(format!("<{id}@{}>", from.domain())));
    }
    let message = builder
        .raw_header(raw("List-Unsubscribe", format!("<{unsubscribe}>")))
        .raw_header(raw("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into()))
        // RFC 3834: an automatic message, so vacation responders stay quiet.
        .raw_header(raw("Auto-Submitted", "auto-generated".into()))
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .header(ContentTransferEncoding::EightBit)
                .body(body),
        )
        .map_err(|e| MailError::Build(e.to_string()))?;
    Ok(Message {
        file_name: String::new(),
        text: String::from_utf8_lossy(&message.formatted()).into_owned(),
        envelope_from: from.to_string(),
        envelope_to: to.to_string(),
    })
}

/// `20261122T101500Z-42.eml` from `2026-11-22T10:15:00Z` and row 42.
pub fn file_name(created_at: &str, id: i64) -> String {
    let stamp: String = created_at.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    format!("{stamp}-{id}.eml")
}

/// Writes a message into the outbox atomically, so a crash leaves either the whole message or none (and then the
/// row is still marked as not written).
pub fn write(outbox: &Path, message: &Message) -> Result<PathBuf, MailError> {
    let path = outbox.join(&message.file_name);
    crate::atomic_file::write_atomically(&path, message.text.as_bytes())
        .map_err(|source| MailError::Write { path: path.clone(), source })?;
    Ok(path)
}

/// Text with every control character (CR and LF included) turned into a space, so nothing from the manifest can
/// start a new header or line.
pub fn single_line(text: &str) -> String {
    let replaced: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    replaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sorted_map::SortedMap;

    fn topics() -> Vec<Topic> {
        let labels = |en: &str, ru: &str| SortedMap::from([("en".to_string(), en.to_string()), ("ru".to_string(), ru.to_string())]);
        vec![
            Topic { id: "elections".into(), labels: labels("Elections", "Выборы"), feed: None, count: None },
            Topic { id: "economy".into(), labels: labels("Economy", "Экономика"), feed: None, count: None },
        ]
    }

    fn row(lang: Option<&str>) -> MailRow {
        MailRow {
            id: 42,
            email: "jane@example.org".into(),
            topics: vec!["economy".into(), "elections".into()],
            lang: lang.map(str::to_string),
            confirm_token: "c".repeat(32),
            unsubscribe_token: "u".repeat(32),
            created_at: "2026-11-22T10:15:00Z".into(),
        }
    }

    fn sender() -> Sender {
        Sender { from: "no-reply@news.example".into(), site_name: "Civic Wire".into(), public_url: "https://news.example".into() }
    }

    /// 2026-11-22T10:15:00Z.
    fn date() -> SystemTime {
        SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_342_500)
    }

    fn compose_for(lang: Option<&str>, sender: &Sender) -> Message {
        compose(&row(lang), &topics(), sender, date(), "abc").expect("composed")
    }

    #[test]
    fn english_message() {
        let message = compose_for(None, &sender());
        assert_eq!(message.file_name, "20261122T101500Z-42.eml");
        assert_eq!((message.envelope_from.as_str(), message.envelope_to.as_str()), ("no-reply@news.example", "jane@example.org"));
        let text = &message.text;
        let (head, body) = text.split_once("\r\n\r\n").expect("a blank line between head and body");
        assert!(head.contains("From: \"Civic Wire\" <no-reply@news.example>\r\n") || head.contains("From: Civic Wire <no-reply@news.example>\r\n"), "{head}");
        assert!(head.contains("To: jane@example.org\r\n") || head.contains("To: <jane@example.org>\r\n"), "{head}");
        assert!(head.contains("Subject: Civic Wire: confirm your subscription\r\n"), "{head}");
        assert!(head.contains("Date: Sun, 22 Nov 2026 10:15:00 +0000\r\n"), "{head}");
        assert!(head.contains("Message-ID: <abc@news.example>\r\n"), "{head}");
        assert!(head.to_ascii_lowercase().contains("content-type: text/plain; charset=utf-8"), "{head}");
        assert!(head.contains("Content-Transfer-Encoding: 8bit"), "{head}");
        assert!(head.contains(&format!("List-Unsubscribe: <https://news.example/unsubscribe?token={}>\r\n", "u".repeat(32))));
        assert!(head.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(body.contains("  - Economy\r\n  - Elections\r\n"), "{body}");
        assert!(body.contains(&format!("\r\nhttps://news.example/confirm?token={}\r\n", "c".repeat(32))));
        assert!(body.contains(&format!("\r\nhttps://news.example/unsubscribe?token={}\r\n", "u".repeat(32))));
        assert!(body.contains(&format!("\r\nhttps://news.example/preferences?token={}\r\n", "u".repeat(32))), "a link to change topics");
        assert!(text.split("\r\n").all(|line| !line.contains('\n') && line.len() < 998));
    }

    #[test]
    fn russian_message_has_an_encoded_subject_and_russian_labels() {
        let message = compose_for(Some("ru-RU"), &sender());
        let head = message.text.split("\r\n\r\n").next().expect("head");
        let subject = head.lines().find(|l| l.starts_with("Subject: ")).expect("subject");
        assert!(subject.to_ascii_lowercase().contains("=?utf-8?b?"), "the Russian words are encoded: {subject}");
        assert!(head.lines().all(|line| line.is_ascii() && line.len() < 998), "an ASCII head: {head}");
        assert!(message.text.contains("  - Экономика\r\n  - Выборы\r\n"));
        assert!(message.text.contains("/confirm?token="));
    }

    #[test]
    fn azerbaijani_german_and_fallback() {
        let az = compose_for(Some("az"), &sender());
        assert!(az.text.contains("Salam"));
        // No Azerbaijani label: English is the fallback.
        assert!(az.text.contains("  - Economy"));
        let de = compose_for(Some("de-DE"), &sender());
        assert!(de.text.contains("Guten Tag,") && de.text.contains("Um das Abonnement zu best"), "{}", de.text);
        let other = compose_for(Some("fr"), &sender());
        assert!(other.text.contains("Subject: Civic Wire: confirm your subscription"));
    }

    #[test]
    fn headers_cannot_be_injected_from_the_site_name() {
        let mut evil = sender();
        evil.site_name = "Wire\r\nBcc: all@example.org \"x\"".into();
        let message = compose_for(None, &evil);
        assert!(!message.text.contains("\r\nBcc:"), "{}", message.text);
    }

    #[test]
    fn international_domains_go_to_the_relay_in_ascii() {
        let mut row = row(None);
        row.email = "jane@bücher.example".into();
        let message = compose(&row, &topics(), &sender(), date(), "abc").expect("composed");
        assert_eq!(message.envelope_to, "jane@xn--bcher-kva.example");
        assert!(message.text.is_ascii() || !message.text.split("\r\n\r\n").next().unwrap_or("").contains('ü'));
        assert!(address("no at sign").is_err());
    }

    #[test]
    fn writes_atomically() {
        let dir = std::env::temp_dir().join(format!("related-news-outbox-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let message = compose_for(None, &sender());
        let path = write(&dir, &message).expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), message.text);
        let names: Vec<String> = std::fs::read_dir(&dir).expect("list").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["20261122T101500Z-42.eml"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
