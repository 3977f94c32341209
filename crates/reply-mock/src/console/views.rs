//! The Requests, Webhooks and Faults & limits views.

use std::fmt::Write;
use std::sync::Arc;

use serde_json::Value;

use super::html::{badge, body, esc, matches, table, text, time};
use crate::requests::Record;
use crate::resources::webhooks::LOGS;
use crate::shared::Shared;
use crate::store::{Store, int};

/// How many requests or deliveries a view lists (the newest).
const SHOWN: usize = 300;

/// The request log, newest first: one line per request, its bodies on click.
pub(super) fn requests(records: &[Record], filter: &str) -> String {
    let mut out = String::from("<h2>Requests</h2><div class=\"rows requests\">");
    out.push_str(
        "<div class=\"row head\"><span>#</span><span>time (UTC)</span><span>user</span><span>method</span>\
         <span>path</span><span>status</span><span>latency</span><span>operation</span><span>fault</span></div>",
    );
    let mut shown = 0;
    for r in records {
        let user = r.user.map(|u| format!("user {u}")).unwrap_or_default();
        let status = r.status.map_or_else(|| "---".to_owned(), |s| s.to_string());
        let mut fault = r.fault.unwrap_or_default().to_owned();
        if let Some(delay) = r.delayed_ms {
            fault = format!("{fault} +{delay}ms").trim().to_owned();
        }
        let path = &r.target;
        let line = format!("{} {} {user} {} {path} {status} {} {fault}", r.number, time(r.at_ms), r.method, r.op);
        if !matches(&line, filter) {
            continue;
        }
        shown += 1;
        if shown > SHOWN {
            break;
        }
        let class = match r.status {
            Some(200..=399) => "ok",
            Some(400..=499) => "warn",
            _ => "bad",
        };
        let fault = if fault.is_empty() { String::new() } else { badge("bad", &fault) };
        let _ = write!(
            out,
            "<details class=\"row\" data-key=\"req-{n}\"><summary><span>{n}</span><span>{at}</span><span>{user}</span>\
             <span class=\"method\">{method}</span><span class=\"path\">{path}</span><span>{status}</span>\
             <span>{latency} ms</span><span>{op}</span><span>{fault}</span></summary>\
             <div class=\"bodies\"><div><h4>Request body</h4><pre>{request}</pre></div>\
             <div><h4>Answer body</h4><pre>{answer}</pre></div></div></details>",
            n = r.number,
            at = time(r.at_ms),
            user = esc(&user),
            method = esc(r.method.as_str()),
            path = esc(path),
            status = badge(class, &status),
            latency = r.latency_ms,
            op = esc(r.op),
            request = body(&r.request_body),
            answer = body(&r.response_body),
        );
    }
    if shown == 0 {
        out.push_str("<p class=\"none\">No API requests yet.</p>");
    }
    out.push_str("</div>");
    out
}

/// The subscriptions (disabled ones marked) and every delivery attempt, newest first.
pub(super) fn webhooks(store: &Store, filter: &str) -> String {
    let subscriptions = store.all("webhooks").map(|s| {
        let state = if s["enabled"] == true { badge("ok", "enabled") } else { badge("bad", "disabled") };
        vec![
            esc(&text(&s["id"])),
            esc(&text(&s["eventType"])),
            esc(&text(&s["url"])),
            state,
            esc(&s["_failures"].as_u64().unwrap_or(0).to_string()),
        ]
    });
    let mut out = String::from("<h2>Subscriptions</h2>");
    out.push_str(&table(
        "subscriptions",
        &["id", "event", "url", "state", "failed deliveries in a row"],
        subscriptions,
    ));
    out.push_str("<h2>Delivery attempts</h2><div class=\"rows deliveries\">");
    out.push_str(
        "<div class=\"row head\"><span>date</span><span>subscription</span><span>event</span><span>attempt</span>\
         <span>receiver status</span><span>latency</span><span>event id</span></div>",
    );
    let mut shown = 0;
    let attempts: Vec<&Value> = store.all(LOGS).collect();
    for log in attempts.into_iter().rev() {
        let event = log.pointer("/_payload/event/type").map(text).unwrap_or_default();
        let attempt = log["_attempt"].as_u64().unwrap_or(0);
        let attempt = if attempt == 0 { "first".to_owned() } else { format!("retry {attempt}") };
        let status = log["httpStatus"].as_u64().map_or_else(|| "no answer".to_owned(), |s| s.to_string());
        let sub = int(log, "_parent").unwrap_or_default();
        let line = format!("{} {sub} {event} {attempt} {status} {}", text(&log["date"]), text(&log["eventId"]));
        if !matches(&line, filter) {
            continue;
        }
        shown += 1;
        if shown > SHOWN {
            break;
        }
        let class = if log["httpStatus"].as_u64().is_some_and(|s| (200..300).contains(&s)) { "ok" } else { "bad" };
        let payload = serde_json::to_vec(&log["_payload"]).unwrap_or_default();
        let _ = write!(
            out,
            "<details class=\"row\" data-key=\"hook-{id}\"><summary><span>{date}</span><span>{sub}</span>\
             <span>{event}</span><span>{attempt}</span><span>{status}</span><span>{latency} ms</span>\
             <span class=\"path\">{event_id}</span></summary><div class=\"bodies\"><div><h4>POST {url}</h4>\
             <pre>{payload}</pre></div></div></details>",
            id = esc(&text(&log["id"])),
            date = esc(&text(&log["date"])),
            event = esc(&event),
            attempt = esc(&attempt),
            status = badge(class, &status),
            latency = log["_latencyMs"].as_u64().unwrap_or(0),
            event_id = esc(&text(&log["eventId"])),
            url = esc(&text(&log["_url"])),
            payload = body(&payload),
        );
    }
    if shown == 0 {
        out.push_str("<p class=\"none\">No deliveries yet.</p>");
    }
    out.push_str("</div>");
    out
}

/// The fault rules in force and what they did, and each user's rate-limit windows.
pub(super) fn faults(shared: &Arc<Shared>) -> String {
    let rules = serde_json::to_string_pretty(&shared.faults.config()).unwrap_or_default();
    let counts = shared.faults.counts();
    let mut out = String::from("<h2>Fault rules in force</h2>");
    let _ = write!(out, "<pre id=\"rules\">{}</pre>", esc(&rules));
    let statuses = |m: &std::collections::BTreeMap<u16, u64>| {
        m.iter().map(|(status, n)| format!("{status}: {n}")).collect::<Vec<_>>().join(", ")
    };
    let rows = [
        ("errors before acting", statuses(&counts.errors)),
        ("errors after acting", statuses(&counts.errors_after)),
        ("resets before acting", counts.resets.to_string()),
        ("resets after acting", counts.resets_after.to_string()),
        ("truncated answers", counts.truncated.to_string()),
        ("delayed requests", counts.delayed.to_string()),
    ];
    out.push_str("<h2>Faults injected</h2>");
    out.push_str(&table("fault-counts", &["fault", "count"], rows.iter().map(|(name, n)| vec![esc(name), esc(n)])));
    let limits = shared.limiter.counts();
    let _ = write!(out, "<h2>Rate limits</h2><p>429s sent by the limiter: {}</p>", limits.rejected);
    let windows = limits.users.iter().flat_map(|(user, usage)| {
        usage.windows.iter().map(move |w| {
            vec![
                format!("user {user}"),
                esc(w.class),
                esc(w.window),
                format!("<meter min=\"0\" max=\"{}\" value=\"{}\"></meter> {} / {}", w.limit, w.used, w.used, w.limit),
                format!("{:.1} s", w.resets_in_ms as f64 / 1000.0),
                usage.rejected.to_string(),
            ]
        })
    });
    out.push_str(&table("limits", &["user", "class", "window", "used", "resets in", "429s"], windows));
    out
}

/// The form that replaces the fault rules (outside the refreshed view, so typing is not interrupted).
pub(super) fn fault_form() -> String {
    "<form id=\"fault-form\"><h2>Change the fault rules</h2>\
     <p>The same as <code>PUT /__mock/faults</code>: the rules are replaced, reseeded and their counters zeroed. \
     Example: <code>{\"operations\": {\"GetContacts\": {\"errors\": {\"503\": 1}}}}</code></p>\
     <textarea id=\"fault-rules\" name=\"rules\" rows=\"8\" spellcheck=\"false\"></textarea>\
     <button type=\"submit\">Apply</button> <output id=\"fault-result\"></output></form>"
        .to_owned()
}
