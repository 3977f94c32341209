//! The generated sample request and response of every operation
//! (`generated/samples.json`, written by reply-codegen from the spec's schemas).

use std::sync::LazyLock;

use serde_json::Value;

static SAMPLES: LazyLock<Value> = LazyLock::new(|| {
    // The file is generated and checked in CI; a parse failure is a build defect, not input.
    serde_json::from_str(include_str!("generated/samples.json")).expect("generated/samples.json is valid JSON")
});

/// The sample response of `op`: its status and body (`Null` when it has none).
pub(crate) fn response(op: &str) -> (u16, &'static Value) {
    let r = &SAMPLES[op]["response"];
    (r["status"].as_u64().and_then(|s| u16::try_from(s).ok()).unwrap_or(200), &r["body"])
}

/// The sample response body of `op`.
pub(crate) fn body(op: &str) -> &'static Value {
    response(op).1
}

/// The shape of one item in `op`'s answer: `items[0]` of a page, `[0]` of an
/// array, or the body itself.
pub(crate) fn item(op: &str) -> &'static Value {
    let b = body(op);
    match b {
        Value::Array(items) => items.first().unwrap_or(&Value::Null),
        Value::Object(m) if m.contains_key("items") && m.contains_key("hasMore") => {
            b["items"].as_array().and_then(|i| i.first()).unwrap_or(&Value::Null)
        }
        _ => b,
    }
}
