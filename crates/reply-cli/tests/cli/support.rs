//! Shared by the integration tests: a reply-mock served in-process on
//! 127.0.0.1 (stopped when dropped) and the built `reply` binary pointed at it
//! with a private config directory.

#![allow(dead_code)] // Each test file uses its own part of this module.

use std::path::Path;

use assert_cmd::Command;
use reply_mock::{Config, KeyConfig, KeyKind, MockServer};
use serde_json::Value;
use tempfile::TempDir;

/// The key tests use: unusual enough that finding it in any output is a leak.
pub const SECRET_KEY: &str = "sk-test-SECRET-d41d8cd98f00b204e980";

pub struct Mock {
    /// Shut down on drop, on the runtime it runs on.
    server: Option<MockServer>,
    runtime: tokio::runtime::Runtime,
    pub base_url: String,
    /// A private REPLY_CONFIG_DIR, so no test reads or writes real profiles.
    pub config_dir: TempDir,
}

impl Mock {
    /// A quiet mock that accepts [`SECRET_KEY`] as the personal key of user 1.
    pub fn start() -> Mock {
        Mock::with(|_| {})
    }

    /// The same, after `change` edits the configuration (faults, limits...).
    pub fn with(change: impl FnOnce(&mut Config)) -> Mock {
        let mut config = Config::quiet();
        config.keys.push(KeyConfig::new(SECRET_KEY, KeyKind::Personal, Some(1)));
        change(&mut config);
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let server = runtime.block_on(MockServer::start(config)).expect("the mock starts");
        let base_url = server.base_url();
        Mock { server: Some(server), runtime, base_url, config_dir: tempfile::tempdir().unwrap() }
    }

    /// `reply` with this mock's URL and the test key in the environment.
    pub fn reply(&self) -> Command {
        let mut cmd = self.bare();
        cmd.env("REPLY_API_KEY", SECRET_KEY);
        cmd
    }

    /// `reply` with this mock's URL but no key (profiles come from `config_dir`).
    pub fn bare(&self) -> Command {
        let mut cmd = reply_bin(self.config_dir.path());
        cmd.env("REPLY_BASE_URL", &self.base_url);
        cmd
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            self.runtime.block_on(server.shutdown());
        }
    }
}

/// The built binary with a clean environment: no key, profile or URL from the caller's shell.
pub fn reply_bin(config_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_reply"));
    for var in ["REPLY_API_KEY", "REPLY_BASE_URL", "REPLY_PROFILE", "REPLY_TEAM_ID", "RUST_LOG"] {
        cmd.env_remove(var);
    }
    cmd.env("REPLY_CONFIG_DIR", config_dir);
    cmd
}

/// Stdout as JSON (`null` when empty).
pub fn json_out(output: &std::process::Output) -> Value {
    let text = String::from_utf8_lossy(&output.stdout);
    if text.trim().is_empty() {
        return Value::Null;
    }
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {text}"))
}

/// The `--json` error object printed on stderr.
pub fn json_err(output: &std::process::Output) -> Value {
    let text = String::from_utf8_lossy(&output.stderr);
    let line = text.lines().rev().find(|l| l.starts_with('{')).unwrap_or_else(|| panic!("no JSON error in: {text}"));
    serde_json::from_str(line).unwrap()
}

/// Creates a contact through the CLI and returns its id.
pub fn create_contact(mock: &Mock, email: &str, first_name: &str) -> i64 {
    let body = serde_json::json!({"email": email, "firstName": first_name}).to_string();
    let output = mock.reply().args(["--json", "contacts", "create", "--body", &body]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    json_out(&output)["id"].as_i64().expect("the new contact has an id")
}
