//! Options for one request, overriding the client's configuration.

use std::time::Duration;

use reply_core::http::{Headers, is_secret_header};
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
    /// Whether [`set_headers`](Self::set_headers) changes anything: a request
    /// without options of its own shares the client's headers, uncopied.
    pub(crate) fn sets_headers(&self) -> bool {
        self.acting_user.is_some() || self.team_id.is_some() || !self.headers.is_empty()
    }

    /// Writes the headers these options ask for over the client's. An option
    /// that sets a header is added here and in [`sets_headers`](Self::sets_headers).
    pub(crate) fn set_headers(&self, headers: &mut Headers) {
        if let Some(user) = &self.acting_user {
            // Acting as someone else for this request: the configured user steps aside.
            headers.0.retain(|(n, _)| !n.eq_ignore_ascii_case("X-User-Id") && !n.eq_ignore_ascii_case("X-User-Email"));
            let (name, value) = user.header();
            headers.set(name, value);
        }
        if let Some(team) = self.team_id {
            headers.set("X-Team-Id", team.to_string());
        }
        for (name, value) in &self.headers {
            if !is_secret_header(name) {
                headers.set(name.clone(), value.clone());
            }
        }
    }

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
