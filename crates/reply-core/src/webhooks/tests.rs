use serde_json::json;

use super::*;

fn json_headers() -> Headers {
    Headers(vec![("Content-Type".into(), "application/json; charset=utf-8".into())])
}

#[test]
fn a_delivery_decodes_into_the_type_its_event_type_names() {
    let body = json!({
        "event": { "id": "e-1", "type": "email_replied", "date": "2026-04-21T09:30:00.000Z", "user_id": 1,
                   "team_id": 2, "subscription_id": 3 },
        "contact_fields": { "id": 5, "email": "a@example.com", "first_name": "Ann" },
        "contact_custom_fields": { "Deal size": "50k" },
        "sequence_fields": { "id": 7, "name": "Q3", "step_number": 2 },
        "reply_reason": "EmailDetected",
    });
    let event = parse(body.to_string().as_bytes(), &json_headers()).unwrap();
    let Event::EmailReplied(e) = &event else { panic!("{event:?}") };
    assert_eq!(e.event.subscription_id, Some(3));
    assert_eq!(e.reply_reason, Some(ReplyReason::EmailDetected));
    assert_eq!(e.contact_fields.as_ref().and_then(|c| c.first_name.as_deref()), Some("Ann"));
    assert_eq!(e.contact_custom_fields.as_ref().unwrap()["Deal size"], "50k");
    assert_eq!((event.id(), event.kind()), ("e-1", "email_replied"));
    assert_eq!(event.sequence().and_then(|s| s.step_number), Some(2));
    assert_eq!(event.to_json(), body);
}

#[test]
fn unknown_event_types_and_members_decode_and_stay_reachable() {
    let body = json!({ "event": { "id": "e-2", "type": "meeting_booked", "trace": 1 }, "meeting": { "at": "x" } });
    let event = parse(body.to_string().as_bytes(), &Headers::default()).unwrap();
    let Event::Unknown(u) = &event else { panic!("{event:?}") };
    assert_eq!(u.extra["meeting"]["at"], "x");
    assert_eq!(u.event.extra["trace"], 1);
    assert_eq!(event.kind(), "meeting_booked");
    assert_eq!(event.to_json(), body);

    let body = json!({ "event": { "id": "e-3", "type": "email_bounced" }, "bounce_type": "Transient", "new": true });
    let event = parse(body.to_string().as_bytes(), &json_headers()).unwrap();
    let Event::EmailBounced(b) = &event else { panic!("{event:?}") };
    assert_eq!(b.bounce_type, Some(BounceType::Unknown("Transient".into())));
    assert_eq!(event.extra()["new"], true);
}

#[test]
fn bad_deliveries_are_typed_errors() {
    let h = json_headers();
    assert!(matches!(parse(b"nope", &h), Err(WebhookError::NotJson(_))));
    assert!(matches!(parse(b"[1]", &h), Err(WebhookError::NotJson(_))));
    assert_eq!(parse(br#"{"event":{"type":"email_sent"}}"#, &h), Err(WebhookError::NoEnvelope));
    assert_eq!(parse(br#"{"id":"x"}"#, &h), Err(WebhookError::NoEnvelope));
    let form = Headers(vec![("content-type".into(), "application/x-www-form-urlencoded".into())]);
    assert!(matches!(parse(b"{}", &form), Err(WebhookError::ContentType(_))));
    let wrong = br#"{"event":{"id":"x","type":"email_sent"},"contact_fields":{"id":"five"}}"#;
    assert!(matches!(parse(wrong, &h), Err(WebhookError::Shape { kind, .. }) if kind == "email_sent"));
}

#[test]
fn every_sample_parses_into_its_own_type() {
    for kind in EventType::VALUES {
        let body = sample(kind, "fresh-id", "2026-01-01T00:00:00.000Z").unwrap();
        let event = parse(body.to_string().as_bytes(), &json_headers()).unwrap();
        assert!(!matches!(event, Event::Unknown(_)), "{kind}");
        assert_eq!((event.kind(), event.id()), (*kind, "fresh-id"));
        assert!(event.extra().is_empty(), "{kind}: the sample has members its type lacks: {:?}", event.extra());
    }
}

#[test]
fn a_repeated_event_id_is_recognised_and_the_oldest_ids_are_forgotten() {
    let seen = MemorySeenEvents::new(2);
    assert!(!seen.seen("a"));
    assert!(seen.seen("a"));
    assert!(!seen.seen("b"));
    assert!(!seen.seen("c"));
    assert!(!seen.seen("a"), "capacity 2: `a` was forgotten");
    assert!(seen.seen("c"));
    seen.forget("c");
    assert!(!seen.seen("c"), "a forgotten id is new again");
}

#[test]
fn tokens_match_only_when_equal() {
    assert!(verify_token("s3cret-token", "s3cret-token"));
    assert!(!verify_token("s3cret-token", "s3cret-tokem"));
    assert!(!verify_token("s3cret-token", "s3cret"));
    assert!(!verify_token("s3cret", "s3cret-token"));
    assert!(!verify_token("", ""));
    assert_eq!(query_token("/hooks/reply?a=1&token=ab%2Bc+d").as_deref(), Some("ab+c d"));
    assert_eq!(query_token("/hooks/reply?tokens=x"), None);
    assert_eq!(query_token("/hooks/reply"), None);
}
