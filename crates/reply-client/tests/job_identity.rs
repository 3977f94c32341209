//! A job started as another acting user and team is followed as that user
//! and team: reply-mock shows a job only to the user (and team) that started
//! it, as Reply lists "the user's background jobs", so polling or cancelling
//! it as the key's own user would answer 404.

use std::time::Duration;

use reply_client::models::{BackgroundJobListItemStatus as Status, ContactCreationRequest, EmailValidationRequest};
use reply_client::{ActingUser, Client, Config, RequestOptions};
use reply_mock::MockServer;

#[tokio::test]
async fn a_job_started_as_another_user_and_team_is_polled_and_cancelled_as_them() {
    let mut config = reply_mock::Config::quiet();
    // Long enough in Scheduled to cancel the job before it ends.
    config.jobs.scheduled_ms = 5_000;
    let mock = MockServer::start(config).await.expect("mock starts");
    // The master key acts as user 1 unless told otherwise; user 2 works in teams 1 and 2.
    let client = Client::new(Config::new("mock-master-key").with_base_url(mock.base_url())).expect("client");
    let as_sam = RequestOptions::default().acting_user(ActingUser::Id(2)).team_id(2);

    let contact = ContactCreationRequest { email: Some("job@example.com".into()), ..Default::default() };
    let contact = client.contacts().create(contact).options(as_sam.clone()).await.expect("contact of user 2");
    let body = EmailValidationRequest { contact_ids: vec![contact.id.expect("id")], ..Default::default() };
    let job = client.email_validations().schedule(body).options(as_sam).start_job().await.expect("job started");

    let seen = job.handle.status().await.expect("the starting user sees the job");
    assert_eq!(seen.status, Some(Status::Scheduled));
    job.handle.cancel(Some("done with it".into())).await.expect("the starting user cancels the job");
    let ended = job.handle.wait(Duration::from_secs(10)).await.expect("the job ends");
    assert_eq!(ended.status, Some(Status::Cancelled));

    let cancels: Vec<_> = mock.journal().into_iter().filter(|e| e.operation == "CancelBackgroundJob").collect();
    assert_eq!(cancels.iter().map(|e| (e.user_id, e.status)).collect::<Vec<_>>(), [(2, 204)], "{cancels:?}");
    mock.shutdown().await;
}
