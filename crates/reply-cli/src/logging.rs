//! Diagnostics on stderr through `tracing`. The engine never records the key
//! or the `Authorization` header, so even `-vvv` and `RUST_LOG=trace` are safe
//! to paste into a bug report (a test checks it).

use clap::ArgMatches;
use tracing_subscriber::EnvFilter;

pub fn init(matches: &ArgMatches, verbose: u8) {
    // `reply mock` is a server: it logs one line per request by default.
    let serving = matches.subcommand_name() == Some("mock");
    let default = match (verbose, serving) {
        (0, false) => "error",
        (0, true) => "error,reply_mock=info",
        (1, _) => "warn,reply_client=info,reply_mock=info",
        (2, _) => "info,reply_client=debug,reply_mock=debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(verbose > 1)
        .try_init();
}
