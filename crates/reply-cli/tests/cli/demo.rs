//! `reply demo` end to end, every step's result checked, and its safety catch.

use std::collections::BTreeMap;
use std::time::Instant;

use serde_json::Value;

use crate::support::{json_out, reply_bin};

#[test]
fn the_demo_runs_every_step_against_the_embedded_mock() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let output = reply_bin(dir.path()).args(["demo", "--json"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(started.elapsed().as_secs() < 60, "the demo takes under a minute");
    let run = json_out(&output);
    assert_eq!(run["target"], "mock");
    let steps: BTreeMap<&str, &Value> =
        run["steps"].as_array().unwrap().iter().map(|s| (s["step"].as_str().unwrap(), &s["data"])).collect();
    let names: Vec<&str> = run["steps"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "whoami",
            "listAndFields",
            "import",
            "schedule",
            "sequence",
            "webhook",
            "enrolAndStart",
            "deliveries",
            "emailValidation",
            "report",
            "quota"
        ]
    );
    assert_eq!(steps["whoami"]["username"], "Jane Owner");
    assert_eq!(steps["listAndFields"]["customFieldIds"].as_array().unwrap().len(), 2);
    let import = steps["import"];
    assert_eq!(
        (import["rows"].as_i64(), import["added"].as_i64(), import["failed"].as_i64()),
        (Some(200), Some(200), Some(0))
    );
    assert_eq!(import["contactIds"], 200);
    assert!(steps["schedule"]["scheduleId"].is_i64());
    assert_eq!(steps["sequence"]["steps"], 3, "email, LinkedIn and task steps");
    assert_eq!(steps["webhook"]["event"], "email_sent");
    assert_eq!(steps["enrolAndStart"]["enrolled"], 200);
    assert_eq!(steps["enrolAndStart"]["status"], "active");
    let deliveries = steps["deliveries"];
    assert_eq!(deliveries["received"], 200, "one email_sent delivery per contact: {deliveries}");
    assert_eq!(deliveries["ofType"], 200);
    let job = steps["emailValidation"];
    assert_eq!(job["status"], "Done");
    assert_eq!(job["scheduled"], 200);
    assert_eq!(job["result"]["validated"], 200);
    assert!(steps["sequence"]["emailAccountId"].is_i64(), "the sequence sends from an email account");
    // The report's figures are the mock's account of what the demo did: the first email
    // step went out to every contact; each simulated recipient bounced, or got it and
    // perhaps replied; a bounce or a reply finished the contact (reply-mock README).
    let report = steps["report"];
    let figure = |name: &str| report["email"][name].as_i64().unwrap_or(-1);
    let by_status = |status: &str| report["contactsByStatus"][status].as_i64().unwrap_or(0);
    assert_eq!(figure("contacted"), 200, "{report}");
    assert_eq!(figure("delivered") + figure("bounced"), 200, "{report}");
    assert!(figure("replied") > 0 && figure("opened") > 0, "the default rates make some reply and open: {report}");
    assert_eq!(by_status("finished"), figure("replied") + figure("bounced"), "{report}");
    assert_eq!(by_status("active") + by_status("finished"), 200, "{report}");
    let quota = steps["quota"];
    let used = quota["requests"].as_i64().unwrap();
    assert!((10..100).contains(&used), "the demo stays within one minute's budget: {quota}");
    assert_eq!(quota["minuteLeft"].as_i64().unwrap(), 100 - used);
}

#[test]
fn the_text_demo_reads_as_numbered_steps() {
    let dir = tempfile::tempdir().unwrap();
    let output = reply_bin(dir.path()).arg("demo").output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("Reply demo against an embedded mock"), "{text}");
    for heading in [" 1. Who am I", " 3. Import contacts", "11. Rate-limit budget", "Done in "] {
        assert!(text.contains(heading), "missing {heading:?} in:\n{text}");
    }
    assert!(text.contains("200 added"), "{text}");
}

#[test]
fn a_real_account_needs_the_explicit_flag() {
    let dir = tempfile::tempdir().unwrap();
    let output =
        reply_bin(dir.path()).args(["demo", "--base-url", "https://api.reply.io", "--api-key", "k"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--i-understand-this-sends-email"), "{stderr}");
    assert!(output.stdout.is_empty(), "nothing ran");
}

#[test]
fn demo_console_keeps_the_mock_running_after_the_walk_through() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_reply"))
        .env_remove("REPLY_BASE_URL")
        .env("REPLY_CONFIG_DIR", dir.path())
        .args(["demo", "--console"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let line = stderr.lines().map_while(Result::ok).find(|l| l.contains("/__mock/console")).expect("the console line");
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_owned();
    // The walk-through is over and the mock still answers: its console shows what the demo did.
    let (status, page) = crate::serve_mock::http_get(&format!("{url}/view/state"));
    assert_eq!(status, 200);
    assert!(page.contains("<td>contacts</td><td>200</td>"), "{page}");
    assert!(child.try_wait().unwrap().is_none(), "still running until Ctrl-C");
    child.kill().unwrap();
    child.wait().unwrap();
}
