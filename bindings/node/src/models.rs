//! The generated models' decoding rules, by `operationId`, for callers holding
//! JSON from elsewhere (a webhook, a file, the spec's examples).

use napi_derive::napi;
use reply_core::registry::{round_trip_request, round_trip_response};

use crate::error;

fn finish(
    operation: &str,
    result: Option<Result<serde_json::Value, reply_core::DecodeError>>,
) -> napi::Result<Option<String>> {
    let operation = crate::client::operation(operation)?.id;
    match result {
        None => Ok(None),
        Some(Ok(value)) => Ok(Some(value.to_string())),
        Some(Err(source)) => Err(error::to_js(reply_core::Error::Decode { operation, source })),
    }
}

/// Decodes `json` as the request body of `operation_id` and encodes it back
/// (`null` when the operation takes no JSON body).
#[napi]
pub fn decode_request(operation_id: String, json: String) -> napi::Result<Option<String>> {
    finish(&operation_id, round_trip_request(&operation_id, json.as_bytes()))
}

/// Decodes `json` as the `status` response of `operation_id` and encodes it back
/// (`null` when the spec documents no JSON body for that status).
#[napi]
pub fn decode_response(operation_id: String, status: u32, json: String) -> napi::Result<Option<String>> {
    let status = u16::try_from(status).map_err(|_| error::config(format!("{status} is not an HTTP status")))?;
    finish(&operation_id, round_trip_response(&operation_id, status, json.as_bytes()))
}

/// How many object members unknown to the models this process has decoded.
#[napi]
pub fn unknown_members_seen() -> f64 {
    reply_core::extra::unknown_members_seen() as f64
}
