//! Webhook deliveries for `node/lib/webhooks.js`: the engine's parser, its
//! in-memory record of handled event ids and the constant-time token check.
//! The delivery crosses back as JSON text, like every other body.

use std::collections::HashMap;

use napi::bindgen_prelude::Buffer;
use napi_derive::napi;
use reply_core::Headers;
use reply_core::webhooks::{self, MemorySeenEvents, SeenEvents};

/// A parsed delivery: its type, id, and the delivery as JSON text.
#[napi(object)]
pub struct ParsedWebhook {
    pub kind: String,
    pub id: String,
    pub json: String,
}

/// Parses a delivery; throws (with the engine's reason) when it is not one.
#[napi]
pub fn webhook_parse(body: Buffer, headers: HashMap<String, String>) -> napi::Result<ParsedWebhook> {
    let event = webhooks::parse(&body, &Headers(headers.into_iter().collect()))
        .map_err(|e| napi::Error::new(napi::Status::InvalidArg, e.to_string()))?;
    Ok(ParsedWebhook { kind: event.kind().to_owned(), id: event.id().to_owned(), json: event.to_json().to_string() })
}

#[napi]
pub fn webhook_verify_token(expected: String, given: String) -> bool {
    webhooks::verify_token(&expected, &given)
}

#[napi]
pub fn webhook_query_token(target: String) -> Option<String> {
    webhooks::query_token(&target)
}

/// The event types the SDK knows, in the spec's order.
#[napi]
pub fn webhook_event_types() -> Vec<&'static str> {
    webhooks::EventType::VALUES.to_vec()
}

/// The engine's in-memory record of handled event ids.
#[napi]
pub struct NativeSeenEvents {
    inner: MemorySeenEvents,
}

#[napi]
impl NativeSeenEvents {
    #[napi(constructor)]
    pub fn new(capacity: Option<u32>) -> Self {
        let capacity = capacity.map_or(MemorySeenEvents::DEFAULT_CAPACITY, |c| c as usize);
        NativeSeenEvents { inner: MemorySeenEvents::new(capacity) }
    }

    #[napi]
    pub fn seen(&self, event_id: String) -> bool {
        self.inner.seen(&event_id)
    }

    #[napi]
    pub fn forget(&self, event_id: String) {
        self.inner.forget(&event_id);
    }
}
