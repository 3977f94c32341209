//! `ImportContacts` as Reply does it: items are matched to the contacts held
//! under their email and answered one by one (`created`, `updated`,
//! `restored`, `skipped` with a `skipReason`, `failed` with an `error`).
//! Deleted contacts are remembered in a collection of their own, so an import
//! can restore one (`restoreDeleted`) or say it skipped it (`contactDeleted`).

use serde_json::{Map, Value, json};

use super::catalog::{Resource, resource};
use super::{contacts, crud, enrollment};
use crate::answer::Answer;
use crate::state::{Ctx, State};
use crate::store::int;

/// Where a deleted contact is kept, under its own id, out of every listing.
const DELETED: &str = "deleted-contacts";

/// The spec's cap: "Maximum 1000 items per import request." (`contact.limitExceeded`).
const MAX_ITEMS: usize = 1000;

/// The spec's error for an item that is not valid ("the item has no
/// `firstName`, or its email is malformed").
const INVALID: &str = "Invalid data";

fn contacts_res() -> &'static Resource {
    resource("contacts")
}

/// Deletes a contact, remembering it for a later import's `restoreDeleted`.
pub(super) fn delete(state: &mut State, id: i64) {
    if let Some(doc) = state.store.get("contacts", id).cloned() {
        state.store.insert_at(DELETED, id, doc);
    }
    crud::remove_tree(&mut state.store, "contacts", id);
    enrollment::forget_contact(&mut state.store, id);
}

/// The contact the caller's team holds under `email` (any case), if any.
pub(super) fn held(state: &mut State, ctx: &Ctx, email: &str) -> Option<i64> {
    if email.is_empty() {
        return None;
    }
    let same = state.store.with_text("contacts", "/email", email);
    same.into_iter().find(|id| crud::get(state, ctx, contacts_res(), *id).is_ok())
}

/// A deleted contact of the caller's team under `email` (the newest, when several were).
fn deleted(state: &State, ctx: &Ctx, email: &str) -> Option<i64> {
    let mut found: Vec<&Value> = state
        .store
        .all(DELETED)
        .filter(|d| crud::visible(d, ctx) && d["email"].as_str().is_some_and(|e| e.eq_ignore_ascii_case(email)))
        .collect();
    found.pop().and_then(|d| int(d, "id"))
}

/// What became of one item.
struct Outcome {
    id: Option<i64>,
    status: &'static str,
    error: Option<String>,
    skip_reason: Option<&'static str>,
}

impl Outcome {
    fn done(id: i64, status: &'static str) -> Outcome {
        Outcome { id: Some(id), status, error: None, skip_reason: None }
    }

    fn skipped(id: Option<i64>, reason: &'static str) -> Outcome {
        Outcome { id, status: "skipped", error: None, skip_reason: Some(reason) }
    }

    fn failed(error: impl Into<String>) -> Outcome {
        Outcome { id: None, status: "failed", error: Some(error.into()), skip_reason: None }
    }

    fn to_json(&self) -> Value {
        let mut item = json!({ "id": self.id, "status": self.status, "error": self.error });
        if let Some(reason) = self.skip_reason {
            item["skipReason"] = json!(reason);
        }
        item
    }
}

struct Options {
    overwrite: bool,
    skip_existing: bool,
    skip_without_email: bool,
    restore_deleted: bool,
    lists: Vec<i64>,
    sequence: Option<i64>,
}

impl Options {
    fn of(ctx: &Ctx) -> Options {
        let options = ctx.input.member("options");
        let flag = |name: &str| options[name].as_bool().unwrap_or(false);
        Options {
            overwrite: flag("overwriteExisting"),
            skip_existing: flag("skipExisting"),
            skip_without_email: flag("skipWithoutEmails"),
            restore_deleted: flag("restoreDeleted"),
            lists: options["listIds"].as_array().into_iter().flatten().filter_map(Value::as_i64).collect(),
            sequence: options["sequenceId"].as_i64(),
        }
    }
}

pub(super) fn import(state: &mut State, ctx: &Ctx) -> Result<Answer, Answer> {
    let items = ctx.input.member("items").as_array().cloned().unwrap_or_default();
    if items.len() > MAX_ITEMS {
        return Err(Answer::problem(400, format!("Maximum {MAX_ITEMS} items per import request."))
            .code("contact.limitExceeded"));
    }
    let options = Options::of(ctx);
    if let Some(sequence) = options.sequence {
        // The import documents no 404; the contact family's code for it is `contact.sequenceNotFound`.
        if crud::get(state, ctx, resource("sequences"), sequence).is_err() {
            return Err(
                Answer::problem(400, format!("Sequence {sequence} not found.")).code("contact.sequenceNotFound")
            );
        }
    }
    let mut results = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let outcome = if ctx.input.rejected.contains(&index) {
            Outcome::failed(INVALID)
        } else {
            one(state, ctx, &options, item)
        };
        if let (Some(id), "created" | "updated" | "restored") = (outcome.id, outcome.status) {
            for list in &options.lists {
                contacts::join_list(state, id, *list);
            }
            if let Some(sequence) = options.sequence {
                enrollment::enrol_imported(state, ctx, sequence, id);
            }
        }
        results.push(outcome);
    }
    let count = |statuses: &[&str]| results.iter().filter(|o| statuses.contains(&o.status)).count();
    let body = json!({
        "items": results.iter().map(Outcome::to_json).collect::<Vec<_>>(),
        "added": count(&["created", "restored"]),
        "updated": count(&["updated"]),
        "skipped": count(&["skipped"]),
        "failed": count(&["failed"]),
    });
    Ok(Answer::json(200, body))
}

/// Imports one valid item.
fn one(state: &mut State, ctx: &Ctx, options: &Options, item: &Value) -> Outcome {
    let email = item["email"].as_str().unwrap_or_default().to_owned();
    if email.is_empty() && options.skip_without_email {
        return Outcome::skipped(None, "noEmail");
    }
    if let Some(id) = held(state, ctx, &email) {
        if options.skip_existing {
            return Outcome::skipped(Some(id), "contactExists");
        }
        return match fill(state, ctx, id, item, options.overwrite) {
            Ok(()) => Outcome::done(id, "updated"),
            Err(answer) => Outcome::failed(super::problem_detail(&answer)),
        };
    }
    if let Some(id) = (!email.is_empty()).then(|| deleted(state, ctx, &email)).flatten() {
        if !options.restore_deleted {
            // Reply gives no id here: the address belongs to no live contact.
            return Outcome::skipped(None, "contactDeleted");
        }
        if let Some(doc) = state.store.remove(DELETED, id) {
            state.store.insert_at("contacts", id, doc);
        }
        return match fill(state, ctx, id, item, options.overwrite) {
            Ok(()) => Outcome::done(id, "restored"),
            Err(answer) => Outcome::failed(super::problem_detail(&answer)),
        };
    }
    let item = match with_custom_fields(state, ctx, None, item) {
        Ok(item) => item,
        Err(answer) => return Outcome::failed(super::problem_detail(&answer)),
    };
    match crud::create(state, ctx, contacts_res(), &item, contacts::derive) {
        Ok(id) => Outcome::done(id, "created"),
        Err(answer) => Outcome::failed(super::problem_detail(&answer)),
    }
}

/// The item with its custom fields in the stored `{key, value}` form.
fn with_custom_fields(state: &State, ctx: &Ctx, stored: Option<&Value>, item: &Value) -> Result<Value, Answer> {
    let mut item = item.clone();
    if let Some(patch) = item["customFields"].as_array() {
        item["customFields"] = contacts::patch_custom_fields(state, ctx, stored, patch)?;
    }
    Ok(item)
}

/// Applies an item to the held contact `id`: every member it sends with
/// `overwrite`, else only the members the contact has empty.
fn fill(state: &mut State, ctx: &Ctx, id: i64, item: &Value, overwrite: bool) -> Result<(), Answer> {
    let stored = state.store.get("contacts", id).cloned().unwrap_or_default();
    let item = if overwrite {
        with_custom_fields(state, ctx, Some(&stored["customFields"]), item)?
    } else {
        only_empty(state, ctx, &stored, item)?
    };
    let mut doc = crate::shape::overlay(crud::shape(contacts_res()), Some(&stored), &item);
    if let (Value::Object(members), Value::Object(old)) = (&mut doc, &stored) {
        for (k, v) in old.iter().filter(|(k, _)| k.starts_with('_') || *k == "id") {
            members.insert(k.clone(), v.clone());
        }
    }
    contacts::derive(state, &mut doc)?;
    crud::ensure_valid(contacts_res(), &mut doc);
    if let Some(slot) = state.store.get_mut("contacts", id) {
        *slot = doc;
    }
    Ok(())
}

/// The members of `item` that fill a member `stored` has empty (absent,
/// `null`, `""` or `[]`); custom fields one by one, by key.
fn only_empty(state: &State, ctx: &Ctx, stored: &Value, item: &Value) -> Result<Value, Answer> {
    let empty = |v: Option<&Value>| match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    };
    let mut kept = Map::new();
    for (k, v) in item.as_object().into_iter().flatten() {
        if k != "customFields" && empty(stored.get(k)) && !v.is_null() {
            kept.insert(k.clone(), v.clone());
        }
    }
    if item["customFields"].is_array() {
        let held = &stored["customFields"];
        let fields = with_custom_fields(state, ctx, None, item)?["customFields"].clone();
        let mut merged: Vec<Value> = held.as_array().cloned().unwrap_or_default();
        for field in fields.as_array().into_iter().flatten() {
            match merged.iter_mut().find(|f| f["key"] == field["key"]) {
                Some(f) if empty(f.get("value")) => f["value"] = field["value"].clone(),
                Some(_) => {}
                None => merged.push(field.clone()),
            }
        }
        kept.insert("customFields".into(), Value::Array(merged));
    }
    Ok(Value::Object(kept))
}
