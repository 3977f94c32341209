//! Retry decisions, as pure functions: the client asks, sleeps, and tries again.
//!
//! Reads are retried on 429, 5xx, timeouts and broken connections. Writes are
//! retried only when the server provably did not act: a 429 (it refused the
//! request) or a connection that was never made. Any other write failure is
//! reported as "outcome unknown" and left to the caller.

use std::time::Duration;

use crate::http::TransportErrorKind;
use crate::operation::Kind;

/// How hard the client retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// The first backoff; each retry doubles it.
    pub initial_backoff: Duration,
    /// The largest backoff between two attempts (a `Retry-After` may ask for more).
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(16),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }
}

/// What one attempt ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered with this status.
    Status { status: u16, retry_after: Option<Duration> },
    /// The transport failed.
    Transport(TransportErrorKind),
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The attempt succeeded or failed for good: hand its result to the caller.
    Finish,
    /// Wait this long, then send the request again.
    RetryAfter(Duration),
    /// A write failed in a way that leaves its effect unknown.
    OutcomeUnknown,
}

/// Decides what follows an attempt.
///
/// `attempt` counts from 0; `jitter` is a number in `[0, 1)` from the caller's
/// random source; `time_left` is what remains of the caller's deadline.
pub fn decide(
    policy: &RetryPolicy,
    kind: Kind,
    attempt: u32,
    outcome: Outcome,
    jitter: f64,
    time_left: Option<Duration>,
) -> Decision {
    let (retryable, server_may_have_acted, retry_after) = match outcome {
        Outcome::Status { status, retry_after } => match status {
            429 => (true, false, retry_after),
            500..=599 => (true, true, retry_after),
            _ => return Decision::Finish,
        },
        Outcome::Transport(TransportErrorKind::Connect) => (true, false, None),
        Outcome::Transport(TransportErrorKind::Timeout | TransportErrorKind::ConnectionLost) => (true, true, None),
        Outcome::Transport(TransportErrorKind::BodyTooLarge | TransportErrorKind::Other) => (false, true, None),
    };
    if kind == Kind::Write && server_may_have_acted {
        return Decision::OutcomeUnknown;
    }
    if !retryable || attempt >= policy.max_retries {
        return Decision::Finish;
    }
    let wait = retry_after.unwrap_or_else(|| backoff(policy, attempt, jitter));
    match time_left {
        Some(left) if wait > left => Decision::Finish,
        _ => Decision::RetryAfter(wait),
    }
}

/// Exponential backoff with up to 25 % jitter taken off, capped at `max_backoff`.
pub fn backoff(policy: &RetryPolicy, attempt: u32, jitter: f64) -> Duration {
    let base = policy.initial_backoff.saturating_mul(2u32.saturating_pow(attempt.min(20)));
    let capped = base.min(policy.max_backoff);
    capped.mul_f64(1.0 - 0.25 * jitter.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Kind::{Read, Write};

    const P: RetryPolicy = RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_secs(1),
    };

    fn status(status: u16) -> Outcome {
        Outcome::Status { status, retry_after: None }
    }

    #[test]
    fn reads_retry_on_server_errors_and_broken_connections() {
        assert_eq!(decide(&P, Read, 0, status(503), 0.0, None), Decision::RetryAfter(Duration::from_millis(100)));
        assert_eq!(decide(&P, Read, 1, status(500), 0.0, None), Decision::RetryAfter(Duration::from_millis(200)));
        for kind in [TransportErrorKind::Timeout, TransportErrorKind::ConnectionLost, TransportErrorKind::Connect] {
            assert!(matches!(decide(&P, Read, 0, Outcome::Transport(kind), 0.5, None), Decision::RetryAfter(_)));
        }
        assert_eq!(decide(&P, Read, 3, status(503), 0.0, None), Decision::Finish, "budget spent");
        assert_eq!(decide(&P, Read, 0, status(404), 0.0, None), Decision::Finish);
        assert_eq!(decide(&P, Read, 0, status(200), 0.0, None), Decision::Finish);
    }

    #[test]
    fn writes_retry_only_when_the_server_did_not_act() {
        let limited = Outcome::Status { status: 429, retry_after: Some(Duration::from_secs(7)) };
        assert_eq!(decide(&P, Write, 0, limited, 0.3, None), Decision::RetryAfter(Duration::from_secs(7)));
        assert!(matches!(
            decide(&P, Write, 0, Outcome::Transport(TransportErrorKind::Connect), 0.0, None),
            Decision::RetryAfter(_)
        ));
        assert_eq!(decide(&P, Write, 0, status(500), 0.0, None), Decision::OutcomeUnknown);
        assert_eq!(
            decide(&P, Write, 0, Outcome::Transport(TransportErrorKind::Timeout), 0.0, None),
            Decision::OutcomeUnknown
        );
        assert_eq!(
            decide(&P, Write, 0, Outcome::Transport(TransportErrorKind::ConnectionLost), 0.0, None),
            Decision::OutcomeUnknown
        );
        assert_eq!(decide(&P, Write, 0, status(409), 0.0, None), Decision::Finish);
    }

    #[test]
    fn retry_after_is_honoured_within_the_deadline() {
        let limited = Outcome::Status { status: 429, retry_after: Some(Duration::from_secs(30)) };
        assert_eq!(decide(&P, Read, 0, limited, 0.0, Some(Duration::from_secs(10))), Decision::Finish);
        assert_eq!(
            decide(&P, Read, 0, limited, 0.0, Some(Duration::from_secs(31))),
            Decision::RetryAfter(Duration::from_secs(30))
        );
    }

    #[test]
    fn backoff_grows_caps_and_jitters_down() {
        assert_eq!(backoff(&P, 0, 0.0), Duration::from_millis(100));
        assert_eq!(backoff(&P, 10, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(&P, 0, 1.0), Duration::from_millis(75));
        assert_eq!(backoff(&P, 40, 0.0), Duration::from_secs(1), "no overflow");
    }
}
