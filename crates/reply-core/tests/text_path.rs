//! The text path (`round_trip_response_as::<String>`) hands a body on as it
//! came only when decoding and encoding back would not change it; otherwise
//! it gives what the round trip gives. Each case names a way a body can
//! differ from its normalised form, and checks both halves: the text says
//! what the tree says, exactly (`5` and `5.0` differ), and whether it was
//! the body itself.

use reply_core::registry::{round_trip_response, round_trip_response_as};
use serde_json::Value;

/// Whether the text path gave `body` back as it came, after checking that it
/// says exactly what the tree path says.
fn as_given(operation: &str, body: &str) -> bool {
    let tree = round_trip_response(operation, 200, body.as_bytes()).expect("typed").expect("decodes");
    let text = round_trip_response_as::<String>(operation, 200, body.as_bytes()).expect("typed").expect("decodes");
    let back: Value = serde_json::from_str(&text).expect("the text is JSON");
    assert_eq!(back, tree, "the text path differs for {body}");
    text == body
}

#[test]
fn a_clean_page_is_handed_on_as_it_came() {
    let page = r#"{"items":[{"id":1,"firstName":"Ada","isOptedOut":false,"customFields":[]}],"hasMore":true}"#;
    assert!(as_given("GetContacts", page));
    // Escapes and spacing are spelling, not change.
    assert!(as_given("GetContacts", "{ \"items\" : [ {\"firstName\": \"Zo\\u00eb\"} ] }"));
}

#[test]
fn a_null_optional_member_is_left_out_as_the_round_trip_does() {
    assert!(!as_given("GetContacts", r#"{"items":[{"id":1,"firstName":null}]}"#));
    // A nullable one keeps its null, so nothing changes.
    assert!(as_given("GetSequenceContactById", r#"{"id":1,"firstName":null}"#));
}

#[test]
fn a_null_required_member_becomes_its_default() {
    let prompt = r#"[{"id":1,"name":null,"text":"t","scope":"personal","stepType":"email"}]"#;
    assert!(!as_given("ListAiPrompts", prompt));
    assert!(as_given("ListAiPrompts", &prompt.replace("null", "\"n\"")));
}

#[test]
fn a_missing_required_member_fails_both_ways() {
    let prompt = br#"[{"id":1,"text":"t","scope":"personal","stepType":"email"}]"#;
    assert!(matches!(round_trip_response("ListAiPrompts", 200, prompt), Some(Err(_))));
    assert!(matches!(round_trip_response_as::<String>("ListAiPrompts", 200, prompt), Some(Err(_))));
}

#[test]
fn a_missing_present_member_is_written_as_null() {
    assert!(!as_given("GetSequenceContactById", r#"{"id":1,"currentStep":{"stepId":4}}"#));
    assert!(as_given("GetSequenceContactById", r#"{"id":1,"currentStep":{"stepId":4,"displayName":null}}"#));
}

#[test]
fn a_whole_number_in_a_decimal_member_is_written_as_a_decimal() {
    assert!(!as_given("GetSequenceStats", r#"{"emailOverview":{"deliveredPercentage":5}}"#));
    assert!(as_given("GetSequenceStats", r#"{"emailOverview":{"deliveredPercentage":5.5}}"#));
}

#[test]
fn a_member_named_twice_is_written_once() {
    assert!(!as_given("GetContacts", r#"{"items":[{"firstName":"A","firstName":"B"}]}"#));
    assert!(!as_given("GetContacts", r#"{"items":[{"shiny":1,"shiny":2}]}"#));
    assert!(as_given("GetContacts", r#"{"items":[{"shiny":1,"glossy":2}]}"#));
}

#[test]
fn an_enum_value_in_another_case_is_the_known_value_written_in_the_specs_spelling() {
    // A live contact has `"Empty"` where the spec says `"empty"` (research/real-behaviour.md).
    let contacts = r#"{"items":[{"id":1,"companySize":"Empty"}],"hasMore":false}"#;
    assert!(!as_given("GetContacts", contacts));
    let text = round_trip_response_as::<String>("GetContacts", 200, contacts.as_bytes()).unwrap().unwrap();
    assert!(text.contains(r#""companySize":"empty""#), "{text}");
    assert!(as_given("GetContacts", &contacts.replace("Empty", "empty")));
    assert!(as_given("GetContacts", &contacts.replace("Empty", "enormous")), "unknown: kept as sent");
}

#[test]
fn per_item_bulk_codes_are_accepted_as_integer_or_string_and_kept_as_sent() {
    // The spec types `CreateItemResult.error` as an integer and `NotProcessedItemResult.error`
    // as a string; its README says Reply sends either.
    for code in ["3", r#""invalidInput""#] {
        let created = format!(r#"[{{"id":null,"error":{code},"errorDetails":"bad"}}]"#);
        assert!(as_given("BulkCreateContactAccounts", &created), "{created}");
        let not_processed = format!(r#"{{"7":{{"error":{code},"errorDetails":"gone"}}}}"#);
        assert!(as_given("BulkDeleteContactAccounts", &not_processed), "{not_processed}");
    }
}

#[test]
fn union_members_are_checked_as_their_variant() {
    assert!(as_given("GetSequenceStepById", r#"{"type":"carrierPigeon","delayInMinutes":5}"#));
    let step = r#"{"type":"email","id":3,"delayInMinutes":5,"executionMode":"automatic","variants":[]}"#;
    assert!(as_given("GetSequenceStepById", step));
    assert!(!as_given("GetSequenceStepById", &step.replace("5", "null")));
}

#[test]
fn bodies_that_do_not_decode_fail_both_ways() {
    let out_of_range = br#"{"items":[{"shinyNewNumber":1e400}]}"#;
    for body in [&br#"{"items":[{"id":"one"}]}"#[..], out_of_range, b"{\"items\":[]} trailing", b"\xff"] {
        assert!(matches!(round_trip_response("GetContacts", 200, body), Some(Err(_))));
        assert!(matches!(round_trip_response_as::<String>("GetContacts", 200, body), Some(Err(_))));
    }
}

/// Found by the `models` fuzz target (2026-12-05): an integer too large for
/// `i64`/`u64` is read as an `f64`. Without correctly rounded parsing
/// (serde_json's `float_roundtrip`), reading that `f64` back from its own
/// shortest spelling gave a neighbouring one, so the value changed each time
/// it passed through the SDK.
#[test]
fn a_number_beyond_64_bits_survives_every_round_trip() {
    for number in ["4444444444444444444444444444440303", "44444444444444444444444444444403", "1e308", "0.1"] {
        let body = format!(r#"{{"title":"Forbidden","detail":"d","tsatus":{number}}}"#);
        let first = round_trip_response("UpdateLinkedInAccountRevokeSettings", 403, body.as_bytes())
            .expect("typed")
            .expect("decodes");
        let again = serde_json::to_vec(&first).expect("encodes");
        let second =
            round_trip_response("UpdateLinkedInAccountRevokeSettings", 403, &again).expect("typed").expect("decodes");
        assert_eq!(first, second, "{number}");
    }
}
