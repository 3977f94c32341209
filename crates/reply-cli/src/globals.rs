//! The flags every command understands, read once from the command line.
//! Their own module: the lowest modules (output, auth, failure) read them, and
//! must not import the dispatcher that parses them.

use clap::ArgMatches;

use crate::output::Format;

/// The flags every command understands.
#[derive(Debug, Clone, Default)]
pub struct Globals {
    pub api_key: Option<String>,
    pub profile: Option<String>,
    pub base_url: Option<String>,
    pub team_id: Option<i64>,
    pub as_user: Option<String>,
    /// `local` or a `redis://` URL (may carry a password: never printed).
    pub quota_store: Option<String>,
    pub mock: bool,
    /// The format asked for; `None` picks one from the terminal.
    pub format: Option<Format>,
    pub select: Option<String>,
    pub verbose: u8,
    pub quiet: bool,
    pub timeout: Option<f64>,
    pub deadline: Option<f64>,
}

impl Globals {
    pub fn from_matches(m: &ArgMatches) -> Globals {
        let format = if m.get_flag("json") {
            Some(Format::Json)
        } else if m.get_flag("ndjson") {
            Some(Format::Ndjson)
        } else if m.get_flag("csv") {
            Some(Format::Csv)
        } else {
            m.get_one::<String>("output").map(|f| Format::parse(f).expect("clap checked the value"))
        };
        Globals {
            api_key: m.get_one::<String>("api-key").cloned(),
            profile: m.get_one::<String>("profile").cloned(),
            base_url: m.get_one::<String>("base-url").cloned(),
            team_id: m.get_one::<i64>("team-id").copied(),
            as_user: m.get_one::<String>("as-user").cloned(),
            quota_store: m.get_one::<String>("quota-store").cloned(),
            mock: m.get_flag("mock"),
            format,
            select: m.get_one::<String>("select").cloned(),
            verbose: m.get_count("verbose"),
            quiet: m.get_flag("quiet"),
            timeout: m.get_one::<f64>("timeout").copied(),
            deadline: m.get_one::<f64>("deadline").copied(),
        }
    }

    /// True when errors should be printed as JSON objects.
    pub fn json_errors(&self) -> bool {
        matches!(self.format, Some(Format::Json | Format::Ndjson))
    }
}
