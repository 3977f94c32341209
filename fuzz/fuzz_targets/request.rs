//! Request bodies as reply-mock checks them: strict decoding (unknown enum
//! values refused) into each operation's generated request type.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reply_core::operations::OPERATIONS;
use reply_core::registry::round_trip_request;
use reply_core::strict::strictly;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    let op = &OPERATIONS[usize::from(pick) * OPERATIONS.len() / 256];
    // Whatever strict decoding accepts, lenient decoding must accept as the same value.
    if let Some(Ok(strict)) = strictly(|| round_trip_request(op.id, body)) {
        let lenient = round_trip_request(op.id, body).expect("same operation").expect("lenient accepts what strict does");
        assert_eq!(strict, lenient, "{}", op.id);
    }
});
