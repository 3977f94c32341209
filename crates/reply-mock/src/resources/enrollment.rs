//! Contacts in sequences: enrolling (bulk, with per-item results), the first
//! step going out when a sequence runs, statuses, replies, bounces, opt-outs,
//! and removal. Enrollments live in the `sequence-contacts` collection, one
//! document per (sequence, contact), parented by the sequence.

use serde_json::{Value, json};

use super::catalog::{Resource, resource};
use super::{crud, failures, ids_in, sequences};
use crate::activity::{self, ENROLLMENTS};
use crate::answer::Answer;
use crate::clock;
use crate::state::{Ctx, Event, State};
use crate::store::{Store, int};
use reply_core::OperationId as Op;

pub(super) fn handle(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    let sequence = ctx.input.path_id("id");
    let answer = match ctx.op.key {
        Op::BulkAddContactsToSequence => bulk_add(state, ctx, sequence),
        Op::MoveContactToSequence => move_contact(state, ctx),
        Op::GetSequenceContacts => {
            let items = of_sequence(&state.store, sequence).map(|e| render(state, e));
            Ok(crud::page(ctx, items))
        }
        Op::CountSequenceContacts => {
            Ok(Answer::json(200, json!({ "count": of_sequence(&state.store, sequence).count() })))
        }
        Op::GetSequenceContactById => one(state, sequence, ctx.input.path_id("contact_id"))
            .map(|e| Answer::json(200, crate::shape::project(crate::samples::body(ctx.op.key), &render(state, e)))),
        Op::RemoveContactFromSequence => {
            let contact = ctx.input.path_id("contact_id");
            one(state, sequence, contact).map(|_| ()).map(|()| {
                remove(&mut state.store, sequence, contact);
                Answer::empty(204)
            })
        }
        Op::BulkRemoveContactsFromSequence => Ok(bulk_remove(state, ctx, sequence)),
        Op::SetSequenceContactsStatusInSequence | Op::SetSequenceContactsReplied | Op::SetSequenceContactsBounced => {
            Ok(set_many(state, ctx, Some(sequence)))
        }
        Op::SetContactsStatusInSequence | Op::SetContactsReplied | Op::SetContactsBounced | Op::SetContactsOptedOut => {
            Ok(set_many(state, ctx, None))
        }
        Op::GetContactSequences => {
            let contact = ctx.input.path_id("id");
            let items = of_contact(&state.store, contact).map(|e| with_sequence_name(state, e));
            Ok(crud::page(ctx, items))
        }
        Op::GetContactStatuses => Ok(statuses(state, ctx)),
        _ => return None,
    };
    Some(answer.unwrap_or_else(|a| a))
}

fn contacts() -> &'static Resource {
    resource("contacts")
}

fn of_sequence(store: &Store, sequence: i64) -> impl Iterator<Item = &Value> {
    store.all(ENROLLMENTS).filter(move |e| int(e, "_parent") == Some(sequence))
}

/// Whether any contact takes part in the sequence.
pub(super) fn has_contacts(store: &Store, sequence: i64) -> bool {
    of_sequence(store, sequence).next().is_some()
}

fn of_contact(store: &Store, contact: i64) -> impl Iterator<Item = &Value> {
    store.all(ENROLLMENTS).filter(move |e| int(e, "contactId") == Some(contact))
}

fn key(store: &Store, sequence: i64, contact: i64) -> Option<i64> {
    of_sequence(store, sequence).find(|e| int(e, "contactId") == Some(contact)).and_then(|e| int(e, "id"))
}

fn one(state: &State, sequence: i64, contact: i64) -> Result<&Value, Answer> {
    key(&state.store, sequence, contact).and_then(|k| state.store.get(ENROLLMENTS, k)).ok_or_else(|| {
        Answer::not_found("sequenceContact.notInSequence", format!("contact {contact} is not in sequence {sequence}"))
    })
}

fn remove(store: &mut Store, sequence: i64, contact: i64) {
    store.remove_where(ENROLLMENTS, |e| int(e, "_parent") == Some(sequence) && int(e, "contactId") == Some(contact));
}

/// Drops the enrollments of a deleted sequence.
pub(super) fn forget_sequence(store: &mut Store, sequence: i64) {
    store.remove_where(ENROLLMENTS, |e| int(e, "_parent") == Some(sequence));
}

/// Drops the enrollments of a deleted contact.
pub(super) fn forget_contact(store: &mut Store, contact: i64) {
    store.remove_where(ENROLLMENTS, |e| int(e, "contactId") == Some(contact));
}

/// An enrollment as sequence-contact lists show it: the contact's fields and the enrollment's.
fn render(state: &State, enrollment: &Value) -> Value {
    let mut doc =
        int(enrollment, "contactId").and_then(|c| state.store.get("contacts", c)).cloned().unwrap_or_else(|| json!({}));
    if let (Value::Object(out), Value::Object(e)) = (&mut doc, enrollment) {
        out.remove("id");
        for (k, v) in e {
            out.insert(k.clone(), v.clone());
        }
    }
    doc
}

fn with_sequence_name(state: &State, enrollment: &Value) -> Value {
    let mut doc = enrollment.clone();
    let name = int(enrollment, "sequenceId").and_then(|s| state.store.get("sequences", s)).map(|s| s["name"].clone());
    doc["sequenceName"] = name.unwrap_or_default();
    doc
}

/// Where and when enrolled contacts start: the step `startStepId` names (the
/// first by default), due by that step's delay from `startFrom` (now by
/// default), or at once with `ignoreStepDelay`.
struct Start {
    index: usize,
    step: Value,
    due: u64,
}

fn start(state: &State, ctx: &Ctx, sequence: i64) -> Result<Option<Start>, Answer> {
    let steps = sequences::steps(&state.store, sequence);
    let index = match ctx.input.member("startStepId").as_i64() {
        None => 0,
        Some(id) => steps.iter().position(|s| int(s, "id") == Some(id)).ok_or_else(|| {
            Answer::validation(vec![("/startStepId".into(), format!("step {id} is not a step of sequence {sequence}"))])
        })?,
    };
    let Some(step) = steps.into_iter().nth(index) else { return Ok(None) };
    let from = ctx.input.member("startFrom").as_str().and_then(clock::parse_iso).unwrap_or_else(clock::now_ms);
    let ignore_delay = ctx.input.member("ignoreStepDelay").as_bool().unwrap_or(false);
    Ok(Some(Start { due: activity::due(&step, from, ignore_delay), index, step }))
}

/// How a contact can join a sequence: as a new participant, or (already in
/// it) by being moved forward to a start step ahead of its current one.
enum Admission {
    New,
    Forward(i64),
}

/// Whether a contact may join, or the per-item code and reason why not. Every
/// refusal but a missing contact is `invalidInput`, as Reply's live API
/// answers (real-behaviour.md, "Sequences and enrolment" [cli]).
fn admission(
    state: &State,
    ctx: &Ctx,
    sequence: i64,
    contact: i64,
    start: &Start,
) -> Result<Admission, (&'static str, String)> {
    let Ok(doc) = crud::get(state, ctx, contacts(), contact) else {
        return Err(("contactNotFound", format!("contact {contact} does not exist")));
    };
    if let Some(key) = key(&state.store, sequence, contact) {
        let current = state.store.get(ENROLLMENTS, key).cloned().unwrap_or_default();
        let at = current["_step"].as_u64().unwrap_or(0) as usize;
        if current["statusInSequence"] != "finished" && start.index > at {
            return Ok(Admission::Forward(key));
        }
        return Err((
            "invalidInput",
            format!("contact {contact} is already in sequence {sequence} at or past that step"),
        ));
    }
    if doc["isOptedOut"].as_bool() == Some(true) {
        return Err(("invalidInput", format!("contact {contact} has opted out")));
    }
    let email = doc["email"].as_str().unwrap_or_default().to_ascii_lowercase();
    if !email.is_empty() && blacklisted(state, ctx, &email) {
        return Err(("invalidInput", format!("the email of contact {contact} is blacklisted")));
    }
    Ok(Admission::New)
}

/// Blacklist rules: a matching email or domain rule, unless an exception names the address.
fn blacklisted(state: &State, ctx: &Ctx, email: &str) -> bool {
    let patterns = |collection: &'static str| {
        state
            .store
            .all(collection)
            .filter(|r| crud::visible(r, ctx))
            .filter_map(|r| r["pattern"].as_str().map(str::to_ascii_lowercase))
    };
    let domain = email.rsplit('@').next().unwrap_or_default();
    let excepted = patterns("blacklist-email-exceptions").any(|p| p == email);
    let ruled = patterns("blacklist-emails").any(|p| p == email)
        || patterns("blacklist-domains").any(|p| domain == p || domain.ends_with(&format!(".{p}")));
    ruled && !excepted
}

/// Enrols the contact, or moves it forward; it waits at the start step until that step is due.
fn admit(state: &mut State, ctx: &Ctx, sequence: i64, contact: i64, start: &Start, how: Admission) {
    let placed = json!({
        "currentStep": activity::step_info(&start.step, start.index), "_step": start.index, "_dueAt": start.due,
    });
    let key = match how {
        Admission::Forward(key) => key,
        Admission::New => state.store.insert(
            ENROLLMENTS,
            json!({
                "contactId": contact,
                "sequenceId": sequence,
                "statusInSequence": "active",
                "addingDate": clock::now_iso(),
                "emailDisposition": { "isReplied": false, "isBounced": false },
                "emailAccountId": null,
                "_sends": [],
                "_team": ctx.who.team_id,
                "_parent": sequence,
            }),
        ),
    };
    if let (Some(Value::Object(doc)), Value::Object(placed)) = (state.store.get_mut(ENROLLMENTS, key), placed) {
        doc.extend(placed);
    }
}

/// Takes a contact out of every sequence but `kept`.
fn leave_others(store: &mut Store, contact: i64, kept: i64) {
    store.remove_where(ENROLLMENTS, |e| int(e, "contactId") == Some(contact) && int(e, "_parent") != Some(kept));
}

/// `removeFromExisting` defaults to `false` for both enrolment operations, as their request schemas say.
fn remove_from_existing(ctx: &Ctx) -> bool {
    ctx.input.member("removeFromExisting").as_bool().unwrap_or(false)
}

/// Enrols a contact that `ImportContacts` imported with `options.sequenceId`, at the
/// sequence's first step; left out for the reasons a bulk add refuses it.
pub(super) fn enrol_imported(state: &mut State, ctx: &Ctx, sequence: i64, contact: i64) {
    let Ok(Some(start)) = start(state, ctx, sequence) else { return };
    if let Ok(how) = admission(state, ctx, sequence, contact, &start) {
        admit(state, ctx, sequence, contact, &start, how);
    }
}

fn bulk_add(state: &mut State, ctx: &Ctx, sequence: i64) -> Result<Answer, Answer> {
    let Some(start) = start(state, ctx, sequence)? else {
        return Err(Answer::problem(400, "Sequence has no steps to enroll contacts into.")
            .code("sequenceContact.noStepsInSequence"));
    };
    let mut added = Vec::new();
    let mut failed = Vec::new();
    for contact in ids_in(ctx.input.body.as_ref()) {
        match admission(state, ctx, sequence, contact, &start) {
            Err((code, detail)) => failed.push((contact, code, detail)),
            Ok(how) => {
                if remove_from_existing(ctx) {
                    leave_others(&mut state.store, contact, sequence);
                }
                admit(state, ctx, sequence, contact, &start, how);
                added.push(contact);
            }
        }
    }
    Ok(Answer::json(200, json!({ "added": added, "notProcessed": failures(failed) })))
}

fn move_contact(state: &mut State, ctx: &Ctx) -> Result<Answer, Answer> {
    let contact = ctx.input.path_id("id");
    let sequence = ctx.input.member("sequenceId").as_i64().unwrap_or_default();
    if crud::get(state, ctx, resource("sequences"), sequence).is_err() {
        return Err(Answer::not_found("contact.sequenceNotFound", format!("Sequence {sequence} not found.")));
    }
    let refused = |detail: String| Answer::problem(400, detail).code("contact.invalidInput");
    let Some(start) = start(state, ctx, sequence)? else {
        return Err(refused(format!("sequence {sequence} has no steps to enroll contacts into")));
    };
    let how = admission(state, ctx, sequence, contact, &start).map_err(|(_, detail)| refused(detail))?;
    if remove_from_existing(ctx) {
        leave_others(&mut state.store, contact, sequence);
    }
    admit(state, ctx, sequence, contact, &start, how);
    Ok(Answer::empty(204))
}

fn bulk_remove(state: &mut State, ctx: &Ctx, sequence: i64) -> Answer {
    let ids = ids_in(ctx.input.body.as_ref());
    let (mut removed, mut not_found, mut not_in) = (Vec::new(), 0, 0);
    for contact in &ids {
        if crud::get(state, ctx, contacts(), *contact).is_err() {
            not_found += 1;
        } else if key(&state.store, sequence, *contact).is_none() {
            not_in += 1;
        } else {
            remove(&mut state.store, sequence, *contact);
            removed.push(*contact);
        }
    }
    let body = json!({ "requested": ids.len(), "removed": removed.len(), "notFound": not_found,
                       "notInSequence": not_in, "removedIds": removed });
    Answer::json(200, body)
}

/// The status, replied, bounced and opted-out setters, for one sequence or all of a contact's.
fn set_many(state: &mut State, ctx: &Ctx, sequence: Option<i64>) -> Answer {
    let mut failed = Vec::new();
    for contact in ids_in(ctx.input.body.as_ref()) {
        let Ok(doc) = crud::get(state, ctx, contacts(), contact).cloned() else {
            failed.push((contact, "notFound", format!("contact {contact} does not exist")));
            continue;
        };
        let keys: Vec<i64> = of_contact(&state.store, contact)
            .filter(|e| sequence.is_none() || int(e, "_parent") == sequence)
            .filter_map(|e| int(e, "id"))
            .collect();
        if keys.is_empty() && sequence.is_some() {
            failed.push((contact, "notInSequence", format!("contact {contact} is not in this sequence")));
            continue;
        }
        if ctx.op.key == Op::SetContactsOptedOut {
            let opted_out = ctx.input.member("isOptedOut").as_bool().unwrap_or(true);
            if let Some(c) = state.store.get_mut("contacts", contact) {
                c["isOptedOut"] = json!(opted_out);
            }
            if opted_out {
                state.emit(Event::new("contact_opted_out", ctx).contact(&doc));
            }
            continue;
        }
        for key in keys {
            update_enrollment(state, ctx, key, &doc);
        }
    }
    Answer::json(200, failures(failed))
}

fn update_enrollment(state: &mut State, ctx: &Ctx, key: i64, contact: &Value) {
    let Some(before) = state.store.get(ENROLLMENTS, key).cloned() else { return };
    let seq = int(&before, "_parent").and_then(|s| state.store.get("sequences", s)).cloned().unwrap_or_default();
    let mut after = before.clone();
    let mut events = Vec::new();
    if matches!(ctx.op.key, Op::SetContactsStatusInSequence | Op::SetSequenceContactsStatusInSequence) {
        if let Some(status) = ctx.input.member("statusInSequence").as_str() {
            after["statusInSequence"] = json!(status);
        }
    } else if matches!(ctx.op.key, Op::SetContactsReplied | Op::SetSequenceContactsReplied) {
        let replied = ctx.input.member("isReplied").as_bool().unwrap_or(true);
        after["emailDisposition"]["isReplied"] = json!(replied);
        if replied {
            // Marking a contact replied finishes it in the sequence, as Reply does by default.
            after["statusInSequence"] = json!("finished");
            events.push(Event::new("email_replied", ctx).with("reply_reason", json!("MarkedAsReplied")));
            events.push(Event::new("contact_replied", ctx));
        }
    } else if matches!(ctx.op.key, Op::SetContactsBounced | Op::SetSequenceContactsBounced) {
        let bounced = ctx.input.member("isBounced").as_bool().unwrap_or(true);
        after["emailDisposition"]["isBounced"] = json!(bounced);
        if bounced {
            events.push(Event::new("email_bounced", ctx).with("bounce_type", json!("Hard")));
        }
    }
    if after["statusInSequence"] == "finished" && before["statusInSequence"] != "finished" {
        events.push(Event::new("contact_finished", ctx));
    }
    if let Some(slot) = state.store.get_mut(ENROLLMENTS, key) {
        *slot = after;
    }
    for event in events {
        state.emit(event.contact(contact).sequence(&seq, None));
    }
}

fn statuses(state: &State, ctx: &Ctx) -> Answer {
    let contact = ctx.input.path_id("id");
    let doc = state.store.get("contacts", contact).cloned().unwrap_or_default();
    let sequences: Vec<Value> = of_contact(&state.store, contact).map(|e| with_sequence_name(state, e)).collect();
    // A status cleared with `null` (UpdateContact takes it) is `none`, the
    // value this response requires ("Pass `none` to clear").
    let status = |name: &str| doc[name].as_str().unwrap_or("none").to_owned();
    let body = json!({
        "contactId": contact,
        "isOptedOut": doc["isOptedOut"],
        "callStatus": status("callStatus"),
        "meetingStatus": status("meetingStatus"),
        "sequences": sequences,
    });
    Answer::json(200, crate::shape::project(crate::samples::body(ctx.op.key), &body))
}

/// Fixture: contact 1 is enrolled in sequence 1.
pub(super) fn fixtures(store: &mut Store) {
    let doc = json!({
        "contactId": 1, "sequenceId": 1, "statusInSequence": "active", "addingDate": clock::now_iso(),
        "emailDisposition": { "isReplied": false, "isBounced": false }, "emailAccountId": null, "_sends": [],
        "_team": 1, "_parent": 1, "_step": 0, "_dueAt": clock::now_ms(),
    });
    store.insert_at(ENROLLMENTS, 1, doc);
}
