//! Background jobs: a handle to poll, wait for, or cancel one.

use reply_client::Client;
use std::sync::Arc;

use crate::error::ReplyError;
use crate::generated::models::BackgroundJob;
use crate::units::TimeSpan;

/// A background job started by an operation that answers `202 Accepted`,
/// polled and cancelled with the request options of the call that started it.
#[derive(Debug, uniffi::Object)]
pub struct JobHandle {
    inner: reply_client::JobHandle,
}

impl JobHandle {
    pub(crate) fn new(client: Client, id: String, options: reply_client::RequestOptions) -> Arc<JobHandle> {
        Arc::new(JobHandle { inner: reply_client::JobHandle::with_options(client, id, options) })
    }
}

/// The engine's job record, re-read as the generated record of the same schema.
fn mirror(job: reply_core::models::BackgroundJob) -> Result<BackgroundJob, ReplyError> {
    serde_json::to_value(job)
        .and_then(serde_json::from_value)
        .map_err(|e| ReplyError::config(format!("background job record: {e}")))
}

#[uniffi::export(async_runtime = "tokio")]
impl JobHandle {
    pub fn id(&self) -> String {
        self.inner.id().to_owned()
    }

    /// The job as it is now.
    pub async fn status(&self) -> Result<BackgroundJob, ReplyError> {
        mirror(self.inner.status().await?)
    }

    /// Polls (backing off from 200 ms to 5 s) until the job is `done`,
    /// `failed`, `expired` or `cancelled`; a `Timeout` error after `timeout`
    /// (the job keeps running).
    pub async fn wait(&self, timeout: TimeSpan) -> Result<BackgroundJob, ReplyError> {
        let timeout = reply_client::millis("timeout", timeout.ms())?;
        mirror(self.inner.wait(timeout).await?)
    }

    /// Asks Reply to cancel the job.
    #[uniffi::method(default(reason = None))]
    pub async fn cancel(&self, reason: Option<String>) -> Result<(), ReplyError> {
        Ok(self.inner.cancel(reason).await?)
    }
}
