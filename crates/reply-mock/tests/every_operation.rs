//! Every operation of the spec, sent as its generated sample request (a valid
//! request) to a mock with fixtures and "coming soon" endpoints served,
//! succeeds: a 2xx, or for the two operations whose only documented success is
//! a redirect, that 302. The body decodes into the generated type of that
//! (operation, status), without members the types do not know. The operations
//! are counted from the spec itself, not from the mock's or the SDK's tables
//! (issue #17: "asserts a 2xx for each operation given a valid request, and
//! counts them").

mod common;

use reply_core::OperationInfo;
use reply_core::operation::BodyKind;
use reply_core::operations::OPERATIONS;
use reply_mock::ComingSoon;
use serde_json::{Value, json};

const BOUNDARY: &str = "mock-test-boundary";

fn encode(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    reply_core::operation::encode_path_segment(&text)
}

/// The `operationId`s of the spec, read from the spec file.
fn spec_operation_ids() -> Vec<String> {
    let path = std::env::var_os("REPLY_OPENAPI_SPEC").map(std::path::PathBuf::from).unwrap_or_else(|| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reply-api/openapi.yaml")
    });
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read the spec at {}: {e}", path.display()));
    let spec: Value = serde_norway::from_str(&text).expect("the spec parses");
    let paths = spec["paths"].as_object().expect("the spec has paths");
    paths
        .values()
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .filter_map(|op| op["operationId"].as_str())
        .map(str::to_owned)
        .collect()
}

/// The spec documents a 2xx for every operation but these two, whose only success is `302` (an OAuth redirect).
fn success_expected(op: &OperationInfo, status: u16) -> bool {
    if op.responses.iter().any(|r| (200..300).contains(&r.status)) {
        (200..300).contains(&status)
    } else {
        op.success_statuses().any(|s| s == status)
    }
}

/// A loopback URL that answers 200 to every request.
async fn receiver() -> String {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.expect("a port");
    let url = format!("http://{}/hook", listener.local_addr().expect("an address"));
    let app = axum::Router::new().fallback(|| async { "ok" });
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test]
async fn every_operation_succeeds_given_a_valid_request() {
    let samples: Value = serde_json::from_str(include_str!("../src/generated/samples.json")).expect("samples");
    let spec_ids = spec_operation_ids();
    let mut missing: Vec<&str> =
        spec_ids.iter().map(String::as_str).filter(|id| !OPERATIONS.iter().any(|op| op.id == *id)).collect();
    missing.extend(OPERATIONS.iter().map(|op| op.id).filter(|id| !spec_ids.iter().any(|s| s == id)));
    assert!(missing.is_empty(), "the operation table and the spec differ: {missing:?}");
    let mut config = common::config();
    config.fixtures = true;
    config.coming_soon = ComingSoon::Serve;
    let mock = common::start(config).await;
    let client = common::client();
    let receiver = receiver().await;
    let unknown_before = reply_core::extra::unknown_members_seen();
    let (mut ok, mut failures, mut two_xx, mut redirects) = (0, Vec::new(), 0, 0);
    for op in OPERATIONS.iter() {
        // Each request meets the fixtures as they start, not what earlier requests made of them
        // (a name taken by an earlier create, a task already executed, a contact opted out).
        let reset = common::call(&mock, "POST", "/__mock/reset", None).await;
        assert_eq!(reset.status, 204, "{}", reset.text);
        let sample = &samples[op.id]["request"];
        let mut path = op.path.to_owned();
        for (name, value) in sample["path"].as_object().into_iter().flatten() {
            path = path.replace(&format!("{{{name}}}"), &encode(value));
        }
        if op.id == "UnlinkHolidayCalendarFromSchedule" {
            // Only a linked calendar can be unlinked: link the fixture calendar first.
            let body = json!({ "calendarId": 1 });
            let linked = common::call(&mock, "POST", "/v3/schedules/1/holiday-calendar-links", Some(body)).await;
            assert_eq!(linked.status, 201, "{}", linked.text);
        }
        if op.id == "MoveContactToSequence" {
            // The fixture contact is already in the fixture sequence, and Reply refuses a move to
            // the step it is at ([cli]): take it out first, so the move is one Reply performs.
            let removed = common::call(&mock, "DELETE", "/v3/sequences/1/contact-links/1", None).await;
            assert_eq!(removed.status, 204, "{}", removed.text);
        }
        if op.id == "TestWebhook" {
            // A valid test delivery needs a receiver that takes it: the fixture's example.com is never contacted.
            let body = json!({ "eventType": "email_replied", "url": receiver });
            let created = common::call(&mock, "POST", "/v3/webhooks", Some(body)).await;
            assert_eq!(created.status, 201, "{}", created.text);
            path = format!("/v3/webhooks/{}/test", created.json["id"]);
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
        let body = response.bytes().await.expect("a body");
        let problem = if !success_expected(op, status) {
            Some(format!("status {status} where a valid request must succeed"))
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
                two_xx += usize::from((200..300).contains(&status));
                redirects += usize::from(status == 302);
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
        "every_operation: {ok}/{} operations of the spec succeeded: {two_xx} answered 2xx, {redirects} their only \
         documented success (302); {unknown} unknown members",
        spec_ids.len()
    );
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(unknown, 0, "answers carried members the generated types do not know");
    mock.shutdown().await;
}
