//! Loading and saving the store, so a `reply-mock --state FILE` keeps its
//! data across restarts. Saving writes a sibling file and renames it, so a
//! crash never leaves half a state behind.

use std::path::Path;

use crate::config::Config;
use crate::shared::Shared;
use crate::store::Store;

/// An empty store, or the fixtures when configured.
pub(crate) fn fresh_store(config: &Config) -> Store {
    let mut store = Store::default();
    if config.fixtures {
        crate::resources::fixtures(&mut store);
    }
    store
}

/// The saved store if the state file exists, else a fresh one.
pub(crate) fn load(config: &Config) -> Result<Store, crate::Error> {
    match &config.state_file {
        Some(path) if path.exists() => {
            let text = std::fs::read_to_string(path)?;
            serde_json::from_str(&text).map_err(|e| crate::Error::Config(format!("{}: {e}", path.display())))
        }
        _ => Ok(fresh_store(config)),
    }
}

pub(crate) fn save(store: &Store, path: &Path) -> Result<(), crate::Error> {
    let text = serde_json::to_vec_pretty(store).map_err(|e| crate::Error::Config(e.to_string()))?;
    let temporary = path.with_extension("tmp");
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path)?;
    Ok(())
}

/// Saves when a state file is configured; a failure is logged, not fatal.
pub(crate) fn save_if_configured(shared: &Shared) {
    let Some(path) = &shared.config.state_file else { return };
    let snapshot = shared.lock().store.clone();
    if let Err(e) = save(&snapshot, path) {
        tracing::warn!(target: "reply_mock", "could not save state to {}: {e}", path.display());
    }
}
