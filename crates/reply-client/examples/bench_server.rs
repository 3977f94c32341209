//! The paging benchmarks' server: `GET /v3/contacts?top=&skip=` over N
//! contacts with realistic content (emails, phone, company, dates, custom
//! fields, a non-ASCII name or city in some), each page written on the fly
//! from the contact's number, so serving a million contacts holds none of
//! them in memory and the memory benches measure the client alone.
//!
//!     bench_server [--contacts N] [--port P]
//!
//! Prints `listening on http://127.0.0.1:PORT` once it accepts connections.
//! Every contact decodes as the spec's `Contact` and encodes back unchanged,
//! so the SDK's page check passes it on as it came, as it would a real page.
//! Not reply-mock: its store and filters would cost the server more than the
//! clients under test, and 1,000,000 stored contacts would take its memory.

use std::fmt::Write;

use axum::Router;
use axum::http::{StatusCode, Uri, header};
use axum::response::IntoResponse;
use axum::routing::get;

/// Names as shown, and as written in email addresses and URLs.
const FIRST: [(&str, &str); 8] = [
    ("Ada", "ada"),
    ("Grace", "grace"),
    ("José", "jose"),
    ("Linus", "linus"),
    ("Margaret", "margaret"),
    ("Zoë", "zoe"),
    ("Alan", "alan"),
    ("Barbara", "barbara"),
];
const LAST: [(&str, &str); 8] = [
    ("Lovelace", "lovelace"),
    ("Hopper", "hopper"),
    ("Müller", "mueller"),
    ("Torvalds", "torvalds"),
    ("Hamilton", "hamilton"),
    ("Ng", "ng"),
    ("Turing", "turing"),
    ("Liskov", "liskov"),
];
const COMPANY: [(&str, &str); 6] = [
    ("Analytical Engines", "analytical.example"),
    ("Compilers & Co", "compilers.example"),
    ("Nordic Kernels AB", "kernels.example"),
    ("Apollo Guidance", "apollo.example"),
    ("Société Générale d'Exemple", "exemple.example"),
    ("Acme", "acme.example"),
];
const TITLE: [&str; 5] = ["Engineer", "Head of Sales", "CTO", "Account Executive", "Directrice marketing"];
const PLACE: [(&str, &str, &str, &str); 5] = [
    ("London", "England", "UK", "GMT Standard Time"),
    ("Köln", "NRW", "DE", "W. Europe Standard Time"),
    ("São Paulo", "SP", "BR", "E. South America Standard Time"),
    ("Austin", "TX", "US", "Central Standard Time"),
    ("Paris", "Île-de-France", "FR", "Romance Standard Time"),
];
const SIZE: [&str; 4] = ["ten", "fifty", "twoHundred", "oneThousand"];
const INDUSTRY: [&str; 4] = ["Software", "Banking", "Aerospace", "Retail"];

/// Contact `id`, written as JSON into `out`.
fn contact(out: &mut String, id: u64) {
    let n = id as usize;
    let ((first, f), (last, l)) = (FIRST[n % 8], LAST[(n / 8) % 8]);
    let (company, domain) = COMPANY[n % 6];
    let (city, state, country, zone) = PLACE[n % 5];
    let day = 1 + n % 28;
    let _ = write!(
        out,
        r#"{{"id":{id},"email":"{f}.{l}{id}@{domain}","domain":"{domain}","firstName":"{first}","lastName":"{last}","phone":"+44 20 7946 {p:04}","title":"{title}","company":"{company}","companySize":"{size}","industry":"{industry}","city":"{city}","state":"{state}","country":"{country}","timeZoneId":"{zone}","linkedInUrl":"https://www.linkedin.com/in/{f}-{l}-{id}","phoneStatus":"valid","ownerUserId":42,"accountId":null,"isOptedOut":false,"callStatus":"none","meetingStatus":"none","addingDate":"2026-03-{day:02}T09:30:00Z","createdAt":"2026-03-{day:02}T09:30:00Z","lastModifiedAt":"2026-04-{day:02}T16:05:12Z","customFields":[{{"key":"tier","value":"{tier}"}},{{"key":"source","value":"webinar 2026-Q{q}"}},{{"key":"crmId","value":"00Q{id:012}"}},{{"key":"referrer","value":null}}]}}"#,
        p = n % 10_000,
        title = TITLE[n % 5],
        size = SIZE[n % 4],
        industry = INDUSTRY[n % 4],
        tier = ["gold", "silver", "bronze"][n % 3],
        q = 1 + n % 4,
    );
}

/// `top` and `skip` from the query (defaults as the spec's: 25 and 0).
fn window(uri: &Uri) -> (u64, u64) {
    let (mut top, mut skip) = (25, 0);
    for pair in uri.query().unwrap_or("").split('&') {
        match pair.split_once('=') {
            Some(("top", v)) => top = v.parse().unwrap_or(top),
            Some(("skip", v)) => skip = v.parse().unwrap_or(skip),
            _ => {}
        }
    }
    (top, skip)
}

fn page(total: u64, top: u64, skip: u64) -> String {
    let end = total.min(skip.saturating_add(top));
    let mut out = String::with_capacity(900 * (end.saturating_sub(skip) as usize) + 32);
    out.push_str(r#"{"items":["#);
    for id in skip + 1..=end {
        if id > skip + 1 {
            out.push(',');
        }
        contact(&mut out, id);
    }
    let _ = write!(out, r#"],"hasMore":{}}}"#, end < total);
    out
}

fn arg(args: &[String], name: &str, default: u64) -> u64 {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| v.parse().unwrap_or_else(|_| panic!("{name} takes a number, not {v}")))
        .unwrap_or(default)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let total = arg(&args, "--contacts", 100_000);
    let port = arg(&args, "--port", 0);
    let app = Router::new().route(
        "/v3/contacts",
        get(move |uri: Uri| async move {
            let (top, skip) = window(&uri);
            if !(1..=1000).contains(&top) {
                return (StatusCode::BAD_REQUEST, "top must be 1..=1000").into_response();
            }
            ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], page(total, top, skip)).into_response()
        }),
    );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port as u16)).await.expect("bind loopback");
    println!("listening on http://{}", listener.local_addr().expect("addr"));
    axum::serve(listener, app).await.expect("serve");
}
