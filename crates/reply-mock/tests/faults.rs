//! Fault injection: reproducible by seed, before or after acting, resets,
//! truncated bodies, latency, and counters.

mod common;

use std::time::{Duration, Instant};

use reply_mock::{FaultRule, FaultsConfig, Latency};
use serde_json::json;

fn rule(f: impl FnOnce(&mut FaultRule)) -> FaultRule {
    let mut rule = FaultRule::default();
    f(&mut rule);
    rule
}

async fn statuses(seed: u64) -> Vec<u16> {
    let mut config = common::config();
    config.seed = seed;
    config.faults.global = rule(|r| {
        r.errors.insert(503, 0.3);
        r.errors.insert(429, 0.1);
    });
    let mock = common::start(config).await;
    let mut out = Vec::new();
    for _ in 0..40 {
        out.push(common::call(&mock, "GET", "/v3/contacts", None).await.status);
    }
    let counts = mock.fault_counts();
    assert_eq!(counts.total() as usize, out.iter().filter(|s| **s != 200).count());
    mock.shutdown().await;
    out
}

#[tokio::test]
async fn faults_are_reproducible_by_seed() {
    let (a, b, c) = (statuses(42).await, statuses(42).await, statuses(43).await);
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(a.contains(&503) && a.contains(&200), "{a:?}");
}

#[tokio::test]
async fn failures_before_and_after_acting() {
    let mut config = common::config();
    config.faults.operations.insert("GetContacts".into(), rule(|r| r.reset = 1.0));
    config.faults.operations.insert("CreateContact".into(), rule(|r| r.reset_after = 1.0));
    config.faults.operations.insert(
        "CreateContactList".into(),
        rule(|r| {
            r.errors_after.insert(500, 1.0);
        }),
    );
    config.faults.operations.insert("GetContactLists".into(), rule(|r| r.truncate = 1.0));
    config.faults.operations.insert("Whoami".into(), rule(|r| r.latency = Some(Latency { min_ms: 150, max_ms: 150 })));
    let mock = common::start(config).await;
    let client = common::client();
    let url = |path: &str| format!("{}{path}", mock.base_url());

    // Reset before acting: no answer at all.
    let reset = client.get(url("/v3/contacts")).bearer_auth(common::KEY).send().await;
    assert!(reset.is_err(), "the connection is dropped");

    // Reset after acting: no answer, yet the contact exists.
    let created = client
        .post(url("/v3/contacts"))
        .bearer_auth(common::KEY)
        .header("content-type", "application/json")
        .body(json!({ "email": "ghost@x.io" }).to_string())
        .send()
        .await;
    assert!(created.is_err());
    let found = common::call(&mock, "POST", "/v3/contacts/filter", Some(json!({ "searchTerm": "ghost" }))).await;
    assert_eq!(found.json["items"][0]["email"], "ghost@x.io", "{}", found.text);

    // 500 after acting: the list was created anyway.
    let failed = common::call(&mock, "POST", "/v3/contact-lists", Some(json!({ "name": "Hot" }))).await;
    assert_eq!(failed.status, 500);
    let lists =
        common::client().get(url("/v3/contact-lists")).bearer_auth(common::KEY).send().await.expect("headers arrive");
    let announced = lists.content_length().unwrap_or(0);
    // Truncated body: the headers promise more than arrives.
    if let Ok(bytes) = lists.bytes().await {
        assert!((bytes.len() as u64) < announced, "{} of {announced}", bytes.len());
    }

    // Latency.
    let started = Instant::now();
    assert_eq!(common::call(&mock, "GET", "/v3/whoami", None).await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(150));

    let counts = mock.fault_counts();
    assert_eq!(
        (counts.resets, counts.resets_after, counts.errors_after.get(&500), counts.truncated, counts.delayed),
        (1, 1, Some(&1), 1, 1)
    );

    // The counters and rules are reachable over HTTP too.
    let over_http = common::call(&mock, "GET", "/__mock/faults", None).await;
    assert_eq!(over_http.json["resetsAfter"], 1);
    let cleared = common::client().put(url("/__mock/faults")).body("{}").send().await.expect("answer");
    assert_eq!(cleared.status().as_u16(), 204);
    assert_eq!(common::call(&mock, "GET", "/v3/contacts", None).await.status, 200);

    mock.shutdown().await;
}

#[tokio::test]
async fn injected_errors_carry_problem_bodies() {
    let mut config = common::config();
    config.faults = FaultsConfig::default();
    config.faults.global = rule(|r| {
        r.errors.insert(429, 1.0);
    });
    let mock = common::start(config).await;
    let reply = common::call(&mock, "GET", "/v3/contacts", None).await;
    assert_eq!((reply.status, reply.header("retry-after"), reply.json["status"].as_i64()), (429, Some("1"), Some(429)));
    mock.shutdown().await;
}
