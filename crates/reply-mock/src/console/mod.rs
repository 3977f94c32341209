//! The console: a web page at `/__mock/console` showing what an integration
//! did to the mock — its requests, the messages its sequences sent, the
//! webhooks delivered, the state, and the faults and limits in force.
//!
//! Everything is rendered here, on the server, as HTML fragments with every
//! piece of data escaped ([`html::esc`]); the page's small script
//! (`console.js`) only polls the fragment of the open view once a second and
//! swaps it in, and sends the fault form to `PUT /__mock/faults`. Nothing is
//! fetched from outside the machine, and the Content-Security-Policy lets
//! the page load only its own script and style.
//!
//! The console reads what the mock keeps anyway (the store, the webhook
//! log, the fault and limit counters) plus the request log
//! ([`crate::requests`]); it costs nothing while nobody has it open.
//! It answers only requests addressed to a loopback host (the mock listens
//! on 127.0.0.1 only; checking `Host` also keeps a web page elsewhere from
//! reaching it through DNS rebinding), needs no key, and is off with
//! `"console": false` (`--no-console`).

mod html;
mod outbox;
mod state_view;
mod views;

use std::sync::Arc;

use axum::http::request::Parts;

use crate::answer::Answer;
use crate::shared::Shared;

const SCRIPT: &str = include_str!("console.js");
const STYLE: &str = include_str!("console.css");
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; \
                      img-src 'self' data:; frame-src 'self'; base-uri 'none'; form-action 'none'";

/// The views, as `(path segment, title)`, in the order of the navigation.
const VIEWS: [(&str, &str); 5] = [
    ("requests", "Requests"),
    ("outbox", "Outbox"),
    ("webhooks", "Webhooks"),
    ("state", "State"),
    ("faults", "Faults & limits"),
];

pub(crate) fn handle(shared: &Arc<Shared>, parts: &Parts) -> Answer {
    if !shared.config.console {
        return Answer::problem(404, "the console is turned off (\"console\": false or --no-console)");
    }
    if !loopback_host(parts.headers.get("host").and_then(|h| h.to_str().ok())) {
        return Answer::problem(403, "the console answers only requests addressed to 127.0.0.1 or localhost");
    }
    if parts.method != "GET" {
        return Answer::problem(405, "the console is read with GET (the fault form sends PUT /__mock/faults)")
            .header("allow", "GET");
    }
    let query = parts.uri.query().unwrap_or_default();
    let filter = param(query, "q");
    match parts.uri.path().trim_start_matches("/__mock/console") {
        "" | "/" => {
            let view = param(query, "view");
            let view = VIEWS.iter().find(|(name, _)| *name == view).map_or("requests", |(name, _)| name);
            page(view, &filter, &fragment(shared, view, &filter))
        }
        "/console.js" => asset("text/javascript; charset=utf-8", SCRIPT),
        "/console.css" => asset("text/css; charset=utf-8", STYLE),
        other => match other.strip_prefix("/view/").filter(|v| VIEWS.iter().any(|(name, _)| name == v)) {
            Some(view) => html(fragment(shared, view, &filter)),
            None => Answer::problem(404, format!("no console page at {}", parts.uri.path())),
        },
    }
}

/// The HTML of one view (its part of the page that is refreshed).
fn fragment(shared: &Arc<Shared>, view: &str, filter: &str) -> String {
    match view {
        "outbox" => outbox::render(&shared.lock().store, filter),
        "webhooks" => views::webhooks(&shared.lock().store, filter),
        "state" => state_view::render(&shared.lock().store, &shared.config, filter),
        "faults" => views::faults(shared),
        _ => views::requests(&shared.request_log.newest_first(), filter),
    }
}

/// The whole page: navigation, filter, the view, and for the faults view its form.
fn page(view: &str, filter: &str, fragment: &str) -> Answer {
    let nav: String = VIEWS
        .iter()
        .map(|(name, title)| {
            let current = if *name == view { " class=\"current\" aria-current=\"page\"" } else { "" };
            format!("<a href=\"/__mock/console?view={name}\"{current}>{title}</a>")
        })
        .collect();
    let form = if view == "faults" { views::fault_form() } else { String::new() };
    let filter = html::esc(filter);
    let body = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>reply-mock console</title>\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <link rel=\"stylesheet\" href=\"/__mock/console/console.css\"></head>\
         <body data-view=\"{view}\"><header><h1>reply-mock console</h1><nav>{nav}</nav>\
         <input id=\"filter\" type=\"search\" placeholder=\"filter\" value=\"{filter}\" aria-label=\"filter\">\
         <span id=\"live\" title=\"refreshed every second\">live</span></header>\
         {form}<main id=\"view\">{fragment}</main>\
         <script src=\"/__mock/console/console.js\"></script></body></html>"
    );
    html(body)
}

fn html(body: String) -> Answer {
    asset_owned("text/html; charset=utf-8", body.into_bytes())
}

fn asset(content_type: &'static str, text: &'static str) -> Answer {
    asset_owned(content_type, text.as_bytes().to_vec())
}

fn asset_owned(content_type: &'static str, bytes: Vec<u8>) -> Answer {
    Answer::raw(200, content_type, bytes)
        .header("content-security-policy", POLICY)
        .header("cache-control", "no-store")
        .header("x-content-type-options", "nosniff")
        .header("referrer-policy", "no-referrer")
}

/// Whether a `Host` header names a loopback host (any port).
fn loopback_host(host: Option<&str>) -> bool {
    let Some(host) = host else { return false };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A query parameter, percent-decoded (`+` as a space); empty when absent.
fn param(query: &str, name: &str) -> String {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| decode(value))
        .unwrap_or_default()
}

fn decode(value: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i + 1..i + 3) {
            Some([hi, lo]) if bytes[i] == b'%' => hex(*hi).zip(hex(*lo)).map(|(h, l)| (h * 16 + l) as u8),
            _ => None,
        };
        match (escaped, bytes[i]) {
            (Some(byte), _) => {
                out.push(byte);
                i += 2;
            }
            (None, b'+') => out.push(b' '),
            (None, other) => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts() {
        assert!(loopback_host(Some("127.0.0.1:4010")));
        assert!(loopback_host(Some("localhost")));
        assert!(loopback_host(Some("[::1]:80")));
        assert!(!loopback_host(Some("evil.example:4010")));
        assert!(!loopback_host(Some("127.0.0.1.evil.example")));
        assert!(!loopback_host(None));
    }

    #[test]
    fn query_parameters_are_decoded() {
        assert_eq!(param("view=state&q=%3Cscript%3E+x", "q"), "<script> x");
        assert_eq!(param("q=100%", "q"), "100%");
        assert_eq!(param("q=%zz", "q"), "%zz");
        assert_eq!(param("q=%C3%A9%", "q"), "é%");
        assert_eq!(param("view=faults", "q"), "");
    }
}
