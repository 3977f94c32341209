//! Reports and statistics computed from the mock's state: the contacts in each
//! sequence and what `crate::activity` made happen to them, never the spec's
//! sample figures. A figure the mock has no activity for (meetings, calls,
//! LinkedIn actions, out-of-office replies) is 0.
//!
//! Counts are of contacts, as Reply's overviews name them (`contacted`,
//! `replied`…): `contacted` took at least one email in the period, `bounced`
//! and `replied` are their dispositions, `delivered` = contacted − bounced,
//! `notReached` are in the sequence and not contacted. Every percentage is of
//! `contacted`, but `notReached` and `optedOut` which are of all the contacts
//! counted (our choice: Reply does not say what its percentages divide by).

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::catalog::resource;
use super::crud;
use crate::activity::ENROLLMENTS;
use crate::answer::Answer;
use crate::clock;
use crate::samples;
use crate::shape::project;
use crate::state::{Ctx, State};
use crate::store::int;

pub(super) fn handle(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    let period = Period::of(ctx);
    let answer = match ctx.op.id {
        "GetSequenceStats" => {
            let sequence = ctx.input.path_id("id");
            let tally = tally(state, &period, |e| int(e, "_parent") == Some(sequence));
            shaped(ctx, json!({ "emailOverview": tally.email_overview(), "linkedInOverview": {} }))
        }
        "GetSequenceStatsList" => {
            let users = ids(ctx.input.member("filters").get("userIds"));
            let items: Vec<Value> = crud::items(state, ctx, resource("sequences"), None)
                .filter(|s| users.is_empty() || int(s, "ownerUserId").is_some_and(|u| users.contains(&u)))
                .map(|s| {
                    let id = int(&s, "id");
                    let tally = tally(state, &period, |e| int(e, "_parent") == id);
                    json!({ "sequenceId": id, "name": s["name"], "status": s["status"],
                            "emailOverview": tally.email_overview(), "linkedInOverview": {} })
                })
                .collect();
            shaped(ctx, Value::Array(items))
        }
        "GetEmailsOverview" => {
            let filters = ctx.input.member("filters");
            let (sequences, accounts) = (ids(filters.get("sequenceIds")), ids(filters.get("emailAccountIds")));
            let team = ctx.who.team_id;
            let tally = tally(state, &period, |e| {
                int(e, "_team") == Some(team)
                    && (sequences.is_empty() || int(e, "_parent").is_some_and(|s| sequences.contains(&s)))
                    && (accounts.is_empty() || int(e, "emailAccountId").is_some_and(|a| accounts.contains(&a)))
            });
            let mut overview = tally.email_overview();
            overview["accounts"] = json!(tally.companies.len());
            shaped(ctx, overview)
        }
        "GetChannelEfficiencyOverview" => {
            let team = ctx.who.team_id;
            let tally = tally(state, &period, |e| int(e, "_team") == Some(team));
            shaped(
                ctx,
                json!({ "totalPeopleContacted": tally.contacted.len(), "totalTouches": tally.emails,
                        "replies": tally.replied.len(),
                        "repliesPercentage": percent(tally.replied.len(), tally.contacted.len()) }),
            )
        }
        "GetEmailAccountStats" => {
            let id = ctx.input.path_id("id");
            let account = state.store.get("email-accounts", id).cloned().unwrap_or_default();
            shaped(ctx, account_stats(state, &account))
        }
        "GetSequenceContactsState" => {
            let sequence = ctx.input.path_id("id");
            let items: Vec<Value> = state
                .store
                .all(ENROLLMENTS)
                .filter(|e| int(e, "_parent") == Some(sequence))
                .map(|e| contact_state(state, e))
                .collect();
            let page = crud::page(ctx, items);
            return Some(page);
        }
        _ => return None,
    };
    Some(answer)
}

/// `body` on the operation's answer shape, every figure it leaves out 0.
fn shaped(ctx: &Ctx, body: Value) -> Answer {
    let template = samples::body(ctx.op.id);
    Answer::json(200, project(template, &with_zeros(template, body)))
}

/// Fills the numbers of `template` that `value` lacks with 0.
fn with_zeros(template: &Value, value: Value) -> Value {
    match (template, value) {
        (Value::Object(shape), Value::Object(mut members)) => {
            for (k, t) in shape {
                let filled = with_zeros(t, members.remove(k).unwrap_or(Value::Null));
                if !filled.is_null() {
                    members.insert(k.clone(), filled);
                }
            }
            Value::Object(members)
        }
        (Value::Array(shape), Value::Array(items)) => match shape.first() {
            Some(t) => Value::Array(items.into_iter().map(|v| with_zeros(t, v)).collect()),
            None => Value::Array(items),
        },
        (Value::Number(n), Value::Null) => {
            if n.is_f64() {
                json!(0.0)
            } else {
                json!(0)
            }
        }
        (Value::Object(_), Value::Null) => with_zeros(template, Value::Object(Map::new())),
        (_, value) => value,
    }
}

/// The `from`/`to` of a report's `filters` (either may be absent): only emails sent in it count.
struct Period {
    from: u64,
    to: u64,
}

impl Period {
    fn of(ctx: &Ctx) -> Period {
        let filters = ctx.input.member("filters");
        let at = |name: &str| filters.get(name).and_then(Value::as_str).and_then(clock::parse_iso);
        Period { from: at("from").unwrap_or(0), to: at("to").unwrap_or(u64::MAX) }
    }

    fn contains(&self, at: u64) -> bool {
        (self.from..=self.to).contains(&at)
    }
}

/// Distinct contacts by what happened to them (a contact in two sequences counts once
/// across them), and the emails sent.
#[derive(Default)]
struct Tally {
    total: HashSet<i64>,
    contacted: HashSet<i64>,
    emails: usize,
    opened: HashSet<i64>,
    replied: HashSet<i64>,
    bounced: HashSet<i64>,
    opted_out: HashSet<i64>,
    companies: HashSet<String>,
}

fn tally(state: &State, period: &Period, wanted: impl Fn(&Value) -> bool) -> Tally {
    let mut t = Tally::default();
    for e in state.store.all(ENROLLMENTS).filter(|e| wanted(e)) {
        let Some(id) = int(e, "contactId") else { continue };
        t.total.insert(id);
        let contact = state.store.get("contacts", id);
        if contact.is_some_and(|c| c["isOptedOut"] == true) {
            t.opted_out.insert(id);
        }
        let sends = e["_sends"].as_array().into_iter().flatten().filter_map(Value::as_u64);
        let sent = sends.filter(|at| period.contains(*at)).count();
        if sent == 0 {
            continue;
        }
        t.contacted.insert(id);
        t.emails += sent;
        let flag = |pointer: &str| e.pointer(pointer) == Some(&Value::Bool(true));
        for (set, on) in [
            (&mut t.opened, flag("/_opened")),
            (&mut t.replied, flag("/emailDisposition/isReplied")),
            (&mut t.bounced, flag("/emailDisposition/isBounced")),
        ] {
            if on {
                set.insert(id);
            }
        }
        if let Some(company) = contact.and_then(|c| c["company"].as_str()).filter(|c| !c.is_empty()) {
            t.companies.insert(company.to_ascii_lowercase());
        }
    }
    t
}

impl Tally {
    fn email_overview(&self) -> Value {
        let contacted = self.contacted.len();
        let of = |n: usize| percent(n, contacted);
        let delivered = self.contacted.difference(&self.bounced).count();
        let (opened, replied, bounced) = (self.opened.len(), self.replied.len(), self.bounced.len());
        let not_reached = self.total.len() - contacted;
        json!({
            "contacted": contacted, "delivered": delivered, "opened": opened, "replied": replied,
            "notReached": not_reached, "optedOut": self.opted_out.len(), "bounced": bounced,
            "deliveredPercentage": of(delivered), "openedPercentage": of(opened),
            "repliedPercentage": of(replied), "bouncedPercentage": of(bounced),
            "notReachedPercentage": percent(not_reached, self.total.len()),
            "optedOutPercentage": percent(self.opted_out.len(), self.total.len()),
        })
    }
}

/// `part` as a percentage of `whole`, to two decimals (0 of nothing).
fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { (part as f64 * 10_000.0 / whole as f64).round() / 100.0 }
}

fn ids(value: Option<&Value>) -> Vec<i64> {
    value.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_i64).collect()
}

/// An email account's sends: all of them, and those since midnight UTC.
fn account_stats(state: &State, account: &Value) -> Value {
    let id = int(account, "id");
    let midnight = clock::now_ms() / 86_400_000 * 86_400_000;
    let sends: Vec<u64> = state
        .store
        .all(ENROLLMENTS)
        .filter(|e| int(e, "emailAccountId") == id)
        .flat_map(|e| e["_sends"].as_array().into_iter().flatten().filter_map(Value::as_u64))
        .collect();
    json!({
        "id": id, "totalEmailsSent": sends.len(), "emailsSentToday": sends.iter().filter(|at| **at >= midnight).count(),
        "dailySendingLimit": account.pointer("/safety/dailyLimit").cloned().unwrap_or(json!(0)),
    })
}

/// One contact's place and email outcome in a sequence, as `GetSequenceContactsState` shows it.
fn contact_state(state: &State, e: &Value) -> Value {
    let contact = int(e, "contactId").and_then(|c| state.store.get("contacts", c)).cloned().unwrap_or_default();
    let sent = e["_sends"].as_array().is_some_and(|s| !s.is_empty());
    let bounced = e.pointer("/emailDisposition/isBounced") == Some(&json!(true));
    let step = &e["currentStep"];
    let current = if step.is_object() {
        json!({ "stepId": step["stepId"], "displayStepNumber": step["displayName"], "stepNumber": step["stepNumber"] })
    } else {
        Value::Null
    };
    let last_sent = e["_sends"].as_array().and_then(|s| s.last()).and_then(Value::as_u64).map(clock::iso);
    json!({
        "contactId": e["contactId"], "email": contact["email"], "firstName": contact["firstName"],
        "lastName": contact["lastName"], "title": contact["title"], "addedAt": e["addingDate"],
        "currentStep": current, "lastStepCompletedAt": last_sent,
        "status": { "status": e["statusInSequence"], "replied": e.pointer("/emailDisposition/isReplied"),
                    "delivered": sent && !bounced, "bounced": bounced, "opened": e["_opened"] == true,
                    "clicked": false },
    })
}
