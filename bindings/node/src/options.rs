//! Client and per-request options as JS passes them (camelCase objects),
//! converted into the engine's plain options, which hold every rule.

use std::collections::HashMap;

use napi_derive::napi;
use reply_client::{Config, RequestOptions, RetryPolicy};

use crate::error;

/// Who requests act as (master and organization keys): `{ id }` or `{ email }`, not both.
#[napi(object)]
pub struct ActingUserOptions {
    pub id: Option<i64>,
    pub email: Option<String>,
}

/// The client-side rate limiter's view of Reply's limits; unset members keep Reply's values.
#[napi(object)]
pub struct QuotaOptions {
    pub per_minute: Option<u32>,
    pub per_hour: Option<u32>,
    pub reporting_per_minute: Option<u32>,
    pub reporting_per_hour: Option<u32>,
    /// How long a "minute" lasts (a mock with scaled windows uses less).
    pub minute_ms: Option<f64>,
    pub hour_ms: Option<f64>,
    /// A `redis://` URL: keep the budget there, shared by every process acting for the same user.
    pub redis: Option<String>,
}

#[napi(object)]
pub struct ClientOptions {
    /// Required by the constructor; `fromEnv` reads `REPLY_API_KEY` instead.
    pub api_key: Option<String>,
    pub base_url: Option<String>,
    pub team_id: Option<i64>,
    pub acting_user: Option<ActingUserOptions>,
    /// How long one attempt may take.
    pub timeout_ms: Option<f64>,
    /// How long one call may take in all, retries and quota waits included.
    pub deadline_ms: Option<f64>,
    /// Retries after the first attempt (0 turns retrying off).
    pub max_retries: Option<u32>,
    /// `false` turns the client-side rate limiter off.
    pub quota_enabled: Option<bool>,
    pub quota: Option<QuotaOptions>,
    pub user_agent: Option<String>,
}

/// Per-request overrides of the client's options.
#[napi(object)]
pub struct CallOptions {
    pub timeout_ms: Option<f64>,
    pub deadline_ms: Option<f64>,
    pub max_retries: Option<u32>,
    pub acting_user: Option<ActingUserOptions>,
    pub team_id: Option<i64>,
    pub headers: Option<HashMap<String, String>>,
    /// The id of the `NativeCancel` whose `cancel()` ends the call (JS's `signal`).
    pub cancel: Option<u32>,
}

/// A client option of the user's JS object as the engine's plain options.
fn client_options(options: ClientOptions, from_env: bool) -> reply_client::ClientOptions {
    let (acting_user_id, acting_user_email) = acting_user(options.acting_user);
    let quota = options.quota.map(|q| reply_client::QuotaOptions {
        per_minute: q.per_minute,
        per_hour: q.per_hour,
        reporting_per_minute: q.reporting_per_minute,
        reporting_per_hour: q.reporting_per_hour,
        minute_ms: q.minute_ms,
        hour_ms: q.hour_ms,
        redis: q.redis,
    });
    reply_client::ClientOptions {
        api_key: options.api_key,
        from_env,
        base_url: options.base_url,
        team_id: options.team_id,
        acting_user_id,
        acting_user_email,
        timeout_ms: options.timeout_ms,
        deadline_ms: options.deadline_ms,
        max_retries: options.max_retries,
        initial_backoff_ms: None,
        quota,
        disable_quota: options.quota_enabled == Some(false),
        user_agent: Some(options.user_agent.unwrap_or_else(user_agent)),
        max_response_bytes: None,
    }
}

fn acting_user(user: Option<ActingUserOptions>) -> (Option<i64>, Option<String>) {
    user.map_or((None, None), |u| (u.id, u.email))
}

fn user_agent() -> String {
    format!("reply-sdk-node/{}", env!("CARGO_PKG_VERSION"))
}

/// The client's configuration; `from_env` starts from `REPLY_API_KEY`, `REPLY_BASE_URL` and `REPLY_TEAM_ID`.
pub fn config(options: ClientOptions, from_env: bool) -> napi::Result<Config> {
    client_options(options, from_env).to_config().map_err(error::to_js)
}

/// The engine's per-request options; `client_retry` is the policy a `maxRetries` override starts from.
pub fn request(options: Option<CallOptions>, client_retry: RetryPolicy) -> napi::Result<RequestOptions> {
    let Some(options) = options else { return Ok(RequestOptions::default()) };
    let (acting_user_id, acting_user_email) = acting_user(options.acting_user);
    // Sorted, so the headers sent do not depend on hash order.
    let mut headers: Vec<(String, String)> = options.headers.unwrap_or_default().into_iter().collect();
    headers.sort();
    let plain = reply_client::CallOptions {
        timeout_ms: options.timeout_ms,
        deadline_ms: options.deadline_ms,
        max_retries: options.max_retries,
        acting_user_id,
        acting_user_email,
        team_id: options.team_id,
        headers,
        ..Default::default()
    };
    let mut request = plain.to_request(client_retry).map_err(error::to_js)?;
    request.cancel = options.cancel.map(crate::cancel::token).transpose()?;
    Ok(request)
}
