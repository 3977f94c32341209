//! `reply webhooks listen` and `reply webhooks trigger` as processes: events
//! printed as they happen, forwarding to a test server, the subscriptions
//! deleted after SIGINT, and a sample delivery parsed by a receiver.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Mock, SECRET_KEY, reply_bin};

/// A receiver on 127.0.0.1 answering 202 "taken"; each body it gets goes into the channel.
fn app_server(runtime: &tokio::runtime::Runtime) -> (String, mpsc::Receiver<Vec<u8>>) {
    let (tx, rx) = mpsc::channel();
    let app = axum::Router::new().route(
        "/app",
        axum::routing::post(move |body: axum::body::Bytes| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(body.to_vec());
                (axum::http::StatusCode::ACCEPTED, "taken")
            }
        }),
    );
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let url = format!("http://{}/app", listener.local_addr().unwrap());
    runtime.spawn(async move { axum::serve(listener, app).await });
    (url, rx)
}

/// Lines of a child's pipe, read on a thread.
fn lines(pipe: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn wait_for(rx: &mpsc::Receiver<String>, what: &str, pred: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) if pred(&line) => return line,
            Ok(_) => {}
            Err(_) => panic!("no line with {what} in time"),
        }
    }
}

fn interrupt(child: &mut Child) -> std::process::ExitStatus {
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("listen did not stop after SIGINT");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn spawn(mut cmd: Command) -> (Child, mpsc::Receiver<String>, mpsc::Receiver<String>) {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let out = lines(child.stdout.take().unwrap());
    let err = lines(child.stderr.take().unwrap());
    (child, out, err)
}

/// The built binary as a std process (assert_cmd waits for it; these tests talk to it while it runs).
fn reply_process() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_reply"));
    for var in ["REPLY_API_KEY", "REPLY_BASE_URL", "REPLY_PROFILE", "REPLY_TEAM_ID", "RUST_LOG"] {
        cmd.env_remove(var);
    }
    cmd
}

async fn call(base: &str, key: &str, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
    let client = reqwest::Client::builder()
        .tls_backend_preconfigured(reply_core::tls::client_config().unwrap())
        .no_proxy()
        .build()
        .unwrap();
    let mut request = client.request(method, format!("{base}{path}")).bearer_auth(key);
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// Creates a contact and runs a one-email sequence for it, so `email_sent` is delivered.
async fn run_sequence(base: &str, key: &str) {
    use reqwest::Method;
    let contact =
        call(base, key, Method::POST, "/v3/contacts", Some(json!({ "email": "ann@acme.io", "firstName": "Ann" })))
            .await;
    let connection = json!({ "email": "me@acme.io", "senderName": "Me", "smtpHost": "smtp.acme.io", "smtpPort": 587,
        "smtpPassword": "x", "smtpSsl": true, "imapHost": "imap.acme.io", "imapPort": 993, "imapPassword": "x", "imapSsl": true });
    let account = call(base, key, Method::POST, "/v3/email-accounts", Some(json!({ "connection": connection }))).await;
    let steps = json!([{ "type": "email", "delayInMinutes": 0, "executionMode": "automatic",
        "variants": [{ "subject": "Hi", "message": "Hello", "isEnabled": true }] }]);
    let body = json!({ "name": "Listen", "emailAccounts": [account["id"]], "steps": steps });
    let id = call(base, key, Method::POST, "/v3/sequences", Some(body)).await["id"].as_i64().unwrap();
    call(
        base,
        key,
        Method::POST,
        &format!("/v3/sequences/{id}/contact-links/bulk"),
        Some(json!({ "contactIds": [contact["id"]] })),
    )
    .await;
    call(base, key, Method::POST, &format!("/v3/sequences/{id}/start"), None).await;
}

#[test]
fn listen_with_the_embedded_mock_prints_deliveries_as_they_happen_and_forwards_them() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let (app_url, forwarded) = app_server(&runtime);
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = reply_process();
    cmd.env("REPLY_CONFIG_DIR", dir.path());
    cmd.args([
        "--mock",
        "webhooks",
        "listen",
        "--ndjson",
        "--events",
        "email_sent,contact_finished",
        "--forward-to",
        &app_url,
    ]);
    let (mut child, out, err) = spawn(cmd);
    let mock_line = wait_for(&err, "the embedded mock's URL", |l| l.contains("REPLY_BASE_URL="));
    wait_for(&err, "Ready", |l| l.starts_with("Ready: 2 subscription"));
    let base = mock_line.split("REPLY_BASE_URL=").nth(1).unwrap().split_whitespace().next().unwrap().to_owned();
    let key = mock_line.split("REPLY_API_KEY=").nth(1).unwrap().split_whitespace().next().unwrap().to_owned();

    runtime.block_on(run_sequence(&base, &key));
    // Printed while listen still runs: the event as it happened, with the app's answer.
    let line = wait_for(&out, "an email_sent delivery", |l| l.contains("\"email_sent\""));
    let line: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(line["delivery"]["event"]["type"], "email_sent");
    assert_eq!(line["delivery"]["contact_fields"]["email"], "ann@acme.io");
    assert_eq!(line["forwarded"], json!({ "status": 202, "body": "taken" }));
    assert_eq!(line["repeat"], false);
    assert!(child.try_wait().unwrap().is_none(), "still listening");
    let ids: Vec<Value> = std::iter::from_fn(|| forwarded.recv_timeout(Duration::from_secs(2)).ok())
        .take(2)
        .map(|body| serde_json::from_slice::<Value>(&body).unwrap()["event"]["id"].clone())
        .collect();
    assert!(ids.contains(&line["delivery"]["event"]["id"]), "the app got the delivery: {ids:?}");

    let hooks = runtime.block_on(call(&base, &key, reqwest::Method::GET, "/v3/webhooks", None));
    // The embedded mock holds one fixture subscription of its own besides listen's two.
    let ours = hooks["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["url"].as_str().unwrap_or_default().contains("?token="))
        .count();
    assert_eq!(ours, 2, "{hooks}");
    let status = interrupt(&mut child);
    assert!(status.success(), "{status:?}");
    wait_for(&err, "the clean-up report", |l| l == "Deleted 2 of 2 subscription(s).");
}

#[test]
fn after_sigint_listen_leaves_no_subscription_behind_and_prints_table_lines() {
    let mock = Mock::start();
    let mut cmd = reply_process();
    cmd.env("REPLY_BASE_URL", &mock.base_url)
        .env("REPLY_API_KEY", SECRET_KEY)
        .env("REPLY_CONFIG_DIR", mock.config_dir.path());
    cmd.args(["webhooks", "listen", "--events", "email_replied"]);
    let (mut child, out, err) = spawn(cmd);
    wait_for(&err, "Ready", |l| l.starts_with("Ready: 1 subscription"));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let hooks = runtime.block_on(call(&mock.base_url, SECRET_KEY, reqwest::Method::GET, "/v3/webhooks", None));
    let items = hooks["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1);
    assert!(items[0]["url"].as_str().unwrap().contains("?token="), "an unguessable URL: {}", items[0]["url"]);
    let id = items[0]["id"].as_i64().unwrap();
    runtime.block_on(call(&mock.base_url, SECRET_KEY, reqwest::Method::POST, &format!("/v3/webhooks/{id}/test"), None));
    let line = wait_for(&out, "a table line", |l| l.contains("email_replied"));
    assert!(line.contains("test.contact@example.com"), "{line}");

    let status = interrupt(&mut child);
    assert!(status.success(), "{status:?}");
    let hooks = runtime.block_on(call(&mock.base_url, SECRET_KEY, reqwest::Method::GET, "/v3/webhooks", None));
    assert_eq!(hooks["items"], json!([]), "the subscription was deleted");
}

#[test]
fn trigger_sends_a_fresh_sample_that_a_receiver_parses_into_its_type() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let (url, got) = app_server(&runtime);
    let dir = tempfile::tempdir().unwrap();
    let run = |event: &str| reply_bin(dir.path()).args(["webhooks", "trigger", event, "--to", &url]).output().unwrap();
    let first = run("email_bounced");
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8_lossy(&first.stdout).contains("-> 202 taken"));
    let second = run("email_bounced");
    assert!(second.status.success());
    let parse = |body: Vec<u8>| {
        let headers = reply_core::Headers(vec![("content-type".into(), "application/json".into())]);
        reply_core::webhooks::parse(&body, &headers).unwrap()
    };
    let (a, b) = (
        parse(got.recv_timeout(Duration::from_secs(5)).unwrap()),
        parse(got.recv_timeout(Duration::from_secs(5)).unwrap()),
    );
    let reply_core::webhooks::Event::EmailBounced(bounce) = &a else { panic!("{a:?}") };
    assert_eq!(bounce.bounce_type.as_ref().map(|t| t.as_str()), Some("Hard"));
    assert_ne!(a.id(), b.id(), "fresh ids");
    assert!(a.envelope().date.as_deref().is_some_and(|d| d.starts_with("20") && d != "2026-04-21T09:30:00.000Z"));
    let unknown = run("email_clicked");
    assert_eq!(unknown.status.code(), Some(2), "an unknown event is a usage error");
}
