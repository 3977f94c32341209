//! The generated tool table, and which of its tools a session offers.

use std::sync::OnceLock;

use reply_core::operation::OperationInfo;
use rmcp::model::Tool;
use serde_json::Value;

/// Written by `reply-codegen`; see `crates/reply-codegen/src/emit_mcp.rs`.
const TABLE: &str = include_str!("generated/tools.json");

/// A hand-written tool: a safe workflow or `jobs_wait`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workflow {
    FindContactByEmail,
    EnsureContact,
    EnrolInSequence,
    ResolveSequenceStep,
    JobsWait,
}

impl Workflow {
    fn from_name(name: &str) -> Option<Workflow> {
        Some(match name {
            "find_contact_by_email" => Workflow::FindContactByEmail,
            "ensure_contact" => Workflow::EnsureContact,
            "enrol_in_sequence" => Workflow::EnrolInSequence,
            "resolve_sequence_step" => Workflow::ResolveSequenceStep,
            "jobs_wait" => Workflow::JobsWait,
            _ => return None,
        })
    }
}

/// What a tool runs.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    Operation(&'static OperationInfo),
    Workflow(Workflow),
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Entry {
    pub tool: Tool,
    pub target: Target,
    pub tag: String,
    pub core: bool,
    pub read: bool,
    pub scope: Option<String>,
}

impl Entry {
    fn is_job(&self) -> bool {
        matches!(self.target, Target::Operation(info) if info.job)
    }
}

fn parse(row: &Value) -> Result<Entry, String> {
    let name = row["name"].as_str().ok_or("a tool without a name")?;
    let tool: Tool = serde_json::from_value(row.clone()).map_err(|e| format!("tool {name}: {e}"))?;
    let target = match (row["operationId"].as_str(), row["workflow"].as_str()) {
        (Some(id), _) => {
            Target::Operation(reply_client::operation(id).ok_or(format!("tool {name}: no operation {id}"))?)
        }
        (None, Some(w)) => Target::Workflow(Workflow::from_name(w).ok_or(format!("tool {name}: no workflow {w}"))?),
        (None, None) => return Err(format!("tool {name} runs nothing")),
    };
    Ok(Entry {
        tool,
        target,
        tag: row["tag"].as_str().unwrap_or_default().to_owned(),
        core: row["core"] == true,
        read: row["read"] == true,
        scope: row["scope"].as_str().map(str::to_owned),
    })
}

/// Every tool of the table, parsed once.
pub fn all() -> &'static [Entry] {
    static ALL: OnceLock<Vec<Entry>> = OnceLock::new();
    ALL.get_or_init(|| {
        let table: Value = serde_json::from_str(TABLE).expect("the generated tool table is JSON");
        let rows = table["tools"].as_array().expect("the tool table has tools");
        rows.iter().map(|row| parse(row).unwrap_or_else(|e| panic!("generated tool table: {e}"))).collect()
    })
}

/// The tags of the table, in table order, each once.
pub fn tags() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for entry in all() {
        if !out.contains(&entry.tag.as_str()) {
            out.push(&entry.tag);
        }
    }
    out
}

/// `Email Validations`, `email-validations` and `email_validations` name the same tag.
fn same_tag(a: &str, b: &str) -> bool {
    let norm =
        |s: &str| s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect::<String>();
    norm(a) == norm(b)
}

/// Which tags a session offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolSet {
    /// The curated default: contacts, lists, sequences, enrolment, inbox, tasks, reports, webhooks, workflows.
    Core,
    /// The default plus these tags (any spelling: `Email Validations`, `email-validations`).
    CoreAnd(Vec<String>),
    /// Every tool.
    All,
}

/// The tools a session offers.
#[derive(Debug, Clone)]
pub struct Selection {
    pub set: ToolSet,
    /// Drop every tool that changes state.
    pub read_only: bool,
    /// The scopes the key holds, when the API says them: tools needing others are hidden.
    pub scopes: Option<Vec<String>>,
}

/// Whether one of the `granted` scopes allows `needed` (Reply's rules, as the mock applies
/// them; `none` needs nothing).
fn covered(needed: &str, granted: &[String]) -> bool {
    needed == "none" || granted.iter().any(|g| reply_core::scope::grants(g, needed))
}

impl Selection {
    /// The entries this selection offers; an unknown tag is an error naming the known ones.
    pub fn apply(&self) -> Result<Vec<Entry>, String> {
        if let ToolSet::CoreAnd(wanted) = &self.set {
            for tag in wanted {
                if !tags().iter().any(|known| same_tag(known, tag)) {
                    return Err(format!("no tag `{tag}`; the tags are: {}", tags().join(", ")));
                }
            }
        }
        let offered = |e: &Entry| match &self.set {
            ToolSet::All => true,
            ToolSet::Core => e.core,
            ToolSet::CoreAnd(wanted) => e.core || wanted.iter().any(|t| same_tag(t, &e.tag)),
        };
        let allowed = |e: &Entry| {
            (!self.read_only || e.read)
                && match (&self.scopes, &e.scope) {
                    (Some(granted), Some(needed)) => covered(needed, granted),
                    _ => true,
                }
        };
        let mut chosen: Vec<Entry> = all()
            .iter()
            .filter(|e| !matches!(e.target, Target::Workflow(Workflow::JobsWait)))
            .filter(|e| offered(e) && allowed(e))
            .cloned()
            .collect();
        // `jobs_wait` follows the jobs the other tools start, so it comes with them.
        if chosen.iter().any(Entry::is_job) {
            let wait = all().iter().find(|e| matches!(e.target, Target::Workflow(Workflow::JobsWait)));
            chosen.extend(wait.filter(|e| allowed(e)).cloned());
        }
        Ok(chosen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(selection: &Selection) -> Vec<String> {
        selection.apply().unwrap().iter().map(|e| e.tool.name.to_string()).collect()
    }

    #[test]
    fn every_row_parses_and_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for entry in all() {
            assert!(seen.insert(entry.tool.name.clone()), "{}", entry.tool.name);
            assert_eq!(entry.tool.input_schema["type"], "object");
        }
        // Every operation has its tool, uploads included, plus the four workflows and jobs_wait.
        assert_eq!(all().len(), reply_core::operations::OPERATIONS.len() + 5);
    }

    #[test]
    fn read_only_keeps_only_reads() {
        let selection = Selection { set: ToolSet::All, read_only: true, scopes: None };
        let chosen = selection.apply().unwrap();
        assert!(chosen.iter().all(|e| e.read && e.tool.annotations.as_ref().unwrap().read_only_hint == Some(true)));
        assert!(names(&selection).contains(&"contacts_list".to_owned()));
        assert!(!names(&selection).contains(&"contacts_create".to_owned()));
    }

    #[test]
    fn tags_widen_the_core_and_bring_jobs_wait() {
        let core = names(&Selection { set: ToolSet::Core, read_only: false, scopes: None });
        assert!(core.contains(&"sequences_start".to_owned()) && core.contains(&"ensure_contact".to_owned()));
        assert!(!core.contains(&"jobs_wait".to_owned()));
        let wider =
            Selection { set: ToolSet::CoreAnd(vec!["email-validations".into()]), read_only: false, scopes: None };
        let wider = names(&wider);
        assert!(wider.contains(&"jobs_wait".to_owned()));
        assert!(wider.len() > core.len());
        let unknown = Selection { set: ToolSet::CoreAnd(vec!["nope".into()]), read_only: false, scopes: None };
        assert!(unknown.apply().unwrap_err().contains("Contacts"));
    }

    #[test]
    fn scopes_hide_what_cannot_succeed() {
        let selection = Selection { set: ToolSet::Core, read_only: false, scopes: Some(vec!["contacts:read".into()]) };
        let chosen = names(&selection);
        assert!(chosen.contains(&"contacts_list".to_owned()));
        assert!(!chosen.contains(&"contacts_create".to_owned()) && !chosen.contains(&"sequences_list".to_owned()));
        assert!(covered("sequences:read", &["sequences:*".into()]) && covered("none", &[]));
        // `write` implies `read`, so a key with contacts:write keeps the contact reads.
        let writer =
            names(&Selection { set: ToolSet::Core, read_only: false, scopes: Some(vec!["contacts:write".into()]) });
        assert!(writer.contains(&"contacts_list".to_owned()) && writer.contains(&"contacts_create".to_owned()));
        assert!(!writer.contains(&"sequences_start".to_owned()));
    }
}
