//! The safe workflows of `reply_client::workflows` on the resource objects
//! (`client.contacts().findByEmail(...)`), each one delegation: Kotlin sees
//! `suspend` functions, Swift `async throws`. The records and enums here are
//! the engine's, field for field; refusals arrive as [`ReplyError::Workflow`]
//! through [`workflow_error`].

use reply_client::WorkflowError;
use reply_client::workflows as wf;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ErrorInfo, ReplyError};
use crate::generated::models::{Contact, ContactsImportRequestItemsItem};
use crate::generated::resources::{ContactsApi, SequenceStepsApi, SequencesApi};

/// A workflow's failure as the binding's error: an engine error as any call's,
/// a refusal as `Workflow` with the refusal's kind.
fn workflow_error(error: WorkflowError) -> ReplyError {
    match error {
        WorkflowError::Reply(e) => e.into(),
        refusal => ReplyError::Workflow {
            reason: refusal.to_string(),
            info: ErrorInfo::refusal(
                refusal.kind(),
                refusal.code(),
                match &refusal {
                    WorkflowError::ContactRefused { detail, .. } => detail.clone(),
                    _ => None,
                },
            ),
        },
    }
}

/// The same JSON in the engine's model and the binding's record.
fn convert<A: Serialize, B: DeserializeOwned>(value: &A) -> Result<B, ReplyError> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|e| ReplyError::config(format!("a record did not convert: {e}")))
}

/// What `ensure` does with a contact Reply already holds under the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum OnExisting {
    /// Fill the members that are empty on the contact; keep the rest.
    FillEmpty,
    /// Replace the members sent; members not sent are kept.
    Overwrite,
    /// Change nothing; only find the contact's id.
    Keep,
}

fn mode(value: Option<OnExisting>) -> wf::OnExisting {
    match value {
        None | Some(OnExisting::FillEmpty) => wf::OnExisting::FillEmpty,
        Some(OnExisting::Overwrite) => wf::OnExisting::Overwrite,
        Some(OnExisting::Keep) => wf::OnExisting::Keep,
    }
}

/// The contact `ensure` settled on.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Ensured {
    pub id: i64,
    /// True when Reply created it; false when it matched one it held.
    pub created: bool,
}

/// One person's answer of `ensureMany`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum EnsureResult {
    Ensured {
        id: i64,
        created: bool,
    },
    /// Refused: `kind` as `ReplyError`'s, `code` Reply's (`contactDeleted`, ...).
    Refused {
        kind: String,
        code: Option<String>,
        reason: String,
    },
}

/// Who to enrol.
// uniffi enums cannot box a field, and the value is copied across the FFI anyway.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, uniffi::Enum)]
pub enum EnrolTarget {
    /// A contact id; an unknown one is answered `NotFound`.
    Id { id: i64 },
    /// The address of a contact Reply holds (looked up exactly).
    Email { email: String },
    /// A person, created or matched by email first (filling empty members).
    Person { person: ContactsImportRequestItemsItem },
}

/// What to do with a contact already in the sequence; it is never moved either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum IfAlready {
    /// Report `AlreadyInSequence`, counted as done.
    Skip,
    /// Report `AlreadyInSequence`, counted as a failure.
    Fail,
}

#[derive(Debug, Clone, uniffi::Record)]
pub struct EnrolOptions {
    /// The 1-based position to start at.
    #[uniffi(default = None)]
    pub start_step: Option<u32>,
    /// Or a step id of the sequence.
    #[uniffi(default = None)]
    pub start_step_id: Option<i64>,
    /// Skip the delay before the first step.
    #[uniffi(default = false)]
    pub ignore_step_delay: bool,
    /// `Skip` unless given.
    #[uniffi(default = None)]
    pub if_already: Option<IfAlready>,
    /// Take the contacts out of their other sequences. Sent explicitly either way.
    #[uniffi(default = false)]
    pub remove_from_existing: bool,
}

/// What happened to one contact.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum EnrolOutcome {
    Enrolled,
    AlreadyInSequence,
    OptedOut,
    Blacklisted,
    NotFound,
    /// `code` is Reply's code, or the kind of error that stopped it.
    Failed {
        code: String,
        detail: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EnrolResult {
    /// How the contact was named: its id, its address, or the person's address.
    pub target: String,
    pub contact_id: Option<i64>,
    pub outcome: EnrolOutcome,
    /// Whether this is the outcome asked for.
    pub as_asked: bool,
}

/// Every contact's answer, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EnrolReport {
    pub sequence_id: i64,
    pub start_step_id: Option<i64>,
    pub all_as_asked: bool,
    pub results: Vec<EnrolResult>,
}

fn report(report: wf::EnrolReport) -> EnrolReport {
    let all_as_asked = report.all_as_asked();
    let results = report
        .results
        .into_iter()
        .map(|r| EnrolResult {
            target: r.target.label(),
            contact_id: r.contact_id,
            as_asked: r.as_asked,
            outcome: match r.outcome {
                wf::EnrolOutcome::Enrolled => EnrolOutcome::Enrolled,
                wf::EnrolOutcome::AlreadyInSequence => EnrolOutcome::AlreadyInSequence,
                wf::EnrolOutcome::OptedOut => EnrolOutcome::OptedOut,
                wf::EnrolOutcome::Blacklisted => EnrolOutcome::Blacklisted,
                wf::EnrolOutcome::NotFound => EnrolOutcome::NotFound,
                wf::EnrolOutcome::Failed { code, detail } => EnrolOutcome::Failed { code, detail },
            },
        })
        .collect();
    EnrolReport { sequence_id: report.sequence_id, start_step_id: report.start_step_id, all_as_asked, results }
}

fn options(o: EnrolOptions) -> Result<wf::EnrolOptions, ReplyError> {
    let start_step = match (o.start_step, o.start_step_id) {
        (Some(_), Some(_)) => {
            return Err(workflow_error(WorkflowError::InvalidInput("give startStep or startStepId, not both".into())));
        }
        (Some(position), None) => Some(wf::StartStep::Position(position)),
        (None, Some(id)) => Some(wf::StartStep::Id(id)),
        (None, None) => None,
    };
    let if_already = match o.if_already {
        None | Some(IfAlready::Skip) => wf::IfAlready::Skip,
        Some(IfAlready::Fail) => wf::IfAlready::Fail,
    };
    Ok(wf::EnrolOptions {
        start_step,
        ignore_step_delay: o.ignore_step_delay,
        if_already,
        remove_from_existing: o.remove_from_existing,
    })
}

#[uniffi::export(async_runtime = "tokio")]
impl ContactsApi {
    /// The one contact whose address is `email` (ignoring case, never a
    /// containment match), or null. Refuses (`Workflow`, kind
    /// `ambiguous_email` or `lookup_incomplete`) rather than guess.
    pub async fn find_by_email(&self, email: String) -> Result<Option<Contact>, ReplyError> {
        let found = self.client.contacts().find_by_email(&email).await.map_err(workflow_error)?;
        found.as_ref().map(convert).transpose()
    }

    /// The contact with `person`'s email: matched (treated per `on_existing`)
    /// or created. Members not sent are never blanked; a refusal is `Workflow`
    /// with kind `contact_refused` and Reply's `code`.
    /// `on_existing` is `FillEmpty` unless given.
    #[uniffi::method(default(on_existing = None))]
    pub async fn ensure(
        &self,
        person: ContactsImportRequestItemsItem,
        on_existing: Option<OnExisting>,
    ) -> Result<Ensured, ReplyError> {
        let person = convert(&person)?;
        let ensured = self.client.contacts().ensure(person, mode(on_existing)).await.map_err(workflow_error)?;
        Ok(Ensured { id: ensured.id, created: ensured.created })
    }

    /// `ensure` for many people (1,000 per request): one answer per person, in order.
    #[uniffi::method(default(on_existing = None))]
    pub async fn ensure_many(
        &self,
        people: Vec<ContactsImportRequestItemsItem>,
        on_existing: Option<OnExisting>,
    ) -> Result<Vec<EnsureResult>, ReplyError> {
        let people = people.iter().map(convert).collect::<Result<Vec<_>, _>>()?;
        let answers = self.client.contacts().ensure_many(people, mode(on_existing)).await;
        Ok(answers
            .into_iter()
            .map(|answer| match answer {
                Ok(e) => EnsureResult::Ensured { id: e.id, created: e.created },
                Err(e) => EnsureResult::Refused {
                    kind: e.kind().to_owned(),
                    code: e.code().map(str::to_owned),
                    reason: e.to_string(),
                },
            })
            .collect())
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl SequencesApi {
    /// Enrols contacts and answers per contact. Contacts already in the
    /// sequence are never sent (so never moved); `removeFromExisting` is always
    /// sent. Throws only when nothing was written.
    #[uniffi::method(default(options = None))]
    pub async fn enrol(
        &self,
        sequence_id: i64,
        contacts: Vec<EnrolTarget>,
        options: Option<EnrolOptions>,
    ) -> Result<EnrolReport, ReplyError> {
        let options = match options {
            Some(o) => self::options(o)?,
            None => wf::EnrolOptions::default(),
        };
        let targets = contacts
            .into_iter()
            .map(|t| {
                Ok(match t {
                    EnrolTarget::Id { id } => wf::EnrolTarget::Id(id),
                    EnrolTarget::Email { email } => wf::EnrolTarget::Email(email),
                    EnrolTarget::Person { person } => wf::EnrolTarget::Person(Box::new(convert(&person)?)),
                })
            })
            .collect::<Result<Vec<_>, ReplyError>>()?;
        let answer = self.client.sequences().enrol(sequence_id, targets, options).await.map_err(workflow_error)?;
        Ok(report(answer))
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl SequenceStepsApi {
    /// The id of the step at a 1-based position, by the steps' `parentId`
    /// links. Refuses (`Workflow`, kind `step_ambiguous` or `step_not_found`)
    /// where branches make the position ambiguous or there is no such step.
    pub async fn resolve(&self, sequence_id: i64, position: u32) -> Result<i64, ReplyError> {
        self.client.sequence_steps().resolve(sequence_id, position).await.map_err(workflow_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_keep_their_kind_and_engine_errors_their_variant() {
        let refusal =
            WorkflowError::ContactRefused { email: "a@b.c".into(), code: "contactDeleted".into(), detail: None };
        match workflow_error(refusal) {
            ReplyError::Workflow { info, .. } => {
                assert_eq!((info.kind.as_str(), info.code.as_deref()), ("contact_refused", Some("contactDeleted")))
            }
            other => panic!("not a workflow error: {other:?}"),
        }
        let engine = WorkflowError::Reply(reply_core::Error::Config("closed".into()));
        assert!(matches!(workflow_error(engine), ReplyError::Config { .. }));
    }
}
