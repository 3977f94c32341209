//! A scripted transport: answers requests from a queue and records what it saw.

#![allow(dead_code)] // each test binary uses a different part of this module

pub mod coverage;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use reply_client::{Client, Config, QuotaConfig, RetryPolicy};
use reply_core::http::{Headers, Request, Response, Transport, TransportError, TransportErrorKind, TransportFuture};
use tokio::time::Instant;

pub const KEY: &str = "sk-test-7f3a9c1e5d2b8a4f";

/// One scripted answer.
pub enum Answer {
    Status(u16, Vec<(&'static str, String)>, String),
    Fail(TransportErrorKind),
}

pub fn json(status: u16, body: &str) -> Answer {
    Answer::Status(status, vec![("content-type", "application/json".into())], body.to_owned())
}

pub fn problem(status: u16, body: &str) -> Answer {
    Answer::Status(status, vec![("content-type", "application/problem+json".into())], body.to_owned())
}

#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub url: String,
    pub headers: Headers,
    pub body: Option<Bytes>,
    pub at: Instant,
}

#[derive(Clone, Default)]
pub struct Script {
    answers: Arc<Mutex<VecDeque<Answer>>>,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Script {
    pub fn new(answers: Vec<Answer>) -> Script {
        Script { answers: Arc::new(Mutex::new(answers.into())), seen: Arc::default() }
    }

    pub fn push(&self, answer: Answer) {
        self.answers.lock().unwrap().push_back(answer);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

impl Transport for Script {
    fn send<'a>(&'a self, request: &'a Request, _timeout: Option<Duration>) -> TransportFuture<'a> {
        self.seen.lock().unwrap().push(Seen {
            method: request.method.as_str().to_owned(),
            url: request.url.clone(),
            headers: Headers::clone(&request.headers),
            body: request.body.clone(),
            at: Instant::now(),
        });
        let answer = self.answers.lock().unwrap().pop_front();
        Box::pin(async move {
            match answer {
                Some(Answer::Status(status, headers, body)) => {
                    let mut h = Headers::default();
                    for (k, v) in headers {
                        h.set(k, v);
                    }
                    Ok(Response { status, headers: h, body: Bytes::from(body) })
                }
                Some(Answer::Fail(kind)) => Err(TransportError::new(kind, format!("scripted {kind:?}"))),
                None => Err(TransportError::new(TransportErrorKind::Other, "the script ran out of answers")),
            }
        })
    }
}

/// A client over the script: fast retries, no quota unless asked.
pub fn client(script: &Script) -> Client {
    client_with(script, None)
}

pub fn client_with(script: &Script, quota: Option<QuotaConfig>) -> Client {
    let config = Config::new(KEY)
        .with_base_url("https://api.reply.io")
        .with_retry(RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(50),
        })
        .with_quota(quota);
    Client::with_transport(config, Arc::new(script.clone())).unwrap()
}
