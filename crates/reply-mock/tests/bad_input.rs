//! Invalid requests are refused with problem+json and a pointer, never a 5xx.

mod common;

use serde_json::json;

fn is_problem(reply: &common::Reply) -> bool {
    reply.header("content-type") == Some("application/problem+json") && reply.json["status"] == reply.status
}

#[tokio::test]
async fn bad_input_is_refused_precisely() {
    let mock = common::start(common::config()).await;
    let auth = format!("Bearer {}", common::KEY);
    let json_header = [("authorization", auth.as_str()), ("content-type", "application/json")];

    // Malformed JSON.
    let reply = common::client()
        .post(format!("{}/v3/contacts", mock.base_url()))
        .header("authorization", &auth)
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .expect("answer");
    assert_eq!(reply.status().as_u16(), 400);
    let body: serde_json::Value = serde_json::from_str(&reply.text().await.unwrap_or_default()).unwrap_or_default();
    assert_eq!(body["title"], "Bad Request");
    assert!(body["detail"].as_str().is_some_and(|d| d.contains("not valid JSON")), "{body}");

    // Wrong type deep inside the body: the pointer names it. (ImportContacts
    // instead reports such an item as `failed`: tests/contacts_behaviour.rs.)
    let body = json!([{ "pattern": "a.io" }, { "pattern": 5 }]);
    let reply =
        common::call_with(&mock, "POST", "/v3/contact-blacklist-rules/domains/bulk", Some(body), &json_header).await;
    assert_eq!(reply.status, 400, "{}", reply.text);
    assert!(is_problem(&reply));
    assert_eq!(reply.json["errors"][0]["pointer"], "/1/pattern", "{}", reply.text);

    // Missing required member.
    let reply = common::call(&mock, "POST", "/v3/webhooks", Some(json!({ "url": "http://127.0.0.1:9/x" }))).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.json["errors"][0]["pointer"], "/eventType", "{}", reply.text);

    // A required body that is missing altogether.
    let reply = common::call_with(&mock, "POST", "/v3/contacts", None, &json_header).await;
    assert_eq!((reply.status, is_problem(&reply)), (400, true));

    // Business validation: an unknown event type carries a code.
    let reply = common::call(
        &mock,
        "POST",
        "/v3/webhooks",
        Some(json!({ "eventType": "nope", "url": "http://127.0.0.1:9/x" })),
    )
    .await;
    assert_eq!((reply.status, reply.json["code"].as_str()), (400, Some("webHook.invalidEvent")));

    // Path parameter that must be an integer.
    let reply = common::call(&mock, "GET", "/v3/contacts/abc", None).await;
    assert_eq!((reply.status, reply.json["errors"][0]["pointer"].as_str()), (400, Some("/id")));

    // Query parameters: type and enum values. (Paging out of range has its own
    // code: tests/errors.rs.)
    for (path, pointer) in [("/v3/contacts?top=abc", "/top"), ("/v3/ai-prompts?stepType=bogus", "/stepType")] {
        let reply = common::call(&mock, "GET", path, None).await;
        assert_eq!(reply.status, 400, "{path}: {}", reply.text);
        assert_eq!(reply.json["errors"][0]["pointer"], pointer, "{path}");
    }

    // Unknown path and wrong method.
    let reply = common::call(&mock, "GET", "/v3/nowhere", None).await;
    assert_eq!((reply.status, is_problem(&reply)), (404, true));
    let reply = common::call(&mock, "PATCH", "/v3/webhooks", None).await;
    assert_eq!((reply.status, is_problem(&reply)), (405, true));
    assert_eq!(reply.header("allow"), Some("GET, POST"));

    // Unknown ids.
    let reply = common::call(&mock, "GET", "/v3/sequences/999", None).await;
    assert_eq!((reply.status, reply.json["code"].as_str()), (404, Some("sequence.notFound")));

    // A body over 10 MiB.
    let big = vec![b' '; 10 * 1024 * 1024 + 1];
    let reply = common::client()
        .post(format!("{}/v3/contacts", mock.base_url()))
        .header("authorization", &auth)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .expect("answer");
    assert_eq!(reply.status().as_u16(), 413);

    // A body in a media type the operation does not take is a 415 (issue #14, item 6);
    // an empty body where one is required stays a validation failure.
    let reply = common::client()
        .post(format!("{}/v3/contacts", mock.base_url()))
        .header("authorization", &auth)
        .header("content-type", "text/plain")
        .body("email=a@x.io")
        .send()
        .await
        .expect("answer");
    assert_eq!(reply.status().as_u16(), 415);
    let reply = common::call_with(
        &mock,
        "POST",
        "/v3/contacts",
        None,
        &[("authorization", &auth), ("content-type", "text/plain")],
    )
    .await;
    assert!(reply.status == 400 && is_problem(&reply));
    // No body at all is a missing file part: the upload's documented 400, not a 415.
    let reply = common::call(&mock, "POST", "/v3/attachments", None).await;
    assert!(reply.status == 400 && is_problem(&reply), "{}", reply.text);

    mock.shutdown().await;
}

#[tokio::test]
async fn random_garbage_never_breaks_the_server() {
    // Coming-soon operations are served so that their handlers meet the garbage too (refused, they answer 501).
    let mut config = common::config();
    config.coming_soon = reply_mock::ComingSoon::Serve;
    let mock = common::start(config).await;
    let samples: serde_json::Value =
        serde_json::from_str(include_str!("../src/generated/samples.json")).expect("samples");
    let garbage = ["", "null", "[]", "{}", "\"x\"", "12", "{\"a\":", "{\"items\": null}", "\u{0}", "[{}, 1, \"x\"]"];
    let auth = format!("Bearer {}", common::KEY);
    for (i, op) in reply_core::operations::OPERATIONS.iter().enumerate() {
        let mut path = op.path.to_owned();
        for (name, value) in samples[op.id]["request"]["path"].as_object().into_iter().flatten() {
            let value = if i % 3 == 0 { "%ZZ".to_owned() } else { value.to_string().trim_matches('"').to_owned() };
            path = path.replace(&format!("{{{name}}}"), &value);
        }
        let body = garbage[i % garbage.len()];
        let method = reqwest::Method::from_bytes(op.method.as_str().as_bytes()).expect("method");
        let reply = common::client()
            .request(method, format!("{}{path}?top=-1&skip=x", mock.base_url()))
            .header("authorization", &auth)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("an answer");
        assert!(reply.status().as_u16() < 500, "{} answered {}", op.id, reply.status());
    }
    mock.shutdown().await;
}
