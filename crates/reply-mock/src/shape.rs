//! Keeping responses schema-valid without restating the schemas: the spec's
//! sample response of an operation is its shape template. A stored resource
//! is built by laying the request over a blank copy of the template, and an
//! answer is the stored document projected back onto the template, so an
//! answer never carries a member the spec does not document.
//!
//! Sample values tell what a member is: free text is `"sample"`, emails hold
//! `@`, URLs start with `http`, timestamps are ISO dates; any other string is
//! an enum value and is kept as the default.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::{clock, samples};

/// The value a new resource gets for a member the request did not set, or
/// `None` to leave it out.
fn blank(key: &str, template: &Value, now: &str) -> Option<Value> {
    match template {
        Value::String(s) => {
            let free_text = s == "sample" || s.contains('@') || s.starts_with("http") || clock::is_uuid(s);
            if looks_like_date(s) {
                let lower = key.to_ascii_lowercase();
                let stamped = ["created", "modified", "updated", "addingdate"].iter().any(|k| lower.contains(k));
                stamped.then(|| Value::from(now))
            } else if free_text {
                None
            } else {
                Some(template.clone())
            }
        }
        Value::Number(_) => (!(key == "id" || key.ends_with("Id"))).then(|| Value::from(0)),
        Value::Bool(_) => Some(Value::Bool(false)),
        Value::Array(_) => Some(Value::Array(Vec::new())),
        Value::Object(members) => {
            Some(Value::Object(members.iter().filter_map(|(k, v)| Some((k.clone(), blank(k, v, now)?))).collect()))
        }
        Value::Null => None,
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[7] == b'-'
}

/// Whether `value` can stand where the template has `template`.
fn compatible(template: &Value, value: &Value) -> bool {
    match (template, value) {
        (Value::Number(t), Value::Number(v)) => !(t.is_i64() || t.is_u64()) || v.is_i64() || v.is_u64(),
        (Value::String(_), Value::String(_))
        | (Value::Bool(_), Value::Bool(_))
        | (Value::Array(_), Value::Array(_))
        | (Value::Object(_), Value::Object(_)) => true,
        _ => false,
    }
}

/// Lays `request` over `base` (the stored document, or nothing for a new one),
/// keeping only members of `template`. Members the request leaves out keep
/// their stored value, or get a blank default. An explicit `null` clears a member.
pub(crate) fn overlay(template: &Value, base: Option<&Value>, request: &Value) -> Value {
    let now = clock::now_iso();
    // The stored union member, unless the request names another one.
    let template = samples::variant(samples::variant(template, base.unwrap_or(&Value::Null)), request);
    let Value::Object(shape) = template else { return template.clone() };
    let mut out = Map::new();
    for (key, t) in shape {
        let stored = base.and_then(|b| b.get(key)).filter(|v| !v.is_null());
        match request.get(key) {
            Some(Value::Null) => {}
            Some(v) if compatible(t, v) => {
                out.insert(key.clone(), merge(t, stored, v));
            }
            _ => {
                if let Some(v) = stored.cloned().or_else(|| if base.is_none() { blank(key, t, &now) } else { None }) {
                    out.insert(key.clone(), v);
                }
            }
        }
    }
    Value::Object(out)
}

fn merge(template: &Value, stored: Option<&Value>, value: &Value) -> Value {
    match (template, value) {
        (Value::Object(_), Value::Object(_)) => overlay(template, stored, value),
        (Value::Array(t), Value::Array(items)) => match t.first() {
            Some(item @ Value::Object(_)) => {
                Value::Array(items.iter().filter(|v| v.is_object()).map(|v| overlay(item, None, v)).collect())
            }
            Some(item) => {
                Value::Array(items.iter().filter(|v| compatible(item, v)).map(|v| merge(item, None, v)).collect())
            }
            None => value.clone(),
        },
        (Value::String(t), Value::String(v)) => Value::String(samples::spelling(t, v)),
        _ => value.clone(),
    }
}

/// The members of `doc` that `template` documents, recursively.
pub(crate) fn project(template: &Value, doc: &Value) -> Value {
    serde_json::to_value(Projected(template, doc)).unwrap_or_default()
}

/// `doc` projected onto `template` as it serialises: an answer is written
/// straight from the stored documents, without building the projection first.
#[derive(Clone, Copy)]
pub(crate) struct Projected<'a>(pub &'a Value, pub &'a Value);

impl Serialize for Projected<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Projected(template, doc) = *self;
        match (samples::variant(template, doc), doc) {
            (Value::Object(shape), Value::Object(members)) => {
                let mut map = serializer.serialize_map(None)?;
                // Walk the document, not the template: a stored document holds
                // fewer members than its shape documents, and it was laid over
                // the template, so its members come in the template's order.
                // That order lets each name be found by reading on in the
                // template from the last match, which costs a few string
                // comparisons where a lookup would hash every name (hashing
                // was half of what a page of contacts cost to write).
                let mut rest = shape.iter();
                for (k, v) in members {
                    let mut ahead = rest.clone();
                    let t = match ahead.find(|(name, _)| *name == k) {
                        Some((_, t)) => {
                            rest = ahead;
                            Some(t)
                        }
                        None => shape.get(k),
                    };
                    if let Some(t) = t.filter(|t| compatible(t, v)) {
                        map.serialize_entry(k, &Projected(t, v))?;
                    }
                }
                map.end()
            }
            (Value::Array(t), Value::Array(items)) => match t.first() {
                Some(item) => {
                    serializer.collect_seq(items.iter().filter(|v| compatible(item, v)).map(|v| Projected(item, v)))
                }
                None => doc.serialize(serializer),
            },
            _ => doc.serialize(serializer),
        }
    }
}

/// Adds the template's sample value for every member `doc` lacks (used when a
/// sparse document would not satisfy a schema's required members).
pub(crate) fn fill_missing(doc: &mut Value, template: &Value) {
    if let (Value::Object(members), Value::Object(shape)) = (doc, template) {
        for (k, t) in shape {
            match members.get_mut(k) {
                Some(v) => fill_missing(v, t),
                None => {
                    members.insert(k.clone(), t.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn overlay_keeps_documented_members_and_blanks_the_rest() {
        let template = json!({"id": 1, "email": "a@b.c", "firstName": "sample", "status": "new", "count": 1,
                              "isOptedOut": true, "tags": ["sample"], "createdAt": "2026-01-15T09:30:00Z",
                              "settings": {"limit": 1, "mode": "auto"}});
        let doc = overlay(&template, None, &json!({"email": "x@y.z", "unknown": 1, "count": "nope", "tags": ["t", 2]}));
        assert_eq!(doc["email"], "x@y.z");
        assert!(doc.get("firstName").is_none() && doc.get("id").is_none() && doc.get("unknown").is_none());
        assert_eq!(doc["status"], "new");
        assert_eq!(doc["count"], 0);
        assert_eq!(doc["isOptedOut"], false);
        assert_eq!(doc["tags"], json!(["t"]));
        assert_eq!(doc["settings"], json!({"limit": 0, "mode": "auto"}));
        assert!(doc["createdAt"].as_str().is_some_and(|s| s.ends_with('Z') && !s.starts_with("2026-01-15")));
        let updated = overlay(&template, Some(&doc), &json!({"firstName": "Ann", "email": null}));
        assert_eq!(updated["firstName"], "Ann");
        assert!(updated.get("email").is_none());
        assert_eq!(updated["status"], "new");
    }

    #[test]
    fn projection_drops_undocumented_members() {
        let template = json!({"id": 1, "items": [{"a": 1}]});
        let doc = json!({"id": 5, "_owner": 3, "items": [{"a": 2, "b": 3}, "junk"]});
        assert_eq!(project(&template, &doc), json!({"id": 5, "items": [{"a": 2}]}));
    }
}
