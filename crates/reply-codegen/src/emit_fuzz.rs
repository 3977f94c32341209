//! The fuzz crate's generated file (`fuzz/src/generated/params.rs`): every
//! operation's typed path and query parameters built from fuzzed values, and
//! what they put on the wire. It is a list of all operations, so it is written
//! from the spec, never by hand; `crates/reply-core/tests/fuzz_reach.rs` checks
//! that it (and the selector) reach every operation the spec counts.

use std::fmt::Write;

use crate::emit::HEADER;
use crate::names::lit;
use crate::spec::Spec;

pub const PARAMS: &str = "fuzz/src/generated/params.rs";

pub fn files(spec: &Spec) -> Vec<(&'static str, String, bool)> {
    vec![(PARAMS, params(spec), true)]
}

fn params(spec: &Spec) -> String {
    let mut out = String::from(HEADER);
    out.push_str(
        "//! Every operation's `Params` built from fuzzed JSON values (one per parameter,
//! path parameters first, each in spec order; a value that does not fit the
//! parameter's type gives the type's default), and what they put on the wire.
//! Self-contained (only `reply_core` and `serde_json`), so the workspace's
//! reachability test compiles this very file.

use reply_core::operation::Params;
use reply_core::operations;
use serde_json::Value;

/// What one operation's typed parameters put on the wire.
#[derive(Debug)]
pub struct Wire {
    /// `Params::path()`.
    pub path: String,
    /// `Params::query()`.
    pub query: Vec<(&'static str, String)>,
    /// Each path parameter's name and its text before encoding.
    pub path_values: Vec<(&'static str, String)>,
}

fn any<T: serde::de::DeserializeOwned + Default>(next: &mut dyn FnMut() -> Value) -> T {
    serde_json::from_value(next()).unwrap_or_default()
}

/// The wire form of `operation`'s parameters filled from `next`; `None` for an unknown id.
pub fn wire(operation: &str, next: &mut dyn FnMut() -> Value) -> Option<Wire> {
    Some(match operation {
",
    );
    for op in &spec.ops {
        let name = op.type_prefix();
        let mut fields: Vec<String> = op.path_params().map(|p| format!("{}: any(next)", p.rust)).collect();
        let query: Vec<String> = op.query_params().map(|p| format!("{}: any(next)", p.rust)).collect();
        if !query.is_empty() {
            fields.push(format!("query: operations::{name}Query {{ {} }}", query.join(", ")));
        }
        let values: Vec<String> =
            op.path_params().map(|p| format!("({}, p.{}.to_string())", lit(&p.json), p.rust)).collect();
        let _ = writeln!(
            out,
            "        {} => {{ let p = operations::{name}Params {{ {} }}; Wire {{ path: p.path(), query: p.query(), path_values: vec![{}] }} }}",
            lit(&op.id),
            fields.join(", "),
            values.join(", ")
        );
    }
    out.push_str("        _ => return None,\n    })\n}\n");
    out
}
