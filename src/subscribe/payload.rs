//! What a subscription sends: the e-mail check shared by the widget and the server, the submission in the
//! default JSON format and in the form-encoded one, and what an endpoint's answer means for it.

use serde::Serialize;
use serde_json::Value;

use crate::url::percent_encode;

/// The longest e-mail address (RFC 5321's path limit less the angle brackets).
pub const MAX_EMAIL_CHARS: usize = 254;
const MAX_LOCAL_CHARS: usize = 64;
const MAX_LABEL_CHARS: usize = 63;

/// Why an e-mail address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("the e-mail address is empty")]
    Empty,
    #[error("the e-mail address is longer than {MAX_EMAIL_CHARS} characters")]
    TooLong,
    #[error("the e-mail address needs exactly one @ between a name and a domain")]
    NoAt,
    #[error("the part before the @ is empty, longer than {MAX_LOCAL_CHARS} characters or has spaces or symbols")]
    BadLocalPart,
    #[error("the domain after the @ is not a domain name like example.org")]
    BadDomain,
}

/// Checks an e-mail address the way mail is actually addressed (no quoted names, no IP literals) and returns it
/// trimmed, with the domain's ASCII letters in lower case. International domain names in Unicode are accepted.
/// Only ASCII is case-folded and classified: Unicode case and letter tables would add kilobytes to the wasm for
/// no gain, since any non-ASCII character that is not a space or a control character may appear in an IDN label.
pub fn check_email(input: &str) -> Result<String, EmailError> {
    let email = input.trim();
    if email.is_empty() {
        return Err(EmailError::Empty);
    }
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Err(EmailError::TooLong);
    }
    let Some((local, domain)) = email.split_once('@') else { return Err(EmailError::NoAt) };
    if domain.contains('@') {
        return Err(EmailError::NoAt);
    }
    let local_ok = !local.is_empty()
        && local.chars().count() <= MAX_LOCAL_CHARS
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| !is_invisible_or_symbol(c) && !"<>()[],;:\"\\".contains(c));
    if !local_ok {
        return Err(EmailError::BadLocalPart);
    }
    let domain = domain.to_ascii_lowercase();
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.chars().count() <= MAX_LABEL_CHARS
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || (!c.is_ascii() && !is_invisible_or_symbol(c)))
    };
    let top_ok = labels.last().is_some_and(|top| !top.chars().all(|c| c.is_ascii_digit()));
    if labels.len() < 2 || !labels.iter().all(label_ok) || !top_ok {
        return Err(EmailError::BadDomain);
    }
    Ok(format!("{local}@{domain}"))
}

/// Characters no address should contain: spaces, controls, invisible format characters (bidi overrides that would
/// make an address read differently than it is, zero-width joiners, variation selectors), private-use characters,
/// and the punctuation, symbol and emoji blocks that IDNA does not allow in domain names. Ranges rather than
/// Unicode category tables, which would add kilobytes to the wasm.
fn is_invisible_or_symbol(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(u32::from(c),
            0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
            | 0x2000..=0x2BFF | 0x3000..=0x3003 | 0xE000..=0xF8FF | 0xFE00..=0xFE0F | 0xFEFF | 0xFFF0..=0xFFFF
            | 0x1F000..=0x1FAFF | 0xE0000..=0x10FFFF)
}

/// The two ways a subscription can be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PayloadFormat {
    /// `POST` of `application/json`: the format `related-news serve` takes, documented in docs/subscribe.md.
    #[default]
    Json,
    /// `POST` of `application/x-www-form-urlencoded` with configurable field names, for classic newsletter forms.
    Form,
}

/// Field names of the form-encoded format; an empty name leaves the field out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldNames {
    pub email: String,
    pub topics: String,
    pub types: String,
    pub lang: String,
    pub page_url: String,
    pub consent: String,
    pub idempotency_key: String,
    pub honeypot: String,
}

impl Default for FieldNames {
    fn default() -> Self {
        FieldNames {
            email: "email".into(),
            topics: "topics".into(),
            types: "types".into(),
            lang: "lang".into(),
            page_url: "page_url".into(),
            consent: "consent".into(),
            idempotency_key: "idempotency_key".into(),
            honeypot: HONEYPOT_FIELD.into(),
        }
    }
}

impl FieldNames {
    /// Renames one field by its JSON name; returns false for a name that is not a field.
    pub fn rename(&mut self, field: &str, name: &str) -> bool {
        let slot = match field {
            "email" => &mut self.email,
            "topics" => &mut self.topics,
            "types" => &mut self.types,
            "lang" => &mut self.lang,
            "page_url" | "page-url" => &mut self.page_url,
            "consent" => &mut self.consent,
            "idempotency_key" | "idempotency-key" => &mut self.idempotency_key,
            "honeypot" | "website" => &mut self.honeypot,
            _ => return false,
        };
        *slot = name.to_string();
        true
    }
}

/// The honeypot's field name: a plausible one, so form-filling bots fill it in.
pub const HONEYPOT_FIELD: &str = "website";

/// One reader's subscription, as sent. In JSON the honeypot appears only when something filled it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Submission {
    pub email: String,
    pub topics: Vec<String>,
    pub types: Vec<String>,
    pub lang: String,
    pub page_url: String,
    pub consent: bool,
    pub idempotency_key: String,
    #[serde(rename = "website", skip_serializing_if = "String::is_empty")]
    pub honeypot: String,
}

/// A request body ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedBody {
    pub content_type: &'static str,
    pub body: String,
}

impl Submission {
    pub fn encode(&self, format: PayloadFormat, names: &FieldNames) -> EncodedBody {
        match format {
            PayloadFormat::Json => EncodedBody {
                content_type: "application/json",
                // Strings, string lists and a boolean cannot fail to serialise.
                body: serde_json::to_string(self).unwrap_or_default(),
            },
            PayloadFormat::Form => EncodedBody { content_type: "application/x-www-form-urlencoded", body: self.to_form(names) },
        }
    }

    fn to_form(&self, names: &FieldNames) -> String {
        let mut pairs: Vec<(&str, &str)> = vec![(&names.email, &self.email)];
        pairs.extend(self.topics.iter().map(|t| (names.topics.as_str(), t.as_str())));
        pairs.extend(self.types.iter().map(|t| (names.types.as_str(), t.as_str())));
        pairs.push((&names.lang, &self.lang));
        pairs.push((&names.page_url, &self.page_url));
        // "on" is what a browser sends for a ticked checkbox, so classic form handlers understand it.
        if self.consent {
            pairs.push((&names.consent, "on"));
        }
        pairs.push((&names.idempotency_key, &self.idempotency_key));
        if !self.honeypot.is_empty() {
            pairs.push((&names.honeypot, &self.honeypot));
        }
        let encoded: Vec<String> = pairs
            .into_iter()
            .filter(|(name, _)| !name.is_empty())
            .map(|(name, value)| format!("{}={}", percent_encode(name, true), percent_encode(value, true)))
            .collect();
        encoded.join("&")
    }
}

/// The panel's fields an error can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Topics,
    Types,
    Email,
    Consent,
}

impl Field {
    /// Reads the `field` of a server's JSON error.
    pub fn from_name(name: &str) -> Option<Field> {
        match name {
            "email" => Some(Field::Email),
            "topics" => Some(Field::Topics),
            "types" => Some(Field::Types),
            "consent" => Some(Field::Consent),
            _ => None,
        }
    }
}

/// Why an endpoint refused a submission for good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub status: u16,
    pub field: Option<Field>,
    pub code: Option<String>,
    pub message: Option<String>,
}

/// What to do with a submission after an attempt to send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    /// Stored by the endpoint (or, for an opaque cross-site form post, handed over): forget it.
    Delivered,
    /// Not stored, but worth sending again: offline, time-out, 5xx, 408, 425 or 429. `after_ms` is the server's
    /// `Retry-After`, when it gave one.
    Retry { after_ms: Option<u64> },
    /// Refused for good (any other 4xx): tell the reader and forget it.
    Rejected(Rejection),
}

/// Reads an HTTP answer. `status` 0 is an opaque answer to a `no-cors` request, which cannot be read but means
/// the request reached the server. `body` is the answer parsed as JSON, when it was JSON.
pub fn classify(status: u16, body: Option<&Value>, retry_after: Option<&str>) -> SendOutcome {
    match status {
        0 | 200..=299 => SendOutcome::Delivered,
        408 | 425 | 429 | 500..=599 => {
            SendOutcome::Retry { after_ms: retry_after.and_then(|v| v.trim().parse::<u64>().ok()).map(|s| s.saturating_mul(1000)) }
        }
        _ => {
            let error = body.and_then(|b| b.get("error"));
            let text = |key: &str| error.and_then(|e| e.get(key)).and_then(Value::as_str).map(str::to_string);
            SendOutcome::Rejected(Rejection {
                status,
                field: text("field").as_deref().and_then(Field::from_name),
                code: text("code"),
                message: text("message"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn good_addresses() {
        assert_eq!(check_email("  Jane.Doe+news@Example.ORG "), Ok("Jane.Doe+news@example.org".into()));
        assert_eq!(check_email("ali@müller.de"), Ok("ali@müller.de".into()));
        assert_eq!(check_email("и.петров@почта.рф"), Ok("и.петров@почта.рф".into()));
        assert_eq!(check_email("a@b.co"), Ok("a@b.co".into()));
        assert!(check_email("x@xn--80ak6aa92e.com").is_ok());
    }

    #[test]
    fn bad_addresses_say_what_is_wrong() {
        assert_eq!(check_email(""), Err(EmailError::Empty));
        assert_eq!(check_email("   "), Err(EmailError::Empty));
        assert_eq!(check_email("jane.example.org"), Err(EmailError::NoAt));
        assert_eq!(check_email("a@b@c.org"), Err(EmailError::NoAt));
        assert_eq!(check_email("@example.org"), Err(EmailError::BadLocalPart));
        assert_eq!(check_email("jane doe@example.org"), Err(EmailError::BadLocalPart));
        assert_eq!(check_email("jane..doe@example.org"), Err(EmailError::BadLocalPart));
        assert_eq!(check_email("<jane>@example.org"), Err(EmailError::BadLocalPart));
        assert_eq!(check_email("jane@localhost"), Err(EmailError::BadDomain));
        assert_eq!(check_email("jane@example..org"), Err(EmailError::BadDomain));
        assert_eq!(check_email("jane@-example.org"), Err(EmailError::BadDomain));
        assert_eq!(check_email("jane@10.0.0.1"), Err(EmailError::BadDomain));
        assert_eq!(check_email("jane@exa mple.org"), Err(EmailError::BadDomain));
        assert_eq!(check_email("jane@ex\u{202e}ample.org"), Err(EmailError::BadDomain), "a bidi override");
        assert_eq!(check_email("ja\u{200b}ne@example.org"), Err(EmailError::BadLocalPart), "a zero-width space");
        assert_eq!(check_email("jane@\u{1f600}.org"), Err(EmailError::BadDomain));
        assert_eq!(check_email("jane@example.org\r\nBcc: x@y.z"), Err(EmailError::NoAt));
        assert_eq!(check_email("jane@example.org\r\nX-Spam: 1"), Err(EmailError::BadDomain));
        assert_eq!(check_email(&format!("{}@example.org", "a".repeat(65))), Err(EmailError::BadLocalPart));
        assert_eq!(check_email(&format!("a@{}.org", "b".repeat(260))), Err(EmailError::TooLong));
        assert!(EmailError::BadDomain.to_string().contains("example.org"));
    }

    fn submission() -> Submission {
        Submission {
            email: "jane@example.org".into(),
            topics: vec!["elections".into(), "human-rights".into()],
            types: vec!["news".into()],
            lang: "az".into(),
            page_url: "https://news.example/a?b=1&c=2".into(),
            consent: true,
            idempotency_key: "k1234567".into(),
            honeypot: String::new(),
        }
    }

    #[test]
    fn json_format() {
        let body = submission().encode(PayloadFormat::Json, &FieldNames::default());
        assert_eq!(body.content_type, "application/json");
        let value: Value = serde_json::from_str(&body.body).expect("json");
        assert_eq!(
            value,
            json!({"email": "jane@example.org", "topics": ["elections", "human-rights"], "types": ["news"], "lang": "az",
                   "page_url": "https://news.example/a?b=1&c=2", "consent": true, "idempotency_key": "k1234567"})
        );
        let mut bot = submission();
        bot.honeypot = "http://spam.example".into();
        let value: Value = serde_json::from_str(&bot.encode(PayloadFormat::Json, &FieldNames::default()).body).expect("json");
        assert_eq!(value["website"], "http://spam.example");
    }

    #[test]
    fn form_format_with_renamed_and_omitted_fields() {
        let body = submission().encode(PayloadFormat::Form, &FieldNames::default());
        assert_eq!(body.content_type, "application/x-www-form-urlencoded");
        assert_eq!(
            body.body,
            "email=jane%40example.org&topics=elections&topics=human-rights&types=news&lang=az\
             &page_url=https%3A%2F%2Fnews.example%2Fa%3Fb%3D1%26c%3D2&consent=on&idempotency_key=k1234567"
        );
        let mut names = FieldNames::default();
        assert!(names.rename("email", "EMAIL"));
        assert!(names.rename("topics", "group[]"));
        assert!(names.rename("page_url", ""));
        assert!(names.rename("idempotency-key", ""));
        assert!(!names.rename("colour", "x"));
        let mut s = submission();
        s.consent = false;
        s.email = "a b@c.d".into();
        assert_eq!(
            s.encode(PayloadFormat::Form, &names).body,
            "EMAIL=a+b%40c.d&group%5B%5D=elections&group%5B%5D=human-rights&types=news&lang=az"
        );
    }

    #[test]
    fn answers() {
        assert_eq!(classify(202, None, None), SendOutcome::Delivered);
        assert_eq!(classify(200, Some(&json!({"status": "pending", "duplicate": true})), None), SendOutcome::Delivered);
        assert_eq!(classify(0, None, None), SendOutcome::Delivered, "an opaque no-cors answer reached the server");
        assert_eq!(classify(503, None, Some("30")), SendOutcome::Retry { after_ms: Some(30_000) });
        assert_eq!(classify(429, None, Some("soon")), SendOutcome::Retry { after_ms: None });
        assert_eq!(classify(500, None, None), SendOutcome::Retry { after_ms: None });
        let body = json!({"error": {"code": "invalid_email", "field": "email", "message": "Enter an e-mail address."}});
        assert_eq!(
            classify(400, Some(&body), None),
            SendOutcome::Rejected(Rejection {
                status: 400,
                field: Some(Field::Email),
                code: Some("invalid_email".into()),
                message: Some("Enter an e-mail address.".into())
            })
        );
        assert_eq!(
            classify(403, Some(&json!("nope")), None),
            SendOutcome::Rejected(Rejection { status: 403, field: None, code: None, message: None })
        );
    }
}
