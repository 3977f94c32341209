//! The client and its request pipeline: headers, quota, retries, errors.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use futures_util::future::Either;
use reply_core::Error;
use reply_core::error::ApiError;
use reply_core::http::{Headers, Method, Request, Response, Transport, TransportErrorKind};
use reply_core::models::Problem;
use reply_core::operation::{Kind, Operation, OperationInfo, Params, RateClass, query_string};
use reply_core::retry::{self, Decision, Outcome};
use tokio::time::Instant;
use tracing::Instrument;

use crate::config::{ActingUser, Config};
use crate::options::RequestOptions;
use crate::quota::{QuotaSnapshot, SharedQuota};
use crate::transport::ReqwestTransport;

/// The Reply API client. Cheap to clone; clones share the connection pool and
/// the quota, so every task acting as the same user draws from one budget.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    base_url: String,
    /// The headers every request carries, built once: credentials, user
    /// agent, and the configured acting user and team.
    base_headers: Arc<Headers>,
    transport: Arc<dyn Transport>,
    quota: Option<SharedQuota>,
    /// Where this client's events go besides the process's `tracing` subscriber.
    log: Option<tracing::Dispatch>,
}

/// What the pipeline needs to know of the operation a request belongs to: an
/// operation row's, or a raw request's to a path the table does not have.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target {
    /// The `operationId` errors and logs name.
    pub id: &'static str,
    pub method: Method,
    /// The path template logs show (`None`: the concrete path).
    pub template: Option<&'static str>,
    pub kind: Kind,
    pub rate_class: RateClass,
    /// The operation's row, when the table has one (`None`: a raw request to a path it lacks).
    pub info: Option<&'static OperationInfo>,
}

impl Target {
    pub fn of(info: &'static OperationInfo) -> Target {
        Target {
            info: Some(info),
            id: info.id,
            method: info.method,
            template: Some(info.path),
            kind: info.kind,
            rate_class: info.rate_class,
        }
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("config", &self.inner.config).finish_non_exhaustive()
    }
}

fn now_unix() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

impl Client {
    /// A client over the default transport (reqwest with rustls).
    pub fn new(config: Config) -> Result<Client, Error> {
        let transport = ReqwestTransport::new(config.max_response_bytes)?;
        Client::with_transport(config, Arc::new(transport))
    }

    /// A client over any transport (a fake in tests, a custom HTTP stack).
    pub fn with_transport(config: Config, transport: Arc<dyn Transport>) -> Result<Client, Error> {
        let base_url = config.validate()?;
        let quota = match config.quota {
            Some(limits) => Some(SharedQuota::new(limits, &config.quota_store, config.api_key.expose())?),
            None => None,
        };
        let base_headers = Arc::new(base_headers(&config));
        let log = config.log.as_ref().map(|sink| crate::log::dispatch(sink.clone(), config.api_key.clone()));
        Ok(Client { inner: Arc::new(Inner { config, base_url, base_headers, transport, quota, log }) })
    }

    /// A client configured from `REPLY_API_KEY`, `REPLY_BASE_URL` and `REPLY_TEAM_ID`.
    pub fn from_env() -> Result<Client, Error> {
        Client::new(Config::from_env()?)
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// What is left of the default identity's request budget (`None` when the quota is off).
    pub fn quota(&self) -> Option<QuotaSnapshot> {
        let user = self.user_key(&RequestOptions::default());
        self.inner.quota.as_ref().map(|q| q.snapshot(&user))
    }

    fn acting_user<'a>(&'a self, opts: &'a RequestOptions) -> Option<&'a ActingUser> {
        opts.acting_user.as_ref().or(self.inner.config.acting_user.as_ref())
    }

    /// Reply budgets per user, so the quota is kept per acting user.
    fn user_key(&self, opts: &RequestOptions) -> String {
        crate::quota::identity_of(self.acting_user(opts))
    }

    fn headers(&self, opts: &RequestOptions, content_type: Option<&str>) -> Arc<Headers> {
        let base = &self.inner.base_headers;
        if content_type.is_none() && !opts.sets_headers() {
            // Most reads: nothing of this request's own, so nothing is copied.
            return Arc::clone(base);
        }
        let mut headers = Headers::clone(base);
        if let Some(ct) = content_type {
            headers.set("Content-Type", ct);
        }
        opts.set_headers(&mut headers);
        Arc::new(headers)
    }

    /// A `whoami` answer says who the identity the request acted as is: from
    /// then on its requests share one budget with that user's others.
    async fn learn_identity(&self, identity: &str, response: &Response) {
        let Some(quota) = &self.inner.quota else { return };
        let Ok(answer) = serde_json::from_slice::<serde_json::Value>(&response.body) else { return };
        if let Some(user_id) = answer.get("userId").and_then(serde_json::Value::as_i64) {
            quota.learn(identity, user_id, answer.get("username").and_then(serde_json::Value::as_str)).await;
        }
    }

    /// Runs `fut` with this client's events going to its log sink too, when it
    /// has one. Not an `async fn`: that would keep `fut` twice in its state
    /// (as the argument and as what each branch awaits).
    pub(crate) fn logged<F: Future>(&self, fut: F) -> Either<tracing::instrument::WithDispatch<F>, F> {
        use tracing::instrument::WithSubscriber;
        match &self.inner.log {
            Some(dispatch) => Either::Left(fut.with_subscriber(dispatch.clone())),
            None => Either::Right(fut),
        }
    }

    /// Sends one operation's request with retries and quota, returning the
    /// successful response or the error it ended with ([`Error::Cancelled`]
    /// as soon as `opts.cancel` is cancelled).
    ///
    /// This and `send_to` compose futures instead of being
    /// `async fn`s: each `async fn` layer would keep its own copy of the
    /// arguments beside the future it awaits, and the whole is moved into
    /// the box every call is awaited in.
    pub fn send(
        &self,
        info: &'static OperationInfo,
        path: &str,
        query: &[(&str, String)],
        body: Option<(String, Bytes)>,
        opts: &RequestOptions,
    ) -> impl Future<Output = Result<Response, Error>> + Send {
        // A path parameter that would send the request elsewhere is refused, not sent.
        let attempts = match info.check_path(path) {
            Ok(()) => Either::Left(self.send_to(Target::of(info), path, query, body, opts)),
            Err(why) => Either::Right(std::future::ready(Err(Error::Config(format!("{}: {why}", info.id))))),
        };
        crate::cancel::unless_cancelled(opts.cancel.as_ref(), info.id, attempts)
    }

    /// Sends a request whose path was checked, as `target`'s.
    pub(crate) fn send_to(
        &self,
        target: Target,
        path: &str,
        query: &[(&str, String)],
        body: Option<(String, Bytes)>,
        opts: &RequestOptions,
    ) -> impl Future<Output = Result<Response, Error>> + Send {
        match self.build_request(target, path, query, body, opts) {
            Ok(request) => Either::Left(self.logged(self.attempts(target, path, request, opts))),
            Err(e) => Either::Right(std::future::ready(Err(e))),
        }
    }

    /// The request as sent: URL with the query (and the call's extra pairs),
    /// headers, and body (with the call's extra members).
    fn build_request(
        &self,
        info: Target,
        path: &str,
        query: &[(&str, String)],
        body: Option<(String, Bytes)>,
        opts: &RequestOptions,
    ) -> Result<Request, Error> {
        let query = crate::extras::query(query, &opts.query);
        let body = crate::extras::body(info.info, body, opts.extra_body.as_ref())?;
        let base = &self.inner.base_url;
        let mut url = String::with_capacity(base.len() + path.len());
        url.push_str(base);
        url.push_str(path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query_string(&query));
        }
        let (content_type, body) = match body {
            Some((ct, bytes)) => (Some(ct), Some(bytes)),
            None => (None, None),
        };
        Ok(Request { method: info.method, url, headers: self.headers(opts, content_type.as_deref()), body })
    }

    async fn attempts(
        &self,
        info: Target,
        path: &str,
        request: Request,
        opts: &RequestOptions,
    ) -> Result<Response, Error> {
        let config = &self.inner.config;
        let deadline = Instant::now() + opts.deadline.unwrap_or(config.deadline);
        let policy = opts.retry.as_ref().unwrap_or(&config.retry);
        let user = self.user_key(opts);

        // What only some attempts wait for (a quota slot, `whoami`'s bookkeeping, a
        // 429's, a backoff) is awaited in a box: held inline, the largest of them would
        // size every call's future, which is moved into a box of its own on every call.
        for attempt in 0u32.. {
            if let Some(quota) = &self.inner.quota {
                if !quota.take_now(&user, info.rate_class) {
                    if let Err(wait) = Box::pin(quota.acquire(&user, info.rate_class, deadline)).await {
                        return Err(quota_exhausted(info, path, wait));
                    }
                }
            }
            let span = tracing::debug_span!(
                target: "reply::request",
                "reply.request",
                operation = info.id,
                method = info.method.as_str(),
                path = info.template.unwrap_or(path),
                attempt,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            tracing::debug!(target: "reply::request", parent: &span, "request sent");
            let sent = Instant::now();
            let timeout = opts.timeout.unwrap_or(config.timeout);
            let attempt_timeout = timeout.min(deadline.saturating_duration_since(sent)).max(Duration::from_millis(1));
            let result = self.inner.transport.send(&request, Some(attempt_timeout)).instrument(span.clone()).await;
            if !span.is_disabled() {
                // A clock read only when someone records it.
                span.record("duration_ms", sent.elapsed().as_millis() as u64);
            }
            let outcome = match &result {
                Ok(response) => {
                    span.record("status", response.status);
                    tracing::debug!(target: "reply::request", parent: &span, "response received");
                    if response.status < 400 {
                        let response = result.expect("matched Ok");
                        if info.info.is_some_and(|row| row.key == reply_core::OperationId::Whoami) {
                            Box::pin(self.learn_identity(&user, &response)).await;
                        }
                        return Ok(response);
                    }
                    let retry_after = response
                        .headers
                        .get("retry-after")
                        .and_then(|v| reply_core::error::parse_retry_after(v, now_unix()));
                    if response.status == 429 {
                        if let Some(quota) = &self.inner.quota {
                            Box::pin(quota.rate_limited(&user, info.rate_class, retry_after)).await;
                        }
                    }
                    Outcome::Status { status: response.status, retry_after }
                }
                Err(e) => {
                    tracing::debug!(target: "reply::request", parent: &span, error = %e, "request failed");
                    Outcome::Transport(e.kind)
                }
            };
            let time_left = deadline.saturating_duration_since(Instant::now());
            // The unsafe test switch treats a write as a read: retried whatever happened.
            let kind = if config.unsafe_retry_writes_for_testing { Kind::Read } else { info.kind };
            match retry::decide(policy, kind, attempt, outcome, rand::random::<f64>(), Some(time_left)) {
                Decision::RetryAfter(wait) => {
                    let reason = match &result {
                        Ok(response) => format!("HTTP {}", response.status),
                        Err(e) => format!("{:?}", e.kind),
                    };
                    tracing::warn!(target: "reply::request", parent: &span, wait_ms = wait.as_millis() as u64, reason, "retrying");
                    Box::pin(tokio::time::sleep(wait)).await;
                }
                Decision::OutcomeUnknown => {
                    let reason = match &result {
                        Ok(response) => format!("HTTP {} after the request was sent", response.status),
                        Err(e) => e.to_string(),
                    };
                    tracing::warn!(target: "reply::request", parent: &span, reason, "write outcome unknown");
                    return Err(Error::OutcomeUnknown {
                        operation: info.id,
                        method: info.method,
                        path: path.to_owned(),
                        reason,
                    });
                }
                Decision::Finish => {
                    return Err(match result {
                        Ok(response) => Error::from_api(
                            ApiError::from_response(info.id, &response, now_unix()).for_request(info.method, path),
                        ),
                        Err(e) => transport_error(info, e.kind, e.message),
                    });
                }
            }
        }
        unreachable!("the retry loop returns")
    }

    /// Calls a typed operation.
    pub async fn call<O: Operation>(
        &self,
        params: &O::Params,
        body: &O::Body,
        opts: &RequestOptions,
    ) -> Result<O::Output, Error> {
        let response = self.call_raw::<O>(params, body, opts).await?;
        O::decode(&response).map_err(|source| Error::unreadable(O::INFO.id, O::INFO.kind, &response.body, source))
    }

    /// Calls a typed operation and returns the raw response (for headers such as `Location`).
    pub async fn call_raw<O: Operation>(
        &self,
        params: &O::Params,
        body: &O::Body,
        opts: &RequestOptions,
    ) -> Result<Response, Error> {
        let body = O::encode_body(body).map_err(|e| Error::Config(format!("cannot encode the request body: {e}")))?;
        self.send(O::INFO, &params.path(), &params.query(), body, opts).await
    }
}

fn base_headers(config: &Config) -> Headers {
    let mut headers = Headers::default();
    headers.set("Authorization", format!("Bearer {}", config.api_key.expose()));
    headers.set("User-Agent", config.user_agent.clone());
    headers.set("Accept", "application/json, application/problem+json");
    if let Some(user) = &config.acting_user {
        let (name, value) = user.header();
        headers.set(name, value);
    }
    if let Some(team) = config.team_id {
        headers.set("X-Team-Id", team.to_string());
    }
    headers
}

fn transport_error(info: Target, kind: TransportErrorKind, message: String) -> Error {
    match kind {
        TransportErrorKind::Timeout => Error::Timeout { operation: info.id, message },
        TransportErrorKind::BodyTooLarge => Error::Decode {
            operation: info.id,
            source: reply_core::DecodeError { status: 0, path: String::new(), message },
        },
        _ => Error::Connection { operation: info.id, message },
    }
}

/// The client's own scheduler would have to wait past the deadline.
fn quota_exhausted(info: Target, path: &str, wait: Duration) -> Error {
    let problem = Problem {
        title: Some("Too Many Requests".into()),
        status: Some(429),
        detail: Some(format!(
            "the client-side quota needs {:.1}s before the next {} request, past this call's deadline",
            wait.as_secs_f64(),
            info.id
        )),
        code: Some("client.quotaExhausted".into()),
        ..Problem::default()
    };
    let api = ApiError {
        operation: info.id,
        status: 429,
        problem: Box::new(problem),
        retry_after: Some(wait),
        www_authenticate: None,
        request: String::new(),
        headers: Box::default(),
    };
    Error::RateLimited(api.for_request(info.method, path))
}
