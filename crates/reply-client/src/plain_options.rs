//! Client and call options as plain data: what every binding turns its own
//! arguments into (Python keywords, a JS object, a Kotlin/Swift record), and
//! the one place they are checked and become a [`Config`] or
//! [`RequestOptions`]. Bindings convert types and units; every rule lives
//! here, so the languages cannot disagree (the shared cases are
//! `tests/contract/options.json`).
//!
//! Times are milliseconds as `f64`, the widest type any binding passes; a
//! value that is negative, NaN or infinite is a [`Error::Config`] naming the
//! option without a unit (each language passes its own: seconds, milliseconds).

use std::time::Duration;

use reply_core::Error;
use reply_core::quota::{Limits, QuotaConfig};
use reply_core::retry::RetryPolicy;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::config::{ActingUser, Config};
use crate::options::RequestOptions;
use crate::quota_store::QuotaStore;

/// The client-wide settings; everything left `None` keeps the default.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClientOptions {
    /// Required unless `from_env` is set; then it replaces `REPLY_API_KEY`.
    pub api_key: Option<String>,
    /// Start from `REPLY_API_KEY`, `REPLY_BASE_URL` and `REPLY_TEAM_ID`; the other options apply on top.
    pub from_env: bool,
    pub base_url: Option<String>,
    /// Sent as `X-Team-Id`.
    pub team_id: Option<i64>,
    /// Act as this user (`X-User-Id`); give this or `acting_user_email`, not both.
    pub acting_user_id: Option<i64>,
    /// Act as this user (`X-User-Email`).
    pub acting_user_email: Option<String>,
    /// How long one attempt may take.
    pub timeout_ms: Option<f64>,
    /// How long one call may take in all, retries and quota waits included.
    pub deadline_ms: Option<f64>,
    /// Retries after the first attempt (0 turns retrying off).
    pub max_retries: Option<u32>,
    /// The first retry backoff; each retry doubles it.
    pub initial_backoff_ms: Option<f64>,
    /// The client-side rate limiter's limits; unset members keep Reply's.
    pub quota: Option<QuotaOptions>,
    /// Turns the client-side rate limiter off (Reply's own 429s still apply).
    pub disable_quota: bool,
    pub user_agent: Option<String>,
    /// Answers larger than this fail with a decode error instead of filling memory.
    pub max_response_bytes: Option<u64>,
}

/// The client-side rate limiter's view of Reply's limits; unset members keep Reply's.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QuotaOptions {
    pub per_minute: Option<u32>,
    pub per_hour: Option<u32>,
    pub reporting_per_minute: Option<u32>,
    pub reporting_per_hour: Option<u32>,
    /// How long a "minute" lasts (a mock with scaled windows uses less); at least 1 ms.
    pub minute_ms: Option<f64>,
    /// How long an "hour" lasts; at least 1 ms.
    pub hour_ms: Option<f64>,
    /// Keep the budget in this Redis server (`redis://[:password@]host[:port][/db]`),
    /// shared by every process acting for the same user; unset keeps it in the process.
    pub redis: Option<String>,
}

/// Per-call overrides of the client's settings; everything left `None` comes from the client.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallOptions {
    pub timeout_ms: Option<f64>,
    pub deadline_ms: Option<f64>,
    pub max_retries: Option<u32>,
    pub acting_user_id: Option<i64>,
    pub acting_user_email: Option<String>,
    pub team_id: Option<i64>,
    /// Extra headers, sent in this order (an `Authorization` here is ignored).
    pub headers: Vec<(String, String)>,
    /// Extra query pairs, sent after the operation's own.
    pub extra_query: Vec<(String, String)>,
    /// Extra members set on the JSON body, over its own (an operation without
    /// a JSON object body refuses them when called).
    pub extra_body: Option<Map<String, Value>>,
}

/// A non-negative, finite number of milliseconds; `name` is the option.
pub fn millis(name: &str, ms: f64) -> Result<Duration, Error> {
    if !ms.is_finite() || ms < 0.0 {
        return Err(Error::Config(format!("{name} must be a non-negative, finite duration")));
    }
    Ok(Duration::from_secs_f64(ms / 1000.0))
}

fn optional_millis(name: &str, ms: Option<f64>) -> Result<Option<Duration>, Error> {
    ms.map(|ms| millis(name, ms)).transpose()
}

/// The one rule for naming the acting user: an id or an email, never both.
pub fn acting_user(id: Option<i64>, email: Option<String>) -> Result<Option<ActingUser>, Error> {
    match (id, email) {
        (Some(_), Some(_)) => Err(Error::Config("give an acting user id or an acting user email, not both".into())),
        (Some(id), None) => Ok(Some(ActingUser::Id(id))),
        (None, Some(email)) => Ok(Some(ActingUser::Email(email))),
        (None, None) => Ok(None),
    }
}

impl QuotaOptions {
    /// Where the budget lives: in Redis when `redis` is set (a bad URL is a
    /// [`Error::Config`] that never shows its password), else in the process.
    pub fn store(&self) -> Result<QuotaStore, Error> {
        self.redis.as_deref().map_or(Ok(QuotaStore::Local), QuotaStore::parse)
    }

    /// The limiter's configuration: Reply's limits where a member is unset.
    pub fn to_config(&self) -> Result<QuotaConfig, Error> {
        let base = QuotaConfig::default();
        let window = |name, ms, default| -> Result<u64, Error> {
            Ok(optional_millis(name, ms)?.map_or(default, |d| (d.as_millis() as u64).max(1)))
        };
        Ok(QuotaConfig {
            default: Limits {
                per_minute: self.per_minute.unwrap_or(base.default.per_minute),
                per_hour: self.per_hour.unwrap_or(base.default.per_hour),
            },
            reporting: Limits {
                per_minute: self.reporting_per_minute.unwrap_or(base.reporting.per_minute),
                per_hour: self.reporting_per_hour.unwrap_or(base.reporting.per_hour),
            },
            minute_ms: window("the quota minute", self.minute_ms, base.minute_ms)?,
            hour_ms: window("the quota hour", self.hour_ms, base.hour_ms)?,
        })
    }
}

impl ClientOptions {
    /// Checks the options and builds the configuration (the API key and base
    /// URL are checked again when the client is built, by [`Config::validate`]).
    pub fn to_config(&self) -> Result<Config, Error> {
        let mut config = match (self.from_env, &self.api_key) {
            (true, key) => {
                let mut config = Config::from_env()?;
                if let Some(key) = key {
                    config.api_key = key.clone().into();
                }
                config
            }
            (false, Some(key)) => Config::new(key.clone()),
            (false, None) => {
                return Err(Error::Config("an API key is needed (or read it from the environment)".into()));
            }
        };
        if let Some(url) = &self.base_url {
            config.base_url = url.clone();
        }
        if self.team_id.is_some() {
            config.team_id = self.team_id;
        }
        if let Some(user) = acting_user(self.acting_user_id, self.acting_user_email.clone())? {
            config.acting_user = Some(user);
        }
        if let Some(t) = optional_millis("timeout", self.timeout_ms)? {
            config.timeout = t;
        }
        if let Some(d) = optional_millis("deadline", self.deadline_ms)? {
            config.deadline = d;
        }
        if let Some(n) = self.max_retries {
            config.retry.max_retries = n;
        }
        if let Some(b) = optional_millis("initial backoff", self.initial_backoff_ms)? {
            config.retry.initial_backoff = b;
        }
        // Checked even when the limiter is off, so a bad value never passes silently.
        let quota = self.quota.as_ref().map(QuotaOptions::to_config).transpose()?;
        config.quota_store = self.quota.as_ref().map(QuotaOptions::store).transpose()?.unwrap_or_default();
        config.quota = if self.disable_quota { None } else { Some(quota.unwrap_or_default()) };
        if let Some(agent) = &self.user_agent {
            config.user_agent = agent.clone();
        }
        if let Some(bytes) = self.max_response_bytes {
            config.max_response_bytes = usize::try_from(bytes).unwrap_or(usize::MAX);
        }
        Ok(config)
    }
}

/// A header name is an HTTP token and its value holds no line break or NUL,
/// so an extra header can neither fail inside the transport nor smuggle another.
fn check_header(name: &str, value: &str) -> Result<(), Error> {
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || !name.chars().all(token) {
        return Err(Error::Config(format!("header name {name:?} is not a valid HTTP header name")));
    }
    if value.chars().any(|c| matches!(c, '\r' | '\n' | '\0')) {
        return Err(Error::Config(format!("the value of header {name} holds a line break or NUL")));
    }
    Ok(())
}

impl CallOptions {
    /// Checks the options and builds the engine's per-request options;
    /// `client_retry` is the policy a `max_retries` override starts from.
    pub fn to_request(&self, client_retry: RetryPolicy) -> Result<RequestOptions, Error> {
        for (name, value) in &self.headers {
            check_header(name, value)?;
        }
        if self.extra_query.iter().any(|(name, _)| name.is_empty()) {
            return Err(Error::Config("an extra query parameter needs a name".into()));
        }
        if self.extra_body.as_ref().is_some_and(|b| b.keys().any(String::is_empty)) {
            return Err(Error::Config("an extra body member needs a name".into()));
        }
        Ok(RequestOptions {
            timeout: optional_millis("timeout", self.timeout_ms)?,
            deadline: optional_millis("deadline", self.deadline_ms)?,
            retry: self.max_retries.map(|max_retries| RetryPolicy { max_retries, ..client_retry }),
            acting_user: acting_user(self.acting_user_id, self.acting_user_email.clone())?,
            team_id: self.team_id,
            headers: self.headers.clone(),
            query: self.extra_query.clone(),
            extra_body: self.extra_body.clone(),
            cancel: None,
        })
    }

    /// These options with `later` on top, as a view of a view sees them:
    /// what `later` sets wins, and naming an acting user replaces the earlier
    /// one whichever way it was named. Headers and query pairs add up; extra
    /// body members merge, the later's winning.
    pub fn then(self, later: CallOptions) -> CallOptions {
        let names_user = later.acting_user_id.is_some() || later.acting_user_email.is_some();
        let (acting_user_id, acting_user_email) = if names_user {
            (later.acting_user_id, later.acting_user_email)
        } else {
            (self.acting_user_id, self.acting_user_email)
        };
        let mut headers = self.headers;
        headers.extend(later.headers);
        let mut extra_query = self.extra_query;
        extra_query.extend(later.extra_query);
        let extra_body = match (self.extra_body, later.extra_body) {
            (Some(mut earlier), Some(later)) => {
                earlier.extend(later);
                Some(earlier)
            }
            (earlier, later) => later.or(earlier),
        };
        CallOptions {
            timeout_ms: later.timeout_ms.or(self.timeout_ms),
            deadline_ms: later.deadline_ms.or(self.deadline_ms),
            max_retries: later.max_retries.or(self.max_retries),
            acting_user_id,
            acting_user_email,
            team_id: later.team_id.or(self.team_id),
            headers,
            extra_query,
            extra_body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_view_naming_a_user_replaces_the_earlier_one() {
        let by_email = CallOptions { acting_user_email: Some("a@b.c".into()), team_id: Some(2), ..Default::default() };
        let by_id = CallOptions { acting_user_id: Some(7), ..Default::default() };
        let both = by_email.clone().then(by_id);
        assert_eq!((both.acting_user_id, both.acting_user_email, both.team_id), (Some(7), None, Some(2)));
        let kept = by_email.clone().then(CallOptions { timeout_ms: Some(5.0), ..Default::default() });
        assert_eq!(kept.acting_user_email.as_deref(), Some("a@b.c"));
    }

    #[test]
    fn a_quota_keeps_the_limits_left_unset() {
        let q = QuotaOptions { per_minute: Some(5), minute_ms: Some(0.2), ..Default::default() }.to_config().unwrap();
        let base = QuotaConfig::default();
        assert_eq!((q.default.per_minute, q.default.per_hour, q.reporting), (5, base.default.per_hour, base.reporting));
        // A window rounds up to at least 1 ms.
        assert_eq!((q.minute_ms, q.hour_ms), (1, base.hour_ms));
    }

    #[test]
    fn a_redis_quota_sets_the_store_and_a_bad_url_hides_its_password() {
        let options = |redis: &str| ClientOptions {
            api_key: Some("k".into()),
            quota: Some(QuotaOptions { redis: Some(redis.into()), per_minute: Some(10), ..Default::default() }),
            ..Default::default()
        };
        let config = options("redis://127.0.0.1:6379/0").to_config().unwrap();
        assert_eq!(config.quota_store, QuotaStore::Redis { url: "redis://127.0.0.1:6379/0".into() });
        assert_eq!(config.quota.map(|q| q.default.per_minute), Some(10));
        let refused = options("http://user:s3cret@cache").to_config().expect_err("not a redis URL");
        assert!(matches!(refused, Error::Config(_)), "{refused:?}");
        assert!(!refused.to_string().contains("s3cret"), "{refused}");
        let unset = ClientOptions { api_key: Some("k".into()), ..Default::default() }.to_config().unwrap();
        assert_eq!(unset.quota_store, QuotaStore::Local);
    }

    #[test]
    fn extras_are_checked_and_add_up_across_views() {
        let bad = |options: CallOptions| options.to_request(RetryPolicy::default()).expect_err("refused");
        let header =
            |name: &str, value: &str| CallOptions { headers: vec![(name.into(), value.into())], ..Default::default() };
        assert!(matches!(bad(header("X Trace", "1")), Error::Config(m) if m.contains("header name")));
        assert!(matches!(bad(header("X-Trace", "a\r\nX-Evil: 1")), Error::Config(m) if m.contains("line break")));
        let empty_query = CallOptions { extra_query: vec![(String::new(), "1".into())], ..Default::default() };
        assert!(matches!(bad(empty_query), Error::Config(m) if m.contains("query")));
        let member = |k: &str, v: i64| Some(Map::from_iter([(k.to_owned(), Value::from(v))]));
        let first = CallOptions {
            extra_query: vec![("a".into(), "1".into())],
            extra_body: member("x", 1),
            ..Default::default()
        };
        let second = CallOptions {
            extra_query: vec![("b".into(), "2".into())],
            extra_body: member("x", 2),
            ..Default::default()
        };
        let both = first.then(second).to_request(RetryPolicy::default()).unwrap();
        assert_eq!(both.query, vec![("a".to_owned(), "1".to_owned()), ("b".to_owned(), "2".to_owned())]);
        assert_eq!(both.extra_body, member("x", 2));
    }

    #[test]
    fn a_call_retry_override_keeps_the_client_backoff() {
        let client = RetryPolicy { initial_backoff: Duration::from_millis(3), ..RetryPolicy::default() };
        let options = CallOptions { max_retries: Some(1), ..Default::default() }.to_request(client).unwrap();
        assert_eq!(options.retry, Some(RetryPolicy { max_retries: 1, ..client }));
    }
}
