//! What the server answers: the subscription API, the links from the e-mail, the manifest and the site's files.
//!
//! Every request runs through [`App::handle`] on one of the worker threads. The database sits behind one mutex:
//! a write is a short transaction, and the answer goes out only after it committed.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::{Instant, SystemTime};

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::json;

use super::client::{client_address, rate_key, Network};
use super::site_manifest::ManifestSource;
use super::http::{Body, Request, Response};
use super::mail::{self, Sender};
use super::ratelimit::{retry_after_secs, RateLimiter};
use super::statics::{self, Resolved};
use super::store::{Inserted, MailRow, NewSubscription, Status, Store, StoreError};
use super::wording::{self, Lang, Page};
use super::validate::{self, Rules, ValidationError};
use crate::url::{self, host_of};

pub const SUBSCRIBE_PATH: &str = "/api/subscribe";
const JSON_TYPE: &str = "application/json";
const FORM_TYPE: &str = "application/x-www-form-urlencoded";
/// How long browsers may cache a preflight answer, in seconds.
const PREFLIGHT_MAX_AGE: &str = "600";
const ACCEPTED_MESSAGE: &str = "Check your inbox: we sent you a link to confirm the subscription.";

/// The server's settings, after the command line was checked.
#[derive(Debug, Clone)]
pub struct Settings {
    pub root: PathBuf,
    pub outbox: PathBuf,
    /// Origins (`https://news.example`) whose pages may post cross-origin.
    pub allow_origins: Vec<String>,
    /// The base of links in e-mails and pages, without a trailing slash.
    pub public_url: String,
    /// `scheme://host[:port]` of `public_url`: posts from there are same-site.
    pub public_origin: String,
    pub from: String,
    /// The type ids `--types` allows; `None` allows any well-formed id.
    pub types: Option<Vec<String>>,
    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` say who the client is (`--trusted-proxy`).
    pub trusted_proxies: Vec<Network>,
    /// E-mail goes to the queue for the relay (`--smtp`) rather than into the outbox folder.
    pub queue_mail: bool,
}

/// Everything the workers share.
#[derive(Debug)]
pub struct App {
    pub settings: Settings,
    pub manifest: ManifestSource,
    /// `None` once the server has closed it on the way out.
    pub store: Mutex<Option<Store>>,
    pub limiter: Mutex<RateLimiter>,
}

/// How a POST's `Origin` relates to this server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginCheck {
    /// No `Origin` header: curl, a server, an old browser's same-origin post.
    Absent,
    /// This server's own origin.
    SameSite,
    /// One of `--allow-origin`: the answer carries CORS headers for it.
    Allowed(String),
    Refused,
}

/// Sorts an `Origin` header: the allowed list first (exact match), then this server's origin as the `Host`
/// header or `--public-url` give it.
pub fn check_origin(origin: Option<&str>, host: Option<&str>, public_origin: &str, allowed: &[String]) -> OriginCheck {
    let Some(origin) = origin else { return OriginCheck::Absent };
    if allowed.iter().any(|a| a == origin) {
        return OriginCheck::Allowed(origin.to_string());
    }
    let own_host = host.is_some_and(|host| {
        let parts = url::split(origin);
        url::is_http_url(origin) && parts.path.is_empty() && parts.authority.is_some_and(|a| a.eq_ignore_ascii_case(host))
    });
    if own_host || origin.eq_ignore_ascii_case(public_origin) {
        OriginCheck::SameSite
    } else {
        OriginCheck::Refused
    }
}

/// `j***@example.org`: enough to follow a log, not enough to collect addresses from it.
pub fn mask_email(email: &str) -> String {
    match email.rsplit_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".into(),
    }
}

/// 128 random bits as 32 lower-case hex digits.
pub fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn is_token(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Now, as stored: RFC 3339 in UTC, to the second.
pub fn now_rfc3339() -> String {
    DateTime::<Utc>::from(SystemTime::now()).to_rfc3339_opts(SecondsFormat::Secs, true)
}

thread_local! {
    /// What the handler had to say about the request it is answering, for the transport's one log line.
    static LOG_DETAIL: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Notes what happened to a request (`pending topics=2`, `unknown token`): the transport ends its one log line
/// for the request with it. Never an e-mail address or a token.
fn log(_request: &Request, _status: u16, detail: &str) {
    LOG_DETAIL.with(|slot| *slot.borrow_mut() = detail.to_string());
}

/// Takes what [`App::handle`] noted about the request it just answered on this thread.
pub fn take_log_detail() -> String {
    LOG_DETAIL.with(|slot| std::mem::take(&mut *slot.borrow_mut()))
}

impl App {
    /// The client's address: the peer, or what a trusted proxy says.
    pub fn client(&self, request: &Request) -> IpAddr {
        client_address(request.peer.ip(), request.header("forwarded"), request.header("x-forwarded-for"), &self.settings.trusted_proxies)
    }

    /// Answers one request.
    pub fn handle(&self, request: &Request) -> Response {
        let path = request.path();
        let method = request.method.as_str();
        let response = match path {
            SUBSCRIBE_PATH => match method {
                "POST" => return self.subscribe(request),
                "OPTIONS" => self.preflight(request),
                _ => Response::error(405, "method_not_allowed", "Use POST to subscribe.").with_header("Allow", "POST, OPTIONS"),
            },
            _ if path.starts_with("/api/") => Response::error(404, "not_found", "There is no such API endpoint."),
            "/healthz" => match method {
                "GET" | "HEAD" => self.health(),
                _ => Response::error(405, "method_not_allowed", "Use GET.").with_header("Allow", "GET, HEAD"),
            },
            "/confirm" => match method {
                "GET" => return self.confirm(request),
                _ => Response::error(405, "method_not_allowed", "Open the confirmation link with GET.").with_header("Allow", "GET"),
            },
            "/preferences" => match method {
                "GET" | "POST" => return self.preferences(request),
                _ => Response::error(405, "method_not_allowed", "Use GET or POST.").with_header("Allow", "GET, POST"),
            },
            "/unsubscribe" => match method {
                "GET" | "POST" => return self.unsubscribe(request),
                _ => Response::error(405, "method_not_allowed", "Use GET or POST to unsubscribe.").with_header("Allow", "GET, POST"),
            },
            _ if method != "GET" && method != "HEAD" => {
                Response::new(405, "text/plain; charset=utf-8", "Method not allowed\n").with_header("Allow", "GET, HEAD")
            }
            "/manifest.json" => self.file(self.manifest.path().to_path_buf()),
            _ => match statics::resolve(&self.settings.root, path) {
                Resolved::File(file) => self.file(file),
                Resolved::Redirect(location) => {
                    let query = request.query();
                    let location = if query.is_empty() { location } else { format!("{location}?{query}") };
                    Response::new(301, "text/plain; charset=utf-8", "Moved\n").with_header("Location", &location)
                }
                Resolved::NotFound => Response::new(404, "text/plain; charset=utf-8", "Not found\n"),
            },
        };
        response.with_header("X-Content-Type-Options", "nosniff")
    }

    fn file(&self, path: PathBuf) -> Response {
        let opened = std::fs::File::open(&path).and_then(|file| file.metadata().map(|meta| (file, meta.len())));
        match opened {
            Ok((file, len)) => Response::file(file, len, &statics::content_type_of_file(&path)).with_header("Cache-Control", "no-cache"),
            Err(_) => Response::new(404, "text/plain; charset=utf-8", "Not found\n"),
        }
    }

    fn origin(&self, request: &Request) -> OriginCheck {
        check_origin(request.header("origin"), request.header("host"), &self.settings.public_origin, &self.settings.allow_origins)
    }

    /// `OPTIONS /api/subscribe`: the CORS preflight of a cross-origin JSON post.
    fn preflight(&self, request: &Request) -> Response {
        match self.origin(request) {
            OriginCheck::Allowed(origin) => Response::empty(204)
                .with_header("Access-Control-Allow-Origin", &origin)
                .with_header("Access-Control-Allow-Methods", "POST, OPTIONS")
                .with_header("Access-Control-Allow-Headers", "content-type")
                .with_header("Access-Control-Max-Age", PREFLIGHT_MAX_AGE)
                .with_header("Vary", "Origin"),
            OriginCheck::SameSite | OriginCheck::Absent => Response::empty(204).with_header("Allow", "POST, OPTIONS").with_header("Vary", "Origin"),
            OriginCheck::Refused => {
                Response::error(403, "origin_not_allowed", "Pages from this origin may not post subscriptions here.").with_header("Vary", "Origin")
            }
        }
    }

    /// `POST /api/subscribe`.
    fn subscribe(&self, request: &Request) -> Response {
        let origin = self.origin(request);
        let (status, detail, response) = self.subscribe_inner(request, &origin);
        let mut response = response.with_header("Cache-Control", "no-store").with_header("Vary", "Origin");
        if let OriginCheck::Allowed(origin) = &origin {
            response = response.with_header("Access-Control-Allow-Origin", origin);
        }
        log(request, status, &detail);
        response.with_header("X-Content-Type-Options", "nosniff")
    }

    /// The answer, its status and a line for the log.
    fn subscribe_inner(&self, request: &Request, origin: &OriginCheck) -> (u16, String, Response) {
        let refuse = |status: u16, code: &str, message: &str| (status, code.to_string(), Response::error(status, code, message));
        if *origin == OriginCheck::Refused {
            return refuse(403, "origin_not_allowed", "Pages from this origin may not post subscriptions here.");
        }
        let wait = {
            let mut limiter = self.limiter.lock().unwrap_or_else(PoisonError::into_inner);
            limiter.check(rate_key(self.client(request)), Instant::now()).err()
        };
        if let Some(wait) = wait {
            let secs = retry_after_secs(wait);
            let (status, code, response) =
                refuse(429, "rate_limited", &format!("Too many subscriptions from this address; try again in {secs} seconds."));
            return (status, code, response.with_header("Retry-After", &secs.to_string()));
        }
        let media_type = request
            .header("content-type")
            .and_then(|value| value.split(';').next())
            .map(|value| value.trim().to_ascii_lowercase())
            .unwrap_or_default();
        if media_type != JSON_TYPE && media_type != FORM_TYPE {
            return refuse(415, "unsupported_media_type", "Send the subscription as application/json or application/x-www-form-urlencoded.");
        }
        let body = match &request.body {
            Body::Complete(body) => body,
            Body::TooLarge { declared } => {
                return refuse(413, "body_too_large", &format!("The request body ({declared} bytes) is larger than this server accepts."));
            }
        };
        let raw = if media_type == JSON_TYPE {
            match validate::decode_json(body) {
                Ok(raw) => raw,
                Err(error) => return invalid(&error),
            }
        } else {
            validate::decode_form(body)
        };
        if raw.honeypot {
            // Answered like a real submission, so a bot learns nothing; nothing is stored or sent.
            return (202, "honeypot filled in: nothing stored".into(), accepted());
        }
        let catalog = self.manifest.current();
        let rules = Rules { topics: &catalog.ids, types: self.settings.types.as_deref() };
        let submission = match validate::validate(&raw, rules) {
            Ok(submission) => submission,
            Err(error) => return invalid(&error),
        };
        let tokens = (|| Ok::<_, getrandom::Error>((random_token()?, random_token()?, random_token()?)))();
        let Ok((confirm_token, unsubscribe_token, generated_key)) = tokens else {
            return refuse(500, "internal_error", "The server could not draw random tokens; try again later.");
        };
        let new = NewSubscription {
            idempotency_key: submission.idempotency_key.unwrap_or(generated_key),
            email: submission.email,
            topics: submission.topics,
            types: submission.types,
            lang: submission.lang,
            page_url: submission.page_url,
            client_ip: Some(self.client(request).to_string()),
            created_at: now_rfc3339(),
            confirm_token,
            unsubscribe_token,
        };
        match self.with_store(|store| store.insert(&new)) {
            Ok(Inserted::New(row)) => {
                self.write_mail(&row);
                (202, format!("pending topics={}", row.topics.len()), accepted())
            }
            Ok(Inserted::Duplicate(status)) => {
                let message = match status {
                    Status::Pending => "This subscription was already received; check your inbox for the confirmation link.",
                    Status::Confirmed => "This subscription was already received and confirmed.",
                    Status::Unsubscribed => "This subscription was received before and has since been cancelled.",
                };
                let body = json!({ "status": status.as_str(), "duplicate": true, "message": message });
                (200, format!("duplicate {}", status.as_str()), Response::json(200, &body))
            }
            Ok(Inserted::KeyReused) => {
                let (status, code, response) = refuse(
                    409,
                    "key_reused",
                    "This idempotency key was already used for another e-mail address; send a new key.",
                );
                (status, code.to_string(), response)
            }
            Err(error) => {
                eprintln!("related-news: database error: {error}");
                refuse(500, "storage_error", "The subscription could not be stored; try again later.")
            }
        }
    }

    /// `GET /healthz`, for a load balancer or a monitor: 200 when the database answers a query, else 503.
    fn health(&self) -> Response {
        let response = match self.with_store(|store| store.count()) {
            Ok(_) => Response::json(200, &json!({ "status": "ok" })),
            Err(error) => {
                eprintln!("related-news: health check: the database does not answer: {error}");
                Response::json(503, &json!({ "status": "unavailable" }))
            }
        };
        response.with_header("Cache-Control", "no-store")
    }

    /// Runs `work` on the open database.
    pub fn with_store<T>(&self, work: impl FnOnce(&mut Store) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        match store.as_mut() {
            Some(store) => work(store),
            None => Err(StoreError::Missing),
        }
    }

    /// Writes a row's confirmation e-mail and marks it written. A failure is logged and left for the next start,
    /// which writes every pending row not marked.
    pub fn write_mail(&self, row: &MailRow) {
        let catalog = self.manifest.current();
        let sender = Sender {
            from: self.settings.from.clone(),
            site_name: catalog.site_name.clone().unwrap_or_else(|| host_of(&self.settings.public_url).to_string()),
            public_url: self.settings.public_url.clone(),
        };
        let message_id = random_token().unwrap_or_else(|_| format!("{}.{}", row.id, row.created_at.replace(':', "")));
        let message = match mail::compose(row, &catalog.topics, &sender, SystemTime::now(), &message_id) {
            Ok(message) => message,
            Err(error) => {
                eprintln!("related-news: row {}: {error}; it is tried again at the next start", row.id);
                return;
            }
        };
        if self.settings.queue_mail {
            let queued = self.with_store(|store| {
                store.queue_confirmation(row.id, &message.envelope_from, &message.envelope_to, message.text.as_bytes(), &now_rfc3339())
            });
            if let Err(error) = queued {
                eprintln!("related-news: row {}: cannot queue the e-mail: {error}; it is queued at the next start", row.id);
            }
            return;
        }
        match mail::write(&self.settings.outbox, &message) {
            Ok(_) => {
                if let Err(error) = self.with_store(|store| store.mark_mail_written(row.id)) {
                    eprintln!("related-news: row {}: e-mail written but not marked: {error}", row.id);
                }
            }
            Err(error) => eprintln!("related-news: row {}: {error}; it is written again at the next start", row.id),
        }
    }

    /// `GET /confirm?token=`.
    fn confirm(&self, request: &Request) -> Response {
        let token = query_token(request.query());
        let now = now_rfc3339();
        let outcome = if is_token(&token) { self.with_store(|store| store.confirm(&token, &now)) } else { Ok(None) };
        let (status, lang, page) = match outcome {
            Ok(Some((Status::Confirmed, lang))) => (200, Lang::pick(lang.as_deref()), Page::Confirmed),
            Ok(Some((_, lang))) => (410, Lang::pick(lang.as_deref()), Page::Cancelled),
            Ok(None) => (404, Lang::from_accept_language(request.header("accept-language")), Page::InvalidLink),
            Err(error) => {
                eprintln!("related-news: database error: {error}");
                (500, Lang::from_accept_language(request.header("accept-language")), Page::Failed)
            }
        };
        let detail = match page {
            Page::Confirmed => "confirmed",
            Page::Cancelled => "cancelled before confirmation",
            Page::InvalidLink => "unknown token",
            _ => "storage_error",
        };
        log(request, status, detail);
        self.page(status, lang, page)
    }

    /// `GET` or `POST /unsubscribe?token=`; the POST is RFC 8058's one-click unsubscribe from the mail program.
    /// `GET /unsubscribe?token=...` asks, with one button that posts the token back; `POST` unsubscribes, with the
    /// token in the form (that button) or in the query (RFC 8058 one-click, as mail clients send it). Mail scanners
    /// that open every link in a message only ever see the question.
    fn unsubscribe(&self, request: &Request) -> Response {
        let lang_of_reader = || Lang::from_accept_language(request.header("accept-language"));
        if request.method != "POST" {
            let token = query_token(request.query());
            let known = if is_token(&token) { self.with_store(|store| store.unsubscribe_lang(&token)) } else { Ok(None) };
            return match known {
                Ok(Some(lang)) => {
                    log(request, 200, "asked");
                    self.page_with_button(200, Lang::pick(lang.as_deref()), Page::ConfirmUnsubscribe, &token)
                }
                Ok(None) => {
                    log(request, 404, "unknown token");
                    self.page(404, lang_of_reader(), Page::InvalidLink)
                }
                Err(error) => {
                    eprintln!("related-news: database error: {error}");
                    log(request, 500, "storage_error");
                    self.page(500, lang_of_reader(), Page::Failed)
                }
            };
        }
        let from_form = match &request.body {
            Body::Complete(bytes) => query_token(&String::from_utf8_lossy(bytes)),
            Body::TooLarge { .. } => String::new(),
        };
        let token = if from_form.is_empty() { query_token(request.query()) } else { from_form };
        let now = now_rfc3339();
        let outcome = if is_token(&token) { self.with_store(|store| store.unsubscribe(&token, &now)) } else { Ok(None) };
        let (status, lang, page) = match outcome {
            Ok(Some((lang, changed))) => {
                log(request, 200, &format!("unsubscribed ({changed} rows)"));
                (200, Lang::pick(lang.as_deref()), Page::Unsubscribed)
            }
            Ok(None) => {
                log(request, 404, "unknown token");
                (404, lang_of_reader(), Page::InvalidLink)
            }
            Err(error) => {
                eprintln!("related-news: database error: {error}");
                log(request, 500, "storage_error");
                (500, lang_of_reader(), Page::Failed)
            }
        };
        self.page(status, lang, page)
    }

    /// `GET /preferences?token=...` (the unsubscribe token, from any e-mail) shows the manifest's topics with the
    /// subscriber's ticked; `POST` with `token` and `topics` saves the choice.
    fn preferences(&self, request: &Request) -> Response {
        let lang_of_reader = || Lang::from_accept_language(request.header("accept-language"));
        let form: Vec<(String, String)> = match &request.body {
            Body::Complete(bytes) if request.method == "POST" => {
                form_urlencoded::parse(bytes).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
            }
            _ => form_urlencoded::parse(request.query().as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
        };
        let token = form.iter().find(|(k, _)| k == "token").map(|(_, v)| v.clone()).unwrap_or_default();
        let catalog = self.manifest.current();
        let known = if is_token(&token) { self.with_store(|store| store.topics_for_token(&token)) } else { Ok(None) };
        let (current, lang, stored_lang) = match known {
            Ok(Some((topics, lang))) => (topics, Lang::pick(lang.as_deref()), lang),
            Ok(None) => {
                log(request, 404, "unknown token");
                return self.page(404, lang_of_reader(), Page::InvalidLink);
            }
            Err(error) => {
                eprintln!("related-news: database error: {error}");
                return self.page(500, lang_of_reader(), Page::Failed);
            }
        };
        let text = wording::topics_page(lang);
        let (chosen, note) = if request.method == "POST" {
            let chosen: Vec<String> =
                form.iter().filter(|(k, v)| k == "topics" && catalog.ids.contains(v)).map(|(_, v)| v.clone()).collect();
            if chosen.is_empty() {
                (current, text.none_chosen)
            } else {
                match self.with_store(|store| store.set_topics(&token, &chosen)) {
                    Ok(Some(_)) => {
                        log(request, 200, &format!("topics saved ({})", chosen.len()));
                        (chosen, text.saved)
                    }
                    Ok(None) => return self.page(404, lang, Page::InvalidLink),
                    Err(error) => {
                        eprintln!("related-news: database error: {error}");
                        return self.page(500, lang, Page::Failed);
                    }
                }
            }
        } else {
            (current, "")
        };
        let mut boxes = String::new();
        // The topics named in the subscriber's language (and those chosen already), as the form offered them.
        // By the language the subscriber's form had (a French reader was offered every topic), not the page's wording.
        let offered_by_language = crate::manifest::model::offered_topics(&catalog.topics, stored_lang.as_deref().unwrap_or(lang.code()));
        let offered = catalog.topics.iter().filter(|topic| chosen.contains(&topic.id) || offered_by_language.iter().any(|o| o.id == topic.id));
        for topic in offered {
            boxes.push_str(&format!(
                "<p><label><input type=\"checkbox\" name=\"topics\" value=\"{id}\"{checked}> {label}</label></p>\n",
                id = escape_html(&topic.id),
                checked = if chosen.contains(&topic.id) { " checked" } else { "" },
                label = escape_html(topic.label(lang.code(), catalog.site_lang.as_deref().unwrap_or("en"))),
            ));
        }
        let note = if note.is_empty() { String::new() } else { format!("<p role=\"status\"><strong>{}</strong></p>\n", escape_html(note)) };
        let extra = format!(
            "{note}<form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"token\" value=\"{token}\">\n{boxes}\
             <button type=\"submit\">{save}</button></form>\n",
            action = escape_html(&format!("{}/preferences", self.settings.public_url)),
            token = escape_html(&token),
            save = escape_html(text.save),
        );
        let site = catalog.site_name.clone().unwrap_or_else(|| host_of(&self.settings.public_url).to_string());
        self.render_custom_page(200, lang, text.title, &text.text.replace("{site}", &site), &extra)
    }

    /// [`App::page`] with a form of one button that posts `token` to `/unsubscribe`.
    fn page_with_button(&self, status: u16, lang: Lang, page: Page, token: &str) -> Response {
        let form = format!(
            "<form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"token\" value=\"{token}\">\
             <button type=\"submit\">{label}</button></form>\n",
            action = escape_html(&format!("{}/unsubscribe", self.settings.public_url)),
            token = escape_html(token),
            label = escape_html(wording::unsubscribe_button(lang)),
        );
        self.render_page(status, lang, page, &form)
    }

    /// A small self-contained page in the reader's language.
    fn page(&self, status: u16, lang: Lang, page: Page) -> Response {
        self.render_page(status, lang, page, "")
    }

    /// The page, with `extra` (markup this file wrote, its data already escaped) after the sentence.
    fn render_page(&self, status: u16, lang: Lang, page: Page, extra: &str) -> Response {
        let catalog = self.manifest.current();
        let site = catalog.site_name.clone().unwrap_or_else(|| host_of(&self.settings.public_url).to_string());
        let (title, text) = wording::page(lang, page);
        self.render_custom_page(status, lang, title, &text.replace("{site}", &site), extra)
    }

    /// A small self-contained page: a title, a sentence and `extra` (markup of ours, its data already escaped).
    fn render_custom_page(&self, status: u16, lang: Lang, title: &str, text: &str, extra: &str) -> Response {
        let catalog = self.manifest.current();
        let site = catalog.site_name.clone().unwrap_or_else(|| host_of(&self.settings.public_url).to_string());
        let html = format!(
            "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n\
             <title>{title} · {site}</title>\n\
             <style>body{{font:1.125rem/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}}\
             h1{{font-size:1.5rem}}a{{color:#0b57d0}}button{{font:inherit;padding:.5rem 1.25rem}}</style>\n</head>\n<body>\n\
             <main>\n<h1>{title}</h1>\n<p>{text}</p>\n{extra}<p><a href=\"{home}\">{back}</a></p>\n</main>\n</body>\n</html>\n",
            lang = lang.code(),
            title = escape_html(title),
            site = escape_html(&site),
            text = escape_html(text),
            home = escape_html(&format!("{}/", self.settings.public_url)),
            back = escape_html(wording::back_link(lang)),
        );
        Response::new(status, "text/html; charset=utf-8", html)
            .with_header("Cache-Control", "no-store")
            // The token is in this page's URL: no referrer may carry it to another site.
            .with_header("Referrer-Policy", "no-referrer")
            .with_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
            .with_header("X-Content-Type-Options", "nosniff")
    }
}

fn accepted() -> Response {
    Response::json(202, &json!({ "status": "pending", "message": ACCEPTED_MESSAGE }))
}

fn invalid(error: &ValidationError) -> (u16, String, Response) {
    (400, error.code().to_string(), Response::json(400, &error.to_json()))
}

fn query_token(query: &str) -> String {
    form_urlencoded::parse(query.as_bytes()).find(|(name, _)| name == "token").map(|(_, value)| value.into_owned()).unwrap_or_default()
}

/// Text made safe to put into HTML, in element content and in quoted attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        let allowed = vec!["https://news.example".to_string()];
        let check = |origin, host| check_origin(origin, host, "http://127.0.0.1:8080", &allowed);
        assert_eq!(check(None, Some("127.0.0.1:8080")), OriginCheck::Absent);
        assert_eq!(check(Some("https://news.example"), Some("api.example")), OriginCheck::Allowed("https://news.example".into()));
        assert_eq!(check(Some("http://127.0.0.1:8080"), Some("127.0.0.1:8080")), OriginCheck::SameSite);
        assert_eq!(check(Some("http://localhost:9000"), Some("localhost:9000")), OriginCheck::SameSite);
        assert_eq!(check(Some("http://127.0.0.1:8080"), None), OriginCheck::SameSite);
        assert_eq!(check(Some("https://evil.example"), Some("127.0.0.1:8080")), OriginCheck::Refused);
        assert_eq!(check(Some("https://news.example.evil"), None), OriginCheck::Refused);
        assert_eq!(check(Some("null"), Some("127.0.0.1:8080")), OriginCheck::Refused);
    }

    #[test]
    fn helpers() {
        assert_eq!(mask_email("jane@example.org"), "j***@example.org");
        assert_eq!(mask_email("nope"), "***");
        let token = random_token().expect("random");
        assert!(is_token(&token));
        assert_ne!(token, random_token().expect("random"));
        assert!(!is_token("ABC") && !is_token(&"g".repeat(32)));
        assert_eq!(query_token("a=1&token=abc%20d"), "abc d");
        assert_eq!(query_token(""), "");
        assert_eq!(escape_html("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert!(now_rfc3339().ends_with('Z'));
    }
}
