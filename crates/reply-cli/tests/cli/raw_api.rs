//! `reply api METHOD PATH`.

use crate::support::{Mock, create_contact, json_out};

#[test]
fn paginate_merges_every_page_into_one_array() {
    let mock = Mock::start();
    let ids: Vec<i64> = (0..5).map(|i| create_contact(&mock, &format!("p{i}@example.com"), "P")).collect();
    let output = mock.reply().args(["--json", "api", "GET", "/v3/contacts", "--paginate", "--page-size", "2"]).output();
    let merged = json_out(&output.unwrap());
    let got: Vec<i64> = merged.as_array().expect("one array").iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(got, ids);
    // Without --paginate it is the one page as answered, with the query from the path.
    let page = json_out(&mock.reply().args(["--json", "api", "get", "contacts?top=2&skip=1"]).output().unwrap());
    assert_eq!(page["items"][0]["id"], ids[1]);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
}

#[test]
fn writes_take_a_body_from_stdin() {
    let mock = Mock::start();
    let output = mock
        .reply()
        .args(["--json", "api", "POST", "/v3/contacts", "--body", "-"])
        .write_stdin(r#"{"email": "raw@example.com", "firstName": "Raw"}"#)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let id = json_out(&output)["id"].as_i64().unwrap();
    let back = json_out(&mock.reply().args(["--json", "api", "GET", &format!("/v3/contacts/{id}")]).output().unwrap());
    assert_eq!(back["email"], "raw@example.com");
}

#[test]
fn paths_outside_the_api_are_usage_errors() {
    let mock = Mock::start();
    for path in ["https://evil.example/v3/contacts", "/v3/contacts/../users", "contacts?x=1#frag"] {
        let refused = mock.reply().args(["api", "GET", path]).output().unwrap();
        assert_eq!(refused.status.code(), Some(2), "{path}");
    }
    mock.reply().args(["api", "GET", "/v3/whoami", "--paginate"]).assert().code(2);
    mock.reply().args(["api", "GET", "/v3/not-in-the-spec", "--paginate"]).assert().code(2);
}

#[test]
fn a_path_the_sdk_does_not_know_is_sent_as_is() {
    let mock = Mock::start();
    let output = mock
        .reply()
        .args(["--json", "api", "PUT", "/v3/__mock/echo/new-thing?x=1", "--body", "-"])
        .write_stdin(r#"{"any": "shape"}"#)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let echoed = json_out(&output);
    assert_eq!((echoed["method"].as_str(), echoed["path"].as_str()), (Some("PUT"), Some("/v3/__mock/echo/new-thing")));
    assert_eq!((echoed["query"].as_str(), echoed["authorized"].as_bool()), (Some("x=1"), Some(true)));
    assert_eq!(echoed["body"]["any"], "shape");
    // The server's answer decides: an unknown path is the mock's 404, a wrong method its 405.
    let unknown = mock.reply().args(["api", "GET", "/v3/nothing-here"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("404"));
    let wrong_method = mock.reply().args(["api", "PATCH", "/v3/webhooks"]).output().unwrap();
    assert_eq!(wrong_method.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong_method.stderr).contains("405"));
}
