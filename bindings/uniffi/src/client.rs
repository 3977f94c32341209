//! `ReplyClient` and its options. The API key is a constructor argument, not a
//! record field: Kotlin data classes and Swift structs print every field, and
//! the key must never be printed.

use std::collections::HashMap;
use std::sync::Arc;

use reply_client::{Client, RetryPolicy};

use crate::error::ReplyError;
use crate::json::JsonValue;
use crate::units::{TimeSpan, ms};

/// Client-wide settings; every field left `None` keeps Reply's default.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct ClientOptions {
    /// `https://api.reply.io` unless pointed at a mock (plain HTTP only on loopback).
    #[uniffi(default = None)]
    pub base_url: Option<String>,
    /// How long one attempt may take.
    #[uniffi(default = None)]
    pub timeout: Option<TimeSpan>,
    /// How long one call may take in all, retries and quota waits included.
    #[uniffi(default = None)]
    pub deadline: Option<TimeSpan>,
    /// Retries after the first attempt (0 disables retrying).
    #[uniffi(default = None)]
    pub max_retries: Option<u32>,
    /// The first retry backoff; each retry doubles it.
    #[uniffi(default = None)]
    pub initial_backoff: Option<TimeSpan>,
    /// The client-side rate limits; `None` keeps Reply's published limits.
    #[uniffi(default = None)]
    pub quota: Option<QuotaOptions>,
    /// Turns client-side rate limiting off (the server's 429s still apply).
    #[uniffi(default = false)]
    pub disable_quota: bool,
    #[uniffi(default = None)]
    pub user_agent: Option<String>,
    /// Act as this user (`X-User-Id`), for master and organization keys.
    #[uniffi(default = None)]
    pub acting_user_id: Option<i64>,
    /// Act as this user (`X-User-Email`).
    #[uniffi(default = None)]
    pub acting_user_email: Option<String>,
    /// Sent as `X-Team-Id`.
    #[uniffi(default = None)]
    pub team_id: Option<i64>,
}

/// Request budgets per user: the default class and the stricter reporting
/// class. A member left `None` keeps Reply's limit.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct QuotaOptions {
    #[uniffi(default = None)]
    pub per_minute: Option<u32>,
    #[uniffi(default = None)]
    pub per_hour: Option<u32>,
    #[uniffi(default = None)]
    pub reporting_per_minute: Option<u32>,
    #[uniffi(default = None)]
    pub reporting_per_hour: Option<u32>,
    /// How long a "minute" lasts (shrink it in tests).
    #[uniffi(default = None)]
    pub minute_length: Option<TimeSpan>,
    /// How long an "hour" lasts.
    #[uniffi(default = None)]
    pub hour_length: Option<TimeSpan>,
    /// A `redis://` URL: keep the budget there, shared by every process
    /// acting for the same user (`None` keeps it in this client).
    #[uniffi(default = None)]
    pub redis: Option<String>,
}

/// Per-request settings; everything left `None` comes from the client.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct RequestOptions {
    /// How long one attempt may take.
    #[uniffi(default = None)]
    pub timeout: Option<TimeSpan>,
    /// How long the call may take in all, retries and quota waits included.
    #[uniffi(default = None)]
    pub deadline: Option<TimeSpan>,
    #[uniffi(default = None)]
    pub max_retries: Option<u32>,
    #[uniffi(default = None)]
    pub acting_user_id: Option<i64>,
    #[uniffi(default = None)]
    pub acting_user_email: Option<String>,
    #[uniffi(default = None)]
    pub team_id: Option<i64>,
    /// Extra headers (an `Authorization` here is ignored).
    #[uniffi(default)]
    pub headers: HashMap<String, String>,
}

/// What is left of one rate class's budget.
#[derive(Debug, Clone, uniffi::Record)]
pub struct QuotaRemaining {
    pub minute: u32,
    pub hour: u32,
    /// Time until the class may send again after a 429 (0 when not blocked).
    pub blocked_for: TimeSpan,
}

/// What is left of the client's request budget.
#[derive(Debug, Clone, uniffi::Record)]
pub struct QuotaSnapshot {
    pub default: QuotaRemaining,
    pub reporting: QuotaRemaining,
    /// Total time requests of this client spent waiting for a slot.
    pub waited: TimeSpan,
}

impl ClientOptions {
    /// The engine's plain options, which hold every rule (an acting user id and
    /// email together, for one, is a `Config` error).
    pub(crate) fn into_engine(self, api_key: String) -> reply_client::ClientOptions {
        reply_client::ClientOptions {
            api_key: Some(api_key),
            from_env: false,
            base_url: self.base_url,
            team_id: self.team_id,
            acting_user_id: self.acting_user_id,
            acting_user_email: self.acting_user_email,
            timeout_ms: ms(self.timeout),
            deadline_ms: ms(self.deadline),
            max_retries: self.max_retries,
            initial_backoff_ms: ms(self.initial_backoff),
            quota: self.quota.map(|q| reply_client::QuotaOptions {
                per_minute: q.per_minute,
                per_hour: q.per_hour,
                reporting_per_minute: q.reporting_per_minute,
                reporting_per_hour: q.reporting_per_hour,
                minute_ms: ms(q.minute_length),
                hour_ms: ms(q.hour_length),
                redis: q.redis,
            }),
            disable_quota: self.disable_quota,
            user_agent: self.user_agent,
            max_response_bytes: None,
        }
    }
}

impl RequestOptions {
    /// The engine's options; `client_retry` is the policy a `max_retries` override starts from.
    pub(crate) fn to_core(
        options: Option<RequestOptions>,
        client_retry: RetryPolicy,
    ) -> Result<reply_client::RequestOptions, ReplyError> {
        let Some(o) = options else { return Ok(Default::default()) };
        let plain = reply_client::CallOptions {
            timeout_ms: ms(o.timeout),
            deadline_ms: ms(o.deadline),
            max_retries: o.max_retries,
            acting_user_id: o.acting_user_id,
            acting_user_email: o.acting_user_email,
            team_id: o.team_id,
            // Sorted, so the headers sent do not depend on hash order.
            headers: std::collections::BTreeMap::from_iter(o.headers).into_iter().collect(),
            ..Default::default()
        };
        Ok(plain.to_request(client_retry)?)
    }
}

/// The Reply API client. Cheap to share: resources and pagers hold clones of
/// one engine, so they share its connections and its rate-limit budget.
#[derive(uniffi::Object)]
#[uniffi::export(Display)]
pub struct ReplyClient {
    pub(crate) inner: Client,
}

impl std::fmt::Display for ReplyClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key: only where requests go.
        write!(f, "ReplyClient(base_url={})", self.inner.base_url())
    }
}

#[uniffi::export]
impl ReplyClient {
    /// A client for `api_key`, with Reply's defaults unless `options` says otherwise.
    #[uniffi::constructor(default(options = None))]
    pub fn new(api_key: String, options: Option<ClientOptions>) -> Result<Arc<Self>, ReplyError> {
        let config = options.unwrap_or_default().into_engine(api_key).to_config()?;
        Ok(Arc::new(ReplyClient { inner: Client::new(config)? }))
    }

    /// A client configured from `REPLY_API_KEY`, `REPLY_BASE_URL` and `REPLY_TEAM_ID`.
    #[uniffi::constructor]
    pub fn from_env() -> Result<Arc<Self>, ReplyError> {
        Ok(Arc::new(ReplyClient { inner: Client::from_env()? }))
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    /// What is left of the default identity's request budget (`None` when the quota is off).
    pub fn quota(&self) -> Option<QuotaSnapshot> {
        let remaining = |r: reply_core::quota::Remaining| QuotaRemaining {
            minute: r.minute,
            hour: r.hour,
            blocked_for: r.blocked_for.into(),
        };
        self.inner.quota().map(|q| QuotaSnapshot {
            default: remaining(q.default),
            reporting: remaining(q.reporting),
            waited: q.waited.into(),
        })
    }

    /// A handle to an existing background job, followed with `options`: pass
    /// the acting user and team that started it, the only ones Reply shows it to.
    #[uniffi::method(default(options = None))]
    pub fn job(
        &self,
        job_id: String,
        options: Option<RequestOptions>,
    ) -> Result<Arc<crate::jobs::JobHandle>, ReplyError> {
        let options = RequestOptions::to_core(options, self.inner.config().retry)?;
        Ok(crate::jobs::JobHandle::new(self.inner.clone(), job_id, options))
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl ReplyClient {
    /// Calls any operation by `operationId` with JSON parameters (path and
    /// query by wire name) and an optional JSON body; answers the body as JSON,
    /// decoded through the operation's model. The typed resources are the
    /// usual way; this serves tools. For a path the SDK does not know (an
    /// endpoint newer than this release), use `request`.
    #[uniffi::method(default(body = None, options = None))]
    pub async fn call(
        &self,
        operation_id: String,
        params: JsonValue,
        body: Option<JsonValue>,
        options: Option<RequestOptions>,
    ) -> Result<JsonValue, ReplyError> {
        crate::invoke::call_by_id(&self.inner, &operation_id, params, body, options).await
    }
}
