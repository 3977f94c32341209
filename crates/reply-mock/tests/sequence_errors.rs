//! The codes and statuses the spec names for refused sequence and webhook
//! operations, and the per-family codes of a missing sequence. Sources: the
//! spec's response examples (openapi.yaml, by operationId) and
//! ../shared/research/real-behaviour.md ([amp], [cli]).

mod common;
mod outreach;

use outreach::{contact, email_account, email_step, enrol, sequence, start};
use serde_json::json;

/// [amp]: the live API refuses a sequence without steps, "At least one step is required";
/// the spec's CreateSequence documents a 400 validation failure with pointers.
#[tokio::test]
async fn creating_a_sequence_without_steps_is_refused() {
    let mock = common::start(common::config()).await;
    for body in [json!({ "name": "Empty" }), json!({ "name": "Empty", "steps": [] })] {
        let refused = common::call(&mock, "POST", "/v3/sequences", Some(body)).await;
        assert_eq!(refused.status, 400, "{}", refused.text);
        assert_eq!(refused.json["errors"][0]["pointer"], "/steps");
        assert_eq!(refused.json["errors"][0]["detail"], "At least one step is required");
    }
}

/// Spec, StartSequence 400 examples: `sequenceAction.noContacts`, `sequenceAction.noEmailAccounts`.
#[tokio::test]
async fn starting_without_contacts_or_email_accounts_is_refused() {
    let mock = common::start(outreach::config(0.0, 0.0, 0.0)).await;
    let (lonely, _) = sequence(&mock, vec![email_step(0)], &[]).await;
    let refused = start(&mock, lonely).await;
    assert_eq!((refused.status, refused.json["code"].as_str()), (400, Some("sequenceAction.noContacts")));

    let person = contact(&mock, "p@example.org").await;
    enrol(&mock, lonely, &[person], json!({})).await;
    let refused = start(&mock, lonely).await;
    assert_eq!((refused.status, refused.json["code"].as_str()), (400, Some("sequenceAction.noEmailAccounts")));

    let account = email_account(&mock, "me@example.com").await;
    let linked = common::call(
        &mock,
        "POST",
        &format!("/v3/sequences/{lonely}/email-account-links"),
        Some(json!({ "emailAccountId": account })),
    )
    .await;
    assert_eq!(linked.status, 201, "{}", linked.text);
    let started = start(&mock, lonely).await;
    assert_eq!((started.status, started.json["status"].as_str()), (200, Some("active")), "{}", started.text);
}

/// Our choice where the spec names no code: a sequence whose steps were all deleted is refused
/// 400 `sequenceAction.noSteps`; StartSequence on an active sequence is 200 ("idempotent", spec).
/// Spec, CreateSequence 404 example: an unknown email account is `sequence.emailAccountNotFound`.
#[tokio::test]
async fn starting_a_sequence_left_without_steps_is_refused() {
    let mock = common::start(outreach::config(0.0, 0.0, 0.0)).await;
    let body = json!({ "name": "Ghost sender", "steps": [email_step(0)], "emailAccounts": [31_337] });
    let unknown = common::call(&mock, "POST", "/v3/sequences", Some(body)).await;
    assert_eq!((unknown.status, unknown.json["code"].as_str()), (404, Some("sequence.emailAccountNotFound")));

    let account = email_account(&mock, "me@example.com").await;
    let (seq, steps) = sequence(&mock, vec![email_step(0)], &[account]).await;
    enrol(&mock, seq, &[contact(&mock, "p@example.org").await], json!({})).await;
    common::call(&mock, "DELETE", &format!("/v3/sequences/{seq}/steps/{}", steps[0]), None).await;
    let refused = start(&mock, seq).await;
    assert_eq!(
        (refused.status, refused.json["code"].as_str()),
        (400, Some("sequenceAction.noSteps")),
        "{}",
        refused.text
    );

    let (running, _) = sequence(&mock, vec![email_step(0)], &[account]).await;
    enrol(&mock, running, &[contact(&mock, "q@example.org").await], json!({})).await;
    assert_eq!(start(&mock, running).await.status, 200);
    let again = start(&mock, running).await;
    assert_eq!((again.status, again.json["status"].as_str()), (200, Some("active")));
}

/// Spec 404 examples: `sequenceContact.sequenceNotFound` (GetSequenceContacts, BulkAdd…,
/// CountSequenceContacts), `sequenceAction.notFound` (StartSequence, PauseSequence…).
/// [cli]: a missing sequence, a missing contact and a contact not in the sequence all answer
/// `sequenceContact.notInSequence` on GET/DELETE of a sequence's contact.
#[tokio::test]
async fn a_missing_sequence_answers_its_operation_familys_code() {
    let mock = common::start(outreach::config(0.0, 0.0, 0.0)).await;
    let code = |reply: &common::Reply| (reply.status, reply.json["code"].as_str().unwrap_or_default().to_owned());
    let contact_family = [
        ("GET", "/v3/sequences/777/contacts", None),
        ("GET", "/v3/sequences/777/contacts/state", None),
        ("POST", "/v3/sequences/777/contact-links/bulk", Some(json!({ "contactIds": [1] }))),
        ("POST", "/v3/sequences/777/contacts/set-replied", Some(json!({ "contactIds": [1], "isReplied": true }))),
    ];
    for (method, path, body) in contact_family {
        let reply = common::call(&mock, method, path, body).await;
        assert_eq!(code(&reply), (404, "sequenceContact.sequenceNotFound".into()), "{path}: {}", reply.text);
    }
    for action in ["start", "pause", "archive", "unarchive"] {
        let reply = common::call(&mock, "POST", &format!("/v3/sequences/777/{action}"), None).await;
        assert_eq!(code(&reply), (404, "sequenceAction.notFound".into()), "{action}: {}", reply.text);
    }

    let (seq, _) = sequence(&mock, vec![email_step(0)], &[]).await;
    let outside = contact(&mock, "outside@example.org").await;
    let cases = [
        format!("/v3/sequences/777/contacts/{outside}"),
        format!("/v3/sequences/{seq}/contacts/888888"),
        format!("/v3/sequences/{seq}/contacts/{outside}"),
    ];
    for path in &cases {
        let reply = common::call(&mock, "GET", path, None).await;
        assert_eq!(code(&reply), (404, "sequenceContact.notInSequence".into()), "{path}: {}", reply.text);
        let link = path.replace("/contacts/", "/contact-links/");
        let reply = common::call(&mock, "DELETE", &link, None).await;
        assert_eq!(code(&reply), (404, "sequenceContact.notInSequence".into()), "{link}: {}", reply.text);
    }
}

/// Spec, CreateWebhook and EnableWebhook 409: `webHook.limitReached`, "Limit of active
/// webhook subscriptions reached (50)"; a disabled subscription is not active.
#[tokio::test]
async fn a_51st_active_webhook_is_refused() {
    let mock = common::start(common::config()).await;
    let hook =
        |enabled: bool| json!({ "eventType": "email_sent", "url": "https://example.com/hook", "enabled": enabled });
    for i in 0..50 {
        let created = common::call(&mock, "POST", "/v3/webhooks", Some(hook(true))).await;
        assert_eq!(created.status, 201, "subscription {i}: {}", created.text);
    }
    let refused = common::call(&mock, "POST", "/v3/webhooks", Some(hook(true))).await;
    assert_eq!(
        (refused.status, refused.json["code"].as_str()),
        (409, Some("webHook.limitReached")),
        "{}",
        refused.text
    );
    let parked = common::call(&mock, "POST", "/v3/webhooks", Some(hook(false))).await;
    assert_eq!(parked.status, 201, "a disabled subscription does not count: {}", parked.text);
    let id = parked.json["id"].as_i64().expect("an id");
    let enable = common::call(&mock, "POST", &format!("/v3/webhooks/{id}/enable"), None).await;
    assert_eq!((enable.status, enable.json["code"].as_str()), (409, Some("webHook.limitReached")));
    let disabled = common::call(&mock, "POST", "/v3/webhooks/1/disable", None).await;
    assert_eq!(disabled.status, 204);
    assert_eq!(common::call(&mock, "POST", &format!("/v3/webhooks/{id}/enable"), None).await.status, 204);
}

/// Spec, CreateWebhook 400 examples: `webHook.invalidEvent` for an unknown event,
/// `webHook.invalidUrl` for a URL that is not absolute http(s).
#[tokio::test]
async fn an_unknown_event_or_a_non_http_url_is_refused_with_its_code() {
    let mock = common::start(common::config()).await;
    let event = json!({ "eventType": "email_clicked", "url": "https://example.com/hook" });
    let refused = common::call(&mock, "POST", "/v3/webhooks", Some(event)).await;
    assert_eq!(
        (refused.status, refused.json["code"].as_str()),
        (400, Some("webHook.invalidEvent")),
        "{}",
        refused.text
    );
    let url = json!({ "eventType": "email_sent", "url": "ftp://example.com/hook" });
    let refused = common::call(&mock, "POST", "/v3/webhooks", Some(url)).await;
    assert_eq!((refused.status, refused.json["code"].as_str()), (400, Some("webHook.invalidUrl")), "{}", refused.text);
}

/// Spec, TestWebhook 502 examples: `webHook.deliveryFailed` when the target cannot be reached.
#[tokio::test]
async fn a_failed_test_delivery_is_webhook_delivery_failed() {
    let mock = common::start(common::config()).await;
    let body = json!({ "eventType": "email_sent", "url": "https://example.com/hook" });
    let created = common::call(&mock, "POST", "/v3/webhooks", Some(body)).await;
    let id = created.json["id"].as_i64().expect("an id");
    let test = common::call(&mock, "POST", &format!("/v3/webhooks/{id}/test"), None).await;
    assert_eq!((test.status, test.json["code"].as_str()), (502, Some("webHook.deliveryFailed")), "{}", test.text);
}
