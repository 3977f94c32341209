//! Every operation's typed path and query parameters, filled with fuzzed
//! values: the path the SDK would send either reaches the operation's own
//! template with each value given back exactly, or is refused
//! (`OperationInfo::check_path`) because a value is empty or a dot segment,
//! which would send the request to another path; the query carries only the
//! operation's own parameters, and every required one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reply_core::operation::ParamLocation;
use reply_fuzz::{params, percent_decode, select};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((op, rest)) = select::operation(data) else { return };
    // One value per zero-separated chunk: JSON where it parses, else the text.
    let mut chunks = rest.split(|&b| b == 0).map(|chunk| {
        serde_json::from_slice(chunk).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(chunk).into_owned()))
    });
    let wire = params::wire(op.id, &mut || chunks.next().unwrap_or(Value::Null)).expect("every operation has a row");
    match op.check_path(&wire.path) {
        Ok(()) => {
            let segments = op.match_path(&wire.path).expect("an accepted path fits its template");
            assert_eq!(segments.len(), wire.path_values.len(), "{}: {}", op.id, wire.path);
            // A URL parser resolves a dot segment (`..`, `%2e%2e`, ...): the request would go elsewhere.
            let dot = |s: &str| matches!(s.to_ascii_lowercase().replace("%2e", ".").as_str(), "." | "..");
            assert!(!segments.iter().any(|(_, s)| dot(s)), "{}: {} is resolved to another path", op.id, wire.path);
            for (name, value) in &wire.path_values {
                let segment = segments.iter().find(|(n, _)| n == name).map(|(_, s)| *s);
                let decoded = segment.map(percent_decode);
                assert_eq!(decoded.as_deref(), Some(value.as_bytes()), "{}: `{name}` in {}", op.id, wire.path);
            }
        }
        Err(why) => assert!(
            wire.path_values.iter().any(|(_, v)| matches!(v.as_str(), "" | "." | "..")),
            "{}: {} refused: {why}",
            op.id,
            wire.path
        ),
    }
    for (name, _) in &wire.query {
        let known = op.params.iter().any(|p| p.name == *name && p.location == ParamLocation::Query);
        assert!(known, "{}: query `{name}` is not a parameter of the operation", op.id);
    }
    for p in op.params.iter().filter(|p| p.location == ParamLocation::Query && p.required) {
        assert!(wire.query.iter().any(|(n, _)| *n == p.name), "{}: required `{}` not sent", op.id, p.name);
    }
});
