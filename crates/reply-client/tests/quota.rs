//! The quota scheduler, with tokio's clock paused so time is deterministic.

mod support;

use std::time::Duration;

use reply_client::{Limits, QuotaConfig};
use support::{Answer, Script, client_with, json};

fn small() -> QuotaConfig {
    QuotaConfig {
        default: Limits { per_minute: 3, per_hour: 5 },
        reporting: Limits { per_minute: 1, per_hour: 2 },
        minute_ms: 1_000,
        hour_ms: 10_000,
    }
}

#[tokio::test(start_paused = true)]
async fn requests_wait_for_a_slot_instead_of_meeting_a_429() {
    let script = Script::new((0..6).map(|_| json(204, "")).collect());
    let c = client_with(&script, Some(small()));
    for _ in 0..6 {
        c.webhooks().test(1).await.unwrap();
    }
    let seen = script.seen();
    let start = seen[0].at;
    let offsets: Vec<u128> = seen.iter().map(|s| (s.at - start).as_millis()).collect();
    // 3 in the first "minute", then the minute window, then the 5-per-"hour" window;
    // each window is 1 % (at least 20 ms) longer than configured, for network jitter.
    assert_eq!(offsets, [0, 0, 0, 1_020, 1_020, 10_100]);
    let q = c.quota().unwrap();
    assert_eq!(q.default.hour, 2, "three sends within the last hour: {q:?}");
    assert!(q.waited >= Duration::from_millis(10_100));
}

#[tokio::test(start_paused = true)]
async fn clones_share_one_budget() {
    let script = Script::new((0..4).map(|_| json(204, "")).collect());
    let a = client_with(&script, Some(small()));
    let b = a.clone();
    a.webhooks().test(1).await.unwrap();
    b.webhooks().test(1).await.unwrap();
    a.webhooks().test(1).await.unwrap();
    b.webhooks().test(1).await.unwrap();
    let seen = script.seen();
    assert_eq!((seen[3].at - seen[0].at).as_millis(), 1_020, "the fourth call waited for the shared minute");
}

#[tokio::test(start_paused = true)]
async fn a_429_corrects_the_estimate() {
    let script = Script::new(vec![
        Answer::Status(429, vec![("retry-after", "4".into())], String::new()),
        json(204, ""),
        json(204, ""),
    ]);
    let c = client_with(&script, Some(QuotaConfig::default()));
    c.webhooks().test(1).await.unwrap();
    c.webhooks().test(1).await.unwrap();
    let seen = script.seen();
    assert_eq!((seen[1].at - seen[0].at).as_secs(), 4);
    assert_eq!((seen[2].at - seen[0].at).as_secs(), 4, "later calls are not blocked further");
}

#[tokio::test(start_paused = true)]
async fn a_wait_past_the_deadline_is_reported_not_slept() {
    let script = Script::new((0..3).map(|_| json(204, "")).collect());
    let mut config = small();
    config.default.per_minute = 1;
    config.minute_ms = 60_000;
    let c = client_with(&script, Some(config));
    c.webhooks().test(1).await.unwrap();
    let err = c.webhooks().test(1).deadline(Duration::from_secs(5)).await.unwrap_err();
    assert_eq!(err.kind(), "rate_limited");
    assert_eq!(err.code(), Some("client.quotaExhausted"));
    assert_eq!(script.count(), 1);
}
