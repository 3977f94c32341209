//! Request validation against the operation table: path and query parameter
//! types, bounds, enums, formats and presence; JSON bodies checked against the
//! spec's request schema (`crate::conform`) and then decoded, strictly, into
//! the generated request types (the same types the SDK sends); multipart
//! bodies must carry their required parts.
//!
//! Every failure is a 400 problem whose `errors[].pointer` names the culprit:
//! a JSON Pointer into the body (`/items/3/email`), or `/<name>` for a path or
//! query parameter.

use reply_core::OperationInfo;
use reply_core::operation::{BodyKind, ParamInfo, ParamLocation};
use serde_json::Value;

use crate::answer::Answer;
use crate::conform;
use crate::paging;
use reply_core::OperationId as Op;
use reply_core::route::query_decode;

/// A request that passed validation.
#[derive(Debug, Default)]
pub(crate) struct Input {
    /// Path parameters, decoded.
    pub path: Vec<(&'static str, String)>,
    /// Query pairs, decoded, in the order sent.
    pub query: Vec<(String, String)>,
    /// The JSON body as sent, if any.
    pub body: Option<Value>,
    /// Items of `items` that failed validation, by index, in an operation
    /// whose spec reports such items per item instead of refusing the request.
    pub rejected: Vec<usize>,
}

impl Input {
    pub fn path(&self, name: &str) -> &str {
        self.path.iter().find(|(k, _)| *k == name).map_or("", |(_, v)| v.as_str())
    }

    /// An integer path parameter (validation guarantees it parses when the spec says integer).
    pub fn path_id(&self, name: &str) -> i64 {
        self.path(name).parse().unwrap_or_default()
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        self.query.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The body member `name`, or `Null`.
    pub fn member(&self, name: &str) -> &Value {
        self.body.as_ref().and_then(|b| b.get(name)).unwrap_or(&Value::Null)
    }
}

/// Splits a raw query string into decoded pairs (`+` is a space, as in forms).
pub(crate) fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (query_decode(k), query_decode(v))
        })
        .collect()
}

/// Checks parameters and body; `content_type` is the request's header value.
pub(crate) fn validate(
    op: &OperationInfo,
    path: Vec<(&'static str, String)>,
    raw_query: &str,
    content_type: &str,
    body: &[u8],
) -> Result<Input, Answer> {
    let query = parse_query(raw_query);
    let mut errors = Vec::new();
    for param in op.params {
        match param.location {
            ParamLocation::Path => {
                let value = path.iter().find(|(k, _)| *k == param.name).map(|(_, v)| v.as_str());
                if let Some(e) = value.and_then(|v| check_value(op, param, v)) {
                    errors.push((format!("/{}", param.name), e));
                }
            }
            ParamLocation::Query => {
                let values: Vec<&str> =
                    query.iter().filter(|(k, _)| k == param.name).map(|(_, v)| v.as_str()).collect();
                if values.is_empty() && param.required {
                    errors.push((format!("/{}", param.name), "the query parameter is required".to_owned()));
                }
                for value in
                    values.iter().flat_map(|v| if param.ty == "array" { v.split(',').collect() } else { vec![*v] })
                {
                    if let Some(e) = check_value(op, param, value) {
                        errors.push((format!("/{}", param.name), e));
                    } else if let Some(refused) = paging::check(op, param.name, value) {
                        return Err(refused);
                    }
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(Answer::validation(errors));
    }
    let (body, rejected) = check_body(op, content_type, body)?;
    Ok(Input { path, query, body, rejected })
}

/// Why `value` does not fit `param`, if it does not.
fn check_value(op: &OperationInfo, param: &ParamInfo, value: &str) -> Option<String> {
    // Paging bounds have their own documented refusal (`paging::check`).
    let paging = op.paging.is_some() && matches!(param.name, "top" | "skip");
    let number = match param.ty {
        "integer" => match value.parse::<i64>() {
            Ok(n) => Some(n as f64),
            Err(_) => return Some(format!("`{value}` is not an integer")),
        },
        "number" => match value.parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => return Some(format!("`{value}` is not a number")),
        },
        "boolean" if !matches!(value, "true" | "false") => {
            return Some(format!("`{value}` is not a boolean (true or false)"));
        }
        _ => None,
    };
    if let Some(n) = number.filter(|_| !paging) {
        if let Some(min) = param.minimum.filter(|&m| n < m as f64) {
            return Some(format!("must be at least {min}"));
        }
        if let Some(max) = param.maximum.filter(|&m| n > m as f64) {
            return Some(format!("must be at most {max}"));
        }
    }
    // Reply's enums are matched case-insensitively (older clients send PascalCase).
    if !param.values.is_empty() && param.ty != "array" && !param.values.iter().any(|v| v.eq_ignore_ascii_case(value)) {
        return Some(format!("must be one of: {}", param.values.join(", ")));
    }
    conform::param_format(op.id, param.name, value).map(str::to_owned)
}

/// Operations whose spec reports an invalid member of `items` per item, in
/// its 200, instead of refusing the request: `ImportContacts` ("An item with
/// no `firstName` is not imported — it is returned with `status: failed`").
const PER_ITEM: &[Op] = &[Op::ImportContacts];

/// The body, and for [`PER_ITEM`] operations the indexes of the items that failed.
fn check_body(op: &OperationInfo, content_type: &str, body: &[u8]) -> Result<(Option<Value>, Vec<usize>), Answer> {
    let empty = body.iter().all(u8::is_ascii_whitespace);
    match op.body {
        // Reply ignores bodies where none is expected.
        BodyKind::None => Ok((None, Vec::new())),
        BodyKind::Multipart => {
            // No body at all is a missing part (400, documented); another media type is a 415.
            if content_type.is_empty() && empty {
                return Err(Answer::validation(vec![(
                    String::new(),
                    "a multipart/form-data body with a file part is required".to_owned(),
                )]));
            }
            if !content_type.to_ascii_lowercase().starts_with("multipart/form-data") {
                return Err(unsupported(content_type, "a multipart/form-data body with a file part"));
            }
            if !content_type.contains("boundary=") {
                return Err(Answer::validation(vec![(
                    String::new(),
                    "a multipart/form-data body needs a `boundary` parameter".to_owned(),
                )]));
            }
            let missing = conform::missing_parts(op.id, body);
            if missing.is_empty() {
                Ok((None, Vec::new()))
            } else {
                Err(Answer::validation(
                    missing.into_iter().map(|part| (format!("/{part}"), "Field is required.".to_owned())).collect(),
                ))
            }
        }
        BodyKind::Json { required } => {
            if empty {
                return if required {
                    Err(Answer::validation(vec![(String::new(), "a JSON request body is required".to_owned())]))
                } else {
                    Ok((None, Vec::new()))
                };
            }
            let media = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            if !media.is_empty() && !media.ends_with("json") {
                return Err(unsupported(&media, "an application/json body"));
            }
            let mut value: Value = serde_json::from_slice(body).map_err(|e| {
                Answer::problem(400, format!("the body is not valid JSON: {e}"))
                    .member("errors", serde_json::json!([{ "pointer": "", "detail": strip_position(&e.to_string()) }]))
            })?;
            // `5541.0` is an integer under the spec's JSON Schema (2020-12: "any number
            // with a zero fractional part"); the typed decoding takes only `5541`.
            let written;
            let body = if integral_floats_to_integers(&mut value) {
                written = serde_json::to_vec(&value).unwrap_or_default();
                &written[..]
            } else {
                body
            };
            let mut findings = conform::body(op.id, &value);
            let mut rejected = Vec::new();
            if PER_ITEM.contains(&op.key) {
                // Only an item that is an object is reported per item; a list that holds
                // something else is a malformed request, refused whole (our choice).
                let is_object = |i: usize| value.pointer(&format!("/items/{i}")).is_some_and(Value::is_object);
                findings.retain(|(pointer, _)| match item_index(pointer).filter(|i| is_object(*i)) {
                    Some(i) => {
                        rejected.push(i);
                        false
                    }
                    None => true,
                });
            }
            if !findings.is_empty() {
                return Err(Answer::validation(findings));
            }
            strict(op, body, &value, &mut rejected)?;
            rejected.sort_unstable();
            rejected.dedup();
            Ok((Some(value), rejected))
        }
    }
}

/// Rewrites each number with a zero fractional part that fits in 64 bits as an
/// integer (`85.0` → `85`); whether anything changed. Larger ones stay as they
/// are and fail an `integer` schema, as the int64 ids Reply uses cannot hold them.
fn integral_floats_to_integers(value: &mut Value) -> bool {
    match value {
        Value::Number(n) => match n.as_f64() {
            // 2^63 is exact in f64; every whole f64 below it in magnitude fits an i64.
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9_223_372_036_854_775_808.0 => {
                *value = Value::from(f as i64);
                true
            }
            _ => false,
        },
        Value::Array(items) => items.iter_mut().fold(false, |changed, v| integral_floats_to_integers(v) | changed),
        Value::Object(members) => {
            members.values_mut().fold(false, |changed, v| integral_floats_to_integers(v) | changed)
        }
        _ => false,
    }
}

/// 415 for a body in a media type the operation does not take.
fn unsupported(media: &str, wanted: &str) -> Answer {
    let sent = if media.is_empty() { "no content type" } else { media };
    Answer::problem(415, format!("this operation takes {wanted}, not `{sent}`"))
}

/// The index `n` of a pointer into `/items/n/...`.
fn item_index(pointer: &str) -> Option<usize> {
    pointer.strip_prefix("/items/")?.split('/').next()?.parse().ok()
}

/// Decodes the body, strictly, into the generated request type (enum values
/// outside the spec's lists are refused, not kept as `Unknown`). For a
/// [`PER_ITEM`] operation, the items already `rejected` are left out and an
/// item the decoding refuses joins them.
fn strict(op: &OperationInfo, raw: &[u8], value: &Value, rejected: &mut Vec<usize>) -> Result<(), Answer> {
    loop {
        let bytes = if rejected.is_empty() {
            Ok(raw.to_vec())
        } else {
            let mut kept = value.clone();
            if let Some(Value::Array(items)) = kept.get_mut("items") {
                let mut index = 0;
                items.retain(|_| {
                    index += 1;
                    !rejected.contains(&(index - 1))
                });
            }
            serde_json::to_vec(&kept)
        }
        .unwrap_or_default();
        let Some(Err(e)) = reply_core::strict::strictly(|| reply_core::registry::round_trip_request(op.id, &bytes))
        else {
            return Ok(());
        };
        let pointer = pointer_of(&e.path, &e.message);
        // An index into the kept items, mapped back to the item as sent.
        let original = item_index(&pointer)
            .filter(|_| PER_ITEM.contains(&op.key))
            .and_then(|kept| (0..).filter(|i| !rejected.contains(i)).nth(kept));
        match original {
            Some(i) => rejected.push(i),
            None => return Err(Answer::validation(vec![(pointer, strip_position(&e.message))])),
        }
    }
}

/// Turns serde's `items[3].email` into `/items/3/email`; a missing field's
/// name is appended, since serde reports the object that lacks it.
pub(crate) fn pointer_of(path: &str, message: &str) -> String {
    let mut pointer = String::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, indexes) = part.split_once('[').map_or((part, ""), |(n, rest)| (n, rest));
        if !name.is_empty() {
            pointer.push('/');
            pointer.push_str(&escape(name));
        }
        for index in indexes.split(['[', ']']).filter(|i| !i.is_empty()) {
            pointer.push('/');
            pointer.push_str(index);
        }
    }
    if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
        pointer.push('/');
        pointer.push_str(&escape(field));
    }
    pointer
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Drops serde's ` at line 1 column 7`: the pointer already says where.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_from_serde_paths() {
        assert_eq!(pointer_of("items[3].email", "invalid type"), "/items/3/email");
        assert_eq!(pointer_of("items[3]", "missing field `email`"), "/items/3/email");
        assert_eq!(pointer_of(".", "missing field `url`"), "/url");
        assert_eq!(pointer_of("a[0][1]", "x"), "/a/0/1");
    }

    #[test]
    fn query_pairs_are_decoded() {
        assert_eq!(
            parse_query("a=1&b=x%20y&c"),
            vec![("a".into(), "1".into()), ("b".into(), "x y".into()), ("c".into(), "".into())]
        );
    }
}
