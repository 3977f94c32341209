//! Errors for JS. napi can only throw plain `Error`s with a message, so the
//! structured error travels as JSON in the message and `node/lib/errors.js`
//! rebuilds the matching `ReplyError` subclass from it.

use reply_client::{ErrorInfo, WorkflowError};
use reply_core::Error;
use serde_json::{Map, Value, json};

/// The first member of every encoded error, so JS can tell it from napi's own errors.
const MARKER: &str = "$replyError";

/// The error as a napi error whose message is the JSON description.
pub fn to_js(error: Error) -> napi::Error {
    napi::Error::from_reason(describe(&error).to_string())
}

/// An invalid argument, reported like the SDK's own configuration errors.
pub fn config(message: impl Into<String>) -> napi::Error {
    to_js(Error::Config(message.into()))
}

/// A refusal of a safe workflow as a napi error (see [`workflow_description`]).
pub fn workflow_to_js(error: WorkflowError) -> napi::Error {
    napi::Error::from_reason(workflow_description(&error).to_string())
}

/// An engine error inside a workflow is described as any other; a refusal by
/// its `kind` (`ambiguous_email`, `step_ambiguous`, ...) with its own fields,
/// which `node/lib/errors.js` turns into a `WorkflowError` subclass.
pub fn workflow_description(error: &WorkflowError) -> Value {
    if let Some(e) = error.reply() {
        return describe(e);
    }
    let mut out = json!({ MARKER: 1, "kind": error.kind(), "message": error.to_string() });
    if let Some(code) = error.code() {
        out["code"] = json!(code);
    }
    match error {
        WorkflowError::AmbiguousEmail { email, ids } => {
            out["email"] = json!(email);
            out["ids"] = json!(ids);
        }
        WorkflowError::LookupIncomplete { email, .. } => out["email"] = json!(email),
        WorkflowError::ContactRefused { email, detail, .. } => {
            out["email"] = json!(email);
            if let Some(detail) = detail {
                out["detail"] = json!(detail);
            }
        }
        WorkflowError::StepNotFound { sequence_id, position, .. }
        | WorkflowError::StepAmbiguous { sequence_id, position, .. } => {
            out["sequenceId"] = json!(sequence_id);
            out["position"] = json!(position);
        }
        _ => {}
    }
    out
}

/// The engine's `ErrorInfo` as the JSON `node/lib/errors.js` builds the class
/// from: the members the CLI prints, plus what a program holding the error reads
/// (`retryAfter` in seconds, the answer's headers, a decode path, an unreadable body).
fn describe(error: &Error) -> Value {
    let info = ErrorInfo::from(error);
    // The marker first: JS tells an SDK error by how its message begins.
    let mut out = Map::from_iter([(MARKER.to_owned(), json!(1))]);
    out.extend(info.to_json());
    if let Some(seconds) = out.remove("retryAfterSeconds") {
        out.insert("retryAfter".into(), seconds);
    }
    let headers: Map<String, Value> = info.headers.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
    out.insert("headers".into(), Value::Object(headers));
    if let Some(path) = info.path {
        out.insert("path".into(), json!(path));
    }
    if let Some(body) = info.body {
        out.insert("body".into(), json!(String::from_utf8_lossy(&body)));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reply_core::{ApiError, Headers, Response};

    #[test]
    fn api_errors_carry_every_field() {
        let body =
            r#"{"status":400,"code":"contact.invalid","detail":"bad","errors":[{"pointer":"/email","detail":"x"}]}"#;
        let mut headers = Headers::default();
        headers.set("Retry-After", "2");
        let response = Response { status: 400, headers, body: body.as_bytes().to_vec().into() };
        let error = Error::from_api(ApiError::from_response("CreateContact", &response, 0));
        let v = describe(&error);
        assert_eq!(v[MARKER], 1);
        assert_eq!(v["kind"], "validation");
        assert_eq!(v["status"], 400);
        assert_eq!(v["code"], "contact.invalid");
        assert_eq!(v["errors"][0]["pointer"], "/email");
        assert_eq!(v["retryAfter"], 2.0);
        assert_eq!(v["operation"], "CreateContact");
        assert_eq!(v["headers"]["retry-after"], "2");
        assert!(v.get("teams").is_none(), "empty lists are left out; the class defaults them");
    }

    #[test]
    fn workflow_refusals_carry_their_kind_and_fields() {
        let refusal = WorkflowError::StepAmbiguous { sequence_id: 7, position: 3, reason: "a condition".into() };
        let v = workflow_description(&refusal);
        assert_eq!((v[MARKER].as_i64(), v["kind"].as_str()), (Some(1), Some("step_ambiguous")));
        assert_eq!((v["sequenceId"].as_i64(), v["position"].as_i64()), (Some(7), Some(3)));
        let refused =
            WorkflowError::ContactRefused { email: "a@b.c".into(), code: "contactDeleted".into(), detail: None };
        let v = workflow_description(&refused);
        assert_eq!((v["code"].as_str(), v["email"].as_str()), (Some("contactDeleted"), Some("a@b.c")));
        let engine = WorkflowError::Reply(Error::Timeout { operation: "GetSequence", message: "slow".into() });
        assert_eq!(workflow_description(&engine)["kind"], "timeout", "engine errors keep their own kind");
    }

    #[test]
    fn transport_errors_name_the_operation() {
        let v = describe(&Error::Timeout { operation: "GetContacts", message: "slow".into() });
        assert_eq!((v["kind"].as_str(), v["operation"].as_str()), (Some("timeout"), Some("GetContacts")));
        assert!(v.get("status").is_none());
    }
}
