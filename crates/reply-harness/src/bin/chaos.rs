//! Chaos: writes through the Rust client while reply-mock injects 5xx, 429,
//! connection resets, truncated bodies and latency with a fixed seed, then
//! checks what the client reported against the mock's write journal and its
//! store, read in-process (see `reply_harness::truth`), never through the
//! client under test.
//!
//! The writes: contacts created one by one (`CreateContact`, new emails),
//! sequences, contact notes, tasks and webhook subscriptions (where a blind
//! retry makes a second copy), contacts imported in batches of 100 and
//! contacts enrolled into a sequence in batches of 100. Only an item whose
//! write was reported outcome-unknown or failed is read back through the
//! client and, if absent, sent again; an item of a call the client called
//! successful is never sent again.
//!
//! `--unsafe-retry-writes` makes the client retry writes after they may have
//! acted, and `--drop-writes N` pretends the first N writes succeeded without
//! sending them: both must make the run fail (tests/chaos_can_fail.rs).
//!
//! `just chaos` runs the full size (10,000 contacts, 2,000 enrolments);
//! CI runs a smaller one. Exits non-zero unless every check passes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use reply_client::models::{
    AddContactNoteRequest, BulkAddContactsToSequenceRequest, ContactCreationRequest, ContactsImportRequest,
    ContactsImportRequestItemsItem, ContactsImportResponseItemsItemStatus, SequenceCreate, TaskCreateRequest,
    TaskTemplate, TasksReportingFiltersTaskTypesItem, WebHookCreationRequest,
};
use reply_client::operations::{GetContactsQuery, GetSequencesQuery, GetTasksQuery, ListWebhooksQuery};
use reply_client::{Client, Config, Error, Nullable, RetryPolicy};
use reply_harness::truth::{Ledger, Reported, Via, WriteKind};
use reply_harness::{Flags, MOCK_KEY};
use reply_mock::config::{FaultRule, FaultsConfig, Latency, LimitsConfig};
use reply_mock::{MockServer, config::Config as MockConfig};
use serde_json::Value;

const BATCH: usize = 100;
const ROUNDS: usize = 6;
const NOTE: &str = "chaos-note";

fn text(doc: &Value, member: &str) -> Option<String> {
    doc[member].as_str().map(str::to_ascii_lowercase)
}

fn one(_: &Value) -> u32 {
    1
}

static SOLO: WriteKind = WriteKind {
    name: "contacts created (CreateContact)",
    operation: "CreateContact",
    collection: "contacts",
    via: Via::Created,
    key: |d| text(d, "email"),
    copies: one,
};
static IMPORTED: WriteKind = WriteKind {
    name: "contacts imported (ImportContacts)",
    operation: "ImportContacts",
    collection: "contacts",
    via: Via::Created,
    key: |d| text(d, "email"),
    copies: one,
};
static SEQUENCES: WriteKind = WriteKind {
    name: "sequences (CreateSequence)",
    operation: "CreateSequence",
    collection: "sequences",
    via: Via::Created,
    key: |d| text(d, "name"),
    copies: one,
};
static NOTES: WriteKind = WriteKind {
    name: "contact notes (AddContactNote)",
    operation: "AddContactNote",
    collection: "contacts",
    via: Via::Changed,
    key: |d| d["id"].as_i64().map(|id| format!("contact:{id}")),
    copies: |d| d["notes"].as_str().unwrap_or("").lines().filter(|l| l.starts_with(NOTE)).count() as u32,
};
static TASKS: WriteKind = WriteKind {
    name: "tasks (CreateTask)",
    operation: "CreateTask",
    collection: "tasks",
    via: Via::Created,
    key: |d| d["contactId"].as_i64().map(|id| format!("contact:{id}")),
    copies: one,
};
static WEBHOOKS: WriteKind = WriteKind {
    name: "webhook subscriptions (CreateWebhook)",
    operation: "CreateWebhook",
    collection: "webhooks",
    via: Via::Created,
    key: |d| text(d, "url"),
    copies: one,
};
static ENROLMENTS: WriteKind = WriteKind {
    name: "enrolments (BulkAddContactsToSequence)",
    operation: "BulkAddContactsToSequence",
    collection: "sequence-contacts",
    via: Via::Created,
    key: |d| Some(format!("{}:{}", d["_parent"].as_i64()?, d["contactId"].as_i64()?)),
    copies: one,
};

fn faults() -> FaultsConfig {
    // 10 % 5xx (half before the handler runs, half after it acted), 5 % 429,
    // 2 % resets (half after acting), 1 % truncated bodies, 0–15 ms latency.
    let rule = FaultRule {
        errors: BTreeMap::from([(429, 0.05), (500, 0.03), (503, 0.02)]),
        errors_after: BTreeMap::from([(500, 0.05)]),
        reset: 0.01,
        reset_after: 0.01,
        truncate: 0.01,
        latency: Some(Latency { min_ms: 0, max_ms: 15 }),
    };
    FaultsConfig { global: rule, operations: BTreeMap::new() }
}

/// One item written by a call of its own; its key is how the store tells it apart.
#[derive(Clone)]
enum Single {
    Contact(String),
    Sequence(String),
    Note { contact: i64, text: String },
    Task { contact: i64 },
    Webhook(String),
}

impl Single {
    fn kind(&self) -> &'static WriteKind {
        match self {
            Single::Contact(_) => &SOLO,
            Single::Sequence(_) => &SEQUENCES,
            Single::Note { .. } => &NOTES,
            Single::Task { .. } => &TASKS,
            Single::Webhook(_) => &WEBHOOKS,
        }
    }

    fn key(&self) -> String {
        match self {
            Single::Contact(email) | Single::Webhook(email) => email.to_ascii_lowercase(),
            Single::Sequence(name) => name.to_ascii_lowercase(),
            Single::Note { contact, .. } | Single::Task { contact } => format!("contact:{contact}"),
        }
    }
}

/// Sends one item; returns what the client reported and the id it was given, if any.
async fn send_single(client: &Client, ledger: &mut Ledger<'_>, item: &Single) -> (Reported, Option<i64>) {
    let id = |r: Result<Option<i64>, Error>| match r {
        Ok(id) => (Reported::Succeeded, id),
        Err(e) => (Reported::of(&e), None),
    };
    let result = match item {
        Single::Contact(email) => {
            let body = ContactCreationRequest {
                email: Some(email.clone()),
                first_name: Some("Solo".into()),
                ..Default::default()
            };
            id(ledger.send(client.contacts().create(body)).await.map(|c| c.id))
        }
        Single::Sequence(name) => match sequence_body(name) {
            Ok(body) => id(ledger.send(client.sequences().create(body)).await.map(|s| s.id)),
            Err(e) => {
                ledger.error(format!("the chaos sequence body: {e}"));
                (Reported::Error, None)
            }
        },
        Single::Note { contact, text } => {
            let body = AddContactNoteRequest { notes: text.clone(), ..Default::default() };
            id(ledger.send(client.contacts().add_note(*contact, body)).await.map(|_| None))
        }
        Single::Task { contact } => {
            let body = TaskCreateRequest {
                task_type: TasksReportingFiltersTaskTypesItem::ToDo,
                start_at: "2030-01-01T09:00:00Z".into(),
                due_to: "2030-01-02T09:00:00Z".into(),
                contact_id: Nullable::Value(*contact),
                template: TaskTemplate { body: Some(format!("Chaos task for {contact}")), ..Default::default() },
                ..Default::default()
            };
            id(ledger.send(client.tasks().create(body)).await.map(|t| t.id))
        }
        Single::Webhook(url) => {
            let body =
                WebHookCreationRequest { event_type: "email_replied".into(), url: url.clone(), ..Default::default() };
            id(ledger.send(client.webhooks().create(body)).await.map(|w| w.id))
        }
    };
    ledger.record(item.kind(), vec![(item.key(), result.0)]);
    result
}

/// Reply (and so the mock) refuses a sequence without steps: one manual email step; never started.
fn sequence_body(name: &str) -> Result<SequenceCreate, serde_json::Error> {
    serde_json::from_value(serde_json::json!({ "name": name, "steps": [
        { "type": "email", "delayInMinutes": 0, "executionMode": "manual",
          "variants": [{ "subject": "Chaos", "message": "Never sent: the sequence is not started." }] }
    ] }))
}

/// Which of `items` the client can read back (the reconciliation of unknown outcomes).
async fn present(client: &Client, items: &[Single]) -> Result<HashSet<String>, Error> {
    let mut found = HashSet::new();
    if items.iter().any(|i| matches!(i, Single::Contact(_))) {
        found.extend(contact_ids(client).await?.into_keys());
    }
    if items.iter().any(|i| matches!(i, Single::Sequence(_))) {
        let mut all = std::pin::pin!(client.sequences().list(GetSequencesQuery::default()).items(None));
        while let Some(s) = all.next().await {
            found.extend(s?.name.map(|n| n.to_ascii_lowercase()));
        }
    }
    for item in items {
        if let Single::Note { contact, text } = item {
            let notes = client.contacts().get(*contact).await?.notes.unwrap_or_default();
            if notes.lines().any(|l| l == text) {
                found.insert(item.key());
            }
        }
    }
    if items.iter().any(|i| matches!(i, Single::Task { .. })) {
        let mut all = std::pin::pin!(client.tasks().list(GetTasksQuery::default()).items(None));
        while let Some(t) = all.next().await {
            found.extend(t?.contact.into_option().map(|c| format!("contact:{}", c.id)));
        }
    }
    if items.iter().any(|i| matches!(i, Single::Webhook(_))) {
        let mut all = std::pin::pin!(client.webhooks().list(ListWebhooksQuery::default()).items(None));
        while let Some(w) = all.next().await {
            found.extend(w?.url.map(|u| u.to_ascii_lowercase()));
        }
    }
    Ok(found.into_iter().filter(|k| items.iter().any(|i| i.key() == *k)).collect())
}

/// Writes each item once; an item reported unknown or failed is read back
/// and sent again only if absent. Returns the ids the client was given.
async fn write_singles(client: &Client, ledger: &mut Ledger<'_>, items: Vec<Single>) -> HashMap<String, i64> {
    let mut ids = HashMap::new();
    let mut pending = items;
    for round in 0..ROUNDS {
        let mut doubtful = Vec::new();
        for item in &pending {
            match send_single(client, ledger, item).await {
                (Reported::Succeeded, id) => {
                    ids.extend(id.map(|id| (item.key(), id)));
                }
                _ => doubtful.push(item.clone()),
            }
        }
        if doubtful.is_empty() {
            break;
        }
        let found = match present(client, &doubtful).await {
            Ok(found) => found,
            Err(e) => {
                ledger.error(format!("reading back: {e}"));
                break;
            }
        };
        pending = doubtful.into_iter().filter(|i| !found.contains(&i.key())).collect();
        if pending.is_empty() {
            break;
        }
        eprintln!(
            "chaos: round {round}: {} single writes absent after an unknown outcome, sending again",
            pending.len()
        );
    }
    ids
}

/// Every contact the client can list: email → id.
async fn contact_ids(client: &Client) -> Result<HashMap<String, i64>, Error> {
    let mut ids = HashMap::new();
    let mut items = std::pin::pin!(client.contacts().list(GetContactsQuery::default()).items(Some(1000)));
    while let Some(contact) = items.next().await {
        let contact = contact?;
        if let (Some(email), Some(id)) = (contact.email, contact.id) {
            ids.insert(email.to_ascii_lowercase(), id);
        }
    }
    Ok(ids)
}

async fn import_all(client: &Client, ledger: &mut Ledger<'_>, emails: &[String]) {
    let mut pending: Vec<String> = emails.to_vec();
    for round in 0..ROUNDS {
        let mut doubtful = Vec::new();
        for batch in pending.chunks(BATCH) {
            let items = batch
                .iter()
                .map(|email| ContactsImportRequestItemsItem {
                    email: Some(email.clone()),
                    first_name: "Chaos".into(),
                    ..Default::default()
                })
                .collect();
            let result =
                ledger.send(client.contacts().import(ContactsImportRequest { items, ..Default::default() })).await;
            let reports: Vec<Reported> = match &result {
                // Per item: only an item the answer calls failed was not written.
                Ok(answer) => {
                    let statuses = answer.items.as_deref().unwrap_or_default();
                    (0..batch.len())
                        .map(|i| match statuses.get(i).and_then(|s| s.status.as_ref()) {
                            Some(ContactsImportResponseItemsItemStatus::Failed) => Reported::Failed,
                            _ => Reported::Succeeded,
                        })
                        .collect()
                }
                Err(e) => vec![Reported::of(e); batch.len()],
            };
            for (email, reported) in batch.iter().zip(&reports) {
                if *reported != Reported::Succeeded {
                    doubtful.push(email.clone());
                }
            }
            ledger.record(&IMPORTED, batch.iter().cloned().zip(reports).collect());
        }
        if doubtful.is_empty() {
            return;
        }
        let found = match contact_ids(client).await {
            Ok(found) => found,
            Err(e) => return ledger.error(format!("reading contacts back: {e}")),
        };
        pending = doubtful.into_iter().filter(|e| !found.contains_key(e)).collect();
        if pending.is_empty() {
            return;
        }
        eprintln!(
            "chaos: import round {round}: {} contacts absent after an unknown outcome, sending again",
            pending.len()
        );
    }
}

async fn enrol_all(client: &Client, ledger: &mut Ledger<'_>, sequence: i64, ids: &[i64]) {
    let mut pending: Vec<i64> = ids.to_vec();
    let key = |id: &i64| format!("{sequence}:{id}");
    for round in 0..ROUNDS {
        let mut doubtful = Vec::new();
        for batch in pending.chunks(BATCH) {
            let body = BulkAddContactsToSequenceRequest { contact_ids: batch.to_vec(), ..Default::default() };
            let result = ledger.send(client.sequence_contacts().bulk_add(sequence, body)).await;
            let reports: Vec<Reported> = match &result {
                // Per item: only an item the answer lists as not processed was not written.
                Ok(answer) => {
                    let refused = answer.not_processed.as_ref();
                    batch
                        .iter()
                        .map(|id| match refused.is_some_and(|r| r.contains_key(&id.to_string())) {
                            true => Reported::Failed,
                            false => Reported::Succeeded,
                        })
                        .collect()
                }
                Err(e) => vec![Reported::of(e); batch.len()],
            };
            for (id, reported) in batch.iter().zip(&reports) {
                if *reported != Reported::Succeeded {
                    doubtful.push(*id);
                }
            }
            ledger.record(&ENROLMENTS, batch.iter().map(key).zip(reports).collect());
        }
        if doubtful.is_empty() {
            return;
        }
        let mut enrolled = HashSet::new();
        let mut members = std::pin::pin!(client.sequence_contacts().list(sequence, Default::default()).items(None));
        while let Some(member) = members.next().await {
            match member {
                Ok(member) => enrolled.extend(member.contact_id),
                Err(e) => return ledger.error(format!("reading enrolments back: {e}")),
            }
        }
        pending = doubtful.into_iter().filter(|id| !enrolled.contains(id)).collect();
        if pending.is_empty() {
            return;
        }
        eprintln!(
            "chaos: enrol round {round}: {} contacts absent after an unknown outcome, sending again",
            pending.len()
        );
    }
}

struct Run {
    contacts: usize,
    enrol: usize,
    seed: u64,
    unsafe_retry: bool,
    drop_writes: u64,
}

async fn run(args: Run) -> Result<bool, Error> {
    let Run { contacts, enrol, seed, unsafe_retry, drop_writes } = args;
    let config = MockConfig {
        seed,
        quiet: true,
        limits: LimitsConfig { enabled: false, ..Default::default() },
        faults: faults(),
        ..MockConfig::default()
    };
    let mock = MockServer::start(config).await.map_err(|e| Error::Config(e.to_string()))?;
    let retry = RetryPolicy {
        max_retries: 8,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(100),
    };
    let config = Config::new(MOCK_KEY)
        .with_base_url(mock.base_url())
        .with_retry(retry)
        .with_quota(None)
        .with_unsafe_retry_writes_for_testing(unsafe_retry);
    let client = Client::new(config)?;
    let started = Instant::now();
    let mut ledger = Ledger::new(&mock, drop_writes);

    // Single writes that a blind retry would duplicate, first contacts (the ones --drop-writes drops).
    let solo: Vec<Single> =
        (0..contacts.div_ceil(10)).map(|i| Single::Contact(format!("solo.{seed}.{i}@example.com"))).collect();
    let sequences: Vec<Single> = (0..=10).map(|i| Single::Sequence(format!("Chaos {seed} #{i}"))).collect();
    let mut intended = vec![(&SOLO, keys(&solo)), (&SEQUENCES, keys(&sequences))];
    let mut singles = solo;
    singles.extend(sequences);
    let ids = write_singles(&client, &mut ledger, singles).await;

    let emails: Vec<String> = (0..contacts).map(|i| format!("chaos.{seed}.{i}@example.com")).collect();
    import_all(&client, &mut ledger, &emails).await;
    intended.push((&IMPORTED, emails.clone()));
    let by_email = contact_ids(&client).await?;
    let imported: Vec<i64> = emails.iter().filter_map(|e| by_email.get(e).copied()).collect();

    // Notes and tasks on distinct imported contacts, and webhook subscriptions.
    let n = contacts.div_ceil(20);
    let notes: Vec<Single> = imported
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, &contact)| Single::Note { contact, text: format!("{NOTE} {seed} {i}") })
        .collect();
    let tasks: Vec<Single> = imported.iter().skip(n).take(n).map(|&contact| Single::Task { contact }).collect();
    let webhooks: Vec<Single> =
        (0..10).map(|i| Single::Webhook(format!("https://hooks.example.com/chaos/{seed}/{i}"))).collect();
    intended.extend([(&NOTES, keys(&notes)), (&TASKS, keys(&tasks)), (&WEBHOOKS, keys(&webhooks))]);
    let mut singles = notes;
    singles.extend(tasks);
    singles.extend(webhooks);
    write_singles(&client, &mut ledger, singles).await;

    // Enrol the first `enrol` imported contacts into sequence #0.
    let main = format!("chaos {seed} #0");
    let targets: Vec<i64> = imported.iter().take(enrol).copied().collect();
    match ids.get(&main) {
        Some(&sequence) => {
            enrol_all(&client, &mut ledger, sequence, &targets).await;
            intended.push((&ENROLMENTS, targets.iter().map(|id| format!("{sequence}:{id}")).collect()));
        }
        None => ledger.error(format!("the client never returned the id of the sequence {main:?}")),
    }
    if imported.len() < enrol {
        ledger.error(format!("only {} of the {enrol} contacts to enrol could be listed", imported.len()));
    }

    let verdict = ledger.verify(&intended);
    verdict.print(&mock.fault_counts());
    println!(
        "chaos: {contacts} contacts imported, {enrol} enrolled, seed {seed}{}{}; {:.1}s",
        if unsafe_retry { ", UNSAFE write retries" } else { "" },
        if drop_writes > 0 { format!(", {drop_writes} writes dropped") } else { String::new() },
        started.elapsed().as_secs_f64()
    );
    mock.shutdown().await;
    Ok(verdict.passed())
}

fn keys(items: &[Single]) -> Vec<String> {
    items.iter().map(Single::key).collect()
}

#[tokio::main]
async fn main() -> ExitCode {
    const USAGE: &str =
        "usage: chaos [--contacts N] [--enrol M<=N] [--seed S] [--drop-writes D] [--unsafe-retry-writes]";
    let flags = match Flags::parse(&["contacts", "enrol", "seed", "drop-writes"], &["unsafe-retry-writes"]) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("chaos: {e}\nchaos: {USAGE}");
            return ExitCode::from(2);
        }
    };
    let parsed = (
        flags.get("contacts", 10_000usize),
        flags.get("enrol", 2_000usize),
        flags.get("seed", 7u64),
        flags.get("drop-writes", 0u64),
    );
    let args = match parsed {
        (Ok(contacts), Ok(enrol), Ok(seed), Ok(drop_writes)) if enrol <= contacts => {
            Run { contacts, enrol, seed, drop_writes, unsafe_retry: flags.switch("unsafe-retry-writes") }
        }
        _ => {
            eprintln!("chaos: {USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("chaos: FAILED: the journal and the store disagree with what the client reported");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("chaos: FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}
