//! The mock's state: JSON documents in named collections, each document with
//! an integer key. Members whose names start with `_` are the mock's own
//! bookkeeping (owning team, parent, links); answers never show them because
//! answers are projections onto the spec's shapes.
//!
//! The store serializes as a whole, which is what persistence writes.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct Collection {
    next_id: i64,
    docs: BTreeMap<i64, Value>,
    /// Keys by the ASCII-lowercased text at a pointer (uniqueness checks would
    /// otherwise scan every document on every create). Built on first use,
    /// kept current by `insert`, dropped by any other change.
    #[serde(skip)]
    by_text: HashMap<&'static str, HashMap<String, Vec<i64>>>,
    /// Every document's [`Scope`], in key order like `docs`. A listing checks
    /// visibility here, in one compact array, and reads only the documents it
    /// answers with: reading a member of each of 100,000 documents costs a
    /// cache miss apiece. Built on first use, kept current like `by_text`.
    #[serde(skip)]
    scopes: OnceCell<Vec<Scope>>,
}

impl Collection {
    /// The documents are about to change in a way the indexes cannot follow.
    fn touched(&mut self) -> &mut Self {
        self.by_text.clear();
        self.scopes.take();
        self
    }

    fn scopes(&self) -> &[Scope] {
        self.scopes.get_or_init(|| self.docs.iter().map(|(key, doc)| Scope::of(*key, doc)).collect())
    }
}

/// Who may see a document and where it hangs: its `_team` and `_parent` (and its key).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scope {
    key: i64,
    pub team: Option<i64>,
    pub parent: Option<i64>,
}

impl Scope {
    fn of(key: i64, doc: &Value) -> Scope {
        Scope { key, team: int(doc, "_team"), parent: int(doc, "_parent") }
    }
}

fn text_at<'d>(doc: &'d Value, pointer: &str) -> Option<&'d str> {
    doc.pointer(pointer).and_then(Value::as_str)
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct Store {
    collections: BTreeMap<String, Collection>,
    /// What the current write did, while the server records it for the journal.
    #[serde(skip)]
    recording: Option<Recording>,
}

/// The changes of one write, and which documents it already created or changed.
#[derive(Debug, Default, Clone)]
struct Recording {
    changes: Vec<Change>,
    touched: HashSet<(String, i64)>,
}

/// One document a write created, changed (was given mutably) or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub kind: ChangeKind,
    pub collection: String,
    pub id: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChangeKind {
    Created,
    Changed,
    Removed,
}

impl Store {
    /// Starts noting every document created, changed or removed (see [`Store::take_changes`]).
    pub fn record_changes(&mut self) {
        self.recording = Some(Recording::default());
    }

    /// Stops noting and returns what changed since [`Store::record_changes`].
    pub fn take_changes(&mut self) -> Vec<Change> {
        self.recording.take().map(|r| r.changes).unwrap_or_default()
    }

    fn note(&mut self, kind: ChangeKind, collection: &str, id: i64) {
        let Some(recording) = &mut self.recording else { return };
        // A document created by this write and then completed is just created;
        // one changed twice is changed once.
        let first = kind == ChangeKind::Removed || recording.touched.insert((collection.to_owned(), id));
        if first || kind == ChangeKind::Created {
            recording.changes.push(Change { kind, collection: collection.to_owned(), id });
        }
    }

    /// Stores `doc` under a fresh key, written to its `id` member too, and returns the key.
    pub fn insert(&mut self, collection: &str, mut doc: Value) -> i64 {
        let c = self.collections.entry(collection.to_owned()).or_default();
        c.next_id += 1;
        let id = c.next_id;
        if let Value::Object(members) = &mut doc {
            // First, as Reply writes it (answers keep the stored order).
            members.shift_insert(0, "id".to_owned(), Value::from(id));
        }
        for (pointer, index) in &mut c.by_text {
            if let Some(text) = text_at(&doc, pointer) {
                index.entry(text.to_ascii_lowercase()).or_default().push(id);
            }
        }
        // The fresh key is the largest, so the document goes last in both.
        if let Some(scopes) = c.scopes.get_mut() {
            scopes.push(Scope::of(id, &doc));
        }
        c.docs.insert(id, doc);
        self.note(ChangeKind::Created, collection, id);
        id
    }

    /// Keys of the documents whose text at `pointer` equals `text` but for ASCII case.
    pub fn with_text(&mut self, collection: &str, pointer: &'static str, text: &str) -> Vec<i64> {
        let Some(c) = self.collections.get_mut(collection) else { return Vec::new() };
        let docs = &c.docs;
        let index = c.by_text.entry(pointer).or_insert_with(|| {
            let mut index: HashMap<String, Vec<i64>> = HashMap::new();
            for (id, doc) in docs {
                if let Some(text) = text_at(doc, pointer) {
                    index.entry(text.to_ascii_lowercase()).or_default().push(*id);
                }
            }
            index
        });
        index.get(&text.to_ascii_lowercase()).cloned().unwrap_or_default()
    }

    /// Stores `doc` under a chosen key (fixtures), keeping later keys above it.
    pub fn insert_at(&mut self, collection: &str, id: i64, mut doc: Value) {
        let c = self.collections.entry(collection.to_owned()).or_default().touched();
        c.next_id = c.next_id.max(id);
        if let Value::Object(members) = &mut doc {
            // First, as Reply writes it (answers keep the stored order).
            members.shift_insert(0, "id".to_owned(), Value::from(id));
        }
        c.docs.insert(id, doc);
        self.note(ChangeKind::Created, collection, id);
    }

    pub fn get(&self, collection: &str, id: i64) -> Option<&Value> {
        self.collections.get(collection)?.docs.get(&id)
    }

    pub fn get_mut(&mut self, collection: &str, id: i64) -> Option<&mut Value> {
        if self.collections.get(collection)?.docs.contains_key(&id) {
            self.note(ChangeKind::Changed, collection, id);
        }
        self.collections.get_mut(collection)?.touched().docs.get_mut(&id)
    }

    pub fn remove(&mut self, collection: &str, id: i64) -> Option<Value> {
        let removed = self.collections.get_mut(collection)?.touched().docs.remove(&id);
        if removed.is_some() {
            self.note(ChangeKind::Removed, collection, id);
        }
        removed
    }

    /// Each collection's name and how many documents it holds, by name.
    pub fn counts(&self) -> impl Iterator<Item = (&str, usize)> {
        self.collections.iter().map(|(name, c)| (name.as_str(), c.docs.len()))
    }

    /// Every document of a collection, oldest first.
    pub fn all(&self, collection: &str) -> impl Iterator<Item = &Value> {
        self.collections.get(collection).into_iter().flat_map(|c| c.docs.values())
    }

    /// Every document of a collection with its scope (which filters cost
    /// nothing to read), past the first `skip` documents whose scope is
    /// `wanted`: those are counted in the scope index and never read, so the
    /// pages deep into a long listing cost what the first one does.
    pub fn all_scoped_after(
        &self,
        collection: &str,
        wanted: impl Fn(&Scope) -> bool,
        skip: usize,
    ) -> impl Iterator<Item = (&Value, Scope)> {
        self.collections.get(collection).into_iter().flat_map(move |c| {
            let scopes = c.scopes();
            let start = scopes.iter().enumerate().filter(|(_, s)| wanted(s)).nth(skip).map_or(scopes.len(), |(i, _)| i);
            let docs = scopes.get(start).map(|s| c.docs.range(s.key..).map(|(_, d)| d));
            docs.into_iter().flatten().zip(scopes[start..].iter().copied())
        })
    }

    pub fn all_mut(&mut self, collection: &str) -> impl Iterator<Item = &mut Value> {
        if self.recording.is_some() {
            let keys: Vec<i64> =
                self.collections.get(collection).into_iter().flat_map(|c| c.docs.keys().copied()).collect();
            for id in keys {
                self.note(ChangeKind::Changed, collection, id);
            }
        }
        self.collections.get_mut(collection).into_iter().flat_map(|c| c.touched().docs.values_mut())
    }

    /// Removes every document of `collection` that `doomed` selects; returns how many.
    pub fn remove_where(&mut self, collection: &str, doomed: impl Fn(&Value) -> bool) -> usize {
        let Some(c) = self.collections.get_mut(collection) else { return 0 };
        let c = c.touched();
        let gone: Vec<i64> = c.docs.iter().filter(|(_, doc)| doomed(doc)).map(|(id, _)| *id).collect();
        for id in &gone {
            c.docs.remove(id);
        }
        for id in &gone {
            self.note(ChangeKind::Removed, collection, *id);
        }
        gone.len()
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

    #[test]
    fn changes_are_noted_only_while_recording_once_per_document() {
        let mut store = Store::default();
        store.insert("contacts", json!({}));
        store.record_changes();
        let created = store.insert("contacts", json!({}));
        store.get_mut("contacts", created);
        store.get_mut("contacts", 1);
        store.get_mut("contacts", 1);
        store.get_mut("contacts", 99);
        store.remove("contacts", 1);
        let noted: Vec<(ChangeKind, i64)> = store.take_changes().into_iter().map(|c| (c.kind, c.id)).collect();
        assert_eq!(noted, [(ChangeKind::Created, 2), (ChangeKind::Changed, 1), (ChangeKind::Removed, 1)]);
        store.insert("contacts", json!({}));
        assert!(store.take_changes().is_empty(), "not recording");
    }

    #[test]
    fn text_index_follows_inserts_and_changes() {
        let mut store = Store::default();
        store.insert("contacts", json!({"email": "Ann@x.io"}));
        assert_eq!(store.with_text("contacts", "/email", "ann@X.io"), [1]);
        // Built now; an insert keeps it current, any other change rebuilds it.
        store.insert("contacts", json!({"email": "ann@x.io"}));
        assert_eq!(store.with_text("contacts", "/email", "ANN@x.io"), [1, 2]);
        if let Some(doc) = store.get_mut("contacts", 1) {
            doc["email"] = json!("bob@x.io");
        }
        assert_eq!(store.with_text("contacts", "/email", "ann@x.io"), [2]);
        assert_eq!(store.with_text("contacts", "/email", "bob@x.io"), [1]);
        store.remove("contacts", 1);
        assert!(store.with_text("contacts", "/email", "bob@x.io").is_empty());
    }

    #[test]
    fn scopes_follow_inserts_and_changes() {
        let mut store = Store::default();
        let scopes = |store: &Store| {
            store
                .all_scoped_after("steps", |_| true, 0)
                .map(|(d, s)| (int(d, "id"), s.team, s.parent))
                .collect::<Vec<_>>()
        };
        store.insert("steps", json!({"_team": 1, "_parent": 4}));
        assert_eq!(scopes(&store), [(Some(1), Some(1), Some(4))]);
        store.insert("steps", json!({"_team": 2}));
        assert_eq!(scopes(&store), [(Some(1), Some(1), Some(4)), (Some(2), Some(2), None)]);
        if let Some(doc) = store.get_mut("steps", 1) {
            doc["_parent"] = json!(5);
        }
        store.insert_at("steps", 0, json!({}));
        assert_eq!(scopes(&store), [(Some(0), None, None), (Some(1), Some(1), Some(5)), (Some(2), Some(2), None)]);
        // Past the first document not of team 1 (key 0), the walk starts at the next one (key 2).
        let after = store.all_scoped_after("steps", |s| s.team != Some(1), 1).map(|(d, _)| int(d, "id"));
        assert_eq!(after.collect::<Vec<_>>(), [Some(2)]);
        assert_eq!(store.all_scoped_after("steps", |_| true, 3).count(), 0);
    }
}
