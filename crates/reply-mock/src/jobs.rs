//! Background jobs. Every operation documented as `202 Accepted` starts one
//! and answers `Location: /v3/background-jobs/{jobId}`. A job's state is a
//! function of its age and of the end drawn when it started (Scheduled, then
//! Processing with rising progress, then Done; or Failed halfway; or Expired
//! without being processed), computed when read, so it needs no timer and
//! survives persistence; cancelling stops it where it is. Users see only
//! their own jobs.

use rand::Rng;
use reply_core::OperationInfo;
use serde_json::{Value, json};

use crate::answer::{Answer, Body};
use crate::clock;
use crate::config::JobsConfig;
use crate::resources::crud;
use crate::samples;
use crate::shape::project;
use crate::state::{Ctx, State};
use crate::store::{Store, int};
use reply_core::OperationId as Op;

pub(crate) const JOBS: &str = "background-jobs";
const FIXTURE_JOB: &str = "3f1c2b9e-8d4a-4c7e-9b1a-2f6d5e4c3b2a";

pub(crate) fn handle(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    let answer = match ctx.op.key {
        Op::GetBackgroundJobs => {
            let wanted = ctx.input.query("category").map(|c| format!("r2/bg-jobs/{c}"));
            let mut items: Vec<Value> = state
                .store
                .all(JOBS)
                .filter(|j| own(j, ctx))
                .filter(|j| {
                    wanted.as_ref().is_none_or(|w| j["category"].as_str().is_some_and(|c| c.starts_with(w.as_str())))
                })
                .map(|j| render(j, &ctx.config.jobs))
                .collect();
            items.reverse();
            Ok(crud::page_unfiltered(ctx, items))
        }
        Op::GetBackgroundJobById => find(state, ctx).map(|key| {
            let job = state.store.get(JOBS, key).map(|j| render(j, &ctx.config.jobs)).unwrap_or_default();
            Answer::json(200, project(samples::body(ctx.op.key), &job))
        }),
        Op::CancelBackgroundJob => find(state, ctx).map(|key| {
            let now = clock::now_ms();
            let config = &ctx.config.jobs;
            if let Some(job) = state.store.get_mut(JOBS, key) {
                // Cancelling a finished job is accepted and changes nothing.
                if !is_terminal(job, config, now) {
                    job["_cancelledMs"] = json!(now);
                }
            }
            Answer::empty(204)
        }),
        Op::EstimateEmailValidation => {
            let (requested, eligible) = eligible_contacts(state, ctx);
            let body = json!({
                "requestedCount": requested, "eligibleCount": eligible.len(), "creditsAvailable": 10_000,
                "creditsRequired": eligible.len(), "creditsSufficient": true, "canSchedule": !eligible.is_empty(), "blockers": [],
            });
            Ok(Answer::json(200, body))
        }
        Op::ScheduleEmailValidation => {
            let (requested, eligible) = eligible_contacts(state, ctx);
            let partial = ctx.input.member("acceptPartial").as_bool().unwrap_or(false);
            if eligible.is_empty() || (eligible.len() < requested && !partial) {
                return Some(Answer::validation(vec![(
                    "/contactIds".into(),
                    format!(
                        "{} of {requested} contacts can be validated (they must exist and have an email)",
                        eligible.len()
                    ),
                )]));
            }
            let n = eligible.len();
            let result = json!({ "validated": n, "valid": n, "invalid": 0, "contactIds": eligible });
            let answer = start(state, ctx, Some(result));
            Ok(with_members(answer, json!({ "scheduledCount": n, "creditsReserved": n })))
        }
        _ => return None,
    };
    Some(answer.unwrap_or_else(|a| a))
}

/// Starts a job for a 202 operation and answers with its id and `Location`.
/// How the job will end is drawn now, from the seeded generator.
pub(crate) fn start(state: &mut State, ctx: &Ctx, result: Option<Value>) -> Answer {
    let job_id = clock::uuid(&mut state.rng);
    let draw: f64 = state.rng.random();
    let now = clock::now_ms();
    let category = match ctx.op.key {
        Op::ScheduleEmailValidation => "r2/bg-jobs/email-validation".to_owned(),
        other => format!("r2/bg-jobs/{}", kebab(other.as_str())),
    };
    let input = ctx.input.body.as_ref().map(Value::to_string);
    let result = result.unwrap_or_else(|| category_result(ctx));
    let jobs = &ctx.config.jobs;
    let fate = if draw < jobs.failed_rate {
        "Failed"
    } else if draw < jobs.failed_rate + jobs.expired_rate {
        "Expired"
    } else {
        "Done"
    };
    let doc = json!({
        "jobId": job_id, "category": category, "startedAt": clock::iso(now), "jsonData": input,
        "_createdMs": now, "_result": result.to_string(), "_fate": fate, "_team": ctx.who.team_id, "_user": ctx.who.user_id,
    });
    state.store.insert(JOBS, doc);
    let mut body = samples::body(ctx.op.key).clone();
    if let Value::Object(members) = &mut body {
        if members.is_empty() || members.contains_key("jobId") {
            members.insert("jobId".into(), json!(job_id));
        }
    }
    Answer::json(202, body).header("location", format!("/v3/background-jobs/{job_id}"))
}

/// The result a finished job of this operation carries in `jsonDataResult`.
/// The spec calls it "opaque — shape is per-category"; the one shape the
/// research notes know is the autopilot preview's. The others mirror the
/// resource the job produces (the offer, the approval, the preview) or, where
/// nothing is known, say what was done: our choice.
fn category_result(ctx: &Ctx) -> Value {
    let path_id = |name: &str| json!(ctx.input.path_id(name));
    match ctx.op.key {
        Op::PreviewAutopilot => json!({ "contactsCount": 0, "companiesCount": 0, "sampleContacts": [] }),
        Op::GenerateOffer => samples::body(Op::GetOffer).clone(),
        Op::RegenerateApproval => {
            let mut approval = samples::body(Op::GetApprovalByContact).clone();
            approval["sequenceId"] = path_id("sequence_id");
            approval["contactId"] = path_id("contact_id");
            approval["isRegenerating"] = json!(false);
            approval
        }
        Op::PersonalizeSequencePreview => {
            let mut preview = samples::body(Op::GetSequencePreview).clone();
            preview["sequenceId"] = path_id("sequence_id");
            preview["contactId"] = path_id("contact_id");
            preview
        }
        Op::PreviewLiveDataSearch => json!({ "contactsFound": 0, "sampleContacts": [] }),
        _ => {
            let ids = crate::resources::ids_in(ctx.input.body.as_ref());
            json!({ "operation": ctx.op.id, "processed": ids.len(), "contactIds": ids })
        }
    }
}

fn with_members(mut answer: Answer, members: Value) -> Answer {
    if let (Body::Json(Value::Object(body)), Value::Object(extra)) = (&mut answer.body, members) {
        body.extend(extra);
    }
    answer
}

/// The store key of the caller's job the path names.
fn find(state: &State, ctx: &Ctx) -> Result<i64, Answer> {
    let id = ctx.input.path("jobId");
    if !clock::is_uuid(id) || id == "00000000-0000-0000-0000-000000000000" {
        return Err(invalid_id());
    }
    state
        .store
        .all(JOBS)
        .find(|j| own(j, ctx) && j["jobId"].as_str().is_some_and(|j| j.eq_ignore_ascii_case(id)))
        .and_then(|j| int(j, "id"))
        .ok_or_else(|| Answer::not_found("backgroundJob.notFound", "The requested background job was not found."))
}

/// Whether the job is the acting user's: the spec lists "the user's background
/// jobs", so another user's job, even in the same team, is not found (our
/// choice for the single-job reads). Jobs stored before users were recorded
/// belong to their team.
fn own(job: &Value, ctx: &Ctx) -> bool {
    crud::visible(job, ctx) && int(job, "_user").is_none_or(|user| user == ctx.who.user_id)
}

/// The spec's 400 for a job id that is not a non-empty GUID (`GetBackgroundJobById`, `CancelBackgroundJob`).
fn invalid_id() -> Answer {
    Answer::problem(400, "Job id must be a non-empty GUID.").code("backgroundJob.invalidJobId")
}

/// A request refused by validation, with the documented code when what was
/// wrong is the job id of a background-job path.
pub(crate) fn refusal(op: &OperationInfo, refused: Answer) -> Answer {
    let names_job_id = match &refused.body {
        Body::Problem(p) => p["errors"].as_array().is_some_and(|e| e.iter().any(|e| e["pointer"] == "/jobId")),
        _ => false,
    };
    if names_job_id && op.path.contains("{jobId}") { invalid_id() } else { refused }
}

fn eligible_contacts(state: &State, ctx: &Ctx) -> (usize, Vec<i64>) {
    let requested = crate::resources::ids_in(ctx.input.body.as_ref());
    let eligible = requested
        .iter()
        .copied()
        .filter(|id| {
            state
                .store
                .get("contacts", *id)
                .is_some_and(|c| crud::visible(c, ctx) && c["email"].as_str().is_some_and(|e| !e.is_empty()))
        })
        .collect();
    (requested.len(), eligible)
}

fn is_terminal(job: &Value, config: &JobsConfig, now: u64) -> bool {
    matches!(status(job, config, now).0, "Done" | "Failed" | "Expired" | "Cancelled")
}

/// The status, progress and finish time of a job at `now`. A `Done` job ends
/// after `scheduled_ms + processing_ms`; a `Failed` one halfway through
/// processing; an `Expired` one is never picked up and expires when it would
/// have been done. Cancelling before the end stops it where it is.
fn status(job: &Value, config: &JobsConfig, now: u64) -> (&'static str, f64, Option<u64>) {
    let created = job["_createdMs"].as_u64().unwrap_or(0);
    let (scheduled, processing) = (config.scheduled_ms, config.processing_ms);
    let fate = match job["_fate"].as_str() {
        Some("Failed") => "Failed",
        Some("Expired") => "Expired",
        _ => "Done",
    };
    let ends = created
        + match fate {
            "Failed" => scheduled + processing / 2,
            _ => scheduled + processing,
        };
    let progress_at = |t: u64| {
        let age = t.saturating_sub(created);
        if fate == "Expired" || age < scheduled {
            0.0
        } else if processing == 0 {
            1.0
        } else {
            ((age - scheduled) as f64 / processing as f64).min(1.0)
        }
    };
    if let Some(cancelled) = job["_cancelledMs"].as_u64().filter(|&c| c < ends) {
        if now >= cancelled {
            return ("Cancelled", progress_at(cancelled), Some(cancelled));
        }
    }
    if now >= ends {
        (fate, progress_at(ends), Some(ends))
    } else if fate == "Expired" || now < created + scheduled {
        ("Scheduled", 0.0, None)
    } else {
        ("Processing", progress_at(now), None)
    }
}

/// A job as the API shows it at this moment.
pub(crate) fn render(job: &Value, config: &JobsConfig) -> Value {
    let (status, progress, finished) = status(job, config, clock::now_ms());
    let mut out = job.clone();
    out["status"] = json!(status);
    out["progress"] = json!(progress);
    out["finishedAt"] = finished.map_or(Value::Null, |f| json!(clock::iso(f)));
    // The spec: "Populated only when `status` is terminal (`Done` / `Failed`)".
    out["jsonDataResult"] = match status {
        "Done" => job["_result"].clone(),
        "Failed" => json!(failure(job).to_string()),
        _ => Value::Null,
    };
    out
}

/// What a failed job reports (the shape of a failure result is not documented; our choice).
fn failure(job: &Value) -> Value {
    json!({ "succeeded": false, "error": "jobFailed", "detail": format!("job {} failed (simulated by jobs.failedRate)", job["jobId"].as_str().unwrap_or_default()) })
}

/// `ScheduleEmailValidation` → `schedule-email-validation`.
fn kebab(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// A finished job with the id the samples use, so the sample requests find it.
pub(crate) fn fixtures(store: &mut Store) {
    let long_ago = clock::now_ms().saturating_sub(86_400_000);
    let doc = json!({
        "jobId": FIXTURE_JOB, "category": "r2/bg-jobs/email-validation", "startedAt": clock::iso(long_ago),
        "jsonData": "{\"contactIds\":[1]}", "_createdMs": long_ago, "_result": "{\"validated\":1}", "_team": 1, "_user": 1,
    });
    store.insert(JOBS, doc);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_move_through_their_states() {
        let config = JobsConfig { scheduled_ms: 100, processing_ms: 200, ..JobsConfig::default() };
        let job = json!({ "_createdMs": 1_000 });
        assert_eq!(status(&job, &config, 1_050).0, "Scheduled");
        let (s, p, f) = status(&job, &config, 1_200);
        assert_eq!((s, f), ("Processing", None));
        assert!((p - 0.5).abs() < 1e-9);
        assert_eq!(status(&job, &config, 1_300), ("Done", 1.0, Some(1_300)));
        let cancelled = json!({ "_createdMs": 1_000, "_cancelledMs": 1_150 });
        assert_eq!(status(&cancelled, &config, 5_000).0, "Cancelled");
        let failing = json!({ "_createdMs": 1_000, "_fate": "Failed" });
        assert_eq!(status(&failing, &config, 1_150).0, "Processing");
        assert_eq!(status(&failing, &config, 1_200), ("Failed", 0.5, Some(1_200)), "fails halfway");
        let expiring = json!({ "_createdMs": 1_000, "_fate": "Expired" });
        assert_eq!(status(&expiring, &config, 1_250), ("Scheduled", 0.0, None), "never picked up");
        assert_eq!(status(&expiring, &config, 1_300), ("Expired", 0.0, Some(1_300)));
        assert_eq!(kebab(Op::GenerateOffer.as_str()), "generate-offer");
    }
}
