//! Bad input gets a clear, typed error and never a panic: bad configuration,
//! and hostile or broken answers from a real (loopback) HTTP server.

use std::time::Duration;

use reply_client::{Client, Config, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves one canned raw HTTP answer to every connection, then stops with the test.
async fn raw_server(answer: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let _ = socket.read(&mut buf).await;
                let _ = socket.write_all(&answer).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn client(base: &str) -> Client {
    let config = Config::new("k-bad-input").with_base_url(base).with_retry(RetryPolicy::none()).with_quota(None);
    Client::new(config).unwrap()
}

#[test]
fn bad_configuration_is_refused_up_front() {
    for url in ["http://api.reply.io", "ftp://api.reply.io", "not a url", "https://", "http://10.0.0.1:80"] {
        let err = Client::new(Config::new("key").with_base_url(url)).unwrap_err();
        assert_eq!(err.kind(), "config", "{url}");
    }
    for key in ["", "   ", "\n", "two words"] {
        let err = Client::new(Config::new(key)).unwrap_err();
        assert_eq!(err.kind(), "config", "{key:?}");
    }
}

#[tokio::test]
async fn a_gigantic_body_hits_the_cap() {
    let body = vec![b' '; 3 * 1024 * 1024];
    let base = raw_server(http("200 OK", "application/json", &body)).await;
    let config =
        Config::new("k").with_base_url(&base).with_max_response_bytes(1024 * 1024).with_retry(RetryPolicy::none());
    let err = Client::new(config).unwrap().contacts().get(1).await.unwrap_err();
    assert_eq!(err.kind(), "decode");
    assert!(err.to_string().contains("cap"), "{err}");
}

#[tokio::test]
async fn invalid_utf8_and_html_pages_are_decode_or_server_errors() {
    let base = raw_server(http("200 OK", "application/json", b"{\"email\": \"\xff\xfe\"}")).await;
    let err = client(&base).contacts().get(1).await.unwrap_err();
    assert_eq!(err.kind(), "decode", "{err}");

    let page = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>";
    let base = raw_server(http("200 OK", "text/html", page)).await;
    let err = client(&base).contacts().get(1).await.unwrap_err();
    assert!(err.to_string().contains("HTML page"), "{err}");

    let base = raw_server(http("502 Bad Gateway", "text/html", page)).await;
    let err = client(&base).contacts().get(1).await.unwrap_err();
    assert_eq!((err.kind(), err.status()), ("server", Some(502)));
    assert_eq!(err.detail(), None, "an HTML body is not a problem detail");
}

#[tokio::test]
async fn a_truncated_body_is_a_broken_connection_not_a_panic() {
    let mut answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n".to_vec();
    answer.extend_from_slice(b"{\"id\": 1, \"em");
    let base = raw_server(answer).await;
    let err = client(&base).contacts().get(1).await.unwrap_err();
    assert_eq!(err.kind(), "connection", "{err}");
    // A write in the same situation may have happened: it is reported as such.
    let base = raw_server(b"HTTP/1.1 201 Created\r\ncontent-length: 99\r\n\r\n{".to_vec()).await;
    let err = client(&base).sequences().start(1).await.unwrap_err();
    assert_eq!(err.kind(), "outcome_unknown", "{err}");
}

#[tokio::test]
async fn garbage_instead_of_http_is_an_error() {
    let base = raw_server(b"SSH-2.0-OpenSSH_9.6\r\n".to_vec()).await;
    let err = client(&base).contacts().get(1).await.unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
}

#[tokio::test]
async fn a_connection_refused_is_a_connection_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let config = Config::new("k").with_base_url(format!("http://{addr}")).with_retry(RetryPolicy {
        max_retries: 1,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(1),
    });
    let err = Client::new(config).unwrap().contacts().get(1).await.unwrap_err();
    assert_eq!(err.kind(), "connection", "{err}");
}

/// A string path parameter of `..`, `.` or nothing would send the request to
/// another path (`.../knowledge-bases/5/links/..` is the knowledge base itself,
/// and this is a delete): it is refused before anything is sent, typed and dynamic.
#[tokio::test]
async fn a_path_parameter_that_would_reach_another_path_is_refused_unsent() {
    use reply_client::operations::{DeleteKnowledgeBaseLink, DeleteKnowledgeBaseLinkParams};
    use reply_client::{DynamicBody, RequestOptions, operation};
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let client = client(&base);
    let options = RequestOptions::default();
    for id in ["..", ".", ""] {
        let params = DeleteKnowledgeBaseLinkParams { knowledge_base_id: 5, link_id: id.to_owned() };
        let err = client.call::<DeleteKnowledgeBaseLink>(&params, &(), &options).await.unwrap_err();
        assert_eq!(err.kind(), "config", "{id:?}: {err}");
        assert!(err.to_string().contains("`link_id`"), "{err}");
        let info = operation("DeleteKnowledgeBaseLink").unwrap();
        let json = serde_json::json!({ "knowledge_base_id": 5, "link_id": id });
        let err = client.call_dynamic(info, json.as_object().unwrap(), &DynamicBody::None, &options).await.unwrap_err();
        assert_eq!(err.kind(), "config", "{id:?}: {err}");
    }
    // Nothing reached the server.
    let accepted = tokio::time::timeout(Duration::from_millis(200), listener.accept()).await;
    assert!(accepted.is_err(), "a request was sent");
}
