//! Create, read, update, delete and list for every resource of the catalog,
//! with team visibility, parents, uniqueness, paging and list filters.
//! Resource modules call these pieces and add their own rules.

use std::borrow::{Borrow, Cow};

use serde_json::{Map, Value, json};

use super::catalog::{RESOURCES, Resource, Role, by_collection};
use super::filtering;
use crate::answer::Answer;
use crate::samples;
use crate::shape::{Projected, fill_missing, overlay, project};
use crate::state::{Ctx, State};
use crate::store::{Scope, Store, int};

pub(crate) fn handle(state: &mut State, ctx: &Ctx, res: &'static Resource, role: Role) -> Answer {
    let result = match role {
        Role::List => list(state, ctx, res),
        Role::Create => create(state, ctx, res, &body(ctx), |_, _| Ok(())).map(|id| reply(state, ctx, res, id)),
        Role::Get => find(state, ctx, res).map(|id| reply(state, ctx, res, id)),
        Role::Update => update(state, ctx, res, |_, _| Ok(())).map(|id| reply(state, ctx, res, id)),
        Role::Delete => delete(state, ctx, res),
    };
    result.unwrap_or_else(|answer| answer)
}

/// Whether the caller's team may see `doc`.
pub(crate) fn visible(doc: &Value, ctx: &Ctx) -> bool {
    team_sees(ctx.who.team_id, int(doc, "_team"))
}

/// Whether team `caller` may see what belongs to `owner` (no owner: everyone).
fn team_sees(caller: i64, owner: Option<i64>) -> bool {
    owner.is_none_or(|owner| owner == caller)
}

pub(crate) fn not_found(res: &Resource, id: impl std::fmt::Display) -> Answer {
    Answer::not_found(&format!("{}.notFound", res.code), format!("{} {id} does not exist", res.code))
}

/// The stored document `id` of `res` if the caller can see it.
pub(crate) fn get<'s>(state: &'s State, ctx: &Ctx, res: &Resource, id: i64) -> Result<&'s Value, Answer> {
    state.store.get(res.collection, id).filter(|d| visible(d, ctx)).ok_or_else(|| not_found(res, id))
}

/// Whether the spec gives this resource text ids (UUIDs, `t-7`) rather than integers.
fn text_ids(res: &Resource) -> bool {
    shape(res).get("id").is_some_and(Value::is_string)
}

/// The store key of the item a path value names, if the caller can see it.
pub(crate) fn resolve(state: &State, ctx: &Ctx, res: &Resource, raw: &str) -> Result<i64, Answer> {
    let key = if text_ids(res) {
        state
            .store
            .all(res.collection)
            .find(|d| d.get("id").and_then(Value::as_str) == Some(raw))
            .and_then(|d| int(d, "_key"))
    } else {
        raw.parse::<i64>().ok()
    };
    let key = key.ok_or_else(|| not_found(res, raw))?;
    get(state, ctx, res, key).map_err(|_| not_found(res, raw))?;
    Ok(key)
}

/// Checks the parents named in the path; the innermost parent's key, if any.
pub(crate) fn parent(state: &State, ctx: &Ctx, res: &Resource) -> Result<Option<i64>, Answer> {
    let mut previous = None;
    for (param, collection) in res.parents {
        let parent_res = by_collection(collection).ok_or_else(|| Answer::problem(404, "unknown parent"))?;
        let raw = ctx.input.path(param);
        let key = resolve(state, ctx, parent_res, raw)?;
        if previous.is_some() && state.store.get(collection, key).and_then(|d| int(d, "_parent")) != previous {
            return Err(not_found(parent_res, raw));
        }
        previous = Some(key);
    }
    Ok(previous)
}

/// The key of the item the path names, once it and its parents are known to exist.
pub(crate) fn find(state: &State, ctx: &Ctx, res: &Resource) -> Result<i64, Answer> {
    let parent = parent(state, ctx, res)?;
    let raw = ctx.input.path(res.id_param);
    let key = resolve(state, ctx, res, raw)?;
    if parent.is_some() && state.store.get(res.collection, key).and_then(|d| int(d, "_parent")) != parent {
        return Err(not_found(res, raw));
    }
    Ok(key)
}

/// The full shape of a stored item: the read operation's answer, else the create's, else a list item.
pub(crate) fn shape(res: &Resource) -> &'static Value {
    match [res.get, res.create, res.update].into_iter().flatten().next() {
        Some(op) => samples::body(op),
        None => res.list.map_or(&Value::Null, samples::item),
    }
}

/// The status an operation answers on success (its sample's, which the spec documents).
pub(crate) fn status(ctx: &Ctx) -> u16 {
    samples::response(ctx.op.key).0
}

/// Answers with one stored item, projected onto the operation's own shape.
pub(crate) fn reply(state: &State, ctx: &Ctx, res: &Resource, id: i64) -> Answer {
    let doc = state.store.get(res.collection, id).map(|d| super::render(state, res, d)).unwrap_or_default();
    let template = samples::body(ctx.op.key);
    if template.is_null() {
        return Answer::empty(status(ctx));
    }
    Answer::json(status(ctx), project(template, &doc))
}

/// Every item of `res` the caller can see under the path's parent, rendered,
/// that the request's documented filters keep (`filters::TABLE`).
pub(crate) fn items<'s>(
    state: &'s State,
    ctx: &Ctx,
    res: &'s Resource,
    parent: Option<i64>,
) -> impl Iterator<Item = Cow<'s, Value>> {
    let keep = filtering::keeper(ctx);
    items_after(state, ctx, res, parent, 0).filter(move |d| keep(d))
}

/// [`items`] past the first `skip` of them, which are counted without being read.
fn items_after<'s>(
    state: &'s State,
    ctx: &Ctx,
    res: &'s Resource,
    parent: Option<i64>,
    skip: usize,
) -> impl Iterator<Item = Cow<'s, Value>> {
    let team = ctx.who.team_id;
    let mine = move |s: &Scope| team_sees(team, s.team) && (parent.is_none() || s.parent == parent);
    state
        .store
        .all_scoped_after(res.collection, mine, skip)
        .filter(move |(_, s)| mine(s))
        .map(|(d, _)| super::render(state, res, d))
}

fn list(state: &State, ctx: &Ctx, res: &Resource) -> Result<Answer, Answer> {
    let parent = parent(state, ctx, res)?;
    Ok(page_of(state, ctx, res, parent))
}

/// A listing of `res` with the request's documented filters and sort, if
/// any. Without them, the items before the page are passed over in the scope index.
pub(crate) fn page_of(state: &State, ctx: &Ctx, res: &Resource, parent: Option<i64>) -> Answer {
    if let Err(refused) = filtering::check(ctx) {
        return refused;
    }
    if filtering::any(ctx) {
        page(ctx, items_after(state, ctx, res, parent, 0))
    } else {
        let skip = query_skip(ctx);
        window(ctx, items_after(state, ctx, res, parent, skip), 0)
    }
}

/// The `skip` query parameter of a paginated operation (0 when absent).
pub(crate) fn query_skip(ctx: &Ctx) -> usize {
    ctx.op.paging.and(ctx.input.query("skip")).and_then(|s| s.parse::<usize>().ok()).unwrap_or(0)
}

/// Answers a list: keeps the items the request's documented filters keep,
/// sorts them as it asks, projects them onto the item shape, and pages them
/// with `top`/`skip` when the operation is paginated.
pub(crate) fn page<T: Borrow<Value>>(ctx: &Ctx, items: impl IntoIterator<Item = T>) -> Answer {
    if let Err(refused) = filtering::check(ctx) {
        return refused;
    }
    let keep = filtering::keeper(ctx);
    let kept = items.into_iter().filter(|d| keep(d.borrow()));
    if filtering::any(ctx) {
        page_unfiltered(ctx, filtering::sorted(ctx, kept.collect()))
    } else {
        page_unfiltered(ctx, kept)
    }
}

/// Projects items onto the operation's item shape and pages them. The items
/// may be a lazy walk over a collection: only the page is taken from it (and
/// one more item, to tell whether there are more), so a page costs its own
/// size plus a scan, never a copy of the collection.
pub(crate) fn page_unfiltered<T: Borrow<Value>>(ctx: &Ctx, items: impl IntoIterator<Item = T>) -> Answer {
    window(ctx, items, query_skip(ctx))
}

/// The page after `skip` items: projected onto the operation's item shape and
/// serialised now, while the documents it shows are borrowed.
pub(crate) fn window<T: Borrow<Value>>(ctx: &Ctx, items: impl IntoIterator<Item = T>, skip: usize) -> Answer {
    let item_shape = samples::item(ctx.op.key);
    let status = status(ctx);
    let mut items = items.into_iter();
    let Some(paging) = ctx.op.paging else {
        let all: Vec<T> = items.collect();
        return json_bytes(status, &all.iter().map(|d| Projected(item_shape, d.borrow())).collect::<Vec<_>>());
    };
    let top = ctx.input.query("top").and_then(|t| t.parse::<usize>().ok()).unwrap_or(paging.default_top as usize);
    let window: Vec<T> = items.by_ref().skip(skip).take(top).collect();
    let has_more = items.next().is_some();
    let items: Vec<Projected> = window.iter().map(|d| Projected(item_shape, d.borrow())).collect();
    json_bytes(status, &PageBody { items: &items, has_more })
}

#[derive(serde::Serialize)]
struct PageBody<'a> {
    items: &'a [Projected<'a>],
    #[serde(rename = "hasMore")]
    has_more: bool,
}

/// A JSON answer serialised now, while the documents it shows are borrowed.
fn json_bytes(status: u16, body: &impl serde::Serialize) -> Answer {
    Answer::raw(status, "application/json", serde_json::to_vec(body).unwrap_or_default())
}

/// The request body, or an empty object.
pub(crate) fn body(ctx: &Ctx) -> Value {
    ctx.input.body.clone().unwrap_or_else(|| Value::Object(Map::new()))
}

/// Creates an item from `body` (the request's, or one item of a bulk request);
/// `prepare` may refuse it or add to it.
pub(crate) fn create(
    state: &mut State,
    ctx: &Ctx,
    res: &Resource,
    body: &Value,
    prepare: impl FnOnce(&mut State, &mut Value) -> Result<(), Answer>,
) -> Result<i64, Answer> {
    let mut doc = build(state, ctx, res, body)?;
    unique(state, ctx, res, &doc, None)?;
    prepare(state, &mut doc)?;
    ensure_valid(res, &mut doc);
    Ok(insert(state, res, doc))
}

/// A new item of `res` made from `body`, not yet stored: the body laid over
/// a blank copy of the shape, with its owner, team and parent.
pub(crate) fn build(state: &State, ctx: &Ctx, res: &Resource, body: &Value) -> Result<Value, Answer> {
    let parent = parent(state, ctx, res)?;
    let template = shape(res);
    let mut doc = overlay(template, None, body);
    if let Value::Object(members) = &mut doc {
        for owner in ["ownerUserId", "ownerId", "createdByUserId", "assignedUserId", "userId"] {
            if template.get(owner).is_some() && !members.contains_key(owner) {
                members.insert(owner.to_owned(), Value::from(ctx.who.user_id));
            }
        }
        if template.get("teamId").is_some() && !members.contains_key("teamId") {
            members.insert("teamId".to_owned(), Value::from(ctx.who.team_id));
        }
        members.insert("_team".to_owned(), Value::from(ctx.who.team_id));
        if let Some(parent) = parent {
            members.insert("_parent".to_owned(), Value::from(parent));
        }
    }
    Ok(doc)
}

/// Stores a new item; text ids are minted in the spec's style next to the integer key.
pub(crate) fn insert(state: &mut State, res: &Resource, doc: Value) -> i64 {
    let key = state.store.insert(res.collection, doc);
    if text_ids(res) {
        let id = if shape(res)["id"].as_str().is_some_and(crate::clock::is_uuid) {
            crate::clock::uuid(&mut state.rng)
        } else {
            format!("t-{key}")
        };
        if let Some(Value::Object(members)) = state.store.get_mut(res.collection, key) {
            members.insert("_key".to_owned(), Value::from(key));
            members.insert("id".to_owned(), Value::from(id));
        }
    }
    key
}

/// Applies the request body to the item the path names (members left out keep their values).
pub(crate) fn update(
    state: &mut State,
    ctx: &Ctx,
    res: &Resource,
    prepare: impl FnOnce(&mut State, &mut Value) -> Result<(), Answer>,
) -> Result<i64, Answer> {
    let id = find(state, ctx, res)?;
    let stored = state.store.get(res.collection, id).cloned().unwrap_or_default();
    let template = shape(res);
    let mut doc = overlay(template, Some(&stored), ctx.input.body.as_ref().unwrap_or(&Value::Null));
    if let (Value::Object(members), Value::Object(old)) = (&mut doc, &stored) {
        for (k, v) in old.iter().filter(|(k, _)| k.starts_with('_') || *k == "id") {
            members.insert(k.clone(), v.clone());
        }
        let now = crate::clock::now_iso();
        for stamp in ["updatedAt", "lastModifiedAt", "modifiedAt"] {
            if template.get(stamp).is_some() {
                members.insert(stamp.to_owned(), Value::from(now.as_str()));
            }
        }
    }
    unique(state, ctx, res, &doc, Some(id))?;
    prepare(state, &mut doc)?;
    ensure_valid(res, &mut doc);
    if let Some(slot) = state.store.get_mut(res.collection, id) {
        *slot = doc;
    }
    Ok(id)
}

fn delete(state: &mut State, ctx: &Ctx, res: &Resource) -> Result<Answer, Answer> {
    let id = find(state, ctx, res)?;
    remove_tree(&mut state.store, res.collection, id);
    Ok(Answer::empty(status(ctx)))
}

/// Removes an item and, recursively, the items whose parent it is.
pub(crate) fn remove_tree(store: &mut Store, collection: &str, id: i64) {
    store.remove(collection, id);
    for child in RESOURCES.iter().filter(|r| r.parents.last().is_some_and(|(_, c)| *c == collection)) {
        let ids: Vec<i64> =
            store.all(child.collection).filter(|d| int(d, "_parent") == Some(id)).filter_map(key_of).collect();
        for child_id in ids {
            remove_tree(store, child.collection, child_id);
        }
    }
}

/// 409 when another visible item under the same parent has the same value at a unique pointer.
fn unique(state: &mut State, ctx: &Ctx, res: &Resource, doc: &Value, this: Option<i64>) -> Result<(), Answer> {
    for pointer in res.unique {
        let Some(value) = doc.pointer(pointer).and_then(Value::as_str).filter(|v| !v.is_empty()) else { continue };
        let same_text = state.store.with_text(res.collection, pointer, value);
        let clash = same_text
            .into_iter()
            .filter_map(|key| state.store.get(res.collection, key))
            .any(|other| visible(other, ctx) && key_of(other) != this && int(other, "_parent") == int(doc, "_parent"));
        if clash {
            let member = pointer.rsplit('/').next().unwrap_or_default();
            let mut chars = member.chars();
            let capitalized: String = chars.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(chars).collect();
            let code = format!("{}.duplicate{capitalized}", res.code);
            let detail = format!("another {} already has {member} `{value}`", res.code);
            // A conflict is a 409 where the spec documents one; elsewhere it is refused
            // as invalid input (400), with the same code, pointing at the member.
            return Err(if ctx.op.responses.iter().any(|r| r.status == 409) {
                Answer::conflict(&code, detail)
            } else {
                Answer::validation(vec![(pointer.to_string(), detail)]).code(&code)
            });
        }
    }
    Ok(())
}

/// The store key of a document (`_key` for text ids, else `id`).
pub(crate) fn key_of(doc: &Value) -> Option<i64> {
    int(doc, "_key").or_else(|| int(doc, "id"))
}

/// A sparse document may lack members a schema requires (in the read or the
/// list shape); then the sample's values fill them.
pub(crate) fn ensure_valid(res: &Resource, doc: &mut Value) {
    ensure_valid_item(res, doc);
    ensure_valid_one(res, doc);
}

fn ensure_valid_item(res: &Resource, doc: &mut Value) {
    let Some(list) = res.list else { return };
    let (status, page) = samples::response(list);
    let template = samples::item(list);
    let item = project(template, doc);
    let body = if page.is_array() { json!([item]) } else { json!({ "items": [item], "hasMore": false }) };
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    if let Some(Err(_)) = reply_core::registry::round_trip_response(list.as_str(), status, &bytes) {
        fill_missing(doc, template);
    }
}

fn ensure_valid_one(res: &Resource, doc: &mut Value) {
    let Some(op) = [res.get, res.create, res.update].into_iter().flatten().next() else { return };
    let (status, template) = samples::response(op);
    let bytes = serde_json::to_vec(&project(template, doc)).unwrap_or_default();
    if let Some(Err(_)) = reply_core::registry::round_trip_response(op.as_str(), status, &bytes) {
        fill_missing(doc, template);
    }
}

/// 404 when the path names an item of a known resource that the caller cannot see
/// (for operations that act on a resource without being its CRUD).
pub(crate) fn check_path(state: &State, ctx: &Ctx) -> Result<(), Answer> {
    let segments: Vec<&str> = ctx.op.path.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else { continue };
        let prefix = normalize(&segments[..=i].join("/"));
        let Some(res) = RESOURCES.iter().find(|r| item_path(r).is_some_and(|p| normalize(p) == prefix)) else {
            continue;
        };
        resolve(state, ctx, res, ctx.input.path(param))?;
    }
    Ok(())
}

fn item_path(res: &Resource) -> Option<&'static str> {
    let op = [res.get, res.update, res.delete].into_iter().flatten().next()?;
    reply_core::operations::OPERATIONS.iter().find(|o| o.key == op).map(|o| o.path)
}

/// `/v3/sequences/{id}/steps/{step_id}` → `/v3/sequences/{}/steps/{}`.
fn normalize(path: &str) -> String {
    path.split('/').map(|s| if s.starts_with('{') { "{}" } else { s }).collect::<Vec<_>>().join("/")
}
