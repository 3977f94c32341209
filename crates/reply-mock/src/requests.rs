//! The request log the console shows: the API requests among the last
//! [`KEPT`] the mock served, with who made them, what they asked and what they
//! were answered.
//!
//! Recording sits on every API request's path, so it shares nothing with the
//! other connections in the common case: the request numbered `n` goes to slot
//! `n % KEPT`, each slot behind its own lock (two requests being recorded at
//! once take different ones), and replacing the slot's occupant is how the
//! oldest request leaves. The bodies are `Bytes` the server already holds
//! (cloning one shares it). Only a request whose bodies are large touches
//! the one shared counter, the bytes of large bodies kept, which bounds the
//! log's memory. Nothing is serialized or rendered here; the console does that
//! when someone looks. With the console turned off (`"console": false`,
//! `--no-console`) nothing is recorded at all. The mock's own endpoints under
//! `/__mock/` are not API requests and are left out (the console's own polling
//! would fill the log otherwise); they still count in the numbering.
//!
//! Headers are not kept, so the API key never reaches the log.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use axum::http::Method;
use bytes::Bytes;

/// How many request numbers the log spans (the oldest go first)...
pub(crate) const KEPT: usize = 2_000;
/// ...bodies up to this size (request and answer together) are kept without
/// counting: all the slots full of them hold at most `KEPT * SMALL` bytes...
const SMALL: usize = 16 * 1024;
/// ...and the larger ones at most this many bytes in all: a few large pages
/// must not hold hundreds of megabytes (the bodies are kept whole, not
/// copied), so over it the oldest requests with large bodies go first.
pub(crate) const LARGE_BYTES: usize = 32 * 1024 * 1024;

/// One request and its answer.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// The request's number (its `x-request-id`).
    pub number: u64,
    /// When it arrived (Unix ms).
    pub at_ms: u64,
    /// The acting user, when the request got as far as authentication.
    pub user: Option<i64>,
    pub method: Method,
    /// The path and the query, as sent.
    pub target: String,
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
    /// The bytes this record counts against [`LARGE_BYTES`] (none when its bodies are small).
    fn large_bytes(&self) -> usize {
        let bytes = self.request_body.len() + self.response_body.len();
        if bytes > SMALL { bytes } else { 0 }
    }
}

type Slot = Mutex<Option<Record>>;

pub(crate) struct RequestLog {
    slots: Box<[Slot]>,
    /// The bytes of the large bodies kept; changed only under the lock of the
    /// slot whose record comes or goes, so a record's bytes are always added
    /// before they are taken away.
    large: AtomicUsize,
}

impl Default for RequestLog {
    fn default() -> Self {
        RequestLog { slots: (0..KEPT).map(|_| Mutex::new(None)).collect(), large: AtomicUsize::new(0) }
    }
}

fn lock(slot: &Slot) -> MutexGuard<'_, Option<Record>> {
    slot.lock().unwrap_or_else(|e| e.into_inner())
}

impl RequestLog {
    fn slot(&self, number: u64) -> &Slot {
        &self.slots[(number % KEPT as u64) as usize]
    }

    /// Puts `new` in its slot (or empties the slot, for `None`), keeping the large-body count.
    fn replace(&self, slot: &mut Option<Record>, new: Option<Record>) -> (Option<Record>, usize) {
        let added = new.as_ref().map_or(0, Record::large_bytes);
        let old = std::mem::replace(slot, new);
        let removed = old.as_ref().map_or(0, Record::large_bytes);
        let total = if added == removed {
            0
        } else if added > removed {
            self.large.fetch_add(added - removed, Ordering::Relaxed) + added - removed
        } else {
            self.large.fetch_sub(removed - added, Ordering::Relaxed) - (removed - added)
        };
        (old, total)
    }

    pub fn record(&self, record: Record) {
        let number = record.number;
        let (evicted, large) = self.replace(&mut lock(self.slot(number)), Some(record));
        // The evicted record (and its bodies) is freed here, outside the lock.
        drop(evicted);
        if large > LARGE_BYTES {
            self.trim_large(number);
        }
    }

    /// Drops the oldest requests with large bodies until those kept fit in
    /// [`LARGE_BYTES`], never the request `newest` (one over the budget is kept).
    fn trim_large(&self, newest: u64) {
        let mut large: Vec<u64> = self
            .slots
            .iter()
            .filter_map(|slot| {
                lock(slot).as_ref().filter(|r| r.large_bytes() > 0 && r.number != newest).map(|r| r.number)
            })
            .collect();
        large.sort_unstable();
        for number in large {
            if self.large.load(Ordering::Relaxed) <= LARGE_BYTES {
                break;
            }
            let mut slot = lock(self.slot(number));
            // Another request may have taken the slot since it was looked at.
            if slot.as_ref().is_some_and(|r| r.number == number) {
                let (dropped, _) = self.replace(&mut slot, None);
                drop(slot);
                drop(dropped);
            }
        }
    }

    /// The kept requests, newest first: those within [`KEPT`] numbers of the
    /// newest (a slot whose later numbers were the mock's own endpoints still
    /// holds an older request).
    pub fn newest_first(&self) -> Vec<Record> {
        let mut records: Vec<Record> = self.slots.iter().filter_map(|slot| lock(slot).clone()).collect();
        records.sort_unstable_by_key(|r| std::cmp::Reverse(r.number));
        let newest = records.first().map_or(0, |r| r.number);
        records.retain(|r| r.number + KEPT as u64 > newest);
        records
    }

    pub fn clear(&self) {
        for slot in self.slots.iter() {
            let (old, _) = self.replace(&mut lock(slot), None);
            drop(old);
        }
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
            method: Method::GET,
            target: "/v3/contacts".into(),
            op: "-",
            status: Some(200),
            latency_ms: 0,
            fault: None,
            delayed_ms: None,
            request_body: Bytes::new(),
            response_body: Bytes::from(vec![b' '; body]),
        }
    }

    fn numbers(log: &RequestLog) -> Vec<u64> {
        log.newest_first().iter().map(|r| r.number).collect()
    }

    #[test]
    fn the_request_log_keeps_the_latest_requests() {
        let log = RequestLog::default();
        for n in 1..=(KEPT as u64 + 5) {
            log.record(record(n, 1));
        }
        let kept = numbers(&log);
        assert_eq!((kept.len(), kept[0], kept[KEPT - 1]), (KEPT, KEPT as u64 + 5, 6));
        log.clear();
        assert!(log.newest_first().is_empty());
        assert_eq!(log.large.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn a_request_older_than_the_span_is_not_listed_though_its_slot_was_not_reused() {
        // Numbers 2..=KEPT+1 went to the mock's own endpoints, which are not recorded.
        let log = RequestLog::default();
        log.record(record(1, 1));
        log.record(record(KEPT as u64 + 2, 1));
        assert_eq!(numbers(&log), [KEPT as u64 + 2]);
    }

    #[test]
    fn large_bodies_push_out_the_oldest_large_ones_to_stay_within_the_budget() {
        let log = RequestLog::default();
        for n in 1..=10 {
            log.record(record(n, 100));
        }
        log.record(record(11, LARGE_BYTES / 2));
        log.record(record(12, LARGE_BYTES / 2));
        assert_eq!(numbers(&log).len(), 12, "at the budget, nothing goes");
        log.record(record(13, LARGE_BYTES / 2));
        let kept = numbers(&log);
        assert_eq!(&kept[..2], [13, 12], "the oldest large one went");
        assert_eq!(kept.len(), 12, "the small ones stay");
        log.record(record(14, LARGE_BYTES + 1));
        assert_eq!(&numbers(&log)[..2], [14, 10], "one over the budget is still kept, alone among the large");
        assert_eq!(log.large.load(Ordering::Relaxed), LARGE_BYTES + 1);
    }
}
