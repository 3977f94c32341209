//! The mock decides by operation through `OperationId` variants, never by an
//! operationId written as a string: a string that the spec renames silently
//! stops matching, a variant fails to compile.

use std::collections::BTreeSet;
use std::path::Path;

use reply_core::operations::OPERATIONS;

/// Every `"..."` literal on a line of Rust source (escapes are rare enough in
/// the handlers that a literal ends at the next unescaped quote).
fn literals(line: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('"') else { break };
        found.push(&after[..end]);
        rest = &after[end + 1..];
    }
    found
}

fn scan(dir: &Path, ids: &BTreeSet<&str>, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "generated") {
                scan(&path, ids, out);
            }
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source file");
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for literal in literals(line) {
                if ids.contains(literal) {
                    out.push(format!("{}:{}: \"{literal}\"", path.display(), n + 1));
                }
            }
        }
    }
}

#[test]
fn no_handler_names_an_operation_by_string() {
    let ids: BTreeSet<&str> = OPERATIONS.iter().map(|op| op.id).collect();
    let mut found = Vec::new();
    scan(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &ids, &mut found);
    assert!(
        found.is_empty(),
        "{} operationIds written as strings in crates/reply-mock/src (use `OperationId`):\n{}",
        found.len(),
        found.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_scan_sees_a_quoted_operation_id() {
    // The check above can fail: a line naming an operation by string is found.
    assert_eq!(literals(r#"match id { "GetContacts" => 1, _ => 2 }"#), ["GetContacts"]);
}
