//! Receiving Reply's webhook deliveries, without I/O.
//!
//! - [`parse`] turns a delivery's body into an [`Event`], typed by its
//!   `event.type`. An event type or a member this SDK does not know still
//!   decodes ([`Event::Unknown`], `extra`), as the API models do.
//! - [`SeenEvents`] says whether an `event.id` was already handled: Reply may
//!   deliver the same event twice, and its `event.id` is the idempotency key.
//!   [`MemorySeenEvents`] is the in-process default; implement the trait over
//!   your database to share it between processes.
//! - [`verify_token`]: Reply signs nothing, so a receiver proves a delivery
//!   came from its own subscription by an unguessable secret in the URL it
//!   gave Reply (`https://app.example.com/hooks/reply?token=<secret>`, or the
//!   secret as a path segment). Compare it in constant time.

mod generated;
mod seen;

use std::fmt;

pub use generated::*;
pub use seen::{MemorySeenEvents, SeenEvents};

use crate::http::Headers;

/// Why a delivery could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookError {
    /// The request says its body is not JSON (`Content-Type`).
    ContentType(String),
    /// The body is not a JSON object.
    NotJson(String),
    /// The body has no `event` object with a string `type` and `id`.
    NoEnvelope,
    /// A member of a known event has the wrong type (`event.type`, the decoder's message).
    Shape { kind: String, detail: String },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::ContentType(t) => write!(f, "the delivery's Content-Type is `{t}`, not JSON"),
            WebhookError::NotJson(e) => write!(f, "the delivery's body is not a JSON object: {e}"),
            WebhookError::NoEnvelope => {
                f.write_str("the delivery has no `event` envelope with a string `type` and `id`")
            }
            WebhookError::Shape { kind, detail } => write!(f, "the `{kind}` delivery is malformed: {detail}"),
        }
    }
}

impl std::error::Error for WebhookError {}

/// The name of the query parameter [`query_token`] reads.
pub const TOKEN_PARAM: &str = "token";

/// Reads one delivery. `headers` are the request's; only `Content-Type` is
/// looked at (absent is accepted, anything but JSON is refused).
pub fn parse(body: &[u8], headers: &Headers) -> Result<Event, WebhookError> {
    if let Some(kind) = headers.get("content-type") {
        let essence = kind.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if essence != "application/json" && !essence.ends_with("+json") {
            return Err(WebhookError::ContentType(kind.to_owned()));
        }
    }
    let body: serde_json::Value = serde_json::from_slice(body).map_err(|e| WebhookError::NotJson(e.to_string()))?;
    if !body.is_object() {
        return Err(WebhookError::NotJson("not an object".into()));
    }
    let envelope = &body["event"];
    let kind = envelope["type"].as_str().ok_or(WebhookError::NoEnvelope)?.to_owned();
    if !envelope["id"].is_string() {
        return Err(WebhookError::NoEnvelope);
    }
    Event::decode(&kind, body).map_err(|e| WebhookError::Shape { kind, detail: e.to_string() })
}

impl Event {
    /// `event.id`: unique per delivery, the idempotency key.
    pub fn id(&self) -> &str {
        &self.envelope().id
    }

    /// `event.type` as sent (also for [`Event::Unknown`]).
    pub fn kind(&self) -> &str {
        &self.envelope().kind
    }

    /// The delivery as JSON again (known and unknown members).
    pub fn to_json(&self) -> serde_json::Value {
        // Every member is a JSON value already, so this cannot fail.
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// Whether `given` equals `expected`, taking the same time wherever they
/// differ (so the secret cannot be guessed byte by byte from timings). An
/// empty `expected` never matches: a receiver without a secret is a mistake.
pub fn verify_token(expected: &str, given: &str) -> bool {
    let (a, b) = (expected.as_bytes(), given.as_bytes());
    if a.is_empty() {
        return false;
    }
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= usize::from(x ^ y);
    }
    // Keep the comparison from being turned into an early exit.
    std::hint::black_box(diff) == 0
}

/// The `token` query parameter of a request target (`/hooks/reply?token=…`), percent-decoded.
pub fn query_token(target: &str) -> Option<String> {
    let query = target.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or_default();
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (name == TOKEN_PARAM).then(|| percent_decode(value))
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A sample delivery of `kind` (one of [`EventType::VALUES`]) from the
/// description's examples, with the given envelope values: what
/// `reply webhooks trigger` sends.
pub fn sample(kind: &str, id: &str, date: &str) -> Option<serde_json::Value> {
    let text = SAMPLES.iter().find(|(k, _)| *k == kind)?.1;
    let mut body: serde_json::Value = serde_json::from_str(text).ok()?;
    body["event"]["id"] = id.into();
    body["event"]["date"] = date.into();
    Some(body)
}

#[cfg(test)]
mod tests;
