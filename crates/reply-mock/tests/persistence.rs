//! State survives a restart through the state file; the admin reset forgets it.

mod common;

use serde_json::json;

#[tokio::test]
async fn state_survives_a_restart() {
    let path = std::env::temp_dir().join(format!("reply-mock-state-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let mut config = common::config();
    config.state_file = Some(path.clone());

    let mock = common::start(config.clone()).await;
    let created = common::call(&mock, "POST", "/v3/contacts", Some(json!({ "email": "kept@x.io" }))).await;
    let id = created.json["id"].as_i64().expect("an id");
    mock.shutdown().await;
    assert!(path.exists());

    let mock = common::start(config).await;
    let again = common::call(&mock, "GET", &format!("/v3/contacts/{id}"), None).await;
    assert_eq!(again.json["email"], "kept@x.io");
    let next = common::call(&mock, "POST", "/v3/contacts", Some(json!({ "email": "new@x.io" }))).await;
    assert_eq!(next.json["id"], id + 1, "ids keep growing after a reload");

    let reset = common::client().post(format!("{}/__mock/reset", mock.base_url())).send().await.expect("answer");
    assert_eq!(reset.status().as_u16(), 204);
    assert_eq!(common::call(&mock, "GET", &format!("/v3/contacts/{id}"), None).await.status, 404);
    mock.shutdown().await;
    let _ = std::fs::remove_file(&path);
}
