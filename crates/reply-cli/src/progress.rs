//! Progress bars on stderr for paginated and bulk work, hidden when stderr is
//! not a terminal (or with `--quiet`) so logs and pipes stay clean.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

fn target(quiet: bool) -> ProgressDrawTarget {
    if quiet || !std::io::stderr().is_terminal() { ProgressDrawTarget::hidden() } else { ProgressDrawTarget::stderr() }
}

fn spinner(quiet: bool, template: &str, message: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, target(quiet));
    bar.set_style(ProgressStyle::with_template(template).expect("valid template"));
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// A counter for work of unknown size (the items of a listing, page by page).
pub fn counter(quiet: bool, message: &str) -> ProgressBar {
    spinner(quiet, "{spinner} {msg} {pos} items ({elapsed})", message)
}

/// A spinner while waiting for something else (a background job); `set_prefix` indents it.
pub fn waiting(quiet: bool, message: &str) -> ProgressBar {
    spinner(quiet, "{prefix}{spinner} {msg} ({elapsed})", message)
}

/// A bar for work of known size.
pub fn bar(quiet: bool, total: u64, message: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), target(quiet));
    bar.set_style(
        ProgressStyle::with_template("    {msg} [{bar:30}] {pos}/{len}").expect("valid template").progress_chars("=> "),
    );
    bar.set_message(message.to_owned());
    bar
}
