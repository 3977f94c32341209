//! Every generated model: the first two bytes pick an operation and one of its
//! documented statuses (or its request body); the rest is the JSON to decode.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reply_core::operations::OPERATIONS;
use reply_core::registry::{round_trip_request, round_trip_response};

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let op = &OPERATIONS[usize::from(data[0]) * OPERATIONS.len() / 256];
    let body = &data[2..];
    let pick = usize::from(data[1]);
    if pick < op.responses.len() {
        let status = op.responses[pick].status;
        if let Some(Ok(value)) = round_trip_response(op.id, status, body) {
            // What decoded must decode again to the same value.
            let again = serde_json::to_vec(&value).expect("re-encode");
            let second = round_trip_response(op.id, status, &again).expect("same type").expect("decodes again");
            assert_eq!(value, second, "{} {status} is not stable under a round trip", op.id);
        }
    } else {
        let _ = round_trip_request(op.id, body);
    }
});
