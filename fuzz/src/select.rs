//! How a fuzz input picks what it exercises. The first two bytes, little-endian
//! and modulo the table's length, pick the operation, so every operation is
//! reachable (one byte reached only 256 of them). For the `models` target the
//! next byte picks one of the operation's documented responses by position,
//! or its request body past the last. `reply-codegen --fuzz-corpus` writes its
//! seeds in this format; `crates/reply-core/tests/fuzz_reach.rs` compiles this
//! file and counts what it reaches against the spec. Self-contained (only
//! `reply_core`) for that reason.

use reply_core::operation::OperationInfo;
use reply_core::operations::OPERATIONS;

/// The operation an input picks, and the rest of the input.
pub fn operation(data: &[u8]) -> Option<(&'static OperationInfo, &[u8])> {
    let (&[low, high], rest) = data.split_first_chunk::<2>()?;
    let index = usize::from(u16::from_le_bytes([low, high])) % OPERATIONS.len();
    Some((&OPERATIONS[index], rest))
}

/// Which body of an operation an input exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// The response documented with this status.
    Response(u16),
    /// The request body.
    Request,
}

/// The body `pick` selects for `op`.
pub fn body(op: &OperationInfo, pick: u8) -> Body {
    match op.responses.get(usize::from(pick)) {
        Some(response) => Body::Response(response.status),
        None => Body::Request,
    }
}
