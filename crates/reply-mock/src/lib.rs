//! A local, stateful Reply API v3 server for tests, demos and users.
//!
//! Every operation of the spec answers (routed from the generated operation
//! table), requests are validated against the generated request types, and
//! answers are projections of stored documents onto the spec's sample shapes,
//! so they always decode. Contacts, lists, custom fields, blacklists,
//! accounts, templates, sequences with steps and variants, enrollments,
//! schedules, tasks, inbox threads, webhooks and background jobs keep state;
//! the other operations answer their sample.
//!
//! Around that: API keys with scopes and acting-user headers, per-user rate
//! limits, background jobs that progress over time, running sequences that
//! send their steps as time passes to simulated recipients (seeded opens,
//! replies and bounces, from which reports are computed), webhook deliveries
//! to loopback URLs, seeded fault injection, a journal of every write
//! applied (`MockServer::journal`) to check a client against, and a web
//! console at `/__mock/console` showing all of it (`MockServer::console_url`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), reply_mock::Error> {
//! let mock = reply_mock::MockServer::start(reply_mock::Config::quiet()).await?;
//! let url = format!("{}/v3/whoami", mock.base_url()); // Bearer mock-personal-key
//! # let _ = url;
//! mock.shutdown().await;
//! # Ok(()) }
//! ```

mod activity;
mod admin;
mod answer;
mod auth;
mod clock;
pub mod config;
mod conform;
mod console;
mod echo;
mod faults;
mod jobs;
mod journal;
mod limits;
mod paging;
mod persist;
mod requests;
mod resources;
mod samples;
mod server;
mod shape;
mod shared;
mod state;
mod store;
mod validate;
mod webhooks;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use config::{ActivityConfig, ComingSoon, Config, FaultRule, FaultsConfig, KeyConfig, KeyKind, Latency};
pub use faults::FaultCounts;
pub use journal::{DocRef, JournalEntry};
pub use limits::{LimitCounts, UserLimits, WindowUsage};

/// How the mock treats each list and count parameter the spec documents:
/// `(operationId, parameter, treatment)`, where the treatment is
/// `applied: <rule>` (`applied: Contains(["name"])`), `applied by <module>`
/// for one its operation's own handler applies, or `ignored: <reason>`.
pub fn list_filters() -> Vec<(&'static str, &'static str, String)> {
    resources::filters::describe()
}

/// Why the mock could not start (or save).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A running mock on 127.0.0.1. Dropping it stops the server.
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<shared::Shared>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Starts a mock with `config` on the current Tokio runtime.
    pub async fn start(config: Config) -> Result<MockServer, Error> {
        config.check()?;
        let store = persist::load(&config)?;
        let state = state::State::new(store, config.seed);
        let (listener, addr) = server::bind(config.port).await?;
        let shared = Arc::new(shared::Shared::new(config, state)?);
        let (stop, stopped) = watch::channel(false);
        if shared.config.state_file.is_some() {
            tokio::spawn(save_periodically(shared.clone(), stopped.clone()));
        }
        let task = tokio::spawn(server::run(listener, shared.clone(), stopped));
        Ok(MockServer { addr, shared, stop, task: Some(task) })
    }

    /// Starts a mock with the default configuration (`mock-personal-key`, one user, one team).
    pub async fn start_default() -> Result<MockServer, Error> {
        MockServer::start(Config::default()).await
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`, to which API paths (`/v3/...`) are appended.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Where the web console is (`http://127.0.0.1:<port>/__mock/console`),
    /// unless it is turned off (`"console": false`).
    pub fn console_url(&self) -> Option<String> {
        self.shared.config.console.then(|| format!("{}/__mock/console", self.base_url()))
    }

    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// How many faults have been applied so far (drawn faults that never
    /// happened, such as an "after" fault on a refused request, are not counted).
    pub fn fault_counts(&self) -> FaultCounts {
        self.shared.faults.counts()
    }

    /// The 429s the rate limiter has sent (in total and per user) and how full
    /// each user's windows are. Injected 429 faults are in [`Self::fault_counts`].
    pub fn limit_counts(&self) -> LimitCounts {
        self.shared.limiter.counts()
    }

    /// Every write whose handler ran, in order, with what it created, changed
    /// and removed and the fault applied to its answer.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.shared.journal.since(0)
    }

    /// The journal entries numbered above `seq`: what was written since the
    /// entry `seq` (a harness reads each call's writes this way).
    pub fn journal_since(&self, seq: u64) -> Vec<JournalEntry> {
        self.shared.journal.since(seq)
    }

    /// The stored documents of `collection` (e.g. `contacts`), oldest first, as
    /// the mock keeps them: members starting with `_` are its bookkeeping
    /// (`_parent` is the item a document hangs under; `_key` is the store's
    /// key where the resource shows a text `id`). For checking the
    /// server's state without going through a client.
    pub fn documents(&self, collection: &str) -> Vec<serde_json::Value> {
        self.shared.lock().store.all(collection).cloned().collect()
    }

    /// Replaces the fault rules (reseeded with the configured seed, counters zeroed).
    pub fn set_faults(&self, faults: FaultsConfig) {
        self.shared.faults.reconfigure(faults, self.shared.config.seed);
    }

    /// Writes the state file now (when one is configured).
    pub fn save_state(&self) -> Result<(), Error> {
        match &self.shared.config.state_file {
            Some(path) => persist::save(&self.shared.lock().store.clone(), path),
            None => Ok(()),
        }
    }

    /// Stops accepting, drops open connections, saves state, and waits for all of it.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        // The accept loop sees this and ends on its own (saving state on the way out).
        let _ = self.stop.send(true);
    }
}

async fn save_periodically(shared: Arc<shared::Shared>, mut stop: watch::Receiver<bool>) {
    let every = Duration::from_millis(shared.config.persist_interval_ms.max(100));
    loop {
        tokio::select! {
            _ = stop.changed() => return,
            _ = tokio::time::sleep(every) => persist::save_if_configured(&shared),
        }
    }
}

/// A fresh version-4 UUID and the current time as Reply writes dates
/// (`2026-04-21T09:30:00.000Z`): what `reply webhooks trigger` stamps a
/// sample delivery with.
pub fn fresh_stamp() -> (String, String) {
    (clock::uuid(&mut rand::rng()), clock::now_iso())
}
