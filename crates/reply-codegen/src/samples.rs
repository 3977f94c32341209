//! Builds one valid sample request and response per operation, straight from
//! the schemas: required and optional members filled, first enum value,
//! bounds and formats respected, the schema's own scalar `example` used where
//! it has one. The mock answers with these where it keeps no state, and the
//! tests send them.

use serde_json::{Map, Value, json};

use crate::schema::{merge_all_of, type_of};
use crate::spec::METHODS;

#[derive(Clone, Copy, PartialEq)]
enum Direction {
    Request,
    Response,
}

fn scalar_example(schema: &Value, kind: &str) -> Option<Value> {
    let example = schema.get("example")?;
    let fits = match kind {
        "string" => example.is_string(),
        "integer" => example.is_i64() || example.is_u64(),
        "number" => example.is_number(),
        "boolean" => example.is_boolean(),
        _ => false,
    };
    fits.then(|| example.clone())
}

fn string_sample(schema: &Value) -> Value {
    if let Some(v) = scalar_example(schema, "string") {
        return v;
    }
    let text = match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => "2026-01-15T09:30:00Z".to_owned(),
        Some("date") => "2026-01-15".to_owned(),
        Some("email") => "jane.doe@example.com".to_owned(),
        Some("uuid") => "3f1c2b9e-8d4a-4c7e-9b1a-2f6d5e4c3b2a".to_owned(),
        Some("uri") => "https://example.com/resource".to_owned(),
        _ => "sample".to_owned(),
    };
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema.get("maxLength").and_then(Value::as_u64).map(|m| m as usize);
    let mut text = text;
    while text.len() < min {
        text.push('x');
    }
    if let Some(max) = max {
        text.truncate(max.max(min));
    }
    Value::String(text)
}

fn number_sample(schema: &Value, integer: bool) -> Value {
    if let Some(v) = scalar_example(schema, if integer { "integer" } else { "number" }) {
        return v;
    }
    let min = schema.get("minimum").and_then(Value::as_f64);
    let max = schema.get("maximum").and_then(Value::as_f64);
    let mut n = min.map(|m| m.max(1.0)).unwrap_or(1.0);
    if let Some(max) = max {
        n = n.min(max);
    }
    if integer { json!(n as i64) } else { json!(n) }
}

fn sample(schema: &Value, dir: Direction, depth: usize) -> Value {
    if depth > 12 {
        return Value::Null;
    }
    if schema.get("allOf").is_some() {
        return sample(&merge_all_of(schema), dir, depth + 1);
    }
    if let Some(first) = schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(|l| l.get(0)) {
        return sample(first, dir, depth + 1);
    }
    if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
        return first.clone();
    }
    if let Some(c) = schema.get("const") {
        return c.clone();
    }
    match type_of(schema) {
        Some("string") => string_sample(schema),
        Some("integer") => number_sample(schema, true),
        Some("number") => number_sample(schema, false),
        Some("boolean") => scalar_example(schema, "boolean").unwrap_or(Value::Bool(true)),
        Some("array") => {
            let item = sample(schema.get("items").unwrap_or(&Value::Null), dir, depth + 1);
            let n = schema.get("minItems").and_then(Value::as_u64).unwrap_or(1).max(1) as usize;
            Value::Array(vec![item; n])
        }
        _ => {
            let mut out = Map::new();
            for (name, prop) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
                let skip = match dir {
                    Direction::Request => prop.get("readOnly") == Some(&Value::Bool(true)),
                    Direction::Response => prop.get("writeOnly") == Some(&Value::Bool(true)),
                };
                if !skip {
                    out.insert(name.clone(), sample(prop, dir, depth + 1));
                }
            }
            if out.is_empty() {
                if let Some(ap) = schema.get("additionalProperties").filter(|v| v.is_object()) {
                    out.insert("key".into(), sample(ap, dir, depth + 1));
                }
            }
            Value::Object(out)
        }
    }
}

/// `{operationId: {request: {path, query, body}, response: {status, body}}}` for every operation.
pub fn samples(root: &Value) -> Value {
    let mut all = Map::new();
    for (_, item) in root.get("paths").and_then(Value::as_object).into_iter().flatten() {
        for method in METHODS {
            let Some(op) = item.get(*method) else { continue };
            let id = op.get("operationId").and_then(Value::as_str).unwrap_or_default();
            let mut path = Map::new();
            let mut query = Map::new();
            for p in op.get("parameters").and_then(Value::as_array).into_iter().flatten() {
                let name = p.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
                let value = sample(p.get("schema").unwrap_or(&Value::Null), Direction::Request, 0);
                match p.get("in").and_then(Value::as_str) {
                    Some("path") => {
                        path.insert(name, value);
                    }
                    Some("query") if p.get("required") == Some(&Value::Bool(true)) => {
                        query.insert(name, value);
                    }
                    _ => {}
                }
            }
            let body = op
                .pointer("/requestBody/content/application~1json/schema")
                .map(|s| sample(s, Direction::Request, 0))
                .unwrap_or(Value::Null);
            let mut response = json!({"status": 0, "body": null});
            let responses = op.get("responses").and_then(Value::as_object).cloned().unwrap_or_default();
            if let Some((status, r)) = responses.iter().find(|(s, _)| s.starts_with('2') || s.starts_with('3')) {
                let body = r
                    .pointer("/content/application~1json/schema")
                    .map(|s| sample(s, Direction::Response, 0))
                    .unwrap_or(Value::Null);
                response = json!({"status": status.parse::<u16>().unwrap_or(200), "body": body});
            }
            all.insert(
                id.to_owned(),
                json!({"request": {"path": path, "query": query, "body": body}, "response": response}),
            );
        }
    }
    Value::Object(all)
}
