//! Webhook deliveries for Kotlin and Swift: the engine's parser, its record
//! of handled event ids and the constant-time token check. Errors here are
//! their own small type, apart from `ReplyError` (no request was made).

use std::collections::HashMap;
use std::fmt;

use reply_core::Headers;
use reply_core::webhooks::{self, MemorySeenEvents, SeenEvents};

use crate::generated::webhooks::WebhookDelivery;
use crate::json::JsonValue;

/// The request is not a Reply delivery.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
pub enum WebhookError {
    NotADelivery { reason: String },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let WebhookError::NotADelivery { reason } = self;
        f.write_str(reason)
    }
}

impl std::error::Error for WebhookError {}

/// One delivery: the envelope's members, the delivery typed by its
/// `event.type` (`delivery`: one record per event type, `Unknown` for a type
/// this SDK does not know), and the whole delivery as JSON (`data`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct WebhookEvent {
    /// `event.type`
    pub kind: String,
    /// `event.id`: the idempotency key.
    pub id: String,
    pub date: Option<String>,
    pub user_id: Option<i64>,
    pub team_id: Option<i64>,
    pub subscription_id: Option<i64>,
    /// Whether this SDK knows the event type.
    pub known: bool,
    /// The delivery as its event type's record (`WebhookDelivery.EmailReplied`, ...).
    pub delivery: WebhookDelivery,
    pub data: JsonValue,
}

/// Parses a delivery's body; `headers` are the request's (only `Content-Type` is read).
#[uniffi::export]
pub fn parse_webhook(body: Vec<u8>, headers: HashMap<String, String>) -> Result<WebhookEvent, WebhookError> {
    let event = webhooks::parse(&body, &Headers(headers.into_iter().collect()))
        .map_err(|e| WebhookError::NotADelivery { reason: e.to_string() })?;
    let envelope = event.envelope();
    let json = event.to_json();
    let delivery = WebhookDelivery::decode(event.kind(), json.clone())
        .map_err(|e| WebhookError::NotADelivery { reason: e.to_string() })?;
    Ok(WebhookEvent {
        kind: event.kind().to_owned(),
        id: event.id().to_owned(),
        date: envelope.date.clone(),
        user_id: envelope.user_id,
        team_id: envelope.team_id,
        subscription_id: envelope.subscription_id,
        known: !matches!(event, webhooks::Event::Unknown(_)),
        delivery,
        data: JsonValue(json),
    })
}

/// `given == expected` in constant time; an empty `expected` never matches.
#[uniffi::export]
pub fn verify_webhook_token(expected: String, given: String) -> bool {
    webhooks::verify_token(&expected, &given)
}

/// The `token` query parameter of a request target (`/hooks/reply?token=...`).
#[uniffi::export]
pub fn webhook_query_token(target: String) -> Option<String> {
    webhooks::query_token(&target)
}

/// The event types the SDK knows, in the spec's order.
#[uniffi::export]
pub fn webhook_event_types() -> Vec<String> {
    webhooks::EventType::VALUES.iter().map(|s| (*s).to_owned()).collect()
}

/// The engine's in-memory record of handled event ids (the latest `capacity`).
#[derive(uniffi::Object)]
pub struct WebhookSeenEvents(MemorySeenEvents);

#[uniffi::export]
impl WebhookSeenEvents {
    #[uniffi::constructor(default(capacity = 10000))]
    pub fn new(capacity: u32) -> Self {
        WebhookSeenEvents(MemorySeenEvents::new(capacity as usize))
    }

    /// Records `event_id`; whether it had been recorded before.
    pub fn seen(&self, event_id: String) -> bool {
        self.0.seen(&event_id)
    }

    /// Forgets `event_id`, so its next delivery is handled (after handling it failed).
    pub fn forget(&self, event_id: String) {
        self.0.forget(&event_id);
    }
}
