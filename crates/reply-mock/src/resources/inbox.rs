//! Inbox threads: read state, categories (with `reply_categorized`), meeting
//! intent, messages, and category counters.

use serde_json::{Value, json};

use super::catalog::{Resource, resource};
use super::{crud, failures, ids_in};
use crate::answer::Answer;
use crate::clock;
use crate::shape::project;
use crate::state::{Ctx, Event, State};
use crate::store::int;
use reply_core::OperationId as Op;

pub(super) fn handle(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    let id = ctx.input.path_id("id");
    let answer = match ctx.op.key {
        Op::MarkInboxThreadsAsRead | Op::MarkInboxThreadsAsUnread => {
            let read = ctx.op.key == Op::MarkInboxThreadsAsRead;
            Ok(each_thread(state, ctx, |thread| thread["isRead"] = json!(read)))
        }
        Op::SetInboxThreadCategory => {
            let category = ctx.input.member("categoryId").as_i64().unwrap_or_default();
            categorize(state, ctx, id, category).map(|()| Answer::empty(204))
        }
        Op::AssignThreadsToInboxCategory => {
            let name = state.store.get("inbox-categories", id).map(|c| c["name"].clone()).unwrap_or_default();
            Ok(each_thread(state, ctx, |thread| thread["category"] = json!({ "id": id, "name": name })))
        }
        Op::UnassignThreadsFromInboxCategory => Ok(each_thread(state, ctx, |thread| {
            if thread.pointer("/category/id").and_then(Value::as_i64) == Some(id) {
                if let Value::Object(members) = thread {
                    members.remove("category");
                }
            }
        })),
        Op::SetInboxThreadMeetingIntent => {
            let intent = ctx.input.member("hasMeetingIntent").as_bool().unwrap_or(true);
            if let Some(thread) = state.store.get_mut("inbox-threads", id) {
                thread["hasMeetingIntent"] = json!(intent);
            }
            Ok(Answer::empty(204))
        }
        Op::ListInboxThreadMessages => {
            let thread = state.store.get("inbox-threads", id).cloned().unwrap_or_default();
            Ok(crud::page(ctx, thread["messages"].as_array().cloned().unwrap_or_default()))
        }
        Op::SendInboxThreadMessage => Ok(send(state, ctx, id)),
        _ => return None,
    };
    Some(answer.unwrap_or_else(|a| a))
}

fn threads() -> &'static Resource {
    resource("inbox-threads")
}

/// A category with its count of unread threads.
pub(super) fn render_category(state: &State, doc: &Value) -> Value {
    let mut doc = doc.clone();
    let id = int(&doc, "id");
    let unread = state
        .store
        .all("inbox-threads")
        .filter(|t| t.pointer("/category/id").and_then(Value::as_i64) == id && t["isRead"] == false)
        .count();
    doc["unreadThreadsCount"] = json!(unread);
    doc
}

fn each_thread(state: &mut State, ctx: &Ctx, change: impl Fn(&mut Value)) -> Answer {
    let mut failed = Vec::new();
    for id in ids_in(ctx.input.body.as_ref()) {
        if crud::get(state, ctx, threads(), id).is_err() {
            failed.push((id, "notFound", format!("thread {id} does not exist")));
        } else if let Some(thread) = state.store.get_mut("inbox-threads", id) {
            change(thread);
        }
    }
    Answer::json(200, failures(failed))
}

fn categorize(state: &mut State, ctx: &Ctx, thread: i64, category: i64) -> Result<(), Answer> {
    let name = crud::get(state, ctx, resource("inbox-categories"), category)?["name"].clone();
    let Some(doc) = state.store.get_mut("inbox-threads", thread) else { return Ok(()) };
    doc["category"] = json!({ "id": category, "name": name });
    let contact =
        doc.pointer("/contact/id").and_then(Value::as_i64).and_then(|c| state.store.get("contacts", c)).cloned();
    let mut event = Event::new("reply_categorized", ctx).with("category", name);
    if let Some(contact) = contact {
        event = event.contact(&contact);
    }
    state.emit(event);
    Ok(())
}

fn send(state: &mut State, ctx: &Ctx, id: i64) -> Answer {
    let channel = ctx.input.member("channel").as_str().unwrap_or("email").to_owned();
    let to = ctx.input.member("to").as_str().map(|t| json!([t])).unwrap_or_else(|| json!([]));
    let message = json!({
        "channel": channel, "messageId": clock::uuid(&mut state.rng), "date": clock::now_iso(),
        "body": ctx.input.member("message"), "isOutbound": true, "status": { "state": "ok" }, "to": to,
        "cc": ctx.input.member("cc"), "bcc": ctx.input.member("bcc"),
    });
    let mut contact = None;
    if let Some(thread) = state.store.get_mut("inbox-threads", id) {
        if let Some(messages) = thread["messages"].as_array_mut() {
            messages.push(message.clone());
        } else {
            thread["messages"] = json!([message]);
        }
        thread["lastActivityDate"] = message["date"].clone();
        contact = thread.pointer("/contact/id").and_then(Value::as_i64);
    }
    let kind = if channel.to_ascii_lowercase().contains("linkedin") { "linkedin_message_sent" } else { "email_sent" };
    let mut event = Event::new(kind, ctx);
    if let Some(contact) = contact.and_then(|c| state.store.get("contacts", c)) {
        event = event.contact(contact);
    }
    state.emit(event);
    Answer::json(200, project(crate::samples::body(ctx.op.key), &message))
}
