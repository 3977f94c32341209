//! Background-job status answers and the `Retry-After` / terminal-state logic around them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reply_core::error::parse_retry_after;
use reply_core::http::{Headers, Response};
use reply_core::operation::Operation;
use reply_core::operations::GetBackgroundJobById;

fuzz_target!(|data: &[u8]| {
    let mut headers = Headers::default();
    headers.set("content-type", "application/json");
    let response = Response { status: 200, headers, body: data.to_vec().into() };
    if let Ok(job) = GetBackgroundJobById::decode(&response) {
        let _ = job.status.as_ref().map(|s| s.as_str().to_owned());
        let _ = job.progress.as_ref();
    }
    let _ = parse_retry_after(&String::from_utf8_lossy(data), 1_700_000_000);
});
