//! A fixed HTTP load for benchmarks: `--connections` keep-alive connections,
//! each sending one request after another for `--seconds`, then one line of
//! results. Used by benches/mock/run.sh to compare reply-mock with Prism.
//!
//! ```sh
//! load --url http://127.0.0.1:8080/v3/contacts --connections 16 --seconds 10
//! load --url http://127.0.0.1:8080/v3/contacts --method POST \
//!      --body '{"email": "bench-{n}@example.com", "firstName": "Bench"}'
//! ```
//!
//! `{n}` in the body becomes a number unique to each request (creates need
//! unique emails). Every answer is read to its end; answers outside 2xx are
//! counted apart and make the exit status non-zero, so a figure is never the
//! speed of refusals.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

struct Args {
    url: String,
    method: reqwest::Method,
    body: Option<String>,
    connections: usize,
    seconds: f64,
    key: String,
}

fn parse() -> Result<Args, String> {
    let mut args = Args {
        url: String::new(),
        method: reqwest::Method::GET,
        body: None,
        connections: 16,
        seconds: 10.0,
        key: "mock-personal-key".to_owned(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => args.url = value()?,
            "--method" => args.method = value()?.parse().map_err(|_| "--method: not an HTTP method")?,
            "--body" => args.body = Some(value()?),
            "--connections" => args.connections = value()?.parse().map_err(|_| "--connections: a number")?,
            "--seconds" => args.seconds = value()?.parse().map_err(|_| "--seconds: a number")?,
            "--key" => args.key = value()?,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.url.is_empty() || args.connections == 0 || args.seconds <= 0.0 {
        return Err("usage: load --url URL [--method M] [--body JSON] [--connections N] [--seconds T] [--key K]".into());
    }
    Ok(args)
}

#[derive(Default)]
struct Tally {
    by_status: BTreeMap<u16, u64>,
    failed: u64,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = match parse() {
        Ok(args) => Arc::new(args),
        Err(message) => {
            eprintln!("load: {message}");
            return std::process::ExitCode::from(2);
        }
    };
    // One connection per worker: a client of its own, HTTP/1.1, kept alive.
    let counter = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs_f64(args.seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..args.connections)
        .map(|_| {
            let (args, counter) = (args.clone(), counter.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .tls_backend_preconfigured(reply_core::tls::client_config().expect("TLS"))
                    .no_proxy()
                    .http1_only()
                    .pool_max_idle_per_host(1)
                    .build()
                    .expect("an HTTP client");
                let mut tally = Tally::default();
                while Instant::now() < deadline {
                    let mut request = client.request(args.method.clone(), &args.url).bearer_auth(&args.key);
                    if let Some(body) = &args.body {
                        let n = counter.fetch_add(1, Ordering::Relaxed);
                        request = request
                            .header("content-type", "application/json")
                            .body(body.replace("{n}", &n.to_string()));
                    }
                    match request.send().await {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            match response.bytes().await {
                                Ok(_) => *tally.by_status.entry(status).or_default() += 1,
                                Err(_) => tally.failed += 1,
                            }
                        }
                        Err(_) => tally.failed += 1,
                    }
                }
                tally
            })
        })
        .collect();
    let mut total = Tally::default();
    for worker in workers {
        let tally = worker.await.unwrap_or_default();
        for (status, n) in tally.by_status {
            *total.by_status.entry(status).or_default() += n;
        }
        total.failed += tally.failed;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let ok: u64 = total.by_status.iter().filter(|(s, _)| (200..300).contains(*s)).map(|(_, n)| n).sum();
    let other: u64 = total.by_status.iter().filter(|(s, _)| !(200..300).contains(*s)).map(|(_, n)| n).sum();
    let statuses: Vec<String> = total.by_status.iter().map(|(s, n)| format!("{s}:{n}")).collect();
    println!(
        "{:.0} req/s  ({ok} ok in {elapsed:.1}s over {} connections; statuses {}; transport errors {})",
        ok as f64 / elapsed,
        args.connections,
        statuses.join(" "),
        total.failed
    );
    if other > 0 || total.failed > 0 { std::process::ExitCode::FAILURE } else { std::process::ExitCode::SUCCESS }
}
