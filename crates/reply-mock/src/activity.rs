//! What running sequences do as time passes, so that reports have something
//! true to count. The model (the mock's own; Reply publishes none):
//!
//! - An enrollment waits at one step (`_step`, its position in the sequence)
//!   until a due time (`_dueAt`, Unix ms). Enrolment sets both from
//!   `startStepId`, `startFrom` and `ignoreStepDelay`; after a step runs the
//!   next one is due its `delayInMinutes` later.
//! - Whenever a request reaches the mock, every active enrollment of an active
//!   sequence whose step is due runs it, as many steps as have come due.
//! - An email step sends one email (not to an opted-out contact) from one of
//!   the sequence's email accounts. It bounces with `activity.bounceRate`;
//!   otherwise it is opened with `openRate` and replied to with `replyRate`,
//!   each drawn from the seed and the email itself (sequence, contact, step).
//!   A bounce or a reply finishes the contact. Other steps run silently.
//! - An opened email whose text has a link has it clicked with `clickRate`
//!   (the draw comes after the others, so adding it changed no outcome).
//! - A LinkedIn step (`type: linkedIn`) acts by its `actionType`: `connect`
//!   sends a connection request, accepted with `acceptRate`; `message` and
//!   `inMail` send a message, replied to with `replyRate` (which finishes the
//!   contact); `commentOnRecentPost` comments when the contact has a LinkedIn
//!   URL and is skipped otherwise. Other LinkedIn actions run silently.
//! - Past the last step the contact is finished.
//!
//! Each email is recorded on its enrollment (`_sends`: when, which step, from
//! which account, and its fate), which is what reports count; each LinkedIn
//! connection request or message likewise (`_linkedIn`), for the console. Each of these
//! raises its webhook event (`email_sent`, `email_bounced`,
//! `email_opened`, `email_link_clicked`, `email_replied` + `contact_replied`,
//! `contact_finished`, and the `linkedin_*` events of the steps above).

use std::collections::{HashMap, HashSet};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use crate::clock;
use crate::resources::sequences;
use crate::state::{Ctx, EmailRef, Event, State};
use crate::store::int;

pub(crate) const ENROLLMENTS: &str = "sequence-contacts";

/// `currentStep` as sequence-contact answers show it, for the step at `index`.
pub(crate) fn step_info(step: &Value, index: usize) -> Value {
    let number = index as i64 + 1;
    json!({ "stepId": step["id"], "displayName": number.to_string(), "stepNumber": number })
}

/// The emails an enrollment was sent, oldest first.
pub(crate) fn sends(enrollment: &Value) -> impl Iterator<Item = &Value> {
    enrollment["_sends"].as_array().into_iter().flatten()
}

/// When an email of [`sends`] went out (Unix ms).
pub(crate) fn sent_at(send: &Value) -> u64 {
    send["at"].as_u64().unwrap_or(0)
}

/// When the step `step` runs for a contact enrolled at `from` (Unix ms).
pub(crate) fn due(step: &Value, from: u64, ignore_delay: bool) -> u64 {
    if ignore_delay { from } else { from.saturating_add(delay_ms(step)) }
}

fn delay_ms(step: &Value) -> u64 {
    step["delayInMinutes"].as_u64().unwrap_or(0).saturating_mul(60_000)
}

/// Runs every step that has come due in the active sequences.
pub(crate) fn advance(state: &mut State, ctx: &Ctx) {
    let running: HashSet<i64> = state
        .store
        .all("sequences")
        .filter(|s| s["status"] == "active" && s["isArchived"] != true)
        .filter_map(|s| int(s, "id"))
        .collect();
    if running.is_empty() {
        return;
    }
    let now = clock::now_ms();
    let due: Vec<(i64, i64)> = state
        .store
        .all(ENROLLMENTS)
        .filter(|e| e["statusInSequence"] == "active" && e["_dueAt"].as_u64().is_some_and(|at| at <= now))
        .filter_map(|e| Some((int(e, "id")?, int(e, "_parent").filter(|s| running.contains(s))?)))
        .collect();
    // Each sequence's document and steps, read once for all its due contacts.
    let mut read: HashMap<i64, (Value, Vec<Value>)> = HashMap::new();
    for (key, sequence) in due {
        let (doc, steps) = read.entry(sequence).or_insert_with(|| {
            let doc = state.store.get("sequences", sequence).cloned().unwrap_or_default();
            (doc, sequences::steps(&state.store, sequence))
        });
        run_due_steps(state, ctx, key, doc, steps, now);
    }
}

fn run_due_steps(state: &mut State, ctx: &Ctx, key: i64, sequence: &Value, steps: &[Value], now: u64) {
    loop {
        let Some(e) = state.store.get(ENROLLMENTS, key) else { return };
        let (index, at) = (e["_step"].as_u64().unwrap_or(0) as usize, e["_dueAt"].as_u64().unwrap_or(u64::MAX));
        if e["statusInSequence"] != "active" || at > now {
            return;
        }
        let Some(step) = steps.get(index) else {
            finish(state, ctx, key, sequence);
            return;
        };
        if step["type"] == "email" {
            send_email(state, ctx, key, sequence, step, index, at);
        } else if step["type"] == "linkedIn" {
            linkedin_step(state, ctx, key, sequence, step, index, at);
        }
        let still_active = state.store.get(ENROLLMENTS, key).is_some_and(|e| e["statusInSequence"] == "active");
        if !still_active {
            return;
        }
        let Some(next) = steps.get(index + 1) else {
            finish(state, ctx, key, sequence);
            return;
        };
        if let Some(e) = state.store.get_mut(ENROLLMENTS, key) {
            e["_step"] = json!(index + 1);
            e["_dueAt"] = json!(due(next, at, false));
            e["currentStep"] = step_info(next, index + 1);
        }
    }
}

/// An event about this enrollment, raised for the sequence's owner in its team.
fn event(kind: &'static str, ctx: &Ctx, sequence: &Value, contact: &Value, step: Option<usize>) -> Event {
    let mut event = Event::new(kind, ctx).contact(contact).sequence(sequence, step.map(|s| s as i64 + 1));
    event.team_id = int(sequence, "_team").unwrap_or(event.team_id);
    event.user_id = int(sequence, "ownerUserId").unwrap_or(event.user_id);
    event
}

/// The text of a step's first variant, and where the app would show the email sent to `contact`.
fn email_ref(state: &State, sequence: &Value, step: &Value, contact_id: i64) -> EmailRef {
    let text = state
        .store
        .all("step-variants")
        .find(|v| int(v, "_parent") == int(step, "id"))
        .and_then(|v| v["message"].as_str())
        .unwrap_or_default()
        .to_owned();
    let url = format!("https://mock.reply.io/sequences/{}/contacts/{contact_id}/steps/{}", sequence["id"], step["id"]);
    EmailRef { url, text }
}

/// The first http(s) link in `text`.
fn first_link(text: &str) -> Option<String> {
    let start = text.find("https://").or_else(|| text.find("http://"))?;
    let link: String = text[start..].chars().take_while(|c| !c.is_whitespace() && !"\"'<>)".contains(*c)).collect();
    Some(link)
}

fn send_email(state: &mut State, ctx: &Ctx, key: i64, sequence: &Value, step: &Value, index: usize, at: u64) {
    let Some(e) = state.store.get(ENROLLMENTS, key) else { return };
    let contact_id = int(e, "contactId").unwrap_or_default();
    let contact = state.store.get("contacts", contact_id).cloned().unwrap_or_default();
    if contact["isOptedOut"] == true {
        return;
    }
    let accounts: Vec<i64> =
        sequence["_emailAccounts"].as_array().into_iter().flatten().filter_map(Value::as_i64).collect();
    let account = (!accounts.is_empty()).then(|| accounts[contact_id.unsigned_abs() as usize % accounts.len()]);
    let rates = &ctx.config.activity;
    let mut rng = StdRng::seed_from_u64(email_seed(ctx.config.seed, int(sequence, "id"), contact_id, index));
    let bounced = rng.random_bool(rates.bounce_rate);
    let opened = !bounced && rng.random_bool(rates.open_rate);
    let replied = !bounced && rng.random_bool(rates.reply_rate);
    let email = email_ref(state, sequence, step, contact_id);
    let link = first_link(&email.text);
    let clicked = opened && link.is_some() && rng.random_bool(rates.click_rate);
    if let Some(e) = state.store.get_mut(ENROLLMENTS, key) {
        e["emailAccountId"] = json!(account);
        let sent = json!({ "at": at, "step": index + 1, "account": account, "opened": opened, "replied": replied,
                           "bounced": bounced });
        match e["_sends"].as_array_mut() {
            Some(sends) => sends.push(sent),
            None => e["_sends"] = json!([sent]),
        }
        if opened {
            e["_opened"] = json!(true);
        }
        if bounced {
            e["emailDisposition"]["isBounced"] = json!(true);
        }
        if replied {
            e["emailDisposition"]["isReplied"] = json!(true);
        }
        if bounced || replied {
            e["statusInSequence"] = json!("finished");
            e["currentStep"] = Value::Null;
        }
    }
    state.emit(event("email_sent", ctx, sequence, &contact, Some(index)).email(Some(email.clone())));
    if bounced {
        state.emit(event("email_bounced", ctx, sequence, &contact, Some(index)).with("bounce_type", json!("Hard")));
    }
    if opened {
        state.emit(event("email_opened", ctx, sequence, &contact, Some(index)).email(Some(email.clone())));
    }
    if let Some(link) = link.filter(|_| clicked) {
        state.emit(event("email_link_clicked", ctx, sequence, &contact, Some(index)).with("link_url", json!(link)));
    }
    if replied {
        let reply = event("email_replied", ctx, sequence, &contact, Some(index));
        state.emit(reply.with("reply_reason", json!("EmailDetected")).email(Some(email)));
        state.emit(event("contact_replied", ctx, sequence, &contact, Some(index)));
    }
    if bounced || replied {
        state.emit(event("contact_finished", ctx, sequence, &contact, None));
    }
}

/// A LinkedIn step for one contact (see the module's model).
fn linkedin_step(state: &mut State, ctx: &Ctx, key: i64, sequence: &Value, step: &Value, index: usize, at: u64) {
    let Some(e) = state.store.get(ENROLLMENTS, key) else { return };
    let contact_id = int(e, "contactId").unwrap_or_default();
    let contact = state.store.get("contacts", contact_id).cloned().unwrap_or_default();
    if contact["isOptedOut"] == true {
        return;
    }
    let rates = &ctx.config.activity;
    let mut rng = StdRng::seed_from_u64(email_seed(ctx.config.seed, int(sequence, "id"), contact_id, index));
    let raise = |state: &mut State, kind| state.emit(event(kind, ctx, sequence, &contact, Some(index)));
    let action = step["actionType"].as_str().unwrap_or_default();
    match action {
        "connect" => {
            raise(state, "linkedin_connection_request_sent");
            let accepted = rng.random_bool(rates.accept_rate);
            note_linkedin(state, key, json!({ "at": at, "step": index + 1, "action": action, "accepted": accepted }));
            if accepted {
                raise(state, "linkedin_connection_request_accepted");
            }
        }
        "message" | "inMail" => {
            raise(state, "linkedin_message_sent");
            let replied = rng.random_bool(rates.reply_rate);
            note_linkedin(state, key, json!({ "at": at, "step": index + 1, "action": action, "replied": replied }));
            if replied {
                if let Some(e) = state.store.get_mut(ENROLLMENTS, key) {
                    e["statusInSequence"] = json!("finished");
                    e["currentStep"] = Value::Null;
                }
                raise(state, "linkedin_message_replied");
                raise(state, "contact_replied");
                state.emit(event("contact_finished", ctx, sequence, &contact, None));
            }
        }
        "commentOnRecentPost" if contact["linkedInUrl"].as_str().is_some_and(|u| !u.is_empty()) => {
            raise(state, "linkedin_comment_posted");
        }
        "commentOnRecentPost" => {
            let skipped = event("linkedin_comment_skipped", ctx, sequence, &contact, Some(index));
            state.emit(skipped.with("reason", json!("The contact has no LinkedIn profile URL.")));
        }
        _ => {}
    }
}

/// Records a LinkedIn request or message on its enrollment (`_linkedIn`, like
/// `_sends` for emails), for the console's outbox; reports do not count these.
fn note_linkedin(state: &mut State, key: i64, sent: Value) {
    let Some(e) = state.store.get_mut(ENROLLMENTS, key) else { return };
    match e["_linkedIn"].as_array_mut() {
        Some(sent_before) => sent_before.push(sent),
        None => e["_linkedIn"] = json!([sent]),
    }
}

/// Past the last step: the contact is finished.
fn finish(state: &mut State, ctx: &Ctx, key: i64, sequence: &Value) {
    let Some(e) = state.store.get_mut(ENROLLMENTS, key) else { return };
    e["statusInSequence"] = json!("finished");
    e["currentStep"] = Value::Null;
    let contact_id = int(e, "contactId").unwrap_or_default();
    let contact = state.store.get("contacts", contact_id).cloned().unwrap_or_default();
    state.emit(event("contact_finished", ctx, sequence, &contact, None));
}

/// The seed of one email's draws: the same email gets the same fate in every run with this seed.
fn email_seed(seed: u64, sequence: Option<i64>, contact: i64, step: usize) -> u64 {
    [sequence.unwrap_or_default() as u64, contact as u64, step as u64].into_iter().fold(seed, |h, x| splitmix(h ^ x))
}

/// SplitMix64's finalizer: spreads nearby inputs (contact 7, contact 8) far apart.
fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}
