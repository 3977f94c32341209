//! Regressions found by schemathesis (tests/schemathesis): answers that broke
//! the spec's response schemas, statuses the spec does not document, and
//! requests the spec forbids that the mock used to accept.

mod common;

use serde_json::{Value, json};

/// A sequence with one email step (Reply refuses a sequence without steps).
async fn sequence(mock: &reply_mock::MockServer) -> i64 {
    let step = json!({ "type": "email", "delayInMinutes": 0, "executionMode": "automatic",
                       "variants": [{ "subject": "First", "message": "first" }] });
    let body = json!({ "name": "Fidelity", "steps": [step] });
    let created = common::call(mock, "POST", "/v3/sequences", Some(body)).await;
    assert_eq!(created.status, 201, "{}", created.text);
    created.json["id"].as_i64().expect("a sequence id")
}

fn errors(reply: &common::Reply) -> Vec<(String, String)> {
    reply.json["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| (e["pointer"].as_str().unwrap_or("?").to_owned(), e["detail"].as_str().unwrap_or("?").to_owned()))
        .collect()
}

#[tokio::test]
async fn steps_have_the_shape_of_their_own_type() {
    let mock = common::start(common::config()).await;
    let seq = sequence(&mock).await;
    let steps = format!("/v3/sequences/{seq}/steps");
    let condition = json!({ "type": "condition", "delayInMinutes": 0, "waitInMinutes": 60,
                            "conditions": [{ "property": "opened", "rules": [{ "operator": "is", "value": "true" }] }] });
    let created = common::call(&mock, "POST", &steps, Some(condition)).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.json["id"].as_i64().expect("a step id");
    let got = common::call(&mock, "GET", &format!("{steps}/{id}"), None).await;
    assert_eq!((got.json["type"].as_str(), got.json["waitInMinutes"].as_i64()), (Some("condition"), Some(60)));
    assert_eq!(got.json["conditions"][0]["property"], "opened", "{}", got.text);
    assert!(got.json.get("variants").is_none() && got.json.get("executionMode").is_none(), "{}", got.text);

    // A LinkedIn step is itself a union, by `actionType`.
    let connect = json!({ "type": "linkedIn", "actionType": "connect", "delayInMinutes": 5, "executionMode": "manual",
                          "variants": [{ "message": "Hi {{firstName}}", "isEnabled": true }] });
    let created = common::call(&mock, "POST", &steps, Some(connect)).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(
        (created.json["type"].as_str(), created.json["actionType"].as_str()),
        (Some("linkedIn"), Some("connect"))
    );

    // The sequence lists both, each in its own shape.
    let all = common::call(&mock, "GET", &steps, None).await;
    let kinds: Vec<(&str, bool)> = all
        .json
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| (s["type"].as_str().unwrap_or("?"), s.get("conditions").is_some()))
        .collect();
    assert_eq!(kinds, [("email", false), ("condition", true), ("linkedIn", false)], "{}", all.text);
}

#[tokio::test]
async fn a_step_update_replaces_its_variants() {
    let mock = common::start(common::config()).await;
    let seq = sequence(&mock).await;
    let steps = format!("/v3/sequences/{seq}/steps");
    let email = json!({ "type": "email", "delayInMinutes": 0, "executionMode": "automatic",
                        "variants": [{ "subject": "A", "message": "a" }, { "subject": "B", "message": "b" }] });
    let created = common::call(&mock, "POST", &steps, Some(email)).await;
    let step = created.json["id"].as_i64().expect("a step id");
    let kept = created.json["variants"][1]["id"].as_i64().expect("a variant id");

    // "give each variant an id, or it's added as new, and omitted ones are dropped"
    // (the update schema requires `id`; one that names no variant of the step is new).
    let update = json!({ "type": "email", "delayInMinutes": 0, "executionMode": "automatic",
                         "variants": [{ "id": kept, "subject": "B2", "message": "b" }, { "id": 0, "subject": "C", "message": "c" }] });
    let updated = common::call(&mock, "PUT", &format!("{steps}/{step}"), Some(update)).await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    let subjects: Vec<&str> =
        updated.json["variants"].as_array().into_iter().flatten().filter_map(|v| v["subject"].as_str()).collect();
    assert_eq!(subjects, ["B2", "C"], "{}", updated.text);
    assert_eq!(updated.json["variants"][0]["id"].as_i64(), Some(kept));

    // A variant added on its own is enabled unless told otherwise (the spec's default).
    let added = common::call(&mock, "POST", &format!("{steps}/{step}/variants"), Some(json!({ "message": "d" }))).await;
    assert_eq!((added.status, added.json["isEnabled"].as_bool()), (201, Some(true)), "{}", added.text);
}

#[tokio::test]
async fn contact_updates_store_custom_fields_and_response_spellings() {
    let mock = common::start(common::config()).await;
    let field =
        common::call(&mock, "POST", "/v3/custom-fields", Some(json!({ "title": "tier", "fieldType": "text" }))).await;
    let field_id = field.json["id"].as_i64().expect("a custom field id");
    let contact =
        common::call(&mock, "POST", "/v3/contacts", Some(json!({ "email": "cf@example.com", "firstName": "C" }))).await;
    let path = format!("/v3/contacts/{}", contact.json["id"]);

    // Updates name fields by id or name; answers carry `{key, value}`.
    let body = json!({ "customFields": [{ "id": field_id, "value": "gold" }, { "name": "source", "value": "web" }],
                       "companySize": "OverTenThousand" });
    let updated = common::call(&mock, "PATCH", &path, Some(body)).await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert_eq!(
        updated.json["customFields"],
        json!([{ "key": "tier", "value": "gold" }, { "key": "source", "value": "web" }]),
        "{}",
        updated.text
    );
    // The request spells the enum in PascalCase, the response in camelCase.
    assert_eq!(updated.json["companySize"], "overTenThousand");

    let again =
        common::call(&mock, "PATCH", &path, Some(json!({ "customFields": [{ "name": "tier", "value": "silver" }] })))
            .await;
    assert_eq!(again.json["customFields"][0], json!({ "key": "tier", "value": "silver" }), "{}", again.text);

    let unknown =
        common::call(&mock, "PATCH", &path, Some(json!({ "customFields": [{ "id": 987654, "value": "x" }] }))).await;
    assert_eq!(
        (unknown.status, unknown.json["code"].as_str()),
        (400, Some("customField.notFound")),
        "{}",
        unknown.text
    );
}

#[tokio::test]
async fn settings_start_within_their_bounds() {
    let mock = common::start(common::config()).await;
    let settings = common::call(&mock, "GET", "/v3/settings", None).await;
    let limit = settings.json.pointer("/emails/safety/prospectEmailsPerDayLimit").and_then(Value::as_i64);
    assert!(limit.is_some_and(|l| l >= 1), "{}", settings.text);
}

#[tokio::test]
async fn webhook_tests_answer_as_documented() {
    let mock = common::start(common::config()).await;
    let hook = json!({ "eventType": "email_sent", "url": "https://example.com/hook" });
    let id = common::call(&mock, "POST", "/v3/webhooks", Some(hook)).await.json["id"].clone();
    // Unreachable (the mock only delivers to loopback): the documented 502, and a log entry without a status.
    let tested = common::call(&mock, "POST", &format!("/v3/webhooks/{id}/test"), None).await;
    assert_eq!(tested.status, 502, "{}", tested.text);
    let logs = common::call(&mock, "GET", &format!("/v3/webhooks/{id}/logs"), None).await;
    assert_eq!(logs.json["items"][0]["httpStatus"], Value::Null, "{}", logs.text);
    // A disabled subscription is a 404.
    common::call(&mock, "POST", &format!("/v3/webhooks/{id}/disable"), None).await;
    let disabled = common::call(&mock, "POST", &format!("/v3/webhooks/{id}/test"), None).await;
    assert_eq!(disabled.status, 404, "{}", disabled.text);
}

#[tokio::test]
async fn literal_paths_and_missing_items_answer_documented_statuses() {
    let mock = common::start(common::config()).await;
    // `/v3/contacts/bulk-delete` is not the contact `bulk-delete`.
    let wrong = common::call(&mock, "PATCH", "/v3/contacts/bulk-delete", None).await;
    assert_eq!((wrong.status, wrong.header("allow")), (405, Some("POST")));

    // DeleteSequence documents no 404: Reply maps a missing sequence to a 400 with its code.
    let deleted = common::call(&mock, "DELETE", "/v3/sequences/4242", None).await;
    assert_eq!((deleted.status, deleted.json["code"].as_str()), (400, Some("sequence.notFound")), "{}", deleted.text);
    // Per-item bulk operations report every item instead.
    let body = json!({ "ids": [7, 8] });
    let bulk = common::call(&mock, "POST", "/v3/sequences/4242/steps/bulk-delete", Some(body)).await;
    assert_eq!(bulk.status, 200, "{}", bulk.text);
    assert_eq!(
        (bulk.json["7"]["error"].as_str(), bulk.json["8"]["error"].as_str()),
        (Some("notFound"), Some("notFound"))
    );
}

#[tokio::test]
async fn requests_the_spec_forbids_are_refused_with_pointers() {
    let mock = common::start(common::config()).await;
    let refused = |reply: &common::Reply| (reply.status, errors(reply));

    // An enum value outside the spec's list.
    let reply =
        common::call(&mock, "POST", "/v3/custom-fields", Some(json!({ "title": "t", "fieldType": "hologram" }))).await;
    assert_eq!(reply.status, 400, "{}", reply.text);
    assert_eq!(errors(&reply)[0].0, "/fieldType");

    // A missing required member and a wrong type, all reported.
    // (ImportContacts reports such items per item instead: tests/contacts_behaviour.rs.)
    let reply = common::call(&mock, "POST", "/v3/webhooks", Some(json!({ "url": 5 }))).await;
    assert_eq!(
        refused(&reply),
        (
            400,
            vec![
                ("/eventType".to_owned(), "Field is required.".to_owned()),
                ("/url".to_owned(), "Value has an invalid type.".to_owned())
            ]
        ),
        "{}",
        reply.text
    );

    // Formats and `null` where the spec does not allow it.
    let reply =
        common::call(&mock, "POST", "/v3/contacts", Some(json!({ "email": "not-an-email", "firstName": null }))).await;
    let pointers: Vec<String> = errors(&reply).into_iter().map(|(p, _)| p).collect();
    assert_eq!((reply.status, pointers), (400, vec!["/email".to_owned(), "/firstName".to_owned()]), "{}", reply.text);

    // A nullable enum takes `null`.
    let body = json!({ "email": "n@example.com", "firstName": "N", "callStatus": null });
    assert_eq!(common::call(&mock, "POST", "/v3/contacts", Some(body)).await.status, 201);

    // A path parameter's format.
    let reply = common::call(&mock, "GET", "/v3/sequence-folders/not-a-uuid", None).await;
    assert_eq!(refused(&reply), (400, vec![("/id".to_owned(), "Value has an invalid format.".to_owned())]));

    // A multipart body without its required file part.
    let reply = common::client()
        .post(format!("{}/v3/attachments", mock.base_url()))
        .bearer_auth(common::KEY)
        .header("content-type", "multipart/form-data; boundary=b")
        .body("--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n--b--\r\n")
        .send()
        .await
        .expect("an answer");
    assert_eq!(reply.status().as_u16(), 400);
    let body: Value = serde_json::from_str(&reply.text().await.unwrap_or_default()).unwrap_or_default();
    assert_eq!(body["errors"][0]["pointer"], "/file", "{body}");
}

/// A LinkedIn step whose action has a shape of its own (`likeRecentPosts`,
/// `followProfile`) turned into a Zapier step keeps the Zapier members the
/// response requires (`name`, `action`). Found by `just schemathesis-long`.
#[tokio::test]
async fn a_step_changed_from_a_linkedin_action_to_zapier_keeps_its_members() {
    let mock = common::start(common::config()).await;
    let id = sequence(&mock).await;
    let steps = common::call(&mock, "GET", &format!("/v3/sequences/{id}/steps"), None).await;
    let step = format!("/v3/sequences/{id}/steps/{}", steps.json[0]["id"].as_i64().expect("a step id"));
    for action in ["likeRecentPosts", "followProfile"] {
        let linked_in = json!({ "type": "linkedIn", "actionType": action, "delayInMinutes": 0 });
        let reply = common::call(&mock, "PUT", &step, Some(linked_in)).await;
        assert_eq!(reply.status, 200, "{action}: {}", reply.text);
        let zapier = json!({ "type": "zapier", "name": "z", "action": "wait", "delayInMinutes": 0 });
        let reply = common::call(&mock, "PUT", &step, Some(zapier)).await;
        assert_eq!(
            (reply.json["name"].as_str(), reply.json["action"].as_str()),
            (Some("z"), Some("wait")),
            "{action}: {}",
            reply.text
        );
        let read = common::call(&mock, "GET", &step, None).await;
        assert_eq!(read.json["action"].as_str(), Some("wait"), "{action}: {}", read.text);
    }
    mock.shutdown().await;
}
