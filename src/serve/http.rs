//! A small HTTP/1.1 layer over std's TCP: one request per connection, a bounded head, a body read only up to the
//! limit the server sets, and a time limit on every read and write.
//!
//! It is written here rather than taken from tiny_http because tiny_http drains an unread body by allocating its
//! whole declared length when the request is dropped (one request claiming a huge `Content-Length` aborts the
//! process) and sets no socket time-outs (a client that stops sending holds a worker for ever). Request heads are
//! parsed by `httparse`. Every response closes the connection, which keeps shutdown simple: a request in flight is
//! a connection accepted and not yet answered.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// The most headers a request may have.
const MAX_HEADERS: usize = 64;
/// After answering a request whose body was not read, this much of it is read and thrown away before closing, so
/// the client gets the answer instead of a connection reset.
const MAX_LINGER_BYTES: usize = 1 << 20;
const LINGER_TIME: Duration = Duration::from_secs(2);

/// Sizes and times a connection is held to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Request line and headers together.
    pub max_head: usize,
    /// Bodies above this are not read: the handler sees [`Body::TooLarge`].
    pub max_body: usize,
    /// For each read and each write.
    pub timeout: Duration,
}

/// Why a connection ended without a request for the handler.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("the connection closed before a whole request arrived")]
    Closed,
    #[error("the client sent nothing for too long")]
    TimedOut,
    #[error("malformed request: {0}")]
    Malformed(&'static str),
    #[error("the request head is larger than {0} bytes or has too many headers")]
    HeadTooLarge(usize),
    #[error("bodies sent with Transfer-Encoding are not supported; send a Content-Length")]
    TransferEncoding,
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl HttpError {
    /// The answer to send, when the client should get one.
    fn response(&self) -> Option<Response> {
        let (status, code) = match self {
            HttpError::Closed | HttpError::Io(_) => return None,
            HttpError::TimedOut => (408, "request_timeout"),
            HttpError::Malformed(_) => (400, "bad_request"),
            HttpError::HeadTooLarge(_) => (431, "head_too_large"),
            HttpError::TransferEncoding => (411, "length_required"),
        };
        let mut message = self.to_string();
        if let Some(first) = message.get(..1) {
            message = first.to_uppercase() + &message[1..] + ".";
        }
        Some(Response::error(status, code, &message))
    }
}

/// A request body: read whole, or left unread because it was over the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Complete(Vec<u8>),
    TooLarge { declared: u64 },
}

/// One request, head and body.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// As sent: the path and the query, still percent-encoded.
    pub target: String,
    /// Names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Body,
    pub peer: SocketAddr,
}

impl Request {
    /// The first header of that (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The target without its query.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(self.target.as_str(), |(path, _)| path)
    }

    /// The query string, without the `?`.
    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, query)| query)
    }
}

/// What a response carries.
#[derive(Debug)]
pub enum ResponseBody {
    Bytes(Vec<u8>),
    File { file: File, len: u64 },
}

/// A response to write.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: ResponseBody,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response { status, headers: vec![("Content-Type".into(), content_type.into())], body: ResponseBody::Bytes(body.into()) }
    }

    pub fn empty(status: u16) -> Response {
        Response { status, headers: Vec::new(), body: ResponseBody::Bytes(Vec::new()) }
    }

    pub fn json(status: u16, value: &serde_json::Value) -> Response {
        Response::new(status, "application/json; charset=utf-8", value.to_string())
    }

    /// `{"error": {"code", "message"}}`.
    pub fn error(status: u16, code: &str, message: &str) -> Response {
        Response::json(status, &serde_json::json!({ "error": { "code": code, "message": message } }))
    }

    pub fn file(file: File, len: u64, content_type: &str) -> Response {
        Response { status: 200, headers: vec![("Content-Type".into(), content_type.into())], body: ResponseBody::File { file, len } }
    }

    /// Adds a header. Control characters in the value become spaces: a value can never start another header.
    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        let value: String = value.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        self.headers.push((name.to_string(), value));
        self
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The JSON body, for logs and tests.
    pub fn body_bytes(&self) -> &[u8] {
        match &self.body {
            ResponseBody::Bytes(bytes) => bytes,
            ResponseBody::File { .. } => &[],
        }
    }
}

/// Reads one request from the connection, answers it with `handle` and closes the connection. Returns the
/// protocol error when there was no request to handle (it was already answered when the client can be told).
pub fn serve_connection(mut stream: TcpStream, limits: &Limits, handle: &dyn Fn(&Request) -> Response) -> Result<(), HttpError> {
    let peer = stream.peer_addr()?;
    stream.set_read_timeout(Some(limits.timeout))?;
    stream.set_write_timeout(Some(limits.timeout))?;
    // Responses are written whole and then the connection closes: Nagle's delay would only add latency.
    stream.set_nodelay(true)?;
    match read_request(&mut stream, peer, limits) {
        Ok(request) => {
            let response = handle(&request);
            let unread_body = matches!(request.body, Body::TooLarge { .. });
            write_response(&mut stream, response, request.method == "HEAD")?;
            close(stream, unread_body);
            Ok(())
        }
        Err(error) => {
            if let Some(response) = error.response() {
                let _ = write_response(&mut stream, response, false);
                close(stream, true);
            }
            Err(error)
        }
    }
}

/// Reads the head, then the body when it is within the limit. A client that asked to be told before it sends the
/// body (`Expect: 100-continue`, as curl does for larger bodies) is told to go on only when the body will be read.
pub fn read_request<S: Read + Write>(stream: &mut S, peer: SocketAddr, limits: &Limits) -> Result<Request, HttpError> {
    let mut buffer: Vec<u8> = Vec::with_capacity(2048);
    let mut chunk = [0u8; 4096];
    let (head_len, method, target, headers) = loop {
        let read = match stream.read(&mut chunk) {
            Ok(0) => return Err(HttpError::Closed),
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if is_timeout(&e) => return Err(if buffer.is_empty() { HttpError::Closed } else { HttpError::TimedOut }),
            Err(e) => return Err(HttpError::Io(e)),
        };
        buffer.extend_from_slice(&chunk[..read]);
        let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut slots);
        match parsed.parse(&buffer) {
            Ok(httparse::Status::Complete(head_len)) => {
                let method = parsed.method.unwrap_or("").to_string();
                let target = parsed.path.unwrap_or("").to_string();
                let headers: Vec<(String, String)> = parsed
                    .headers
                    .iter()
                    .map(|h| (h.name.to_ascii_lowercase(), String::from_utf8_lossy(h.value).trim().to_string()))
                    .collect();
                break (head_len, method, target, headers);
            }
            Ok(httparse::Status::Partial) if buffer.len() >= limits.max_head => return Err(HttpError::HeadTooLarge(limits.max_head)),
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => return Err(HttpError::HeadTooLarge(limits.max_head)),
            Err(_) => return Err(HttpError::Malformed("not an HTTP/1.x request head")),
        }
    };
    if head_len > limits.max_head {
        return Err(HttpError::HeadTooLarge(limits.max_head));
    }
    if !(target.starts_with('/') || target == "*") {
        return Err(HttpError::Malformed("the request target must be a path"));
    }
    if headers.iter().any(|(name, _)| name == "transfer-encoding") {
        return Err(HttpError::TransferEncoding);
    }
    let length = content_length(&headers)?;
    let body = if length > limits.max_body as u64 {
        Body::TooLarge { declared: length }
    } else {
        // Within the limit, so it fits in memory; bytes past the declared length are ignored (one request only).
        let want = usize::try_from(length).map_err(|_| HttpError::Malformed("Content-Length"))?;
        let mut body: Vec<u8> = buffer.get(head_len..).unwrap_or(&[]).iter().take(want).copied().collect();
        let expects_continue = headers.iter().any(|(name, value)| name == "expect" && value.eq_ignore_ascii_case("100-continue"));
        if expects_continue && body.len() < want {
            stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
            stream.flush()?;
        }
        while body.len() < want {
            let read = match stream.read(&mut chunk[..(want - body.len()).min(4096)]) {
                Ok(0) => return Err(HttpError::Closed),
                Ok(read) => read,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if is_timeout(&e) => return Err(HttpError::TimedOut),
                Err(e) => return Err(HttpError::Io(e)),
            };
            body.extend_from_slice(&chunk[..read]);
        }
        Body::Complete(body)
    };
    Ok(Request { method, target, headers, body, peer })
}

/// The body's declared length: 0 without the header; several headers must agree.
fn content_length(headers: &[(String, String)]) -> Result<u64, HttpError> {
    let mut length: Option<u64> = None;
    for (_, value) in headers.iter().filter(|(name, _)| name == "content-length") {
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(HttpError::Malformed("Content-Length is not a number"));
        }
        let parsed: u64 = value.parse().map_err(|_| HttpError::Malformed("Content-Length is too large"))?;
        if length.is_some_and(|l| l != parsed) {
            return Err(HttpError::Malformed("Content-Length headers disagree"));
        }
        length = Some(parsed);
    }
    Ok(length.unwrap_or(0))
}

fn is_timeout(error: &io::Error) -> bool {
    matches!(error.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut)
}

/// Writes the status line, the headers, `Content-Length` and `Connection: close`, then the body unless
/// `head_only` (the answer to HEAD keeps the length of the GET answer).
pub fn write_response(stream: &mut impl Write, response: Response, head_only: bool) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(16 * 1024, stream);
    write!(out, "HTTP/1.1 {} {}\r\n", response.status, reason(response.status))?;
    let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now());
    write!(out, "Date: {}\r\n", now.format("%a, %d %b %Y %H:%M:%S GMT"))?;
    for (name, value) in &response.headers {
        write!(out, "{name}: {value}\r\n")?;
    }
    let len = match &response.body {
        ResponseBody::Bytes(bytes) => bytes.len() as u64,
        ResponseBody::File { len, .. } => *len,
    };
    // A 204 has no body and, by RFC 9110, no Content-Length either.
    if response.status != 204 {
        write!(out, "Content-Length: {len}\r\n")?;
    }
    out.write_all(b"Connection: close\r\n\r\n")?;
    if !head_only && response.status != 204 {
        match response.body {
            ResponseBody::Bytes(bytes) => out.write_all(&bytes)?,
            ResponseBody::File { file, len } => {
                let copied = io::copy(&mut file.take(len), &mut out)?;
                if copied < len {
                    // The file shrank while it was sent: the client must not take the short body as whole.
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file shrank while it was sent"));
                }
            }
        }
    }
    out.flush()
}

/// Ends the connection. With `linger`, what the client is still sending is read and dropped for a moment first:
/// closing a socket with unread data resets it, and the client could lose the answer.
fn close(stream: TcpStream, linger: bool) {
    let _ = stream.shutdown(Shutdown::Write);
    if linger {
        let mut stream = stream;
        let started = Instant::now();
        let _ = stream.set_read_timeout(Some(Duration::from_millis(250)));
        let mut sink = [0u8; 8192];
        let mut drained = 0;
        while drained < MAX_LINGER_BYTES && started.elapsed() < LINGER_TIME {
            match stream.read(&mut sink) {
                Ok(0) => break,
                Ok(read) => drained += read,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
    }
}

/// The reason phrase of the status codes this server sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits { max_head: 1024, max_body: 64, timeout: Duration::from_secs(1) };

    fn peer() -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], 5000))
    }

    fn read(bytes: &[u8]) -> Result<Request, HttpError> {
        read_request(&mut io::Cursor::new(bytes.to_vec()), peer(), &LIMITS)
    }

    /// A connection whose reads come from `input` and whose writes are kept.
    struct Pipe {
        input: io::Cursor<Vec<u8>>,
        output: Vec<u8>,
    }

    impl Read for Pipe {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.input.read(buf)
        }
    }

    impl Write for Pipe {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.output.write(buf)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn continue_is_sent_only_for_bodies_that_will_be_read() {
        let head = |length: usize| format!("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: {length}\r\n\r\n");
        let mut small = Pipe { input: io::Cursor::new(format!("{}{{}}", head(2)).into_bytes()), output: Vec::new() };
        // The head and the body arrive in one read here, so no 100 is needed.
        assert_eq!(read_request(&mut small, peer(), &LIMITS).expect("request").body, Body::Complete(b"{}".to_vec()));
        let mut split = Pipe { input: io::Cursor::new(head(2).into_bytes()), output: Vec::new() };
        assert!(matches!(read_request(&mut split, peer(), &LIMITS), Err(HttpError::Closed)));
        assert_eq!(split.output, b"HTTP/1.1 100 Continue\r\n\r\n");
        let mut large = Pipe { input: io::Cursor::new(head(1000).into_bytes()), output: Vec::new() };
        assert!(matches!(read_request(&mut large, peer(), &LIMITS).expect("request").body, Body::TooLarge { declared: 1000 }));
        assert!(large.output.is_empty());
    }

    #[test]
    fn reads_head_and_body() {
        let request = read(b"POST /api/subscribe?x=1 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}extra")
            .expect("request");
        assert_eq!(request.method, "POST");
        assert_eq!(request.path(), "/api/subscribe");
        assert_eq!(request.query(), "x=1");
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(request.body, Body::Complete(b"{}".to_vec()));
        assert_eq!(read(b"GET / HTTP/1.0\r\n\r\n").expect("get").body, Body::Complete(Vec::new()));
    }

    #[test]
    fn large_bodies_are_not_read() {
        let request = read(b"POST / HTTP/1.1\r\nContent-Length: 100000000000000000\r\n\r\n").expect("request");
        assert_eq!(request.body, Body::TooLarge { declared: 100_000_000_000_000_000 });
    }

    #[test]
    fn bad_requests() {
        assert!(matches!(read(b""), Err(HttpError::Closed)));
        assert!(matches!(read(b"GET / HTTP/1.1\r\nHost"), Err(HttpError::Closed)));
        assert!(matches!(read(b"\x16\x03\x01 binary"), Err(HttpError::Malformed(_))));
        assert!(matches!(read(b"GET http://a/ HTTP/1.1\r\n\r\n"), Err(HttpError::Malformed(_))));
        assert!(matches!(read(b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), Err(HttpError::Malformed(_))));
        assert!(matches!(read(b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), Err(HttpError::Malformed(_))));
        assert!(matches!(read(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"), Err(HttpError::TransferEncoding)));
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(2000));
        assert!(matches!(read(long.as_bytes()), Err(HttpError::HeadTooLarge(_))));
        let many: String = (0..70).map(|i| format!("X-{i}: 1\r\n")).collect();
        assert!(matches!(read(format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes()), Err(HttpError::HeadTooLarge(_))));
        assert_eq!(HttpError::TransferEncoding.response().map(|r| r.status), Some(411));
    }

    #[test]
    fn writes_responses() {
        let mut out = Vec::new();
        let response = Response::json(202, &serde_json::json!({"status": "pending"})).with_header("X-Test", "a\r\nInjected: b");
        write_response(&mut out, response, false).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with("HTTP/1.1 202 Accepted\r\nDate: "));
        assert!(text.lines().nth(1).is_some_and(|date| date.ends_with(" GMT")));
        assert!(text.contains("X-Test: a  Injected: b\r\n"));
        assert!(text.contains("Content-Length: 20\r\nConnection: close\r\n\r\n{\"status\":\"pending\"}"));
        let mut head = Vec::new();
        write_response(&mut head, Response::new(200, "text/plain", "hello"), true).expect("head");
        let head = String::from_utf8(head).expect("utf-8");
        assert!(head.ends_with("Content-Length: 5\r\nConnection: close\r\n\r\n"), "{head}");
    }
}
