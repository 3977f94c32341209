//! Per-user rate limits in fixed windows, written apart from the client's
//! scheduler (`reply_core::quota`, sliding windows) so that a scheduler bug
//! meets a 429 here instead of agreeing with itself.
//!
//! Each user has a minute window and an hour window for every request, and
//! another pair for reporting requests (which spend both). A user's windows
//! begin with their first request and follow each other back to back; a
//! window's count starts again from zero when it ends, which is when
//! `Retry-After` says to come back. Refused requests spend nothing. Every 429
//! sent is counted, per user and in total.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use reply_core::operation::RateClass;
use serde::Serialize;

use crate::answer::Answer;
use crate::config::LimitsConfig;

/// Window slots of a user: every request spends the first two, a reporting request all four.
const SLOTS: [(&str, &str); 4] =
    [("default", "minute"), ("default", "hour"), ("reporting", "minute"), ("reporting", "hour")];

pub(crate) struct RateLimiter {
    config: LimitsConfig,
    origin: Instant,
    users: Mutex<Users>,
}

#[derive(Default)]
struct Users {
    budgets: BTreeMap<i64, Budget>,
    rejected: u64,
}

struct Budget {
    windows: [Window; 4],
    rejected: u64,
}

/// A fixed window: when it began and how many requests it has let through.
#[derive(Clone, Copy)]
struct Window {
    start: u64,
    used: u32,
}

impl Window {
    /// Moves to the window that contains `now`, emptied if it is a later one.
    fn roll(&mut self, now: u64, span: u64) {
        if now >= self.start + span {
            self.start += (now - self.start) / span * span;
            self.used = 0;
        }
    }
}

/// The 429s the limiter has sent and how full each user's windows are.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LimitCounts {
    /// 429s sent by the rate limiter (injected faults are not counted here).
    pub rejected: u64,
    pub users: BTreeMap<i64, UserLimits>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserLimits {
    pub rejected: u64,
    pub windows: Vec<WindowUsage>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WindowUsage {
    /// `default` (every request) or `reporting`.
    pub class: &'static str,
    /// `minute` or `hour`.
    pub window: &'static str,
    pub used: u32,
    pub limit: u32,
    pub resets_in_ms: u64,
}

impl RateLimiter {
    pub fn new(config: &LimitsConfig) -> Self {
        RateLimiter { config: config.clone(), origin: Instant::now(), users: Mutex::default() }
    }

    fn limit(&self, slot: usize) -> (u32, u64) {
        let c = &self.config;
        match slot {
            0 => (c.per_minute, c.minute_ms.max(1)),
            1 => (c.per_hour, c.hour_ms.max(1)),
            2 => (c.reporting_per_minute, c.minute_ms.max(1)),
            _ => (c.reporting_per_hour, c.hour_ms.max(1)),
        }
    }

    fn now(&self) -> u64 {
        self.origin.elapsed().as_millis() as u64
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Users> {
        // The counts stay consistent even if a holder panicked: every update is one step.
        self.users.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts one request of `user`, or answers 429 with `Retry-After`: the
    /// whole seconds (rounded up) until the last full window ends.
    pub fn check(&self, user: i64, class: RateClass) -> Result<(), Answer> {
        if !self.config.enabled {
            return Ok(());
        }
        let now = self.now();
        let slots = if class == RateClass::Reporting { 0..4 } else { 0..2 };
        let mut users = self.lock();
        let budget = users
            .budgets
            .entry(user)
            .or_insert_with(|| Budget { windows: [Window { start: now, used: 0 }; 4], rejected: 0 });
        let mut wait = None;
        for slot in slots.clone() {
            let (limit, span) = self.limit(slot);
            let window = &mut budget.windows[slot];
            window.roll(now, span);
            if window.used >= limit {
                wait = wait.max(Some(window.start + span - now));
            }
        }
        let Some(wait) = wait else {
            for slot in slots {
                budget.windows[slot].used += 1;
            }
            return Ok(());
        };
        budget.rejected += 1;
        users.rejected += 1;
        let seconds = wait.div_ceil(1000).max(1);
        let which = if class == RateClass::Reporting { "reporting " } else { "" };
        Err(Answer::problem(
            429,
            format!("The {which}rate limit of this user is spent; retry after {seconds} seconds."),
        )
        .header("retry-after", seconds.to_string()))
    }

    /// The 429s sent so far and every user's windows as they stand now.
    pub fn counts(&self) -> LimitCounts {
        let now = self.now();
        let mut users = self.lock();
        let rejected = users.rejected;
        let users = users
            .budgets
            .iter_mut()
            .map(|(id, budget)| {
                let windows = (0..4)
                    .map(|slot| {
                        let (limit, span) = self.limit(slot);
                        let window = &mut budget.windows[slot];
                        window.roll(now, span);
                        let (class, name) = SLOTS[slot];
                        let resets_in_ms = window.start + span - now;
                        WindowUsage { class, window: name, used: window.used, limit, resets_in_ms }
                    })
                    .collect();
                (*id, UserLimits { rejected: budget.rejected, windows })
            })
            .collect();
        LimitCounts { rejected, users }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_rolls_to_the_one_containing_now() {
        let mut w = Window { start: 1_000, used: 7 };
        w.roll(1_999, 1_000);
        assert_eq!((w.start, w.used), (1_000, 7), "still the same window");
        w.roll(4_500, 1_000);
        assert_eq!((w.start, w.used), (4_000, 0), "back to back from the first window, emptied");
    }
}
