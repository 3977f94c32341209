//! Per-user rate limits in fixed windows that reset, on a scaled clock.
//!
//! Source: Reply's rate-limit docs (../shared/research/real-behaviour.md, "Limits, errors,
//! identity"): 100 requests a minute and 3,000 an hour per user, across every application
//! acting for that user; `Retry-After` is the seconds until "the quota window resets". Where
//! the windows begin and that refused requests spend nothing are our choices (README).

mod common;

use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn limited(per_minute: u32, per_hour: u32, minute_ms: u64, hour_ms: u64) -> reply_mock::Config {
    let mut config = common::config();
    config.limits.enabled = true;
    config.limits.per_minute = per_minute;
    config.limits.per_hour = per_hour;
    config.limits.minute_ms = minute_ms;
    config.limits.hour_ms = hour_ms;
    config
}

const USER_2: [(&str, &str); 3] = [("authorization", "Bearer mock-master-key"), ("x-user-id", "2"), ("x-team-id", "1")];

async fn sleep_until(start: Instant, after_ms: u64) {
    tokio::time::sleep_until((start + Duration::from_millis(after_ms)).into()).await;
}

#[tokio::test]
async fn fixed_windows_reset_whole_unlike_sliding_ones() {
    let mock = common::start(limited(3, 1_000, 2_000, 600_000)).await;
    let start = Instant::now();
    assert_eq!(common::call(&mock, "GET", "/v3/contacts", None).await.status, 200);
    sleep_until(start, 1_200).await;
    for _ in 0..2 {
        assert_eq!(common::call(&mock, "GET", "/v3/contacts", None).await.status, 200);
    }
    let refused = common::call(&mock, "GET", "/v3/contacts", None).await;
    assert_eq!(refused.status, 429);
    assert_eq!(refused.header("retry-after"), Some("1"), "0.8 s until the window resets, in whole seconds rounded up");
    assert_eq!(
        (refused.json["title"].as_str(), refused.header("content-type")),
        (Some("Too Many Requests"), Some("application/problem+json"))
    );

    // Once the window has ended, all three requests are available again. A sliding window
    // would still count the two requests made at 1.2 s and let only one through.
    sleep_until(start, 2_300).await;
    for i in 0..3 {
        let reply = common::call(&mock, "GET", "/v3/contacts", None).await;
        assert_eq!(reply.status, 200, "request {i} of the new window: {}", reply.text);
    }
    assert_eq!(common::call(&mock, "GET", "/v3/contacts", None).await.status, 429);
    assert_eq!(mock.limit_counts().rejected, 2);
    mock.shutdown().await;
}

#[tokio::test]
async fn the_hour_window_binds_with_retry_after_until_it_resets() {
    let mock = common::start(limited(100, 4, 60_000, 30_000)).await;
    for _ in 0..4 {
        assert_eq!(common::call(&mock, "GET", "/v3/whoami", None).await.status, 200);
    }
    let refused = common::call(&mock, "GET", "/v3/whoami", None).await;
    assert_eq!(refused.status, 429);
    let seconds: u64 = refused.header("retry-after").and_then(|s| s.parse().ok()).expect("whole seconds");
    assert!((29..=30).contains(&seconds), "the 30 s hour resets in {seconds} s");
    mock.shutdown().await;
}

#[tokio::test]
async fn budgets_are_per_user_and_reporting_spends_both() {
    let mut config = limited(3, 1_000, 60_000, 600_000);
    config.limits.reporting_per_minute = 1;
    let mock = common::start(config).await;
    for _ in 0..3 {
        assert_eq!(common::call(&mock, "GET", "/v3/contacts", None).await.status, 200);
    }
    assert_eq!(common::call(&mock, "GET", "/v3/contacts", None).await.status, 429);

    // User 2 (through the master key) has a budget of their own.
    assert_eq!(common::call_with(&mock, "GET", "/v3/contacts", None, &USER_2).await.status, 200);
    // A reporting request counts in the reporting windows and the default ones.
    let body = json!({ "filters": { "dateRangePreset": "lastWeek" } });
    let first = common::call_with(&mock, "POST", "/v3/reporting/emails/overview", Some(body.clone()), &USER_2).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let second = common::call_with(&mock, "POST", "/v3/reporting/emails/overview", Some(body), &USER_2).await;
    assert_eq!(second.status, 429);
    assert!(second.json["detail"].as_str().is_some_and(|d| d.contains("reporting")), "{}", second.text);

    let counts = mock.limit_counts();
    let user_2 = &counts.users[&2];
    let used = |class: &str, window: &str| {
        user_2.windows.iter().find(|w| w.class == class && w.window == window).map(|w| w.used)
    };
    assert_eq!((used("default", "minute"), used("reporting", "minute")), (Some(2), Some(1)));
    assert_eq!((counts.rejected, counts.users[&1].rejected, user_2.rejected), (2, 1, 1));
    mock.shutdown().await;
}

#[tokio::test]
async fn every_429_of_the_limiter_is_counted_and_shown_by_the_admin_endpoint() {
    let mut config = limited(1, 1_000, 60_000, 600_000);
    // An injected 429 is a fault, not the limiter's: it is counted in the fault counts only.
    config
        .faults
        .operations
        .insert("GetTasks".into(), reply_mock::FaultRule { errors: [(429, 1.0)].into(), ..Default::default() });
    let mock = common::start(config).await;
    assert_eq!(common::call(&mock, "GET", "/v3/contacts", None).await.status, 200);
    for _ in 0..3 {
        assert_eq!(common::call(&mock, "GET", "/v3/contacts", None).await.status, 429);
    }
    assert_eq!(common::call_with(&mock, "GET", "/v3/tasks", None, &USER_2).await.status, 429);

    let admin = common::call(&mock, "GET", "/__mock/limits", None).await;
    assert_eq!(admin.status, 200);
    assert_eq!(admin.json["rejected"], 3, "{}", admin.text);
    assert_eq!(admin.json["users"]["1"]["rejected"], 3);
    assert_eq!(admin.json["users"]["2"]["rejected"], 0);
    let minute = admin.json["users"]["1"]["windows"]
        .as_array()
        .and_then(|w| w.iter().find(|w| w["class"] == "default" && w["window"] == "minute"))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!((minute["used"].as_u64(), minute["limit"].as_u64()), (Some(1), Some(1)), "{minute}");
    assert!(minute["resetsInMs"].as_u64().is_some_and(|ms| ms <= 60_000));
    let counts = mock.limit_counts();
    assert_eq!((counts.rejected, counts.users[&1].rejected, counts.users[&2].rejected), (3, 3, 0));
    assert_eq!(mock.fault_counts().errors.get(&429), Some(&1), "{:?}", mock.fault_counts());
    mock.shutdown().await;
}
