//! The mock's generated tables (`crates/reply-mock/src/generated/`):
//!
//! - `requests.json`: what a request may carry, per operation — the JSON body
//!   schema reduced to the keywords the mock checks (types, `nullable`,
//!   required and read-only members, enums, bounds, lengths, formats, unions,
//!   closed objects), the parts a multipart body must have, and the formats of
//!   path and query parameters (the rest of a parameter's facts are in the
//!   operation table). Distinct body schemas are stored once. The spec has no
//!   `pattern`, so none is carried.
//! - `responses.json`: one sample per member of every discriminated union
//!   found in a response, so the mock can give a stored item the shape of its
//!   own variant (a `condition` step has `conditions`, not `variants`); and
//!   the enum lists of responses, since some requests spell the same values
//!   differently (`OverTenThousand` in, `overTenThousand` out); and each
//!   operation's own 400 example of out-of-range paging (its code and detail).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::samples;
use crate::spec::METHODS;

/// Schema keywords the mock's validator understands, copied as they are.
const KEPT: &[&str] = &[
    "type",
    "nullable",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "format",
    "minItems",
    "maxItems",
];

pub fn files(root: &Value) -> Vec<(&'static str, String, bool)> {
    vec![
        ("crates/reply-mock/src/generated/requests.json", pretty(&requests(root))),
        ("crates/reply-mock/src/generated/responses.json", pretty(&responses(root))),
    ]
    .into_iter()
    .map(|(path, text)| (path, text, false))
    .collect()
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("JSON encodes") + "\n"
}

/// Every operation of the spec: (operationId, operation object).
fn operations(root: &Value) -> Vec<(&str, &Value)> {
    let mut out = Vec::new();
    for item in root.get("paths").and_then(Value::as_object).into_iter().flatten().map(|(_, i)| i) {
        for method in METHODS {
            if let Some(op) = item.get(*method) {
                out.push((op.get("operationId").and_then(Value::as_str).unwrap_or_default(), op));
            }
        }
    }
    out
}

/// `{"bodies": [schema…], "operations": {id: {"body": index, "parts": [name…], "formats": {param: format}}}}`.
fn requests(root: &Value) -> Value {
    let mut bodies: Vec<Value> = Vec::new();
    let mut ops = BTreeMap::new();
    for (id, op) in operations(root) {
        let mut entry = Map::new();
        if let Some(schema) = op.pointer("/requestBody/content/application~1json/schema") {
            let compact = compact(schema);
            let index = bodies.iter().position(|b| *b == compact).unwrap_or_else(|| {
                bodies.push(compact);
                bodies.len() - 1
            });
            entry.insert("body".into(), json!(index));
        }
        if let Some(required) = op.pointer("/requestBody/content/multipart~1form-data/schema/required") {
            entry.insert("parts".into(), required.clone());
        }
        let formats: Map<String, Value> = op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| {
                let format = p.pointer("/schema/format").and_then(Value::as_str)?;
                Some((p.get("name")?.as_str()?.to_owned(), json!(format)))
            })
            .collect();
        if !formats.is_empty() {
            entry.insert("formats".into(), Value::Object(formats));
        }
        if !entry.is_empty() {
            ops.insert(id.to_owned(), Value::Object(entry));
        }
    }
    json!({ "bodies": bodies, "operations": ops })
}

/// A request schema with prose, examples and read-only members left out,
/// `allOf` merged, and `anyOf: [X, {type: null}]` spelled `X` + `nullable`.
fn compact(schema: &Value) -> Value {
    let Some(map) = schema.as_object() else { return json!({}) };
    if let Some(members) = map.get("allOf").and_then(Value::as_array) {
        let mut merged = map.clone();
        merged.remove("allOf");
        let mut merged = Value::Object(merged);
        for member in members {
            merge(&mut merged, member);
        }
        return compact(&merged);
    }
    if let Some(list) = map.get("anyOf").or_else(|| map.get("oneOf")).and_then(Value::as_array) {
        let (nulls, others): (Vec<&Value>, Vec<&Value>) =
            list.iter().partition(|s| s.get("type").and_then(Value::as_str) == Some("null"));
        if let ([_, ..], [only]) = (nulls.as_slice(), others.as_slice()) {
            let mut out = compact(only);
            out["nullable"] = json!(true);
            return out;
        }
        let mut out = Map::new();
        out.insert("anyOf".into(), Value::Array(others.into_iter().map(compact).collect()));
        if !nulls.is_empty() || map.get("nullable") == Some(&json!(true)) {
            out.insert("nullable".into(), json!(true));
        }
        if let Some(tag) = schema.pointer("/discriminator/propertyName") {
            out.insert("tag".into(), tag.clone());
        }
        return Value::Object(out);
    }
    let mut out = Map::new();
    for key in KEPT {
        if let Some(v) = map.get(*key) {
            out.insert((*key).to_owned(), v.clone());
        }
    }
    if let Some(props) = map.get("properties").and_then(Value::as_object) {
        let writable: Map<String, Value> = props
            .iter()
            .filter(|(_, p)| p.get("readOnly") != Some(&json!(true)))
            .map(|(k, p)| (k.clone(), compact(p)))
            .collect();
        let required: Vec<Value> = map
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|r| r.as_str().is_some_and(|r| writable.contains_key(r)))
            .cloned()
            .collect();
        if !required.is_empty() {
            out.insert("required".into(), Value::Array(required));
        }
        out.insert("properties".into(), Value::Object(writable));
        out.entry("type").or_insert(json!("object"));
    }
    if let Some(items) = map.get("items") {
        out.insert("items".into(), compact(items));
    }
    match map.get("additionalProperties") {
        Some(Value::Bool(false)) => {
            out.insert("additionalProperties".into(), json!(false));
        }
        Some(extra @ Value::Object(_)) => {
            out.insert("additionalProperties".into(), compact(extra));
        }
        _ => {}
    }
    Value::Object(out)
}

/// Lays an `allOf` member over `into`: properties and required members add up,
/// other keywords of the later member win.
fn merge(into: &mut Value, member: &Value) {
    let member = if member.get("allOf").is_some() { compact_all_of(member) } else { member.clone() };
    let (Value::Object(target), Value::Object(source)) = (into, member) else { return };
    for (key, value) in source {
        match (key.as_str(), target.get_mut(&key), &value) {
            ("properties", Some(Value::Object(props)), Value::Object(more)) => {
                props.extend(more.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            ("required", Some(Value::Array(list)), Value::Array(more)) => {
                list.extend(more.iter().filter(|r| !list.contains(r)).cloned().collect::<Vec<_>>());
            }
            _ => {
                target.insert(key, value);
            }
        }
    }
}

/// A member that is itself an `allOf`, flattened before merging.
fn compact_all_of(schema: &Value) -> Value {
    let mut merged = schema.clone();
    if let Value::Object(map) = &mut merged {
        map.remove("allOf");
    }
    for member in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        merge(&mut merged, member);
    }
    merged
}

/// `{"unions": [{"title", "tag", "variants": {tag value: sample}}], "enums": [[value…]…]}`:
/// every discriminated union in a success response, its members sampled by the
/// same sampler as the operations' samples, and every distinct list of string
/// enum values in a success response.
fn responses(root: &Value) -> Value {
    let mut unions: Vec<(String, String, Vec<Value>)> = Vec::new();
    let mut enums: Vec<Value> = Vec::new();
    for (_, op) in operations(root) {
        for (status, response) in op.get("responses").and_then(Value::as_object).into_iter().flatten() {
            if status.starts_with('2') {
                collect_unions(response, &mut unions);
                collect_enums(response, &mut enums);
            }
        }
    }
    // The sampler works on operations; each variant becomes a response of a stand-in one.
    let mut paths = Map::new();
    for (u, (_, _, members)) in unions.iter().enumerate() {
        for (v, schema) in members.iter().enumerate() {
            let op = json!({ "operationId": format!("{u}/{v}"),
                             "responses": { "200": { "content": { "application/json": { "schema": schema } } } } });
            paths.insert(format!("/{u}/{v}"), json!({ "get": op }));
        }
    }
    let sampled = samples::samples(&json!({ "paths": paths }));
    let list: Vec<Value> = unions
        .iter()
        .enumerate()
        .map(|(u, (title, tag, members))| {
            let by_tag: Map<String, Value> = (0..members.len())
                .filter_map(|v| {
                    let sample = sampled.pointer(&format!("/{u}~1{v}/response/body"))?.clone();
                    Some((sample.get(tag)?.as_str()?.to_owned(), sample))
                })
                .collect();
            json!({ "title": title, "tag": tag, "variants": by_tag })
        })
        .collect();
    json!({ "unions": list, "enums": enums, "invalidPagination": invalid_pagination(root) })
}

/// Each operation's own 400 example of out-of-range paging, by operationId:
/// `{code, detail}`, without `code` where the example names none. Taken from
/// the operation's media-type examples (a `*.invalidPagination` code, or the
/// example named `invalid_pagination`), not from the schemas' shared ones.
fn invalid_pagination(root: &Value) -> Value {
    let mut found = Map::new();
    for (id, op) in operations(root) {
        let media = op.pointer("/responses/400/content").and_then(Value::as_object).into_iter().flatten();
        let example = media.flat_map(|(_, m)| {
            let named = m.get("examples").and_then(Value::as_object).into_iter().flatten();
            let named = named.map(|(name, e)| (name.as_str(), e.get("value")));
            named.chain(std::iter::once(("", m.get("example")))).filter_map(|(name, e)| Some((name, e?)))
        });
        let chosen = example
            .clone()
            .find(|(_, e)| e.get("code").and_then(Value::as_str).is_some_and(|c| c.ends_with(".invalidPagination")));
        let Some((_, e)) = chosen.or_else(|| example.clone().find(|(name, _)| *name == "invalid_pagination")) else {
            continue;
        };
        let mut entry = Map::new();
        for key in ["code", "detail"] {
            if let Some(value) = e.get(key) {
                entry.insert(key.to_owned(), value.clone());
            }
        }
        found.insert(id.to_owned(), Value::Object(entry));
    }
    Value::Object(found)
}

/// The string enum lists anywhere under `schema`, each once.
fn collect_enums(schema: &Value, out: &mut Vec<Value>) {
    match schema {
        Value::Object(map) => {
            if let Some(list @ Value::Array(values)) = map.get("enum") {
                if values.iter().all(Value::is_string) && !out.contains(list) {
                    out.push(list.clone());
                }
            }
            for (key, value) in map {
                if !matches!(key.as_str(), "example" | "examples" | "enum") {
                    collect_enums(value, out);
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| collect_enums(v, out)),
        _ => {}
    }
}

/// Discriminated `oneOf`s anywhere under `schema`, once per (title, tag).
fn collect_unions(schema: &Value, out: &mut Vec<(String, String, Vec<Value>)>) {
    match schema {
        Value::Object(map) => {
            if let (Some(Value::Array(members)), Some(tag)) =
                (map.get("oneOf"), schema.pointer("/discriminator/propertyName").and_then(Value::as_str))
            {
                let title = map.get("title").and_then(Value::as_str).unwrap_or_default().to_owned();
                if !out.iter().any(|(t, g, _)| *t == title && g == tag) {
                    out.push((title, tag.to_owned(), members.clone()));
                }
            }
            for (key, value) in map {
                if !matches!(key.as_str(), "example" | "examples") {
                    collect_unions(value, out);
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| collect_unions(v, out)),
        _ => {}
    }
}
