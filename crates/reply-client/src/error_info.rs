//! The one projection of [`Error`] every binding, the CLI and the MCP server
//! read: plain data, built once here, so no front end picks fields out of the
//! enum by itself. The class names come from the generated table
//! (`crates/reply-codegen/errors.json`), the same one each language's
//! exception classes are generated from.

use std::time::Duration;

use bytes::Bytes;
use reply_core::error::TeamChoice;
use reply_core::{Error, FieldError};
use serde_json::{Map, Value, json};

pub use crate::generated::error_classes::class_chain;

/// Everything a front end shows of an [`Error`].
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorInfo {
    /// [`Error::kind`]: `not_found`, `rate_limited`, ...
    pub kind: &'static str,
    /// The class and its ancestors, root first: `["ReplyError", "ApiError", "NotFoundError"]`.
    pub classes: &'static [&'static str],
    /// The message as Rust prints the error (never holds the key).
    pub message: String,
    pub status: Option<u16>,
    pub code: Option<String>,
    pub title: Option<String>,
    pub detail: Option<String>,
    pub field_errors: Vec<FieldError>,
    pub teams: Vec<TeamChoice>,
    pub retry_after: Option<Duration>,
    pub operation: Option<&'static str>,
    /// `GET /v3/contacts/7`, when known.
    pub request: Option<String>,
    /// The error answer's headers, names in lower case (empty without an answer).
    pub headers: Vec<(String, String)>,
    /// For a decode error: where in the answer decoding failed (`items[3].email`), when known.
    pub path: Option<String>,
    /// The body of an applied but unreadable write.
    pub body: Option<Bytes>,
}

impl From<&Error> for ErrorInfo {
    fn from(error: &Error) -> ErrorInfo {
        let api = error.api();
        ErrorInfo {
            kind: error.kind(),
            classes: class_chain(error.kind()),
            message: error.to_string(),
            status: error.status(),
            code: error.code().map(str::to_owned),
            title: api.and_then(|a| a.problem.title.clone()),
            detail: error.detail().map(str::to_owned),
            field_errors: error.field_errors(),
            teams: api.map(|a| a.teams()).unwrap_or_default(),
            retry_after: error.retry_after(),
            operation: error.operation(),
            request: error.request(),
            headers: api
                .map(|a| a.headers.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned())).collect())
                .unwrap_or_default(),
            path: match error {
                Error::Decode { source, .. } | Error::AppliedUnreadable { source, .. } => {
                    Some(source.path.clone()).filter(|p| !p.is_empty())
                }
                _ => None,
            },
            body: match error {
                Error::AppliedUnreadable { body, .. } => Some(body.clone()),
                _ => None,
            },
        }
    }
}

impl ErrorInfo {
    /// The class name (the last of [`ErrorInfo::classes`]).
    pub fn class(&self) -> &'static str {
        self.classes.last().copied().unwrap_or("ReplyError")
    }

    /// The JSON object the CLI (`--json`) and the MCP server print: camelCase
    /// members, absent when empty, `retryAfterSeconds` in seconds. Response
    /// headers and an unreadable body are left out (they are for programs
    /// holding the error, not for a line of output).
    pub fn to_json(&self) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("kind".into(), self.kind.into());
        out.insert("message".into(), self.message.clone().into());
        let mut set = |key: &str, value: Value| {
            if !value.is_null() && value != json!([]) {
                out.insert(key.into(), value);
            }
        };
        set("status", json!(self.status));
        set("code", json!(self.code));
        set("title", json!(self.title));
        set("detail", json!(self.detail));
        set("errors", self.field_errors.iter().map(|f| json!({"pointer": f.pointer, "detail": f.detail})).collect());
        set("retryAfterSeconds", json!(self.retry_after.map(|d| d.as_secs_f64())));
        set("teams", self.teams.iter().map(|t| json!({"teamId": t.team_id, "teamName": t.team_name})).collect());
        set("operation", json!(self.operation));
        set("request", json!(self.request));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reply_core::{ApiError, Headers, Method, Response};

    #[test]
    fn the_projection_carries_every_field_and_prints_the_present_ones() {
        let mut headers = Headers::default();
        headers.set("Retry-After", "2");
        let body =
            r#"{"status":403,"title":"Forbidden","code":"TEAM_REQUIRED","teams":[{"teamId":1,"teamName":"Sales"}]}"#;
        let response = Response { status: 403, headers, body: body.as_bytes().to_vec().into() };
        let api = ApiError::from_response("GetContacts", &response, 0).for_request(Method::Get, "/v3/contacts");
        let info = ErrorInfo::from(&Error::from_api(api));
        assert_eq!(info.classes, ["ReplyError", "ApiError", "ForbiddenError"]);
        assert_eq!(info.class(), "ForbiddenError");
        assert_eq!(info.headers, [("retry-after".to_owned(), "2".to_owned())], "names in lower case");
        let json = Value::Object(info.to_json());
        assert_eq!(json["teams"], json!([{"teamId": 1, "teamName": "Sales"}]));
        assert_eq!(
            (json["operation"].as_str(), json["request"].as_str()),
            (Some("GetContacts"), Some("GET /v3/contacts"))
        );
        assert_eq!((json["status"].as_u64(), json["retryAfterSeconds"].as_f64()), (Some(403), Some(2.0)));
        assert!(json.get("errors").is_none() && json.get("detail").is_none(), "absent members are left out: {json}");

        let config = ErrorInfo::from(&Error::Config("no key".into()));
        assert_eq!(
            (config.classes, config.operation, config.request.clone()),
            (&["ReplyError", "ConfigError"][..], None, None)
        );
        assert_eq!(
            Value::Object(config.to_json()),
            json!({"kind": "config", "message": "configuration error: no key"})
        );
    }
}
