//! A call cancelled through `RequestOptions::cancel` ends with
//! `Error::Cancelled` wherever it waits (between retries, for a quota slot,
//! before its first attempt) and sends nothing more: reply-mock's fault
//! counter, bumped once per request it answers with the injected 503, stops.

use std::time::Duration;

use reply_client::{CancellationToken, Client, ClientOptions, Error, QuotaOptions, RequestOptions};
use reply_mock::MockServer;

/// A mock that answers every request 503 (a read is retried on it).
async fn always_503() -> MockServer {
    let mut config = reply_mock::Config::quiet();
    config.faults.global.errors.insert(503, 1.0);
    MockServer::start(config).await.expect("mock starts")
}

fn requests(mock: &MockServer) -> u64 {
    mock.fault_counts().errors.get(&503).copied().unwrap_or(0)
}

fn client(mock: &MockServer, options: ClientOptions) -> Client {
    let options =
        ClientOptions { api_key: Some("mock-personal-key".into()), base_url: Some(mock.base_url()), ..options };
    Client::new(options.to_config().expect("config")).expect("client")
}

async fn until(mut done: impl FnMut() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("condition not reached in 5 s");
}

#[tokio::test]
async fn cancelling_between_retries_ends_the_call_and_sends_nothing_more() {
    let mock = always_503().await;
    let options = ClientOptions { max_retries: Some(50), initial_backoff_ms: Some(50.0), ..Default::default() };
    let client = client(&mock, options);
    let token = CancellationToken::new();
    let call = tokio::spawn({
        let client = client.clone();
        let options = RequestOptions::default().cancel(token.clone());
        async move { client.contacts().get(7).options(options).await }
    });
    until(|| requests(&mock) >= 2).await;
    token.cancel();
    let err = call.await.expect("task").expect_err("cancelled");
    assert!(matches!(err, Error::Cancelled { operation: "GetContactById" }), "{err:?}");
    assert_eq!(err.kind(), "cancelled");
    let at_cancel = requests(&mock);
    // Several backoffs' worth (50, 100, 200, 400 ms): an engine still retrying would have sent again.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(requests(&mock), at_cancel, "nothing sent after the cancel");
    mock.shutdown().await;
}

#[tokio::test]
async fn cancelling_a_call_waiting_for_a_quota_slot_ends_it_unsent() {
    let mock = always_503().await;
    let quota = QuotaOptions { per_minute: Some(1), ..Default::default() };
    let options = ClientOptions { max_retries: Some(0), quota: Some(quota), ..Default::default() };
    let client = client(&mock, options);
    client.contacts().get(7).await.expect_err("the one request of this minute gets the 503");
    assert_eq!(requests(&mock), 1);

    let token = CancellationToken::new();
    let call = tokio::spawn({
        let client = client.clone();
        let options = RequestOptions::default().cancel(token.clone());
        async move { client.contacts().get(7).options(options).await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!call.is_finished(), "the second call waits for the next minute");
    token.cancel();
    let err = call.await.expect("task").expect_err("cancelled");
    assert!(matches!(err, Error::Cancelled { .. }), "{err:?}");
    assert_eq!(requests(&mock), 1, "the waiting call never reached the server");
    mock.shutdown().await;
}

#[tokio::test]
async fn a_token_cancelled_before_the_call_sends_nothing() {
    let mock = always_503().await;
    let client = client(&mock, ClientOptions::default());
    let token = CancellationToken::new();
    token.cancel();
    let err = client.contacts().get(7).options(RequestOptions::default().cancel(token)).await.unwrap_err();
    assert!(matches!(err, Error::Cancelled { .. }), "{err:?}");
    assert_eq!(requests(&mock), 0);
    mock.shutdown().await;
}
