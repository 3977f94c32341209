//! `Config::with_log`: a client's events reach its sink as plain records,
//! with the fields of the request they belong to, and never the key.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use reply_client::{Client, Config, Limits, LogLevel, LogRecord, LogSink, QuotaConfig, RetryPolicy};
use serde_json::json;
use support::{KEY, Script, json, problem};

fn logged(script: &Script, quota: Option<QuotaConfig>) -> (Client, Arc<Mutex<Vec<LogRecord>>>) {
    let records = Arc::new(Mutex::new(Vec::new()));
    let into = records.clone();
    let config = Config::new(KEY)
        .with_base_url("https://api.reply.io")
        .with_retry(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(50),
        })
        .with_quota(quota)
        .with_log(Some(LogSink::new(move |r: &LogRecord| into.lock().unwrap().push(r.clone()))));
    (Client::with_transport(config, Arc::new(script.clone())).unwrap(), records)
}

#[tokio::test(start_paused = true)]
async fn a_retry_is_logged_with_its_reason_and_delay_and_no_key() {
    let script = Script::new(vec![problem(503, r#"{"status":503}"#), json(200, r#"{"id":7}"#)]);
    let (c, records) = logged(&script, None);
    c.contacts().get(7).await.unwrap();
    let records = records.lock().unwrap().clone();
    let messages: Vec<&str> = records.iter().map(|r| r.message.as_str()).collect();
    assert_eq!(
        messages,
        ["request sent", "response received", "retrying", "request sent", "response received"],
        "{records:#?}"
    );
    let retry = &records[2];
    assert_eq!((retry.level, retry.target.as_str()), (LogLevel::Warn, "reply::request"));
    assert_eq!(retry.field("operation"), Some(&json!("GetContactById")));
    assert_eq!(retry.field("path"), Some(&json!("/v3/contacts/{id}")));
    assert_eq!(retry.field("attempt"), Some(&json!(0)));
    assert_eq!(retry.field("status"), Some(&json!(503)));
    assert_eq!(retry.field("reason"), Some(&json!("HTTP 503")));
    assert!(retry.field("wait_ms").and_then(|w| w.as_u64()).is_some_and(|w| w <= 50), "{retry:?}");
    assert_eq!(records[4].field("attempt"), Some(&json!(1)));
    let everything = format!("{records:?}");
    assert!(!everything.contains(KEY) && !everything.contains("Bearer"), "{everything}");
}

#[tokio::test(start_paused = true)]
async fn a_quota_wait_is_logged() {
    let quota = QuotaConfig {
        default: Limits { per_minute: 1, per_hour: 100 },
        reporting: Limits { per_minute: 1, per_hour: 100 },
        minute_ms: 1_000,
        hour_ms: 100_000,
    };
    let script = Script::new(vec![json(200, r#"{"id":1}"#), json(200, r#"{"id":2}"#)]);
    let (c, records) = logged(&script, Some(quota));
    c.contacts().get(1).await.unwrap();
    c.contacts().get(2).await.unwrap();
    let records = records.lock().unwrap();
    let wait = records.iter().find(|r| r.target == "reply::quota").expect("a quota record");
    assert_eq!((wait.level, wait.message.as_str()), (LogLevel::Info, "waiting for the request budget"));
    assert!(wait.field("wait_ms").and_then(|w| w.as_u64()).is_some_and(|w| w >= 900), "{wait:?}");
}

#[tokio::test]
async fn a_client_without_a_sink_logs_nothing_of_its_own() {
    let script = Script::new(vec![json(200, r#"{"id":7}"#)]);
    let config = Config::new(KEY).with_base_url("https://api.reply.io").with_quota(None);
    assert!(config.log.is_none());
    Client::with_transport(config, Arc::new(script.clone())).unwrap().contacts().get(7).await.unwrap();
    assert_eq!(script.count(), 1);
}

#[tokio::test]
async fn over_real_http_only_the_sdks_own_events_reach_the_sink() {
    let mock = reply_mock::MockServer::start(reply_mock::Config::quiet()).await.expect("mock starts");
    let records = Arc::new(Mutex::new(Vec::new()));
    let into = records.clone();
    let config = Config::new("mock-personal-key")
        .with_base_url(mock.base_url())
        .with_log(Some(LogSink::new(move |r: &LogRecord| into.lock().unwrap().push(r.clone()))));
    let c = Client::new(config).unwrap();
    c.user_account().whoami().await.unwrap();
    c.user_account().whoami().await.unwrap();
    let records = records.lock().unwrap().clone();
    let targets: Vec<&str> = records.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(targets, ["reply::request"; 4], "{records:#?}");
    mock.shutdown().await;
}
