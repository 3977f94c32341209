//! The web console at `/__mock/console` (issue 24): each view's HTML as the
//! mock renders it. The page in a browser is the acceptance test in
//! `crates/reply-mock/console-test`.

mod common;

use std::time::Duration;

use reply_mock::MockServer;
use serde_json::{Value, json};

/// A view's HTML fragment (what the page's script swaps in), checked to be served as HTML.
async fn view(mock: &MockServer, name: &str, q: &str) -> String {
    let reply = common::call_with(mock, "GET", &format!("/__mock/console/view/{name}?q={q}"), None, &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.header("content-type"), Some("text/html; charset=utf-8"));
    reply.text
}

async fn created(mock: &MockServer, path: &str, body: Value) -> i64 {
    let reply = common::call(mock, "POST", path, Some(body)).await;
    assert_eq!(reply.status, 201, "{path}: {}", reply.text);
    reply.json["id"].as_i64().expect("an id")
}

/// A sequence with `steps` on a fresh account, `contacts` enrolled, started.
async fn started_sequence(mock: &MockServer, steps: Value, contacts: &[i64]) -> i64 {
    let connection = json!({ "email": "sales@acme.io", "senderName": "Me", "smtpHost": "smtp.acme.io", "smtpPort": 587,
        "smtpPassword": "x", "smtpSsl": true, "imapHost": "imap.acme.io", "imapPort": 993, "imapPassword": "x", "imapSsl": true });
    let account = created(mock, "/v3/email-accounts", json!({ "connection": connection })).await;
    let id =
        created(mock, "/v3/sequences", json!({ "name": "Launch", "emailAccounts": [account], "steps": steps })).await;
    let path = format!("/v3/sequences/{id}/contact-links/bulk");
    assert_eq!(common::call(mock, "POST", &path, Some(json!({ "contactIds": contacts }))).await.status, 200);
    assert_eq!(common::call(mock, "POST", &format!("/v3/sequences/{id}/start"), None).await.status, 200);
    id
}

#[tokio::test]
async fn console_page_is_served_with_its_own_script_and_style_only() {
    let mock = common::start(common::config()).await;
    assert_eq!(mock.console_url(), Some(format!("{}/__mock/console", mock.base_url())));
    let page = common::call_with(&mock, "GET", "/__mock/console?view=state", None, &[]).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("<body data-view=\"state\">"), "{}", page.text);
    assert!(page.text.contains("<script src=\"/__mock/console/console.js\"></script>"));
    let policy = page.header("content-security-policy").unwrap_or_default();
    assert!(policy.contains("script-src 'self'") && policy.contains("default-src 'none'"), "{policy}");
    for (asset, kind) in [("console.js", "text/javascript"), ("console.css", "text/css")] {
        let reply = common::call_with(&mock, "GET", &format!("/__mock/console/{asset}"), None, &[]).await;
        assert_eq!(reply.status, 200);
        assert!(reply.header("content-type").unwrap_or_default().starts_with(kind));
        assert!(!reply.text.contains("http://") && !reply.text.contains("https://"), "nothing from outside");
    }
    let missing = common::call_with(&mock, "GET", "/__mock/console/view/nope", None, &[]).await;
    assert_eq!(missing.status, 404);
    mock.shutdown().await;
}

#[tokio::test]
async fn console_request_log_shows_each_api_request_without_the_key() {
    let mock = common::start(common::config()).await;
    created(&mock, "/v3/contacts", json!({ "email": "ann@acme.io", "firstName": "Ann" })).await;
    let missing = common::call(&mock, "GET", "/v3/contacts/999", None).await;
    assert_eq!(missing.status, 404);
    let unauthorized = common::call_with(&mock, "GET", "/v3/contacts", None, &[]).await;
    assert_eq!(unauthorized.status, 401);
    common::call(&mock, "GET", "/__mock/health", None).await;

    let html = view(&mock, "requests", "").await;
    assert!(html.contains("<span class=\"path\">/v3/contacts</span>"), "{html}");
    assert!(html.contains("CreateContact") && html.contains("user 1"), "{html}");
    assert!(html.contains("&quot;email&quot;: &quot;ann@acme.io&quot;"), "the request body: {html}");
    assert!(html.contains("/v3/contacts/999") && html.contains(">404<"), "{html}");
    assert!(html.contains(">401<"), "a refused request is logged too: {html}");
    assert!(!html.contains("__mock/health"), "the mock's own endpoints are not API requests");
    assert!(!html.contains(common::KEY), "the key is never shown");
    // Newest first, and the filter keeps only what matches.
    assert!(html.find(">401<").unwrap() < html.find("CreateContact").unwrap());
    let filtered = view(&mock, "requests", "999").await;
    assert!(filtered.contains("/v3/contacts/999") && !filtered.contains("CreateContact"), "{filtered}");
    mock.shutdown().await;
}

#[tokio::test]
async fn console_request_log_names_the_injected_fault() {
    let mock = common::start(common::config()).await;
    let rule = json!({ "operations": { "GetContacts": { "errors": { "503": 1.0 } } } });
    assert_eq!(common::call_with(&mock, "PUT", "/__mock/faults", Some(rule), &[]).await.status, 204);
    assert_eq!(common::call(&mock, "GET", "/v3/contacts", None).await.status, 503);
    let html = view(&mock, "requests", "GetContacts").await;
    assert!(html.contains(">503<") && html.contains("<span class=\"badge bad\">fault</span>"), "{html}");
    mock.shutdown().await;
}

#[tokio::test]
async fn console_escapes_what_requests_carry() {
    let mock = common::start(common::config()).await;
    let name = "<script>alert(1)</script>";
    created(&mock, "/v3/contacts", json!({ "email": "x@acme.io", "firstName": name, "company": "\"><img src=x>" }))
        .await;
    for name in ["requests", "state"] {
        let html = view(&mock, name, "").await;
        assert!(!html.contains("<script>") && !html.contains("<img"), "{name}: {html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{name}: {html}");
    }
    // A filter typed into the page comes back escaped in its input.
    let page = common::call_with(&mock, "GET", "/__mock/console?q=%22%3E%3Cscript%3E", None, &[]).await;
    assert!(page.text.contains("value=\"&quot;&gt;&lt;script&gt;\""), "{}", page.text);
    mock.shutdown().await;
}

#[tokio::test]
async fn console_outbox_renders_each_message_with_the_contacts_variables() {
    let mut config = common::config();
    config.activity = reply_mock::ActivityConfig {
        open_rate: 1.0,
        reply_rate: 0.0,
        bounce_rate: 0.0,
        click_rate: 0.0,
        accept_rate: 1.0,
    };
    let mock = common::start(config).await;
    let ann =
        created(&mock, "/v3/contacts", json!({ "email": "ann@acme.io", "firstName": "Ann", "company": "Acme" })).await;
    let bob = created(&mock, "/v3/contacts", json!({ "email": "bob@<b>.io", "firstName": "<b>Bob</b>" })).await;
    let email = json!({ "type": "email", "delayInMinutes": 0, "executionMode": "automatic",
        "variants": [{ "subject": "Hi {{firstName}}", "message": "<p>How is {{companyName}}, {{firstName}}?</p>", "isEnabled": true }] });
    let connect = json!({ "type": "linkedIn", "actionType": "connect", "delayInMinutes": 0, "executionMode": "automatic",
        "variants": [{ "message": "Glad to connect, {{firstName}}", "isEnabled": true }] });
    started_sequence(&mock, json!([email, connect]), &[ann, bob]).await;
    // Steps run when a request reaches the mock.
    common::call(&mock, "POST", "/v3/contacts", Some(json!({ "email": "late@acme.io" }))).await;

    let html = view(&mock, "outbox", "").await;
    assert!(html.contains("Sequence") && html.contains("Launch"), "{html}");
    assert!(html.contains("Step 1 (email) · 2 sent") && html.contains("Step 2 (linkedIn) · 2 sent"), "{html}");
    assert!(html.contains("<div class=\"subject\">Hi Ann</div>"), "{html}");
    assert!(
        html.contains("srcdoc=\"&lt;p&gt;How is Acme, Ann?&lt;/p&gt;\""),
        "the body, escaped into a sandboxed frame: {html}"
    );
    assert!(html.contains("<iframe class=\"email\" sandbox "), "{html}");
    assert!(html.contains("Glad to connect, Ann") && html.contains(">accepted<"), "{html}");
    assert!(html.contains(">opened<"), "{html}");
    assert!(html.contains("sales@acme.io"), "the sending account: {html}");
    assert!(html.contains("Hi &lt;b&gt;Bob&lt;/b&gt;") && !html.contains("<b>Bob"), "{html}");
    // In the body (HTML) the name is text: escaped once into the HTML, once more into `srcdoc`.
    assert!(html.contains("How is {{companyName}}, &amp;lt;b&amp;gt;Bob&amp;lt;/b&amp;gt;?"), "{html}");
    let only_ann = view(&mock, "outbox", "ann").await;
    assert!(only_ann.contains("Hi Ann") && !only_ann.contains("Bob"), "{only_ann}");
    mock.shutdown().await;
}

/// A receiver on 127.0.0.1 that answers `status` to everything.
async fn receiver(status: u16) -> String {
    let code = axum::http::StatusCode::from_u16(status).expect("a status");
    let app = axum::Router::new().route("/hook", axum::routing::post(move || async move { code }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test]
async fn console_webhooks_view_logs_each_attempt_with_payload_latency_and_retries() {
    let mut config = common::config();
    config.webhooks.retries = 1;
    config.webhooks.retry_backoff_ms = 10;
    config.webhooks.disable_after = 1;
    let mock = common::start(config).await;
    let (good, bad) = (receiver(200).await, receiver(500).await);
    let ok = created(&mock, "/v3/webhooks", json!({ "eventType": "email_sent", "url": good })).await;
    created(&mock, "/v3/webhooks", json!({ "eventType": "email_sent", "url": bad })).await;
    let ann = created(&mock, "/v3/contacts", json!({ "email": "ann@acme.io", "firstName": "Ann" })).await;
    let email = json!({ "type": "email", "delayInMinutes": 0, "executionMode": "automatic",
        "variants": [{ "subject": "Hi", "message": "Hello", "isEnabled": true }] });
    started_sequence(&mock, json!([email]), &[ann]).await;
    // The step runs when the next write reaches the mock; deliveries then happen in the background.
    created(&mock, "/v3/contacts", json!({ "email": "late@acme.io" })).await;
    let mut html = String::new();
    for _ in 0..100 {
        html = view(&mock, "webhooks", "").await;
        if html.contains(">disabled<") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(html.contains(&good) && html.contains(&bad), "{html}");
    assert!(html.contains("<span class=\"badge ok\">200</span>"), "{html}");
    assert_eq!(
        html.matches("<span class=\"badge bad\">500</span>").count(),
        2,
        "the first attempt and one retry: {html}"
    );
    assert!(html.contains("<span>first</span>") && html.contains("<span>retry 1</span>"), "{html}");
    assert!(html.contains("<span class=\"badge bad\">disabled</span>"), "failed once in a row, disabled: {html}");
    assert!(html.contains("&quot;first_name&quot;: &quot;Ann&quot;"), "the payload: {html}");
    assert!(html.contains(" ms</span>"), "the latency: {html}");
    // The API's own log answers keep to the spec's shape.
    let logs = common::call(&mock, "GET", &format!("/v3/webhooks/{ok}/logs"), None).await;
    assert_eq!(logs.status, 200);
    assert!(!logs.text.contains("_payload") && !logs.text.contains("_attempt"), "{}", logs.text);
    mock.shutdown().await;
}

#[tokio::test]
async fn console_faults_view_shows_rules_counters_and_limits() {
    let mut config = common::config();
    config.limits.enabled = true;
    let mock = common::start(config).await;
    let rule = json!({ "operations": { "GetContacts": { "errors": { "503": 1.0 } } } });
    common::call_with(&mock, "PUT", "/__mock/faults", Some(rule), &[]).await;
    common::call(&mock, "GET", "/v3/contacts", None).await;
    let html = view(&mock, "faults", "").await;
    assert!(html.contains("&quot;GetContacts&quot;"), "the rules: {html}");
    assert!(html.contains("<td>errors before acting</td><td>503: 1</td>"), "{html}");
    assert!(html.contains("<td>user 1</td>") && html.contains("<meter"), "the rate-limit windows: {html}");
    let page = common::call_with(&mock, "GET", "/__mock/console?view=faults", None, &[]).await;
    assert!(page.text.contains("<form id=\"fault-form\">"), "{}", page.text);
    mock.shutdown().await;
}

#[tokio::test]
async fn console_answers_only_requests_addressed_to_a_loopback_host() {
    let mock = common::start(common::config()).await;
    let rebound = common::call_with(&mock, "GET", "/__mock/console", None, &[("host", "evil.example")]).await;
    assert_eq!(rebound.status, 403);
    let posted = common::call_with(&mock, "POST", "/__mock/console", None, &[]).await;
    assert_eq!(posted.status, 405);
    mock.shutdown().await;
}

#[tokio::test]
async fn console_off_is_not_served() {
    let mut config = common::config();
    config.console = false;
    let mock = common::start(config).await;
    assert_eq!(mock.console_url(), None);
    common::call(&mock, "GET", "/v3/contacts", None).await;
    let reply = common::call_with(&mock, "GET", "/__mock/console/view/requests", None, &[]).await;
    assert_eq!(reply.status, 404);
    mock.shutdown().await;
}

/// The spec's steps carry `parentId` ("ID of the parent step (for branching)")
/// and `ifConditionPositive` ("Whether this step is on the positive branch of
/// a condition"): the State view draws a condition's children as its branches.
#[tokio::test]
async fn console_state_view_draws_a_conditions_steps_as_its_yes_and_no_branches() {
    let mock = common::start(common::config()).await;
    let email = json!({ "type": "email", "delayInMinutes": 0, "executionMode": "automatic",
        "variants": [{ "subject": "Opening", "message": "Hello", "isEnabled": true }] });
    let sequence = created(&mock, "/v3/sequences", json!({ "name": "Branchy", "steps": [email] })).await;
    let steps = format!("/v3/sequences/{sequence}/steps");
    let condition = json!({ "type": "condition", "delayInMinutes": 0, "waitInMinutes": 60,
        "conditions": [{ "property": "emailOpened", "rules": [{ "operator": "equals", "value": "true" }] }] });
    let condition = created(&mock, &steps, condition).await;
    for (positive, subject) in [(true, "Glad you read it"), (false, "Did you see this?")] {
        let step = json!({ "type": "email", "delayInMinutes": 0, "executionMode": "automatic", "parentId": condition,
            "ifConditionPositive": positive, "variants": [{ "subject": subject, "message": "x", "isEnabled": true }] });
        created(&mock, &steps, step).await;
    }
    let html = view(&mock, "state", "").await;
    let yes = html.find("<div class=\"branch yes\"><b>yes</b>").expect("a yes branch");
    let no = html.find("<div class=\"branch no\"><b>no</b>").expect("a no branch");
    let (glad, nudge) =
        (html.find("Glad you read it").expect("yes step"), html.find("Did you see this?").expect("no step"));
    assert!(yes < glad && glad < no && no < nudge, "{html}");
    assert!(html.find("<b>Step 2</b> condition").is_some_and(|c| c < yes), "{html}");
    mock.shutdown().await;
}
