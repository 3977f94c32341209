//! The per-user request budget as a pure state machine (time is passed in as
//! milliseconds from any fixed origin).
//!
//! Reply counts 100 requests a minute and 3,000 an hour per user, and less for
//! reporting. A sliding log of send times never lets more than the limit into
//! any window of that length, which also keeps us inside fixed windows, so a
//! steady workload sees no 429. A 429 still happens when another program
//! spends the same user's budget; the client then blocks the class until the
//! server's `Retry-After` has passed.

use std::collections::VecDeque;
use std::time::Duration;

use crate::operation::RateClass;

const MINUTE_MS: u64 = 60_000;
const HOUR_MS: u64 = 3_600_000;

/// Requests allowed per minute and per hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub per_minute: u32,
    pub per_hour: u32,
}

/// The client's view of Reply's limits. Tests scale these down to run fast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaConfig {
    /// Every request counts here.
    pub default: Limits,
    /// Reporting and statistics requests count here as well.
    pub reporting: Limits,
    /// How long a "minute" and an "hour" last, in milliseconds (60,000 and
    /// 3,600,000 in production; a mock with scaled windows uses less).
    pub minute_ms: u64,
    pub hour_ms: u64,
}

impl Default for QuotaConfig {
    fn default() -> Self {
        QuotaConfig {
            default: Limits { per_minute: 100, per_hour: 3_000 },
            // Reply documents a stricter reporting limit without numbers; this is our
            // conservative default, configurable.
            reporting: Limits { per_minute: 10, per_hour: 60 },
            minute_ms: MINUTE_MS,
            hour_ms: HOUR_MS,
        }
    }
}

/// What is left of one class's budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Remaining {
    pub minute: u32,
    pub hour: u32,
    /// Time until the class may send again after a 429, if blocked.
    pub blocked_for: Duration,
}

#[derive(Debug, Default)]
struct Window {
    /// Send times, oldest first, pruned to the last hour.
    sent: VecDeque<u64>,
    blocked_until: u64,
}

impl Window {
    fn prune(&mut self, now: u64, hour_ms: u64) {
        while self.sent.front().is_some_and(|&t| t + hour_ms <= now) {
            self.sent.pop_front();
        }
    }

    /// Requests sent within the last `span` ms before `now` (inclusive of `now`).
    fn count_within(&self, now: u64, span: u64) -> usize {
        self.sent.len() - self.sent.partition_point(|&t| t + span <= now)
    }

    /// How long until one more request fits, 0 if it fits now.
    fn wait(&self, limits: Limits, now: u64, config: &QuotaConfig) -> u64 {
        let mut wait = self.blocked_until.saturating_sub(now);
        for (limit, span) in [(limits.per_minute, config.minute_ms), (limits.per_hour, config.hour_ms)] {
            let limit = limit as usize;
            if limit == 0 {
                return u64::MAX;
            }
            // Fewer sends kept than the limit: no window can be full, and no search is needed.
            if self.sent.len() < limit {
                continue;
            }
            if self.count_within(now, span) >= limit {
                // The request that frees a slot is the `limit`-th newest one.
                let oldest_that_counts = self.sent[self.sent.len() - limit];
                wait = wait.max((oldest_that_counts + span).saturating_sub(now));
            }
        }
        wait
    }
}

/// The budget of one user across both classes.
#[derive(Debug)]
pub struct QuotaState {
    config: QuotaConfig,
    default: Window,
    reporting: Window,
}

impl QuotaState {
    pub fn new(config: QuotaConfig) -> Self {
        QuotaState { config, default: Window::default(), reporting: Window::default() }
    }

    pub fn config(&self) -> &QuotaConfig {
        &self.config
    }

    /// Takes a slot for a request of `class` at `now`, or says how long to wait.
    pub fn try_acquire(&mut self, class: RateClass, now: u64) -> Result<(), Duration> {
        let hour_ms = self.config.hour_ms;
        self.default.prune(now, hour_ms);
        self.reporting.prune(now, hour_ms);
        let mut wait = self.default.wait(self.config.default, now, &self.config);
        if class == RateClass::Reporting {
            wait = wait.max(self.reporting.wait(self.config.reporting, now, &self.config));
        }
        if wait > 0 {
            return Err(Duration::from_millis(wait));
        }
        self.default.sent.push_back(now);
        if class == RateClass::Reporting {
            self.reporting.sent.push_back(now);
        }
        Ok(())
    }

    /// Counts a request of `class` sent at `now` that another budget admitted
    /// (a shared store); keeps this local view current for when it must decide alone.
    pub fn record(&mut self, class: RateClass, now: u64) {
        self.default.sent.push_back(now);
        if class == RateClass::Reporting {
            self.reporting.sent.push_back(now);
        }
    }

    /// Corrects the estimate after the server answered 429: nothing of `class`
    /// is sent before `retry_after` has passed (a minute when none was given).
    pub fn on_rate_limited(&mut self, class: RateClass, now: u64, retry_after: Option<Duration>) {
        let wait = retry_after.map(|d| d.as_millis() as u64).unwrap_or(self.config.minute_ms);
        let window = match class {
            RateClass::Default => &mut self.default,
            RateClass::Reporting => &mut self.reporting,
        };
        window.blocked_until = window.blocked_until.max(now + wait);
    }

    /// What is left of a class's budget at `now`.
    pub fn remaining(&mut self, class: RateClass, now: u64) -> Remaining {
        let (window, limits) = match class {
            RateClass::Default => (&mut self.default, self.config.default),
            RateClass::Reporting => (&mut self.reporting, self.config.reporting),
        };
        window.prune(now, self.config.hour_ms);
        let minute = window.count_within(now, self.config.minute_ms) as u32;
        let hour = window.count_within(now, self.config.hour_ms) as u32;
        Remaining {
            minute: limits.per_minute.saturating_sub(minute),
            hour: limits.per_hour.saturating_sub(hour),
            blocked_for: Duration::from_millis(window.blocked_until.saturating_sub(now)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> QuotaConfig {
        QuotaConfig {
            default: Limits { per_minute: 3, per_hour: 5 },
            reporting: Limits { per_minute: 1, per_hour: 2 },
            minute_ms: 1_000,
            hour_ms: 10_000,
        }
    }

    #[test]
    fn minute_window_slides() {
        let mut q = QuotaState::new(small());
        assert!(q.try_acquire(RateClass::Default, 0).is_ok());
        assert!(q.try_acquire(RateClass::Default, 100).is_ok());
        assert!(q.try_acquire(RateClass::Default, 200).is_ok());
        assert_eq!(q.try_acquire(RateClass::Default, 300), Err(Duration::from_millis(700)));
        assert!(q.try_acquire(RateClass::Default, 1_000).is_ok());
        assert_eq!(q.remaining(RateClass::Default, 1_000).minute, 0);
        assert_eq!(q.remaining(RateClass::Default, 1_000).hour, 1);
    }

    #[test]
    fn hour_window_binds_after_the_minute_one() {
        let mut q = QuotaState::new(small());
        for t in [0, 1_000, 2_000, 3_000, 4_000] {
            assert!(q.try_acquire(RateClass::Default, t).is_ok());
        }
        assert_eq!(q.try_acquire(RateClass::Default, 5_000), Err(Duration::from_millis(5_000)));
        assert!(q.try_acquire(RateClass::Default, 10_000).is_ok());
    }

    #[test]
    fn reporting_counts_against_both_budgets() {
        let mut q = QuotaState::new(small());
        assert!(q.try_acquire(RateClass::Reporting, 0).is_ok());
        assert!(q.try_acquire(RateClass::Reporting, 10).is_err());
        assert!(q.try_acquire(RateClass::Default, 10).is_ok());
        assert_eq!(q.remaining(RateClass::Default, 10).minute, 1);
    }

    #[test]
    fn a_429_blocks_the_class_until_retry_after() {
        let mut q = QuotaState::new(small());
        q.on_rate_limited(RateClass::Default, 0, Some(Duration::from_millis(2_500)));
        assert_eq!(q.try_acquire(RateClass::Default, 500), Err(Duration::from_millis(2_000)));
        assert_eq!(q.remaining(RateClass::Default, 500).blocked_for, Duration::from_millis(2_000));
        assert!(q.try_acquire(RateClass::Default, 2_500).is_ok());
    }

    #[test]
    fn steady_workload_never_exceeds_any_window() {
        let cfg = small();
        let mut q = QuotaState::new(cfg);
        let mut sent = Vec::new();
        let mut now = 0;
        while sent.len() < 40 {
            match q.try_acquire(RateClass::Default, now) {
                Ok(()) => sent.push(now),
                Err(wait) => now += wait.as_millis() as u64,
            }
        }
        for (i, &t) in sent.iter().enumerate() {
            let in_minute = sent[..=i].iter().filter(|&&s| s + cfg.minute_ms > t).count();
            let in_hour = sent[..=i].iter().filter(|&&s| s + cfg.hour_ms > t).count();
            assert!(in_minute <= 3 && in_hour <= 5, "at {t}: {in_minute}/{in_hour}");
        }
    }
}
