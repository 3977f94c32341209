//! `NativeCancel`: how a JS `AbortSignal` reaches the engine. JS makes one per
//! call that has a signal, passes its `id` in the call options, and calls
//! `cancel()` when the signal aborts; the engine's `CancellationToken` then
//! drops the call wherever it waits (on the wire, a retry's backoff, a quota
//! slot, a job's poll), so nothing more is sent.
//!
//! The call options cross napi as a plain object, which cannot hold a class
//! instance, hence the id: a table from id to token, kept while JS holds the
//! `NativeCancel` (its finalizer removes the entry).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{LazyLock, Mutex};

use napi_derive::napi;
use reply_client::CancellationToken;

use crate::error;

static NEXT_ID: AtomicU32 = AtomicU32::new(1);
static LIVE: LazyLock<Mutex<HashMap<u32, CancellationToken>>> = LazyLock::new(Mutex::default);

fn live() -> std::sync::MutexGuard<'static, HashMap<u32, CancellationToken>> {
    // A panic elsewhere cannot leave the table inconsistent: recover it.
    LIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[napi]
pub struct NativeCancel {
    id: u32,
    token: CancellationToken,
}

#[napi]
impl NativeCancel {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let token = CancellationToken::new();
        live().insert(id, token.clone());
        NativeCancel { id, token }
    }

    /// What the call options name this token by.
    #[napi(getter)]
    pub fn id(&self) -> u32 {
        self.id
    }

    /// Ends every call made with this token: they reject with the `cancelled` kind.
    #[napi]
    pub fn cancel(&self) {
        self.token.cancel();
    }
}

impl Drop for NativeCancel {
    fn drop(&mut self) {
        live().remove(&self.id);
    }
}

/// The token a call's options name (`cancel` holds a `NativeCancel`'s id).
pub fn token(id: u32) -> napi::Result<CancellationToken> {
    live().get(&id).cloned().ok_or_else(|| error::config(format!("no cancel token {id} (already released)")))
}
