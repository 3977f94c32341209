//! Per-request overhead of the SDK against raw reqwest doing the same request
//! to the same local server, in one run. Both decode the body into the same
//! generated `Contact`, so the difference is the SDK's pipeline: headers,
//! quota bookkeeping, the retry loop, tracing spans and error mapping.
//!
//! Run with `just bench` (or `cargo bench -p reply-client --bench overhead`);
//! `BENCH_SMOKE=1` runs a few requests only (CI proves it still runs).

use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use reply_client::models::Contact;
use reply_client::{Client, Config, QuotaConfig};

const BODY: &str = r#"{"id":7,"email":"ada@example.com","firstName":"Ada","lastName":"Lovelace","company":"Analytical Engines","title":"Countess","city":"London","country":"UK","addedOn":"2026-01-15T09:30:00Z","customFields":[{"key":"tier","value":"gold"}]}"#;
const ROUNDS: usize = 11;
const REQUESTS: usize = 2_000;
const SMOKE_REQUESTS: usize = 20;

async fn serve() -> String {
    let app = Router::new()
        .route("/v3/contacts/{id}", get(|| async { ([(axum::http::header::CONTENT_TYPE, "application/json")], BODY) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    format!("http://{addr}")
}

async fn sdk(client: &Client, requests: usize) -> Duration {
    let start = Instant::now();
    for _ in 0..requests {
        let contact = client.contacts().get(7).await.expect("sdk request");
        assert_eq!(contact.id, Some(7));
    }
    start.elapsed()
}

async fn raw(http: &reqwest::Client, url: &str, requests: usize) -> Duration {
    let start = Instant::now();
    for _ in 0..requests {
        // The same request line, headers and per-request timeout the SDK sends
        // (reqwest has no timeout by default; a careful caller sets one).
        let response = http
            .get(url)
            .timeout(Duration::from_secs(30))
            .bearer_auth("bench-key")
            .header("user-agent", "reply-sdk-bench")
            .header("accept", "application/json, application/problem+json")
            .send()
            .await
            .expect("raw request");
        let bytes = response.bytes().await.expect("raw body");
        let contact: Contact = serde_json::from_slice(&bytes).expect("raw decode");
        assert_eq!(contact.id, Some(7));
    }
    start.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let base = serve().await;
    // The quota is real but roomy, so its bookkeeping is measured without waits.
    let mut quota = QuotaConfig::default();
    quota.default.per_minute = u32::MAX;
    quota.default.per_hour = u32::MAX;
    let client = Client::new(Config::new("bench-key").with_base_url(&base).with_quota(Some(quota))).expect("client");
    // The same TLS set-up as the SDK's transport (reqwest is built without a default provider).
    let http = reqwest::Client::builder()
        .tls_backend_preconfigured(reply_core::tls::client_config().expect("TLS"))
        .build()
        .expect("an HTTP client");
    let url = format!("{base}/v3/contacts/7");
    let (rounds, requests) = match std::env::var_os("BENCH_SMOKE") {
        Some(_) => (1, SMOKE_REQUESTS),
        None => (ROUNDS, REQUESTS),
    };
    // Warm both connection pools.
    sdk(&client, requests).await;
    raw(&http, &url, requests).await;
    // Each round times both back to back; the ratio is the median of the rounds'
    // ratios, so a slow spell of the machine falls on both sides of one ratio.
    let (mut sdk_times, mut raw_times, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let r = raw(&http, &url, requests).await;
        let s = sdk(&client, requests).await;
        ratios.push(s.as_secs_f64() / r.as_secs_f64());
        raw_times.push(r);
        sdk_times.push(s);
    }
    let (s, r) = (median(sdk_times), median(raw_times));
    ratios.sort_by(f64::total_cmp);
    let per = |d: Duration| d.as_secs_f64() * 1e6 / requests as f64;
    println!(
        "client overhead: sdk {:.1} us/request, raw reqwest {:.1} us/request, ratio {:.3} \
         (median of {rounds} paired rounds of {requests}; rounds' ratios min {:.3}, max {:.3})",
        per(s),
        per(r),
        ratios[rounds / 2],
        ratios[0],
        ratios[rounds - 1],
    );
}
