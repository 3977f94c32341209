//! Runs the shared scenarios (tests/scenarios/*.json) against reply-mock over
//! real HTTP on loopback, through the same dynamic layer the bindings use.

use futures_util::StreamExt;
use reply_client::{Client, Config, DynamicBody, Error, operation_by_name};
use reply_mock::MockServer;
use serde_json::{Map, Value};

fn substitute(value: &Value, vars: &Map<String, Value>) -> Value {
    match value {
        Value::String(s) => {
            if let Some(name) = s.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
                if let Some(v) = vars.get(name) {
                    return v.clone();
                }
            }
            let mut out = s.clone();
            for (name, v) in vars {
                let text = match v {
                    Value::String(t) => t.clone(),
                    other => other.to_string(),
                };
                out = out.replace(&format!("${{{name}}}"), &text);
            }
            Value::String(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| substitute(v, vars)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), substitute(v, vars))).collect()),
        other => other.clone(),
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn check_error(step: &str, err: &Error, expected: &Value) {
    if let Some(kind) = expected.get("kind").and_then(Value::as_str) {
        assert_eq!(err.kind(), kind, "{step}: {err}");
    }
    if let Some(status) = expected.get("status").and_then(Value::as_u64) {
        assert_eq!(err.status(), Some(status as u16), "{step}: {err}");
    }
    if let Some(code) = expected.get("code").and_then(Value::as_str) {
        assert_eq!(err.code(), Some(code), "{step}: {err}");
    }
}

async fn run(client: &Client, scenario: &Value, run_token: &str) {
    let name = scenario["name"].as_str().expect("name");
    let mut vars = Map::new();
    vars.insert("run".into(), Value::String(run_token.to_owned()));
    for (i, step) in scenario["steps"].as_array().expect("steps").iter().enumerate() {
        let call = step["call"].as_str().expect("call");
        let label = format!("{name} step {i} ({call})");
        let (resource, method) = call.split_once('.').expect("resource.method");
        let info = operation_by_name(resource, method).unwrap_or_else(|| panic!("{label}: no such operation"));
        let args = substitute(step.get("args").unwrap_or(&Value::Null), &vars);
        let mut params = args.as_object().cloned().unwrap_or_default();
        let body = match params.remove("body") {
            Some(b) => DynamicBody::Json(b),
            None => DynamicBody::None,
        };
        if let Some(paginate) = step.get("paginate") {
            let size = paginate.get("page_size").and_then(Value::as_u64).map(|n| n as u32);
            let pages: Vec<_> = client.paginate_dynamic(info, params, body, Default::default(), size).collect().await;
            let mut items = 0;
            for page in pages {
                let page = page.unwrap_or_else(|e| panic!("{label}: {e}"));
                items += page.body["items"].as_array().map_or(0, Vec::len);
            }
            let min = paginate.get("min_items").and_then(Value::as_u64).unwrap_or(0) as usize;
            assert!(items >= min, "{label}: {items} items, expected at least {min}");
            continue;
        }
        let result = client.call_dynamic(info, &params, &body, &Default::default()).await;
        if let Some(expected) = step.get("expect_error") {
            match result {
                Ok(r) => panic!("{label}: expected an error, got HTTP {} {}", r.status, r.body),
                Err(e) => check_error(&label, &e, expected),
            }
            continue;
        }
        let response = result.unwrap_or_else(|e| panic!("{label}: {e}"));
        for (pointer, expected) in step.get("expect").and_then(Value::as_object).into_iter().flatten() {
            let expected = substitute(expected, &vars);
            let got = response.body.pointer(pointer).unwrap_or(&Value::Null);
            assert!(same(got, &expected), "{label}: {pointer} is {got}, expected {expected}");
        }
        for (var, pointer) in step.get("save").and_then(Value::as_object).into_iter().flatten() {
            let value = response.body.pointer(pointer.as_str().expect("pointer")).cloned();
            vars.insert(var.clone(), value.unwrap_or_else(|| panic!("{label}: nothing at {pointer}")));
        }
    }
}

#[tokio::test]
async fn shared_scenarios_pass_against_the_mock() {
    let mock = MockServer::start_default().await.expect("mock starts");
    let client = Client::new(Config::new("mock-personal-key").with_base_url(mock.base_url())).expect("client");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("scenario dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "scenarios found: {files:?}");
    for (n, file) in files.iter().enumerate() {
        let scenario: Value = serde_json::from_str(&std::fs::read_to_string(file).expect("read")).expect("json");
        run(&client, &scenario, &format!("rust{n}")).await;
    }
    println!("scenarios: {} passed", files.len());
}
