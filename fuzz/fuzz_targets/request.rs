//! Request bodies as reply-mock checks them: strict decoding (unknown enum
//! values refused) into each operation's generated request type, the
//! operation picked by `reply_fuzz::select`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reply_core::registry::round_trip_request;
use reply_core::strict::strictly;
use reply_fuzz::select;

fuzz_target!(|data: &[u8]| {
    let Some((op, body)) = select::operation(data) else { return };
    // Whatever strict decoding accepts, lenient decoding must accept as the same value.
    if let Some(Ok(strict)) = strictly(|| round_trip_request(op.id, body)) {
        let lenient =
            round_trip_request(op.id, body).expect("same operation").expect("lenient accepts what strict does");
        assert_eq!(strict, lenient, "{}", op.id);
    }
});
