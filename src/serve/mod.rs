//! `related-news serve`: the site's files plus the subscription endpoint, with double opt-in by e-mail.
//!
//! Submissions (`POST /api/subscribe`) are checked ([`validate`]), stored in SQLite ([`store`]) and answered only
//! after the commit; the confirmation e-mail is then dropped into an outbox folder ([`mail`]) for the site's mail
//! system to send. `GET /confirm` and `/unsubscribe` are the links in that e-mail. hyper on tokio carries the
//! requests ([`transport`]) to the application ([`app`], which sees plain [`http`] data); SIGTERM or SIGINT stops
//! accepting, lets every request in flight finish, closes the database and exits with 0.

pub mod app;
pub mod client;
pub mod delivery;
pub mod digest;
pub mod export;
pub mod http;
pub mod mail;
pub mod ratelimit;
pub mod site_manifest;
pub mod statics;
pub mod store;
pub mod transport;
pub mod validate;
pub mod wording;

#[cfg(test)]
mod properties;

use std::io::Write;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::signal::unix::{signal, SignalKind};

use crate::url;
use app::{App, Settings};
use ratelimit::RateLimiter;
use site_manifest::ManifestSource;
use store::Store;
use transport::Limits;

/// The buffer for one request head: request line and headers together.
const MAX_HEAD: usize = 16 * 1024;
/// A request head, or a body, must arrive whole within this; a slower client loses its connection.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// `serve`'s settings, as the command line gives them.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub manifest: PathBuf,
    pub db: PathBuf,
    pub outbox: PathBuf,
    pub addr: String,
    pub allow_origins: Vec<String>,
    /// Submissions per minute per client address; 0 turns the limit off.
    pub rate_limit: u32,
    pub public_url: Option<String>,
    pub from: Option<String>,
    pub max_body: usize,
    pub types: Option<Vec<String>>,
    pub workers: usize,
    /// `--trusted-proxy`: networks of reverse proxies whose forwarding headers name the client.
    pub trusted_proxies: Vec<String>,
    /// `--smtp`: the relay e-mail is sent through; without it, e-mail is written to the outbox folder.
    pub smtp: Option<String>,
    /// `--digest-every`: how often to run a digest in the server.
    pub digest_every: Option<Duration>,
}

/// Why the server could not start or stop cleanly.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("--root {0}: not a folder")]
    Root(String),
    #[error("{0}")]
    Manifest(String),
    #[error("{path}: {source}")]
    Database { path: String, source: store::StoreError },
    #[error("{path}: cannot create the outbox folder: {source}")]
    Outbox { path: String, source: std::io::Error },
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error("{0}")]
    Setting(String),
    #[error("cannot handle signals: {0}")]
    Signals(std::io::Error),
    #[error("cannot start the server's threads: {0}")]
    Runtime(std::io::Error),
}

/// Runs the server until SIGTERM or SIGINT.
pub fn run(config: Config) -> Result<(), ServeError> {
    if !config.root.is_dir() {
        return Err(ServeError::Root(config.root.display().to_string()));
    }
    let allow_origins = config.allow_origins.iter().map(|o| check_allowed_origin(o)).collect::<Result<Vec<_>, _>>()?;
    if let Some(bad) = config.types.iter().flatten().find(|t| !validate::is_type_id(t)) {
        return Err(ServeError::Setting(format!("--types: \"{bad}\" is not a type id (lower-case letters, digits, - and _)")));
    }
    let trusted_proxies = config
        .trusted_proxies
        .iter()
        .map(|text| client::Network::parse(text).map_err(|e| ServeError::Setting(format!("--trusted-proxy {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let relay = match &config.smtp {
        Some(url) => Some(delivery::relay(url).map_err(|e| ServeError::Setting(format!("--smtp {}: {e}", delivery::describe(url))))?),
        None => None,
    };
    let manifest = ManifestSource::load(&config.manifest).map_err(ServeError::Manifest)?;
    std::fs::create_dir_all(&config.outbox)
        .map_err(|source| ServeError::Outbox { path: config.outbox.display().to_string(), source })?;
    let store = Store::open(&config.db).map_err(|source| ServeError::Database { path: config.db.display().to_string(), source })?;
    let listener = bind(&config.addr)?;
    let local = listener.local_addr().map_err(|source| ServeError::Bind { addr: config.addr.clone(), source })?;

    let public_url = match &config.public_url {
        Some(url) => check_public_url(url)?,
        None => format!("http://{local}"),
    };
    let public_origin = {
        let (scheme, _) = public_url.split_once("://").unwrap_or(("http", ""));
        format!("{scheme}://{}", url::host_of(&public_url)).to_ascii_lowercase()
    };
    let from = match &config.from {
        Some(from) => crate::subscribe::check_email(from).map_err(|e| ServeError::Setting(format!("--from {from}: {e}")))?,
        None => mail::default_from(&public_url),
    };
    let app = Arc::new(App {
        settings: Settings {
            root: config.root.clone(),
            outbox: config.outbox.clone(),
            allow_origins,
            public_url,
            public_origin,
            from,
            types: config.types.clone(),
            trusted_proxies,
            queue_mail: relay.is_some(),
        },
        manifest,
        store: Mutex::new(Some(store)),
        limiter: Mutex::new(RateLimiter::new(config.rate_limit)),
    });
    write_unwritten_mail(&app);
    // The sender starts before the first request: what an earlier run left in the queue goes out now.
    let stop_mail = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sender = match relay {
        Some(relay) => {
            Some(delivery::start(app.clone(), relay, stop_mail.clone()).map_err(ServeError::Runtime)?)
        }
        None => None,
    };
    let digests = match config.digest_every {
        Some(every) => {
            let settings = digest::DigestConfig {
                db: config.db.clone(),
                manifest: config.manifest.clone(),
                outbox: config.outbox.clone(),
                smtp: config.smtp.clone(),
                since: None,
                dry_run: false,
                public_url: Some(app.settings.public_url.clone()),
                from: Some(app.settings.from.clone()),
                deliver_now: false,
            };
            let stop = stop_mail.clone();
            let thread = std::thread::Builder::new()
                .name("digest".into())
                .spawn(move || {
                    let mut next = std::time::Instant::now() + every;
                    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                        if std::time::Instant::now() >= next {
                            next += every;
                            match digest::run(&settings) {
                                Ok(r) => eprintln!("related-news: digest: {} subscribers, {} updates with {} articles", r.subscribers, r.updates, r.articles),
                                Err(error) => eprintln!("related-news: digest failed: {error}"),
                            }
                        }
                        std::thread::sleep(Duration::from_millis(200));
                    }
                })
                .map_err(ServeError::Runtime)?;
            Some(thread)
        }
        None => None,
    };
    let mail_to = match &config.smtp {
        Some(url) => format!("e-mail through {}", delivery::describe(url)),
        None => format!("e-mails in {}", config.outbox.display()),
    };

    // The application's work (SQLite, files) runs on at most `workers` threads; waiting on clients costs none.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(config.workers.max(1))
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let limits = Limits { max_head: MAX_HEAD, max_body: config.max_body, head_timeout: HEAD_TIMEOUT, body_timeout: BODY_TIMEOUT };
    let (answered, signal) = runtime.block_on(async {
        // Signals are taken over before the address is announced, so a stop sent right after it is a clean one.
        let mut terminate = signal(SignalKind::terminate()).map_err(ServeError::Signals)?;
        let mut interrupt = signal(SignalKind::interrupt()).map_err(ServeError::Signals)?;
        listener.set_nonblocking(true).map_err(|source| ServeError::Bind { addr: config.addr.clone(), source })?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|source| ServeError::Bind { addr: config.addr.clone(), source })?;
        println!(
            "related-news: serving {} on http://{local}/ (subscriptions in {}, {mail_to})",
            config.root.display(),
            config.db.display(),
        );
        let _ = std::io::stdout().flush();
        let (stopped, stop) = tokio::sync::oneshot::channel::<&'static str>();
        tokio::spawn(async move {
            let name = tokio::select! {
                _ = terminate.recv() => "SIGTERM",
                _ = interrupt.recv() => "SIGINT",
            };
            let _ = stopped.send(name);
            tokio::select! {
                _ = terminate.recv() => {}
                _ = interrupt.recv() => {}
            }
            eprintln!("related-news: second signal: exiting without waiting");
            std::process::exit(1);
        });
        let signal = Arc::new(Mutex::new(String::new()));
        let seen = signal.clone();
        let stop = async move {
            let name = stop.await.unwrap_or("a closed signal channel");
            *seen.lock().unwrap_or_else(PoisonError::into_inner) = name.to_string();
        };
        let answered = transport::serve(listener, app.clone(), limits, stop).await;
        let name = signal.lock().unwrap_or_else(PoisonError::into_inner).clone();
        Ok::<_, ServeError>((answered, name))
    })?;
    // The sender finishes the message in hand; what is left stays queued for the next start.
    stop_mail.store(true, std::sync::atomic::Ordering::SeqCst);
    if let Some(sender) = sender {
        let _ = sender.join();
    }
    if let Some(digests) = digests {
        let _ = digests.join();
    }
    let closed = app.store.lock().unwrap_or_else(PoisonError::into_inner).take().map(Store::close);
    match closed {
        Some(Err(error)) => eprintln!("related-news: stopped on {signal} after {answered} requests; closing the database failed: {error}"),
        _ => eprintln!("related-news: stopped on {signal} after {answered} requests; database closed"),
    }
    Ok(())
}

fn bind(addr: &str) -> Result<TcpListener, ServeError> {
    let error = |source| ServeError::Bind { addr: addr.to_string(), source };
    let addrs: Vec<SocketAddr> = addr.to_socket_addrs().map_err(error)?.collect();
    let mut last = std::io::Error::new(std::io::ErrorKind::AddrNotAvailable, "no address");
    for candidate in addrs {
        match TcpListener::bind(candidate) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = e,
        }
    }
    Err(error(last))
}

/// Every pending row whose e-mail was not written: the last run stopped between the commit and the outbox.
fn write_unwritten_mail(app: &App) {
    let rows = {
        let store = app.store.lock().unwrap_or_else(PoisonError::into_inner);
        store.as_ref().map(Store::unwritten_mail)
    };
    match rows {
        Some(Ok(rows)) if !rows.is_empty() => {
            for row in &rows {
                app.write_mail(row);
            }
            eprintln!("related-news: wrote {} confirmation e-mail(s) left from the last run", rows.len());
        }
        Some(Err(error)) => eprintln!("related-news: cannot list e-mails left to write: {error}"),
        _ => {}
    }
}

/// `--allow-origin`: `scheme://host[:port]`, as browsers send it in `Origin` (a trailing slash is dropped).
fn check_allowed_origin(origin: &str) -> Result<String, ServeError> {
    let origin = origin.trim().trim_end_matches('/');
    let parts = url::split(origin);
    let is_origin = url::is_http_url(origin) && parts.path.is_empty() && parts.query.is_none() && parts.fragment.is_none();
    match parts.authority.filter(|_| is_origin) {
        Some(host) if !host.is_empty() && !host.contains([' ', '@']) => Ok(origin.to_ascii_lowercase()),
        _ => Err(ServeError::Setting(format!("--allow-origin {origin}: give an origin like https://news.example (no path)"))),
    }
}

/// `--public-url`: an http or https URL; the trailing slash is dropped so links append to it.
fn check_public_url(url: &str) -> Result<String, ServeError> {
    let trimmed = url.trim().trim_end_matches('/');
    if url::is_absolute_http_url(trimmed) && !trimmed.contains(['?', '#']) {
        Ok(trimmed.to_string())
    } else {
        Err(ServeError::Setting(format!("--public-url {url}: give an http or https URL like https://news.example")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings() {
        assert_eq!(check_allowed_origin("https://News.example/").expect("origin"), "https://news.example");
        assert!(check_allowed_origin("news.example").is_err());
        assert!(check_allowed_origin("https://news.example/path").is_err());
        assert_eq!(check_public_url("https://news.example/base/").expect("url"), "https://news.example/base");
        assert!(check_public_url("ftp://x.org").is_err());
        assert_eq!(mail::default_from("http://127.0.0.1:8080"), "no-reply@localhost");
        assert_eq!(mail::default_from("http://[::1]:8080"), "no-reply@localhost");
        assert_eq!(mail::default_from("https://News.example/base"), "no-reply@news.example");
        assert_eq!(mail::default_from("https://news.example:8443"), "no-reply@news.example");
    }

    #[test]
    fn e_mails_left_unwritten_by_a_crash_are_written_at_the_next_start() {
        let dir = std::env::temp_dir().join(format!("related-news-recover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("outbox")).expect("dir");
        std::fs::write(dir.join("manifest.json"), r#"{"version": 1, "topics": [{"id": "elections"}], "articles": []}"#).expect("manifest");
        let mut store = Store::open(&dir.join("db.sqlite")).expect("store");
        let new = store::NewSubscription {
            idempotency_key: "key-00001".into(),
            email: "jane@example.org".into(),
            topics: vec!["elections".into()],
            types: vec![],
            lang: None,
            page_url: None,
            client_ip: None,
            created_at: "2026-11-22T10:15:00Z".into(),
            confirm_token: "c".repeat(32),
            unsubscribe_token: "u".repeat(32),
        };
        // Committed, and then the process died before the outbox: mail_written is still 0.
        assert!(matches!(store.insert(&new).expect("insert"), store::Inserted::New(_)));
        let app = App {
            settings: Settings {
                root: dir.clone(),
                outbox: dir.join("outbox"),
                allow_origins: vec![],
                public_url: "https://news.example".into(),
                public_origin: "https://news.example".into(),
                from: "no-reply@news.example".into(),
                types: None,
                trusted_proxies: Vec::new(),
                queue_mail: false,
            },
            manifest: ManifestSource::load(&dir.join("manifest.json")).expect("manifest"),
            store: Mutex::new(Some(store)),
            limiter: Mutex::new(RateLimiter::new(0)),
        };
        write_unwritten_mail(&app);
        let text = std::fs::read_to_string(dir.join("outbox").join("20261122T101500Z-1.eml")).expect("the e-mail");
        assert!(text.contains(&format!("https://news.example/confirm?token={}", "c".repeat(32))));
        let store = app.store.lock().expect("lock").take().expect("store");
        assert!(store.unwritten_mail().expect("unwritten").is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
