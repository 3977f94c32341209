//! Enrolment that never double-enrols, never moves a contact silently, and
//! never takes one out of their other sequences.
//!
//! Reply's bulk add (`POST /v3/sequences/{id}/contact-links/bulk`) moves a
//! contact that is already in the sequence forward when the start step is
//! ahead of them, or refuses them with the generic `invalidInput`; it reports
//! every refusal, opt-outs included, as `invalidInput`; and leaving
//! `removeFromExisting` out risks taking the person out of their other
//! sequences (research/real-behaviour.md, "Sequences and enrolment"). So:
//! membership is read first and members are never sent; `removeFromExisting`
//! is always sent; a refusal is explained by reading the contact; and a batch
//! whose outcome is unknown is settled by reading the membership again, so
//! only the contacts that are provably not in are sent again.

use std::collections::{HashMap, HashSet};

use reply_core::models::ContactsImportRequestItemsItem;
use serde_json::{Value, json};

use super::WorkflowError;
use super::enrol_batch::{Batch, members};
use super::ensure::OnExisting;
use super::steps::step_at;
use crate::{Client, Sequences};

/// Contacts per bulk add (`BulkAddContactsToSequence`: "up to 10,000 ids per call").
pub const ENROL_BATCH: usize = 10_000;
/// How many times a batch is sent when its outcome stays unknown.
pub const ENROL_ATTEMPTS: usize = 5;

/// Who to enrol: a contact id, the address of an existing contact, or a
/// person to create or match first (see [`Contacts::ensure`](crate::Contacts::ensure)).
#[derive(Debug, Clone, PartialEq)]
pub enum EnrolTarget {
    /// A contact id; an unknown one is answered `NotFound`.
    Id(i64),
    /// The address of a contact Reply holds (looked up exactly); none is `NotFound`.
    Email(String),
    /// A person, created or matched by email first (filling the matched
    /// contact's empty members, as [`OnExisting::FillEmpty`]).
    Person(Box<ContactsImportRequestItemsItem>),
}

impl EnrolTarget {
    /// How the caller named the contact, for reports.
    pub fn label(&self) -> String {
        match self {
            EnrolTarget::Id(id) => id.to_string(),
            EnrolTarget::Email(email) => email.clone(),
            EnrolTarget::Person(person) => person.email.clone().unwrap_or_default(),
        }
    }
}

/// Where enrolled contacts start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartStep {
    /// The 1-based position in the sequence (see [`SequenceSteps::resolve`](crate::SequenceSteps::resolve)).
    Position(u32),
    /// A step id of the sequence.
    Id(i64),
}

/// What to do with a contact that is already in the sequence. Either way it
/// is not sent to Reply, so it is never moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IfAlready {
    /// Report it as `already_in_sequence` and count that as done.
    #[default]
    Skip,
    /// Report it as `already_in_sequence` and count that as a failure.
    Fail,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnrolOptions {
    pub start_step: Option<StartStep>,
    /// Skip the delay before the first step.
    pub ignore_step_delay: bool,
    pub if_already: IfAlready,
    /// Take the contacts out of their other sequences. Sent explicitly either way.
    pub remove_from_existing: bool,
}

/// What happened to one contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrolOutcome {
    /// Added by this call.
    Enrolled,
    /// Was in the sequence before this call; left as it was.
    AlreadyInSequence,
    OptedOut,
    Blacklisted,
    /// No such contact (an unknown id, or no contact with the address).
    NotFound,
    /// Anything else; `code` is Reply's code, or the workflow error's kind.
    Failed {
        code: String,
        detail: Option<String>,
    },
}

impl EnrolOutcome {
    /// A short stable name.
    pub fn kind(&self) -> &'static str {
        match self {
            EnrolOutcome::Enrolled => "enrolled",
            EnrolOutcome::AlreadyInSequence => "already_in_sequence",
            EnrolOutcome::OptedOut => "opted_out",
            EnrolOutcome::Blacklisted => "blacklisted",
            EnrolOutcome::NotFound => "not_found",
            EnrolOutcome::Failed { .. } => "failed",
        }
    }

    fn failed(e: &WorkflowError) -> EnrolOutcome {
        EnrolOutcome::Failed { code: e.code().unwrap_or_else(|| e.kind()).to_owned(), detail: Some(e.to_string()) }
    }
}

/// One contact's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct EnrolResult {
    pub target: EnrolTarget,
    /// The contact's id, when it has one.
    pub contact_id: Option<i64>,
    pub outcome: EnrolOutcome,
    /// Whether this is the outcome the caller asked for.
    pub as_asked: bool,
}

/// Every contact's answer, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct EnrolReport {
    pub sequence_id: i64,
    pub start_step_id: Option<i64>,
    pub results: Vec<EnrolResult>,
}

impl EnrolReport {
    /// True when every contact got the outcome asked for.
    pub fn all_as_asked(&self) -> bool {
        self.results.iter().all(|r| r.as_asked)
    }

    /// How many contacts had this outcome kind (`"enrolled"`, ...).
    pub fn count(&self, kind: &str) -> usize {
        self.results.iter().filter(|r| r.outcome.kind() == kind).count()
    }

    /// The report as plain JSON, the one shape the bindings, the CLI and
    /// `reply mcp` hand out: `{sequenceId, startStepId, allAsAsked, results}`.
    pub fn to_json(&self) -> Value {
        let results: Vec<Value> = self.results.iter().map(EnrolResult::to_json).collect();
        json!({"sequenceId": self.sequence_id, "startStepId": self.start_step_id,
               "allAsAsked": self.all_as_asked(), "results": results})
    }
}

impl EnrolResult {
    /// One contact's answer as plain JSON: `{target, contactId, outcome, asAsked,
    /// code, detail}`, `outcome` as [`EnrolOutcome::kind`], `code` and `detail`
    /// set for a failure only.
    pub fn to_json(&self) -> Value {
        let (code, detail) = match &self.outcome {
            EnrolOutcome::Failed { code, detail } => (Some(code.as_str()), detail.as_deref()),
            _ => (None, None),
        };
        json!({"target": self.target.label(), "contactId": self.contact_id, "outcome": self.outcome.kind(),
               "asAsked": self.as_asked, "code": code, "detail": detail})
    }
}

/// Where an enrolment is, for progress displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolStage {
    /// Turning emails and people into contact ids.
    Resolving,
    /// Reading who is in the sequence.
    ReadingMembership,
    /// Sending bulk adds.
    Enrolling,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnrolProgress {
    pub stage: EnrolStage,
    pub done: usize,
    pub total: usize,
}

impl<'a> Sequences<'a> {
    /// Enrols contacts in a sequence and answers per contact. Errors only when
    /// nothing was written: the sequence or its membership cannot be read, or
    /// the start step cannot be resolved. Everything after that is answered
    /// per contact, failures included.
    pub async fn enrol(
        &self,
        sequence_id: i64,
        contacts: Vec<EnrolTarget>,
        options: EnrolOptions,
    ) -> Result<EnrolReport, WorkflowError> {
        self.enrol_with_progress(sequence_id, contacts, options, &mut |_| {}).await
    }

    /// [`enrol`](Self::enrol), telling `progress` how far it got.
    pub async fn enrol_with_progress(
        &self,
        sequence_id: i64,
        contacts: Vec<EnrolTarget>,
        options: EnrolOptions,
        progress: &mut (dyn FnMut(EnrolProgress) + Send),
    ) -> Result<EnrolReport, WorkflowError> {
        let client = self.client;
        let sequence = self.get(sequence_id).await?;
        let steps = sequence.steps.unwrap_or_default();
        let start_step_id = match options.start_step {
            None => None,
            Some(StartStep::Position(position)) => Some(step_at(sequence_id, &steps, position)?),
            Some(StartStep::Id(id)) => {
                if !steps.is_empty() && !steps.iter().any(|s| super::steps::id_of(s) == Some(id)) {
                    return Err(WorkflowError::InvalidInput(format!(
                        "step {id} is not a step of sequence {sequence_id}"
                    )));
                }
                Some(id)
            }
        };

        // Read before anything is written (ensuring people writes), so a failure here leaves no trace.
        progress(EnrolProgress { stage: EnrolStage::ReadingMembership, done: 0, total: 1 });
        let before = members(client, sequence_id).await?;
        progress(EnrolProgress { stage: EnrolStage::ReadingMembership, done: 1, total: 1 });

        let mut slots = resolve(client, &contacts, progress).await;
        let mut to_add: Vec<i64> = Vec::new();
        let mut queued: HashSet<i64> = HashSet::new();
        for slot in slots.iter_mut().filter(|s| s.outcome.is_none()) {
            let id = slot.id.expect("a slot without an outcome has an id");
            if before.contains(&id) {
                slot.outcome = Some(EnrolOutcome::AlreadyInSequence);
            } else if queued.insert(id) {
                to_add.push(id);
            }
        }

        let batch = Batch { client, sequence_id, start_step_id, options: &options };
        let mut outcomes: HashMap<i64, EnrolOutcome> = HashMap::new();
        let total = to_add.len();
        progress(EnrolProgress { stage: EnrolStage::Enrolling, done: 0, total });
        for ids in to_add.chunks(ENROL_BATCH) {
            outcomes.extend(batch.add(ids).await);
            progress(EnrolProgress { stage: EnrolStage::Enrolling, done: outcomes.len(), total });
        }

        let results = contacts
            .into_iter()
            .zip(slots)
            .map(|(target, slot)| {
                let outcome = slot
                    .outcome
                    .or_else(|| slot.id.and_then(|id| outcomes.get(&id).cloned()))
                    .expect("every contact was settled");
                let as_asked = match outcome {
                    EnrolOutcome::Enrolled => true,
                    EnrolOutcome::AlreadyInSequence => options.if_already == IfAlready::Skip,
                    _ => false,
                };
                EnrolResult { target, contact_id: slot.id, outcome, as_asked }
            })
            .collect();
        Ok(EnrolReport { sequence_id, start_step_id, results })
    }
}

/// A contact on its way: its id once known, its outcome once settled.
struct Slot {
    id: Option<i64>,
    outcome: Option<EnrolOutcome>,
}

/// Turns every target into a contact id, or settles it (not found, refused).
async fn resolve(
    client: &Client,
    targets: &[EnrolTarget],
    progress: &mut (dyn FnMut(EnrolProgress) + Send),
) -> Vec<Slot> {
    let total = targets.len();
    let mut slots: Vec<Slot> = Vec::with_capacity(total);
    let mut people: Vec<(usize, ContactsImportRequestItemsItem)> = Vec::new();
    for (i, target) in targets.iter().enumerate() {
        let slot = match target {
            EnrolTarget::Id(id) => Slot { id: Some(*id), outcome: None },
            EnrolTarget::Email(email) => match client.contacts().find_by_email(email).await {
                Ok(Some(contact)) => match contact.id {
                    Some(id) => Slot { id: Some(id), outcome: None },
                    None => Slot { id: None, outcome: Some(EnrolOutcome::NotFound) },
                },
                Ok(None) => Slot { id: None, outcome: Some(EnrolOutcome::NotFound) },
                Err(e) => Slot { id: None, outcome: Some(EnrolOutcome::failed(&e)) },
            },
            EnrolTarget::Person(person) => {
                people.push((i, (**person).clone()));
                Slot { id: None, outcome: None }
            }
        };
        slots.push(slot);
        progress(EnrolProgress { stage: EnrolStage::Resolving, done: i + 1 - people.len(), total });
    }
    if !people.is_empty() {
        let (positions, people): (Vec<usize>, Vec<_>) = people.into_iter().unzip();
        let answers = client.contacts().ensure_many(people, OnExisting::FillEmpty).await;
        for (i, answer) in positions.into_iter().zip(answers) {
            slots[i] = match answer {
                Ok(ensured) => Slot { id: Some(ensured.id), outcome: None },
                Err(e) => Slot { id: None, outcome: Some(EnrolOutcome::failed(&e)) },
            };
        }
        progress(EnrolProgress { stage: EnrolStage::Resolving, done: total, total });
    }
    slots
}
