//! `reply webhooks listen` and `reply webhooks trigger`, beside the generated
//! subscription commands: local development against deliveries, as
//! `stripe listen` / `stripe trigger` do it.
//!
//! `listen` starts a receiver on 127.0.0.1, subscribes it (one subscription
//! per event type, as Reply takes one type per subscription) behind an
//! unguessable `?token=`, prints each delivery, optionally forwards it, and
//! deletes its subscriptions when it stops (Ctrl-C and SIGTERM included).

use std::io::IsTerminal;
use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, Uri};
use clap::{Arg, ArgAction, ArgMatches, Command};
use reply_client::models::{WebHookCreationRequest, WebHookScope};
use reply_core::webhooks::{Event, EventType, MemorySeenEvents, SeenEvents, parse, query_token, verify_token};
use serde_json::json;

use crate::failure::Failure;
use crate::globals::Globals;

/// The receiver's path; the secret rides in the query.
const PATH: &str = "/reply-webhooks";

pub fn extend(resource: Command) -> Command {
    if resource.get_name() != "webhooks" {
        return resource;
    }
    resource.subcommand(listen_command()).subcommand(trigger_command())
}

pub fn handles(resource: &str, m: &ArgMatches) -> bool {
    resource == "webhooks" && matches!(m.subcommand_name(), Some("listen" | "trigger"))
}

pub async fn run(m: &ArgMatches, globals: &Globals) -> Result<(), Failure> {
    match m.subcommand() {
        Some(("listen", sub)) => listen(sub, globals).await,
        Some(("trigger", sub)) => trigger(sub).await,
        _ => unreachable!("`handles` chose this command"),
    }
}

fn listen_command() -> Command {
    Command::new("listen")
        .about("Receive deliveries locally: subscribe, print each one, forward it; unsubscribe on exit")
        .long_about(
            "Start a receiver on 127.0.0.1, subscribe it to the chosen events (one subscription per event \
             type) and print each delivery as it arrives: a table line, or one JSON object per line with \
             --ndjson. Reply must reach the receiver: give --public-url when it goes through a tunnel you run \
             (its base URL; the receiver's path and secret token are appended). With --mock the embedded \
             mock delivers to it directly; drive that mock with the base URL and key printed on stderr. \
             --forward-to URL posts each delivery to your app and prints its answer. Stop with Ctrl-C: the \
             subscriptions are deleted.",
        )
        .arg(
            Arg::new("events")
                .long("events")
                .value_name("EVENT,...")
                .value_delimiter(',')
                .help("Event types to subscribe to (default: all)"),
        )
        .arg(Arg::new("public-url").long("public-url").value_name("URL").help("Where Reply reaches this receiver"))
        .arg(Arg::new("forward-to").long("forward-to").value_name("URL").help("Post each delivery to this URL too"))
        .arg(Arg::new("port").long("port").value_name("PORT").value_parser(clap::value_parser!(u16)).default_value("0"))
        .arg(Arg::new("ndjson").long("ndjson").action(ArgAction::SetTrue).help("One JSON object per delivery"))
}

fn trigger_command() -> Command {
    Command::new("trigger")
        .about("Send a realistic sample delivery of an event type to a receiver")
        .long_about(
            "Post a sample delivery of EVENT (from the SDK's delivery description, with a fresh event id and \
             the current time) to URL, as Reply would, and print the receiver's answer. Exit 1 when the \
             receiver answers other than 2xx.",
        )
        .arg(Arg::new("event").value_name("EVENT").required(true).help("One of the 22 event types"))
        .arg(Arg::new("to").long("to").value_name("URL").required(true).help("The receiver"))
}

fn event_types(m: &ArgMatches) -> Result<Vec<String>, Failure> {
    let Some(chosen) = m.get_many::<String>("events") else {
        return Ok(EventType::VALUES.iter().map(|s| (*s).to_owned()).collect());
    };
    chosen
        .map(|e| {
            if EventType::VALUES.contains(&e.as_str()) {
                Ok(e.clone())
            } else {
                Err(Failure::Usage(format!("unknown event type `{e}`; one of: {}", EventType::VALUES.join(", "))))
            }
        })
        .collect()
}

fn http_client() -> Result<reqwest::Client, Failure> {
    reqwest::Client::builder()
        .tls_backend_preconfigured(reply_core::tls::client_config().map_err(|e| Failure::Runtime(e.to_string()))?)
        .build()
        .map_err(|e| Failure::Runtime(format!("cannot build an HTTP client: {e}")))
}

/// What the receiver shares between deliveries.
struct Listener {
    token: String,
    seen: MemorySeenEvents,
    forward: Option<String>,
    http: reqwest::Client,
    ndjson: bool,
    width: usize,
}

async fn listen(m: &ArgMatches, globals: &Globals) -> Result<(), Failure> {
    let events = event_types(m)?;
    let session = crate::context::connect(globals).await?;
    let port = *m.get_one::<u16>("port").unwrap_or(&0);
    let socket = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| Failure::Runtime(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
    let local = socket.local_addr().map_err(|e| Failure::Runtime(e.to_string()))?;
    let token = {
        let (a, _) = reply_mock::fresh_stamp();
        let (b, _) = reply_mock::fresh_stamp();
        format!("{a}{b}").replace('-', "")
    };
    let base = m.get_one::<String>("public-url").cloned().unwrap_or_else(|| format!("http://{local}"));
    let url = format!("{}{PATH}?token={token}", base.trim_end_matches('/'));
    let state = Arc::new(Listener {
        token,
        seen: MemorySeenEvents::default(),
        forward: m.get_one::<String>("forward-to").cloned(),
        http: http_client()?,
        ndjson: m.get_flag("ndjson"),
        width: console::Term::stdout().size().1 as usize,
    });
    let app = axum::Router::new().route(
        PATH,
        axum::routing::post(move |uri: Uri, headers: HeaderMap, body: Bytes| {
            let state = state.clone();
            async move { receive(&state, &uri, &headers, body).await }
        }),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(socket, app).with_graceful_shutdown(async move { stopped.await.unwrap_or_default() }).await
    });

    // Subscribe; on any failure, remove what was made.
    let mut ids = Vec::new();
    let mut failed = None;
    for event in &events {
        let body = WebHookCreationRequest {
            event_type: event.clone(),
            url: url.clone(),
            scope: Some(WebHookScope::Personal),
            ..Default::default()
        };
        match session.client.webhooks().create(body).await {
            Ok(hook) => ids.extend(hook.id),
            Err(e) => {
                failed = Some(Failure::from(e));
                break;
            }
        }
    }
    if failed.is_none() {
        if globals.mock {
            eprintln!(
                "Embedded mock: REPLY_BASE_URL={} REPLY_API_KEY={} (a fixture key; drive the mock to cause events)",
                session.client.base_url(),
                session.key.expose()
            );
        }
        eprintln!("Ready: {} subscription(s) deliver to {base}{PATH} (Ctrl-C to stop)", ids.len());
        shutdown_signal().await;
    }
    let mut deleted = 0;
    for id in &ids {
        if session.client.webhooks().delete(*id).await.is_ok() {
            deleted += 1;
        }
    }
    eprintln!("Deleted {deleted} of {} subscription(s).", ids.len());
    let _ = stop.send(());
    let _ = server.await;
    match failed {
        Some(failure) => Err(failure),
        None if deleted < ids.len() => {
            Err(Failure::Runtime(format!("{} subscription(s) could not be deleted", ids.len() - deleted)))
        }
        None => Ok(()),
    }
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        let term = async move {
            match term.as_mut() {
                Some(t) => {
                    t.recv().await;
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {},
            () = term => {},
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

async fn receive(state: &Listener, uri: &Uri, headers: &HeaderMap, body: Bytes) -> (StatusCode, String) {
    let given = query_token(uri.path_and_query().map_or("", |p| p.as_str())).unwrap_or_default();
    if !verify_token(&state.token, &given) {
        return (StatusCode::UNAUTHORIZED, "wrong token".into());
    }
    let pairs = reply_core::Headers(
        headers.iter().map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned())).collect(),
    );
    let event = match parse(&body, &pairs) {
        Ok(event) => event,
        Err(e) => {
            eprintln!("Refused a delivery: {e}");
            return (StatusCode::BAD_REQUEST, e.to_string());
        }
    };
    let repeat = state.seen.seen(event.id());
    let forwarded = match (&state.forward, repeat) {
        (Some(to), false) => Some(forward(&state.http, to, &body).await),
        _ => None,
    };
    print_delivery(state, &event, repeat, forwarded.as_ref());
    match forwarded {
        // Reply sees what the app answered, so its retries behave as they will in production.
        Some(Ok((status, text))) => (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY), text),
        Some(Err(_)) => (StatusCode::BAD_GATEWAY, "forwarding failed".into()),
        None => (StatusCode::OK, "ok".into()),
    }
}

async fn forward(http: &reqwest::Client, to: &str, body: &Bytes) -> Result<(u16, String), String> {
    let response = http
        .post(to)
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    Ok((status, text))
}

fn print_delivery(state: &Listener, event: &Event, repeat: bool, forwarded: Option<&Result<(u16, String), String>>) {
    if state.ndjson {
        let mut line = json!({ "delivery": event.to_json(), "repeat": repeat });
        match forwarded {
            Some(Ok((status, body))) => line["forwarded"] = json!({ "status": status, "body": body }),
            Some(Err(e)) => line["forwarded"] = json!({ "error": e }),
            None => {}
        }
        println!("{line}");
        return;
    }
    let envelope = event.envelope();
    let who = event.contact().and_then(|c| c.email.clone().or(c.id.map(|id| id.to_string()))).unwrap_or_default();
    let mut line =
        format!("{:<24}  {:<38}  {:<36}  {}", envelope.date.as_deref().unwrap_or("-"), event.kind(), event.id(), who);
    if repeat {
        line.push_str("  (repeat)");
    }
    match forwarded {
        Some(Ok((status, body))) => line.push_str(&format!("  -> {status} {}", body.trim())),
        Some(Err(e)) => line.push_str(&format!("  -> failed: {e}")),
        None => {}
    }
    if std::io::stdout().is_terminal() && state.width > 0 {
        line = console::truncate_str(&line, state.width, "…").into_owned();
    }
    println!("{line}");
}

async fn trigger(m: &ArgMatches) -> Result<(), Failure> {
    let kind = m.get_one::<String>("event").map(String::as_str).unwrap_or_default();
    let to = m.get_one::<String>("to").map(String::as_str).unwrap_or_default();
    let (id, date) = reply_mock::fresh_stamp();
    let Some(body) = reply_core::webhooks::sample(kind, &id, &date) else {
        return Err(Failure::Usage(format!("unknown event type `{kind}`; one of: {}", EventType::VALUES.join(", "))));
    };
    let body = Bytes::from(body.to_string());
    let (status, text) = forward(&http_client()?, to, &body)
        .await
        .map_err(|e| Failure::Runtime(format!("could not deliver to {to}: {e}")))?;
    println!("{kind} {id} -> {status} {}", text.trim());
    if (200..300).contains(&status) { Ok(()) } else { Err(Failure::Runtime(format!("the receiver answered {status}"))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_type_is_accepted_and_unknown_ones_are_refused() {
        let cmd = Command::new("t").subcommand(listen_command());
        let m = cmd.clone().get_matches_from(["t", "listen"]);
        assert_eq!(event_types(m.subcommand_matches("listen").unwrap()).unwrap().len(), 22);
        let m = cmd.clone().get_matches_from(["t", "listen", "--events", "email_replied,email_sent"]);
        assert_eq!(event_types(m.subcommand_matches("listen").unwrap()).unwrap(), ["email_replied", "email_sent"]);
        let m = cmd.get_matches_from(["t", "listen", "--events", "email_clicked"]);
        assert!(matches!(event_types(m.subcommand_matches("listen").unwrap()), Err(Failure::Usage(_))));
    }
}
