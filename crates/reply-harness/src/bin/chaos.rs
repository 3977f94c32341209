//! Chaos: import contacts and enrol them into a sequence through the Rust
//! client while reply-mock injects 5xx, 429, connection resets, truncated
//! bodies and latency with a fixed seed. Writes whose outcome is unknown are
//! reconciled by reading the state back; at the end the mock's state is
//! compared with the intended one.
//!
//! `just chaos` runs the full size (10,000 contacts, 2,000 enrolments);
//! CI runs a smaller one. Exits non-zero if anything was lost or duplicated.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use reply_client::models::{
    BulkAddContactsToSequenceRequest, ContactsImportRequest, ContactsImportRequestItemsItem, SequenceCreate,
};
use reply_client::operations::{GetContactsQuery, GetSequencesQuery};
use reply_client::{Client, Config, Error, RetryPolicy};
use reply_harness::{Flags, MOCK_KEY};
use reply_mock::config::{FaultRule, FaultsConfig, Latency, LimitsConfig};
use reply_mock::{MockServer, config::Config as MockConfig};

const BATCH: usize = 100;
const ROUNDS: usize = 6;

/// What happened to the writes.
#[derive(Debug, Default)]
struct Tally {
    writes: u64,
    unknown: u64,
    other_errors: u64,
    reconciled: u64,
}

impl Tally {
    fn record<T>(&mut self, result: &Result<T, Error>) {
        self.writes += 1;
        match result {
            Ok(_) => {}
            Err(Error::OutcomeUnknown { .. }) => self.unknown += 1,
            Err(_) => self.other_errors += 1,
        }
    }
}

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

/// Every contact's email → how many contacts have it.
async fn contact_counts(client: &Client) -> Result<HashMap<String, u32>, Error> {
    let mut counts = HashMap::new();
    let mut items = std::pin::pin!(client.contacts().list(GetContactsQuery::default()).items(Some(1000)));
    while let Some(contact) = items.next().await {
        if let Some(email) = contact?.email {
            *counts.entry(email.to_ascii_lowercase()).or_default() += 1;
        }
    }
    Ok(counts)
}

async fn enrolled_counts(client: &Client, sequence: i64) -> Result<HashMap<i64, u32>, Error> {
    let mut counts = HashMap::new();
    let query = Default::default();
    let mut items = std::pin::pin!(client.sequence_contacts().list(sequence, query).items(None));
    while let Some(member) = items.next().await {
        if let Some(id) = member?.contact_id {
            *counts.entry(id).or_default() += 1;
        }
    }
    Ok(counts)
}

async fn import_all(client: &Client, emails: &[String], tally: &mut Tally) -> Result<(), Error> {
    let mut missing: Vec<String> = emails.to_vec();
    for round in 0..ROUNDS {
        for batch in missing.chunks(BATCH) {
            let items = batch
                .iter()
                .map(|email| ContactsImportRequestItemsItem {
                    email: Some(email.clone()),
                    first_name: "Chaos".into(),
                    ..Default::default()
                })
                .collect();
            let result = client.contacts().import(ContactsImportRequest { items, ..Default::default() }).await;
            tally.record(&result);
        }
        // Reconcile by reading back: whatever is missing is sent again.
        let present = contact_counts(client).await?;
        let before = missing.len();
        missing.retain(|e| !present.contains_key(e));
        if round > 0 || before != emails.len() {
            tally.reconciled += 1;
        }
        if missing.is_empty() {
            return Ok(());
        }
        eprintln!("chaos: import round {round}: {} contacts still missing, sending again", missing.len());
    }
    Ok(())
}

async fn sequence_named(client: &Client, name: &str, tally: &mut Tally) -> Result<i64, Error> {
    for _ in 0..ROUNDS {
        let query = GetSequencesQuery { name: Some(name.to_owned()), ..Default::default() };
        let found = client.sequences().list(query).await?;
        let items = found.items.unwrap_or_default();
        if let Some(id) = items.iter().find(|s| s.name.as_deref() == Some(name)).and_then(|s| s.id) {
            return Ok(id);
        }
        // Reply (and so the mock) refuses a sequence without steps: one manual email step, never started.
        let body: SequenceCreate = serde_json::from_value(serde_json::json!({ "name": name, "steps": [
            { "type": "email", "delayInMinutes": 0, "executionMode": "manual",
              "variants": [{ "subject": "Chaos", "message": "Never sent: the sequence is not started." }] }
        ] }))
        .map_err(|e| Error::Config(format!("the chaos sequence body: {e}")))?;
        let result = client.sequences().create(body).await;
        tally.record(&result);
        if let Ok(created) = result {
            if let Some(id) = created.id {
                return Ok(id);
            }
        }
    }
    Err(Error::Config(format!("could not create the sequence {name:?}")))
}

async fn enrol_all(client: &Client, sequence: i64, ids: &[i64], tally: &mut Tally) -> Result<(), Error> {
    let mut missing: Vec<i64> = ids.to_vec();
    for round in 0..ROUNDS {
        for batch in missing.chunks(BATCH) {
            let body = BulkAddContactsToSequenceRequest { contact_ids: batch.to_vec(), ..Default::default() };
            let result = client.sequence_contacts().bulk_add(sequence, body).await;
            tally.record(&result);
        }
        let present = enrolled_counts(client, sequence).await?;
        missing.retain(|id| !present.contains_key(id));
        tally.reconciled += 1;
        if missing.is_empty() {
            return Ok(());
        }
        eprintln!("chaos: enrol round {round}: {} contacts still missing, sending again", missing.len());
    }
    Ok(())
}

async fn run(contacts: usize, enrol: usize, seed: u64) -> Result<bool, Error> {
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
    let client = Client::new(Config::new(MOCK_KEY).with_base_url(mock.base_url()).with_retry(retry).with_quota(None))?;
    let started = Instant::now();
    let mut tally = Tally::default();

    let emails: Vec<String> = (0..contacts).map(|i| format!("chaos.{seed}.{i}@example.com")).collect();
    import_all(&client, &emails, &mut tally).await?;
    let counts = contact_counts(&client).await?;
    let lost = emails.iter().filter(|e| !counts.contains_key(*e)).count();
    let duplicated: u32 = counts.values().map(|n| n - 1).sum();

    let sequence = sequence_named(&client, &format!("Chaos {seed}"), &mut tally).await?;
    // Enrol the first `enrol` contacts, by id.
    let mut by_email = HashMap::new();
    let mut all = std::pin::pin!(client.contacts().list(GetContactsQuery::default()).items(Some(1000)));
    while let Some(c) = all.next().await {
        let c = c?;
        if let (Some(id), Some(email)) = (c.id, c.email) {
            by_email.insert(email.to_ascii_lowercase(), id);
        }
    }
    let ids: Vec<i64> = emails.iter().take(enrol).filter_map(|e| by_email.get(e).copied()).collect();
    enrol_all(&client, sequence, &ids, &mut tally).await?;
    let enrolled = enrolled_counts(&client, sequence).await?;
    let intended: HashSet<i64> = ids.iter().copied().collect();
    let enrol_lost = intended.iter().filter(|id| !enrolled.contains_key(id)).count();
    let enrol_dup: u32 = enrolled.values().map(|n| n - 1).sum();
    let stray = enrolled.keys().filter(|id| !intended.contains(id)).count();

    let faults = mock.fault_counts();
    println!(
        "chaos: contacts {contacts} intended, {} present, {lost} lost, {duplicated} duplicated; \
         enrolments {} intended, {} present, {enrol_lost} lost, {enrol_dup} duplicated, {stray} stray",
        counts.len(),
        intended.len(),
        enrolled.len()
    );
    println!(
        "chaos: {} writes, {} reported outcome-unknown, {} other errors, {} reconciliation reads; \
         {} faults injected ({:?}); {:.1}s, seed {seed}",
        tally.writes,
        tally.unknown,
        tally.other_errors,
        tally.reconciled,
        faults.total(),
        faults,
        started.elapsed().as_secs_f64()
    );
    mock.shutdown().await;
    Ok(lost == 0 && duplicated == 0 && enrol_lost == 0 && enrol_dup == 0 && stray == 0 && intended.len() == enrol)
}

#[tokio::main]
async fn main() -> ExitCode {
    let flags = match Flags::parse(&["contacts", "enrol", "seed"]) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("chaos: {e}");
            return ExitCode::from(2);
        }
    };
    let (contacts, enrol, seed) =
        match (flags.get("contacts", 10_000usize), flags.get("enrol", 2_000usize), flags.get("seed", 7u64)) {
            (Ok(c), Ok(e), Ok(s)) if e <= c => (c, e, s),
            _ => {
                eprintln!("chaos: usage: chaos [--contacts N] [--enrol M<=N] [--seed S]");
                return ExitCode::from(2);
            }
        };
    match run(contacts, enrol, seed).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("chaos: FAILED: writes were lost or duplicated");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("chaos: FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}
