//! `--quota-store`: the request budget kept in Redis, shared with other
//! processes; a store that is not Redis is a usage error that never prints the
//! password its URL may carry. Uses Debian's `redis-server` (installed by `./dev`).

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::Mock;

/// A `redis-server` on a free loopback port, killed when dropped.
struct Redis(Child, u16);

impl Redis {
    fn start() -> Redis {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap().local_addr().unwrap().port();
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string(), "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server (Debian's package, installed by ./dev)");
        let redis = Redis(child, port);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not listen");
            std::thread::sleep(Duration::from_millis(20));
        }
        redis
    }

    fn keys(&self) -> String {
        let out = Command::new("redis-cli")
            .args(["-p", &self.1.to_string(), "--raw", "KEYS", "reply-sdk:quota:v1:*"])
            .output()
            .expect("redis-cli");
        String::from_utf8(out.stdout).unwrap()
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_budget_is_kept_in_the_redis_the_flag_names() {
    let mock = Mock::start();
    let redis = Redis::start();
    let url = format!("redis://127.0.0.1:{}", redis.1);
    assert_eq!(redis.keys().trim(), "", "a fresh Redis");
    mock.reply().args(["--quota-store", &url, "--json", "whoami"]).assert().code(0);
    mock.reply().env("REPLY_QUOTA_STORE", &url).args(["--json", "custom-fields", "list"]).assert().code(0);
    let keys = redis.keys();
    // `whoami` named the key's owner (user 1 of the mock): their sends are counted under their id.
    assert!(keys.lines().any(|k| k == "reply-sdk:quota:v1:user:1:default"), "keys: {keys}");
    assert!(keys.lines().any(|k| k == "reply-sdk:quota:v1:identities"), "keys: {keys}");
}

#[test]
fn a_store_that_is_not_redis_is_refused_without_its_password() {
    let mock = Mock::start();
    let output = mock.reply().args(["--quota-store", "http://ops:s3cret-pw@cache:80", "whoami"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("quota store"), "{stderr}");
    assert!(!stderr.contains("s3cret-pw"), "the password was printed: {stderr}");
}
