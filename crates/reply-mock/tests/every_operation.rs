//! Every operation of the spec, sent as its generated sample request to a
//! mock with fixtures, answers a status the spec documents with a body that
//! decodes into the generated type of that (operation, status), without
//! members the types do not know.

mod common;

use reply_core::operation::BodyKind;
use reply_core::operations::OPERATIONS;
use reply_core::{OperationInfo, http::Method};
use serde_json::Value;

const BOUNDARY: &str = "mock-test-boundary";

/// Destructive operations run last, so earlier ones still find the fixtures.
fn destructive(op: &OperationInfo) -> bool {
    op.method == Method::Delete
        || ["Delete", "BulkDelete", "Remove", "BulkRemove", "Clear", "Unlink"].iter().any(|p| op.id.starts_with(p))
}

fn encode(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    reply_core::operation::encode_path_segment(&text)
}

/// `ImportContacts` answers a skipped item's `skipReason`, which Reply sends
/// and the spec leaves out (research/real-behaviour.md, "Contacts", [cli]):
/// it must be text, and it is the one member beyond the types allowed.
fn without_skip_reasons(body: &[u8]) -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(body).unwrap_or_default();
    for item in value["items"].as_array_mut().into_iter().flatten() {
        if let Some(reason) = item.as_object_mut().and_then(|m| m.remove("skipReason")) {
            assert!(reason.is_string(), "skipReason is text: {reason}");
        }
    }
    serde_json::to_vec(&value).unwrap_or_default()
}

#[tokio::test]
async fn every_operation_answers_per_spec() {
    let samples: Value = serde_json::from_str(include_str!("../src/generated/samples.json")).expect("samples");
    let mut config = common::config();
    config.fixtures = true;
    // Deliveries to the fixture webhook's example.com URL are refused anyway; keep the run quiet.
    config.webhooks.enabled = false;
    let mock = common::start(config).await;
    let client = common::client();
    let mut ops: Vec<&OperationInfo> = OPERATIONS.iter().collect();
    // Among destructive ones, deeper paths first: children go before their parents.
    ops.sort_by_key(|op| {
        (destructive(op), std::cmp::Reverse(if destructive(op) { op.path.matches('/').count() } else { 0 }))
    });
    let unknown_before = reply_core::extra::unknown_members_seen();
    let (mut ok, mut failures, mut successes) = (0, Vec::new(), 0);
    for op in &ops {
        let sample = &samples[op.id]["request"];
        let mut path = op.path.to_owned();
        for (name, value) in sample["path"].as_object().into_iter().flatten() {
            path = path.replace(&format!("{{{name}}}"), &encode(value));
        }
        let query: Vec<String> =
            sample["query"].as_object().into_iter().flatten().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        if !query.is_empty() {
            path = format!("{path}?{}", query.join("&"));
        }
        let method = reqwest::Method::from_bytes(op.method.as_str().as_bytes()).expect("method");
        let mut request = client.request(method, format!("{}{path}", mock.base_url()));
        request = if op.id == "WhoamiTeamUsers" {
            request.bearer_auth("mock-org-key").header("x-user-id", "1")
        } else {
            request.bearer_auth(common::KEY)
        };
        request = match op.body {
            BodyKind::Json { .. } if !sample["body"].is_null() => {
                request.header("content-type", "application/json").body(sample["body"].to_string())
            }
            BodyKind::Multipart => request.header("content-type", format!("multipart/form-data; boundary={BOUNDARY}")).body(format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--{BOUNDARY}--\r\n"
            )),
            _ => request,
        };
        let response = request.send().await.expect("an answer");
        let status = response.status().as_u16();
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let mut body = response.bytes().await.expect("a body");
        if op.id == "ImportContacts" {
            body = without_skip_reasons(&body).into();
        }
        let documented = op.responses.iter().any(|r| r.status == status);
        let problem = if !documented {
            Some(format!("status {status} is not documented"))
        } else if body.is_empty() {
            None
        } else if !content_type.contains("json") {
            let media = op.responses.iter().find(|r| r.status == status).map_or("", |r| r.content_type);
            (media != content_type).then(|| format!("content type {content_type}, documented {media}"))
        } else {
            match reply_core::registry::round_trip_response(op.id, status, &body) {
                Some(Ok(_)) => None,
                Some(Err(e)) => Some(format!("body does not decode: {e}")),
                None => Some("a body where the spec documents none".to_owned()),
            }
        };
        match problem {
            None => {
                ok += 1;
                successes += usize::from((200..400).contains(&status));
            }
            Some(p) => failures.push(format!(
                "{} {} {path} → {status}: {p}: {}",
                op.id,
                op.method,
                String::from_utf8_lossy(&body)
            )),
        }
    }
    let unknown = reply_core::extra::unknown_members_seen() - unknown_before;
    println!(
        "every_operation: {ok}/{} operations answered per spec ({successes} with success statuses), {unknown} unknown members",
        OPERATIONS.len()
    );
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(unknown, 0, "answers carried members the generated types do not know");
    mock.shutdown().await;
}
