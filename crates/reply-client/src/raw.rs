//! `Client::request`: the escape hatch for any path under the API, known to
//! this SDK or not (an endpoint Reply added after this release, say). It runs
//! the same pipeline as every operation: credentials, acting user and team,
//! quota, retries and error mapping. A path the operation table knows is sent
//! as that operation (its read/write kind, its rate class); any other path is
//! a read for GET and HEAD and a write otherwise, so it is never retried after
//! Reply may have acted. Bodies are not checked against any type, and the
//! answer is plain JSON.

use bytes::Bytes;
use reply_core::Error;
use reply_core::http::Method;
use reply_core::operation::{Kind, RateClass, is_dot_segment};
use reply_core::route::{Route, route};
use serde_json::Value;

use crate::client::{Client, Target};
use crate::dynamic::DynamicResponse;
use crate::options::RequestOptions;

/// What errors and logs name a request to a path the table does not have.
pub const RAW_OPERATION: &str = "request";

/// `path` as a path under the API: `/v3/contacts`, `/contacts` and `contacts`
/// all mean `/v3/contacts`. Refused: an absolute URL (the key must not travel
/// to another host), a query or fragment (queries go in `query`), a backslash,
/// and empty or dot segments (a URL parser resolves `..`, so the request would
/// reach another path than the one written).
pub fn api_path(path: &str) -> Result<String, Error> {
    let path = path.trim();
    let refuse = |why: &str| Err(Error::Config(format!("refusing the path {path:?}: {why}")));
    if path.contains("://") || path.starts_with("//") {
        return refuse("only paths under the API are sent, never an absolute URL");
    }
    if path.contains(['?', '#']) {
        return refuse("pass the query as `query`, not in the path");
    }
    if path.contains('\\') || path.chars().any(char::is_control) {
        return refuse("it holds a backslash or a control character");
    }
    let full = if path.starts_with("/v3/") || path == "/v3" {
        path.to_owned()
    } else {
        format!("/v3/{}", path.trim_start_matches('/'))
    };
    for segment in full.split('/').skip(1) {
        if segment.is_empty() {
            return refuse("it has an empty segment");
        }
        if is_dot_segment(segment) {
            return refuse("a `.` or `..` segment would send the request to another path");
        }
    }
    Ok(full)
}

/// How the pipeline treats `method` on `path`: as the operation the table
/// routes it to, else as an unknown read (GET, HEAD) or write.
fn target(method: Method, path: &str) -> Result<Target, Error> {
    if let Route::Found { op, .. } = route(method.as_str(), path) {
        op.check_path(path).map_err(|why| Error::Config(format!("{}: {why}", op.id)))?;
        return Ok(Target::of(op));
    }
    let kind = if matches!(method, Method::Get | Method::Head) { Kind::Read } else { Kind::Write };
    Ok(Target { id: RAW_OPERATION, method, template: None, kind, rate_class: RateClass::Default, info: None })
}

/// A JSON answer as its value; an empty one as `null`; anything else as its text.
fn plain_body(raw: &Bytes) -> Value {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Value::Null;
    }
    serde_json::from_slice(raw).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(raw).into_owned()))
}

impl Client {
    /// Sends `method` to `path` (see [`api_path`]) with `query` pairs and an
    /// optional JSON `body`; headers, acting user, team and timeouts come from
    /// `options`. A success answers with its body as plain JSON; a failure is
    /// the same typed [`Error`] an operation's would be.
    pub async fn request(
        &self,
        method: &str,
        path: &str,
        query: &[(String, String)],
        body: Option<&Value>,
        options: &RequestOptions,
    ) -> Result<DynamicResponse, Error> {
        let method =
            Method::parse(method).ok_or_else(|| Error::Config(format!("unsupported HTTP method {method:?}")))?;
        let path = api_path(path)?;
        let target = target(method, &path)?;
        let query: Vec<(&str, String)> = query.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
        let body = match body {
            Some(value) => {
                let bytes = serde_json::to_vec(value).map_err(|e| Error::Config(e.to_string()))?;
                Some(("application/json".to_owned(), Bytes::from(bytes)))
            }
            None => None,
        };
        let response = self.send_to(target, &path, &query, body, options).await?;
        let body = plain_body(&response.body);
        // Raw answers are not decoded through a type: a redirect's target is its header as sent.
        let location = match response.status {
            300..=399 => response.headers.get("location").map(str::to_owned),
            _ => None,
        };
        Ok(DynamicResponse { status: response.status, headers: response.headers, body, raw: response.body, location })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_under_the_api() {
        assert_eq!(api_path("contacts").unwrap(), "/v3/contacts");
        assert_eq!(api_path("/contacts/5").unwrap(), "/v3/contacts/5");
        assert_eq!(api_path("/v3/brand-new/thing").unwrap(), "/v3/brand-new/thing");
        for bad in [
            "https://evil.example/v3/contacts",
            "//evil.example/v3",
            "/v3/contacts/../users",
            "/v3/contacts/%2E%2e",
            "/v3/contacts/./x",
            "/v3//contacts",
            "/v3/contacts?top=5",
            "/v3/contacts#x",
            "/v3\\..\\x",
        ] {
            assert!(matches!(api_path(bad), Err(Error::Config(_))), "{bad} should be refused");
        }
    }

    #[test]
    fn known_paths_take_their_operation_and_unknown_ones_their_method() {
        let known = target(Method::Post, "/v3/contacts").unwrap();
        assert_eq!((known.id, known.kind), ("CreateContact", Kind::Write));
        let reporting = target(Method::Post, "/v3/reporting/emails/overview").unwrap();
        assert_eq!((reporting.kind, reporting.rate_class), (Kind::Read, RateClass::Reporting));
        for (method, kind) in [(Method::Get, Kind::Read), (Method::Head, Kind::Read), (Method::Post, Kind::Write)] {
            let unknown = target(method, "/v3/not-in-the-spec").unwrap();
            assert_eq!((unknown.id, unknown.kind), (RAW_OPERATION, kind));
        }
        // A dot segment in a known template's parameter is refused there too.
        assert!(target(Method::Delete, "/v3/contacts/%2e%2e").is_err());
    }
}
