//! A tiny webhook receiver on 127.0.0.1 for the demo: it answers 200 to
//! every POST and hands the JSON payloads over a channel.

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::routing::post;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::failure::Failure;

pub struct Receiver {
    pub url: String,
    deliveries: mpsc::UnboundedReceiver<Value>,
    server: JoinHandle<()>,
}

impl Receiver {
    pub async fn start() -> Result<Receiver, Failure> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| Failure::Runtime(format!("cannot start the webhook receiver: {e}")))?;
        let addr = listener.local_addr().map_err(|e| Failure::Runtime(e.to_string()))?;
        let (sender, deliveries) = mpsc::unbounded_channel();
        let app = Router::new().route(
            "/hooks",
            post(move |body: Bytes| {
                let sender = sender.clone();
                async move {
                    match serde_json::from_slice::<Value>(&body) {
                        Ok(payload) => {
                            let _ = sender.send(payload);
                            StatusCode::OK
                        }
                        Err(_) => StatusCode::BAD_REQUEST,
                    }
                }
            }),
        );
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Receiver { url: format!("http://{addr}/hooks"), deliveries, server })
    }

    /// Waits until `expected` deliveries arrived, or until `patience` passes
    /// without a new one; returns what arrived.
    pub async fn collect(&mut self, expected: usize, patience: Duration) -> Vec<Value> {
        let mut received = Vec::new();
        while received.len() < expected {
            match tokio::time::timeout(patience, self.deliveries.recv()).await {
                Ok(Some(payload)) => received.push(payload),
                _ => break,
            }
        }
        received
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.server.abort();
    }
}
