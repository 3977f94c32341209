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

/// A plain HTTP/1.1 GET with std's TCP stream: the status code and the body.
pub(crate) fn http_get(url: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(stream, "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, answer.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default())
}

#[test]
fn reply_mock_prints_the_console_address() {
    let served = Served::start(&["--port", "0"]);
    let expected = format!("{}/__mock/console", served.base_url);
    let line = served.banner.iter().find(|l| l.starts_with("Console")).expect("a console line");
    assert!(line.ends_with(&expected), "{line}");
    let (status, page) = http_get(&expected);
    assert_eq!(status, 200);
    assert!(page.contains("reply-mock console"), "{page}");

    let off = Served::start(&["--port", "0", "--no-console"]);
    assert!(!off.banner.iter().any(|l| l.starts_with("Console")), "{:?}", off.banner);
    assert_eq!(http_get(&format!("{}/__mock/console", off.base_url)).0, 404);
}
