//! The demo's steps, each a few calls of the typed client and a short account
//! of what happened.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use reply_client::Client;
use reply_client::models::{
    BulkAddContactsToSequenceRequest, ContactPatchRequestCustomFieldsItem, ContactsImportRequest,
    ContactsImportRequestItemsItem, ContactsImportRequestOptions, CreateContactListRequest, CustomFieldCreateRequest,
    EmailAccountCreateRequest, EmailValidationRequest, FieldType, ScheduleCreateRequest, SequenceCreate,
    SequenceStatsRequest, WebHookCreationRequest, WebHookScope,
};
use reply_client::operations::{GetSequenceContactsQuery, ListEmailAccountsQuery};
use reply_core::Nullable;
use serde::Serialize;
use serde_json::{Value, json};

use super::Report;
use super::contacts::{self, DemoContact};
use super::receiver::Receiver;
use crate::failure::Failure;

const IMPORT_BATCH: usize = 50;
const WEBHOOK_EVENT: &str = "email_sent";

/// A typed request body from JSON, for the nested ones (schedules, sequence
/// steps) that read better as the document they are. Decoding checks the
/// shape against the generated types before anything is sent.
fn typed<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, Failure> {
    serde_json::from_value(value).map_err(|e| Failure::Runtime(format!("the demo built an invalid request: {e}")))
}

/// A wire value (string enums) as plain text.
fn text<T: Serialize>(value: &T) -> String {
    crate::table::cell(&serde_json::to_value(value).unwrap_or_default())
}

fn missing(what: &str) -> Failure {
    Failure::Runtime(format!("the answer has no {what}"))
}

/// Everything later steps need from earlier ones.
struct Ids {
    list: i64,
    lead_source: i64,
    employees: i64,
    contacts: Vec<i64>,
    schedule: i64,
    sequence: i64,
}

pub async fn run(client: &Client, report: &mut Report, local: bool) -> Result<(), Failure> {
    whoami(client, report).await?;
    let (list, lead_source, employees) = list_and_fields(client, report).await?;
    let mut ids = Ids { list, lead_source, employees, contacts: Vec::new(), schedule: 0, sequence: 0 };
    ids.contacts = import(client, report, &ids).await?;
    ids.schedule = schedule(client, report).await?;
    ids.sequence = sequence(client, report, &ids, local).await?;
    let mut receiver = if local { Some(webhook(client, report).await?) } else { None };
    enrol_and_start(client, report, &ids).await?;
    if let Some(receiver) = receiver.as_mut() {
        deliveries(report, receiver, ids.contacts.len()).await;
    }
    email_validation(client, report, &ids).await?;
    sequence_report(client, report, &ids).await?;
    quota(client, report);
    Ok(())
}

async fn whoami(client: &Client, report: &mut Report) -> Result<(), Failure> {
    report.begin("Who am I");
    let me = client.user_account().whoami().await?;
    report.done(
        "whoami",
        &[format!("{} (user {}) in team {}", me.username, me.user_id, me.team_id)],
        json!({"userId": me.user_id, "username": me.username, "teamId": me.team_id}),
    );
    Ok(())
}

async fn list_and_fields(client: &Client, report: &mut Report) -> Result<(i64, i64, i64), Failure> {
    report.begin("A contact list and two custom fields");
    let list = client
        .contact_lists()
        .create(CreateContactListRequest { name: "Demo prospects".into(), ..Default::default() })
        .await?;
    let source = client
        .custom_fields()
        .create(CustomFieldCreateRequest {
            title: "Lead source".into(),
            field_type: FieldType::Text,
            ..Default::default()
        })
        .await?;
    let employees = client
        .custom_fields()
        .create(CustomFieldCreateRequest {
            title: "Employees".into(),
            field_type: FieldType::Number,
            ..Default::default()
        })
        .await?;
    let (list_id, source_id, employees_id) = (
        list.id.ok_or_else(|| missing("list id"))?,
        source.id.ok_or_else(|| missing("custom field id"))?,
        employees.id.ok_or_else(|| missing("custom field id"))?,
    );
    report.done(
        "listAndFields",
        &[
            format!("list \"{}\" (id {list_id})", list.name.unwrap_or_default()),
            format!(
                "custom fields \"Lead source\" (text, id {source_id}) and \"Employees\" (number, id {employees_id})"
            ),
        ],
        json!({"listId": list_id, "customFieldIds": [source_id, employees_id]}),
    );
    Ok((list_id, source_id, employees_id))
}

fn import_item(contact: &DemoContact, ids: &Ids) -> ContactsImportRequestItemsItem {
    let field = |id: i64, value: String| ContactPatchRequestCustomFieldsItem {
        id: Nullable::Value(id),
        value: Nullable::Value(value),
        ..Default::default()
    };
    ContactsImportRequestItemsItem {
        email: Some(contact.email.clone()),
        first_name: contact.first_name.clone(),
        last_name: Some(contact.last_name.clone()),
        company: Some(contact.company.clone()),
        title: Some(contact.title.clone()),
        city: Some(contact.city.clone()),
        country: Some(contact.country.clone()),
        custom_fields: Some(vec![
            field(ids.lead_source, contact.lead_source.clone()),
            field(ids.employees, contact.employees.to_string()),
        ]),
        ..Default::default()
    }
}

async fn import(client: &Client, report: &mut Report, ids: &Ids) -> Result<Vec<i64>, Failure> {
    report.begin(&format!("Import contacts from {}", contacts::FILE_NAME));
    let rows = contacts::load()?;
    let bar = crate::progress::bar(report.hide_progress(), rows.len() as u64, "importing");
    let (mut added, mut updated, mut skipped, mut failed) = (0, 0, 0, 0);
    let mut contact_ids = Vec::with_capacity(rows.len());
    let options = ContactsImportRequestOptions { list_ids: Some(vec![ids.list]), ..Default::default() };
    for batch in rows.chunks(IMPORT_BATCH) {
        let request = ContactsImportRequest {
            items: batch.iter().map(|c| import_item(c, ids)).collect(),
            options: Some(options.clone()),
            ..Default::default()
        };
        let answer = client.contacts().import(request).await;
        let answer = match answer {
            Ok(answer) => answer,
            Err(e) => {
                bar.finish_and_clear();
                return Err(e.into());
            }
        };
        added += answer.added.unwrap_or_default();
        updated += answer.updated.unwrap_or_default();
        skipped += answer.skipped.unwrap_or_default();
        failed += answer.failed.unwrap_or_default();
        contact_ids.extend(answer.items.into_iter().flatten().filter_map(|item| item.id.into_option()));
        bar.inc(batch.len() as u64);
    }
    bar.finish_and_clear();
    report.done(
        "import",
        &[
            format!(
                "{} rows in {} requests of {IMPORT_BATCH}, into the list",
                rows.len(),
                rows.len().div_ceil(IMPORT_BATCH)
            ),
            format!("{added} added, {updated} updated, {skipped} skipped, {failed} failed"),
        ],
        json!({"rows": rows.len(), "added": added, "updated": updated, "skipped": skipped, "failed": failed,
               "contactIds": contact_ids.len()}),
    );
    Ok(contact_ids)
}

async fn schedule(client: &Client, report: &mut Report) -> Result<i64, Failure> {
    report.begin("A sending schedule");
    let weekday = |day: &str, active: bool| {
        json!({"weekDay": day, "isActive": active, "timeRanges": if active {
            json!([{"fromTime": {"hour": 9, "minute": 0}, "toTime": {"hour": 17, "minute": 0}}])
        } else { json!([]) }})
    };
    let days = [
        ("Monday", true),
        ("Tuesday", true),
        ("Wednesday", true),
        ("Thursday", true),
        ("Friday", true),
        ("Saturday", false),
        ("Sunday", false),
    ];
    let request: ScheduleCreateRequest = typed(json!({
        "name": "Demo weekdays 9-17",
        "timezoneId": "GMT Standard Time",
        "excludeHolidays": true,
        "mainTimings": days.iter().map(|(d, a)| weekday(d, *a)).collect::<Vec<_>>(),
    }))?;
    let created = client.schedules().create(request).await?;
    let id = created.id.ok_or_else(|| missing("schedule id"))?;
    report.done(
        "schedule",
        &[format!(
            "\"{}\" (id {id}): Monday to Friday, 09:00-17:00 {}",
            created.name.unwrap_or_default(),
            created.timezone_id.unwrap_or_default()
        )],
        json!({"scheduleId": id}),
    );
    Ok(id)
}

/// The mailbox the sequence sends from: the workspace's default one (else its
/// first). Reply will not start a sequence without one; the embedded mock starts
/// with none, so there the demo connects an SMTP mailbox of its own first.
async fn sender(client: &Client, local: bool) -> Result<(i64, String), Failure> {
    let accounts = client.email_accounts().list(ListEmailAccountsQuery::default()).await?.items.unwrap_or_default();
    let chosen = accounts.iter().find(|a| a.is_default == Some(true)).or(accounts.first());
    if let Some((id, email)) = chosen.and_then(|a| Some((a.id?, a.email.clone().unwrap_or_default()))) {
        return Ok((id, email));
    }
    if !local {
        return Err(Failure::Runtime("the account has no email account to send the sequence from".into()));
    }
    let request: EmailAccountCreateRequest = typed(json!({
        "connection": {"email": "demo.sender@example.com", "senderName": "Demo Sender", "smtpHost": "smtp.example.com",
                       "smtpPort": 587, "smtpPassword": "demo", "imapHost": "imap.example.com", "imapPort": 993,
                       "imapPassword": "demo"}
    }))?;
    let created = client.email_accounts().create(request).await?;
    Ok((created.id.ok_or_else(|| missing("email account id"))?, "demo.sender@example.com".into()))
}

async fn sequence(client: &Client, report: &mut Report, ids: &Ids, local: bool) -> Result<i64, Failure> {
    report.begin("A multichannel sequence");
    const DAY: i64 = 24 * 60;
    let (account, address) = sender(client, local).await?;
    let request: SequenceCreate = typed(json!({
        "name": "Demo: meet the team",
        "scheduleId": ids.schedule,
        "emailAccounts": [account],
        "steps": [
            {"type": "email", "delayInMinutes": 0, "executionMode": "automatic", "variants": [
                {"subject": "Quick question, {{FirstName}}", "message": "Hi {{FirstName}}, is {{Company}} hiring this quarter?"}
            ]},
            {"type": "linkedIn", "actionType": "connect", "delayInMinutes": DAY, "executionMode": "automatic",
             "variants": [{"message": "Hi {{FirstName}}, following up on my email.", "isEnabled": true}]},
            {"type": "task", "actionType": "toDo", "delayInMinutes": 2 * DAY,
             "description": "Call {{FirstName}} if there was no reply"}
        ]
    }))?;
    let created = client.sequences().create(request).await?;
    let id = created.id.ok_or_else(|| missing("sequence id"))?;
    let steps: Vec<String> = created
        .steps
        .iter()
        .flatten()
        .map(|step| {
            let value = serde_json::to_value(step).unwrap_or_default();
            let member = |name: &str| value.get(name).map(crate::table::cell).unwrap_or_default();
            let kind = match member("type").as_str() {
                "linkedIn" => format!("LinkedIn {}", member("actionType")).trim_end().to_owned(),
                other => other.to_owned(),
            };
            match value.get("delayInMinutes").and_then(Value::as_i64).unwrap_or_default() / DAY {
                0 => format!("{kind} at once"),
                1 => format!("{kind} a day later"),
                days => format!("{kind} {days} days later"),
            }
        })
        .collect();
    report.done(
        "sequence",
        &[
            format!(
                "\"{}\" (id {id}) on schedule {}, sending from {address}",
                created.name.unwrap_or_default(),
                ids.schedule
            ),
            format!("steps: {}", steps.join(", ")),
        ],
        json!({"sequenceId": id, "steps": steps.len(), "status": created.status.as_ref().map(text),
               "emailAccountId": account}),
    );
    Ok(id)
}

async fn webhook(client: &Client, report: &mut Report) -> Result<Receiver, Failure> {
    report.begin("A webhook to a local receiver");
    let receiver = Receiver::start().await?;
    let hook = client
        .webhooks()
        .create(WebHookCreationRequest {
            event_type: WEBHOOK_EVENT.into(),
            url: receiver.url.clone(),
            scope: Some(WebHookScope::Personal),
            ..Default::default()
        })
        .await?;
    let id = hook.id.ok_or_else(|| missing("webhook id"))?;
    report.done(
        "webhook",
        &[format!("subscribed to {WEBHOOK_EVENT} (id {id}), delivered to {}", receiver.url)],
        json!({"webhookId": id, "event": WEBHOOK_EVENT}),
    );
    Ok(receiver)
}

async fn enrol_and_start(client: &Client, report: &mut Report, ids: &Ids) -> Result<(), Failure> {
    report.begin("Enrol the contacts and start the sequence");
    let added = client
        .sequence_contacts()
        .bulk_add(
            ids.sequence,
            BulkAddContactsToSequenceRequest { contact_ids: ids.contacts.clone(), ..Default::default() },
        )
        .await?;
    let enrolled = added.added.as_ref().map_or(0, Vec::len);
    let not_processed = added.not_processed.as_ref().map_or(0, |n| n.len());
    let started = client.sequences().start(ids.sequence).await?;
    let status = started.status.as_ref().map(text).unwrap_or_default();
    report.done(
        "enrolAndStart",
        &[format!("{enrolled} contacts enrolled ({not_processed} not processed); the sequence is {status}")],
        json!({"enrolled": enrolled, "notProcessed": not_processed, "status": status}),
    );
    Ok(())
}

async fn deliveries(report: &mut Report, receiver: &mut Receiver, expected: usize) {
    report.begin("Webhook deliveries");
    let started = Instant::now();
    let received = receiver.collect(expected, Duration::from_secs(5)).await;
    let mut lines = vec![format!(
        "{} {WEBHOOK_EVENT} deliveries in {:.1} s, for example:",
        received.len(),
        started.elapsed().as_secs_f64()
    )];
    for payload in received.iter().take(3) {
        let field = |pointer: &str| payload.pointer(pointer).map(crate::table::cell).unwrap_or_default();
        lines.push(format!(
            "  {}  {}  \"{}\" step {}",
            field("/event/type"),
            field("/contact_fields/email"),
            field("/sequence_fields/name"),
            field("/sequence_fields/step_number"),
        ));
    }
    let kinds: Vec<String> = received.iter().filter_map(|p| p.pointer("/event/type").map(crate::table::cell)).collect();
    let matching = kinds.iter().filter(|k| *k == WEBHOOK_EVENT).count();
    report.done("deliveries", &lines, json!({"received": received.len(), "expected": expected, "ofType": matching}));
}

async fn email_validation(client: &Client, report: &mut Report, ids: &Ids) -> Result<(), Failure> {
    report.begin("Validate the emails in a background job");
    let job = client
        .email_validations()
        .schedule(EmailValidationRequest { contact_ids: ids.contacts.clone(), ..Default::default() })
        .start_job()
        .await?;
    let scheduled = job.output.scheduled_count.unwrap_or_default();
    let started = Instant::now();
    let spinner = crate::progress::waiting(report.hide_progress(), "waiting for the job");
    spinner.set_prefix("    ");
    let finished = job.handle.wait(Duration::from_secs(60)).await;
    spinner.finish_and_clear();
    let finished = finished?;
    let status = finished.status.as_ref().map(text).unwrap_or_default();
    let result: Value =
        finished.json_data_result.as_ref().and_then(|r| serde_json::from_str(r).ok()).unwrap_or(Value::Null);
    let count = |name: &str| result.get(name).and_then(Value::as_i64);
    let mut lines = vec![format!(
        "job {} for {scheduled} contacts: {status} after {:.1} s",
        job.handle.id(),
        started.elapsed().as_secs_f64()
    )];
    if let (Some(valid), Some(invalid)) = (count("valid"), count("invalid")) {
        lines.push(format!("{valid} valid, {invalid} invalid"));
    }
    report.done(
        "emailValidation",
        &lines,
        json!({"jobId": job.handle.id(), "scheduled": scheduled, "status": status, "result": result}),
    );
    Ok(())
}

async fn sequence_report(client: &Client, report: &mut Report, ids: &Ids) -> Result<(), Failure> {
    report.begin("The sequence report");
    let mut by_status: std::collections::BTreeMap<String, usize> = Default::default();
    let mut contacts =
        std::pin::pin!(client.sequence_contacts().list(ids.sequence, GetSequenceContactsQuery::default()).items(None));
    while let Some(contact) = contacts.next().await {
        let status = contact?.status_in_sequence.as_ref().map(text).unwrap_or_else(|| "unknown".into());
        *by_status.entry(status).or_default() += 1;
    }
    let stats = client.sequences().get_stats(ids.sequence, SequenceStatsRequest::default()).await?;
    let email = stats.email_overview.unwrap_or_default();
    let counts: Vec<String> = by_status.iter().map(|(status, n)| format!("{n} {status}")).collect();
    let n = |v: Option<i64>| v.unwrap_or_default();
    report.done(
        "report",
        &[
            format!("contacts in the sequence: {}", counts.join(", ")),
            format!(
                "email: {} contacted, {} delivered, {} opened, {} replied, {} bounced",
                n(email.contacted),
                n(email.delivered),
                n(email.opened),
                n(email.replied),
                n(email.bounced)
            ),
        ],
        json!({"contactsByStatus": by_status, "email": serde_json::to_value(&email).unwrap_or_default()}),
    );
    Ok(())
}

fn quota(client: &Client, report: &mut Report) {
    report.begin("Rate-limit budget");
    let Some(quota) = client.quota() else {
        report.done("quota", &["client-side rate limiting is off".into()], Value::Null);
        return;
    };
    let limits = client.config().quota.unwrap_or_default();
    let used = limits.default.per_hour.saturating_sub(quota.default.hour);
    report.done(
        "quota",
        &[
            format!(
                "this run sent {used} requests: {}/{} left this minute, {}/{} this hour",
                quota.default.minute, limits.default.per_minute, quota.default.hour, limits.default.per_hour
            ),
            format!(
                "reporting budget: {}/{} this minute; waited {:.1} s for the limiter",
                quota.reporting.minute,
                limits.reporting.per_minute,
                quota.waited.as_secs_f64()
            ),
        ],
        json!({"requests": used, "minuteLeft": quota.default.minute, "hourLeft": quota.default.hour,
               "reportingMinuteLeft": quota.reporting.minute}),
    );
}
