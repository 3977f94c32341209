//! Building blocks of the sequence tests: contacts, an email account and a
//! sequence whose steps are given, created through the API.

#![allow(dead_code)]

use reply_mock::{ActivityConfig, Config, MockServer};
use serde_json::{Value, json};

use crate::common;

const DAY_MINUTES: i64 = 24 * 60;

/// A quiet mock configuration whose simulated recipients answer at these rates.
pub fn config(open_rate: f64, reply_rate: f64, bounce_rate: f64) -> Config {
    let mut config = common::config();
    config.activity = ActivityConfig { open_rate, reply_rate, bounce_rate, ..ActivityConfig::default() };
    // Some sequence operations these tests use (CountSequenceContacts, UnarchiveSequence) are
    // "coming soon" in the spec, which the mock refuses unless told to serve them.
    config.coming_soon = reply_mock::ComingSoon::Serve;
    config
}

pub async fn contact(mock: &MockServer, email: &str) -> i64 {
    let body = json!({ "email": email, "firstName": "Test", "company": email.split('@').nth(1).unwrap_or("x") });
    let reply = common::call(mock, "POST", "/v3/contacts", Some(body)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json["id"].as_i64().expect("a contact id")
}

pub async fn email_account(mock: &MockServer, email: &str) -> i64 {
    let connection = json!({ "email": email, "senderName": "Me", "smtpHost": "smtp.example.com", "smtpPort": 587,
        "smtpPassword": "x", "smtpSsl": true, "imapHost": "imap.example.com", "imapPort": 993, "imapPassword": "x",
        "imapSsl": true });
    let reply = common::call(mock, "POST", "/v3/email-accounts", Some(json!({ "connection": connection }))).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json["id"].as_i64().expect("an email account id")
}

/// An automatic email step sent `days` after the previous one.
pub fn email_step(days: i64) -> Value {
    json!({ "type": "email", "delayInMinutes": days * DAY_MINUTES, "executionMode": "automatic",
            "variants": [{ "subject": "Hello {{FirstName}}", "message": "A short note." }] })
}

/// A to-do task step `days` after the previous one.
pub fn task_step(days: i64) -> Value {
    json!({ "type": "task", "actionType": "toDo", "delayInMinutes": days * DAY_MINUTES, "description": "Call" })
}

/// A sequence with these steps sending from these accounts: its id and its step ids in order.
pub async fn sequence(mock: &MockServer, steps: Vec<Value>, accounts: &[i64]) -> (i64, Vec<i64>) {
    let body = json!({ "name": format!("Sequence {}", steps.len()), "steps": steps, "emailAccounts": accounts });
    let reply = common::call(mock, "POST", "/v3/sequences", Some(body)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let steps = reply.json["steps"].as_array().into_iter().flatten().filter_map(|s| s["id"].as_i64()).collect();
    (reply.json["id"].as_i64().expect("a sequence id"), steps)
}

/// `POST /v3/sequences/{id}/contact-links/bulk` with `extra` members beside `contactIds`.
pub async fn enrol(mock: &MockServer, sequence: i64, contacts: &[i64], extra: Value) -> common::Reply {
    let mut body = json!({ "contactIds": contacts });
    if let (Value::Object(body), Value::Object(extra)) = (&mut body, extra) {
        body.extend(extra);
    }
    common::call(mock, "POST", &format!("/v3/sequences/{sequence}/contact-links/bulk"), Some(body)).await
}

pub async fn start(mock: &MockServer, sequence: i64) -> common::Reply {
    common::call(mock, "POST", &format!("/v3/sequences/{sequence}/start"), None).await
}

/// The sequence's contacts with their extended state, by contact id.
pub async fn states(mock: &MockServer, sequence: i64) -> Vec<Value> {
    let reply = common::call(mock, "GET", &format!("/v3/sequences/{sequence}/contacts/state"), None).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json["items"].as_array().cloned().unwrap_or_default()
}

/// One contact's place in a sequence (`GetSequenceContactById`).
pub async fn membership(mock: &MockServer, sequence: i64, contact: i64) -> common::Reply {
    common::call(mock, "GET", &format!("/v3/sequences/{sequence}/contacts/{contact}"), None).await
}

/// `GetSequenceStats`'s `emailOverview` with these `filters`.
pub async fn email_overview(mock: &MockServer, sequence: i64, filters: Value) -> Value {
    let reply =
        common::call(mock, "POST", &format!("/v3/sequences/{sequence}/stats"), Some(json!({ "filters": filters })))
            .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json["emailOverview"].clone()
}
