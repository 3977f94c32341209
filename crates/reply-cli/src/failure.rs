//! How a command fails: the exit code, and one line (or one JSON object) on
//! stderr that always carries the status, code and detail when there are any.

use std::process::ExitCode;

use reply_client::{ErrorInfo, WorkflowError};
use reply_core::Error;
use serde_json::{Map, Value, json};

use crate::globals::Globals;

pub const EXIT_API: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_OUTCOME_UNKNOWN: u8 = 3;
pub const EXIT_RATE_LIMITED: u8 = 4;
/// A workflow ran, but not every contact got the outcome asked for (see its rows).
pub const EXIT_NOT_AS_ASKED: u8 = 5;

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// Bad arguments or input, found before anything was sent.
    Usage(String),
    /// What the engine reported.
    Reply(Error),
    /// A local failure at run time (a file, a socket).
    Runtime(String),
    /// A safe workflow refused rather than guess (an ambiguous address, a branched step, ...).
    Workflow(WorkflowError),
    /// A workflow answered, but not every contact got the outcome asked for.
    NotAsAsked(String),
}

impl From<WorkflowError> for Failure {
    fn from(e: WorkflowError) -> Failure {
        match e {
            WorkflowError::Reply(e) => Failure::Reply(e),
            WorkflowError::InvalidInput(m) => Failure::Usage(m),
            other => Failure::Workflow(other),
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Reply(e)
    }
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            Failure::Runtime(_) | Failure::Workflow(_) => EXIT_API,
            Failure::NotAsAsked(_) => EXIT_NOT_AS_ASKED,
            Failure::Reply(e) => match e {
                Error::OutcomeUnknown { .. } => EXIT_OUTCOME_UNKNOWN,
                Error::RateLimited(_) => EXIT_RATE_LIMITED,
                // The engine refused to send the request: the input was wrong.
                Error::Config(_) => EXIT_USAGE,
                _ => EXIT_API,
            },
        }
    }

    /// The one-line message: `HTTP 404 sequence.notFound: Sequence 9 was not found`.
    pub fn message(&self) -> String {
        match self {
            Failure::Usage(m) | Failure::Runtime(m) | Failure::NotAsAsked(m) => m.clone(),
            Failure::Reply(e) => describe(e),
            Failure::Workflow(e) => e.to_string(),
        }
    }

    /// The machine-readable form for `--json`: an engine error as the engine
    /// projects it (`ErrorInfo::to_json`), with the CLI's one-line message.
    pub fn to_json(&self) -> Value {
        let mut error = match self {
            Failure::Reply(e) => ErrorInfo::from(e).to_json(),
            _ => Map::new(),
        };
        let kind = match self {
            Failure::Usage(_) => "usage",
            Failure::Runtime(_) => "runtime",
            Failure::NotAsAsked(_) => "not_as_asked",
            Failure::Reply(e) => e.kind(),
            Failure::Workflow(e) => e.kind(),
        };
        error.insert("kind".into(), kind.into());
        error.insert("message".into(), self.message().into());
        if let Some(code) = match self {
            Failure::Workflow(e) => e.code(),
            _ => None,
        } {
            error.insert("code".into(), code.into());
        }
        json!({"error": error, "exitCode": self.exit_code()})
    }

    /// Prints the failure on stderr and gives the exit code.
    pub fn report(&self, globals: &Globals) -> ExitCode {
        if globals.json_errors() {
            eprintln!("{}", self.to_json());
        } else {
            eprintln!("error: {}", self.message());
            if let Some(hint) = self.hint() {
                eprintln!("hint: {hint}");
            }
        }
        ExitCode::from(self.exit_code())
    }

    fn hint(&self) -> Option<String> {
        let Failure::Reply(e) = self else { return None };
        match e {
            Error::OutcomeUnknown { .. } => {
                Some("the request may or may not have taken effect; read the resource back before retrying".into())
            }
            Error::Unauthorized(_) => Some("check the key: `reply auth status`".into()),
            _ => {
                let teams = e.api().map(|a| a.teams()).unwrap_or_default();
                let listed: Vec<String> = teams.iter().map(|t| format!("{} ({})", t.team_id, t.team_name)).collect();
                (!listed.is_empty()).then(|| format!("pick a team with --team-id: {}", listed.join(", ")))
            }
        }
    }
}

/// One line for an engine error, led by the HTTP status and problem code when there was an answer.
fn describe(e: &Error) -> String {
    let Some(api) = e.api() else {
        return match e {
            Error::Config(m) => m.clone(),
            other => other.to_string(),
        };
    };
    let mut line = format!("HTTP {}", api.status);
    if let Some(code) = api.code() {
        line.push(' ');
        line.push_str(code);
    }
    match (api.detail(), api.problem.title.as_deref()) {
        (Some(detail), _) => line.push_str(&format!(": {detail}")),
        (None, Some(title)) => line.push_str(&format!(": {title}")),
        (None, None) if api.status == 401 => line.push_str(": the API key was not accepted"),
        (None, None) => {}
    }
    for field in api.field_errors() {
        // Some servers repeat the field errors in the detail; say each one once.
        let told = api.detail().is_some_and(|d| d.contains(&field.pointer) && d.contains(&field.detail));
        if !told {
            line.push_str(&format!("; {} {}", field.pointer, field.detail));
        }
    }
    if let Some(wait) = api.retry_after {
        line.push_str(&format!(" (retry after {:.0}s)", wait.as_secs_f64().ceil()));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use reply_core::http::{Headers, Response};
    use reply_core::{ApiError, http::Method};

    fn api_error(status: u16, body: &str) -> Error {
        let response = Response { status, headers: Headers::default(), body: body.as_bytes().to_vec().into() };
        Error::from_api(ApiError::from_response("GetSequenceById", &response, 0))
    }

    #[test]
    fn one_line_with_status_code_and_detail() {
        let e = api_error(404, r#"{"status":404,"code":"sequence.notFound","detail":"Sequence 9 was not found"}"#);
        let failure = Failure::Reply(e);
        assert_eq!(failure.message(), "HTTP 404 sequence.notFound: Sequence 9 was not found");
        assert_eq!(failure.exit_code(), EXIT_API);
        let json = failure.to_json();
        assert_eq!(json["error"]["status"], 404);
        assert_eq!(json["error"]["code"], "sequence.notFound");
        assert_eq!(json["error"]["kind"], "not_found");
        assert_eq!(json["exitCode"], 1);
    }

    #[test]
    fn field_errors_follow_the_detail() {
        let e = api_error(400, r#"{"status":400,"title":"Bad","errors":[{"pointer":"/email","detail":"is invalid"}]}"#);
        assert_eq!(Failure::Reply(e).message(), "HTTP 400: Bad; /email is invalid");
    }

    #[test]
    fn field_errors_already_in_the_detail_are_not_repeated() {
        let body = r#"{"status":400,"detail":"/top: must be at most 1000","errors":[{"pointer":"/top","detail":"must be at most 1000"}]}"#;
        assert_eq!(Failure::Reply(api_error(400, body)).message(), "HTTP 400: /top: must be at most 1000");
    }

    #[test]
    fn exit_codes_by_kind() {
        let unknown = Error::OutcomeUnknown {
            operation: "CreateContact",
            method: Method::Post,
            path: "/v3/contacts".into(),
            reason: "connection reset".into(),
        };
        assert_eq!(Failure::Reply(unknown).exit_code(), EXIT_OUTCOME_UNKNOWN);
        assert_eq!(Failure::Reply(api_error(429, "")).exit_code(), EXIT_RATE_LIMITED);
        assert_eq!(Failure::Reply(Error::Config("bad body".into())).exit_code(), EXIT_USAGE);
        assert_eq!(Failure::Usage("x".into()).exit_code(), EXIT_USAGE);
        assert_eq!(Failure::Reply(api_error(500, "")).exit_code(), EXIT_API);
    }
}
