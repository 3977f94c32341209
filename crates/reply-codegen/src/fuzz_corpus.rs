//! `reply-codegen --fuzz-corpus DIR`: the fuzz targets' seed corpus, written
//! from the spec into `DIR/<target>/` (`just fuzz-seed`). Every request and
//! response example the spec gives under a media type with a schema (the
//! 1,614 the conformance suite checks) becomes a seed in the input format of
//! `fuzz/src/select.rs`: two bytes little-endian pick the operation by its
//! index in the table (spec order, as `OPERATIONS` is written), and for
//! `models` a third byte picks the documented response by its position, or
//! the request body (255). Seeds are named by a hash of their bytes, so the
//! same example twice is one file, and inputs the fuzzer added are kept.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::spec::{METHODS, Spec};

/// The fuzz targets (`fuzz/Cargo.toml`), each given its folder even when the spec seeds none of it.
const TARGETS: [&str; 6] = ["models", "request", "params", "problem", "page", "job"];

/// The third byte of a `models` input that picks the request body: past any response.
const REQUEST_PICK: u8 = 255;

struct Example<'a> {
    index: usize,
    operation: &'a str,
    /// `None` for a request body.
    status: Option<u16>,
    body: Vec<u8>,
}

fn examples_of(media: &Value) -> Vec<&Value> {
    if media.get("schema").is_none() {
        return Vec::new();
    }
    let named = media.get("examples").and_then(Value::as_object).into_iter().flatten();
    media.get("example").into_iter().chain(named.filter_map(|(_, e)| e.get("value"))).collect()
}

fn collect<'a>(root: &'a Value, spec: &Spec) -> Result<Vec<Example<'a>>, String> {
    let mut out = Vec::new();
    for item in root.get("paths").and_then(Value::as_object).into_iter().flatten().map(|(_, i)| i) {
        for method in METHODS {
            let Some(op) = item.get(*method) else { continue };
            let id = op.get("operationId").and_then(Value::as_str).unwrap_or_default();
            let index = spec.ops.iter().position(|o| o.id == id).ok_or(format!("{id} is not in the table"))?;
            let encode = |v: &Value| serde_json::to_vec(v).expect("JSON encodes");
            for media in op.pointer("/requestBody/content").and_then(Value::as_object).into_iter().flatten() {
                for value in examples_of(media.1) {
                    out.push(Example { index, operation: id, status: None, body: encode(value) });
                }
            }
            for (status, response) in op.get("responses").and_then(Value::as_object).into_iter().flatten() {
                let status: u16 = status.parse().map_err(|_| format!("{id}: status `{status}`"))?;
                for media in response.get("content").and_then(Value::as_object).into_iter().flatten() {
                    for value in examples_of(media.1) {
                        out.push(Example { index, operation: id, status: Some(status), body: encode(value) });
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The operation-selecting prefix of `fuzz/src/select.rs` for the table's `index`.
fn selector(index: usize) -> [u8; 2] {
    u16::try_from(index).expect("fewer than 65,536 operations").to_le_bytes()
}

/// One value per parameter for the `params` target, separated by a zero byte:
/// the first documented value of an enum, else a plain one of the type.
fn parameter_values(op: &crate::spec::Op) -> Vec<u8> {
    let path = op.path_params();
    let values: Vec<String> = path
        .chain(op.query_params())
        .map(|p| match (p.values.first(), p.json_type.as_str()) {
            (Some(v), _) => Value::from(v.as_str()).to_string(),
            (None, "integer" | "number") => "1".to_owned(),
            (None, "boolean") => "true".to_owned(),
            (None, "array") => "[1]".to_owned(),
            (None, _) => "\"a\"".to_owned(),
        })
        .collect();
    values.join("\0").into_bytes()
}

/// FNV-1a: a stable file name from a seed's bytes.
fn name(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("seed-{hash:016x}")
}

/// Writes the seeds under `dir` and prints how many each target got.
pub fn write(root: &Value, spec: &Spec, dir: &Path) -> Result<(), String> {
    let examples = collect(root, spec)?;
    let mut seeds: BTreeMap<&str, BTreeMap<String, Vec<u8>>> = BTreeMap::new();
    let mut add = |target: &'static str, bytes: Vec<u8>| {
        seeds.entry(target).or_default().insert(name(&bytes), bytes);
    };
    let (mut bodies, mut problems) = (0, 0);
    for e in &examples {
        let op = &spec.ops[e.index];
        let prefix = selector(e.index);
        let pick = match e.status {
            None => REQUEST_PICK,
            Some(status) => {
                let at = op.responses.iter().position(|r| r.status == status);
                u8::try_from(at.ok_or(format!("{}: {status} is not documented", e.operation))?)
                    .map_err(|_| format!("{}: too many responses for one byte", e.operation))?
            }
        };
        add("models", [&prefix[..], &[pick], &e.body].concat());
        match e.status {
            None => add("request", [&prefix[..], &e.body].concat()),
            Some(status @ 400..=599) => add("problem", [&[(status - 400) as u8, 0][..], &e.body].concat()),
            // `page` decodes a contacts page: any operation's `{items, hasMore}` page is its shape.
            Some(_) if op.paging.is_some() => add("page", e.body.clone()),
            Some(_) if e.operation == "GetBackgroundJobById" => add("job", e.body.clone()),
            Some(_) => {}
        }
        if e.status.is_some_and(|s| s >= 300) {
            problems += 1;
        } else {
            bodies += 1;
        }
    }
    for (index, op) in spec.ops.iter().enumerate() {
        add("params", [&selector(index)[..], &parameter_values(op)].concat());
    }
    let mut counts = Vec::new();
    for target in TARGETS {
        let files = seeds.remove(target).unwrap_or_default();
        let folder = dir.join(target);
        std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for (file, bytes) in &files {
            let path = folder.join(file);
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        counts.push(format!("{target} {}", files.len()));
    }
    println!(
        "fuzz corpus: {} spec examples ({bodies} request and success bodies, {problems} problem bodies) and one parameter set per operation ({}) written to {}: {} distinct files",
        examples.len(),
        spec.ops.len(),
        dir.display(),
        counts.join(", ")
    );
    Ok(())
}
