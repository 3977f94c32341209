//! Request errors with the codes the spec's examples name (issue #14, item 6):
//! out-of-range paging, and a body in the wrong media type.

mod common;

/// The spec's 400 examples per operation: GetContacts "Invalid requested page
/// view." `contact.invalidPagination`; GetContactLists "Parameter 'top' must
/// be between 1 and 1000" `contactsList.invalidPagination`; GetBackgroundJobs
/// "... between 1 and 200" `backgroundJob.invalidPagination`; ListOffers
/// "Invalid pagination: 'top' must not exceed 1000." `offer.invalidPagination`.
#[tokio::test]
async fn out_of_range_paging_answers_the_resources_invalid_pagination() {
    let mock = common::start(common::config()).await;
    let cases = [
        ("/v3/contacts?top=0", "contact.invalidPagination", "Invalid requested page view."),
        ("/v3/contacts?top=1001", "contact.invalidPagination", "Invalid requested page view."),
        ("/v3/contacts?skip=-1", "contact.invalidPagination", "Invalid requested page view."),
        ("/v3/contact-lists?top=1001", "contactsList.invalidPagination", "Parameter 'top' must be between 1 and 1000"),
        ("/v3/background-jobs?top=201", "backgroundJob.invalidPagination", "Parameter 'top' must be between 1 and 200"),
        ("/v3/ai-sdr/offers?top=5000", "offer.invalidPagination", "Invalid pagination: 'top' must not exceed 1000."),
        ("/v3/sequences?top=-3", "sequence.invalidPagination", "Invalid requested page view."),
    ];
    for (path, code, detail) in cases {
        let reply = common::call(&mock, "GET", path, None).await;
        assert_eq!(reply.status, 400, "{path}: {}", reply.text);
        assert_eq!((reply.json["code"].as_str(), reply.json["detail"].as_str()), (Some(code), Some(detail)), "{path}");
        assert_eq!(reply.header("content-type"), Some("application/problem+json"));
    }
    // The bounds themselves are accepted.
    for path in ["/v3/contacts?top=1&skip=0", "/v3/contacts?top=1000", "/v3/background-jobs?top=200"] {
        assert_eq!(common::call(&mock, "GET", path, None).await.status, 200, "{path}");
    }
    // A `top` that is not a number stays a validation failure naming it.
    let reply = common::call(&mock, "GET", "/v3/contacts?top=lots", None).await;
    assert_eq!((reply.status, reply.json["errors"][0]["pointer"].as_str()), (400, Some("/top")));
    mock.shutdown().await;
}

/// Issue #14, item 6: a request body in a media type the operation does not
/// take is refused with 415 Unsupported Media Type (the spec's request bodies
/// are `application/json` or `multipart/form-data` only).
#[tokio::test]
async fn a_body_in_the_wrong_media_type_is_415() {
    let mock = common::start(common::config()).await;
    let auth = format!("Bearer {}", common::KEY);
    for (path, media, body) in [
        ("/v3/contacts", "application/x-www-form-urlencoded", "email=a%40x.io"),
        ("/v3/contacts/import", "text/csv", "email,firstName\na@x.io,A"),
        ("/v3/attachments", "application/json", "{}"),
    ] {
        let reply = common::client()
            .post(format!("{}{path}", mock.base_url()))
            .header("authorization", &auth)
            .header("content-type", media)
            .body(body)
            .send()
            .await
            .expect("an answer");
        assert_eq!(reply.status().as_u16(), 415, "{path} as {media}");
        let problem: serde_json::Value =
            serde_json::from_str(&reply.text().await.unwrap_or_default()).unwrap_or_default();
        assert_eq!(problem["title"], "Unsupported Media Type", "{problem}");
    }
    // The right media type, malformed (no boundary), stays a 400.
    let reply = common::client()
        .post(format!("{}/v3/attachments", mock.base_url()))
        .header("authorization", &auth)
        .header("content-type", "multipart/form-data")
        .body("--x--")
        .send()
        .await
        .expect("an answer");
    assert_eq!(reply.status().as_u16(), 400);
    // No body and no content type is a missing file part: 400, a status the upload documents.
    let reply = common::call(&mock, "POST", "/v3/attachments", None).await;
    assert_eq!(reply.status, 400, "{}", reply.text);
    mock.shutdown().await;
}

/// A whole number written with a fraction (`356256.0`) is an `integer` under
/// the spec's JSON Schema 2020-12 and is taken as that integer; one beyond 64
/// bits is still refused at its pointer. Found by schemathesis'
/// `positive_data_acceptance` on team-performance's `emailAccountIds`.
#[tokio::test]
async fn whole_numbers_written_with_a_fraction_are_integers() {
    let mock = common::start(common::config()).await;
    let path = "/v3/reporting/team-performance/overview";
    let body = |ids: serde_json::Value| serde_json::json!({ "filters": { "emailAccountIds": ids, "dateRangePreset": "lastMonth" } });
    let reply = common::call(&mock, "POST", path, Some(body(serde_json::json!([-217.0, 356256.0, 360])))).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply =
        common::call(&mock, "POST", "/v3/linkedin-accounts/bulk-delete", Some(serde_json::json!({ "ids": [5.0] })))
            .await;
    assert_ne!(reply.status, 400, "{}", reply.text);
    let reply = common::call(&mock, "POST", path, Some(body(serde_json::json!([36893488147419103233.0])))).await;
    assert_eq!(reply.status, 400, "{}", reply.text);
    assert_eq!(reply.json["errors"][0]["pointer"].as_str(), Some("/filters/emailAccountIds/0"));
    let reply = common::call(&mock, "POST", path, Some(body(serde_json::json!([2.5])))).await;
    assert_eq!(reply.status, 400, "{}", reply.text);
    mock.shutdown().await;
}

/// The largest page is the one the spec states: the 400 example's "between 1
/// and 1000" or "must not exceed 1000" (ListWebhooks, ListEmailTemplates,
/// ListReplyHandlers, the reporting lists), not reply-core's cautious 100 for
/// operations whose parameter prose names no maximum; GetContactActivities
/// states none anywhere, so none is applied.
#[tokio::test]
async fn the_largest_page_is_the_one_the_spec_states() {
    let mock = common::start(common::config()).await;
    for path in
        ["/v3/webhooks?top=1000", "/v3/email-templates?top=999", "/v3/ai-sdr/knowledge-bases/1/reply-handlers?top=1000"]
    {
        let reply = common::call(&mock, "GET", path, None).await;
        assert_ne!(reply.status, 400, "{path}: {}", reply.text);
    }
    let reply = common::call(&mock, "GET", "/v3/webhooks?top=1001", None).await;
    assert_eq!((reply.status, reply.json["code"].as_str()), (400, Some("webHook.invalidPagination")));
    let filters = serde_json::json!({ "filters": { "dateRangePreset": "lastWeek" } });
    let reply = common::call(&mock, "POST", "/v3/reporting/calls?top=1000", Some(filters.clone())).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = common::call(&mock, "POST", "/v3/reporting/calls?top=1001", Some(filters)).await;
    assert_eq!(reply.status, 400, "{}", reply.text);
    assert_eq!(reply.json["detail"].as_str(), Some("Parameter 'top' must be between 1 and 1000."));
    let contact =
        common::call(&mock, "POST", "/v3/contacts", Some(serde_json::json!({ "email": "a@x.io", "firstName": "A" })))
            .await;
    let id = contact.json["id"].as_i64().expect("a contact id");
    let reply = common::call(&mock, "GET", &format!("/v3/contacts/{id}/activities?top=5000"), None).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    mock.shutdown().await;
}
