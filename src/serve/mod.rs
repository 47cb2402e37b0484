//! `related-news serve`: the site's files plus the subscription endpoint, with double opt-in by e-mail.
//!
//! Submissions (`POST /api/subscribe`) are checked ([`validate`]), stored in SQLite ([`store`]) and answered only
//! after the commit; the confirmation e-mail is then dropped into an outbox folder ([`mail`]) for the site's mail
//! system to send. `GET /confirm` and `/unsubscribe` are the links in that e-mail. One thread accepts connections
//! and a few workers answer them ([`http`], [`app`]); SIGTERM or SIGINT stops accepting, lets the workers finish
//! every connection already accepted, closes the database and exits with 0.

pub mod app;
pub mod export;
pub mod http;
pub mod mail;
pub mod ratelimit;
pub mod site_manifest;
pub mod statics;
pub mod store;
pub mod validate;
pub mod wording;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::url;
use app::{App, Settings};
use site_manifest::ManifestSource;
use http::{HttpError, Limits};
use ratelimit::RateLimiter;
use store::Store;

/// Connections accepted but not yet taken by a worker; past this the acceptor waits and the kernel queues.
const QUEUE: usize = 256;
const MAX_HEAD: usize = 16 * 1024;
/// Each read and write of a connection; a client slower than this loses the connection, not a worker.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

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
    #[error("cannot start a thread: {0}")]
    Thread(std::io::Error),
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
        None => default_from(&public_url),
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
        },
        manifest,
        store: Mutex::new(Some(store)),
        limiter: Mutex::new(RateLimiter::new(config.rate_limit)),
    });
    write_unwritten_mail(&app);

    // Signals are taken over before the address is announced, so a stop sent right after it is a clean one.
    let mut signals = Signals::new([SIGTERM, SIGINT]).map_err(ServeError::Signals)?;
    let stopping = Arc::new(AtomicBool::new(false));
    let signal_name = Arc::new(Mutex::new(String::new()));
    {
        let stopping = stopping.clone();
        let signal_name = signal_name.clone();
        thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    if stopping.swap(true, Ordering::SeqCst) {
                        eprintln!("related-news: second signal: exiting without waiting");
                        std::process::exit(1);
                    }
                    let name = if signal == SIGTERM { "SIGTERM" } else { "SIGINT" };
                    *signal_name.lock().unwrap_or_else(PoisonError::into_inner) = name.to_string();
                    wake(local);
                }
            })
            .map_err(ServeError::Thread)?;
    }

    println!(
        "related-news: serving {} on http://{local}/ (subscriptions in {}, e-mails in {})",
        config.root.display(),
        config.db.display(),
        config.outbox.display()
    );
    let _ = std::io::stdout().flush();

    let limits = Limits { max_head: MAX_HEAD, max_body: config.max_body, timeout: IO_TIMEOUT };
    let (sender, receiver) = mpsc::sync_channel::<TcpStream>(QUEUE);
    let receiver = Arc::new(Mutex::new(receiver));
    let served = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for n in 0..config.workers.max(1) {
        let (app, receiver, served) = (app.clone(), receiver.clone(), served.clone());
        let worker = thread::Builder::new()
            .name(format!("worker-{n}"))
            .spawn(move || work(&app, &receiver, &limits, &served))
            .map_err(ServeError::Thread)?;
        workers.push(worker);
    }
    accept(listener, &sender, &stopping);
    // Closing the queue tells the workers to stop once it is empty: every accepted connection is answered.
    drop(sender);
    for worker in workers {
        let _ = worker.join();
    }
    let closed = app.store.lock().unwrap_or_else(PoisonError::into_inner).take().map(Store::close);
    let signal = signal_name.lock().unwrap_or_else(PoisonError::into_inner).clone();
    match closed {
        Some(Err(error)) => eprintln!("related-news: stopped on {signal} after {} requests; closing the database failed: {error}", served.load(Ordering::SeqCst)),
        _ => eprintln!("related-news: stopped on {signal} after {} requests; database closed", served.load(Ordering::SeqCst)),
    }
    Ok(())
}

/// Takes connections until the stop flag is up, then also takes those that finished their handshake before the
/// listener closes: they were sent before the stop, so they are requests in flight.
fn accept(listener: TcpListener, queue: &SyncSender<TcpStream>, stopping: &AtomicBool) {
    while !stopping.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                if queue.send(stream).is_err() {
                    return;
                }
            }
            Err(error) => {
                if !stopping.load(Ordering::SeqCst) {
                    // Out of file descriptors, most likely: wait a little rather than spin.
                    eprintln!("related-news: cannot accept a connection: {error}");
                    thread::sleep(Duration::from_millis(50));
                }
            }
        }
    }
    if listener.set_nonblocking(true).is_ok() {
        while let Ok((stream, _)) = listener.accept() {
            if stream.set_nonblocking(false).is_err() || queue.send(stream).is_err() {
                break;
            }
        }
    }
}

fn work(app: &App, receiver: &Mutex<Receiver<TcpStream>>, limits: &Limits, served: &AtomicUsize) {
    loop {
        let next = receiver.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(stream) = next else { return };
        match http::serve_connection(stream, limits, &|request| app.handle(request)) {
            Ok(()) => {
                served.fetch_add(1, Ordering::Relaxed);
            }
            // A connection that sent nothing (a port probe, the stop's own wake-up) is not worth a line.
            Err(HttpError::Closed) => {}
            Err(error) => eprintln!("related-news: {error}"),
        }
    }
}

/// Unblocks the acceptor's `accept()` with a connection of our own.
fn wake(local: SocketAddr) {
    let target = match local.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), local.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), local.port()),
        _ => local,
    };
    let _ = TcpStream::connect_timeout(&target, Duration::from_secs(2));
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

/// `no-reply@` the public URL's host name, or `no-reply@localhost` when the host is an IP address.
fn default_from(public_url: &str) -> String {
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
        assert_eq!(default_from("http://127.0.0.1:8080"), "no-reply@localhost");
        assert_eq!(default_from("http://[::1]:8080"), "no-reply@localhost");
        assert_eq!(default_from("https://News.example/base"), "no-reply@news.example");
        assert_eq!(default_from("https://news.example:8443"), "no-reply@news.example");
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
