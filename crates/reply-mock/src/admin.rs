//! The mock's own endpoints under `/__mock/`, for tests in any language:
//!
//! - `GET /__mock/health` → `{"ok": true}`
//! - `GET /__mock/faults` → counts of injected faults
//! - `PUT /__mock/faults` with a fault configuration → replaces it (reseeded, counters zeroed)
//! - `GET /__mock/limits` → 429s the rate limiter sent (in total and per user) and each user's windows
//! - `GET /__mock/journal` → every write whose handler ran (see [`crate::JournalEntry`])
//! - `POST /__mock/reset` → forgets all state, the journal and the request log (fixtures again if configured)
//!
//! The console under `/__mock/console` is [`crate::console`].

use std::sync::Arc;

use axum::body::Body;
use serde_json::json;

use crate::answer::Answer;
use crate::config::FaultsConfig;
use crate::shared::Shared;

pub(crate) async fn handle(shared: &Arc<Shared>, method: &str, path: &str, body: Body) -> Answer {
    match (method, path.trim_start_matches("/__mock/")) {
        ("GET", "health") => Answer::json(200, json!({ "ok": true })),
        ("GET", "faults") => Answer::json(200, serde_json::to_value(shared.faults.counts()).unwrap_or_default()),
        ("GET", "journal") => Answer::json(200, json!({ "entries": shared.journal.since(0) })),
        ("GET", "limits") => Answer::json(200, serde_json::to_value(shared.limiter.counts()).unwrap_or_default()),
        ("PUT", "faults") => {
            let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
                return Answer::problem(413, "fault configurations are small");
            };
            match serde_json::from_slice::<FaultsConfig>(&bytes) {
                Ok(faults) => {
                    shared.faults.reconfigure(faults, shared.config.seed);
                    Answer::empty(204)
                }
                Err(e) => Answer::problem(400, format!("not a fault configuration: {e}")),
            }
        }
        ("POST", "reset") => {
            let fresh = crate::persist::fresh_store(&shared.config);
            shared.lock().store = fresh;
            shared.journal.clear();
            shared.request_log.clear();
            Answer::empty(204)
        }
        _ => Answer::problem(404, format!("no mock endpoint at {path}")),
    }
}
