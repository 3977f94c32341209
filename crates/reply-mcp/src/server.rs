//! The MCP server: lists the selected tools and runs them on one shared client,
//! over stdio or streamable HTTP on loopback.

use std::net::SocketAddr;
use std::sync::Arc;

use reply_client::Client;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, Implementation, ListToolsResult, PaginatedRequestParams,
    ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::Value;

use crate::table::{Entry, Selection, Target};
use crate::uploads::UploadDirs;

const INSTRUCTIONS: &str = "Tools for the Reply sales engagement API (contacts, lists, sequences, inbox, tasks, \
reports, webhooks). Results are JSON. List tools answer one page: pass nextCursor as cursor while hasMore is \
true. Prefer find_contact_by_email, ensure_contact and enrol_in_sequence over the raw contact and enrolment \
tools: they never blank, move or double-enrol a contact. When an error says the outcome is unknown, read the \
resource back before repeating the write.";

/// The server: one client (its quota scheduler shared by every call) and the tools offered.
#[derive(Clone)]
pub struct ReplyMcp {
    client: Client,
    tools: Arc<Vec<Entry>>,
    uploads: Arc<UploadDirs>,
}

impl ReplyMcp {
    /// A server offering `selection`'s tools; an unknown tag is an error.
    pub fn new(client: Client, selection: &Selection) -> Result<ReplyMcp, String> {
        Ok(ReplyMcp { client, tools: Arc::new(selection.apply()?), uploads: Arc::default() })
    }

    /// Lets the upload tools read files under these folders (none by default: then a file
    /// travels as base64 only).
    pub fn with_upload_dirs(mut self, dirs: UploadDirs) -> ReplyMcp {
        self.uploads = Arc::new(dirs);
        self
    }

    /// The tools this server offers, as listed to clients.
    pub fn tools(&self) -> Vec<Tool> {
        self.tools.iter().map(|e| e.tool.clone()).collect()
    }
}

impl ServerHandler for ReplyMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("reply-mcp", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools()))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tools.iter().find(|e| e.tool.name == name).map(|e| e.tool.clone())
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let Some(entry) = self.tools.iter().find(|e| e.tool.name == request.name) else {
            return Err(ErrorData::invalid_params(format!("no tool `{}` in this session", request.name), None));
        };
        let arguments = request.arguments.unwrap_or_default();
        tracing::info!(tool = %entry.tool.name, "tool call");
        let result = match entry.target {
            Target::Operation(info) => crate::calls::call(&self.client, info, arguments, &self.uploads).await,
            Target::Workflow(workflow) => crate::workflows::run(&self.client, workflow, arguments).await,
        };
        Ok(result.into())
    }
}

/// The scopes the key holds, when Reply's `whoami` answer lists them (`scopes`); `None`
/// otherwise, or when no answer comes within 10 seconds (an MCP client waits on start-up).
pub async fn granted_scopes(client: &Client) -> Option<Vec<String>> {
    let asked = client.user_account().whoami();
    let me = tokio::time::timeout(std::time::Duration::from_secs(10), asked).await.ok()?.ok()?;
    let me = serde_json::to_value(me).ok()?;
    let scopes = me.get("scopes")?.as_array()?;
    Some(scopes.iter().filter_map(Value::as_str).map(str::to_owned).collect())
}

/// Serves on stdin/stdout until the client closes the stream.
pub async fn serve_stdio(server: ReplyMcp) -> std::io::Result<()> {
    let running = server.serve(rmcp::transport::stdio()).await.map_err(std::io::Error::other)?;
    running.waiting().await.map_err(std::io::Error::other)?;
    Ok(())
}

/// Serves streamable HTTP at `http://ADDR/mcp` until Ctrl-C. Only a loopback
/// address is accepted: the server acts with the user's key, so nothing off
/// this machine may reach it. rmcp also refuses a `Host` that is not a loopback
/// name (DNS rebinding), and any `Origin`: MCP clients send none, while a web
/// page in the user's browser always does.
pub async fn serve_http(server: ReplyMcp, addr: SocketAddr) -> std::io::Result<()> {
    if !addr.ip().is_loopback() {
        return Err(std::io::Error::other(format!(
            "{addr} is not a loopback address: --http serves on 127.0.0.1 or [::1] only"
        )));
    }
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        LocalSessionManager::default().into(),
        StreamableHttpServerConfig::default().enforce_origin_validation(),
    );
    let router = axum::Router::new().nest_service("/mcp", service);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!("reply mcp: streamable HTTP on http://{}/mcp", listener.local_addr()?);
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
