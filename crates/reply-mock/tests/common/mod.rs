//! Helpers shared by the integration tests: a quiet mock, a client that
//! never uses a proxy, and one-line requests.

#![allow(dead_code)]

use reply_mock::{Config, MockServer};
use serde_json::Value;

pub const KEY: &str = "mock-personal-key";

/// A quiet configuration without rate limits (tests that count requests turn them back on).
pub fn config() -> Config {
    let mut config = Config::quiet();
    config.limits.enabled = false;
    config
}

pub async fn start(config: Config) -> MockServer {
    MockServer::start(config).await.expect("the mock starts")
}

thread_local! {
    // Building a client loads TLS roots, which is slow; each test (one thread, one
    // runtime) builds one and reuses it.
    static CLIENT: reqwest::Client =
        reqwest::Client::builder()
            .tls_backend_preconfigured(reply_core::tls::client_config().expect("TLS"))
            .no_proxy().redirect(reqwest::redirect::Policy::none()).build().expect("a client");
}

pub fn client() -> reqwest::Client {
    CLIENT.with(Clone::clone)
}

/// An answer: status, headers and the body as text and (when it parses) JSON.
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub async fn call(mock: &MockServer, method: &str, path: &str, body: Option<Value>) -> Reply {
    call_with(mock, method, path, body, &[("authorization", &format!("Bearer {KEY}"))]).await
}

pub async fn call_with(
    mock: &MockServer,
    method: &str,
    path: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> Reply {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
    let mut request = client().request(method, format!("{}{path}", mock.base_url()));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body.to_string());
    }
    let response = request.send().await.expect("an answer");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("a body");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply { status, headers, text, json }
}
