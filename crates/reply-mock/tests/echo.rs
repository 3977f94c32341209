//! `/v3/__mock/echo`: a path outside the spec that answers with what arrived,
//! for tests of raw requests to paths the SDK does not know.

mod common;

use serde_json::json;

#[tokio::test]
async fn echo_answers_what_arrived_without_the_key() {
    let mock = common::start(common::config()).await;
    let reply = common::call_with(
        &mock,
        "PATCH",
        "/v3/__mock/echo/widgets/9?color=blue&n=2",
        None,
        &[("authorization", &format!("Bearer {}", common::KEY)), ("x-team-id", "12")],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json["method"], "PATCH");
    assert_eq!(reply.json["path"], "/v3/__mock/echo/widgets/9");
    assert_eq!(reply.json["query"], "color=blue&n=2");
    assert_eq!(reply.json["authorized"], true);
    assert_eq!(reply.json["headers"]["x-team-id"], "12");
    assert!(!reply.text.contains(common::KEY), "the key is never echoed: {}", reply.text);

    let posted = common::call(&mock, "POST", "/v3/__mock/echo", Some(json!({"a": [1, 2]}))).await;
    assert_eq!(posted.json["body"], json!({"a": [1, 2]}));

    // Only the echo's own paths: a neighbour is an unknown path, a 404 problem.
    let other = common::call(&mock, "GET", "/v3/__mock/echoes", None).await;
    assert_eq!(other.status, 404);
    mock.shutdown().await;
}
