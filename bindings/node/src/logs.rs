//! The engine's log records handed to a JS function (`onLog` in the client
//! options; `lib/logging.js` also gives one for `DEBUG=reply`). The function
//! is called on the JS thread, without keeping the process alive. Records hold
//! no header, and the engine scrubs the key from them before they get here.

use napi::Status;
use napi::bindgen_prelude::Unknown;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;
use reply_client::{Config, LogRecord, LogSink};
use serde_json::{Map, Value};

/// One record as JS receives it; `fields` is a JSON object as text.
#[napi(object)]
pub struct LogEntry {
    pub level: String,
    pub target: String,
    pub message: String,
    pub fields: String,
}

/// A JS function of one `LogEntry`, weak so an idle client does not hold the process open.
pub type OnLog = ThreadsafeFunction<LogEntry, Unknown<'static>, LogEntry, Status, false, true>;

fn entry(record: &LogRecord) -> LogEntry {
    let fields: Map<String, Value> = record.fields.iter().cloned().collect();
    LogEntry {
        level: record.level.as_str().to_owned(),
        target: record.target.clone(),
        message: record.message.clone(),
        fields: Value::Object(fields).to_string(),
    }
}

/// `config` with its records going to `on_log`, when given.
pub fn attach(config: Config, on_log: Option<OnLog>) -> Config {
    match on_log {
        None => config,
        Some(on_log) => config.with_log(Some(LogSink::new(move |record| {
            on_log.call(entry(record), ThreadsafeFunctionCallMode::NonBlocking);
        }))),
    }
}
