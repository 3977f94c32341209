//! Client and per-request options as JS passes them (camelCase objects), and
//! their conversion into `reply-client`'s `Config` and `RequestOptions`.

use std::collections::HashMap;
use std::time::Duration;

use napi_derive::napi;
use reply_client::{ActingUser, Config, Error, Limits, QuotaConfig, RequestOptions, RetryPolicy};

use crate::error;

/// Who requests act as (master and organization keys): `{ id }` or `{ email }`.
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
    pub retries: Option<u32>,
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
    pub retries: Option<u32>,
    pub acting_user: Option<ActingUserOptions>,
    pub team_id: Option<i64>,
    pub headers: Option<HashMap<String, String>>,
}

pub fn millis(name: &str, ms: f64) -> Result<Duration, Error> {
    if !ms.is_finite() || ms < 0.0 {
        return Err(Error::Config(format!("{name} must be a non-negative number of milliseconds")));
    }
    Ok(Duration::from_secs_f64(ms / 1000.0))
}

fn acting_user(user: ActingUserOptions) -> Result<ActingUser, Error> {
    match (user.id, user.email) {
        (Some(id), None) => Ok(ActingUser::Id(id)),
        (None, Some(email)) => Ok(ActingUser::Email(email)),
        _ => Err(Error::Config("actingUser takes exactly one of `id` or `email`".into())),
    }
}

fn retry(retries: u32) -> RetryPolicy {
    RetryPolicy { max_retries: retries, ..RetryPolicy::default() }
}

fn quota(options: QuotaOptions) -> Result<QuotaConfig, Error> {
    let base = QuotaConfig::default();
    let window = |name, ms: Option<f64>, default: u64| -> Result<u64, Error> {
        ms.map_or(Ok(default), |ms| millis(name, ms).map(|d| (d.as_millis() as u64).max(1)))
    };
    Ok(QuotaConfig {
        default: Limits {
            per_minute: options.per_minute.unwrap_or(base.default.per_minute),
            per_hour: options.per_hour.unwrap_or(base.default.per_hour),
        },
        reporting: Limits {
            per_minute: options.reporting_per_minute.unwrap_or(base.reporting.per_minute),
            per_hour: options.reporting_per_hour.unwrap_or(base.reporting.per_hour),
        },
        minute_ms: window("quota.minuteMs", options.minute_ms, base.minute_ms)?,
        hour_ms: window("quota.hourMs", options.hour_ms, base.hour_ms)?,
    })
}

fn user_agent() -> String {
    format!("reply-sdk-node/{}", env!("CARGO_PKG_VERSION"))
}

/// Applies the options over a configuration (`Config::new` or `Config::from_env`).
pub fn apply(config: Config, options: ClientOptions) -> napi::Result<Config> {
    configure(config, options).map_err(error::to_js)
}

fn configure(mut config: Config, options: ClientOptions) -> Result<Config, Error> {
    config = config.with_user_agent(options.user_agent.unwrap_or_else(user_agent));
    if let Some(url) = options.base_url {
        config = config.with_base_url(url);
    }
    if options.team_id.is_some() {
        config = config.with_team_id(options.team_id);
    }
    if let Some(user) = options.acting_user {
        config = config.with_acting_user(Some(acting_user(user)?));
    }
    if let Some(ms) = options.timeout_ms {
        config = config.with_timeout(millis("timeoutMs", ms)?);
    }
    if let Some(ms) = options.deadline_ms {
        config = config.with_deadline(millis("deadlineMs", ms)?);
    }
    if let Some(n) = options.retries {
        config = config.with_retry(retry(n));
    }
    if options.quota_enabled == Some(false) {
        config = config.with_quota(None);
    } else if let Some(q) = options.quota {
        config = config.with_quota(Some(quota(q)?));
    }
    Ok(config)
}

pub fn request(options: Option<CallOptions>) -> napi::Result<RequestOptions> {
    options.map_or(Ok(RequestOptions::default()), per_request).map_err(error::to_js)
}

fn per_request(options: CallOptions) -> Result<RequestOptions, Error> {
    let mut out = RequestOptions::default();
    if let Some(ms) = options.timeout_ms {
        out = out.timeout(millis("timeoutMs", ms)?);
    }
    if let Some(ms) = options.deadline_ms {
        out = out.deadline(millis("deadlineMs", ms)?);
    }
    if let Some(n) = options.retries {
        out = out.retry(retry(n));
    }
    if let Some(user) = options.acting_user {
        out = out.acting_user(acting_user(user)?);
    }
    if let Some(team) = options.team_id {
        out = out.team_id(team);
    }
    // Sorted, so the headers sent do not depend on hash order.
    let mut headers: Vec<(String, String)> = options.headers.unwrap_or_default().into_iter().collect();
    headers.sort();
    for (name, value) in headers {
        out = out.header(name, value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milliseconds_must_be_finite_and_non_negative() {
        assert_eq!(millis("t", 1500.0).unwrap(), Duration::from_millis(1500));
        for bad in [-1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(millis("timeoutMs", bad), Err(Error::Config(m)) if m.contains("timeoutMs")));
        }
    }

    #[test]
    fn acting_user_takes_one_identity() {
        assert_eq!(acting_user(ActingUserOptions { id: Some(2), email: None }).unwrap(), ActingUser::Id(2));
        assert!(acting_user(ActingUserOptions { id: Some(2), email: Some("a@b.c".into()) }).is_err());
        assert!(acting_user(ActingUserOptions { id: None, email: None }).is_err());
    }

    #[test]
    fn quota_keeps_unset_limits() {
        let q = quota(QuotaOptions {
            per_minute: Some(5),
            per_hour: None,
            reporting_per_minute: None,
            reporting_per_hour: None,
            minute_ms: Some(1000.0),
            hour_ms: None,
        })
        .unwrap();
        let base = QuotaConfig::default();
        assert_eq!((q.default.per_minute, q.default.per_hour), (5, base.default.per_hour));
        assert_eq!((q.minute_ms, q.hour_ms), (1000, base.hour_ms));
    }
}
