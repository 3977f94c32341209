//! The shared scenarios (`tests/scenarios/*.json`, format in its README), each
//! step run as a `reply` command: the resource and method in kebab case, path
//! parameters positional, query parameters as flags, the body on stdin.

use std::collections::BTreeMap;
use std::path::PathBuf;

use reply_core::operation::{OperationInfo, ParamLocation};
use serde_json::{Map, Value};

use crate::support::{Mock, json_err, json_out};

fn kebab(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        match c {
            '_' => out.push('-'),
            c if c.is_ascii_uppercase() => {
                if !out.is_empty() {
                    out.push('-');
                }
                out.push(c.to_ascii_lowercase());
            }
            c => out.push(c),
        }
    }
    out
}

/// Replaces `"${name}"` with the saved value (keeping its JSON type) and `${run}` inside strings.
fn substitute(value: &Value, saved: &BTreeMap<String, Value>, run: &str) -> Value {
    match value {
        Value::String(s) => {
            if let Some(name) = s.strip_prefix("${").and_then(|r| r.strip_suffix('}'))
                && let Some(v) = saved.get(name)
            {
                return v.clone();
            }
            let mut text = s.replace("${run}", run);
            for (name, v) in saved {
                let plain = v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string());
                text = text.replace(&format!("${{{name}}}"), &plain);
            }
            Value::String(text)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| substitute(v, saved, run)).collect()),
        Value::Object(members) => {
            Value::Object(members.iter().map(|(k, v)| (k.clone(), substitute(v, saved, run))).collect())
        }
        other => other.clone(),
    }
}

fn text(value: &Value) -> String {
    value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string())
}

/// The `reply` arguments for one step.
fn command_line(info: &OperationInfo, args: &Map<String, Value>, paginate: Option<&Value>) -> Vec<String> {
    let mut argv = vec!["--json".to_owned(), kebab(info.resource), kebab(info.name)];
    let in_path: Vec<&str> = info.path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')).collect();
    for name in in_path {
        argv.push(text(args.get(name).unwrap_or_else(|| panic!("{}: no path parameter `{name}`", info.id))));
    }
    for p in info.params.iter().filter(|p| p.location == ParamLocation::Query) {
        if let Some(value) = args.get(p.name) {
            argv.push(format!("--{}", kebab(p.name)));
            argv.push(text(value));
        }
    }
    if args.contains_key("body") {
        argv.extend(["--body".to_owned(), "-".to_owned()]);
    }
    if let Some(paging) = paginate {
        argv.push("--all".to_owned());
        if let Some(size) = paging.get("page_size") {
            argv.extend(["--page-size".to_owned(), size.to_string()]);
        }
    }
    argv
}

fn run_scenario(path: &PathBuf) {
    let scenario: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let name = scenario["name"].as_str().unwrap_or_default().to_owned();
    let mock = Mock::start();
    let run = format!("{}", std::process::id());
    let mut saved = BTreeMap::new();
    for (i, step) in scenario["steps"].as_array().unwrap().iter().enumerate() {
        let at = format!("{name} step {}", i + 1);
        let call = step["call"].as_str().unwrap();
        let (resource, method) = call.split_once('.').unwrap();
        let info = reply_client::operation_by_name(resource, method)
            .unwrap_or_else(|| panic!("{at}: `{call}` is not in the operation table"));
        let args = substitute(&step["args"], &saved, &run);
        let args = args.as_object().cloned().unwrap_or_default();
        let argv = command_line(info, &args, step.get("paginate"));
        let mut cmd = mock.reply();
        cmd.args(&argv);
        if let Some(body) = args.get("body") {
            cmd.write_stdin(body.to_string());
        }
        let output = cmd.output().unwrap();
        if let Some(expected) = step.get("expect_error") {
            assert!(!output.status.success(), "{at}: `reply {}` should fail", argv.join(" "));
            let error = json_err(&output);
            for (key, value) in expected.as_object().unwrap() {
                assert_eq!(&error["error"][key], value, "{at}: error {key} in {error}");
            }
            continue;
        }
        assert!(
            output.status.success(),
            "{at}: `reply {}`: {}",
            argv.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        let body = json_out(&output);
        if let Some(paging) = step.get("paginate") {
            let min = paging["min_items"].as_u64().unwrap_or(0) as usize;
            assert!(body.as_array().unwrap().len() >= min, "{at}: fewer than {min} items: {body}");
        }
        for (pointer, expected) in step["expect"].as_object().into_iter().flatten() {
            let expected = substitute(expected, &saved, &run);
            assert_eq!(body.pointer(pointer), Some(&expected), "{at}: {pointer} in {body}");
        }
        for (key, pointer) in step["save"].as_object().into_iter().flatten() {
            let value = body.pointer(pointer.as_str().unwrap()).unwrap_or_else(|| panic!("{at}: no {pointer}"));
            saved.insert(key.clone(), value.clone());
        }
    }
}

#[test]
fn every_shared_scenario_passes_through_the_cli() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scenarios in {}", dir.display());
    let mut failures = Vec::new();
    for file in &files {
        // Run them all, then report every failing scenario at once.
        if let Err(panic) = std::panic::catch_unwind(|| run_scenario(file)) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("{}: {message}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{} of {} scenarios failed:\n{}", failures.len(), files.len(), failures.join("\n"));
}
