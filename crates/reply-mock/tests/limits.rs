//! Per-user rate limits on a scaled clock.

mod common;

use std::time::Duration;

use serde_json::json;

#[tokio::test]
async fn rate_limits_per_user_with_retry_after() {
    let mut config = common::config();
    config.limits.enabled = true;
    config.limits.per_minute = 3;
    config.limits.per_hour = 1_000;
    config.limits.reporting_per_minute = 1;
    config.limits.minute_ms = 500;
    config.limits.hour_ms = 60_000;
    let mock = common::start(config).await;

    for _ in 0..3 {
        assert_eq!(common::call(&mock, "GET", "/v3/contacts", None).await.status, 200);
    }
    let limited = common::call(&mock, "GET", "/v3/contacts", None).await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.header("retry-after"), Some("1"), "whole seconds, rounded up");
    assert_eq!(
        (limited.json["title"].as_str(), limited.header("content-type")),
        (Some("Too Many Requests"), Some("application/problem+json"))
    );

    // Another user has a budget of their own.
    let other = [("authorization", "Bearer mock-master-key"), ("x-user-id", "2"), ("x-team-id", "1")];
    assert_eq!(common::call_with(&mock, "GET", "/v3/contacts", None, &other).await.status, 200);

    // The window slides: after it has passed, requests go through again.
    tokio::time::sleep(Duration::from_millis(550)).await;
    assert_eq!(common::call(&mock, "GET", "/v3/contacts", None).await.status, 200);

    // Reporting is stricter.
    let body = json!({ "filters": { "dateRangePreset": "lastWeek" } });
    let first = common::call_with(&mock, "POST", "/v3/reporting/emails/overview", Some(body.clone()), &other).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let second = common::call_with(&mock, "POST", "/v3/reporting/emails/overview", Some(body), &other).await;
    assert_eq!(second.status, 429);

    mock.shutdown().await;
}
