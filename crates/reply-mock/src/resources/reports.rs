//! Reports and statistics computed from the mock's state: the contacts in each
//! sequence and the emails `crate::activity` sent them, and the stored tasks —
//! never the spec's sample figures. What the mock does not simulate (meetings,
//! calls, LinkedIn actions, out-of-office replies, clicks) counts 0, and its
//! lists are empty.
//!
//! Counts are of distinct contacts, as Reply's overviews name them
//! (`contacted`, `replied`…): `contacted` took at least one email the filters
//! keep, `bounced` and `replied` are their dispositions, `delivered` =
//! contacted − bounced, `notReached` are in the sequences and not contacted.
//! Every percentage is of `contacted`, but `notReached` and `optedOut` which
//! are of all the contacts counted (our choice: Reply does not say what its
//! percentages divide by).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value, json};

use super::catalog::resource;
use super::crud;
use crate::activity::{self, ENROLLMENTS};
use crate::answer::Answer;
use crate::clock;
use crate::samples;
use crate::shape::project;
use crate::state::{Ctx, State};
use crate::store::int;
use reply_core::OperationId as Op;

pub(super) fn handle(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    let answer = match ctx.op.key {
        Op::GetSequenceStats => {
            let filter = Filter::of(state, ctx).in_sequence(ctx.input.path_id("id"));
            let tally = tally(state, &filter);
            shaped(ctx, json!({ "emailOverview": tally.email_overview(), "linkedInOverview": {} }))
        }
        Op::GetSequenceStatsList => {
            let filter = Filter::of(state, ctx);
            let items: Vec<Value> = crud::items(state, ctx, resource("sequences"), None)
                .filter(|s| filter.owned(int(s, "id")))
                .map(|s| {
                    let id = int(&s, "id").unwrap_or_default();
                    let tally = tally(state, &filter.clone().in_sequence(id));
                    json!({ "sequenceId": id, "name": s["name"], "status": s["status"],
                            "emailOverview": tally.email_overview(), "linkedInOverview": {} })
                })
                .collect();
            shaped(ctx, Value::Array(items))
        }
        Op::GetEmailsOverview => {
            let tally = tally(state, &Filter::of(state, ctx));
            let mut overview = tally.email_overview();
            overview["accounts"] = json!(tally.companies.len());
            shaped(ctx, overview)
        }
        Op::GetChannelEfficiencyOverview => {
            let tally = tally(state, &Filter::of(state, ctx));
            let (contacted, replied) = (tally.contacted.len(), tally.replied.len());
            shaped(
                ctx,
                json!({ "totalPeopleContacted": contacted, "totalTouches": tally.emails, "replies": replied,
                        "repliesPercentage": percent(replied, contacted) }),
            )
        }
        Op::GetTeamPerformanceOverview => shaped(ctx, team_performance(state, &Filter::of(state, ctx))),
        Op::GetEmailsList => {
            let filter = Filter::of(state, ctx);
            let items: Vec<Value> = state
                .store
                .all(ENROLLMENTS)
                .filter(|e| filter.enrollment(e))
                .flat_map(|e| activity::sends(e).filter(|m| filter.send(m)).map(move |m| (e, m)))
                .map(|(e, m)| email_row(state, e, m))
                .collect();
            crud::page(ctx, items)
        }
        Op::GetTasksOverview => shaped(ctx, tasks_overview(state, ctx)),
        // The mock simulates no calls, LinkedIn actions or meetings: their reports are empty.
        Op::GetCallsOverview | Op::GetLinkedInOverview => shaped(ctx, json!({})),
        Op::GetCallsList | Op::GetLinkedInList | Op::GetMeetingsList => crud::page(ctx, Vec::<Value>::new()),
        Op::GetEmailAccountStats => {
            let id = ctx.input.path_id("id");
            let account = state.store.get("email-accounts", id).cloned().unwrap_or_default();
            shaped(ctx, account_stats(state, &account))
        }
        Op::GetSequenceContactsState => {
            let sequence = ctx.input.path_id("id");
            let items: Vec<Value> = state
                .store
                .all(ENROLLMENTS)
                .filter(|e| int(e, "_parent") == Some(sequence))
                .map(|e| contact_state(state, e))
                .collect();
            crud::page(ctx, items)
        }
        _ => return None,
    };
    Some(answer)
}

/// `body` on the operation's answer shape, every figure it leaves out 0.
fn shaped(ctx: &Ctx, body: Value) -> Answer {
    let template = samples::body(ctx.op.key);
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
        (Value::Array(_), Value::Null) => Value::Array(Vec::new()),
        (_, value) => value,
    }
}

/// What a report counts, from its `filters`: the caller's team; emails sent
/// between `from` and `to` (either may be absent) from the `emailAccountIds`;
/// in the `sequenceIds` (or the one sequence of a per-sequence report); of
/// sequences owned by the `userIds`. Other filters are not applied (our choice).
#[derive(Clone)]
struct Filter {
    team: i64,
    from: u64,
    to: u64,
    sequences: Vec<i64>,
    accounts: Vec<i64>,
    /// Owner of each sequence, when `userIds` narrows the report.
    owners: Option<(Vec<i64>, HashMap<i64, i64>)>,
}

impl Filter {
    fn of(state: &State, ctx: &Ctx) -> Filter {
        let filters = ctx.input.member("filters");
        let at = |name: &str| filters.get(name).and_then(Value::as_str).and_then(clock::parse_iso);
        let users = ids(filters.get("userIds"));
        let owners = (!users.is_empty()).then(|| {
            let owners = state.store.all("sequences").filter_map(|s| Some((int(s, "id")?, int(s, "ownerUserId")?)));
            (users, owners.collect())
        });
        Filter {
            team: ctx.who.team_id,
            from: at("from").unwrap_or(0),
            to: at("to").unwrap_or(u64::MAX),
            sequences: ids(filters.get("sequenceIds")),
            accounts: ids(filters.get("emailAccountIds")),
            owners,
        }
    }

    fn in_sequence(mut self, sequence: i64) -> Filter {
        self.sequences = vec![sequence];
        self
    }

    /// Whether the sequence's owner is one of `userIds` (any, without that filter).
    fn owned(&self, sequence: Option<i64>) -> bool {
        self.owners.as_ref().is_none_or(|(users, owners)| {
            sequence.and_then(|s| owners.get(&s)).is_some_and(|owner| users.contains(owner))
        })
    }

    fn enrollment(&self, e: &Value) -> bool {
        let sequence = int(e, "_parent");
        int(e, "_team") == Some(self.team)
            && (self.sequences.is_empty() || sequence.is_some_and(|s| self.sequences.contains(&s)))
            && self.owned(sequence)
    }

    fn send(&self, sent: &Value) -> bool {
        (self.from..=self.to).contains(&activity::sent_at(sent))
            && (self.accounts.is_empty() || int(sent, "account").is_some_and(|a| self.accounts.contains(&a)))
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

fn tally(state: &State, filter: &Filter) -> Tally {
    let mut t = Tally::default();
    for e in state.store.all(ENROLLMENTS).filter(|e| filter.enrollment(e)) {
        let Some(id) = int(e, "contactId") else { continue };
        t.total.insert(id);
        let contact = state.store.get("contacts", id);
        if contact.is_some_and(|c| c["isOptedOut"] == true) {
            t.opted_out.insert(id);
        }
        let sent = activity::sends(e).filter(|m| filter.send(m)).count();
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
        .flat_map(activity::sends)
        .filter(|m| id.is_some() && int(m, "account") == id)
        .map(activity::sent_at)
        .collect();
    json!({
        "id": id, "totalEmailsSent": sends.len(), "emailsSentToday": sends.iter().filter(|at| **at >= midnight).count(),
        "dailySendingLimit": account.pointer("/safety/dailyLimit").cloned().unwrap_or(json!(0)),
    })
}

/// One contact's place and email outcome in a sequence, as `GetSequenceContactsState` shows it.
fn contact_state(state: &State, e: &Value) -> Value {
    let contact = int(e, "contactId").and_then(|c| state.store.get("contacts", c)).cloned().unwrap_or_default();
    let sent = activity::sends(e).next().is_some();
    let bounced = e.pointer("/emailDisposition/isBounced") == Some(&json!(true));
    let step = &e["currentStep"];
    let current = if step.is_object() {
        json!({ "stepId": step["stepId"], "displayStepNumber": step["displayName"], "stepNumber": step["stepNumber"] })
    } else {
        Value::Null
    };
    let last_sent = activity::sends(e).last().map(|m| clock::iso(activity::sent_at(m)));
    json!({
        "contactId": e["contactId"], "email": contact["email"], "firstName": contact["firstName"],
        "lastName": contact["lastName"], "title": contact["title"], "addedAt": e["addingDate"],
        "currentStep": current, "lastStepCompletedAt": last_sent,
        "status": { "status": e["statusInSequence"], "replied": e.pointer("/emailDisposition/isReplied"),
                    "delivered": sent && !bounced, "bounced": bounced, "opened": e["_opened"] == true,
                    "clicked": false },
    })
}

/// One row of `GetEmailsList`: an email a sequence sent, with its fate (a reply or bounce
/// set through the API counts for the contact's latest email).
fn email_row(state: &State, e: &Value, sent: &Value) -> Value {
    let contact = int(e, "contactId").and_then(|c| state.store.get("contacts", c)).cloned().unwrap_or_default();
    let sequence = int(e, "_parent").and_then(|s| state.store.get("sequences", s));
    let account = int(sent, "account").and_then(|a| state.store.get("email-accounts", a));
    let latest = activity::sends(e).last().is_some_and(|last| std::ptr::eq(last, sent));
    let marked = |pointer: &str| latest && e.pointer(pointer) == Some(&Value::Bool(true));
    let bounced = sent["bounced"] == true || marked("/emailDisposition/isBounced");
    let step = sent["step"].as_i64().unwrap_or(1);
    json!({
        "contactId": e["contactId"], "firstName": contact["firstName"], "lastName": contact["lastName"],
        "email": contact["email"], "company": contact["company"], "emailAccountId": sent["account"],
        "emailAccountEmail": account.and_then(|a| a.pointer("/connection/email")),
        "sequenceId": e["_parent"], "sequenceName": sequence.map(|s| &s["name"]),
        "sequenceStepNumber": step, "sequenceStepDisplayName": step.to_string(),
        "deliveryDate": clock::iso(activity::sent_at(sent)), "isDelivered": !bounced, "isOpened": sent["opened"] == true,
        "isReplied": sent["replied"] == true || marked("/emailDisposition/isReplied"), "isInterested": false,
        "isBounced": bounced, "isClicked": false, "isOptedOut": contact["isOptedOut"] == true,
    })
}

/// Contacts reached and emails sent, overall and per owner of the sequences that sent them.
fn team_performance(state: &State, filter: &Filter) -> Value {
    let owners: HashMap<i64, i64> =
        state.store.all("sequences").filter_map(|s| Some((int(s, "id")?, int(s, "ownerUserId")?))).collect();
    let mut per_user: BTreeMap<i64, (HashSet<i64>, usize)> = BTreeMap::new();
    let (mut contacted, mut touches) = (HashSet::new(), 0);
    for e in state.store.all(ENROLLMENTS).filter(|e| filter.enrollment(e)) {
        let sent = activity::sends(e).filter(|m| filter.send(m)).count();
        let (Some(contact), Some(&owner)) = (int(e, "contactId"), int(e, "_parent").and_then(|s| owners.get(&s)))
        else {
            continue;
        };
        if sent > 0 {
            contacted.insert(contact);
            touches += sent;
            let user = per_user.entry(owner).or_default();
            user.0.insert(contact);
            user.1 += sent;
        }
    }
    let per_contact =
        |touches: usize, contacts: usize| if contacts == 0 { 0.0 } else { touches as f64 / contacts as f64 };
    let members: Vec<Value> = per_user
        .into_iter()
        .map(|(user, (contacts, sent))| {
            json!({ "userId": user, "contacted": contacts.len(), "touches": sent as f64, "autoTouches": sent as f64 })
        })
        .collect();
    let average = per_contact(touches, contacted.len());
    json!({ "contacted": contacted.len(), "touchesPerContact": average, "autoTouchesPerContact": average,
            "memberStatistics": members })
}

/// The caller's team's tasks by type, overall and per assignee (`filters.userIds` narrows them).
fn tasks_overview(state: &State, ctx: &Ctx) -> Value {
    const KINDS: &[(&str, &str)] = &[
        ("call", "callTasks"),
        ("manualEmail", "emailTasks"),
        ("linkedIn", "linkedInTasks"),
        ("meeting", "meetingsBooked"),
        ("sms", "smsTasks"),
        ("toDo", "toDoTasks"),
        ("whatsApp", "whatsAppTasks"),
    ];
    let users = ids(ctx.input.member("filters").get("userIds"));
    let tasks: Vec<(i64, String)> = crud::items(state, ctx, resource("tasks"), None)
        .filter_map(|t| Some((int(&t, "assignedUserId")?, t["taskType"].as_str()?.to_owned())))
        .filter(|(user, _)| users.is_empty() || users.contains(user))
        .collect();
    let count = |kind: &str, user: Option<i64>| {
        tasks.iter().filter(|(u, k)| k == kind && user.is_none_or(|user| *u == user)).count()
    };
    let mut body = json!({ "totalTasks": tasks.len() });
    for (kind, member) in KINDS {
        let n = count(kind, None);
        body[*member] = json!({ "count": n, "percentage": percent(n, tasks.len()) });
    }
    let assignees: BTreeMap<i64, usize> = tasks.iter().fold(BTreeMap::new(), |mut m, (u, _)| {
        *m.entry(*u).or_default() += 1;
        m
    });
    let members: Vec<Value> = assignees
        .into_iter()
        .map(|(user, total)| {
            let mut row = json!({ "userId": user, "totalTasks": total });
            for (kind, member) in KINDS {
                row[*member] = json!(count(kind, Some(user)));
            }
            row
        })
        .collect();
    body["memberStatistics"] = Value::Array(members);
    body
}
