//! Calls by `operationId` with JSON values, for the language bindings and the
//! CLI. The same pipeline as the typed calls runs underneath, and bodies go
//! through the generated types both ways: a request that does not fit its
//! type is refused before it is sent, and a response is decoded leniently
//! (unknown members kept, undeclared nulls accepted) into its type's shape.

use bytes::Bytes;
use futures_core::Stream;
use futures_util::future::BoxFuture;
use reply_core::http::{Headers, Response};
use reply_core::operation::{OperationInfo, ParamLocation, encode_path_segment};
use reply_core::operations::OPERATIONS;
use reply_core::pagination::Pager;
use reply_core::registry::{round_trip_request_as, round_trip_response};
use reply_core::{Error, Multipart};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::options::RequestOptions;
use crate::walk::{PageSource, Shape, walk};

/// A request body for a dynamic call.
#[derive(Debug, Clone, Default)]
pub enum DynamicBody {
    #[default]
    None,
    Json(Value),
    Multipart(Multipart),
}

/// A successful answer to a dynamic call.
#[derive(Debug, Clone)]
pub struct DynamicResponse {
    pub status: u16,
    pub headers: Headers,
    /// The body decoded through its generated type (`Null` when there is no JSON body).
    pub body: Value,
    /// The body as received.
    pub raw: Bytes,
    /// For an operation that answers with a redirect ([`OperationInfo::redirects`]):
    /// where it sends the user (its `Location`); `None` for any other operation.
    pub location: Option<String>,
}

impl DynamicResponse {
    /// What the call answers as plain data: for an operation that redirects,
    /// its `Location` as a string; for any other, the decoded body.
    pub fn into_answer(self) -> Value {
        match self.location {
            Some(location) => Value::String(location),
            None => self.body,
        }
    }
}

/// Looks an operation up by `operationId`.
pub fn operation(id: &str) -> Option<&'static OperationInfo> {
    OPERATIONS.iter().find(|op| op.id == id)
}

/// Looks an operation up by resource and method name (`contacts`, `list`).
pub fn operation_by_name(resource: &str, name: &str) -> Option<&'static OperationInfo> {
    OPERATIONS.iter().find(|op| op.resource == resource && op.name == name)
}

fn param_text(name: &str, value: &Value) -> Result<String, Error> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(Error::Config(format!("parameter `{name}` must be a string, number or boolean, not {other}"))),
    }
}

/// A request path and its query pairs.
pub type PathAndQuery = (String, Vec<(&'static str, String)>);

/// Fills the path template and collects the query pairs, refusing unknown or missing parameters.
pub fn build_path_and_query(info: &'static OperationInfo, params: &Map<String, Value>) -> Result<PathAndQuery, Error> {
    for name in params.keys() {
        if !info.params.iter().any(|p| p.name == name) {
            let known: Vec<&str> = info.params.iter().map(|p| p.name).collect();
            return Err(Error::Config(format!(
                "{} takes no parameter `{name}` (it takes: {})",
                info.id,
                if known.is_empty() { "none".to_owned() } else { known.join(", ") }
            )));
        }
    }
    let mut path = info.path.to_owned();
    let mut query = Vec::new();
    for p in info.params {
        let value = params.get(p.name).filter(|v| !v.is_null());
        match (p.location, value) {
            (ParamLocation::Path, Some(v)) => {
                path = path.replace(&format!("{{{}}}", p.name), &encode_path_segment(&param_text(p.name, v)?));
            }
            (ParamLocation::Path, None) => {
                return Err(Error::Config(format!("{} needs the path parameter `{}`", info.id, p.name)));
            }
            (ParamLocation::Query, Some(Value::Array(items))) => {
                for item in items {
                    query.push((p.name, param_text(p.name, item)?));
                }
            }
            (ParamLocation::Query, Some(v)) => query.push((p.name, param_text(p.name, v)?)),
            (ParamLocation::Query, None) if p.required => {
                return Err(Error::Config(format!("{} needs the query parameter `{}`", info.id, p.name)));
            }
            (ParamLocation::Query, None) => {}
        }
    }
    Ok((path, query))
}

/// The pager of a walk over `info` by JSON parameters: `skip` starts it, and
/// the page size is `page_size`, else the parameters' `top`.
pub(crate) fn pager_for(
    info: &OperationInfo,
    params: &Map<String, Value>,
    page_size: Option<u32>,
) -> Result<Pager, Error> {
    let limits = info.paging.ok_or_else(|| Error::Config(format!("{} is not paginated", info.id)))?;
    let skip = params.get("skip").and_then(Value::as_u64).unwrap_or(0) as u32;
    let size = page_size.or_else(|| params.get("top").and_then(Value::as_u64).map(|t| t as u32));
    Pager::new(size, skip, limits)
}

/// The request body to send, with its content type. Strict in what we send:
/// a JSON body must fit the operation's request type. It is encoded once; when
/// the typed round trip would change nothing those bytes are sent as they are,
/// else the typed value's text is (never a tree rebuilt and encoded again).
pub(crate) fn encode_body(info: &OperationInfo, body: &DynamicBody) -> Result<Option<(String, Bytes)>, Error> {
    Ok(match body {
        DynamicBody::None => None,
        DynamicBody::Json(value) => {
            let bytes = serde_json::to_vec(value).map_err(|e| Error::Config(e.to_string()))?;
            let checked = match round_trip_request_as::<String>(info.id, &bytes) {
                Some(Ok(text)) => text.into_bytes(),
                Some(Err(e)) => {
                    let at = if e.path.is_empty() { String::new() } else { format!(" at {}", e.path) };
                    return Err(Error::Config(format!("the body does not fit {}{at}: {}", info.id, e.message)));
                }
                None => return Err(Error::Config(format!("{} takes no JSON body", info.id))),
            };
            Some(("application/json".to_owned(), Bytes::from(checked)))
        }
        DynamicBody::Multipart(form) => Some(form.encode()),
    })
}

impl Client {
    /// Calls an operation with JSON parameters (path and query by name) and body.
    pub async fn call_dynamic(
        &self,
        info: &'static OperationInfo,
        params: &Map<String, Value>,
        body: &DynamicBody,
        options: &RequestOptions,
    ) -> Result<DynamicResponse, Error> {
        let (path, query) = build_path_and_query(info, params)?;
        let encoded = encode_body(info, body)?;
        let response = self.send(info, &path, &query, encoded, options).await?;
        read_answer(info, response)
    }

    /// Every page of a paginated operation, fetched lazily, each next request
    /// sent while the current page is being decoded (the CLI and uniffi walk
    /// every page they ask for, so the request ahead is not wasted).
    pub fn paginate_dynamic(
        &self,
        info: &'static OperationInfo,
        params: Map<String, Value>,
        body: DynamicBody,
        options: RequestOptions,
        page_size: Option<u32>,
    ) -> impl Stream<Item = Result<DynamicResponse, Error>> + Send + use<> {
        let start = PageRequests::new(self, info, params, &body, options, page_size)
            .map(|(requests, pager)| (DynamicPages(requests), pager));
        walk(start, true)
    }
}

/// A successful answer read for a dynamic call: the body through its generated
/// type, and for an operation that redirects, where it sends the user.
fn read_answer(info: &'static OperationInfo, response: Response) -> Result<DynamicResponse, Error> {
    let location = match info.redirects() {
        true => Some(
            reply_core::operation::decode_redirect(&response)
                .map_err(|source| Error::unreadable(info.id, info.kind, &response.body, source))?
                .location,
        ),
        false => None,
    };
    let decoded = match round_trip_response(info.id, response.status, &response.body) {
        _ if response.body.is_empty() => Value::Null,
        Some(Ok(value)) => value,
        Some(Err(source)) => return Err(Error::unreadable(info.id, info.kind, &response.body, source)),
        None => serde_json::from_slice(&response.body).unwrap_or(Value::Null),
    };
    Ok(DynamicResponse {
        status: response.status,
        headers: response.headers,
        body: decoded,
        raw: response.body,
        location,
    })
}

/// The request of each page of a walk by JSON parameters: the window set on
/// the parameters, the body checked and encoded once for every page.
pub(crate) struct PageRequests {
    client: Client,
    pub(crate) info: &'static OperationInfo,
    params: Map<String, Value>,
    body: Option<(String, Bytes)>,
    options: RequestOptions,
}

impl PageRequests {
    pub(crate) fn new(
        client: &Client,
        info: &'static OperationInfo,
        params: Map<String, Value>,
        body: &DynamicBody,
        options: RequestOptions,
        page_size: Option<u32>,
    ) -> Result<(PageRequests, Pager), Error> {
        let pager = pager_for(info, &params, page_size)?;
        let body = encode_body(info, body)?;
        Ok((PageRequests { client: client.clone(), info, params, body, options }, pager))
    }

    pub(crate) fn request(
        &mut self,
        (top, skip): (u32, u32),
    ) -> Result<BoxFuture<'static, Result<Response, Error>>, Error> {
        self.params.insert("top".into(), top.into());
        self.params.insert("skip".into(), skip.into());
        let (path, query) = build_path_and_query(self.info, &self.params)?;
        let (client, info, body, options) = (self.client.clone(), self.info, self.body.clone(), self.options.clone());
        Ok(Box::pin(async move { client.send(info, &path, &query, body, &options).await }))
    }
}

/// Pages as [`DynamicResponse`]s (the CLI, uniffi).
struct DynamicPages(PageRequests);

impl PageSource for DynamicPages {
    type Page = DynamicResponse;

    fn request(&mut self, window: (u32, u32)) -> Result<BoxFuture<'static, Result<Response, Error>>, Error> {
        self.0.request(window)
    }

    fn read(
        &self,
        response: Response,
        _: Option<Shape>,
    ) -> BoxFuture<'static, Result<(DynamicResponse, Shape), Error>> {
        let page = read_answer(self.0.info, response).map(|page| {
            let items = page.body.get("items").and_then(Value::as_array).map_or(0, Vec::len);
            let has_more = page.body.get("hasMore").and_then(Value::as_bool).unwrap_or(false);
            (page, (items, has_more))
        });
        Box::pin(std::future::ready(page))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_json_body_is_checked_and_encoded_once() {
        let info = operation("CreateContact").unwrap();
        let fits = json!({"email": "a@b.c", "firstName": "Ada", "title": "Countess"});
        let (content_type, sent) = encode_body(info, &DynamicBody::Json(fits.clone())).unwrap().unwrap();
        assert_eq!(content_type, "application/json");
        assert_eq!(serde_json::from_slice::<Value>(&sent).unwrap(), fits);
        let wrong = json!({"email": 5});
        let refused = encode_body(info, &DynamicBody::Json(wrong)).expect_err("email is a string");
        assert!(matches!(refused, Error::Config(m) if m.contains("does not fit CreateContact")));
        let none = encode_body(operation("GetContacts").unwrap(), &DynamicBody::Json(json!({})));
        assert!(matches!(none, Err(Error::Config(m)) if m.contains("takes no JSON body")));
    }

    #[test]
    fn paths_and_queries_from_json() {
        let info = operation("GetSequenceContactById").unwrap();
        let params = json!({"id": 5, "contact_id": "a b"});
        let (path, query) = build_path_and_query(info, params.as_object().unwrap()).unwrap();
        assert_eq!(path, "/v3/sequences/5/contacts/a%20b");
        assert!(query.is_empty());
        let missing = build_path_and_query(info, json!({"id": 5}).as_object().unwrap());
        assert!(matches!(missing, Err(Error::Config(m)) if m.contains("contact_id")));
        let unknown = build_path_and_query(info, json!({"id": 5, "contact_id": 1, "nope": 1}).as_object().unwrap());
        assert!(matches!(unknown, Err(Error::Config(m)) if m.contains("nope")));
    }
}
