//! Fault injection. Every request draws its fate from one seeded generator in
//! a fixed order (latency, then the "before" fault, then the "after" fault),
//! so a sequential client sees the same faults for the same seed.
//!
//! A fault is counted where the server applies it, not where it is drawn: an
//! "after" fault drawn for a request refused before its handler ran (400,
//! 413) never happens, and a truncation of an empty body is no truncation.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use crate::config::{FaultRule, FaultsConfig};

/// What happens before the handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Before {
    Proceed,
    /// Answer this status; the handler does not run.
    Error(u16),
    /// Close the connection without an answer; the handler does not run.
    Reset,
}

/// What happens to the answer once the handler ran (and changed state).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum After {
    Deliver,
    Error(u16),
    Reset,
    Truncate,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Decision {
    pub latency: Option<Duration>,
    pub before: Before,
    pub after: After,
}

/// How many faults were applied, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultCounts {
    pub delayed: u64,
    /// Status → count, answered instead of running the handler.
    pub errors: BTreeMap<u16, u64>,
    /// Status → count, answered after the handler ran.
    pub errors_after: BTreeMap<u16, u64>,
    pub resets: u64,
    pub resets_after: u64,
    pub truncated: u64,
}

impl FaultCounts {
    /// Every injected fault (delays excluded).
    pub fn total(&self) -> u64 {
        self.errors.values().sum::<u64>()
            + self.errors_after.values().sum::<u64>()
            + self.resets
            + self.resets_after
            + self.truncated
    }
}

struct Inner {
    config: FaultsConfig,
    rng: StdRng,
    counts: FaultCounts,
}

pub(crate) struct Faults(Mutex<Inner>);

impl Faults {
    pub fn new(config: FaultsConfig, seed: u64) -> Self {
        Faults(Mutex::new(Inner { config, rng: StdRng::seed_from_u64(seed), counts: FaultCounts::default() }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Replaces the rules, reseeds the generator and zeroes the counters.
    pub fn reconfigure(&self, config: FaultsConfig, seed: u64) {
        *self.lock() = Inner { config, rng: StdRng::seed_from_u64(seed), counts: FaultCounts::default() };
    }

    /// The rules in force.
    pub fn config(&self) -> FaultsConfig {
        self.lock().config.clone()
    }

    pub fn counts(&self) -> FaultCounts {
        self.lock().counts.clone()
    }

    pub fn decide(&self, operation: &str) -> Decision {
        let inner = &mut *self.lock();
        let rule: &FaultRule = inner.config.operations.get(operation).unwrap_or(&inner.config.global);
        let latency = rule.latency.map(|l| {
            let (lo, hi) = (l.min_ms.min(l.max_ms), l.min_ms.max(l.max_ms));
            Duration::from_millis(inner.rng.random_range(lo..=hi))
        });
        let mut before = Before::Proceed;
        let mut draw: f64 = inner.rng.random();
        for (&status, &p) in &rule.errors {
            if take(&mut draw, p) {
                before = Before::Error(status);
                break;
            }
        }
        if before == Before::Proceed && take(&mut draw, rule.reset) {
            before = Before::Reset;
        }
        let mut after = After::Deliver;
        let mut draw: f64 = inner.rng.random();
        for (&status, &p) in &rule.errors_after {
            if take(&mut draw, p) {
                after = After::Error(status);
                break;
            }
        }
        if after == After::Deliver && take(&mut draw, rule.reset_after) {
            after = After::Reset;
        } else if after == After::Deliver && take(&mut draw, rule.truncate) {
            after = After::Truncate;
        }
        if before != Before::Proceed {
            after = After::Deliver;
        }
        Decision { latency, before, after }
    }

    /// Counts a delay the server waited.
    pub fn delayed(&self, delay: Duration) {
        self.lock().counts.delayed += u64::from(!delay.is_zero());
    }

    /// Counts a fault applied instead of running the handler.
    pub fn applied_before(&self, before: Before) {
        let counts = &mut self.lock().counts;
        match before {
            Before::Proceed => {}
            Before::Error(status) => *counts.errors.entry(status).or_default() += 1,
            Before::Reset => counts.resets += 1,
        }
    }

    /// Counts a fault applied to the answer of a handler that ran.
    pub fn applied_after(&self, after: After) {
        let counts = &mut self.lock().counts;
        match after {
            After::Deliver => {}
            After::Error(status) => *counts.errors_after.entry(status).or_default() += 1,
            After::Reset => counts.resets_after += 1,
            After::Truncate => counts.truncated += 1,
        }
    }
}

/// Consumes probability mass `p` from a uniform draw: true when the draw falls inside it.
fn take(draw: &mut f64, p: f64) -> bool {
    let p = if p.is_finite() { p.clamp(0.0, 1.0) } else { 0.0 };
    if *draw < p {
        return true;
    }
    *draw -= p;
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::FaultRule;
    use reply_core::OperationId as Op;

    fn config() -> FaultsConfig {
        let mut rule = FaultRule::default();
        rule.errors.insert(503, 0.2);
        rule.errors.insert(429, 0.1);
        rule.reset_after = 0.1;
        FaultsConfig { global: rule, operations: BTreeMap::new() }
    }

    #[test]
    fn same_seed_same_faults() {
        let run = |seed| {
            let faults = Faults::new(config(), seed);
            (0..200).map(|_| faults.decide(Op::GetContacts.as_str())).map(|d| (d.before, d.after)).collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }

    #[test]
    fn rates_are_roughly_honoured() {
        let faults = Faults::new(config(), 1);
        for _ in 0..10_000 {
            let decision = faults.decide("X");
            faults.applied_before(decision.before);
            faults.applied_after(decision.after);
        }
        let counts = faults.counts();
        let e503 = counts.errors[&503] as f64 / 10_000.0;
        assert!((0.17..0.23).contains(&e503), "{e503}");
        assert!(counts.resets_after > 500);
    }

    #[test]
    fn operation_rules_replace_the_global_one() {
        let mut config = config();
        config.operations.insert("Quiet".into(), FaultRule::default());
        let faults = Faults::new(config, 3);
        for _ in 0..100 {
            let d = faults.decide("Quiet");
            assert_eq!((d.before, d.after), (Before::Proceed, After::Deliver));
        }
    }
}
