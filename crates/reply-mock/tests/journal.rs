//! The write journal: every write whose handler ran, with the documents the
//! store saw it create, change and remove, and the fault applied to its
//! answer; and fault counts taken where faults are applied.

mod common;

use reply_mock::{FaultRule, JournalEntry};
use serde_json::json;

fn rule(f: impl FnOnce(&mut FaultRule)) -> FaultRule {
    let mut rule = FaultRule::default();
    f(&mut rule);
    rule
}

fn created_in<'j>(journal: &'j [JournalEntry], operation: &str) -> Vec<&'j JournalEntry> {
    journal.iter().filter(|e| e.operation == operation).collect()
}

#[tokio::test]
async fn journal_records_each_applied_write_with_the_ids_it_created_changed_and_removed() {
    let mock = common::start(common::config()).await;
    let created = common::call(&mock, "POST", "/v3/contacts", Some(json!({ "email": "ann@x.io" }))).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.json["id"].as_i64().expect("an id");
    let noted = common::call(&mock, "POST", &format!("/v3/contacts/{id}/notes"), Some(json!({ "notes": "hi" }))).await;
    assert!(noted.status < 300, "{}", noted.text);
    assert_eq!(common::call(&mock, "DELETE", &format!("/v3/contacts/{id}"), None).await.status, 204);
    // Reads are not journaled; a refused write is journaled with its status and no change.
    assert_eq!(common::call(&mock, "GET", "/v3/contacts", None).await.status, 200);
    let missing = common::call(&mock, "POST", "/v3/contacts/999999/notes", Some(json!({ "notes": "x" }))).await;
    assert_eq!(missing.status, 404, "{}", missing.text);

    let journal = mock.journal();
    let ops: Vec<(&str, u16)> = journal.iter().map(|e| (e.operation.as_str(), e.status)).collect();
    assert_eq!(
        ops,
        [("CreateContact", 201), ("AddContactNote", noted.status), ("DeleteContact", 204), ("AddContactNote", 404)]
    );
    let seqs: Vec<u64> = journal.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
    assert_eq!(mock.journal_since(2), journal[2..]);
    let contact = |e: &JournalEntry, list: fn(&JournalEntry) -> &Vec<reply_mock::DocRef>| {
        list(e).iter().filter(|d| d.collection == "contacts").map(|d| d.id).collect::<Vec<_>>()
    };
    assert_eq!(contact(&journal[0], |e| &e.created), [id]);
    assert_eq!(contact(&journal[1], |e| &e.changed), [id]);
    assert_eq!(contact(&journal[2], |e| &e.removed), [id]);
    assert!(journal[0].applied() && !journal[3].applied());
    assert!(journal[3].created.is_empty() && journal[3].changed.is_empty());
    assert!(journal.iter().all(|e| e.user_id == 1 && e.fault.is_none()));

    // The same over HTTP, and a reset forgets it.
    let over_http = common::call(&mock, "GET", "/__mock/journal", None).await;
    assert_eq!(over_http.json["entries"][0]["operation"], "CreateContact");
    let request_id = created.header("x-request-id").and_then(|v| v.parse::<u64>().ok());
    assert_eq!(Some(journal[0].request_id), request_id, "the entry names the request that made it");
    assert_eq!(over_http.json["entries"][0]["created"][0], json!({ "collection": "contacts", "id": id }));
    assert_eq!(over_http.json["entries"].as_array().map(Vec::len), Some(4));
    let reset = common::client().post(format!("{}/__mock/reset", mock.base_url())).send().await.expect("answer");
    assert_eq!(reset.status().as_u16(), 204);
    assert!(mock.journal().is_empty());
    mock.shutdown().await;
}

#[tokio::test]
async fn journal_marks_the_fault_applied_after_the_handler_acted() {
    let mut config = common::config();
    config.faults.operations.insert("CreateContact".into(), rule(|r| r.reset_after = 1.0));
    config.faults.operations.insert(
        "CreateContactList".into(),
        rule(|r| {
            r.errors_after.insert(500, 1.0);
        }),
    );
    config.faults.operations.insert("CreateWebhook".into(), rule(|r| r.truncate = 1.0));
    // Refused before acting: nothing applied, nothing journaled.
    config.faults.operations.insert(
        "CreateSchedule".into(),
        rule(|r| {
            r.errors.insert(503, 1.0);
        }),
    );
    let mock = common::start(config).await;
    let post = |path: &'static str, body: serde_json::Value| {
        let url = format!("{}{path}", mock.base_url());
        async move {
            let request =
                common::client().post(url).bearer_auth(common::KEY).header("content-type", "application/json");
            let request = request.body(body.to_string());
            match request.send().await {
                Ok(response) => response.bytes().await.is_ok(),
                Err(_) => false,
            }
        }
    };
    assert!(!post("/v3/contacts", json!({ "email": "ghost@x.io" })).await, "reset after acting");
    let _ = post("/v3/contact-lists", json!({ "name": "Hot" })).await;
    let hook = json!({ "eventType": "email_replied", "url": "https://hooks.example.com/cut" });
    assert!(!post("/v3/webhooks", hook).await, "truncated body");
    let _ = post("/v3/schedules", json!({ "name": "Never" })).await;

    let journal = mock.journal();
    let faults: Vec<(&str, Option<&str>)> =
        journal.iter().map(|e| (e.operation.as_str(), e.fault.as_deref())).collect();
    assert_eq!(
        faults,
        [
            ("CreateContact", Some("reset")),
            ("CreateContactList", Some("error:500")),
            ("CreateWebhook", Some("truncated"))
        ]
    );
    assert!(journal.iter().all(|e| e.applied() && e.created.len() == 1), "{journal:?}");
    assert_eq!(mock.documents("contacts").iter().filter(|c| c["email"] == "ghost@x.io").count(), 1);
    assert!(created_in(&journal, "CreateSchedule").is_empty());
    let counts = mock.fault_counts();
    assert_eq!((counts.resets_after, counts.errors_after.get(&500), counts.truncated), (1, Some(&1), 1));
    assert_eq!(counts.errors.get(&503), Some(&1));
    mock.shutdown().await;
}

#[tokio::test]
async fn fault_counts_leave_out_faults_drawn_but_never_applied() {
    let mock = common::start(common::config()).await;
    let created = common::call(&mock, "POST", "/v3/contacts", Some(json!({ "email": "ann@x.io" }))).await;
    let id = created.json["id"].as_i64().expect("an id");
    // Truncating an empty (204) body is no truncation; an "after" fault on a
    // request refused by validation never happens.
    let mut faults = reply_mock::FaultsConfig::default();
    faults.operations.insert("AddContactNote".into(), rule(|r| r.truncate = 1.0));
    // A read reset after its handler ran is counted all the same (and not journaled).
    faults.operations.insert("GetContacts".into(), rule(|r| r.reset_after = 1.0));
    faults.operations.insert(
        "CreateContact".into(),
        rule(|r| {
            r.errors_after.insert(500, 1.0);
        }),
    );
    mock.set_faults(faults);
    let bad = common::call(&mock, "POST", "/v3/contacts", Some(json!({ "email": 12 }))).await;
    assert_eq!(bad.status, 400, "{}", bad.text);
    assert_eq!(mock.journal().len(), 1, "refused by validation: the handler never ran");
    let noted = common::call(&mock, "POST", &format!("/v3/contacts/{id}/notes"), Some(json!({ "notes": "n" }))).await;
    assert_eq!(noted.status, 204, "{}", noted.text);
    assert_eq!(mock.journal()[1].fault, None);
    let read = common::client().get(format!("{}/v3/contacts", mock.base_url())).bearer_auth(common::KEY).send().await;
    assert!(read.is_err(), "the connection is dropped");
    assert_eq!(mock.journal().len(), 2);
    let counts = mock.fault_counts();
    assert_eq!((counts.total(), counts.truncated, counts.resets_after), (1, 0, 1), "{counts:?}");
    mock.shutdown().await;
}
