//! Client configuration: where to send requests, as whom, and how patiently.

use std::time::Duration;

use reply_core::quota::QuotaConfig;
use reply_core::retry::RetryPolicy;
use reply_core::{Error, SecretString};

use crate::quota_store::QuotaStore;

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://api.reply.io";

/// Who a request acts as, for master and organization keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ActingUser {
    /// Sent as `X-User-Id`.
    Id(i64),
    /// Sent as `X-User-Email`.
    Email(String),
}

impl ActingUser {
    /// The header name and value.
    pub fn header(&self) -> (&'static str, String) {
        match self {
            ActingUser::Id(id) => ("X-User-Id", id.to_string()),
            ActingUser::Email(email) => ("X-User-Email", email.clone()),
        }
    }
}

/// Everything a [`crate::Client`] needs. Build it with [`Config::new`] and the `with_*` methods.
#[derive(Debug, Clone)]
pub struct Config {
    pub api_key: SecretString,
    /// `https://api.reply.io` unless pointed at a mock; plain HTTP only on loopback.
    pub base_url: String,
    /// How long one attempt may take.
    pub timeout: Duration,
    /// How long one call may take in all, retries and quota waits included.
    pub deadline: Duration,
    pub retry: RetryPolicy,
    /// Client-side rate limiting; `None` turns it off.
    pub quota: Option<QuotaConfig>,
    /// Where the budget is kept: this process (the default) or Redis, shared.
    pub quota_store: QuotaStore,
    pub user_agent: String,
    pub acting_user: Option<ActingUser>,
    /// Sent as `X-Team-Id`.
    pub team_id: Option<i64>,
    /// Responses larger than this fail with a clear error instead of filling memory.
    pub max_response_bytes: usize,
    /// UNSAFE, for testing reliability harnesses only: retry writes like reads,
    /// even after the server may have acted (5xx, a connection lost after
    /// sending), which can apply a write twice. `false` unless set with
    /// [`Config::with_unsafe_retry_writes_for_testing`]; the bindings never set it.
    #[doc(hidden)]
    pub unsafe_retry_writes_for_testing: bool,
    /// Also hands this client's events (request sent, response, retry, quota
    /// wait, job poll) to this sink, the key scrubbed; `tracing` gets them either way.
    pub log: Option<crate::log::LogSink>,
}

impl Config {
    /// A configuration with Reply's defaults.
    pub fn new(api_key: impl Into<SecretString>) -> Config {
        Config {
            api_key: api_key.into(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(300),
            retry: RetryPolicy::default(),
            quota: Some(QuotaConfig::default()),
            quota_store: QuotaStore::Local,
            user_agent: format!("reply-sdk-rust/{}", env!("CARGO_PKG_VERSION")),
            acting_user: None,
            team_id: None,
            max_response_bytes: 64 * 1024 * 1024,
            unsafe_retry_writes_for_testing: false,
            log: None,
        }
    }

    /// Reads `REPLY_API_KEY`, and `REPLY_BASE_URL` and `REPLY_TEAM_ID` when set.
    pub fn from_env() -> Result<Config, Error> {
        let key = std::env::var("REPLY_API_KEY")
            .map_err(|_| Error::Config("no API key: none was given and REPLY_API_KEY is not set".into()))?;
        let mut config = Config::new(key);
        if let Ok(url) = std::env::var("REPLY_BASE_URL") {
            config.base_url = url;
        }
        if let Ok(team) = std::env::var("REPLY_TEAM_ID") {
            let team =
                team.trim().parse().map_err(|_| Error::Config(format!("REPLY_TEAM_ID is not a number: {team:?}")))?;
            config.team_id = Some(team);
        }
        Ok(config)
    }

    pub fn with_base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn with_quota(mut self, quota: Option<QuotaConfig>) -> Self {
        self.quota = quota;
        self
    }

    /// Keeps the budget in `store`: [`QuotaStore::Redis`] shares it with every
    /// process and machine acting for the same users.
    pub fn with_quota_store(mut self, store: QuotaStore) -> Self {
        self.quota_store = store;
        self
    }

    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    pub fn with_acting_user(mut self, user: Option<ActingUser>) -> Self {
        self.acting_user = user;
        self
    }

    pub fn with_team_id(mut self, team_id: Option<i64>) -> Self {
        self.team_id = team_id;
        self
    }

    pub fn with_max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Hands this client's events to `sink` as well (see [`crate::LogRecord`]).
    pub fn with_log(mut self, sink: Option<crate::log::LogSink>) -> Self {
        self.log = sink;
        self
    }

    /// UNSAFE: makes the client retry writes whose effect is unknown, which
    /// can duplicate them. It exists so a reliability harness can prove it
    /// catches such a client (reply-harness `chaos --unsafe-retry-writes`);
    /// never use it against a real account.
    #[doc(hidden)]
    pub fn with_unsafe_retry_writes_for_testing(mut self, unsafe_retry: bool) -> Self {
        self.unsafe_retry_writes_for_testing = unsafe_retry;
        self
    }

    /// Checks the configuration and returns the base URL without a trailing slash.
    pub fn validate(&self) -> Result<String, Error> {
        if self.api_key.is_blank() {
            return Err(Error::Config("the API key is empty".into()));
        }
        if self.api_key.expose().chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(Error::Config("the API key contains white space or control characters".into()));
        }
        normalize_base_url(&self.base_url)
    }
}

/// Accepts `https://host[:port][/prefix]`, or `http://` on a loopback host only.
pub fn normalize_base_url(url: &str) -> Result<String, Error> {
    let url = url.trim().trim_end_matches('/');
    let (scheme, rest) =
        url.split_once("://").ok_or_else(|| Error::Config(format!("base URL {url:?} has no scheme (https://...)")))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| h.trim_start_matches('[')).unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        return Err(Error::Config(format!("base URL {url:?} has no host")));
    }
    if rest.contains(['?', '#']) || authority.contains('@') {
        return Err(Error::Config("the base URL must not carry credentials, a query or a fragment".into()));
    }
    let loopback =
        host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(url.to_owned()),
        "http" if loopback => Ok(url.to_owned()),
        "http" => Err(Error::Config(format!(
            "refusing plain HTTP to {host}: the API key would travel unencrypted (use https, or a loopback address for a mock)"
        ))),
        other => Err(Error::Config(format!("unsupported URL scheme {other:?} in the base URL"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(normalize_base_url("https://api.reply.io/").unwrap(), "https://api.reply.io");
        assert!(normalize_base_url("http://127.0.0.1:8080").is_ok());
        assert!(normalize_base_url("http://localhost:1").is_ok());
        assert!(normalize_base_url("http://[::1]:9").is_ok());
        for bad in [
            "http://api.reply.io",
            "ftp://x",
            "api.reply.io",
            "https://",
            "https://u:p@x.io",
            "http://127.0.0.1.evil.io:1",
        ] {
            assert!(normalize_base_url(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn blank_keys_are_refused() {
        assert!(Config::new("  ").validate().is_err());
        assert!(Config::new("").validate().is_err());
        assert!(Config::new("a b").validate().is_err());
        assert!(Config::new("k").validate().is_ok());
    }
}
