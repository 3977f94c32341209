//! Problem bodies decode into each error variant, and headers go out right.

mod support;

use reply_client::{ActingUser, Error};
use support::{Answer, Script, client, json, problem};

async fn error_for(answer: Answer) -> Error {
    let script = Script::new(vec![answer]);
    client(&script).sequences().get(5).retry(reply_client::RetryPolicy::none()).await.unwrap_err()
}

#[tokio::test]
async fn each_status_maps_to_its_variant() {
    let e = error_for(Answer::Status(401, vec![("www-authenticate", "Bearer".into())], String::new())).await;
    assert_eq!((e.kind(), e.status()), ("unauthorized", Some(401)));
    assert_eq!(e.api().unwrap().www_authenticate.as_deref(), Some("Bearer"));

    let e = error_for(problem(
        401,
        r#"{"title":"Unauthorized","status":401,"detail":"Authentication credentials are missing or invalid."}"#,
    ))
    .await;
    assert_eq!(e.detail(), Some("Authentication credentials are missing or invalid."));

    let e =
        error_for(problem(403, r#"{"status":403,"code":"insufficient_scope","detail":"needs sequences:read"}"#)).await;
    assert_eq!((e.kind(), e.code()), ("forbidden", Some("insufficient_scope")));

    let e = error_for(problem(403, r#"{"status":403,"code":"TEAM_REQUIRED","teams":[{"teamId":100,"teamName":"Sales"},{"teamId":200,"teamName":"Ops"}]}"#)).await;
    assert_eq!(e.api().unwrap().teams().len(), 2);

    let e = error_for(problem(
        404,
        r#"{"title":"Not Found","status":404,"code":"sequence.notFound","detail":"Sequence 5 was not found"}"#,
    ))
    .await;
    assert_eq!((e.kind(), e.code()), ("not_found", Some("sequence.notFound")));

    let e = error_for(problem(409, r#"{"status":409,"code":"sequence.duplicateName"}"#)).await;
    assert_eq!(e.kind(), "conflict");

    let e = error_for(problem(
        400,
        r#"{"title":"Validation failed","status":400,"errors":[{"pointer":"/name","detail":"is required"}]}"#,
    ))
    .await;
    assert_eq!(e.kind(), "validation");
    assert_eq!(e.field_errors()[0].pointer, "/name");

    let e = error_for(Answer::Status(429, vec![("retry-after", "17".into())], String::new())).await;
    assert_eq!((e.kind(), e.retry_after()), ("rate_limited", Some(std::time::Duration::from_secs(17))));

    let e = error_for(Answer::Status(
        502,
        vec![("content-type", "text/html".into())],
        "<html><body>Bad gateway</body></html>".into(),
    ))
    .await;
    assert_eq!((e.kind(), e.status()), ("server", Some(502)));

    let e = error_for(problem(418, r#"{"status":418}"#)).await;
    assert_eq!(e.kind(), "api");
}

#[tokio::test]
async fn a_success_body_of_the_wrong_shape_is_a_decode_error() {
    let e = error_for(json(200, r#"{"id": "not a number"}"#)).await;
    match e {
        Error::Decode { operation, source } => {
            assert_eq!(operation, "GetSequenceById");
            assert_eq!(source.path, "id");
        }
        other => panic!("{other:?}"),
    }
    let e = error_for(Answer::Status(
        200,
        vec![("content-type", "text/html".into())],
        "<!doctype html><p>proxy</p>".into(),
    ))
    .await;
    assert!(e.to_string().contains("HTML page"), "{e}");
    let e =
        error_for(Answer::Status(200, vec![("content-type", "application/json".into())], "\u{0}\u{ff}".into())).await;
    assert_eq!(e.kind(), "decode");
}

#[tokio::test]
async fn a_2xx_answer_to_a_write_that_does_not_decode_is_applied_unreadable_and_not_retried() {
    let unreadable = r#"{"id": "not a number", "email": "a@example.com"}"#;
    let script = Script::new(vec![json(201, unreadable), json(201, r#"{"id": 7}"#)]);
    let body =
        reply_client::models::ContactCreationRequest { email: Some("a@example.com".into()), ..Default::default() };
    let e = client(&script).contacts().create(body).await.unwrap_err();
    match &e {
        Error::AppliedUnreadable { operation, body, source } => {
            assert_eq!((*operation, source.status, source.path.as_str()), ("CreateContact", 201, "id"));
            assert_eq!(body.as_ref(), unreadable.as_bytes());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!((e.kind(), e.status()), ("applied_unreadable", Some(201)));
    assert_eq!(script.count(), 1, "the applied write was not sent again");

    // The dynamic path (the bindings' and the CLI's) says the same.
    let script = Script::new(vec![json(201, unreadable)]);
    let info = reply_client::operation("CreateContact").unwrap();
    let json_body = reply_client::DynamicBody::Json(serde_json::json!({"email": "a@example.com"}));
    let options = reply_client::RequestOptions::default();
    let e = client(&script).call_dynamic(info, &Default::default(), &json_body, &options).await.unwrap_err();
    assert!(matches!(&e, Error::AppliedUnreadable { body, .. } if body.as_ref() == unreadable.as_bytes()), "{e:?}");
}

#[tokio::test]
async fn identity_headers_from_the_client_and_per_request() {
    let script = Script::new(vec![json(204, ""), json(204, "")]);
    let config = reply_client::Config::new(support::KEY)
        .with_team_id(Some(9))
        .with_acting_user(Some(ActingUser::Email("owner@acme.io".into())));
    let c = reply_client::Client::with_transport(config, std::sync::Arc::new(script.clone())).unwrap();
    c.webhooks().test(1).await.unwrap();
    c.webhooks().test(1).acting_user(ActingUser::Id(42)).team_id(3).header("X-Trace", "t1").await.unwrap();
    let seen = script.seen();
    assert_eq!(seen[0].headers.get("authorization"), Some(format!("Bearer {}", support::KEY).as_str()));
    assert_eq!(seen[0].headers.get("x-team-id"), Some("9"));
    assert_eq!(seen[0].headers.get("x-user-email"), Some("owner@acme.io"));
    assert_eq!(seen[1].headers.get("x-user-id"), Some("42"));
    assert_eq!(seen[1].headers.get("x-team-id"), Some("3"));
    assert_eq!(seen[1].headers.get("x-trace"), Some("t1"));
    assert!(seen[0].headers.get("user-agent").unwrap().starts_with("reply-sdk-rust/"));
}
