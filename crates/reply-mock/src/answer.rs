//! What a handler answers, before it becomes an HTTP response: a status, a
//! body (JSON, problem+json, raw bytes or nothing) and extra headers.

use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body {
    Empty,
    Json(Value),
    Problem(Value),
    Raw { content_type: &'static str, bytes: Vec<u8> },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    pub status: u16,
    pub body: Body,
    pub headers: Vec<(&'static str, String)>,
}

impl Answer {
    pub fn json(status: u16, value: Value) -> Answer {
        Answer { status, body: Body::Json(value), headers: Vec::new() }
    }

    pub fn empty(status: u16) -> Answer {
        Answer { status, body: Body::Empty, headers: Vec::new() }
    }

    pub fn raw(status: u16, content_type: &'static str, bytes: Vec<u8>) -> Answer {
        Answer { status, body: Body::Raw { content_type, bytes }, headers: Vec::new() }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Answer {
        self.headers.push((name, value.into()));
        self
    }

    /// A problem+json answer with the standard title for `status`.
    pub fn problem(status: u16, detail: impl Into<String>) -> Answer {
        let body = json!({ "title": title(status), "status": status, "detail": detail.into() });
        Answer { status, body: Body::Problem(body), headers: Vec::new() }
    }

    /// Adds the machine-readable `code` slug (`contact.notFound`, `TEAM_REQUIRED`).
    pub fn code(self, code: &str) -> Answer {
        self.member("code", Value::from(code))
    }

    /// Adds a member to a problem body (e.g. `teams` on `TEAM_REQUIRED`).
    pub fn member(mut self, name: &str, value: Value) -> Answer {
        if let Body::Problem(Value::Object(map)) = &mut self.body {
            map.insert(name.to_owned(), value);
        }
        self
    }

    /// 400 with one `{pointer, detail}` per invalid field.
    pub fn validation(errors: Vec<(String, String)>) -> Answer {
        let detail = match errors.as_slice() {
            [(pointer, detail)] => format!("{pointer}: {detail}"),
            _ => format!("{} fields are invalid", errors.len()),
        };
        let items: Vec<Value> = errors.into_iter().map(|(p, d)| json!({ "pointer": p, "detail": d })).collect();
        let body = json!({ "title": "Validation failed", "status": 400, "detail": detail, "errors": items });
        Answer { status: 400, body: Body::Problem(body), headers: Vec::new() }
    }

    pub fn not_found(code: &str, detail: impl Into<String>) -> Answer {
        Answer::problem(404, detail).code(code)
    }

    pub fn conflict(code: &str, detail: impl Into<String>) -> Answer {
        Answer::problem(409, detail).code(code)
    }
}

/// The reason phrase used as a problem title.
pub(crate) fn title(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    }
}
