//! The default transport: reqwest with rustls, no redirects, a response size cap.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use reply_core::http::{
    Headers, Method, Request, Response, Transport, TransportError, TransportErrorKind, TransportFuture,
};

/// Sends requests with reqwest. Redirects are not followed (a 302 is an answer
/// Reply gives on purpose, for OAuth connect flows) and bodies over the cap fail.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    http: reqwest::Client,
    max_body: usize,
}

impl ReqwestTransport {
    pub fn new(max_body: usize) -> Result<ReqwestTransport, reply_core::Error> {
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(reply_core::tls::client_config()?)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .pool_idle_timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| reply_core::Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(ReqwestTransport { http, max_body })
    }

    async fn run(&self, request: &Request, timeout: Option<Duration>) -> Result<Response, TransportError> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
        };
        let mut builder = self.http.request(method, &request.url);
        for (name, value) in request.headers.iter() {
            builder = builder.header(name, value);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        let response = builder.send().await.map_err(classify)?;
        let status = response.status().as_u16();
        let mut headers = Headers(Vec::with_capacity(response.headers().len()));
        for (name, value) in response.headers() {
            // Header values are visible ASCII but for the rare obs-text byte, which is kept as lossy UTF-8.
            let value = match value.to_str() {
                Ok(text) => text.to_owned(),
                Err(_) => String::from_utf8_lossy(value.as_bytes()).into_owned(),
            };
            headers.0.push((name.as_str().to_owned(), value));
        }
        match response.content_length() {
            Some(n) if n as usize > self.max_body => return Err(too_large(self.max_body)),
            // A declared length within the cap: take the body whole, without copying chunks.
            Some(_) => {
                let body = response.bytes().await.map_err(classify)?;
                return Ok(Response { status, headers, body });
            }
            None => {}
        }
        let mut body = BytesMut::new();
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(classify)?;
            if body.len() + chunk.len() > self.max_body {
                return Err(too_large(self.max_body));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response { status, headers, body: Bytes::from(body) })
    }
}

fn too_large(max: usize) -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        format!("the response body is larger than the {max}-byte cap"),
    )
}

/// Sorts reqwest's errors into what the retry rules need to know. Messages
/// carry no URL (it may hold query values) and never any header.
fn classify(error: reqwest::Error) -> TransportError {
    let kind = if error.is_timeout() {
        TransportErrorKind::Timeout
    } else if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_request() || error.is_body() || error.is_decode() {
        TransportErrorKind::ConnectionLost
    } else {
        TransportErrorKind::Other
    };
    let error = error.without_url();
    let mut message = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    TransportError::new(kind, message)
}

impl Transport for ReqwestTransport {
    fn send<'a>(&'a self, request: &'a Request, timeout: Option<Duration>) -> TransportFuture<'a> {
        Box::pin(self.run(request, timeout))
    }
}
