//! `ANY /v3/__mock/echo[/...]`: a path no operation of the spec has, answered
//! with what arrived, so a test of a raw request (a path the SDK does not
//! know) can see that it reached the server as sent. Our choice, not Reply's.
//! The `Authorization` header is only reported as present, never echoed.

use axum::body::Body;
use axum::http::request::Parts;
use serde_json::{Map, Value, json};

use crate::answer::Answer;

/// Where the echo lives.
pub(crate) const PREFIX: &str = "/v3/__mock/echo";

pub(crate) fn is_echo(path: &str) -> bool {
    path == PREFIX || path.strip_prefix(PREFIX).is_some_and(|rest| rest.starts_with('/'))
}

pub(crate) async fn handle(parts: &Parts, body: Body, limit: usize) -> Answer {
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return Answer::problem(413, format!("the request body exceeds {limit} bytes"));
    };
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    let mut headers = Map::new();
    for (name, value) in &parts.headers {
        if name.as_str() != "authorization" {
            headers.insert(name.as_str().to_owned(), Value::String(String::from_utf8_lossy(value.as_bytes()).into()));
        }
    }
    Answer::json(
        200,
        json!({
            "method": parts.method.as_str(),
            "path": parts.uri.path(),
            "query": parts.uri.query().unwrap_or(""),
            "body": body,
            "authorized": parts.headers.contains_key("authorization"),
            "headers": headers,
        }),
    )
}
