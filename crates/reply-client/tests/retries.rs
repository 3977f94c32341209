//! Every retry rule, over a scripted transport with tokio's clock paused.

mod support;

use std::time::Duration;

use reply_client::Error;
use reply_core::TransportErrorKind;
use reply_core::models::ContactCreationRequest;
use support::{Answer, Script, client, json, problem};

const CONTACT: &str = r#"{"id": 7, "email": "a@b.co"}"#;

#[tokio::test(start_paused = true)]
async fn a_429_is_retried_after_retry_after_for_reads_and_writes() {
    let script = Script::new(vec![
        Answer::Status(429, vec![("retry-after", "3".into())], String::new()),
        json(200, CONTACT),
        Answer::Status(429, vec![("retry-after", "2".into())], String::new()),
        json(201, CONTACT),
    ]);
    let c = client(&script);
    let contact = c.contacts().get(7).await.unwrap();
    assert_eq!(contact.id, Some(7));
    let seen = script.seen();
    assert_eq!(seen[1].at - seen[0].at, Duration::from_secs(3), "Retry-After honoured");

    let body = ContactCreationRequest { email: Some("a@b.co".into()), ..Default::default() };
    c.contacts().create(body).await.unwrap();
    assert_eq!(script.count(), 4, "a refused write is sent again");
}

#[tokio::test(start_paused = true)]
async fn server_errors_and_broken_connections_are_retried_on_reads() {
    let script = Script::new(vec![
        problem(503, r#"{"status":503}"#),
        Answer::Fail(TransportErrorKind::Timeout),
        Answer::Fail(TransportErrorKind::ConnectionLost),
        json(200, CONTACT),
    ]);
    let contact = client(&script).contacts().get(7).await.unwrap();
    assert_eq!(contact.email.as_deref(), Some("a@b.co"));
    assert_eq!(script.count(), 4);
}

#[tokio::test(start_paused = true)]
async fn reads_give_up_after_the_retry_budget() {
    let script = Script::new((0..4).map(|_| problem(500, r#"{"title":"Oops","status":500}"#)).collect());
    let err = client(&script).contacts().get(7).await.unwrap_err();
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    assert_eq!(script.count(), 4, "one attempt and three retries");
}

#[tokio::test(start_paused = true)]
async fn a_write_whose_outcome_is_unknown_is_not_retried() {
    for answer in [
        problem(500, r#"{"status":500}"#),
        Answer::Fail(TransportErrorKind::Timeout),
        Answer::Fail(TransportErrorKind::ConnectionLost),
    ] {
        let script = Script::new(vec![answer, json(201, CONTACT)]);
        let body = ContactCreationRequest { email: Some("a@b.co".into()), ..Default::default() };
        let err = client(&script).contacts().create(body).await.unwrap_err();
        match err {
            Error::OutcomeUnknown { operation, method, path, .. } => {
                assert_eq!((operation, method.as_str(), path.as_str()), ("CreateContact", "POST", "/v3/contacts"));
            }
            other => panic!("expected OutcomeUnknown, got {other:?}"),
        }
        assert_eq!(script.count(), 1, "sent exactly once");
    }
}

#[tokio::test(start_paused = true)]
async fn a_write_that_never_connected_is_retried() {
    let script = Script::new(vec![Answer::Fail(TransportErrorKind::Connect), json(201, CONTACT)]);
    let body = ContactCreationRequest { email: Some("a@b.co".into()), ..Default::default() };
    client(&script).contacts().create(body).await.unwrap();
    assert_eq!(script.count(), 2);
}

#[tokio::test(start_paused = true)]
async fn retry_after_past_the_deadline_is_not_waited_for() {
    let script = Script::new(vec![Answer::Status(429, vec![("retry-after", "600".into())], String::new())]);
    let err = client(&script).contacts().get(1).deadline(Duration::from_secs(30)).await.unwrap_err();
    assert!(matches!(&err, Error::RateLimited(a) if a.retry_after == Some(Duration::from_secs(600))), "{err:?}");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(600)));
}

#[tokio::test(start_paused = true)]
async fn per_request_retry_override() {
    let script = Script::new(vec![problem(503, "{}"), json(200, CONTACT)]);
    let err = client(&script).contacts().get(1).retry(reply_client::RetryPolicy::none()).await.unwrap_err();
    assert!(matches!(err, Error::Server(_)));
    assert_eq!(script.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_unsafe_test_switch_retries_writes_that_may_have_acted() {
    // Only for proving a harness catches duplicates (reply-harness chaos --unsafe-retry-writes).
    let script = Script::new(vec![problem(500, r#"{"status":500}"#), json(201, CONTACT)]);
    let config = reply_client::Config::new("test-key")
        .with_base_url("https://api.reply.io")
        .with_retry(reply_client::RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(50),
        })
        .with_quota(None)
        .with_unsafe_retry_writes_for_testing(true);
    let client = reply_client::Client::with_transport(config, std::sync::Arc::new(script.clone())).unwrap();
    let body = ContactCreationRequest { email: Some("a@b.co".into()), ..Default::default() };
    client.contacts().create(body).await.unwrap();
    assert_eq!(script.count(), 2, "sent again after a 500, which the safe client never does");
}
