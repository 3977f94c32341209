//! Error answers: any status, headers and body become a typed error without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reply_core::http::{Headers, Response};
use reply_core::{ApiError, Error};

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let status = 400 + u16::from(data[0]) % 200;
    let split = usize::from(data[1]).min(data.len() - 2);
    let (header_bytes, body) = data[2..].split_at(split);
    let retry_after = String::from_utf8_lossy(header_bytes).into_owned();
    let mut headers = Headers::default();
    headers.set("retry-after", retry_after);
    headers.set("content-type", "application/problem+json");
    let response = Response { status, headers, body: body.to_vec().into() };
    let error = Error::from_api(ApiError::from_response("Fuzz", &response, 1_700_000_000));
    let _ = (error.to_string(), error.code(), error.detail(), error.field_errors(), error.retry_after());
    if let Some(api) = error.api() {
        let _ = api.teams();
    }
});
