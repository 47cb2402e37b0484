//! The double opt-in e-mail: composed as an RFC 5322 message and dropped into the outbox folder as a `.eml` file,
//! for whatever sends the site's mail to pick up.
//!
//! Composition is pure and tested; writing goes through a temporary file and a rename, so a reader of the outbox
//! never sees half a message.

use std::path::{Path, PathBuf};

use super::store::MailRow;
use super::wording::{self, Lang};
use crate::manifest::Topic;

/// What cannot be written into the outbox.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{path}: cannot write the e-mail: {source}")]
    Write { path: PathBuf, source: std::io::Error },
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

/// A composed message: its file name in the outbox and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub file_name: String,
    pub text: String,
}

/// The link that confirms a subscription.
pub fn confirm_url(public_url: &str, token: &str) -> String {
    format!("{public_url}/confirm?token={token}")
}

/// The link that ends a subscription, also given in `List-Unsubscribe`.
pub fn unsubscribe_url(public_url: &str, token: &str) -> String {
    format!("{public_url}/unsubscribe?token={token}")
}

/// Composes the confirmation request of one row. `date` is the RFC 2822 date of the message and `message_id`
/// a unique local part for its `Message-ID`. The file name comes from the row's creation time and id, so writing a
/// row's message twice (after a crash) replaces the file instead of adding a second message.
pub fn compose(row: &MailRow, topics: &[Topic], sender: &Sender, date: &str, message_id: &str) -> Message {
    let lang = Lang::pick(row.lang.as_deref());
    let text = wording::mail(lang);
    let confirm = confirm_url(&sender.public_url, &row.confirm_token);
    let unsubscribe = unsubscribe_url(&sender.public_url, &row.unsubscribe_token);
    let labels: Vec<&str> = row
        .topics
        .iter()
        .map(|id| topics.iter().find(|t| &t.id == id).map_or(id.as_str(), |t| t.label(lang.code(), "en")))
        .collect();
    let host = sender.from.rsplit_once('@').map_or("localhost", |(_, host)| host);
    let mut headers = vec![
        format!("From: {}", mailbox(&sender.site_name, &sender.from)),
        format!("To: <{}>", row.email),
        format!("Subject: {}", encode_header(&text.subject.replace("{site}", &sender.site_name))),
        format!("Date: {date}"),
        format!("Message-ID: <{message_id}@{host}>"),
        "MIME-Version: 1.0".to_string(),
        "Content-Type: text/plain; charset=utf-8".to_string(),
        "Content-Transfer-Encoding: 8bit".to_string(),
        format!("List-Unsubscribe: <{unsubscribe}>"),
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click".to_string(),
        // RFC 3834: an automatic message, so vacation responders stay quiet.
        "Auto-Submitted: auto-generated".to_string(),
    ];
    headers.push(String::new());
    let site = single_line(&sender.site_name);
    let mut body = vec![text.greeting.to_string(), String::new(), text.asked.replace("{site}", &site), String::new()];
    body.extend(labels.iter().map(|label| format!("  - {}", single_line(label))));
    body.extend([
        String::new(),
        text.confirm.to_string(),
        String::new(),
        confirm,
        String::new(),
        text.ignore.to_string(),
        String::new(),
        text.unsubscribe.to_string(),
        String::new(),
        unsubscribe,
        String::new(),
        format!("-- \r\n{site}"),
    ]);
    let mut message = headers.join("\r\n");
    message.push_str("\r\n");
    message.push_str(&body.join("\r\n"));
    message.push_str("\r\n");
    Message { file_name: file_name(&row.created_at, row.id), text: message }
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

/// A header's text: as is when it is printable ASCII, else RFC 2047 encoded-words (UTF-8, base64), one per
/// 39-byte run of whole characters, folded onto continuation lines so that no line passes 78 characters.
pub fn encode_header(text: &str) -> String {
    let text = single_line(text);
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        text
    } else {
        encoded_words(&text)
    }
}

/// `text` as RFC 2047 encoded-words, whatever its characters.
fn encoded_words(text: &str) -> String {
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        if chunk.len() + c.len_utf8() > 39 {
            words.push(format!("=?UTF-8?B?{}?=", base64(chunk.as_bytes())));
            chunk.clear();
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(format!("=?UTF-8?B?{}?=", base64(chunk.as_bytes())));
    }
    words.join("\r\n ")
}

/// `"Site name" <address>`, the name quoted or encoded as its characters need.
fn mailbox(name: &str, address: &str) -> String {
    let name = single_line(name);
    if name.is_empty() {
        return format!("<{address}>");
    }
    let plain = name.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\');
    if plain {
        format!("\"{name}\" <{address}>")
    } else {
        // Quotes and backslashes would need escaping in a quoted string; an encoded-word needs none.
        format!("{} <{address}>", encoded_words(&name))
    }
}

/// Text with every control character (CR and LF included) turned into a space, so nothing from the manifest can
/// start a new header or line.
fn single_line(text: &str) -> String {
    let replaced: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    replaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Standard base64 with padding (RFC 4648), for encoded-words.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn topics() -> Vec<Topic> {
        let labels = |en: &str, ru: &str| BTreeMap::from([("en".to_string(), en.to_string()), ("ru".to_string(), ru.to_string())]);
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

    const DATE: &str = "Sun, 22 Nov 2026 10:15:00 +0000";

    #[test]
    fn english_message() {
        let message = compose(&row(None), &topics(), &sender(), DATE, "abc");
        assert_eq!(message.file_name, "20261122T101500Z-42.eml");
        let text = &message.text;
        let (head, body) = text.split_once("\r\n\r\n").expect("a blank line between head and body");
        assert!(head.contains("From: \"Civic Wire\" <no-reply@news.example>\r\n"), "{head}");
        assert!(head.contains("To: <jane@example.org>\r\n"));
        assert!(head.contains("Subject: Civic Wire: confirm your subscription\r\n"));
        assert!(head.contains(&format!("Date: {DATE}\r\n")));
        assert!(head.contains("Message-ID: <abc@news.example>\r\n"));
        assert!(head.contains("Content-Type: text/plain; charset=utf-8\r\n"));
        assert!(head.contains(&format!("List-Unsubscribe: <https://news.example/unsubscribe?token={}>\r\n", "u".repeat(32))));
        assert!(head.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(body.contains("  - Economy\r\n  - Elections\r\n"), "{body}");
        assert!(body.contains(&format!("\r\nhttps://news.example/confirm?token={}\r\n", "c".repeat(32))));
        assert!(body.contains(&format!("\r\nhttps://news.example/unsubscribe?token={}\r\n", "u".repeat(32))));
        assert!(text.split("\r\n").all(|line| !line.contains('\n') && line.len() < 998));
    }

    #[test]
    fn russian_message_has_an_encoded_subject_and_russian_labels() {
        let message = compose(&row(Some("ru-RU")), &topics(), &sender(), DATE, "abc");
        let subject = message.text.lines().find(|l| l.starts_with("Subject: ")).expect("subject");
        assert!(subject.starts_with("Subject: =?UTF-8?B?"), "{subject}");
        assert!(message.text.contains("  - Экономика\r\n  - Выборы\r\n"));
        assert!(message.text.contains("/confirm?token="));
        // Decoding the encoded words gives the Russian subject back.
        let head = message.text.split("\r\n\r\n").next().expect("head");
        let unfolded = head.replace("\r\n ", " ");
        let subject = unfolded.lines().find(|l| l.starts_with("Subject: ")).expect("subject");
        let decoded: String = subject["Subject: ".len()..]
            .split(' ')
            .map(|word| decode_word(word.trim_start_matches("=?UTF-8?B?").trim_end_matches("?=")))
            .collect();
        assert_eq!(decoded, "Civic Wire: подтвердите подписку");
        let folded: Vec<&str> = head.lines().skip_while(|l| !l.starts_with("Subject: ")).take_while(|l| !l.starts_with("Date: ")).collect();
        assert!(folded.len() > 1 && folded.iter().all(|line| line.len() <= 78), "{folded:?}");
    }

    #[test]
    fn azerbaijani_and_fallback() {
        let az = compose(&row(Some("az")), &topics(), &sender(), DATE, "abc");
        assert!(az.text.contains("Salam"));
        // No Azerbaijani label: English is the fallback.
        assert!(az.text.contains("  - Economy"));
        let other = compose(&row(Some("fr")), &topics(), &sender(), DATE, "abc");
        assert!(other.text.contains("Subject: Civic Wire: confirm your subscription"));
    }

    #[test]
    fn headers_cannot_be_injected_from_the_site_name() {
        let mut evil = sender();
        evil.site_name = "Wire\r\nBcc: all@example.org \"x\"".into();
        let message = compose(&row(None), &topics(), &evil, DATE, "abc");
        assert!(!message.text.contains("\r\nBcc:"));
        assert!(message.text.lines().any(|l| l.starts_with("From: =?UTF-8?B?")));
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, output) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64(input.as_bytes()), output);
        }
        assert_eq!(encode_header("plain"), "plain");
    }

    #[test]
    fn writes_atomically() {
        let dir = std::env::temp_dir().join(format!("related-news-outbox-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let message = compose(&row(None), &topics(), &sender(), DATE, "abc");
        let path = write(&dir, &message).expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), message.text);
        let names: Vec<String> = std::fs::read_dir(&dir).expect("list").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["20261122T101500Z-42.eml"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn decode_word(word: &str) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut bits = 0u32;
        let mut count = 0;
        let mut bytes = Vec::new();
        for c in word.bytes().filter(|&c| c != b'=') {
            bits = (bits << 6) | ALPHABET.iter().position(|&a| a == c).expect("base64") as u32;
            count += 6;
            if count >= 8 {
                count -= 8;
                bytes.push((bits >> count) as u8);
                bits &= (1 << count) - 1;
            }
        }
        String::from_utf8(bytes).expect("utf-8")
    }
}
