//! What the spec says a request may carry, checked before the typed decoding:
//! JSON bodies against the operation's request schema (types, `null`,
//! required members, enums, bounds, lengths, formats, unions, closed
//! objects), the parts a multipart body must have, and the formats of path
//! and query parameters. The facts come from `generated/requests.json`,
//! written by reply-codegen from the spec; nothing here names an operation.
//!
//! Failures use the spec's own detail templates (`Field is required.`,
//! `Value has an invalid type.`, `Value has an invalid format.`) and a JSON
//! Pointer to the member.

use std::sync::LazyLock;

use serde_json::Value;

static TABLE: LazyLock<Value> = LazyLock::new(|| {
    // The file is generated and checked in CI; a parse failure is a build defect, not input.
    serde_json::from_str(include_str!("generated/requests.json")).expect("generated/requests.json is valid JSON")
});

/// (JSON Pointer, detail) of each problem found.
pub(crate) type Findings = Vec<(String, String)>;

const REQUIRED: &str = "Field is required.";
const INVALID_TYPE: &str = "Value has an invalid type.";
const INVALID_FORMAT: &str = "Value has an invalid format.";

fn entry(op: &str) -> &'static Value {
    &TABLE["operations"][op]
}

/// The problems of `body` under `op`'s request schema (none when the spec gives no schema).
pub(crate) fn body(op: &str, body: &Value) -> Findings {
    let mut findings = Vec::new();
    if let Some(index) = entry(op)["body"].as_u64() {
        check(&TABLE["bodies"][index as usize], body, "", &mut findings);
    }
    findings
}

/// The form parts `op` requires that a multipart `body` lacks.
pub(crate) fn missing_parts(op: &str, body: &[u8]) -> Vec<&'static str> {
    let text = String::from_utf8_lossy(body);
    entry(op)["parts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|name| !text.contains(&format!("name=\"{name}\"")))
        .collect()
}

/// Why a path or query value breaks the parameter's format, if it does.
pub(crate) fn param_format(op: &str, param: &str, value: &str) -> Option<&'static str> {
    let format = entry(op)["formats"][param].as_str()?;
    (!text_has_format(format, value)).then_some(INVALID_FORMAT)
}

fn check(schema: &Value, value: &Value, pointer: &str, out: &mut Findings) {
    if value.is_null() {
        let nullable = schema["nullable"] == true || types(schema).contains(&"null") || is_open(schema);
        if !nullable {
            out.push((pointer.to_owned(), INVALID_TYPE.to_owned()));
        }
        return;
    }
    if let Some(branches) = schema["anyOf"].as_array() {
        return check_union(schema, branches, value, pointer, out);
    }
    let allowed = types(schema);
    if !allowed.is_empty() && !allowed.iter().any(|t| has_type(t, value)) {
        out.push((pointer.to_owned(), INVALID_TYPE.to_owned()));
        return;
    }
    if let Some(values) = schema["enum"].as_array() {
        if !values.contains(value) {
            let list: Vec<String> =
                values.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect();
            out.push((pointer.to_owned(), format!("Value must be one of: {}.", list.join(", "))));
            return;
        }
    }
    if schema.get("const").is_some_and(|c| c != value) {
        out.push((pointer.to_owned(), format!("Value must be {}.", schema["const"])));
        return;
    }
    match value {
        Value::Number(n) => check_number(schema, n, pointer, out),
        Value::String(s) => check_string(schema, s, pointer, out),
        Value::Array(items) => check_array(schema, items, pointer, out),
        Value::Object(members) => check_object(schema, members, pointer, out),
        _ => {}
    }
}

/// `{}`: the spec says nothing about the value, so anything (even `null`) goes.
fn is_open(schema: &Value) -> bool {
    schema.as_object().is_none_or(|m| m.is_empty())
}

fn types(schema: &Value) -> Vec<&str> {
    match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn has_type(name: &str, value: &Value) -> bool {
    match name {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        _ => true,
    }
}

/// A union: with a discriminator, the branch its tag names; else any branch that fits.
fn check_union(schema: &Value, branches: &[Value], value: &Value, pointer: &str, out: &mut Findings) {
    if let (Some(tag), Some(members)) = (schema["tag"].as_str(), value.as_object()) {
        let named = members.get(tag);
        let branch = branches.iter().find(|b| named.is_some_and(|n| tag_values(b, tag).contains(&n)));
        match branch {
            Some(branch) => check(branch, value, pointer, out),
            None => {
                let known: Vec<String> = branches
                    .iter()
                    .flat_map(|b| tag_values(b, tag))
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                let detail = if named.is_none() {
                    REQUIRED.to_owned()
                } else {
                    format!("Value must be one of: {}.", known.join(", "))
                };
                out.push((format!("{pointer}/{}", escape(tag)), detail));
            }
        }
        return;
    }
    let mut best: Option<Findings> = None;
    for branch in branches {
        let mut found = Vec::new();
        check(branch, value, pointer, &mut found);
        if found.is_empty() {
            return;
        }
        if best.as_ref().is_none_or(|b| found.len() < b.len()) {
            best = Some(found);
        }
    }
    out.extend(best.unwrap_or_default());
}

/// The values a union branch accepts for its tag member (nested unions included).
fn tag_values<'s>(branch: &'s Value, tag: &str) -> Vec<&'s Value> {
    if let Some(nested) = branch["anyOf"].as_array() {
        return nested.iter().flat_map(|b| tag_values(b, tag)).collect();
    }
    let member = &branch["properties"][tag];
    match (&member["enum"], member.get("const")) {
        (Value::Array(values), _) => values.iter().collect(),
        (_, Some(c)) => vec![c],
        _ => Vec::new(),
    }
}

fn check_number(schema: &Value, n: &serde_json::Number, pointer: &str, out: &mut Findings) {
    let Some(x) = n.as_f64() else { return };
    let bound = |key: &str| schema[key].as_f64();
    let detail = if let Some(min) = bound("minimum").filter(|m| x < *m) {
        format!("Value must be at least {min}.")
    } else if let Some(max) = bound("maximum").filter(|m| x > *m) {
        format!("Value must be at most {max}.")
    } else if let Some(min) = bound("exclusiveMinimum").filter(|m| x <= *m) {
        format!("Value must be greater than {min}.")
    } else if let Some(max) = bound("exclusiveMaximum").filter(|m| x >= *m) {
        format!("Value must be less than {max}.")
    } else if !integer_fits(schema["format"].as_str(), n) {
        INVALID_FORMAT.to_owned()
    } else {
        return;
    };
    out.push((pointer.to_owned(), detail));
}

/// Whether an integer fits its declared width (`int16`, `int32`, `int64`).
fn integer_fits(format: Option<&str>, n: &serde_json::Number) -> bool {
    let range = match format {
        Some("int16") => i16::MIN as i64..=i16::MAX as i64,
        Some("int32") => i32::MIN as i64..=i32::MAX as i64,
        Some("int64") => i64::MIN..=i64::MAX,
        _ => return true,
    };
    n.as_i64().is_some_and(|i| range.contains(&i))
}

fn check_string(schema: &Value, s: &str, pointer: &str, out: &mut Findings) {
    let length = s.chars().count() as u64;
    let detail = if let Some(min) = schema["minLength"].as_u64().filter(|m| length < *m) {
        format!("Value must be at least {min} characters long.")
    } else if let Some(max) = schema["maxLength"].as_u64().filter(|m| length > *m) {
        format!("Value must be at most {max} characters long.")
    } else if schema["format"].as_str().is_some_and(|f| !text_has_format(f, s)) {
        INVALID_FORMAT.to_owned()
    } else {
        return;
    };
    out.push((pointer.to_owned(), detail));
}

fn check_array(schema: &Value, items: &[Value], pointer: &str, out: &mut Findings) {
    let n = items.len() as u64;
    if let Some(min) = schema["minItems"].as_u64().filter(|m| n < *m) {
        out.push((pointer.to_owned(), format!("At least {min} items are required.")));
    } else if let Some(max) = schema["maxItems"].as_u64().filter(|m| n > *m) {
        out.push((pointer.to_owned(), format!("At most {max} items are allowed.")));
    }
    if let Some(item) = schema.get("items") {
        for (i, value) in items.iter().enumerate() {
            check(item, value, &format!("{pointer}/{i}"), out);
        }
    }
}

fn check_object(schema: &Value, members: &serde_json::Map<String, Value>, pointer: &str, out: &mut Findings) {
    for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if !members.contains_key(name) {
            out.push((format!("{pointer}/{}", escape(name)), REQUIRED.to_owned()));
        }
    }
    let properties = schema["properties"].as_object();
    for (name, value) in members {
        let here = format!("{pointer}/{}", escape(name));
        match (properties.and_then(|p| p.get(name)), schema.get("additionalProperties")) {
            (Some(member), _) => check(member, value, &here, out),
            (None, Some(Value::Bool(false))) => out.push((here, "Unknown member.".to_owned())),
            (None, Some(extra @ Value::Object(_))) => check(extra, value, &here, out),
            (None, _) => {}
        }
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Whether `text` is written in `format` (formats the spec uses; others pass).
fn text_has_format(format: &str, text: &str) -> bool {
    match format {
        "uuid" => is_uuid(text),
        "date-time" => is_date_time(text),
        "date" => is_date(text),
        "email" => text.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.is_empty() && !text.chars().any(char::is_whitespace)
        }),
        "uri" => reqwest::Url::parse(text).is_ok(),
        "int16" | "int32" | "int64" => {
            let fits = |n: i64| integer_fits(Some(format), &serde_json::Number::from(n));
            text.parse::<i64>().is_ok_and(fits)
        }
        _ => true,
    }
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `YYYY-MM-DD` with a real month and day.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r.clone()).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return false;
    }
    let month: u32 = text[5..7].parse().unwrap_or(0);
    let day: u32 = text[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// RFC 3339: `2026-01-15T09:30:00Z`, optional fraction, `Z` or `±HH:MM`.
fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't']) else { return false };
    if !is_date(date) {
        return false;
    }
    let (clock, zone) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => return false,
    };
    let zone_ok = matches!(zone, "Z" | "z")
        || (zone.len() == 6 && zone.as_bytes()[3] == b':' && hh_mm(&zone[1..3], &zone[4..6], 23));
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let parts: Vec<&str> = hms.split(':').collect();
    zone_ok
        && parts.len() == 3
        && parts.iter().all(|p| p.len() == 2)
        && hh_mm(parts[0], parts[1], 23)
        && parts[2].parse::<u32>().is_ok_and(|s| s <= 60)
        && !fraction.is_empty()
        && fraction.chars().all(|c| c.is_ascii_digit())
}

fn hh_mm(hours: &str, minutes: &str, max_hours: u32) -> bool {
    let all_digits = |s: &str| s.len() == 2 && s.chars().all(|c| c.is_ascii_digit());
    all_digits(hours)
        && all_digits(minutes)
        && hours.parse::<u32>().is_ok_and(|h| h <= max_hours)
        && minutes.parse::<u32>().is_ok_and(|m| m <= 59)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn findings(schema: Value, value: Value) -> Findings {
        let mut out = Vec::new();
        check(&schema, &value, "", &mut out);
        out
    }

    #[test]
    fn types_nulls_and_required_members() {
        let schema = json!({"type": "object", "required": ["email"], "properties": {
            "email": {"type": "string", "format": "email"}, "note": {"type": "string", "nullable": true},
            "tags": {"type": "array", "items": {"type": "string"}}}});
        assert!(findings(schema.clone(), json!({"email": "a@b.c", "note": null, "tags": ["x"]})).is_empty());
        assert_eq!(
            findings(schema, json!({"note": 3, "tags": ["x", 2]})),
            vec![
                ("/email".to_owned(), REQUIRED.to_owned()),
                ("/note".to_owned(), INVALID_TYPE.to_owned()),
                ("/tags/1".to_owned(), INVALID_TYPE.to_owned())
            ]
        );
    }

    #[test]
    fn bounds_lengths_enums_and_closed_objects() {
        let schema = json!({"type": "object", "additionalProperties": false, "properties": {
            "top": {"type": "integer", "minimum": 1, "maximum": 100},
            "name": {"type": "string", "maxLength": 3}, "mode": {"type": "string", "enum": ["a", "b"]}}});
        let found = findings(schema, json!({"top": 0, "name": "long", "mode": "c", "extra": 1}));
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(pointers, ["/top", "/name", "/mode", "/extra"]);
    }

    #[test]
    fn unions_follow_their_tag() {
        let schema = json!({"tag": "type", "anyOf": [
            {"type": "object", "required": ["message"], "properties": {"type": {"enum": ["sms"]}, "message": {"type": "string"}}},
            {"type": "object", "required": ["conditions"], "properties": {"type": {"enum": ["condition"]}, "conditions": {"type": "array"}}}]});
        assert!(findings(schema.clone(), json!({"type": "sms", "message": "hi"})).is_empty());
        assert_eq!(findings(schema.clone(), json!({"type": "condition"}))[0].0, "/conditions");
        assert_eq!(findings(schema, json!({"type": "fax"}))[0].0, "/type");
    }

    #[test]
    fn formats() {
        assert!(is_uuid("3f1c2b9e-8d4a-4c7e-9b1a-2f6d5e4c3b2a") && !is_uuid("3f1c2b9e"));
        assert!(is_date_time("2026-01-15T09:30:00Z") && is_date_time("2026-01-15T09:30:00.123+02:00"));
        assert!(!is_date_time("2026-01-15") && !is_date_time("2026-13-15T09:30:00Z") && !is_date_time("yesterday"));
        assert!(text_has_format("int16", "300") && !text_has_format("int16", "40000"));
        assert!(!text_has_format("email", "nobody") && !text_has_format("uri", "not a url"));
    }
}
