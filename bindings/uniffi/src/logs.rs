//! The engine's log records handed to a Kotlin or Swift `ReplyLogger`. Records
//! hold no header, and the engine scrubs the key from them before they get here.

use std::collections::HashMap;
use std::sync::Arc;

use reply_client::{Client, LogRecord, LogSink};
use serde_json::Value;

use crate::client::{ClientOptions, ReplyClient};
use crate::error::ReplyError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LogLevel {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
}

/// One record: what happened (`request sent`, `response received`,
/// `retrying`, `write outcome unknown`, `waiting for the request budget`,
/// `job polled`), where (`reply::request`, `reply::quota`, `reply::job`), and
/// its fields (`operation`, `method`, `path`, `attempt`, `status`, `wait_ms`,
/// `reason`, ...) as text.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct LogEntry {
    pub level: LogLevel,
    pub target: String,
    pub message: String,
    pub fields: HashMap<String, String>,
}

/// Receives a client's records, on the engine's threads: return quickly.
#[uniffi::export(with_foreign)]
pub trait ReplyLogger: Send + Sync {
    fn log(&self, entry: LogEntry);
}

fn entry(record: &LogRecord) -> LogEntry {
    let level = match record.level {
        reply_client::LogLevel::Trace => LogLevel::Trace,
        reply_client::LogLevel::Debug => LogLevel::Debug,
        reply_client::LogLevel::Info => LogLevel::Info,
        reply_client::LogLevel::Warn => LogLevel::Warn,
        reply_client::LogLevel::Error => LogLevel::Error,
    };
    let text = |value: &Value| match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let fields = record.fields.iter().map(|(name, value)| (name.clone(), text(value))).collect();
    LogEntry { level, target: record.target.clone(), message: record.message.clone(), fields }
}

#[uniffi::export]
impl ReplyClient {
    /// A client like `new` whose records also go to `logger`.
    #[uniffi::constructor(default(options = None))]
    pub fn with_logger(
        api_key: String,
        options: Option<ClientOptions>,
        logger: Arc<dyn ReplyLogger>,
    ) -> Result<Arc<Self>, ReplyError> {
        let sink = LogSink::new(move |record| logger.log(entry(record)));
        let config = options.unwrap_or_default().into_engine(api_key).to_config()?.with_log(Some(sink));
        Ok(Arc::new(ReplyClient { inner: Client::new(config)? }))
    }
}
