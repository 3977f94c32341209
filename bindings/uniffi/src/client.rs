//! `ReplyClient` and its options. The API key is a constructor argument, not a
//! record field: Kotlin data classes and Swift structs print every field, and
//! the key must never be printed.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use reply_client::{ActingUser, Client, Config, Limits, QuotaConfig, RetryPolicy};

use crate::error::ReplyError;
use crate::json::JsonValue;

/// Client-wide settings; every field left `None` keeps Reply's default.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct ClientOptions {
    /// `https://api.reply.io` unless pointed at a mock (plain HTTP only on loopback).
    #[uniffi(default = None)]
    pub base_url: Option<String>,
    /// How long one attempt may take.
    #[uniffi(default = None)]
    pub timeout_ms: Option<u64>,
    /// How long one call may take in all, retries and quota waits included.
    #[uniffi(default = None)]
    pub deadline_ms: Option<u64>,
    /// Retries after the first attempt (0 disables retrying).
    #[uniffi(default = None)]
    pub max_retries: Option<u32>,
    /// The first retry backoff; each retry doubles it.
    #[uniffi(default = None)]
    pub initial_backoff_ms: Option<u64>,
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

/// Request budgets per user: the default class and the stricter reporting class.
#[derive(Debug, Clone, uniffi::Record)]
pub struct QuotaOptions {
    pub per_minute: u32,
    pub per_hour: u32,
    pub reporting_per_minute: u32,
    pub reporting_per_hour: u32,
    /// How long a "minute" lasts (shrink it in tests).
    #[uniffi(default = 60000)]
    pub minute_ms: u64,
    /// How long an "hour" lasts.
    #[uniffi(default = 3600000)]
    pub hour_ms: u64,
}

/// Per-request settings; everything left `None` comes from the client.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct RequestOptions {
    #[uniffi(default = None)]
    pub timeout_ms: Option<u64>,
    #[uniffi(default = None)]
    pub deadline_ms: Option<u64>,
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
    pub blocked_for_ms: u64,
}

/// What is left of the client's request budget.
#[derive(Debug, Clone, uniffi::Record)]
pub struct QuotaSnapshot {
    pub default: QuotaRemaining,
    pub reporting: QuotaRemaining,
    /// Total time requests of this client spent waiting for a slot.
    pub waited_ms: u64,
}

fn acting_user(id: Option<i64>, email: Option<String>) -> Option<ActingUser> {
    id.map(ActingUser::Id).or(email.map(ActingUser::Email))
}

fn ms(value: u64) -> Duration {
    Duration::from_millis(value)
}

impl ClientOptions {
    fn apply(self, mut config: Config) -> Config {
        if let Some(url) = self.base_url {
            config = config.with_base_url(url);
        }
        if let Some(t) = self.timeout_ms {
            config = config.with_timeout(ms(t));
        }
        if let Some(t) = self.deadline_ms {
            config = config.with_deadline(ms(t));
        }
        let mut retry = config.retry;
        if let Some(n) = self.max_retries {
            retry.max_retries = n;
        }
        if let Some(b) = self.initial_backoff_ms {
            retry.initial_backoff = ms(b);
        }
        config = config.with_retry(retry);
        if let Some(q) = self.quota {
            config = config.with_quota(Some(QuotaConfig {
                default: Limits { per_minute: q.per_minute, per_hour: q.per_hour },
                reporting: Limits { per_minute: q.reporting_per_minute, per_hour: q.reporting_per_hour },
                minute_ms: q.minute_ms,
                hour_ms: q.hour_ms,
            }));
        }
        if self.disable_quota {
            config = config.with_quota(None);
        }
        if let Some(agent) = self.user_agent {
            config = config.with_user_agent(agent);
        }
        config.with_acting_user(acting_user(self.acting_user_id, self.acting_user_email)).with_team_id(self.team_id)
    }
}

impl RequestOptions {
    /// The engine's options; `client_retry` is the policy a `max_retries` override starts from.
    pub(crate) fn to_core(options: Option<RequestOptions>, client_retry: RetryPolicy) -> reply_client::RequestOptions {
        let Some(o) = options else { return Default::default() };
        reply_client::RequestOptions {
            timeout: o.timeout_ms.map(ms),
            deadline: o.deadline_ms.map(ms),
            retry: o.max_retries.map(|max_retries| RetryPolicy { max_retries, ..client_retry }),
            acting_user: acting_user(o.acting_user_id, o.acting_user_email),
            team_id: o.team_id,
            headers: o.headers.into_iter().collect(),
        }
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
        let config = options.unwrap_or_default().apply(Config::new(api_key));
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
            blocked_for_ms: r.blocked_for.as_millis() as u64,
        };
        self.inner.quota().map(|q| QuotaSnapshot {
            default: remaining(q.default),
            reporting: remaining(q.reporting),
            waited_ms: q.waited.as_millis() as u64,
        })
    }

    /// A handle to an existing background job.
    pub fn job(&self, job_id: String) -> Arc<crate::jobs::JobHandle> {
        crate::jobs::JobHandle::new(self.inner.clone(), job_id)
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl ReplyClient {
    /// Calls any operation by `operationId` with JSON parameters (path and
    /// query by wire name) and an optional JSON body; answers the body as JSON,
    /// decoded through the operation's model. The typed resources are the
    /// usual way; this serves tools and operations newer than the bindings.
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
