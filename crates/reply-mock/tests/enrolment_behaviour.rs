//! Enrolment as Reply does it: `BulkAddContactsToSequence` and
//! `MoveContactToSequence`. Sources: the spec (openapi.yaml, both operations'
//! request schemas and per-item codes) and ../shared/research/real-behaviour.md,
//! "Sequences and enrolment" ([cli]: Reply's own command line tool).

mod common;
mod outreach;

use outreach::{contact, email_account, email_step, enrol, membership, sequence, start, states, task_step};
use serde_json::json;

/// Spec: per-item codes `contactNotFound`, `invalidInput`… [cli]: "Every refusal, opt-outs
/// included, is `invalidInput`" and the API "never reports already in sequence" — so the mock
/// answers `invalidInput` (with the reason in `errorDetails`) and never `contactAlreadyInSequence`.
#[tokio::test]
async fn refusals_are_invalid_input_per_item_and_a_missing_contact_is_contact_not_found() {
    let mock = common::start(outreach::config(0.0, 0.0, 0.0)).await;
    let (seq, _) = sequence(&mock, vec![email_step(0)], &[]).await;
    let fine = contact(&mock, "fine@example.org").await;
    let opted_out = contact(&mock, "gone@example.org").await;
    let patched =
        common::call(&mock, "PATCH", &format!("/v3/contacts/{opted_out}"), Some(json!({ "isOptedOut": true }))).await;
    assert_eq!(patched.status, 200, "{}", patched.text);
    let blocked = contact(&mock, "someone@blocked.example").await;
    let rule = common::call(
        &mock,
        "POST",
        "/v3/contact-blacklist-rules/domains",
        Some(json!({ "pattern": "blocked.example" })),
    )
    .await;
    assert_eq!(rule.status, 201, "{}", rule.text);

    let first = enrol(&mock, seq, &[fine, opted_out, blocked, 999_999], json!({})).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(first.json["added"], json!([fine]));
    let failed = &first.json["notProcessed"];
    assert_eq!(failed[opted_out.to_string()]["error"], "invalidInput", "{failed}");
    assert!(failed[opted_out.to_string()]["errorDetails"].as_str().is_some_and(|d| d.contains("opted out")));
    assert_eq!(failed[blocked.to_string()]["error"], "invalidInput", "{failed}");
    assert!(failed[blocked.to_string()]["errorDetails"].as_str().is_some_and(|d| d.contains("blacklisted")));
    assert_eq!(failed["999999"]["error"], "contactNotFound", "{failed}");

    // Again, at the same step: refused as invalidInput, not contactAlreadyInSequence.
    let again = enrol(&mock, seq, &[fine], json!({})).await;
    assert_eq!(again.json["added"], json!([]));
    assert_eq!(again.json["notProcessed"][fine.to_string()]["error"], "invalidInput", "{}", again.text);
}

/// [cli]: "when the requested start step is ahead of the contact it moves them forward
/// silently, skipping steps; otherwise it refuses with the generic `invalidInput`".
#[tokio::test]
async fn a_contact_already_in_the_sequence_moves_forward_only_to_a_step_ahead() {
    let mock = common::start(outreach::config(0.0, 0.0, 0.0)).await;
    let (seq, steps) = sequence(&mock, vec![email_step(0), task_step(1), email_step(2)], &[]).await;
    let person = contact(&mock, "ahead@example.org").await;
    let at = |reply: &common::Reply| reply.json["currentStep"]["stepId"].as_i64();

    let joined = enrol(&mock, seq, &[person], json!({ "startStepId": steps[1] })).await;
    assert_eq!(joined.json["added"], json!([person]), "{}", joined.text);
    assert_eq!(at(&membership(&mock, seq, person).await), Some(steps[1]));

    let back = enrol(&mock, seq, &[person], json!({ "startStepId": steps[0] })).await;
    assert_eq!(back.json["notProcessed"][person.to_string()]["error"], "invalidInput", "{}", back.text);
    let same = enrol(&mock, seq, &[person], json!({ "startStepId": steps[1] })).await;
    assert_eq!(same.json["notProcessed"][person.to_string()]["error"], "invalidInput", "{}", same.text);
    assert_eq!(at(&membership(&mock, seq, person).await), Some(steps[1]), "a refused re-add leaves it where it was");

    let forward = enrol(&mock, seq, &[person], json!({ "startStepId": steps[2] })).await;
    assert_eq!(forward.json["added"], json!([person]), "{}", forward.text);
    assert_eq!(at(&membership(&mock, seq, person).await), Some(steps[2]));
    let count = common::call(&mock, "GET", &format!("/v3/sequences/{seq}/contacts"), None).await;
    assert_eq!(count.json["items"].as_array().map(Vec::len), Some(1), "moved, not enrolled twice");
}

/// Spec: `removeFromExisting` has `default: false` in both request schemas
/// (BulkAddContactsToSequence and MoveContactToSequence); [cli] always sends `false` because
/// `true` "would take the person out of every other sequence".
#[tokio::test]
async fn remove_from_existing_defaults_to_false_for_both_operations() {
    let mock = common::start(outreach::config(0.0, 0.0, 0.0)).await;
    let (a, _) = sequence(&mock, vec![email_step(0)], &[]).await;
    let (b, _) = sequence(&mock, vec![email_step(0)], &[]).await;
    let (c, _) = sequence(&mock, vec![email_step(0)], &[]).await;
    let (d, _) = sequence(&mock, vec![email_step(0)], &[]).await;
    let person = contact(&mock, "many@example.org").await;

    enrol(&mock, a, &[person], json!({})).await;
    enrol(&mock, b, &[person], json!({})).await;
    let moved = common::call(
        &mock,
        "POST",
        &format!("/v3/contacts/{person}/move-to-sequence"),
        Some(json!({ "sequenceId": c })),
    )
    .await;
    assert_eq!(moved.status, 204, "{}", moved.text);
    assert_eq!(sequences_of(&mock, person).await, [a, b, c], "by default nothing is left");

    let body = json!({ "sequenceId": d, "removeFromExisting": true });
    let moved = common::call(&mock, "POST", &format!("/v3/contacts/{person}/move-to-sequence"), Some(body)).await;
    assert_eq!(moved.status, 204, "{}", moved.text);
    assert_eq!(sequences_of(&mock, person).await, [d]);
    let added = enrol(&mock, a, &[person], json!({ "removeFromExisting": true })).await;
    assert_eq!(added.json["added"], json!([person]));
    assert_eq!(sequences_of(&mock, person).await, [a]);
}

/// The sequences a contact is in (`GetContactSequences`), by id.
async fn sequences_of(mock: &reply_mock::MockServer, person: i64) -> Vec<i64> {
    let reply = common::call(mock, "GET", &format!("/v3/contacts/{person}/sequences"), None).await;
    let mut ids: Vec<i64> =
        reply.json.as_array().into_iter().flatten().filter_map(|s| s["sequenceId"].as_i64()).collect();
    ids.sort_unstable();
    ids
}

/// Spec: `startStepId` "step ID to start from", `startFrom` "date when contact processing
/// should begin", `ignoreStepDelay` "skip the configured delay before the first step". The
/// contact waits at its start step until that step's delay has passed (our model, README).
#[tokio::test]
async fn the_start_step_start_date_and_step_delay_decide_the_first_email() {
    let mock = common::start(outreach::config(0.0, 0.0, 0.0)).await;
    let account = email_account(&mock, "sender@example.com").await;
    let (seq, steps) = sequence(&mock, vec![email_step(0), email_step(1)], &[account]).await;
    let people: Vec<i64> = {
        let mut ids = Vec::new();
        for name in ["waits", "at-once", "long-ago", "later", "first"] {
            ids.push(contact(&mock, &format!("{name}@example.org")).await);
        }
        ids
    };
    let second = json!({ "startStepId": steps[1] });
    enrol(&mock, seq, &[people[0]], second.clone()).await;
    enrol(&mock, seq, &[people[1]], json!({ "startStepId": steps[1], "ignoreStepDelay": true })).await;
    enrol(&mock, seq, &[people[2]], json!({ "startStepId": steps[1], "startFrom": "2020-01-01T00:00:00Z" })).await;
    enrol(&mock, seq, &[people[3]], json!({ "startFrom": "2099-01-01T00:00:00Z" })).await;
    enrol(&mock, seq, &[people[4]], json!({})).await;
    assert_eq!(start(&mock, seq).await.status, 200);

    let states = states(&mock, seq).await;
    let of = |id: i64| states.iter().find(|s| s["contactId"] == id).cloned().unwrap_or_default();
    let sent = |id: i64| of(id)["status"]["delivered"] == true;
    assert!(!sent(people[0]), "step 2 is a day after enrolment: {}", of(people[0]));
    assert_eq!(of(people[0])["currentStep"]["stepId"], steps[1]);
    assert!(sent(people[1]), "ignoreStepDelay sends at once: {}", of(people[1]));
    assert!(sent(people[2]), "a start date long past has let the delay pass: {}", of(people[2]));
    assert!(!sent(people[3]), "a start date to come sends nothing yet: {}", of(people[3]));
    assert!(sent(people[4]), "step 1 without delay goes out on start: {}", of(people[4]));
    // The two that were at the last step have finished the sequence.
    assert_eq!(
        (of(people[1])["status"]["status"].as_str(), of(people[2])["status"]["status"].as_str()),
        (Some("finished"), Some("finished"))
    );

    let stranger = enrol(&mock, seq, &[people[0]], json!({ "startStepId": 987_654 })).await;
    assert_eq!(stranger.status, 400, "a step of another sequence: {}", stranger.text);
}

/// Spec (BulkAddContactsToSequence, 400 example `business_no_steps`) and [cli]: a sequence with
/// no steps answers `sequenceContact.noStepsInSequence`.
#[tokio::test]
async fn a_sequence_without_steps_answers_no_steps_in_sequence() {
    let mock = common::start(outreach::config(0.0, 0.0, 0.0)).await;
    let (seq, steps) = sequence(&mock, vec![email_step(0)], &[]).await;
    let removed = common::call(&mock, "DELETE", &format!("/v3/sequences/{seq}/steps/{}", steps[0]), None).await;
    assert_eq!(removed.status, 204, "{}", removed.text);
    let person = contact(&mock, "nosteps@example.org").await;
    let refused = enrol(&mock, seq, &[person], json!({})).await;
    assert_eq!((refused.status, refused.json["code"].as_str()), (400, Some("sequenceContact.noStepsInSequence")));
}

/// Spec (MoveContactToSequence): 404 `contact.sequenceNotFound` for a missing sequence and
/// 400 `contact.invalidInput` "Contact could not be added to the sequence".
#[tokio::test]
async fn moving_a_contact_answers_the_contact_family_codes() {
    let mock = common::start(outreach::config(0.0, 0.0, 0.0)).await;
    let (seq, _) = sequence(&mock, vec![email_step(0)], &[]).await;
    let person = contact(&mock, "mover@example.org").await;
    let path = format!("/v3/contacts/{person}/move-to-sequence");
    let missing = common::call(&mock, "POST", &path, Some(json!({ "sequenceId": 424_242 }))).await;
    assert_eq!((missing.status, missing.json["code"].as_str()), (404, Some("contact.sequenceNotFound")));
    assert_eq!(common::call(&mock, "POST", &path, Some(json!({ "sequenceId": seq }))).await.status, 204);
    let again = common::call(&mock, "POST", &path, Some(json!({ "sequenceId": seq }))).await;
    assert_eq!((again.status, again.json["code"].as_str()), (400, Some("contact.invalidInput")), "{}", again.text);
}
