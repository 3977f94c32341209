//! Every generated model: the input picks an operation and one of its
//! documented statuses, or its request body (`reply_fuzz::select`); the rest
//! is the JSON to decode. A response must survive a second round trip, and
//! the text path the bindings use must agree with the round trip exactly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reply_core::registry::{round_trip_request, round_trip_response, round_trip_response_as};
use reply_fuzz::select::{self, Body};

fuzz_target!(|data: &[u8]| {
    let Some((op, rest)) = select::operation(data) else { return };
    let Some((&pick, body)) = rest.split_first() else { return };
    match select::body(op, pick) {
        Body::Response(status) => {
            let tree = round_trip_response(op.id, status, body);
            if let Some(Ok(value)) = &tree {
                // What decoded must decode again to the same value.
                let again = serde_json::to_vec(value).expect("re-encode");
                let second = round_trip_response(op.id, status, &again).expect("same type").expect("decodes again");
                assert_eq!(*value, second, "{} {status} is not stable under a round trip", op.id);
            }
            // The text path (the body as it came when the round trip would not
            // change it) must say exactly what the round trip says.
            match (&tree, round_trip_response_as::<String>(op.id, status, body)) {
                (Some(Ok(value)), Some(Ok(text))) => {
                    let back: serde_json::Value = serde_json::from_str(&text).expect("the text path gives JSON");
                    assert_eq!(*value, back, "{} {status}: the text path differs", op.id);
                }
                (Some(Err(_)), Some(Err(_))) | (None, None) => {}
                (tree, text) => panic!("{} {status}: the text path disagrees: {tree:?} vs {text:?}", op.id),
            }
        }
        Body::Request => {
            let _ = round_trip_request(op.id, body);
        }
    }
});
