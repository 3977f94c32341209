//! One command per operation, built at run time from the generated operation
//! table, so a regenerated spec brings its commands with it: resources and
//! methods are the `reply-client` names in kebab case (`reply
//! sequence-contacts bulk-add 12`), path parameters are
//! positional in path order, query parameters are flags, and the help is the
//! spec's summary with the scope, markers and the docs link.

use std::collections::BTreeMap;
use std::time::Duration;

use clap::builder::PossibleValuesParser;
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use futures_util::StreamExt;
use reply_client::{Client, DynamicBody, DynamicResponse, JobHandle, RequestOptions};
use reply_core::models::BackgroundJobListItemStatus;
use reply_core::operation::{BodyKind, OperationInfo, ParamInfo, ParamLocation};
use reply_core::operations::OPERATIONS;
use serde_json::{Map, Value};

use crate::failure::Failure;
use crate::globals::Globals;
use crate::output::Printer;

/// `bulk_add` → `bulk-add`, `ownerUserId` → `owner-user-id`.
pub fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c == '_' {
            out.push('-');
        } else if c.is_ascii_uppercase() {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The command that runs an operation, e.g. `reply sequences start`.
pub fn command_name(info: &OperationInfo) -> String {
    format!("reply {} {}", kebab(info.resource), kebab(info.name))
}

fn path_params(info: &'static OperationInfo) -> Vec<&'static ParamInfo> {
    info.path
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .filter_map(|name| info.params.iter().find(|p| p.name == name && p.location == ParamLocation::Path))
        .collect()
}

fn query_params(info: &'static OperationInfo) -> impl Iterator<Item = &'static ParamInfo> {
    info.params.iter().filter(|p| p.location == ParamLocation::Query)
}

fn arg_id(p: &ParamInfo) -> String {
    match p.location {
        ParamLocation::Path => format!("path:{}", p.name),
        ParamLocation::Query => format!("query:{}", p.name),
    }
}

/// The parser for a parameter's JSON type and enum values. Documented bounds
/// are shown in the help but left to the server to enforce, as every SDK
/// does, so the CLI answers out-of-range input with Reply's own problem.
fn typed(arg: Arg, p: &ParamInfo) -> Arg {
    match p.ty {
        "integer" => arg.value_parser(value_parser!(i64)),
        "number" => arg.value_parser(value_parser!(f64)),
        "boolean" => arg.value_parser(value_parser!(bool)),
        _ if !p.values.is_empty() => arg.value_parser(PossibleValuesParser::new(p.values.iter().copied())),
        _ => arg,
    }
}

fn bounds(p: &ParamInfo) -> String {
    match (p.minimum, p.maximum) {
        (Some(lo), Some(hi)) => format!(" ({lo}..={hi})"),
        (Some(lo), None) => format!(" (>= {lo})"),
        (None, Some(hi)) => format!(" (<= {hi})"),
        (None, None) => String::new(),
    }
}

fn query_help(info: &OperationInfo, p: &ParamInfo) -> String {
    let what = match (p.name, info.paging) {
        ("top", Some(limits)) => {
            format!("Items per page (default {}, at most {})", limits.default_top, limits.max_top)
        }
        ("skip", Some(_)) => "Items to skip before the first one returned".to_owned(),
        _ => format!("`{}` ({}{})", p.name, p.ty, bounds(p)),
    };
    if p.required { format!("{what} [required]") } else { what }
}

fn path_arg(p: &'static ParamInfo, index: usize) -> Arg {
    let arg = Arg::new(arg_id(p)).index(index).required(true).value_name(p.name.to_ascii_uppercase()).help(format!(
        "`{}` path parameter ({}{})",
        p.name,
        p.ty,
        bounds(p)
    ));
    typed(arg, p)
}

fn query_arg(info: &OperationInfo, p: &'static ParamInfo) -> Arg {
    let mut arg = Arg::new(arg_id(p)).long(kebab(p.name)).required(p.required).help(query_help(info, p));
    arg = match p.ty {
        // `--include-deleted` alone means true; `--include-deleted false` is explicit.
        "boolean" => arg.num_args(0..=1).default_missing_value("true").value_name("BOOL"),
        "array" => arg.action(ArgAction::Append).value_name("VALUE"),
        "integer" | "number" => arg.value_name("N"),
        _ => arg.value_name("TEXT"),
    };
    typed(arg, p)
}

fn markers(info: &OperationInfo) -> String {
    let mut marks = Vec::new();
    if info.beta {
        marks.push("beta");
    }
    if info.coming_soon {
        marks.push("coming soon");
    }
    if marks.is_empty() { String::new() } else { format!(" [{}]", marks.join(", ")) }
}

fn long_about(info: &OperationInfo) -> String {
    let mut text = format!("{}{}\n\n{} {}", info.summary, markers(info), info.method.as_str(), info.path);
    text.push_str(&format!("\nRequired scope: {}", info.scope.unwrap_or("none")));
    if let Some(limits) = info.paging {
        text.push_str(&format!(
            "\nPaginated: --all walks every page (--page-size N, at most {} per page)",
            limits.max_top
        ));
    }
    if info.job {
        text.push_str("\nStarts a background job: --wait follows it until it ends");
    }
    if info.beta {
        text.push_str("\nBeta: Reply may still change this endpoint");
    }
    if info.coming_soon {
        text.push_str("\nComing soon: Reply may not serve this endpoint yet");
    }
    text.push_str(&format!("\nOperation: {}\nDocs: {}", info.id, info.docs_url));
    text
}

fn operation_command(info: &'static OperationInfo) -> Command {
    let mut cmd =
        Command::new(kebab(info.name)).about(format!("{}{}", info.summary, markers(info))).long_about(long_about(info));
    for (i, p) in path_params(info).into_iter().enumerate() {
        cmd = cmd.arg(path_arg(p, i + 1));
    }
    for p in query_params(info) {
        cmd = cmd.arg(query_arg(info, p));
    }
    cmd = match info.body {
        BodyKind::Json { required } => cmd.arg(crate::body::arg(required)),
        BodyKind::Multipart => cmd.args(crate::body::multipart_args()),
        BodyKind::None => cmd,
    };
    if info.paging.is_some() {
        cmd = cmd
            .arg(Arg::new("all").long("all").action(ArgAction::SetTrue).help("Walk every page and print all items"))
            .arg(crate::app::page_size_arg().requires("all"));
    }
    if info.job {
        cmd = cmd
            .arg(Arg::new("wait").long("wait").action(ArgAction::SetTrue).help("Follow the job until it ends"))
            .arg(crate::app::seconds_arg("wait-timeout", "600").help("Give up waiting after this long"));
    }
    cmd
}

/// A command per resource, with a subcommand per operation, sorted by name.
pub fn commands() -> Vec<Command> {
    let mut resources: BTreeMap<String, (&'static str, Vec<&'static OperationInfo>)> = BTreeMap::new();
    for info in OPERATIONS.iter() {
        resources.entry(kebab(info.resource)).or_insert_with(|| (info.tag, Vec::new())).1.push(info);
    }
    resources
        .into_iter()
        .map(|(name, (tag, ops))| {
            Command::new(name)
                .about(format!("{tag} ({} operation{})", ops.len(), if ops.len() == 1 { "" } else { "s" }))
                .subcommand_required(true)
                .arg_required_else_help(true)
                .subcommands(ops.into_iter().map(operation_command))
        })
        .collect()
}

fn find(resource: &str, method: &str) -> &'static OperationInfo {
    OPERATIONS
        .iter()
        .find(|op| kebab(op.resource) == resource && kebab(op.name) == method)
        .expect("the command tree is built from the operation table")
}

/// The path and query parameters given on the command line, as JSON by wire name.
fn params(info: &'static OperationInfo, m: &ArgMatches) -> Map<String, Value> {
    let mut params = Map::new();
    for p in info.params {
        let id = arg_id(p);
        let value = match p.ty {
            "integer" => m.get_one::<i64>(&id).map(|v| Value::from(*v)),
            "number" => m.get_one::<f64>(&id).map(|v| Value::from(*v)),
            "boolean" => m.get_one::<bool>(&id).map(|v| Value::from(*v)),
            "array" => m.get_many::<String>(&id).map(|vs| vs.cloned().map(Value::from).collect()),
            _ => m.get_one::<String>(&id).map(|v| Value::from(v.as_str())),
        };
        if let Some(value) = value {
            params.insert(p.name.to_owned(), value);
        }
    }
    params
}

/// Runs `reply RESOURCE METHOD ...`.
pub async fn run(resource: &str, m: &ArgMatches, globals: &Globals) -> Result<(), Failure> {
    let (method, sub) = m.subcommand().expect("a method is required");
    let info = find(resource, method);
    let params = params(info, sub);
    let body = match info.body {
        BodyKind::Json { .. } => crate::body::json(sub)?.map_or(DynamicBody::None, DynamicBody::Json),
        BodyKind::Multipart => crate::body::multipart(sub).await?,
        BodyKind::None => DynamicBody::None,
    };
    let printer = Printer::new(globals)?;
    let session = crate::context::connect(globals).await?;
    if info.paging.is_some() && sub.get_flag("all") {
        let page_size = sub.get_one::<u32>("page-size").copied();
        return walk(&session.client, info, params, body, page_size, &printer, globals.quiet).await;
    }
    let response = session.client.call_dynamic(info, &params, &body, &RequestOptions::default()).await?;
    if info.job {
        return job(&session.client, info, &response, sub, &printer, globals.quiet).await;
    }
    printer.print(&response.body)
}

/// Walks every page of a listing, printing the items as one list (or streaming them as NDJSON).
pub async fn walk(
    client: &Client,
    info: &'static OperationInfo,
    params: Map<String, Value>,
    body: DynamicBody,
    page_size: Option<u32>,
    printer: &Printer,
    quiet: bool,
) -> Result<(), Failure> {
    let bar = crate::progress::counter(quiet, &format!("{}:", info.id));
    let mut pages = std::pin::pin!(client.paginate_dynamic(info, params, body, RequestOptions::default(), page_size));
    let mut all = Vec::new();
    let mut result = Ok(());
    while let Some(page) = pages.next().await {
        let items = match page {
            Ok(page) => match page.body {
                Value::Object(mut members) => match members.remove("items") {
                    Some(Value::Array(items)) => items,
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            },
            Err(e) => {
                result = Err(e.into());
                break;
            }
        };
        bar.inc(items.len() as u64);
        if printer.streams() {
            if let Err(e) = items.iter().try_for_each(|item| printer.stream_item(item)) {
                result = Err(e);
                break;
            }
        } else {
            all.extend(items);
        }
    }
    bar.finish_and_clear();
    result?;
    if printer.streams() { Ok(()) } else { printer.print(&Value::Array(all)) }
}

/// Prints a job-starting answer, or with `--wait` follows the job and prints how it ended.
async fn job(
    client: &Client,
    info: &'static OperationInfo,
    response: &DynamicResponse,
    m: &ArgMatches,
    printer: &Printer,
    quiet: bool,
) -> Result<(), Failure> {
    // The engine's rule (`Location`, else the body's `jobId`); an answer naming no job is printed as it came.
    let Ok(id) = reply_client::job_id(info, response.status, &response.headers, &response.raw) else {
        return printer.print(&response.body);
    };
    if !m.get_flag("wait") {
        let follow = reply_client::operation("GetBackgroundJobById").map(command_name).unwrap_or_default();
        eprintln!("started background job {id}: follow it with `{follow} {id}` or use --wait");
        return printer.print(&response.body);
    }
    let timeout = Duration::from_secs(*m.get_one::<u64>("wait-timeout").expect("has a default"));
    let bar = crate::progress::waiting(quiet, &format!("waiting for job {id}"));
    let finished = JobHandle::new(client.clone(), &id).wait(timeout).await;
    bar.finish_and_clear();
    let job = finished?;
    let status = job.status.as_ref().map(|s| crate::table::cell(&serde_json::to_value(s).unwrap_or_default()));
    let status = status.unwrap_or_default();
    eprintln!("job {id} ended: {status}");
    printer.print(&serde_json::to_value(&job).expect("a job encodes"))?;
    // A script waiting for a job wants to know whether it did its work.
    match job.status {
        Some(BackgroundJobListItemStatus::Done) => Ok(()),
        _ => Err(Failure::Runtime(format!("job {id} ended {status}, not done"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_kebab_case() {
        assert_eq!(kebab("bulk_add_to_sequence"), "bulk-add-to-sequence");
        assert_eq!(kebab("ownerUserId"), "owner-user-id");
        assert_eq!(kebab("sort_by"), "sort-by");
        assert_eq!(kebab("linkedIn"), "linked-in");
    }

    #[test]
    fn every_operation_has_a_command_and_the_tree_is_valid() {
        let app = crate::app::command();
        // clap's own consistency checks: no duplicate flags, ids or positions anywhere.
        app.clone().debug_assert();
        let mut count = 0;
        for info in OPERATIONS.iter() {
            let resource = app.find_subcommand(kebab(info.resource)).unwrap_or_else(|| panic!("{}", info.id));
            let op = resource.find_subcommand(kebab(info.name)).unwrap_or_else(|| panic!("{}", info.id));
            assert_eq!(find(resource.get_name(), op.get_name()).id, info.id);
            count += 1;
        }
        assert_eq!(count, OPERATIONS.len());
    }

    #[test]
    fn path_params_are_positional_in_path_order() {
        let info = reply_client::operation("GetSequenceContactById").unwrap();
        let cmd = operation_command(info);
        let m = cmd.clone().try_get_matches_from(["get", "12", "7"]).unwrap();
        let params = params(info, &m);
        assert_eq!(params["id"], 12);
        assert_eq!(params["contact_id"], 7);
        // Integer path parameters are checked before anything is sent.
        assert!(cmd.try_get_matches_from(["get", "12", "seven"]).is_err());
    }

    #[test]
    fn query_flags_are_typed() {
        let info = reply_client::operation("GetContacts").unwrap();
        let ok = operation_command(info).try_get_matches_from(["list", "--top", "5"]).unwrap();
        assert_eq!(params(info, &ok)["top"], 5);
        let wrong_type = operation_command(info).try_get_matches_from(["list", "--top", "many"]);
        assert!(wrong_type.is_err());
        let limits = info.paging.unwrap();
        let help = query_help(info, info.params.iter().find(|p| p.name == "top").unwrap());
        assert!(help.contains(&format!("at most {}", limits.max_top)), "{help}");
    }

    #[test]
    fn enum_flags_offer_their_values() {
        let (info, p) = OPERATIONS
            .iter()
            .find_map(|op| Some((op, op.params.iter().find(|p| !p.values.is_empty() && p.ty == "string")?)))
            .expect("some operation has an enum query parameter");
        let arg = query_arg(info, p);
        let offered: Vec<String> = arg.get_possible_values().iter().map(|v| v.get_name().to_owned()).collect();
        assert_eq!(offered, p.values);
    }

    #[test]
    fn help_carries_summary_scope_and_docs() {
        let info = reply_client::operation("StartSequence").unwrap();
        let text = long_about(info);
        assert!(text.starts_with(info.summary));
        assert!(text.contains("POST /v3/sequences/{id}/start"));
        assert!(text.contains(info.scope.unwrap()));
        assert!(text.contains(info.docs_url));
    }
}
