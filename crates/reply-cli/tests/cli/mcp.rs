//! `reply mcp` over stdio against reply-mock, speaking newline-delimited
//! JSON-RPC by hand: what the Python client tests (tests/mcp) cannot set up —
//! a mock that drops the connection after a write, and the test key in the
//! environment with every log level on.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};

use reply_mock::FaultRule;
use serde_json::{Value, json};

use crate::support::{Mock, SECRET_KEY};

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    /// Read from the start: a full stderr pipe would stall a server logging at trace level.
    stderr: std::thread::JoinHandle<String>,
    next_id: i64,
    seen: String,
}

impl Server {
    fn start(mock: &Mock, args: &[&str]) -> Server {
        // As `Mock::reply`, on std's Command for a long-lived process with piped stdin.
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_reply"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("REPLY_CONFIG_DIR", mock.config_dir.path())
            .env("REPLY_BASE_URL", &mock.base_url)
            .env("REPLY_API_KEY", SECRET_KEY)
            .arg("mcp")
            .args(args)
            .env("RUST_LOG", "trace")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut pipe = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
            text
        });
        let mut server = Server { child, stdin, stdout, stderr, next_id: 1, seen: String::new() };
        let hello = json!({"protocolVersion": "2025-06-18", "capabilities": {},
                           "clientInfo": {"name": "reply-cli-tests", "version": "0"}});
        let answer = server.request("initialize", hello);
        assert_eq!(answer["result"]["serverInfo"]["name"], "reply-mcp", "{answer}");
        server.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        server
    }

    fn send(&mut self, message: &Value) {
        writeln!(self.stdin, "{message}").unwrap();
        self.stdin.flush().unwrap();
    }

    /// Sends a request and reads lines until its answer.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let mut line = String::new();
            assert!(self.stdout.read_line(&mut line).unwrap() > 0, "the server closed stdout");
            self.seen.push_str(&line);
            let message: Value = serde_json::from_str(&line).unwrap();
            if message["id"] == id {
                return message;
            }
        }
    }

    /// A tool's answer: whether it is an error, and its JSON text.
    fn call(&mut self, name: &str, arguments: Value) -> (bool, Value) {
        let answer = self.request("tools/call", json!({"name": name, "arguments": arguments}));
        let result = &answer["result"];
        let text = result["content"][0]["text"].as_str().unwrap_or_else(|| panic!("no text: {answer}"));
        (result["isError"] == true, serde_json::from_str(text).unwrap())
    }

    /// Closes stdin and returns everything the server wrote (stdout and stderr).
    fn finish(self) -> String {
        drop(self.stdin);
        let output = self.child.wait_with_output().unwrap();
        let stderr = self.stderr.join().unwrap();
        assert!(output.status.success(), "{stderr}");
        self.seen + &String::from_utf8_lossy(&output.stdout) + &stderr
    }
}

#[test]
fn mcp_explains_a_write_whose_outcome_is_unknown_and_does_not_repeat_it() {
    // The mock creates the contact, then drops the connection without answering.
    let mock = Mock::with(|config| {
        let rule = FaultRule { reset_after: 1.0, ..FaultRule::default() };
        config.faults.operations = BTreeMap::from([("CreateContact".to_owned(), rule)]);
    });
    let mut server = Server::start(&mock, &[]);
    let (error, answer) =
        server.call("contacts_create", json!({"body": {"email": "maybe@example.com", "firstName": "May"}}));
    assert!(error, "{answer}");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains("may or may not have happened") && message.contains("contacts_list"), "{message}");
    assert_eq!(answer["error"]["outcome"], "unknown");
    // It did happen, once: the write was not retried into a duplicate.
    let (error, page) = server.call("contacts_list", json!({}));
    assert!(!error, "{page}");
    let emails: Vec<&Value> = page["items"].as_array().unwrap().iter().map(|c| &c["email"]).collect();
    assert_eq!(emails, [&json!("maybe@example.com")]);
    let everything = server.finish();
    assert!(everything.contains("tool call"), "the trace log was on");
    assert!(!everything.contains(SECRET_KEY), "the key leaked");
}

#[test]
fn mcp_read_only_refuses_writes_by_name() {
    let mock = Mock::start();
    let mut server = Server::start(&mock, &["--read-only"]);
    let tools = server.request("tools/list", json!({}));
    let names: Vec<&str> =
        tools["result"]["tools"].as_array().unwrap().iter().filter_map(|t| t["name"].as_str()).collect();
    assert!(names.contains(&"contacts_list") && !names.contains(&"contacts_create"), "{names:?}");
    let refused = server.request("tools/call", json!({"name": "contacts_create", "arguments": {"body": {}}}));
    assert!(refused["error"]["message"].as_str().unwrap().contains("contacts_create"), "{refused}");
    assert!(!server.finish().contains(SECRET_KEY));
}

#[test]
fn mcp_unknown_tags_and_remote_addresses_are_usage_errors() {
    let mock = Mock::start();
    let output = mock.reply().args(["mcp", "--tools", "contacts,nope"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no tag `nope`") && stderr.contains("Contact Lists"), "{stderr}");
    let output = mock.reply().args(["mcp", "--http", "0.0.0.0:8080"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("loopback"));
}
