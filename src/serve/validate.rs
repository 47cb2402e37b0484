//! What `POST /api/subscribe` accepts: the JSON and form-encoded bodies decoded into one shape, then checked.
//!
//! Everything here is pure, so every rule is unit-tested without a server. Each refusal is a
//! [`ValidationError`] that knows its machine-readable code, the field it is about and a sentence for a reader.

use serde_json::Value;

use crate::json_fields::strip_position;
use crate::lang;
use crate::url::{is_absolute_http_url, MAX_URL_CHARS};
use crate::subscribe::payload::HONEYPOT_FIELD;
use crate::subscribe::{MAX_TOPIC_CHOICES, MAX_TYPE_CHOICES};

/// Idempotency keys are this long at least, so a guessable short key cannot collide with a reader's own.
pub const MIN_KEY_CHARS: usize = 8;
pub const MAX_KEY_CHARS: usize = 128;
/// Longer language tags are not language tags anyone uses.
const MAX_LANG_CHARS: usize = 35;
/// At most this many unknown topic ids are listed back, so a huge body cannot make a huge answer.
const MAX_LISTED_UNKNOWN: usize = 20;
const MAX_TYPE_ID_CHARS: usize = 40;

/// Why a submission was refused. The messages are whole sentences a reader can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    #[error("The request body is not valid JSON: {0}.")]
    InvalidJson(String),
    #[error("Enter your e-mail address.")]
    MissingEmail,
    #[error("Enter an e-mail address like name@example.org.")]
    InvalidEmail,
    #[error("Choose at least one topic.")]
    NoTopics,
    #[error("\"topics\" must be a list of topic ids.")]
    InvalidTopics,
    #[error("Choose at most {MAX_TOPIC_CHOICES} topics.")]
    TooManyTopics,
    #[error("{} not offered here: {}.", if .0.len() == 1 { "This topic is" } else { "These topics are" }, .0.join(", "))]
    UnknownTopic(Vec<String>),
    #[error("{0}")]
    InvalidType(String),
    #[error("Tick the consent box to subscribe.")]
    ConsentRequired,
    #[error("The idempotency key must be {MIN_KEY_CHARS} to {MAX_KEY_CHARS} letters, digits, '-' or '_'.")]
    InvalidKey,
    #[error("The language must be a language tag like en, ru or az.")]
    InvalidLang,
    #[error("The page address must be an http or https URL of at most {MAX_URL_CHARS} characters.")]
    InvalidPageUrl,
}

impl ValidationError {
    /// The machine-readable code of the JSON error.
    pub fn code(&self) -> &'static str {
        match self {
            ValidationError::InvalidJson(_) => "invalid_json",
            ValidationError::MissingEmail => "missing_email",
            ValidationError::InvalidEmail => "invalid_email",
            ValidationError::NoTopics => "no_topics",
            ValidationError::InvalidTopics => "invalid_topics",
            ValidationError::TooManyTopics => "too_many_topics",
            ValidationError::UnknownTopic(_) => "unknown_topic",
            ValidationError::InvalidType(_) => "invalid_type",
            ValidationError::ConsentRequired => "consent_required",
            ValidationError::InvalidKey => "invalid_key",
            ValidationError::InvalidLang => "invalid_lang",
            ValidationError::InvalidPageUrl => "invalid_page_url",
        }
    }

    /// The submitted field the error is about, so a form can point at it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ValidationError::InvalidJson(_) => None,
            ValidationError::MissingEmail | ValidationError::InvalidEmail => Some("email"),
            ValidationError::NoTopics
            | ValidationError::InvalidTopics
            | ValidationError::TooManyTopics
            | ValidationError::UnknownTopic(_) => Some("topics"),
            ValidationError::InvalidType(_) => Some("types"),
            ValidationError::ConsentRequired => Some("consent"),
            ValidationError::InvalidKey => Some("idempotency_key"),
            ValidationError::InvalidLang => Some("lang"),
            ValidationError::InvalidPageUrl => Some("page_url"),
        }
    }

    /// The JSON error object: `{"error": {"code", "field", "message", "topics"?}}`.
    pub fn to_json(&self) -> Value {
        let mut error = serde_json::json!({ "code": self.code(), "message": self.to_string() });
        if let (Some(field), Some(object)) = (self.field(), error.as_object_mut()) {
            object.insert("field".into(), Value::from(field));
        }
        if let (ValidationError::UnknownTopic(ids), Some(object)) = (self, error.as_object_mut()) {
            object.insert("topics".into(), Value::from(ids.clone()));
        }
        serde_json::json!({ "error": error })
    }
}

/// A body decoded but not yet checked: both formats come out in this shape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawSubmission {
    pub email: Option<String>,
    pub topics: Vec<String>,
    pub types: Vec<String>,
    pub lang: Option<String>,
    pub page_url: Option<String>,
    pub consent: bool,
    pub idempotency_key: Option<String>,
    /// True when the honeypot field was filled in: only bots see it.
    pub honeypot: bool,
}

/// A submission that passed every check, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// Trimmed, with the domain in lower case.
    pub email: String,
    /// Manifest topic ids, without duplicates, in the order sent.
    pub topics: Vec<String>,
    pub types: Vec<String>,
    pub lang: Option<String>,
    pub page_url: Option<String>,
    /// `None` when the client sent none (a plain form without script): the server makes one up.
    pub idempotency_key: Option<String>,
}

/// What a submission is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// The ids of the manifest's topics.
    pub topics: &'a [String],
    /// The ids `--types` allows; `None` allows any well-formed id.
    pub types: Option<&'a [String]>,
}

/// Decodes `application/json`: `{"email", "topics", "types", "lang", "page_url", "consent", "idempotency_key",
/// "website"}`. A field of the wrong JSON type is that field's error; unknown fields are ignored.
pub fn decode_json(body: &[u8]) -> Result<RawSubmission, ValidationError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ValidationError::InvalidJson(strip_position(&e.to_string())))?;
    let Value::Object(object) = value else {
        return Err(ValidationError::InvalidJson("the body must be a JSON object".into()));
    };
    let text = |name: &str, error: ValidationError| -> Result<Option<String>, ValidationError> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(error),
        }
    };
    let list = |name: &str, error: ValidationError| -> Result<Vec<String>, ValidationError> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(Vec::new()),
            // A single string is read as a comma-separated list, as in the form format.
            Some(Value::String(s)) => Ok(split_list(s)),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| item.as_str().map(str::to_string).ok_or_else(|| error.clone()))
                .collect::<Result<Vec<_>, _>>()
                .map(|items| items.iter().flat_map(|s| split_list(s)).collect()),
            Some(_) => Err(error),
        }
    };
    let consent = match object.get("consent") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => is_yes(s),
        Some(Value::Number(n)) => n.as_u64() == Some(1),
        Some(_) => return Err(ValidationError::ConsentRequired),
    };
    let honeypot = match object.get(HONEYPOT_FIELD) {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        // Anything else in the hidden field did not come from the form either.
        Some(_) => true,
    };
    Ok(RawSubmission {
        email: text("email", ValidationError::InvalidEmail)?,
        topics: list("topics", ValidationError::InvalidTopics)?,
        types: list("types", ValidationError::InvalidType("\"types\" must be a list of type ids.".into()))?,
        lang: text("lang", ValidationError::InvalidLang)?.filter(|s| !s.trim().is_empty()),
        page_url: text("page_url", ValidationError::InvalidPageUrl)?.filter(|s| !s.trim().is_empty()),
        consent,
        idempotency_key: text("idempotency_key", ValidationError::InvalidKey)?.filter(|s| !s.is_empty()),
        honeypot,
    })
}

/// Decodes `application/x-www-form-urlencoded` with the JSON format's field names. Topics and types may be
/// repeated (`topics=a&topics=b`, also `topics[]=`) or comma-separated; for other fields the last value wins, as
/// with a hidden "0" before a checkbox.
pub fn decode_form(body: &[u8]) -> RawSubmission {
    let mut raw = RawSubmission::default();
    for (name, value) in form_urlencoded::parse(body) {
        let value = value.into_owned();
        match name.trim_end_matches("[]") {
            "email" => raw.email = Some(value),
            "topics" | "topic" => raw.topics.extend(split_list(&value)),
            "types" | "type" => raw.types.extend(split_list(&value)),
            "lang" => raw.lang = Some(value).filter(|s| !s.trim().is_empty()),
            "page_url" => raw.page_url = Some(value).filter(|s| !s.trim().is_empty()),
            "consent" => raw.consent = is_yes(&value),
            "idempotency_key" => raw.idempotency_key = Some(value).filter(|s| !s.is_empty()),
            HONEYPOT_FIELD => raw.honeypot |= !value.trim().is_empty(),
            _ => {}
        }
    }
    raw
}

/// What a ticked checkbox or a "yes" sends.
pub fn is_yes(value: &str) -> bool {
    matches!(value.trim().to_ascii_lowercase().as_str(), "on" | "true" | "1" | "yes")
}

fn split_list(value: &str) -> Vec<String> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Checks a decoded submission; the first problem found, in the order of the form's fields, is returned.
pub fn validate(raw: &RawSubmission, rules: Rules<'_>) -> Result<Submission, ValidationError> {
    let email = match raw.email.as_deref().map(str::trim) {
        None | Some("") => return Err(ValidationError::MissingEmail),
        Some(email) => normalize_email(email).ok_or(ValidationError::InvalidEmail)?,
    };
    let topics = validate_topics(&raw.topics, rules.topics)?;
    let types = validate_types(&raw.types, rules.types)?;
    let lang = match raw.lang.as_deref().map(str::trim) {
        None => None,
        Some(lang) if lang.len() <= MAX_LANG_CHARS && lang::is_tag(lang) => Some(lang.to_string()),
        Some(_) => return Err(ValidationError::InvalidLang),
    };
    let page_url = match raw.page_url.as_deref().map(str::trim) {
        None => None,
        Some(url) if is_absolute_http_url(url) => Some(url.to_string()),
        Some(_) => return Err(ValidationError::InvalidPageUrl),
    };
    if !raw.consent {
        return Err(ValidationError::ConsentRequired);
    }
    let idempotency_key = match raw.idempotency_key.as_deref() {
        None => None,
        Some(key) if is_key(key) => Some(key.to_string()),
        Some(_) => return Err(ValidationError::InvalidKey),
    };
    Ok(Submission { email, topics, types, lang, page_url, idempotency_key })
}

/// The address as stored (trimmed, the domain in lower case), or `None` when it is not an address mail can be
/// sent to: one `@`; before it 1 to 64 characters without spaces, control characters, `<>()[],;:"\` or stray
/// dots; after it at least two labels of letters (any script, for international domains), digits and inner
/// hyphens, the last not all digits. Quoted local parts and IP literals are valid in RFC 5322 but not accepted:
/// subscription forms do not need them and mail headers are safer without them.
pub fn normalize_email(input: &str) -> Option<String> {
    // One rule for the widget and the server: the panel never sends what the server would refuse.
    let checked = crate::subscribe::check_email(input).ok()?;
    // The shared check folds only ASCII (Unicode case tables would weigh on the wasm); the server can afford full
    // lower-casing, so one international domain written in two cases is stored the same way.
    let (local, domain) = checked.rsplit_once('@')?;
    Some(format!("{local}@{}", domain.to_lowercase()))
}

/// Topic ids without duplicates, each one of the manifest's.
pub fn validate_topics(topics: &[String], known: &[String]) -> Result<Vec<String>, ValidationError> {
    let unique = dedup(topics);
    if unique.is_empty() {
        return Err(ValidationError::NoTopics);
    }
    if unique.len() > MAX_TOPIC_CHOICES {
        return Err(ValidationError::TooManyTopics);
    }
    let unknown: Vec<String> = unique
        .iter()
        .filter(|id| !known.contains(id))
        .take(MAX_LISTED_UNKNOWN)
        .map(|id| crate::text::truncate_chars(id, 100).into_owned())
        .collect();
    if !unknown.is_empty() {
        return Err(ValidationError::UnknownTopic(unknown));
    }
    Ok(unique)
}

/// Type ids without duplicates: `[a-z0-9][a-z0-9_-]{0,39}`, and among `allowed` when the server restricts them.
pub fn validate_types(types: &[String], allowed: Option<&[String]>) -> Result<Vec<String>, ValidationError> {
    let unique = dedup(types);
    if unique.len() > MAX_TYPE_CHOICES {
        return Err(ValidationError::InvalidType(format!("Choose at most {MAX_TYPE_CHOICES} types of information.")));
    }
    for id in &unique {
        if !is_type_id(id) {
            let shown = crate::text::truncate_chars(id, 60);
            return Err(ValidationError::InvalidType(format!(
                "\"{shown}\" is not a type id (lower-case letters, digits, '-' and '_', at most {MAX_TYPE_ID_CHARS})."
            )));
        }
        if let Some(allowed) = allowed.filter(|allowed| !allowed.contains(id)) {
            return Err(ValidationError::InvalidType(format!(
                "\"{id}\" is not a type of information offered here; choose among: {}.",
                allowed.join(", ")
            )));
        }
    }
    Ok(unique)
}

fn dedup(items: &[String]) -> Vec<String> {
    let mut unique: Vec<String> = Vec::with_capacity(items.len());
    for item in items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !unique.iter().any(|seen| seen == item) {
            unique.push(item.to_string());
        }
    }
    unique
}

/// `[a-z0-9][a-z0-9_-]{0,39}`: the ids `--types` takes and submissions send.
pub fn is_type_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    let allowed = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    !bytes.is_empty()
        && bytes.len() <= MAX_TYPE_ID_CHARS
        && bytes.first().is_some_and(allowed)
        && bytes.iter().all(|b| allowed(b) || matches!(b, b'-' | b'_'))
}

/// An idempotency key: 8 to 128 of `[A-Za-z0-9_-]`.
pub fn is_key(key: &str) -> bool {
    (MIN_KEY_CHARS..=MAX_KEY_CHARS).contains(&key.len())
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The widget writes the payload (`subscribe::payload`) and the server reads it (here): both ends must agree
    /// on every field in both formats, honeypot included.
    #[test]
    fn reads_exactly_what_the_widget_writes() {
        use crate::subscribe::payload::{FieldNames, PayloadFormat, Submission as Sent};
        let sent = Sent {
            email: " Jane@Example.ORG".into(),
            topics: vec!["elections".into(), "human-rights".into()],
            types: vec!["news".into(), "events".into()],
            lang: "az".into(),
            page_url: "https://news.example/a?x=1&y=2".into(),
            consent: true,
            idempotency_key: "0123456789abcdef0123456789abcdef".into(),
            honeypot: String::new(),
        };
        let expected = RawSubmission {
            email: Some(sent.email.clone()),
            topics: sent.topics.clone(),
            types: sent.types.clone(),
            lang: Some("az".into()),
            page_url: Some(sent.page_url.clone()),
            consent: true,
            idempotency_key: Some(sent.idempotency_key.clone()),
            honeypot: false,
        };
        let json = sent.encode(PayloadFormat::Json, &FieldNames::default());
        assert_eq!(decode_json(json.body.as_bytes()), Ok(expected.clone()));
        let form = sent.encode(PayloadFormat::Form, &FieldNames::default());
        assert_eq!(decode_form(form.body.as_bytes()), expected);
        let bot = Sent { honeypot: "https://spam.example".into(), ..sent };
        for format in [PayloadFormat::Json, PayloadFormat::Form] {
            let body = bot.encode(format, &FieldNames::default()).body;
            let raw = if format == PayloadFormat::Json { decode_json(body.as_bytes()).expect("json") } else { decode_form(body.as_bytes()) };
            assert!(raw.honeypot, "{format:?}");
        }
    }

    fn known() -> Vec<String> {
        ["elections", "economy", "human-rights"].iter().map(|s| s.to_string()).collect()
    }

    fn raw() -> RawSubmission {
        RawSubmission {
            email: Some(" Jane@Example.ORG ".into()),
            topics: vec!["elections".into()],
            consent: true,
            ..RawSubmission::default()
        }
    }

    fn check(raw: &RawSubmission) -> Result<Submission, ValidationError> {
        let topics = known();
        validate(raw, Rules { topics: &topics, types: None })
    }

    #[test]
    fn a_valid_submission_is_normalised() {
        let mut r = raw();
        r.topics = vec!["economy".into(), "elections".into(), "economy".into(), " ".into()];
        r.types = vec!["news".into(), "news".into(), "events".into()];
        r.lang = Some("ru-RU".into());
        r.page_url = Some("https://news.example/a?b=1".into());
        r.idempotency_key = Some("abc_DEF-123".into());
        let s = check(&r).expect("valid");
        assert_eq!(s.email, "Jane@example.org");
        assert_eq!(s.topics, ["economy", "elections"]);
        assert_eq!(s.types, ["news", "events"]);
        assert_eq!(s.lang.as_deref(), Some("ru-RU"));
        assert_eq!(s.idempotency_key.as_deref(), Some("abc_DEF-123"));
        assert_eq!(check(&raw()).expect("valid").idempotency_key, None);
    }

    #[test]
    fn emails() {
        for good in ["a@b.co", "ali@müller.de", "и.петров@почта.рф", "x+tag@sub.example.org", "x@xn--80ak6aa92e.com"] {
            let mut r = raw();
            r.email = Some(good.into());
            assert!(check(&r).is_ok(), "{good}");
        }
        let mut unicode = raw();
        unicode.email = Some("Ivan@ПОЧТА.РФ".into());
        assert_eq!(check(&unicode).expect("valid").email, "Ivan@почта.рф");
        for bad in [
            "plain",
            "a@b@c.org",
            "@example.org",
            "a b@example.org",
            "<a>@example.org",
            "a\"b@example.org",
            "a@localhost",
            "a@-x.org",
            "a@x-.org",
            "a@x..org",
            "a@10.0.0.1",
            "a@exa_mple.org",
            "a..b@example.org",
            ".a@example.org",
            "a@ex\u{202e}ample.org",
            "a@\u{1f600}.org",
            "a@example.org\r\nBcc: b@c.org",
        ] {
            let mut r = raw();
            r.email = Some(bad.into());
            assert_eq!(check(&r), Err(ValidationError::InvalidEmail), "{bad}");
        }
        let mut long_local = raw();
        long_local.email = Some(format!("{}@example.org", "a".repeat(65)));
        assert_eq!(check(&long_local), Err(ValidationError::InvalidEmail));
        let mut long_label = raw();
        long_label.email = Some(format!("a@{}.org", "b".repeat(64)));
        assert_eq!(check(&long_label), Err(ValidationError::InvalidEmail));
        let mut too_long = raw();
        too_long.email = Some(format!("a@{}.org", vec!["b".repeat(60); 5].join(".")));
        assert_eq!(check(&too_long), Err(ValidationError::InvalidEmail));
        for missing in [None, Some("  ".to_string())] {
            let mut r = raw();
            r.email = missing;
            assert_eq!(check(&r), Err(ValidationError::MissingEmail));
        }
    }

    #[test]
    fn topics() {
        let mut r = raw();
        r.topics = vec![];
        assert_eq!(check(&r), Err(ValidationError::NoTopics));
        r.topics = vec!["elections".into(), "weather".into(), "sport".into(), "weather".into()];
        let error = check(&r).expect_err("unknown");
        assert_eq!(error, ValidationError::UnknownTopic(vec!["weather".into(), "sport".into()]));
        assert_eq!(error.to_string(), "These topics are not offered here: weather, sport.");
        assert_eq!(error.to_json()["error"]["topics"], serde_json::json!(["weather", "sport"]));
        assert_eq!(error.to_json()["error"]["field"], "topics");
        r.topics = (0..51).map(|i| format!("t{i}")).collect();
        assert_eq!(check(&r), Err(ValidationError::TooManyTopics));
    }

    #[test]
    fn types() {
        let ok = |types: &[&str], allowed: Option<&[String]>| {
            validate_types(&types.iter().map(|s| s.to_string()).collect::<Vec<_>>(), allowed)
        };
        assert_eq!(ok(&["news", "a_b-c", "9"], None), Ok(vec!["news".into(), "a_b-c".into(), "9".into()]));
        assert!(ok(&[], None).expect("none").is_empty());
        for bad in ["News", "-news", "_x", "a b", "é", &"a".repeat(41)] {
            assert!(matches!(ok(&[bad], None), Err(ValidationError::InvalidType(_))), "{bad}");
        }
        let allowed = vec!["news".to_string(), "events".to_string()];
        assert!(ok(&["news"], Some(&allowed)).is_ok());
        let error = ok(&["reports"], Some(&allowed)).expect_err("not allowed");
        assert_eq!(error.field(), Some("types"));
        assert!(error.to_string().contains("news, events"), "{error}");
        let many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
        assert!(validate_types(&many, None).is_err());
    }

    #[test]
    fn key_consent_lang_and_page_url() {
        let mut r = raw();
        r.consent = false;
        assert_eq!(check(&r), Err(ValidationError::ConsentRequired));
        for bad in ["short", "has space here", "ключ-ключ-ключ", &"k".repeat(129)] {
            let mut r = raw();
            r.idempotency_key = Some(bad.into());
            assert_eq!(check(&r), Err(ValidationError::InvalidKey), "{bad}");
        }
        assert!(is_key("12345678") && is_key(&"K".repeat(128)));
        for bad in ["english", "e", "en_!", &format!("en-{}", "a".repeat(40))] {
            let mut r = raw();
            r.lang = Some(bad.into());
            assert_eq!(check(&r), Err(ValidationError::InvalidLang), "{bad}");
        }
        for bad in ["javascript:alert(1)", "/relative", "https://", "https:///x", "http://a b", "ftp://x.org"] {
            let mut r = raw();
            r.page_url = Some(bad.into());
            assert_eq!(check(&r), Err(ValidationError::InvalidPageUrl), "{bad}");
        }
        let mut long = raw();
        long.page_url = Some(format!("https://x.org/{}", "a".repeat(2048)));
        assert_eq!(check(&long), Err(ValidationError::InvalidPageUrl));
        assert!(is_absolute_http_url("HTTP://X.org/é"));
    }

    #[test]
    fn json_bodies() {
        let body = br#"{"email":"a@b.org","topics":["elections"],"types":["news"],"lang":"az",
            "page_url":"https://x.org/","consent":true,"idempotency_key":"k1234567","extra":1}"#;
        let raw = decode_json(body).expect("decodes");
        assert_eq!(raw.email.as_deref(), Some("a@b.org"));
        assert_eq!(raw.topics, ["elections"]);
        assert!(raw.consent && !raw.honeypot);
        assert!(decode_json(br#"{"email":"a@b.org","website":"http://spam"}"#).expect("decodes").honeypot);
        assert!(!decode_json(br#"{"website":""}"#).expect("decodes").honeypot);
        assert_eq!(decode_json(br#"{"topics":"a, b,,c"}"#).expect("decodes").topics, ["a", "b", "c"]);
        assert!(decode_json(br#"{"consent":"on"}"#).expect("decodes").consent);
        assert!(matches!(decode_json(b"{nope"), Err(ValidationError::InvalidJson(_))));
        assert!(matches!(decode_json(b"[1]"), Err(ValidationError::InvalidJson(_))));
        assert_eq!(decode_json(br#"{"email":5}"#), Err(ValidationError::InvalidEmail));
        assert_eq!(decode_json(br#"{"topics":[1]}"#), Err(ValidationError::InvalidTopics));
        assert_eq!(decode_json(br#"{"idempotency_key":true}"#), Err(ValidationError::InvalidKey));
        assert_eq!(decode_json(br#"{"consent":[]}"#), Err(ValidationError::ConsentRequired));
        let message = decode_json(b"{\"a\":").expect_err("cut").to_string();
        assert!(message.starts_with("The request body is not valid JSON: ") && !message.contains("line"), "{message}");
    }

    #[test]
    fn form_bodies() {
        let raw = decode_form(
            b"email=jane%40example.org&topics=elections&topics=economy%2Chuman-rights&types%5B%5D=news\
              &lang=az&page_url=https%3A%2F%2Fx.org%2F&consent=0&consent=on&idempotency_key=k1234567&website=",
        );
        assert_eq!(raw.email.as_deref(), Some("jane@example.org"));
        assert_eq!(raw.topics, ["elections", "economy", "human-rights"]);
        assert_eq!(raw.types, ["news"]);
        assert_eq!(raw.lang.as_deref(), Some("az"));
        assert_eq!(raw.page_url.as_deref(), Some("https://x.org/"));
        assert!(raw.consent && !raw.honeypot);
        assert_eq!(raw.idempotency_key.as_deref(), Some("k1234567"));
        assert!(decode_form(b"email=a%40b.org&website=spam").honeypot);
        for yes in ["on", "TRUE", "1", "yes"] {
            assert!(decode_form(format!("consent={yes}").as_bytes()).consent, "{yes}");
        }
        assert!(!decode_form(b"consent=no").consent);
        assert_eq!(decode_form(b"email=a+b%40c.org").email.as_deref(), Some("a b@c.org"));
    }

    #[test]
    fn error_json_shape() {
        let json = ValidationError::InvalidEmail.to_json();
        assert_eq!(
            json,
            serde_json::json!({"error": {"code": "invalid_email", "field": "email",
                "message": "Enter an e-mail address like name@example.org."}})
        );
        assert!(ValidationError::InvalidJson("x".into()).to_json()["error"].get("field").is_none());
    }
}
