//! `reply-mock`: the mock as a program.
//!
//! ```text
//! reply-mock [--port N] [--seed S] [--config FILE.json] [--state FILE] [--fixtures] [--quiet] [--no-console]
//! ```
//!
//! Flags override the configuration file. The server listens on 127.0.0.1
//! until Ctrl-C (or SIGTERM), then saves the state file if one was given.

use std::path::PathBuf;
use std::process::ExitCode;

use reply_mock::{Config, MockServer};

const USAGE: &str =
    "usage: reply-mock [--port N] [--seed S] [--config FILE.json] [--state FILE] [--fixtures] [--quiet] [--no-console]";

fn parse(args: &[String]) -> Result<Config, String> {
    let mut config = Config::default();
    // The configuration file is read first so that the other flags override it.
    if let Some(i) = args.iter().position(|a| a == "--config") {
        let path = args.get(i + 1).ok_or("--config needs a file")?;
        config = Config::from_json_file(&PathBuf::from(path)).map_err(|e| e.to_string())?;
    }
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => config.port = value("--port")?.parse().map_err(|_| "--port needs a number")?,
            "--seed" => config.seed = value("--seed")?.parse().map_err(|_| "--seed needs a number")?,
            "--state" => config.state_file = Some(PathBuf::from(value("--state")?)),
            "--config" => {
                value("--config")?;
            }
            "--fixtures" => config.fixtures = true,
            "--quiet" => config.quiet = true,
            "--no-console" => config.console = false,
            "--help" | "-h" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse(&args) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "reply_mock=info".into()),
        )
        .with_target(false)
        // Logs go to stderr so that stdout carries only the address line.
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let mock = match MockServer::start(config).await {
        Ok(mock) => mock,
        Err(e) => {
            eprintln!("reply-mock: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The first line on stdout is the address, so scripts can wait for it and read the port.
    println!("reply-mock listening on {}", mock.base_url());
    if let Some(console) = mock.console_url() {
        println!("console: {console}");
    }
    wait_for_signal().await;
    mock.shutdown().await;
    ExitCode::SUCCESS
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn flags() {
        let config = parse(&args("--port 8080 --seed 7 --state s.json --fixtures --quiet")).unwrap_or_default();
        assert_eq!((config.port, config.seed, config.fixtures, config.quiet), (8080, 7, true, true));
        assert!(config.console, "the console is on unless turned off");
        assert!(!parse(&args("--no-console")).unwrap_or_default().console);
        assert!(parse(&args("--port nope")).is_err());
        assert!(parse(&args("--bogus")).is_err());
    }
}
