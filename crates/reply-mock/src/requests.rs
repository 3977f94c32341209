//! The request log the console shows: the last [`KEPT`] API requests with
//! who made them, what they asked and what they were answered.
//!
//! Recording one is a short lock and a push: the bodies are `Bytes` the
//! server already holds (cloning one shares it), the method and path were
//! already copied for the log line. Nothing is serialized or rendered here;
//! the console does that when someone looks. With the console turned off
//! (`"console": false`, `--no-console`) nothing is recorded at all. The
//! mock's own endpoints under `/__mock/` are not API requests and are left
//! out (the console's own polling would fill the log otherwise).
//!
//! Headers are not kept, so the API key never reaches the log.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

use bytes::Bytes;

/// How many requests are kept (the oldest go first)...
pub(crate) const KEPT: usize = 2_000;
/// ...and how many bytes of bodies at most: a few large pages must not hold
/// hundreds of megabytes (the bodies are kept whole, not copied, so this is
/// the one bound on them).
pub(crate) const KEPT_BYTES: usize = 32 * 1024 * 1024;

/// One request and its answer.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// The request's number (its `x-request-id`).
    pub number: u64,
    /// When it arrived (Unix ms).
    pub at_ms: u64,
    /// The acting user, when the request got as far as authentication.
    pub user: Option<i64>,
    pub method: String,
    pub path: String,
    pub query: String,
    /// The operationId (`-` when none matched).
    pub op: &'static str,
    /// `None` when the connection was dropped without an answer.
    pub status: Option<u16>,
    pub latency_ms: u64,
    /// The fault injected, as the log line names it (`fault: reset`), if any.
    pub fault: Option<&'static str>,
    /// The delay injected before handling, if one was.
    pub delayed_ms: Option<u64>,
    pub request_body: Bytes,
    pub response_body: Bytes,
}

impl Record {
    fn body_bytes(&self) -> usize {
        self.request_body.len() + self.response_body.len()
    }
}

#[derive(Default)]
struct Kept {
    records: VecDeque<Record>,
    /// The bytes of the kept bodies.
    bytes: usize,
}

#[derive(Default)]
pub(crate) struct RequestLog(Mutex<Kept>);

impl RequestLog {
    fn lock(&self) -> MutexGuard<'_, Kept> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn record(&self, record: Record) {
        let mut kept = self.lock();
        kept.bytes += record.body_bytes();
        kept.records.push_back(record);
        while kept.records.len() > KEPT || (kept.bytes > KEPT_BYTES && kept.records.len() > 1) {
            let Some(oldest) = kept.records.pop_front() else { break };
            kept.bytes -= oldest.body_bytes();
        }
    }

    /// The kept requests, newest first.
    pub fn newest_first(&self) -> Vec<Record> {
        self.lock().records.iter().rev().cloned().collect()
    }

    pub fn clear(&self) {
        *self.lock() = Kept::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(number: u64, body: usize) -> Record {
        Record {
            number,
            at_ms: 0,
            user: None,
            method: "GET".into(),
            path: "/v3/contacts".into(),
            query: String::new(),
            op: "-",
            status: Some(200),
            latency_ms: 0,
            fault: None,
            delayed_ms: None,
            request_body: Bytes::new(),
            response_body: Bytes::from(vec![b' '; body]),
        }
    }

    #[test]
    fn the_request_log_keeps_the_latest_requests_within_its_bounds() {
        let log = RequestLog::default();
        for n in 1..=(KEPT as u64 + 5) {
            log.record(record(n, 1));
        }
        let kept = log.newest_first();
        assert_eq!((kept.len(), kept[0].number, kept[KEPT - 1].number), (KEPT, KEPT as u64 + 5, 6));
        // Large bodies push out the oldest to stay within the byte budget.
        log.record(record(9_000, KEPT_BYTES / 2));
        log.record(record(9_001, KEPT_BYTES / 2));
        let numbers: Vec<u64> = log.newest_first().iter().map(|r| r.number).collect();
        assert_eq!(numbers, [9_001, 9_000]);
        log.record(record(9_002, KEPT_BYTES + 1));
        assert_eq!(log.newest_first().len(), 1, "one record over the budget is still kept");
        log.clear();
        assert!(log.newest_first().is_empty());
    }
}
