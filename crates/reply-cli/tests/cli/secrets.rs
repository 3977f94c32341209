//! The API key never shows up in any output, even with every log switched on.

use std::process::Output;

use crate::support::{Mock, SECRET_KEY};

fn assert_no_key(output: &Output, key: &str, what: &str) {
    for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(key), "{what}: the key leaked on {stream}:\n{text}");
    }
}

#[test]
fn no_output_or_log_carries_the_key() {
    let mock = Mock::start();
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("whoami -vvv", vec!["-vvv", "whoami"]),
        ("list --all", vec!["-vv", "contacts", "list", "--all", "--page-size", "1"]),
        ("create", vec!["-vvv", "contacts", "create", "--body", r#"{"email": "s@example.com", "firstName": "S"}"#]),
        ("404", vec!["-vvv", "contacts", "get", "987654321"]),
        ("404 as JSON", vec!["-vvv", "--json", "contacts", "get", "987654321"]),
        ("auth status", vec!["-vvv", "auth", "status"]),
        ("auth status as JSON", vec!["--json", "auth", "status"]),
        ("raw", vec!["-vvv", "api", "GET", "/v3/whoami"]),
    ];
    for (what, args) in runs {
        let output = mock.reply().env("RUST_LOG", "trace").args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        // The logs did run (so the check is meaningful)...
        assert!(
            stderr.contains("reply.request") || stderr.contains("TRACE") || stderr.contains("DEBUG"),
            "{what}: no logs? {stderr}"
        );
        // ...and never showed the key.
        assert_no_key(&output, SECRET_KEY, what);
    }
}

#[test]
fn a_rejected_key_is_not_echoed_back() {
    let mock = Mock::start();
    let wrong = "sk-wrong-SECRET-ffffeeeeddddcccc";
    for args in [vec!["-vvv", "whoami"], vec!["--json", "whoami"], vec!["--json", "auth", "status"]] {
        let output = mock.bare().env("REPLY_API_KEY", wrong).env("RUST_LOG", "trace").args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_no_key(&output, wrong, &format!("{args:?}"));
    }
    // A key given as a flag, and one refused before sending (it has a space), stay hidden too.
    let flag = mock.bare().args(["--api-key", wrong, "-vvv", "whoami"]).env("RUST_LOG", "trace").output().unwrap();
    assert_no_key(&flag, wrong, "--api-key");
    let spaced = "sk-spaced SECRET-0123456789";
    let refused = mock.bare().args(["--api-key", spaced, "whoami"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert_no_key(&refused, spaced, "refused key");
}
