//! Safe workflows: what Reply's endpoints do not give, built from them.
//!
//! Each removes a hazard of the raw API (research/real-behaviour.md):
//!
//! - [`Contacts::find_by_email`](crate::Contacts::find_by_email): search
//!   matches by containment; this finds the one contact with exactly that
//!   address, or refuses.
//! - [`Contacts::ensure`](crate::Contacts::ensure): creating a contact for a
//!   known address blanks its other members; this matches by email through
//!   the import endpoint and never blanks a member it was not given.
//! - [`Sequences::enrol`](crate::Sequences::enrol): adding a contact already
//!   in a sequence moves it silently, and leaving `removeFromExisting` out can
//!   take it out of its other sequences; this checks membership first, always
//!   sends the flag, and answers per contact.
//! - [`SequenceSteps::resolve`](crate::SequenceSteps::resolve): steps have no
//!   order field; this finds the step at a position, or refuses where
//!   branches make it ambiguous.
//!
//! They use only the generated operations and types, and refuse with a
//! [`WorkflowError`] rather than guess.

mod enrol;
mod ensure;
mod error;
mod find;
mod steps;

pub use enrol::{
    ENROL_ATTEMPTS, ENROL_BATCH, EnrolOptions, EnrolOutcome, EnrolProgress, EnrolReport, EnrolResult, EnrolStage,
    EnrolTarget, IfAlready, StartStep,
};
pub use ensure::{Ensured, IMPORT_BATCH, OnExisting};
pub use error::WorkflowError;
pub use find::{LOOKUP_PAGE_SIZE, LOOKUP_PAGES};
