//! Plain request and response values and the `Transport` trait.
//!
//! The core never performs I/O: it describes a request as data, a transport
//! (reqwest in `reply-client`, a scripted fake in tests) sends it, and the core
//! decodes what came back.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

/// The HTTP methods Reply v3 uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    /// No operation of the spec uses it; a raw request may (a read).
    Head,
}

impl Method {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
        }
    }

    /// Parses a method name in any case.
    pub fn parse(text: &str) -> Option<Method> {
        Some(match text.to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            "HEAD" => Method::Head,
            _ => return None,
        })
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Header names whose values are never printed.
const SECRET_HEADERS: &[&str] = &["authorization", "x-api-key", "cookie", "set-cookie"];

/// True for a header whose value must not appear in logs or errors.
pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name))
}

/// Headers as an ordered list of name/value pairs (names compared case-insensitively).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(pub Vec<(String, String)>);

impl Headers {
    /// The first value of a header.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Sets a header, replacing any earlier values.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.0.push((name, value.into()));
    }

    /// Iterates over name/value pairs.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in &self.0 {
            if is_secret_header(name) {
                map.entry(name, &"[redacted]");
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}

/// An HTTP request as data.
#[derive(Clone)]
pub struct Request {
    pub method: Method,
    /// The absolute URL, query string included.
    pub url: String,
    /// Shared: the headers a client sends with every request are built once
    /// and most requests carry just those (`Arc::make_mut` to change one request's).
    pub headers: Arc<Headers>,
    pub body: Option<Bytes>,
}

impl fmt::Debug for Request {
    // Bodies can hold personal data (contact records), so only their size is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body_len", &self.body.as_ref().map(|b| b.len()))
            .finish()
    }
}

/// An HTTP response as data.
#[derive(Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Headers,
    pub body: Bytes,
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// How a transport failed. The distinction matters for writes: only a request
/// that provably never reached the server may be sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportErrorKind {
    /// The connection could not be made; nothing was sent.
    Connect,
    /// No answer within the timeout; the server may have acted.
    Timeout,
    /// The connection broke after the request was (perhaps partly) sent.
    ConnectionLost,
    /// The response body was larger than the configured cap.
    BodyTooLarge,
    /// Anything else (TLS, malformed HTTP, ...).
    Other,
}

impl TransportErrorKind {
    /// True when the server cannot have seen the request.
    pub fn request_not_sent(self) -> bool {
        matches!(self, TransportErrorKind::Connect)
    }
}

/// A transport failure. The message never contains headers or bodies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind:?}: {message}")]
pub struct TransportError {
    pub kind: TransportErrorKind,
    pub message: String,
}

impl TransportError {
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError { kind, message: message.into() }
    }
}

/// The future a transport returns.
pub type TransportFuture<'a> = Pin<Box<dyn Future<Output = Result<Response, TransportError>> + Send + 'a>>;

/// Sends one request and returns the whole response. Implementations do no
/// retries and no redirects of their own: retry policy lives in the client.
pub trait Transport: Send + Sync {
    /// Sends `request`; borrowed, so a retried request is not copied for every attempt.
    fn send<'a>(&'a self, request: &'a Request, timeout: Option<Duration>) -> TransportFuture<'a>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_authorization_and_body() {
        let mut headers = Headers::default();
        headers.set("Authorization", "Bearer very-secret");
        headers.set("X-Team-Id", "7");
        let req = Request {
            method: Method::Post,
            url: "https://api.reply.io/v3/contacts".into(),
            headers: Arc::new(headers),
            body: Some(Bytes::from_static(b"{\"email\":\"a@b.c\"}")),
        };
        let text = format!("{req:?}");
        assert!(!text.contains("very-secret"));
        assert!(!text.contains("a@b.c"));
        assert!(text.contains("X-Team-Id"));
    }
}
