//! The request budget in Redis: one sliding log per user and rate class,
//! admitted by a Lua script so concurrent clients never overspend, on the Redis
//! server's clock so every machine counts the same windows.
//!
//! Keys (prefix `reply-sdk:quota:v1:`): `identities` (a hash from what a client
//! knows of a person — `default:<key digest>`, `email:<address>` — to their
//! `user:<id>` once someone learned it), `<identity>:default` and
//! `<identity>:reporting` (sorted sets of send times), `…:blocked` (send
//! nothing of that class before this time, after a 429). The scripts read the
//! identity hash to find the per-user keys, which a Redis Cluster would refuse:
//! a single Redis (or a primary with replicas) is what this store supports.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use redis::aio::ConnectionManager;
use reply_core::operation::RateClass;
use reply_core::quota::QuotaConfig;
use tokio::sync::OnceCell;
use tokio::time::Instant;

use crate::quota_store::redact_url;

const PREFIX: &str = "reply-sdk:quota:v1:";
/// One Redis round trip may take this long before the client decides alone.
const ANSWER_WITHIN: Duration = Duration::from_millis(250);
/// After Redis failed, the client decides alone this long before asking again.
const ASK_AGAIN_AFTER: Duration = Duration::from_secs(1);

const ACQUIRE: &str = r#"
local canon = redis.call('HGET', KEYS[1], ARGV[1]) or ARGV[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local minute, hour = tonumber(ARGV[7]), tonumber(ARGV[8])
local base = ARGV[10] .. canon .. ':'
local function wait_of(class, per_minute, per_hour)
  local log = base .. class
  redis.call('ZREMRANGEBYSCORE', log, '-inf', now - hour)
  local wait = 0
  local blocked = tonumber(redis.call('GET', log .. ':blocked') or '0')
  if blocked > now then wait = blocked - now end
  for _, w in ipairs({{per_minute, minute}, {per_hour, hour}}) do
    local limit, span = w[1], w[2]
    if limit <= 0 then return -1 end
    if redis.call('ZCOUNT', log, '(' .. (now - span), '+inf') >= limit then
      -- the limit-th newest send is the one whose expiry frees a slot
      local nth = redis.call('ZREVRANGE', log, limit - 1, limit - 1, 'WITHSCORES')
      wait = math.max(wait, tonumber(nth[2]) + span - now)
    end
  end
  return wait
end
local reporting = ARGV[2] == 'reporting'
local wait = wait_of('default', tonumber(ARGV[3]), tonumber(ARGV[4]))
if wait < 0 then return -1 end
if reporting then
  local other = wait_of('reporting', tonumber(ARGV[5]), tonumber(ARGV[6]))
  if other < 0 then return -1 end
  wait = math.max(wait, other)
end
if wait > 0 then return wait end
redis.call('ZADD', base .. 'default', now, ARGV[9])
redis.call('PEXPIRE', base .. 'default', hour)
if reporting then
  redis.call('ZADD', base .. 'reporting', now, ARGV[9])
  redis.call('PEXPIRE', base .. 'reporting', hour)
end
return 0
"#;

const BLOCK: &str = r#"
local canon = redis.call('HGET', KEYS[1], ARGV[1]) or ARGV[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local key = ARGV[4] .. canon .. ':' .. ARGV[2] .. ':blocked'
local until_ms = now + tonumber(ARGV[3])
if until_ms > tonumber(redis.call('GET', key) or '0') then
  redis.call('SET', key, until_ms, 'PX', ARGV[3])
end
return 0
"#;

// What was counted under the old name moves to the user's own keys, in the
// same step as the name is recorded, so learning a name never frees a slot.
const LEARN: &str = r#"
local old = redis.call('HGET', KEYS[1], ARGV[1]) or ARGV[1]
if old == ARGV[2] then return 0 end
for _, class in ipairs({'default', 'reporting'}) do
  local from, to = ARGV[3] .. old .. ':' .. class, ARGV[3] .. ARGV[2] .. ':' .. class
  if redis.call('EXISTS', from) == 1 then
    redis.call('ZUNIONSTORE', to, 2, to, from)
    redis.call('PEXPIRE', to, ARGV[4])
    redis.call('DEL', from)
  end
  local blocked = tonumber(redis.call('GET', from .. ':blocked') or '0')
  if blocked > tonumber(redis.call('GET', to .. ':blocked') or '0') then
    redis.call('SET', to .. ':blocked', blocked, 'PXAT', blocked)
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
"#;

/// Redis's answer, or why the client must decide alone.
pub(crate) type Answer<T> = Result<T, ()>;

pub(crate) struct RedisBudget {
    client: redis::Client,
    url_for_logs: String,
    connection: OnceCell<ConnectionManager>,
    acquire: redis::Script,
    block: redis::Script,
    learn: redis::Script,
    /// `default:<digest of the API key>`: the key's owner, until someone learns their id.
    default_identity: String,
    config: QuotaConfig,
    unavailable_until: Mutex<Option<Instant>>,
    /// Set while Redis is failing, so the outage is logged once and its end once.
    failing: AtomicBool,
    nonce: AtomicU64,
    process: u64,
}

impl std::fmt::Debug for RedisBudget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisBudget").field("url", &self.url_for_logs).finish_non_exhaustive()
    }
}

impl RedisBudget {
    pub(crate) fn new(url: &str, api_key: &str, config: QuotaConfig) -> Result<RedisBudget, reply_core::Error> {
        let client = redis::Client::open(url).map_err(|e| {
            reply_core::Error::Config(format!("the quota store URL {} is not usable: {:?}", redact_url(url), e.kind()))
        })?;
        use sha2::Digest;
        let digest = sha2::Sha256::digest(api_key.as_bytes());
        let default_identity = format!("default:{}", hex16(&digest));
        Ok(RedisBudget {
            client,
            url_for_logs: redact_url(url),
            connection: OnceCell::new(),
            acquire: redis::Script::new(ACQUIRE),
            block: redis::Script::new(BLOCK),
            learn: redis::Script::new(LEARN),
            default_identity,
            config,
            unavailable_until: Mutex::new(None),
            failing: AtomicBool::new(false),
            nonce: AtomicU64::new(0),
            process: rand::random(),
        })
    }

    /// What the store calls the person a client knows as `identity` (see `quota::identity_of`).
    pub(crate) fn field(&self, identity: &str) -> String {
        if identity.is_empty() { self.default_identity.clone() } else { identity.to_owned() }
    }

    /// Takes a slot (`Ok(None)`) or says how long to wait (`Ok(Some(..))`);
    /// `Err` when Redis did not answer and the caller must decide alone.
    pub(crate) async fn try_acquire(&self, identity: &str, class: RateClass) -> Answer<Option<Duration>> {
        let nonce = format!("{:x}-{:x}", self.process, self.nonce.fetch_add(1, Ordering::Relaxed));
        let c = &self.config;
        let mut invocation = self.acquire.key(format!("{PREFIX}identities"));
        invocation
            .arg(self.field(identity))
            .arg(class_name(class))
            .arg(c.default.per_minute)
            .arg(c.default.per_hour)
            .arg(c.reporting.per_minute)
            .arg(c.reporting.per_hour)
            .arg(c.minute_ms)
            .arg(c.hour_ms)
            .arg(nonce)
            .arg(PREFIX);
        let wait: i64 = self.ask(|mut conn| async move { invocation.invoke_async(&mut conn).await }).await?;
        Ok(match wait {
            0 => None,
            // A class with a limit of zero never sends: wait past any deadline.
            w if w < 0 => Some(Duration::MAX),
            w => Some(Duration::from_millis(w as u64)),
        })
    }

    /// Shares a 429's `Retry-After` with every client of this user and class.
    pub(crate) async fn rate_limited(&self, identity: &str, class: RateClass, wait: Duration) {
        let mut invocation = self.block.key(format!("{PREFIX}identities"));
        invocation.arg(self.field(identity)).arg(class_name(class)).arg(wait.as_millis().max(1) as u64).arg(PREFIX);
        let _: Answer<i64> = self.ask(|mut conn| async move { invocation.invoke_async(&mut conn).await }).await;
    }

    /// Tells every client that `identity` is `canonical` (`user:<id>`), moving
    /// what was counted under the old name over.
    pub(crate) async fn learn(&self, identity: &str, canonical: &str) {
        let mut invocation = self.learn.key(format!("{PREFIX}identities"));
        invocation.arg(self.field(identity)).arg(canonical).arg(PREFIX).arg(self.config.hour_ms);
        let _: Answer<i64> = self.ask(|mut conn| async move { invocation.invoke_async(&mut conn).await }).await;
    }

    /// Runs one round trip within [`ANSWER_WITHIN`], unless Redis failed
    /// recently; logs when Redis starts and stops failing.
    async fn ask<T, F, Fut>(&self, round_trip: F) -> Answer<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: std::future::Future<Output = redis::RedisResult<T>>,
    {
        if let Some(until) = *self.unavailable_until.lock().unwrap_or_else(|e| e.into_inner()) {
            if Instant::now() < until {
                return Err(());
            }
        }
        let outcome = tokio::time::timeout(ANSWER_WITHIN, async {
            let conn = self.connection().await?;
            round_trip(conn).await
        })
        .await;
        let problem = match outcome {
            Ok(Ok(value)) => {
                if self.failing.swap(false, Ordering::Relaxed) {
                    tracing::warn!(target: "reply::quota", store = %self.url_for_logs, "the quota store answers again: sharing the budget");
                }
                return Ok(value);
            }
            Ok(Err(e)) => format!("{:?}", e.kind()),
            Err(_) => format!("no answer within {} ms", ANSWER_WITHIN.as_millis()),
        };
        *self.unavailable_until.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now() + ASK_AGAIN_AFTER);
        if !self.failing.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                target: "reply::quota",
                store = %self.url_for_logs,
                problem = %problem,
                "the quota store is unreachable: this process keeps to its own budget until it answers"
            );
        }
        Err(())
    }

    async fn connection(&self) -> redis::RedisResult<ConnectionManager> {
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(ANSWER_WITHIN))
            .set_response_timeout(Some(ANSWER_WITHIN))
            .set_number_of_retries(1);
        let manager = self
            .connection
            .get_or_try_init(|| async { ConnectionManager::new_lazy_with_config(self.client.clone(), config) })
            .await?;
        Ok(manager.clone())
    }
}

fn class_name(class: RateClass) -> &'static str {
    match class {
        RateClass::Default => "default",
        RateClass::Reporting => "reporting",
    }
}

/// The first 16 hex digits of a digest: enough to tell keys apart, nothing to recover one from.
fn hex16(digest: &[u8]) -> String {
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}
