//! Cancelling a call from outside: a binding hands the engine a
//! [`CancellationToken`] in [`RequestOptions::cancel`](crate::RequestOptions)
//! and cancels it when its caller gives up (a JS `AbortSignal`, a Kotlin
//! coroutine). The call's future is dropped wherever it waits (an attempt on
//! the wire, a retry's backoff, a quota slot, a job's poll interval), so
//! nothing more is sent for it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use reply_core::Error;
pub use tokio_util::sync::CancellationToken;
use tokio_util::sync::WaitForCancellationFuture;

pin_project_lite::pin_project! {
    /// `work`, unless the token is cancelled first. A named future rather than
    /// an `async fn` with `select!`: that would hold `work` twice (once as the
    /// argument, once inside the select), and every call's future goes
    /// through here, so its size is copied on every request. For the same
    /// reason the wait for the token is boxed: only calls given a token pay for it.
    pub(crate) struct UnlessCancelled<'a, F> {
        #[pin]
        work: F,
        cancelled: Option<Pin<Box<WaitForCancellationFuture<'a>>>>,
        operation: &'static str,
    }
}

/// Runs `work` until it ends or `token` is cancelled, whichever comes first
/// (a token already cancelled stops it before anything is sent).
pub(crate) fn unless_cancelled<'a, T, F>(
    token: Option<&'a CancellationToken>,
    operation: &'static str,
    work: F,
) -> UnlessCancelled<'a, F>
where
    F: Future<Output = Result<T, Error>>,
{
    UnlessCancelled { work, cancelled: token.map(|token| Box::pin(token.cancelled())), operation }
}

impl<T, F: Future<Output = Result<T, Error>>> Future for UnlessCancelled<'_, F> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        // The token first, so a call cancelled before it starts sends nothing.
        if let Some(cancelled) = this.cancelled {
            if cancelled.as_mut().poll(cx).is_ready() {
                return Poll::Ready(Err(Error::Cancelled { operation: this.operation }));
            }
        }
        this.work.poll(cx)
    }
}
