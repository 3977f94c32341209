//! Receiving real deliveries from the mock with the axum handler: a sequence
//! runs, its events arrive and parse into their types, a request without
//! the secret is refused, and a repeated delivery reaches the handler once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reply_client::webhooks::axum::Receiver;
use reply_client::webhooks::{Event, EventType};
use reply_mock::{Config, MockServer};
use serde_json::{Value, json};

const KEY: &str = "mock-personal-key";

async fn call(mock: &MockServer, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
    let client = reqwest::Client::builder()
        .tls_backend_preconfigured(reply_core::tls::client_config().unwrap())
        .no_proxy()
        .build()
        .unwrap();
    let mut request = client.request(method, format!("{}{path}", mock.base_url())).bearer_auth(KEY);
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body.to_string());
    }
    let response = request.send().await.unwrap();
    assert!(response.status().is_success(), "{path}: {}", response.status());
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap_or(Value::Null)
}

#[tokio::test]
async fn deliveries_from_a_running_sequence_parse_into_their_types_and_a_repeat_is_handled_once() {
    let mut config = Config::quiet();
    config.limits.enabled = false;
    config.activity.open_rate = 1.0;
    config.activity.reply_rate = 1.0;
    config.activity.bounce_rate = 0.0;
    // The first email_sent is answered after the mock gave up waiting, so it comes again.
    config.webhooks.timeout_ms = 300;
    config.webhooks.retries = 1;
    config.webhooks.retry_backoff_ms = 50;
    let mock = MockServer::start(config).await.unwrap();

    let handled: Arc<Mutex<Vec<Event>>> = Arc::default();
    let calls: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let (h, c) = (handled.clone(), calls.clone());
    let route = Receiver::new("s3cret-token").handler(move |event: Event| {
        let (h, c) = (h.clone(), c.clone());
        async move {
            let first_sent = event.kind() == "email_sent" && !c.lock().unwrap().contains_key("email_sent");
            *c.lock().unwrap().entry(event.kind().to_owned()).or_default() += 1;
            h.lock().unwrap().push(event);
            // The work is done but the answer is late: the mock gives up and delivers again.
            if first_sent {
                tokio::time::sleep(Duration::from_millis(600)).await;
            }
            Ok::<(), std::convert::Infallible>(())
        }
    });
    let app = axum::Router::new().route("/hooks/reply", route);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/hooks/reply", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let no_token = reqwest::Client::builder()
        .tls_backend_preconfigured(reply_core::tls::client_config().unwrap())
        .no_proxy()
        .build()
        .unwrap()
        .post(&base)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 401);

    let url = format!("{base}?token=s3cret-token");
    for event in ["email_sent", "email_opened", "email_replied", "contact_finished"] {
        call(&mock, reqwest::Method::POST, "/v3/webhooks", Some(json!({ "eventType": event, "url": url }))).await;
    }
    let contact =
        call(&mock, reqwest::Method::POST, "/v3/contacts", Some(json!({ "email": "ann@acme.io", "firstName": "Ann" })))
            .await;
    let connection = json!({ "email": "me@acme.io", "senderName": "Me", "smtpHost": "smtp.acme.io", "smtpPort": 587,
        "smtpPassword": "x", "smtpSsl": true, "imapHost": "imap.acme.io", "imapPort": 993, "imapPassword": "x", "imapSsl": true });
    let account =
        call(&mock, reqwest::Method::POST, "/v3/email-accounts", Some(json!({ "connection": connection }))).await;
    let steps = json!([{ "type": "email", "delayInMinutes": 0, "executionMode": "automatic",
        "variants": [{ "subject": "Hi", "message": "Hello", "isEnabled": true }] }]);
    let body = json!({ "name": "Outreach", "emailAccounts": [account["id"]], "steps": steps });
    let sequence = call(&mock, reqwest::Method::POST, "/v3/sequences", Some(body)).await;
    let id = sequence["id"].as_i64().unwrap();
    call(
        &mock,
        reqwest::Method::POST,
        &format!("/v3/sequences/{id}/contact-links/bulk"),
        Some(json!({ "contactIds": [contact["id"]] })),
    )
    .await;
    call(&mock, reqwest::Method::POST, &format!("/v3/sequences/{id}/start"), None).await;

    // Bounded wait for the four events (the repeat included).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while handled.lock().unwrap().len() < 4 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let handled = handled.lock().unwrap().clone();
    let mut kinds: Vec<&str> = handled.iter().map(Event::kind).collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["contact_finished", "email_opened", "email_replied", "email_sent"], "each event handled once");
    for event in &handled {
        assert_eq!(EventType::from(event.kind()).as_str(), event.kind());
        match event {
            Event::EmailSent(e) => {
                assert_eq!(e.contact_fields.as_ref().and_then(|c| c.email.as_deref()), Some("ann@acme.io"))
            }
            Event::EmailReplied(e) => assert_eq!(e.reply_reason.as_ref().map(|r| r.as_str()), Some("EmailDetected")),
            Event::EmailOpened(e) => assert_eq!(e.sequence_fields.as_ref().and_then(|s| s.id), Some(id)),
            Event::ContactFinished(e) => assert!(e.event.subscription_id.is_some()),
            other => panic!("unexpected {other:?}"),
        }
    }
    // The email_sent subscription (the first) saw two attempts of one event: the repeat was recognised.
    let logs = call(&mock, reqwest::Method::GET, "/v3/webhooks/1/logs", None).await;
    let items = logs["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{logs}");
    assert_eq!(items[0]["eventId"], items[1]["eventId"]);
    let sent_id = handled.iter().find(|e| e.kind() == "email_sent").unwrap().id().to_owned();
    assert_eq!(items[0]["eventId"], sent_id.as_str());
    assert_eq!(calls.lock().unwrap()["email_sent"], 1, "the handler ran once for the repeated event");
    server.abort();
}
