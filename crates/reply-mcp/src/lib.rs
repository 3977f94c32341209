//! `reply-mcp`: a local [Model Context Protocol](https://modelcontextprotocol.io) server over
//! the Reply API v3 engine, on the official Rust SDK (`rmcp`).
//!
//! Every tool is a row of the generated tool table (`src/generated/tools.json`, written by
//! `reply-codegen` from the operation table): one tool per operation, plus the safe workflows
//! of `reply-client` and `jobs_wait`. An upload tool reads a local file only under the folders
//! given to [`ReplyMcp::with_upload_dirs`]. Calls go through the same
//! [`Client`](reply_client::Client) as the SDKs and the CLI, so they get its retries, write
//! safety (a write whose outcome is unknown is never repeated) and the shared quota
//! scheduler. The key stays inside the client: no tool answer or log line carries it.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use reply_mcp::{ReplyMcp, Selection, ToolSet};
//!
//! let client = reply_client::Client::new(reply_client::Config::new("your-api-key"))?;
//! let selection = Selection { set: ToolSet::Core, read_only: true, scopes: None };
//! reply_mcp::serve_stdio(ReplyMcp::new(client, &selection)?).await?;
//! # Ok(()) }
//! ```

mod calls;
mod errors;
mod server;
mod table;
mod uploads;
mod workflows;

pub use server::{ReplyMcp, granted_scopes, serve_http, serve_stdio};
pub use table::{Selection, ToolSet, tags};
pub use uploads::UploadDirs;
