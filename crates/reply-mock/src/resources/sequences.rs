//! Sequences: creation with inline steps and variants, the lifecycle
//! (start, pause, archive), bulk actions, owners, and the email and LinkedIn
//! accounts linked to a sequence.

use serde_json::{Value, json};

use super::catalog::{Resource, resource};
use super::crud;
use super::{enrollment, failures, ids_in};
use crate::answer::Answer;
use crate::shape::{overlay, project};
use crate::state::{Ctx, State};
use crate::store::{Store, int};
use reply_core::OperationId as Op;

pub(super) fn handle(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    let answer = match ctx.op.key {
        Op::CreateSequence => create(state, ctx),
        Op::UpdateSequence => update(state, ctx),
        Op::DeleteSequence => delete(state, ctx),
        Op::CreateSequenceStep => steps_then(state, ctx),
        Op::UpdateSequenceStep => update_step(state, ctx),
        Op::CreateSequenceStepVariant => crud::find(state, ctx, resource("sequence-steps")).map(|step| {
            let id = insert_variant(state, ctx, step, &crud::body(ctx));
            crud::reply(state, ctx, resource("step-variants"), id)
        }),
        Op::StartSequence | Op::PauseSequence | Op::ArchiveSequence | Op::UnarchiveSequence => {
            let id = ctx.input.path_id("id");
            act(state, ctx, id, ctx.op.key).map(|()| crud::reply(state, ctx, seq(), id))
        }
        Op::BulkStartSequences | Op::BulkPauseSequences | Op::BulkArchiveSequences | Op::BulkUnarchiveSequences => {
            let action = match ctx.op.key {
                Op::BulkStartSequences => Op::StartSequence,
                Op::BulkPauseSequences => Op::PauseSequence,
                Op::BulkArchiveSequences => Op::ArchiveSequence,
                _ => Op::UnarchiveSequence,
            };
            let mut failed = Vec::new();
            for id in ids_in(ctx.input.body.as_ref()) {
                if let Err(answer) = act(state, ctx, id, action) {
                    failed.push((
                        id,
                        if answer.status == 404 { "notFound" } else { "invalidState" },
                        super::problem_detail(&answer),
                    ));
                }
            }
            Ok(Answer::json(200, failures(failed)))
        }
        Op::UpdateSequenceOwner => {
            owner(state, ctx, ctx.input.path_id("id")).map(|()| crud::reply(state, ctx, seq(), ctx.input.path_id("id")))
        }
        Op::BulkChangeSequenceOwner => {
            let failed = ids_in(ctx.input.body.as_ref())
                .into_iter()
                .filter_map(|id| owner(state, ctx, id).err().map(|a| (id, "notFound", super::problem_detail(&a))))
                .collect();
            Ok(Answer::json(200, failures(failed)))
        }
        Op::CountSequences => Ok(Answer::json(200, json!({ "count": crud::items(state, ctx, seq(), None).count() }))),
        Op::GetSequenceEmailAccounts => linked(state, ctx, "_emailAccounts", "email-accounts"),
        Op::GetSequenceLinkedInAccounts => linked(state, ctx, "_linkedInAccounts", "linkedin-accounts"),
        Op::AssignEmailAccountToSequence => link(state, ctx, "_emailAccounts", "email-accounts", "emailAccountId"),
        Op::AssignLinkedInAccountToSequence => {
            link(state, ctx, "_linkedInAccounts", "linkedin-accounts", "linkedInAccountId")
        }
        Op::RemoveEmailAccountFromSequence => unlink(state, ctx, "_emailAccounts", "email_account_id", "emailAccount"),
        Op::RemoveLinkedInAccountFromSequence => {
            unlink(state, ctx, "_linkedInAccounts", "linkedInAccountId", "linkedInAccount")
        }
        Op::SetSequenceEmailAccounts => {
            let ids = ids_in(ctx.input.body.as_ref());
            accounts_exist(state, ctx, &ids, "email-accounts").map(|()| {
                set_member(state, ctx.input.path_id("id"), "_emailAccounts", json!(ids));
                Answer::empty(204)
            })
        }
        Op::EnableSequenceStepVariants | Op::DisableSequenceStepVariants => toggle_variants(state, ctx),
        _ => return None,
    };
    Some(answer.unwrap_or_else(|a| a))
}

fn seq() -> &'static Resource {
    resource("sequences")
}

/// A sequence with its steps, variants and linked accounts filled in.
pub(crate) fn render(state: &State, doc: &Value) -> Value {
    let mut doc = doc.clone();
    let id = int(&doc, "id");
    let steps: Vec<Value> =
        state.store.all("sequence-steps").filter(|s| int(s, "_parent") == id).map(|s| render_step(state, s)).collect();
    let email: Vec<Value> = account_ids(&doc, "_emailAccounts")
        .filter_map(|a| state.store.get("email-accounts", a))
        .map(|a| json!({ "id": a["id"], "email": a.pointer("/connection/email").cloned().unwrap_or_default() }))
        .collect();
    let linkedin: Vec<Value> = account_ids(&doc, "_linkedInAccounts")
        .filter_map(|a| state.store.get("linkedin-accounts", a))
        .cloned()
        .collect();
    if let Value::Object(members) = &mut doc {
        members.insert("steps".into(), Value::Array(steps));
        members.insert("emailAccounts".into(), Value::Array(email));
        members.insert("linkedInAccounts".into(), Value::Array(linkedin));
    }
    doc
}

/// A step with its variants.
pub(crate) fn render_step(state: &State, doc: &Value) -> Value {
    let mut doc = doc.clone();
    let id = int(&doc, "id");
    let variants: Vec<Value> = state
        .store
        .all("step-variants")
        .filter(|v| int(v, "_parent") == id)
        .map(|v| {
            let mut v = v.clone();
            v["hasAttachments"] =
                Value::Bool(v.get("attachmentIds").and_then(Value::as_array).is_some_and(|a| !a.is_empty()));
            v
        })
        .collect();
    doc["variants"] = Value::Array(variants);
    doc
}

fn account_ids<'a>(doc: &'a Value, member: &str) -> impl Iterator<Item = i64> + 'a {
    doc.get(member).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_i64)
}

/// Steps of a sequence in order (by key, which is creation order).
pub(crate) fn steps(store: &Store, sequence: i64) -> Vec<Value> {
    store.all("sequence-steps").filter(|s| int(s, "_parent") == Some(sequence)).cloned().collect()
}

fn accounts_exist(state: &State, ctx: &Ctx, ids: &[i64], collection: &str) -> Result<(), Answer> {
    ids.iter().try_for_each(|id| crud::get(state, ctx, resource(collection), *id).map(|_| ()))
}

fn set_member(state: &mut State, id: i64, member: &str, value: Value) {
    if let Some(Value::Object(doc)) = state.store.get_mut("sequences", id) {
        doc.insert(member.to_owned(), value);
    }
}

fn account_links(ctx: &Ctx, state: &State) -> Result<(Vec<i64>, Vec<i64>), Answer> {
    let ids = |name: &str| -> Vec<i64> {
        ctx.input.member(name).as_array().into_iter().flatten().filter_map(Value::as_i64).collect()
    };
    let (email, linkedin) = (ids("emailAccounts"), ids("linkedInAccounts"));
    accounts_exist(state, ctx, &email, "email-accounts")?;
    accounts_exist(state, ctx, &linkedin, "linkedin-accounts")?;
    Ok((email, linkedin))
}

fn create(state: &mut State, ctx: &Ctx) -> Result<Answer, Answer> {
    // Reply's live API refuses a sequence without steps (real-behaviour.md [amp]), though the spec requires only `name`.
    if ctx.input.member("steps").as_array().is_none_or(Vec::is_empty) {
        return Err(Answer::validation(vec![("/steps".into(), "At least one step is required".into())]));
    }
    let (email, linkedin) = account_links(ctx, state)
        .map_err(|a| Answer::not_found("sequence.emailAccountNotFound", super::problem_detail(&a)))?;
    let id = crud::create(state, ctx, seq(), &crud::body(ctx), |_, doc| {
        doc["status"] = json!("new");
        doc["isArchived"] = json!(false);
        doc["_emailAccounts"] = json!(email);
        doc["_linkedInAccounts"] = json!(linkedin);
        Ok(())
    })?;
    for step in ctx.input.member("steps").as_array().into_iter().flatten() {
        insert_step(state, ctx, id, step);
    }
    Ok(crud::reply(state, ctx, seq(), id))
}

fn update(state: &mut State, ctx: &Ctx) -> Result<Answer, Answer> {
    let (email, linkedin) = account_links(ctx, state)?;
    let body = ctx.input.body.as_ref();
    let id = crud::update(state, ctx, seq(), |_, doc| {
        if body.is_some_and(|b| b.get("emailAccounts").is_some()) {
            doc["_emailAccounts"] = json!(email);
        }
        if body.is_some_and(|b| b.get("linkedInAccounts").is_some()) {
            doc["_linkedInAccounts"] = json!(linkedin);
        }
        Ok(())
    })?;
    Ok(crud::reply(state, ctx, seq(), id))
}

fn delete(state: &mut State, ctx: &Ctx) -> Result<Answer, Answer> {
    let id = crud::find(state, ctx, seq())?;
    crud::remove_tree(&mut state.store, "sequences", id);
    enrollment::forget_sequence(&mut state.store, id);
    Ok(Answer::empty(204))
}

/// Stores one step (and its inline variants) under a sequence.
fn insert_step(state: &mut State, ctx: &Ctx, sequence: i64, body: &Value) -> i64 {
    let mut doc = overlay(crud::shape(resource("sequence-steps")), None, body);
    doc["_team"] = json!(ctx.who.team_id);
    doc["_parent"] = json!(sequence);
    let step = crud::insert(state, resource("sequence-steps"), doc);
    for variant in body.get("variants").and_then(Value::as_array).into_iter().flatten() {
        insert_variant(state, ctx, step, variant);
    }
    step
}

/// Stores one variant under a step; variants are enabled unless the body says otherwise.
fn insert_variant(state: &mut State, ctx: &Ctx, step: i64, body: &Value) -> i64 {
    let mut v = overlay(crud::shape(resource("step-variants")), None, body);
    v["_team"] = json!(ctx.who.team_id);
    v["_parent"] = json!(step);
    if body.get("isEnabled").is_none() {
        v["isEnabled"] = json!(true);
    }
    if let Some(ids) = body.get("attachmentIds") {
        v["attachmentIds"] = ids.clone();
    }
    crud::insert(state, resource("step-variants"), v)
}

/// Replaces a step with the one sent. Its variants become the request's, as
/// the spec says: one with the id of a variant of this step updates it, one
/// without is added, and the step's variants left out are dropped.
fn update_step(state: &mut State, ctx: &Ctx) -> Result<Answer, Answer> {
    let step = crud::update(state, ctx, resource("sequence-steps"), |_, _| Ok(()))?;
    if let Some(sent) = ctx.input.member("variants").as_array() {
        let mine =
            |store: &Store, id: i64| store.get("step-variants", id).is_some_and(|v| int(v, "_parent") == Some(step));
        let kept: Vec<i64> =
            sent.iter().filter_map(|v| v["id"].as_i64()).filter(|id| mine(&state.store, *id)).collect();
        state.store.remove_where("step-variants", |v| {
            int(v, "_parent") == Some(step) && !int(v, "id").is_some_and(|id| kept.contains(&id))
        });
        for variant in sent {
            match variant["id"].as_i64().filter(|id| kept.contains(id)) {
                Some(id) => {
                    let stored = state.store.get("step-variants", id).cloned().unwrap_or_default();
                    let mut doc = overlay(crud::shape(resource("step-variants")), Some(&stored), variant);
                    for (k, v) in
                        stored.as_object().into_iter().flatten().filter(|(k, _)| k.starts_with('_') || *k == "id")
                    {
                        doc[k.as_str()] = v.clone();
                    }
                    if let Some(slot) = state.store.get_mut("step-variants", id) {
                        *slot = doc;
                    }
                }
                None => {
                    insert_variant(state, ctx, step, variant);
                }
            }
        }
    }
    Ok(crud::reply(state, ctx, resource("sequence-steps"), step))
}

/// Creates a step from one body (the request's or one bulk item) under the path's sequence.
pub(super) fn create_step(state: &mut State, ctx: &Ctx, body: &Value) -> Result<i64, Answer> {
    let sequence = crud::find(state, ctx, seq())?;
    Ok(insert_step(state, ctx, sequence, body))
}

fn steps_then(state: &mut State, ctx: &Ctx) -> Result<Answer, Answer> {
    let step = create_step(state, ctx, &crud::body(ctx))?;
    let doc = state.store.get("sequence-steps", step).map(|d| render_step(state, d)).unwrap_or_default();
    Ok(Answer::json(201, project(crate::samples::body(ctx.op.key), &doc)))
}

/// Start, pause, archive or unarchive one sequence.
fn act(state: &mut State, ctx: &Ctx, id: i64, action: Op) -> Result<(), Answer> {
    let doc = crud::get(state, ctx, seq(), id)?.clone();
    let archived = doc["isArchived"].as_bool().unwrap_or(false);
    match action {
        Op::StartSequence | Op::PauseSequence if archived => {
            return Err(Answer::conflict(
                "sequenceAction.archived",
                format!("sequence {id} is archived; unarchive it first"),
            ));
        }
        Op::StartSequence if doc["status"] == "active" => {}
        Op::StartSequence => {
            refuse_start(state, &doc, id)?;
            set_member(state, id, "status", json!("active"));
        }
        Op::PauseSequence => set_member(state, id, "status", json!("paused")),
        Op::ArchiveSequence => {
            set_member(state, id, "isArchived", json!(true));
            if doc["status"] == "active" {
                set_member(state, id, "status", json!("paused"));
            }
        }
        _ => set_member(state, id, "isArchived", json!(false)),
    }
    Ok(())
}

/// The business rules `StartSequence` documents (400 `sequenceAction.noContacts`,
/// `sequenceAction.noEmailAccounts`), and a sequence left without steps, which the
/// spec does not name: our choice is a 400 of the same kind, `sequenceAction.noSteps`.
fn refuse_start(state: &State, doc: &Value, id: i64) -> Result<(), Answer> {
    let refused = |code: &str, detail: &str| Err(Answer::problem(400, detail).code(code));
    if !enrollment::has_contacts(&state.store, id) {
        return refused("sequenceAction.noContacts", "Sequence has no contacts.");
    }
    if !account_ids(doc, "_emailAccounts").any(|a| state.store.get("email-accounts", a).is_some()) {
        return refused("sequenceAction.noEmailAccounts", "Sequence has no email accounts.");
    }
    if steps(&state.store, id).is_empty() {
        return refused("sequenceAction.noSteps", "Sequence has no steps to run.");
    }
    Ok(())
}

fn owner(state: &mut State, ctx: &Ctx, id: i64) -> Result<(), Answer> {
    crud::get(state, ctx, seq(), id)?;
    let user = ctx.input.member("userId").as_i64().unwrap_or(ctx.who.user_id);
    if !ctx.config.users.iter().any(|u| u.id == user) {
        return Err(Answer::validation(vec![("/userId".into(), format!("user {user} does not exist"))]));
    }
    set_member(state, id, "ownerUserId", json!(user));
    Ok(())
}

fn linked(state: &State, ctx: &Ctx, member: &str, collection: &str) -> Result<Answer, Answer> {
    let doc = crud::get(state, ctx, seq(), ctx.input.path_id("id"))?;
    let items: Vec<Value> =
        account_ids(doc, member).filter_map(|a| state.store.get(collection, a)).map(flatten_account).collect();
    Ok(crud::page(ctx, items))
}

/// Email account documents keep the address under `connection`; lists show it at the top.
fn flatten_account(doc: &Value) -> Value {
    let mut doc = doc.clone();
    if let Some(Value::Object(connection)) = doc.get("connection").cloned() {
        for (k, v) in connection {
            doc[k.as_str()] = v;
        }
    }
    if let Some(limit) = doc.pointer("/safety/dailyLimit").cloned() {
        doc["dailyLimit"] = limit;
    }
    doc
}

/// Links an account: 201 when new, 200 when it was already linked.
fn link(state: &mut State, ctx: &Ctx, member: &str, collection: &str, field: &str) -> Result<Answer, Answer> {
    let id = ctx.input.path_id("id");
    let account = ctx.input.member(field).as_i64().unwrap_or_default();
    crud::get(state, ctx, resource(collection), account)?;
    let doc = crud::get(state, ctx, seq(), id)?;
    let mut ids: Vec<i64> = account_ids(doc, member).collect();
    if ids.contains(&account) {
        return Ok(Answer::empty(200));
    }
    ids.push(account);
    set_member(state, id, member, json!(ids));
    Ok(Answer::empty(201))
}

fn unlink(state: &mut State, ctx: &Ctx, member: &str, param: &str, code: &str) -> Result<Answer, Answer> {
    let id = ctx.input.path_id("id");
    let account = ctx.input.path_id(param);
    let doc = crud::get(state, ctx, seq(), id)?;
    let ids: Vec<i64> = account_ids(doc, member).collect();
    if !ids.contains(&account) {
        return Err(Answer::not_found(
            &format!("{code}.notFound"),
            format!("account {account} is not linked to sequence {id}"),
        ));
    }
    set_member(state, id, member, json!(ids.into_iter().filter(|a| *a != account).collect::<Vec<_>>()));
    Ok(Answer::empty(204))
}

fn toggle_variants(state: &mut State, ctx: &Ctx) -> Result<Answer, Answer> {
    let step = crud::find(state, ctx, resource("sequence-steps"))?;
    let enable = ctx.op.id.starts_with("Enable");
    let mut failed = Vec::new();
    for id in ids_in(ctx.input.body.as_ref()) {
        match state.store.get_mut("step-variants", id).filter(|v| int(v, "_parent") == Some(step)) {
            Some(v) => v["isEnabled"] = json!(enable),
            None => failed.push((id, "notFound", format!("variant {id} is not in step {step}"))),
        }
    }
    Ok(Answer::json(200, failures(failed)))
}

/// Fixture links: sequence 1 uses email account 1 and LinkedIn account 1, and
/// contact 1 (not opted out) can be enrolled.
pub(super) fn fixtures(store: &mut Store) {
    if let Some(Value::Object(contact)) = store.get_mut("contacts", 1) {
        contact.insert("isOptedOut".into(), json!(false));
    }
    if let Some(Value::Object(doc)) = store.get_mut("sequences", 1) {
        doc.insert("_emailAccounts".into(), json!([1]));
        doc.insert("_linkedInAccounts".into(), json!([1]));
        doc.insert("isArchived".into(), json!(false));
    }
}
