//! The HTTP side: an accept loop on 127.0.0.1 serving each connection with
//! hyper, and the request pipeline:
//!
//! route (404/405) → authenticate (401/403) → rate limit (429) → "coming
//! soon" refusal (501, unless served) → faults decided before acting (latency, error, reset) → body size (413) →
//! validation (400) → handler → faults after acting (error, reset, truncated
//! body) → response. A write whose handler ran is journaled once the answer
//! (or the reset) is on its way, with the fault really applied to it; faults
//! are counted where they are applied.
//!
//! The loop is ours rather than `axum::serve` because a connection reset is
//! an answer the mock must be able to give: a service error makes hyper drop
//! the connection without a response.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, Response, StatusCode};
use bytes::Bytes;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::answer::{Answer, Body as AnswerBody};
use crate::auth;
use crate::config::ComingSoon;
use crate::faults::{After, Before};
use crate::journal::Pending;
use crate::requests::Record;
use crate::shared::Shared;
use crate::state::Ctx;
use crate::{admin, console, echo, jobs, persist, resources, validate, webhooks};
use reply_core::OperationId as Op;
use reply_core::route::{Route, route};

/// Runs the accept loop until `stop` changes; then drops open connections and saves state.
pub(crate) async fn run(listener: TcpListener, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve(stream, shared.clone()));
                }
                // Out of file descriptors and the like: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.abort_all();
    persist::save_if_configured(&shared);
}

/// The error that makes hyper close a connection without answering.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

async fn serve(stream: TcpStream, shared: Arc<Shared>) {
    let service = hyper::service::service_fn(move |request: Request<hyper::body::Incoming>| {
        let shared = shared.clone();
        async move { handle(shared, request.map(Body::new)).await }
    });
    // A failed connection (client gone, reset injected) concerns nobody else.
    let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// How a request ended, for the response and the log line.
enum Outcome {
    /// `after` is the fault drawn for the answer of a handler that ran (`Deliver` when none).
    Answer { answer: Answer, after: After, op: &'static str, note: &'static str, write: Option<Pending> },
    /// `after_acting`: the handler ran (the reset is an "after" fault).
    Drop { op: &'static str, note: &'static str, after_acting: bool, write: Option<Pending> },
}

/// What the request log keeps of a request besides its answer, noted on the way through.
#[derive(Default)]
struct Seen {
    user: Option<i64>,
    body: Bytes,
    delayed_ms: Option<u64>,
}

async fn handle(shared: Arc<Shared>, request: Request<Body>) -> Result<Response<Body>, Dropped> {
    let started = Instant::now();
    let number = shared.next_request_number();
    // Cloning these shares what hyper parsed; nothing is copied unless the request is logged.
    let (method, uri) = (request.method().clone(), request.uri().clone());
    // The console's log (when it is on) keeps API requests, not the mock's own endpoints.
    let logged = shared.config.console && !uri.path().starts_with("/__mock/");
    let mut seen = Seen::default();
    let outcome = process(&shared, request, &mut seen).await;
    let elapsed = started.elapsed().as_millis();
    let log_line = |status: &dyn std::fmt::Display, op: &str, note: &str| {
        if !shared.config.quiet {
            tracing::info!(target: "reply_mock", "{method} {} {status} {elapsed}ms {op}{note}", uri.path());
        }
    };
    let log = |op: &'static str, note: &'static str, status: Option<u16>, answered: Bytes| {
        let fault = Some(note.trim().trim_start_matches('[').trim_end_matches(']')).filter(|n| !n.is_empty());
        shared.request_log.record(Record {
            number,
            at_ms: crate::clock::now_ms().saturating_sub(elapsed as u64),
            user: seen.user,
            method: method.clone(),
            target: uri.path_and_query().map_or_else(|| uri.path().to_owned(), |target| target.as_str().to_owned()),
            op,
            status,
            latency_ms: elapsed as u64,
            fault,
            delayed_ms: seen.delayed_ms,
            request_body: seen.body.clone(),
            response_body: answered,
        });
    };
    match outcome {
        Outcome::Answer { answer, after, op, note, write } => {
            log_line(&answer.status, op, note);
            let status = answer.status;
            let (response, truncated, answered) = respond(answer, after == After::Truncate, number);
            let after = if after == After::Truncate && !truncated { After::Deliver } else { after };
            shared.faults.applied_after(after);
            if let Some(write) = write {
                shared.journal.record(write, after, number);
            }
            if logged {
                log(op, note, Some(status), answered);
            }
            Ok(response)
        }
        Outcome::Drop { op, note, after_acting, write } => {
            log_line(&"---", op, note);
            if after_acting {
                shared.faults.applied_after(After::Reset);
            }
            if let Some(write) = write {
                shared.journal.record(write, After::Reset, number);
            }
            if logged {
                log(op, note, None, Bytes::new());
            }
            Err(Dropped)
        }
    }
}

async fn process(shared: &Arc<Shared>, request: Request<Body>, seen: &mut Seen) -> Outcome {
    let answer =
        |answer: Answer, op: &'static str| Outcome::Answer { answer, after: After::Deliver, op, note: "", write: None };
    let (parts, body) = request.into_parts();
    if parts.uri.path().starts_with("/__mock/console") {
        return answer(console::handle(shared, &parts), "console");
    }
    if parts.uri.path().starts_with("/__mock/") {
        return answer(admin::handle(shared, parts.method.as_str(), parts.uri.path(), body).await, "admin");
    }
    if echo::is_echo(parts.uri.path()) {
        return answer(echo::handle(&parts, body, shared.config.max_body_bytes).await, "echo");
    }
    let (op, path_params) = match route(parts.method.as_str(), parts.uri.path()) {
        Route::Found { op, params } => (op, params),
        Route::WrongMethod(allowed) => {
            let detail = format!("{} is not allowed here; use {}", parts.method, allowed.join(", "));
            return answer(Answer::problem(405, detail).header("allow", allowed.join(", ")), "-");
        }
        Route::NotFound => return answer(Answer::problem(404, format!("no operation at {}", parts.uri.path())), "-"),
    };
    let who = match auth::authenticate(&shared.config, &parts.headers, op) {
        Ok(who) => who,
        Err(refusal) => return answer(refusal, op.id),
    };
    seen.user = Some(who.user_id);
    if let Err(limited) = shared.limiter.check(who.user_id, op.rate_class) {
        return answer(limited, op.id);
    }
    if op.coming_soon && shared.config.coming_soon == ComingSoon::Refuse {
        return answer(not_live_yet(op), op.id);
    }
    let fate = shared.faults.decide(op.id);
    if let Some(delay) = fate.latency {
        seen.delayed_ms = Some(delay.as_millis() as u64);
        shared.faults.delayed(delay);
        tokio::time::sleep(delay).await;
    }
    shared.faults.applied_before(fate.before);
    match fate.before {
        Before::Proceed => {}
        Before::Error(status) => {
            let answer = injected(status);
            return Outcome::Answer { answer, after: After::Deliver, op: op.id, note: " [fault]", write: None };
        }
        Before::Reset => return Outcome::Drop { op: op.id, note: " [fault: reset]", after_acting: false, write: None },
    }
    let Some(bytes) = read_body(&parts.headers, body, shared.config.max_body_bytes).await else {
        let limit = shared.config.max_body_bytes;
        return answer(Answer::problem(413, format!("the request body exceeds {limit} bytes")), op.id);
    };
    seen.body = bytes.clone();
    let content_type = parts.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    let input = match validate::validate(op, path_params, parts.uri.query().unwrap_or(""), content_type, &bytes) {
        Ok(input) => input,
        Err(invalid) => return answer(jobs::refusal(op, invalid), op.id),
    };
    // TestWebhook sends a delivery rather than changing the store: it is not journaled.
    let (result, write) = if op.key == Op::TestWebhook {
        (webhooks::test(shared, &input, &who).await, None)
    } else {
        let (result, changes, deliveries) = {
            let mut state = shared.lock();
            let ctx = Ctx { op, input: &input, who: &who, config: &shared.config };
            let journaled = op.kind == reply_core::operation::Kind::Write;
            if journaled {
                // What time brought about in running sequences is not this write's doing:
                // it happens before the journal starts noting.
                crate::activity::advance(&mut state, &ctx);
                state.store.record_changes();
            }
            let result = resources::handle(&mut state, &ctx);
            let changes = journaled.then(|| state.store.take_changes());
            let events = std::mem::take(&mut state.outbox);
            let deliveries = webhooks::plan(&mut state, events);
            (result, changes, deliveries)
        };
        webhooks::spawn_all(shared, deliveries);
        let write =
            changes.map(|changes| Pending { operation: op.id, user_id: who.user_id, status: result.status, changes });
        (result, write)
    };
    let (op, write) = (op.id, write);
    match fate.after {
        After::Deliver => Outcome::Answer { answer: result, after: fate.after, op, note: "", write },
        After::Error(status) => {
            Outcome::Answer { answer: injected(status), after: fate.after, op, note: " [fault after acting]", write }
        }
        After::Reset => Outcome::Drop { op, note: " [fault: reset after acting]", after_acting: true, write },
        After::Truncate => {
            Outcome::Answer { answer: result, after: fate.after, op, note: " [fault: truncated]", write }
        }
    }
}

/// The body, or `None` when it is larger than `limit` (or the client stopped sending it).
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Option<Bytes> {
    let announced = headers.get("content-length").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > limit as u64) {
        return None;
    }
    axum::body::to_bytes(body, limit).await.ok()
}

/// What an operation the spec marks "Coming soon" answers: Reply's answer to
/// an endpoint that is not live yet is not known, so 501 with a problem body
/// saying so is our choice (the spec documents no status for it).
fn not_live_yet(op: &reply_core::OperationInfo) -> Answer {
    let detail = format!(
        "{} ({} {}) is coming soon: Reply documents it but does not serve it yet. \
         Start the mock with \"comingSoon\": \"serve\" to prototype against it.",
        op.id, op.method, op.path
    );
    Answer::problem(501, detail)
}

/// An injected error: a problem body; 429 and 503 say when to come back.
fn injected(status: u16) -> Answer {
    let answer = Answer::problem(status, "injected by the mock's fault configuration");
    if matches!(status, 429 | 503) { answer.header("retry-after", "1") } else { answer }
}

/// The response, whether its body was really cut short (an empty one cannot
/// be), and the whole body (shared, for the request log).
fn respond(answer: Answer, truncate: bool, number: u64) -> (Response<Body>, bool, Bytes) {
    let (content_type, bytes): (Option<&str>, Vec<u8>) = match answer.body {
        AnswerBody::Empty => (None, Vec::new()),
        AnswerBody::Json(v) => (Some("application/json"), serde_json::to_vec(&v).unwrap_or_default()),
        AnswerBody::Problem(v) => (Some("application/problem+json"), serde_json::to_vec(&v).unwrap_or_default()),
        AnswerBody::Raw { content_type, bytes } => (Some(content_type), bytes),
    };
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Some(content_type) = content_type {
        headers.insert("content-type", HeaderValue::from_static(content_type));
    }
    headers.insert("x-request-id", HeaderValue::from(number));
    for (name, value) in answer.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    let bytes = Bytes::from(bytes);
    let truncated = truncate && bytes.len() > 1;
    *response.body_mut() = if truncated {
        // Announce the whole body, send half, then fail the stream: the client sees
        // the connection close before the body is complete.
        headers.insert("content-length", HeaderValue::from(bytes.len()));
        // The pause lets hyper flush the head and the first half before the failure closes the connection.
        use futures_util::StreamExt;
        let half = bytes.slice(..bytes.len() / 2);
        let cut = futures_util::stream::once(async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            Err(std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "truncated by fault injection"))
        });
        Body::from_stream(futures_util::stream::iter([Ok::<Bytes, std::io::Error>(half)]).chain(cut))
    } else {
        Body::from(bytes.clone())
    };
    (response, truncated, bytes)
}

/// Binds 127.0.0.1 on the configured port.
pub(crate) async fn bind(port: u16) -> Result<(TcpListener, SocketAddr), crate::Error> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}
