//! One walk over every contact of the bench server (`bench_server`), by the
//! SDK or by raw reqwest, reading the same seven members of each contact.
//! The memory bench (benches/memory.py) runs it as a process of its own and
//! reads that process's peak RSS; it also prints the walk's wall time.
//!
//!     bench_stream URL sdk|reqwest [--page-size N]

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use reply_client::models::{Contact, GetContactsResponse};
use reply_client::operations::GetContactsQuery;
use reply_client::{Client, Config};

/// What both sides do with each contact: read the seven members the Python
/// and Node benches read, so neither walk can skip work the other does. The
/// sum (characters, not bytes) is the one every language's walk prints.
fn touch(c: &Contact, acc: &mut u64) {
    let text = [&c.email, &c.first_name, &c.last_name, &c.company, &c.title];
    *acc += c.id.unwrap_or(0) as u64;
    *acc += text.iter().map(|m| m.as_deref().map_or(0, |s| s.chars().count()) as u64).sum::<u64>();
    *acc += c.custom_fields.as_ref().map_or(0, |f| f.len() as u64);
}

async fn sdk(url: &str, page: u32) -> u64 {
    let client = Client::new(Config::new("bench-key").with_base_url(url).with_quota(None)).expect("client");
    let mut items = std::pin::pin!(client.contacts().list(GetContactsQuery::default()).items(Some(page)));
    let mut acc = 0;
    while let Some(contact) = items.next().await {
        touch(&contact.expect("a contact"), &mut acc);
    }
    acc
}

async fn raw(url: &str, page: u32) -> u64 {
    let http = reqwest::Client::builder()
        .tls_backend_preconfigured(reply_core::tls::client_config().expect("TLS"))
        .build()
        .expect("an HTTP client");
    let (mut acc, mut skip) = (0, 0);
    loop {
        let response = http
            .get(format!("{url}/v3/contacts?top={page}&skip={skip}"))
            .timeout(Duration::from_secs(30))
            .bearer_auth("bench-key")
            .header("accept", "application/json")
            .send()
            .await
            .expect("raw request");
        assert!(response.status().is_success(), "HTTP {}", response.status());
        let bytes = response.bytes().await.expect("raw body");
        let page_: GetContactsResponse = serde_json::from_slice(&bytes).expect("a page");
        let items = page_.items.unwrap_or_default();
        for contact in &items {
            touch(contact, &mut acc);
        }
        skip += items.len();
        if page_.has_more != Some(true) || items.is_empty() {
            return acc;
        }
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (url, side) = match &args[..] {
        [_, url, side, ..] => (url.as_str(), side.as_str()),
        _ => panic!("usage: bench_stream URL sdk|reqwest [--page-size N]"),
    };
    let page = args.iter().position(|a| a == "--page-size").map_or(1000, |i| args[i + 1].parse().expect("a number"));
    let start = Instant::now();
    let acc = match side {
        "sdk" => sdk(url, page).await,
        "reqwest" => raw(url, page).await,
        other => panic!("no side {other}"),
    };
    println!("{acc} {:.3}", start.elapsed().as_secs_f64());
}
