//! Errors for JS. napi can only throw plain `Error`s with a message, so the
//! structured error travels as JSON in the message and `node/lib/errors.js`
//! rebuilds the matching `ReplyError` subclass from it.

use reply_client::WorkflowError;
use reply_core::Error;
use serde_json::{Value, json};

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

fn describe(error: &Error) -> Value {
    let mut out = json!({ MARKER: 1, "kind": error.kind(), "message": error.to_string() });
    let set = |out: &mut Value, key: &str, value: Value| {
        if !value.is_null() {
            out[key] = value;
        }
    };
    if let Some(api) = error.api() {
        set(&mut out, "operation", json!(api.operation));
        set(&mut out, "status", json!(api.status));
        set(&mut out, "code", json!(api.code()));
        set(&mut out, "title", json!(api.problem.title));
        set(&mut out, "detail", json!(api.detail()));
        let errors: Vec<Value> =
            api.field_errors().into_iter().map(|e| json!({ "pointer": e.pointer, "detail": e.detail })).collect();
        set(&mut out, "errors", json!(errors));
        set(&mut out, "retryAfterMs", json!(api.retry_after.map(|d| d.as_millis() as u64)));
        let teams: Vec<Value> =
            api.teams().into_iter().map(|t| json!({ "teamId": t.team_id, "teamName": t.team_name })).collect();
        set(&mut out, "teams", json!(teams));
        set(&mut out, "problem", serde_json::to_value(&api.problem).unwrap_or(Value::Null));
    }
    match error {
        Error::OutcomeUnknown { operation, method, path, reason } => {
            set(&mut out, "operation", json!(operation));
            set(&mut out, "method", json!(method.as_str()));
            set(&mut out, "path", json!(path));
            set(&mut out, "reason", json!(reason));
        }
        Error::Timeout { operation, .. } | Error::Connection { operation, .. } => {
            set(&mut out, "operation", json!(operation));
        }
        Error::Decode { operation, source } => {
            set(&mut out, "operation", json!(operation));
            set(&mut out, "status", json!(source.status));
            set(&mut out, "path", json!(source.path));
        }
        Error::AppliedUnreadable { operation, body, source } => {
            set(&mut out, "operation", json!(operation));
            set(&mut out, "status", json!(source.status));
            set(&mut out, "path", json!(source.path));
            set(&mut out, "body", json!(String::from_utf8_lossy(body)));
        }
        _ => {}
    }
    out
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
        assert_eq!(v["retryAfterMs"], 2000);
        assert_eq!(v["operation"], "CreateContact");
        assert!(v.get("teams").is_some_and(|t| t.as_array().is_some_and(Vec::is_empty)));
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
