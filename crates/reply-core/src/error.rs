//! The error model: one enum for everything that can go wrong, with problem
//! bodies decoded by the fields present (the spec's `oneOf` variants overlap).

use std::fmt;
use std::time::Duration;

use bytes::Bytes;

use crate::http::{Headers, Method, Response};
use crate::models::Problem;
use crate::operation::Kind;

/// A field-level validation failure from `errors[]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// JSON Pointer into the request, e.g. `/email`.
    pub pointer: String,
    pub detail: String,
}

/// One team offered by a `TEAM_REQUIRED` answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamChoice {
    pub team_id: i64,
    pub team_name: String,
}

/// An answer from Reply with an error status.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The operation that failed (`operationId`), or `request` for a raw
    /// request to a path the operation table does not have.
    pub operation: &'static str,
    pub status: u16,
    /// The decoded problem body; all fields empty when the body was empty or not JSON.
    pub problem: Box<Problem>,
    /// `Retry-After`, when the server sent one.
    pub retry_after: Option<Duration>,
    /// `WWW-Authenticate`, when the server sent one (empty-body 401s).
    pub www_authenticate: Option<String>,
    /// The request that got this answer, e.g. `GET /v3/contacts/7` (path without query), or `""`.
    pub request: String,
    /// The answer's headers (a response never carries the key); boxed to keep `Error` small.
    pub headers: Box<Headers>,
}

impl ApiError {
    /// Builds the error from a response with a 4xx/5xx status.
    pub fn from_response(operation: &'static str, response: &Response, now_unix: u64) -> ApiError {
        let problem = decode_problem(&response.body);
        ApiError {
            operation,
            status: response.status,
            problem,
            retry_after: response.headers.get("retry-after").and_then(|v| parse_retry_after(v, now_unix)),
            www_authenticate: response.headers.get("www-authenticate").map(str::to_owned),
            request: String::new(),
            headers: Box::new(response.headers.clone()),
        }
    }

    /// The same error, naming the request that got it (`GET /v3/contacts/7`).
    pub fn for_request(mut self, method: Method, path: &str) -> ApiError {
        self.request = format!("{} {path}", method.as_str());
        self
    }

    /// The machine-readable slug (`sequence.notFound`, `TEAM_REQUIRED`, `insufficient_scope`).
    pub fn code(&self) -> Option<&str> {
        self.problem.code.as_deref()
    }

    /// The human-readable explanation.
    pub fn detail(&self) -> Option<&str> {
        self.problem.detail.as_deref()
    }

    /// The field errors of a validation problem.
    pub fn field_errors(&self) -> Vec<FieldError> {
        self.problem
            .errors
            .iter()
            .flatten()
            .map(|e| FieldError {
                pointer: e.pointer.clone().unwrap_or_default(),
                detail: e.detail.clone().unwrap_or_default(),
            })
            .collect()
    }

    /// The teams to choose from on `TEAM_REQUIRED` (an extension member, not in the spec).
    pub fn teams(&self) -> Vec<TeamChoice> {
        let Some(serde_json::Value::Array(items)) = self.problem.extra.get("teams") else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|t| {
                Some(TeamChoice {
                    team_id: t.get("teamId")?.as_i64()?,
                    team_name: t.get("teamName").and_then(|n| n.as_str()).unwrap_or_default().to_owned(),
                })
            })
            .collect()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = self.code() {
            write!(f, " {code}")?;
        }
        if let Some(title) = self.problem.title.as_deref() {
            write!(f, " ({title})")?;
        }
        if let Some(detail) = self.detail() {
            write!(f, ": {detail}")?;
        }
        for e in self.field_errors() {
            write!(f, "; {} {}", e.pointer, e.detail)?;
        }
        Ok(())
    }
}

/// Decodes a problem body leniently: an empty or non-JSON body gives an empty problem.
pub fn decode_problem(body: &[u8]) -> Box<Problem> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Box::default();
    }
    Box::new(serde_json::from_slice::<Problem>(body).unwrap_or_default())
}

/// Parses `Retry-After` as seconds or an HTTP date (relative to `now_unix`).
pub fn parse_retry_after(value: &str, now_unix: u64) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>() {
        if seconds.is_finite() && seconds >= 0.0 {
            return Some(Duration::from_secs_f64(seconds.min(86_400.0)));
        }
    }
    let when = httpdate::parse_http_date(value).ok()?;
    let when = when.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(when.saturating_sub(now_unix)))
}

/// A response that could not be decoded into the expected type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not decode the HTTP {status} response{}: {message}", if path.is_empty() { String::new() } else { format!(" at {path}") })]
pub struct DecodeError {
    pub status: u16,
    /// Where in the body decoding failed (`items[3].email`), when known.
    pub path: String,
    pub message: String,
}

impl DecodeError {
    pub fn json(status: u16, error: &serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = error.path().to_string();
        DecodeError { status, path: if path == "." { String::new() } else { path }, message: error.inner().to_string() }
    }

    pub fn content_type(status: u16, content_type: &str, body: &[u8]) -> Self {
        let looks_html = body.iter().take(512).copied().collect::<Vec<_>>().to_ascii_lowercase();
        let hint = if looks_html.windows(5).any(|w| w == b"<html") || looks_html.starts_with(b"<!doctype") {
            " (an HTML page: probably a proxy or gateway answered instead of Reply)"
        } else {
            ""
        };
        DecodeError {
            status,
            path: String::new(),
            message: format!("expected JSON but got content type `{content_type}`{hint}"),
        }
    }

    pub fn missing_header(status: u16, header: &str) -> Self {
        DecodeError { status, path: String::new(), message: format!("the `{header}` header is missing") }
    }
}

/// Every failure the SDK reports.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 401: the key is missing, wrong or revoked.
    #[error("unauthorized: {0}")]
    Unauthorized(ApiError),
    /// 403: no permission, a missing scope (`insufficient_scope`), or an identity problem
    /// (`TEAM_REQUIRED`, `USER_REQUIRED`, ...).
    #[error("forbidden: {0}")]
    Forbidden(ApiError),
    /// 404.
    #[error("not found: {0}")]
    NotFound(ApiError),
    /// 409.
    #[error("conflict: {0}")]
    Conflict(ApiError),
    /// 400 or 422, with field errors when the server gave them.
    #[error("invalid request: {0}")]
    Validation(ApiError),
    /// 429 that outlasted the retry budget or the caller's deadline.
    #[error("rate limited: {0}")]
    RateLimited(ApiError),
    /// 5xx on a read after retries.
    #[error("server error: {0}")]
    Server(ApiError),
    /// Any other error status.
    #[error("API error: {0}")]
    Api(ApiError),
    /// A write whose result is not known: the server may or may not have acted.
    /// It was not retried; read the resource back before trying again.
    #[error("outcome unknown for {operation} ({method} {path}): {reason}")]
    OutcomeUnknown { operation: &'static str, method: Method, path: String, reason: String },
    /// No answer within the timeout (on a read, after retries).
    #[error("timed out: {operation}: {message}")]
    Timeout { operation: &'static str, message: String },
    /// The connection failed (on a read, after retries; on a write, before anything was sent).
    #[error("connection failed: {operation}: {message}")]
    Connection { operation: &'static str, message: String },
    /// A success answer whose body did not match the expected type.
    #[error("{operation}: {source}")]
    Decode { operation: &'static str, source: DecodeError },
    /// A write Reply answered with a 2xx whose body could not be read. The
    /// write took effect: it was not retried and must not be sent again
    /// blindly. `body` is the answer as it came, for reading by hand.
    #[error("{operation}: the write was applied, but its answer could not be read: {source}")]
    AppliedUnreadable { operation: &'static str, body: Bytes, source: DecodeError },
    /// A request the SDK refuses to send (bad configuration or input).
    #[error("configuration error: {0}")]
    Config(String),
    /// The caller cancelled the call (an `AbortSignal`, a dropped coroutine):
    /// nothing more is sent for it. A write cancelled while on the wire may
    /// still have been applied.
    #[error("cancelled: {operation}")]
    Cancelled { operation: &'static str },
}

impl Error {
    /// The error for a success answer that did not decode. After a write
    /// answered 2xx the server acted, so saying only "decode failed" would
    /// invite a second, duplicating attempt: that is
    /// [`Error::AppliedUnreadable`], with the body. Otherwise [`Error::Decode`].
    pub fn unreadable(operation: &'static str, kind: Kind, body: &Bytes, source: DecodeError) -> Error {
        match kind {
            Kind::Write if (200..300).contains(&source.status) => {
                Error::AppliedUnreadable { operation, body: body.clone(), source }
            }
            _ => Error::Decode { operation, source },
        }
    }

    /// Classifies an error status.
    pub fn from_api(api: ApiError) -> Error {
        match api.status {
            401 => Error::Unauthorized(api),
            403 => Error::Forbidden(api),
            404 => Error::NotFound(api),
            409 => Error::Conflict(api),
            400 | 422 => Error::Validation(api),
            429 => Error::RateLimited(api),
            500..=599 => Error::Server(api),
            _ => Error::Api(api),
        }
    }

    /// The API error inside, for the variants that carry one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Unauthorized(a)
            | Error::Forbidden(a)
            | Error::NotFound(a)
            | Error::Conflict(a)
            | Error::Validation(a)
            | Error::RateLimited(a)
            | Error::Server(a)
            | Error::Api(a) => Some(a),
            _ => None,
        }
    }

    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { source, .. } | Error::AppliedUnreadable { source, .. } => Some(source.status),
            other => other.api().map(|a| a.status),
        }
    }

    /// The problem `code` slug.
    pub fn code(&self) -> Option<&str> {
        self.api().and_then(ApiError::code)
    }

    /// The problem `detail`.
    pub fn detail(&self) -> Option<&str> {
        self.api().and_then(ApiError::detail)
    }

    /// The field errors of a validation problem.
    pub fn field_errors(&self) -> Vec<FieldError> {
        self.api().map(ApiError::field_errors).unwrap_or_default()
    }

    /// How long the server asked to wait.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api().and_then(|a| a.retry_after)
    }

    /// The operation that failed (`operationId`), when there was one (not for a
    /// configuration error or a raw call).
    pub fn operation(&self) -> Option<&'static str> {
        let operation = match self {
            Error::OutcomeUnknown { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Connection { operation, .. }
            | Error::Decode { operation, .. }
            | Error::AppliedUnreadable { operation, .. } => operation,
            other => &other.api()?.operation,
        };
        Some(*operation).filter(|op| !op.is_empty())
    }

    /// The request line (`POST /v3/contacts`), when the error came from a request whose answer or
    /// fate is known to this error.
    pub fn request(&self) -> Option<String> {
        match self {
            Error::OutcomeUnknown { method, path, .. } => Some(format!("{} {path}", method.as_str())),
            other => other.api().map(|a| a.request.clone()).filter(|r| !r.is_empty()),
        }
    }

    /// A short stable name for the variant, used by the bindings and the CLI.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Unauthorized(_) => "unauthorized",
            Error::Forbidden(_) => "forbidden",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Validation(_) => "validation",
            Error::RateLimited(_) => "rate_limited",
            Error::Server(_) => "server",
            Error::Api(_) => "api",
            Error::OutcomeUnknown { .. } => "outcome_unknown",
            Error::Timeout { .. } => "timeout",
            Error::Connection { .. } => "connection",
            Error::Decode { .. } => "decode",
            Error::AppliedUnreadable { .. } => "applied_unreadable",
            Error::Config(_) => "config",
            Error::Cancelled { .. } => "cancelled",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Headers;
    use bytes::Bytes;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        let mut h = Headers::default();
        for (k, v) in headers {
            h.set(*k, *v);
        }
        Response { status, headers: h, body: Bytes::from(body.to_owned()) }
    }

    #[test]
    fn decodes_each_problem_shape_by_fields_present() {
        let r = response(400, &[], r#"{"title":"Bad","status":400,"errors":[{"pointer":"/email","detail":"bad"}]}"#);
        let e = Error::from_api(ApiError::from_response("CreateContact", &r, 0));
        assert_eq!(e.kind(), "validation");
        assert_eq!(e.field_errors(), vec![FieldError { pointer: "/email".into(), detail: "bad".into() }]);

        let r = response(404, &[], r#"{"title":"Not Found","status":404,"code":"sequence.notFound","detail":"x"}"#);
        let e = Error::from_api(ApiError::from_response("GetSequenceById", &r, 0));
        assert_eq!((e.kind(), e.code(), e.detail()), ("not_found", Some("sequence.notFound"), Some("x")));

        let r =
            response(403, &[], r#"{"status":403,"code":"TEAM_REQUIRED","teams":[{"teamId":100,"teamName":"Sales"}]}"#);
        let e = ApiError::from_response("Whoami", &r, 0);
        assert_eq!(e.teams(), vec![TeamChoice { team_id: 100, team_name: "Sales".into() }]);

        let r = response(401, &[("WWW-Authenticate", "Bearer")], "");
        let e = Error::from_api(ApiError::from_response("Whoami", &r, 0));
        assert_eq!(e.kind(), "unauthorized");
        assert_eq!(e.api().unwrap().www_authenticate.as_deref(), Some("Bearer"));

        let r = response(502, &[("content-type", "text/html")], "<html>bad gateway</html>");
        let e = Error::from_api(ApiError::from_response("Whoami", &r, 0));
        assert_eq!((e.kind(), e.status()), ("server", Some(502)));
    }

    #[test]
    fn an_unreadable_2xx_answer_to_a_write_is_applied_unreadable_with_its_body() {
        let body = Bytes::from_static(b"{\"id\":\"not a number\"}");
        let source = || DecodeError { status: 201, path: "id".into(), message: "invalid type".into() };
        let e = Error::unreadable("CreateContact", Kind::Write, &body, source());
        assert_eq!(e.kind(), "applied_unreadable");
        assert_eq!(e.status(), Some(201));
        assert!(e.to_string().contains("the write was applied"), "{e}");
        assert!(matches!(&e, Error::AppliedUnreadable { operation: "CreateContact", body: b, .. } if *b == body));
        // A read that does not decode changed nothing: a plain decode error.
        assert_eq!(Error::unreadable("GetContact", Kind::Read, &body, source()).kind(), "decode");
        // Not a 2xx (a redirect without Location): nothing says the write was applied.
        let redirect = DecodeError { status: 302, ..source() };
        assert_eq!(Error::unreadable("Connect", Kind::Write, &body, redirect).kind(), "decode");
    }

    #[test]
    fn every_error_names_its_operation_and_request_when_it_has_them() {
        let r = response(404, &[], r#"{"status":404}"#);
        let e = Error::from_api(
            ApiError::from_response("GetContactById", &r, 0).for_request(Method::Get, "/v3/contacts/7"),
        );
        assert_eq!((e.operation(), e.request().as_deref()), (Some("GetContactById"), Some("GET /v3/contacts/7")));
        let raw = Error::from_api(ApiError::from_response("", &r, 0));
        assert_eq!((raw.operation(), raw.request()), (None, None), "a raw call names no operation");
        let unknown = Error::OutcomeUnknown {
            operation: "CreateContact",
            method: Method::Post,
            path: "/v3/contacts".into(),
            reason: "reset".into(),
        };
        assert_eq!(
            (unknown.operation(), unknown.request().as_deref()),
            (Some("CreateContact"), Some("POST /v3/contacts"))
        );
        let timeout = Error::Timeout { operation: "Whoami", message: "slow".into() };
        assert_eq!((timeout.operation(), timeout.request()), (Some("Whoami"), None));
        assert_eq!(Error::Config("bad".into()).operation(), None);
    }

    #[test]
    fn retry_after_in_seconds_and_dates() {
        assert_eq!(parse_retry_after("60", 0), Some(Duration::from_secs(60)));
        assert_eq!(parse_retry_after("Thu, 01 Jan 1970 00:01:40 GMT", 40), Some(Duration::from_secs(60)));
        assert_eq!(parse_retry_after("Thu, 01 Jan 1970 00:01:40 GMT", 1000), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", 0), None);
    }
}
