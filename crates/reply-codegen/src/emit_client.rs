//! Writes `reply-client`'s resource methods and its operation table.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::emit::HEADER;
use crate::names::type_name;
use crate::plan;
use crate::schema::Ty;
use crate::spec::{Body, Op, Spec};

fn arg_ty(ty: &Ty) -> (String, String) {
    match ty {
        Ty::Str => ("impl Into<String>".into(), ".into()".into()),
        Ty::Named(n) => (format!("models::{n}"), String::new()),
        other => (other.rust(), String::new()),
    }
}

fn body_arg(op: &Op) -> Option<String> {
    match &op.body {
        Body::None => None,
        Body::Json { ty, .. } => Some(match ty {
            Ty::Named(n) => format!("models::{n}"),
            Ty::Array(inner) => match &**inner {
                Ty::Named(n) => format!("Vec<models::{n}>"),
                other => format!("Vec<{}>", other.rust()),
            },
            other => other.rust(),
        }),
        Body::Multipart { .. } => Some("reply_core::Multipart".into()),
    }
}

pub fn doc_lines(op: &Op) -> Vec<String> {
    let mut doc = vec![op.summary.clone(), String::new()];
    let mut line = format!("`{} {}`", op.method.to_uppercase(), op.path);
    if let Some(scope) = &op.scope {
        let _ = write!(line, " · scope `{scope}`");
    }
    if op.paging.is_some() {
        line.push_str(" · paginated");
    }
    if op.job {
        line.push_str(" · starts a background job");
    }
    doc.push(line);
    if op.beta {
        doc.push(String::new());
        doc.push("**Beta**: Reply may change this endpoint without notice.".into());
    }
    if op.coming_soon {
        doc.push(String::new());
        doc.push("**Coming soon**: Reply documents this endpoint but may not serve it yet.".into());
    }
    doc.push(String::new());
    doc.push(format!("Reference: <{}>", op.docs_url));
    doc
}

/// Where the resources go: one file per resource and an index (`mod.rs`).
const RESOURCE_DIR: &str = "crates/reply-client/src/generated/resources";

/// The resources of the client, one file per resource plus the index that
/// declares them and gives `Client` an accessor for each.
pub fn resource_files(spec: &Spec) -> Vec<(String, String, bool)> {
    let plan = plan::plan(spec);
    let mut index = String::from(HEADER);
    index.push_str("//! One resource per tag of the spec (a file each), one method per operation.\n\n");
    for resource in &plan.resources {
        let _ = writeln!(index, "mod {};", resource.name);
    }
    index.push('\n');
    for resource in &plan.resources {
        let _ = writeln!(index, "pub use {}::{};", resource.name, type_name(resource.tag));
    }
    index.push_str("\nuse crate::client::Client;\n\nimpl Client {\n");
    for plan::Resource { name: resource, tag, .. } in &plan.resources {
        let _ = writeln!(index, "    /// The `{tag}` operations.");
        let _ = writeln!(
            index,
            "    pub fn {resource}(&self) -> {}<'_> {{ {} {{ client: self }} }}\n",
            type_name(tag),
            type_name(tag)
        );
    }
    index.push_str("}\n");
    let mut files = vec![(format!("{RESOURCE_DIR}/mod.rs"), index, true)];
    for resource in &plan.resources {
        files.push((format!("{RESOURCE_DIR}/{}.rs", resource.name), resource_file(resource), true));
    }
    files
}

/// One resource's struct and its methods.
fn resource_file(resource: &plan::Resource<'_>) -> String {
    let plan::Resource { tag, methods, .. } = resource;
    let mut out = String::new();
    let name = type_name(tag);
    let _ = writeln!(out, "/// The `{tag}` operations of the API.");
    out.push_str("#[derive(Debug, Clone, Copy)]\n");
    let _ = writeln!(
        out,
        "pub struct {name}<'a> {{\n    /// Crate-visible so hand-written workflows (`src/workflows`) can reach the client.\n    pub(crate) client: &'a Client,\n}}\n"
    );
    let _ = writeln!(out, "impl<'a> {name}<'a> {{");
    for plan::Method { op, .. } in methods {
        let op_ty = op.type_prefix();
        for line in doc_lines(op) {
            if line.is_empty() {
                out.push_str("    ///\n");
            } else {
                let _ = writeln!(out, "    /// {line}");
            }
        }
        let mut args = Vec::new();
        let mut fields = Vec::new();
        for p in op.path_params() {
            let (ty, conv) = arg_ty(&p.ty);
            args.push(format!("{}: {ty}", p.rust));
            fields.push(if conv.is_empty() { p.rust.clone() } else { format!("{}: {}{conv}", p.rust, p.rust) });
        }
        if op.query_params().next().is_some() {
            args.push(format!("query: ops::{op_ty}Query"));
            fields.push("query".into());
        }
        let body = match body_arg(op) {
            Some(ty) => {
                args.push(format!("body: {ty}"));
                "body"
            }
            None => "()",
        };
        let _ = writeln!(
            out,
            "    pub fn {}(&self, {}) -> Call<'a, ops::{op_ty}> {{\n        Call::new(self.client, ops::{op_ty}Params {{ {} }}, {body})\n    }}\n",
            op.name,
            args.join(", "),
            fields.join(", ")
        );
    }
    out.push_str("}\n");
    let models = if out.contains("models::") { "models, " } else { "" };
    format!(
        "{HEADER}//! The `{tag}` operations.\n\nuse reply_core::{{{models}operations as ops}};\n\nuse crate::call::Call;\nuse crate::client::Client;\n\n{out}"
    )
}

/// The `operationId` → method table, as Markdown.
pub fn operations_table(spec: &Spec) -> String {
    let mut out =
        String::from("<!-- @generated by reply-codegen from Reply's OpenAPI description. Do not edit by hand. -->\n\n");
    out.push_str("# Operations\n\nEvery operation of Reply's API v3 and the `reply-client` method that calls it.\n");
    out.push_str("Flags: **P** paginated (`.pages()` / `.items()`), **J** starts a background job (`.start_job()`), ");
    out.push_str("**R** reporting rate class, **B** beta, **S** coming soon, **W** write (not retried unless Reply provably did not act).\n\n");
    let mut by_tag: BTreeMap<&str, Vec<&Op>> = BTreeMap::new();
    for op in &spec.ops {
        by_tag.entry(op.tag.as_str()).or_default().push(op);
    }
    for (tag, ops) in by_tag {
        let _ = writeln!(out, "## {tag}\n\n| operationId | method | HTTP | scope | flags |\n|---|---|---|---|---|");
        for op in ops {
            let mut flags = String::new();
            for (on, f) in [
                (op.paging.is_some(), 'P'),
                (op.job, 'J'),
                (op.reporting, 'R'),
                (op.beta, 'B'),
                (op.coming_soon, 'S'),
                (!op.read, 'W'),
            ] {
                if on {
                    flags.push(f);
                }
            }
            let _ = writeln!(
                out,
                "| [{}]({}) | `client.{}().{}()` | `{} {}` | {} | {} |",
                op.id,
                op.docs_url,
                op.resource,
                op.name,
                op.method.to_uppercase(),
                op.path,
                op.scope.as_deref().map(|s| format!("`{s}`")).unwrap_or_default(),
                flags
            );
        }
        out.push('\n');
    }
    out
}

/// A test that calls every operation through its generated method against a
/// scripted transport answering with the documented example (or the schema
/// sample), and checks the request line and the decoded result.
pub fn coverage_test(spec: &Spec) -> String {
    let mut out = String::from(HEADER);
    out.push_str("//! Every operation has a method; each is called once and its answer decoded.\n\n");
    out.push_str("mod support;\n\nuse support::coverage::{Harness, body};\n\n");
    out.push_str("#[tokio::test]\nasync fn every_operation_has_a_working_method() {\n    let h = Harness::new();\n    let c = &h.client;\n");
    for op in &spec.ops {
        let mut args = Vec::new();
        for p in op.path_params() {
            args.push(match p.ty {
                Ty::Str => "\"x\"".to_owned(),
                _ => "1".to_owned(),
            });
        }
        if op.query_params().next().is_some() {
            args.push("Default::default()".into());
        }
        match &op.body {
            Body::None => {}
            Body::Json { .. } => args.push(format!("body({:?})", op.id)),
            Body::Multipart { .. } => {
                args.push("reply_core::Multipart::new().file(\"file\", \"a.txt\", None, \"hello\")".into())
            }
        }
        let _ = writeln!(
            out,
            "    h.expect({:?});\n    h.check({:?}, c.{}().{}({}).await.map(|_| ()));",
            op.id,
            op.id,
            op.resource,
            op.name,
            args.join(", ")
        );
    }
    let _ = writeln!(out, "    h.finish({});\n}}", spec.ops.len());
    out
}
