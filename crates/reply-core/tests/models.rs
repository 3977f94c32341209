//! Behaviour of the generated models that users rely on: forward
//! compatibility, unions, three-state fields.

use reply_core::Nullable;
use reply_core::models::{Contact, InboxThreadListItem, SequenceStep};
use serde_json::json;

#[test]
fn unknown_members_are_kept_and_counted() {
    let before = reply_core::extra::unknown_members_seen();
    let contact: Contact =
        serde_json::from_value(json!({"id": 1, "email": "a@b.co", "shinyNewField": [1, 2]})).unwrap();
    assert!(reply_core::extra::unknown_members_seen() > before);
    assert_eq!(contact.extra.get("shinyNewField"), Some(&json!([1, 2])));
    let back = serde_json::to_value(&contact).unwrap();
    assert_eq!(back["shinyNewField"], json!([1, 2]));
}

#[test]
fn unknown_enum_values_and_union_members_survive() {
    let step: SequenceStep = serde_json::from_value(json!({"type": "carrierPigeon", "delayInMinutes": 5})).unwrap();
    assert_eq!(step.tag(), Some("carrierPigeon"));
    assert!(matches!(step, SequenceStep::Unknown(_)));
    assert_eq!(serde_json::to_value(&step).unwrap(), json!({"type": "carrierPigeon", "delayInMinutes": 5}));
}

#[test]
fn nested_discriminators_pick_the_linkedin_action() {
    let value = json!({"type": "linkedIn", "actionType": "viewProfile", "delayInMinutes": 0});
    let step: Result<SequenceStep, _> = serde_json::from_value(value.clone());
    // Whatever the required fields, the outer tag must route to the LinkedIn member.
    match step {
        Ok(SequenceStep::LinkedIn(inner)) => assert_eq!(inner.tag(), Some("viewProfile")),
        Ok(other) => panic!("routed to {other:?}"),
        Err(e) => assert!(e.to_string().contains("missing field"), "{e}"),
    }
}

#[test]
fn optional_nullable_fields_have_three_states() {
    let base = json!({
        "id": 1, "channel": "email", "isRead": false, "lastActivityDate": "2026-01-01T00:00:00Z",
        "isLastMessagePlanned": false, "contact": {"isDeleted": false}, "hasMeetingIntent": false,
        "status": {"state": "open"}
    });
    let mut with_null = base.clone();
    with_null["subject"] = json!(null);
    let item: InboxThreadListItem = serde_json::from_value(with_null.clone()).unwrap();
    assert_eq!(item.subject, Nullable::Null);
    assert_eq!(serde_json::to_value(&item).unwrap()["subject"], json!(null));
    let item: InboxThreadListItem = serde_json::from_value(base).unwrap();
    assert_eq!(item.subject, Nullable::Absent);
    assert!(serde_json::to_value(&item).unwrap().get("subject").is_none());
}
