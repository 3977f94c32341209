//! `NativeClient`: one `reply_client::Client`, called by `operationId`.

use std::collections::HashMap;

use napi::bindgen_prelude::Buffer;
use napi_derive::napi;
use reply_client::{Client, DynamicBody, JobHandle};
use reply_core::OperationInfo;
use serde_json::{Map, Value};

use crate::error;
use crate::form::{self, RequestBody};
use crate::logs::{self, OnLog};
use crate::options::{self, CallOptions, ClientOptions};
use crate::pager::NativePager;

/// A successful answer: the body as JSON text (normalised through its
/// generated type), and the raw bytes when the body is not JSON (file downloads).
#[napi(object)]
pub struct NativeResponse {
    pub status: u32,
    /// Header names in lower case; repeated headers joined with `, `.
    pub headers: HashMap<String, String>,
    pub body: String,
    pub raw: Option<Buffer>,
    /// For an operation that starts a background job, the job's id (by
    /// `reply_client::job_id`'s rule: `Location`, else the body's `jobId`).
    pub job_id: Option<String>,
    /// For an operation that answers with a redirect: where it sends the user (the engine's `location`).
    pub location: Option<String>,
}

#[napi(object)]
pub struct Remaining {
    pub minute: u32,
    pub hour: u32,
    /// Time until the class may send again after a 429 (0 when not blocked).
    pub blocked_for_ms: f64,
}

#[napi(object)]
pub struct Quota {
    pub default: Remaining,
    pub reporting: Remaining,
    /// Total time this client's requests spent waiting for a slot.
    pub waited_ms: f64,
}

#[napi]
pub struct NativeClient {
    pub(crate) client: Client,
}

pub fn operation(id: &str) -> napi::Result<&'static OperationInfo> {
    reply_client::operation(id).ok_or_else(|| error::config(format!("unknown operation `{id}`")))
}

pub fn params(text: &str) -> napi::Result<Map<String, Value>> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(error::config("parameters must be a JSON object")),
    }
}

fn remaining(r: reply_core::quota::Remaining) -> Remaining {
    Remaining { minute: r.minute, hour: r.hour, blocked_for_ms: r.blocked_for.as_millis() as f64 }
}

fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).expect("JSON values always encode")
}

#[napi]
impl NativeClient {
    /// `on_log` receives the client's log records (see `logs.rs`).
    #[napi(constructor)]
    pub fn new(options: ClientOptions, on_log: Option<OnLog>) -> napi::Result<Self> {
        if options.api_key.is_none() {
            return Err(error::config("apiKey is required"));
        }
        let config = logs::attach(options::config(options, false)?, on_log);
        Ok(NativeClient { client: Client::new(config).map_err(error::to_js)? })
    }

    /// A client from `REPLY_API_KEY`, `REPLY_BASE_URL` and `REPLY_TEAM_ID`, with `options` on top.
    #[napi(factory)]
    pub fn from_env(options: ClientOptions, on_log: Option<OnLog>) -> napi::Result<Self> {
        let config = logs::attach(options::config(options, true)?, on_log);
        Ok(NativeClient { client: Client::new(config).map_err(error::to_js)? })
    }

    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.client.base_url().to_owned()
    }

    /// Calls one operation; `params` is a JSON object of path and query parameters by wire name.
    #[napi]
    pub async fn call(
        &self,
        operation_id: String,
        params: String,
        body: Option<RequestBody>,
        options: Option<CallOptions>,
    ) -> napi::Result<NativeResponse> {
        let info = operation(&operation_id)?;
        let params = self::params(&params)?;
        let options = options::request(options, self.client.config().retry)?;
        let body = form::body(body).await?;
        let response = self.client.call_dynamic(info, &params, &body, &options).await.map_err(error::to_js)?;
        let mut headers: HashMap<String, String> = HashMap::new();
        for (name, value) in response.headers.iter() {
            headers
                .entry(name.to_ascii_lowercase())
                .and_modify(|v| {
                    v.push_str(", ");
                    v.push_str(value);
                })
                .or_insert_with(|| value.to_owned());
        }
        let is_json = headers.get("content-type").is_none_or(|ct| ct.contains("json"));
        let raw = (!is_json && !response.raw.is_empty()).then(|| Buffer::from(response.raw.to_vec()));
        let job_id = info
            .job
            .then(|| reply_client::job_id(info, response.status, &response.headers, &response.raw))
            .transpose()
            .map_err(error::to_js)?;
        let location = response.location;
        Ok(NativeResponse {
            status: response.status.into(),
            headers,
            body: to_json(&response.body),
            raw,
            job_id,
            location,
        })
    }

    /// Walks every page of a paginated operation, fetching at most two pages ahead of the reader.
    #[napi]
    pub fn paginate(
        &self,
        operation_id: String,
        params: String,
        body: Option<String>,
        options: Option<CallOptions>,
        page_size: Option<u32>,
    ) -> napi::Result<NativePager> {
        let info = operation(&operation_id)?;
        let params = self::params(&params)?;
        let options = options::request(options, self.client.config().retry)?;
        let body = match body {
            None => DynamicBody::None,
            Some(text) => DynamicBody::Json(
                serde_json::from_str(&text).map_err(|e| error::config(format!("the request body is not JSON: {e}")))?,
            ),
        };
        Ok(NativePager::start(self.client.paginate_text(info, params, body, options, page_size)))
    }

    /// What is left of the request budget, or `null` when the rate limiter is off.
    #[napi]
    pub fn quota(&self) -> Option<Quota> {
        self.client.quota().map(|q| Quota {
            default: remaining(q.default),
            reporting: remaining(q.reporting),
            waited_ms: q.waited.as_millis() as f64,
        })
    }

    /// The background job as it is now, as JSON text. `options` are those of
    /// the call that started it: a job is only visible to the acting user and
    /// team that started it.
    #[napi]
    pub async fn job_status(&self, job_id: String, options: Option<CallOptions>) -> napi::Result<String> {
        let job = self.job(job_id, options)?.status().await.map_err(error::to_js)?;
        Ok(to_json(&job))
    }

    /// Polls the job until it ends (or `timeout_ms` passes), as JSON text.
    #[napi]
    pub async fn job_wait(
        &self,
        job_id: String,
        timeout_ms: f64,
        options: Option<CallOptions>,
    ) -> napi::Result<String> {
        let timeout = reply_client::millis("timeoutMs", timeout_ms).map_err(error::to_js)?;
        let job = self.job(job_id, options)?.wait(timeout).await.map_err(error::to_js)?;
        Ok(to_json(&job))
    }

    #[napi]
    pub async fn job_cancel(
        &self,
        job_id: String,
        reason: Option<String>,
        options: Option<CallOptions>,
    ) -> napi::Result<()> {
        self.job(job_id, options)?.cancel(reason).await.map_err(error::to_js)
    }
}

impl NativeClient {
    fn job(&self, job_id: String, options: Option<CallOptions>) -> napi::Result<JobHandle> {
        Ok(JobHandle::with_options(self.client.clone(), job_id, options::request(options, self.client.config().retry)?))
    }
}
