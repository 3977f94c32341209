//! Background jobs: operations that answer `202 Accepted` hand back a job to
//! poll at `GET /v3/background-jobs/{id}`.

use std::time::Duration;

use reply_core::Error;
use reply_core::http::Headers;
use reply_core::models::{BackgroundJob, BackgroundJobCancel, BackgroundJobListItemStatus as Status};
use reply_core::operation::Operation;
use reply_core::operations::{
    CancelBackgroundJob, CancelBackgroundJobParams, GetBackgroundJobById, GetBackgroundJobByIdParams,
};
use serde_json::Value;
use tokio::time::Instant;

use crate::client::Client;
use crate::options::RequestOptions;

/// The immediate answer of a job-starting call and the job it started.
#[derive(Debug)]
pub struct Job<T> {
    pub output: T,
    pub handle: JobHandle,
}

/// A background job to watch or cancel.
#[derive(Debug, Clone)]
pub struct JobHandle {
    client: Client,
    id: String,
}

/// True for the states a job never leaves.
pub fn is_terminal(status: &Status) -> bool {
    matches!(status, Status::Done | Status::Failed | Status::Expired | Status::Cancelled)
}

impl JobHandle {
    /// A handle to an existing job.
    pub fn new(client: Client, id: impl Into<String>) -> JobHandle {
        JobHandle { client, id: id.into() }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The job as it is now.
    pub async fn status(&self) -> Result<BackgroundJob, Error> {
        let params = GetBackgroundJobByIdParams { job_id: self.id.clone() };
        self.client.call::<GetBackgroundJobById>(&params, &(), &RequestOptions::default()).await
    }

    /// Polls, backing off from 200 ms to 5 s, until the job reaches a terminal
    /// state or `timeout` passes (then `Error::Timeout`; the job keeps running).
    pub async fn wait(&self, timeout: Duration) -> Result<BackgroundJob, Error> {
        let give_up = Instant::now() + timeout;
        let mut interval = Duration::from_millis(200);
        loop {
            let job = self.status().await?;
            if job.status.as_ref().is_some_and(is_terminal) {
                return Ok(job);
            }
            let now = Instant::now();
            if now >= give_up {
                return Err(Error::Timeout {
                    operation: GetBackgroundJobById::INFO.id,
                    message: format!("job {} not finished after {:.1}s", self.id, timeout.as_secs_f64()),
                });
            }
            tokio::time::sleep(interval.min(give_up - now)).await;
            interval = (interval.mul_f64(1.5)).min(Duration::from_secs(5));
        }
    }

    /// Asks Reply to cancel the job.
    pub async fn cancel(&self, reason: Option<String>) -> Result<(), Error> {
        let params = CancelBackgroundJobParams { job_id: self.id.clone() };
        let body = BackgroundJobCancel { reason: reason.into(), ..Default::default() };
        self.client.call::<CancelBackgroundJob>(&params, &body, &RequestOptions::default()).await
    }
}

/// The id of the job a `202` answer started: the last segment of its
/// `Location` header or, failing that, the body's `jobId`.
pub fn job_id(operation: &'static str, status: u16, headers: &Headers, body: &Value) -> Result<String, Error> {
    let from_location = headers
        .get("location")
        .and_then(|l| l.trim_end_matches('/').rsplit('/').next())
        .filter(|id| !id.is_empty())
        .map(str::to_owned);
    from_location.or_else(|| body.get("jobId")?.as_str().map(str::to_owned)).ok_or_else(|| Error::Decode {
        operation,
        source: reply_core::DecodeError {
            status,
            path: String::new(),
            message: "the answer names no job (no Location header and no jobId)".into(),
        },
    })
}

/// Sends a job-starting request and returns its answer with a handle on the job.
pub(crate) async fn start<O: Operation>(
    client: &Client,
    params: &O::Params,
    body: &O::Body,
    options: &RequestOptions,
) -> Result<Job<O::Output>, Error> {
    let response = client.call_raw::<O>(params, body, options).await?;
    let output = O::decode(&response).map_err(|source| Error::Decode { operation: O::INFO.id, source })?;
    let json = serde_json::from_slice::<Value>(&response.body).unwrap_or(Value::Null);
    let id = job_id(O::INFO.id, response.status, &response.headers, &json)?;
    Ok(Job { output, handle: JobHandle::new(client.clone(), id) })
}
