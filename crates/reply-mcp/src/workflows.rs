//! The safe workflows of `reply-client` and `jobs_wait` as tools.

use std::time::Duration;

use reply_client::workflows::{EnrolOptions, EnrolTarget, IfAlready, OnExisting, StartStep};
use reply_client::{Client, JobHandle};
use reply_core::models::ContactsImportRequestItemsItem;
use rmcp::model::CallToolResult;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::calls::answer;
use crate::errors;
use crate::table::Workflow;

/// A tool error in place of an answer (boxed: a result is large, refusals are rare).
type Refusal = Box<CallToolResult>;

fn invalid(message: impl Into<String>) -> Refusal {
    Box::new(errors::invalid(message))
}

/// An argument of type `T`, `None` when left out.
fn arg<T: DeserializeOwned>(args: &Map<String, Value>, name: &str) -> Result<Option<T>, Refusal> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => serde_json::from_value(v.clone()).map(Some).map_err(|e| invalid(format!("`{name}`: {e}"))),
    }
}

fn required<T: DeserializeOwned>(args: &Map<String, Value>, name: &str) -> Result<T, Refusal> {
    arg(args, name)?.ok_or_else(|| invalid(format!("`{name}` is required")))
}

pub async fn run(client: &Client, workflow: Workflow, args: Map<String, Value>) -> CallToolResult {
    let result = match workflow {
        Workflow::FindContactByEmail => find(client, &args).await,
        Workflow::EnsureContact => ensure(client, &args).await,
        Workflow::EnrolInSequence => enrol(client, &args).await,
        Workflow::ResolveSequenceStep => resolve(client, &args).await,
        Workflow::JobsWait => wait(client, &args).await,
    };
    result.unwrap_or_else(|refusal| *refusal)
}

fn contacts_reads() -> Vec<String> {
    vec!["find_contact_by_email".into(), "contacts_get".into()]
}

async fn find(client: &Client, args: &Map<String, Value>) -> Result<CallToolResult, Refusal> {
    let email: String = required(args, "email")?;
    let found = client.contacts().find_by_email(&email).await.map_err(|e| Box::new(errors::workflow(&e, &[])))?;
    Ok(answer(&match found {
        Some(contact) => json!({"found": true, "contact": serde_json::to_value(contact).unwrap_or_default()}),
        None => json!({"found": false, "email": email}),
    }))
}

async fn ensure(client: &Client, args: &Map<String, Value>) -> Result<CallToolResult, Refusal> {
    let person: ContactsImportRequestItemsItem = required(args, "contact")?;
    if let Some(unknown) = person.extra.keys().next() {
        return Err(invalid(format!("`{unknown}` is not a contact member")));
    }
    let on_existing = match arg::<String>(args, "onExisting")?.as_deref() {
        None | Some("fillEmpty") => OnExisting::FillEmpty,
        Some("overwrite") => OnExisting::Overwrite,
        Some("keep") => OnExisting::Keep,
        Some(other) => return Err(invalid(format!("onExisting `{other}`: fillEmpty, overwrite or keep"))),
    };
    let email = person.email.clone();
    let ensured = client
        .contacts()
        .ensure(person, on_existing)
        .await
        .map_err(|e| Box::new(errors::workflow(&e, &contacts_reads())))?;
    Ok(answer(&json!({"email": email, "id": ensured.id, "created": ensured.created,
                      "outcome": if ensured.created { "created" } else { "matched" }})))
}

async fn enrol(client: &Client, args: &Map<String, Value>) -> Result<CallToolResult, Refusal> {
    let sequence: i64 = required(args, "sequenceId")?;
    let mut targets: Vec<EnrolTarget> =
        arg::<Vec<i64>>(args, "contactIds")?.unwrap_or_default().into_iter().map(EnrolTarget::Id).collect();
    targets.extend(arg::<Vec<String>>(args, "emails")?.unwrap_or_default().into_iter().map(EnrolTarget::Email));
    if targets.is_empty() {
        return Err(invalid("name the contacts: contactIds, emails, or both"));
    }
    let start_step = match (arg::<u32>(args, "startStep")?, arg::<i64>(args, "startStepId")?) {
        (Some(_), Some(_)) => return Err(invalid("give startStep or startStepId, not both")),
        (Some(position), None) => Some(StartStep::Position(position)),
        (None, Some(id)) => Some(StartStep::Id(id)),
        (None, None) => None,
    };
    let options = EnrolOptions {
        start_step,
        ignore_step_delay: arg(args, "ignoreStepDelay")?.unwrap_or(false),
        if_already: if arg::<String>(args, "ifAlready")?.as_deref() == Some("fail") {
            IfAlready::Fail
        } else {
            IfAlready::Skip
        },
        remove_from_existing: arg(args, "removeFromExisting")?.unwrap_or(false),
    };
    let report = client
        .sequences()
        .enrol(sequence, targets, options)
        .await
        .map_err(|e| Box::new(errors::workflow(&e, &["sequence_contacts_list".into()])))?;
    Ok(answer(&report.to_json()))
}

async fn resolve(client: &Client, args: &Map<String, Value>) -> Result<CallToolResult, Refusal> {
    let sequence: i64 = required(args, "sequenceId")?;
    let position: u32 = required(args, "position")?;
    let step =
        client.sequence_steps().resolve(sequence, position).await.map_err(|e| Box::new(errors::workflow(&e, &[])))?;
    Ok(answer(&json!({"sequenceId": sequence, "position": position, "stepId": step})))
}

async fn wait(client: &Client, args: &Map<String, Value>) -> Result<CallToolResult, Refusal> {
    let id: String = required(args, "jobId")?;
    let seconds: u64 = arg(args, "timeoutSeconds")?.unwrap_or(60);
    if !(1..=600).contains(&seconds) {
        return Err(invalid("timeoutSeconds is 1 to 600"));
    }
    let job = JobHandle::new(client.clone(), &id)
        .wait(Duration::from_secs(seconds))
        .await
        .map_err(|e| Box::new(errors::engine(&e, &[])))?;
    Ok(answer(&serde_json::to_value(job).unwrap_or_default()))
}
