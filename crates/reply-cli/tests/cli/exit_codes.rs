//! Exit codes 0–4 and the shape of error output.

use std::collections::BTreeMap;

use reply_mock::FaultRule;

use crate::support::{Mock, create_contact, json_err};

#[test]
fn success_is_zero() {
    let mock = Mock::start();
    mock.reply().args(["--json", "whoami"]).assert().code(0);
}

#[test]
fn an_api_error_is_one_with_status_code_and_detail_on_one_line() {
    let mock = Mock::start();
    let output = mock.reply().args(["sequences", "get", "987654321"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "no data on stdout");
    let stderr = String::from_utf8(output.stderr).unwrap();
    let line = stderr.lines().next().unwrap();
    assert!(line.starts_with("error: HTTP 404 "), "{stderr}");
    let code = line.trim_start_matches("error: HTTP 404 ").split(':').next().unwrap();
    assert!(code.contains("notFound") || code.contains("not_found"), "a problem code: {line}");
}

#[test]
fn json_errors_are_objects_on_stderr() {
    let mock = Mock::start();
    let output = mock.reply().args(["--json", "sequences", "get", "987654321"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let error = json_err(&output);
    assert_eq!(error["error"]["kind"], "not_found");
    assert_eq!(error["error"]["status"], 404);
    assert!(error["error"]["code"].is_string() && error["error"]["detail"].is_string(), "{error}");
    assert_eq!(error["exitCode"], 1);
}

#[test]
fn validation_problems_carry_their_pointers() {
    let mock = Mock::start();
    let output = mock.reply().args(["--json", "contacts", "list", "--top", "100000"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let error = json_err(&output);
    assert_eq!((error["error"]["kind"].as_str(), error["error"]["status"].as_i64()), (Some("validation"), Some(400)));
}

#[test]
fn usage_errors_are_two() {
    let mock = Mock::start();
    // Unknown flag, wrong type, missing path parameter: clap refuses.
    mock.reply().args(["contacts", "list", "--nope"]).assert().code(2);
    mock.reply().args(["contacts", "list", "--top", "many"]).assert().code(2);
    mock.reply().args(["sequences", "start"]).assert().code(2);
    // A body that is not JSON, or does not fit the operation's type: refused before sending.
    mock.reply().args(["contacts", "create", "--body", "{nope"]).assert().code(2);
    let output = mock.reply().args(["contacts", "create", "--body", r#"{"email": 5}"#]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    // No credentials at all.
    let dir = tempfile::tempdir().unwrap();
    let output = crate::support::reply_bin(dir.path()).args(["whoami"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("reply auth login"));
}

#[test]
fn a_write_whose_outcome_is_unknown_is_three() {
    // The mock creates the contact, then drops the connection without answering.
    let mock = Mock::with(|config| {
        let rule = FaultRule { reset_after: 1.0, ..FaultRule::default() };
        config.faults.operations = BTreeMap::from([("CreateContact".to_owned(), rule)]);
    });
    let output = mock
        .reply()
        .args(["contacts", "create", "--body", r#"{"email": "maybe@example.com", "firstName": "May"}"#])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("outcome unknown") && stderr.contains("read the resource back"), "{stderr}");
    // It did happen, and it was not retried into a duplicate.
    let emails = crate::support::json_out(
        &mock.reply().args(["--json", "--select", ".items[].email", "contacts", "list"]).output().unwrap(),
    );
    assert_eq!(emails, serde_json::json!(["maybe@example.com"]));
}

#[test]
fn rate_limited_beyond_the_deadline_is_four() {
    // One request a minute: the second must wait ~60 s, far past a 1 s deadline.
    let mock = Mock::with(|config| {
        config.limits.per_minute = 1;
    });
    create_contact(&mock, "first@example.com", "First");
    let output = mock.reply().args(["--json", "--deadline", "1", "contacts", "list"]).output().unwrap();
    assert_eq!(output.status.code(), Some(4), "{}", String::from_utf8_lossy(&output.stderr));
    let error = json_err(&output);
    assert_eq!(error["error"]["status"], 429);
    assert!(error["error"]["retryAfterSeconds"].as_f64().unwrap() > 1.0, "{error}");
}

#[test]
fn a_job_that_is_waited_for_reports_how_it_ended() {
    let mock = Mock::with(|config| {
        config.jobs.scheduled_ms = 50;
        config.jobs.processing_ms = 100;
    });
    let id = create_contact(&mock, "valid@example.com", "Val");
    let body = format!(r#"{{"contactIds": [{id}]}}"#);
    let output =
        mock.reply().args(["--json", "email-validations", "schedule", "--body", &body, "--wait"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let job = crate::support::json_out(&output);
    assert_eq!(job["status"], "Done", "{job}");
}
