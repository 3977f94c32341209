//! Quota under load: mixed operations from concurrent tasks sharing one client
//! against a mock with scaled limits. The mock's limiter (fixed windows, its
//! own code) must send no 429 at all, counted on its side, so a 429 absorbed
//! by the client's retries still fails the run; none may reach the caller
//! either, and the throughput should come within 5 % of the configured limit.
//! The throughput counted is the steady one, from the second minute window
//! on: the first window's burst (a full window's budget at once) and the last,
//! partial window are left out, so the figure is requests per whole window.
//!
//! With `--processes N` the operations are split over N worker processes
//! (this binary again, `--worker`), each with its own client and so its own
//! in-process budget, sharing one user's budget through a `redis-server` the
//! run starts on loopback (`QuotaStore::Redis`). `--kill-redis` kills that
//! Redis a third of the way through and starts it again at two thirds: the run
//! then checks the fallback instead (every operation completes, each worker
//! said it kept to its own budget and that it shared again), and reports the
//! 429s the overspending workers drew meanwhile rather than failing on them.
//!
//! `--python PYTHON` and `--node PACKAGE_DIR` add one worker each in those
//! languages (`workers/quota_load_worker.py` / `.js`, the same operations
//! through the Python and Node SDKs) to the same shared budget. Their SDKs do
//! not print the engine's logs, so the fallback check reads the Rust workers'.
//!
//! `just quota-load` runs 5,000 operations from 4 tasks; CI runs fewer.

use std::process::{ExitCode, Stdio};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reply_client::models::ContactCreationRequest;
use reply_client::operations::GetContactsQuery;
use reply_client::{Client, Config, Error, Limits, QuotaConfig, QuotaStore};
use reply_harness::redis_server::RedisServer;
use reply_harness::{Flags, MOCK_KEY};
use reply_mock::config::LimitsConfig;
use reply_mock::{Config as MockConfig, MockServer};

/// The scaled limit: 100 requests per 1-second "minute", 3,000 per 30-second "hour".
const PER_MINUTE: u32 = 100;
const MINUTE_MS: u64 = 1_000;
const PER_HOUR: u32 = 3_000;
const HOUR_MS: u64 = 30_000;
const USAGE: &str = "usage: quota-load [--operations N] [--tasks T] [--processes P [--kill-redis] [--python PYTHON] [--node PACKAGE_DIR]]";

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

/// What one process did: when each operation finished (ms after the run's
/// start), how many 429s reached the caller, how many other failures.
#[derive(Default)]
struct Tally {
    finished_ms: Vec<u64>,
    limited: u64,
    failed: u64,
}

fn unix_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

fn client_for(base_url: &str, store: QuotaStore) -> Result<Client, Error> {
    let quota = QuotaConfig {
        default: Limits { per_minute: PER_MINUTE, per_hour: PER_HOUR },
        reporting: Limits { per_minute: 10, per_hour: 60 },
        minute_ms: MINUTE_MS,
        hour_ms: HOUR_MS,
    };
    let config = Config::new(MOCK_KEY)
        .with_base_url(base_url)
        .with_quota(Some(quota))
        .with_quota_store(store)
        .with_deadline(Duration::from_secs(120));
    Client::new(config)
}

/// Runs operations `first..first + count` from `tasks` tasks of one client.
async fn drive(client: &Client, first: u64, count: u64, tasks: u64, epoch_ms: u64) -> Tally {
    let next = Arc::new(AtomicU64::new(first));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let workers: Vec<_> = (0..tasks)
        .map(|_| {
            let (client, next, tally) = (client.clone(), next.clone(), tally.clone());
            tokio::spawn(async move {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= first + count {
                        break;
                    }
                    let result = one(&client, n).await;
                    let mut tally = tally.lock().unwrap_or_else(|e| e.into_inner());
                    tally.finished_ms.push(unix_ms().saturating_sub(epoch_ms));
                    match result {
                        Ok(()) => {}
                        Err(Error::RateLimited(_)) => tally.limited += 1,
                        Err(e) => {
                            eprintln!("quota-load: operation {n}: {e}");
                            tally.failed += 1;
                        }
                    }
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.await;
    }
    std::mem::take(&mut *tally.lock().unwrap_or_else(|e| e.into_inner()))
}

/// `--worker`: one process of a multi-process run; prints its tally as one JSON line.
async fn worker(flags: &Flags) -> ExitCode {
    let parsed = (
        flags.get("base-url", String::new()),
        flags.get("redis", String::new()),
        flags.get("first", 0u64),
        flags.get("operations", 0u64),
        flags.get("tasks", 1u64),
        flags.get("epoch-ms", 0u64),
    );
    let (Ok(base_url), Ok(redis), Ok(first), Ok(count), Ok(tasks), Ok(epoch_ms)) = parsed else {
        eprintln!("quota-load --worker: bad flags");
        return ExitCode::from(2);
    };
    // The worker's warnings (Redis unreachable, answering again) go to stderr for the parent to read.
    tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(false).with_target(false).init();
    let client = match client_for(&base_url, QuotaStore::Redis { url: redis }) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("quota-load --worker: {e}");
            return ExitCode::FAILURE;
        }
    };
    let tally = drive(&client, first, count, tasks, epoch_ms).await;
    let line =
        serde_json::json!({ "finished_ms": tally.finished_ms, "limited": tally.limited, "failed": tally.failed });
    println!("{line}");
    ExitCode::SUCCESS
}

#[tokio::main]
async fn main() -> ExitCode {
    let flags = match Flags::parse(
        &["operations", "tasks", "processes", "base-url", "redis", "first", "epoch-ms", "python", "node"],
        &["kill-redis", "worker"],
    ) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("quota-load: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if flags.switch("worker") {
        return worker(&flags).await;
    }
    let (Ok(total), Ok(tasks), Ok(processes)) =
        (flags.get("operations", 5_000u64), flags.get("tasks", 4u64), flags.get("processes", 0u64))
    else {
        eprintln!("quota-load: {USAGE}");
        return ExitCode::from(2);
    };
    let kill_redis = flags.switch("kill-redis");
    let others = Others {
        python: flags.get("python", String::new()).unwrap_or_default(),
        node: flags.get("node", String::new()).unwrap_or_default(),
    };
    if (kill_redis || !others.python.is_empty() || !others.node.is_empty()) && processes == 0 {
        eprintln!("quota-load: --kill-redis, --python and --node need --processes");
        return ExitCode::from(2);
    }
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
    let epoch_ms = unix_ms();
    let started = Instant::now();
    let (tally, waited, fallback) = if processes == 0 {
        let client = client_for(&mock.base_url(), QuotaStore::Local).expect("client");
        let tally = drive(&client, 0, total, tasks, epoch_ms).await;
        let waited = client.quota().map(|q| q.waited).unwrap_or_default();
        (tally, Some(waited), None)
    } else {
        match across_processes(&mock, total, tasks, processes, &others, kill_redis, epoch_ms).await {
            Ok((tally, fallback)) => (tally, None, fallback),
            Err(e) => {
                eprintln!("quota-load: {e}");
                mock.shutdown().await;
                return ExitCode::FAILURE;
            }
        }
    };
    let elapsed = started.elapsed().as_secs_f64();
    // Over a long run the hourly budget binds: PER_HOUR per HOUR_MS.
    let limit_per_s =
        (PER_MINUTE as f64 / (MINUTE_MS as f64 / 1000.0)).min(PER_HOUR as f64 / (HOUR_MS as f64 / 1000.0));
    let achieved = total as f64 / elapsed;
    let steady = steady_rate(&tally.finished_ms, MINUTE_MS);
    let sent_by_mock = mock.limit_counts().rejected;
    let steady_text = match steady {
        Some((rate, done, windows)) => format!(
            "{rate:.1}/s from the second window on ({done} operations in {windows} whole windows; {:.1} % of the limit)",
            100.0 * rate / limit_per_s
        ),
        None => "too short to measure past the first window".to_owned(),
    };
    let who = if processes == 0 {
        format!("{tasks} tasks of one client")
    } else {
        let extra: String = [("Python", &others.python), ("Node", &others.node)]
            .iter()
            .filter(|(_, given)| !given.is_empty())
            .map(|(language, _)| format!(" + 1 {language}"))
            .collect();
        format!("{processes} Rust{extra} processes of {tasks} tasks sharing one budget through Redis")
    };
    let waited_text =
        waited.map(|w| format!("; time spent waiting for quota: {:.1}s", w.as_secs_f64())).unwrap_or_default();
    println!(
        "quota-load: {total} operations from {who} in {elapsed:.1}s ({achieved:.1}/s overall, first burst included); \
         steady throughput {steady_text} against a limit of {limit_per_s:.0}/s; \
         429s sent by the mock's limiter: {sent_by_mock}; 429s reaching the caller: {}; other failures: {}{waited_text}",
        tally.limited, tally.failed
    );
    mock.shutdown().await;
    let done = tally.finished_ms.len() as u64;
    if let Some(fallback) = fallback {
        // Redis went away on purpose: overspending meanwhile is expected, losing or failing calls is not.
        println!("quota-load: fallback: {fallback}");
        let ok =
            done == total && tally.failed == 0 && tally.limited == 0 && fallback.all_warned && fallback.all_resumed;
        return if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    }
    if done != total || sent_by_mock > 0 || tally.limited > 0 || tally.failed > 0 {
        return ExitCode::FAILURE;
    }
    // Sharing must not cost throughput: at least 95 % of the limit from the second window on.
    let fast_enough = steady.is_some_and(|(rate, _, _)| rate >= 0.95 * limit_per_s);
    if processes > 0 && !fast_enough {
        println!("quota-load: the processes together stayed under 95 % of the limit");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// What the workers said while Redis was away.
struct Fallback {
    workers: usize,
    warned: usize,
    resumed: usize,
    all_warned: bool,
    all_resumed: bool,
}

impl std::fmt::Display for Fallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} of {} Rust workers logged that Redis was unreachable and they kept to their own budget; {} logged sharing again",
            self.warned, self.workers, self.resumed
        )
    }
}

/// Workers in other languages: the Python interpreter and the Node package
/// directory to run them with (empty: none).
struct Others {
    python: String,
    node: String,
}

/// Splits the run over `processes` Rust workers (and a Python and a Node one
/// when asked) sharing a fresh Redis; with `kill_redis`, kills it a third of
/// the way through and restarts it at two thirds.
async fn across_processes(
    mock: &MockServer,
    total: u64,
    tasks: u64,
    processes: u64,
    others: &Others,
    kill_redis: bool,
    epoch_ms: u64,
) -> Result<(Tally, Option<Fallback>), String> {
    let mut redis = RedisServer::start()?;
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this binary: {e}"))?;
    let workers_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/workers");
    let mut commands = Vec::new();
    for _ in 0..processes {
        let mut rust = tokio::process::Command::new(&exe);
        rust.args(["--worker", "--base-url", &mock.base_url(), "--redis", &redis.url()]);
        commands.push(("rust", rust));
    }
    if !others.python.is_empty() {
        let mut python = tokio::process::Command::new(&others.python);
        python.args([&format!("{workers_dir}/quota_load_worker.py"), &mock.base_url(), &redis.url()]);
        commands.push(("python", python));
    }
    if !others.node.is_empty() {
        let mut node = tokio::process::Command::new("node");
        node.args([&format!("{workers_dir}/quota_load_worker.js"), &others.node, &mock.base_url(), &redis.url()]);
        commands.push(("node", node));
    }
    let share = total.div_ceil(commands.len() as u64);
    let mut children = Vec::new();
    for (i, (language, mut command)) in commands.into_iter().enumerate() {
        let first = i as u64 * share;
        let count = share.min(total.saturating_sub(first));
        if language == "rust" {
            command.args(["--first", &first.to_string(), "--operations", &count.to_string()]);
            command.args(["--tasks", &tasks.to_string(), "--epoch-ms", &epoch_ms.to_string()]);
        } else {
            let numbers = [first, count, tasks, epoch_ms].map(|n| n.to_string());
            command.args(numbers).arg(MOCK_KEY);
        }
        let child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start a {language} worker: {e}"))?;
        children.push((language, child));
    }
    if kill_redis {
        // The run takes about total / limit seconds; the outage spans its middle third.
        let run = Duration::from_millis(total * MINUTE_MS / PER_MINUTE as u64);
        tokio::time::sleep(run / 3).await;
        redis.kill();
        tokio::time::sleep(run / 3).await;
        redis.restart()?;
    }
    let mut tally = Tally::default();
    let (mut warned, mut resumed) = (0, 0);
    for (language, child) in children {
        let output = child.wait_with_output().await.map_err(|e| format!("a {language} worker: {e}"))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            return Err(format!("a {language} worker failed ({}):\n{stderr}", output.status));
        }
        if language == "rust" {
            warned += usize::from(stderr.contains("the quota store is unreachable"));
            resumed += usize::from(stderr.contains("the quota store answers again"));
        }
        for line in stderr.lines().filter(|l| l.contains("quota-load")) {
            eprintln!("{line}");
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line =
            stdout.lines().last().ok_or_else(|| format!("a {language} worker printed nothing; it said:\n{stderr}"))?;
        let answer: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("a {language} worker's tally: {e}"))?;
        let numbers = |name: &str| answer[name].as_u64().unwrap_or(0);
        tally.limited += numbers("limited");
        tally.failed += numbers("failed");
        let finished = answer["finished_ms"].as_array().map(Vec::as_slice).unwrap_or_default();
        tally.finished_ms.extend(finished.iter().filter_map(serde_json::Value::as_u64));
    }
    // Only the Rust workers print the engine's log lines.
    let workers = processes as usize;
    let fallback = kill_redis.then_some(Fallback {
        workers,
        warned,
        resumed,
        all_warned: warned == workers,
        all_resumed: resumed == workers,
    });
    Ok((tally, fallback))
}

/// Operations finished per second over the whole windows after the first:
/// from one window after the start to the last window boundary before the
/// last operation finished. `None` when the run did not last two whole windows.
fn steady_rate(finished_ms: &[u64], window_ms: u64) -> Option<(f64, usize, u64)> {
    let last = *finished_ms.iter().max()?;
    let windows = last / window_ms;
    if windows < 2 {
        return None;
    }
    let (from, to) = (window_ms, window_ms * windows);
    let done = finished_ms.iter().filter(|t| **t >= from && **t < to).count();
    Some((done as f64 * 1000.0 / (to - from) as f64, done, windows - 1))
}
