//! The write journal: one entry for every write operation whose handler ran,
//! in the order the handlers ran, with the documents it created, changed and
//! removed (noted by the store itself, not inferred from the answer) and the
//! fault injected after it acted, if any. A harness checks what a client
//! believes it wrote against this, the server's own account.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde::Serialize;

use crate::faults::After;
use crate::store::{Change, ChangeKind};

/// A stored document: its collection and integer key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocRef {
    pub collection: String,
    pub id: i64,
}

/// One write the mock's handler ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// 1, 2, 3… in the order the handlers ran; never reused, not even after a reset.
    pub seq: u64,
    /// The `X-Request-Id` of the answer (the mock numbers every request it serves).
    pub request_id: u64,
    /// The spec's operationId.
    pub operation: String,
    /// The acting user.
    pub user_id: i64,
    /// The status the handler answered (what the client saw may differ: see `fault`).
    pub status: u16,
    pub created: Vec<DocRef>,
    pub changed: Vec<DocRef>,
    pub removed: Vec<DocRef>,
    /// The fault injected after the handler acted, as the client met it:
    /// `"error:<status>"`, `"reset"` or `"truncated"`; `None` when the answer went out whole.
    pub fault: Option<String>,
}

impl JournalEntry {
    /// The handler answered 2xx: the write took effect (per-item results may still list failures).
    pub fn applied(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// What the server knows once the handler ran, before the answer goes out.
pub(crate) struct Pending {
    pub operation: &'static str,
    pub user_id: i64,
    pub status: u16,
    pub changes: Vec<Change>,
}

/// The most entries kept: a long-running mock forgets the oldest rather than grow without end.
pub(crate) const KEPT: usize = 100_000;

#[derive(Default)]
struct Inner {
    next_seq: u64,
    entries: VecDeque<JournalEntry>,
}

#[derive(Default)]
pub(crate) struct Journal(Mutex<Inner>);

impl Journal {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records a write with the fault that was really applied to its answer.
    pub fn record(&self, pending: Pending, after: After, request_id: u64) {
        let refs = |kind: ChangeKind| -> Vec<DocRef> {
            let of_kind = pending.changes.iter().filter(|c| c.kind == kind);
            of_kind.map(|c| DocRef { collection: c.collection.clone(), id: c.id }).collect()
        };
        let fault = match after {
            After::Deliver => None,
            After::Error(status) => Some(format!("error:{status}")),
            After::Reset => Some("reset".to_owned()),
            After::Truncate => Some("truncated".to_owned()),
        };
        let (created, changed, removed) =
            (refs(ChangeKind::Created), refs(ChangeKind::Changed), refs(ChangeKind::Removed));
        let mut inner = self.lock();
        inner.next_seq += 1;
        let entry = JournalEntry {
            seq: inner.next_seq,
            request_id,
            operation: pending.operation.to_owned(),
            user_id: pending.user_id,
            status: pending.status,
            created,
            changed,
            removed,
            fault,
        };
        if inner.entries.len() == KEPT {
            inner.entries.pop_front();
        }
        inner.entries.push_back(entry);
    }

    /// The entries numbered above `seq` (all of them for 0).
    pub fn since(&self, seq: u64) -> Vec<JournalEntry> {
        let inner = self.lock();
        let start = inner.entries.partition_point(|e| e.seq <= seq);
        inner.entries.range(start..).cloned().collect()
    }

    /// Forgets the entries (the sequence numbers go on).
    pub fn clear(&self) {
        self.lock().entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reply_core::OperationId as Op;

    fn write(operation: &'static str) -> Pending {
        Pending { operation, user_id: 1, status: 201, changes: Vec::new() }
    }

    #[test]
    fn the_journal_keeps_the_latest_entries_and_their_numbers() {
        let journal = Journal::default();
        for n in 0..KEPT as u64 + 5 {
            journal.record(write(Op::CreateContact.as_str()), After::Deliver, n);
        }
        let all = journal.since(0);
        assert_eq!(all.len(), KEPT);
        assert_eq!((all[0].seq, all[KEPT - 1].seq), (6, KEPT as u64 + 5));
        assert_eq!(
            journal.since(KEPT as u64 + 3).iter().map(|e| e.seq).collect::<Vec<_>>(),
            [KEPT as u64 + 4, KEPT as u64 + 5]
        );
        journal.clear();
        journal.record(write(Op::CreateTask.as_str()), After::Reset, 9);
        let after_clear = journal.since(0);
        assert_eq!((after_clear[0].seq, after_clear[0].fault.as_deref()), (KEPT as u64 + 6, Some("reset")));
    }
}
