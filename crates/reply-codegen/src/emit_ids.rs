//! `OperationId`: one enum variant per operationId, so code that decides by
//! operation (the mock's handlers, the CLI) names a variant the compiler
//! checks instead of a string that silently stops matching when the spec
//! renames an operation.

use std::fmt::Write;

use crate::emit::HEADER;
use crate::spec::Spec;

pub fn operation_ids(spec: &Spec) -> String {
    let mut out = String::from(HEADER);
    out.push_str("//! Typed operationIds, in spec order.\n\n");
    out.push_str("/// An operation of the API by its spec `operationId`.\n");
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\n");
    out.push_str("pub enum OperationId {\n");
    for op in &spec.ops {
        let _ = writeln!(out, "    /// `{} {}`", op.method.to_uppercase(), op.path);
        let _ = writeln!(out, "    {},", op.id);
    }
    out.push_str("}\n\n");
    out.push_str("impl OperationId {\n");
    out.push_str("    /// Every operation, in spec order (the order of `OPERATIONS`).\n");
    let _ = writeln!(out, "    pub const ALL: [OperationId; {}] = [", spec.ops.len());
    for op in &spec.ops {
        let _ = writeln!(out, "        OperationId::{},", op.id);
    }
    out.push_str("    ];\n\n");
    out.push_str("    /// The spec's `operationId` text.\n");
    out.push_str("    pub const fn as_str(self) -> &'static str {\n        match self {\n");
    for op in &spec.ops {
        let _ = writeln!(out, "            OperationId::{0} => \"{0}\",", op.id);
    }
    out.push_str("        }\n    }\n}\n\n");
    out.push_str(
        "impl std::fmt::Display for OperationId {\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n        f.write_str(self.as_str())\n    }\n}\n\n",
    );
    out.push_str("/// The text is not an operationId of the API.\n");
    out.push_str("#[derive(Debug, Clone, PartialEq, Eq)]\npub struct UnknownOperation(pub String);\n\n");
    out.push_str(
        "impl std::fmt::Display for UnknownOperation {\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n        write!(f, \"no operation of the API is called `{}`\", self.0)\n    }\n}\n\nimpl std::error::Error for UnknownOperation {}\n\n",
    );
    out.push_str("impl std::str::FromStr for OperationId {\n    type Err = UnknownOperation;\n\n");
    out.push_str("    fn from_str(text: &str) -> Result<Self, Self::Err> {\n        Ok(match text {\n");
    for op in &spec.ops {
        let _ = writeln!(out, "            \"{0}\" => OperationId::{0},", op.id);
    }
    out.push_str("            _ => return Err(UnknownOperation(text.to_owned())),\n        })\n    }\n}\n");
    out
}
