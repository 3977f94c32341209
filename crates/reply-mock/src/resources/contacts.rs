//! Contacts beyond CRUD: a create that overwrites the contact holding its
//! email, derived domains, deletes remembered for imports (`contact_import`),
//! filters, notes, owners, list membership, direct emails and their inbox threads.

use std::borrow::Cow;

use serde_json::{Value, json};

use super::catalog::{Resource, resource};
use super::{contact_import, crud, email_accounts, failures, ids_in};
use crate::answer::Answer;
use crate::clock;
use crate::shape::project;
use crate::state::{Ctx, Event, State};
use crate::store::int;
use reply_core::OperationId as Op;

pub(super) fn handle(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    let answer = match ctx.op.key {
        Op::CreateContact => create(state, ctx),
        Op::UpdateContact => {
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
        Op::DeleteContact => crud::find(state, ctx, contacts()).map(|id| {
            contact_import::delete(state, id);
            Answer::empty(204)
        }),
        Op::BulkDeleteContacts => {
            let mut failed = Vec::new();
            for id in ids_in(ctx.input.body.as_ref()) {
                match crud::get(state, ctx, contacts(), id) {
                    Ok(_) => contact_import::delete(state, id),
                    Err(_) => failed.push((id, "notFound", format!("contact {id} does not exist"))),
                }
            }
            Ok(Answer::json(200, failures(failed)))
        }
        Op::GetContacts => Ok(list(state, ctx, &json!({}))),
        Op::FilterContacts => Ok(list(state, ctx, ctx.input.body.as_ref().unwrap_or(&Value::Null))),
        Op::FilterContactsCount => {
            let filter = Filter::of(ctx, ctx.input.body.as_ref().unwrap_or(&Value::Null));
            let count = matching(state, ctx, filter).count();
            Ok(Answer::json(200, json!({ "count": count })))
        }
        Op::ImportContacts => contact_import::import(state, ctx),
        Op::AddContactNote => {
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
        Op::ChangeContactsOwner => change_owner(state, ctx),
        Op::AddContactsToContactList | Op::MoveContactsToContactList => Ok(add_to_list(state, ctx)),
        Op::GetContactListsForContact => {
            let lists = memberships(state, ctx.input.path_id("id"));
            let items = lists.iter().filter_map(|l| state.store.get("contact-lists", *l));
            Ok(crud::page(ctx, items))
        }
        Op::SendDirectEmail => send_direct_email(state, ctx),
        Op::GetContactInboxThreads => {
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

/// Creates a contact; for an email the team already holds, Reply overwrites
/// that contact instead and blanks every member the request did not send
/// (research/real-behaviour.md, [cli]), answering as a create, with its id.
fn create(state: &mut State, ctx: &Ctx) -> Result<Answer, Answer> {
    let body = crud::body(ctx);
    let email = body["email"].as_str().unwrap_or_default().to_owned();
    let Some(id) = contact_import::held(state, ctx, &email) else {
        return crud::create(state, ctx, contacts(), &body, derive).map(|id| crud::reply(state, ctx, contacts(), id));
    };
    let mut doc = crud::build(state, ctx, contacts(), &body)?;
    if let (Value::Object(members), Some(Value::Object(old))) = (&mut doc, state.store.get("contacts", id)) {
        // The same contact: its id, list memberships and creation time stay.
        for (k, v) in old.iter().filter(|(k, _)| k.starts_with('_') || ["id", "createdAt"].contains(&k.as_str())) {
            members.insert(k.clone(), v.clone());
        }
    }
    derive(state, &mut doc)?;
    crud::ensure_valid(contacts(), &mut doc);
    if let Some(slot) = state.store.get_mut("contacts", id) {
        *slot = doc;
    }
    Ok(crud::reply(state, ctx, contacts(), id))
}

/// Applies an update's custom fields to the stored ones. The update names a
/// field by `id` (a custom field's id) or `name`; the contact stores it as
/// `{key, value}` with the field's title as the key.
pub(super) fn patch_custom_fields(
    state: &State,
    ctx: &Ctx,
    stored: Option<&Value>,
    patch: &[Value],
) -> Result<Value, Answer> {
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
pub(super) fn derive(_: &mut State, doc: &mut Value) -> Result<(), Answer> {
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

/// Adds a contact to a list (a no-op when it is already there).
pub(super) fn join_list(state: &mut State, contact: i64, list: i64) {
    let mut lists = memberships(state, contact);
    if !lists.contains(&list) {
        lists.push(list);
    }
    if let Some(doc) = state.store.get_mut("contacts", contact) {
        doc["_lists"] = json!(lists);
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
    let moving = matches!(ctx.op.key, Op::MoveContactsToContactList | Op::MoveAccountsToContactAccountList);
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

/// The account a direct email goes out from: the one named, else the
/// caller's default ("If not provided, uses the default account",
/// `SendDirectEmail`). None usable: the spec's 400 `contact.emailAccountNotFound`.
fn sending_account(state: &State, ctx: &Ctx) -> Result<i64, Answer> {
    let found = match ctx.input.member("emailAccountId").as_i64() {
        Some(id) => crud::get(state, ctx, resource("email-accounts"), id).ok().map(|_| id),
        None => email_accounts::default_for(state, ctx),
    };
    found.ok_or_else(|| {
        Answer::problem(400, "Email account is not found or access is denied.").code("contact.emailAccountNotFound")
    })
}

/// Sends a one-off email: an outbound message on the contact's inbox thread, and `email_sent`.
fn send_direct_email(state: &mut State, ctx: &Ctx) -> Result<Answer, Answer> {
    let contact_id = ctx.input.path_id("id");
    let account = sending_account(state, ctx)?;
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
                     contact["lastName"].as_str().unwrap_or("")).trim(), "email": contact["email"], "ownerId": contact["ownerUserId"],
                     "isDeleted": false },
        "status": { "state": "ok" }, "_team": ctx.who.team_id,
    });
    crud::ensure_valid(resource("inbox-threads"), &mut thread);
    crud::insert(state, resource("inbox-threads"), thread);
    state.emit(Event::new("email_sent", ctx).contact(&contact));
    let answer = json!({ "status": "new", "messageId": message_id });
    Ok(Answer::json(200, project(crate::samples::body(ctx.op.key), &answer)))
}
