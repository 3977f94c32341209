//! Quota under load: mixed operations from concurrent tasks sharing one client
//! against a mock with scaled limits. The mock's limiter (fixed windows, its
//! own code) must send no 429 at all, counted on its side, so a 429 absorbed
//! by the client's retries still fails the run; none may reach the caller
//! either, and the throughput should come within 5 % of the configured limit.
//! The throughput counted is the steady one, from the second minute window
//! on: the first window's burst (a full window's budget at once) and the last,
//! partial window are left out, so the figure is requests per whole window.
//!
//! `just quota-load` runs 5,000 operations from 4 tasks; CI runs fewer.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reply_client::models::ContactCreationRequest;
use reply_client::operations::GetContactsQuery;
use reply_client::{Client, Config, Error, Limits, QuotaConfig};
use reply_harness::{Flags, MOCK_KEY};
use reply_mock::config::LimitsConfig;
use reply_mock::{Config as MockConfig, MockServer};

/// The scaled limit: 100 requests per 1-second "minute", 3,000 per 30-second "hour".
const PER_MINUTE: u32 = 100;
const MINUTE_MS: u64 = 1_000;
const PER_HOUR: u32 = 3_000;
const HOUR_MS: u64 = 30_000;

async fn one(client: &Client, n: u64) -> Result<(), Error> {
    match n % 4 {
        0 => client.contacts().list(GetContactsQuery { top: Some(5), ..Default::default() }).await.map(drop),
        1 => {
            let body = ContactCreationRequest { email: Some(format!("load{n}@example.com")), ..Default::default() };
            client.contacts().create(body).await.map(drop)
        }
        2 => client.user_account().whoami().await.map(drop),
        _ => client.custom_fields().list().await.map(drop),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let flags = match Flags::parse(&["operations", "tasks"], &[]) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("quota-load: {e}");
            return ExitCode::from(2);
        }
    };
    let (Ok(total), Ok(tasks)) = (flags.get("operations", 5_000u64), flags.get("tasks", 4u64)) else {
        eprintln!("quota-load: usage: quota-load [--operations N] [--tasks T]");
        return ExitCode::from(2);
    };
    let limits = LimitsConfig {
        enabled: true,
        per_minute: PER_MINUTE,
        per_hour: PER_HOUR,
        reporting_per_minute: 10,
        reporting_per_hour: 60,
        minute_ms: MINUTE_MS,
        hour_ms: HOUR_MS,
    };
    let mock = match MockServer::start(MockConfig {
        quiet: std::env::var_os("QUOTA_LOAD_VERBOSE").is_none(),
        limits,
        ..MockConfig::default()
    })
    .await
    {
        Ok(m) => m,
        Err(e) => {
            eprintln!("quota-load: the mock did not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let quota = QuotaConfig {
        default: Limits { per_minute: PER_MINUTE, per_hour: PER_HOUR },
        reporting: Limits { per_minute: 10, per_hour: 60 },
        minute_ms: MINUTE_MS,
        hour_ms: HOUR_MS,
    };
    let config = Config::new(MOCK_KEY)
        .with_base_url(mock.base_url())
        .with_quota(Some(quota))
        .with_deadline(Duration::from_secs(120));
    let client = Client::new(config).expect("client");
    let next = Arc::new(AtomicU64::new(0));
    let limited = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let finished = Arc::new(Mutex::new(Vec::with_capacity(total as usize)));
    let started = Instant::now();
    let workers: Vec<_> = (0..tasks)
        .map(|_| {
            let (client, next, limited, failed) = (client.clone(), next.clone(), limited.clone(), failed.clone());
            let finished = finished.clone();
            tokio::spawn(async move {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= total {
                        break;
                    }
                    let result = one(&client, n).await;
                    finished.lock().unwrap_or_else(|e| e.into_inner()).push(Instant::now());
                    match result {
                        Ok(()) => {}
                        Err(Error::RateLimited(_)) => {
                            limited.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(e) => {
                            eprintln!("quota-load: operation {n}: {e}");
                            failed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    // Over a long run the hourly budget binds: PER_HOUR per HOUR_MS.
    let limit_per_s =
        (PER_MINUTE as f64 / (MINUTE_MS as f64 / 1000.0)).min(PER_HOUR as f64 / (HOUR_MS as f64 / 1000.0));
    let achieved = total as f64 / elapsed;
    let finished = std::mem::take(&mut *finished.lock().unwrap_or_else(|e| e.into_inner()));
    let steady = steady_rate(started, &finished, Duration::from_millis(MINUTE_MS));
    let (limited, failed) = (limited.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    let waited = client.quota().map(|q| q.waited).unwrap_or_default();
    let sent_by_mock = mock.limit_counts().rejected;
    let steady_text = match steady {
        Some((rate, done, windows)) => format!(
            "{rate:.1}/s from the second window on ({done} operations in {windows} whole windows; {:.1} % of the limit)",
            100.0 * rate / limit_per_s
        ),
        None => "too short to measure past the first window".to_owned(),
    };
    println!(
        "quota-load: {total} operations from {tasks} tasks in {elapsed:.1}s ({achieved:.1}/s overall, first burst included); \
         steady throughput {steady_text} against a limit of {limit_per_s:.0}/s; \
         429s sent by the mock's limiter: {sent_by_mock}; 429s reaching the caller: {limited}; other failures: {failed}; \
         time spent waiting for quota: {:.1}s",
        waited.as_secs_f64()
    );
    mock.shutdown().await;
    if sent_by_mock > 0 || limited > 0 || failed > 0 {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Operations finished per second over the whole windows after the first:
/// from `started + window` to the last window boundary before the last
/// operation finished. `None` when the run did not last two whole windows.
fn steady_rate(started: Instant, finished: &[Instant], window: Duration) -> Option<(f64, usize, u32)> {
    let last = finished.iter().max()?.duration_since(started);
    let windows = (last.as_secs_f64() / window.as_secs_f64()).floor() as u32;
    if windows < 2 {
        return None;
    }
    let (from, to) = (window, window * windows);
    let done = finished.iter().map(|t| t.duration_since(started)).filter(|t| *t >= from && *t < to).count();
    Some((done as f64 / (to - from).as_secs_f64(), done, windows - 1))
}
