//! `reply mcp`: the Model Context Protocol server of `reply-mcp` on stdio (or
//! streamable HTTP on loopback), with the command's credentials, `--mock`,
//! `--team-id` and `--as-user`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Arg, ArgAction, ArgMatches, Command};
use reply_mcp::{ReplyMcp, Selection, ToolSet, UploadDirs};

use crate::failure::Failure;
use crate::globals::Globals;

pub fn command() -> Command {
    Command::new("mcp")
        .about("Serve the API to AI assistants as a local MCP server (stdio, or --http on loopback)")
        .long_about(
            "Serve the API to AI assistants as a local Model Context Protocol server on stdin/stdout: one \
             tool per operation (JSON answers, paged lists with a cursor, jobs followed by jobs_wait) and the \
             safe workflows (find_contact_by_email, ensure_contact, enrol_in_sequence, resolve_sequence_step), \
             on the same engine as every command: the same retries, write safety and rate-limit budget.\n\n\
             The default tools cover contacts, lists, sequences, enrolment, inbox, tasks, reports and webhooks; \
             --tools adds tags, --all-tools offers every one, --read-only drops every tool that changes state. \
             Credentials come as for every command (never in a tool answer or log); --mock serves a fresh \
             embedded mock instead. Setup for Claude Desktop, Claude Code, Cursor and VS Code: docs/mcp.md.",
        )
        .arg(
            Arg::new("read-only")
                .long("read-only")
                .action(ArgAction::SetTrue)
                .help("Offer only tools that read (no create, update, delete, send or start)"),
        )
        .arg(
            Arg::new("tools")
                .long("tools")
                .value_name("TAG,...")
                .value_delimiter(',')
                .action(ArgAction::Append)
                .conflicts_with("all-tools")
                .help("Add these tags to the default set, e.g. `email-validations,schedules`"),
        )
        .arg(Arg::new("all-tools").long("all-tools").action(ArgAction::SetTrue).help("Offer every tool"))
        .arg(
            Arg::new("upload-dir")
                .long("upload-dir")
                .value_name("FOLDER")
                .value_parser(clap::value_parser!(PathBuf))
                .action(ArgAction::Append)
                .help("Let upload tools read files under FOLDER (repeatable; without it, files come as base64 only)"),
        )
        .arg(
            Arg::new("http")
                .long("http")
                .value_name("127.0.0.1:PORT")
                .value_parser(clap::value_parser!(SocketAddr))
                .help("Serve streamable HTTP at http://ADDR/mcp instead of stdio (loopback addresses only)"),
        )
}

pub async fn run(m: &ArgMatches, globals: &Globals) -> Result<(), Failure> {
    let http = m.get_one::<SocketAddr>("http").copied();
    if let Some(addr) = http.filter(|a| !a.ip().is_loopback()) {
        return Err(Failure::Usage(format!("--http {addr}: only a loopback address (127.0.0.1, [::1]) is served")));
    }
    let set = if m.get_flag("all-tools") {
        ToolSet::All
    } else {
        match m.get_many::<String>("tools") {
            Some(tags) => ToolSet::CoreAnd(tags.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect()),
            None => ToolSet::Core,
        }
    };
    let read_only = m.get_flag("read-only");
    let uploads = UploadDirs::new(m.get_many::<PathBuf>("upload-dir").into_iter().flatten().cloned())
        .map_err(|e| Failure::Usage(e.to_string()))?;
    // Check the tags before connecting, so a typo is a usage error even without credentials.
    Selection { set: set.clone(), read_only, scopes: None }.apply().map_err(Failure::Usage)?;
    let session = crate::context::connect(globals).await?;
    let scopes = reply_mcp::granted_scopes(&session.client).await;
    let selection = Selection { set, read_only, scopes };
    let server = ReplyMcp::new(session.client.clone(), &selection).map_err(Failure::Usage)?.with_upload_dirs(uploads);
    tracing::info!(tools = server.tools().len(), source = %session.source, "reply mcp serving");
    let served = match http {
        Some(addr) => reply_mcp::serve_http(server, addr).await,
        None => reply_mcp::serve_stdio(server).await,
    };
    served.map_err(|e| Failure::Runtime(format!("the MCP server stopped: {e}")))
}
