//! The refusals of the safe workflows: each one a case where going on would
//! mean guessing, with a stable `kind()` the bindings and the CLI project.

use reply_core::Error;

/// Why a workflow stopped. Engine failures (HTTP, transport, decoding) pass
/// through as [`WorkflowError::Reply`] with their own `kind()`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum WorkflowError {
    /// A call the workflow made failed.
    #[error(transparent)]
    Reply(#[from] Error),
    /// Reply holds more than one contact under this address, so "the" contact is not defined.
    #[error("Reply holds {} contacts with the address {email} (ids {ids:?})", ids.len())]
    AmbiguousEmail { email: String, ids: Vec<i64> },
    /// The listing kept going past the pages the lookup reads, so an exact
    /// match (or a second one) could be hiding further on.
    #[error("more than {seen} contacts came back for {email}; the lookup stops there rather than guess")]
    LookupIncomplete { email: String, seen: usize },
    /// Reply did not take the contact; `code` is Reply's own word for why
    /// (`contact.limitExceeded`, `contactDeleted`, `Invalid data`, ...).
    #[error("Reply refused the contact {email}: {code}{}", detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    ContactRefused { email: String, code: String, detail: Option<String> },
    /// No step is at that position (or the sequence has no steps, or no single start).
    #[error("sequence {sequence_id} has no step {position}: {reason}")]
    StepNotFound { sequence_id: i64, position: u32, reason: String },
    /// Branches (conditions, forks) make the position mean more than one step.
    #[error("step {position} of sequence {sequence_id} is ambiguous: {reason}")]
    StepAmbiguous { sequence_id: i64, position: u32, reason: String },
    /// The caller's input cannot be acted on (an empty email, position 0, ...); nothing was sent.
    #[error("invalid input: {0}")]
    InvalidInput(String),
}

impl WorkflowError {
    /// A short stable name: the engine's kind for [`WorkflowError::Reply`], else the refusal's.
    pub fn kind(&self) -> &'static str {
        match self {
            WorkflowError::Reply(e) => e.kind(),
            WorkflowError::AmbiguousEmail { .. } => "ambiguous_email",
            WorkflowError::LookupIncomplete { .. } => "lookup_incomplete",
            WorkflowError::ContactRefused { .. } => "contact_refused",
            WorkflowError::StepNotFound { .. } => "step_not_found",
            WorkflowError::StepAmbiguous { .. } => "step_ambiguous",
            WorkflowError::InvalidInput(_) => "invalid_input",
        }
    }

    /// Reply's code, when Reply gave one: the problem `code` of an engine
    /// error, or the refusal's code.
    pub fn code(&self) -> Option<&str> {
        match self {
            WorkflowError::Reply(e) => e.code(),
            WorkflowError::ContactRefused { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The engine error inside, if this is one.
    pub fn reply(&self) -> Option<&Error> {
        match self {
            WorkflowError::Reply(e) => Some(e),
            _ => None,
        }
    }
}
