//! Contacts beyond CRUD: unique emails, derived domains, import, filters,
//! notes, owners, list membership, direct emails and their inbox threads.

use std::borrow::Cow;

use serde_json::{Value, json};

use super::catalog::{Resource, resource};
use super::{crud, enrollment, failures, ids_in};
use crate::answer::Answer;
use crate::clock;
use crate::shape::project;
use crate::state::{Ctx, Event, State};
use crate::store::int;

pub(super) fn handle(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    let answer = match ctx.op.id {
        "CreateContact" => crud::create(state, ctx, contacts(), &crud::body(ctx), derive)
            .map(|id| crud::reply(state, ctx, contacts(), id)),
        "UpdateContact" => {
            let stored = crud::find(state, ctx, contacts())
                .ok()
                .and_then(|id| state.store.get("contacts", id))
                .map(|d| d["customFields"].clone());
            crud::update(state, ctx, contacts(), |state, doc| {
                derive(state, doc)?;
                if let Some(patch) = ctx.input.member("customFields").as_array() {
                    doc["customFields"] = patch_custom_fields(state, ctx, stored.as_ref(), patch)?;
                }
                Ok(())
            })
            .map(|id| crud::reply(state, ctx, contacts(), id))
        }
        "DeleteContact" => crud::find(state, ctx, contacts()).map(|id| {
            crud::remove_tree(&mut state.store, "contacts", id);
            enrollment::forget_contact(&mut state.store, id);
            Answer::empty(204)
        }),
        "GetContacts" => Ok(list(state, ctx, &json!({}))),
        "FilterContacts" => Ok(list(state, ctx, ctx.input.body.as_ref().unwrap_or(&Value::Null))),
        "FilterContactsCount" => {
            let filter = Filter::of(ctx, ctx.input.body.as_ref().unwrap_or(&Value::Null));
            let count = matching(state, ctx, filter).count();
            Ok(Answer::json(200, json!({ "count": count })))
        }
        "ImportContacts" => Ok(import(state, ctx)),
        "AddContactNote" => {
            let id = ctx.input.path_id("id");
            let note = ctx.input.member("notes").as_str().unwrap_or_default().to_owned();
            if let Some(doc) = state.store.get_mut("contacts", id) {
                let notes = match doc["notes"].as_str() {
                    Some(old) if !old.is_empty() => format!("{old}\n{note}"),
                    _ => note,
                };
                doc["notes"] = json!(notes);
            }
            Ok(Answer::empty(204))
        }
        "ChangeContactsOwner" => change_owner(state, ctx),
        "AddContactsToContactList" | "MoveContactsToContactList" => Ok(add_to_list(state, ctx)),
        "GetContactListsForContact" => {
            let lists = memberships(state, ctx.input.path_id("id"));
            let items = lists.iter().filter_map(|l| state.store.get("contact-lists", *l));
            Ok(crud::page(ctx, items))
        }
        "SendDirectEmail" => send_direct_email(state, ctx),
        "GetContactInboxThreads" => {
            let id = Some(ctx.input.path_id("id"));
            let items = crud::items(state, ctx, resource("inbox-threads"), None)
                .filter(|t| t.pointer("/contact/id").and_then(Value::as_i64) == id);
            Ok(crud::page(ctx, items))
        }
        _ => return None,
    };
    Some(answer.unwrap_or_else(|a| a))
}

fn contacts() -> &'static Resource {
    resource("contacts")
}

/// Applies an update's custom fields to the stored ones. The update names a
/// field by `id` (a custom field's id) or `name`; the contact stores it as
/// `{key, value}` with the field's title as the key.
fn patch_custom_fields(state: &State, ctx: &Ctx, stored: Option<&Value>, patch: &[Value]) -> Result<Value, Answer> {
    let mut fields: Vec<Value> = stored.and_then(Value::as_array).cloned().unwrap_or_default();
    for (i, item) in patch.iter().enumerate() {
        let key = match (item["name"].as_str(), item["id"].as_i64()) {
            (Some(name), _) => name.to_owned(),
            (None, Some(id)) => crud::get(state, ctx, resource("custom-fields"), id)
                .ok()
                .and_then(|f| f["title"].as_str())
                .map(str::to_owned)
                .ok_or_else(|| {
                    Answer::validation(vec![(
                        format!("/customFields/{i}/id"),
                        format!("custom field {id} does not exist"),
                    )])
                    .code("customField.notFound")
                })?,
            (None, None) => {
                return Err(Answer::validation(vec![(
                    format!("/customFields/{i}"),
                    "a custom field is named by `id` or `name`".to_owned(),
                )]));
            }
        };
        let value = item.get("value").cloned().unwrap_or(Value::Null);
        match fields.iter_mut().find(|f| f["key"] == key.as_str()) {
            Some(field) => field["value"] = value,
            None => fields.push(json!({ "key": key, "value": value })),
        }
    }
    Ok(Value::Array(fields))
}

/// Fills the members Reply derives: the email's domain.
fn derive(_: &mut State, doc: &mut Value) -> Result<(), Answer> {
    if let Some(domain) = doc["email"].as_str().and_then(|e| e.rsplit_once('@')).map(|(_, d)| d.to_ascii_lowercase()) {
        doc["domain"] = json!(domain);
    }
    Ok(())
}

/// What a contact listing filters on: a filter body (`searchTerm`, `listId`,
/// `sequenceId`, `rules`) and the `email` / `linkedIn` query parameters.
struct Filter<'f> {
    term: String,
    list: Option<i64>,
    sequence: Option<i64>,
    email: Option<String>,
    linkedin: Option<String>,
    rules: &'f [Value],
}

impl<'f> Filter<'f> {
    fn of(ctx: &Ctx, body: &'f Value) -> Filter<'f> {
        Filter {
            term: body["searchTerm"].as_str().unwrap_or_default().to_ascii_lowercase(),
            list: body["listId"].as_i64(),
            sequence: body["sequenceId"].as_i64(),
            email: ctx.input.query("email").map(str::to_ascii_lowercase),
            linkedin: ctx.input.query("linkedIn").map(str::to_ascii_lowercase),
            rules: body["rules"].as_array().map(Vec::as_slice).unwrap_or_default(),
        }
    }

    fn is_empty(&self) -> bool {
        self.term.is_empty()
            && self.list.is_none()
            && self.sequence.is_none()
            && self.email.is_none()
            && self.linkedin.is_none()
            && self.rules.is_empty()
    }
}

/// The caller's contacts that `filter` keeps.
fn matching<'s>(state: &'s State, ctx: &Ctx, filter: Filter<'s>) -> impl Iterator<Item = Cow<'s, Value>> {
    let enrolled: Vec<i64> = filter
        .sequence
        .map(|s| {
            state
                .store
                .all("sequence-contacts")
                .filter(|e| int(e, "_parent") == Some(s))
                .filter_map(|e| int(e, "contactId"))
                .collect()
        })
        .unwrap_or_default();
    let text = |doc: &Value, member: &str| doc[member].as_str().unwrap_or_default().to_ascii_lowercase();
    // Each test reads the document only when its filter is given.
    crud::items(state, ctx, contacts(), None).filter(move |c| {
        let id = || int(c, "id").unwrap_or_default();
        let Filter { term, list, sequence, email, linkedin, rules } = &filter;
        (term.is_empty() || ["email", "firstName", "lastName", "company"].iter().any(|m| text(c, m).contains(term)))
            && list.is_none_or(|l| memberships(state, id()).contains(&l))
            && sequence.is_none_or(|_| enrolled.contains(&id()))
            && email.as_ref().is_none_or(|e| text(c, "email") == *e)
            && linkedin.as_ref().is_none_or(|l| text(c, "linkedInUrl").contains(l.as_str()))
            && rules.iter().all(|rule| rule_matches(c, rule))
    })
}

/// One `{property, condition, value}` rule; unknown conditions match everything.
fn rule_matches(contact: &Value, rule: &Value) -> bool {
    let (Some(property), Some(value)) = (rule["property"].as_str(), rule["value"].as_str()) else { return true };
    let Some(actual) = contact.get(property).map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)) else {
        return true;
    };
    let (actual, value) = (actual.to_ascii_lowercase(), value.to_ascii_lowercase());
    match rule["condition"].as_str().unwrap_or_default() {
        "equals" | "is" | "eq" => actual == value,
        "notEquals" | "isNot" | "ne" => actual != value,
        "contains" => actual.contains(&value),
        "notContains" => !actual.contains(&value),
        "startsWith" => actual.starts_with(&value),
        _ => true,
    }
}

/// A listing; without filters, the contacts before the page are passed over unread.
fn list(state: &State, ctx: &Ctx, body: &Value) -> Answer {
    let filter = Filter::of(ctx, body);
    if filter.is_empty() {
        crud::page_of(state, ctx, contacts(), None)
    } else {
        crud::page(ctx, matching(state, ctx, filter))
    }
}

fn memberships(state: &State, contact: i64) -> Vec<i64> {
    state
        .store
        .get("contacts", contact)
        .and_then(|c| c["_lists"].as_array())
        .into_iter()
        .flatten()
        .filter_map(Value::as_i64)
        .collect()
}

fn add_to_list(state: &mut State, ctx: &Ctx) -> Answer {
    let list = ctx.input.path_id("id");
    let moving = ctx.op.id.starts_with("Move");
    let mut failed = Vec::new();
    for contact in ids_in(ctx.input.body.as_ref()) {
        if crud::get(state, ctx, contacts(), contact).is_err() {
            failed.push((contact, "notFound", format!("contact {contact} does not exist")));
            continue;
        }
        let mut lists = if moving { Vec::new() } else { memberships(state, contact) };
        if !lists.contains(&list) {
            lists.push(list);
        }
        if let Some(doc) = state.store.get_mut("contacts", contact) {
            doc["_lists"] = json!(lists);
        }
    }
    Answer::json(200, failures(failed))
}

fn change_owner(state: &mut State, ctx: &Ctx) -> Result<Answer, Answer> {
    let user = ctx.input.member("userId").as_i64().unwrap_or_default();
    if !ctx.config.users.iter().any(|u| u.id == user) {
        return Err(Answer::not_found("user.notFound", format!("user {user} does not exist")));
    }
    let mut affected = Vec::new();
    for contact in ids_in(ctx.input.body.as_ref()) {
        if crud::get(state, ctx, contacts(), contact).is_ok() {
            if let Some(doc) = state.store.get_mut("contacts", contact) {
                doc["ownerUserId"] = json!(user);
            }
            affected.push(contact);
        }
    }
    Ok(Answer::json(200, json!({ "isSuccess": true, "affectedIds": affected })))
}

/// Imports contacts one by one: new emails are created, known ones updated or skipped.
fn import(state: &mut State, ctx: &Ctx) -> Answer {
    let options = ctx.input.member("options");
    let overwrite = options["overwriteExisting"].as_bool().unwrap_or(false);
    let skip_without_email = options["skipWithoutEmails"].as_bool().unwrap_or(false);
    let lists: Vec<i64> = options["listIds"].as_array().into_iter().flatten().filter_map(Value::as_i64).collect();
    let (mut added, mut updated, mut skipped, mut failed) = (0, 0, 0, 0);
    let mut results = Vec::new();
    let items = ctx.input.member("items").as_array().cloned().unwrap_or_default();
    for item in &items {
        let email = item["email"].as_str().unwrap_or_default().to_ascii_lowercase();
        if email.is_empty() && skip_without_email {
            skipped += 1;
            results.push(json!({ "status": "skipped" }));
            continue;
        }
        let existing = (!email.is_empty())
            .then(|| {
                let same_email = state.store.with_text("contacts", "/email", &email);
                same_email.into_iter().find(|id| crud::get(state, ctx, contacts(), *id).is_ok())
            })
            .flatten();
        // Items name custom fields the way updates do; stored, they are `{key, value}`.
        let stored = existing.and_then(|id| state.store.get("contacts", id)).map(|d| d["customFields"].clone());
        let item = match item["customFields"].as_array() {
            Some(patch) => match patch_custom_fields(state, ctx, stored.as_ref(), patch) {
                Ok(fields) => {
                    let mut item = item.clone();
                    item["customFields"] = fields;
                    item
                }
                Err(answer) => {
                    failed += 1;
                    results.push(json!({ "status": "failed", "error": super::problem_detail(&answer) }));
                    continue;
                }
            },
            None => item.clone(),
        };
        let item = &item;
        let result = match existing {
            Some(id) if overwrite => {
                if let Some(doc) = state.store.get_mut("contacts", id) {
                    let merged = crate::shape::overlay(crud::shape(contacts()), Some(doc), item);
                    for (k, v) in merged.as_object().into_iter().flatten() {
                        doc[k.as_str()] = v.clone();
                    }
                }
                updated += 1;
                json!({ "id": id, "status": "updated" })
            }
            Some(id) => {
                skipped += 1;
                json!({ "id": id, "status": "skipped" })
            }
            None => match crud::create(state, ctx, contacts(), item, derive) {
                Ok(id) => {
                    added += 1;
                    json!({ "id": id, "status": "created" })
                }
                Err(answer) => {
                    failed += 1;
                    json!({ "status": "failed", "error": super::problem_detail(&answer) })
                }
            },
        };
        if let Some(id) = int(&result, "id") {
            for list in &lists {
                let mut current = memberships(state, id);
                if !current.contains(list) {
                    current.push(*list);
                }
                if let Some(doc) = state.store.get_mut("contacts", id) {
                    doc["_lists"] = json!(current);
                }
            }
        }
        results.push(result);
    }
    let body = json!({ "items": results, "added": added, "updated": updated, "skipped": skipped, "failed": failed });
    Answer::json(200, project(crate::samples::body(ctx.op.id), &body))
}

/// Sends a one-off email: an outbound message on the contact's inbox thread, and `email_sent`.
fn send_direct_email(state: &mut State, ctx: &Ctx) -> Result<Answer, Answer> {
    let contact_id = ctx.input.path_id("id");
    let account = ctx.input.member("emailAccountId").as_i64().unwrap_or_default();
    crud::get(state, ctx, resource("email-accounts"), account)?;
    let contact = crud::get(state, ctx, contacts(), contact_id)?.clone();
    let message_id = clock::uuid(&mut state.rng);
    let message = json!({
        "channel": "email", "messageId": message_id, "date": clock::now_iso(), "isOutbound": true,
        "subject": ctx.input.member("subject"), "body": ctx.input.member("body"),
        "to": [contact["email"]], "status": { "state": "ok" },
    });
    let mut thread = json!({
        "channel": "email", "isRead": true, "isLastMessagePlanned": false, "subject": ctx.input.member("subject"),
        "bodyPreview": ctx.input.member("body"), "lastActivityDate": clock::now_iso(),
        "emailAccountId": account, "messages": [message], "hasMeetingIntent": false,
        "contact": { "id": contact_id, "fullName": format!("{} {}", contact["firstName"].as_str().unwrap_or(""),
                     contact["lastName"].as_str().unwrap_or("")).trim(), "email": contact["email"], "isDeleted": false },
        "status": { "state": "ok" }, "_team": ctx.who.team_id,
    });
    crud::ensure_valid(resource("inbox-threads"), &mut thread);
    crud::insert(state, resource("inbox-threads"), thread);
    state.emit(Event::new("email_sent", ctx).contact(&contact));
    let answer = json!({ "status": "new", "messageId": message_id });
    Ok(Answer::json(200, project(crate::samples::body(ctx.op.id), &answer)))
}
