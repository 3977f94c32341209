//! `Client::request`: any path under the API through the same pipeline, to a
//! scripted transport (retry rules, paths refused) and to reply-mock (a path
//! the SDK does not know arrives and comes back as data).

mod support;

use reply_client::{Client, Config, Error, RAW_OPERATION, RequestOptions};
use reply_core::TransportErrorKind;
use serde_json::{Value, json};
use support::{Answer, KEY, Script, client, json, problem};

#[tokio::test(start_paused = true)]
async fn an_unknown_read_is_retried_and_answers_plain_json() {
    let script = Script::new(vec![problem(503, r#"{"status":503}"#), json(200, r#"{"brand":"new","n":[1,2]}"#)]);
    let query = vec![("top".to_owned(), "5".to_owned()), ("tag".to_owned(), "a b".to_owned())];
    let options = RequestOptions { team_id: Some(4), ..RequestOptions::default() };
    let answer = client(&script).request("get", "brand-new/things", &query, None, &options).await.unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, json!({"brand": "new", "n": [1, 2]}));
    let seen = script.seen();
    assert_eq!(seen.len(), 2, "a read is retried after a 503");
    assert_eq!(seen[0].url, "https://api.reply.io/v3/brand-new/things?top=5&tag=a%20b");
    assert_eq!(seen[0].headers.get("authorization"), Some(format!("Bearer {KEY}").as_str()));
    assert_eq!(seen[0].headers.get("x-team-id"), Some("4"));
}

#[tokio::test(start_paused = true)]
async fn an_unknown_write_is_never_retried_once_it_may_have_acted() {
    for answer in [problem(500, r#"{"status":500}"#), Answer::Fail(TransportErrorKind::ConnectionLost)] {
        let script = Script::new(vec![answer, json(200, "{}")]);
        let err =
            client(&script).request("POST", "/v3/brand-new", &[], Some(&json!({"a": 1})), &Default::default()).await;
        match err {
            Err(Error::OutcomeUnknown { operation, path, .. }) => {
                assert_eq!((operation, path.as_str()), (RAW_OPERATION, "/v3/brand-new"));
            }
            other => panic!("expected OutcomeUnknown, got {other:?}"),
        }
        assert_eq!(script.count(), 1, "sent once");
        assert_eq!(script.seen()[0].body.as_deref(), Some(br#"{"a":1}"#.as_slice()));
    }
    // A 429 proves Reply did not act: the write is sent again.
    let script =
        Script::new(vec![Answer::Status(429, vec![("retry-after", "1".into())], String::new()), json(201, "{}")]);
    client(&script).request("PUT", "brand-new/1", &[], None, &Default::default()).await.unwrap();
    assert_eq!(script.count(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_known_path_is_sent_as_its_operation_and_errors_map_as_usual() {
    let script = Script::new(vec![problem(404, r#"{"title":"Not Found","status":404}"#)]);
    let err = client(&script).request("GET", "/v3/contacts/7", &[], None, &Default::default()).await.unwrap_err();
    assert!(matches!(&err, Error::NotFound(api) if api.operation == "GetContactById"), "{err:?}");
    // CreateContact is a write: a 502 after sending is an unknown outcome, not a retry.
    let script = Script::new(vec![problem(502, "{}"), json(201, "{}")]);
    let err = client(&script).request("POST", "contacts", &[], Some(&json!({})), &Default::default()).await;
    assert!(matches!(err, Err(Error::OutcomeUnknown { operation: "CreateContact", .. })), "{err:?}");
    assert_eq!(script.count(), 1);
}

#[tokio::test]
async fn paths_that_leave_the_api_are_never_sent() {
    let script = Script::new(vec![]);
    let c = client(&script);
    for path in ["https://evil.example/steal", "//evil.example/x", "/v3/contacts/..", "a/%2e%2E/b", "x?y=1"] {
        let err = c.request("GET", path, &[], None, &Default::default()).await.unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{path}: {err:?}");
    }
    let err = c.request("TRACE", "contacts", &[], None, &Default::default()).await.unwrap_err();
    assert!(matches!(err, Error::Config(m) if m.contains("TRACE")));
    assert_eq!(script.count(), 0);
}

#[tokio::test]
async fn a_path_the_sdk_does_not_know_reaches_the_mock_and_comes_back_as_data() {
    let mock = reply_mock::MockServer::start(reply_mock::Config::quiet()).await.expect("mock starts");
    let c = Client::new(Config::new("mock-personal-key").with_base_url(mock.base_url())).unwrap();
    let options = RequestOptions { headers: vec![("X-Probe".into(), "7".into())], ..Default::default() };
    let query = [("q".to_owned(), "1".to_owned())];
    let answer = c.request("POST", "/v3/__mock/echo/new", &query, Some(&json!({"k": "v"})), &options).await.unwrap();
    assert_eq!(answer.body["method"], "POST");
    assert_eq!(answer.body["path"], "/v3/__mock/echo/new");
    assert_eq!(answer.body["query"], "q=1");
    assert_eq!(answer.body["body"], json!({"k": "v"}));
    assert_eq!(answer.body["authorized"], Value::Bool(true));
    assert_eq!(answer.body["headers"]["x-probe"], "7");
    // Elsewhere an unknown path is the mock's 404 problem, mapped like any operation's.
    let err = c.request("GET", "not-in-the-spec", &[], None, &Default::default()).await.unwrap_err();
    assert!(matches!(&err, Error::NotFound(api) if api.operation == RAW_OPERATION), "{err:?}");
    mock.shutdown().await;
}
