//! The requests and responses the application sees: plain data, with no I/O, so the handlers are tested without a
//! socket. The transport ([`super::transport`]) turns hyper's requests into these and these into hyper's responses.

use std::fs::File;
use std::net::SocketAddr;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_never_start_another_header() {
        let response = Response::empty(200).with_header("X-Test", "a\r\nSet-Cookie: b");
        assert_eq!(response.header("x-test"), Some("a  Set-Cookie: b"));
    }

    #[test]
    fn target_splits_into_path_and_query() {
        let request = Request {
            method: "GET".into(),
            target: "/confirm?token=abc".into(),
            headers: vec![("host".into(), "x".into())],
            body: Body::Complete(Vec::new()),
            peer: "127.0.0.1:1".parse().expect("addr"),
        };
        assert_eq!((request.path(), request.query(), request.header("host")), ("/confirm", "token=abc", Some("x")));
    }
}
