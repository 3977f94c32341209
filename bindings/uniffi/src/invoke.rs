//! The one delegation every generated method makes: JSON parameters and body
//! in, `Client::call_dynamic` (or `paginate_dynamic`), the answer decoded into
//! the operation's generated record.

use std::pin::Pin;
use std::sync::Arc;

use futures_util::{Stream, StreamExt};
use reply_client::{Client, DynamicBody, DynamicResponse};
use reply_core::{DecodeError, Error, OperationInfo};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::client::RequestOptions;
use crate::error::ReplyError;
use crate::jobs::JobHandle;
use crate::json::JsonValue;
use crate::units::PageSize;

/// A `302` answer: where Reply sends the user (OAuth connect flows).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Redirect {
    pub location: String,
}

/// The operation's row. Generated code names only ids that the table holds.
pub(crate) fn info(id: &str) -> Result<&'static OperationInfo, ReplyError> {
    reply_client::operation(id).ok_or_else(|| ReplyError::config(format!("unknown operation `{id}`")))
}

/// Path and query parameters by wire name; `null` ones are left out by the engine.
pub(crate) fn params(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// A JSON request body from a generated record (or list, or value).
pub(crate) fn body<T: Serialize>(value: &T) -> DynamicBody {
    // Generated records have string keys only, so encoding cannot fail.
    DynamicBody::Json(serde_json::to_value(value).unwrap_or(Value::Null))
}

fn decode<T: DeserializeOwned>(info: &OperationInfo, response: &DynamicResponse, body: Value) -> Result<T, ReplyError> {
    serde_json::from_value(body).map_err(|e| {
        let source = DecodeError { status: response.status, path: String::new(), message: e.to_string() };
        Error::unreadable(info.id, info.kind, &response.raw, source).into()
    })
}

async fn send(
    client: &Client,
    id: &str,
    params: Value,
    body: DynamicBody,
    options: Option<RequestOptions>,
) -> Result<(&'static OperationInfo, DynamicResponse), ReplyError> {
    let options = RequestOptions::to_core(options, client.config().retry)?;
    send_core(client, id, params, body, &options).await
}

async fn send_core(
    client: &Client,
    id: &str,
    params: Value,
    body: DynamicBody,
    options: &reply_client::RequestOptions,
) -> Result<(&'static OperationInfo, DynamicResponse), ReplyError> {
    let info = info(id)?;
    let response = client.call_dynamic(info, &self::params(params), &body, options).await?;
    Ok((info, response))
}

/// Calls `id` and decodes the JSON answer into `T`.
pub(crate) async fn call<T: DeserializeOwned>(
    client: &Client,
    id: &str,
    params: Value,
    body: DynamicBody,
    options: Option<RequestOptions>,
) -> Result<T, ReplyError> {
    let (info, mut response) = send(client, id, params, body, options).await?;
    let json = std::mem::take(&mut response.body);
    decode(info, &response, json)
}

/// Calls an operation that answers no body.
pub(crate) async fn call_unit(
    client: &Client,
    id: &str,
    params: Value,
    body: DynamicBody,
    options: Option<RequestOptions>,
) -> Result<(), ReplyError> {
    send(client, id, params, body, options).await.map(|_| ())
}

/// Calls an operation that answers a file.
pub(crate) async fn call_bytes(
    client: &Client,
    id: &str,
    params: Value,
    body: DynamicBody,
    options: Option<RequestOptions>,
) -> Result<Vec<u8>, ReplyError> {
    Ok(send(client, id, params, body, options).await?.1.raw.to_vec())
}

/// Calls an operation that answers with a redirect.
pub(crate) async fn call_redirect(
    client: &Client,
    id: &str,
    params: Value,
    body: DynamicBody,
    options: Option<RequestOptions>,
) -> Result<Redirect, ReplyError> {
    let (_, response) = send(client, id, params, body, options).await?;
    // The engine requires the `Location` of an operation that redirects.
    let location =
        response.location.ok_or_else(|| ReplyError::config(format!("{id} does not answer with a redirect")))?;
    Ok(Redirect { location })
}

/// Calls a job-starting operation: its answer and a handle on the job, whose id
/// comes from the `Location` header or, failing that, the body's `jobId`. The
/// handle keeps the call's options: a job is only visible to the acting user
/// and team that started it.
pub(crate) async fn start_job<T: DeserializeOwned>(
    client: &Client,
    id: &str,
    params: Value,
    body: DynamicBody,
    options: Option<RequestOptions>,
) -> Result<(T, Arc<JobHandle>), ReplyError> {
    let options = RequestOptions::to_core(options, client.config().retry)?;
    let (info, mut response) = send_core(client, id, params, body, &options).await?;
    let job_id = reply_client::job_id(info, response.status, &response.headers, &response.raw)?;
    let json = std::mem::take(&mut response.body);
    Ok((decode(info, &response, json)?, JobHandle::new(client.clone(), job_id, options)))
}

/// Calls any operation by id with JSON in and out (`ReplyClient.call`).
pub(crate) async fn call_by_id(
    client: &Client,
    id: &str,
    params: JsonValue,
    body: Option<JsonValue>,
    options: Option<RequestOptions>,
) -> Result<JsonValue, ReplyError> {
    let body = body.map_or(DynamicBody::None, |b| DynamicBody::Json(b.0));
    let (_, response) = send(client, id, params.0, body, options).await?;
    Ok(JsonValue(response.body))
}

type Pages = Pin<Box<dyn Stream<Item = Result<DynamicResponse, Error>> + Send>>;

/// The pages of a paginated call, one `next` at a time (the engine requests
/// the following page while this one is decoded).
pub(crate) struct PageCursor {
    info: &'static OperationInfo,
    pages: tokio::sync::Mutex<Pages>,
}

impl PageCursor {
    pub(crate) fn new(
        client: &Client,
        id: &str,
        params: Value,
        body: DynamicBody,
        options: Option<RequestOptions>,
        page_size: Option<PageSize>,
    ) -> Result<PageCursor, ReplyError> {
        let info = info(id)?;
        let page_size = PageSize::checked(page_size)?;
        let options = RequestOptions::to_core(options, client.config().retry)?;
        let pages = client.paginate_dynamic(info, self::params(params), body, options, page_size);
        Ok(PageCursor { info, pages: tokio::sync::Mutex::new(Box::pin(pages)) })
    }

    /// The next page, or `None` after the last one.
    pub(crate) async fn next<T: DeserializeOwned>(&self) -> Result<Option<T>, ReplyError> {
        let next = self.pages.lock().await.next().await;
        match next {
            None => Ok(None),
            Some(page) => {
                let mut page = page?;
                let json = std::mem::take(&mut page.body);
                decode(self.info, &page, json).map(Some)
            }
        }
    }
}
