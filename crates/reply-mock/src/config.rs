//! Everything the mock can be told at start: keys and who they act as, rate
//! limits, job timing, webhook delivery, fault injection and persistence.
//!
//! Every field has a default, so a JSON config file only names what it
//! changes (`{"seed": 7, "limits": {"perMinute": 5}}`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The mock's configuration. `Config::default()` is a single-user workspace
/// whose personal key `mock-personal-key` can do everything.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Config {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Seeds every random choice (fault injection, ids of jobs and events).
    pub seed: u64,
    /// Accepted API keys.
    pub keys: Vec<KeyConfig>,
    /// The users keys can act as.
    pub users: Vec<UserConfig>,
    /// Teams (workspaces) users belong to.
    pub teams: Vec<TeamConfig>,
    pub limits: LimitsConfig,
    pub jobs: JobsConfig,
    pub webhooks: WebhooksConfig,
    /// How the contacts of running sequences answer the emails they are sent.
    pub activity: ActivityConfig,
    pub faults: FaultsConfig,
    /// Start with one example of every stateful resource (id 1, taken from the
    /// spec's samples) so that sample requests find something.
    pub fixtures: bool,
    /// Request bodies larger than this are refused with 413.
    pub max_body_bytes: usize,
    /// Load state from this file at start and write it back periodically and on shutdown.
    pub state_file: Option<PathBuf>,
    /// How often the state file is rewritten, in milliseconds.
    pub persist_interval_ms: u64,
    /// Do not log one line per request.
    pub quiet: bool,
    /// What the operations the spec marks "Coming soon" do.
    pub coming_soon: ComingSoon,
    /// Serve the web console at `/__mock/console` and keep the request log it
    /// shows (`false`: neither, and nothing is recorded per request).
    pub console: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 0,
            seed: 0,
            keys: vec![
                KeyConfig::new("mock-personal-key", KeyKind::Personal, Some(1)),
                KeyConfig::new("mock-master-key", KeyKind::Master, Some(1)),
                KeyConfig::new("mock-org-key", KeyKind::Organization, None),
            ],
            users: vec![
                UserConfig { id: 1, name: "Jane Owner".into(), email: "jane@mock.reply.io".into(), teams: vec![1] },
                // A second user in two teams, reachable with the master or organization
                // key, so that TEAM_REQUIRED can be seen without any configuration.
                UserConfig { id: 2, name: "Sam Seller".into(), email: "sam@mock.reply.io".into(), teams: vec![1, 2] },
            ],
            teams: vec![TeamConfig { id: 1, name: "Sales".into() }, TeamConfig { id: 2, name: "Marketing".into() }],
            limits: LimitsConfig::default(),
            jobs: JobsConfig::default(),
            webhooks: WebhooksConfig::default(),
            activity: ActivityConfig::default(),
            faults: FaultsConfig::default(),
            fixtures: false,
            max_body_bytes: 10 * 1024 * 1024,
            state_file: None,
            persist_interval_ms: 5_000,
            quiet: false,
            coming_soon: ComingSoon::Refuse,
            console: true,
        }
    }
}

impl Config {
    /// A default configuration that does not log requests (for tests).
    pub fn quiet() -> Self {
        Config { quiet: true, ..Config::default() }
    }

    /// Reads a JSON configuration file; absent members keep their defaults.
    pub fn from_json_file(path: &std::path::Path) -> Result<Config, crate::Error> {
        let text =
            std::fs::read_to_string(path).map_err(|e| crate::Error::Config(format!("{}: {e}", path.display())))?;
        serde_json::from_str(&text).map_err(|e| crate::Error::Config(format!("{}: {e}", path.display())))
    }

    /// Checks that keys name known users and users name known teams.
    pub(crate) fn check(&self) -> Result<(), crate::Error> {
        for key in &self.keys {
            match (key.kind, key.user_id) {
                (KeyKind::Organization, _) => {}
                (_, Some(id)) if self.users.iter().any(|u| u.id == id) => {}
                _ => return Err(crate::Error::Config(format!("key `{}` needs the id of a configured user", key.name))),
            }
        }
        let rules = std::iter::once(&self.faults.global).chain(self.faults.operations.values());
        for rule in rules {
            if let Some(status) = rule.errors.keys().chain(rule.errors_after.keys()).find(|s| !(400..=599).contains(*s))
            {
                return Err(crate::Error::Config(format!("fault status {status} is not an error status (400..=599)")));
            }
        }
        let jobs = &self.jobs;
        let rates = [jobs.failed_rate, jobs.expired_rate];
        if rates.iter().any(|r| !(0.0..=1.0).contains(r)) || rates.iter().sum::<f64>() > 1.0 {
            return Err(crate::Error::Config(
                "jobs.failedRate and jobs.expiredRate are shares of 0..=1 together".into(),
            ));
        }
        let rates = [self.activity.open_rate, self.activity.reply_rate, self.activity.bounce_rate];
        if rates.iter().any(|r| !(0.0..=1.0).contains(r)) {
            return Err(crate::Error::Config("activity rates must be between 0 and 1".into()));
        }
        for user in &self.users {
            if user.teams.is_empty() || !user.teams.iter().all(|t| self.teams.iter().any(|team| team.id == *t)) {
                return Err(crate::Error::Config(format!("user {} must belong to configured teams", user.id)));
            }
        }
        Ok(())
    }
}

/// The three kinds of Reply API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyKind {
    /// Acts as its user.
    Personal,
    /// Acts as the workspace owner, or as any member named by `X-User-Id` / `X-User-Email`.
    Master,
    /// Acts as nobody: every call must name a user.
    Organization,
}

/// One accepted key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyConfig {
    /// The secret as sent in `Authorization: Bearer …` or `X-API-Key`.
    pub key: String,
    pub kind: KeyKind,
    /// The user a personal key belongs to, or the owner a master key acts as.
    #[serde(default)]
    pub user_id: Option<i64>,
    /// Granted scopes (`contacts:read`, `contacts:*`, `*:*`); all by default.
    #[serde(default = "all_scopes")]
    pub scopes: Vec<String>,
    /// A label for logs (never the key itself).
    #[serde(default)]
    pub name: String,
}

impl KeyConfig {
    pub fn new(key: &str, kind: KeyKind, user_id: Option<i64>) -> Self {
        let name = format!("{kind:?}").to_lowercase();
        KeyConfig { key: key.to_owned(), kind, user_id, scopes: all_scopes(), name }
    }

    /// The same key restricted to `scopes`.
    pub fn with_scopes(mut self, scopes: &[&str]) -> Self {
        self.scopes = scopes.iter().map(|s| (*s).to_owned()).collect();
        self
    }
}

fn all_scopes() -> Vec<String> {
    vec!["*:*".to_owned()]
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserConfig {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// Team ids, at least one.
    pub teams: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TeamConfig {
    pub id: i64,
    pub name: String,
}

/// Per-user request budgets. Windows are explicit so tests can shrink time.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct LimitsConfig {
    pub enabled: bool,
    pub per_minute: u32,
    pub per_hour: u32,
    /// Reporting and statistics operations also count against these.
    pub reporting_per_minute: u32,
    pub reporting_per_hour: u32,
    /// How long the "minute" and the "hour" last.
    pub minute_ms: u64,
    pub hour_ms: u64,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        // Reply's documented budget: 100 a minute and 3,000 an hour per user. The
        // stricter reporting budget is not published; 10 and 60 are our choice.
        LimitsConfig {
            enabled: true,
            per_minute: 100,
            per_hour: 3_000,
            reporting_per_minute: 10,
            reporting_per_hour: 60,
            minute_ms: 60_000,
            hour_ms: 3_600_000,
        }
    }
}

/// How background jobs move: `Scheduled` for `scheduled_ms`, then `Processing`
/// for `processing_ms`, then `Done`. A share of jobs (drawn with the seed when
/// the job starts) ends otherwise: `failed_rate` fails halfway through
/// processing, `expired_rate` expires without ever being processed. Both are 0
/// by default, so every job ends `Done` unless asked.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct JobsConfig {
    pub scheduled_ms: u64,
    pub processing_ms: u64,
    pub failed_rate: f64,
    pub expired_rate: f64,
}

impl Default for JobsConfig {
    fn default() -> Self {
        JobsConfig { scheduled_ms: 200, processing_ms: 800, failed_rate: 0.0, expired_rate: 0.0 }
    }
}

/// What an operation the spec marks "Coming soon" does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ComingSoon {
    /// Answers 501 with a problem body saying the endpoint is not available yet.
    #[default]
    Refuse,
    /// Serves it like any other operation, for prototyping against it.
    Serve,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct WebhooksConfig {
    /// Whether state changes deliver events at all.
    pub enabled: bool,
    /// Per-delivery timeout.
    pub timeout_ms: u64,
    /// Further attempts after a failed one (no answer, or not 2xx).
    pub retries: u32,
    /// Wait before the first retry; each later one waits twice as long.
    pub retry_backoff_ms: u64,
    /// Deliveries in a row that fail every attempt before the subscription
    /// is disabled (`EnableWebhook` turns it back on); 0 never disables.
    pub disable_after: u32,
}

impl Default for WebhooksConfig {
    fn default() -> Self {
        WebhooksConfig { enabled: true, timeout_ms: 5_000, retries: 3, retry_backoff_ms: 1_000, disable_after: 5 }
    }
}

/// The simulated recipients of sequence emails: each email a running sequence
/// sends bounces with `bounce_rate`; one that does not is opened with
/// `open_rate` and replied to with `reply_rate`; an opened email with a link
/// has it clicked with `click_rate`. A LinkedIn connection request is
/// accepted with `accept_rate`, a LinkedIn message replied to with
/// `reply_rate`. Draws are seeded by `seed` and the step (sequence, contact,
/// step), so a run is reproducible.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct ActivityConfig {
    pub open_rate: f64,
    pub reply_rate: f64,
    pub bounce_rate: f64,
    pub click_rate: f64,
    pub accept_rate: f64,
}

impl Default for ActivityConfig {
    fn default() -> Self {
        ActivityConfig { open_rate: 0.4, reply_rate: 0.1, bounce_rate: 0.03, click_rate: 0.2, accept_rate: 0.3 }
    }
}

/// Fault injection: a global rule and per-operation rules (by `operationId`)
/// that replace it for that operation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultsConfig {
    pub global: FaultRule,
    pub operations: BTreeMap<String, FaultRule>,
}

/// Probabilities (0..=1) of each fault for one request. Faults decided
/// "before" happen before the handler runs, so the request had no effect;
/// faults "after" happen once the handler has changed state, which is what a
/// client's outcome-unknown logic must cope with.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRule {
    /// Status → probability, answered instead of running the handler (429 carries `Retry-After`).
    pub errors: BTreeMap<u16, f64>,
    /// Status → probability, answered after the handler ran.
    pub errors_after: BTreeMap<u16, f64>,
    /// Drop the connection without an answer, before the handler runs.
    pub reset: f64,
    /// Drop the connection without an answer, after the handler ran.
    pub reset_after: f64,
    /// Announce the full `Content-Length`, send part of the body, then close.
    pub truncate: f64,
    /// Added delay before handling.
    pub latency: Option<Latency>,
}

/// A delay drawn uniformly from `min_ms..=max_ms` (equal bounds: fixed).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Latency {
    pub min_ms: u64,
    pub max_ms: u64,
}
