//! Cancelling a call from outside: a binding hands the engine a
//! [`CancellationToken`] in [`RequestOptions::cancel`](crate::RequestOptions)
//! and cancels it when its caller gives up (a JS `AbortSignal`, a Kotlin
//! coroutine). The call's future is dropped wherever it waits (an attempt on
//! the wire, a retry's backoff, a quota slot, a job's poll interval), so
//! nothing more is sent for it.

use std::future::Future;

use reply_core::Error;
pub use tokio_util::sync::CancellationToken;

/// Runs `work` until it ends or `token` is cancelled, whichever comes first
/// (a token already cancelled stops it before anything is sent).
pub(crate) async fn unless_cancelled<T>(
    token: Option<&CancellationToken>,
    operation: &'static str,
    work: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    let Some(token) = token else { return work.await };
    tokio::select! {
        biased;
        () = token.cancelled() => Err(Error::Cancelled { operation }),
        result = work => result,
    }
}
