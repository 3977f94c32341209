//! Operation handlers. Each request goes, in order, to: the existence check of
//! the items its path names, a resource module with its own rules, the
//! generic CRUD of the catalog, the generic bulk operations, background jobs,
//! and finally the operation's sample answer.

pub(crate) mod catalog;
mod contact_import;
pub(crate) mod contacts;
pub(crate) mod crud;
mod email_accounts;
mod enrollment;
mod fallback;
mod filtering;
pub(crate) mod filters;
mod identity;
mod inbox;
mod missing;
mod reports;
mod schedules;
pub(crate) mod sequences;
mod tasks;
pub(crate) mod templates;
pub(crate) mod webhooks;

use std::borrow::Cow;

use serde_json::{Map, Value, json};

use crate::answer::Answer;
use crate::jobs;
use crate::samples;
use crate::state::{Ctx, State};
use crate::store::{Store, int};
use catalog::{RESOURCES, Resource, by_collection};
use reply_core::OperationId as Op;

pub(crate) fn handle(state: &mut State, ctx: &Ctx) -> Answer {
    // Time has passed since the last request; what came due in running sequences
    // happens first, and what this request made due (a start, an enrolment) after it.
    crate::activity::advance(state, ctx);
    let answer = dispatch(state, ctx);
    crate::activity::advance(state, ctx);
    missing_as_documented(ctx, answer)
}

/// A missing item is a 404 where the operation documents one. Nine
/// operations document none: bulk operations that answer per-item results
/// report every item `notFound` (as their descriptions say for a missing
/// parent), and the others refuse with a 400 carrying the same code (the spec
/// notes that Reply "maps a missing sequence here" for `DeleteSequence`).
fn missing_as_documented(ctx: &Ctx, answer: Answer) -> Answer {
    if answer.status != 404 || ctx.op.responses.iter().any(|r| r.status == 404) {
        return answer;
    }
    let detail = problem_detail(&answer);
    if samples::answers_failures(ctx.op.key) {
        let failed = ids_in(ctx.input.body.as_ref()).into_iter().map(|id| (id, "notFound", detail.clone())).collect();
        return Answer::json(200, failures(failed));
    }
    let code = match &answer.body {
        crate::answer::Body::Problem(p) => p["code"].as_str().map(str::to_owned),
        _ => None,
    };
    let refused = Answer::problem(400, detail);
    match code {
        Some(code) => refused.code(&code),
        None => refused,
    }
}

fn dispatch(state: &mut State, ctx: &Ctx) -> Answer {
    if let Err(answer) = crud::check_path(state, ctx) {
        return missing::renamed(ctx, answer);
    }
    let special = contacts::handle(state, ctx)
        .or_else(|| sequences::handle(state, ctx))
        .or_else(|| enrollment::handle(state, ctx))
        .or_else(|| reports::handle(state, ctx))
        .or_else(|| schedules::handle(state, ctx))
        .or_else(|| tasks::handle(state, ctx))
        .or_else(|| templates::handle(state, ctx))
        .or_else(|| email_accounts::handle(state, ctx))
        .or_else(|| inbox::handle(state, ctx))
        .or_else(|| webhooks::handle(state, ctx))
        .or_else(|| identity::handle(state, ctx))
        .or_else(|| jobs::handle(state, ctx));
    if let Some(answer) = special {
        return answer;
    }
    if let Some((res, role)) = catalog::lookup(ctx.op.key) {
        return crud::handle(state, ctx, res, role);
    }
    if let Some(res) = filters::LISTS.iter().find(|(op, _)| *op == ctx.op.key).and_then(|(_, c)| by_collection(c)) {
        return crud::page_of(state, ctx, res, None);
    }
    if let Some(answer) = bulk(state, ctx) {
        return answer;
    }
    if ctx.op.job {
        return jobs::start(state, ctx, None);
    }
    fallback::sample(ctx)
}

/// A stored document with its derived members filled in (a sequence's steps, a step's variants…).
pub(crate) fn render<'d>(state: &State, res: &Resource, doc: &'d Value) -> Cow<'d, Value> {
    Cow::Owned(match res.collection {
        "sequences" => sequences::render(state, doc),
        "sequence-steps" => sequences::render_step(state, doc),
        "tasks" => tasks::render(state, doc),
        "inbox-categories" => inbox::render_category(state, doc),
        "email-accounts" => email_accounts::render(doc),
        _ => return Cow::Borrowed(doc),
    })
}

/// The integer ids in a bulk body: its first array of integers (`ids`, `contactIds`, `threadIds`…).
pub(crate) fn ids_in(body: Option<&Value>) -> Vec<i64> {
    let Some(Value::Object(members)) = body else { return Vec::new() };
    members
        .values()
        .find_map(|v| v.as_array().filter(|a| !a.is_empty() && a.iter().all(Value::is_i64)))
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

/// The body of a non-atomic bulk answer: failures keyed by id (`{}` when all succeeded).
pub(crate) fn failures(items: Vec<(i64, &str, String)>) -> Value {
    let map: Map<String, Value> = items
        .into_iter()
        .map(|(id, code, detail)| (id.to_string(), json!({ "error": code, "errorDetails": detail })))
        .collect();
    Value::Object(map)
}

/// Bulk deletes and creates of catalog resources, answered per item.
fn bulk(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    const DELETES: &[(Op, &str)] = &[
        (Op::BulkDeleteContactAccounts, "contact-accounts"),
        (Op::BulkDeleteBlacklistDomainRules, "blacklist-domains"),
        (Op::BulkDeleteBlacklistEmailRules, "blacklist-emails"),
        (Op::BulkDeleteBlacklistEmailExceptionRules, "blacklist-email-exceptions"),
        (Op::BulkDeleteEmailAccounts, "email-accounts"),
        (Op::BulkDeleteLinkedInAccounts, "linkedin-accounts"),
        (Op::BulkDeleteInboxThreads, "inbox-threads"),
        (Op::BulkDeleteTasks, "tasks"),
        (Op::BulkDeleteSequences, "sequences"),
        (Op::BulkDeleteSequenceSteps, "sequence-steps"),
        (Op::BulkDeleteSequenceStepVariants, "step-variants"),
    ];
    const CREATES: &[(Op, &str)] = &[
        (Op::BulkCreateContactAccounts, "contact-accounts"),
        (Op::BulkCreateBlacklistDomainRules, "blacklist-domains"),
        (Op::BulkCreateBlacklistEmailRules, "blacklist-emails"),
        (Op::BulkCreateBlacklistEmailExceptionRules, "blacklist-email-exceptions"),
        (Op::BulkCreateSequenceSteps, "sequence-steps"),
        (Op::BulkCreateSequenceStepVariants, "step-variants"),
    ];
    if let Some((_, collection)) = DELETES.iter().find(|(op, _)| *op == ctx.op.key) {
        let res = by_collection(collection)?;
        let parent = match crud::parent(state, ctx, res) {
            Ok(p) => p,
            Err(answer) => return Some(answer),
        };
        let mut failed = Vec::new();
        for id in ids_in(ctx.input.body.as_ref()) {
            let found = crud::get(state, ctx, res, id).is_ok_and(|d| parent.is_none() || int(d, "_parent") == parent);
            if found {
                crud::remove_tree(&mut state.store, res.collection, id);
            } else {
                failed.push((id, "notFound", format!("{} {id} does not exist", res.code)));
            }
        }
        return Some(Answer::json(200, failures(failed)));
    }
    let (_, collection) = CREATES.iter().find(|(op, _)| *op == ctx.op.key)?;
    let res = by_collection(collection)?;
    let body = ctx.input.body.as_ref();
    let items = body
        .and_then(|b| b.as_array().or_else(|| b.get("items").and_then(Value::as_array)))
        .cloned()
        .unwrap_or_default();
    let numeric = samples::item(ctx.op.key).get("error").is_some_and(Value::is_number);
    let mut results = Vec::new();
    for item in &items {
        let created = if res.collection == "sequence-steps" {
            sequences::create_step(state, ctx, item)
        } else {
            crud::create(state, ctx, res, item, |_, _| Ok(()))
        };
        results.push(match created {
            Ok(id) => json!({ "id": id }),
            Err(answer) => {
                let detail = problem_detail(&answer);
                // The spec types this per-item code as an integer here (3 = invalid input) and as a slug elsewhere.
                let code = if numeric { json!(3) } else { json!("invalidInput") };
                json!({ "error": code, "errorDetails": detail })
            }
        });
    }
    Some(Answer::json(200, Value::Array(results)))
}

/// The `detail` of a problem answer, for per-item failures.
pub(crate) fn problem_detail(answer: &Answer) -> String {
    match &answer.body {
        crate::answer::Body::Problem(p) => p.get("detail").and_then(Value::as_str).unwrap_or_default().to_owned(),
        _ => String::new(),
    }
}

/// One example of every stateful resource, id 1, in team 1: the read
/// operation's sample with unique members made distinct from the create
/// samples, so that every sample request finds what it names.
pub(crate) fn fixtures(store: &mut Store) {
    for res in RESOURCES {
        let template = crud::shape(res);
        let mut doc = template.clone();
        for pointer in res.unique {
            if let Some(slot) = doc.pointer_mut(pointer) {
                *slot = Value::from(format!("fixture-{}@example.org", res.collection));
            }
        }
        if let Value::Object(members) = &mut doc {
            members.insert("_team".into(), Value::from(1));
            if !res.parents.is_empty() {
                members.insert("_parent".into(), Value::from(1));
            }
        }
        crud::ensure_valid(res, &mut doc);
        store.insert_at(res.collection, 1, doc);
        // Text ids keep the sample's id (what sample paths name) beside the integer key.
        if let (Some(Value::Object(members)), Some(id)) =
            (store.get_mut(res.collection, 1), template.get("id").filter(|i| i.is_string()))
        {
            members.insert("_key".into(), Value::from(1));
            members.insert("id".into(), id.clone());
        }
    }
    sequences::fixtures(store);
    enrollment::fixtures(store);
    jobs::fixtures(store);
}
