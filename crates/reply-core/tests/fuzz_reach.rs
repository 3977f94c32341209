//! The fuzz targets reach every operation: this compiles the targets' own
//! selector and generated parameter builder (`fuzz/src/`), enumerates every
//! input prefix, and counts what they reach against a count made here from
//! the spec file itself (operations, documented JSON responses, JSON request
//! bodies), not from the generated table.

#[path = "../../../fuzz/src/generated/params.rs"]
mod params;
#[path = "../../../fuzz/src/select.rs"]
mod select;

use std::collections::BTreeSet;
use std::path::PathBuf;

use reply_core::operation::ParamLocation;
use reply_core::registry::{round_trip_request, round_trip_response};
use select::Body;
use serde_json::Value;

fn spec() -> Value {
    let path = match std::env::var_os("REPLY_OPENAPI_SPEC") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reply-api/openapi.yaml"),
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_norway::from_str(&text).expect("the spec parses")
}

/// What the spec documents: every operationId, every (operationId, status)
/// answered with a JSON body that has a schema (a 204 aside), every
/// operationId taking a JSON body.
#[derive(Default)]
struct Documented {
    operations: BTreeSet<String>,
    responses: BTreeSet<(String, u16)>,
    requests: BTreeSet<String>,
}

fn json_with_schema(content: Option<&Value>) -> bool {
    content
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .any(|(media, body)| media.contains("json") && body.get("schema").is_some())
}

fn documented(spec: &Value) -> Documented {
    let mut out = Documented::default();
    for item in spec["paths"].as_object().expect("paths").values() {
        for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
            let Some(op) = item.get(method) else { continue };
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            if json_with_schema(op.pointer("/requestBody/content")) {
                out.requests.insert(id.clone());
            }
            for (status, response) in op["responses"].as_object().into_iter().flatten() {
                // A 204 has no content (RFC 9110), whatever the spec lists under it.
                if status != "204" && json_with_schema(response.get("content")) {
                    out.responses.insert((id.clone(), status.parse().expect("numeric status")));
                }
            }
            assert!(out.operations.insert(id), "an operationId is used twice");
        }
    }
    out
}

/// What the fuzz inputs reach: the operations every two-byte prefix picks,
/// and for each the bodies every pick byte selects.
fn reached() -> Documented {
    let mut out = Documented::default();
    for prefix in 0..=u16::MAX {
        let (op, _) = select::operation(&prefix.to_le_bytes()).expect("two bytes pick an operation");
        if !out.operations.insert(op.id.to_owned()) {
            continue;
        }
        for pick in 0..=u8::MAX {
            match select::body(op, pick) {
                Body::Response(status) => drop(out.responses.insert((op.id.to_owned(), status))),
                Body::Request => drop(out.requests.insert(op.id.to_owned())),
            }
        }
    }
    out
}

fn missing<'a, T: Ord>(want: &'a BTreeSet<T>, have: &'a BTreeSet<T>) -> Vec<&'a T> {
    want.difference(have).collect()
}

#[test]
fn fuzz_inputs_reach_every_operation_of_the_spec() {
    let spec = documented(&spec());
    let reached = reached();

    let ops = spec.operations.intersection(&reached.operations).count();
    println!("fuzz selector: {ops}/{} operations of the spec reached", spec.operations.len());
    assert_eq!(missing(&spec.operations, &reached.operations), Vec::<&String>::new(), "operations never picked");
    assert_eq!(spec.operations.len(), 375, "the spec this suite was written against has 375 operations");

    // Each documented JSON response is picked, and the registry decodes it into a type.
    let responses = spec.responses.intersection(&reached.responses).count();
    println!("fuzz selector: {responses}/{} documented JSON responses reached", spec.responses.len());
    assert_eq!(missing(&spec.responses, &reached.responses), Vec::<&(String, u16)>::new());
    let untyped: Vec<_> =
        spec.responses.iter().filter(|(id, status)| round_trip_response(id, *status, b"{}").is_none()).collect();
    assert_eq!(untyped, Vec::<&(String, u16)>::new(), "documented JSON responses with no generated type to fuzz");

    // Each JSON request body is picked, and has a generated type.
    let requests = spec.requests.intersection(&reached.requests).count();
    println!("fuzz selector: {requests}/{} JSON request bodies reached", spec.requests.len());
    assert_eq!(missing(&spec.requests, &reached.requests), Vec::<&String>::new());
    let untyped: Vec<_> = spec.requests.iter().filter(|id| round_trip_request(id, b"{}").is_none()).collect();
    assert_eq!(untyped, Vec::<&String>::new(), "JSON request bodies with no generated type to fuzz");
}

#[test]
fn every_operation_has_typed_parameters_to_fuzz_and_they_reach_it() {
    let spec = documented(&spec());
    let mut built = 0;
    for op in reply_core::operations::OPERATIONS.iter().filter(|op| spec.operations.contains(op.id)) {
        // `"7"` fills a string parameter; an integer one takes its default, 0.
        let wire = params::wire(op.id, &mut || Value::from("7")).unwrap_or_else(|| panic!("{}: no builder", op.id));
        assert_eq!(op.check_path(&wire.path), Ok(()), "{}", op.id);
        let segments = op.match_path(&wire.path).expect("fits");
        assert_eq!(segments.len(), wire.path_values.len(), "{}: {}", op.id, wire.path);
        for p in op.params.iter().filter(|p| p.location == ParamLocation::Query && p.required) {
            assert!(wire.query.iter().any(|(name, _)| *name == p.name), "{}: `{}` not sent", op.id, p.name);
        }
        built += 1;
    }
    println!("fuzz params: {built}/{} operations have typed parameters to fuzz", spec.operations.len());
    assert_eq!(built, spec.operations.len());
}
