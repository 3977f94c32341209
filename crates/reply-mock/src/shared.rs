//! What every connection of one running mock shares: its configuration, the
//! state behind a lock, the rate limiter, the fault plan, the journal, the
//! console's request log and the client that delivers webhooks. Its own module so the modules the server
//! dispatches to (admin, persistence, webhooks) need not import the server.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use crate::config::Config;
use crate::faults::Faults;
use crate::journal::Journal;
use crate::limits::RateLimiter;
use crate::requests::RequestLog;
use crate::state::State;

/// Everything the connections share.
pub(crate) struct Shared {
    pub config: Config,
    state: Mutex<State>,
    pub limiter: RateLimiter,
    pub faults: Faults,
    pub journal: Journal,
    /// What the console's Requests view shows (empty when the console is off).
    pub request_log: RequestLog,
    pub client: reqwest::Client,
    requests: AtomicU64,
}

impl Shared {
    pub fn new(config: Config, state: State) -> Result<Shared, crate::Error> {
        // No proxy: deliveries go to loopback, which an environment proxy must not intercept.
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(
                reply_core::tls::client_config().map_err(|e| crate::Error::Config(e.to_string()))?,
            )
            .no_proxy()
            .build()
            .map_err(|e| crate::Error::Config(e.to_string()))?;
        Ok(Shared {
            limiter: RateLimiter::new(&config.limits),
            faults: Faults::new(config.faults.clone(), config.seed),
            journal: Journal::default(),
            request_log: RequestLog::default(),
            state: Mutex::new(state),
            client,
            requests: AtomicU64::new(0),
            config,
        })
    }

    /// The state, even if a handler panicked while holding it (the data is plain JSON).
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The number of the request being served, counting from 1.
    pub fn next_request_number(&self) -> u64 {
        self.requests.fetch_add(1, Ordering::Relaxed) + 1
    }
}
