//! Webhook deliveries the mock's state causes: every event a running
//! sequence can raise, in Reply's delivery shape; retries with backoff;
//! disabling a subscription that keeps failing; `payloadConfig`.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use reply_mock::MockServer;
use serde_json::{Value, json};
use tokio::sync::mpsc;

/// A quiet mock that also serves the "coming soon" SetContactsOptedOut (an opt-out raises `contact_opted_out`).
fn config() -> reply_mock::Config {
    let mut config = common::config();
    config.coming_soon = reply_mock::ComingSoon::Serve;
    config
}

/// A receiver on 127.0.0.1 answering 500 to its first `failures` requests, then 200; every body goes into the channel.
async fn receiver(failures: usize) -> (String, mpsc::UnboundedReceiver<Value>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let count = Arc::new(AtomicUsize::new(0));
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |axum::Json(body): axum::Json<Value>| {
            let (tx, count) = (tx.clone(), count.clone());
            async move {
                let _ = tx.send(body);
                if count.fetch_add(1, Ordering::SeqCst) < failures {
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    axum::http::StatusCode::OK
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, rx)
}

/// The deliveries that arrive until none has for `quiet`.
async fn drain(rx: &mut mpsc::UnboundedReceiver<Value>, quiet: Duration) -> Vec<Value> {
    let mut out = Vec::new();
    while let Ok(Some(body)) = tokio::time::timeout(quiet, rx.recv()).await {
        out.push(body);
    }
    out
}

async fn subscribe(mock: &MockServer, event: &str, url: &str, extra: Value) -> i64 {
    let mut body = json!({ "eventType": event, "url": url });
    body.as_object_mut().unwrap().extend(extra.as_object().cloned().unwrap_or_default());
    let reply = common::call(mock, "POST", "/v3/webhooks", Some(body)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json["id"].as_i64().unwrap()
}

async fn contact(mock: &MockServer, email: &str, linkedin: Option<&str>) -> i64 {
    let mut body = json!({ "email": email, "firstName": "Pat", "lastName": "Lee" });
    if let Some(url) = linkedin {
        body["linkedInUrl"] = json!(url);
    }
    let reply = common::call(mock, "POST", "/v3/contacts", Some(body)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json["id"].as_i64().unwrap()
}

/// Creates, fills and starts a sequence of `steps` (all due at once).
async fn run_sequence(mock: &MockServer, name: &str, steps: Value, contacts: &[i64]) -> i64 {
    let connection = json!({ "email": format!("{name}@acme.io"), "senderName": "Me", "smtpHost": "smtp.acme.io", "smtpPort": 587,
        "smtpPassword": "x", "smtpSsl": true, "imapHost": "imap.acme.io", "imapPort": 993, "imapPassword": "x", "imapSsl": true });
    let account = common::call(mock, "POST", "/v3/email-accounts", Some(json!({ "connection": connection }))).await;
    assert_eq!(account.status, 201, "{}", account.text);
    let body = json!({ "name": name, "emailAccounts": [account.json["id"]], "steps": steps });
    let sequence = common::call(mock, "POST", "/v3/sequences", Some(body)).await;
    assert_eq!(sequence.status, 201, "{}", sequence.text);
    let id = sequence.json["id"].as_i64().unwrap();
    let added = common::call(
        mock,
        "POST",
        &format!("/v3/sequences/{id}/contact-links/bulk"),
        Some(json!({ "contactIds": contacts })),
    )
    .await;
    assert_eq!(added.status, 200, "{}", added.text);
    let started = common::call(mock, "POST", &format!("/v3/sequences/{id}/start"), None).await;
    assert_eq!(started.status, 200, "{}", started.text);
    id
}

fn kinds(deliveries: &[Value]) -> BTreeSet<String> {
    deliveries.iter().filter_map(|d| d["event"]["type"].as_str().map(str::to_owned)).collect()
}

#[tokio::test]
async fn a_running_sequence_delivers_every_event_it_causes_in_replys_delivery_shape() {
    let mut config = config();
    config.activity = reply_mock::ActivityConfig {
        open_rate: 1.0,
        reply_rate: 1.0,
        bounce_rate: 0.0,
        click_rate: 1.0,
        accept_rate: 1.0,
    };
    let mock = common::start(config).await;
    let (url, mut rx) = receiver(0).await;
    let events = common::call(&mock, "GET", "/v3/webhooks/events", None).await;
    for event in events.json["events"].as_array().unwrap() {
        subscribe(&mock, event.as_str().unwrap(), &url, json!({})).await;
    }
    let with_profile = contact(&mock, "ann@acme.io", Some("https://www.linkedin.com/in/ann")).await;
    let without = contact(&mock, "bob@acme.io", None).await;
    let email = json!({ "type": "email", "delayInMinutes": 0, "executionMode": "automatic",
        "variants": [{ "subject": "Hi", "message": "See https://acme.io/pricing for details", "isEnabled": true }] });
    let connect = json!({ "type": "linkedIn", "actionType": "connect", "delayInMinutes": 0, "executionMode": "automatic", "variants": [{ "message": "Hi", "isEnabled": true }] });
    let comment = json!({ "type": "linkedIn", "actionType": "commentOnRecentPost", "delayInMinutes": 0, "aiPromptText": "Say something kind" });
    let message = json!({ "type": "linkedIn", "actionType": "message", "delayInMinutes": 0, "executionMode": "automatic", "variants": [{ "message": "Hello", "isEnabled": true }] });
    let first = run_sequence(&mock, "first", json!([connect, comment, email]), &[with_profile, without]).await;
    run_sequence(&mock, "second", json!([message]), &[with_profile]).await;
    // Outside sequences: a bounce marked by a user, and an opt-out.
    let marked = common::call(
        &mock,
        "POST",
        &format!("/v3/sequences/{first}/contacts/set-bounced"),
        Some(json!({ "contactIds": [without], "isBounced": true })),
    )
    .await;
    let opt_out = common::call(
        &mock,
        "POST",
        "/v3/contacts/set-opted-out",
        Some(json!({ "contactIds": [without], "isOptedOut": true })),
    )
    .await;

    let deliveries = drain(&mut rx, Duration::from_millis(700)).await;
    let expected: BTreeSet<String> = [
        "linkedin_connection_request_sent",
        "linkedin_connection_request_accepted",
        "linkedin_comment_posted",
        "linkedin_comment_skipped",
        "email_sent",
        "email_opened",
        "email_link_clicked",
        "email_replied",
        "contact_replied",
        "contact_finished",
        "linkedin_message_sent",
        "linkedin_message_replied",
    ]
    .map(str::to_owned)
    .into_iter()
    .collect();
    let got = kinds(&deliveries);
    assert!(got.is_superset(&expected), "missing {:?}", expected.difference(&got).collect::<Vec<_>>());
    assert_eq!((marked.status, opt_out.status), (200, 200), "{} {}", marked.text, opt_out.text);
    assert!(got.contains("email_bounced") && got.contains("contact_opted_out"), "{got:?}");
    for d in &deliveries {
        let e = &d["event"];
        assert!(e["id"].as_str().is_some_and(|id| id.len() == 36), "{d}");
        assert!(e["date"].as_str().is_some_and(|t| t.ends_with('Z') || t.contains('+')), "{d}");
        assert!(e["user_id"].is_i64() && e["team_id"].is_i64() && e["subscription_id"].is_i64(), "{d}");
        // Every delivery parses into its own type with the engine's parser.
        let headers = reply_core::Headers(vec![("content-type".into(), "application/json".into())]);
        let event = reply_core::webhooks::parse(d.to_string().as_bytes(), &headers).expect("parses");
        assert!(!matches!(event, reply_core::webhooks::Event::Unknown(_)), "{d}");
        assert!(event.extra().is_empty(), "members the description lacks: {d}");
    }
    let clicked = deliveries.iter().find(|d| d["event"]["type"] == "email_link_clicked").unwrap();
    assert_eq!(clicked["link_url"], "https://acme.io/pricing");
    let replied = deliveries.iter().find(|d| d["event"]["type"] == "email_replied").unwrap();
    assert_eq!(replied["reply_reason"], "EmailDetected");
    let skipped = deliveries.iter().find(|d| d["event"]["type"] == "linkedin_comment_skipped").unwrap();
    assert_eq!(skipped["contact_fields"]["id"], without);
}

#[tokio::test]
async fn a_failed_delivery_is_retried_with_backoff_under_the_same_event_id_and_every_attempt_is_logged() {
    let mut config = config();
    config.webhooks.retries = 3;
    config.webhooks.retry_backoff_ms = 100;
    let mock = common::start(config).await;
    let (url, mut rx) = receiver(2).await;
    let hook = subscribe(&mock, "contact_opted_out", &url, json!({})).await;
    let id = contact(&mock, "cy@acme.io", None).await;
    let started = std::time::Instant::now();
    common::call(&mock, "POST", "/v3/contacts/set-opted-out", Some(json!({ "contactIds": [id], "isOptedOut": true })))
        .await;
    let attempts = drain(&mut rx, Duration::from_millis(800)).await;
    assert_eq!(attempts.len(), 3, "two failures, then success: {attempts:?}");
    assert!(attempts.iter().all(|a| a["event"]["id"] == attempts[0]["event"]["id"]), "one event id for all attempts");
    // Backoff 100 ms then 200 ms.
    assert!(started.elapsed() >= Duration::from_millis(300));
    let logs = common::call(&mock, "GET", &format!("/v3/webhooks/{hook}/logs"), None).await;
    let statuses: Vec<i64> =
        logs.json["items"].as_array().unwrap().iter().filter_map(|l| l["httpStatus"].as_i64()).collect();
    assert_eq!(statuses, [200, 500, 500], "newest first: {}", logs.text);
    let hook_doc = common::call(&mock, "GET", &format!("/v3/webhooks/{hook}"), None).await;
    assert_eq!(hook_doc.json["enabled"], true);
}

#[tokio::test]
async fn a_subscription_failing_every_attempt_is_disabled_and_enable_webhook_turns_it_back_on() {
    let mut config = config();
    config.webhooks.retries = 1;
    config.webhooks.retry_backoff_ms = 20;
    config.webhooks.disable_after = 2;
    let mock = common::start(config).await;
    let (url, mut rx) = receiver(usize::MAX).await;
    let hook = subscribe(&mock, "contact_opted_out", &url, json!({})).await;
    let opt_out = |email: &'static str| {
        let mock = &mock;
        async move {
            let id = contact(mock, email, None).await;
            common::call(
                mock,
                "POST",
                "/v3/contacts/set-opted-out",
                Some(json!({ "contactIds": [id], "isOptedOut": true })),
            )
            .await;
        }
    };
    opt_out("d1@acme.io").await;
    assert_eq!(drain(&mut rx, Duration::from_millis(300)).await.len(), 2, "one attempt and one retry");
    let state = common::call(&mock, "GET", &format!("/v3/webhooks/{hook}"), None).await;
    assert_eq!(state.json["enabled"], true, "one failed delivery is not enough");
    opt_out("d2@acme.io").await;
    assert_eq!(drain(&mut rx, Duration::from_millis(300)).await.len(), 2);
    let state = common::call(&mock, "GET", &format!("/v3/webhooks/{hook}"), None).await;
    assert_eq!(state.json["enabled"], false, "two failed deliveries in a row disable it: {}", state.text);
    opt_out("d3@acme.io").await;
    assert!(drain(&mut rx, Duration::from_millis(300)).await.is_empty(), "a disabled subscription gets nothing");
    let enabled = common::call(&mock, "POST", &format!("/v3/webhooks/{hook}/enable"), None).await;
    assert!(enabled.status < 300, "{}", enabled.text);
    opt_out("d4@acme.io").await;
    assert_eq!(drain(&mut rx, Duration::from_millis(300)).await.len(), 2, "delivering again after EnableWebhook");
}

#[tokio::test]
async fn payload_config_adds_the_email_url_and_text_and_custom_fields_by_title() {
    let mut config = config();
    config.activity =
        reply_mock::ActivityConfig { open_rate: 0.0, reply_rate: 0.0, bounce_rate: 0.0, ..Default::default() };
    let mock = common::start(config).await;
    let (url, mut rx) = receiver(0).await;
    let all = json!({ "payloadConfig": { "includeEmailUrl": true, "includeEmailText": true, "includeProspectCustomFields": true } });
    subscribe(&mock, "email_sent", &url, all).await;
    subscribe(&mock, "email_sent", &url, json!({})).await;
    let id = contact(&mock, "eve@acme.io", None).await;
    let email = json!({ "type": "email", "delayInMinutes": 0, "executionMode": "automatic", "variants": [{ "subject": "Hi", "message": "Hello there", "isEnabled": true }] });
    run_sequence(&mock, "config", json!([email]), &[id]).await;
    let deliveries = drain(&mut rx, Duration::from_millis(500)).await;
    assert_eq!(deliveries.len(), 2, "{deliveries:?}");
    let (full, bare): (Vec<&Value>, Vec<&Value>) = deliveries.iter().partition(|d| d.get("email_text").is_some());
    assert_eq!(full.len(), 1, "{deliveries:?}");
    assert_eq!(full[0]["email_text"], "Hello there");
    assert!(full[0]["email_url"].as_str().is_some_and(|u| u.starts_with("https://")));
    assert!(full[0]["contact_custom_fields"].is_object());
    assert!(bare[0].get("email_url").is_none() && bare[0].get("contact_custom_fields").is_none());
}
