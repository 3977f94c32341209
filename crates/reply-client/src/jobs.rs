//! Background jobs: operations that answer `202 Accepted` hand back a job to
//! poll at `GET /v3/background-jobs/{id}`.

use std::time::Duration;

use bytes::Bytes;
use reply_core::http::Headers;
use reply_core::models::{BackgroundJob, BackgroundJobCancel, BackgroundJobListItemStatus as Status};
use reply_core::operation::Operation;
use reply_core::operations::{
    CancelBackgroundJob, CancelBackgroundJobParams, GetBackgroundJobById, GetBackgroundJobByIdParams,
};
use reply_core::{Error, OperationInfo};
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

/// A background job to watch or cancel. It polls and cancels with the
/// options of the call that started it: Reply shows a job only to the user
/// (and team) that started it, so a job started as another acting user or
/// team must be followed as that user and team.
#[derive(Debug, Clone)]
pub struct JobHandle {
    client: Client,
    id: String,
    options: RequestOptions,
}

/// True for the states a job never leaves.
pub fn is_terminal(status: &Status) -> bool {
    matches!(status, Status::Done | Status::Failed | Status::Expired | Status::Cancelled)
}

impl JobHandle {
    /// A handle to an existing job, followed as the client's own identity.
    pub fn new(client: Client, id: impl Into<String>) -> JobHandle {
        JobHandle::with_options(client, id, RequestOptions::default())
    }

    /// A handle to an existing job, followed with `options` (the acting user,
    /// team, headers, timeouts and retries of the call that started it).
    pub fn with_options(client: Client, id: impl Into<String>, options: RequestOptions) -> JobHandle {
        JobHandle { client, id: id.into(), options }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The job as it is now.
    pub async fn status(&self) -> Result<BackgroundJob, Error> {
        let params = GetBackgroundJobByIdParams { job_id: self.id.clone() };
        self.client.call::<GetBackgroundJobById>(&params, &(), &self.options).await
    }

    /// Polls, backing off from 200 ms to 5 s, until the job reaches a terminal
    /// state or `timeout` passes (then `Error::Timeout`; the job keeps running).
    /// A status that tells nothing (none, the spec's own `Unknown`, or a value
    /// this SDK does not know) ends the wait at once with `Error::Decode`:
    /// polling on could not tell when the job is done either.
    /// Cancelling the options' token ends the wait with `Error::Cancelled`.
    pub async fn wait(&self, timeout: Duration) -> Result<BackgroundJob, Error> {
        let polls = self.client.logged(self.poll_until_done(timeout));
        crate::cancel::unless_cancelled(self.options.cancel.as_ref(), GetBackgroundJobById::INFO.id, polls).await
    }

    async fn poll_until_done(&self, timeout: Duration) -> Result<BackgroundJob, Error> {
        let give_up = Instant::now() + timeout;
        let mut interval = Duration::from_millis(200);
        loop {
            let job = self.status().await?;
            match &job.status {
                Some(status) if is_terminal(status) => return Ok(job),
                Some(Status::Scheduled | Status::Processing) => {}
                other => return Err(self.unreadable_status(other.as_ref())),
            }
            let now = Instant::now();
            if now >= give_up {
                return Err(Error::Timeout {
                    operation: GetBackgroundJobById::INFO.id,
                    message: format!("job {} not finished after {:.1}s", self.id, timeout.as_secs_f64()),
                });
            }
            let wait = interval.min(give_up - now);
            tracing::debug!(target: "reply::job", job_id = %self.id, status = %job.status.as_ref().map_or_else(String::new, ToString::to_string), wait_ms = wait.as_millis() as u64, "job polled");
            tokio::time::sleep(wait).await;
            interval = (interval.mul_f64(1.5)).min(Duration::from_secs(5));
        }
    }

    fn unreadable_status(&self, status: Option<&Status>) -> Error {
        let shown = status.map_or_else(|| "no status".to_owned(), |s| format!("status `{s}`"));
        let message = format!(
            "job {} reports {shown}, which does not say whether it has finished; stopped waiting (the job may still be running)",
            self.id
        );
        let source = reply_core::DecodeError { status: 200, path: "status".into(), message };
        Error::Decode { operation: GetBackgroundJobById::INFO.id, source }
    }

    /// Asks Reply to cancel the job.
    pub async fn cancel(&self, reason: Option<String>) -> Result<(), Error> {
        let params = CancelBackgroundJobParams { job_id: self.id.clone() };
        let body = BackgroundJobCancel { reason: reason.into(), ..Default::default() };
        self.client.call::<CancelBackgroundJob>(&params, &body, &self.options).await
    }
}

/// The id of the job a `202` answer to `info` started: the last segment of
/// its `Location` header or, failing that, the `jobId` of its `body` (the
/// answer as it came). A job-starting call is a write that was applied, so an
/// answer naming no job is [`Error::AppliedUnreadable`], never a plain
/// decode error that would invite starting the job again.
pub fn job_id(info: &'static OperationInfo, status: u16, headers: &Headers, body: &Bytes) -> Result<String, Error> {
    let from_location = headers
        .get("location")
        .and_then(|l| l.trim_end_matches('/').rsplit('/').next())
        .filter(|id| !id.is_empty())
        .map(str::to_owned);
    let from_body = || {
        let json = serde_json::from_slice::<Value>(body).ok()?;
        json.get("jobId")?.as_str().map(str::to_owned)
    };
    from_location.or_else(from_body).ok_or_else(|| {
        let message = "the answer names no job (no Location header and no jobId)".into();
        let source = reply_core::DecodeError { status, path: String::new(), message };
        Error::unreadable(info.id, info.kind, body, source)
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
    let unreadable = |source| Error::unreadable(O::INFO.id, O::INFO.kind, &response.body, source);
    let output = O::decode(&response).map_err(unreadable)?;
    let id = job_id(O::INFO, response.status, &response.headers, &response.body)?;
    Ok(Job { output, handle: JobHandle::with_options(client.clone(), id, options.clone()) })
}
