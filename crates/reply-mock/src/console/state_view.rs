//! The State view: how many documents each resource holds, and the
//! contacts, sequences (steps as the chain they form, a condition's steps
//! as its yes and no branches, each step with its variants), lists and background jobs (with their progress).

use std::fmt::Write;

use serde_json::Value;

use super::html::{badge, esc, matches, table, text};
use crate::config::Config;
use crate::jobs::{JOBS, render as job_now};
use crate::resources::sequences;
use crate::store::{Store, int};

/// How many contacts the view lists (the filter finds the others).
const CONTACTS_SHOWN: usize = 200;

pub(super) fn render(store: &Store, config: &Config, filter: &str) -> String {
    let mut out = String::from("<h2>Resources</h2>");
    // The webhook log is the Webhooks view's; every other collection is a resource.
    let counts = store.counts().filter(|(_, n)| *n > 0).map(|(name, n)| vec![esc(name), n.to_string()]);
    out.push_str(&table("counts", &["resource", "documents"], counts));

    let contacts: Vec<&Value> = store
        .all("contacts")
        .filter(|c| {
            let line = format!(
                "{} {} {} {} {}",
                c["id"],
                text(&c["firstName"]),
                text(&c["lastName"]),
                text(&c["email"]),
                text(&c["company"])
            );
            matches(&line, filter)
        })
        .collect();
    let _ = write!(
        out,
        "<h2>Contacts <small>({} shown of {})</small></h2>",
        contacts.len().min(CONTACTS_SHOWN),
        store.all("contacts").count()
    );
    let rows = contacts.iter().take(CONTACTS_SHOWN).map(|c| {
        let lists: Vec<String> = c["_lists"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_i64)
            .map(|l| store.get("contact-lists", l).map_or_else(|| l.to_string(), |list| text(&list["name"])))
            .collect();
        let opted_out = if c["isOptedOut"] == true { badge("warn", "opted out") } else { String::new() };
        vec![
            esc(&text(&c["id"])),
            esc(&format!("{} {}", text(&c["firstName"]), text(&c["lastName"]))),
            esc(&text(&c["email"])),
            esc(&text(&c["company"])),
            esc(&lists.join(", ")),
            opted_out,
        ]
    });
    out.push_str(&table("contacts", &["id", "name", "email", "company", "lists", ""], rows));

    out.push_str("<h2>Sequences</h2>");
    let mut any = false;
    for sequence in store.all("sequences") {
        any = true;
        let id = int(sequence, "id").unwrap_or_default();
        let enrolled = store.all(crate::activity::ENROLLMENTS).filter(|e| int(e, "_parent") == Some(id)).count();
        let status = text(&sequence["status"]);
        let kind = if status == "active" { "ok" } else { "info" };
        let _ = write!(
            out,
            "<section class=\"sequence\"><h3>{id}: {} {} <small>{enrolled} contacts enrolled</small></h3>",
            esc(&text(&sequence["name"])),
            badge(kind, &status)
        );
        let steps = sequences::steps(store, id);
        let ids: Vec<Option<i64>> = steps.iter().map(|s| int(s, "id")).collect();
        // The top of the tree: steps without a parent among this sequence's steps.
        let roots: Vec<usize> =
            (0..steps.len()).filter(|i| int(&steps[*i], "parentId").is_none_or(|p| !ids.contains(&Some(p)))).collect();
        chain(&mut out, store, &steps, &roots);
        out.push_str("</section>");
    }
    if !any {
        out.push_str("<p class=\"none\">No sequences yet.</p>");
    }

    out.push_str("<h2>Lists</h2>");
    let lists = store.all("contact-lists").map(|list| {
        let id = int(list, "id");
        let members = store
            .all("contacts")
            .filter(|c| c["_lists"].as_array().is_some_and(|l| l.iter().any(|x| x.as_i64() == id)))
            .count();
        vec![esc(&text(&list["id"])), esc(&text(&list["name"])), members.to_string()]
    });
    out.push_str(&table("lists", &["id", "name", "contacts"], lists));

    out.push_str("<h2>Background jobs</h2>");
    let jobs = store.all(JOBS).map(|job| {
        let now = job_now(job, &config.jobs);
        let progress = now["progress"].as_f64().unwrap_or(0.0);
        vec![
            esc(&text(&now["jobId"])),
            esc(&text(&now["category"])),
            esc(&text(&now["status"])),
            format!("<progress max=\"1\" value=\"{progress}\"></progress> {:.0}%", progress * 100.0),
        ]
    });
    out.push_str(&table("jobs", &["job", "category", "status", "progress"], jobs));
    out
}

/// The steps at `level` (indexes into `steps`, in order) as a chain; a
/// condition step's children (`parentId`) split into its yes and no branches
/// (`ifConditionPositive`), another step's children continue the chain.
/// A step is numbered by its place in the sequence, as Reply numbers them.
fn chain(out: &mut String, store: &Store, steps: &[Value], level: &[usize]) {
    out.push_str("<ol class=\"chain\">");
    for &index in level {
        let step = &steps[index];
        let what = match step["actionType"].as_str() {
            Some(action) => format!("{} · {action}", text(&step["type"])),
            None => text(&step["type"]),
        };
        let _ = write!(
            out,
            "<li class=\"step\"><b>Step {}</b> {} <small>after {} min</small><ul class=\"variants\">",
            index + 1,
            esc(&what),
            step["delayInMinutes"].as_u64().unwrap_or(0)
        );
        for variant in store.all("step-variants").filter(|v| int(v, "_parent") == int(step, "id")) {
            let label = match text(&variant["subject"]) {
                subject if !subject.is_empty() => subject,
                _ => text(&variant["message"]).chars().take(60).collect(),
            };
            let _ = write!(out, "<li>variant {}: {}</li>", esc(&text(&variant["id"])), esc(&label));
        }
        out.push_str("</ul>");
        let children: Vec<usize> = (0..steps.len())
            .filter(|i| *i != index && int(&steps[*i], "parentId").is_some_and(|p| Some(p) == int(step, "id")))
            .collect();
        if step["type"] == "condition" {
            let (yes, no): (Vec<usize>, Vec<usize>) =
                children.into_iter().partition(|i| steps[*i]["ifConditionPositive"] == true);
            out.push_str("<div class=\"branches\">");
            for (label, branch) in [("yes", yes), ("no", no)] {
                let _ = write!(out, "<div class=\"branch {label}\"><b>{label}</b>");
                chain(out, store, steps, &branch);
                out.push_str("</div>");
            }
            out.push_str("</div></li>");
        } else {
            out.push_str("</li>");
            if !children.is_empty() {
                out.push_str("<li class=\"continues\">");
                chain(out, store, steps, &children);
                out.push_str("</li>");
            }
        }
    }
    out.push_str("</ol>");
}
