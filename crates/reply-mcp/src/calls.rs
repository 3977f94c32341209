//! One operation per tool call: arguments by wire name (path and query at the
//! top level, the JSON body or an upload's form under `body`, a page's
//! `cursor`), answered as the JSON text of the decoded answer.

use reply_client::{Client, DynamicBody, RequestOptions};
use reply_core::operation::{BodyKind, Kind, OperationInfo};
use rmcp::model::{CallToolResult, ContentBlock};
use serde_json::{Map, Value, json};

use crate::errors;
use crate::uploads::{self, UploadDirs};

pub fn answer(value: &Value) -> CallToolResult {
    CallToolResult::success(vec![ContentBlock::text(value.to_string())])
}

/// The tools to read back with after an unknown write: the resource's reads that take no body.
pub fn read_back_tools(info: &OperationInfo) -> Vec<String> {
    crate::table::all()
        .iter()
        .filter_map(|e| match e.target {
            crate::table::Target::Operation(op) if op.resource == info.resource && op.kind == Kind::Read => {
                Some(e.tool.name.to_string())
            }
            _ => None,
        })
        .filter(|name| name.ends_with("_get") || name.ends_with("_list"))
        .collect()
}

/// A cursor is the `skip` of the next page, as text so models pass it on untouched.
fn skip_from(cursor: Option<Value>) -> Result<Option<u64>, String> {
    match cursor {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => {
            text.parse().map(Some).map_err(|_| format!("cursor `{text}` is not one this server gave (pass nextCursor)"))
        }
        Some(other) => Err(format!("cursor must be the nextCursor text, not {other}")),
    }
}

pub async fn call(
    client: &Client,
    info: &'static OperationInfo,
    arguments: Map<String, Value>,
    uploads: &UploadDirs,
) -> CallToolResult {
    let mut params = arguments;
    let body = match (params.remove("body"), info.body) {
        (None | Some(Value::Null), _) => DynamicBody::None,
        (Some(Value::Object(fields)), BodyKind::Multipart) => match uploads::form(fields, uploads).await {
            Ok(form) => DynamicBody::Multipart(form),
            Err(message) => return errors::invalid(message),
        },
        (Some(_), BodyKind::Multipart) => return errors::invalid("body of an upload is an object of its form fields"),
        (Some(body), _) => DynamicBody::Json(body),
    };
    let skip = if info.paging.is_some() {
        match skip_from(params.remove("cursor")) {
            Ok(skip) => skip,
            Err(message) => return errors::invalid(message),
        }
    } else {
        None
    };
    if let Some(skip) = skip {
        params.insert("skip".into(), skip.into());
    }
    let response = match client.call_dynamic(info, &params, &body, &RequestOptions::default()).await {
        Ok(response) => response,
        Err(e) => return errors::engine(&e, &read_back_tools(info)),
    };
    if info.paging.is_some() {
        return answer(&page(response.body, skip.unwrap_or(0)));
    }
    if info.job {
        return match reply_client::job_id(info, response.status, &response.headers, &response.raw) {
            Ok(id) => answer(&json!({
                "jobId": id,
                "status": response.status,
                "answer": response.body,
                "next": "The job runs in the background: call jobs_wait with this jobId to follow it.",
            })),
            Err(e) => errors::engine(&e, &[]),
        };
    }
    match response.body {
        Value::Null => answer(&json!({"ok": true, "status": response.status})),
        body => answer(&body),
    }
}

/// A page as Reply sent it, plus `nextCursor` when more exists.
fn page(body: Value, skip: u64) -> Value {
    let mut page = match body {
        Value::Object(members) => members,
        other => return other,
    };
    let count = page.get("items").and_then(Value::as_array).map_or(0, Vec::len) as u64;
    let more = page.get("hasMore").and_then(Value::as_bool).unwrap_or(false);
    page.insert("hasMore".into(), more.into());
    if more {
        page.insert("nextCursor".into(), (skip + count).to_string().into());
    }
    Value::Object(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_say_whether_more_exists_and_where_it_starts() {
        let more = page(json!({"items": [1, 2, 3], "hasMore": true}), 10);
        assert_eq!(more["nextCursor"], "13");
        let last = page(json!({"items": [1], "hasMore": false}), 13);
        assert_eq!(last["hasMore"], false);
        assert!(last.get("nextCursor").is_none());
    }

    #[test]
    fn cursors_are_the_servers_own() {
        assert_eq!(skip_from(Some(json!("25"))), Ok(Some(25)));
        assert_eq!(skip_from(None), Ok(None));
        assert!(skip_from(Some(json!("abc"))).is_err());
        assert!(skip_from(Some(json!(25))).is_err());
    }

    #[test]
    fn unknown_writes_point_at_the_resources_reads() {
        let create = reply_client::operation("CreateContact").unwrap();
        let tools = read_back_tools(create);
        assert!(tools.contains(&"contacts_get".to_owned()) && tools.contains(&"contacts_list".to_owned()), "{tools:?}");
    }
}
