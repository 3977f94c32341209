//! Pagination streams over several pages and an empty page.

mod support;

use futures_util::StreamExt;
use reply_client::operations::GetContactsQuery;
use support::{Script, client, json};

fn page(ids: &[i64], more: bool) -> String {
    let items: Vec<String> = ids.iter().map(|id| format!(r#"{{"id": {id}, "email": "c{id}@example.com"}}"#)).collect();
    format!(r#"{{"items": [{}], "hasMore": {more}}}"#, items.join(","))
}

#[tokio::test]
async fn items_walk_every_page_in_order() {
    let script = Script::new(vec![
        json(200, &page(&[1, 2], true)),
        json(200, &page(&[3, 4], true)),
        json(200, &page(&[5], false)),
    ]);
    let c = client(&script);
    let ids: Vec<i64> =
        c.contacts().list(GetContactsQuery::default()).items(Some(2)).map(|r| r.unwrap().id.unwrap()).collect().await;
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    let urls: Vec<String> = script.seen().into_iter().map(|s| s.url).collect();
    assert!(urls[0].ends_with("/v3/contacts?top=2&skip=0"), "{}", urls[0]);
    assert!(urls[1].ends_with("top=2&skip=2"));
    assert!(urls[2].ends_with("top=2&skip=4"));
}

#[tokio::test]
async fn an_empty_page_ends_the_stream_even_if_has_more_says_otherwise() {
    let script = Script::new(vec![json(200, &page(&[1], true)), json(200, &page(&[], true))]);
    let pages: Vec<_> = client(&script).contacts().list(GetContactsQuery::default()).pages(Some(1)).collect().await;
    assert_eq!(pages.len(), 2);
    assert_eq!(script.count(), 2, "no third request");
}

#[tokio::test]
async fn the_stream_starts_at_the_callers_skip_and_stops_at_an_error() {
    let script = Script::new(vec![json(200, &page(&[11], true)), support::problem(404, r#"{"status":404}"#)]);
    let query = GetContactsQuery { skip: Some(10), ..Default::default() };
    let results: Vec<_> = client(&script).contacts().list(query).items(Some(1)).collect().await;
    assert_eq!(results.len(), 2);
    assert!(results[1].is_err());
    assert!(script.seen()[0].url.ends_with("top=1&skip=10"));
}

#[tokio::test]
async fn absurd_page_sizes_are_refused_before_any_request() {
    let script = Script::new(vec![]);
    let results: Vec<_> =
        client(&script).contacts().list(GetContactsQuery::default()).pages(Some(50_000)).collect().await;
    assert_eq!(results.len(), 1);
    assert!(matches!(&results[0], Err(reply_client::Error::Config(m)) if m.contains("page size")));
    assert_eq!(script.count(), 0);
}

#[tokio::test]
async fn dynamic_pagination_reads_items_and_has_more() {
    let script = Script::new(vec![json(200, &page(&[1, 2], true)), json(200, &page(&[3], false))]);
    let c = client(&script);
    let info = reply_client::operation("GetContacts").unwrap();
    let pages: Vec<_> = c
        .paginate_dynamic(info, serde_json::Map::new(), reply_client::DynamicBody::None, Default::default(), Some(2))
        .collect()
        .await;
    let counts: Vec<usize> =
        pages.iter().map(|p| p.as_ref().unwrap().body["items"].as_array().unwrap().len()).collect();
    assert_eq!(counts, [2, 1]);
}

fn text_walk(
    c: &reply_client::Client,
    size: u32,
) -> impl futures_util::Stream<Item = Result<reply_client::TextPage, reply_client::Error>> + use<> {
    let info = reply_client::operation("GetContacts").unwrap();
    c.paginate_text(info, serde_json::Map::new(), reply_client::DynamicBody::None, Default::default(), Some(size))
}

#[tokio::test]
async fn text_pages_are_normalised_and_the_next_request_goes_out_before_a_page_is_handed_over() {
    let script = Script::new(vec![
        json(200, &page(&[1, 2], true)),
        json(200, &page(&[3, 4], true)),
        json(200, &page(&[5], false)),
    ]);
    let c = client(&script);
    let mut pages = std::pin::pin!(text_walk(&c, 2));
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!((first.items, first.has_more), (2, true));
    // Decoded through the model: text as the typed encoding writes it.
    let body: serde_json::Value = serde_json::from_str(&first.text).unwrap();
    assert_eq!(body["items"][1], serde_json::json!({"id": 2, "email": "c2@example.com"}));
    // The second page was requested before the first was handed over.
    tokio::task::yield_now().await;
    assert_eq!(script.count(), 2);
    let rest: Vec<_> = pages.collect().await;
    assert_eq!(rest.iter().map(|p| p.as_ref().unwrap().items).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(script.count(), 3, "no request after `hasMore: false`");
    assert!(script.seen()[2].url.ends_with("top=2&skip=4"));
}

#[tokio::test]
async fn a_text_walk_stops_at_an_error_and_at_a_body_that_is_not_a_page() {
    let script = Script::new(vec![json(200, &page(&[1], true)), support::problem(404, r#"{"status":404}"#)]);
    let results: Vec<_> = text_walk(&client(&script), 1).collect().await;
    assert_eq!(results.len(), 2);
    assert!(matches!(results[1], Err(reply_client::Error::NotFound(_))), "{:?}", results[1]);

    let script = Script::new(vec![json(200, r#"{"items": 7}"#)]);
    let results: Vec<_> = text_walk(&client(&script), 1).collect().await;
    assert!(matches!(&results[..], [Err(reply_client::Error::Decode { .. })]), "{results:?}");

    let script = Script::new(vec![json(200, &page(&[], true))]);
    let results: Vec<_> = text_walk(&client(&script), 1).collect().await;
    assert_eq!(results.len(), 1);
    assert_eq!(script.count(), 1, "an empty page ends the walk");
}

/// Waits until the script has seen `n` requests, or a second passes.
async fn requests_seen(script: &Script, n: usize) -> usize {
    for _ in 0..100 {
        if script.count() >= n {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    script.count()
}

#[tokio::test]
async fn one_walk_reads_ahead_for_the_cli_and_uniffi_but_not_for_a_typed_rust_caller() {
    let three = || {
        Script::new(vec![
            json(200, &page(&[1, 2], true)),
            json(200, &page(&[3, 4], true)),
            json(200, &page(&[5], false)),
        ])
    };
    // The JSON walk (the CLI, uniffi): the second page is on its way once the first is read.
    let script = three();
    let c = client(&script);
    let info = reply_client::operation("GetContacts").unwrap();
    let mut pages = std::pin::pin!(c.paginate_dynamic(
        info,
        serde_json::Map::new(),
        reply_client::DynamicBody::None,
        Default::default(),
        Some(2)
    ));
    pages.next().await.unwrap().unwrap();
    assert_eq!(requests_seen(&script, 2).await, 2);
    assert_eq!(pages.count().await, 2);
    assert_eq!(script.count(), 3);

    // The typed walk: a caller who stops after a page has spent one request.
    let script = three();
    let c = client(&script);
    let mut pages = std::pin::pin!(c.contacts().list(GetContactsQuery::default()).pages(Some(2)));
    pages.next().await.unwrap().unwrap();
    assert_eq!(requests_seen(&script, 2).await, 1);
}
