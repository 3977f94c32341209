//! The harness behind the generated `every_operation` test.

use std::collections::HashMap;
use std::sync::Arc;

use reply_client::{Client, Config, RetryPolicy};
use serde_json::Value;

use super::{Answer, Script};

const SAMPLES: &str = include_str!("../../../reply-mock/src/generated/samples.json");

fn samples() -> &'static Value {
    static SAMPLES_JSON: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    SAMPLES_JSON.get_or_init(|| serde_json::from_str(SAMPLES).expect("samples.json parses"))
}

/// The sample request body of an operation, as whatever type the method takes.
pub fn body<T: serde::de::DeserializeOwned>(operation: &str) -> T {
    let value = samples()[operation]["request"]["body"].clone();
    serde_json::from_value(value).unwrap_or_else(|e| panic!("{operation}: sample body does not fit: {e}"))
}

/// Documented success examples from the spec, by operationId.
fn documented_examples() -> HashMap<String, (u16, Value)> {
    let path = std::env::var_os("REPLY_OPENAPI_SPEC").map(std::path::PathBuf::from).unwrap_or_else(|| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reply-api/openapi.yaml")
    });
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read the spec at {}: {e}", path.display()));
    let spec: Value = serde_norway::from_str(&text).expect("the spec parses");
    let mut out = HashMap::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else { continue };
            for (status, response) in op["responses"].as_object().into_iter().flatten() {
                let Ok(code) = status.parse::<u16>() else { continue };
                let Some(media) = response.pointer("/content/application~1json") else { continue };
                if !(200..300).contains(&code) {
                    continue;
                }
                let example = media.get("example").or_else(|| {
                    media.get("examples").and_then(|e| e.as_object()).and_then(|e| e.values().next()?.get("value"))
                });
                if let Some(example) = example {
                    out.entry(id.to_owned()).or_insert((code, example.clone()));
                }
            }
        }
    }
    out
}

pub struct Harness {
    pub client: Client,
    script: Script,
    examples: HashMap<String, (u16, Value)>,
    expected: std::sync::Mutex<Vec<&'static str>>,
    pub documented: std::sync::atomic::AtomicUsize,
    failures: std::sync::Mutex<Vec<String>>,
}

impl Harness {
    pub fn new() -> Harness {
        let script = Script::new(Vec::new());
        let config = Config::new(super::KEY).with_retry(RetryPolicy::none()).with_quota(None);
        let client = Client::with_transport(config, Arc::new(script.clone())).expect("client");
        Harness {
            client,
            script,
            examples: documented_examples(),
            expected: Default::default(),
            documented: Default::default(),
            failures: Default::default(),
        }
    }

    /// Queues the answer for the next call: the documented example when there is one.
    pub fn expect(&self, operation: &'static str) {
        let sample = &samples()[operation]["response"];
        let (status, body) = match self.examples.get(operation) {
            Some((status, example)) => {
                self.documented.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                (*status, example.clone())
            }
            None => (sample["status"].as_u64().unwrap_or(200) as u16, sample["body"].clone()),
        };
        let text = if body.is_null() { String::new() } else { body.to_string() };
        let mut headers = vec![("content-type", "application/json".to_owned())];
        if status == 202 || status == 302 {
            headers.push(("location", "/v3/background-jobs/3f1c2b9e-8d4a-4c7e-9b1a-2f6d5e4c3b2a".to_owned()));
        }
        self.script.push(Answer::Status(status, headers, text));
        self.expected.lock().unwrap().push(operation);
    }

    /// Records the result and checks the request went to the operation's method and path.
    pub fn check(&self, operation: &'static str, result: Result<(), reply_client::Error>) {
        let info = reply_client::operation(operation).expect("known operation");
        let seen = self.script.seen();
        let last = seen.last().expect("a request was sent");
        let path = last.url.trim_start_matches(reply_client::DEFAULT_BASE_URL);
        let path = path.split('?').next().unwrap_or_default();
        if last.method != info.method.as_str() || info.match_path(path).is_none() {
            self.failures.lock().unwrap().push(format!("{operation}: sent {} {path}", last.method));
        }
        if let Err(e) = result {
            self.failures.lock().unwrap().push(format!("{operation}: {e}"));
        }
    }

    pub fn finish(&self, total: usize) {
        let failures = self.failures.lock().unwrap();
        let called = self.expected.lock().unwrap().len();
        println!(
            "every operation: {called} called, {} ok, {} answered with the spec's documented example",
            called - failures.len(),
            self.documented.load(std::sync::atomic::Ordering::Relaxed)
        );
        assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
        assert_eq!(called, total);
        assert_eq!(self.script.count(), total, "one request per operation");
    }
}
