//! `NativeClient`: one `reply_client::Client` plus the per-request options of
//! a `with_options` view. Every method is one delegation to the client, in a
//! blocking flavour (the GIL is released while Rust waits) and an asyncio one
//! (an awaitable driven by the shared tokio runtime).

use std::future::Future;
use std::sync::{Arc, RwLock};

use pyo3::BoundObject;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};
use reply_client::{
    CallOptions, Client, ClientOptions, DynamicBody, DynamicResponse, Error, JobHandle, QuotaOptions, RequestOptions,
};
use reply_core::operation::OperationInfo;
use serde_json::{Map, Value};

use crate::convert::{Json, from_py, params_from_py, to_py};
use crate::errors::to_pyerr;
use crate::pages::PageStream;
use crate::upload::parts_from_py;

/// Operation rows by `operationId`, built once.
fn lookup(id: &str) -> Result<&'static OperationInfo, Error> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static BY_ID: OnceLock<HashMap<&'static str, &'static OperationInfo>> = OnceLock::new();
    let table = BY_ID.get_or_init(|| reply_core::operations::OPERATIONS.iter().map(|op| (op.id, op)).collect());
    table.get(id).copied().ok_or_else(|| Error::Config(format!("unknown operation `{id}`")))
}

fn runtime() -> &'static tokio::runtime::Runtime {
    pyo3_async_runtimes::tokio::get_runtime()
}

/// Seconds as Python passes them, as the engine's milliseconds (the engine checks them).
fn ms(seconds: Option<f64>) -> Option<f64> {
    seconds.map(|s| s * 1000.0)
}

/// The request body of one call, read while holding the GIL.
enum Body {
    None,
    Json(Value),
    Form(Vec<reply_client::FormPart>),
}

impl Body {
    fn read(body: Option<&Bound<'_, PyAny>>, files: Option<&Bound<'_, PyList>>) -> PyResult<Body> {
        Ok(match (body, files) {
            (_, Some(parts)) => Body::Form(parts_from_py(parts)?),
            (Some(b), None) if !b.is_none() => Body::Json(from_py(b)?),
            _ => Body::None,
        })
    }

    async fn into_dynamic(self) -> Result<DynamicBody, Error> {
        Ok(match self {
            Body::None => DynamicBody::None,
            Body::Json(v) => DynamicBody::Json(v),
            Body::Form(parts) => DynamicBody::Multipart(reply_client::build_form(parts).await?),
        })
    }
}

/// The job a `202 Accepted` names: the last segment of `Location`, else the
/// body's `jobId` (the same rule as `reply_client::Job`).
fn job_id(op: &str, response: &DynamicResponse) -> Result<String, Error> {
    reply_client::job_id(lookup(op)?, response.status, &response.headers, &response.raw)
}

#[pyclass(frozen, module = "reply._native")]
pub struct NativeClient {
    /// `None` once closed.
    client: Arc<RwLock<Option<Client>>>,
    /// The options of this `with_options` view, as given (a further view adds to them)...
    call_options: CallOptions,
    /// ...and as the engine applies them.
    options: RequestOptions,
    base_url: String,
}

impl NativeClient {
    /// The per-request options of this `with_options` view.
    pub(crate) fn options(&self) -> &RequestOptions {
        &self.options
    }

    pub(crate) fn client(&self) -> Result<Client, Error> {
        let guard = self.client.read().unwrap_or_else(|e| e.into_inner());
        guard.clone().ok_or_else(|| Error::Config("the client is closed".into()))
    }

    /// Whether this `with_options` view has options of its own, which the safe
    /// workflows (calls of the engine, not of one operation) cannot carry.
    pub(crate) fn has_own_options(&self) -> bool {
        let o = &self.options;
        o.timeout.is_some()
            || o.deadline.is_some()
            || o.retry.is_some()
            || o.acting_user.is_some()
            || o.team_id.is_some()
            || !o.headers.is_empty()
    }

    /// Runs a future on the runtime with the GIL released.
    pub(crate) fn block<T: Send>(py: Python<'_>, fut: impl Future<Output = Result<T, Error>> + Send) -> PyResult<T> {
        crate::logs::refresh(py);
        py.detach(|| runtime().block_on(fut)).map_err(|e| to_pyerr(py, e))
    }

    /// The job `job_id`, followed with this view's options: a job started
    /// through a view acting as another user or team is only visible to them.
    fn job(&self, py: Python<'_>, job_id: String) -> PyResult<JobHandle> {
        let client = self.client().map_err(|e| to_pyerr(py, e))?;
        Ok(JobHandle::with_options(client, job_id, self.options.clone()))
    }

    fn call_future(
        &self,
        op: &str,
        params: Option<&Bound<'_, PyDict>>,
        body: Option<&Bound<'_, PyAny>>,
        files: Option<&Bound<'_, PyList>>,
    ) -> PyResult<impl Future<Output = Result<DynamicResponse, Error>> + Send + 'static> {
        let params = params_from_py(params)?;
        let body = Body::read(body, files)?;
        let client = self.client();
        let options = self.options.clone();
        let info = lookup(op);
        Ok(async move {
            let (client, info) = (client?, info?);
            let body = body.into_dynamic().await?;
            client.call_dynamic(info, &params, &body, &options).await
        })
    }
}

/// A whole response for `call_raw_async`.
struct Raw(DynamicResponse);

impl<'py> IntoPyObject<'py> for Raw {
    type Target = PyTuple;
    type Output = Bound<'py, PyTuple>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        (self.0.status, self.0.headers.0, PyBytes::new(py, &self.0.raw)).into_pyobject(py)
    }
}

/// A whole response with its decoded body, for `call_response`.
struct Full(DynamicResponse);

impl<'py> IntoPyObject<'py> for Full {
    type Target = PyTuple;
    type Output = Bound<'py, PyTuple>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        let mut response = self.0;
        let (status, headers, raw) =
            (response.status, std::mem::take(&mut response.headers.0), PyBytes::new(py, &response.raw));
        let body = to_py(py, &response.into_answer())?;
        (status, headers, raw, body).into_pyobject(py)
    }
}

/// An SDK result converted to Python when an awaitable completes, so errors
/// become `reply` exceptions there, with the GIL held.
struct Outcome<T>(Result<T, Error>);

impl<'py, T: IntoPyObject<'py, Error = PyErr>> IntoPyObject<'py> for Outcome<T> {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        match self.0 {
            Ok(value) => Ok(value.into_pyobject(py)?.into_any().into_bound()),
            Err(e) => Err(to_pyerr(py, e)),
        }
    }
}

pub(crate) fn awaitable<'py, T>(
    py: Python<'py>,
    fut: impl Future<Output = Result<T, Error>> + Send + 'static,
) -> PyResult<Bound<'py, PyAny>>
where
    T: for<'a> IntoPyObject<'a, Error = PyErr> + Send + 'static,
{
    crate::exit::used_async();
    crate::logs::refresh(py);
    pyo3_async_runtimes::tokio::future_into_py(py, async move { Ok(Outcome(fut.await)) })
}

#[pymethods]
impl NativeClient {
    /// Builds the client. With `from_env`, `REPLY_API_KEY`, `REPLY_BASE_URL`
    /// and `REPLY_TEAM_ID` are read first and the other arguments override them.
    /// Times are in seconds; `quota` holds `reply_client::QuotaOptions`' members
    /// (windows in milliseconds) and `disable_quota` turns the limiter off.
    #[new]
    #[pyo3(signature = (api_key=None, *, from_env=false, base_url=None, team_id=None, user_id=None, user_email=None,
        timeout=None, deadline=None, max_retries=None, quota=None, disable_quota=false, user_agent=None,
        max_response_bytes=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_key: Option<String>,
        from_env: bool,
        base_url: Option<String>,
        team_id: Option<i64>,
        user_id: Option<i64>,
        user_email: Option<String>,
        timeout: Option<f64>,
        deadline: Option<f64>,
        max_retries: Option<u32>,
        quota: Option<&Bound<'_, PyDict>>,
        disable_quota: bool,
        user_agent: Option<String>,
        max_response_bytes: Option<u64>,
    ) -> PyResult<NativeClient> {
        let err = |e| to_pyerr(py, e);
        let quota = match quota {
            Some(q) => Some(
                serde_json::from_value::<QuotaOptions>(from_py(q.as_any())?)
                    .map_err(|e| err(Error::Config(format!("quota: {e}"))))?,
            ),
            None => None,
        };
        let options = ClientOptions {
            api_key,
            from_env,
            base_url,
            team_id,
            acting_user_id: user_id,
            acting_user_email: user_email,
            timeout_ms: ms(timeout),
            deadline_ms: ms(deadline),
            max_retries,
            initial_backoff_ms: None,
            quota,
            disable_quota,
            user_agent,
            max_response_bytes,
        };
        crate::logs::refresh(py);
        let client = Client::new(crate::logs::to_logging(options.to_config().map_err(err)?)).map_err(err)?;
        let base_url = client.base_url().to_owned();
        Ok(NativeClient {
            client: Arc::new(RwLock::new(Some(client))),
            call_options: CallOptions::default(),
            options: RequestOptions::default(),
            base_url,
        })
    }

    /// A view of the same client (same connections and quota) whose calls use
    /// these options on top of this view's.
    /// `query` and `extra_body` (extra query pairs and JSON body members) are
    /// what the generated methods' per-call `extra_query` and `extra_body` carry.
    #[pyo3(signature = (*, timeout=None, deadline=None, max_retries=None, team_id=None, user_id=None, user_email=None,
        headers=None, query=None, extra_body=None))]
    #[allow(clippy::too_many_arguments)]
    fn with_options(
        &self,
        py: Python<'_>,
        timeout: Option<f64>,
        deadline: Option<f64>,
        max_retries: Option<u32>,
        team_id: Option<i64>,
        user_id: Option<i64>,
        user_email: Option<String>,
        headers: Option<Vec<(String, String)>>,
        query: Option<Vec<(String, String)>>,
        extra_body: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<NativeClient> {
        let extra_body = match extra_body.map(|b| from_py(b.as_any())).transpose()? {
            Some(Value::Object(members)) => Some(members),
            _ => None,
        };
        let later = CallOptions {
            timeout_ms: ms(timeout),
            deadline_ms: ms(deadline),
            max_retries,
            acting_user_id: user_id,
            acting_user_email: user_email,
            team_id,
            headers: headers.unwrap_or_default(),
            extra_query: query.unwrap_or_default(),
            extra_body,
        };
        let call_options = self.call_options.clone().then(later);
        let retry = self.client().map(|c| c.config().retry).unwrap_or_default();
        let options = call_options.to_request(retry).map_err(|e| to_pyerr(py, e))?;
        Ok(NativeClient { client: self.client.clone(), call_options, options, base_url: self.base_url.clone() })
    }

    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Lets go of the connections; later calls fail with `ConfigError`.
    fn close(&self) {
        self.client.write().unwrap_or_else(|e| e.into_inner()).take();
    }

    /// What is left of the request budget: `None` when the client-side quota is off.
    fn quota<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(q) = self.client().map_err(|e| to_pyerr(py, e))?.quota() else { return Ok(None) };
        let dict = PyDict::new(py);
        for (name, r) in [("default", q.default), ("reporting", q.reporting)] {
            let class = PyDict::new(py);
            class.set_item("minute", r.minute)?;
            class.set_item("hour", r.hour)?;
            class.set_item("blocked_for", r.blocked_for.as_secs_f64())?;
            dict.set_item(name, class)?;
        }
        dict.set_item("waited", q.waited.as_secs_f64())?;
        Ok(Some(dict))
    }

    /// Calls an operation and returns its JSON body (blocking, GIL released).
    #[pyo3(signature = (op, params=None, body=None, files=None))]
    fn call<'py>(
        &self,
        py: Python<'py>,
        op: &str,
        params: Option<&Bound<'py, PyDict>>,
        body: Option<&Bound<'py, PyAny>>,
        files: Option<&Bound<'py, PyList>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let fut = self.call_future(op, params, body, files)?;
        to_py(py, &Self::block(py, fut)?.into_answer())
    }

    /// `call` as an awaitable.
    #[pyo3(signature = (op, params=None, body=None, files=None))]
    fn call_async<'py>(
        &self,
        py: Python<'py>,
        op: &str,
        params: Option<&Bound<'py, PyDict>>,
        body: Option<&Bound<'py, PyAny>>,
        files: Option<&Bound<'py, PyList>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let fut = self.call_future(op, params, body, files)?;
        awaitable(py, async move { fut.await.map(|r| Json(r.into_answer())) })
    }

    /// Calls an operation and returns `(status, headers, raw body bytes, JSON body)`:
    /// the whole answer, for `with_raw_response`.
    #[pyo3(signature = (op, params=None, body=None, files=None))]
    fn call_response<'py>(
        &self,
        py: Python<'py>,
        op: &str,
        params: Option<&Bound<'py, PyDict>>,
        body: Option<&Bound<'py, PyAny>>,
        files: Option<&Bound<'py, PyList>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let fut = self.call_future(op, params, body, files)?;
        Full(Self::block(py, fut)?).into_pyobject(py)
    }

    /// `call_response` as an awaitable.
    #[pyo3(signature = (op, params=None, body=None, files=None))]
    fn call_response_async<'py>(
        &self,
        py: Python<'py>,
        op: &str,
        params: Option<&Bound<'py, PyDict>>,
        body: Option<&Bound<'py, PyAny>>,
        files: Option<&Bound<'py, PyList>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let fut = self.call_future(op, params, body, files)?;
        awaitable(py, async move { fut.await.map(Full) })
    }

    /// Calls an operation and returns `(status, headers, raw body bytes)`, for
    /// answers that are not JSON (a CSV export).
    #[pyo3(signature = (op, params=None, body=None))]
    fn call_raw<'py>(
        &self,
        py: Python<'py>,
        op: &str,
        params: Option<&Bound<'py, PyDict>>,
        body: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let fut = self.call_future(op, params, body, None)?;
        let r = Self::block(py, fut)?;
        (r.status, r.headers.0, PyBytes::new(py, &r.raw)).into_pyobject(py)
    }

    /// `call_raw` as an awaitable.
    #[pyo3(signature = (op, params=None, body=None))]
    fn call_raw_async<'py>(
        &self,
        py: Python<'py>,
        op: &str,
        params: Option<&Bound<'py, PyDict>>,
        body: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let fut = self.call_future(op, params, body, None)?;
        awaitable(py, async move {
            let r = fut.await?;
            Ok(Raw(r))
        })
    }

    /// Calls a job-starting operation: `(body, job id)`.
    #[pyo3(signature = (op, params=None, body=None))]
    fn start_job<'py>(
        &self,
        py: Python<'py>,
        op: &str,
        params: Option<&Bound<'py, PyDict>>,
        body: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let fut = self.call_future(op, params, body, None)?;
        let response = Self::block(py, fut)?;
        let id = job_id(op, &response).map_err(|e| to_pyerr(py, e))?;
        PyTuple::new(py, [to_py(py, &response.body)?, id.into_pyobject(py)?.into_any()])
    }

    /// `start_job` as an awaitable.
    #[pyo3(signature = (op, params=None, body=None))]
    fn start_job_async<'py>(
        &self,
        py: Python<'py>,
        op: &str,
        params: Option<&Bound<'py, PyDict>>,
        body: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let fut = self.call_future(op, params, body, None)?;
        let op = op.to_owned();
        awaitable(py, async move {
            let response = fut.await?;
            let id = job_id(&op, &response)?;
            Ok((Json(response.body), id))
        })
    }

    /// The pages of a paginated operation, fetched ahead by one page.
    #[pyo3(signature = (op, params=None, body=None, page_size=None))]
    fn paginate(
        &self,
        py: Python<'_>,
        op: &str,
        params: Option<&Bound<'_, PyDict>>,
        body: Option<&Bound<'_, PyAny>>,
        page_size: Option<u32>,
    ) -> PyResult<PageStream> {
        let params: Map<String, Value> = params_from_py(params)?;
        let body = match body {
            Some(b) if !b.is_none() => DynamicBody::Json(from_py(b)?),
            _ => DynamicBody::None,
        };
        let client = self.client().map_err(|e| to_pyerr(py, e))?;
        let info = lookup(op).map_err(|e| to_pyerr(py, e))?;
        Ok(PageStream::start(client.paginate_text(info, params, body, self.options.clone(), page_size)))
    }

    /// The job as it is now (a `BackgroundJob` body).
    fn job_status<'py>(&self, py: Python<'py>, job_id: String) -> PyResult<Bound<'py, PyAny>> {
        let job = self.job(py, job_id)?;
        let job = Self::block(py, async move { job.status().await })?;
        to_py(py, &serde_json::to_value(job).unwrap_or(Value::Null))
    }

    fn job_status_async<'py>(&self, py: Python<'py>, job_id: String) -> PyResult<Bound<'py, PyAny>> {
        let job = self.job(py, job_id)?;
        awaitable(py, async move {
            let job = job.status().await?;
            Ok(Json(serde_json::to_value(job).unwrap_or(Value::Null)))
        })
    }

    /// Polls until the job ends or `timeout` seconds pass (`TimeoutError`; the job keeps running).
    fn job_wait<'py>(&self, py: Python<'py>, job_id: String, timeout: f64) -> PyResult<Bound<'py, PyAny>> {
        let job = self.job(py, job_id)?;
        let timeout = reply_client::millis("timeout", timeout * 1000.0).map_err(|e| to_pyerr(py, e))?;
        let job = Self::block(py, async move { job.wait(timeout).await })?;
        to_py(py, &serde_json::to_value(job).unwrap_or(Value::Null))
    }

    fn job_wait_async<'py>(&self, py: Python<'py>, job_id: String, timeout: f64) -> PyResult<Bound<'py, PyAny>> {
        let job = self.job(py, job_id)?;
        let timeout = reply_client::millis("timeout", timeout * 1000.0).map_err(|e| to_pyerr(py, e))?;
        awaitable(py, async move {
            let job = job.wait(timeout).await?;
            Ok(Json(serde_json::to_value(job).unwrap_or(Value::Null)))
        })
    }

    #[pyo3(signature = (job_id, reason=None))]
    fn job_cancel(&self, py: Python<'_>, job_id: String, reason: Option<String>) -> PyResult<()> {
        let job = self.job(py, job_id)?;
        Self::block(py, async move { job.cancel(reason).await })
    }

    #[pyo3(signature = (job_id, reason=None))]
    fn job_cancel_async<'py>(
        &self,
        py: Python<'py>,
        job_id: String,
        reason: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let job = self.job(py, job_id)?;
        awaitable(py, async move { job.cancel(reason).await.map(|()| Json(Value::Null)) })
    }

    fn __repr__(&self) -> String {
        format!("NativeClient(base_url={:?})", self.base_url)
    }
}
