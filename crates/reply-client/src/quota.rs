//! The request budget shared by every clone of a client, one per acting user.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use reply_core::operation::RateClass;
use reply_core::quota::{QuotaConfig, QuotaState, Remaining};
use tokio::time::Instant;

/// What is left of the budget of the client's default identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaSnapshot {
    pub default: Remaining,
    pub reporting: Remaining,
    /// Total time requests of this client spent waiting for a slot.
    pub waited: Duration,
}

/// A per-user [`QuotaState`] behind a lock. Time comes from tokio's clock so
/// tests can pause it.
#[derive(Debug)]
pub struct SharedQuota {
    config: QuotaConfig,
    origin: Instant,
    users: Mutex<HashMap<String, QuotaState>>,
    waited_ms: std::sync::atomic::AtomicU64,
}

impl SharedQuota {
    pub fn new(mut config: QuotaConfig) -> SharedQuota {
        // Reply counts a request when it arrives, we when we send it; network
        // jitter can bring two requests closer together at Reply than they
        // left here. Windows 1 % longer (at least 20 ms) absorb that.
        config.minute_ms += (config.minute_ms / 100).max(20);
        config.hour_ms += (config.hour_ms / 100).max(20);
        SharedQuota {
            config,
            origin: Instant::now(),
            users: Mutex::new(HashMap::new()),
            waited_ms: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn now_ms(&self) -> u64 {
        self.origin.elapsed().as_millis() as u64
    }

    fn with_user<T>(&self, user: &str, f: impl FnOnce(&mut QuotaState, u64) -> T) -> T {
        let now = self.now_ms();
        // A poisoned lock only means another task panicked mid-update; the counts are still usable.
        let mut users = self.users.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(state) = users.get_mut(user) {
            return f(state, now);
        }
        f(users.entry(user.to_owned()).or_insert_with(|| QuotaState::new(self.config)), now)
    }

    /// Waits for a slot. Gives up with the wait it would need when that
    /// would pass `deadline`.
    pub async fn acquire(&self, user: &str, class: RateClass, deadline: Instant) -> Result<(), Duration> {
        loop {
            let wait = match self.with_user(user, |q, now| q.try_acquire(class, now)) {
                Ok(()) => return Ok(()),
                Err(wait) => wait,
            };
            if Instant::now() + wait > deadline {
                return Err(wait);
            }
            self.waited_ms.fetch_add(wait.as_millis() as u64, std::sync::atomic::Ordering::Relaxed);
            tokio::time::sleep(wait).await;
        }
    }

    /// Records a 429: the user's class is blocked until `retry_after` passes.
    pub fn rate_limited(&self, user: &str, class: RateClass, retry_after: Option<Duration>) {
        self.with_user(user, |q, now| q.on_rate_limited(class, now, retry_after));
    }

    pub fn snapshot(&self, user: &str) -> QuotaSnapshot {
        let waited = Duration::from_millis(self.waited_ms.load(std::sync::atomic::Ordering::Relaxed));
        self.with_user(user, |q, now| QuotaSnapshot {
            default: q.remaining(RateClass::Default, now),
            reporting: q.remaining(RateClass::Reporting, now),
            waited,
        })
    }
}
