//! `reply demo`: the product end to end with the typed client, against an
//! embedded mock unless pointed elsewhere. Each step prints a few readable
//! lines; with `--json` the whole run is one JSON object, step by step, which
//! is what the test suite checks.

mod contacts;
mod receiver;
mod steps;

use std::time::Instant;

use clap::ArgMatches;
use reply_client::Client;
use serde_json::{Value, json};

use crate::context;
use crate::failure::Failure;
use crate::globals::Globals;
use crate::mock::EmbeddedMock;

/// Prints steps as they happen, or gathers them for one JSON object at the end.
pub struct Report {
    json: bool,
    quiet: bool,
    started: Instant,
    number: usize,
    steps: Vec<Value>,
}

impl Report {
    fn new(json: bool, quiet: bool) -> Report {
        Report { json, quiet, started: Instant::now(), number: 0, steps: Vec::new() }
    }

    /// Announces a step before its work starts (so a progress bar sits under its title).
    pub fn begin(&mut self, title: &str) {
        self.number += 1;
        if !self.json {
            println!("{:>2}. {title}", self.number);
        }
    }

    /// Ends the step with what it did, in words and as data.
    pub fn done(&mut self, name: &str, lines: &[String], data: Value) {
        if self.json {
            self.steps.push(json!({"step": name, "data": data}));
        } else {
            for line in lines {
                println!("    {line}");
            }
            println!();
        }
    }

    pub fn text(&self) -> bool {
        !self.json
    }

    /// Progress bars would only get in the way of JSON output (or of `-q`).
    pub fn hide_progress(&self) -> bool {
        self.json || self.quiet
    }

    fn finish(self, target: &str) {
        let seconds = self.started.elapsed().as_secs_f64();
        if self.json {
            println!("{}", json!({"target": target, "seconds": seconds, "steps": self.steps}));
        } else {
            println!(
                "Done in {seconds:.1} s. To explore on your own, serve the mock with `reply mock` and follow its hints,"
            );
            println!("or add --mock to any command: `reply --mock contacts list`, `reply --mock sequences --help`.");
        }
    }
}

fn is_loopback(url: &str) -> bool {
    let host = url.split("://").nth(1).unwrap_or(url).split(['/', ':']).next().unwrap_or_default();
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

pub async fn run(m: &ArgMatches, globals: &Globals) -> Result<(), Failure> {
    let report = Report::new(globals.json_errors(), globals.quiet);
    let remote = globals.base_url.clone().filter(|_| !globals.mock);
    match remote {
        None => {
            let mock = EmbeddedMock::start(false).await?;
            let config = context::config(globals, mock.api_key().into(), None)?.with_base_url(mock.base_url());
            let client = Client::new(config)?;
            if report.text() {
                println!("Reply demo against an embedded mock at {} (nothing leaves this machine)\n", mock.base_url());
            }
            walk(client, report, true, "mock").await?;
            if m.get_flag("console") {
                linger(mock).await;
            }
            Ok(())
        }
        Some(url) => {
            if m.get_flag("console") {
                return Err(Failure::Usage(format!(
                    "--console shows the embedded mock's console; {url} is not it (open its own console, if it has one)"
                )));
            }
            let real = !is_loopback(&url);
            if real && !m.get_flag("i-understand-this-sends-email") {
                return Err(Failure::Usage(format!(
                    "{url} looks like a real Reply account: the demo would create 200 contacts, a sequence and a \
                     webhook there and start sending email. Add --i-understand-this-sends-email to go ahead, or \
                     leave out --base-url to use the embedded mock."
                )));
            }
            let credentials = context::credentials(globals)?;
            let config = context::config(globals, credentials.key, credentials.profile.as_ref())?;
            let client = Client::new(config)?;
            if report.text() {
                println!("Reply demo against {url}\n");
            }
            // A real account cannot reach a receiver on this machine, so only a local server gets the webhook step.
            walk(client, report, !real, &url).await
        }
    }
}

/// `--console`: the embedded mock stays up until Ctrl-C so its console can be looked around.
async fn linger(mock: EmbeddedMock) {
    match mock.console_url() {
        // On stderr, so that `--json` output stays one JSON object.
        Some(console) => {
            eprintln!("The mock keeps running: open {console} to see what the demo did. Stop with Ctrl-C.")
        }
        None => eprintln!("The mock keeps running at {} (its console is off). Stop with Ctrl-C.", mock.base_url()),
    }
    mock.serve_until_stopped().await;
}

async fn walk(client: Client, mut report: Report, local: bool, target: &str) -> Result<(), Failure> {
    steps::run(&client, &mut report, local).await?;
    report.finish(target);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback("http://127.0.0.1:8080"));
        assert!(is_loopback("http://localhost:1/v3"));
        assert!(!is_loopback("https://api.reply.io"));
        assert!(!is_loopback("https://127.0.0.1.example.com"));
    }
}
