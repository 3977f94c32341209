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
//!
//! ```
//! use reply_client::workflows::{EnrolOptions, EnrolOutcome, EnrolTarget, OnExisting, StartStep};
//! use reply_client::{Client, Config, models};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = reply_mock::MockServer::start(reply_mock::Config::quiet()).await?;
//! let client = Client::new(Config::new("mock-personal-key").with_base_url(mock.base_url()))?;
//!
//! let ada = models::ContactsImportRequestItemsItem {
//!     email: Some("ada@example.com".into()),
//!     first_name: "Ada".into(),
//!     ..Default::default()
//! };
//! let ensured = client.contacts().ensure(ada, OnExisting::FillEmpty).await?;
//! let found = client.contacts().find_by_email("ADA@example.com").await?;
//! assert_eq!(found.and_then(|c| c.id), Some(ensured.id));
//!
//! // A two-step sequence: the second step hangs under the first by `parentId`.
//! let step = |parent: Option<i64>| -> models::SequenceStep {
//!     serde_json::from_value(serde_json::json!({"type": "email", "parentId": parent, "delayInMinutes": 0,
//!         "executionMode": "automatic", "variants": [{"subject": "Hi", "message": "Hello"}]}))
//!     .unwrap()
//! };
//! let sequence = client
//!     .sequences()
//!     .create(models::SequenceCreate { name: "Welcome".into(), steps: Some(vec![step(None)]), ..Default::default() })
//!     .await?;
//! let id = sequence.id.unwrap();
//! let first = client.sequence_steps().resolve(id, 1).await?;
//! client.sequence_steps().create(id, step(Some(first))).await?;
//!
//! let report = client
//!     .sequences()
//!     .enrol(
//!         id,
//!         vec![EnrolTarget::Id(ensured.id), EnrolTarget::Email("grace@example.com".into())],
//!         EnrolOptions { start_step: Some(StartStep::Position(2)), ..Default::default() },
//!     )
//!     .await?;
//! let outcomes: Vec<_> = report.results.iter().map(|r| r.outcome.clone()).collect();
//! assert_eq!(outcomes, vec![EnrolOutcome::Enrolled, EnrolOutcome::NotFound]);
//! # Ok(()) }
//! ```

mod enrol;
mod enrol_batch;
mod ensure;
mod error;
mod find;
mod refusals;
mod steps;

pub use enrol::{
    ENROL_ATTEMPTS, ENROL_BATCH, EnrolOptions, EnrolOutcome, EnrolProgress, EnrolReport, EnrolResult, EnrolStage,
    EnrolTarget, IfAlready, StartStep,
};
pub use ensure::{Ensured, IMPORT_BATCH, OnExisting};
pub use error::WorkflowError;
pub use find::{LOOKUP_PAGE_SIZE, LOOKUP_PAGES};
