//! `overrides.yaml`: what the spec cannot say about an operation (whether a
//! POST only reads, its rate class, its Beta marker, the page size a walk asks
//! for), each entry with a reason.
//! Applied to the plan after the spec is read, before any emitter runs.

use std::path::Path;

use serde_json::Value;

use crate::spec::Spec;

pub const FILE: &str = "crates/reply-codegen/overrides.yaml";

/// Applies every entry to `spec`; an entry naming no operation, lacking a
/// reason, or changing nothing is an error, so the file cannot go stale.
pub fn apply(root: &Path, spec: &mut Spec) -> Result<usize, String> {
    let path = root.join(FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: Value = serde_norway::from_str(&text).map_err(|e| format!("{FILE}: {e}"))?;
    let entries = file.get("operations").and_then(Value::as_object).ok_or(format!("{FILE}: no `operations` map"))?;
    for (id, entry) in entries {
        let op =
            spec.ops.iter_mut().find(|op| op.id == *id).ok_or(format!("{FILE}: no operation `{id}` in the spec"))?;
        if entry.get("reason").and_then(Value::as_str).is_none_or(str::is_empty) {
            return Err(format!("{FILE}: `{id}` needs a reason"));
        }
        let mut changed = false;
        for (key, value) in entry.as_object().into_iter().flatten() {
            if key == "walk_top" {
                let max = op.paging.map(|(max, _)| max).ok_or(format!("{FILE}: `{id}` does not page"))?;
                let walk = value.as_u64().filter(|w| (1..=u64::from(max)).contains(w));
                let walk = walk.ok_or(format!("{FILE}: `{id}.walk_top` must be a page size of 1..={max}"))? as u32;
                changed |= walk != max;
                op.walk_top = Some(walk);
                continue;
            }
            let slot = match key.as_str() {
                "reason" => continue,
                "read" => &mut op.read,
                "reporting" => &mut op.reporting,
                "beta" => &mut op.beta,
                other => return Err(format!("{FILE}: `{id}`: unknown key `{other}`")),
            };
            let value = value.as_bool().ok_or(format!("{FILE}: `{id}.{key}` must be true or false"))?;
            changed |= *slot != value;
            *slot = value;
        }
        if !changed {
            return Err(format!("{FILE}: `{id}` changes nothing the spec does not already say; remove it"));
        }
    }
    Ok(entries.len())
}
