//! The spec-examples conformance suite: every request and response example the
//! spec documents (under a media type with a schema) decodes into the generated
//! type for its operation and status, and encodes back to equal JSON.
//!
//! "Equal" is JSON equality with key order free and numbers compared by value
//! (`1` and `1.0` are the same number). Nothing else is forgiven, and an example
//! whose members land in a type's `extra` bag (members the schema does not
//! list) fails too: the typed fields must account for every member.
//!
//! Every response example is also read through the text path the bindings
//! use, which hands a body on as it came when the round trip would not change
//! it: that must say exactly what the round trip says (numbers by type too),
//! for the example and for copies with a member nulled, dropped, or its
//! number written whole or decimal, as Reply's own bodies sometimes stray.

use std::path::PathBuf;
use std::process::ExitCode;

use reply_core::registry::{round_trip_request, round_trip_response, round_trip_response_as};
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

/// Copies of `value`, each changed in one place: a member nulled or dropped,
/// a whole number made decimal, or a decimal cut to a whole number. At most
/// `limit` of each of the two sorts, spread over the whole body.
fn altered(value: &Value, limit: usize) -> Vec<Value> {
    fn walk(at: &Value, pointer: String, out: &mut Vec<(String, Option<Value>)>) {
        match at {
            Value::Object(members) => {
                for (name, member) in members {
                    let path = format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1"));
                    out.push((path.clone(), None));
                    if !member.is_null() {
                        out.push((path.clone(), Some(Value::Null)));
                    }
                    let renumbered = match member {
                        Value::Number(n) if n.is_f64() => {
                            n.as_f64().filter(|f| f.abs() < 1e15).map(|f| Value::from(f.trunc() as i64))
                        }
                        Value::Number(n) => n.as_f64().map(Value::from),
                        _ => None,
                    };
                    if let Some(number) = renumbered {
                        out.push((path.clone(), Some(number)));
                    }
                    walk(member, path, out);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate().take(2) {
                    walk(item, format!("{pointer}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut edits = Vec::new();
    walk(value, String::new(), &mut edits);
    let (numbers, members): (Vec<_>, Vec<_>) =
        edits.into_iter().partition(|(_, replacement)| replacement.as_ref().is_some_and(Value::is_number));
    let spread = |edits: Vec<(String, Option<Value>)>| {
        let step = edits.len().div_ceil(limit).max(1);
        edits.into_iter().step_by(step)
    };
    spread(numbers)
        .chain(spread(members))
        .map(|(pointer, replacement)| {
            let mut copy = value.clone();
            let (parent, name) = pointer.rsplit_once('/').expect("a member path");
            let name = name.replace("~1", "/").replace("~0", "~");
            match (copy.pointer_mut(parent), replacement) {
                (Some(Value::Object(members)), None) => drop(members.shift_remove(&name)),
                (Some(Value::Object(members)), Some(v)) => drop(members.insert(name, v)),
                _ => unreachable!("paths come from the walk"),
            }
            copy
        })
        .collect()
}

/// The text path and the round trip agree on `bytes`; returns whether the
/// text path gave the body back as it came.
fn text_path_agrees(operation: &str, status: u16, bytes: &[u8]) -> Result<bool, String> {
    let tree = round_trip_response(operation, status, bytes);
    let text = round_trip_response_as::<String>(operation, status, bytes);
    match (tree, text) {
        (Some(Ok(tree)), Some(Ok(text))) => match serde_json::from_str::<Value>(&text) {
            Ok(back) if back == tree => Ok(text.as_bytes() == bytes),
            _ => Err(format!(
                "the text path differs:\n  body      {}\n  tree      {tree}\n  text      {text}",
                String::from_utf8_lossy(bytes)
            )),
        },
        (Some(Err(_)), Some(Err(_))) | (None, None) => Ok(false),
        (tree, text) => {
            Err(format!("the text path disagrees on {}: tree {tree:?}, text {text:?}", String::from_utf8_lossy(bytes)))
        }
    }
}

#[derive(Default)]
struct TextTally {
    bodies: usize,
    as_given: usize,
}

fn check_text_path(example: &Example, tally: &mut TextTally) -> Result<(), String> {
    let Some(status) = example.status else { return Ok(()) };
    for body in std::iter::once(example.value.clone()).chain(altered(&example.value, 24)) {
        let bytes = serde_json::to_vec(&body).expect("encode example");
        tally.bodies += 1;
        tally.as_given += usize::from(text_path_agrees(&example.operation, status, &bytes)?);
    }
    Ok(())
}

/// What the examples are: request bodies, success answers (and on how many
/// operations), problem bodies. Most of the spec's examples are problems.
fn breakdown(examples: &[Example]) -> String {
    let requests = examples.iter().filter(|e| e.status.is_none()).count();
    let success: Vec<&Example> = examples.iter().filter(|e| e.status.is_some_and(|s| s < 300)).collect();
    let problems = examples.len() - requests - success.len();
    let mut operations: Vec<&str> =
        examples.iter().filter(|e| e.status.is_none_or(|s| s < 300)).map(|e| e.operation.as_str()).collect();
    operations.sort_unstable();
    operations.dedup();
    format!(
        "{requests} request bodies and {} success answers on {} operations, {problems} problem bodies",
        success.len(),
        operations.len()
    )
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
    let mut tally = TextTally::default();
    for example in &examples {
        match check(example).and_then(|()| check_text_path(example, &mut tally)) {
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
    println!("conformance: {}", breakdown(&examples));
    println!(
        "conformance: text path agrees with the round trip on {} response bodies (examples and altered copies), {} handed on as they came",
        tally.bodies, tally.as_given
    );
    if unexplained > 0 {
        eprintln!("conformance: {unexplained} unexplained failures");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
