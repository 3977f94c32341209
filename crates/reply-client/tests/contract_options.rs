//! The option rules every binding shares, from `tests/contract/options.json`:
//! the same cases run in Python, Node and Kotlin against their own spelling
//! of the options.

use reply_client::{CallOptions, Client, ClientOptions, Error};
use reply_mock::MockServer;
use serde::Deserialize;

#[derive(Deserialize)]
struct Table {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    #[serde(default)]
    client: ClientOptions,
    call: Option<CallOptions>,
    error: Option<Expected>,
}

#[derive(Deserialize)]
struct Expected {
    class: String,
    message: String,
}

fn table() -> Table {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/contract/options.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("the table")).expect("the table parses")
}

async fn run(case: &Case, base_url: &str) -> Result<(), Error> {
    let mut options = case.client.clone();
    options.api_key = Some(options.api_key.unwrap_or_else(|| "mock-master-key".into()));
    options.base_url = Some(options.base_url.unwrap_or_else(|| base_url.into()));
    let client = Client::new(options.to_config()?)?;
    if let Some(call) = &case.call {
        let request = call.to_request(client.config().retry)?;
        client.user_account().whoami().options(request).await?;
    }
    Ok(())
}

#[tokio::test]
async fn every_language_applies_the_same_option_rules() {
    let mock = MockServer::start(reply_mock::Config::quiet()).await.expect("mock starts");
    let cases = table().cases;
    assert!(cases.len() >= 10, "the table has its cases");
    for case in &cases {
        match (run(case, &mock.base_url()).await, &case.error) {
            (Ok(()), None) => {}
            (Err(e), Some(expected)) => {
                assert_eq!((e.kind(), expected.class.as_str()), ("config", "ConfigError"), "{}: {e}", case.name);
                assert!(e.to_string().contains(&expected.message), "{}: {e:?} lacks {:?}", case.name, expected.message);
            }
            (outcome, expected) => {
                panic!("{}: {outcome:?}, expected {:?}", case.name, expected.as_ref().map(|e| &e.class))
            }
        }
    }
    mock.shutdown().await;
}
