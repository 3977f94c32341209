//! Answers derived from the mock's state (issue #14, item 7): a rendered
//! template, the default sending account, the team's users.

mod common;

use serde_json::{Value, json};

async fn created(mock: &reply_mock::MockServer, path: &str, body: Value) -> i64 {
    let reply = common::call(mock, "POST", path, Some(body)).await;
    assert_eq!(reply.status, 201, "{path}: {}", reply.text);
    reply.json["id"].as_i64().expect("an id")
}

fn account(email: &str) -> Value {
    json!({ "connection": {
        "email": email, "senderName": "S", "smtpHost": "smtp.x.io", "smtpPort": 587, "smtpPassword": "p",
        "smtpSsl": true, "imapHost": "imap.x.io", "imapPort": 993, "imapPassword": "p", "imapSsl": true,
    } })
}

/// The spec's RenderEmailTemplate renders "an email template with variable
/// substitution" for `contactId`; variables are written `{{firstName}}`
/// (GetEmailTemplateVariables: key "{{firstName}}"); an unresolved one is a
/// `RenderError` with code 13 and its `variable`; a missing contact is the
/// documented 404 `emailTemplate.contactNotFound`.
#[tokio::test]
async fn render_email_template_fills_the_contacts_variables() {
    let mock = common::start(common::config()).await;
    let template = json!({ "name": "Intro", "folderType": "personal", "subject": "Hi {{firstName}}", "body": "<p>{{firstName}} at {{companyName}}, {{lastName}}</p>" });
    let template = created(&mock, "/v3/email-templates", template).await;
    let contact =
        created(&mock, "/v3/contacts", json!({ "email": "ann@acme.io", "firstName": "Ann", "company": "Acme" })).await;
    let path = format!("/v3/email-templates/{template}/render");
    let reply = common::call(&mock, "POST", &path, Some(json!({ "contactId": contact }))).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json["subject"], "Hi Ann");
    assert_eq!(reply.json["body"], "<p>Ann at Acme, {{lastName}}</p>");
    assert_eq!(reply.json["isSuccess"], false);
    assert_eq!(
        (reply.json["errors"][0]["code"].as_i64(), reply.json["errors"][0]["variable"].as_str()),
        (Some(13), Some("lastName"))
    );

    let patched =
        common::call(&mock, "PATCH", &format!("/v3/contacts/{contact}"), Some(json!({ "lastName": "Lee" }))).await;
    assert_eq!(patched.status, 200);
    let reply = common::call(&mock, "POST", &path, Some(json!({ "contactId": contact }))).await;
    assert_eq!(
        (reply.json["body"].as_str(), reply.json["isSuccess"].as_bool()),
        (Some("<p>Ann at Acme, Lee</p>"), Some(true))
    );
    assert_eq!(reply.json["errors"], json!([]));

    let missing = common::call(&mock, "POST", &path, Some(json!({ "contactId": 999 }))).await;
    assert_eq!((missing.status, missing.json["code"].as_str()), (404, Some("emailTemplate.contactNotFound")));
    mock.shutdown().await;
}

/// The email account of the contact's latest inbox thread (a direct email opens one).
async fn used(mock: &reply_mock::MockServer, contact: i64) -> Option<i64> {
    let threads = common::call(mock, "GET", &format!("/v3/contacts/{contact}/inbox-threads"), None).await;
    let last = threads.json["items"].as_array().and_then(|t| t.last()).and_then(|t| t["id"].as_i64())?;
    let thread = common::call(mock, "GET", &format!("/v3/inbox/threads/{last}"), None).await;
    thread.json["emailAccountId"].as_i64()
}

/// The spec's SendDirectEmail: `emailAccountId` — "If not provided, uses the
/// default account"; SetDefaultEmailAccount chooses it. Without one flagged
/// the oldest account is used (our choice); without any account, the spec's
/// 400 `contact.emailAccountNotFound`.
#[tokio::test]
async fn send_direct_email_without_an_account_uses_the_default() {
    let mock = common::start(common::config()).await;
    let contact = created(&mock, "/v3/contacts", json!({ "email": "ann@acme.io", "firstName": "Ann" })).await;
    let send = format!("/v3/contacts/{contact}/send-direct-email");
    let mail = json!({ "subject": "Hello", "body": "<p>Hi</p>" });
    let none = common::call(&mock, "POST", &send, Some(mail.clone())).await;
    assert_eq!((none.status, none.json["code"].as_str()), (400, Some("contact.emailAccountNotFound")), "{}", none.text);

    let first = created(&mock, "/v3/email-accounts", account("first@x.io")).await;
    let second = created(&mock, "/v3/email-accounts", account("second@x.io")).await;
    assert_eq!(common::call(&mock, "POST", &send, Some(mail.clone())).await.status, 200);
    assert_eq!(used(&mock, contact).await, Some(first), "no default flagged: the oldest account");

    let set = common::call(&mock, "POST", &format!("/v3/email-accounts/{second}/set-default"), None).await;
    assert_eq!(set.status, 204, "{}", set.text);
    assert_eq!(common::call(&mock, "POST", &send, Some(mail.clone())).await.status, 200);
    assert_eq!(used(&mock, contact).await, Some(second), "the default account");
    let flags = common::call(&mock, "GET", &format!("/v3/email-accounts/{first}"), None).await;
    assert_eq!(flags.json["isDefault"], false, "one default per owner");

    let named = json!({ "subject": "Hello", "body": "<p>Hi</p>", "emailAccountId": first });
    assert_eq!(common::call(&mock, "POST", &send, Some(named)).await.status, 200);
    assert_eq!(used(&mock, contact).await, Some(first), "a named account wins");
    let unknown = json!({ "subject": "Hello", "body": "<p>Hi</p>", "emailAccountId": 999 });
    let reply = common::call(&mock, "POST", &send, Some(unknown)).await;
    assert_eq!((reply.status, reply.json["code"].as_str()), (400, Some("contact.emailAccountNotFound")));
    mock.shutdown().await;
}

/// The spec's WhoamiTeamUsers: "No scope required — any valid API key can call
/// this endpoint." A personal key lists the users of its own teams (our reading
/// of "the users you work with"); an organization key every team's.
#[tokio::test]
async fn whoami_team_users_answers_any_valid_key() {
    let mock = common::start(common::config()).await;
    for key in ["mock-personal-key", "mock-master-key"] {
        let auth = format!("Bearer {key}");
        let reply = common::call_with(&mock, "GET", "/v3/whoami/team-users", None, &[("authorization", &auth)]).await;
        assert_eq!(reply.status, 200, "{key}: {}", reply.text);
        let teams: Vec<i64> =
            reply.json.as_array().into_iter().flatten().filter_map(|p| p["teamId"].as_i64()).collect();
        assert!(!teams.is_empty() && teams.iter().all(|t| *t == 1), "{key}: {}", reply.text);
    }
    let org = [("authorization", "Bearer mock-org-key"), ("x-user-id", "1")];
    let reply = common::call_with(&mock, "GET", "/v3/whoami/team-users", None, &org).await;
    let teams: Vec<i64> = reply.json.as_array().into_iter().flatten().filter_map(|p| p["teamId"].as_i64()).collect();
    assert!(teams.contains(&2), "an organization key sees every team: {}", reply.text);
    let bad = common::call_with(&mock, "GET", "/v3/whoami/team-users", None, &[("authorization", "Bearer nope")]).await;
    assert_eq!(bad.status, 401);
    mock.shutdown().await;
}
