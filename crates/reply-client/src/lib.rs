//! Async Rust client for Reply's REST API v3.
//!
//! ```no_run
//! # async fn run() -> Result<(), reply_client::Error> {
//! use futures_util::StreamExt;
//! use reply_client::{Client, Config, operations::GetContactsQuery};
//!
//! let client = Client::new(Config::new("your-api-key"))?;
//! let me = client.user_account().whoami().await?;
//! let mut contacts = std::pin::pin!(client.contacts().list(GetContactsQuery::default()).items(Some(100)));
//! while let Some(contact) = contacts.next().await {
//!     println!("{:?}", contact?.email);
//! }
//! # let _ = me; Ok(()) }
//! ```
//!
//! Every operation of the spec is a method on a resource (`client.contacts()`,
//! `client.sequences()`, ...); see `OPERATIONS.md` for the table. A method
//! returns a [`Call`], which runs when awaited and takes per-request options
//! first (`.timeout(..)`, `.acting_user(..)`, `.team_id(..)`, `.retry(..)`).
//! Paginated calls also stream (`.pages(..)`, `.items(..)`); job-starting
//! calls give a [`JobHandle`] (`.start_job()`).
//!
//! Reads are retried on 429, 5xx and broken connections, honouring
//! `Retry-After`. A write is retried only when Reply provably did not act (a
//! 429, or a connection that was never made); otherwise a failed write whose
//! effect is unknown returns [`Error::OutcomeUnknown`]. A client-side
//! scheduler keeps each user under Reply's per-minute and per-hour limits.

mod call;
mod cancel;
mod client;
mod config;
mod dynamic;
mod error_info;
mod extras;
mod generated;
mod jobs;
mod log;
mod options;
mod pages_text;
mod pagination;
mod plain_options;
mod quota;
#[cfg(feature = "redis")]
mod quota_redis;
mod quota_store;
mod raw;
mod read_ahead;
mod transport;
mod upload;
mod walk;
pub mod webhooks;
pub mod workflows;

pub use call::Call;
pub use cancel::CancellationToken;
pub use client::Client;
pub use config::{ActingUser, Config, DEFAULT_BASE_URL, normalize_base_url};
pub use dynamic::{DynamicBody, DynamicResponse, build_path_and_query, operation, operation_by_name};
pub use error_info::{ErrorInfo, class_chain};
pub use generated::resources::*;
pub use jobs::{Job, JobHandle, is_terminal, job_id};
pub use log::{LogLevel, LogRecord, LogSink};
pub use options::RequestOptions;
pub use pages_text::TextPage;
pub use plain_options::{CallOptions, ClientOptions, QuotaOptions, acting_user, millis};
pub use quota::QuotaSnapshot;
pub use quota_store::QuotaStore;
pub use raw::{RAW_OPERATION, api_path};
pub use read_ahead::ReadAhead;
pub use reply_core::error::TeamChoice;
pub use reply_core::quota::{Limits, QuotaConfig};
pub use reply_core::retry::RetryPolicy;
pub use reply_core::{ApiError, Error, FieldError, Multipart, Nullable, SecretString, models, operations};
pub use transport::ReqwestTransport;
pub use upload::{FormPart, add_file, build_form, content_type_for};
pub use workflows::WorkflowError;
