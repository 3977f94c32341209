//! Receiving Reply's webhook deliveries: the engine's functions
//! ([`parse`], [`SeenEvents`], [`verify_token`]) and, with the `axum`
//! feature, a ready handler for an axum app.

pub use reply_core::webhooks::*;

/// An axum handler that checks the URL's secret, parses, drops repeats and
/// calls yours once per event.
///
/// ```no_run
/// # async fn run() {
/// use reply_client::webhooks::{Event, axum::Receiver};
/// let secret = std::env::var("REPLY_WEBHOOK_TOKEN").unwrap();
/// let app = axum::Router::new().route(
///     "/hooks/reply",
///     Receiver::new(secret).handler(|event: Event| async move {
///         println!("{} {}", event.kind(), event.id());
///         Ok::<(), std::convert::Infallible>(())
///     }),
/// );
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
/// axum::serve(listener, app).await.unwrap();
/// # }
/// ```
#[cfg(feature = "axum")]
pub mod axum {
    use std::future::Future;
    use std::sync::Arc;

    use axum::body::Bytes;
    use axum::http::{HeaderMap, StatusCode, Uri};
    use axum::routing::{MethodRouter, post};

    use super::{Event, MemorySeenEvents, SeenEvents, parse, query_token, verify_token};
    use reply_core::http::Headers;

    /// What a delivery must pass before your handler sees it.
    #[derive(Clone)]
    pub struct Receiver {
        token: Arc<str>,
        seen: Arc<dyn SeenEvents>,
    }

    impl Receiver {
        /// Deliveries must carry `?token=<token>` (the URL you subscribed);
        /// repeats are recognised in memory.
        pub fn new(token: impl Into<String>) -> Receiver {
            Receiver { token: token.into().into(), seen: Arc::new(MemorySeenEvents::default()) }
        }

        /// Recognises repeats with `seen` (shared storage for several processes).
        pub fn with_seen(mut self, seen: Arc<dyn SeenEvents>) -> Receiver {
            self.seen = seen;
            self
        }

        /// Decides a delivery: `Ok(Some(event))` to handle, `Ok(None)` for a
        /// repeat, else the status to answer (401 wrong token, 400 unreadable).
        pub fn accept(&self, target: &str, headers: &Headers, body: &[u8]) -> Result<Option<Event>, StatusCode> {
            let given = query_token(target).unwrap_or_default();
            if !verify_token(&self.token, &given) {
                return Err(StatusCode::UNAUTHORIZED);
            }
            let event = parse(body, headers).map_err(|_| StatusCode::BAD_REQUEST)?;
            Ok((!self.seen.seen(event.id())).then_some(event))
        }

        /// A `POST` route calling `on_event` once per new event. Its error
        /// answers 500, so Reply delivers the event again later (the id is
        /// then forgotten so the retry is handled).
        pub fn handler<F, Fut, E>(self, on_event: F) -> MethodRouter
        where
            F: Fn(Event) -> Fut + Clone + Send + Sync + 'static,
            Fut: Future<Output = Result<(), E>> + Send + 'static,
            E: std::fmt::Display,
        {
            post(move |uri: Uri, headers: HeaderMap, body: Bytes| async move {
                let headers = Headers(
                    headers
                        .iter()
                        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
                        .collect(),
                );
                let target = uri.path_and_query().map_or("", |p| p.as_str());
                match self.accept(target, &headers, &body) {
                    Err(status) => status,
                    Ok(None) => StatusCode::OK,
                    Ok(Some(event)) => {
                        let id = event.id().to_owned();
                        match on_event(event).await {
                            Ok(()) => StatusCode::OK,
                            Err(_) => {
                                self.seen.forget(&id);
                                StatusCode::INTERNAL_SERVER_ERROR
                            }
                        }
                    }
                }
            })
        }
    }
}
