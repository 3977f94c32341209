//! `auth login|status|logout`, profiles, and which credentials win.

use crate::support::{Mock, SECRET_KEY, json_out};

fn login(mock: &Mock, profile: Option<&str>) -> std::process::Output {
    let mut cmd = mock.bare();
    cmd.env_remove("REPLY_BASE_URL").args(["auth", "login", "--with-token", "--base-url", &mock.base_url]);
    if let Some(name) = profile {
        cmd.args(["--profile", name]);
    }
    cmd.write_stdin(format!("{SECRET_KEY}\n")).output().unwrap()
}

#[test]
fn login_saves_a_private_profile_that_later_commands_use() {
    let mock = Mock::start();
    let output = login(&mock, None);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let path = mock.config_dir.path().join("profiles.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(saved["profiles"]["default"]["baseUrl"], mock.base_url.as_str());

    // No key and no URL in the environment: both come from the profile.
    let me = mock.bare().env_remove("REPLY_BASE_URL").args(["--json", "whoami"]).output().unwrap();
    assert!(me.status.success(), "{}", String::from_utf8_lossy(&me.stderr));
    assert_eq!(json_out(&me)["userId"], 1);

    let status = mock.bare().env_remove("REPLY_BASE_URL").args(["--json", "auth", "status"]).output().unwrap();
    let status = json_out(&status);
    assert_eq!(status["profile"], "default");
    assert_eq!(status["key"], format!("****{}", &SECRET_KEY[SECRET_KEY.len() - 4..]));
    assert_eq!(status["whoami"]["userId"], 1);
}

#[test]
fn named_profiles_are_chosen_by_flag_or_environment() {
    let mock = Mock::start();
    assert!(login(&mock, Some("work")).status.success());
    let by_flag = mock.bare().env_remove("REPLY_BASE_URL").args(["--json", "--profile", "work", "whoami"]).output();
    assert!(by_flag.unwrap().status.success());
    let mut by_env = mock.bare();
    by_env.env_remove("REPLY_BASE_URL").env("REPLY_PROFILE", "work").args(["--json", "whoami"]);
    assert!(by_env.output().unwrap().status.success());
    // The default profile was never saved.
    mock.bare().args(["whoami"]).assert().code(2);
    let missing = mock.bare().args(["--profile", "nope", "whoami"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no profile `nope`"));

    let logout = mock.bare().args(["--profile", "work", "auth", "logout"]).output().unwrap();
    assert!(logout.status.success());
    mock.bare().args(["--profile", "work", "whoami"]).assert().code(2);
}

#[test]
fn flag_beats_environment_beats_profile() {
    let mock = Mock::start();
    assert!(login(&mock, None).status.success());
    // A wrong key in the environment wins over the good profile...
    let env_wins = mock.bare().env("REPLY_API_KEY", "wrong-key-from-env").args(["whoami"]).output().unwrap();
    assert_eq!(env_wins.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&env_wins.stderr).contains("HTTP 401"));
    // ...and the flag wins over both.
    let mut flag_wins = mock.bare();
    flag_wins.env("REPLY_API_KEY", "wrong-key-from-env").args(["--api-key", SECRET_KEY, "whoami"]);
    assert!(flag_wins.output().unwrap().status.success());
    let status = mock.reply().args(["--json", "auth", "status"]).output().unwrap();
    assert_eq!(json_out(&status)["source"], "$REPLY_API_KEY");
}

#[test]
fn a_rejected_key_is_not_saved() {
    let mock = Mock::start();
    let output =
        mock.bare().args(["auth", "login", "--with-token"]).write_stdin("not-a-valid-key-at-all").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!mock.config_dir.path().join("profiles.json").exists());
    // An empty stdin is a usage error.
    mock.bare().args(["auth", "login", "--with-token"]).write_stdin("").assert().code(2);
}

#[test]
fn acting_user_and_team_headers_reach_the_server() {
    // The master key acts as the owner, or as the user named with --as-user.
    let mock = Mock::start();
    let me = |args: &[&str]| {
        let output = mock.bare().env("REPLY_API_KEY", "mock-master-key").args(args).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        json_out(&output)
    };
    assert_eq!(me(&["--json", "whoami"])["userId"], 1);
    let sam = me(&["--json", "--as-user", "sam@mock.reply.io", "--team-id", "2", "whoami"]);
    assert_eq!((sam["userId"].as_i64(), sam["teamId"].as_i64()), (Some(2), Some(2)));
    assert_eq!(me(&["--json", "--as-user", "2", "--team-id", "1", "whoami"])["userId"], 2);
}
