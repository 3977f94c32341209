//! What the client reported, checked against the server's own account.
//!
//! The harness is the mock's only client and sends one write at a time, so
//! the journal entries that appear while one call runs are exactly what the
//! server applied for that call, retries included. Each item of each call
//! is recorded with what the client reported (succeeded, failed, outcome
//! unknown, or another error); at the end every item is looked up in the
//! journal and in the store, read in-process, never through the client:
//!
//! - an item applied twice within one call was retried after it acted;
//! - an item the client reported failed must not be applied by that call;
//! - every intended item must be applied exactly once over the run and be
//!   stored exactly once: none is lost, none duplicated.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::future::IntoFuture;

use reply_client::Error;
use reply_mock::{DocRef, FaultCounts, JournalEntry, MockServer};
use serde_json::Value;

/// Whether a kind's items show in the journal as created documents or as changed ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Created,
    Changed,
}

/// One kind of write: the operation that applies it, where its documents
/// live, and how to tell its items apart there.
pub struct WriteKind {
    pub name: &'static str,
    pub operation: &'static str,
    pub collection: &'static str,
    pub via: Via,
    /// The item a stored document stands for.
    pub key: fn(&Value) -> Option<String>,
    /// How many copies of its item a stored document holds (1 for a created document).
    pub copies: fn(&Value) -> u32,
}

/// What the client said about one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reported {
    Succeeded,
    /// Refused for certain (a 4xx, or 429 past the retry budget): must not have been applied.
    Failed,
    /// `OutcomeUnknown`: may or may not have been applied; reconciled by reading back.
    Unknown,
    /// Anything else: the run fails.
    Error,
}

impl Reported {
    /// How the harness reads a client error.
    pub fn of(error: &Error) -> Reported {
        match error {
            Error::OutcomeUnknown { .. } => Reported::Unknown,
            Error::Unauthorized(_)
            | Error::Forbidden(_)
            | Error::NotFound(_)
            | Error::Conflict(_)
            | Error::Validation(_)
            | Error::RateLimited(_) => Reported::Failed,
            _ => Reported::Error,
        }
    }
}

/// One call and the journal entries that appeared while it ran.
struct CallRecord {
    kind: &'static WriteKind,
    items: Vec<(String, Reported)>,
    window: Vec<JournalEntry>,
}

/// Every write call of a run, with its window of the journal.
pub struct Ledger<'m> {
    mock: &'m MockServer,
    seen: u64,
    pending: Option<Vec<JournalEntry>>,
    calls: Vec<CallRecord>,
    drops_left: u64,
    dropped: u64,
    errors: Vec<String>,
}

impl<'m> Ledger<'m> {
    /// `drop_writes`: how many of the first writes to pretend sent (to prove a lost write is caught).
    pub fn new(mock: &'m MockServer, drop_writes: u64) -> Self {
        let seen = mock.journal().last().map_or(0, |e| e.seq);
        Ledger { mock, seen, pending: None, calls: Vec::new(), drops_left: drop_writes, dropped: 0, errors: Vec::new() }
    }

    /// Sends one write and notes the journal entries it caused; follow with [`Ledger::record`].
    /// While writes are to be dropped, the call is never sent and a default answer stands for its success.
    pub async fn send<T: Default>(&mut self, call: impl IntoFuture<Output = Result<T, Error>>) -> Result<T, Error> {
        let result = if self.drops_left > 0 {
            self.drops_left -= 1;
            self.dropped += 1;
            Ok(T::default())
        } else {
            call.await
        };
        let window = self.mock.journal_since(self.seen);
        if let Some(last) = window.last() {
            self.seen = last.seq;
        }
        if let Err(e) = &result {
            if Reported::of(e) == Reported::Error {
                self.errors.push(e.to_string());
            }
        }
        self.pending = Some(window);
        result
    }

    /// Records what the client reported for each item of the call just sent.
    pub fn record(&mut self, kind: &'static WriteKind, items: Vec<(String, Reported)>) {
        let window = self.pending.take().unwrap_or_default();
        self.calls.push(CallRecord { kind, items, window });
    }

    /// An error outside any write (a reconciliation read, a missing id): the run fails.
    pub fn error(&mut self, message: String) {
        self.errors.push(message);
    }

    /// Checks every recorded item against the journal and the store.
    pub fn verify(&self, intended: &[(&'static WriteKind, Vec<String>)]) -> Verdict {
        let mut stored: HashMap<&str, HashMap<i64, Value>> = HashMap::new();
        for (kind, _) in intended {
            stored.entry(kind.collection).or_insert_with(|| {
                let docs = self.mock.documents(kind.collection);
                // The store's key: `id`, or `_key` where the resource shows a text id.
                docs.into_iter().filter_map(|d| Some((d["_key"].as_i64().or(d["id"].as_i64())?, d))).collect()
            });
        }
        let key_of = |kind: &WriteKind, doc: &DocRef| stored.get(kind.collection)?.get(&doc.id).and_then(kind.key);
        let mut verdict = Verdict { dropped: self.dropped, errors: self.errors.clone(), ..Verdict::default() };
        // Applications per kind and item over the whole run, and per call.
        let mut applied: HashMap<(&str, String), u32> = HashMap::new();
        let mut unexplained: HashMap<&str, u64> = HashMap::new();
        for call in &self.calls {
            let mut in_call: HashMap<String, u32> = HashMap::new();
            for entry in call.window.iter().filter(|e| e.applied()) {
                verdict.applied_with_fault += u64::from(entry.fault.is_some());
                verdict.journaled += 1;
                let docs = if call.kind.via == Via::Created { &entry.created } else { &entry.changed };
                let docs = docs.iter().filter(|d| d.collection == call.kind.collection);
                if entry.operation != call.kind.operation {
                    // A write the harness did not ask this call for.
                    *unexplained.entry(call.kind.name).or_default() += 1;
                    continue;
                }
                for doc in docs {
                    if let Some(key) = key_of(call.kind, doc) {
                        *in_call.entry(key).or_default() += 1;
                    }
                }
            }
            let asked: HashSet<&str> = call.items.iter().map(|(k, _)| k.as_str()).collect();
            for (key, n) in &in_call {
                if !asked.contains(key.as_str()) {
                    *unexplained.entry(call.kind.name).or_default() += u64::from(*n);
                }
            }
            let tally = verdict.kinds.entry(call.kind.name).or_default();
            for (key, reported) in &call.items {
                let n = in_call.get(key).copied().unwrap_or(0);
                *applied.entry((call.kind.name, key.clone())).or_default() += n;
                match reported {
                    Reported::Succeeded => tally.succeeded += 1,
                    Reported::Failed => tally.failed += 1,
                    Reported::Unknown => tally.unknown += 1,
                    Reported::Error => tally.errors += 1,
                }
                tally.applied_twice_in_one_call += u64::from(n.saturating_sub(1));
                if *reported == Reported::Failed && n > 0 {
                    tally.failed_but_applied += 1;
                }
            }
        }
        // Writes the mock journaled outside every call the harness made.
        verdict.outside_calls = self.mock.journal_since(self.seen).len() as u64;
        for (kind, keys) in intended {
            let mut copies: HashMap<String, u32> = HashMap::new();
            for doc in stored.get(kind.collection).into_iter().flat_map(HashMap::values) {
                if let Some(key) = (kind.key)(doc) {
                    *copies.entry(key).or_default() += (kind.copies)(doc);
                }
            }
            let tally = verdict.kinds.entry(kind.name).or_default();
            tally.intended += keys.len() as u64;
            tally.unexplained = unexplained.get(kind.name).copied().unwrap_or(0);
            for key in keys {
                let journaled = applied.get(&(kind.name, key.clone())).copied().unwrap_or(0);
                let in_store = copies.get(key).copied().unwrap_or(0);
                tally.present += u64::from(in_store > 0);
                if journaled == 0 || in_store == 0 {
                    tally.lost += 1;
                }
                tally.duplicated += u64::from(journaled.max(in_store).saturating_sub(1));
            }
        }
        verdict
    }
}

/// What the journal and the store say about one kind of write.
#[derive(Debug, Default, Clone)]
pub struct KindTally {
    pub intended: u64,
    pub present: u64,
    pub lost: u64,
    pub duplicated: u64,
    /// Item reports by the client (one per item per call).
    pub succeeded: u64,
    pub failed: u64,
    pub unknown: u64,
    pub errors: u64,
    pub failed_but_applied: u64,
    pub applied_twice_in_one_call: u64,
    /// Applications in a call's window that no item of the call asked for.
    pub unexplained: u64,
}

/// The result of [`Ledger::verify`].
#[derive(Debug, Default, Clone)]
pub struct Verdict {
    pub kinds: BTreeMap<&'static str, KindTally>,
    /// Applied journal entries seen, and how many of them had a fault applied after acting.
    pub journaled: u64,
    pub applied_with_fault: u64,
    pub outside_calls: u64,
    pub dropped: u64,
    pub errors: Vec<String>,
}

impl Verdict {
    fn sum(&self, f: impl Fn(&KindTally) -> u64) -> u64 {
        self.kinds.values().map(f).sum()
    }

    pub fn lost(&self) -> u64 {
        self.sum(|t| t.lost)
    }

    pub fn duplicated(&self) -> u64 {
        self.sum(|t| t.duplicated)
    }

    pub fn unknown(&self) -> u64 {
        self.sum(|t| t.unknown)
    }

    /// Nothing lost or duplicated, every report true to the journal, no other error.
    pub fn passed(&self) -> bool {
        self.lost() == 0
            && self.duplicated() == 0
            && self.sum(|t| t.failed_but_applied + t.applied_twice_in_one_call + t.unexplained + t.errors) == 0
            && self.outside_calls == 0
            && self.errors.is_empty()
    }

    /// The report, one line per kind and a total; `faults` as the mock applied them.
    pub fn print(&self, faults: &FaultCounts) {
        for (name, t) in &self.kinds {
            println!(
                "chaos: {name}: {} intended, {} present, {} lost, {} duplicated; client reported {} succeeded, \
                 {} failed, {} unknown, {} other errors; {} failed but applied, {} applied twice in one call, \
                 {} unexplained",
                t.intended,
                t.present,
                t.lost,
                t.duplicated,
                t.succeeded,
                t.failed,
                t.unknown,
                t.errors,
                t.failed_but_applied,
                t.applied_twice_in_one_call,
                t.unexplained
            );
        }
        println!(
            "chaos: total (from the mock's journal and store): {} lost, {} duplicated, {} unknown; \
             {} writes applied ({} with a fault after acting), {} outside the harness's calls, {} dropped by --drop-writes",
            self.lost(),
            self.duplicated(),
            self.unknown(),
            self.journaled,
            self.applied_with_fault,
            self.outside_calls,
            self.dropped
        );
        println!("chaos: faults applied by the mock: {} ({faults:?})", faults.total());
        for e in self.errors.iter().take(10) {
            println!("chaos: error: {e}");
        }
    }
}
