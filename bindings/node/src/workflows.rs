//! The safe workflows of `reply_client::workflows`, each one delegation.
//! Arguments and answers cross as JSON text like every other call here;
//! `node/lib/workflows.js` types them. Refusals are thrown (or, per person of
//! `ensure`, returned) through [`error::workflow_to_js`].

use napi_derive::napi;
use reply_client::WorkflowError;
use reply_client::models::ContactsImportRequestItemsItem;
use reply_client::workflows::{EnrolOptions, EnrolTarget, IfAlready, OnExisting, StartStep};
use serde_json::{Value, json};

use crate::client::NativeClient;
use crate::error::{self, workflow_description, workflow_to_js};

fn invalid(message: String) -> napi::Error {
    workflow_to_js(WorkflowError::InvalidInput(message))
}

fn person(value: Value) -> Result<ContactsImportRequestItemsItem, WorkflowError> {
    serde_json::from_value(value)
        .map_err(|e| WorkflowError::InvalidInput(format!("a person must be a contact import item: {e}")))
}

fn parse(what: &str, text: &str) -> napi::Result<Value> {
    serde_json::from_str(text).map_err(|e| error::config(format!("{what} is not JSON: {e}")))
}

/// A number is a contact id, a string an address, an object a person.
fn target(value: Value) -> Result<EnrolTarget, WorkflowError> {
    match value {
        Value::Number(n) if n.is_i64() => Ok(EnrolTarget::Id(n.as_i64().unwrap_or_default())),
        Value::String(email) => Ok(EnrolTarget::Email(email)),
        other => person(other).map(|p| EnrolTarget::Person(Box::new(p))),
    }
}

/// `{ startStep?, startStepId?, ignoreStepDelay?, ifAlready?, removeFromExisting? }`.
fn options(value: Value) -> Result<EnrolOptions, WorkflowError> {
    let bad = |m: &str| WorkflowError::InvalidInput(m.to_owned());
    let start_step =
        match (value.get("startStep").and_then(Value::as_u64), value.get("startStepId").and_then(Value::as_i64)) {
            (Some(_), Some(_)) => return Err(bad("give startStep or startStepId, not both")),
            (Some(p), None) => Some(StartStep::Position(u32::try_from(p).map_err(|_| bad("startStep is too large"))?)),
            (None, Some(id)) => Some(StartStep::Id(id)),
            (None, None) => None,
        };
    let if_already = match value.get("ifAlready").and_then(Value::as_str) {
        None | Some("skip") => IfAlready::Skip,
        Some("fail") => IfAlready::Fail,
        Some(other) => return Err(bad(&format!("ifAlready must be 'skip' or 'fail', not `{other}`"))),
    };
    let flag = |name: &str| value.get(name).and_then(Value::as_bool).unwrap_or(false);
    Ok(EnrolOptions {
        start_step,
        ignore_step_delay: flag("ignoreStepDelay"),
        if_already,
        remove_from_existing: flag("removeFromExisting"),
    })
}

#[napi]
impl NativeClient {
    /// The contact with exactly this address (JSON), or `null`.
    #[napi]
    pub async fn find_by_email(&self, email: String) -> napi::Result<String> {
        let found = self.client.contacts().find_by_email(&email).await.map_err(workflow_to_js)?;
        Ok(serde_json::to_string(&found).unwrap_or_else(|_| "null".into()))
    }

    /// One answer per person (JSON array): `{ ok: { id, created } }` or `{ error }`,
    /// the error described as a thrown one would be.
    #[napi]
    pub async fn ensure(&self, people: String, on_existing: String) -> napi::Result<String> {
        let mode = match on_existing.as_str() {
            "fillEmpty" => OnExisting::FillEmpty,
            "overwrite" => OnExisting::Overwrite,
            "keep" => OnExisting::Keep,
            other => {
                return Err(invalid(format!("onExisting must be 'fillEmpty', 'overwrite' or 'keep', not `{other}`")));
            }
        };
        let Value::Array(people) = parse("people", &people)? else {
            return Err(invalid("people must be an array".into()));
        };
        // Each person is read on its own, so one malformed person is refused alone.
        let read: Vec<Result<ContactsImportRequestItemsItem, WorkflowError>> = people.into_iter().map(person).collect();
        let valid: Vec<_> = read.iter().filter_map(|p| p.as_ref().ok().cloned()).collect();
        let mut settled = self.client.contacts().ensure_many(valid, mode).await.into_iter();
        let answers: Vec<Value> = read
            .into_iter()
            .map(|p| match p.and_then(|_| settled.next().expect("one answer per person")) {
                Ok(e) => json!({ "ok": e.to_json() }),
                Err(e) => json!({ "error": workflow_description(&e) }),
            })
            .collect();
        Ok(Value::Array(answers).to_string())
    }

    /// The per-contact report (JSON) of enrolling `contacts` (a JSON array).
    #[napi]
    pub async fn enrol(&self, sequence_id: i64, contacts: String, options: String) -> napi::Result<String> {
        let Value::Array(contacts) = parse("contacts", &contacts)? else {
            return Err(invalid("contacts must be an array".into()));
        };
        let targets = contacts.into_iter().map(target).collect::<Result<Vec<_>, _>>().map_err(workflow_to_js)?;
        let options = self::options(parse("options", &options)?).map_err(workflow_to_js)?;
        let answer = self.client.sequences().enrol(sequence_id, targets, options).await.map_err(workflow_to_js)?;
        Ok(answer.to_json().to_string())
    }

    /// The id of the step at a 1-based position.
    #[napi]
    pub async fn resolve_step(&self, sequence_id: i64, position: u32) -> napi::Result<i64> {
        self.client.sequence_steps().resolve(sequence_id, position).await.map_err(workflow_to_js)
    }
}
