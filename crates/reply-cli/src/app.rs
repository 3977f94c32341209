//! The command tree: global flags, the fixed commands, and one command per
//! operation built from the operation table (see `operations.rs`).

use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

use crate::failure::Failure;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the API answered with an error, or the request failed (connection, timeout, decoding)
  2  usage: bad arguments, an unreadable or ill-typed body, no credentials
  3  outcome unknown: a write was sent but its result is not known (read the resource back before retrying)
  4  rate limited beyond the deadline (--deadline)
  5  a safe workflow (contacts find/ensure, sequences enrol) answered, but not every contact got the asked outcome

Credentials: --api-key, else $REPLY_API_KEY, else the profile (--profile, $REPLY_PROFILE, else `default`)
saved by `reply auth login --with-token` in $REPLY_CONFIG_DIR or ~/.config/reply/profiles.json.
Data goes to stdout, diagnostics to stderr. Docs: https://docs.reply.io/api-reference";

use crate::globals::Globals;

fn global(arg: Arg) -> Arg {
    arg.global(true).help_heading("Global options")
}

fn seconds() -> clap::builder::RangedU64ValueParser<u64> {
    value_parser!(u64).range(1..)
}

fn global_args() -> Vec<Arg> {
    vec![
        global(
            Arg::new("api-key")
                .long("api-key")
                .value_name("KEY")
                .help("API key (visible to other local users in the process list: prefer $REPLY_API_KEY or a profile)"),
        ),
        global(
            Arg::new("profile").long("profile").value_name("NAME").help("Saved profile to use [env: REPLY_PROFILE]"),
        ),
        global(
            Arg::new("base-url")
                .long("base-url")
                .value_name("URL")
                .help("API base URL (https, or http on loopback) [env: REPLY_BASE_URL]"),
        ),
        global(
            Arg::new("team-id")
                .long("team-id")
                .value_name("ID")
                .value_parser(value_parser!(i64))
                .help("Team to act in (X-Team-Id) [env: REPLY_TEAM_ID]"),
        ),
        global(
            Arg::new("as-user")
                .long("as-user")
                .value_name("ID|EMAIL")
                .help("Act as this user (X-User-Id or X-User-Email; master and organization keys)"),
        ),
        global(
            Arg::new("quota-store")
                .long("quota-store")
                .value_name("STORE")
                .help("Keep the request budget in Redis (redis://...), shared with every process acting for the same user, or `local` [env: REPLY_QUOTA_STORE]"),
        ),
        global(
            Arg::new("mock")
                .long("mock")
                .action(ArgAction::SetTrue)
                .help("Run against a fresh in-process mock of Reply (no key needed)"),
        ),
        global(
            Arg::new("output")
                .short('o')
                .long("output")
                .value_name("FORMAT")
                .value_parser(["table", "json", "ndjson", "csv"])
                .help("Output format [default: table on a terminal, json otherwise]"),
        ),
        global(
            Arg::new("json")
                .long("json")
                .action(ArgAction::SetTrue)
                .conflicts_with_all(["ndjson", "csv", "output"])
                .help("JSON output (pretty on a terminal, compact when piped); errors as JSON too"),
        ),
        global(
            Arg::new("ndjson")
                .long("ndjson")
                .action(ArgAction::SetTrue)
                .conflicts_with_all(["csv", "output"])
                .help("One JSON value per line (list items are streamed)"),
        ),
        global(Arg::new("csv").long("csv").action(ArgAction::SetTrue).conflicts_with("output").help("CSV for lists")),
        global(
            Arg::new("select")
                .long("select")
                .value_name("PATH")
                .help("Keep only part of the answer, e.g. `.items[].email`, `.id`, `.[0].name`"),
        ),
        global(
            Arg::new("verbose")
                .short('v')
                .long("verbose")
                .action(ArgAction::Count)
                .help("Log requests to stderr (-v retries, -vv requests, -vvv everything; or set RUST_LOG)"),
        ),
        global(Arg::new("quiet").short('q').long("quiet").action(ArgAction::SetTrue).help("No progress bars")),
        global(
            Arg::new("timeout")
                .long("timeout")
                .value_name("SECONDS")
                .value_parser(value_parser!(f64))
                .help("Time limit per attempt [default: 30]"),
        ),
        global(
            Arg::new("deadline")
                .long("deadline")
                .value_name("SECONDS")
                .value_parser(value_parser!(f64))
                .help("Time limit per call, retries and rate-limit waits included [default: 300]"),
        ),
    ]
}

fn api_command() -> Command {
    Command::new("api")
        .about("Call any endpoint by method and path, through the same pipeline (checks, retries, quota)")
        .long_about(
            "Call any endpoint by method and path. A path of the operation table gets the same body \
             check, retry rules and rate-limit class as the resource commands; any other path under \
             /v3 (one newer than this release) is sent as is, as a read for GET and HEAD and a write \
             otherwise (never retried once it may have acted). Absolute URLs and `..` are refused.\n\n\
             Examples:\n  reply api GET /v3/contacts?top=5\n  reply api POST /v3/contacts --body @ada.json\n  \
             reply api GET /v3/contacts --paginate --select '.[].email'",
        )
        .arg(Arg::new("method").required(true).value_name("METHOD").help("GET, HEAD, POST, PUT, PATCH or DELETE"))
        .arg(
            Arg::new("path")
                .required(true)
                .value_name("PATH")
                .help("e.g. /v3/sequences/12?top=5 (/v3 may be left out)"),
        )
        .arg(crate::body::arg(false))
        .arg(
            Arg::new("paginate")
                .long("paginate")
                .action(ArgAction::SetTrue)
                .help("Walk every page and print all items as one array"),
        )
        .arg(page_size_arg().requires("paginate"))
}

pub fn page_size_arg() -> Arg {
    Arg::new("page-size")
        .long("page-size")
        .value_name("N")
        .value_parser(value_parser!(u32).range(1..))
        .help("Items per request when walking pages [default: the endpoint's largest page, less where Reply grants less live]")
}

fn auth_command() -> Command {
    Command::new("auth")
        .about("Save, show and remove credentials")
        .subcommand_required(true)
        .subcommand(
            Command::new("login")
                .about("Save an API key read from stdin as a profile (checked with whoami first)")
                .long_about(
                    "Save an API key as a profile. The key is read from stdin so it stays out of the \
                     shell history and the process list:\n\n  reply auth login --with-token < key.txt\n  \
                     pbpaste | reply auth login --with-token --profile work\n\n\
                     --base-url and --team-id given with login are saved in the profile too. The file is \
                     written with mode 0600.",
                )
                .arg(
                    Arg::new("with-token")
                        .long("with-token")
                        .action(ArgAction::SetTrue)
                        .required(true)
                        .help("Read the key from stdin"),
                ),
        )
        .subcommand(Command::new("status").about("Show which credentials are used, the masked key, and whoami"))
        .subcommand(Command::new("logout").about("Remove the profile"))
}

fn mock_command() -> Command {
    Command::new("mock")
        .about("Serve the Reply mock on a local port (as the reply-mock binary; flags override --config)")
        .long_about(
            "Serve the Reply mock on 127.0.0.1, as the reply-mock binary does: flags override the --config \
             file, one line per request is logged on stderr (-q turns that off), and Ctrl-C or SIGTERM stops \
             it after saving the --state file. Its web console (requests, sent messages, webhook deliveries, \
             state, faults and limits) is at the address it prints, http://127.0.0.1:PORT/__mock/console.",
        )
        .arg(
            Arg::new("port")
                .long("port")
                .value_name("N")
                .value_parser(value_parser!(u16))
                .help("Port on 127.0.0.1 [default: the config's, else a free one]"),
        )
        .arg(
            Arg::new("seed")
                .long("seed")
                .value_name("S")
                .value_parser(value_parser!(u64))
                .help("Seed for fault injection and generated ids"),
        )
        .arg(Arg::new("config").long("config").value_name("FILE").help("JSON configuration (keys, limits, faults...)"))
        .arg(Arg::new("state").long("state").value_name("FILE").help("Load state from FILE and save it back"))
        .arg(
            Arg::new("fixtures")
                .long("fixtures")
                .action(ArgAction::SetTrue)
                .help("Start with one example of every resource (id 1)"),
        )
        .arg(
            Arg::new("no-console")
                .long("no-console")
                .action(ArgAction::SetTrue)
                .help("Do not serve the web console at /__mock/console (nor keep its request log)"),
        )
}

fn demo_command() -> Command {
    Command::new("demo")
        .about("Walk through the product against an embedded mock: contacts, a sequence, webhooks, jobs, reports")
        .long_about(
            "Walk through the product with the typed Rust client: who am I, import 200 contacts, create a \
             list, custom fields, a schedule and a multichannel sequence, enrol the contacts, start the \
             sequence, receive webhook deliveries, validate emails in a background job, read the report \
             and show the rate-limit budget. By default everything runs against an embedded mock.\n\n\
             With --base-url (not loopback) it would run against a real account and send real email, so \
             it refuses unless --i-understand-this-sends-email is given.",
        )
        .arg(
            Arg::new("i-understand-this-sends-email")
                .long("i-understand-this-sends-email")
                .action(ArgAction::SetTrue)
                .help("Allow the demo to run against a real Reply account"),
        )
        .arg(
            Arg::new("console")
                .long("console")
                .action(ArgAction::SetTrue)
                .help("Keep the embedded mock running after the walk-through and print its web console's address"),
        )
}

pub fn command() -> Command {
    let mut cmd = Command::new("reply")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Reply API v3 from the command line")
        .long_about(
            "Reply API v3 from the command line: one command per operation (`reply contacts list`, \
             `reply sequences start 12`), raw calls (`reply api GET /v3/whoami`), profiles, an embedded \
             mock (`--mock`, `reply mock`) and a demo (`reply demo`).",
        )
        .after_help(EXIT_CODES)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(global_args())
        .subcommand(api_command())
        .subcommand(auth_command())
        .subcommand(Command::new("whoami").about("Show the user and team the credentials act as"))
        .subcommand(mock_command())
        .subcommand(crate::mcp::command())
        .subcommand(demo_command());
    for resource in crate::operations::commands() {
        cmd = cmd.subcommand(crate::webhooks::extend(crate::workflows::extend(resource)));
    }
    cmd
}

/// Runs the chosen command.
pub async fn run(m: &ArgMatches, globals: &Globals) -> Result<(), Failure> {
    let (name, sub) = m.subcommand().expect("a subcommand is required");
    match name {
        "api" => crate::raw::run(sub, globals).await,
        "auth" => crate::auth::run(sub, globals).await,
        "whoami" => crate::auth::whoami(globals).await,
        "mock" => crate::mock::serve(sub, globals.quiet).await,
        "mcp" => crate::mcp::run(sub, globals).await,
        "demo" => crate::demo::run(sub, globals).await,
        resource if crate::webhooks::handles(resource, sub) => crate::webhooks::run(sub, globals).await,
        resource if crate::workflows::handles(resource, sub) => crate::workflows::run(resource, sub, globals).await,
        resource => crate::operations::run(resource, sub, globals).await,
    }
}

/// A positive number of seconds for `--wait-timeout`.
pub fn seconds_arg(name: &'static str, default: &'static str) -> Arg {
    Arg::new(name).long(name).value_name("SECONDS").value_parser(seconds()).default_value(default)
}
