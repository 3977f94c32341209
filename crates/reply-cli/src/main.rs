//! `reply`: every operation of Reply's API v3 from the command line, a raw
//! `api` passthrough, profiles, an embedded mock and a guided demo, all on
//! the same engine as the SDKs (`reply-client`).

mod app;
mod auth;
mod body;
mod context;
mod demo;
mod failure;
mod globals;
mod logging;
mod mcp;
mod mock;
mod operations;
mod output;
mod profiles;
mod progress;
mod raw;
mod select;
mod table;
mod webhooks;
mod workflows;

use std::process::ExitCode;
use std::time::Duration;

use failure::Failure;

fn main() -> ExitCode {
    let matches = match app::command().try_get_matches() {
        Ok(matches) => matches,
        Err(e) => {
            // Help and version requests are not errors; everything else clap refuses is usage (exit 2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { failure::EXIT_USAGE } else { 0 });
        }
    };
    let globals = globals::Globals::from_matches(&matches);
    logging::init(&matches, globals.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => return Failure::Runtime(format!("cannot start the async runtime: {e}")).report(&globals),
    };
    let result = runtime.block_on(app::run(&matches, &globals));
    // Servers the command started (the embedded mock, the demo's webhook receiver) end with it.
    runtime.shutdown_timeout(Duration::from_millis(200));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(&globals),
    }
}
