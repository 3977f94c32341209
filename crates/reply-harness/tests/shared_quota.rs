//! The request budget shared through Redis: separate clients (each with its own
//! in-process budget) acting for one user stay within the user's limit as the
//! mock's own limiter counts it — and, as a control, overspend without Redis;
//! a user named three ways shares one budget once `whoami` told who they are;
//! when Redis goes away each client keeps to its own budget, says so, and
//! shares again when Redis is back. Scaled limits, bounded sizes.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reply_client::{ActingUser, Client, Config, Limits, QuotaConfig, QuotaStore};
use reply_harness::redis_server::RedisServer;
use reply_mock::config::LimitsConfig;
use reply_mock::{Config as MockConfig, MockServer};

const PER_MINUTE: u32 = 10;
const MINUTE_MS: u64 = 1_000;
const MASTER_KEY: &str = "mock-master-key";

async fn mock() -> MockServer {
    let limits = LimitsConfig {
        enabled: true,
        per_minute: PER_MINUTE,
        per_hour: 10_000,
        reporting_per_minute: 10,
        reporting_per_hour: 60,
        minute_ms: MINUTE_MS,
        hour_ms: 600_000,
    };
    MockServer::start(MockConfig { quiet: true, limits, ..MockConfig::default() }).await.expect("the mock starts")
}

fn client(mock: &MockServer, store: &QuotaStore, user: Option<ActingUser>) -> Client {
    let quota = QuotaConfig {
        default: Limits { per_minute: PER_MINUTE, per_hour: 10_000 },
        reporting: Limits { per_minute: 10, per_hour: 60 },
        minute_ms: MINUTE_MS,
        hour_ms: 600_000,
    };
    let config = Config::new(MASTER_KEY)
        .with_base_url(mock.base_url())
        .with_quota(Some(quota))
        .with_quota_store(store.clone())
        .with_acting_user(user)
        .with_deadline(Duration::from_secs(30));
    Client::new(config).expect("a client")
}

/// `per_client` reads from each client at once; answers how many failed.
async fn burst(clients: &[Client], per_client: usize) -> usize {
    let tasks: Vec<_> = clients
        .iter()
        .cloned()
        .map(|c| {
            tokio::spawn(async move {
                let mut failed = 0;
                for _ in 0..per_client {
                    if c.custom_fields().list().await.is_err() {
                        failed += 1;
                    }
                }
                failed
            })
        })
        .collect();
    let mut failed = 0;
    for t in tasks {
        failed += t.await.expect("a task");
    }
    failed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_with_their_own_budgets_share_one_user_limit_through_redis() {
    let redis = RedisServer::start().expect("redis-server");
    let store = QuotaStore::Redis { url: redis.url() };

    // Control first: three budgets of 10 a window each overspend the user's 10.
    let mock_alone = mock().await;
    let alone: Vec<_> = (0..3).map(|_| client(&mock_alone, &QuotaStore::Local, None)).collect();
    burst(&alone, 10).await;
    let overspent = mock_alone.limit_counts().rejected;
    assert!(overspent > 0, "the control should have drawn 429s from the mock's limiter");

    let mock = mock().await;
    let shared: Vec<_> = (0..3).map(|_| client(&mock, &store, None)).collect();
    let started = Instant::now();
    let failed = burst(&shared, 10).await;
    let took = started.elapsed();
    assert_eq!(mock.limit_counts().rejected, 0, "the mock's limiter sent 429s to clients sharing Redis");
    assert_eq!(failed, 0);
    // 30 requests at 10 a window: the third ten cannot start before two windows passed.
    assert!(took >= Duration::from_millis(2 * MINUTE_MS - 100), "30 requests went out in {took:?}");
    mock.shutdown().await;
    mock_alone.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_header_x_user_id_and_x_user_email_count_once_after_whoami() {
    let redis = RedisServer::start().expect("redis-server");
    let store = QuotaStore::Redis { url: redis.url() };
    let three = |mock: &MockServer| {
        vec![
            client(mock, &store, None),
            client(mock, &store, Some(ActingUser::Id(1))),
            client(mock, &store, Some(ActingUser::Email("Jane@mock.reply.io".into()))),
        ]
    };

    // Control: before anyone learned who the key's owner and the address are, three budgets.
    let mock_unknown = mock().await;
    burst(&three(&mock_unknown), 10).await;
    assert!(mock_unknown.limit_counts().rejected > 0, "three names of one user should overspend when unknown");

    let mock = mock().await;
    let clients = three(&mock);
    // Each learns who it acts as from `whoami`; the others read it from Redis.
    clients[0].user_account().whoami().await.expect("whoami");
    clients[2].user_account().whoami().await.expect("whoami as the address");
    tokio::time::sleep(Duration::from_millis(MINUTE_MS + 50)).await;
    let failed = burst(&clients, 10).await;
    assert_eq!(failed, 0);
    assert_eq!(mock.limit_counts().rejected, 0, "one user named three ways drew 429s");
    mock.shutdown().await;
    mock_unknown.shutdown().await;
}

/// Log lines of the quota store, captured from `tracing`.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_redis_each_client_keeps_its_own_budget_and_says_so_then_shares_again() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut redis = RedisServer::start().expect("redis-server");
    let url =
        format!("redis://:not-shown-{}@127.0.0.1:{}", std::process::id(), redis.url().rsplit(':').next().unwrap());
    let store = QuotaStore::Redis { url: redis.url() };
    let mock = mock().await;
    let c = client(&mock, &store, None);
    c.custom_fields().list().await.expect("through Redis");

    redis.kill();
    let started = Instant::now();
    for _ in 0..3 {
        c.custom_fields().list().await.expect("calls go on without Redis");
    }
    assert!(started.elapsed() < Duration::from_secs(5), "calls waited on a dead Redis: {:?}", started.elapsed());
    let text = String::from_utf8_lossy(&logs.0.lock().expect("lock")).into_owned();
    assert!(text.contains("the quota store is unreachable"), "no warning in:\n{text}");

    redis.restart().expect("redis-server again");
    // The client asks Redis again a second after it failed.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    c.custom_fields().list().await.expect("through Redis again");
    let text = String::from_utf8_lossy(&logs.0.lock().expect("lock")).into_owned();
    assert!(text.contains("the quota store answers again"), "no recovery line in:\n{text}");
    assert_eq!(mock.limit_counts().rejected, 0);

    // A password in the store's URL never reaches the logs.
    let with_password = client(&mock, &QuotaStore::Redis { url: url.clone() }, None);
    redis.kill();
    with_password.custom_fields().list().await.expect("calls go on");
    let text = String::from_utf8_lossy(&logs.0.lock().expect("lock")).into_owned();
    assert!(!text.contains("not-shown-"), "the Redis password was logged:\n{text}");
    assert!(text.contains("***@127.0.0.1"), "the store is named in the warning:\n{text}");
    mock.shutdown().await;
}
