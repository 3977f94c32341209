//! Failures as MCP tool errors (`isError: true`) whose text is one JSON object a
//! model can act on: the problem's status, code, detail and field pointers, and
//! for a write whose outcome is unknown, plainly that it may have happened.

use reply_client::{ErrorInfo, WorkflowError};
use reply_core::Error;
use rmcp::model::{CallToolResult, ContentBlock};
use serde_json::{Map, Value, json};

fn tool_error(error: Value) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(json!({ "error": error }).to_string())])
}

/// Input the tool cannot act on; nothing was sent.
pub fn invalid(message: impl Into<String>) -> CallToolResult {
    tool_error(json!({"kind": "invalid_input", "message": message.into()}))
}

/// An engine error. `read_back` names tools that show whether an unknown write happened.
pub fn engine(e: &Error, read_back: &[String]) -> CallToolResult {
    let mut error = Map::new();
    error.insert("kind".into(), e.kind().into());
    if let Error::OutcomeUnknown { operation, method, path, reason } = e {
        let look = if read_back.is_empty() {
            "read the resource back".to_owned()
        } else {
            format!("read the resource back (e.g. with {})", read_back.join(" or "))
        };
        error.insert(
            "message".into(),
            format!(
                "The write {operation} ({} {path}) was sent, but no answer came back ({reason}). It may or may not \
                 have happened. Do not repeat it blindly: {look} and repeat it only if it did not happen.",
                method.as_str()
            )
            .into(),
        );
        error.insert("outcome".into(), "unknown".into());
        if !read_back.is_empty() {
            error.insert("readBackWith".into(), read_back.into());
        }
        return tool_error(Value::Object(error));
    }
    // Everything else as the engine projects it (the CLI's `--json` prints the same members).
    let mut error = ErrorInfo::from(e).to_json();
    if let Error::Config(m) = e {
        error.insert("message".into(), m.clone().into());
    }
    tool_error(Value::Object(error))
}

/// A safe workflow's refusal, or the engine error inside it.
pub fn workflow(e: &WorkflowError, read_back: &[String]) -> CallToolResult {
    if let Some(inner) = e.reply() {
        return engine(inner, read_back);
    }
    let mut error = json!({"kind": e.kind(), "message": e.to_string()});
    if let Some(code) = e.code() {
        error["code"] = code.into();
    }
    tool_error(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reply_core::ApiError;
    use reply_core::http::{Headers, Method, Response};

    fn text(result: &CallToolResult) -> Value {
        assert_eq!(result.is_error, Some(true));
        let text = result.content[0].as_text().expect("text content").text.clone();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn problems_carry_status_code_detail_and_pointers() {
        let body = r#"{"status":400,"code":"validation","detail":"Bad email","errors":[{"pointer":"/email","detail":"is invalid"}]}"#;
        let response = Response { status: 400, headers: Headers::default(), body: body.as_bytes().to_vec().into() };
        let e = Error::from_api(ApiError::from_response("CreateContact", &response, 0));
        let json = text(&engine(&e, &[]));
        assert_eq!(json["error"]["status"], 400);
        assert_eq!(json["error"]["code"], "validation");
        assert_eq!(json["error"]["detail"], "Bad email");
        assert_eq!(json["error"]["errors"][0]["pointer"], "/email");
    }

    #[test]
    fn unknown_outcomes_say_the_write_may_have_happened() {
        let e = Error::OutcomeUnknown {
            operation: "CreateContact",
            method: Method::Post,
            path: "/v3/contacts".into(),
            reason: "connection reset".into(),
        };
        let json = text(&engine(&e, &["contacts_list".into()]));
        let message = json["error"]["message"].as_str().unwrap();
        assert!(message.contains("may or may not have happened") && message.contains("contacts_list"), "{message}");
        assert_eq!(json["error"]["outcome"], "unknown");
    }
}
