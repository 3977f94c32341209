//! Per-user rate limits, shared by every key acting as that user. The sliding
//! windows are `reply_core::quota`'s, the same arithmetic the client schedules
//! with, so a well-behaved client never sees a 429 from the mock.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use reply_core::operation::RateClass;
use reply_core::quota::{Limits, QuotaConfig, QuotaState};

use crate::answer::Answer;
use crate::config::LimitsConfig;

pub(crate) struct RateLimiter {
    config: Option<QuotaConfig>,
    origin: Instant,
    users: Mutex<HashMap<i64, QuotaState>>,
}

impl RateLimiter {
    pub fn new(config: &LimitsConfig) -> Self {
        let quota = QuotaConfig {
            default: Limits { per_minute: config.per_minute, per_hour: config.per_hour },
            reporting: Limits { per_minute: config.reporting_per_minute, per_hour: config.reporting_per_hour },
            minute_ms: config.minute_ms.max(1),
            hour_ms: config.hour_ms.max(1),
        };
        RateLimiter { config: config.enabled.then_some(quota), origin: Instant::now(), users: Mutex::default() }
    }

    /// Counts one request of `user`, or answers 429 with `Retry-After` in whole seconds (rounded up).
    pub fn check(&self, user: i64, class: RateClass) -> Result<(), Answer> {
        let Some(config) = self.config else { return Ok(()) };
        let now = self.origin.elapsed().as_millis() as u64;
        let mut users = self.users.lock().unwrap_or_else(|e| e.into_inner());
        let state = users.entry(user).or_insert_with(|| QuotaState::new(config));
        state.try_acquire(class, now).map_err(|wait| {
            let seconds = wait.as_millis().div_ceil(1000).max(1);
            let which = if class == RateClass::Reporting { "reporting " } else { "" };
            Answer::problem(429, format!("the {which}rate limit of this user is exhausted; retry in {seconds} s"))
                .header("retry-after", seconds.to_string())
        })
    }
}
