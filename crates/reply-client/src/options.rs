//! Options for one request, overriding the client's configuration.

use std::time::Duration;

use reply_core::retry::RetryPolicy;
use serde_json::{Map, Value};

use crate::cancel::CancellationToken;
use crate::config::ActingUser;

/// Per-request settings. Everything left `None` comes from the client.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    /// How long one attempt may take.
    pub timeout: Option<Duration>,
    /// How long the call may take in all.
    pub deadline: Option<Duration>,
    pub retry: Option<RetryPolicy>,
    pub acting_user: Option<ActingUser>,
    pub team_id: Option<i64>,
    /// Extra headers (an `Authorization` here is ignored: the key comes from the client).
    pub headers: Vec<(String, String)>,
    /// Extra query pairs, sent after the operation's own.
    pub query: Vec<(String, String)>,
    /// Extra members set on the JSON body (over the body's own members).
    pub extra_body: Option<Map<String, Value>>,
    /// Cancelling it ends the call with [`Error::Cancelled`](crate::Error::Cancelled)
    /// wherever it waits, retries and quota waits included; nothing more is sent.
    pub cancel: Option<CancellationToken>,
}

impl RequestOptions {
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    pub fn acting_user(mut self, user: ActingUser) -> Self {
        self.acting_user = Some(user);
        self
    }

    pub fn team_id(mut self, team_id: i64) -> Self {
        self.team_id = Some(team_id);
        self
    }

    pub fn cancel(mut self, token: CancellationToken) -> Self {
        self.cancel = Some(token);
        self
    }

    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    pub fn extra_body(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra_body.get_or_insert_with(Map::new).insert(name.into(), value);
        self
    }
}
