//! A log sink for the language bindings. The engine reports through `tracing`
//! (`reply::request`, `reply::quota`, `reply::job`); a client configured with a
//! [`LogSink`] also runs its calls under a subscriber of its own that turns
//! each event, with the fields of the spans it happened in, into a plain
//! [`LogRecord`] and hands it over (the SDK's events only, targets `reply::*`). Python, Node, Kotlin and Swift each map
//! that one struct to their own logging, so none of them reads `tracing`.
//!
//! No event carries a header; as a second guard every text is scrubbed of the
//! API key before it leaves, so a key echoed in an error message is not logged.

use std::fmt;
use std::sync::Arc;

use reply_core::SecretString;
use serde_json::Value;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// How much a record matters, most detailed first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
}

impl LogLevel {
    /// `trace`, `debug`, `info`, `warn` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Trace => "trace",
            LogLevel::Debug => "debug",
            LogLevel::Info => "info",
            LogLevel::Warn => "warn",
            LogLevel::Error => "error",
        }
    }

    fn of(level: &tracing::Level) -> LogLevel {
        match *level {
            tracing::Level::TRACE => LogLevel::Trace,
            tracing::Level::DEBUG => LogLevel::Debug,
            tracing::Level::INFO => LogLevel::Info,
            tracing::Level::WARN => LogLevel::Warn,
            _ => LogLevel::Error,
        }
    }
}

/// One event of the engine as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRecord {
    pub level: LogLevel,
    /// Where it comes from: `reply::request`, `reply::quota` or `reply::job`.
    pub target: String,
    /// What happened: `request sent`, `response received`, `retrying`, ...
    pub message: String,
    /// The event's fields after those of its spans (`operation`, `method`,
    /// `path`, `attempt`, `status`, `wait_ms`, `reason`, ...), in that order.
    pub fields: Vec<(String, Value)>,
}

impl LogRecord {
    /// The value of field `name`, if the record has it.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// A function that receives the records of one client. It runs on the
/// engine's threads while a call is in flight, so it should return quickly.
#[derive(Clone)]
pub struct LogSink(Arc<dyn Fn(&LogRecord) + Send + Sync>);

impl LogSink {
    pub fn new(sink: impl Fn(&LogRecord) + Send + Sync + 'static) -> LogSink {
        LogSink(Arc::new(sink))
    }
}

impl fmt::Debug for LogSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LogSink(..)")
    }
}

/// The dispatcher a client with a sink runs its calls under.
pub(crate) fn dispatch(sink: LogSink, key: SecretString) -> tracing::Dispatch {
    tracing::Dispatch::new(tracing_subscriber::registry().with(SinkLayer { sink, key }))
}

struct SinkLayer {
    sink: LogSink,
    key: SecretString,
}

/// The fields a span was given so far.
struct SpanFields(Vec<(String, Value)>);

#[derive(Default)]
struct Fields {
    message: String,
    fields: Vec<(String, Value)>,
}

impl Fields {
    fn put(&mut self, field: &Field, value: Value) {
        if field.name() == "message" {
            self.message = match value {
                Value::String(s) => s,
                other => other.to_string(),
            };
        } else if let Some(slot) = self.fields.iter_mut().find(|(n, _)| n == field.name()) {
            slot.1 = value;
        } else {
            self.fields.push((field.name().to_owned(), value));
        }
    }
}

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.put(field, Value::String(format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, Value::String(value.to_owned()));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, value.into());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, value.into());
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.put(field, value.into());
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, value.into());
    }
}

impl SinkLayer {
    fn scrub(&self, text: &mut String) {
        let key = self.key.expose();
        if !key.is_empty() && text.contains(key) {
            *text = text.replace(key, "[redacted]");
        }
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for SinkLayer {
    /// Only the SDK's own events: the HTTP stack's (hyper's connection pool,
    /// say) are for whoever installs a `tracing` subscriber, not for the sink.
    fn enabled(&self, metadata: &tracing::Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        metadata.target().starts_with("reply::")
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(SpanFields(fields.fields));
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut extensions = span.extensions_mut();
        let Some(SpanFields(known)) = extensions.get_mut::<SpanFields>() else { return };
        let mut fields = Fields { message: String::new(), fields: std::mem::take(known) };
        values.record(&mut fields);
        *known = fields.fields;
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Vec::new();
        if let Some(scope) = ctx.event_scope(event) {
            for span in scope.from_root() {
                if let Some(SpanFields(known)) = span.extensions().get::<SpanFields>() {
                    fields.extend(known.iter().cloned());
                }
            }
        }
        let mut own = Fields { message: String::new(), fields };
        event.record(&mut own);
        let mut record = LogRecord {
            level: LogLevel::of(event.metadata().level()),
            target: event.metadata().target().to_owned(),
            message: own.message,
            fields: own.fields,
        };
        self.scrub(&mut record.message);
        for (_, value) in &mut record.fields {
            if let Value::String(text) = value {
                self.scrub(text);
            }
        }
        (self.sink.0)(&record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn the_key_is_scrubbed_from_every_text() {
        let records = Arc::new(Mutex::new(Vec::new()));
        let into = records.clone();
        let sink = LogSink::new(move |r: &LogRecord| into.lock().unwrap().push(r.clone()));
        let key = "sk-live-abc123";
        tracing::dispatcher::with_default(&dispatch(sink, key.into()), || {
            let span = tracing::debug_span!(target: "reply::request", "outer", note = "key sk-live-abc123 in a span");
            let _inside = span.enter();
            tracing::warn!(target: "reply::request", detail = "echoed sk-live-abc123", "message with sk-live-abc123");
            tracing::warn!(target: "hyper_util::client", "not the SDK's");
        });
        let records = records.lock().unwrap();
        assert_eq!(records.len(), 1, "{records:?}");
        let r = &records[0];
        assert_eq!((r.level, r.target.as_str()), (LogLevel::Warn, "reply::request"));
        assert_eq!(r.message, "message with [redacted]");
        assert_eq!(r.field("note"), Some(&Value::from("key [redacted] in a span")));
        assert_eq!(r.field("detail"), Some(&Value::from("echoed [redacted]")));
    }
}
