//! The spec-examples conformance suite: every request and response example the
//! spec documents (under a media type with a schema) decodes into the generated
//! type for its operation and status, and encodes back to equal JSON.
//!
//! "Equal" is JSON equality with key order free and numbers compared by value
//! (`1` and `1.0` are the same number). Nothing else is forgiven, and an example
//! whose members land in a type's `extra` bag (members the schema does not
//! list) fails too: the typed fields must account for every member.

use std::path::PathBuf;
use std::process::ExitCode;

use reply_core::registry::{round_trip_request, round_trip_response};
use serde_json::Value;

/// Examples that are allowed to fail, each with the reason. Empty: all pass.
const KNOWN_EXCEPTIONS: &[(&str, &str)] = &[];

fn spec_path() -> PathBuf {
    match std::env::var_os("REPLY_OPENAPI_SPEC") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reply-api/openapi.yaml"),
    }
}

/// JSON equality with numbers compared by value.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

struct Example {
    label: String,
    operation: String,
    /// `None` for a request body.
    status: Option<u16>,
    value: Value,
}

fn examples_of(media: &Value) -> Vec<(String, Value)> {
    if media.get("schema").is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(v) = media.get("example") {
        out.push(("example".to_owned(), v.clone()));
    }
    for (name, entry) in media.get("examples").and_then(Value::as_object).into_iter().flatten() {
        if let Some(v) = entry.get("value") {
            out.push((name.clone(), v.clone()));
        }
    }
    out
}

fn collect(spec: &Value) -> Vec<Example> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in ["get", "post", "put", "patch", "delete"] {
            let Some(op) = item.get(method) else { continue };
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            for (media_type, media) in
                op.pointer("/requestBody/content").and_then(Value::as_object).into_iter().flatten()
            {
                for (name, value) in examples_of(media) {
                    out.push(Example {
                        label: format!("{id} request {media_type} {name} ({method} {path})"),
                        operation: id.clone(),
                        status: None,
                        value,
                    });
                }
            }
            for (status, response) in op["responses"].as_object().into_iter().flatten() {
                for (media_type, media) in response.get("content").and_then(Value::as_object).into_iter().flatten() {
                    for (name, value) in examples_of(media) {
                        out.push(Example {
                            label: format!("{id} {status} {media_type} {name}"),
                            operation: id.clone(),
                            status: Some(status.parse().expect("numeric status")),
                            value,
                        });
                    }
                }
            }
        }
    }
    out
}

fn check(example: &Example) -> Result<(), String> {
    let unknown_before = reply_core::extra::unknown_members_seen();
    let bytes = serde_json::to_vec(&example.value).expect("encode example");
    let result = match example.status {
        None => round_trip_request(&example.operation, &bytes),
        Some(status) => round_trip_response(&example.operation, status, &bytes),
    };
    match result {
        None => Err("no generated type for this body".into()),
        Some(Err(e)) => Err(format!("decode failed: {e}")),
        Some(Ok(_)) if reply_core::extra::unknown_members_seen() != unknown_before => {
            Err("decoded, but with members the schema does not list".into())
        }
        Some(Ok(back)) if same(&back, &example.value) => Ok(()),
        Some(Ok(back)) => Err(format!("re-encoded differently:\n  expected {}\n  got      {}", example.value, back)),
    }
}

fn main() -> ExitCode {
    let path = spec_path();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("conformance: cannot read the spec at {} ({e}); set REPLY_OPENAPI_SPEC", path.display());
            return ExitCode::FAILURE;
        }
    };
    let spec: Value = serde_norway::from_str(&text).expect("the spec parses");
    let examples = collect(&spec);
    let mut passed = 0;
    let mut unexplained = 0;
    for example in &examples {
        match check(example) {
            Ok(()) => passed += 1,
            Err(why) => {
                if let Some((_, reason)) = KNOWN_EXCEPTIONS.iter().find(|(label, _)| *label == example.label) {
                    eprintln!("known exception: {} ({reason})", example.label);
                } else {
                    unexplained += 1;
                    eprintln!("FAILED {}: {why}", example.label);
                }
            }
        }
    }
    println!("conformance: {} examples checked, {} passed", examples.len(), passed);
    if unexplained > 0 {
        eprintln!("conformance: {unexplained} unexplained failures");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
