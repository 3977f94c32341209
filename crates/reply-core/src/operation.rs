//! The operation table's row type and the `Operation` trait every generated
//! operation implements. Client behaviour (retries, pagination, jobs, quota)
//! keys off these traits, never off per-endpoint code.

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::OperationId;
use crate::error::DecodeError;
use crate::http::{Method, Response};

/// Whether an operation changes server state. Reads are retried freely;
/// writes only when the server provably did not act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Read,
    Write,
}

/// Which rate-limit budget an operation draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateClass {
    /// 100 requests/minute and 3,000/hour per user.
    Default,
    /// Reporting and statistics endpoints, limited more strictly.
    Reporting,
}

/// How an operation takes its request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    None,
    Json { required: bool },
    Multipart,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
}

/// One path or query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamInfo {
    /// The wire name.
    pub name: &'static str,
    pub location: ParamLocation,
    pub required: bool,
    /// The JSON type of the value: `integer`, `string`, `boolean`, `number` or `array`.
    pub ty: &'static str,
    /// Documented lower and upper bounds, when the spec gives them.
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    /// Allowed values for a string enum (empty when any value goes).
    pub values: &'static [&'static str],
}

/// The paging limits of a paginated operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLimits {
    /// The largest `top` the endpoint accepts.
    pub max_top: u32,
    /// The `top` the endpoint uses when none is sent.
    pub default_top: u32,
    /// The `top` a walk sends when the caller names no page size: the largest
    /// page (fewest requests of the user's 100 a minute), or less where Reply is
    /// known to grant less live (`crates/reply-codegen/overrides.yaml`).
    pub walk_top: u32,
}

/// One documented response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseInfo {
    pub status: u16,
    /// The media type of the body, or `""` for an empty body.
    pub content_type: &'static str,
    /// The Rust type the body decodes into (`""` for none).
    pub type_name: &'static str,
}

/// A row of the operation table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The spec's `operationId`, e.g. `GetContacts`.
    pub id: &'static str,
    /// The same operationId, typed: what code that decides by operation matches on.
    pub key: OperationId,
    /// The spec's tag, e.g. `Contacts`.
    pub tag: &'static str,
    /// The resource group in snake case, e.g. `contacts`.
    pub resource: &'static str,
    /// The method name within the resource in snake case, e.g. `list`.
    pub name: &'static str,
    pub method: Method,
    /// The path template, e.g. `/v3/contacts/{id}`.
    pub path: &'static str,
    pub params: &'static [ParamInfo],
    pub body: BodyKind,
    /// The Rust type of the request body (`""` for none).
    pub body_type: &'static str,
    pub responses: &'static [ResponseInfo],
    /// The `x-required-scope`, e.g. `contacts:read`.
    pub scope: Option<&'static str>,
    pub kind: Kind,
    pub paging: Option<PageLimits>,
    /// Answers `202 Accepted` with a background job.
    pub job: bool,
    pub beta: bool,
    pub coming_soon: bool,
    pub rate_class: RateClass,
    /// The spec's one-line summary.
    pub summary: &'static str,
    /// The operation's page on docs.reply.io.
    pub docs_url: &'static str,
}

impl OperationInfo {
    /// The documented success statuses.
    pub fn success_statuses(&self) -> impl Iterator<Item = u16> + '_ {
        self.responses.iter().map(|r| r.status).filter(|s| (200..400).contains(s))
    }

    /// Whether a success is a redirect (every documented success is a 3xx, as
    /// in the OAuth connect flows): the answer is its `Location`.
    pub fn redirects(&self) -> bool {
        let mut successes = self.success_statuses().peekable();
        successes.peek().is_some() && successes.all(|s| (300..400).contains(&s))
    }

    /// Matches a concrete path (no query) against this operation's template,
    /// returning the path parameters on success.
    pub fn match_path<'a>(&self, path: &'a str) -> Option<Vec<(&'static str, &'a str)>> {
        let mut out = Vec::new();
        let mut template = self.path.split('/');
        let mut actual = path.split('/');
        loop {
            match (template.next(), actual.next()) {
                (None, None) => return Some(out),
                (Some(t), Some(a)) => {
                    if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                        if a.is_empty() {
                            return None;
                        }
                        out.push((name, a));
                    } else if t != a {
                        return None;
                    }
                }
                _ => return None,
            }
        }
    }

    /// Whether `path`, built for this operation, reaches it: it fits the
    /// template, and no parameter fills its segment with nothing or with a
    /// dot segment (`.` or `..`, percent-encoded or not). A URL parser
    /// resolves dot segments (`/v3/x/5/links/..` is `/v3/x/5/`) and an empty
    /// segment ends where the template's does not, so either request would
    /// reach another operation, a delete of the parent among them. The
    /// client refuses such a path before sending it.
    ///
    /// Every request passes here, so segments are split as bytes (a `/` never
    /// falls inside a UTF-8 character), which costs a fraction of `str::split`.
    pub fn check_path(&self, path: &str) -> Result<(), String> {
        let misfit = || format!("`{path}` does not fit the operation's path `{}`", self.path);
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        let mut actual = path.as_bytes().split(|&b| b == b'/');
        for part in self.path.as_bytes().split(|&b| b == b'/') {
            let segment = actual.next().ok_or_else(misfit)?;
            match part.strip_prefix(b"{").and_then(|p| p.strip_suffix(b"}")) {
                Some(name) if segment.is_empty() => {
                    return Err(format!("the path parameter `{}` is empty", text(name)));
                }
                Some(name) if dot_segment(segment) => {
                    return Err(format!(
                        "the path parameter `{}` is `{}`, which a URL resolves to another path",
                        text(name),
                        text(segment)
                    ));
                }
                Some(_) => {}
                None if part == segment => {}
                None => return Err(misfit()),
            }
        }
        match actual.next() {
            Some(_) => Err(misfit()),
            None => Ok(()),
        }
    }
}

/// `.` or `..`, in any mix of literal and percent-encoded dots (as URL parsers read them).
/// Checked for every path parameter of every request, so it reads the bytes
/// without allocating.
pub fn is_dot_segment(segment: &str) -> bool {
    dot_segment(segment.as_bytes())
}

fn dot_segment(segment: &[u8]) -> bool {
    let mut rest = segment;
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', tail @ ..] => tail,
            [b'%', b'2', e, tail @ ..] if e.eq_ignore_ascii_case(&b'e') => tail,
            _ => return false,
        };
        dots += 1;
    }
    dots == 1 || dots == 2
}

/// The path and query parameters of an operation.
pub trait Params {
    /// The request path with parameters filled in and percent-encoded.
    fn path(&self) -> String;
    /// The query pairs, in spec order, arrays repeated per value.
    fn query(&self) -> Vec<(&'static str, String)>;
}

/// One operation of the API, implemented by a generated marker type per operation.
pub trait Operation {
    /// The operation's row in the table.
    const INFO: &'static OperationInfo;
    /// Path and query parameters.
    type Params: Params + Send + Sync;
    /// The request body (`()` when there is none).
    type Body: Send + Sync;
    /// What a successful response decodes into.
    type Output: Send;

    /// Encodes the body: its content type and bytes, or `None`.
    fn encode_body(body: &Self::Body) -> Result<Option<(String, Bytes)>, serde_json::Error>;

    /// Decodes a successful (2xx/3xx) response.
    fn decode(response: &Response) -> Result<Self::Output, DecodeError>;
}

/// Parameters of a paginated operation.
pub trait PageParams {
    /// The page size the caller asked for, if any.
    fn top(&self) -> Option<u32>;
    /// Where the caller asked to start, if anywhere.
    fn skip(&self) -> Option<u32>;
    /// Sets the page window.
    fn set_window(&mut self, top: u32, skip: u32);
}

/// A page of results: `{items, hasMore}`.
pub trait Page {
    type Item;
    fn has_more(&self) -> bool;
    fn item_count(&self) -> usize;
    fn into_items(self) -> Vec<Self::Item>;
}

/// An operation that answers one page at a time.
pub trait PaginatedOperation: Operation<Params: PageParams + Clone, Output: Page> {}

/// Encodes a JSON request body.
pub fn encode_json<T: Serialize>(body: &T) -> Result<Option<(String, Bytes)>, serde_json::Error> {
    Ok(Some(("application/json".to_owned(), Bytes::from(serde_json::to_vec(body)?))))
}

/// Decodes a JSON response body, reporting the JSON path of the first problem.
pub fn decode_json<T: DeserializeOwned>(response: &Response) -> Result<T, DecodeError> {
    let content_type = response.headers.get("content-type").unwrap_or("");
    // A byte scan rather than `str::contains`, whose searcher costs more to set up than
    // this short value takes to read (every response passes here).
    if !content_type.is_empty() && !content_type.as_bytes().windows(4).any(|w| w == b"json") {
        return Err(DecodeError::content_type(response.status, content_type, &response.body));
    }
    // An empty body reads as `null`, so a lenient type (a `Value`, an `Option`) still decodes.
    let body: &[u8] = if response.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &response.body };
    decode_slice(response.status, body)
}

/// Decodes a JSON body of a response with `status`. The fast path decodes
/// without tracking where it is; only a failure pays for a second pass that
/// finds the JSON path of the problem.
pub fn decode_slice<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, DecodeError> {
    serde_json::from_slice(body).map_err(|first| {
        let mut de = serde_json::Deserializer::from_slice(body);
        match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Err(e) => DecodeError::json(status, &e),
            // The value itself decodes: what failed is what follows it.
            Ok(_) => DecodeError { status, path: String::new(), message: first.to_string() },
        }
    })
}

/// What a body decoded through its generated type is encoded back into: a
/// JSON tree (`Value`) for callers that walk it, or JSON text (`String`) for
/// callers that hand it on whole (a JavaScript `JSON.parse`, a lazy reader).
pub trait Encode: Sized {
    fn encode<T: serde::Serialize>(value: &T) -> Result<Self, serde_json::Error>;

    /// `body` as it came, when decoding it as `T` and encoding back would
    /// not change it ([`Check`](crate::check::Check)) and this encoding can
    /// take it as it is: text can, a tree has to be built anyway.
    fn unchanged<T: crate::check::Check>(_body: &[u8]) -> Option<Self> {
        None
    }
}

impl Encode for serde_json::Value {
    fn encode<T: serde::Serialize>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::to_value(value)
    }
}

impl Encode for String {
    fn encode<T: serde::Serialize>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::to_string(value)
    }

    fn unchanged<T: crate::check::Check>(body: &[u8]) -> Option<Self> {
        crate::check::unchanged::<T>(body).map(str::to_owned)
    }
}

/// Accepts any success body and returns nothing (for `204 No Content` and friends).
pub fn decode_empty(_response: &Response) -> Result<(), DecodeError> {
    Ok(())
}

/// Returns the body as raw bytes (file downloads, non-JSON media types).
pub fn decode_bytes(response: &Response) -> Result<Bytes, DecodeError> {
    Ok(response.body.clone())
}

/// A `302` answer: where the server sends the user (OAuth connect flows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub location: String,
}

/// Decodes a redirect answer from its `Location` header.
pub fn decode_redirect(response: &Response) -> Result<Redirect, DecodeError> {
    match response.headers.get("location") {
        Some(location) => Ok(Redirect { location: location.to_owned() }),
        None => Err(DecodeError::missing_header(response.status, "Location")),
    }
}

/// Percent-encodes one path segment (RFC 3986 unreserved characters pass through).
pub fn encode_path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    push_path_segment(&mut out, segment);
    out
}

/// Appends `segment` to `path`, percent-encoded as [`encode_path_segment`] does.
pub fn push_path_segment(path: &mut String, segment: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in segment.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => path.push(b as char),
            _ => {
                path.push('%');
                path.push(HEX[usize::from(b >> 4)] as char);
                path.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
}

/// A path parameter's value, which generated [`Params::path`] impls append to
/// the path they build in one string (every request builds one).
pub trait PathSegment {
    fn push_encoded(&self, path: &mut String);
}

impl PathSegment for i64 {
    fn push_encoded(&self, path: &mut String) {
        // Digits and `-` are unreserved: nothing to encode.
        path.push_str(itoa::Buffer::new().format(*self));
    }
}

impl PathSegment for String {
    fn push_encoded(&self, path: &mut String) {
        push_path_segment(path, self);
    }
}

/// Percent-encodes a query name or value (space as `%20`).
pub fn encode_query_component(text: &str) -> String {
    encode_path_segment(text)
}

/// Builds the query string (without `?`) from pairs.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_query_component(k), encode_query_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_segments() {
        assert_eq!(encode_path_segment("a b/c"), "a%20b%2Fc");
        assert_eq!(encode_path_segment("x-1_2.3~"), "x-1_2.3~");
        assert_eq!(encode_path_segment("é%\u{7f}"), "%C3%A9%25%7F");
        let mut path = "/v3/x/".to_owned();
        (-42i64).push_encoded(&mut path);
        path.push('/');
        "a b".to_owned().push_encoded(&mut path);
        assert_eq!(path, "/v3/x/-42/a%20b");
        assert_eq!(query_string(&[("q", "a&b".into()), ("top", "5".into())]), "q=a%26b&top=5");
    }

    /// What the `params` fuzz target demands of every operation: a typed string
    /// path parameter of `..` (or `.`, or nothing) built a path that reaches
    /// another operation, and was sent.
    #[test]
    fn a_path_parameter_that_would_reach_another_path_is_refused() {
        use crate::operations::{DELETE_KNOWLEDGE_BASE_LINK, DeleteKnowledgeBaseLinkParams};
        let link = |id: &str| DeleteKnowledgeBaseLinkParams { knowledge_base_id: 5, link_id: id.to_owned() }.path();
        let op = &DELETE_KNOWLEDGE_BASE_LINK;
        assert_eq!(
            op.check_path(&link("..")),
            Err("the path parameter `link_id` is `..`, which a URL resolves to another path".to_owned())
        );
        assert!(op.check_path(&link(".")).is_err());
        assert!(op.check_path("/v3/ai-sdr/knowledge-bases/5/links/%2E%2e").is_err());
        assert_eq!(op.check_path(&link("")), Err("the path parameter `link_id` is empty".to_owned()));
        // Dots inside a value, and dots that are escaped as `%`, are ordinary text.
        for fine in ["...", "a..b", ".x", "%2e%2e", "3f2b"] {
            assert_eq!(op.check_path(&link(fine)), Ok(()), "{fine}");
        }
        assert!(op.check_path("/v3/ai-sdr/knowledge-bases/5/links").is_err());
        assert!(op.check_path("/v3/ai-sdr/knowledge-bases/5/links/a/b").is_err());
        assert!(op.check_path("/v3/ai-sdr/knowledge-bases/5/linkz/a").is_err());
        for dots in [".", "..", "%2e", "%2E", "%2E.", ".%2e", "%2e%2E"] {
            assert!(is_dot_segment(dots), "{dots}");
        }
        for other in ["", "...", "%2e%2e%2e", "..%2e", "%2", "%2f", "%e2", ". ", "a", "%252e"] {
            assert!(!is_dot_segment(other), "{other}");
        }
    }
}
