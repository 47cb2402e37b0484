//! The HTTP transport of `serve`: hyper's HTTP/1.1 on tokio, with keep-alive and a deadline on each request head;
//! a deadline and a size limit on each body; the application's blocking work (SQLite, files) on a bounded pool of
//! threads; and a graceful stop that lets every request in flight finish.
//!
//! A client that sends slowly holds only a task waiting on its socket, never a thread the others need, and loses
//! its connection when its head or body is late as a whole, not per read.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue, CONTENT_LENGTH};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use super::app::{take_log_detail, App};
use super::http::{Body, Request, Response, ResponseBody};

/// Sizes and deadlines a connection is held to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The buffer for a request head: a larger head is refused.
    pub max_head: usize,
    /// Bodies above this are not read: the application sees [`Body::TooLarge`].
    pub max_body: usize,
    /// For the whole head of each request, from its first byte (and for an idle keep-alive connection).
    pub head_timeout: Duration,
    /// For the whole body of each request.
    pub body_timeout: Duration,
}

/// Serves `app` on `listener` until `stop` completes; then takes the connections that were already waiting, lets
/// every request in flight finish, and returns how many requests were answered.
pub async fn serve(listener: TcpListener, app: Arc<App>, limits: Limits, stop: impl Future<Output = ()>) -> usize {
    let graceful = GracefulShutdown::new();
    let answered = Arc::new(AtomicUsize::new(0));
    tokio::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => spawn_connection(stream, peer, &app, limits, &answered, &graceful),
                Err(error) => {
                    // Out of file descriptors, most likely: wait a little rather than spin.
                    eprintln!("related-news: cannot accept a connection: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            () = &mut stop => break,
        }
    }
    // Connections that finished their handshake before the stop were sent before it: they are requests in flight.
    while let Ok(Ok((stream, peer))) = tokio::time::timeout(Duration::from_millis(5), listener.accept()).await {
        spawn_connection(stream, peer, &app, limits, &answered, &graceful);
    }
    drop(listener);
    graceful.shutdown().await;
    answered.load(Ordering::SeqCst)
}

fn spawn_connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    app: &Arc<App>,
    limits: Limits,
    answered: &Arc<AtomicUsize>,
    graceful: &GracefulShutdown,
) {
    let _ = stream.set_nodelay(true);
    let (app, answered) = (app.clone(), answered.clone());
    let service = service_fn(move |request| {
        let (app, answered) = (app.clone(), answered.clone());
        async move {
            let response = respond(request, peer, app, limits).await;
            answered.fetch_add(1, Ordering::Relaxed);
            Ok::<_, Infallible>(response)
        }
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.head_timeout)
        .max_buf_size(limits.max_head)
        .keep_alive(true)
        // A client may send its whole request and shut its side (as `curl -T` or a socket's `end()` does): it still
        // gets its answer.
        .half_close(true)
        .serve_connection(TokioIo::new(stream), service);
    let connection = graceful.watch(connection);
    tokio::spawn(async move {
        // A client that goes away, sends garbage or is too slow ends its own connection; there is no one to tell.
        let _ = connection.await;
    });
}

/// Reads the body within its limits, runs the application on the blocking pool, and turns its answer into
/// hyper's.
async fn respond(request: hyper::Request<Incoming>, peer: SocketAddr, app: Arc<App>, limits: Limits) -> hyper::Response<Full<Bytes>> {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let head_only = parts.method == Method::HEAD;
    let method = parts.method.as_str().to_string();
    let target = parts.uri.path_and_query().map_or("/", |target| target.as_str()).to_string();
    let path = target.split_once('?').map_or(target.as_str(), |(path, _)| path).to_string();
    let mut headers = Vec::with_capacity(parts.headers.len());
    for (name, value) in &parts.headers {
        let Ok(value) = value.to_str() else {
            let response = Response::error(400, "bad_request", &format!("The {name} header is not text."));
            return finish(&method, &path, started, into_hyper(response, head_only), "");
        };
        headers.push((name.as_str().to_string(), value.to_string()));
    }
    let declared = parts.headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    let body = match declared {
        Some(declared) if declared > limits.max_body as u64 => Body::TooLarge { declared },
        _ => match tokio::time::timeout(limits.body_timeout, Limited::new(body, limits.max_body).collect()).await {
            Ok(Ok(collected)) => Body::Complete(collected.to_bytes().to_vec()),
            Ok(Err(error)) if error.downcast_ref::<LengthLimitError>().is_some() => {
                Body::TooLarge { declared: declared.unwrap_or(limits.max_body as u64 + 1) }
            }
            Ok(Err(_)) => {
                let response = Response::error(400, "bad_request", "The request body could not be read.");
                return finish(&method, &path, started, into_hyper(response, head_only), "");
            }
            Err(_) => {
                let response = Response::error(408, "request_timeout", "The request body took too long to arrive.");
                return finish(&method, &path, started, into_hyper(response, head_only), "");
            }
        },
    };
    let request = Request { method: method.clone(), target, headers, body, peer };
    let answer = tokio::task::spawn_blocking(move || {
        // Cleared first: a handler that panicked on this thread before may have left its note behind.
        let _ = take_log_detail();
        let response = into_hyper(app.handle(&request), head_only);
        (response, take_log_detail())
    })
    .await;
    let (response, detail) = answer.unwrap_or_else(|_| {
        // The handler panicked: the request gets a 500, the server goes on.
        (into_hyper(Response::error(500, "internal_error", "The server failed to answer."), head_only), String::new())
    });
    finish(&method, &path, started, response, &detail)
}

/// One log line per request: method, path (never the query, which carries tokens), status, time, and what the
/// application noted (`pending topics=2`, `rate_limited`).
fn finish(method: &str, path: &str, started: Instant, response: hyper::Response<Full<Bytes>>, detail: &str) -> hyper::Response<Full<Bytes>> {
    let detail = if detail.is_empty() { String::new() } else { format!(" {detail}") };
    eprintln!("related-news: {method} {path} {} {} ms{detail}", response.status().as_u16(), started.elapsed().as_millis());
    response
}

/// The application's answer as hyper's. A file is read whole here, on the blocking pool; an answer to HEAD keeps
/// the length of the answer to GET and sends no body.
fn into_hyper(response: Response, head_only: bool) -> hyper::Response<Full<Bytes>> {
    let status = StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (body, len) = match response.body {
        ResponseBody::Bytes(bytes) => {
            let len = bytes.len() as u64;
            (if head_only { Vec::new() } else { bytes }, len)
        }
        ResponseBody::File { file, len } if head_only => {
            drop(file);
            (Vec::new(), len)
        }
        ResponseBody::File { file, len } => {
            use std::io::Read;
            let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
            match file.take(len).read_to_end(&mut bytes) {
                Ok(read) if read as u64 == len => (bytes, len),
                // The file shrank or failed while it was read: the client must not take a short body as whole.
                _ => return into_hyper(Response::error(500, "internal_error", "The file could not be read."), head_only),
            }
        }
    };
    let mut out = hyper::Response::new(Full::new(Bytes::from(body)));
    *out.status_mut() = status;
    for (name, value) in &response.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_bytes(value.as_bytes())) {
            out.headers_mut().append(name, value);
        }
    }
    if status != StatusCode::NO_CONTENT {
        out.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(len));
    }
    out
}
