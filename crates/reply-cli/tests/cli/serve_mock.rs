//! `reply mock`: serves on a port, prints the URL and keys, keeps state across runs with `--state`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{json_out, reply_bin};

/// A `reply mock` child process, terminated when dropped.
struct Served {
    child: Child,
    base_url: String,
    banner: Vec<String>,
}

impl Served {
    fn start(args: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_reply"))
            .arg("mock")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut banner = Vec::new();
        while let Some(Ok(line)) = lines.next() {
            let done = line.starts_with("Stop with");
            banner.push(line);
            if done {
                break;
            }
        }
        let base_url = banner[0].rsplit(' ').next().unwrap().to_owned();
        Served { child, base_url, banner }
    }

    /// Asks the server to stop as a service manager would (SIGTERM) and waits for it.
    fn stop(mut self) {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let give_up = Instant::now() + Duration::from_secs(10);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < give_up, "reply mock did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serves_prints_its_keys_and_keeps_state() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let state_arg = state.to_str().unwrap();
    let served = Served::start(&["--port", "0", "--seed", "7", "--state", state_arg]);
    assert!(served.base_url.starts_with("http://127.0.0.1:"), "{:?}", served.banner);
    assert!(served.banner.iter().any(|l| l.contains("mock-personal-key")), "{:?}", served.banner);

    let reply = |url: &str| {
        let mut cmd = reply_bin(dir.path());
        cmd.env("REPLY_BASE_URL", url).env("REPLY_API_KEY", "mock-personal-key");
        cmd
    };
    let created = reply(&served.base_url)
        .args(["--json", "contacts", "create", "--body", r#"{"email": "kept@example.com", "firstName": "Kept"}"#])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    served.stop();
    assert!(state.exists(), "the state was saved on SIGTERM");

    let again = Served::start(&["--state", state_arg]);
    let emails = reply(&again.base_url).args(["--json", "--select", ".items[].email", "contacts", "list"]).output();
    assert_eq!(json_out(&emails.unwrap()), serde_json::json!(["kept@example.com"]));
}
