//! A user's day on the mock: contacts, paging, a sequence with steps,
//! enrolment, start, webhook deliveries to a local receiver, and a
//! background job that completes.

mod common;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::mpsc;

/// A webhook receiver on 127.0.0.1: every POST body goes into the channel.
async fn receiver() -> (String, mpsc::UnboundedReceiver<Value>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |axum::Json(body): axum::Json<Value>| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(body);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, rx)
}

async fn next_event(rx: &mut mpsc::UnboundedReceiver<Value>) -> Value {
    tokio::time::timeout(Duration::from_secs(5), rx.recv()).await.expect("a delivery in time").expect("open channel")
}

#[tokio::test]
async fn contacts_sequence_webhooks_and_jobs() {
    let mut config = common::config();
    config.jobs.scheduled_ms = 50;
    config.jobs.processing_ms = 150;
    // The count of a sequence's contacts is "coming soon"; this day prototypes against it.
    config.coming_soon = reply_mock::ComingSoon::Serve;
    // No simulated bounces or replies: the contact_finished seen below is the one this test causes.
    config.activity =
        reply_mock::ActivityConfig { open_rate: 0.0, reply_rate: 0.0, bounce_rate: 0.0, ..Default::default() };
    let mock = common::start(config).await;
    let (hook_url, mut deliveries) = receiver().await;

    for event in ["email_sent", "contact_finished"] {
        let reply =
            common::call(&mock, "POST", "/v3/webhooks", Some(json!({ "eventType": event, "url": hook_url }))).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        assert_eq!(reply.json["enabled"], true);
    }

    // Contacts, with a unique email.
    let mut contacts = Vec::new();
    for i in 0..5 {
        let body = json!({ "email": format!("person{i}@acme.io"), "firstName": format!("P{i}"), "company": "Acme" });
        let reply = common::call(&mock, "POST", "/v3/contacts", Some(body)).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        assert_eq!(reply.json["domain"], "acme.io");
        assert!(reply.json.get("lastName").is_none(), "members the request left out stay out");
        contacts.push(reply.json["id"].as_i64().expect("an id"));
    }
    // Creating a held email overwrites that contact (research/real-behaviour.md, [cli]).
    let again = common::call(&mock, "POST", "/v3/contacts", Some(json!({ "email": "person0@acme.io" }))).await;
    assert_eq!((again.status, again.json["id"].as_i64()), (201, Some(contacts[0])), "{}", again.text);
    assert!(again.json.get("firstName").is_none(), "members left out are blanked: {}", again.text);

    // Paging: 2 + 2 + 1.
    let mut seen = Vec::new();
    for (skip, more) in [(0, true), (2, true), (4, false)] {
        let page = common::call(&mock, "GET", &format!("/v3/contacts?top=2&skip={skip}"), None).await;
        assert_eq!(page.json["hasMore"], more, "{}", page.text);
        seen.extend(page.json["items"].as_array().into_iter().flatten().filter_map(|c| c["id"].as_i64()));
    }
    assert_eq!(seen, contacts);
    let found = common::call(&mock, "GET", "/v3/contacts?email=person3@acme.io", None).await;
    assert_eq!(found.json["items"][0]["id"], contacts[3]);

    // A sequence with an email step, sending from an email account.
    let connection = json!({ "email": "me@acme.io", "senderName": "Me", "smtpHost": "smtp.acme.io", "smtpPort": 587,
        "smtpPassword": "x", "smtpSsl": true, "imapHost": "imap.acme.io", "imapPort": 993, "imapPassword": "x", "imapSsl": true });
    let account = common::call(&mock, "POST", "/v3/email-accounts", Some(json!({ "connection": connection }))).await;
    assert_eq!(account.status, 201, "{}", account.text);
    let body = json!({
        "name": "Outreach",
        "emailAccounts": [account.json["id"]],
        "steps": [{ "type": "email", "delayInMinutes": 0, "executionMode": "automatic", "variants": [{ "subject": "Hi", "message": "Hello {{FirstName}}" }] }],
    });
    let sequence = common::call(&mock, "POST", "/v3/sequences", Some(body)).await;
    assert_eq!(sequence.status, 201, "{}", sequence.text);
    assert_eq!(
        (sequence.json["status"].as_str(), sequence.json["steps"][0]["variants"][0]["subject"].as_str()),
        (Some("new"), Some("Hi"))
    );
    assert_eq!(sequence.json["emailAccounts"][0]["email"], "me@acme.io");
    let id = sequence.json["id"].as_i64().expect("sequence id");
    let step = common::call(&mock, "POST", &format!("/v3/sequences/{id}/steps"), Some(json!({ "type": "email", "delayInMinutes": 60, "executionMode": "manual", "variants": [{ "subject": "Again", "message": "Ping" }] }))).await;
    assert_eq!(step.status, 201, "{}", step.text);
    let steps = common::call(&mock, "GET", &format!("/v3/sequences/{id}/steps"), None).await;
    assert_eq!(steps.json.as_array().map(Vec::len), Some(2));

    // Enrol four contacts and one that does not exist.
    let body = json!({ "contactIds": [contacts[0], contacts[1], contacts[2], contacts[3], 999] });
    let added = common::call(&mock, "POST", &format!("/v3/sequences/{id}/contact-links/bulk"), Some(body)).await;
    assert_eq!(added.json["added"].as_array().map(Vec::len), Some(4), "{}", added.text);
    assert_eq!(added.json["notProcessed"]["999"]["error"], "contactNotFound");
    let count = common::call(&mock, "GET", &format!("/v3/sequences/{id}/contacts/count"), None).await;
    assert_eq!(count.json["count"], 4);

    // Start: step 1 goes out to each contact, and each send is delivered.
    let started = common::call(&mock, "POST", &format!("/v3/sequences/{id}/start"), None).await;
    assert_eq!(started.json["status"], "active", "{}", started.text);
    let mut emails = Vec::new();
    for _ in 0..4 {
        let event = next_event(&mut deliveries).await;
        assert_eq!(event["event"]["type"], "email_sent");
        assert_eq!(event["sequence_fields"]["id"], id);
        emails.push(event["contact_fields"]["email"].as_str().unwrap_or_default().to_owned());
    }
    emails.sort();
    assert_eq!(emails, ["person0@acme.io", "person1@acme.io", "person2@acme.io", "person3@acme.io"]);
    let enrolled = common::call(&mock, "GET", &format!("/v3/sequences/{id}/contacts/{}", contacts[0]), None).await;
    // Step 1 went out, so the contact now waits at step 2 (an hour later).
    assert_eq!(enrolled.json["currentStep"]["displayName"], "2", "{}", enrolled.text);

    // Finishing a contact fires contact_finished.
    let body = json!({ "contactIds": [contacts[0]], "statusInSequence": "finished" });
    let set =
        common::call(&mock, "POST", &format!("/v3/sequences/{id}/contacts/set-status-in-sequence"), Some(body)).await;
    assert_eq!((set.status, set.json.clone()), (200, json!({})), "{}", set.text);
    let finished = next_event(&mut deliveries).await;
    assert_eq!(
        (finished["event"]["type"].as_str(), finished["contact_fields"]["id"].as_i64()),
        (Some("contact_finished"), Some(contacts[0]))
    );

    // Every delivery is in the subscription's log.
    let logs = common::call(&mock, "GET", "/v3/webhooks/1/logs", None).await;
    let statuses: Vec<i64> =
        logs.json["items"].as_array().into_iter().flatten().filter_map(|l| l["httpStatus"].as_i64()).collect();
    assert_eq!(statuses, [200, 200, 200, 200], "{}", logs.text);

    // Archived sequences cannot start.
    common::call(&mock, "POST", &format!("/v3/sequences/{id}/archive"), None).await;
    let refused = common::call(&mock, "POST", &format!("/v3/sequences/{id}/start"), None).await;
    assert_eq!((refused.status, refused.json["code"].as_str()), (409, Some("sequenceAction.archived")));

    // A background job: 202 + Location, then Scheduled/Processing until Done.
    let body = json!({ "contactIds": contacts, "acceptPartial": true });
    let job = common::call(&mock, "POST", "/v3/email-validations/schedule", Some(body)).await;
    assert_eq!((job.status, job.json["scheduledCount"].as_i64()), (202, Some(5)), "{}", job.text);
    let location = job.header("location").expect("a Location").to_owned();
    assert_eq!(location, format!("/v3/background-jobs/{}", job.json["jobId"].as_str().unwrap_or_default()));
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut states = Vec::new();
    let done = loop {
        let polled = common::call(&mock, "GET", &location, None).await;
        let status = polled.json["status"].as_str().unwrap_or_default().to_owned();
        if states.last() != Some(&status) {
            states.push(status.clone());
        }
        if status == "Done" || Instant::now() > deadline {
            break polled;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(done.json["status"], "Done", "states seen: {states:?}");
    assert_eq!(done.json["progress"], 1.0);
    let result: Value =
        serde_json::from_str(done.json["jsonDataResult"].as_str().unwrap_or("null")).unwrap_or_default();
    assert_eq!(result["validated"], 5);
    assert!(states.len() >= 2, "the job was seen in more than one state: {states:?}");

    // Cancelling stops a job where it is; cancelling again changes nothing.
    let job =
        common::call(&mock, "POST", "/v3/email-validations/schedule", Some(json!({ "contactIds": [contacts[1]] })))
            .await;
    let location = job.header("location").expect("a Location").to_owned();
    for _ in 0..2 {
        let cancel = common::call(&mock, "POST", &format!("{location}/cancel"), None).await;
        assert_eq!(cancel.status, 204);
    }
    let cancelled = common::call(&mock, "GET", &location, None).await;
    assert_eq!(cancelled.json["status"], "Cancelled");
    let jobs = common::call(&mock, "GET", "/v3/background-jobs?category=email-validation", None).await;
    assert_eq!(jobs.json["items"].as_array().map(Vec::len), Some(2), "{}", jobs.text);

    mock.shutdown().await;
}

#[tokio::test]
async fn pages_count_only_the_callers_team_however_deep() {
    let mock = common::start(common::config()).await;
    let master = ("authorization", "Bearer mock-master-key");
    let marketing = [master, ("x-user-id", "2"), ("x-team-id", "2")];
    // Interleaved: Sales (the personal key's team) gets even numbers, Marketing odd ones.
    let mut sales = Vec::new();
    for i in 0..12 {
        let body = Some(json!({ "email": format!("t{i}@acme.io") }));
        let reply = if i % 2 == 0 {
            common::call(&mock, "POST", "/v3/contacts", body).await
        } else {
            common::call_with(&mock, "POST", "/v3/contacts", body, &marketing).await
        };
        assert_eq!(reply.status, 201, "{}", reply.text);
        if i % 2 == 0 {
            sales.push(reply.json["id"].as_i64().expect("an id"));
        }
    }
    let mut seen = Vec::new();
    for skip in [0, 4] {
        let page = common::call(&mock, "GET", &format!("/v3/contacts?top=4&skip={skip}"), None).await;
        assert_eq!(page.json["hasMore"], skip == 0, "{}", page.text);
        seen.extend(page.json["items"].as_array().into_iter().flatten().filter_map(|c| c["id"].as_i64()));
    }
    assert_eq!(seen, sales);
    let past_the_end = common::call(&mock, "GET", "/v3/contacts?top=4&skip=6", None).await;
    assert_eq!(past_the_end.json, json!({ "items": [], "hasMore": false }));
}
