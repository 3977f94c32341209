//! Request bodies from the command line: `--body` takes inline JSON, `@file`
//! or `-` for stdin (so personal data stays out of the argument list), and
//! uploads take `--file FIELD=PATH` and `--field NAME=VALUE`.

use std::io::Read;

use clap::{Arg, ArgAction, ArgMatches};
use reply_client::DynamicBody;
use reply_core::Multipart;
use serde_json::Value;

use crate::failure::Failure;

pub fn arg(required: bool) -> Arg {
    Arg::new("body")
        .long("body")
        .value_name("JSON|@FILE|-")
        .required(required)
        .help("Request body: inline JSON, @file.json, or - to read stdin")
}

pub fn multipart_args() -> [Arg; 2] {
    [
        Arg::new("file")
            .long("file")
            .value_name("FIELD=PATH")
            .action(ArgAction::Append)
            .help("Upload a file in form field FIELD (repeatable)"),
        Arg::new("field")
            .long("field")
            .value_name("NAME=VALUE")
            .action(ArgAction::Append)
            .help("A text form field (repeatable)"),
    ]
}

/// The JSON body given with `--body`, if any.
pub fn json(m: &ArgMatches) -> Result<Option<Value>, Failure> {
    let Some(source) = m.get_one::<String>("body") else { return Ok(None) };
    let (text, origin) = if source == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| Failure::Usage(format!("cannot read stdin: {e}")))?;
        (text, "stdin".to_owned())
    } else if let Some(path) = source.strip_prefix('@') {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Usage(format!("cannot read the body file {path}: {e}")))?;
        (text, path.to_owned())
    } else {
        (source.clone(), "--body".to_owned())
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| Failure::Usage(format!("the body from {origin} is not valid JSON: {e}")))
}

fn split_pair<'a>(text: &'a str, flag: &str) -> Result<(&'a str, &'a str), Failure> {
    text.split_once('=')
        .filter(|(name, _)| !name.is_empty())
        .ok_or_else(|| Failure::Usage(format!("{flag} takes NAME=VALUE, not `{text}`")))
}

/// The multipart form given with `--file` and `--field`.
pub async fn multipart(m: &ArgMatches) -> Result<DynamicBody, Failure> {
    let mut form = Multipart::new();
    for field in m.get_many::<String>("field").into_iter().flatten() {
        let (name, value) = split_pair(field, "--field")?;
        form = form.text(name, value);
    }
    for file in m.get_many::<String>("file").into_iter().flatten() {
        let (name, path) = split_pair(file, "--file")?;
        form = reply_client::add_file(form, name, path).await.map_err(|e| Failure::Usage(e.to_string()))?;
    }
    Ok(DynamicBody::Multipart(form))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Command;

    fn matches(args: &[&str]) -> ArgMatches {
        Command::new("t")
            .arg(arg(false))
            .try_get_matches_from(std::iter::once("t").chain(args.iter().copied()))
            .unwrap()
    }

    #[test]
    fn inline_and_file_bodies() {
        assert_eq!(json(&matches(&["--body", r#"{"a":1}"#])).unwrap(), Some(serde_json::json!({"a": 1})));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        std::fs::write(&path, "[1, 2]").unwrap();
        let at = format!("@{}", path.display());
        assert_eq!(json(&matches(&["--body", &at])).unwrap(), Some(serde_json::json!([1, 2])));
        assert!(matches!(json(&matches(&["--body", "{nope"])), Err(Failure::Usage(m)) if m.contains("not valid JSON")));
        assert!(matches!(json(&matches(&["--body", "@/no/such/file"])), Err(Failure::Usage(_))));
        assert_eq!(json(&matches(&[])).unwrap(), None);
    }

    #[test]
    fn pairs_need_a_name() {
        assert_eq!(split_pair("file=a=b", "--file").unwrap(), ("file", "a=b"));
        assert!(split_pair("=x", "--file").is_err());
        assert!(split_pair("x", "--field").is_err());
    }
}
