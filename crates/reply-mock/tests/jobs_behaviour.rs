//! Background jobs beyond the happy path: they can end `Failed` or `Expired`,
//! carry a result shaped per category, belong to the user who started them, and
//! a malformed id is refused with the documented code.
//!
//! Sources: the spec's `GetBackgroundJobById` (statuses `Done`, `Failed`, `Expired`,
//! `Cancelled`; "`jsonDataResult` … Populated only when `status` is terminal (`Done` /
//! `Failed`). Opaque — shape is per-category"; 400 `backgroundJob.invalidJobId` "Job id must
//! be a non-empty GUID."), `GetBackgroundJobs` ("all of the user's background jobs"), and
//! ../shared/research/conventions-reporting-automation.md §6.4 (the autopilot preview's
//! result `{contactsCount, companiesCount, sampleContacts}`). Rates, timing and the other
//! result shapes are our choices (README).

mod common;

use std::time::Duration;

use serde_json::{Value, json};

const USER_2: [(&str, &str); 3] = [("authorization", "Bearer mock-master-key"), ("x-user-id", "2"), ("x-team-id", "1")];

fn sample_body(op: &str) -> Value {
    let samples: Value = serde_json::from_str(include_str!("../src/generated/samples.json")).expect("samples");
    samples[op]["request"]["body"].clone()
}

/// Polls a job until it reaches a terminal status.
async fn finished(mock: &reply_mock::MockServer, job_id: &str) -> Value {
    for _ in 0..200 {
        let job = common::call(mock, "GET", &format!("/v3/background-jobs/{job_id}"), None).await;
        assert_eq!(job.status, 200, "{}", job.text);
        if matches!(job.json["status"].as_str(), Some("Done" | "Failed" | "Expired" | "Cancelled")) {
            return job.json;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("job {job_id} did not finish");
}

/// The final statuses of `n` strategist jobs on a mock with the given seed and rates.
async fn ends(seed: u64, n: usize) -> Vec<Value> {
    let mut config = common::config();
    config.seed = seed;
    config.jobs.scheduled_ms = 20;
    config.jobs.processing_ms = 40;
    config.jobs.failed_rate = 0.4;
    config.jobs.expired_rate = 0.3;
    let mock = common::start(config).await;
    let mut ids = Vec::new();
    for _ in 0..n {
        let started =
            common::call(&mock, "POST", "/v3/ai-sdr/strategist/start", Some(sample_body("StartStrategist"))).await;
        assert_eq!(started.status, 202, "{}", started.text);
        ids.push(started.json["jobId"].as_str().expect("a job id").to_owned());
    }
    let mut jobs = Vec::new();
    for id in &ids {
        jobs.push(finished(&mock, id).await);
    }
    mock.shutdown().await;
    jobs
}

#[tokio::test]
async fn jobs_fail_or_expire_at_the_configured_rates_as_the_seed_draws() {
    let jobs = ends(7, 30).await;
    let statuses: Vec<&str> = jobs.iter().filter_map(|j| j["status"].as_str()).collect();
    for wanted in ["Done", "Failed", "Expired"] {
        assert!(statuses.contains(&wanted), "no {wanted} among {statuses:?}");
    }
    for job in &jobs {
        match job["status"].as_str() {
            Some("Failed") => {
                let result: Value = serde_json::from_str(job["jsonDataResult"].as_str().expect("a failure result"))
                    .expect("the result is JSON text");
                assert_eq!(result["succeeded"], false, "{job}");
                assert_eq!(job["progress"], 0.5, "a failed job stops halfway: {job}");
            }
            Some("Expired") => {
                assert_eq!(job["jsonDataResult"], Value::Null, "only Done and Failed carry a result: {job}");
                assert_eq!(job["progress"], 0.0, "an expired job was never processed: {job}");
            }
            _ => assert!(job["jsonDataResult"].is_string(), "{job}"),
        }
        assert!(job["finishedAt"].is_string(), "{job}");
    }
    // The same seed draws the same ends.
    let again: Vec<Value> = ends(7, 30).await;
    let again: Vec<&str> = again.iter().filter_map(|j| j["status"].as_str()).collect();
    assert_eq!(statuses, again);
}

#[tokio::test]
async fn job_results_are_shaped_per_category() {
    let mut config = common::config();
    config.fixtures = true;
    config.jobs.scheduled_ms = 10;
    config.jobs.processing_ms = 20;
    let mock = common::start(config).await;
    let cases = [
        ("/v3/email-validations/schedule", "ScheduleEmailValidation", "r2/bg-jobs/email-validation"),
        ("/v3/sequences/ai-sdr/1/autopilot/preview", "PreviewAutopilot", "r2/bg-jobs/preview-autopilot"),
        ("/v3/ai-sdr/offers/generate", "GenerateOffer", "r2/bg-jobs/generate-offer"),
    ];
    let mut results = Vec::new();
    for (path, op, category) in cases {
        let started = common::call(&mock, "POST", path, Some(sample_body(op))).await;
        assert_eq!(started.status, 202, "{op}: {}", started.text);
        assert_eq!(
            started.header("location").map(str::to_owned),
            started.json["jobId"].as_str().map(|id| format!("/v3/background-jobs/{id}"))
        );
        let job = finished(&mock, started.json["jobId"].as_str().expect("a job id")).await;
        assert_eq!((job["status"].as_str(), job["category"].as_str()), (Some("Done"), Some(category)), "{job}");
        let result: Value = serde_json::from_str(job["jsonDataResult"].as_str().expect("a result")).expect("JSON text");
        results.push(result);
    }
    assert_eq!((results[0]["validated"].as_u64(), results[0]["valid"].as_u64()), (Some(1), Some(1)), "{}", results[0]);
    for member in ["contactsCount", "companiesCount", "sampleContacts"] {
        assert!(results[1].get(member).is_some(), "the autopilot preview's {member}: {}", results[1]);
    }
    for member in ["name", "companyName", "painPoints"] {
        assert!(results[2].get(member).is_some(), "the generated offer's {member}: {}", results[2]);
    }
    mock.shutdown().await;
}

#[tokio::test]
async fn a_user_sees_only_their_own_jobs() {
    let mock = common::start(common::config()).await;
    let started =
        common::call(&mock, "POST", "/v3/ai-sdr/strategist/start", Some(sample_body("StartStrategist"))).await;
    let job_id = started.json["jobId"].as_str().expect("a job id").to_owned();
    let path = format!("/v3/background-jobs/{job_id}");

    let mine = common::call(&mock, "GET", "/v3/background-jobs", None).await;
    assert_eq!(mine.json["items"].as_array().map(Vec::len), Some(1), "{}", mine.text);
    assert_eq!(common::call(&mock, "GET", &path, None).await.status, 200);

    // User 2 works in the same team, and still sees none of user 1's jobs.
    let theirs = common::call_with(&mock, "GET", "/v3/background-jobs", None, &USER_2).await;
    assert_eq!(theirs.json["items"], json!([]), "{}", theirs.text);
    let read = common::call_with(&mock, "GET", &path, None, &USER_2).await;
    assert_eq!((read.status, read.json["code"].as_str()), (404, Some("backgroundJob.notFound")));
    let cancel = common::call_with(&mock, "POST", &format!("{path}/cancel"), None, &USER_2).await;
    assert_eq!(cancel.status, 404);
    mock.shutdown().await;
}

#[tokio::test]
async fn a_malformed_job_id_is_refused_as_invalid_job_id() {
    let mock = common::start(common::config()).await;
    for id in ["not-a-guid", "00000000-0000-0000-0000-000000000000", "3f1c2b9e8d4a4c7e9b1a2f6d5e4c3b2a0"] {
        for (method, path) in
            [("GET", format!("/v3/background-jobs/{id}")), ("POST", format!("/v3/background-jobs/{id}/cancel"))]
        {
            let reply = common::call(&mock, method, &path, None).await;
            assert_eq!(
                (reply.status, reply.json["code"].as_str(), reply.json["detail"].as_str()),
                (400, Some("backgroundJob.invalidJobId"), Some("Job id must be a non-empty GUID.")),
                "{method} {path}: {}",
                reply.text
            );
        }
    }
    let unknown = common::call(&mock, "GET", "/v3/background-jobs/3f1c2b9e-8d4a-4c7e-9b1a-2f6d5e4c3b2a", None).await;
    assert_eq!((unknown.status, unknown.json["code"].as_str()), (404, Some("backgroundJob.notFound")));
    mock.shutdown().await;
}

#[tokio::test]
async fn job_end_rates_must_be_shares_of_one() {
    let mut config = common::config();
    config.jobs.failed_rate = 0.8;
    config.jobs.expired_rate = 0.5;
    let refused = reply_mock::MockServer::start(config).await.err().expect("refused");
    assert!(refused.to_string().contains("failedRate"), "{refused}");
}
