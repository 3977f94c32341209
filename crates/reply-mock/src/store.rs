//! The mock's state: JSON documents in named collections, each document with
//! an integer key. Members whose names start with `_` are the mock's own
//! bookkeeping (owning team, parent, links); answers never show them because
//! answers are projections onto the spec's shapes.
//!
//! The store serializes as a whole, which is what persistence writes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct Collection {
    next_id: i64,
    docs: BTreeMap<i64, Value>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct Store {
    collections: BTreeMap<String, Collection>,
}

impl Store {
    /// Stores `doc` under a fresh key, written to its `id` member too, and returns the key.
    pub fn insert(&mut self, collection: &str, mut doc: Value) -> i64 {
        let c = self.collections.entry(collection.to_owned()).or_default();
        c.next_id += 1;
        let id = c.next_id;
        if let Value::Object(members) = &mut doc {
            members.insert("id".to_owned(), Value::from(id));
        }
        c.docs.insert(id, doc);
        id
    }

    /// Stores `doc` under a chosen key (fixtures), keeping later keys above it.
    pub fn insert_at(&mut self, collection: &str, id: i64, mut doc: Value) {
        let c = self.collections.entry(collection.to_owned()).or_default();
        c.next_id = c.next_id.max(id);
        if let Value::Object(members) = &mut doc {
            members.insert("id".to_owned(), Value::from(id));
        }
        c.docs.insert(id, doc);
    }

    pub fn get(&self, collection: &str, id: i64) -> Option<&Value> {
        self.collections.get(collection)?.docs.get(&id)
    }

    pub fn get_mut(&mut self, collection: &str, id: i64) -> Option<&mut Value> {
        self.collections.get_mut(collection)?.docs.get_mut(&id)
    }

    pub fn remove(&mut self, collection: &str, id: i64) -> Option<Value> {
        self.collections.get_mut(collection)?.docs.remove(&id)
    }

    /// Every document of a collection, oldest first.
    pub fn all(&self, collection: &str) -> impl Iterator<Item = &Value> {
        self.collections.get(collection).into_iter().flat_map(|c| c.docs.values())
    }

    pub fn all_mut(&mut self, collection: &str) -> impl Iterator<Item = &mut Value> {
        self.collections.get_mut(collection).into_iter().flat_map(|c| c.docs.values_mut())
    }

    /// Removes every document of `collection` that `doomed` selects; returns how many.
    pub fn remove_where(&mut self, collection: &str, doomed: impl Fn(&Value) -> bool) -> usize {
        let Some(c) = self.collections.get_mut(collection) else { return 0 };
        let before = c.docs.len();
        c.docs.retain(|_, doc| !doomed(doc));
        before - c.docs.len()
    }
}

/// Reads an integer member (`_team`, `_parent`, `contactId`…).
pub(crate) fn int(doc: &Value, member: &str) -> Option<i64> {
    doc.get(member).and_then(Value::as_i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_grow_and_survive_a_round_trip() {
        let mut store = Store::default();
        assert_eq!(store.insert("contacts", json!({"email": "a@x.io"})), 1);
        store.insert_at("contacts", 10, json!({}));
        assert_eq!(store.insert("contacts", json!({})), 11);
        assert_eq!(store.get("contacts", 1).and_then(|d| int(d, "id")), Some(1));
        let text = serde_json::to_string(&store).unwrap_or_default();
        let back: Store = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back.all("contacts").count(), 3);
        let mut back = back;
        assert_eq!(back.remove_where("contacts", |d| int(d, "id") == Some(10)), 1);
        assert!(back.remove("contacts", 1).is_some());
        assert_eq!(back.all("contacts").count(), 1);
    }
}
