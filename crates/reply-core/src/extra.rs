//! `Extra`: the members of a JSON object that the generated type does not
//! know. They are kept, so a newer server's fields survive a read-modify-write,
//! and counted, so tests (and curious users) can see when the API has grown.

use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

static UNKNOWN_MEMBERS: AtomicU64 = AtomicU64::new(0);

/// How many unknown object members this process has decoded so far.
pub fn unknown_members_seen() -> u64 {
    UNKNOWN_MEMBERS.load(Ordering::Relaxed)
}

/// Counts one unknown member (also when a [`Check`](crate::check::Check) passes over it).
pub(crate) fn count_unknown() {
    UNKNOWN_MEMBERS.fetch_add(1, Ordering::Relaxed);
}

/// Unknown members of an object, in the order received.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra(pub Map<String, Value>);

impl Deref for Extra {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl Extra {
    /// Keeps a member the generated type does not know, and counts it.
    pub fn insert_unknown(&mut self, name: String, value: Value) {
        count_unknown();
        self.0.insert(name, value);
    }
}
