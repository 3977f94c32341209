//! The error hierarchy and fields every binding shares, from
//! `tests/contract/errors.json`: each case fails a call against reply-mock and
//! the engine's projection (`ErrorInfo`) must name the same classes and
//! fields that Python, Node and Kotlin check on their own error objects.

use reply_client::operations::GetContactsQuery;
use reply_client::{Client, ClientOptions, Error, ErrorInfo};
use reply_mock::MockServer;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
struct Case {
    name: String,
    #[serde(default)]
    client: ClientOptions,
    call: Value,
    expect: Value,
}

fn cases() -> Vec<Case> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/contract/errors.json");
    let table: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("the table")).expect("JSON");
    serde_json::from_value(table["cases"].clone()).expect("the cases parse")
}

async fn fail(case: &Case, base_url: &str) -> Error {
    let mut options = case.client.clone();
    options.api_key = Some(options.api_key.unwrap_or_else(|| "mock-master-key".into()));
    options.base_url = Some(base_url.into());
    let client = match options.to_config().and_then(Client::new) {
        Ok(client) => client,
        Err(e) => return e,
    };
    let outcome = match case.call["op"].as_str() {
        Some("whoami") => client.user_account().whoami().await.map(drop),
        Some("get_contact") => client.contacts().get(case.call["id"].as_i64().expect("an id")).await.map(drop),
        Some("list_contacts") => {
            let query = GetContactsQuery { top: case.call["top"].as_i64(), ..GetContactsQuery::default() };
            client.contacts().list(query).await.map(drop)
        }
        other => panic!("{}: unknown call {other:?}", case.name),
    };
    outcome.expect_err(&case.name)
}

/// The projection in the table's terms.
fn observed(info: &ErrorInfo) -> Value {
    json!({
        "classes": info.classes,
        "kind": info.kind,
        "status": info.status,
        "code": info.code,
        "operation": info.operation,
        "request": info.request,
        "teams": info.teams.iter().map(|t| json!({"team_id": t.team_id, "team_name": t.team_name})).collect::<Vec<_>>(),
    })
}

#[tokio::test]
async fn every_language_raises_the_same_classes_with_the_same_fields() {
    let mock = MockServer::start(reply_mock::Config::quiet()).await.expect("mock starts");
    let cases = cases();
    assert!(cases.len() >= 5, "the table has its cases");
    for case in &cases {
        let error = fail(case, &mock.base_url()).await;
        let info = ErrorInfo::from(&error);
        let mut expected = case.expect.clone();
        let headers = expected.as_object_mut().expect("an object").remove("headers").expect("headers");
        assert_eq!(observed(&info), expected, "{}: {error}", case.name);
        assert_eq!(error.operation(), info.operation, "{}", case.name);
        for (name, value) in headers.as_object().expect("a headers object") {
            let got = info.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
            assert!(got.is_some_and(|v| v.starts_with(value.as_str().unwrap())), "{}: {name} is {got:?}", case.name);
        }
        assert_eq!(info.class(), *info.classes.last().unwrap());
    }
    mock.shutdown().await;
}
