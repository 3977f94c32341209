//! Tasks: completion and execution, assignment and batches (FilterTasks is
//! in the filter table, `filters.rs`).

use serde_json::{Value, json};

use super::catalog::{Resource, resource};
use super::{crud, failures, ids_in};
use crate::answer::Answer;
use crate::clock;
use crate::state::{Ctx, State};
use crate::store::int;
use reply_core::OperationId as Op;

pub(super) fn handle(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    let id = ctx.input.path_id("id");
    let answer = match ctx.op.key {
        Op::CreateTask => contact_exists(state, ctx)
            .and_then(|()| crud::create(state, ctx, tasks(), &crud::body(ctx), |_, _| Ok(())))
            .map(|id| crud::reply(state, ctx, tasks(), id)),
        Op::CompleteTask | Op::ExecuteTask => finish(state, ctx, id).map(|()| crud::reply(state, ctx, tasks(), id)),
        Op::AssignTask => {
            let user = ctx.input.member("userId").as_i64().unwrap_or_default();
            user_exists(ctx, user).map(|()| {
                set(state, id, "assignedUserId", json!(user));
                crud::reply(state, ctx, tasks(), id)
            })
        }
        Op::BatchAssignTasks => {
            let user = ctx.input.member("userId").as_i64().unwrap_or_default();
            user_exists(ctx, user).map(|()| {
                batch(state, ctx, |state, _, id| {
                    set(state, id, "assignedUserId", json!(user));
                    Ok(())
                })
            })
        }
        Op::BatchCompleteTasks => Ok(batch(state, ctx, finish)),
        _ => return None,
    };
    Some(answer.unwrap_or_else(|a| a))
}

fn tasks() -> &'static Resource {
    resource("tasks")
}

/// A task as lists show it: with its contact's id and name.
pub(super) fn render(state: &State, doc: &Value) -> Value {
    let mut doc = doc.clone();
    if let Some(contact) = int(&doc, "contactId").and_then(|c| state.store.get("contacts", c)) {
        let name =
            format!("{} {}", contact["firstName"].as_str().unwrap_or(""), contact["lastName"].as_str().unwrap_or(""));
        doc["contact"] = json!({ "id": contact["id"], "fullName": name.trim() });
    }
    doc
}

fn contact_exists(state: &State, ctx: &Ctx) -> Result<(), Answer> {
    match ctx.input.member("contactId").as_i64() {
        Some(contact) if crud::get(state, ctx, resource("contacts"), contact).is_err() => {
            Err(Answer::validation(vec![("/contactId".into(), format!("contact {contact} does not exist"))]))
        }
        _ => Ok(()),
    }
}

fn user_exists(ctx: &Ctx, user: i64) -> Result<(), Answer> {
    if ctx.config.users.iter().any(|u| u.id == user) {
        Ok(())
    } else {
        Err(Answer::validation(vec![("/userId".into(), format!("user {user} does not exist"))]))
    }
}

fn set(state: &mut State, id: i64, member: &str, value: Value) {
    if let Some(doc) = state.store.get_mut("tasks", id) {
        doc[member] = value;
    }
}

/// Completes a task once; a finished task cannot be completed again.
fn finish(state: &mut State, ctx: &Ctx, id: i64) -> Result<(), Answer> {
    let doc = crud::get(state, ctx, tasks(), id)?;
    if doc["status"] == "finished" {
        return Err(Answer::conflict("task.alreadyCompleted", format!("task {id} is already completed")));
    }
    set(state, id, "status", json!("finished"));
    set(state, id, "finishedAt", json!(clock::now_iso()));
    if let Some(content) = ctx.input.body.as_ref().and_then(|b| b.get("content")) {
        set(state, id, "content", content.clone());
    }
    Ok(())
}

fn batch(state: &mut State, ctx: &Ctx, each: impl Fn(&mut State, &Ctx, i64) -> Result<(), Answer>) -> Answer {
    let mut failed = Vec::new();
    for id in ids_in(ctx.input.body.as_ref()) {
        if let Err(answer) = crud::get(state, ctx, tasks(), id).map(|_| ()).and_then(|()| each(state, ctx, id)) {
            let code = if answer.status == 404 { "notFound" } else { "invalidState" };
            failed.push((id, code, super::problem_detail(&answer)));
        }
    }
    Answer::json(200, failures(failed))
}
