//! `--quota-store`: the request budget kept in Redis, shared with other
//! processes; a store that is not Redis is a usage error that never prints the
//! password its URL may carry. Uses Debian's `redis-server` (installed by `./dev`).

use std::process::Command;

use reply_harness::redis_server::RedisServer;

use crate::support::Mock;

/// The quota keys the server holds.
fn keys(redis: &RedisServer) -> String {
    let out = Command::new("redis-cli")
        .args(["-u", &redis.url(), "--raw", "KEYS", "reply-sdk:quota:v1:*"])
        .output()
        .expect("redis-cli");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_budget_is_kept_in_the_redis_the_flag_names() {
    let mock = Mock::start();
    let redis = RedisServer::start().expect("redis-server");
    let url = redis.url();
    assert_eq!(keys(&redis).trim(), "", "a fresh Redis");
    mock.reply().args(["--quota-store", &url, "--json", "whoami"]).assert().code(0);
    mock.reply().env("REPLY_QUOTA_STORE", &url).args(["--json", "custom-fields", "list"]).assert().code(0);
    let keys = keys(&redis);
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
