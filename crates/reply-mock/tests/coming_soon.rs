//! Operations the spec marks "**Coming soon.** This endpoint will be available by …" do not
//! silently work: by default they answer 501 with a problem body saying so, and the config
//! switch `"comingSoon": "serve"` serves them like any other operation.
//!
//! Sources: the spec's descriptions (19 operations carry the mark); [jason] in
//! ../shared/research/real-behaviour.md ("Limits, errors, identity") treats
//! `CountSequenceContacts` as not available yet. How Reply answers such an endpoint is not
//! known: the 501 is our choice (README).

mod common;

use reply_core::operations::OPERATIONS;
use serde_json::{Value, json};

fn samples() -> Value {
    serde_json::from_str(include_str!("../src/generated/samples.json")).expect("samples")
}

/// The sample request of `op` as (method, path with query, body).
fn sample_request(samples: &Value, op: &reply_core::OperationInfo) -> (&'static str, String, Option<Value>) {
    let request = &samples[op.id]["request"];
    let mut path = op.path.to_owned();
    for (name, value) in request["path"].as_object().into_iter().flatten() {
        let text = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
        path = path.replace(&format!("{{{name}}}"), &text);
    }
    let query: Vec<String> = request["query"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}={}", v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
        .collect();
    if !query.is_empty() {
        path = format!("{path}?{}", query.join("&"));
    }
    let body = Some(request["body"].clone()).filter(|b| !b.is_null());
    (op.method.as_str(), path, body)
}

#[tokio::test]
async fn coming_soon_operations_answer_501_saying_so_by_default() {
    let samples = samples();
    let coming: Vec<_> = OPERATIONS.iter().filter(|op| op.coming_soon).collect();
    assert_eq!(coming.len(), 19, "the spec marks 19 operations coming soon");
    let mut config = common::config();
    config.fixtures = true;
    let mock = common::start(config).await;
    for op in &coming {
        let (method, path, body) = sample_request(&samples, op);
        let reply = common::call(&mock, method, &path, body).await;
        assert_eq!(reply.status, 501, "{} {method} {path}: {}", op.id, reply.text);
        assert_eq!(reply.header("content-type"), Some("application/problem+json"));
        assert_eq!(reply.json["title"], "Not Implemented");
        assert!(reply.json["detail"].as_str().is_some_and(|d| d.contains("coming soon")), "{}", reply.text);
    }
    // Live operations are unaffected, and a coming-soon one still asks for a key first.
    assert_eq!(common::call(&mock, "GET", "/v3/sequences", None).await.status, 200);
    let anonymous = common::call_with(&mock, "GET", "/v3/sequences/count", None, &[]).await;
    assert_eq!(anonymous.status, 401);
    mock.shutdown().await;
}

#[tokio::test]
async fn the_serve_switch_serves_coming_soon_operations() {
    let samples = samples();
    // The switch as a JSON config file spells it.
    let mut config: reply_mock::Config = serde_json::from_value(
        json!({ "quiet": true, "fixtures": true, "comingSoon": "serve", "limits": { "enabled": false } }),
    )
    .expect("a config");
    config.webhooks.enabled = false;
    let mock = common::start(config).await;
    for op in OPERATIONS.iter().filter(|op| op.coming_soon) {
        let (method, path, body) = sample_request(&samples, op);
        let reply = common::call(&mock, method, &path, body).await;
        assert!((200..300).contains(&reply.status), "{} {method} {path}: {} {}", op.id, reply.status, reply.text);
    }
    let count = common::call(&mock, "GET", "/v3/sequences/1/contacts/count", None).await;
    assert!(count.json["count"].is_u64(), "{}", count.text);
    mock.shutdown().await;
}
