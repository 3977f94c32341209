//! The Reply mock inside the CLI: embedded for `--mock` and `reply demo`, or
//! served on a port by `reply mock` (the same flags as the `reply-mock` binary).

use std::path::PathBuf;

use clap::ArgMatches;
use reply_mock::{Config, KeyKind, MockServer};

use crate::failure::Failure;

fn start_failed(e: reply_mock::Error) -> Failure {
    match e {
        reply_mock::Error::Config(m) => Failure::Usage(format!("mock configuration: {m}")),
        other => Failure::Runtime(format!("cannot start the mock: {other}")),
    }
}

/// The first personal key of a configuration: the one a demo or `--mock` command uses.
fn personal_key(config: &Config) -> Result<String, Failure> {
    config
        .keys
        .iter()
        .find(|k| k.kind == KeyKind::Personal)
        .map(|k| k.key.clone())
        .ok_or_else(|| Failure::Usage("the mock configuration has no personal key".into()))
}

/// A mock running on this process's runtime; it stops when dropped.
pub struct EmbeddedMock {
    server: MockServer,
    key: String,
}

impl EmbeddedMock {
    /// A fresh mock with the default workspace and no request log;
    /// `fixtures` seeds one example of every resource (id 1) to explore.
    pub async fn start(fixtures: bool) -> Result<EmbeddedMock, Failure> {
        let config = Config { fixtures, ..Config::quiet() };
        let key = personal_key(&config)?;
        let server = MockServer::start(config).await.map_err(start_failed)?;
        Ok(EmbeddedMock { server, key })
    }

    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// The mock's personal key (a fixture, not a secret of any real account).
    pub fn api_key(&self) -> &str {
        &self.key
    }

    /// The mock's web console (on unless a configuration turns it off).
    pub fn console_url(&self) -> Option<String> {
        self.server.console_url()
    }

    /// Serves until Ctrl-C or SIGTERM, then stops.
    pub async fn serve_until_stopped(self) {
        wait_for_stop().await;
        self.server.shutdown().await;
    }
}

/// `reply mock`: serves until Ctrl-C or SIGTERM, then saves its state file (if any).
pub async fn serve(m: &ArgMatches, quiet: bool) -> Result<(), Failure> {
    let mut config = match m.get_one::<String>("config") {
        Some(path) => Config::from_json_file(std::path::Path::new(path)).map_err(start_failed)?,
        None => Config::default(),
    };
    if let Some(port) = m.get_one::<u16>("port") {
        config.port = *port;
    }
    config.fixtures |= m.get_flag("fixtures");
    config.quiet |= quiet;
    if m.get_flag("no-console") {
        config.console = false;
    }
    if let Some(seed) = m.get_one::<u64>("seed") {
        config.seed = *seed;
    }
    if let Some(state) = m.get_one::<String>("state") {
        config.state_file = Some(PathBuf::from(state));
    }
    let server = MockServer::start(config).await.map_err(start_failed)?;
    let base_url = server.base_url();
    println!("Reply mock listening on {base_url}");
    if let Some(console) = server.console_url() {
        println!("Console (requests, outbox, webhooks, state, faults): {console}");
    }
    println!("Keys (fixtures of the mock, not real credentials):");
    for key in &server.config().keys {
        let user = key.user_id.map(|id| format!("user {id}")).unwrap_or_else(|| "no user: send --as-user".into());
        println!("  {:<20} {:<13} {user}", key.key, format!("{:?}", key.kind).to_lowercase());
    }
    if let Ok(key) = personal_key(server.config()) {
        println!("Try: REPLY_BASE_URL={base_url} REPLY_API_KEY={key} reply whoami");
    }
    println!("Stop with Ctrl-C.");
    wait_for_stop().await;
    server.shutdown().await;
    Ok(())
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
