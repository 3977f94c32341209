//! Background jobs: started from a 202, polled to each terminal state, cancelled.

mod support;

use std::time::Duration;

use reply_client::models::{BackgroundJobListItemStatus as Status, EmailValidationRequest};
use support::{Answer, Script, client, json};

const JOB: &str = "3f1c2b9e-8d4a-4c7e-9b1a-2f6d5e4c3b2a";

fn job(status: &str) -> Answer {
    json(200, &format!(r#"{{"jobId": "{JOB}", "status": "{status}", "progress": 0.5}}"#))
}

fn started() -> Answer {
    Answer::Status(
        202,
        vec![("content-type", "application/json".into()), ("location", format!("v3/background-jobs/{JOB}"))],
        format!(r#"{{"jobId": "{JOB}", "scheduledCount": 2, "creditsReserved": 2}}"#),
    )
}

#[tokio::test(start_paused = true)]
async fn polls_until_each_terminal_state() {
    for terminal in ["Done", "Failed", "Expired", "Cancelled"] {
        let script = Script::new(vec![started(), job("Scheduled"), job("Processing"), job(terminal)]);
        let c = client(&script);
        let body = EmailValidationRequest { contact_ids: vec![1, 2], ..Default::default() };
        let started = c.email_validations().schedule(body).start_job().await.unwrap();
        assert_eq!(started.handle.id(), JOB);
        assert_eq!(started.output.scheduled_count, Some(2));
        let finished = started.handle.wait(Duration::from_secs(60)).await.unwrap();
        assert_eq!(finished.status.unwrap().as_str(), terminal);
        assert!(script.seen()[3].url.ends_with(&format!("/v3/background-jobs/{JOB}")));
    }
}

#[tokio::test(start_paused = true)]
async fn wait_times_out_without_cancelling() {
    let script = Script::new((0..40).map(|_| job("Processing")).collect());
    let handle = reply_client::JobHandle::new(client(&script), JOB);
    let err = handle.wait(Duration::from_secs(3)).await.unwrap_err();
    assert_eq!(err.kind(), "timeout");
    assert!(script.seen().iter().all(|s| s.method == "GET"));
}

#[tokio::test(start_paused = true)]
async fn cancel_posts_the_reason() {
    let script = Script::new(vec![json(204, "")]);
    let handle = reply_client::JobHandle::new(client(&script), JOB);
    handle.cancel(Some("no longer needed".into())).await.unwrap();
    let seen = &script.seen()[0];
    assert_eq!(seen.method, "POST");
    assert!(seen.url.ends_with(&format!("/v3/background-jobs/{JOB}/cancel")));
    assert_eq!(seen.body.as_deref(), Some(br#"{"reason":"no longer needed"}"#.as_slice()));
    assert!(reply_client::is_terminal(&Status::Done));
}

#[tokio::test(start_paused = true)]
async fn wait_ends_at_once_on_an_unknown_or_unrecognised_job_status() {
    for status in ["Unknown", "Paused"] {
        let script = Script::new((0..40).map(|_| job(status)).collect());
        let handle = reply_client::JobHandle::new(client(&script), JOB);
        let err = handle.wait(Duration::from_secs(600)).await.unwrap_err();
        assert_eq!(err.kind(), "decode", "{status}: {err}");
        assert!(err.to_string().contains(&format!("status `{status}`")), "{err}");
        assert_eq!(script.seen().len(), 1, "{status}: stopped after the first answer, not at the deadline");
    }
    let script = Script::new(vec![json(200, &format!(r#"{{"jobId": "{JOB}"}}"#))]);
    let err = reply_client::JobHandle::new(client(&script), JOB).wait(Duration::from_secs(600)).await.unwrap_err();
    assert!(err.to_string().contains("no status"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn a_started_job_whose_answer_names_no_job_is_applied_unreadable() {
    let answer = r#"{"scheduledCount": 2}"#;
    let script = Script::new(vec![json(202, answer), started()]);
    let body = EmailValidationRequest { contact_ids: vec![1, 2], ..Default::default() };
    let err = client(&script).email_validations().schedule(body).start_job().await.unwrap_err();
    assert_eq!(err.kind(), "applied_unreadable", "{err}");
    assert!(matches!(&err, reply_client::Error::AppliedUnreadable { body, .. } if body.as_ref() == answer.as_bytes()));
    assert_eq!(script.count(), 1, "the job was not started twice");
}
