//! Which deliveries were handled already: Reply may send the same event more
//! than once (a retry after a timeout), and `event.id` identifies it.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

/// A record of handled `event.id`s. Implement it over shared storage (a
/// database table with a unique key, Redis `SET NX`) when several processes
/// receive deliveries.
pub trait SeenEvents: Send + Sync {
    /// Records `event_id` and says whether it had been recorded before.
    fn seen(&self, event_id: &str) -> bool;

    /// Forgets `event_id`, so its next delivery is handled (after handling it failed).
    fn forget(&self, event_id: &str);
}

/// An in-memory [`SeenEvents`] that remembers the latest `capacity` ids.
#[derive(Debug)]
pub struct MemorySeenEvents {
    capacity: usize,
    ids: Mutex<(HashSet<String>, VecDeque<String>)>,
}

impl MemorySeenEvents {
    /// The number of ids [`Default`] keeps.
    pub const DEFAULT_CAPACITY: usize = 10_000;

    /// Keeps the latest `capacity` ids (at least one).
    pub fn new(capacity: usize) -> MemorySeenEvents {
        MemorySeenEvents { capacity: capacity.max(1), ids: Mutex::new((HashSet::new(), VecDeque::new())) }
    }
}

impl Default for MemorySeenEvents {
    fn default() -> Self {
        MemorySeenEvents::new(Self::DEFAULT_CAPACITY)
    }
}

impl SeenEvents for MemorySeenEvents {
    fn seen(&self, event_id: &str) -> bool {
        // A poisoned lock only means another thread panicked mid-insert; the sets are still usable.
        let mut guard = self.ids.lock().unwrap_or_else(|e| e.into_inner());
        let (set, order) = &mut *guard;
        if set.contains(event_id) {
            return true;
        }
        if order.len() == self.capacity
            && let Some(oldest) = order.pop_front()
        {
            set.remove(&oldest);
        }
        set.insert(event_id.to_owned());
        order.push_back(event_id.to_owned());
        false
    }

    fn forget(&self, event_id: &str) {
        let mut guard = self.ids.lock().unwrap_or_else(|e| e.into_inner());
        let (set, order) = &mut *guard;
        if set.remove(event_id) {
            order.retain(|id| id != event_id);
        }
    }
}
