//! Who a command acts as and where it sends requests: the key (flag, then
//! environment, then profile), the base URL, team and acting user, or a
//! fresh embedded mock with `--mock`.

use std::time::Duration;

use reply_client::{ActingUser, Client, Config};
use reply_core::SecretString;

use crate::failure::Failure;
use crate::globals::Globals;
use crate::mock::EmbeddedMock;
use crate::profiles::{self, Profile};

/// Where the key came from, for `reply auth status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Flag,
    Env,
    Profile(String),
    Mock,
}

impl std::fmt::Display for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeySource::Flag => f.write_str("the --api-key flag"),
            KeySource::Env => f.write_str("$REPLY_API_KEY"),
            KeySource::Profile(name) => write!(f, "profile `{name}`"),
            KeySource::Mock => f.write_str("the embedded mock (--mock)"),
        }
    }
}

/// A ready client and what it was built from. Holding it keeps `--mock` serving.
pub struct Session {
    pub client: Client,
    pub key: SecretString,
    pub source: KeySource,
    _mock: Option<EmbeddedMock>,
}

/// The key, its source, and the profile it came from.
pub struct Credentials {
    pub key: SecretString,
    pub source: KeySource,
    pub profile: Option<Profile>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Finds the key: `--api-key`, then `$REPLY_API_KEY`, then the chosen profile.
pub fn credentials(globals: &Globals) -> Result<Credentials, Failure> {
    if let Some(key) = &globals.api_key {
        return Ok(Credentials { key: key.as_str().into(), source: KeySource::Flag, profile: None });
    }
    if let Some(key) = env("REPLY_API_KEY") {
        return Ok(Credentials { key: key.into(), source: KeySource::Env, profile: None });
    }
    let name = profiles::chosen(globals.profile.as_deref());
    match profiles::load()?.profiles.remove(&name) {
        Some(profile) => Ok(Credentials {
            key: profile.api_key.as_str().into(),
            source: KeySource::Profile(name),
            profile: Some(profile),
        }),
        None if globals.profile.is_some() || env("REPLY_PROFILE").is_some() => Err(Failure::Usage(format!(
            "no profile `{name}` in {}; save one with `reply auth login --with-token --profile {name}`",
            profiles::path()?.display()
        ))),
        None => Err(Failure::Usage(
            "no API key: pass --api-key, set REPLY_API_KEY, or save one with `reply auth login --with-token` \
             (or add --mock to try against the embedded mock)"
                .into(),
        )),
    }
}

fn acting_user(text: &str) -> ActingUser {
    match text.trim().parse::<i64>() {
        Ok(id) => ActingUser::Id(id),
        Err(_) => ActingUser::Email(text.trim().to_owned()),
    }
}

fn seconds(value: f64, flag: &str) -> Result<Duration, Failure> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| Failure::Usage(format!("{flag} must be a positive number of seconds")))
}

/// The client configuration for a key, applying the global flags over the environment and profile.
pub fn config(globals: &Globals, key: SecretString, profile: Option<&Profile>) -> Result<Config, Failure> {
    let base_url = globals.base_url.clone().or_else(|| env("REPLY_BASE_URL")).or_else(|| profile?.base_url.clone());
    let team_id = match (globals.team_id, env("REPLY_TEAM_ID")) {
        (Some(team), _) => Some(team),
        (None, Some(text)) => {
            Some(text.trim().parse().map_err(|_| Failure::Usage(format!("REPLY_TEAM_ID is not a number: {text:?}")))?)
        }
        (None, None) => profile.and_then(|p| p.team_id),
    };
    let mut config = Config::new(key)
        .with_user_agent(format!("reply-cli/{}", env!("CARGO_PKG_VERSION")))
        .with_team_id(team_id)
        .with_acting_user(globals.as_user.as_deref().map(acting_user));
    if let Some(url) = base_url {
        config = config.with_base_url(url);
    }
    let store =
        globals.quota_store.clone().or_else(|| env("REPLY_QUOTA_STORE")).or_else(|| profile?.quota_store.clone());
    if let Some(store) = store {
        config = config
            .with_quota_store(reply_client::QuotaStore::parse(&store).map_err(|e| Failure::Usage(e.to_string()))?);
    }
    if let Some(timeout) = globals.timeout {
        config = config.with_timeout(seconds(timeout, "--timeout")?);
    }
    if let Some(deadline) = globals.deadline {
        config = config.with_deadline(seconds(deadline, "--deadline")?);
    }
    Ok(config)
}

/// A client for the command, from the credentials or a fresh embedded mock.
pub async fn connect(globals: &Globals) -> Result<Session, Failure> {
    if globals.mock {
        // Seeded with one of everything (id 1), so `reply --mock contacts get 1` finds something.
        let mock = EmbeddedMock::start(true).await?;
        let key: SecretString = mock.api_key().into();
        // Set last, over $REPLY_BASE_URL: `--mock` must never reach a real account.
        let config = config(globals, key.clone(), None)?.with_base_url(mock.base_url());
        let client = Client::new(config)?;
        return Ok(Session { client, key, source: KeySource::Mock, _mock: Some(mock) });
    }
    let credentials = credentials(globals)?;
    let config = config(globals, credentials.key.clone(), credentials.profile.as_ref())?;
    let client = Client::new(config)?;
    Ok(Session { client, key: credentials.key, source: credentials.source, _mock: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acting_users_by_id_or_email() {
        assert_eq!(acting_user("42"), ActingUser::Id(42));
        assert_eq!(acting_user(" sam@example.com "), ActingUser::Email("sam@example.com".into()));
    }

    #[test]
    fn durations_must_be_positive() {
        assert_eq!(seconds(1.5, "--timeout").unwrap(), Duration::from_millis(1500));
        assert!(seconds(0.0, "--timeout").is_err());
        assert!(seconds(-1.0, "--deadline").is_err());
    }
}
