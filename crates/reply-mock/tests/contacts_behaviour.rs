//! Contacts written as Reply writes them, not only as the spec shapes them
//! (issue #14, items 1 and 2). Each test names its source.

mod common;
mod outreach;

use serde_json::{Value, json};

async fn contact(mock: &reply_mock::MockServer, id: i64) -> Value {
    common::call(mock, "GET", &format!("/v3/contacts/{id}"), None).await.json
}

async fn import(mock: &reply_mock::MockServer, body: Value) -> common::Reply {
    common::call(mock, "POST", "/v3/contacts/import", Some(body)).await
}

async fn create(mock: &reply_mock::MockServer, body: Value) -> i64 {
    let reply = common::call(mock, "POST", "/v3/contacts", Some(body)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json["id"].as_i64().expect("an id")
}

/// research/real-behaviour.md, "Contacts": `POST /v3/contacts` for an email
/// Reply already holds overwrites that contact and blanks every member the
/// request did not send [cli].
#[tokio::test]
async fn create_contact_for_a_held_email_overwrites_it_and_blanks_the_rest() {
    let mock = common::start(common::config()).await;
    let id =
        create(&mock, json!({ "email": "ann@acme.io", "firstName": "Ann", "company": "Acme", "title": "CTO" })).await;
    let again =
        common::call(&mock, "POST", "/v3/contacts", Some(json!({ "email": "ANN@acme.io", "lastName": "Lee" }))).await;
    // Answered as the spec's success for CreateContact, with the same id.
    assert_eq!((again.status, again.json["id"].as_i64()), (201, Some(id)), "{}", again.text);
    let stored = contact(&mock, id).await;
    assert_eq!(stored["lastName"], "Lee");
    for blanked in ["firstName", "company", "title"] {
        assert!(stored.get(blanked).is_none(), "{blanked} is blanked: {stored}");
    }
    let listed = common::call(&mock, "GET", "/v3/contacts", None).await;
    assert_eq!(listed.json["items"].as_array().map(Vec::len), Some(1), "no second contact: {}", listed.text);
    // Other resources keep their unique rule (a list name, here).
    let list = json!({ "name": "Leads" });
    assert_eq!(common::call(&mock, "POST", "/v3/contact-lists", Some(list.clone())).await.status, 201);
    let twice = common::call(&mock, "POST", "/v3/contact-lists", Some(list)).await;
    assert!(twice.status == 400 || twice.status == 409, "{}", twice.text);
    assert!(twice.json["code"].as_str().is_some_and(|c| c.ends_with(".duplicateName")), "{}", twice.text);
    mock.shutdown().await;
}

/// research/real-behaviour.md, "Contacts": on a match, an import fills only the
/// contact's empty members, unless `overwriteExisting` [cli]; the spec's
/// ImportContacts answers per item, in input order.
#[tokio::test]
async fn import_fills_only_empty_members_unless_overwrite_existing() {
    let mock = common::start(common::config()).await;
    let id = create(&mock, json!({ "email": "ann@acme.io", "firstName": "Ann" })).await;
    let item = json!({ "email": "ann@acme.io", "firstName": "Annie", "company": "Acme" });
    let reply = import(&mock, json!({ "items": [item] })).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json["items"][0], json!({ "id": id, "status": "updated", "error": null }), "{}", reply.text);
    assert_eq!((reply.json["added"].as_i64(), reply.json["updated"].as_i64()), (Some(0), Some(1)));
    let stored = contact(&mock, id).await;
    assert_eq!((stored["firstName"].as_str(), stored["company"].as_str()), (Some("Ann"), Some("Acme")), "{stored}");

    let item = json!({ "email": "ann@acme.io", "firstName": "Annie", "company": "Globex" });
    let reply = import(&mock, json!({ "items": [item], "options": { "overwriteExisting": true } })).await;
    assert_eq!(reply.json["items"][0]["status"], "updated", "{}", reply.text);
    let stored = contact(&mock, id).await;
    assert_eq!((stored["firstName"].as_str(), stored["company"].as_str()), (Some("Annie"), Some("Globex")), "{stored}");
    mock.shutdown().await;
}

/// The spec's ImportContacts: "An item with no `firstName` is not imported — it
/// is returned with `status: failed` and `error: \"Invalid data\"`", and a
/// malformed email is "Invalid data" too; the other items are imported.
#[tokio::test]
async fn import_item_without_first_name_fails_alone() {
    let mock = common::start(common::config()).await;
    let body = json!({ "items": [
        { "email": "a@acme.io", "firstName": "A" },
        { "email": "b@acme.io", "lastName": "only a last name" },
        { "email": "not-an-email", "firstName": "C" },
    ] });
    let reply = import(&mock, body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let items = &reply.json["items"];
    assert_eq!(items[0]["status"], "created", "{}", reply.text);
    for failed in [&items[1], &items[2]] {
        assert_eq!(*failed, json!({ "id": null, "status": "failed", "error": "Invalid data" }), "{}", reply.text);
    }
    assert_eq!((reply.json["added"].as_i64(), reply.json["failed"].as_i64()), (Some(1), Some(2)));
    let b = common::call(&mock, "GET", "/v3/contacts?email=b%40acme.io", None).await;
    assert_eq!(b.json["items"], json!([]), "the failed item was not imported: {}", b.text);
    mock.shutdown().await;
}

/// research/real-behaviour.md, "Contacts": "A skipped item still carries the id
/// of the contact Reply holds under the address" [cli]; `skipExisting` and
/// `skipWithoutEmails` are the spec's options. The reason words other than
/// `contactDeleted` are our choice.
#[tokio::test]
async fn import_skips_with_a_reason_and_the_held_id() {
    let mock = common::start(common::config()).await;
    let id = create(&mock, json!({ "email": "ann@acme.io", "firstName": "Ann" })).await;
    let body = json!({
        "items": [{ "email": "ann@acme.io", "firstName": "X", "company": "Acme" }, { "firstName": "NoMail" }],
        "options": { "skipExisting": true, "skipWithoutEmails": true },
    });
    let reply = import(&mock, body).await;
    let items = &reply.json["items"];
    assert_eq!((items[0]["status"].as_str(), items[0]["id"].as_i64()), (Some("skipped"), Some(id)), "{}", reply.text);
    assert_eq!(items[0]["skipReason"], "contactExists");
    assert_eq!((items[1]["status"].as_str(), items[1]["skipReason"].as_str()), (Some("skipped"), Some("noEmail")));
    assert_eq!(reply.json["skipped"], 2);
    assert!(contact(&mock, id).await.get("company").is_none(), "a skipped item changes nothing");
    mock.shutdown().await;
}

/// research/real-behaviour.md, "Contacts": a skipped deleted contact answers
/// `skipReason: contactDeleted` without an id [cli]; the spec's
/// `restoreDeleted` brings it back (status `restored`, its old id). The mock
/// remembers deleted contacts for this (README, "Behaviour").
#[tokio::test]
async fn import_of_a_deleted_contact_skips_or_restores_it() {
    let mock = common::start(common::config()).await;
    let id = create(&mock, json!({ "email": "gone@acme.io", "firstName": "Gone" })).await;
    assert_eq!(common::call(&mock, "DELETE", &format!("/v3/contacts/{id}"), None).await.status, 204);
    let item = json!({ "email": "gone@acme.io", "firstName": "Back" });
    let reply = import(&mock, json!({ "items": [item.clone()] })).await;
    assert_eq!(
        reply.json["items"][0],
        json!({ "id": null, "status": "skipped", "error": null, "skipReason": "contactDeleted" }),
        "{}",
        reply.text
    );
    assert_eq!(common::call(&mock, "GET", &format!("/v3/contacts/{id}"), None).await.status, 404);

    let reply = import(&mock, json!({ "items": [item], "options": { "restoreDeleted": true } })).await;
    assert_eq!(reply.json["items"][0], json!({ "id": id, "status": "restored", "error": null }), "{}", reply.text);
    assert_eq!(contact(&mock, id).await["firstName"], "Gone", "restored, then only empty members filled");

    // Bulk deletes are remembered the same way.
    let id = create(&mock, json!({ "email": "bulk@acme.io", "firstName": "B" })).await;
    let deleted = common::call(&mock, "POST", "/v3/contacts/bulk-delete", Some(json!({ "ids": [id] }))).await;
    assert_eq!(deleted.status, 200, "{}", deleted.text);
    let reply = import(&mock, json!({ "items": [{ "email": "bulk@acme.io", "firstName": "B" }] })).await;
    assert_eq!(reply.json["items"][0]["skipReason"], "contactDeleted", "{}", reply.text);
    mock.shutdown().await;
}

/// A list of items that holds something other than objects is a malformed
/// request, refused whole like any schema violation (our choice: Reply's
/// per-item answer is known only for items that are objects).
#[tokio::test]
async fn import_items_that_are_not_objects_refuse_the_request() {
    let mock = common::start(common::config()).await;
    let reply = import(&mock, json!({ "items": [[null, null], { "email": "ok@acme.io", "firstName": "Ok" }] })).await;
    assert_eq!(reply.status, 400, "{}", reply.text);
    let none = common::call(&mock, "GET", "/v3/contacts", None).await;
    assert_eq!(none.json["items"], json!([]), "nothing imported");
    mock.shutdown().await;
}

/// The spec's ImportContacts 400 example: "Maximum 1000 items per import
/// request." with code `contact.limitExceeded`.
#[tokio::test]
async fn import_over_the_item_cap_is_refused_with_limit_exceeded() {
    let mock = common::start(common::config()).await;
    let items: Vec<Value> = (0..1001).map(|i| json!({ "email": format!("p{i}@acme.io"), "firstName": "P" })).collect();
    let reply = import(&mock, json!({ "items": items })).await;
    assert_eq!((reply.status, reply.json["code"].as_str()), (400, Some("contact.limitExceeded")), "{}", reply.text);
    let none = common::call(&mock, "GET", "/v3/contacts", None).await;
    assert_eq!(none.json["items"], json!([]), "nothing imported");
    let items: Vec<Value> = (0..1000).map(|i| json!({ "email": format!("p{i}@acme.io"), "firstName": "P" })).collect();
    let reply = import(&mock, json!({ "items": items })).await;
    assert_eq!((reply.status, reply.json["added"].as_i64()), (200, Some(1000)));
    mock.shutdown().await;
}

/// The spec's ImportContacts options: `sequenceId` ("Sequence ID to enroll
/// imported contacts in") and `listIds`. A missing sequence is refused with
/// the contact family's `contact.sequenceNotFound` (our choice of status: the
/// operation documents no 404).
#[tokio::test]
async fn import_with_sequence_id_enrols_and_list_ids_add() {
    let mock = common::start(common::config()).await;
    // A sequence needs a step to exist ([amp], tests/sequence_errors.rs).
    let body = json!({ "name": "Outreach", "steps": [outreach::email_step(0)] });
    let sequence = common::call(&mock, "POST", "/v3/sequences", Some(body)).await;
    let sequence = sequence.json["id"].as_i64().expect("a sequence");
    let list = common::call(&mock, "POST", "/v3/contact-lists", Some(json!({ "name": "Imported" }))).await;
    let list = list.json["id"].as_i64().expect("a list");
    let body = json!({
        "items": [{ "email": "a@acme.io", "firstName": "A" }, { "email": "b@acme.io" }],
        "options": { "sequenceId": sequence, "listIds": [list] },
    });
    let reply = import(&mock, body).await;
    let id = reply.json["items"][0]["id"].as_i64().expect("created");
    let enrolled = common::call(&mock, "GET", &format!("/v3/sequences/{sequence}/contacts"), None).await;
    let ids: Vec<i64> =
        enrolled.json["items"].as_array().into_iter().flatten().filter_map(|e| e["contactId"].as_i64()).collect();
    assert_eq!(ids, [id], "{}", enrolled.text);
    let in_list = common::call(&mock, "POST", "/v3/contacts/filter", Some(json!({ "listId": list }))).await;
    assert_eq!(in_list.json["items"][0]["id"].as_i64(), Some(id), "{}", in_list.text);

    let missing = json!({ "items": [{ "email": "c@acme.io", "firstName": "C" }], "options": { "sequenceId": 999 } });
    let reply = import(&mock, missing).await;
    assert_eq!((reply.status, reply.json["code"].as_str()), (400, Some("contact.sequenceNotFound")), "{}", reply.text);
    mock.shutdown().await;
}

/// GetContactStatuses requires `callStatus` and `meetingStatus` as strings;
/// a status cleared with `null` through UpdateContact is reported as `none`
/// ("Pass `none` to clear"). Found by schemathesis' response schema check.
#[tokio::test]
async fn a_status_cleared_with_null_reads_none() {
    let mock = common::start(common::config()).await;
    let created =
        common::call(&mock, "POST", "/v3/contacts", Some(serde_json::json!({ "email": "n@x.io", "firstName": "N" })))
            .await;
    let id = created.json["id"].as_i64().expect("a contact id");
    let cleared = serde_json::json!({ "meetingStatus": null, "callStatus": null });
    let patched = common::call(&mock, "PATCH", &format!("/v3/contacts/{id}"), Some(cleared)).await;
    assert_eq!(patched.status, 200, "{}", patched.text);
    let reply = common::call(&mock, "GET", &format!("/v3/contacts/{id}/statuses"), None).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!((reply.json["meetingStatus"].as_str(), reply.json["callStatus"].as_str()), (Some("none"), Some("none")));
    mock.shutdown().await;
}
