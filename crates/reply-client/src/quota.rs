//! The request budget shared by every clone of a client, one per user; kept in
//! the process or, with [`QuotaStore::Redis`], shared with every process and
//! machine acting for the same user.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use reply_core::operation::RateClass;
use reply_core::quota::{QuotaConfig, QuotaState, Remaining};
use tokio::time::Instant;

use crate::quota_store::QuotaStore;

/// What is left of the budget of the client's default identity, as this
/// process counts it (with a shared store: the requests this process sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaSnapshot {
    pub default: Remaining,
    pub reporting: Remaining,
    /// Total time requests of this client spent waiting for a slot.
    pub waited: Duration,
}

/// A per-user [`QuotaState`] behind a lock, and the shared store when there is
/// one. Time comes from tokio's clock so tests can pause it.
#[derive(Debug)]
pub struct SharedQuota {
    config: QuotaConfig,
    origin: Instant,
    users: Mutex<HashMap<String, QuotaState>>,
    /// What each identity a request can carry turned out to be (`user:<id>`),
    /// so that no header, `X-User-Id` and `X-User-Email` for one person share one budget.
    learned: Mutex<HashMap<String, String>>,
    /// Whether `learned` holds anything: until a `whoami` answers, requests skip its lock.
    any_learned: AtomicBool,
    waited_ms: AtomicU64,
    #[cfg(feature = "redis")]
    shared: Option<crate::quota_redis::RedisBudget>,
}

/// The identity a request's acting-user header names: `""` for the key's own
/// user, `user:<id>` for `X-User-Id`, `email:<address>` for `X-User-Email`.
pub(crate) fn identity_of(user: Option<&crate::ActingUser>) -> String {
    match user {
        None => String::new(),
        Some(crate::ActingUser::Id(id)) => format!("user:{id}"),
        Some(crate::ActingUser::Email(email)) => format!("email:{}", email.trim().to_lowercase()),
    }
}

impl SharedQuota {
    pub fn new(mut config: QuotaConfig, store: &QuotaStore, api_key: &str) -> Result<SharedQuota, reply_core::Error> {
        // Reply counts a request when it arrives, we when we send it; network
        // jitter can bring two requests closer together at Reply than they
        // left here. Windows 1 % longer (at least 20 ms) absorb that.
        config.minute_ms += (config.minute_ms / 100).max(20);
        config.hour_ms += (config.hour_ms / 100).max(20);
        #[cfg(feature = "redis")]
        let shared = match store {
            QuotaStore::Local => None,
            QuotaStore::Redis { url } => Some(crate::quota_redis::RedisBudget::new(url, api_key, config)?),
        };
        #[cfg(not(feature = "redis"))]
        if let QuotaStore::Redis { .. } = store {
            let _ = api_key;
            return Err(reply_core::Error::Config(
                "a Redis quota store needs reply-client's `redis` feature, which this build lacks".into(),
            ));
        }
        Ok(SharedQuota {
            config,
            origin: Instant::now(),
            users: Mutex::new(HashMap::new()),
            learned: Mutex::new(HashMap::new()),
            any_learned: AtomicBool::new(false),
            waited_ms: AtomicU64::new(0),
            #[cfg(feature = "redis")]
            shared,
        })
    }

    fn now_ms(&self) -> u64 {
        self.origin.elapsed().as_millis() as u64
    }

    /// The identity this client's budget is kept under: what was learned of `identity`, or itself.
    fn resolve(&self, identity: &str) -> String {
        if !self.any_learned.load(Ordering::Acquire) {
            return identity.to_owned();
        }
        let learned = self.learned.lock().unwrap_or_else(|e| e.into_inner());
        learned.get(identity).cloned().unwrap_or_else(|| identity.to_owned())
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

    /// One decision: `Ok` with a slot taken, or the wait before asking again.
    async fn try_acquire(&self, identity: &str, class: RateClass) -> Result<(), Duration> {
        #[cfg(feature = "redis")]
        if let Some(shared) = &self.shared {
            if let Ok(answer) = shared.try_acquire(identity, class).await {
                return match answer {
                    None => {
                        // Counted here too, so a fallback to the local budget starts from what this process sent.
                        self.with_user(identity, |q, now| q.record(class, now));
                        Ok(())
                    }
                    Some(wait) => Err(wait),
                };
            }
        }
        self.with_user(identity, |q, now| q.try_acquire(class, now))
    }

    /// Takes a slot at once when this process decides alone (no shared store)
    /// and one is free; `false` sends the caller to [`acquire`](Self::acquire).
    pub fn take_now(&self, identity: &str, class: RateClass) -> bool {
        #[cfg(feature = "redis")]
        if self.shared.is_some() {
            return false;
        }
        let identity = self.resolve(identity);
        self.with_user(&identity, |q, now| q.try_acquire(class, now)).is_ok()
    }

    /// Waits for a slot. Gives up with the wait it would need when that
    /// would pass `deadline`.
    pub async fn acquire(&self, identity: &str, class: RateClass, deadline: Instant) -> Result<(), Duration> {
        let identity = self.resolve(identity);
        loop {
            let wait = match self.try_acquire(&identity, class).await {
                Ok(()) => return Ok(()),
                Err(wait) => wait,
            };
            if wait > deadline.saturating_duration_since(Instant::now()) {
                return Err(wait);
            }
            self.waited_ms.fetch_add(wait.as_millis() as u64, Ordering::Relaxed);
            tracing::info!(target: "reply::quota", class = ?class, wait_ms = wait.as_millis() as u64, "waiting for the request budget");
            tokio::time::sleep(wait).await;
        }
    }

    /// Records a 429: the user's class is blocked until `retry_after` passes,
    /// for every client of the shared store too.
    pub async fn rate_limited(&self, identity: &str, class: RateClass, retry_after: Option<Duration>) {
        let identity = self.resolve(identity);
        self.with_user(&identity, |q, now| q.on_rate_limited(class, now, retry_after));
        #[cfg(feature = "redis")]
        if let Some(shared) = &self.shared {
            let wait = retry_after.unwrap_or(Duration::from_millis(self.config.minute_ms));
            shared.rate_limited(&identity, class, wait).await;
        }
    }

    /// Notes that `identity` (and the `username`, when it is an address) is
    /// user `user_id`, from a `whoami` answer: their requests share one budget from now on.
    pub async fn learn(&self, identity: &str, user_id: i64, username: Option<&str>) {
        let canonical = format!("user:{user_id}");
        let mut names = vec![identity.to_owned()];
        if let Some(name) = username.filter(|n| n.contains('@')) {
            names.push(identity_of(Some(&crate::ActingUser::Email(name.to_owned()))));
        }
        let mut fresh = Vec::new();
        {
            let mut learned = self.learned.lock().unwrap_or_else(|e| e.into_inner());
            for name in names {
                if name != canonical && learned.get(&name) != Some(&canonical) {
                    learned.insert(name.clone(), canonical.clone());
                    self.any_learned.store(true, Ordering::Release);
                    fresh.push(name);
                }
            }
        }
        // What was counted under the old name moves over, so nothing sent is forgotten.
        {
            let mut users = self.users.lock().unwrap_or_else(|e| e.into_inner());
            for name in &fresh {
                if let Some(old) = users.remove(name) {
                    users.entry(canonical.clone()).or_insert(old);
                }
            }
        }
        #[cfg(feature = "redis")]
        if let Some(shared) = &self.shared {
            for name in &fresh {
                shared.learn(name, &canonical).await;
            }
        }
    }

    pub fn snapshot(&self, identity: &str) -> QuotaSnapshot {
        let identity = self.resolve(identity);
        let waited = Duration::from_millis(self.waited_ms.load(Ordering::Relaxed));
        self.with_user(&identity, |q, now| QuotaSnapshot {
            default: q.remaining(RateClass::Default, now),
            reporting: q.remaining(RateClass::Reporting, now),
            waited,
        })
    }
}
