//! Every documented filter, search and sort of the list and count operations
//! is applied (issue #14, item 5). The first test holds the mock to the spec:
//! each documented parameter is either applied or listed as ignored, with a
//! reason. The others check what the spec says each filter does.

mod common;
mod outreach;

use std::collections::BTreeSet;

use reply_core::http::Method;
use reply_core::operation::ParamLocation;
use reply_core::operations::OPERATIONS;
use serde_json::{Value, json};

/// Every query parameter of the spec's list and count operations (paging
/// aside), and every member of the filter bodies (`Filter*` operations).
fn documented() -> BTreeSet<(&'static str, String)> {
    let requests: Value =
        serde_json::from_str(include_str!("../src/generated/requests.json")).expect("generated requests");
    let mut out = BTreeSet::new();
    for op in OPERATIONS.iter() {
        let listing = op.method == Method::Get
            && (op.paging.is_some() || op.name.starts_with("list") || op.name.starts_with("count"));
        if listing {
            for p in op.params.iter().filter(|p| p.location == ParamLocation::Query) {
                if !matches!(p.name, "top" | "skip") {
                    out.insert((op.id, p.name.to_owned()));
                }
            }
        }
        if op.method == Method::Post && op.id.starts_with("Filter") {
            let body = requests["operations"][op.id]["body"].as_u64().map(|i| &requests["bodies"][i as usize]);
            for member in body.and_then(|b| b["properties"].as_object()).into_iter().flatten().map(|(k, _)| k) {
                out.insert((op.id, member.clone()));
            }
        }
    }
    out
}

#[test]
fn every_documented_list_parameter_is_applied_or_ignored_with_a_reason() {
    let table = reply_mock::list_filters();
    let known: BTreeSet<(&str, String)> = table.iter().map(|(op, p, _)| (*op, (*p).to_owned())).collect();
    let missing: Vec<_> = documented().difference(&known).cloned().collect();
    assert!(missing.is_empty(), "documented but neither applied nor ignored with a reason: {missing:?}");
    for (op, param, treatment) in &table {
        // No stale rows: each names a documented parameter of a real operation.
        let real = OPERATIONS.iter().find(|o| o.id == *op).is_some_and(|o| {
            o.params.iter().any(|p| p.name == *param) || documented().contains(&(*op, (*param).to_owned()))
        });
        assert!(real, "{op} has no documented parameter {param}");
        let reason = treatment.strip_prefix("ignored: ");
        assert!(reason.is_none_or(|r| r.len() > 10), "{op}.{param} is ignored without a reason");
    }
    let applied = table.iter().filter(|(_, _, t)| !t.starts_with("ignored")).count();
    assert!(applied >= 40, "only {applied} parameters applied");
}

async fn post(mock: &reply_mock::MockServer, path: &str, body: Value) -> common::Reply {
    let reply = common::call(mock, "POST", path, Some(body)).await;
    assert!(reply.status < 300, "{path}: {}", reply.text);
    reply
}

fn names(reply: &common::Reply, member: &str) -> Vec<String> {
    let items = reply.json["items"].as_array().or(reply.json.as_array());
    items.into_iter().flatten().filter_map(|i| i[member].as_str().map(str::to_owned)).collect()
}

/// The spec's GetSequences/CountSequences: `name` "Search sequences by name
/// (case-insensitive, partial match)", `status`, `createdAfter`, `isArchived`;
/// `sortBy`/`sortDirection`, where "supplying `sortDirection` alone is rejected
/// with 400" (`sequence.invalidSort`, the 400 example's code); counts take the
/// same filters as the list.
#[tokio::test]
async fn sequences_filter_sort_and_count_as_documented() {
    // CountSequences is "coming soon" in the spec: served here to check its filters.
    let mut config = common::config();
    config.coming_soon = reply_mock::ComingSoon::Serve;
    let mock = common::start(config).await;
    for name in ["Alpha outreach", "beta Outreach", "Gamma"] {
        post(&mock, "/v3/sequences", json!({ "name": name, "steps": [outreach::email_step(0)] })).await;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let found = common::call(&mock, "GET", "/v3/sequences?name=OUTREACH", None).await;
    assert_eq!(names(&found, "name"), ["Alpha outreach", "beta Outreach"], "{}", found.text);
    let count = common::call(&mock, "GET", "/v3/sequences/count?name=outreach", None).await;
    assert_eq!(count.json["count"], 2, "{}", count.text);
    let count = common::call(&mock, "GET", "/v3/sequences/count?status=active", None).await;
    assert_eq!(count.json["count"], 0, "new sequences are not active: {}", count.text);

    let sorted = common::call(&mock, "GET", "/v3/sequences?sortBy=name", None).await;
    assert_eq!(names(&sorted, "name"), ["Alpha outreach", "beta Outreach", "Gamma"], "name sorts ascending");
    let sorted = common::call(&mock, "GET", "/v3/sequences?sortBy=name&sortDirection=desc", None).await;
    assert_eq!(names(&sorted, "name"), ["Gamma", "beta Outreach", "Alpha outreach"]);
    let newest = common::call(&mock, "GET", "/v3/sequences?sortBy=created", None).await;
    assert_eq!(names(&newest, "name"), ["Gamma", "beta Outreach", "Alpha outreach"], "created sorts newest first");
    let alone = common::call(&mock, "GET", "/v3/sequences?sortDirection=asc", None).await;
    assert_eq!((alone.status, alone.json["code"].as_str()), (400, Some("sequence.invalidSort")), "{}", alone.text);

    let all = common::call(&mock, "GET", "/v3/sequences?sortBy=created&sortDirection=asc", None).await;
    let created: Vec<String> = names(&all, "created");
    let later = created[1].replace('+', "%2B");
    let after = common::call(&mock, "GET", &format!("/v3/sequences?createdAfter={later}"), None).await;
    assert_eq!(names(&after, "name"), ["Gamma"], "{}", after.text);
    let count = common::call(&mock, "GET", &format!("/v3/sequences/count?createdAfter={later}"), None).await;
    assert_eq!(count.json["count"], 1);
    let archived = common::call(&mock, "GET", "/v3/sequences/count?isArchived=true", None).await;
    assert_eq!(archived.json["count"], 0);
    mock.shutdown().await;
}

/// The spec's `search` parameters: GetContactLists "Filter contact lists by
/// name", the blacklists "Filter rules by pattern", GetContactAccounts "Filter
/// accounts by name", ListOffers "Case-insensitive substring match on offer
/// name".
#[tokio::test]
async fn search_parameters_match_case_insensitive_substrings() {
    let mock = common::start(common::config()).await;
    for name in ["Hot leads", "Cold", "LEADS 2"] {
        post(&mock, "/v3/contact-lists", json!({ "name": name })).await;
        post(&mock, "/v3/contact-accounts", json!({ "name": name })).await;
        post(&mock, "/v3/ai-sdr/offers", json!({ "name": name })).await;
    }
    for pattern in ["spam.io", "junk.org", "SPAMMY.net"] {
        post(&mock, "/v3/contact-blacklist-rules/domains", json!({ "pattern": pattern })).await;
    }
    for path in
        ["/v3/contact-lists?search=leads", "/v3/contact-accounts?search=Leads", "/v3/ai-sdr/offers?search=lEaDs"]
    {
        let found = common::call(&mock, "GET", path, None).await;
        assert_eq!(names(&found, "name"), ["Hot leads", "LEADS 2"], "{path}: {}", found.text);
    }
    let rules = common::call(&mock, "GET", "/v3/contact-blacklist-rules/domains?search=spam", None).await;
    assert_eq!(names(&rules, "pattern"), ["spam.io", "SPAMMY.net"], "{}", rules.text);
    let sorted = common::call(&mock, "GET", "/v3/contact-accounts?sort_by=name&sort_direction=desc", None).await;
    assert_eq!(names(&sorted, "name"), ["LEADS 2", "Hot leads", "Cold"], "{}", sorted.text);
    mock.shutdown().await;
}

/// The spec's ListEmailAccounts `my`: "When true, returns only the
/// authenticated user's own email accounts"; ListInboxCategories
/// `ownerUserId`: "The target must be a member of the caller's team; otherwise
/// the request fails with 400 `inboxCategory.invalidInput`".
#[tokio::test]
async fn ownership_filters_follow_the_caller() {
    let mut config = common::config();
    config.fixtures = true;
    let mock = common::start(config).await;
    let all = common::call(&mock, "GET", "/v3/email-accounts", None).await;
    let mine = common::call(&mock, "GET", "/v3/email-accounts?my=true", None).await;
    let owners: Vec<i64> =
        mine.json["items"].as_array().into_iter().flatten().filter_map(|a| a["ownerUserId"].as_i64()).collect();
    assert!(owners.iter().all(|o| *o == 1), "{}", mine.text);
    assert!(all.json["items"].as_array().map(Vec::len) >= Some(owners.len()));
    let stranger = common::call(&mock, "GET", "/v3/inbox/threads/categories?ownerUserId=999", None).await;
    assert_eq!(
        (stranger.status, stranger.json["code"].as_str()),
        (400, Some("inboxCategory.invalidInput")),
        "{}",
        stranger.text
    );
    let member = common::call(&mock, "GET", "/v3/inbox/threads/categories?ownerUserId=2", None).await;
    assert_eq!(member.status, 200, "{}", member.text);
    mock.shutdown().await;
}

/// The spec's FilterContacts `sortBy`/`sortDirection` (body members).
#[tokio::test]
async fn contact_filter_body_sorts() {
    let mock = common::start(common::config()).await;
    for (email, first) in [("a@x.io", "Cleo"), ("b@x.io", "abe"), ("c@x.io", "Bea")] {
        post(&mock, "/v3/contacts", json!({ "email": email, "firstName": first })).await;
    }
    let sorted = post(&mock, "/v3/contacts/filter", json!({ "sortBy": "firstName", "sortDirection": "desc" })).await;
    assert_eq!(names(&sorted, "firstName"), ["Cleo", "Bea", "abe"], "{}", sorted.text);
    mock.shutdown().await;
}

/// The spec's FilterEmailAccounts body: `status` "Filter by connection status",
/// `email` "exact match, case-insensitive", `domains` "suffix match on the email
/// address … OR logic", `ownerUserIds` "matches any of the provided IDs".
#[tokio::test]
async fn email_account_filter_body_is_applied() {
    let mock = common::start(common::config()).await;
    for email in ["ann@acme.io", "bob@globex.com", "cy@sub.acme.io"] {
        let connection = json!({ "email": email, "senderName": "S", "smtpHost": "h", "smtpPort": 587, "smtpPassword": "p",
            "smtpSsl": true, "imapHost": "h", "imapPort": 993, "imapPassword": "p", "imapSsl": true });
        post(&mock, "/v3/email-accounts", json!({ "connection": connection })).await;
    }
    let by_domain = post(&mock, "/v3/email-accounts/filter", json!({ "domains": ["acme.io"] })).await;
    assert_eq!(names(&by_domain, "email"), ["ann@acme.io", "cy@sub.acme.io"], "{}", by_domain.text);
    let exact = post(&mock, "/v3/email-accounts/filter", json!({ "email": "BOB@globex.com" })).await;
    assert_eq!(names(&exact, "email"), ["bob@globex.com"], "{}", exact.text);
    let nobody = post(&mock, "/v3/email-accounts/filter", json!({ "ownerUserIds": [2] })).await;
    assert_eq!(names(&nobody, "email"), Vec::<String>::new(), "{}", nobody.text);
    let mine =
        post(&mock, "/v3/email-accounts/filter", json!({ "ownerUserIds": [1, 2], "domains": ["globex.com"] })).await;
    assert_eq!(names(&mine, "email"), ["bob@globex.com"], "{}", mine.text);
    mock.shutdown().await;
}

/// The spec's FilterContactAccounts body: `search` "filter accounts by name",
/// `sortBy`/`sortDirection`, and `filters` of `{property, condition, values}`.
#[tokio::test]
async fn contact_account_filter_body_is_applied() {
    let mock = common::start(common::config()).await;
    for (name, industry) in [("Acme", "Software"), ("Globex", "Energy"), ("Acme Labs", "Energy")] {
        post(&mock, "/v3/contact-accounts", json!({ "name": name, "industry": industry })).await;
    }
    let found = post(
        &mock,
        "/v3/contact-accounts/filter",
        json!({ "search": "acme", "sortBy": "name", "sortDirection": "desc" }),
    )
    .await;
    assert_eq!(names(&found, "name"), ["Acme Labs", "Acme"], "{}", found.text);
    let rule = json!({ "filters": [{ "property": "Industry", "condition": "Equals", "values": "energy" }] });
    let energy = post(&mock, "/v3/contact-accounts/filter", rule).await;
    assert_eq!(names(&energy, "name"), ["Globex", "Acme Labs"], "{}", energy.text);
    let rule = json!({ "filters": [{ "property": "Name", "condition": "NotIn", "values": ["Acme", "Globex"] }] });
    let rest = post(&mock, "/v3/contact-accounts/filter", rule).await;
    assert_eq!(names(&rest, "name"), ["Acme Labs"], "{}", rest.text);
    mock.shutdown().await;
}

fn ids(reply: &common::Reply) -> Vec<i64> {
    reply.json["items"].as_array().into_iter().flatten().filter_map(|i| i["id"].as_i64()).collect()
}

/// The spec's FilterTasks body: `from`/`to` on "StartAt", `taskType`, `status`,
/// `contactId`, and `overdue` ("`true` = overdue only, `false` = not overdue
/// only"; overdue read as a `new` task past its `dueTo`, our choice).
#[tokio::test]
async fn task_filter_body_is_applied() {
    let mock = common::start(common::config()).await;
    let contact = post(&mock, "/v3/contacts", json!({ "email": "t@x.io", "firstName": "T" })).await.json["id"].clone();
    let template = json!({ "subject": "s", "body": "b" });
    let mut tasks = Vec::new();
    for (kind, start, due) in [
        ("call", "2026-01-10T09:00:00Z", "2026-01-11T09:00:00Z"),
        ("toDo", "2026-02-10T09:00:00Z", "2999-01-01T00:00:00Z"),
        ("call", "2026-03-10T09:00:00Z", "2999-01-01T00:00:00Z"),
    ] {
        let body =
            json!({ "taskType": kind, "startAt": start, "dueTo": due, "contactId": contact, "template": template });
        tasks.push(post(&mock, "/v3/tasks", body).await.json["id"].as_i64().expect("a task"));
    }
    let calls = post(&mock, "/v3/tasks/filter", json!({ "taskType": "call" })).await;
    assert_eq!(ids(&calls), [tasks[0], tasks[2]], "{}", calls.text);
    let window =
        post(&mock, "/v3/tasks/filter", json!({ "from": "2026-02-01T00:00:00Z", "to": "2026-03-10T09:00:00Z" })).await;
    assert_eq!(ids(&window), [tasks[1], tasks[2]], "`to` is inclusive: {}", window.text);
    let overdue = post(&mock, "/v3/tasks/filter", json!({ "overdue": true })).await;
    assert_eq!(ids(&overdue), [tasks[0]], "{}", overdue.text);
    let on_time = post(&mock, "/v3/tasks/filter", json!({ "overdue": false, "contactId": contact })).await;
    assert_eq!(ids(&on_time), [tasks[1], tasks[2]], "{}", on_time.text);
    let nobody = post(&mock, "/v3/tasks/filter", json!({ "contactId": 999 })).await;
    assert_eq!(ids(&nobody), Vec::<i64>::new());
    mock.shutdown().await;
}

/// The spec's FilterInboxThreads body: `search` (subject, body preview and
/// contact identifiers), `emailAccountIds`, `contactIds`, `source`, and
/// `ownerUserId` ("must be a member of the caller's team; otherwise … 400
/// `inboxThread.invalidInput`").
#[tokio::test]
async fn inbox_thread_filter_body_is_applied() {
    let mock = common::start(common::config()).await;
    let connection = |email: &str| {
        json!({ "connection": { "email": email, "senderName": "S", "smtpHost": "h", "smtpPort": 587, "smtpPassword": "p",
            "smtpSsl": true, "imapHost": "h", "imapPort": 993, "imapPassword": "p", "imapSsl": true } })
    };
    let first = post(&mock, "/v3/email-accounts", connection("one@x.io")).await.json["id"].clone();
    let second = post(&mock, "/v3/email-accounts", connection("two@x.io")).await.json["id"].clone();
    let ann =
        post(&mock, "/v3/contacts", json!({ "email": "ann@acme.io", "firstName": "Ann" })).await.json["id"].clone();
    let bob =
        post(&mock, "/v3/contacts", json!({ "email": "bob@globex.com", "firstName": "Bob" })).await.json["id"].clone();
    for (contact, account, subject) in [(&ann, &first, "Pricing"), (&bob, &second, "Hello")] {
        let mail = json!({ "subject": subject, "body": "<p>hi</p>", "emailAccountId": account });
        post(&mock, &format!("/v3/contacts/{contact}/send-direct-email"), mail).await;
    }
    let filter = |body: Value| post(&mock, "/v3/inbox/threads/filter", body);
    let subjects = |reply: &common::Reply| names(reply, "subject");
    assert_eq!(subjects(&filter(json!({ "emailAccountIds": [second] })).await), ["Hello"]);
    assert_eq!(subjects(&filter(json!({ "contactIds": [ann] })).await), ["Pricing"]);
    assert_eq!(subjects(&filter(json!({ "search": "globex" })).await), ["Hello"], "contact identifiers are searched");
    assert_eq!(subjects(&filter(json!({ "source": "sent" })).await), ["Pricing", "Hello"]);
    assert_eq!(subjects(&filter(json!({ "source": "inbox" })).await), Vec::<String>::new(), "no inbound message yet");
    assert_eq!(subjects(&filter(json!({ "ownerUserId": 1 })).await), ["Pricing", "Hello"]);
    let stranger = common::call(&mock, "POST", "/v3/inbox/threads/filter", Some(json!({ "ownerUserId": 999 }))).await;
    assert_eq!((stranger.status, stranger.json["code"].as_str()), (400, Some("inboxThread.invalidInput")));
    mock.shutdown().await;
}
