//! Table, JSON, NDJSON and CSV output; `--all` walking; bodies from files and stdin.

use serde_json::Value;

use crate::support::{Mock, create_contact, json_out};

fn three_contacts(mock: &Mock) -> Vec<i64> {
    vec![
        create_contact(mock, "ada@example.com", "Ada"),
        create_contact(mock, "grace@example.com", "Grace"),
        create_contact(mock, "alan@example.com", "Alan"),
    ]
}

fn stdout(output: &std::process::Output) -> String {
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn json_is_the_page_as_answered_and_compact_when_piped() {
    let mock = Mock::start();
    let ids = three_contacts(&mock);
    let output = mock.reply().args(["--json", "contacts", "list", "--top", "2"]).output().unwrap();
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "compact JSON is one line when piped: {text}");
    let page = json_out(&output);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["hasMore"], true);
    assert_eq!(page["items"][0]["id"], ids[0]);
}

#[test]
fn json_is_the_default_when_stdout_is_not_a_terminal() {
    let mock = Mock::start();
    three_contacts(&mock);
    let page = json_out(&mock.reply().args(["contacts", "list"]).output().unwrap());
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
}

#[test]
fn ndjson_prints_one_item_per_line() {
    let mock = Mock::start();
    let ids = three_contacts(&mock);
    let text = stdout(&mock.reply().args(["--ndjson", "contacts", "list"]).output().unwrap());
    let items: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let got: Vec<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(got, ids);
}

#[test]
fn csv_has_a_header_and_a_row_per_item() {
    let mock = Mock::start();
    three_contacts(&mock);
    let text = stdout(&mock.reply().args(["--csv", "contacts", "list"]).output().unwrap());
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let email = headers.iter().position(|h| h == "email").expect("an email column");
    let emails: Vec<String> = reader.records().map(|r| r.unwrap()[email].to_owned()).collect();
    assert_eq!(emails, ["ada@example.com", "grace@example.com", "alan@example.com"]);
}

#[test]
fn table_shows_id_first_and_notes_more_pages_on_stderr() {
    let mock = Mock::start();
    let ids = three_contacts(&mock);
    let output = mock.reply().args(["-o", "table", "contacts", "list", "--top", "2"]).output().unwrap();
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("id "), "header: {}", lines[0]);
    assert!(lines[0].contains("email"));
    assert_eq!(lines.len(), 3, "a header and two rows: {text}");
    assert!(lines[1].starts_with(&ids[0].to_string()) && lines[1].contains("ada@example.com"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--all"), "a hint about more pages: {stderr}");
}

#[test]
fn a_single_object_prints_as_fields_in_a_table() {
    let mock = Mock::start();
    let id = create_contact(&mock, "ada@example.com", "Ada");
    let text = stdout(&mock.reply().args(["-o", "table", "contacts", "get", &id.to_string()]).output().unwrap());
    assert!(text.lines().any(|l| l.starts_with("email") && l.ends_with("ada@example.com")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("firstName") && l.ends_with("Ada")), "{text}");
}

#[test]
fn all_walks_every_page_with_the_page_size() {
    let mock = Mock::start();
    let ids = three_contacts(&mock);
    let output = mock.reply().args(["--json", "contacts", "list", "--all", "--page-size", "2"]).output().unwrap();
    let items = json_out(&output);
    let got: Vec<i64> = items.as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(got, ids);
    // Streamed as NDJSON too.
    let text =
        stdout(&mock.reply().args(["--ndjson", "contacts", "list", "--all", "--page-size", "1"]).output().unwrap());
    assert_eq!(text.lines().count(), 3);
}

#[test]
fn select_picks_fields() {
    let mock = Mock::start();
    three_contacts(&mock);
    let output = mock.reply().args(["--json", "--select", ".items[].email", "contacts", "list"]).output().unwrap();
    assert_eq!(json_out(&output), serde_json::json!(["ada@example.com", "grace@example.com", "alan@example.com"]));
}

#[test]
fn bodies_come_from_files_and_stdin() {
    let mock = Mock::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("contact.json");
    std::fs::write(&file, r#"{"email": "file@example.com", "firstName": "File"}"#).unwrap();
    let at = format!("@{}", file.display());
    let from_file = json_out(&mock.reply().args(["--json", "contacts", "create", "--body", &at]).output().unwrap());
    assert_eq!(from_file["email"], "file@example.com");

    let from_stdin = mock
        .reply()
        .args(["--json", "contacts", "create", "--body", "-"])
        .write_stdin(r#"{"email": "stdin@example.com", "firstName": "Stdin"}"#)
        .output()
        .unwrap();
    assert_eq!(json_out(&from_stdin)["firstName"], "Stdin");

    let listed =
        json_out(&mock.reply().args(["--json", "--select", ".items[].email", "contacts", "list"]).output().unwrap());
    assert_eq!(listed, serde_json::json!(["file@example.com", "stdin@example.com"]));
}

#[test]
fn path_parameters_are_positional() {
    let mock = Mock::start();
    let c1 = create_contact(&mock, "lin@example.com", "Lin");
    // Reply starts a sequence only with an email account to send from.
    let account = json_out(
        &mock
            .reply()
            .args(["--json", "email-accounts", "create", "--body"])
            .arg(r#"{"connection": {"email": "me@example.com", "senderName": "Me", "smtpHost": "smtp.example.com", "smtpPort": 587, "smtpPassword": "x", "imapHost": "imap.example.com", "imapPort": 993, "imapPassword": "x"}}"#)
            .output()
            .unwrap(),
    );
    let body = format!(
        r#"{{"name": "Q3", "emailAccounts": [{}], "steps": [{{"type": "email", "delayInMinutes": 0, "executionMode": "automatic", "variants": [{{"subject": "Hi", "message": "Hello"}}]}}]}}"#,
        account["id"]
    );
    let sequence = json_out(&mock.reply().args(["--json", "sequences", "create", "--body", &body]).output().unwrap());
    let seq = sequence["id"].as_i64().unwrap().to_string();
    let body = format!(r#"{{"contactIds": [{c1}]}}"#);
    let added = mock.reply().args(["--json", "sequence-contacts", "bulk-add", &seq, "--body", &body]).output();
    assert!(added.unwrap().status.success());
    let one = mock.reply().args(["--json", "sequence-contacts", "get", &seq, &c1.to_string()]).output().unwrap();
    assert_eq!(json_out(&one)["contactId"], c1);
    let started = json_out(&mock.reply().args(["--json", "sequences", "start", &seq]).output().unwrap());
    assert_eq!(started["status"], "active");
}

#[test]
fn mock_flag_needs_no_key_and_has_fixtures() {
    let dir = tempfile::tempdir().unwrap();
    let output = crate::support::reply_bin(dir.path()).args(["--mock", "--json", "whoami"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(json_out(&output)["userId"].is_i64());
    let fixture =
        crate::support::reply_bin(dir.path()).args(["--mock", "--json", "contacts", "get", "1"]).output().unwrap();
    assert_eq!(json_out(&fixture)["id"], 1);
}

#[test]
fn help_comes_from_the_operation_table() {
    let dir = tempfile::tempdir().unwrap();
    let info = reply_client::operation("StartSequence").unwrap();
    let output = crate::support::reply_bin(dir.path()).args(["sequences", "start", "--help"]).output().unwrap();
    let text = stdout(&output);
    for expected in [info.summary, "POST /v3/sequences/{id}/start", info.scope.unwrap(), info.docs_url, "<ID>"] {
        assert!(text.contains(expected), "help lacks {expected:?}:\n{text}");
    }
    let top = stdout(&crate::support::reply_bin(dir.path()).arg("--help").output().unwrap());
    assert!(top.contains("Exit codes:") && top.contains("3  outcome unknown"), "{top}");
    assert!(top.contains("sequence-contacts"), "resources are listed: {top}");
}
