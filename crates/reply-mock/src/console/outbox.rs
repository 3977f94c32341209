//! The Outbox view: every email and LinkedIn message the running sequences
//! sent, as its recipient would see it (the step's first variant with the
//! contact's `{{variables}}` filled, as RenderEmailTemplate fills them),
//! grouped by sequence and step, with the fate the simulation drew
//! (opened, replied, bounced; accepted for a connection request).
//!
//! The sends are the ones [`crate::activity`] records on each enrollment
//! (`_sends`, `_linkedIn`). An email's body is HTML: it is shown in a
//! sandboxed frame (no scripts, no navigation), its markup escaped into
//! `srcdoc`, so it renders as in a mail client and cannot touch the page;
//! the contact's values are escaped before they are filled into it.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use super::html::{badge, esc, matches, text, time};
use crate::activity::ENROLLMENTS;
use crate::resources::sequences;
use crate::resources::templates::fill;
use crate::store::{Store, int};

/// One message sent to one contact.
struct Sent {
    at: u64,
    to: String,
    from: String,
    channel: &'static str,
    subject: String,
    message: String,
    fates: Vec<(&'static str, &'static str)>,
}

pub(super) fn render(store: &Store, filter: &str) -> String {
    // (sequence key, step number) → messages, in order of sequences and steps.
    let mut groups: BTreeMap<(i64, u64), Vec<Sent>> = BTreeMap::new();
    let mut steps_of: BTreeMap<i64, Vec<Value>> = BTreeMap::new();
    for enrollment in store.all(ENROLLMENTS) {
        let Some(sequence) = int(enrollment, "_parent") else { continue };
        let steps = steps_of.entry(sequence).or_insert_with(|| sequences::steps(store, sequence));
        let contact = int(enrollment, "contactId").and_then(|c| store.get("contacts", c)).cloned().unwrap_or_default();
        let emails = crate::activity::sends(enrollment).map(|send| ("email", send));
        let linkedin = enrollment["_linkedIn"].as_array().into_iter().flatten().map(|sent| ("linkedIn", sent));
        for (channel, sent) in emails.chain(linkedin) {
            let number = sent["step"].as_u64().unwrap_or(1);
            let step = steps.get(number.saturating_sub(1) as usize).cloned().unwrap_or_default();
            let message = message(store, &step, &contact, channel, sent);
            groups.entry((sequence, number)).or_default().push(message);
        }
    }
    let mut out = String::from("<h2>Outbox</h2>");
    let mut any = false;
    let mut current = None;
    for ((sequence, number), mut sent) in groups {
        sent.retain(|s| matches(&format!("{} {} {} {}", s.to, s.from, s.subject, s.message), filter));
        if sent.is_empty() {
            continue;
        }
        any = true;
        sent.sort_by_key(|s| s.at);
        if current != Some(sequence) {
            if current.is_some() {
                out.push_str("</section>");
            }
            current = Some(sequence);
            let name = store.get("sequences", sequence).map(|s| text(&s["name"])).unwrap_or_default();
            let _ = write!(out, "<section class=\"sequence\"><h3>Sequence {sequence}: {}</h3>", esc(&name));
        }
        let kind = steps_of[&sequence].get(number.saturating_sub(1) as usize).map(|s| text(&s["type"]));
        let _ = write!(
            out,
            "<h4>Step {number} ({}) · {} sent</h4><div class=\"messages\">",
            esc(&kind.unwrap_or_default()),
            sent.len()
        );
        for s in &sent {
            let fates: String = s.fates.iter().map(|(kind, label)| badge(kind, label)).collect();
            let shown = if s.channel == "email" {
                // Escaped once for the attribute: the frame parses it back into the email's own markup.
                format!("<iframe class=\"email\" sandbox title=\"email body\" srcdoc=\"{}\"></iframe>", esc(&s.message))
            } else {
                format!("<p class=\"linkedin\">{}</p>", esc(&s.message))
            };
            let _ = write!(
                out,
                "<article class=\"message {channel}\"><header><span>{at}</span> <b>To:</b> <span class=\"to\">{to}</span> \
                 <b>From:</b> {from} {fates}</header><div class=\"subject\">{subject}</div>{shown}</article>",
                channel = s.channel,
                at = time(s.at),
                to = esc(&s.to),
                from = esc(&s.from),
                subject = esc(&s.subject),
            );
        }
        out.push_str("</div>");
    }
    if current.is_some() {
        out.push_str("</section>");
    }
    if !any {
        out.push_str("<p class=\"none\">No messages sent yet: start a sequence with contacts enrolled.</p>");
    }
    out
}

/// What `contact` received at this step, rendered from the step's first variant.
fn message(store: &Store, step: &Value, contact: &Value, channel: &'static str, sent: &Value) -> Sent {
    let variant = store.all("step-variants").find(|v| int(v, "_parent") == int(step, "id"));
    let field = |name: &str| variant.and_then(|v| v[name].as_str()).or_else(|| step[name].as_str()).unwrap_or_default();
    // Unfilled variables stay as written, which is what the recipient would see.
    let mut unresolved = Vec::new();
    let subject = fill(field("subject"), contact, &mut unresolved);
    // An email's body is HTML and a contact's fields are text: they go in escaped, so
    // a contact named `<b>` reads as such (a LinkedIn message is text throughout).
    let message = if channel == "email" {
        fill(field("message"), &escaped(contact), &mut unresolved)
    } else {
        fill(field("message"), contact, &mut unresolved)
    };
    let name = format!("{} {}", text(&contact["firstName"]), text(&contact["lastName"]));
    let flag = |member: &str| sent[member] == true;
    let mut fates = Vec::new();
    let (to, from) = if channel == "email" {
        let from = int(sent, "account")
            .and_then(|a| store.get("email-accounts", a))
            .and_then(|a| a.pointer("/connection/email").map(text))
            .unwrap_or_default();
        for (member, kind, label) in
            [("bounced", "bad", "bounced"), ("opened", "ok", "opened"), ("replied", "ok", "replied")]
        {
            if flag(member) {
                fates.push((kind, label));
            }
        }
        (format!("{} <{}>", name.trim(), text(&contact["email"])), from)
    } else {
        let action = sent["action"].as_str().unwrap_or_default();
        fates.push(("info", if action == "connect" { "connection request" } else { "message" }));
        if flag("accepted") {
            fates.push(("ok", "accepted"));
        }
        if flag("replied") {
            fates.push(("ok", "replied"));
        }
        (format!("{} {}", name.trim(), text(&contact["linkedInUrl"])), "LinkedIn".to_owned())
    };
    let subject = if channel == "email" { subject } else { String::new() };
    Sent { at: sent["at"].as_u64().unwrap_or(0), to, from, channel, subject, message, fates }
}

/// `value` with every text in it HTML-escaped.
fn escaped(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(esc(s)),
        Value::Array(items) => Value::Array(items.iter().map(escaped).collect()),
        Value::Object(members) => Value::Object(members.iter().map(|(k, v)| (k.clone(), escaped(v))).collect()),
        other => other.clone(),
    }
}
