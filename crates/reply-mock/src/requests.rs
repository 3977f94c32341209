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

/// How many requests are kept (the oldest go first).
pub(crate) const KEPT: usize = 2_000;

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

#[derive(Default)]
pub(crate) struct RequestLog {
    records: Mutex<VecDeque<Record>>,
}

impl RequestLog {
    fn lock(&self) -> MutexGuard<'_, VecDeque<Record>> {
        self.records.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn record(&self, record: Record) {
        let mut records = self.lock();
        if records.len() == KEPT {
            records.pop_front();
        }
        records.push_back(record);
    }

    /// The kept requests, newest first.
    pub fn newest_first(&self) -> Vec<Record> {
        self.lock().iter().rev().cloned().collect()
    }

    pub fn clear(&self) {
        self.lock().clear();
    }
}
