//! Webhook deliveries: events raised by state changes become HTTP POSTs to
//! the enabled subscriptions of that event type, in Reply's delivery format
//! (snake_case envelope, `contact_fields`, `sequence_fields`).
//!
//! A failed attempt (no answer, or not 2xx) is retried `webhooks.retries`
//! times, waiting `retryBackoffMs` and twice as long each time after; every
//! attempt of a delivery carries the same `event.id`. A subscription whose
//! deliveries fail every attempt `disableAfter` times in a row is disabled,
//! as the spec's EnableWebhook describes ("one Reply disabled after repeated
//! delivery failures"); `EnableWebhook` turns it back on. Counts and
//! timings are our choice: Reply documents none.
//!
//! The mock only ever connects to loopback addresses: a subscription to any
//! other host is kept (Reply would accept it) but its deliveries are refused
//! and logged with `httpStatus: null` (the spec's "could not be completed"). Every attempt is logged, successful or
//! not, so tests can read what was sent through `GET /v3/webhooks/{id}/logs`
//! (Reply itself documents the log as a record of failures).

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::answer::Answer;
use crate::auth::Identity;
use crate::clock;
use crate::resources::webhooks::LOGS;
use crate::shared::Shared;
use crate::state::{Event, State};
use crate::store::int;
use crate::validate::Input;

/// One POST to make.
#[derive(Debug)]
pub(crate) struct Delivery {
    subscription: i64,
    url: String,
    event_id: String,
    payload: Value,
}

/// Turns the events of a request into deliveries (with the state locked).
pub(crate) fn plan(state: &mut State, events: Vec<Event>) -> Vec<Delivery> {
    let mut out = Vec::new();
    for event in events {
        let subscribers: Vec<Value> = state
            .store
            .all("webhooks")
            .filter(|s| s["enabled"] == true && s["eventType"] == event.kind && int(s, "_team") == Some(event.team_id))
            .filter(|s| s["scope"] == "team" || int(s, "_owner") == Some(event.user_id))
            .cloned()
            .collect();
        for subscription in subscribers {
            out.push(delivery(state, &subscription, &event));
        }
    }
    out
}

fn delivery(state: &mut State, subscription: &Value, event: &Event) -> Delivery {
    let id = clock::uuid(&mut state.rng);
    let sub = int(subscription, "id").unwrap_or_default();
    let mut payload = Map::new();
    payload.insert(
        "event".into(),
        json!({ "date": clock::now_iso(), "id": id, "type": event.kind, "user_id": event.user_id,
                "team_id": event.team_id, "subscription_id": sub }),
    );
    if let Some(contact) = &event.contact {
        payload.insert("contact_fields".into(), contact_fields(contact));
        if subscription.pointer("/payloadConfig/includeProspectCustomFields") == Some(&json!(true)) {
            let custom: Map<String, Value> = contact["customFields"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|f| Some((f["key"].as_str()?.to_owned(), f["value"].clone())))
                .collect();
            payload.insert("contact_custom_fields".into(), Value::Object(custom));
        }
    }
    if let Some((sequence, step)) = &event.sequence {
        payload.insert(
            "sequence_fields".into(),
            json!({ "id": sequence["id"], "name": sequence["name"], "step_number": step }),
        );
    }
    if let Some(email) = &event.email {
        let config = |flag: &str| subscription["payloadConfig"][flag] == true;
        // `email_replied` names its members after the reply (Reply's payload docs); the others are our guess.
        let (url, text) = if event.kind == "email_replied" {
            ("reply_message_url", "reply_blob_url")
        } else {
            ("email_url", "email_text")
        };
        if config("includeEmailUrl") {
            payload.insert(url.into(), json!(email.url));
        }
        if config("includeEmailText") {
            let value =
                if event.kind == "email_replied" { format!("{}/reply.txt", email.url) } else { email.text.clone() };
            payload.insert(text.into(), json!(value));
        }
    }
    payload.extend(event.extra.clone());
    Delivery {
        subscription: sub,
        url: subscription["url"].as_str().unwrap_or_default().to_owned(),
        event_id: id,
        payload: Value::Object(payload),
    }
}

/// Reply's `contact_fields` block, in snake_case.
fn contact_fields(contact: &Value) -> Value {
    let pick = |k: &str| contact.get(k).cloned().unwrap_or(Value::Null);
    json!({
        "id": pick("id"), "email": pick("email"), "first_name": pick("firstName"), "last_name": pick("lastName"),
        "company": pick("company"), "title": pick("title"), "phone": pick("phone"), "linkedin_url": pick("linkedInUrl"),
        "city": pick("city"), "state": pick("state"), "country": pick("country"), "timezone": pick("timeZoneId"),
    })
}

/// Whether the mock may connect to `url`: http(s) to localhost or a loopback IP.
pub(crate) fn loopback(url: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(url) else { return false };
    let host = url.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
    let host_ok = host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    host_ok && matches!(url.scheme(), "http" | "https")
}

/// Makes a delivery, retrying a failed attempt with backoff, and disables
/// the subscription after `disableAfter` failed deliveries in a row.
async fn deliver_with_retries(shared: Arc<Shared>, delivery: Delivery) {
    let config = shared.config.webhooks.clone();
    let mut wait = Duration::from_millis(config.retry_backoff_ms);
    let mut delivered = false;
    for attempt in 0..=config.retries {
        if attempt > 0 {
            tokio::time::sleep(wait).await;
            wait = wait.saturating_mul(2);
            // A subscription deleted or disabled meanwhile gets no more attempts.
            let live = shared.lock().store.get("webhooks", delivery.subscription).is_some_and(|s| s["enabled"] == true);
            if !live {
                return;
            }
        }
        if matches!(deliver(shared.clone(), &delivery, attempt).await, Some(200..=299)) {
            delivered = true;
            break;
        }
    }
    let mut state = shared.lock();
    let Some(subscription) = state.store.get_mut("webhooks", delivery.subscription) else { return };
    let failures = if delivered { 0 } else { subscription["_failures"].as_u64().unwrap_or(0) + 1 };
    subscription["_failures"] = json!(failures);
    if config.disable_after > 0 && failures >= u64::from(config.disable_after) {
        subscription["enabled"] = json!(false);
    }
}

/// Makes one attempt (`attempt` 0 is the first, then the retries) and logs
/// it; the receiver's status, or `None` when none answered. The log keeps,
/// for the console, the attempt's number, URL, payload and latency as
/// bookkeeping members (`_attempt`...), which the API's log answers leave out.
pub(crate) async fn deliver(shared: Arc<Shared>, delivery: &Delivery, attempt: u32) -> Option<u16> {
    let started = std::time::Instant::now();
    let status = if loopback(&delivery.url) {
        let timeout = Duration::from_millis(shared.config.webhooks.timeout_ms);
        let body = serde_json::to_vec(&delivery.payload).unwrap_or_default();
        let request =
            shared.client.post(&delivery.url).timeout(timeout).header("content-type", "application/json").body(body);
        request.send().await.ok().map(|response| response.status().as_u16())
    } else {
        None
    };
    let log = json!({ "eventId": delivery.event_id, "httpStatus": status, "date": clock::now_iso(),
                      "_parent": delivery.subscription, "_attempt": attempt, "_url": delivery.url,
                      "_latencyMs": started.elapsed().as_millis() as u64, "_payload": delivery.payload });
    shared.lock().store.insert(LOGS, log);
    status
}

/// Sends every planned delivery in the background.
pub(crate) fn spawn_all(shared: &Arc<Shared>, deliveries: Vec<Delivery>) {
    if !shared.config.webhooks.enabled {
        return;
    }
    for d in deliveries {
        tokio::spawn(deliver_with_retries(shared.clone(), d));
    }
}

/// `POST /v3/webhooks/{id}/test`: a sample event of the subscription's type,
/// delivered before answering: 204 when the receiver took it, else the
/// spec's 502 ("dispatched, but the target URL could not be reached or
/// rejected the delivery"). A disabled subscription is a 404, as documented.
pub(crate) async fn test(shared: &Arc<Shared>, input: &Input, who: &Identity) -> Answer {
    let planned = {
        let mut state = shared.lock();
        let id = input.path_id("id");
        let subscription =
            state.store.get("webhooks", id).filter(|s| int(s, "_team").is_none_or(|t| t == who.team_id)).cloned();
        let subscription = subscription.filter(|s| s["enabled"] != false);
        let Some(subscription) = subscription else {
            return Answer::not_found("webHook.notFound", format!("webHook {id} does not exist or is disabled"));
        };
        let kind = crate::resources::webhooks::EVENTS
            .iter()
            .find(|e| subscription["eventType"] == **e)
            .copied()
            .unwrap_or("email_replied");
        let contact =
            json!({ "id": 0, "email": "test.contact@example.com", "firstName": "Test", "lastName": "Contact" });
        let event = Event {
            kind,
            user_id: who.user_id,
            team_id: who.team_id,
            contact: Some(contact),
            sequence: Some((json!({ "id": 0, "name": "Test sequence" }), Some(1))),
            extra: Map::from_iter([("test".to_owned(), Value::Bool(true))]),
            email: None,
        };
        delivery(&mut state, &subscription, &event)
    };
    match deliver(shared.clone(), &planned, 0).await {
        Some(200..=299) => Answer::empty(204),
        None => Answer::problem(502, "Could not reach target URL (the mock delivers to loopback addresses only).")
            .code("webHook.deliveryFailed"),
        Some(status) => {
            Answer::problem(502, format!("Target URL responded with status {status}.")).code("webHook.deliveryFailed")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::loopback;

    #[test]
    fn only_loopback_targets() {
        assert!(loopback("http://127.0.0.1:8080/hook"));
        assert!(loopback("http://localhost/hook"));
        assert!(loopback("http://[::1]:9/x"));
        assert!(!loopback("https://example.com/hook"));
        assert!(!loopback("http://10.0.0.1/hook"));
        assert!(!loopback("ftp://127.0.0.1/"));
        assert!(!loopback("not a url"));
    }
}
