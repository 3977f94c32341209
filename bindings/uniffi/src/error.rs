//! The engine's error projection (`reply_client::ErrorInfo`) as a uniffi
//! record with named fields. The enum that carries it, `ReplyError`, is
//! generated from the shared table (`generated/errors.rs`); so are the Kotlin
//! and Swift accessors (`error.status`, `error.teams`, `error.classes`).

use std::collections::HashMap;

pub use crate::generated::errors::ReplyError;

/// A field-level validation failure: a JSON Pointer into the request and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FieldError {
    pub pointer: String,
    pub detail: String,
}

/// A team offered by a `TEAM_REQUIRED` answer (pass its id as the team id).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TeamChoice {
    pub team_id: i64,
    pub team_name: String,
}

/// Everything an error says, by name (see `crates/reply-codegen/errors.json`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ErrorInfo {
    /// A short stable name: `not_found`, `rate_limited`, ...
    pub kind: String,
    /// The class and its ancestors in the shared table, root first.
    pub classes: Vec<String>,
    /// The HTTP status, when there was an answer.
    pub status: Option<i32>,
    /// The problem `code` slug (`sequence.notFound`, `TEAM_REQUIRED`).
    pub code: Option<String>,
    pub title: Option<String>,
    /// The problem `detail`.
    pub detail: Option<String>,
    pub field_errors: Vec<FieldError>,
    /// The teams of a `TEAM_REQUIRED` answer.
    pub teams: Vec<TeamChoice>,
    /// How long the server asked to wait, in milliseconds.
    pub retry_after_ms: Option<i64>,
    /// The operation that failed (`operationId`).
    pub operation: Option<String>,
    /// The request line, e.g. `GET /v3/contacts/7`.
    pub request: Option<String>,
    /// The error answer's headers.
    pub headers: HashMap<String, String>,
    /// For a decode error: where in the answer decoding failed.
    pub path: Option<String>,
    /// For an applied but unreadable write: the answer as it came.
    pub body: Option<String>,
}

impl ErrorInfo {
    /// The fields of a workflow refusal, which has no answer of its own.
    pub(crate) fn refusal(kind: &str, code: Option<&str>, detail: Option<String>) -> ErrorInfo {
        ErrorInfo {
            kind: kind.to_owned(),
            classes: vec!["ReplyError".into(), "WorkflowError".into()],
            status: None,
            code: code.map(str::to_owned),
            title: None,
            detail,
            field_errors: Vec::new(),
            teams: Vec::new(),
            retry_after_ms: None,
            operation: None,
            request: None,
            headers: HashMap::new(),
            path: None,
            body: None,
        }
    }
}

impl From<reply_client::ErrorInfo> for ErrorInfo {
    fn from(e: reply_client::ErrorInfo) -> Self {
        ErrorInfo {
            kind: e.kind.to_owned(),
            classes: e.classes.iter().map(|c| (*c).to_owned()).collect(),
            status: e.status.map(i32::from),
            code: e.code,
            title: e.title,
            detail: e.detail,
            field_errors: e
                .field_errors
                .into_iter()
                .map(|f| FieldError { pointer: f.pointer, detail: f.detail })
                .collect(),
            teams: e.teams.into_iter().map(|t| TeamChoice { team_id: t.team_id, team_name: t.team_name }).collect(),
            retry_after_ms: e.retry_after.map(|d| d.as_millis() as i64),
            operation: e.operation.map(str::to_owned),
            request: e.request,
            headers: e.headers.into_iter().collect(),
            path: e.path,
            body: e.body.map(|b| String::from_utf8_lossy(&b).into_owned()),
        }
    }
}

impl From<reply_core::Error> for ReplyError {
    fn from(error: reply_core::Error) -> Self {
        let info = reply_client::ErrorInfo::from(&error);
        ReplyError::carrying(info.message.clone(), info.into())
    }
}

impl ReplyError {
    /// A configuration error raised by the binding itself.
    pub(crate) fn config(message: impl Into<String>) -> Self {
        reply_core::Error::Config(message.into()).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_keeps_its_fields() {
        let bytes =
            br#"{"status":400,"code":"contact.invalid","detail":"bad","errors":[{"pointer":"/email","detail":"x"}]}"#;
        let mut headers = reply_core::Headers::default();
        headers.set("retry-after", "3");
        let response = reply_core::Response { status: 400, headers, body: bytes.to_vec().into() };
        let api = reply_core::ApiError::from_response("CreateContact", &response, 0)
            .for_request(reply_core::Method::Post, "/v3/contacts");
        let error = ReplyError::from(reply_core::Error::from_api(api));
        assert!(matches!(error, ReplyError::Validation { .. }), "{error:?}");
        let info = error.info();
        assert_eq!(
            (info.kind.as_str(), info.status, info.code.as_deref()),
            ("validation", Some(400), Some("contact.invalid"))
        );
        assert_eq!(info.classes, ["ReplyError", "ApiError", "ValidationError"]);
        assert_eq!(info.detail.as_deref(), Some("bad"));
        assert_eq!(info.field_errors, vec![FieldError { pointer: "/email".into(), detail: "x".into() }]);
        assert_eq!(info.retry_after_ms, Some(3000));
        assert_eq!(
            (info.operation.as_deref(), info.request.as_deref()),
            (Some("CreateContact"), Some("POST /v3/contacts"))
        );
        assert_eq!(info.headers.get("retry-after").map(String::as_str), Some("3"));

        let source = reply_core::DecodeError { status: 201, path: "id".into(), message: "bad".into() };
        let applied =
            reply_core::Error::AppliedUnreadable { operation: "CreateContact", body: "{\"id\":\"x\"}".into(), source };
        let error = ReplyError::from(applied);
        assert!(matches!(error, ReplyError::Decode { .. }), "{error:?}");
        let info = error.info();
        assert_eq!(
            (info.kind.as_str(), info.status, info.body.as_deref()),
            ("applied_unreadable", Some(201), Some("{\"id\":\"x\"}"))
        );
        assert_eq!(info.path.as_deref(), Some("id"));
        let config = ReplyError::config("nope");
        assert!(matches!(&config, ReplyError::Config { info, .. } if info.status.is_none()));
    }
}
